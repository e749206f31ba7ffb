/**
 * Who a person is, for stored links and feedback: "cms:<id>" when the CMS id is known, else their normalised
 * names and date of birth. And a fingerprint of the details a match was computed on.
 */
import { createHash } from 'node:crypto';
import type { MatchPerson } from './score.js';

export function personKey(person: Pick<MatchPerson, 'cmsId' | 'firstNameNorm' | 'lastNameNorm' | 'dateOfBirth'>): string {
  if (person.cmsId) return `cms:${person.cmsId}`;
  return `name:${person.firstNameNorm}|${person.lastNameNorm}|${person.dateOfBirth ?? ''}`.slice(0, 200);
}

/** Changes when any detail used for matching changes: a stored link is reused only for the same details. */
export function fingerprint(person: MatchPerson): string {
  const parts = [
    person.firstNameNorm,
    person.lastNameNorm,
    (person.previousLastNamesNorm ?? []).join(','),
    person.dateOfBirth ?? '',
    person.gender ?? '',
    person.postcode ?? '',
    person.nhsNumber ?? '',
  ];
  // Added after links were first stored: only when present, so fingerprints of people without them are unchanged.
  if (person.previousPostcodesNorm?.length) parts.push(`previous postcodes:${person.previousPostcodesNorm.join(',')}`);
  // The address line is left out on purpose: the feed often has none where the page has one, and a fingerprint
  // that differed for it would stop every such lookup reusing its stored links. It only refines the postcode's
  // evidence (the postcode is in), so a link scored with the feed's address (or none) stands for the page's.
  return createHash('sha256').update(parts.join('|')).digest('hex').slice(0, 32);
}
