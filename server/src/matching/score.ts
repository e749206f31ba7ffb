/**
 * Scores one source record against one CMS person, Fellegi–Sunter style: each field's agreement level adds a
 * weight (log-likelihood-like: positive when agreement is much likelier for the same person, negative when
 * disagreement is), the sum decides the band, and the agreements are said in words as the basis.
 *
 * A shared identifier (CMS id through the MDM link, NHS number) is `confirmed` outright.
 */
import type { MatchBand } from '../api/contract.js';
import { jaroWinkler } from './jaro-winkler.js';
import { areNicknames } from './nicknames.js';
import { nameParts, postcodeDistrict } from './normalise.js';

export interface MatchPerson {
  cmsId?: string;
  nhsNumber?: string;
  firstNameNorm: string;
  lastNameNorm: string;
  dateOfBirth?: string;
  gender?: string;
  /** Normalised postcode. */
  postcode?: string;
}

export interface MatchCandidate {
  cmsId: string | null;
  nhsNumber: string | null;
  firstNameNorm: string;
  lastNameNorm: string;
  dateOfBirth: string | null;
  gender: string | null;
  postcode: string | null;
}

export interface MatchThresholds {
  /** Score at or above which a match is `likely`. */
  likely: number;
  /** Score at or above which a match is `possible`; below it nothing is shown. */
  possible: number;
}

export const DEFAULT_THRESHOLDS: MatchThresholds = Object.freeze({ likely: 15, possible: 10 });

export interface MatchResult {
  band: MatchBand;
  score: number;
  basis: string[];
}

const WEIGHTS = {
  first: { exact: 4, nickname: 2, typo: 2, initial: 1, missing: 0, differ: -6 },
  last: { exact: 5, part: 3, typo: 3, missing: 0, differ: -4 },
  dob: { exact: 7, swapped: 4, oneDigit: 3, missing: 0, differ: -8 },
  postcode: { exact: 3, district: 1, missing: 0, differ: -0.5 },
  gender: { agree: 0.5, missing: 0, differ: -2 },
} as const;

type FirstLevel = keyof typeof WEIGHTS.first;
type LastLevel = keyof typeof WEIGHTS.last;
type DobLevel = keyof typeof WEIGHTS.dob;
type PostcodeLevel = keyof typeof WEIGHTS.postcode;

export function scoreMatch(
  person: MatchPerson,
  record: MatchCandidate,
  thresholds: MatchThresholds = DEFAULT_THRESHOLDS,
): MatchResult | null {
  if (person.cmsId && record.cmsId && person.cmsId === record.cmsId) {
    return { band: 'confirmed', score: 100, basis: ['Same CMS person id (linked by the council’s master data)'] };
  }
  if (person.nhsNumber && record.nhsNumber && person.nhsNumber === record.nhsNumber) {
    return { band: 'confirmed', score: 100, basis: ['Same NHS number'] };
  }

  const first = compareFirst(person.firstNameNorm, record.firstNameNorm);
  const last = compareLast(person.lastNameNorm, record.lastNameNorm);
  const dob = compareDob(person.dateOfBirth, record.dateOfBirth ?? undefined);
  const postcode = comparePostcode(person.postcode, record.postcode ?? undefined);
  const gender = !person.gender || !record.gender || person.gender === 'unknown' || record.gender === 'unknown'
    ? 'missing'
    : person.gender === record.gender ? 'agree' : 'differ';

  const score =
    WEIGHTS.first[first] + WEIGHTS.last[last] + WEIGHTS.dob[dob] + WEIGHTS.postcode[postcode] + WEIGHTS.gender[gender];
  if (score < thresholds.possible) return null;
  const band: MatchBand = score >= thresholds.likely ? 'likely' : 'possible';
  return { band, score: Math.round(score * 10) / 10, basis: describe(first, last, dob, postcode, gender) };
}

function compareFirst(a: string, b: string): FirstLevel {
  if (!a || !b) return 'missing';
  if (a === b) return 'exact';
  if (areNicknames(a, b)) return 'nickname';
  if (a.length >= 3 && b.length >= 3 && jaroWinkler(a, b) >= 0.9) return 'typo';
  if ((a.length === 1 || b.length === 1) && a[0] === b[0]) return 'initial';
  return 'differ';
}

function compareLast(a: string, b: string): LastLevel {
  if (!a || !b) return 'missing';
  if (a === b) return 'exact';
  const pa = nameParts(a);
  const pb = nameParts(b);
  if (pa.length > 1 || pb.length > 1) {
    if (pa.some((p) => pb.includes(p))) return 'part';
  }
  if (a.replace(/ /g, '') === b.replace(/ /g, '')) return 'exact';
  if (jaroWinkler(a, b) >= 0.92) return 'typo';
  return 'differ';
}

function compareDob(a: string | undefined, b: string | undefined): DobLevel {
  if (!a || !b) return 'missing';
  if (a === b) return 'exact';
  const [ya, ma, da] = a.split('-');
  const [yb, mb, db] = b.split('-');
  if (ya === yb && ma === db && da === mb) return 'swapped';
  let differences = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) differences++;
  if (differences === 1) return 'oneDigit';
  return 'differ';
}

function comparePostcode(a: string | undefined, b: string | undefined): PostcodeLevel {
  if (!a || !b) return 'missing';
  if (a === b) return 'exact';
  if (postcodeDistrict(a) === postcodeDistrict(b)) return 'district';
  return 'differ';
}

function describe(
  first: FirstLevel,
  last: LastLevel,
  dob: DobLevel,
  postcode: PostcodeLevel,
  gender: 'agree' | 'missing' | 'differ',
): string[] {
  const agree: string[] = [];
  if (first === 'exact') agree.push('first name');
  if (last === 'exact') agree.push('last name');
  if (dob === 'exact') agree.push('date of birth');
  if (postcode === 'exact') agree.push('postcode');
  const basis: string[] = [];
  if (agree.length) basis.push(`${capitalise(joinWords(agree))} ${agree.length === 1 ? 'agrees' : 'agree'}`);
  if (first === 'nickname') basis.push('First name is a known short form of the other');
  if (first === 'typo') basis.push('First name is spelt slightly differently');
  if (first === 'initial') basis.push('Only the first initial agrees');
  if (first === 'differ') basis.push('First name differs');
  if (last === 'part') basis.push('Last name shares a part (double-barrelled or changed name)');
  if (last === 'typo') basis.push('Last name is spelt slightly differently');
  if (last === 'differ') basis.push('Last name differs');
  if (dob === 'swapped') basis.push('Date of birth has day and month swapped');
  if (dob === 'oneDigit') basis.push('Date of birth differs by one digit');
  if (dob === 'missing') basis.push('No date of birth to compare');
  if (dob === 'differ') basis.push('Date of birth differs');
  if (postcode === 'district') basis.push('Postcode is in the same district');
  if (postcode === 'differ') basis.push('Postcode differs (they may have moved)');
  if (gender === 'differ') basis.push('Gender differs');
  return basis;
}

function joinWords(words: string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
