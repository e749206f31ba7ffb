/**
 * Links for contact details that come from source data (a council's extract, a partner's feed): a `tel:` or
 * `mailto:` link is made only when the text shown is plainly a phone number or one email address, so what the
 * user clicks is exactly what they read. Anything else is shown as text, with its copy button, and no link
 * (issue 17 #9: `javascript:…//07700 900417`, `a@b.c?bcc=x@y.z&body=…`).
 */

/** Digits and spaces, with at most a leading `+`: "0161 496 0731", "+44 161 496 0731". */
const PHONE = /^\+?[\d ]+$/;

/** `tel:` for the digits shown (spaces dropped), or undefined when the text is anything but a phone number. */
export function telHref(shown: string): string | undefined {
  const text = shown.trim();
  if (!PHONE.test(text)) return undefined;
  const digits = text.replace(/ /g, '');
  return digits.replace('+', '').length >= 3 ? `tel:${digits}` : undefined;
}

/**
 * Characters that would add a second address, a query (`?cc=`, `&body=`) or an encoded one (`%3F`) to a
 * `mailto:`, or that have no place in an address a person reads.
 */
const NOT_IN_ADDRESS = /[\s?&,;%:/\\<>()"'[\]]/;

/** `mailto:` for exactly one address with nothing after it, or undefined. */
export function mailtoHref(shown: string): string | undefined {
  const text = shown.trim();
  if (NOT_IN_ADDRESS.test(text)) return undefined;
  const at = text.split('@');
  if (at.length !== 2 || !at[0] || !/^[^.]+(\.[^.]+)+$/.test(at[1]!)) return undefined;
  return `mailto:${text}`;
}
