/**
 * Name-frequency tables against a real database: built with a snapshot's blocking keys, replaced on reload, read
 * once per snapshot and process (no statement per lookup), and a snapshot without one (keys built before
 * migration 005) still answers, with the flat weights.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { InvolvementsResponse, PersonInput } from '../../server/src/api/contract.js';
import { buildBlockingKeys } from '../../server/src/matching/index-source.js';
import { computeLinks } from '../../server/src/matching/links.js';
import { forgetNameFrequencies, nameFrequenciesForSources, nameFrequenciesOf } from '../../server/src/matching/name-frequency.js';
import type { SourceRecordData } from '../../server/src/sources/types.js';
import { startHarness, type Harness } from './harness.js';
import { CHILD, metadata } from './sample-sources.js';

function tenant(i: number, over: Partial<SourceRecordData> = {}): SourceRecordData {
  return {
    sourcePersonId: `SH-${i}`,
    firstName: ['Sarah', 'Sarah', 'Emma', 'Mary Ann'][i % 4]!,
    lastName: i % 3 === 0 ? 'Smith' : "O'Neill",
    dateOfBirth: `19${80 + (i % 10)}-0${1 + (i % 9)}-1${i % 10}`,
    postcode: 'SK5 6AB',
    involvement: 'historic',
    details: {},
    ...over,
  };
}

async function rows(h: Harness, service: string) {
  return h.db.selectFrom('name_frequency').selectAll().where('service', '=', service).orderBy('field').orderBy('value').execute();
}

describe('name-frequency table', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  it('counts source people (not records) by first name, decade and first name, surname and birth year', async () => {
    // 12 people; SH-0 has a second record, which must not count twice; one person has no date of birth.
    const records = [...Array.from({ length: 12 }, (_, i) => tenant(i)), tenant(0, { involvement: 'current' }), tenant(12, { dateOfBirth: undefined })];
    await h.loadSource(metadata('housing'), records);
    await buildBlockingKeys(h.db, 'housing', { nameFrequencies: true });
    const source = await h.db.selectFrom('source').selectAll().where('service', '=', 'housing').executeTakeFirstOrThrow();
    const stored = await rows(h, 'housing');
    assert.ok(stored.every((r) => r.snapshot_id === source.snapshot_id));
    const count = (field: string, value: string) => stored.find((r) => r.field === field && r.value === value)?.people;
    assert.equal(count('people', ''), 13);
    assert.equal(count('dated', ''), 12);
    // "Mary Ann" is counted under her first given name, as the comparison reads it; O'Neill without its space.
    assert.equal(count('first', 'sarah'), 7); // i % 4 in {0, 1} for 0..11 (6) and person 12
    assert.equal(count('first', 'mary'), 3);
    assert.equal(count('last', 'smith'), 5); // 0, 3, 6, 9, 12
    assert.equal(count('last', 'oneill'), 8);
    assert.equal(count('year', '1980'), 2); // people 0 and 10
    assert.equal(count('firstdec', '198|sarah'), 6);

    const table = await nameFrequenciesOf(h.db, 'housing');
    assert.equal(table?.people, 13);
    assert.equal(table?.lastNames.get('smith'), 5);
    assert.equal(table?.decades.get('198'), 12);
  });

  it('is rebuilt when the source is reloaded: the old snapshot’s counts go', async () => {
    await h.loadSource(metadata('housing'), [tenant(1, { lastName: 'Oyelaran' }), tenant(2, { lastName: 'Oyelaran' })]);
    await buildBlockingKeys(h.db, 'housing', { nameFrequencies: true });
    const source = await h.db.selectFrom('source').selectAll().where('service', '=', 'housing').executeTakeFirstOrThrow();
    const stored = await rows(h, 'housing');
    assert.ok(stored.length > 0);
    assert.ok(stored.every((r) => r.snapshot_id === source.snapshot_id), 'only the current snapshot has rows');
    assert.equal(stored.find((r) => r.field === 'last' && r.value === 'oyelaran')?.people, 2);
    assert.equal(stored.find((r) => r.field === 'last' && r.value === 'smith'), undefined);
    const table = await nameFrequenciesOf(h.db, 'housing');
    assert.equal(table?.people, 2, 'the new snapshot’s table, not a remembered old one');
  });

  it('is not used for a snapshot whose keys are not built (a reload waiting for its keys)', async () => {
    await h.loadSource(metadata('housing'), [tenant(1)]);
    const sources = await h.db.selectFrom('source').selectAll().execute();
    const indexes = new Map((await h.db.selectFrom('match_index').selectAll().execute()).map((i) => [i.service, i]));
    const tables = await nameFrequenciesForSources(h.db, sources, indexes);
    assert.equal(tables.has('housing'), false);
  });
});

describe('name frequencies in a lookup', () => {
  let h: Harness;
  const statements: string[] = [];
  // A big enough source for the counts to count: 3,000 people, a third of them Smiths.
  const crowd: SourceRecordData[] = Array.from({ length: 3000 }, (_, i) => ({
    sourcePersonId: `P-${i}`,
    firstName: ['Jack', 'Oliver', 'Harry'][i % 3]!,
    lastName: i % 3 === 0 ? 'Smith' : `Surname${i}`,
    dateOfBirth: `${1960 + (i % 40)}-0${1 + (i % 9)}-1${i % 10}`,
    postcode: `SK${1 + (i % 8)} ${1 + (i % 9)}AB`,
    involvement: 'historic',
    details: {},
  }));
  const someone: PersonInput = { firstName: 'Dean', lastName: 'Marsh', dateOfBirth: '1986-04-12', gender: 'male', postcode: 'SK5 6AB' };

  before(async () => {
    h = await startHarness({ FC_MATCH_NAME_FREQUENCIES: 'surname' }, { onQuery: (sql) => statements.push(sql) });
    await h.loadSource(metadata('housing'), [
      ...crowd,
      { sourcePersonId: 'SH-DEAN', firstName: 'Dean', lastName: 'Marsh', dateOfBirth: '1986-04-12', gender: 'male', postcode: 'SK5 6AB', involvement: 'current', details: {} },
    ]);
    await computeLinks(h.db, 'housing', { people: [], thresholds: h.config.matchThresholds });
  });
  after(() => h.close());

  async function lookup(people: PersonInput[]): Promise<InvolvementsResponse> {
    const res = await h.post('/api/v1/involvements', { child: CHILD, people, reason: 'Assessment of the family under section 17' });
    assert.equal(res.status, 200, await res.clone().text());
    return (await res.json()) as InvolvementsResponse;
  }
  const housing = (r: InvolvementsResponse) => r.people[0]!.services.find((s) => s.service === 'housing')!;

  it('reads the table once per snapshot and process, then from memory: no statement per lookup', async () => {
    forgetNameFrequencies();
    statements.length = 0;
    const first = housing(await lookup([someone]));
    const reads = () => statements.filter((s) => /from "name_frequency"/.test(s)).length;
    assert.equal(reads(), 1, 'the first lookup after a restart reads the table');
    assert.equal(first.records[0]?.match.band, 'likely');
    statements.length = 0;
    const again = housing(await lookup([someone, { ...someone, firstName: 'Jack', lastName: 'Smith' }]));
    assert.equal(reads(), 0, 'later lookups read it from memory');
    assert.deepEqual(again.records.map((r) => r.ref), first.records.map((r) => r.ref));
  });

  it('is neither built nor read when FC_MATCH_NAME_FREQUENCIES is off (the default)', async () => {
    const plain = await startHarness({}, { onQuery: (sql) => statements.push(sql) });
    try {
      await plain.loadSource(metadata('housing'), crowd);
      await buildBlockingKeys(plain.db, 'housing');
      assert.equal((await rows(plain, 'housing')).length, 0, 'no counts are built when nothing uses them');
      forgetNameFrequencies();
      statements.length = 0;
      const res = await plain.post('/api/v1/involvements', { child: CHILD, people: [someone], reason: 'Assessment of the family under section 17' });
      assert.equal(res.status, 200);
      assert.equal(statements.filter((s) => /from "name_frequency"/.test(s)).length, 0);
      assert.ok(statements.length > 0, 'the counter saw the lookup');
    } finally {
      await plain.close();
    }
  });

  it('a snapshot without a table (keys built before migration 005) still answers, with the flat weights', async () => {
    await h.db.deleteFrom('name_frequency').execute();
    forgetNameFrequencies();
    const r = housing(await lookup([someone]));
    assert.equal(r.status, 'involved');
    assert.deepEqual(r.records.map((x) => x.ref), ['housing:SH-DEAN']);
    assert.equal(r.records[0]!.match.band, 'likely');
    // A stranger with no record here still gets "no records", never a guess.
    const stranger = housing(await lookup([{ ...someone, firstName: 'Imogen', lastName: 'Tarrant', gender: 'female' }]));
    assert.equal(stranger.status, 'no-records');
  });
});
