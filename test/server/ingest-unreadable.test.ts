/**
 * A rejected extract row may be about someone a social worker looks up: that person must not read "no records"
 * from the source until a corrected extract is loaded. The row's readable surname or date of birth says whom it
 * may be about; a row with neither could be anyone. Reloads replace the rows with the snapshot; a refused load
 * leaves nothing behind.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { InvolvementsResponse, PersonInput, ServiceResult } from '../../server/src/api/contract.js';
import { asPersonInput, DEMO_EXPECTED, demoPeople, type DemoFamilyRole } from '../../fixtures/council/demo-family.js';
import { CORE_SERVICES } from '../../fixtures/council/sources.js';
import type { Dataset, WrittenExtract } from '../../fixtures/extracts/write-extracts.js';
import { ingestExtract } from '../../server/src/ingest/ingest-extract.js';
import { toMatchPerson } from '../../server/src/matching/links.js';
import { couldBe, type UnreadableRow } from '../../server/src/sources/unreadable.js';
import { startHarness, TODAY, NOW, type Harness } from './harness.js';
import { AS_OF, exampleExtracts, housingRow } from './ingest-helpers.js';

const ROLES = Object.keys(DEMO_EXPECTED) as DemoFamilyRole[];
const family = demoPeople(TODAY);
const asInput = (role: DemoFamilyRole): PersonInput => asPersonInput(family[role]);
/** DD/MM/YYYY, as the housing mapping reads dates. */
const ukDate = (iso: string) => iso.split('-').reverse().join('/');

