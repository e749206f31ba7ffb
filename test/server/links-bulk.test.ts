/**
 * Links computed at load time in bulk (bulk-candidates.ts, bulk-link.ts, worker threads on a SQLite file) must be
 * exactly the links the reference path gives: findCandidates + scoreCandidates (what lookups use) for the same batches, scored one pair at a
 * time by scoreMatch. A synthetic council with its hard cases (twins, namesakes, nicknames, moves, swapped dates)
 * is linked both ways and every stored row compared; the shortcut that skips pairs (cannotMatch) is checked
 * against scoreMatch itself on every candidate pair.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { generateCouncil, type Resident } from '../../fixtures/council/generate.js';
import { CORE_SERVICES } from '../../fixtures/council/sources.js';
import { blockingKeys } from '../../server/src/matching/blocking.js';
import { cannotMatch } from '../../server/src/matching/bulk-link.js';
import { findCandidates } from '../../server/src/matching/candidates.js';
import { buildBlockingKeys } from '../../server/src/matching/index-source.js';
import { computeLinks, scoreCandidates, toCandidate, toMatchPerson, type LinkPersonInput } from '../../server/src/matching/links.js';
import { fingerprint, personKey } from '../../server/src/matching/person-key.js';
import { DEFAULT_THRESHOLDS, scoreMatch } from '../../server/src/matching/score.js';
import { startHarness, TODAY, type Harness } from './harness.js';
import { testDatabaseKind } from './test-database.js';

/** computeLinks' batch size: the reference must batch people the same way (scoreCandidates depends on it). */
const PEOPLE_PER_QUERY = 200;

/** Every resident, as the CMS would describe them (more people than a CMS holds, so more pairs to compare). */
function everyone(residents: Resident[]): LinkPersonInput[] {
  return residents.map((r) => ({ cmsId: r.cmsId ?? `CMS-${r.id}`, firstName: r.firstName, lastName: r.lastName, dateOfBirth: r.dateOfBirth, gender: r.gender, postcode: r.postcode }));
}

type LinkRow = [string, string, number | null, string | null, number | null, string | null];

async function storedLinks(h: Harness, service: string): Promise<LinkRow[]> {
  const rows = await h.db
    .selectFrom('match_link')
    .select(['person_key', 'fingerprint', 'record_id', 'band', 'score', 'basis'])
    .where('service', '=', service)
    .execute();
  return sortRows(rows.map((r) => [r.person_key, r.fingerprint, r.record_id === null ? null : Number(r.record_id), r.band, r.score === null ? null : Number(r.score), r.basis]));
}

function sortRows(rows: LinkRow[]): LinkRow[] {
  return rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : (a[2] ?? -1) - (b[2] ?? -1)));
}

/** What computeLinks must store: the one-at-a-time path on the same batches, one row per match or one "none here". */
async function referenceLinks(h: Harness, service: string, people: LinkPersonInput[]): Promise<LinkRow[]> {
  const source = await h.db.selectFrom('source').select('snapshot_id').where('service', '=', service).executeTakeFirstOrThrow();
  const out: LinkRow[] = [];
  for (let i = 0; i < people.length; i += PEOPLE_PER_QUERY) {
    const batch = people.slice(i, i + PEOPLE_PER_QUERY).map(toMatchPerson);
    const candidates = await findCandidates(h.db, service, Number(source.snapshot_id), blockingKeys(batch), { keysBuilt: true });
    const results = scoreCandidates(candidates, batch, { keysBuilt: true, thresholds: DEFAULT_THRESHOLDS });
    batch.forEach((person, k) => {
      const matches = results[k]!;
      if (!matches.length) out.push([personKey(person), fingerprint(person), null, null, null, null]);
      for (const { row, match } of matches) out.push([personKey(person), fingerprint(person), Number(row.id), match.band, match.score, JSON.stringify(match.basis)]);
    });
  }
  return sortRows(out);
}

