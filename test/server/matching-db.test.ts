/**
 * Matching against a real database: blocking keeps candidates few, queries per lookup do not grow with the family,
 * links computed at load time are reused (and only for the same details), and the request-time path stays the
 * safety net when keys or links are missing or out of date.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { InvolvementsResponse, PersonInput } from '../../server/src/api/contract.js';
import { blockingKeys } from '../../server/src/matching/blocking.js';
import { findCandidates, findRecordsOfSourcePeople } from '../../server/src/matching/candidates.js';
import { buildBlockingKeys } from '../../server/src/matching/index-source.js';
import { computeLinks, toMatchPerson } from '../../server/src/matching/links.js';
import type { SourceRecordData } from '../../server/src/sources/types.js';
import { startHarness, type Harness } from './harness.js';
import { CHILD, FATHER, GRANDMOTHER, loadAll, metadata, MOTHER, plantNoRecordLink, RECORDS } from './sample-sources.js';

async function lookup(h: Harness, people: PersonInput[]): Promise<InvolvementsResponse> {
  const res = await h.post('/api/v1/involvements', { child: CHILD, people, reason: 'Assessment of the family under section 17' });
  assert.equal(res.status, 200, await res.clone().text());
  return (await res.json()) as InvolvementsResponse;
}

function housingOf(r: InvolvementsResponse, ref = 0) {
  return r.people[ref]!.services.find((s) => s.service === 'housing')!;
}

/** 3,000 Smiths (and a few Smyths), born across sixty years: what "everyone called Smith" pulls in. */
function manySmiths(): SourceRecordData[] {
  const firsts = ['John', 'Sarah', 'David', 'Emma', 'James', 'Laura', 'Paul', 'Claire', 'Mark', 'Helen'];
  const out: SourceRecordData[] = [];
  for (let i = 0; i < 3000; i++) {
    const y = 1950 + (i % 60);
    const m = String(1 + (i % 12)).padStart(2, '0');
    const d = String(1 + ((i * 7) % 28)).padStart(2, '0');
    out.push({
      sourcePersonId: `SH-S${i}`,
      firstName: firsts[i % firsts.length]!,
      lastName: i % 50 === 0 ? 'Smyth' : 'Smith',
      dateOfBirth: `${y}-${m}-${d}`,
      postcode: `SK${1 + (i % 8)} ${1 + (i % 9)}${'ABDEFGHJLN'[i % 10]}${'PQRSTUWXYZ'[Math.floor(i / 10) % 10]}`,
      involvement: 'historic',
      details: {},
    });
  }
  return out;
}

describe('blocking at scale', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
    await h.loadSource(metadata('housing'), [
      ...manySmiths(),
      { sourcePersonId: 'SH-TARGET', firstName: 'Gemma', lastName: 'Smith', dateOfBirth: '1995-02-07', postcode: 'SK5 6AB', involvement: 'current', details: {} },
    ]);
  });
  after(() => h.close());

  it('reads a handful of candidates, not every Smith, and still finds a swapped date of birth', async () => {
    const source = await h.db.selectFrom('source').selectAll().where('service', '=', 'housing').executeTakeFirstOrThrow();
    const person = toMatchPerson({ firstName: 'Gemma', lastName: 'Smith', dateOfBirth: '1995-07-02', postcode: 'SK5 6AB' });
    const fallback = await findCandidates(h.db, 'housing', source.snapshot_id, blockingKeys([person]), { keysBuilt: false });
    assert.ok(fallback.length > 2900, `before keys are built the surname fallback reads ${fallback.length} rows`);
    const built = await buildBlockingKeys(h.db, 'housing');
    assert.equal(built?.records, 3001);
    const rows = await findCandidates(h.db, 'housing', source.snapshot_id, blockingKeys([person]), { keysBuilt: true });
    assert.ok(rows.length <= 30, `read ${rows.length} candidates`);
    assert.ok(rows.some((r) => r.source_person_id === 'SH-TARGET'), 'the record with day and month swapped is a candidate');
  });

  it('a lookup through the API finds the record with the keys in use', async () => {
    await buildBlockingKeys(h.db, 'housing');
    const r = await lookup(h, [{ firstName: 'Gemma', lastName: 'Smith', dateOfBirth: '1995-07-02', postcode: 'SK5 6AB', gender: 'female' }]);
    const housing = housingOf(r);
    assert.equal(housing.status, 'involved');
    assert.deepEqual(housing.records.map((x) => x.ref), ['housing:SH-TARGET']);
    assert.equal(housing.records[0]!.match.band, 'likely');
  });
});

