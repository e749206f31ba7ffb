/**
 * The words a council lists in a shim config (relationships, deceased markers, section headings), matched
 * against what the page shows. Each entry is one of:
 *
 *   "Mother's partner"     the whole text, any letter case, curly or straight apostrophes, spaces tidied
 *   "Nan*", "*grandmother*" a wildcard: * stands for any characters (the whole text must fit)
 *   "/^deceased\b/"        a regular expression between slashes (any letter case), found anywhere in the text
 */

export type TextMatcher = (text: string) => boolean;

export const normalText = (text: string): string =>
  text.replace(/[\u2018\u2019\u02bc`]/g, "'").replace(/\s+/g, ' ').trim().toLowerCase();

const REGEX = /^\/(.+)\/([a-z]*)$/s;

/** Why an entry cannot be used, or undefined (for the config's validation). */
export function patternProblem(entry: string): string | undefined {
  const regex = REGEX.exec(entry);
  if (!regex) return undefined;
  try {
    new RegExp(regex[1]!, withI(regex[2]!));
    return undefined;
  } catch {
    return `"${entry}" is not a valid regular expression`;
  }
}

const withI = (flags: string): string => (flags.includes('i') ? flags : `${flags}i`).replace(/[gy]/g, '');

function compileOne(entry: string): { exact?: string; test?: RegExp } {
  const regex = REGEX.exec(entry);
  if (regex) return { test: new RegExp(regex[1]!, withI(regex[2]!)) };
  const normal = normalText(entry);
  if (!normal.includes('*')) return { exact: normal };
  const source = normal
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return { test: new RegExp(`^${source}$`, 'i') };
}

/**
 * A matcher for a list of entries. `exactFirst` reports whether an entry matches the text as written (not by a
 * pattern), so a word listed exactly in one list wins over a pattern in the other.
 */
export function compilePatterns(entries: readonly string[]): { matches: TextMatcher; matchesExactly: TextMatcher } {
  const compiled = entries.map(compileOne);
  const exact = new Set(compiled.flatMap((c) => (c.exact !== undefined ? [c.exact] : [])));
  const tests = compiled.flatMap((c) => (c.test ? [c.test] : []));
  return {
    matchesExactly: (text) => exact.has(normalText(text)),
    matches: (text) => exact.has(normalText(text)) || tests.some((t) => t.test(normalText(text))),
  };
}
