/**
 * No N+1: the statements one lookup runs do not grow with the family's size. Blocking keys for everyone are
 * searched in one query per source, and the audit event is one write, whether 1 person is asked about or 10.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { PersonInput } from '../../server/src/api/contract.js';
import { compiledQueryMismatches } from '../../server/src/matching/compiled-queries.js';
import { startHarness, type Harness } from './harness.js';
import { testDatabaseKind } from './test-database.js';
import { CHILD, FATHER, GRANDMOTHER, loadAll, MOTHER, PARTNER_NO_DOB, UNKNOWN_ADDRESS } from './sample-sources.js';

/** Ten people with different names, dates of birth and CMS ids, so no two share a blocking key by chance. */
const FAMILY: PersonInput[] = [
  CHILD, MOTHER, FATHER, GRANDMOTHER, PARTNER_NO_DOB, UNKNOWN_ADDRESS,
  { cmsId: 'P100007', firstName: 'Kian', lastName: 'Hartley-Quinlan', dateOfBirth: '2015-08-19', gender: 'male', postcode: 'SK5 6AB', relationship: 'Brother' },
  { cmsId: 'P100008', firstName: 'Alfie', lastName: 'Quinlan', dateOfBirth: '1960-12-02', gender: 'male', postcode: 'SK4 1RT', relationship: 'Paternal grandfather' },
  { cmsId: 'P100009', firstName: 'Shannon', lastName: 'Byrne', dateOfBirth: '1998-04-23', gender: 'female', postcode: 'SK2 5LT', relationship: 'Aunt' },
  { cmsId: 'P100010', firstName: 'Tomasz', lastName: 'Nowak', dateOfBirth: '1989-09-09', gender: 'male', postcode: 'M20 3GH', relationship: "Father's partner" },
];

describe('queries per lookup', () => {
  const statements: string[] = [];
  let h: Harness;
  before(async () => {
    // No age rules here, so one person is searched in every source, as ten are (with the default rules a lone
    // adult skips the school search, which would make the comparison unfair in the other direction).
    const everyone = JSON.stringify({ school: {}, 'adult-social-care': {}, housing: {}, police: {} });
    h = await startHarness({ FC_AGE_RULES: everyone }, { onQuery: (sql) => statements.push(sql) });
    await loadAll(h);
  });
  after(() => h.close());

  async function statementsFor(people: PersonInput[]): Promise<string[]> {
    const token = await h.token();
    statements.length = 0;
    const res = await h.post('/api/v1/involvements', { child: CHILD, people }, token);
    assert.equal(res.status, 200, await res.clone().text());
    const body = (await res.json()) as { people: unknown[] };
    assert.equal(body.people.length, people.length);
    return [...statements];
  }

  it('a family of 10 runs exactly as many statements as a family of 1', async () => {
    const one = await statementsFor([MOTHER]);
    const ten = await statementsFor(FAMILY);
    assert.ok(one.length > 0, 'the counter saw no statements: the count would be vacuous');
    assert.equal(ten.length, one.length, `1 person: ${one.length} statements; 10 people: ${ten.length}\n${ten.join('\n')}`);
  });

  it('searches every loaded source in one statement, not once per person or per source', async () => {
    const ten = await statementsFor(FAMILY);
    const searches = ten.filter((s) => /from "source_record"/.test(s) && !/"source_person_id" in/.test(s));
    assert.equal(searches.length, 1, `one search for all 4 loaded sources:\n${searches.join('\n')}`);
    // And one read, for all sources, of the other records of the source people that matched.
    assert.equal(ten.filter((s) => /from "source_record"/.test(s) && /"source_person_id" in/.test(s)).length, 1, ten.join('\n'));
    // Each source's parts keep to its own source and snapshot: 4 sources, each searched by CMS id at least.
    assert.equal(searches[0]!.match(/"service" = (\?|\$\d+|@\d+) and "snapshot_id" = (\?|\$\d+|@\d+) and "cms_id" in/g)?.length, 4, searches[0]);
    assert.ok(ten.filter((s) => /from "match_link"/.test(s)).length <= 1, 'at most one read of stored links, for all sources');
    assert.equal(ten.filter((s) => /^insert into "audit_event"/.test(s)).length, 1);
    // The people's history and the link policy share one read of which relationship feed is loaded.
    assert.equal(ten.filter((s) => /from "relationship_feed"/.test(s)).length, 1, ten.join('\n'));
  });

  it('reads the lookup in one snapshot: REPEATABLE READ on PostgreSQL, whose default would let a load switching sources show through', async () => {
    const ten = await statementsFor(FAMILY);
    const begins = ten.filter((s) => /^(begin|start transaction)/i.test(s));
    assert.ok(begins.length >= 1, ten.join('\n'));
    if (testDatabaseKind() === 'postgres') assert.match(begins[0]!, /^start transaction isolation level repeatable read$/i);
    else assert.doesNotMatch(begins[0]!, /isolation level/i, 'SQLite transactions read one snapshot already');
  });

  it('reuses compiled searches with parameters in the order the query binds them', async () => {
    // The harness runs the server in this process, so the cache it uses is this one.
    const first = await statementsFor(FAMILY);
    const again = await statementsFor(FAMILY);
    assert.deepEqual(again, first);
    assert.equal(compiledQueryMismatches(), 0);
  });

  it('runs the same statements for 1 person as for 10: only the lengths of IN lists differ', async () => {
    // Parameters are ? (SQLite), $n (PostgreSQL) or @n (SQL Server): a list of them becomes one marker.
    const shape = (list: string[]) => list.map((sql) => sql.replace(/(\?|\$\d+|@\d+)(, (\?|\$\d+|@\d+))*/g, '…'));
    assert.deepEqual(shape(await statementsFor(FAMILY)), shape(await statementsFor([FATHER])));
  });
});
