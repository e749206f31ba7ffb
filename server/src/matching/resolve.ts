/**
 * From scored candidates to what is shown, per person and source:
 *
 * 1. One source person, one answer: a source's own person id ties its records together (a past and a current
 *    tenancy), so every record of a source person shows the best match any of them reached, and "not this
 *    person" feedback (which names a source person) hides them all.
 * 2. Two different source people cannot both be this person with confidence. When several reach `likely`, the
 *    clear best keeps it and the others drop to `possible`; when none is clearly best, all drop to `possible`,
 *    saying why. When one is `confirmed` by an identifier, the others drop to `possible`.
 * 3. But two source ids are not always two people: a source may hold one person twice (a duplicate tenancy
 *    account). When the records of two `likely` source people agree with each other as strongly as a likely match
 *    (`samePerson`), they are taken as one person: both keep `likely`, which strengthens the match instead of
 *    splitting it. "More than one record matches" is said only of records of different people.
 */
import type { MatchBand } from '../api/contract.js';
import { dominates, type MatchResult } from './score.js';

/** Bits by which the best of several `likely` source people must lead to keep `likely` (about a moved postcode). */
export const CLEAR_LEAD = 6;

export interface Scored<R> {
  row: R;
  sourcePersonId: string;
  match: MatchResult | null;
}

export interface Resolved<R> {
  row: R;
  sourcePersonId: string;
  match: MatchResult;
}

const RANK: Record<MatchBand, number> = { confirmed: 3, likely: 2, possible: 1 };

function better(a: MatchResult, b: MatchResult): boolean {
  return RANK[a.band] > RANK[b.band] || (RANK[a.band] === RANK[b.band] && a.score > b.score);
}

/** True when two records of one source describe one person (links.ts recordsOfOnePerson). */
export type SamePerson<R> = (a: R, b: R) => boolean;

export function resolveMatches<R>(scored: readonly Scored<R>[], samePerson?: SamePerson<R>): Resolved<R>[] {
  const groups = new Map<string, { best: MatchResult | null; rows: R[] }>();
  for (const s of scored) {
    const group = groups.get(s.sourcePersonId) ?? { best: null, rows: [] };
    group.rows.push(s.row);
    if (s.match && (!group.best || better(s.match, group.best))) group.best = s.match;
    groups.set(s.sourcePersonId, group);
  }
  const matched = [...groups.entries()].filter((e): e is [string, { best: MatchResult; rows: R[] }] => e[1].best !== null);

  const confirmed = matched.some(([, g]) => g.best.band === 'confirmed');
  const likely = matched.filter(([, g]) => g.best.band === 'likely').sort((a, b) => b[1].best.score - a[1].best.score);
  const downgraded = new Map<string, string>();
  const duplicates = new Map<string, string>();
  if (!confirmed && likely.length > 1 && samePerson) {
    // The source's duplicates of the best: the same person under another source id.
    const top = likely[0]![1].rows;
    for (let i = likely.length - 1; i > 0; i--) {
      const [id, group] = likely[i]!;
      if (group.rows.some((r) => top.some((t) => samePerson(t, r)))) {
        duplicates.set(id, 'Another record in this source describes the same person (a duplicate): both shown');
        likely.splice(i, 1);
      }
    }
    if (duplicates.size) duplicates.set(likely[0]![0], 'Another record in this source describes the same person (a duplicate): both shown');
  }
  if (confirmed) {
    for (const [id] of likely) downgraded.set(id, 'Another record in this source is linked to this person by an identifier');
  } else if (likely.length > 1) {
    const [top, second] = [likely[0]![1].best, likely[1]![1].best];
    const clear = top.score - second.score >= CLEAR_LEAD || Boolean(top.levels && second.levels && dominates(top.levels, second.levels));
    likely.forEach(([id], i) => {
      if (i === 0 && clear) return;
      downgraded.set(
        id,
        clear ? 'Another record in this source matches this person better' : 'More than one record in this source matches this person: check which is theirs',
      );
    });
  }
  // A duplicate shares the fate of the record it duplicates.
  const topNote = duplicates.size ? downgraded.get(likely[0]![0]) : undefined;
  if (topNote) for (const id of duplicates.keys()) downgraded.set(id, topNote);

  const out: Resolved<R>[] = [];
  for (const [sourcePersonId, group] of matched) {
    const note = downgraded.get(sourcePersonId);
    const duplicate = duplicates.get(sourcePersonId);
    const match: MatchResult = note
      ? { band: 'possible', score: group.best.score, basis: [...group.best.basis, ...(duplicate ? [duplicate] : []), note] }
      : duplicate
        ? { ...group.best, basis: [...group.best.basis, duplicate] }
        : group.best;
    for (const row of group.rows) out.push({ row, sourcePersonId, match });
  }
  return out;
}

/**
 * Across the people of one request (a family): one source person cannot be two of them. When a record reaches
 * `likely` for several people, the clear best keeps it (more bits by CLEAR_LEAD, or better on every field: the
 * twin whose first name it carries) and the others drop to `possible`; otherwise all drop to `possible`.
 * `confirmed` is never changed, and a confirmed claim sends the other people's `likely` to `possible`.
 */
export function resolveAcrossPeople<R>(perPerson: Resolved<R>[][]): Resolved<R>[][] {
  const claims = new Map<string, Array<{ person: number; match: MatchResult }>>();
  perPerson.forEach((list, person) => {
    const seen = new Set<string>();
    for (const r of list) {
      if (seen.has(r.sourcePersonId) || r.match.band === 'possible') continue;
      seen.add(r.sourcePersonId);
      claims.set(r.sourcePersonId, [...(claims.get(r.sourcePersonId) ?? []), { person, match: r.match }]);
    }
  });
  const notes = new Map<string, string>();
  for (const [sourcePersonId, list] of claims) {
    if (list.length < 2) continue;
    const sorted = [...list].sort((a, b) => RANK[b.match.band] - RANK[a.match.band] || b.match.score - a.match.score);
    const [top, second] = [sorted[0]!.match, sorted[1]!.match];
    const clear =
      RANK[top.band] > RANK[second.band] ||
      top.score - second.score >= CLEAR_LEAD ||
      Boolean(top.levels && second.levels && dominates(top.levels, second.levels));
    sorted.forEach(({ person, match }, i) => {
      if (match.band === 'confirmed' || (i === 0 && clear)) return;
      notes.set(
        `${person}|${sourcePersonId}`,
        clear ? 'Another person in this family matches this record better' : 'This record matches more than one person in this family: check which is theirs',
      );
    });
  }
  if (notes.size === 0) return perPerson;
  return perPerson.map((list, person) =>
    list.map((r) => {
      const note = notes.get(`${person}|${r.sourcePersonId}`);
      return note ? { ...r, match: { ...r.match, band: 'possible' as const, basis: [...r.match.basis, note] } } : r;
    }),
  );
}
