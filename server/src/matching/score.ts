/**
 * Scores one source record against one CMS person, Fellegi–Sunter style: each field's level of agreement adds a
 * weight in bits (weights.ts: log2 of m/u), the sum decides the band, and the agreements are said in words as
 * the basis.
 *
 * - `confirmed`: a shared identifier (the CMS person id carried by the council's MDM link, or the NHS number).
 * - `likely`: score at or above `thresholds.likely`, with both dates of birth known.
 * - `possible`: score at or above `thresholds.possible`; also the ceiling when the pair could be two people of one
 *   family (twin and namesake protection): a different or only similar first name (twins share everything else), a
 *   date of birth that is not one slip away (a son named after his father), or a first name or date of birth
 *   missing on either side (a parent and the child named after them then look the same). Such a record is shown
 *   as possible with that reason in words, never hidden: disagreement is evidence, not a veto.
 * - nothing: below the possible threshold, or a different CMS id on the record (the council's master data links
 *   it to someone else).
 */
import type { MatchBand } from '../api/contract.js';
import { compareAddressLines } from './address.js';
import { compareDateOfBirth, compareFirstName, compareGender, compareLastName, comparePostcode } from './compare.js';
import { birthDateU, firstNameU, lastNameU, type NameFrequencies } from './name-frequency.js';
import {
  MATCH_PROBABILITIES,
  WEIGHTS,
  type AddressLevel,
  type DobLevel,
  type FirstNameLevel,
  type GenderLevel,
  type LastNameLevel,
  type NameOrderLevel,
  type PostcodeLevel,
} from './weights.js';

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
  /** The address as the page or feed gives it (address.ts reads its house and street). */
  address?: string;
}

