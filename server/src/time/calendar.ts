/** Calendar dates as ISO text (YYYY-MM-DD), the form the API and the database use. */

export type Clock = () => Date;
export const systemClock: Clock = () => new Date();

// Formatters are made once: building one per call cost a third of a lookup's CPU and left ICU memory behind.
const UK_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });
const LONG_DATE = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });

// The UK date changes only on a whole minute (offsets from UTC are whole hours), so it is kept per minute.
let todayMinute = NaN;
let todayText = '';

/** Today's date in the UK. */
export function todayIn(clock: Clock): string {
  const minute = Math.floor(clock().getTime() / 60_000);
  if (minute !== todayMinute) {
    todayText = UK_DAY.format(new Date(minute * 60_000));
    todayMinute = minute;
  }
  return todayText;
}

/** Whole years from dateOfBirth to today. */
export function ageInYears(dateOfBirth: string, today: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  let age = ty - by;
  if (tm < bm || (tm === bm && td < bd)) age--;
  return Math.max(0, age);
}

/** Days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Dates already written out: a lookup writes the same few source dates for every person. */
const longDates = new Map<string, string>();
const LONG_DATES_KEPT = 2000;

/** "20 November 2026". */
export function longDate(date: string): string {
  let text = longDates.get(date);
  if (text === undefined) {
    text = LONG_DATE.format(new Date(`${date}T00:00:00Z`));
    if (longDates.size >= LONG_DATES_KEPT) longDates.clear();
    longDates.set(date, text);
  }
  return text;
}
