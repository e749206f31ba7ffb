/**
 * Fellegi–Sunter agreement weights, in bits: for each field and each level of agreement,
 * weight = log2(m / u), where
 *   m = P(this level | the two descriptions are the same person)
 *   u = P(this level | they are two different people, drawn at random from a council of ~300,000–1,000,000).
 * A positive weight is evidence for a match, a negative one against; the sum of a pair's weights is its score.
 *
 * The m probabilities were estimated from the labelled synthetic council (fixtures/council: about 13% of source
 * people carry one corruption: nickname, typo, swapped day/month, one mistyped digit, missing date of birth,
 * changed surname, old address) and rounded; the u probabilities from name, birthday and postcode frequencies in
 * it (about 1 in 30,000 for a date of birth, 1 in 100 for a first name, 1 in 300 for a surname). They are
 * tuned on seed 1 and reported on a held-out seed by `npm run bench:matching`.
 *
 * Missing values weigh nothing: absence is not evidence either way. Disagreement is evidence too (a negative weight),
 * never a veto on its own: score.ts decides which disagreements keep a pair from `likely`.
 *
 * With FC_MATCH_NAME_FREQUENCIES (surname | all) the u of exact agreement on a surname (and with `all` a first name
 * and a date of birth) is that value's own share of the source's people (name-frequency.ts) instead of the flat u
 * below, which stays the fallback for sources and values without counts.
 */

export interface Probabilities {
  m: number;
  u: number;
}

const WEIGHT_TABLE = {
  firstName: {
    exact: { m: 0.9, u: 0.012 },
    nickname: { m: 0.03, u: 0.002 },
    typo: { m: 0.04, u: 0.004 },
    initial: { m: 0.01, u: 0.005 },
    /** Alike beyond a slip (two letters, a phonetic spelling): weak, many different names are this close. */
    similar: { m: 0.02, u: 0.01 },
    differ: { m: 0.02, u: 0.97 },
  },
  lastName: {
    exact: { m: 0.89, u: 0.004 },
    /** Shares one part of a double-barrelled name ("Smith-Jones" / "Jones"). */
    part: { m: 0.02, u: 0.001 },
    /**
     * Agrees with a surname the person had before (when the CMS or its feed holds one): as telling as the current
     * surname, and common on records older than a marriage.
     */
    previous: { m: 0.3, u: 0.0015 },
    typo: { m: 0.03, u: 0.002 },
    /** Alike beyond a slip, or one part of a multi-part name with a slip. */
    similar: { m: 0.02, u: 0.004 },
    /** Married or divorced: a different surname altogether. */
    differ: { m: 0.06, u: 0.99 },
  },
  dateOfBirth: {
    exact: { m: 0.93, u: 1 / 30_000 },
    swapped: { m: 0.02, u: 1 / 30_000 },
    /** One digit of the day, the month, or the last digit of the year mistyped. */
    oneDigit: { m: 0.02, u: 1 / 1_200 },
    /** Two neighbouring digits swapped ("1987" / "1978", day "12" / "21"). */
    transposed: { m: 0.01, u: 1 / 6_000 },
    /** The same birthday a year before or after. */
    yearOff: { m: 0.01, u: 1 / 15_000 },
    /** Within a year otherwise: a date slipped by days or weeks, or two people of about the same age. */
    withinYear: { m: 0.01, u: 1 / 45 },
    /** Only the decade's digit differs ("1975" / "1905"): a slip, or a relative born on the same day decades apart. */
    decade: { m: 0.005, u: 1 / 4_000 },
    differ: { m: 0.003, u: 0.97 },
  },
  postcode: {
    /** The same postcode unit (about 15 households). Households share it, so u is far above 1 in 20,000. */
    exact: { m: 0.85, u: 0.002 },
    sector: { m: 0.02, u: 0.01 },
    district: { m: 0.02, u: 0.08 },
    /**
     * Agrees with an address the person lived at before, when the CMS (or its relationship feed) lists their
     * previous addresses: the mover's old record. u is about the exact level's times the addresses listed.
     */
    previous: { m: 0.05, u: 0.0025 },
    /** Moved house, or an old address on an old record (no previous addresses listed for the person). */
    differ: { m: 0.11, u: 0.908 },
    /**
     * Differs from the person's address and from every previous address listed for them: on the synthetic council
     * 0.3% of true pairs for people with a listed history (differ: 4.3% for the same people without it).
     */
    elsewhere: { m: 0.01, u: 0.9 },
  },
  /**
   * The first line of the address (address.ts: house and street), weighed by whether the postcode agreed already
   * (postcode exact or previous: an address agreeing adds little, one disagreeing says another household) or not
   * (the same house and street despite the postcode: a mistyped or missing postcode; another street adds nothing
   * to what the postcode said).
   */
  address: {
    sameAtPostcode: { m: 0.8, u: 0.08 },
    otherAtPostcode: { m: 0.1, u: 0.9 },
    same: { m: 0.05, u: 0.00002 },
    street: { m: 0.02, u: 0.0005 },
    differ: { m: 0.9, u: 0.9 },
  },
  gender: {
    agree: { m: 0.985, u: 0.5 },
    differ: { m: 0.015, u: 0.5 },
  },
  /**
   * First and last names given the other way round ("Smith John"): the names are then compared crosswise, and this
   * small penalty keeps the straight reading first when both fit.
   */
  nameOrder: {
    straight: { m: 1, u: 1 },
    swapped: { m: 0.25, u: 1 },
  },
} as const satisfies Record<string, Record<string, Probabilities>>;

type Table = typeof WEIGHT_TABLE;
export type FirstNameLevel = keyof Table['firstName'] | 'missing';
export type LastNameLevel = keyof Table['lastName'] | 'missing';
export type DobLevel = keyof Table['dateOfBirth'] | 'missing';
export type PostcodeLevel = keyof Table['postcode'] | 'missing';
export type GenderLevel = keyof Table['gender'] | 'missing';
export type AddressLevel = keyof Table['address'] | 'missing';
export type NameOrderLevel = keyof Table['nameOrder'];

/** The m and u probabilities behind each weight, for documentation and the benchmark report. */
export const MATCH_PROBABILITIES: Table = WEIGHT_TABLE;

function weights<T extends Record<string, Probabilities>>(table: T): Record<keyof T | 'missing', number> {
  const out = { missing: 0 } as Record<keyof T | 'missing', number>;
  for (const [level, { m, u }] of Object.entries(table)) out[level as keyof T] = Math.log2(m / u);
  return out;
}

/** Weight in bits for each field's level of agreement. */
export const WEIGHTS = Object.freeze({
  firstName: weights(WEIGHT_TABLE.firstName),
  lastName: weights(WEIGHT_TABLE.lastName),
  dateOfBirth: weights(WEIGHT_TABLE.dateOfBirth),
  postcode: weights(WEIGHT_TABLE.postcode),
  gender: weights(WEIGHT_TABLE.gender),
  address: weights(WEIGHT_TABLE.address),
  nameOrder: weights(WEIGHT_TABLE.nameOrder),
});