describe('queries per lookup', () => {
  let h: Harness;
  const statements: string[] = [];
  before(async () => {
    h = await startHarness({}, { onQuery: (sql) => statements.push(sql) });
    await loadAll(h);
    for (const service of Object.keys(RECORDS)) await computeLinks(h.db, service, { people: [MOTHER, FATHER].map((p) => ({ ...p, cmsId: p.cmsId! })) });
  });
  after(() => h.close());

  async function count(people: PersonInput[]): Promise<number> {
    statements.length = 0;
    await lookup(h, people);
    return statements.length;
  }

  it('do not grow with the number of people asked about', async () => {
    const someone = (i: number): PersonInput => ({ firstName: `Person${i}`, lastName: 'Hartley', dateOfBirth: `198${i % 10}-0${1 + (i % 9)}-1${i % 10}`, postcode: 'SK5 6AB' });
    // Four people reach every source (a child for School, adults for the rest) and use stored links.
    const four = await count([MOTHER, FATHER, GRANDMOTHER, CHILD]);
    const twelve = await count([MOTHER, FATHER, GRANDMOTHER, CHILD, ...Array.from({ length: 8 }, (_, i) => someone(i))]);
    const thirty = await count([MOTHER, FATHER, GRANDMOTHER, CHILD, ...Array.from({ length: 26 }, (_, i) => someone(i))]);
    assert.ok(four > 0);
    assert.equal(twelve, four, `4 people: ${four} statements; 12 people: ${twelve}`);
    assert.equal(thirty, four, `4 people: ${four} statements; 30 people: ${thirty}`);
    // One person never needs more than a family: at most one links query and one candidates query per source.
    assert.ok((await count([MOTHER])) <= four);
  });
});

describe('links computed at load time', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
    await loadAll(h);
  });
  after(() => h.close());

  it('are computed for the CMS people the relationship feed describes', async () => {
    await h.db.insertInto('relationship_feed').values({ feed: 'cms', name: 'Mosaic relationships', notes: null, last_updated: '2026-11-20', freshness_days: 7, snapshot_id: 1, record_count: 1, loaded_at: '2026-11-21T02:00:00Z' }).execute();
    await h.db
      .insertInto('cms_relationship')
      .values({ snapshot_id: 1, child_cms_id: CHILD.cmsId!, person_cms_id: FATHER.cmsId!, relationship: 'Father', start_date: null, end_date: null, first_name: FATHER.firstName, last_name: FATHER.lastName, date_of_birth: FATHER.dateOfBirth!, gender: 'male', address: null, postcode: FATHER.postcode! })
      .execute();
    const stats = await computeLinks(h.db, 'police');
    assert.equal(stats?.people, 1);
    assert.equal(stats?.links, 1);
    const links = await h.db.selectFrom('match_link').selectAll().where('service', '=', 'police').execute();
    assert.equal(links.length, 1);
    assert.equal(links[0]!.person_key, `cms:${FATHER.cmsId}`);
    assert.equal(links[0]!.band, 'likely');
    const index = await h.db.selectFrom('match_index').selectAll().where('service', '=', 'police').executeTakeFirstOrThrow();
    assert.ok(index.links_built_at && index.key_count > 0);
  });

  it('are reused by a lookup for the same person with the same details, and not for other details', async () => {
    await computeLinks(h.db, 'housing', { people: [{ ...FATHER, cmsId: FATHER.cmsId! }] });
    // Replace the stored answer with "nothing here": if the lookup reuses the stored link, the nickname record
    // that request-time matching would find is not shown.
    await plantNoRecordLink(h.db, 'housing', FATHER);
    assert.equal(housingOf(await lookup(h, [FATHER])).records.length, 0, 'the stored link was reused');
    // The page describes him differently (a new postcode): matched afresh, the record is back.
    const moved = housingOf(await lookup(h, [{ ...FATHER, postcode: 'SK4 1RU' }]));
    assert.deepEqual(moved.records.map((r) => r.ref), ['housing:SH-2']);
    // Someone the links never saw is matched at request time.
    const stranger = housingOf(await lookup(h, [{ ...FATHER, cmsId: 'P999999' }]));
    assert.deepEqual(stranger.records.map((r) => r.ref), ['housing:SH-2']);
  });

  it("are not computed for people a source's age rule rules out on the day, who are matched if ever asked about", async () => {
    // At the load, the father is 17: police is not shown for him, so no link is stored; a person with no date of
    // birth is linked (the rule cannot be applied).
    const dob = FATHER.dateOfBirth!;
    const at17 = new Date(`${Number(dob.slice(0, 4)) + 17}${dob.slice(4)}T12:00:00Z`);
    const undated = { ...FATHER, cmsId: 'P990001', dateOfBirth: undefined };
    const stats = await computeLinks(h.db, 'police', { people: [{ ...FATHER, cmsId: FATHER.cmsId! }, undated], ageRule: { minAge: 18 }, now: at17 });
    assert.equal(stats?.people, 1);
    assert.equal(stats?.outsideAgeRule, 1);
    const keys = (await h.db.selectFrom('match_link').select('person_key').where('service', '=', 'police').execute()).map((r) => r.person_key);
    assert.deepEqual(keys, ['cms:P990001']);
    // A year on he is asked about: no stored link, so he is matched at request time and his record is shown.
    const police = (await lookup(h, [FATHER])).people[0]!.services.find((s) => s.service === 'police')!;
    assert.equal(police.status, 'involved');
    assert.deepEqual(police.records.map((r) => [r.ref.split(':')[0], r.match.band]), [['police', 'likely']]);
    // Without a rule, everyone is linked.
    const all = await computeLinks(h.db, 'police', { people: [{ ...FATHER, cmsId: FATHER.cmsId! }, undated], now: at17 });
    assert.equal(all?.people, 2);
    assert.equal(all?.outsideAgeRule, 0);
  });

  it('after a reload, stale keys and links are not used: the request-time path still finds the record', async () => {
    await computeLinks(h.db, 'police', { people: [] });
    await h.loadSource(metadata('police'), RECORDS.police!);
    const index = await h.db.selectFrom('match_index').selectAll().where('service', '=', 'police').executeTakeFirstOrThrow();
    const source = await h.db.selectFrom('source').selectAll().where('service', '=', 'police').executeTakeFirstOrThrow();
    assert.notEqual(index.snapshot_id, source.snapshot_id);
    const police = (await lookup(h, [FATHER])).people[0]!.services.find((s) => s.service === 'police')!;
    assert.equal(police.status, 'involved');
    assert.equal(police.records[0]!.match.band, 'likely');
  });
});