describe('rejected extract rows and "no records"', () => {
  let h: Harness;
  let extracts: Record<Dataset, WrittenExtract>;
  let clean: string;

  /** The clean housing extract with `rows` added after its header (the trailer's count follows). */
  function housingWith(name: string, rows: string[]): string {
    const eol = clean.includes('\r\n') ? '\r\n' : '\n';
    const lines = clean.split(eol).filter((l) => l !== '');
    const trailer = lines.pop()!;
    assert.match(trailer, /^TRAILER,\d+$/, 'the example housing extract ends with a trailer');
    const count = Number(trailer.split(',')[1]) + rows.length;
    const file = join(h.dir, name);
    writeFileSync(file, [lines[0]!, ...rows, ...lines.slice(1), `TRAILER,${count}`].map((l) => l + eol).join(''));
    return file;
  }

  async function ingestHousing(file: string) {
    return ingestExtract({ db: h.db, dataset: 'housing', file, mapping: extracts.housing.mapping, asOf: AS_OF, now: NOW });
  }

  async function lookup(): Promise<InvolvementsResponse> {
    const res = await h.post('/api/v1/involvements', { child: asInput('child'), people: ROLES.map(asInput) });
    assert.equal(res.status, 200, await res.clone().text());
    return (await res.json()) as InvolvementsResponse;
  }

  const answer = (r: InvolvementsResponse, role: DemoFamilyRole, service: string): ServiceResult =>
    r.people[ROLES.indexOf(role)]!.services.find((s) => s.service === service)!;

  /** Every answer except housing is as the demo family expects. */
  function othersAsExpected(r: InvolvementsResponse) {
    for (const role of ROLES) {
      for (const service of CORE_SERVICES) {
        if (service === 'housing') continue;
        assert.equal(answer(r, role, service).status, DEMO_EXPECTED[role][service].status, `${role}: ${service}`);
      }
    }
  }

  before(async () => {
    h = await startHarness();
    extracts = await exampleExtracts(h.dir, TODAY);
    for (const service of CORE_SERVICES) {
      const w = extracts[service];
      const s = await ingestExtract({ db: h.db, dataset: service, file: w.file, mapping: w.mapping, asOf: AS_OF, now: NOW });
      assert.equal(s.outcome, 'loaded', `${service}: ${s.refusals.join(' ')}`);
    }
    clean = readFileSync(extracts.housing.file, 'utf8');
    assert.equal(DEMO_EXPECTED.stepFather.housing.status, 'no-records', 'the step-father has no housing record: the case under test');
  });
  after(() => h.close());

  it('answers "not checked" for someone a rejected row may be about (same surname, date of birth unreadable)', async () => {
    assert.equal(answer(await lookup(), 'stepFather', 'housing').status, 'no-records', 'before: no records');
    const file = housingWith('surname.csv', [housingRow(90001, { surname: family.stepFather.lastName, dob: '31/31/1985' })]);
    const summary = await ingestHousing(file);
    assert.equal(summary.outcome, 'loaded', summary.refusals.join(' '));
    assert.equal(summary.rejected, 1);
    assert.match(summary.notes.join(' '), /kept as unreadable/);

    const r = await lookup();
    const housing = answer(r, 'stepFather', 'housing');
    assert.equal(housing.status, 'not-checked');
    assert.match(housing.explanation, /could not be read and may be about this person/);
    assert.equal(housing.notChecked, 'unreadable-rows');
    assert.doesNotMatch(housing.explanation, /31\/31\/1985/, 'the rejected value is not repeated');
    // Found records still show; other people's answers do not change.
    assert.equal(answer(r, 'mother', 'housing').status, 'involved');
    assert.equal(answer(r, 'father', 'housing').status, 'involved');
    othersAsExpected(r);
  });

  it('answers "not checked" for a rejected row with their first name and a slip of their surname (date of birth unreadable)', async () => {
    const slip = `${family.stepFather.lastName.slice(0, -2)}${family.stepFather.lastName.slice(-1)}`; // Kinsella -> Kinsela
    assert.notEqual(slip, family.stepFather.lastName);
    const file = housingWith('slip.csv', [housingRow(90003, { forename: family.stepFather.firstName, surname: slip, dob: '31/31/1985' })]);
    const summary = await ingestHousing(file);
    assert.equal(summary.rejected, 1);
    const housing = answer(await lookup(), 'stepFather', 'housing');
    assert.equal(housing.status, 'not-checked', housing.explanation);
    assert.match(housing.explanation, /could not be read and may be about this person/);
  });

  it('answers "not checked" when the rejected row has their date of birth (the surname unreadable)', async () => {
    const file = housingWith('dob.csv', [housingRow(90002, { surname: '', dob: ukDate(family.stepFather.dateOfBirth!) })]);
    const summary = await ingestHousing(file);
    assert.equal(summary.outcome, 'loaded', summary.refusals.join(' '));
    assert.equal(summary.rejected, 1, 'a blank surname rejects the row');
    assert.equal(answer(await lookup(), 'stepFather', 'housing').status, 'not-checked');
  });

  it('answers "no records" again when the rejected row is plainly someone else, and the old rows go with the snapshot', async () => {
    const file = housingWith('other.csv', [housingRow(90003, { surname: 'Zedwardson', dob: '31/31/1985' })]);
    const summary = await ingestHousing(file);
    assert.equal(summary.outcome, 'loaded', summary.refusals.join(' '));
    const r = await lookup();
    assert.equal(answer(r, 'stepFather', 'housing').status, 'no-records');
    othersAsExpected(r);
    const source = await h.db.selectFrom('source').select('snapshot_id').where('service', '=', 'housing').executeTakeFirstOrThrow();
    const kept = await h.db.selectFrom('source_unreadable').select(['snapshot_id', 'last_name_norm']).where('service', '=', 'housing').execute();
    // The current snapshot's row, and the one it replaced (for requests still reading it); nothing older.
    assert.ok(kept.every((k) => k.snapshot_id >= source.snapshot_id - 1), JSON.stringify(kept));
    assert.ok(kept.some((k) => k.snapshot_id === source.snapshot_id && k.last_name_norm === 'zedwardson'));
  });

  it('answers "not checked" for everyone when a rejected row could be anyone (nothing identifying readable)', async () => {
    const file = housingWith('anyone.csv', ['SH-T99999,Broken,Row,with,too,few,fields']);
    const summary = await ingestHousing(file);
    assert.equal(summary.outcome, 'loaded', summary.refusals.join(' '));
    assert.match(summary.notes.join(' '), /no readable surname or date of birth, so it could be anyone/);
    const r = await lookup();
    const housing = answer(r, 'stepFather', 'housing');
    assert.equal(housing.status, 'not-checked');
    assert.match(housing.explanation, /could not be read at all/);
    assert.equal(answer(r, 'mother', 'housing').status, 'involved', 'records found still show');
    for (const role of ROLES) assert.notEqual(answer(r, role, 'housing').status, 'no-records', role);
  });

  it('keeps nothing from a refused load, and a clean reload brings "no records" back', async () => {
    const before = await h.db.selectFrom('source_unreadable').select('id').execute();
    // Far more rejected rows than the 5% allowed: refused.
    const rows = Array.from({ length: 60 }, (_, i) => housingRow(91000 + i, { surname: family.stepFather.lastName, dob: '00/00/0000' }));
    const refused = await ingestHousing(housingWith('refused.csv', rows));
    assert.equal(refused.outcome, 'refused');
    const afterRefusal = await h.db.selectFrom('source_unreadable').select('id').execute();
    assert.deepEqual(afterRefusal.map((r) => r.id).sort(), before.map((r) => r.id).sort(), 'the refused load left no rows');
    assert.equal(answer(await lookup(), 'stepFather', 'housing').status, 'not-checked', 'still the previous (unreadable) snapshot');

    const reload = await ingestHousing(housingWith('clean.csv', []));
    assert.equal(reload.outcome, 'loaded');
    assert.equal(reload.rejected, 0);
    const r = await lookup();
    assert.equal(answer(r, 'stepFather', 'housing').status, 'no-records');
    for (const role of ROLES) assert.equal(answer(r, role, 'housing').status, DEMO_EXPECTED[role].housing.status, role);
  });
});

