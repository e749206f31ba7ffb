/**
 * The search for someone not linked in the CMS (user journey 1): surname, first name, and date of birth or
 * CMS id, with a reason when the council's policy asks for one. Validation only; the element renders the form.
 *
 * The API needs a first name and surname for every person, so a CMS id is taken together with the names.
 */
import type { PersonInput } from '../../server/src/api/contract.js';
import { isReason } from '../../server/src/policy/reason-rule.js';
import type { CalendarDate } from './format.js';
import { parseIsoDate, today } from './format.js';
import type { Wording } from './wording.js';

export interface SearchValues {
  surname: string;
  firstName: string;
  day: string;
  month: string;
  year: string;
  cmsId: string;
  reason: string;
  /** Optional: Adult Social Care, Housing and Police cover an area, so need an address to search. */
  address: string;
  postcode: string;
}

export const EMPTY_SEARCH: SearchValues = Object.freeze({
  surname: '',
  firstName: '',
  day: '',
  month: '',
  year: '',
  cmsId: '',
  reason: '',
  address: '',
  postcode: '',
});

/** A UK postcode ("SK5 8QT", "m19 2pl"), spaces optional. */
const POSTCODE = /^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$/;

/** A field the error summary links to; `field` is the input's id suffix (`fc-search-${field}`). */
export interface FieldError {
  field: keyof SearchValues;
  message: string;
}

export type SearchOutcome = { ok: true; person: PersonInput; reason?: string } | { ok: false; errors: FieldError[] };

const pad = (value: string, length: number) => value.trim().padStart(length, '0');

function dateOfBirth(values: SearchValues, on: CalendarDate): { iso?: string; error?: 'real' | 'past' } {
  const [day, month, year] = [values.day.trim(), values.month.trim(), values.year.trim()];
  if (!day && !month && !year) return {};
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) return { error: 'real' };
  const iso = `${year}-${pad(month, 2)}-${pad(day, 2)}`;
  const parsed = parseIsoDate(iso);
  if (!parsed || parsed.year < 1880) return { error: 'real' };
  const asNumber = (d: CalendarDate) => d.year * 10_000 + d.month * 100 + d.day;
  if (asNumber(parsed) > asNumber(on)) return { error: 'past' };
  return { iso };
}

/** Checks the form; errors are in the order of the fields, as the GOV.UK error summary lists them. */
export function validateSearch(
  values: SearchValues,
  options: { reasonShown: boolean; wording: Wording; on?: CalendarDate },
): SearchOutcome {
  const { wording } = options;
  const errors: FieldError[] = [];
  const surname = values.surname.trim();
  const firstName = values.firstName.trim();
  const cmsId = values.cmsId.trim();
  const reason = values.reason.trim();
  // A CMS id alone is enough: the server takes the names from the CMS relationship feed.
  if (!surname && !cmsId) errors.push({ field: 'surname', message: wording.errorSurname });
  if (!firstName && !cmsId) errors.push({ field: 'firstName', message: wording.errorFirstName });
  const dob = dateOfBirth(values, options.on ?? today());
  if (dob.error === 'real') errors.push({ field: 'day', message: wording.errorDobReal });
  else if (dob.error === 'past') errors.push({ field: 'day', message: wording.errorDobPast });
  else if (!dob.iso && !cmsId) errors.push({ field: 'day', message: wording.errorDobOrCmsId });
  const postcode = values.postcode.trim().toUpperCase().replace(/\s+/g, ' ');
  const address = values.address.trim();
  if (postcode && !POSTCODE.test(postcode)) errors.push({ field: 'postcode', message: wording.errorPostcode });
  // The server's rule (server/src/policy/reason-rule.ts): at least 10 letters or digits, no direction controls.
  if (options.reasonShown && !isReason(reason)) errors.push({ field: 'reason', message: wording.errorReason });
  if (errors.length) return { ok: false, errors };
  // Names left out (not empty) when only a CMS id was given: the answer's person carries them.
  const person = { ...(firstName ? { firstName } : {}), ...(surname ? { lastName: surname } : {}) } as PersonInput;
  if (dob.iso) person.dateOfBirth = dob.iso;
  if (cmsId) person.cmsId = cmsId;
  if (address) person.address = address;
  if (postcode) person.postcode = postcode;
  return reason ? { ok: true, person, reason } : { ok: true, person };
}