describe('links computed in bulk', () => {
  let h: Harness;
  let people: LinkPersonInput[];
  const reference = new Map<string, LinkRow[]>();

  before(async () => {
    h = await startHarness();
    const council = generateCouncil({ seed: 11, residents: 3000, today: TODAY });
    for (const service of CORE_SERVICES) await h.loadSource(council.sources[service].metadata, council.sources[service].records);
    people = everyone(council.residents);
    // Keys (and links) first, then the reference read the one-at-a-time way.
    for (const service of CORE_SERVICES) {
      await computeLinks(h.db, service, { people, workers: 0 });
      reference.set(service, await referenceLinks(h, service, people));
    }
  });
  after(() => h.close());

  it('has a council worth comparing: thousands of people, links in every band', () => {
    assert.ok(people.length > 2000, `${people.length} CMS people`);
    const all = [...reference.values()].flat();
    for (const band of ['confirmed', 'likely', 'possible']) assert.ok(all.some((r) => r[3] === band), `no ${band} link in the reference`);
    assert.ok(all.filter((r) => r[2] !== null).length > 500, 'too few links to compare');
  });

  it('stores exactly the reference links when linking on the main thread', async () => {
    for (const service of CORE_SERVICES) {
      await computeLinks(h.db, service, { people, workers: 0 });
      assert.deepEqual(await storedLinks(h, service), reference.get(service), service);
    }
  });

  // Worker threads are started on a SQLite file; on PostgreSQL the same call links on the main thread.
  it('stores exactly the reference links when asked to link in worker threads', async () => {
    for (const service of CORE_SERVICES) {
      const stats = await computeLinks(h.db, service, { people, workers: 2, workerThreshold: 0 });
      assert.ok(stats && stats.people === people.length);
      assert.equal(stats.workers, testDatabaseKind() === 'sqlite' ? 2 : 0, 'worker threads used');
      assert.deepEqual(await storedLinks(h, service), reference.get(service), service);
    }
  });

  // The key worker, too, is started on a SQLite file only.
  it('builds exactly the same blocking keys in a worker thread as on the main thread', async () => {
    const keysOf = async (service: string) =>
      (await h.db.selectFrom('match_key').select(['block_key', 'record_id']).where('service', '=', service).execute())
        .map((r) => `${r.block_key}|${Number(r.record_id)}`)
        .sort();
    for (const service of CORE_SERVICES) {
      const here = await buildBlockingKeys(h.db, service, { force: true, worker: false });
      const expected = await keysOf(service);
      assert.ok(here && !here.worker && expected.length > 100, `${service}: ${expected.length} keys`);
      const inWorker = await buildBlockingKeys(h.db, service, { force: true, worker: true });
      assert.equal(inWorker?.worker, testDatabaseKind() === 'sqlite', 'key worker used');
      assert.equal(inWorker?.keys, here.keys);
      assert.equal(inWorker?.records, here.records);
      assert.deepEqual(await keysOf(service), expected, service);
    }
    // Links computed afterwards (with the worker's keys) are still the reference.
    await computeLinks(h.db, 'housing', { people, workers: 0 });
    assert.deepEqual(await storedLinks(h, 'housing'), reference.get('housing'));
  });

  it('replaces, never adds to, a source\'s links when they are computed again', async () => {
    await computeLinks(h.db, 'housing', { people, workers: 0 });
    await computeLinks(h.db, 'housing', { people, workers: 0 });
    assert.deepEqual(await storedLinks(h, 'housing'), reference.get('housing'));
  });

  it('skips a pair (cannotMatch) only when scoreMatch would refuse it', async () => {
    let skipped = 0;
    let scored = 0;
    for (const service of CORE_SERVICES) {
      const source = await h.db.selectFrom('source').select('snapshot_id').where('service', '=', service).executeTakeFirstOrThrow();
      for (let i = 0; i < people.length; i += PEOPLE_PER_QUERY) {
        const batch = people.slice(i, i + PEOPLE_PER_QUERY).map(toMatchPerson);
        const candidates = await findCandidates(h.db, service, Number(source.snapshot_id), blockingKeys(batch), { keysBuilt: true });
        for (const person of batch) {
          for (const record of candidates) {
            if (!cannotMatch(person, record)) continue;
            skipped++;
            const match = scoreMatch(person, toCandidate(record), DEFAULT_THRESHOLDS);
            if (match) scored++;
            assert.equal(match, null, `cannotMatch skipped a pair scoreMatch matches (${match?.band}: ${match?.basis.join('; ')})`);
          }
        }
      }
    }
    assert.ok(skipped > 10_000, `only ${skipped} pairs skipped: the check saw too little`);
    assert.equal(scored, 0);
  });
});