describe('couldBe', () => {
  const person = toMatchPerson({ firstName: 'Dean', lastName: 'Marsh-Hughes', previousLastNames: ['Marsh'], dateOfBirth: '1990-03-07', postcode: 'SK5 6AB' });
  const row = (over: Partial<UnreadableRow>): UnreadableRow => ({ row_number: 1, first_name_norm: null, last_name_norm: null, date_of_birth: null, reason: 'x', ...over });

  it('is true for the same surname, a previous surname, the same date of birth or its day/month swap', () => {
    assert.equal(couldBe(row({ last_name_norm: person.lastNameNorm }), person), true);
    assert.equal(couldBe(row({ last_name_norm: 'marsh' }), person), true);
    assert.equal(couldBe(row({ last_name_norm: 'other', date_of_birth: '1990-03-07' }), person), true);
    assert.equal(couldBe(row({ date_of_birth: '1990-07-03' }), person), true);
  });

  it('is true for near misses matching could still have shown, with their first name or none: a surname slip, one part of a double-barrelled surname, a one-digit date slip with the surname unreadable', () => {
    const jane = toMatchPerson({ firstName: 'Jane', lastName: 'Smith', dateOfBirth: '1985-03-15', postcode: 'SK5 6AB' });
    assert.equal(couldBe(row({ first_name_norm: 'jane', last_name_norm: 'smyth' }), jane), true, 'Smyth, date of birth unreadable');
    assert.equal(couldBe(row({ first_name_norm: 'jane', last_name_norm: 'smith jones' }), jane), true, 'Smith-Jones');
    assert.equal(couldBe(row({ first_name_norm: 'jane', date_of_birth: '1985-03-14' }), jane), true, 'surname unreadable, born a day apart');
    assert.equal(couldBe(row({ last_name_norm: 'smyth' }), jane), true, 'first name unreadable too');
    // Near misses with someone else's first name, or a surname that sounds different, are someone else.
    assert.equal(couldBe(row({ first_name_norm: 'karen', last_name_norm: 'smyth' }), jane), false);
    assert.equal(couldBe(row({ first_name_norm: 'karen', date_of_birth: '1985-03-14' }), jane), false);
    assert.equal(couldBe(row({ first_name_norm: 'jane', last_name_norm: 'brown' }), jane), false);
    assert.equal(couldBe(row({ first_name_norm: 'jane', date_of_birth: '1985-07-22' }), jane), false, 'more than one digit away');
  });

  it('is true for a row with nothing identifying, false for a row plainly about someone else', () => {
    assert.equal(couldBe(row({ first_name_norm: 'dean' }), person), true);
    assert.equal(couldBe(row({ last_name_norm: 'other', date_of_birth: '1971-01-01' }), person), false);
    assert.equal(couldBe(row({ last_name_norm: 'other' }), person), false);
    assert.equal(couldBe(row({ date_of_birth: '1971-01-01' }), person), false);
  });
});