export interface MatchCandidate {
  cmsId: string | null;
  nhsNumber: string | null;
  firstNameNorm: string;
  lastNameNorm: string;
  dateOfBirth: string | null;
  gender: string | null;
  postcode: string | null;
  address?: string | null;
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
 * Version of the comparison levels and caps: part of the scoring signature, so links stored by an earlier version
 * are not reused (those people are matched at request time until the next load).
 */
const SCORING_VERSION = 2;

/**
 * The near-miss guard: a record scoring up to this many bits below the possible threshold is still shown as
 * possible (said to be a weak match) when its surname, date of birth and first name are each close to the
 * person's. "No records" must mean nothing in the source came within reach, not that one slip too many hid them.
 */
export const NEAR_MISS_BITS = 4;

/**
 * The settings that decide a stored link's band, as stored with the links (`match_index.links_scoring`): links
 * computed under other settings (an ingest run without the server's FC_MATCH_* variables, or before they changed)
 * are not reused; those people are matched at request time with the server's own settings.
 */
export function scoringSignature(thresholds: MatchThresholds): string {
  return `v=${SCORING_VERSION};likely=${thresholds.likely};possible=${thresholds.possible};frequencies=${thresholds.nameFrequencies ?? 'off'}`;
}

export interface FieldLevels {
  firstName: FirstNameLevel;
  lastName: LastNameLevel;
  dateOfBirth: DobLevel;
  postcode: PostcodeLevel;
  gender: GenderLevel;
  address: AddressLevel;
  nameOrder: NameOrderLevel;
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
  const use = thresholds.nameFrequencies ?? 'off';
  const table = use === 'off' ? undefined : frequencies;
  const flatScore = scoreLevels(levels);
  const score = table ? scoreWithFrequencies(levels, record, table, use) : flatScore;
  const cap = familyCap(levels);
  const nhsDiffers = Boolean(person.nhsNumber && record.nhsNumber);
  // A record at none of the addresses the case record lists may keep a match from `likely`, but never hides one that
  // a different postcode alone would show as `possible`: an unlisted move must not turn into "no records".
  const shownFloor = levels.postcode === 'elsewhere' ? WEIGHTS.postcode.differ - WEIGHTS.postcode.elsewhere : 0;
  const bandOf = (bits: number): MatchBand | null =>
    bits + shownFloor < thresholds.possible ? null : bits >= thresholds.likely && !cap && !nhsDiffers ? 'likely' : 'possible';
  const near = !bandOf(score) && score + shownFloor >= thresholds.possible - NEAR_MISS_BITS && nearMiss(levels);
  const band = near ? 'possible' : bandOf(score);
  if (!band) return null;
  const basis = describe(levels);
  if (near) basis.push('A weak match: only some details agree, check before relying on it');
  if (table) {
    const note = frequencyNote(levels, record, table, use, RANK[band] - RANK[bandOf(flatScore) ?? 'none']);
    if (note) basis.push(note);
  }
  if (nhsDiffers) basis.push('NHS number differs');
  if (cap) basis.push(cap);
  return { band, score: Math.round(score * 10) / 10, basis, levels };
}

/**
 * Why a pair that scores as `likely` is shown as `possible` only: the records could be of two people in one family
 * (twins, a son named after his father), or a detail that would tell them apart is missing. Undefined: no cap.
 */
export function familyCap(levels: FieldLevels): string | undefined {
  const { firstName, dateOfBirth } = levels;
  const check = 'check before relying on it';
  if (firstName === 'differ') return `Could be a twin or sibling (another first name): ${check}`;
  if (firstName === 'similar') return `Could be a twin or sibling (first names alike, not the same): ${check}`;
  if (dateOfBirth === 'differ') return `Could be a relative with the same name (another date of birth): ${check}`;
  if (dateOfBirth === 'decade') return `Could be a relative with the same name (born on the same day, decades apart): ${check}`;
  if (firstName === 'missing') return `No first name, so family members cannot be told apart: ${check}`;
  if (dateOfBirth === 'missing') return `No date of birth, so a parent and a child named after them cannot be told apart: ${check}`;
  return undefined;
}

/** Close on each of surname, date of birth and first name: what a near miss needs (see NEAR_MISS_BITS). */
function nearMiss(levels: FieldLevels): boolean {
  const { firstName, lastName, dateOfBirth } = levels;
  return (
    lastName !== 'differ' &&
    lastName !== 'missing' &&
    dateOfBirth !== 'differ' &&
    dateOfBirth !== 'missing' &&
    firstName !== 'differ' &&
    firstName !== 'missing'
  );
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
  let firstName = compareFirstName(person.firstNameNorm, record.firstNameNorm);
  let lastName = compareLastName(person.lastNameNorm, record.lastNameNorm, person.previousLastNamesNorm);
  let nameOrder: NameOrderLevel = 'straight';
  if (firstName === 'differ' || lastName === 'differ') {
    // First and last names given the other way round on one side.
    const crossFirst = compareFirstName(person.firstNameNorm, record.lastNameNorm);
    const crossLast = compareLastName(person.lastNameNorm, record.firstNameNorm, person.previousLastNamesNorm);
    const straight = WEIGHTS.firstName[firstName] + WEIGHTS.lastName[lastName];
    const cross = WEIGHTS.firstName[crossFirst] + WEIGHTS.lastName[crossLast] + WEIGHTS.nameOrder.swapped;
    if (crossFirst !== 'missing' && crossLast !== 'missing' && cross > straight) {
      firstName = crossFirst;
      lastName = crossLast;
      nameOrder = 'swapped';
    }
  }
  const postcode = comparePostcode(person.postcode, record.postcode ?? undefined, person.previousPostcodesNorm);
  return {
    firstName,
    lastName,
    dateOfBirth: compareDateOfBirth(person.dateOfBirth, record.dateOfBirth ?? undefined),
    postcode,
    gender: compareGender(person.gender, record.gender),
    address: addressLevel(person.address, record.address, postcode),
    nameOrder,
  };
}

/** The address line's level, given how the postcode agreed (weights.ts: address). */
function addressLevel(a: string | undefined, b: string | null | undefined, postcode: PostcodeLevel): AddressLevel {
  const agreement = compareAddressLines(a, b);
  if (agreement === 'missing') return 'missing';
  const postcodeAgrees = postcode === 'exact' || postcode === 'previous';
  if (postcodeAgrees) return agreement === 'same' ? 'sameAtPostcode' : 'otherAtPostcode';
  return agreement;
}

export function scoreLevels(levels: FieldLevels): number {
  return (
    WEIGHTS.firstName[levels.firstName] +
    WEIGHTS.lastName[levels.lastName] +
    WEIGHTS.dateOfBirth[levels.dateOfBirth] +
    WEIGHTS.postcode[levels.postcode] +
    WEIGHTS.gender[levels.gender] +
    WEIGHTS.address[levels.address] +
    WEIGHTS.nameOrder[levels.nameOrder]
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
  return first + last + dob + WEIGHTS.postcode[levels.postcode] + WEIGHTS.gender[levels.gender] + WEIGHTS.address[levels.address] + WEIGHTS.nameOrder[levels.nameOrder];
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
  const { firstName, lastName, dateOfBirth, postcode, gender, address, nameOrder } = levels;
  const agree: string[] = [];
  if (firstName === 'exact') agree.push('first name');
  if (lastName === 'exact') agree.push('last name');
  if (dateOfBirth === 'exact') agree.push('date of birth');
  if (postcode === 'exact') agree.push('postcode');
  if (address === 'sameAtPostcode' || address === 'same') agree.push('house and street');
  const basis: string[] = [];
  if (nameOrder === 'swapped') basis.push('First and last names are the other way round on the record');
  if (agree.length) basis.push(`${capitalise(joinWords(agree))} ${agree.length === 1 ? 'agrees' : 'agree'}`);
  if (firstName === 'nickname') basis.push('First name is a known short form of the other');
  if (firstName === 'typo') basis.push('First name is spelt slightly differently');
  if (firstName === 'similar') basis.push('First names are alike but not the same');
  if (firstName === 'initial') basis.push('Only the first initial agrees');
  if (firstName === 'differ') basis.push('First name differs');
  if (firstName === 'missing') basis.push('No first name to compare');
  if (lastName === 'part') basis.push('Last name shares a part (double-barrelled name)');
  if (lastName === 'previous') basis.push('Last name agrees with a previous surname');
  if (lastName === 'typo') basis.push('Last name is spelt slightly differently');
  if (lastName === 'similar') basis.push('Last names are alike but not the same');
  if (lastName === 'differ') basis.push('Last name differs (it may have changed, for example on marriage)');
  if (lastName === 'missing') basis.push('No last name to compare');
  if (dateOfBirth === 'swapped') basis.push('Date of birth has day and month swapped');
  if (dateOfBirth === 'oneDigit') basis.push('Date of birth differs by one digit');
  if (dateOfBirth === 'transposed') basis.push('Date of birth has two digits the other way round');
  if (dateOfBirth === 'yearOff') basis.push('Same birthday, a year apart');
  if (dateOfBirth === 'withinYear') basis.push('Date of birth differs, by less than a year');
  if (dateOfBirth === 'decade') basis.push('Date of birth differs only in the decade');
  if (dateOfBirth === 'differ') basis.push('Date of birth differs');
  if (dateOfBirth === 'missing') basis.push('No date of birth to compare');
  if (postcode === 'previous') basis.push('Postcode agrees with an address they lived at before');
  if (postcode === 'elsewhere') basis.push('Postcode differs from their address and from every earlier address the case record lists');
  if (postcode === 'sector' || postcode === 'district') basis.push('Postcode is nearby (same postcode district)');
  if (postcode === 'differ') basis.push(address === 'same' ? 'Postcode differs (it may be mistyped)' : 'Postcode differs (they may have moved)');
  if (postcode === 'missing') basis.push('No postcode to compare');
  if (address === 'otherAtPostcode') basis.push('Another house or street at the same postcode');
  if (address === 'street') basis.push('Same street, another house');
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
