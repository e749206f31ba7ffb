/**
 * The column mapping is checked completely before any row is read, and every problem names its key; the CSV
 * header must have every mapped column. Date formats are strict: a value that does not fit is not a date.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { DATASETS, mappingPath } from '../../fixtures/extracts/write-extracts.js';
import { compileDateFormat } from '../../server/src/ingest/date-format.js';
import { ingestExtract, IngestError } from '../../server/src/ingest/ingest-extract.js';
import { MappingError, readMappingFile, validateMapping } from '../../server/src/ingest/mapping.js';
import { HeaderError } from '../../server/src/ingest/row-mapper.js';
import { AS_OF, countRecords, housingCsv, HOUSING_HEADER, openTestDb, type TestDb } from './ingest-helpers.js';

const housing = (): Record<string, any> => JSON.parse(readFileSync(mappingPath('housing'), 'utf8'));

function problemsOf(json: unknown, dataset = 'housing'): string[] {
  try {
    validateMapping(json, dataset, 'test.mapping.json');
  } catch (error) {
    assert.ok(error instanceof MappingError, String(error));
    return error.problems;
  }
  assert.fail('the mapping was accepted');
}

function assertProblem(problems: string[], key: string, words: RegExp): void {
  const hit = problems.find((p) => p.startsWith(`${key}:`));
  assert.ok(hit, `no problem names "${key}"; got:\n${problems.join('\n')}`);
  assert.match(hit, words);
}

describe('mapping validation', () => {
  it('accepts every example mapping for its own source', () => {
    for (const dataset of DATASETS) {
      const mapping = readMappingFile(mappingPath(dataset), dataset);
      assert.equal(mapping.dataset, dataset);
    }
  });

  it('names an unknown key at the top level and inside a field', () => {
    const m = housing();
    m.colums = {};
    m.columns.gender.vaules = { F: 'female' };
    const problems = problemsOf(m);
    assertProblem(problems, 'the mapping', /"colums" is not a key/);
    assert.ok(problems.some((p) => p.startsWith('columns.gender') && p.includes('"vaules"')), problems.join('\n'));
  });

  it('names a required field that is not mapped', () => {
    const m = housing();
    delete m.columns.lastName;
    assertProblem(problemsOf(m), 'columns.lastName', /missing; every housing extract must say which column holds lastName/);
  });

  it('names a field that is not in the model', () => {
    const m = housing();
    m.columns.shoeSize = 'Shoe Size';
    assertProblem(problemsOf(m), 'columns.shoeSize', /not a field of the common data model; the fields are .*firstName/);
  });

  it('names a code that maps to a value the model does not have', () => {
    const m = housing();
    m.details.rentArrears.values.Y = 'Open';
    assertProblem(problemsOf(m), 'details.rentArrears.values', /"Y" maps to "Open", which is not one of the model's values: "Case open", "Case closed", "No records found"/);
  });

  it('names a detail the service does not have', () => {
    const m = housing();
    m.details.admissionType = 'Admission';
    assertProblem(problemsOf(m), 'details.admissionType', /not a housing detail; the details are antiSocialBehaviour/);
  });

  it('refuses a two-digit year, a date format without a day, and a format on a text field', () => {
    const m = housing();
    m.dateFormat = 'DD/MM/YY';
    m.columns.startDate = { column: 'Tenancy Start', format: 'MM/YYYY' };
    m.columns.firstName = { column: 'First Name', format: 'DD/MM/YYYY' };
    const problems = problemsOf(m);
    assertProblem(problems, 'dateFormat', /two-digit year \(YY\), which is ambiguous/);
    assertProblem(problems, 'columns.startDate.format', /needs a year \(YYYY\), a month .* and a day/);
    assertProblem(problems, 'columns.firstName.format', /only date fields have a format/);
  });

  it('requires yes/no codes to be spelt out, and the metadata a source needs', () => {
    const police = JSON.parse(readFileSync(mappingPath('police'), 'utf8'));
    police.details.nonSafeguardingRecords = 'Other Records';
    delete police.metadata.areaPostcodes;
    police.metadata.freshnessDays = 'seven';
    const problems = problemsOf(police, 'police');
    // One run lists every problem, structural and field by field.
    assertProblem(problems, 'metadata.areaPostcodes', /missing/);
    assertProblem(problems, 'metadata.freshnessDays', /expected number/);
    assertProblem(problems, 'details.nonSafeguardingRecords.values', /say which codes mean yes and which mean no/);
  });

  it('names a source that does not match --source, and derive without an end date', () => {
    const m = housing();
    delete m.columns.endDate;
    const problems = problemsOf(m, 'police');
    assertProblem(problems, 'source', /this mapping is for "housing", but --source is "police"/);
    assertProblem(problems, 'columns.involvement', /needs columns.endDate/);
  });

  it('says when the mapping file is not JSON, without reading the extract', () => {
    assert.throws(
      () => validateMapping(undefined, 'housing', 'x.json'),
      (e: unknown) => e instanceof MappingError && /the mapping: /.test(e.problems[0]!),
    );
  });
});

describe('mapping against the extract header (before any row is read)', () => {
  let t: TestDb;
  before(async () => {
    t = await openTestDb();
  });
  after(() => t.close());

  it('lists the missing columns and, of the first line, only its width and the column names the mapping reads, and changes nothing', async () => {
    const file = t.file('renamed.csv', housingCsv(3).replace('Date of Birth', 'DOB').replace('Arrears', 'Rent Arrears'));
    await assert.rejects(
      ingestExtract({ db: t.db, dataset: 'housing', file, mapping: mappingPath('housing'), asOf: AS_OF }),
      (e: unknown) => {
        assert.ok(e instanceof HeaderError);
        assert.deepEqual(e.missing.sort(), ['Arrears', 'Date of Birth']);
        assert.match(e.message, /the file does not have: .*"Date of Birth"/);
        assert.equal(e.columnCount, 22);
        assert.match(e.message, /The file's first line \(its header\) has 22 columns; of the names the mapping reads it has "Tenant Ref", "First Name", /);
        assert.doesNotMatch(e.message, /"DOB"|"Rent Arrears"/, 'cells the mapping does not name are not shown: they could be data');
        assert.doesNotMatch(e.message, /does not look like a header/);
        return true;
      },
    );
    assert.equal(await countRecords(t.db, 'housing'), 0);
    const loads = await t.db.selectFrom('source_load').selectAll().execute();
    assert.equal(loads.length, 0, 'no load was even started');
  });

  it('refuses a header with a mapped column twice', async () => {
    const file = t.file('twice.csv', housingCsv(2).replace(HOUSING_HEADER, HOUSING_HEADER.replace('Landlord', 'Postcode')));
    await assert.rejects(ingestExtract({ db: t.db, dataset: 'housing', file, mapping: mappingPath('housing'), asOf: AS_OF }), /"Postcode" appears more than once/);
  });

  it('requires the as-of date explicitly: the file date is never used', async () => {
    const file = t.file('ok.csv', housingCsv(2));
    await assert.rejects(
      ingestExtract({ db: t.db, dataset: 'housing', file, mapping: mappingPath('housing') }),
      (e: unknown) => e instanceof IngestError && /--as-of YYYY-MM-DD/.test(e.message) && /modification date is not used/.test(e.message),
    );
    await assert.rejects(ingestExtract({ db: t.db, dataset: 'housing', file, mapping: mappingPath('housing'), asOf: '20/11/2026' }), /--as-of is "20\/11\/2026"/);
    await assert.rejects(ingestExtract({ db: t.db, dataset: 'housing', file, mapping: mappingPath('housing'), asOf: '2999-01-01', now: new Date('2026-11-21T06:00:00Z') }), /in the future/);
  });
});

describe('date formats', () => {
  it('reads exactly the mapped format and nothing else', () => {
    const uk = compileDateFormat('DD/MM/YYYY');
    assert.equal(uk.parse('05/11/2024'), '2024-11-05');
    assert.equal(uk.parse('2024-11-05'), undefined);
    assert.equal(uk.parse('5/11/2024'), undefined, 'DD needs two digits');
    assert.equal(uk.parse('31/02/2024'), undefined, 'not a real date');
    assert.equal(uk.parse('29/02/2024'), '2024-02-29');
    assert.equal(uk.parse('29/02/2023'), undefined);
    assert.equal(uk.parse('11/13/2024'), undefined, 'no month 13, and never re-read as MM/DD');
    const loose = compileDateFormat('D/M/YYYY');
    assert.equal(loose.parse('5/1/2024'), '2024-01-05');
    const gmp = compileDateFormat('DD-MMM-YYYY');
    assert.equal(gmp.parse('12-Jun-2024'), '2024-06-12');
    assert.equal(gmp.parse('12-jun-2024'), '2024-06-12');
    assert.equal(gmp.parse('12-Jux-2024'), undefined);
    assert.equal(gmp.format('2024-06-02'), '02-Jun-2024');
    const sqlServer = compileDateFormat('YYYY-MM-DD HH:mm:ss');
    assert.equal(sqlServer.parse('2024-06-12 00:00:00'), '2024-06-12');
    assert.equal(sqlServer.parse('2024-06-12 25:00:00'), undefined);
    assert.equal(sqlServer.parse('2024-06-12'), undefined);
    assert.equal(compileDateFormat('YYYYMMDD').parse('20240612'), '2024-06-12');
  });

  it('explains a format it cannot use', () => {
    assert.throws(() => compileDateFormat('DD/MM/YY'), /two-digit year/);
    assert.throws(() => compileDateFormat('DD_MM_YYYY'), /"_", which is not a date part/);
    assert.throws(() => compileDateFormat('DD/MM/YYYY/MM'), /month twice/);
  });
});