describe('every record of a matched source person', () => {
  // One Stockport Homes person: a current tenancy as Gemma Hartley, and an old one under her maiden name at another
  // address with no date of birth (a record no search for "Gemma Hartley, born 1995" would fetch on its own).
  const GEMMA: PersonInput = { cmsId: 'P300001', firstName: 'Gemma', lastName: 'Hartley', dateOfBirth: '1995-07-02', gender: 'female', postcode: 'SK5 6AB' };
  const JONES: PersonInput = { firstName: 'Gemma', lastName: 'Jones', dateOfBirth: '1970-01-01', gender: 'female', postcode: 'SK1 1AA' };
  const TENANCIES: SourceRecordData[] = [
    { sourcePersonId: 'SH-7', firstName: 'Gemma', lastName: 'Hartley', dateOfBirth: '1995-07-02', postcode: 'SK5 6AB', involvement: 'current', organisation: 'Stockport Homes', details: {} },
    { sourcePersonId: 'SH-7', firstName: 'Gemma', lastName: 'Jones', postcode: 'M1 1AA', involvement: 'historic', organisation: 'Old tenancy', details: { note: 'Eviction: case closed' } },
  ];
  let h: Harness;
  before(async () => {
    h = await startHarness();
    await h.loadSource(metadata('housing'), TENANCIES);
    await buildBlockingKeys(h.db, 'housing');
  });
  after(() => h.close());

  const shown = async (people: PersonInput[]) => housingOf(await lookup(h, people)).records.map((r) => r.organisation).sort();

  it('are shown, whoever else the request asks about (matched at request time)', async () => {
    assert.deepEqual(await shown([GEMMA]), ['Old tenancy', 'Stockport Homes']);
    assert.deepEqual(await shown([GEMMA, JONES]), ['Old tenancy', 'Stockport Homes']);
  });

  it("are read for each source's own snapshot and people only: no row of another snapshot or source comes with them", async () => {
    const { snapshot_id: current } = await h.db.selectFrom('source').select('snapshot_id').where('service', '=', 'housing').executeTakeFirstOrThrow();
    const stray = { first_name: 'Gemma', last_name: 'Hartley', first_name_norm: 'gemma', last_name_norm: 'hartley', involvement: 'current', details: '{}' };
    // The same person id in an older housing extract, and in another source whose snapshot number is the current housing one.
    await h.db.insertInto('source_record').values([
      { ...stray, service: 'housing', snapshot_id: current + 100, source_person_id: 'SH-7', organisation: 'Superseded extract' },
      { ...stray, service: 'police', snapshot_id: current, source_person_id: 'SH-7', organisation: 'Another source' },
    ]).execute();
    try {
      const rows = await findRecordsOfSourcePeople(h.db, [
        { service: 'housing', snapshotId: current, sourcePersonIds: ['SH-7'] },
        { service: 'police', snapshotId: current + 100, sourcePersonIds: ['GMP-1'] },
      ]);
      assert.deepEqual(rows.map((r) => r.organisation).sort(), ['Old tenancy', 'Stockport Homes']);
    } finally {
      await h.db.deleteFrom('source_record').where('organisation', 'in', ['Superseded extract', 'Another source']).execute();
    }
  });

  it('are shown when the match comes from a link stored at load time, with the match the person reached', async () => {
    await computeLinks(h.db, 'housing', { people: [{ ...GEMMA, cmsId: GEMMA.cmsId! }] });
    // Keep only the stored link to the current tenancy: the old one must still come with it.
    await h.db.deleteFrom('match_link').where('service', '=', 'housing').where('record_id', 'in', h.db.selectFrom('source_record').select('id').where('organisation', '=', 'Old tenancy')).execute();
    const links = await h.db.selectFrom('match_link').select(['record_id', 'band']).where('person_key', '=', `cms:${GEMMA.cmsId}`).execute();
    assert.equal(links.length, 1, 'one stored link, to the current tenancy');
    const housing = housingOf(await lookup(h, [GEMMA]));
    assert.deepEqual(housing.records.map((r) => [r.organisation, r.match.band]).sort(), [['Old tenancy', links[0]!.band], ['Stockport Homes', links[0]!.band]]);
  });
});
