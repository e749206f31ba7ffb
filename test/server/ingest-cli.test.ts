/**
 * `npm run ingest -- ...` as council IT uses it: options checked, a summary printed (read, accepted, rejected,
 * previous and new counts, time, rows per second), exit status 0 / 1 (refused) / 2 (wrong options or mapping).
 */
import assert from 'node:assert/strict';
import { scoringSignature } from '../../server/src/matching/score.js';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { EXTRACTS_DIR, mappingPath } from '../../fixtures/extracts/write-extracts.js';
import { run } from '../../server/src/ingest/cli.js';
import { SourceLoad } from '../../server/src/sources/repository.js';
import { closedPort, familyContext } from './cli-process.js';
import { countRecords, housingCsv, housingRow, openTestDb, type TestDb } from './ingest-helpers.js';



/** The example school extract's header and first data row (the header names are not personal data). */
function schoolLines(): { header: string; row: string } {
  const [header, row] = readFileSync(join(EXTRACTS_DIR, 'school.csv'), 'utf8').split(/\r?\n/);
  return { header: header!, row: row! };
}

/** The example housing extract's header and first data row. */
function housingLines(): { header: string; row: string } {
  const [header, row] = readFileSync(join(EXTRACTS_DIR, 'housing.csv'), 'utf8').split(/\r?\n/);
  return { header: header!, row: row! };
}

/** The personal values of `row` (ids, names, date of birth, address, postcode, contact details), by header name. */
function personalValues(header: string, row: string): string[] {
  const personal = /ref|pupil id|forename|first name|surname|last name|dob|date of birth|address line 1|address 1|post ?code|social care id|phone|email|officer$|dsl name/i;
  const names = header.split(',');
  const values = row.split(',').filter((_, i) => personal.test(names[i] ?? ''));
  assert.ok(values.length >= 8, `found the personal columns of ${header}`);
  return values.filter((v) => v.length >= 3);
}

/** Fails naming the value when the command's output repeats any of `values` (or a piece of one, e.g. `Har` of `Hartley`). */
function assertNoValues(output: string, values: string[], fragments: string[] = []): void {
  for (const value of [...values, ...fragments]) {
    assert.ok(!output.includes(value), `the output repeats "${value}" from the extract:\n${output}`);
  }
}

async function cli(argv: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = console.log;
  const error = console.error;
  console.log = (...a: unknown[]) => void out.push(a.join(' '));
  console.error = (...a: unknown[]) => void err.push(a.join(' '));
  try {
    const code = await run(argv, env);
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    console.log = log;
    console.error = error;
  }
}

