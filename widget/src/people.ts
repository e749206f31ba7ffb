/**
 * The people listed in the panel: each keeps its index in `context.people` (what requests and results are keyed
 * by) and is shown youngest first, people with no date of birth last.
 */
import type { PersonInput } from '../../server/src/api/contract.js';
import { parseIsoDate } from './format.js';

export interface ListedPerson {
  /** Index in `context.people`. */
  index: number;
  person: PersonInput;
}

function birthKey(person: PersonInput): number | undefined {
  const d = parseIsoDate(person.dateOfBirth);
  return d ? Date.UTC(d.year, d.month - 1, d.day) : undefined;
}

/** Youngest first (latest date of birth first); no date of birth last; ties keep the CMS's order. */
export function youngestFirst(people: readonly PersonInput[]): ListedPerson[] {
  return people
    .map((person, index) => ({ person, index, key: birthKey(person) }))
    .sort((a, b) => {
      if (a.key === undefined || b.key === undefined) {
        if (a.key === b.key) return a.index - b.index;
        return a.key === undefined ? 1 : -1;
      }
      return b.key - a.key || a.index - b.index;
    })
    .map(({ person, index }) => ({ person, index }));
}
