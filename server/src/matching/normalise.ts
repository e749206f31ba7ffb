/** Normalisation of names, dates and postcodes, shared by loading (stored keys) and matching (comparison). */

/** "Zoë O'Neill-Smith " → "zoe oneill smith": lower case, accents, apostrophes and punctuation removed. */
export function normaliseName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .replace(/ł/g, 'l')
    .replace(/Ł/g, 'l')
    .replace(/ß/g, 'ss')
    .replace(/[æÆ]/g, 'ae')
    .replace(/[øØ]/g, 'o')
    .toLowerCase()
    .replace(/['’`‘]/g, '')
    .replace(/[^a-z]+/g, ' ')
    .trim();
}

/** The parts of a (possibly double-barrelled) surname: "smith jones" → ["smith", "jones"]. */
export function nameParts(normalised: string): string[] {
  return normalised.split(' ').filter(Boolean);
}

/** "o neill" → "oneill": the name with its spaces removed, so "O Neill", "O'Neill" and "ONeill" agree. */
export function compactName(normalised: string): string {
  return normalised.replace(/ /g, '');
}

/**
 * The surname forms a record can be found under: the whole name without spaces and each part of a
 * double-barrelled name ("smith jones" → ["smithjones", "smith", "jones"]). Parts of one letter are left out.
 */
export function surnameForms(normalised: string): string[] {
  const forms = new Set<string>();
  const whole = compactName(normalised);
  if (whole) forms.add(whole);
  const parts = nameParts(normalised);
  if (parts.length > 1) for (const part of parts) if (part.length > 1) forms.add(part);
  return [...forms];
}

const SOUNDEX_CODES: Record<string, string> = {
  b: '1', f: '1', p: '1', v: '1',
  c: '2', g: '2', j: '2', k: '2', q: '2', s: '2', x: '2', z: '2',
  d: '3', t: '3',
  l: '4',
  m: '5', n: '5',
  r: '6',
};

/**
 * American Soundex of a normalised name ("robert" → "R163", "rupert" → "R163"): names that sound alike share
 * a code, so a blocking key built on it survives most spelling slips after the first letter.
 */
export function soundex(normalised: string): string {
  const letters = compactName(normalised);
  if (!letters) return '';
  let code = letters[0]!.toUpperCase();
  let previous = SOUNDEX_CODES[letters[0]!] ?? '';
  for (let i = 1; i < letters.length && code.length < 4; i++) {
    const ch = letters[i]!;
    const digit = SOUNDEX_CODES[ch];
    if (digit) {
      if (digit !== previous) code += digit;
      previous = digit;
    } else if (ch !== 'h' && ch !== 'w') {
      // A vowel separates two letters with the same code; h and w do not.
      previous = '';
    }
  }
  return code.padEnd(4, '0');
}

/** "sk56ab" → "SK5 6AB"; undefined when it is not a UK postcode shape. */
export function normalisePostcode(postcode: string | undefined | null): string | undefined {
  if (!postcode) return undefined;
  const compact = postcode.toUpperCase().replace(/[^A-Z0-9]/g, '');
  if (!/^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$/.test(compact)) return undefined;
  return `${compact.slice(0, -3)} ${compact.slice(-3)}`;
}

/** "SK5 6AB" → "SK5". */
export function postcodeDistrict(postcode: string): string {
  return postcode.split(' ')[0] ?? postcode;
}

/** "SK5 6AB" → "SK5 6": the district and the sector digit. */
export function postcodeSector(postcode: string): string {
  return postcode.slice(0, postcode.length - 2);
}

/** "SK5 6AB" → "SK". */
export function postcodeArea(postcode: string): string {
  return /^[A-Z]+/.exec(postcode)?.[0] ?? '';
}

/** True when the postcode lies in one of the areas ("SK") or districts ("SK5") listed. An empty list covers all. */
export function postcodeWithin(postcode: string, areas: readonly string[]): boolean {
  if (areas.length === 0) return true;
  const district = postcodeDistrict(postcode);
  const area = postcodeArea(postcode);
  return areas.some((a) => {
    const wanted = a.toUpperCase().trim();
    return wanted === district || wanted === area;
  });
}

/** A real calendar date in the form YYYY-MM-DD, or undefined. */
export function normaliseDate(date: string | undefined | null): string | undefined {
  if (!date || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return undefined;
  const [y, m, d] = [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
  const check = new Date(Date.UTC(y, m - 1, d));
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) return undefined;
  return date;
}

/** The date with day and month swapped ("1992-03-04" → "1992-04-03"), when that is another real date. */
export function swappedDate(date: string): string | undefined {
  const m = date.slice(5, 7);
  const d = date.slice(8, 10);
  if (m === d) return undefined;
  return normaliseDate(`${date.slice(0, 4)}-${d}-${m}`);
}