describe('the ingest command', () => {
  let t: TestDb;
  let env: NodeJS.ProcessEnv;
  before(async () => {
    t = await openTestDb();
    env = { FC_DB: t.url };
  });
  after(() => t.close());

  it('prints its usage with --help, and exits 2 naming what is missing', async () => {
    const help = await cli(['--help'], env);
    assert.equal(help.code, 0);
    assert.match(help.out, /--source <source> .*school, adult-social-care, housing, police, cms-relationships/);
    const missing = await cli(['--source', 'housing'], env);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /--file is required/);
    assert.match(missing.err, /--mapping is required/);
    const wrong = await cli(['--source', 'hosuing', '--file', 'x.csv', '--mapping', 'm.json', '--max-shrink', 'lots'], env);
    assert.equal(wrong.code, 2);
    assert.match(wrong.err, /--source "hosuing" is not a source/);
    assert.match(wrong.err, /--max-shrink is "lots": give a share from 0 to 1/);
  });

  it('exits 2 on a mapping problem, naming the key', async () => {
    const mapping = JSON.parse(readFileSync(mappingPath('housing'), 'utf8'));
    mapping.columns.gender.values.F = 'woman';
    const bad = t.file('bad.mapping.json', JSON.stringify(mapping));
    const r = await cli(['--source', 'housing', '--file', t.file('a.csv', housingCsv(5)), '--mapping', bad, '--as-of', '2026-11-20'], env);
    assert.equal(r.code, 2);
    assert.match(r.err, /columns\.gender\.values: "F" maps to "woman"/);
    assert.match(r.err, /no data was read or changed/);
  });

  it('loads, prints the summary, and refuses (exit 1) a shrunk file with the way to override', async () => {
    const rows = [housingRow(1, { asb: 'X' }), ...Array.from({ length: 59 }, (_, i) => housingRow(i + 2))];
    const file = t.file('housing.csv', housingCsv(0, { rows }));
    const ok = await cli(['--source', 'housing', '--file', file, '--mapping', mappingPath('housing'), '--as-of', '2026-11-20'], env);
    assert.equal(ok.code, 0, ok.err);
    assert.match(ok.out, /^Loaded Stockport Homes tenancy system \(housing\)/);
    assert.match(ok.out, /rows read\s+60\n/);
    assert.match(ok.out, /accepted\s+59\n/);
    assert.match(ok.out, /rejected\s+1\n/);
    assert.match(ok.out, /previous count\s+0\n/);
    assert.match(ok.out, /new count\s+59\n/);
    assert.match(ok.out, /time\s+[\d.]+ s \([\d,]+ rows\/s\)/);
    assert.match(ok.out, /current as of\s+20 November 2026/);
    assert.match(ok.out, /rejection report\s+.*housing\.rejections\.csv \(it repeats values from the extract/);
    assert.doesNotMatch(ok.out + ok.err, /Test,Person/, 'no personal data on the console');
    assert.match(ok.out, /Matching for housing: [\d,]+ blocking keys/, 'the blocking keys and links are rebuilt after a load');

    const shrunk = await cli(['--source', 'housing', '--file', t.file('short.csv', housingCsv(20)), '--mapping', mappingPath('housing'), '--as-of', '2026-11-20'], env);
    assert.equal(shrunk.code, 1);
    assert.match(shrunk.out, /^REFUSED: Stockport Homes tenancy system \(housing\) was not changed/);
    assert.match(shrunk.out, /new count\s+59\n/);
    assert.match(shrunk.out, /shrink .* from 59 to 20 records/);
    assert.match(shrunk.out, /run again with --force/);
  });

  it('scores the links it stores with the FC_MATCH_* settings it is given, and refuses bad ones', async () => {
    const file = t.file('scored.csv', housingCsv(60));
    const bad = await cli(['--source', 'housing', '--file', file, '--mapping', mappingPath('housing'), '--as-of', '2026-11-20'], { ...env, FC_MATCH_LIKELY: 'high' });
    assert.equal(bad.code, 2);
    assert.match(bad.err, /FC_MATCH_LIKELY and FC_MATCH_POSSIBLE must be numbers/);
    const ok = await cli(['--source', 'housing', '--file', file, '--mapping', mappingPath('housing'), '--as-of', '2026-11-20', '--force'], { ...env, FC_MATCH_LIKELY: '28' });
    assert.equal(ok.code, 0, ok.err);
    const index = await t.db.selectFrom('match_index').selectAll().where('service', '=', 'housing').executeTakeFirstOrThrow();
    assert.equal(index.links_scoring, scoringSignature({ likely: 28, possible: 16, nameFrequencies: 'off' }));
  });

  it('runs as `family-context ingest` in its own process', () => {
    const file = t.file('relationships.csv', 'ChildPersonID,RelatedPersonID,RelationshipType,StartDate,EndDate,Forename,Surname,DOB,Gender,Postcode,PreviousSurnames,PreviousPostcodes\nC1,P1,Mother,,,Ann,Smith,1990-01-01,F,SK5 8QT,,\n');
    const result = spawnSync(
      process.execPath,
      ['server/bin/family-context.mjs', 'ingest', '--source', 'cms-relationships', '--file', file, '--mapping', mappingPath('cms-relationships'), '--as-of', '2026-11-20'],
      { env: { ...process.env, FC_DB: t.url }, encoding: 'utf8' },
    );
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /Loaded Mosaic relationships .*\(cms-relationships\)/);
    assert.match(result.stdout, /accepted\s+1\n/);
  });

  it('turns a load away while another load of the source is running: exit 1 (refused), what to do and how to find the other load', async () => {
    const running = await SourceLoad.start(t.db, 'housing', { fileName: 'housing-nightly.csv' });
    try {
      const before = await countRecords(t.db, 'housing');
      const r = await cli(['--source', 'housing', '--file', t.file('second.csv', housingCsv(60)), '--mapping', mappingPath('housing'), '--as-of', '2026-11-20'], env);
      assert.equal(r.code, 1, 'README: exit 1 refused or failed (2 is for wrong options or mapping)');
      assert.match(r.err, /Another load of housing started at .* still running\. Wait for it to finish, then try again/);
      assert.match(r.err, /housing-nightly\.csv/, 'names the file the other load is reading');
      assert.match(r.err, /--source housing/, 'says what command to look for');
      assert.match(r.err, /Nothing was changed/);
      assert.equal(await countRecords(t.db, 'housing'), before);
    } finally {
      await running.abort('failed', 'test over');
    }
  });

  it('refuses a school extract with a header and no records (exit 1), saying so plainly, not asking for an as-of date', async () => {
    const { header } = schoolLines();
    const file = t.file('school-header-only.csv', `${header}\r\n`);
    const r = await cli(['--source', 'school', '--file', file, '--mapping', mappingPath('school')], env);
    assert.equal(r.code, 1, r.err);
    assert.match(r.out, /^REFUSED: .* \(school\) was not changed/);
    assert.match(r.out, /The file has a header but no data rows/);
    assert.match(r.out, /Nothing was changed/);
    assert.doesNotMatch(r.out + r.err, /readable date|as-of column|does not have/);
    // Forced, it still cannot be loaded without a date: said plainly, and nothing is changed.
    const forced = await cli(['--source', 'school', '--file', file, '--mapping', mappingPath('school'), '--force'], env);
    assert.equal(forced.code, 2, forced.err);
    assert.match(forced.err, /header but no data rows/);
    assert.match(forced.err, /--as-of/);
    assert.match(forced.err, /nothing was changed/i);
    assert.equal(await countRecords(t.db, 'school'), 0);
  });

  it('says a file starting with a UTF-8 byte order mark is UTF-8 when the mapping says windows-1252 (not "a column the file does not have")', async () => {
    const { header, row } = schoolLines();
    const file = t.file('school-bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${header}\r\n${row}\r\n`, 'utf8')]));
    const json = JSON.parse(readFileSync(mappingPath('school'), 'utf8'));
    json.file = { ...json.file, encoding: 'windows-1252' };
    const mapping = t.file('school-1252.mapping.json', JSON.stringify(json));
    const r = await cli(['--source', 'school', '--file', file, '--mapping', mapping, '--as-of', '2026-11-20'], env);
    assert.equal(r.code, 2, 'a wrong mapping: exit 2');
    assert.match(r.err, /starts with a UTF-8 byte order mark, so it is UTF-8 text/);
    assert.match(r.err, /"encoding": "utf-8"/);
    assert.match(r.err, /nothing was changed/i);
    assert.doesNotMatch(r.err, /does not have|ï»¿/);
    assert.doesNotMatch(r.err, new RegExp(row.split(',')[2]!), 'no personal data on the console');
    assert.equal(await countRecords(t.db, 'school'), 0);
  });

  it('names the PostgreSQL server it cannot reach in one line (host and port, never the password), exit 1, no stack trace', async () => {
    const port = await closedPort();
    const secret = 'Sup3r-s3cret-pw';
    const r = await familyContext('ingest', ['--source', 'housing', '--file', t.file('pg.csv', housingCsv(5)), '--mapping', mappingPath('housing'), '--as-of', '2026-11-20'], {
      FC_DB: `postgres://fc_ingest:${secret}@127.0.0.1:${port}/family_context`,
    });
    assert.equal(r.code, 1, r.err);
    const lines = r.err.split('\n').filter((l) => l.trim() !== '');
    assert.equal(lines.length, 1, `one line, not a stack trace:\n${r.err}`);
    assert.match(lines[0]!, new RegExp(`Could not connect to PostgreSQL at 127\\.0\\.0\\.1:${port}`));
    assert.match(lines[0]!, /Check that the server is running/);
    assert.match(lines[0]!, /Nothing was loaded/);
    assert.doesNotMatch(r.out + r.err, new RegExp(secret), 'never the password');
    assert.doesNotMatch(r.out + r.err, /postgres:\/\//, 'never the connection URL');
    assert.doesNotMatch(r.err, /^\s+at /m);
  });
  it('a file without its header row (school or housing): exit 2, names the missing columns and how many the first line has, and prints none of the row', async () => {
    for (const [source, { header, row }] of [['school', schoolLines()], ['housing', housingLines()]] as const) {
      const file = t.file(`${source}-no-header.csv`, `${row}\r\n${row.replace(/,\d\d\/\d\d\/\d{4},/, ',01/01/2001,')}\r\n`);
      const r = await familyContext('ingest', ['--source', source, '--file', file, '--mapping', mappingPath(source), '--as-of', '2026-11-20', '--dry-run'], { FC_DB: t.url });
      const output = r.out + r.err;
      assertNoValues(output, personalValues(header, row));
      assert.equal(r.code, 2, output);
      assert.match(r.err, /header does not fit the mapping/);
      assert.match(r.err, new RegExp(`the file does not have: "${header.split(',')[0]}", "${header.split(',')[1]}"`), 'the header names the mapping expects');
      assert.match(r.err, new RegExp(`first line has ${row.split(',').length} columns, and none of them is a column name the mapping reads`));
      assert.match(r.err, /does not look like a header row/);
      assert.match(r.err, /Export the extract with its header row/);
      assert.doesNotMatch(output, /The file's columns are/);
    }
  });

  it('a stray quote: names the line, the kind of problem and what to do, never a piece of the value (csv-parse quotes it)', async () => {
    const { header, row } = housingLines();
    const second = housingRow(2);
    const before = await countRecords(t.db, 'housing');
    const cases: Array<{ name: string; lines: string[]; problem: RegExp; eol?: string }> = [
      // Invalid opening quote: csv-parse says `value is "Har"`.
      { name: 'opening', lines: [header, row.replace(',Hartley,', ',Har"tley",'), second], problem: /line 2 \(column "Last Name"\): a double quote in the middle of a value/ },
      // The same, with no header row: the first line's cells are not column names.
      { name: 'opening-no-header', lines: [row.replace(',Hartley,', ',Har"tley",'), second], problem: /line 1 \(field 3\): a double quote in the middle of a value/ },
      // Invalid closing quote: csv-parse says `got "t"`.
      { name: 'closing', lines: [header, row.replace(',Hartley,', ',"Har"tley,'), second], problem: /line 2: a quoted value goes on after its closing quote/ },
      // A quote never closed, up to the next quoted value: csv-parse says `got "H"` (of Hartley on the next line). LF line
      // ends: csv-parse counts a CRLF inside a quoted value as two lines.
      { name: 'unclosed', lines: [header, row.replace(',Gemma,', ',"Gemma,'), row.replace(',Hartley,', ',"Hartley" ,'), second], problem: /line 3: a quoted value goes on after its closing quote/, eol: '\n' },
    ];
    for (const c of cases) {
      const file = t.file(`stray-${c.name}.csv`, c.lines.map((l) => `${l}${c.eol ?? '\r\n'}`).join(''));
      const r = await familyContext('ingest', ['--source', 'housing', '--file', file, '--mapping', mappingPath('housing'), '--as-of', '2026-11-20', '--force'], { FC_DB: t.url });
      const output = r.out + r.err;
      assertNoValues(output, personalValues(header, row), ['Har', 'tley', 'value is', 'got "']);
      assert.equal(r.code, 1, `${c.name}: ${output}`);
      assert.match(r.err, /The file is not valid CSV at line/, c.name);
      assert.match(r.err, c.problem, c.name);
      assert.match(r.err, /nothing was loaded/, c.name);
      assert.match(r.err, /fix that line/, c.name);
    }
    assert.equal(await countRecords(t.db, 'housing'), before, 'nothing was loaded');
  });

  it('bytes that are not UTF-8 in a file without its header: names the line and field, not a cell of the first line as a column', async () => {
    const { header, row } = schoolLines();
    const bytes = Buffer.from(`${row}\r\n${row}\r\n`, 'utf8');
    bytes[bytes.lastIndexOf('Hartley') + 5] = 0xe9;
    const r = await familyContext('ingest', ['--source', 'school', '--file', t.file('school-no-header-1252.csv', bytes), '--mapping', mappingPath('school'), '--as-of', '2026-11-20'], { FC_DB: t.url });
    const output = r.out + r.err;
    assertNoValues(output, personalValues(header, row), ['Hartl']);
    assert.equal(r.code, 1, output);
    assert.match(r.err, /not valid utf-8 text on line 2 \(row 1, field 3\)/);
    assert.match(r.err, /Re-save the extract as UTF-8/);
  });

  it('a trailer row whose count is text, a date or a phone number: refused, without printing it', async () => {
    for (const [name, value] of [['text', 'Hartley'], ['date', '24.04.1995'], ['phone', '0161 480 1234']] as const) {
      const file = t.file(`trailer-${name}.csv`, housingCsv(3, { trailer: null }) + `TRAILER,${value}\r\n`);
      const r = await familyContext('ingest', ['--source', 'housing', '--file', file, '--mapping', mappingPath('housing'), '--as-of', '2026-11-20', '--dry-run'], { FC_DB: t.url });
      assertNoValues(r.out + r.err, [value]);
      assert.equal(r.code, 1, r.out + r.err);
      assert.match(r.out, /The "TRAILER" row's field 2 holds another value, not a row count/);
    }
  });

  it('a SQLite path whose folder cannot be created (under /proc): exit 1 at once, one line naming the path and the reason', async () => {
    const r = await familyContext('ingest', ['--source', 'housing', '--file', t.file('proc.csv', housingCsv(5)), '--mapping', mappingPath('housing'), '--as-of', '2026-11-20'], { FC_DB: 'sqlite:/proc/nope/x.db' });
    assert.notEqual(r.code, null, 'killed after 60 s: opening the database spins');
    assert.equal(r.code, 1, r.err);
    const lines = r.err.split('\n').filter((l) => l.trim() !== '');
    assert.equal(lines.length, 1, `one line, not a stack trace:\n${r.err}`);
    assert.match(lines[0]!, /^Could not open the SQLite database \/proc\/nope\/x\.db: its folder \/proc\/nope could not be created \(ENOENT: no such file or directory\)/);
    assert.match(lines[0]!, /Nothing was loaded\.$/);
  });
});
