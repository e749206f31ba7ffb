/** Normalisation of names and postcodes, shared by loading (stored keys) and matching (comparison). */

/** "Zoë O'Neill-Smith " → "zoe oneill smith": lower case, accents, apostrophes and punctuation removed. */
export function normaliseName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/['’`]/g, '')
    .replace(/[^a-z]+/g, ' ')
    .trim();
}

/** The parts of a (possibly double-barrelled) surname: "smith jones" → ["smith", "jones"]. */
export function nameParts(normalised: string): string[] {
  return normalised.split(' ').filter(Boolean);
}

/** "sk5 6ab" → "SK5 6AB"; undefined when it is not a UK postcode shape. */
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
