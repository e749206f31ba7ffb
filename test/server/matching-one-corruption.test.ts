/**
 * Property: a copy of any record with one corruption is never answered "no-records" (issue 16). Records are drawn
 * from a seeded generator, loaded into a real SQLite file as a Housing source (keys and links built as a load
 * builds them), and each is asked about through the real endpoint with one of its details corrupted, each kind of
 * corruption in turn: the answer must show a record (any band), or say "not checked" (a missing date of birth).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { InvolvementsResponse, PersonInput } from '../../server/src/api/contract.js';
import { computeLinks } from '../../server/src/matching/links.js';
import type { SourceRecordData } from '../../server/src/sources/types.js';
import { startHarness, type Harness } from './harness.js';
import { metadata } from './sample-sources.js';

/** A small seeded generator (mulberry32): the same records and corruptions on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ['Olivia', 'Amelia', 'Isla', 'Ava', 'Jack', 'Harry', 'Oliver', 'Noah', 'Sophie', 'Daniel', 'Priya', 'Mohammed', 'Kerry', 'Wayne', 'Joanne'];
const LAST = ['Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Robinson', 'Wright', 'Khan', 'Hartley', 'Quinlan'];
const STREETS = ['Castle Street', 'Hollins Road', 'Lapwing Lane', 'Mill Avenue', 'Church Close'];

type Corruption = (p: PersonInput, rnd: () => number) => PersonInput;

const slip = (name: string, rnd: () => number): string => {
  const i = 1 + Math.floor(rnd() * (name.length - 2));
  return name.slice(0, i) + name[i + 1] + name[i] + name.slice(i + 2);
};
const shiftDays = (date: string, days: number) => new Date(Date.parse(date) + days * 86_400_000).toISOString().slice(0, 10);

/** One corruption of each kind real data carries. */
const CORRUPTIONS: Record<string, Corruption> = {
  'first name slip': (p, rnd) => ({ ...p, firstName: slip(p.firstName, rnd) }),
  'last name slip': (p, rnd) => ({ ...p, lastName: slip(p.lastName, rnd) }),
  'names swapped': (p) => ({ ...p, firstName: p.lastName, lastName: p.firstName }),
  'first name initial': (p) => ({ ...p, firstName: p.firstName[0]! }),
  'double-barrelled surname': (p) => ({ ...p, lastName: `${p.lastName}-Shaw` }),
  'date of birth one digit': (p) => ({ ...p, dateOfBirth: `${p.dateOfBirth!.slice(0, 9)}${(Number(p.dateOfBirth![9]) + 1) % 10 || 1}` }),
  'date of birth a day out': (p) => ({ ...p, dateOfBirth: shiftDays(p.dateOfBirth!, 1) }),
  'date of birth year out': (p) => ({ ...p, dateOfBirth: `${Number(p.dateOfBirth!.slice(0, 4)) + 1}${p.dateOfBirth!.slice(4)}` }),
  'date of birth within a year': (p) => ({ ...p, dateOfBirth: shiftDays(p.dateOfBirth!, -40) }),
  // Only where the swap is a real date (a day up to the 12th); other records are asked about as they are.
  'day and month swapped': (p) =>
    Number(p.dateOfBirth!.slice(8, 10)) > 12 ? p : { ...p, dateOfBirth: `${p.dateOfBirth!.slice(0, 5)}${p.dateOfBirth!.slice(8, 10)}-${p.dateOfBirth!.slice(5, 7)}` },
  'postcode mistyped': (p) => ({ ...p, postcode: `${p.postcode!.slice(0, -1)}${p.postcode!.endsWith('Z') ? 'Y' : 'Z'}` }),
  'moved house': (p) => ({ ...p, postcode: 'SK8 1ZZ', address: '1 Elsewhere Road' }),
  'address abbreviated': (p) => ({ ...p, address: p.address!.replace('Street', 'St').replace('Road', 'Rd') }),
  'gender unknown': (p) => ({ ...p, gender: 'unknown' }),
};

describe('a copy of any record with one corruption is never answered no-records', () => {
  let h: Harness;
  const records: SourceRecordData[] = [];
  const rnd = random(16);

  before(async () => {
    h = await startHarness({ FC_RATE_LIMIT_PER_MINUTE: '100000', FC_LINK_POLICY: 'trust-host' });
    for (let i = 0; i < 60; i++) {
      const year = 1950 + Math.floor(rnd() * 55);
      const month = 1 + Math.floor(rnd() * 12);
      const day = 1 + Math.floor(rnd() * 28);
      records.push({
        sourcePersonId: `SH-${i}`,
        firstName: FIRST[Math.floor(rnd() * FIRST.length)]!,
        lastName: LAST[Math.floor(rnd() * LAST.length)]!,
        dateOfBirth: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
        gender: rnd() < 0.5 ? 'female' : 'male',
        address: `${1 + Math.floor(rnd() * 90)} ${STREETS[Math.floor(rnd() * STREETS.length)]}`,
        postcode: `SK${1 + Math.floor(rnd() * 8)} ${1 + Math.floor(rnd() * 8)}${'ABDEFGHJ'[Math.floor(rnd() * 8)]}${'LNPQRSTU'[Math.floor(rnd() * 8)]}`,
        involvement: 'current',
        details: {},
      });
    }
    await h.loadSource(metadata('housing'), records);
    await computeLinks(h.db, 'housing', { people: [], thresholds: h.config.matchThresholds });
  });
  after(() => h.close());

  for (const [kind, corrupt] of Object.entries(CORRUPTIONS)) {
    it(kind, async () => {
      const people = records.map((r) =>
        corrupt({ firstName: r.firstName, lastName: r.lastName, dateOfBirth: r.dateOfBirth!, gender: r.gender as 'female' | 'male', postcode: r.postcode!, address: r.address! }, rnd),
      );
      // One person per request: no other person of the request can take their record.
      for (const [i, person] of people.entries()) {
        const res = await h.post('/api/v1/involvements', { child: person, people: [person] });
        assert.equal(res.status, 200, await res.clone().text());
        const housing = ((await res.json()) as InvolvementsResponse).people[0]!.services.find((s) => s.service === 'housing')!;
        assert.notEqual(housing.status, 'no-records', `${kind}: ${JSON.stringify(person)} for ${JSON.stringify(records[i])}`);
        if (housing.status === 'involved') {
          assert.ok(housing.records.some((r) => r.ref === `housing:${records[i]!.sourcePersonId}`), `${kind}: their own record is among those shown`);
        }
      }
    });
  }
});
