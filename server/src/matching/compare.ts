/**
 * Field comparisons: how far two normalised values agree, as the levels the weights (weights.ts) are given for.
 */
import { editDistance } from './edit-distance.js';
import { jaroWinkler } from './jaro-winkler.js';
import { areNicknames } from './nicknames.js';
import { compactName, nameParts, postcodeDistrict, postcodeSector, swappedDate } from './normalise.js';
import type { DobLevel, FirstNameLevel, GenderLevel, LastNameLevel, PostcodeLevel } from './weights.js';

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
  return 'differ';
}

/** Positions of the characters in YYYY-MM-DD that a one-digit slip may change: the year's last digit, month, day. */
const SLIP_POSITIONS = [3, 5, 6, 8, 9];

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
