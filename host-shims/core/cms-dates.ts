/**
 * Dates as CMS pages print them, turned into ISO (YYYY-MM-DD). Undefined when unreadable: a date is never guessed
 * (no two-digit years, no US month-first order, no 31 February).
 *
 * The named formats below are the ones most CMS pages use; any other pattern in the same tokens as the ingest
 * mappings (YYYY, MM, M, MMM, MMMM, DD, D, separated by - / . , space) is read with the same code
 * (server/src/ingest/date-format.ts), so a council writes dates one way for extracts and pages alike.
 */
import { compileDateFormat, type DateFormat } from '../../server/src/ingest/date-format.js';

export const CMS_DATE_FORMATS = [
  'DD/MM/YYYY', 'DD-MM-YYYY', 'DD.MM.YYYY', 'YYYY-MM-DD', 'D MMM YYYY', 'DD-MMM-YYYY', 'D MMMM YYYY',
] as const;
export type NamedDateFormat = (typeof CMS_DATE_FORMATS)[number];
/** A named format, or a custom pattern ("D MMMM, YYYY", "YYYY/MM/DD"). */
export type CmsDateFormat = NamedDateFormat | (string & {});

/**
 * What each named format reads: days and months of one or two digits ("3/7/2019"), month names full or short in
 * any case ("3 March 2017", "03 Mar 2017", "17-Jul-2019", "17-JULY-2019").
 */
const NAMED: Record<NamedDateFormat, string> = {
  'DD/MM/YYYY': 'D/M/YYYY',
  'DD-MM-YYYY': 'D-M-YYYY',
  'DD.MM.YYYY': 'D.M.YYYY',
  'YYYY-MM-DD': 'YYYY-MM-DD',
  'D MMM YYYY': 'D MMMM YYYY',
  'DD-MMM-YYYY': 'D-MMMM-YYYY',
  'D MMMM YYYY': 'D MMMM YYYY',
};

const compiled = new Map<string, DateFormat>();

function compiledFormat(format: string): DateFormat {
  let found = compiled.get(format);
  if (!found) {
    found = compileDateFormat(NAMED[format as NamedDateFormat] ?? format);
    compiled.set(format, found);
  }
  return found;
}

/** Why a custom pattern cannot be used, or undefined when it can (for the config's validation). */
export function dateFormatProblem(format: string): string | undefined {
  if (format in NAMED) return undefined;
  // A number for the month before the day (US order, "MM/DD/YYYY"): 03/04/2019 would be read as 4 March.
  // Year first ("YYYY/MM/DD") is not ambiguous.
  const numericMonth = /(?<!M)M{1,2}(?!M)/.exec(format)?.index;
  const day = /D{1,2}/.exec(format)?.index;
  const year = format.indexOf('YYYY');
  if (numericMonth !== undefined && day !== undefined && numericMonth < day && !(year >= 0 && year < numericMonth)) {
    return (
      `"${format}" puts the month before the day, which is never read (03/04/2019 would be taken for 4 March): ` +
      'day first, or a month name (MMM)'
    );
  }
  try {
    compileDateFormat(format);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** Reads `text` in one format. */
export function parseCmsDate(text: string | null | undefined, format: CmsDateFormat): string | undefined {
  const value = (text ?? '').replace(/\s+/g, ' ').trim();
  if (!value) return undefined;
  return compiledFormat(format).parse(value);
}

/** Tries each format in turn; the first that reads the whole text wins. */
export function parseCmsDateAny(
  text: string | null | undefined,
  formats: readonly CmsDateFormat[],
): string | undefined {
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
