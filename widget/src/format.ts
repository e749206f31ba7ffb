/**
 * Dates, ages and names in the words social workers read ("7 years · born 14 March 2019").
 *
 * API dates are plain calendar dates (YYYY-MM-DD), so they are parsed and formatted in UTC: the day shown is
 * the day sent, whatever the browser's time zone.
 */
import type { PersonInput } from '../../server/src/api/contract.js';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const longDate = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

/** Parses YYYY-MM-DD; undefined for anything else, including impossible dates like 2023-02-30. */
export function parseIsoDate(value: string | undefined): CalendarDate | undefined {
  const m = value ? ISO_DATE.exec(value) : null;
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    return undefined;
  }
  return { year, month, day };
}

export function isIsoDate(value: unknown): value is string {
  return typeof value === 'string' && parseIsoDate(value) !== undefined;
}

const formatted = new Map<string, string>();

/** "14 March 2019". A value that is not a YYYY-MM-DD date is returned unchanged rather than hidden. */
export function formatDate(value: string): string {
  let text = formatted.get(value);
  if (text === undefined) {
    const d = parseIsoDate(value);
    text = d ? longDate.format(new Date(Date.UTC(d.year, d.month - 1, d.day))) : value;
    if (formatted.size > 2000) formatted.clear(); // dates repeat a lot; keep the cache small anyway
    formatted.set(value, text);
  }
  return text;
}

/** Today as a calendar date in the user's own time zone (what "age" means to them). */
export function today(now: Date = new Date()): CalendarDate {
  return { year: now.getFullYear(), month: now.getMonth() + 1, day: now.getDate() };
}

/** Whole months between a date of birth and `on`; undefined when the birth date is unknown or in the future. */
function ageInMonths(birth: CalendarDate, on: CalendarDate): number | undefined {
  let months = (on.year - birth.year) * 12 + (on.month - birth.month);
  if (on.day < birth.day) months -= 1;
  return months < 0 ? undefined : months;
}

/** "7 years", "1 year", "5 months", "Under 1 month"; undefined when it cannot be worked out. */
export function formatAge(dateOfBirth: string | undefined, on: CalendarDate = today()): string | undefined {
  const birth = parseIsoDate(dateOfBirth);
  if (!birth) return undefined;
  const months = ageInMonths(birth, on);
  if (months === undefined) return undefined;
  if (months >= 12) {
    const years = Math.floor(months / 12);
    return `${years} ${years === 1 ? 'year' : 'years'}`;
  }
  if (months === 0) return 'Under 1 month';
  return `${months} ${months === 1 ? 'month' : 'months'}`;
}

/** "7 years · born 14 March 2019", or "Date of birth not recorded". */
export function formatAgeAndBirth(dateOfBirth: string | undefined, on: CalendarDate = today()): string {
  if (!dateOfBirth) return 'Date of birth not recorded';
  const age = formatAge(dateOfBirth, on);
  const born = `born ${formatDate(dateOfBirth)}`;
  return age ? `${age} · ${born}` : born.charAt(0).toUpperCase() + born.slice(1);
}

export function fullName(person: Pick<PersonInput, 'firstName' | 'lastName'>): string {
  return [person.firstName, person.lastName].filter((part) => part && part.trim()).join(' ') || 'Name not recorded';
}

/** "Adult Social Care, Police" — an English list for headings and overview lines. */
export function listOf(items: readonly string[]): string {
  return items.join(', ');
}

const dateAndTime = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** "21 November 2026 at 09:00" in the user's time zone; the value unchanged when it is not a date-time. */
export function formatDateTime(iso: string): string {
  const time = Date.parse(iso);
  if (!iso || Number.isNaN(time)) return iso;
  const parts = Object.fromEntries(dateAndTime.formatToParts(new Date(time)).map((p) => [p.type, p.value]));
  return `${parts.day} ${parts.month} ${parts.year} at ${parts.hour}:${parts.minute}`;
}

/** The address as the CMS gave it, with the postcode added when the address does not already end with it. */
export function formatAddress(person: Pick<PersonInput, 'address' | 'postcode'>): string {
  const address = person.address?.trim() ?? '';
  const postcode = person.postcode?.trim() ?? '';
  if (!postcode) return address;
  if (address.replace(/\s+/g, '').toUpperCase().includes(postcode.replace(/\s+/g, '').toUpperCase())) return address;
  return address ? `${address}, ${postcode}` : postcode;
}
