/**
 * Scoring a batch of people against its candidates when links are computed at load time: the same answer as
 * links.ts scoreCandidates gives for the same batch and candidates (same records per person, visited in the same
 * order, resolved by the same resolveMatches), with two savings for the bulk path:
 *
 * - the candidates come filed under their keys already (bulk-candidates.ts), so no record's keys are recomputed;
 * - a pair that cannot match is not scored. Most candidates share only a date of birth or a surname sound with
 *   the person; a pair whose first names (read either way round) and dates of birth both differ scores far below
 *   every band whatever else agrees (unless an identifier decides), so those pairs go to resolveMatches unscored
 *   (null), exactly as scoreMatch would have left them. First names repeat across a council, so their comparison
 *   is remembered.
 */
import type { Resolved } from './resolve.js';
import { resolveMatches, type SamePerson } from './resolve.js';
import type { BatchCandidates, BulkCandidate, LinkCandidate } from './bulk-candidates.js';
import type { BlockingKeys } from './blocking.js';
import { personLookupKeys } from './blocking.js';
import { compareDateOfBirth, compareFirstName } from './compare.js';
import type { MatchPerson, MatchResult } from './score.js';

export type ScorePair = (person: MatchPerson, record: LinkCandidate) => MatchResult | null;

/** A batch's people with the keys each is looked up by (personLookupKeys), and the keys to search the batch by. */
export interface KeyedBatch {
  people: MatchPerson[];
  personKeys: string[][];
  /** The same lists as blockingKeys(people) (its `lastNames` are not needed once keys are built). */
  search: BlockingKeys;
}

export function keyBatch(people: MatchPerson[]): KeyedBatch {
  const personKeys = people.map(personLookupKeys);
  const keys = new Set<string>();
  const dates = new Set<string>();
  const cmsIds = new Set<string>();
  for (const list of personKeys) {
    for (const key of list) {
      if (key.startsWith('dob:')) dates.add(key.slice(4));
      else if (key.startsWith('cms:')) cmsIds.add(key.slice(4));
      else keys.add(key);
    }
  }
  return { people, personKeys, search: { cmsIds: [...cmsIds], datesOfBirth: [...dates], keys: [...keys], lastNames: [] } };
}

/** Marks linkBatch gives the people it gathers records for, one each. */
let lastMark = 0;

/** Per person of the batch, in order: the resolved matches. */
export function linkBatch(
  batch: KeyedBatch,
  candidates: BatchCandidates,
  score: ScorePair,
  samePerson?: SamePerson<LinkCandidate>,
): Array<Resolved<LinkCandidate>[]> {
  const { byKey, bySourcePerson } = candidates;
  return batch.people.map((person, i) => {
    // The records scoreCandidates gives this person, in its order: those sharing a key, key by key in id order,
    // then the other records of their source people among the batch's candidates. Each once: a record already
    // gathered for this person carries their mark.
    const mark = ++lastMark;
    const mine: BulkCandidate[] = [];
    for (const key of batch.personKeys[i]!) {
      const list = byKey.get(key);
      if (list) {
        for (const record of list) {
          if (record.mark === mark) continue;
          record.mark = mark;
          mine.push(record);
        }
      }
    }
    if (bySourcePerson.size) {
      const sharing = mine.length;
      for (let j = 0; j < sharing; j++) {
        const others = bySourcePerson.get(mine[j]!.source_person_id);
        if (!others) continue;
        for (const other of others) {
          if (other.mark === mark) continue;
          other.mark = mark;
          mine.push(other);
        }
      }
    }
    // Scored in that order; unscored (null) when the pair cannot match.
    const verdicts = firstNameVerdictsFor(person.firstNameNorm);
    let matches: Array<MatchResult | null> | undefined;
    for (let k = 0; k < mine.length; k++) {
      const record = mine[k]!;
      const match = cannotMatch(person, record, verdicts) ? null : score(person, record);
      if (match) {
        matches ??= new Array<MatchResult | null>(mine.length).fill(null);
        matches[k] = match;
      }
    }
    // Nothing matched: resolveMatches would return nothing.
    if (!matches) return [];
    return resolveMatches(
      mine.map((record, k) => ({ row: record as LinkCandidate, sourcePersonId: record.source_person_id, match: matches[k]! })),
      samePerson,
    );
  });
}

/**
 * True when scoreMatch is certain to refuse the pair: no identifier decides it (a shared CMS id or NHS number,
 * or two CMS ids that differ), the dates of birth differ, and the first name differs from the record's first name
 * and from its last name (names given the other way round). Those two disagreements weigh about -14 bits, more
 * than every other field's agreement can make up to reach any band (test/server/links-bulk.test.ts checks this
 * against scoreMatch itself).
 */
export function cannotMatch(person: MatchPerson, record: LinkCandidate, verdicts = firstNameVerdictsFor(person.firstNameNorm)): boolean {
  if (person.cmsId && record.cms_id) return false;
  if (person.nhsNumber && record.nhs_number && person.nhsNumber === record.nhs_number) return false;
  if (compareDateOfBirth(person.dateOfBirth, record.date_of_birth ?? undefined) !== 'differ') return false;
  return firstNamesDiffer(person.firstNameNorm, record.first_name_norm, verdicts) && firstNamesDiffer(person.firstNameNorm, record.last_name_norm, verdicts);
}

/** Remembered comparisons of first names, by one name then the other; cleared when full, so memory stays flat. */
const firstNameVerdicts = new Map<string, Map<string, boolean>>();
let verdictCount = 0;
const VERDICTS_KEPT = 200_000;

function firstNameVerdictsFor(name: string): Map<string, boolean> {
  let verdicts = firstNameVerdicts.get(name);
  if (!verdicts) {
    verdicts = new Map();
    firstNameVerdicts.set(name, verdicts);
  }
  return verdicts;
}

function firstNamesDiffer(a: string, b: string, verdicts: Map<string, boolean>): boolean {
  if (a === b) return false;
  let verdict = verdicts.get(b);
  if (verdict === undefined) {
    verdict = compareFirstName(a, b) === 'differ';
    if (++verdictCount > VERDICTS_KEPT) {
      // Forget the others; this name's own table is kept (its caller holds it).
      for (const [name, table] of firstNameVerdicts) if (table !== verdicts) firstNameVerdicts.delete(name);
      verdicts.clear();
      verdictCount = 1;
    }
    verdicts.set(b, verdict);
  }
  return verdict;
}
