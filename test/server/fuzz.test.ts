/**
 * Fuzzing the lookup endpoint: 1,000+ malformed, random and hostile bodies (seeded, so a failure can be replayed).
 * Every answer must be a deliberate one — 200 with a well-formed answer, or a 4xx JSON error — never a 500 and
 * never a hang. SQL- and script-shaped values in requests and in source data must come back as inert text.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { InvolvementsResponse } from '../../server/src/api/contract.js';
import { startHarness, type Harness } from './harness.js';
import { CHILD, loadAll, metadata, MOTHER, RECORDS } from './sample-sources.js';

const HOSTILE_STRINGS = [
  "Robert'); DROP TABLE source_record;--",
  "' OR '1'='1",
  '1; DELETE FROM audit_event',
  '<script>alert(1)</script>',
  '<img src=x onerror="alert(1)">',
  '{{constructor.constructor("alert(1)")()}}',
  '${7*7}',
  '../../etc/passwd',
  '\u0000\u0001\u0002',
  '\ud800',
  'Zoë O’Neill-Smith',
  '🙂'.repeat(50),
  ' ',
  '',
  'x'.repeat(5000),
  '__proto__',
  'constructor',
];
const KEYS = ['child', 'people', 'reason', 'firstName', 'lastName', 'dateOfBirth', 'gender', 'postcode', 'address', 'cmsId', 'relationship', 'previousPostcodes', 'previousLastNames', '__proto__', 'constructor', 'dob', 'x'];
const STATUSES = new Set(['involved', 'no-records', 'not-checked', 'not-applicable']);

/** mulberry32: a tiny seeded PRNG, so every run fires the same cases. */
function prng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function makeCase(random: () => number): unknown {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const value = (depth: number): unknown => {
    const r = random();
    if (depth > 3 || r < 0.3) return pick<unknown>([null, true, false, 0, -1, 1e308, NaN, pick(HOSTILE_STRINGS), '2019-02-30', '1995-07-02', 'female', 'SK5 6AB']);
    if (r < 0.6) return Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1));
    return Object.fromEntries(Array.from({ length: Math.floor(random() * 5) }, () => [pick(KEYS), value(depth + 1)]));
  };
  const validPerson = (): Record<string, unknown> => ({ ...MOTHER, firstName: pick([MOTHER.firstName, pick(HOSTILE_STRINGS)]) });
  const kind = random();
  if (kind < 0.15) return pick(['', '{', 'null', '[]', '"text"', '{"child":', '\u0000', '{"people":[{"firstName":"A","lastName":"B"}]}']);
  if (kind < 0.4) return value(0);
  // Mutations of a valid request: the interesting failures live near valid input.
  const request: Record<string, unknown> = { child: CHILD, people: Array.from({ length: 1 + Math.floor(random() * 4) }, validPerson) };
  const mutations = 1 + Math.floor(random() * 3);
  for (let i = 0; i < mutations; i++) {
    const m = random();
    const first = Array.isArray(request.people) && request.people[0] && typeof request.people[0] === 'object' ? (request.people[0] as Record<string, unknown>) : undefined;
    if (m < 0.25) request[pick(KEYS)] = value(1);
    else if (m < 0.5 && first) first[pick(KEYS)] = value(2);
    else if (m < 0.6) request.people = Array.from({ length: pick([0, 29, 30, 31, 35]) }, validPerson);
    else if (m < 0.75) request.reason = pick(HOSTILE_STRINGS);
    else if (m < 0.9 && first) first.lastName = pick(HOSTILE_STRINGS);
    else delete request[pick(['child', 'people'])];
  }
  return request;
}

describe('fuzzing POST /api/v1/involvements', () => {
  let h: Harness;
  let token: string;
  before(async () => {
    h = await startHarness({ FC_RATE_LIMIT_PER_MINUTE: '100000' });
    await loadAll(h);
    token = await h.token();
  });
  after(() => h.close());

  it('answers 1,000 seeded random and malformed bodies with 200 or a 4xx JSON error, never 5xx, never a hang', async () => {
    const random = prng(20261121);
    const seen = new Map<number, number>();
    for (let i = 0; i < 1000; i++) {
      const body = makeCase(random);
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      const res = await fetch(`${h.url}/api/v1/involvements`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: text,
        signal: AbortSignal.timeout(10_000),
      });
      seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
      assert.ok([200, 400, 413].includes(res.status), `case ${i} (${text.slice(0, 120)}): status ${res.status}`);
      const json = (await res.json()) as Record<string, unknown>;
      if (res.status === 200) {
        const answer = json as unknown as InvolvementsResponse;
        const asked = (JSON.parse(text) as { people: unknown[] }).people.length;
        assert.equal(answer.people.length, asked, `case ${i}: one answer per person`);
        for (const p of answer.people) {
          assert.equal(p.services.length, 4, `case ${i}: every service answered`);
          for (const s of p.services) assert.ok(STATUSES.has(s.status), `case ${i}: status ${s.status}`);
        }
      } else {
        assert.equal(typeof json.error, 'string', `case ${i}: JSON error`);
        assert.equal(typeof json.message, 'string', `case ${i}: JSON message`);
      }
    }
    // Hostile reasons without 10 visible letters or digits are 400s now (policy/reason-rule.ts): fewer 200s than before.
    assert.ok((seen.get(200) ?? 0) > 25 && (seen.get(400) ?? 0) > 40, `both valid and invalid cases were exercised: ${JSON.stringify([...seen])}`);
    // Still healthy and still answering correctly afterwards.
    const after = await h.post('/api/v1/involvements', { child: CHILD, people: [MOTHER] });
    assert.equal(after.status, 200);
  });

  it('returns SQL- and script-shaped values from requests and source data as inert text, with the data intact', async () => {
    const hostile = "<img src=x onerror=\"alert('x')\">'); DROP TABLE source_record;--";
    await h.loadSource(metadata('housing'), [
      { ...RECORDS.housing![0]!, organisation: hostile, contact: { name: '<script>alert(1)</script>', phone: "0161 496 0000' OR 1=1" }, details: { rentArrears: hostile } },
    ]);
    const person = { ...MOTHER, relationship: hostile, address: '<b>14</b> Lapwing Lane' };
    const res = await h.post('/api/v1/involvements', { child: CHILD, people: [person], reason: hostile });
    assert.equal(res.status, 200);
    const answer = (await res.json()) as InvolvementsResponse;
    assert.equal(answer.people[0]!.person.relationship, hostile);
    const housing = answer.people[0]!.services.find((s) => s.service === 'housing')!;
    assert.equal(housing.status, 'involved');
    assert.equal(housing.records[0]!.organisation, hostile);
    assert.equal(housing.records[0]!.contact?.name, '<script>alert(1)</script>');
    assert.equal(housing.records[0]!.details.rentArrears, hostile);
    const tables = await h.db.selectFrom('source_record').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.ok(Number(tables.n) > 0, 'source_record still exists and holds rows');
  });
});
