/**
 * Reads a whole name as a CMS page shows it ("Mairéad Nic Dhonnchadha", "UA BRIAIN, Niamh (née McGRATH)",
 * "Liam Doyle (Jnr)", "Maryam Haddad مريم حداد") into the first name and surname the service searches with.
 *
 * - Surname particles stay with the surname: Ní, Nic, Ó, Ua, Mac, Mc, bin, bint, ibn, al, ap, van, von, de,
 *   de la, da, di, le (and their companions: der, den, del, della, du, la, an, y). A council can add or remove
 *   particles in the config (`names.particles`, `names.notParticles`).
 * - Suffixes (Snr, Jnr, Sr, Jr, II, III, IV) are not part of either name; `names.suffixes` adds more.
 * - Bracketed parts: "(née X)" / "(nee X)" / "(formerly X)" / "(born X)" give a former surname; a bracketed
 *   suffix is a suffix; a bracketed name in another script is an alias; anything else is dropped, and said.
 * - An alias in another script beside a Latin-script name ("Maryam Haddad مريم حداد") is left out: the Latin
 *   name is read. A name written only in another script is read as it is.
 * - Titles (Mr, Mrs, Ms, Miss, Mx, Dr, Master) are not names. "SURNAME, First" is read surname first whatever
 *   `nameOrder` says; without a comma, `nameOrder` decides.
 */

export type NameOrder = 'first-last' | 'last-first';

export interface NameRules {
  order: NameOrder;
  /** More particles (any letter case), e.g. ["Ap", "Fitz"]. */
  particles?: readonly string[];
  /** Built-in particles that are not particles on this CMS, e.g. ["Van"] where it is a middle name. */
  notParticles?: readonly string[];
  /** More suffixes, e.g. ["OBE"]. */
  suffixes?: readonly string[];
}

export interface NameReading {
  firstName: string;
  lastName: string;
  /** Former surnames given in brackets ("née Brennan"). */
  previousLastNames: string[];
  /** What was not read as a name, for shim-check: the suffix, an alias, a title. */
  setAside: string[];
  /** Bracketed parts dropped because they are none of the above: each gives a warning. */
  dropped: string[];
}

const PARTICLES = [
  'ní', 'nic', 'ó', 'o', 'ua', 'uí', 'mac', 'mhic', 'mc', 'bin', 'bint', 'binti', 'ibn', 'al', 'el', 'ap', 'ab',
  'van', 'von', 'de', 'der', 'den', 'del', 'della', 'des', 'di', 'da', 'dos', 'das', 'du', 'la', 'le', 'an', 'y',
  'ter', 'ten',
];
const SUFFIXES = ['snr', 'sr', 'senior', 'jnr', 'jr', 'junior', 'ii', 'iii', 'iv'];
const TITLES = ['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'master', 'prof', 'rev', 'sir', 'dame', 'lady', 'lord'];
const FORMER = /^(?:n[ée]e|n[ée]|born|formerly|previously|maiden(?: name)?|prev\.?|f\/k\/a|fka)[:\s]+(.+)$/i;

const word = (token: string): string => token.toLowerCase().replace(/\.$/, '');
const hasLetters = (text: string): boolean => /\p{L}/u.test(text);
const isLatin = (text: string): boolean => /\p{Script=Latin}/u.test(text);
/** Letters, none of them Latin: Arabic, Cyrillic, Greek, Han… */
const isOtherScript = (text: string): boolean => hasLetters(text) && !isLatin(text);

export function readWholeName(raw: string, rules: NameRules): NameReading {
  const particles = new Set([...PARTICLES, ...(rules.particles ?? []).map(word)]);
  for (const p of rules.notParticles ?? []) particles.delete(word(p));
  const suffixes = new Set([...SUFFIXES, ...(rules.suffixes ?? []).map(word)]);
  const reading: NameReading = { firstName: '', lastName: '', previousLastNames: [], setAside: [], dropped: [] };

  // 1. Bracketed parts.
  let text = raw.replace(/\s+/g, ' ').trim();
  text = text.replace(/\s*[([]([^()[\]]*)[)\]]\s*/g, (_all, inner: string) => {
    const part = inner.trim();
    const former = FORMER.exec(part);
    if (former) reading.previousLastNames.push(former[1]!.trim());
    else if (suffixes.has(word(part))) reading.setAside.push(part);
    else if (isOtherScript(part)) reading.setAside.push(part);
    else if (part) reading.dropped.push(`(${part})`);
    return ' ';
  });
  text = text.replace(/\s+/g, ' ').trim();

  // 2. An alias in another script beside a Latin-script name.
  let tokens = text.split(' ').filter(Boolean);
  if (tokens.some(isLatin) && tokens.some(isOtherScript)) {
    reading.setAside.push(tokens.filter(isOtherScript).join(' '));
    tokens = tokens.filter((t) => !isOtherScript(t));
    text = tokens.join(' ').replace(/\s+,/g, ',');
  }

  // 3. Surname first when there is a comma.
  const comma = text.indexOf(',');
  if (comma >= 0) {
    const surname = withoutSuffixes(text.slice(0, comma).trim().split(' ').filter(Boolean), suffixes, reading);
    const givenWords = text.slice(comma + 1).trim().split(/[ ,]+/).filter(Boolean);
    const given = withoutTitles(withoutSuffixes(givenWords, suffixes, reading), reading);
    if (given.length || rules.order === 'last-first') {
      reading.lastName = surname.join(' ');
      reading.firstName = given[0] ?? '';
      return reading;
    }
    tokens = surname;
  }

  tokens = withoutSuffixes(withoutTitles(tokens, reading), suffixes, reading);
  if (tokens.length === 0) return reading;
  if (tokens.length === 1) {
    reading.lastName = tokens[0]!;
    return reading;
  }
  if (rules.order === 'last-first') {
    // "UA BRIAIN Niamh": the particles, then one word, are the surname; the next word is the first name.
    let end = 0;
    while (end < tokens.length - 2 && particles.has(word(tokens[end]!))) end += 1;
    reading.lastName = tokens.slice(0, end + 1).join(' ');
    reading.firstName = tokens[end + 1]!;
    return reading;
  }
  // "Mairéad Nic Dhonnchadha", "Eimear Mac an tSaoir", "Juan de la Cruz": the last word and the particles before it.
  let start = tokens.length - 1;
  while (start > 1 && particles.has(word(tokens[start - 1]!))) start -= 1;
  reading.firstName = tokens[0]!;
  reading.lastName = tokens.slice(start).join(' ');
  return reading;
}

function withoutSuffixes(tokens: string[], suffixes: Set<string>, reading: NameReading): string[] {
  const kept = [...tokens];
  // Only at the end ("Declan Jnr", "Marcus II"), and never the only word left.
  while (kept.length > 1 && suffixes.has(word(kept[kept.length - 1]!).replace(/,$/, ''))) {
    reading.setAside.push(kept.pop()!);
  }
  return kept;
}

function withoutTitles(tokens: string[], reading: NameReading): string[] {
  const kept = [...tokens];
  while (kept.length > 1 && TITLES.includes(word(kept[0]!))) reading.setAside.push(kept.shift()!);
  return kept;
}
