/**
 * `npm run ingest -- ...` as council IT uses it: options checked, a summary printed (read, accepted, rejected,
 * previous and new counts, time, rows per second), exit status 0 / 1 (refused) / 2 (wrong options or mapping).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { mappingPath } from '../../fixtures/extracts/write-extracts.js';
import { run } from '../../server/src/ingest/cli.js';
import { housingCsv, housingRow, openTestDb, type TestDb } from './ingest-helpers.js';

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
    assert.equal(index.links_scoring, 'likely=28;possible=16;frequencies=off');
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
});
