/**
 * Scores one source record against one CMS person, Fellegi–Sunter style: each field's level of agreement adds a
 * weight in bits (weights.ts: log2 of m/u), the sum decides the band, and the agreements are said in words as
 * the basis.
 *
 * - `confirmed`: a shared identifier (the CMS person id carried by the council's MDM link, or the NHS number).
 * - `likely`: score at or above `thresholds.likely`, with both dates of birth known.
 * - `possible`: score at or above `thresholds.possible`; also the ceiling when either date of birth is missing,
 *   because a parent and the child named after them can then look the same.
 * - nothing: below that, or when the evidence says these are two people: a different CMS id on the record, a
 *   different first name (twins share everything else), or a date of birth that is not one slip away (a cousin
 *   named after a grandparent shares the names).
 */
import type { MatchBand } from '../api/contract.js';
import { compareDateOfBirth, compareFirstName, compareGender, compareLastName, comparePostcode } from './compare.js';
import { birthDateU, firstNameU, lastNameU, type NameFrequencies } from './name-frequency.js';
import { MATCH_PROBABILITIES, WEIGHTS, type DobLevel, type FirstNameLevel, type GenderLevel, type LastNameLevel, type PostcodeLevel } from './weights.js';

export interface MatchPerson {
  cmsId?: string;
  nhsNumber?: string;
  firstNameNorm: string;
  lastNameNorm: string;
  /** Surnames the person had before (maiden name), normalised, when the CMS or its feed holds them. */
  previousLastNamesNorm?: string[];
  dateOfBirth?: string;
  gender?: string;
  /** Normalised postcode. */
  postcode?: string;
  /** Normalised postcodes of addresses the person lived at before, when the CMS or its feed lists them. */
  previousPostcodesNorm?: string[];
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

export type NameFrequencyUse = 'off' | 'surname' | 'all';

export interface MatchThresholds {
  /** Score (bits) at or above which a match is `likely`. */
  likely: number;
  /** Score (bits) at or above which a match is `possible`; below it nothing is shown. */
  possible: number;
  /**
   * Weigh exact agreement by how common the value is in the source (name-frequency.ts) instead of the flat weights:
   * `surname` for the last name only, `all` for first name (within the decade of birth), last name and year of
   * birth. Off by default: on the synthetic council (whose unrelated namesakes are drawn whatever their names' frequency)
   * it did not beat the flat weights at any threshold (`npm run bench:matching`, seed 1 at 300,000 and 1,000,000).
   */
  nameFrequencies?: NameFrequencyUse;
}

/** Tuned with `npm run bench:matching` (see test/bench/results/matching.md). */
export const DEFAULT_THRESHOLDS: MatchThresholds = Object.freeze({ likely: 25, possible: 16, nameFrequencies: 'off' });

/**
 * The settings that decide a stored link's band, as stored with the links (`match_index.links_scoring`): links
 * computed under other settings (an ingest run without the server's FC_MATCH_* variables, or before they changed)
 * are not reused; those people are matched at request time with the server's own settings.
 */
export function scoringSignature(thresholds: MatchThresholds): string {
  return `likely=${thresholds.likely};possible=${thresholds.possible};frequencies=${thresholds.nameFrequencies ?? 'off'}`;
}

export interface FieldLevels {
  firstName: FirstNameLevel;
  lastName: LastNameLevel;
  dateOfBirth: DobLevel;
  postcode: PostcodeLevel;
  gender: GenderLevel;
}

export interface MatchResult {
  band: MatchBand;
  score: number;
  basis: string[];
  /** A colleague said this record is not this person (set by the lookup from feedback, never by scoring). */
  disputed?: true;
  /** How each field agreed (not sent to clients): lets one candidate be compared with another field by field. */
  levels?: FieldLevels;
}

const CONFIRMED_SCORE = 100;
const RANK = { none: 0, possible: 1, likely: 2, confirmed: 3 } as const;

export function scoreMatch(
  person: MatchPerson,
  record: MatchCandidate,
  thresholds: MatchThresholds = DEFAULT_THRESHOLDS,
  frequencies?: NameFrequencies,
): MatchResult | null {
  if (person.cmsId && record.cmsId) {
    if (person.cmsId === record.cmsId) {
      return { band: 'confirmed', score: CONFIRMED_SCORE, basis: ['Same CMS person id (linked by the council’s master data)'] };
    }
    // The council's master data links this record to someone else.
    return null;
  }
  if (person.nhsNumber && record.nhsNumber && person.nhsNumber === record.nhsNumber) {
    return { band: 'confirmed', score: CONFIRMED_SCORE, basis: ['Same NHS number'] };
  }

  const levels = compareFields(person, record);
  if (levels.firstName === 'differ' || levels.dateOfBirth === 'differ') return null;
  const use = thresholds.nameFrequencies ?? 'off';
  const table = use === 'off' ? undefined : frequencies;
  const flatScore = scoreLevels(levels);
  const score = table ? scoreWithFrequencies(levels, record, table, use) : flatScore;
  const dobKnown = levels.dateOfBirth !== 'missing';
  const nhsDiffers = Boolean(person.nhsNumber && record.nhsNumber);
  // A record at none of the addresses the case record lists may keep a match from `likely`, but never hides one that
  // a different postcode alone would show as `possible`: an unlisted move must not turn into "no records".
  const shownFloor = levels.postcode === 'elsewhere' ? WEIGHTS.postcode.differ - WEIGHTS.postcode.elsewhere : 0;
  const bandOf = (bits: number): MatchBand | null =>
    bits + shownFloor < thresholds.possible ? null : bits >= thresholds.likely && dobKnown && !nhsDiffers ? 'likely' : 'possible';
  const band = bandOf(score);
  if (!band) return null;
  const basis = describe(levels);
  if (table) {
    const note = frequencyNote(levels, record, table, use, RANK[band] - RANK[bandOf(flatScore) ?? 'none']);
    if (note) basis.push(note);
  }
  if (nhsDiffers) basis.push('NHS number differs');
  return { band, score: Math.round(score * 10) / 10, basis, levels };
}

/**
 * True when `a` agrees with the person at least as well as `b` on every field and better on one: of twins
 * Henry and Harry, a record for "Henry" dominates one for "Harry" when Henry is asked about.
 */
export function dominates(a: FieldLevels, b: FieldLevels): boolean {
  let better = false;
  for (const field of Object.keys(a) as Array<keyof FieldLevels>) {
    const wa = (WEIGHTS[field] as Record<string, number>)[a[field]]!;
    const wb = (WEIGHTS[field] as Record<string, number>)[b[field]]!;
    if (wa < wb) return false;
    if (wa > wb) better = true;
  }
  return better;
}

export function compareFields(person: MatchPerson, record: MatchCandidate): FieldLevels {
  return {
    firstName: compareFirstName(person.firstNameNorm, record.firstNameNorm),
    lastName: compareLastName(person.lastNameNorm, record.lastNameNorm, person.previousLastNamesNorm),
    dateOfBirth: compareDateOfBirth(person.dateOfBirth, record.dateOfBirth ?? undefined),
    postcode: comparePostcode(person.postcode, record.postcode ?? undefined, person.previousPostcodesNorm),
    gender: compareGender(person.gender, record.gender),
  };
}

export function scoreLevels(levels: FieldLevels): number {
  return (
    WEIGHTS.firstName[levels.firstName] +
    WEIGHTS.lastName[levels.lastName] +
    WEIGHTS.dateOfBirth[levels.dateOfBirth] +
    WEIGHTS.postcode[levels.postcode] +
    WEIGHTS.gender[levels.gender]
  );
}

/**
 * The score with value-specific u probabilities (name-frequency.ts) for exact agreement on the surname, and with
 * `all` on first name and date of birth too; every other level keeps its flat weight.
 */
export function scoreWithFrequencies(levels: FieldLevels, record: MatchCandidate, t: NameFrequencies, use: NameFrequencyUse = 'all'): number {
  const P = MATCH_PROBABILITIES;
  const all = use === 'all';
  const bits = (m: number, u: number | undefined, flat: number) => (u === undefined ? flat : Math.log2(m / u));
  const first =
    levels.firstName === 'exact' && all
      ? bits(P.firstName.exact.m, firstNameU(t, record.firstNameNorm, record.dateOfBirth, P.firstName.exact.u), WEIGHTS.firstName.exact)
      : WEIGHTS.firstName[levels.firstName];
  const last =
    levels.lastName === 'exact'
      ? bits(P.lastName.exact.m, lastNameU(t, record.lastNameNorm, P.lastName.exact.u), WEIGHTS.lastName.exact)
      : WEIGHTS.lastName[levels.lastName];
  const dob =
    levels.dateOfBirth === 'exact' && record.dateOfBirth && all
      ? bits(P.dateOfBirth.exact.m, birthDateU(t, record.dateOfBirth, P.dateOfBirth.exact.u), WEIGHTS.dateOfBirth.exact)
      : WEIGHTS.dateOfBirth[levels.dateOfBirth];
  return first + last + dob + WEIGHTS.postcode[levels.postcode] + WEIGHTS.gender[levels.gender];
}

/** Bits by which a name's or birth year's own weight must differ from the flat one to be mentioned. */
const NOTABLE_BITS = 1;

/**
 * When how common a name or birth year is in this source changed the band, says so in plain words: weaker
 * ("The last name is common in this source, so agreeing on it counts for less") or stronger.
 */
function frequencyNote(levels: FieldLevels, record: MatchCandidate, t: NameFrequencies, use: NameFrequencyUse, change: number): string | undefined {
  if (change === 0) return undefined;
  const all = use === 'all';
  const P = MATCH_PROBABILITIES;
  const shift = (m: number, u: number | undefined, flat: number) => (u === undefined ? 0 : Math.log2(m / u) - flat);
  const fields: Array<[string, number]> = [
    ['first name', levels.firstName === 'exact' && all ? shift(P.firstName.exact.m, firstNameU(t, record.firstNameNorm, record.dateOfBirth, P.firstName.exact.u), WEIGHTS.firstName.exact) : 0],
    ['last name', levels.lastName === 'exact' ? shift(P.lastName.exact.m, lastNameU(t, record.lastNameNorm, P.lastName.exact.u), WEIGHTS.lastName.exact) : 0],
    ['year of birth', levels.dateOfBirth === 'exact' && record.dateOfBirth && all ? shift(P.dateOfBirth.exact.m, birthDateU(t, record.dateOfBirth, P.dateOfBirth.exact.u), WEIGHTS.dateOfBirth.exact) : 0],
  ];
  const named = fields.filter(([, bits]) => (change < 0 ? bits <= -NOTABLE_BITS : bits >= NOTABLE_BITS)).map(([name]) => name);
  if (named.length === 0) return undefined;
  const what = joinWords(named);
  const verb = named.length === 1 ? 'is' : 'are';
  return change < 0
    ? `The ${what} ${verb} common in this source, so agreeing on ${named.length === 1 ? 'it' : 'them'} counts for less`
    : `The ${what} ${verb} unusual in this source, so agreeing on ${named.length === 1 ? 'it' : 'them'} counts for more`;
}

function describe(levels: FieldLevels): string[] {
  const { firstName, lastName, dateOfBirth, postcode, gender } = levels;
  const agree: string[] = [];
  if (firstName === 'exact') agree.push('first name');
  if (lastName === 'exact') agree.push('last name');
  if (dateOfBirth === 'exact') agree.push('date of birth');
  if (postcode === 'exact') agree.push('postcode');
  const basis: string[] = [];
  if (agree.length) basis.push(`${capitalise(joinWords(agree))} ${agree.length === 1 ? 'agrees' : 'agree'}`);
  if (firstName === 'nickname') basis.push('First name is a known short form of the other');
  if (firstName === 'typo') basis.push('First name is spelt slightly differently');
  if (firstName === 'initial') basis.push('Only the first initial agrees');
  if (firstName === 'missing') basis.push('No first name to compare');
  if (lastName === 'part') basis.push('Last name shares a part (double-barrelled name)');
  if (lastName === 'previous') basis.push('Last name agrees with a previous surname');
  if (lastName === 'typo') basis.push('Last name is spelt slightly differently');
  if (lastName === 'differ') basis.push('Last name differs (it may have changed, for example on marriage)');
  if (dateOfBirth === 'swapped') basis.push('Date of birth has day and month swapped');
  if (dateOfBirth === 'oneDigit') basis.push('Date of birth differs by one digit');
  if (dateOfBirth === 'missing') basis.push('No date of birth to compare');
  if (postcode === 'previous') basis.push('Postcode agrees with an address they lived at before');
  if (postcode === 'elsewhere') basis.push('Postcode differs from their address and from every earlier address the case record lists');
  if (postcode === 'sector' || postcode === 'district') basis.push('Postcode is nearby (same postcode district)');
  if (postcode === 'differ') basis.push('Postcode differs (they may have moved)');
  if (postcode === 'missing') basis.push('No postcode to compare');
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
