/**
 * Dates as CMS pages print them, turned into ISO (YYYY-MM-DD). Undefined when unreadable: a date is never guessed
 * (no two-digit years, no US month-first order, no 31 February).
 */

export const CMS_DATE_FORMATS = ['DD/MM/YYYY', 'DD-MM-YYYY', 'DD.MM.YYYY', 'YYYY-MM-DD', 'D MMM YYYY'] as const;
export type CmsDateFormat = (typeof CMS_DATE_FORMATS)[number];

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

const DAY_FIRST: Record<string, RegExp> = {
  'DD/MM/YYYY': /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/,
  'DD-MM-YYYY': /^(\d{1,2})-(\d{1,2})-(\d{4})$/,
  'DD.MM.YYYY': /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/,
};

/** Reads `text` in one format. "D MMM YYYY" also reads full month names ("3 March 2017", "03 Mar 2017"). */
export function parseCmsDate(text: string | null | undefined, format: CmsDateFormat): string | undefined {
  const value = (text ?? '').replace(/\s+/g, ' ').trim();
  if (!value) return undefined;
  let y: number, m: number, d: number;
  const dayFirst = DAY_FIRST[format];
  if (dayFirst) {
    const match = dayFirst.exec(value);
    if (!match) return undefined;
    [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else if (format === 'YYYY-MM-DD') {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (!match) return undefined;
    [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else {
    const match = /^(\d{1,2}) ([A-Za-z]{3,9}) (\d{4})$/.exec(value);
    if (!match) return undefined;
    const word = match[2]!.toLowerCase();
    // "Mar", "March" and "Sept" read; "Marc" or "Mrach" do not.
    const month = MONTHS.findIndex((name) => word === name || word === name.slice(0, 3) || (word === 'sept' && name === 'september'));
    if (month < 0) return undefined;
    [d, m, y] = [Number(match[1]), month + 1, Number(match[3])];
  }
  const date = new Date(Date.UTC(y, m - 1, d));
  if (m < 1 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Tries each format in turn; the first that reads the whole text wins. */
export function parseCmsDateAny(text: string | null | undefined, formats: readonly CmsDateFormat[]): string | undefined {
  for (const format of formats) {
    const iso = parseCmsDate(text, format);
    if (iso) return iso;
  }
  return undefined;
}

/** Today in the browser's (or Node's) local time zone, as YYYY-MM-DD. */
export function localToday(now: Date = new Date()): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
