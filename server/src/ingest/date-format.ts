/**
 * Date formats as council extracts write them ("DD/MM/YYYY", "YYYY-MM-DD", "D-MMM-YYYY", "YYYYMMDD",
 * "YYYY-MM-DD HH:mm:ss"). A value that does not fit its column's format exactly, or is not a real calendar date,
 * is not a date: it is never re-read in some other format.
 *
 * Tokens: YYYY (year), MM / M (month, 2 digits / 1-2 digits), MMM (Jan ... Dec), MMMM (January ... December,
 * or their three-letter forms and "Sept"), DD / D (day), HH, mm, ss (a time, checked and ignored). Anything else
 * is a literal separator: - / . , space T. Month names are read in any letter case.
 *
 * Shared by the ingest mappings and the host shims' `dateFormats` (host-shims/core/cms-dates.ts).
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const FULL_MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const TOKEN = /YYYY|MMMM|MMM|MM|M|DD|D|HH|mm|ss/y;
const LITERALS = new Set(['-', '/', '.', ' ', 'T', ':', ',']);

/** A month name, full or three letters (and "Sept"), any case: 1-12, or 0 when it is none. */
function monthNumber(text: string): number {
  const word = text.toLowerCase();
  const index = FULL_MONTHS.findIndex((name) => word === name || word === name.slice(0, 3) || (word === 'sept' && name === 'september'));
  return index + 1;
}

type Part = 'year' | 'month' | 'monthName' | 'day' | 'hour' | 'minute' | 'second';

export interface DateFormat {
  /** The format as written in the mapping. */
  source: string;
  /** YYYY-MM-DD, or undefined when `value` is not a date in this format. */
  parse(value: string): string | undefined;
  /** Writes a YYYY-MM-DD date in this format (used to write synthetic extracts). */
  format(iso: string): string;
}

/** Compiles a format, or throws an Error whose message says what is wrong with it. */
export function compileDateFormat(format: string): DateFormat {
  if (format.replace(/YYYY/g, '').includes('Y')) {
    throw new Error(`"${format}" has a two-digit year (YY), which is ambiguous (1925 or 2025?): use YYYY`);
  }
  const parts: Part[] = [];
  const pieces: Array<{ token?: string; literal?: string }> = [];
  let pattern = '';
  let i = 0;
  while (i < format.length) {
    TOKEN.lastIndex = i;
    const m = TOKEN.exec(format);
    if (m) {
      const token = m[0];
      const part: Part =
        token === 'YYYY' ? 'year' : token.startsWith('MMM') ? 'monthName' : token.startsWith('M') ? 'month' : token.startsWith('D') ? 'day' : token === 'HH' ? 'hour' : token === 'mm' ? 'minute' : 'second';
      if (parts.includes(part) || (part === 'month' && parts.includes('monthName')) || (part === 'monthName' && parts.includes('month'))) {
        throw new Error(`"${format}" has the ${part === 'monthName' ? 'month' : part} twice`);
      }
      parts.push(part);
      pieces.push({ token });
      pattern +=
        token === 'YYYY' ? '(\\d{4})' : token === 'MMM' ? '([A-Za-z]{3})' : token === 'MMMM' ? '([A-Za-z]{3,9})' : token.length === 1 ? '(\\d{1,2})' : '(\\d{2})';
      i += token.length;
    } else {
      const ch = format[i]!;
      if (!LITERALS.has(ch)) {
        throw new Error(`"${format}" has "${ch}", which is not a date part: use YYYY, MM, M, MMM, MMMM, DD, D (and HH, mm, ss for a time), separated by - / . , : space or T`);
      }
      pieces.push({ literal: ch });
      pattern += ch === '.' ? '\\.' : ch;
      i += 1;
    }
  }
  if (!parts.includes('year') || !(parts.includes('month') || parts.includes('monthName')) || !parts.includes('day')) {
    throw new Error(`"${format}" needs a year (YYYY), a month (MM, M or MMM) and a day (DD or D)`);
  }
  const regex = new RegExp(`^${pattern}$`, 'i');

  return {
    source: format,
    parse(value) {
      const m = regex.exec(value.trim());
      if (!m) return undefined;
      let y = 0;
      let mo = 0;
      let d = 0;
      for (let k = 0; k < parts.length; k++) {
        const text = m[k + 1]!;
        switch (parts[k]) {
          case 'year':
            y = Number(text);
            break;
          case 'month':
            mo = Number(text);
            break;
          case 'monthName':
            mo = pieces.some((p) => p.token === 'MMMM') ? monthNumber(text) : MONTHS.indexOf(text.toLowerCase()) + 1;
            break;
          case 'day':
            d = Number(text);
            break;
          case 'hour':
            if (Number(text) > 23) return undefined;
            break;
          default:
            if (Number(text) > 59) return undefined;
        }
      }
      return isoIfReal(y, mo, d);
    },
    format(iso) {
      const [y, mo, d] = iso.split('-').map(Number) as [number, number, number];
      return pieces
        .map(({ token, literal }) => {
          if (literal !== undefined) return literal;
          switch (token) {
            case 'YYYY':
              return String(y).padStart(4, '0');
            case 'MMM':
              return MONTHS[mo - 1]![0]!.toUpperCase() + MONTHS[mo - 1]!.slice(1);
            case 'MMMM':
              return FULL_MONTHS[mo - 1]![0]!.toUpperCase() + FULL_MONTHS[mo - 1]!.slice(1);
            case 'MM':
              return String(mo).padStart(2, '0');
            case 'M':
              return String(mo);
            case 'DD':
              return String(d).padStart(2, '0');
            case 'D':
              return String(d);
            default:
              return '00';
          }
        })
        .join('');
    },
  };
}

/** "YYYY-MM-DD" when y/m/d is a real calendar date from year 1800 on; otherwise undefined. */
export function isoIfReal(y: number, m: number, d: number): string | undefined {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d) || y < 1800 || m < 1 || m > 12 || d < 1) return undefined;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d > days) return undefined;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Strict YYYY-MM-DD (a real date), for command-line options and mapping metadata. */
export function parseIsoDate(value: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return m ? isoIfReal(Number(m[1]), Number(m[2]), Number(m[3])) : undefined;
}
