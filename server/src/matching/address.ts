/**
 * The first line of an address as matching compares it: the house (number, or name when there is no number) and
 * the street, normalised for case, punctuation and the usual abbreviations ("12a Hollins Rd." and "12A HOLLINS
 * ROAD" agree). Flat numbers and the town are left out: "Flat 3, 27 Castle Street, Edgeley" is house 27 on
 * Castle Street.
 */
import { jaroWinkler } from './jaro-winkler.js';

export interface AddressKey {
  /** The house number ("27", "12a"), or the house's name when it has no number; '' when neither can be read. */
  house: string;
  /** The street, abbreviations written out ("castle street"); '' when none can be read. */
  street: string;
}

const ABBREVIATIONS: Record<string, string> = {
  rd: 'road', st: 'street', str: 'street', ave: 'avenue', av: 'avenue', ln: 'lane', la: 'lane', cl: 'close',
  cres: 'crescent', cresc: 'crescent', cr: 'crescent', dr: 'drive', ct: 'court', crt: 'court', gdns: 'gardens',
  gdn: 'gardens', pl: 'place', sq: 'square', tce: 'terrace', terr: 'terrace', gr: 'grove', gro: 'grove', pk: 'park',
  wy: 'way', hl: 'hill', mws: 'mews', pde: 'parade', bldgs: 'buildings', ho: 'house', nth: 'north', sth: 'south',
};

/** Words that start a part naming a flat or unit inside a building, not the building or street. */
const UNIT_WORDS = new Set(['flat', 'apartment', 'apt', 'unit', 'room', 'suite', 'maisonette']);

function words(part: string): string[] {
  return part
    .toLowerCase()
    .replace(/['’`.]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean)
    .map((w) => ABBREVIATIONS[w] ?? w);
}

/** The house and street of an address line (its parts separated by commas), or undefined when it has none. */
export function addressKey(address: string | null | undefined): AddressKey | undefined {
  if (!address) return undefined;
  const parts = address.split(/[,\n;]/).map(words).filter((w) => w.length > 0);
  for (let i = 0; i < parts.length; i++) {
    let part = parts[i]!;
    if (UNIT_WORDS.has(part[0]!)) {
      // "Flat 3" alone is the unit; "Flat 3 27 Castle Street" has the building after it.
      part = part.slice(2);
      if (part.length === 0) continue;
    }
    const numberAt = houseNumberAt(part);
    if (numberAt >= 0 && numberAt < part.length - 1) {
      return { house: part[numberAt]!, street: part.slice(numberAt + 1).join(' ') };
    }
    if (numberAt < 0 && i + 1 < parts.length) {
      // A named house ("Rose Cottage, Mill Lane"): the name, then the street in the next part.
      const next = parts[i + 1]!;
      const nextNumber = houseNumberAt(next);
      if (nextNumber >= 0 && nextNumber < next.length - 1) return { house: next[nextNumber]!, street: next.slice(nextNumber + 1).join(' ') };
      return { house: part.join(' '), street: next.join(' ') };
    }
    if (numberAt < 0) return { house: '', street: part.join(' ') };
  }
  return undefined;
}

/** Where the house number is: the last number followed by a word ("2/14 Acacia Road": 14), or -1. */
function houseNumberAt(part: string[]): number {
  for (let i = part.length - 2; i >= 0; i--) if (/^\d+[a-z]?$/.test(part[i]!) && !/^\d/.test(part[i + 1]!)) return i;
  return part.findIndex((w) => /^\d+[a-z]?$/.test(w));
}

/** How two address lines agree: the same house on the same street, the same street only, or neither. */
export type AddressAgreement = 'same' | 'street' | 'differ' | 'missing';

function sameStreet(a: string, b: string): boolean {
  return a === b || (Math.min(a.length, b.length) >= 6 && jaroWinkler(a, b) >= 0.93);
}

export function compareAddressLines(a: string | null | undefined, b: string | null | undefined): AddressAgreement {
  const ka = addressKey(a);
  const kb = addressKey(b);
  if (!ka || !kb || !ka.street || !kb.street) return 'missing';
  if (!sameStreet(ka.street, kb.street)) return 'differ';
  if (ka.house && kb.house && ka.house === kb.house) return 'same';
  return 'street';
}
