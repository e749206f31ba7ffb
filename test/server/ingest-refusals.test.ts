/**
 * A truncated extract must not turn real involvement into "no records": empty, cut-off, shrunk, mostly rejected
 * or older files are refused unless forced, and a refused or failed load leaves the previous data and metadata
 * exactly as they were, with no stray rows.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { mappingPath } from '../../fixtures/extracts/write-extracts.js';
import { parse } from 'csv-parse/sync';
import { CsvFormatError, csvParseProblem, type CsvParseError } from '../../server/src/ingest/csv-rows.js';
import { formatSummary } from '../../server/src/ingest/cli.js';
import { ingestExtract, IngestError, type IngestOptions, type IngestSummary } from '../../server/src/ingest/ingest-extract.js';
import { replaceSourceData, SourceLoad } from '../../server/src/sources/repository.js';
import type { SourceRecordData } from '../../server/src/sources/types.js';
import { housingCsv, housingRow, HOUSING_HEADER, NOW, openTestDb, type TestDb } from './ingest-helpers.js';

const BASELINE_AS_OF = '2026-11-19';
const AS_OF = '2026-11-20';
const BASELINE_ROWS = 50;

describe('refusing extracts that would lose involvement', () => {
  let t: TestDb;
  /** The housing mapping without its trailer row, for files from tools that write none. */
  let noTrailerMapping: string;

  const load = (file: string, over: Partial<IngestOptions> = {}): Promise<IngestSummary> =>
    ingestExtract({ db: t.db, dataset: 'housing', file, mapping: mappingPath('housing'), asOf: AS_OF, now: NOW, ...over });

  /** What readers see (the source row and its snapshot's records), and rows of any other snapshot. */
  async function snapshot() {
    const source = await t.db.selectFrom('source').selectAll().where('service', '=', 'housing').executeTakeFirstOrThrow();
    const all = await t.db.selectFrom('source_record').select(['id', 'snapshot_id', 'source_person_id', 'last_name']).where('service', '=', 'housing').orderBy('id').execute();
    return { source, rows: all.filter((r) => r.snapshot_id === source.snapshot_id), stray: all.length - source.record_count };
  }

  async function assertUnchanged(before: Awaited<ReturnType<typeof snapshot>>, options: { strayAllowed?: boolean } = {}): Promise<void> {
    const now = await snapshot();
    assert.deepEqual(now.source, before.source, 'the source metadata is unchanged');
    assert.deepEqual(now.rows, before.rows, 'the records readers see are unchanged');
    if (!options.strayAllowed) assert.equal(now.stray, 0, 'no rows of the refused or failed load remain');
  }

  async function lastLoad() {
    return t.db.selectFrom('source_load').selectAll().where('dataset', '=', 'housing').orderBy('snapshot_id', 'desc').executeTakeFirstOrThrow();
  }

  before(async () => {
    t = await openTestDb();
    const json = JSON.parse(readFileSync(mappingPath('housing'), 'utf8'));
    delete json.file;
    noTrailerMapping = t.file('housing-no-trailer.mapping.json', JSON.stringify(json));
  });
  after(() => t.close());

  beforeEach(async () => {
    // A fresh baseline of 50 tenancies, current as of the day before.
    const s = await load(t.file('baseline.csv', housingCsv(BASELINE_ROWS)), { asOf: BASELINE_AS_OF, force: true });
    assert.equal(s.outcome, 'loaded');
    assert.equal(s.newCount, BASELINE_ROWS);
  });

  const refusals: Array<[string, () => string, RegExp, Partial<IngestOptions>?]> = [
    ['an empty file', () => t.file('empty.csv', ''), /The file is empty/],
    ['a header with no rows', () => t.file('header.csv', `${HOUSING_HEADER}\r\n`), /header but no data rows/],
    ['a file without its trailer row', () => t.file('no-trailer.csv', housingCsv(BASELINE_ROWS, { trailer: null })), /ends with a "TRAILER" row .* there is none/],
    ['a trailer count that does not match', () => t.file('count.csv', housingCsv(BASELINE_ROWS, { trailer: 60 })), /"TRAILER" row says 60 rows, but the file has 50/],
    [
      'a last line cut mid-row (no trailer declared)',
      () => {
        const full = housingCsv(BASELINE_ROWS, { trailer: null });
        return t.file('cut.csv', full.slice(0, full.length - 60));
      },
      /last row .* has \d+ fields but the header has 22: the file looks truncated/,
      { mapping: '' },
    ],
    [
      'a file cut inside a quoted value',
      () => t.file('quote.csv', housingCsv(0, { rows: [...Array.from({ length: 49 }, (_, i) => housingRow(i + 1)), `SH-T00050,Test,"Person50,14/03/1980`], trailer: null })),
      /ends inside a quoted value/,
      { mapping: '' },
    ],
    [
      'a last line with every field but no line break',
      () => t.file('nolf.csv', housingCsv(BASELINE_ROWS, { trailer: null }).replace(/\r\n$/, '')),
      /does not end with a line break/,
      { mapping: '' },
    ],
    ['a file that shrinks the source by more than 20%', () => t.file('shrunk.csv', housingCsv(39)), /shrink .* from 50 to 39 records \(22% fewer\), more than the 20% allowed/],
    [
      'a file with more than 5% of rows rejected',
      () => t.file('bad.csv', housingCsv(0, { rows: Array.from({ length: 50 }, (_, i) => housingRow(i + 1, i < 4 ? { dob: '31/02/1980' } : {})) })),
      /4 of 50 rows \(8\.0%\) were rejected, more than the 5\.0% allowed/,
    ],
    [
      'a file where every row is rejected (wrong date format in the mapping)',
      () => t.file('all-bad.csv', housingCsv(0, { rows: Array.from({ length: 50 }, (_, i) => housingRow(i + 1, { dob: '1980-03-14' })) })),
      /Every one of the 50 rows was rejected/,
    ],
    ['an extract older than the data loaded now', () => t.file('older.csv', housingCsv(BASELINE_ROWS)), /older than the data loaded now/, { asOf: '2026-11-18' }],
  ];

  for (const [what, file, reason, over] of refusals) {
    it(`refuses ${what}, says why and how to override, and changes nothing`, async () => {
      const before = await snapshot();
      const options = over?.mapping === '' ? { ...over, mapping: noTrailerMapping } : over;
      const s = await load(file(), options);
      assert.equal(s.outcome, 'refused');
      assert.ok(s.refusals.some((r) => reason.test(r)), `expected ${reason} in:\n${s.refusals.join('\n')}`);
      assert.equal(s.previousCount, BASELINE_ROWS);
      assert.equal(s.newCount, BASELINE_ROWS);
      await assertUnchanged(before);
      const history = await lastLoad();
      assert.equal(history.state, 'refused');
      assert.match(history.detail ?? '', reason);
    });
  }

  it('loads a cut-off file with --force, reporting the cut row', async () => {
    const full = housingCsv(BASELINE_ROWS, { trailer: null });
    const file = t.file('forced.csv', full.slice(0, full.length - 60));
    const s = await load(file, { mapping: noTrailerMapping, force: true });
    assert.equal(s.outcome, 'loaded');
    assert.equal(s.forced, true);
    assert.equal(s.rejected, 1);
    assert.equal(s.newCount, BASELINE_ROWS - 1);
    const report = readFileSync(s.rejectionReport, 'utf8');
    assert.match(report, /^50,51,\(whole row\),.*fields but the header has 22/m);
    const source = await t.db.selectFrom('source').selectAll().where('service', '=', 'housing').executeTakeFirstOrThrow();
    assert.equal(source.record_count, BASELINE_ROWS - 1);
    assert.equal(source.last_updated, AS_OF);
  });

  it('--max-shrink lets a council allow a bigger drop', async () => {
    const s = await load(t.file('shrunk-ok.csv', housingCsv(30)), { maxShrink: 0.5 });
    assert.equal(s.outcome, 'loaded');
    assert.equal(s.newCount, 30);
  });

  it('--dry-run checks everything and changes nothing', async () => {
    const before = await snapshot();
    const s = await load(t.file('dry.csv', housingCsv(0, { rows: [housingRow(1, { asb: 'Perhaps' }), ...Array.from({ length: 49 }, (_, i) => housingRow(i + 2))] })), { dryRun: true });
    assert.equal(s.outcome, 'checked');
    assert.equal(s.rejected, 1);
    assert.match(readFileSync(s.rejectionReport, 'utf8'), /Perhaps/);
    await assertUnchanged(before);
  });

  it('stops at a stray quote in the middle of the file (no --force can read past it) and changes nothing', async () => {
    const before = await snapshot();
    const rows = Array.from({ length: 50 }, (_, i) => housingRow(i + 1));
    rows[20] = rows[20]!.replace('Test,', 'Te"st",x,');
    const file = t.file('stray.csv', housingCsv(0, { rows }));
    await assert.rejects(load(file, { force: true }), (e: unknown) => {
      assert.ok(e instanceof CsvFormatError, String(e));
      assert.match(e.message, /not valid CSV at line 22 \(column "First Name"\): a double quote in the middle of a value/);
      assert.doesNotMatch(e.message, /"Te"|value is/, 'never a piece of the value (csv-parse quotes it)');
      return true;
    });
    await assertUnchanged(before);
    assert.notEqual((await lastLoad()).state, 'loading');
  });

  it('stops a stray opening quote at the row-size limit instead of holding the rest of a big file in memory, and changes nothing', async () => {
    const before = await snapshot();
    const rows = Array.from({ length: 9000 }, (_, i) => housingRow(i + 1));
    rows[2] = rows[2]!.replace('Test,', '"Test,');
    const file = t.file('runaway.csv', housingCsv(0, { rows }));
    assert.ok(readFileSync(file).length > 1_000_000, 'the file is bigger than the row limit');
    await assert.rejects(load(file, { force: true }), (e: unknown) => e instanceof CsvFormatError && /never closed/.test(e.message) && /Nothing was loaded/.test(e.message));
    await assertUnchanged(before);
  });

  it('stops at bytes that are not UTF-8, and suggests the Windows encoding; loads them when the mapping says so', async () => {
    const before = await snapshot();
    const text = housingCsv(BASELINE_ROWS).replace('Person1,', 'Zo\u00eb O\u2019Neill,');
    const file = join(t.dir, 'ansi.csv');
    writeFileSync(file, Buffer.from(text.replace('\u2019', '\u0092'), 'latin1'));
    await assert.rejects(load(file), (e: unknown) => e instanceof CsvFormatError && /not valid utf-8 text .* "windows-1252"/.test(e.message));
    await assertUnchanged(before);

    const json = JSON.parse(readFileSync(mappingPath('housing'), 'utf8'));
    json.file.encoding = 'windows-1252';
    const s = await load(file, { mapping: t.file('ansi.mapping.json', JSON.stringify(json)) });
    assert.equal(s.outcome, 'loaded', s.refusals.join(' '));
    const row = await t.db.selectFrom('source_record').select('last_name').where('source_person_id', '=', 'SH-T00001').executeTakeFirstOrThrow();
    assert.equal(row.last_name, 'Zo\u00eb O\u2019Neill');
  });

  it('names the line, row and column of a byte that is not UTF-8 (not a byte of a 64 KB chunk), says to re-save as UTF-8, and changes nothing', async () => {
    const before = await snapshot();
    const CHUNK = 65_536; // the file is read 64 KB at a time
    const split: boolean[] = [];
    // Row 10 holds a line break inside a quoted value, so row 700 is on line 702 (the header is line 1). Row 700 is
    // past the first chunk, and a run of two-byte characters lies across the start of its chunk (at either
    // parity: one of the two splits a character there), which must not be taken for the bad byte.
    for (const pad of ['', 'x']) {
      const rows = Array.from({ length: 1000 }, (_, i) => housingRow(i + 1, i === 699 ? { surname: 'Hartl#y' } : {}));
      rows[9] = rows[9]!.replace('10 Test Street', '"10 Test Street\nFlat 2"');
      const start = (row: number) => Buffer.byteLength(`${HOUSING_HEADER}\r\n`) + rows.slice(0, row - 1).reduce((n, r) => n + Buffer.byteLength(`${r}\r\n`), 0);
      const boundary = Math.floor(start(700) / CHUNK) * CHUNK;
      const crossing = rows.findIndex((_, i) => start(i + 2) > boundary) + 1;
      assert.ok(boundary > 0 && crossing > 11 && crossing < 699);
      rows[crossing - 2] = housingRow(crossing - 1, { surname: pad + '\u00e9'.repeat(200) });
      const bytes = Buffer.from(housingCsv(0, { rows }), 'utf8');
      const bad = bytes.indexOf('Hartl#y') + 5;
      bytes[bad] = 0xe9; // "é" as Windows writes it: not UTF-8
      assert.equal(Math.floor(bad / CHUNK) * CHUNK, boundary, 'the bad byte is in the chunk the run runs into');
      split.push((bytes[boundary]! & 0xc0) === 0x80);
      const file = join(t.dir, `not-utf8${pad}.csv`);
      writeFileSync(file, bytes);
      await assert.rejects(load(file, { force: true }), (e: unknown) => {
        assert.ok(e instanceof CsvFormatError, String(e));
        assert.match(e.message, /not valid utf-8 text on line 702 \(row 700, column "Last Name"\)/);
        assert.doesNotMatch(e.message, /near byte/);
        assert.match(e.message, /nothing was loaded/);
        assert.match(e.message, /[Rr]e-save the extract as UTF-8/);
        assert.match(e.message, /"file": \{ "encoding": "windows-1252" \}/);
        assert.doesNotMatch(e.message, /Hartl/, 'never the value itself');
        return true;
      });
      await assertUnchanged(before);
      assert.notEqual((await lastLoad()).state, 'loading');
    }
    assert.deepEqual(split.filter(Boolean).length, 1, 'one of the files has a character split across the chunks');

    // In the first chunk, before the header has been parsed, the column is named all the same.
    const small = Buffer.from(housingCsv(0, { rows: Array.from({ length: 50 }, (_, i) => housingRow(i + 1, i === 2 ? { surname: 'Hartl#y' } : {})) }), 'utf8');
    small[small.indexOf('Hartl#y') + 5] = 0xe9;
    const file = join(t.dir, 'not-utf8-small.csv');
    writeFileSync(file, small);
    await assert.rejects(load(file), (e: unknown) => e instanceof CsvFormatError && /not valid utf-8 text on line 4 \(row 3, column "Last Name"\)/.test(e.message));
    await assertUnchanged(before);
  });

  it('a load that fails part-way deletes its rows and leaves the old data', async () => {
    const before = await snapshot();
    const metadata = { service: 'housing', name: 'Broken', area: 'Nowhere', areaPostcodes: [], lastUpdated: AS_OF, freshnessDays: 7 };
    async function* failing(): AsyncGenerator<SourceRecordData> {
      for (let i = 0; i < 2500; i++) yield { sourcePersonId: `X${i}`, firstName: 'A', lastName: 'B', involvement: 'current', details: {} };
      throw new Error('the extract server went away');
    }
    await assert.rejects(replaceSourceData(t.db, metadata, failing(), { loadedAt: NOW }), /went away/);
    await assertUnchanged(before);
    const history = await lastLoad();
    assert.equal(history.state, 'failed');
    assert.match(history.detail ?? '', /went away/);
  });

  it('a NUL byte rejects only its row, naming the column; a name that normalising lengthens (ß → ss) still loads', async () => {
    const rows = Array.from({ length: BASELINE_ROWS }, (_, i) => housingRow(i + 1));
    rows[3] = housingRow(4, { surname: 'Smi\u0000th' });
    rows[5] = housingRow(6, { surname: 'ß'.repeat(64) });
    const reportPath = join(t.dir, 'nul.rejections.csv');
    const s = await load(t.file('nul.csv', housingCsv(BASELINE_ROWS, { rows })), { rejectionsPath: reportPath });
    assert.equal(s.outcome, 'loaded', s.refusals.join(' '));
    assert.equal(s.rejected, 1);
    assert.match(readFileSync(reportPath, 'utf8'), /^4,5,Last Name,Smith,holds a NUL character/m);
    const long = await t.db.selectFrom('source_record').select(['last_name_norm']).where('service', '=', 'housing').where('source_person_id', '=', 'SH-T00006').executeTakeFirstOrThrow();
    assert.equal(long.last_name_norm, 'ss'.repeat(50));
  });

  it('a rejection report that cannot be written fails the load before the switch: "undone" is true', async () => {
    const before = await snapshot();
    const file = t.file('unreported.csv', housingCsv(BASELINE_ROWS));
    await assert.rejects(load(file, { rejectionsPath: join(t.dir, 'no-such-folder', 'rejections.csv') }), /rejection report .* could not be written/);
    await assertUnchanged(before);
    assert.equal((await lastLoad()).state, 'failed');
  });

  it('refuses a rejection report path that is the extract itself, before touching either', async () => {
    const before = await snapshot();
    const file = t.file('itself.csv', housingCsv(BASELINE_ROWS));
    const content = readFileSync(file, 'utf8');
    await assert.rejects(load(file, { rejectionsPath: file }), (e: unknown) => e instanceof IngestError && /would overwrite the extract itself/.test(e.message));
    assert.equal(readFileSync(file, 'utf8'), content);
    await assertUnchanged(before);
  });

  it('says only what happened: a refused (truncated) load with rejected rows does not say they are kept, or that answers changed', async () => {
    const before = await snapshot();
    // A row nothing can be read from (it could be anyone), another with a bad date, and a trailer that does not add up.
    const rows = [...Array.from({ length: BASELINE_ROWS }, (_, i) => housingRow(i + 1)), 'SH-T99999,Broken,Row,with,too,few,fields', housingRow(99998, { dob: '31/31/1985' })];
    const s = await load(t.file('truncated-rejects.csv', housingCsv(0, { rows, trailer: 80 })));
    assert.equal(s.outcome, 'refused');
    assert.equal(s.rejected, 2);
    const said = [...s.notes, formatSummary(s, 'sqlite:test')].join('\n');
    assert.doesNotMatch(said, /kept as unreadable/, 'nothing was kept: the load was refused');
    assert.doesNotMatch(said, /answers "not checked"|for everyone/, 'no answer changed');
    assert.match(said, /REFUSED: .* was not changed/);
    await assertUnchanged(before);

    // A dry run says what a load would do, in the conditional.
    const dry = await load(t.file('dry-rejects.csv', housingCsv(0, { rows })), { dryRun: true });
    assert.equal(dry.outcome, 'checked');
    assert.match(dry.notes.join(' '), /If this extract were loaded: the 2 rejected rows would be kept as unreadable/);
    assert.match(dry.notes.join(' '), /would answer "not checked" instead of "no records" for everyone/);
  });

  it('reads a file whose rows end with a mix of CRLF and LF line endings (quoted or not), one row per line', async () => {
    const quoted = (line: string) => line.split(',').map((v) => `"${v}"`).join(',');
    const lines = [HOUSING_HEADER, ...Array.from({ length: BASELINE_ROWS }, (_, i) => housingRow(i + 1)), `TRAILER,${BASELINE_ROWS}`];
    for (const [name, shape] of [['plain', (l: string) => l], ['quoted', quoted]] as const) {
      // The first half written on Windows (CRLF), the rest appended on Unix (LF).
      const text = lines.map((l, i) => `${i === 0 || i === lines.length - 1 ? l : shape(l)}${i < lines.length / 2 ? '\r\n' : '\n'}`).join('');
      const s = await load(t.file(`mixed-${name}.csv`, text));
      assert.equal(s.outcome, 'loaded', `${name}: ${s.refusals.join(' ')}`);
      assert.equal(s.accepted, BASELINE_ROWS, name);
      assert.equal(s.rejected, 0, name);
    }
  });

  it('refuses to run beside another load of the same source, and clears a crashed one later', async () => {
    const before = await snapshot();
    const crashed = await SourceLoad.start(t.db, 'housing');
    await crashed.write(Array.from({ length: 1200 }, (_, i) => ({ sourcePersonId: `Z${i}`, firstName: 'A', lastName: 'B', involvement: 'current' as const, details: {} })));
    // The running load's rejection report is not touched by the load turned away.
    const runningReport = t.file('running.rejections.csv', 'row,line,column,value,reason,outcome\r\n7,8,DOB,31/31/1985,not a date,row rejected\r\n');
    await assert.rejects(load(t.file('second.csv', housingCsv(BASELINE_ROWS)), { rejectionsPath: runningReport }), (e: unknown) => e instanceof IngestError && /Another load of housing started at .* still running/.test(e.message));
    assert.match(readFileSync(runningReport, 'utf8'), /31\/31\/1985/, "the other load's report is left as it was");
    await assertUnchanged(before, { strayAllowed: true });

    // The first load "crashes": no progress for ten minutes. The next load clears its rows and goes ahead.
    await t.db
      .updateTable('source_load')
      .set({ updated_at: new Date(Date.now() - 10 * 60_000).toISOString() })
      .where('dataset', '=', 'housing')
      .where('snapshot_id', '=', crashed.snapshotId)
      .execute();
    const s = await load(t.file('third.csv', housingCsv(BASELINE_ROWS)));
    assert.equal(s.outcome, 'loaded');
    const stray = await t.db.selectFrom('source_record').select('id').where('snapshot_id', '=', crashed.snapshotId).where('service', '=', 'housing').execute();
    assert.equal(stray.length, 0, "the crashed load's rows are gone");
    const crashedRow = await t.db.selectFrom('source_load').selectAll().where('dataset', '=', 'housing').where('snapshot_id', '=', crashed.snapshotId).executeTakeFirstOrThrow();
    assert.equal(crashedRow.state, 'failed');
    await assert.rejects(crashed.commit({ ...{ service: 'housing', name: 'late', area: '', areaPostcodes: [], lastUpdated: AS_OF, freshnessDays: 7 } }, { loadedAt: NOW }), /Another load of housing finished/);
    assert.equal(await t.db.selectFrom('source').select('name').where('service', '=', 'housing').executeTakeFirstOrThrow().then((r) => r.name), 'Stockport Homes tenancy system');
  });
});

