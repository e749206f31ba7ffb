/**
 * Field comparisons: how far two normalised values agree, as the levels the weights (weights.ts) are given for.
 */
import { editDistance } from './edit-distance.js';
import { jaroWinkler } from './jaro-winkler.js';
import { areNicknames } from './nicknames.js';
import { compactName, nameParts, postcodeDistrict, postcodeSector, soundex, swappedDate } from './normalise.js';
import type { DobLevel, FirstNameLevel, GenderLevel, LastNameLevel, PostcodeLevel } from './weights.js';

/**
 * Alike beyond a slip: two letters wrong or a phonetic spelling ("Katherine" / "Cathryn", "Stephens" / "Stevens"),
 * by Jaro–Winkler, edit distance or sound. Weaker evidence than a slip: many different names are this close.
 */
export function isSimilar(a: string, b: string): boolean {
  if (Math.min(a.length, b.length) < 3) return false;
  if (jaroWinkler(a, b) >= 0.88) return true;
  if (Math.min(a.length, b.length) >= 5 && editDistance(a, b, 2) <= 2) return true;
  return a[0] === b[0] && soundex(a) === soundex(b) && Math.abs(a.length - b.length) <= 2;
}

/** A spelling slip: one letter wrong, missing, doubled or two swapped; or very close for longer names. */
export function isTypo(a: string, b: string): boolean {
  if (Math.min(a.length, b.length) < 3) return false;
  if (editDistance(a, b, 1) <= 1) return true;
  return Math.min(a.length, b.length) >= 6 && jaroWinkler(a, b) >= 0.94;
}

export function compareFirstName(a: string, b: string): FirstNameLevel {
  if (!a || !b) return 'missing';
  const ca = compactName(a);
  const cb = compactName(b);
  if (ca === cb) return 'exact';
  // Compare the first given names ("mary ann" / "mary"), then whole strings.
  const fa = nameParts(a)[0]!;
  const fb = nameParts(b)[0]!;
  if (fa === fb) return 'exact';
  if (areNicknames(fa, fb) || areNicknames(ca, cb)) return 'nickname';
  if (isTypo(fa, fb)) return 'typo';
  if ((fa.length === 1 || fb.length === 1) && fa[0] === fb[0]) return 'initial';
  if (isSimilar(fa, fb)) return 'similar';
  return 'differ';
}

export function compareLastName(a: string, b: string, previous: readonly string[] = []): LastNameLevel {
  if (!a || !b) return 'missing';
  const ca = compactName(a);
  const cb = compactName(b);
  if (ca === cb) return 'exact';
  const pa = nameParts(a).filter((p) => p.length > 1);
  const pb = nameParts(b).filter((p) => p.length > 1);
  if ((pa.length > 1 || pb.length > 1) && pa.some((p) => pb.includes(p))) return 'part';
  if (previous.some((p) => compactName(p) === cb || nameParts(p).some((part) => part.length > 1 && pb.includes(part)))) return 'previous';
  if (isTypo(ca, cb)) return 'typo';
  if (isSimilar(ca, cb) || pa.some((p) => pb.some((q) => isTypo(p, q)))) return 'similar';
  return 'differ';
}

/** Positions of the digits in YYYY-MM-DD that a one-digit slip may change: the year's last digit, the month's, the day's. */
const SLIP_POSITIONS = [3, 5, 6, 8, 9];
/** Pairs of neighbouring digits a transposition swaps: within the year's last two, the month, the day. */
const TRANSPOSABLE = [2, 5, 8];
const DAY_MS = 86_400_000;

/**
 * How two dates of birth agree, from the strongest evidence to the weakest: exact; day and month swapped; one digit
 * slipped; two neighbouring digits transposed ("1987" / "1978", "12" / "21"); same birthday a year before or after;
 * within a year of each other; only the decade's digit differs; otherwise `differ` (another person, or a date made up: still only weighed).
 */
export function compareDateOfBirth(a: string | undefined, b: string | undefined): DobLevel {
  if (!a || !b) return 'missing';
  if (a === b) return 'exact';
  if (swappedDate(a) === b) return 'swapped';
  let differences = 0;
  let slip = true;
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) {
      differences++;
      if (!SLIP_POSITIONS.includes(i)) slip = false;
    }
  }
  if (differences === 1 && slip) return 'oneDigit';
  // The decade's digit alone: a slip, or a relative a decade or more apart born on the same day (never likely).
  if (differences === 1 && a[2] !== b[2]) return 'decade';
  if (differences === 2 && TRANSPOSABLE.some((i) => a[i] === b[i + 1] && a[i + 1] === b[i] && a[i] !== a[i + 1])) return 'transposed';
  if (a.slice(5) === b.slice(5) && Math.abs(Number(a.slice(0, 4)) - Number(b.slice(0, 4))) === 1) return 'yearOff';
  const days = Math.abs(Date.parse(a) - Date.parse(b)) / DAY_MS;
  if (days <= 366) return 'withinYear';
  return 'differ';
}

/**
 * `a` is the person's postcode, `previous` the postcodes of addresses the CMS says they lived at before; `b` the
 * record's. A record at a previous address agrees at the `previous` level (even when the current one is unknown).
 */
export function comparePostcode(a: string | undefined, b: string | undefined, previous: readonly string[] = []): PostcodeLevel {
  if (!b) return 'missing';
  if (a === b) return 'exact';
  if (previous.includes(b)) return 'previous';
  if (!a) return 'missing';
  if (postcodeSector(a) === postcodeSector(b)) return 'sector';
  if (postcodeDistrict(a) === postcodeDistrict(b)) return 'district';
  return previous.length ? 'elsewhere' : 'differ';
}

export function compareGender(a: string | undefined | null, b: string | undefined | null): GenderLevel {
  const known = (g: string | undefined | null) => g === 'female' || g === 'male';
  if (!known(a) || !known(b)) return 'missing';
  return a === b ? 'agree' : 'differ';
}
