/**
 * Contact details from source data, made safe to offer as links before they leave the server: the panel builds
 * `tel:` and `mailto:` links from them, so a value that is not plainly a phone number or one email address is
 * dropped (the rest of the contact card stays). Phone: digits and spaces, with at most a leading "+", 6 to 20
 * digits ("javascript:…//07700 900417" is not a number). Email: exactly one address, no "?", query, comma, ";",
 * spaces, angle brackets or percent-escapes ("a@b.example?bcc=…&body=…" is not an address).
 */
const PHONE = /^\+?[0-9][0-9 ]*$/;
const EMAIL = /^[A-Za-z0-9.!#$'*+/=^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

/** The phone number as shown, or undefined when it is not only digits, spaces and a leading +. */
export function safePhone(value: string | null | undefined): string | undefined {
  const phone = value?.trim().replace(/\s+/g, ' ');
  if (!phone || !PHONE.test(phone)) return undefined;
  const digits = phone.replace(/\D/g, '').length;
  return digits >= 6 && digits <= 20 ? phone : undefined;
}

/** The email address, or undefined when it is not exactly one plain address. */
export function safeEmail(value: string | null | undefined): string | undefined {
  const email = value?.trim();
  if (!email || email.length > 254 || !EMAIL.test(email)) return undefined;
  return email;
}