describe("csv-parse's errors, told without the data they quote", () => {
  /** csv-parse's own error for `text` (parsed as the ingest reads, or counting fields as `strict` asks). */
  function csvParseError(text: string, strict = false): CsvParseError & { message: string } {
    try {
      parse(text, { relax_column_count: !strict, info: true, bom: true });
    } catch (error) {
      return error as CsvParseError & { message: string };
    }
    assert.fail(`csv-parse read ${JSON.stringify(text)} without an error`);
  }
  const HEADER = 'Tenant Ref,First Name,Last Name,Date of Birth,Postcode\r\n';
  const VALUES = ['SH-004201', 'Gemma', 'Hartley', 'Har', 'tley', '24/04/1995', 'SK5 8QT'];

  it('keeps the kind of problem and drops the value: unclosed quote, invalid opening and closing quote, wrong field count', () => {
    const cases: Array<{ text: string; strict?: boolean; code: string; quoted: RegExp; problem: RegExp }> = [
      { text: `${HEADER}SH-004201,Gemma,"Hartley,24/04/1995,SK5 8QT\r\n`, code: 'CSV_QUOTE_NOT_CLOSED', quoted: /Quote Not Closed: the parsing is finished with an opening quote at line \d/, problem: /^a double quote opens a value and is never closed$/ },
      { text: `${HEADER}SH-004201,Gemma,Har"tley",24/04/1995,SK5 8QT\r\n`, code: 'INVALID_OPENING_QUOTE', quoted: /value is "Har"/, problem: /^a double quote in the middle of a value that does not begin with one/ },
      { text: `${HEADER}SH-004201,Gemma,"Har"tley,24/04/1995,SK5 8QT\r\n`, code: 'CSV_INVALID_CLOSING_QUOTE', quoted: /got "t"/, problem: /^a quoted value goes on after its closing quote/ },
      { text: `${HEADER}SH-004201,Gemma,Hartley,24/04/1995\r\n`, strict: true, code: 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH', quoted: /expect 5, got 4 on line 2/, problem: /^the row has a different number of fields from the header$/ },
    ];
    for (const c of cases) {
      const error = csvParseError(c.text, c.strict);
      assert.equal(error.code, c.code);
      assert.match(error.message, c.quoted, "csv-parse's own message, as this test assumes it");
      const problem = csvParseProblem(error);
      assert.match(problem, c.problem, c.code);
      for (const value of VALUES) assert.ok(!problem.includes(value), `${c.code}: "${value}" in ${problem}`);
    }
  });

  it('a message it does not know: its kind kept, anything quoted taken out', () => {
    const problem = csvParseProblem({ code: 'CSV_SOMETHING_NEW', lines: 2, message: 'Something New: got "Hartley" at line 2, value is "Gem\\"ma"' });
    assert.match(problem, /^Something New: got \(a value\) at line 2 \(CSV_SOMETHING_NEW\)$/);
    for (const value of VALUES) assert.ok(!problem.includes(value), `"${value}" in ${problem}`);
  });
});
