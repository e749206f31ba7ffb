/**
 * Words for the generic parts of an answer: detail keys, detail values, match bases.
 *
 * A service added on the server (Youth Offending, Early Help...) needs no change here: unknown keys are
 * humanised ("lastCourtDate" → "Last court date").
 */
import type { DetailFieldInfo, DetailValue } from '../../server/src/api/contract.js';
import { formatDate, isIsoDate } from './format.js';

/** Labels for the detail keys of the built-in services (server/src/services/catalogue.ts). */
export const DETAIL_LABELS: Readonly<Record<string, string>> = Object.freeze({
  admissionType: 'Admission type',
  schoolPhone: 'School phone',
  team: 'Team',
  antiSocialBehaviour: 'Anti-social behaviour',
  eviction: 'Eviction',
  noticeSeekingPossession: 'Notice seeking possession',
  rentArrears: 'Rent arrears',
  safeguardingOffences: 'Safeguarding offences',
  nonSafeguardingRecords: 'Other records',
});

/** Words for match bases sent as codes; bases already in words are shown as they are. */
const BASIS_WORDS: Readonly<Record<string, string>> = Object.freeze({
  cmsId: 'same CMS id',
  nhsNumber: 'same NHS number',
  upn: 'same UPN',
  mdm: 'MDM link',
  mdmLink: 'MDM link',
  firstName: 'first name',
  lastName: 'last name',
  name: 'name',
  dateOfBirth: 'date of birth',
  postcode: 'postcode',
  address: 'address',
  gender: 'gender',
});

/** "rentArrears" / "rent-arrears" / "rent_arrears" → "Rent arrears". */
export function humanise(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[-_]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A detail's label: the services file's (sent with the answer as `fields`), else a built-in word, else the key. */
export function detailLabel(key: string, fields?: readonly DetailFieldInfo[]): string {
  return fields?.find((f) => f.key === key)?.label ?? DETAIL_LABELS[key] ?? humanise(key);
}

/** How many items of a list detail are shown: the services file's `maxItems`, else the built-in limit. */
export function listLimit(key: string, fields?: readonly DetailFieldInfo[]): number | undefined {
  return fields?.find((f) => f.key === key)?.maxItems ?? LIST_LIMITS[key];
}

/** A record's details in the services file's order (fields it does not list last), without those `skip` drops. */
export function orderedDetails(
  details: Record<string, DetailValue> | undefined,
  fields: readonly DetailFieldInfo[] | undefined,
  skip: (field: DetailFieldInfo) => boolean = () => false,
): Array<[string, DetailValue]> {
  const entries = Object.entries(details ?? {});
  if (!fields) return entries;
  const rank = (key: string) => {
    const i = fields.findIndex((f) => f.key === key);
    return i === -1 ? fields.length : i;
  };
  return entries
    .filter(([key]) => {
      const field = fields.find((f) => f.key === key);
      return !field || !skip(field);
    })
    .sort(([a], [b]) => rank(a) - rank(b));
}

/** Lists shown with at most this many items (police: at most 3 safeguarding offences, as the data model says). */
export const LIST_LIMITS: Readonly<Record<string, number>> = Object.freeze({ safeguardingOffences: 3 });

/** Police wording: "Convicted" or "Suspect", never "current" (social workers read "current" as "convicted"). */
export function natureInWords(nature: string | undefined): string | undefined {
  if (!nature) return undefined;
  if (/^convict/i.test(nature)) return 'Convicted';
  if (/^suspect/i.test(nature)) return 'Suspect';
  return nature;
}

/** One item of a list detail, e.g. a police offence: "Convicted — Violence with injury, 12 June 2023". */
export function formatListItem(item: Record<string, string>): string {
  const { nature: rawNature, ...rest } = item;
  const nature = natureInWords(rawNature);
  const values = Object.values(rest).filter((v) => typeof v === 'string' && v.trim() !== '');
  // Words before dates: "Violence with injury, 12 June 2023".
  const words = values.filter((v) => !isIsoDate(v));
  const dates = values.filter((v) => isIsoDate(v)).map(formatDate);
  const tail = [...words, ...dates].join(', ');
  if (nature && tail) return `${nature} — ${tail}`;
  return nature || tail;
}

/** A detail value as text, or a list of texts for lists. */
export function formatDetail(value: DetailValue): string | string[] {
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (Array.isArray(value)) return value.map(formatListItem);
  return isIsoDate(value) ? formatDate(value) : value;
}

/** Whether a detail holds a phone number or an email address, to be shown as a link with a copy button. */
export function contactKind(key: string): 'phone' | 'email' | undefined {
  if (/phone$/i.test(key)) return 'phone';
  if (/email$/i.test(key)) return 'email';
  return undefined;
}

/** "same CMS id, date of birth" — the basis of a match in words. */
export function basisInWords(basis: readonly string[]): string {
  const words = basis.map((b) => BASIS_WORDS[b] ?? (/\s/.test(b) ? b : humanise(b).toLowerCase()));
  return words.length ? words.join(', ') : 'no basis given';
}
