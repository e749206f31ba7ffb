/**
 * Every row is accepted or rejected with a reason, and the rejection report says which row, column, value and
 * why. The example extracts load without a single rejection and hold exactly what the generator made.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { generateCouncil } from '../../fixtures/council/generate.js';
import { DATASETS, dirtyExpectations, EXAMPLE_RESIDENTS, EXAMPLE_SEED, loadMapping, mappingPath, relationshipRecords, type Dataset, type WrittenExtract } from '../../fixtures/extracts/write-extracts.js';
import { ingestExtract } from '../../server/src/ingest/ingest-extract.js';
import { csvCell } from '../../server/src/ingest/rejection-report.js';
import type { SourceRecordRow } from '../../server/src/db/schema.js';
import { AS_OF, exampleExtracts, housingCsv, housingRow, NOW, openTestDb, TODAY, type TestDb } from './ingest-helpers.js';

function readReport(path: string): Array<Record<string, string>> {
  return parse(readFileSync(path, 'utf8'), { columns: true }) as Array<Record<string, string>>;
}

describe('the example extracts', () => {
  let t: TestDb;
  let extracts: Record<Dataset, WrittenExtract>;
  before(async () => {
    t = await openTestDb();
    extracts = await exampleExtracts(t.dir);
  });
  after(() => t.close());

  it('are written the same way every time (deterministic)', async () => {
    const again = await exampleExtracts(mkdirSync(join(t.dir, 'again'), { recursive: true })!);
    for (const dataset of DATASETS) {
      assert.equal(readFileSync(again[dataset].file, 'utf8'), readFileSync(extracts[dataset].file, 'utf8'), dataset);
      assert.equal(readFileSync(again[dataset].dirtyFile, 'utf8'), readFileSync(extracts[dataset].dirtyFile, 'utf8'), dataset);
    }
  });

  it('load with no rejections, and the database holds exactly the generated records', async () => {
    const council = generateCouncil({ seed: EXAMPLE_SEED, residents: EXAMPLE_RESIDENTS, today: TODAY });
    for (const dataset of DATASETS) {
      const w = extracts[dataset];
      const s = await ingestExtract({ db: t.db, dataset, file: w.file, mapping: w.mapping, asOf: AS_OF, now: NOW });
      assert.equal(s.outcome, 'loaded', `${dataset}: ${s.refusals.join(' ')}`);
      assert.equal(s.rejected, 0, `${dataset} had rejections: ${readFileSync(s.rejectionReport, 'utf8')}`);
      assert.equal(s.valuesLeftOut, 0);
      assert.equal(s.rowsRead, w.rows);
      assert.equal(s.accepted, w.rows);
      assert.equal(s.newCount, w.rows);
    }
    for (const service of ['school', 'adult-social-care', 'housing', 'police'] as const) {
      const rows = await t.db.selectFrom('source_record').selectAll().where('service', '=', service).orderBy('id').execute();
      const expected = council.sources[service].records;
      assert.equal(rows.length, expected.length);
      rows.forEach((row, i) => assert.deepEqual(asRecord(row), JSON.parse(JSON.stringify(expected[i])), `${service} record ${i + 1}`));
    }
    const feed = await t.db.selectFrom('cms_relationship').selectAll().orderBy('id').execute();
    const expectedFeed = relationshipRecords(council);
    assert.equal(feed.length, expectedFeed.length);
    assert.deepEqual(
      { child: feed[3]!.child_cms_id, person: feed[3]!.person_cms_id, rel: feed[3]!.relationship, dob: feed[3]!.date_of_birth },
      { child: expectedFeed[3]!.childCmsId, person: expectedFeed[3]!.personCmsId, rel: expectedFeed[3]!.relationship, dob: expectedFeed[3]!.dateOfBirth ?? null },
    );
    const source = await t.db.selectFrom('source').selectAll().where('service', '=', 'police').executeTakeFirstOrThrow();
    assert.equal(source.name, 'Greater Manchester Police safeguarding extract');
    assert.equal(source.last_updated, AS_OF);
    assert.equal(source.coverage_from, '2021-11-20', 'coverageYears: 5 before the as-of date');
    assert.equal(source.coverage_to, AS_OF);
    assert.equal(source.freshness_days, 14);
    assert.deepEqual(JSON.parse(source.area_postcodes), ['M', 'SK', 'OL', 'BL', 'WN', 'WA']);
    assert.match(source.notes ?? '', /conviction records from the last 5 years/);
  });

  for (const dataset of DATASETS) {
    it(`${dataset}: the dirty sample's bad rows are each rejected (or a value left out) with the reason in the report`, async () => {
      const w = extracts[dataset];
      const rejectionsPath = join(t.dir, `${dataset}.report.csv`);
      const s = await ingestExtract({ db: t.db, dataset, file: w.dirtyFile, mapping: w.mapping, asOf: AS_OF, now: NOW, rejectionsPath, maxRejected: 1, force: true });
      assert.equal(s.outcome, 'loaded');
      const expected = dirtyExpectations(loadMapping(dataset), AS_OF);
      const rejectedRows = expected.filter((e) => e.outcome === 'row rejected').length;
      assert.equal(s.rejected, rejectedRows);
      assert.equal(s.valuesLeftOut, expected.length - rejectedRows);
      assert.equal(s.accepted + s.rejected, s.rowsRead, 'every row is accepted or rejected');
      assert.equal(s.newCount, w.rows - rejectedRows);
      const report = readReport(rejectionsPath);
      assert.deepEqual(Object.keys(report[0]!), ['row', 'line', 'column', 'value', 'problem', 'outcome']);
      assert.equal(report.length, expected.length, readFileSync(rejectionsPath, 'utf8'));
      for (const e of expected) {
        const line = report.find((r) => r.row === String(e.row));
        assert.ok(line, `row ${e.row} is not in the report`);
        assert.equal(line.column, e.column);
        assert.equal(line.outcome, e.outcome);
        assert.match(line.problem!, e.reason);
        assert.equal(line.line, String(e.row + 1), 'the header is line 1');
      }
      const dobRow = report.find((r) => r.row === '2')!;
      assert.notEqual(dobRow.value, '', 'the offending value is shown');
    });
  }
});

describe('rows with problems', () => {
  let t: TestDb;
  before(async () => {
    t = await openTestDb();
  });
  after(() => t.close());

  it('rejects an unknown code and a date in another format instead of guessing, and reports the report next to the extract', async () => {
    const rows = [housingRow(1), housingRow(2, { asb: 'Maybe' }), housingRow(3, { dob: '1980-03-14' }), housingRow(4, { dob: '03/14/1980' }), housingRow(5, { end: '01/01/2019' })];
    const file = t.file('problems.csv', housingCsv(0, { rows }));
    const s = await ingestExtract({ db: t.db, dataset: 'housing', file, mapping: mappingPath('housing'), asOf: AS_OF, now: NOW, force: true });
    assert.equal(s.rejectionReport, join(t.dir, 'problems.rejections.csv'));
    assert.deepEqual([s.rowsRead, s.accepted, s.rejected], [5, 1, 4]);
    const report = readReport(s.rejectionReport);
    assert.deepEqual(
      report.map((r) => [r.row, r.column, r.value]),
      [
        ['2', 'ASB', 'Maybe'],
        ['3', 'Date of Birth', '1980-03-14'],
        ['4', 'Date of Birth', '03/14/1980'],
        ['5', 'Tenancy End', '01/01/2019'],
      ],
    );
    assert.match(report[0]!.problem!, /not one of the codes the mapping lists for this column \("Y", "C", "N"\)/);
    assert.match(report[3]!.problem!, /before the start date \(2020-05-01\)/);
    const records = await t.db.selectFrom('source_record').select(['source_person_id', 'involvement', 'details']).where('service', '=', 'housing').execute();
    assert.deepEqual(records.map((r) => r.source_person_id), ['SH-T00001']);
    assert.equal(records[0]!.involvement, 'current', 'derived: no end date');
    assert.deepEqual(JSON.parse(records[0]!.details), { antiSocialBehaviour: 'No records found', eviction: 'No records found', noticeSeekingPossession: 'No records found', rentArrears: 'No records found' });
  });

  it('keeps a row whose postcode is unusable but says so, and never stores the bad value', async () => {
    const file = t.file('postcode.csv', housingCsv(0, { rows: [housingRow(1, { postcode: 'SK5' }), housingRow(2)] }));
    const s = await ingestExtract({ db: t.db, dataset: 'housing', file, mapping: mappingPath('housing'), asOf: AS_OF, now: NOW, force: true });
    assert.deepEqual([s.accepted, s.rejected, s.valuesLeftOut], [2, 0, 1]);
    const report = readReport(s.rejectionReport);
    assert.deepEqual(report.map((r) => [r.row, r.column, r.value, r.outcome]), [['1', 'Postcode', 'SK5', 'value left out']]);
    const row = await t.db.selectFrom('source_record').select('postcode').where('source_person_id', '=', 'SH-T00001').executeTakeFirstOrThrow();
    assert.equal(row.postcode, null);
  });

  it('defuses spreadsheet formulas in the report', () => {
    assert.equal(csvCell('=HYPERLINK("http://x")'), `"'=HYPERLINK(""http://x"")"`);
    assert.equal(csvCell('+44 161'), "'+44 161");
    assert.equal(csvCell('plain'), 'plain');
    assert.equal(csvCell('a,b'), '"a,b"');
  });
});

/** A stored row back in the generator's shape, to compare with what was generated. */
function asRecord(row: SourceRecordRow): Record<string, unknown> {
  const contact = Object.fromEntries(
    (
      [
        ['name', row.contact_name],
        ['role', row.contact_role],
        ['phone', row.contact_phone],
        ['email', row.contact_email],
      ] as const
    ).filter(([, v]) => v !== null),
  );
  const out: Record<string, unknown> = {
    sourcePersonId: row.source_person_id,
    firstName: row.first_name,
    lastName: row.last_name,
    dateOfBirth: row.date_of_birth,
    gender: row.gender,
    address: row.address,
    postcode: row.postcode,
    nhsNumber: row.nhs_number,
    upn: row.upn,
    cmsId: row.cms_id,
    involvement: row.involvement,
    organisation: row.organisation,
    contact: Object.keys(contact).length ? contact : null,
    startDate: row.start_date,
    endDate: row.end_date,
    lastContact: row.last_contact,
    details: JSON.parse(row.details),
  };
  for (const key of Object.keys(out)) if (out[key] === null) delete out[key];
  return out;
}
