/**
 * After extracts are ingested, the lookup endpoint answers from them with the right statuses (the demo family's
 * expected answers), shows the metadata the load set, and keeps answering from the previous data when a load is
 * refused. A stale extract turns "no records" into "not checked", never the other way.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { InvolvementsResponse, PersonInput } from '../../server/src/api/contract.js';
import { asPersonInput, DEMO_EXPECTED, demoPeople, type DemoFamilyRole } from '../../fixtures/council/demo-family.js';
import { CORE_SERVICES } from '../../fixtures/council/sources.js';
import { type Dataset, type WrittenExtract } from '../../fixtures/extracts/write-extracts.js';
import { ingestExtract } from '../../server/src/ingest/ingest-extract.js';
import { startHarness, TODAY, NOW, type Harness } from './harness.js';
import { AS_OF, exampleExtracts, housingCsv } from './ingest-helpers.js';

const ROLES = Object.keys(DEMO_EXPECTED) as DemoFamilyRole[];

function asInput(role: DemoFamilyRole): PersonInput {
  return asPersonInput(demoPeople(TODAY)[role]);
}

describe('lookups after ingest', () => {
  let h: Harness;
  let extracts: Record<Dataset, WrittenExtract>;

  async function lookup(): Promise<InvolvementsResponse> {
    const res = await h.post('/api/v1/involvements', { child: asInput('child'), people: ROLES.map(asInput) });
    assert.equal(res.status, 200, await res.clone().text());
    return (await res.json()) as InvolvementsResponse;
  }

  function status(r: InvolvementsResponse, role: DemoFamilyRole, service: string): string {
    const person = r.people[ROLES.indexOf(role)]!;
    return person.services.find((s) => s.service === service)!.status;
  }

  before(async () => {
    h = await startHarness();
    extracts = await exampleExtracts(h.dir, TODAY);
  });
  after(() => h.close());

  it('answers "not checked" for every service before anything is loaded', async () => {
    const r = await lookup();
    for (const role of ROLES) {
      for (const service of CORE_SERVICES) assert.notEqual(status(r, role, service), 'no-records', `${role} ${service}`);
    }
  });

  it("gives the demo family's expected statuses once the four extracts are ingested", async () => {
    for (const service of CORE_SERVICES) {
      const w = extracts[service];
      const s = await ingestExtract({ db: h.db, dataset: service, file: w.file, mapping: w.mapping, asOf: AS_OF, now: NOW });
      assert.equal(s.outcome, 'loaded', `${service}: ${s.refusals.join(' ')}`);
    }
    const r = await lookup();
    for (const role of ROLES) {
      for (const service of CORE_SERVICES) {
        assert.equal(status(r, role, service), DEMO_EXPECTED[role][service].status, `${role}: ${service}`);
      }
    }
    const school = r.people[ROLES.indexOf('child')]!.services.find((s) => s.service === 'school')!;
    assert.equal(school.source.name, 'Synergy — Stockport schools');
    assert.equal(school.source.lastUpdated, AS_OF);
    assert.equal(school.source.coverageTo, AS_OF);
    assert.equal(school.source.area, 'Stockport: pupils on roll at Stockport schools and academies');
    assert.match(school.source.notes ?? '', /Pupils on roll/);
    assert.equal(school.source.stale, false);
    assert.equal(school.records[0]?.organisation, 'Brinnington Moor Primary School');
  });

  it('keeps answering from the previous data when a load is refused', async () => {
    const before = await lookup();
    const file = join(h.dir, 'short.csv');
    writeFileSync(file, housingCsv(10));
    const s = await ingestExtract({ db: h.db, dataset: 'housing', file, mapping: extracts.housing.mapping, asOf: AS_OF, now: NOW });
    assert.equal(s.outcome, 'refused');
    const after = await lookup();
    for (const role of ROLES) assert.equal(status(after, role, 'housing'), status(before, role, 'housing'), role);
    assert.equal(status(after, 'mother', 'housing'), 'involved');
  });

  it('a stale extract turns "no records" into "not checked", with a note at load time', async () => {
    const w = extracts.police;
    const s = await ingestExtract({ db: h.db, dataset: 'police', file: w.file, mapping: w.mapping, asOf: '2026-10-20', now: NOW, force: true });
    assert.equal(s.outcome, 'loaded');
    assert.match(s.notes.join(' '), /already 32 days old, past the 14-day freshness limit/);
    const r = await lookup();
    assert.equal(status(r, 'mother', 'police'), 'not-checked', 'was no-records with fresh data');
    assert.equal(status(r, 'father', 'police'), 'involved', 'a record found is still shown');
  });
});
