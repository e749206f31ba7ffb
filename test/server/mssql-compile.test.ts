/**
 * SQL Server without a SQL Server: the migrations and the server's queries, run through kysely's SQL Server
 * compiler against a driver that records instead of executing (compile-only-dialect.ts). Each statement is
 * checked for what SQL Server refuses: LIMIT, RETURNING, AUTOINCREMENT, PostgreSQL types, more than 2100
 * parameters. (The live suite, FC_TEST_DB=mssql with FC_TEST_MSSQL, runs every server test on a real one.)
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CompiledQuery } from 'kysely';
import { countLookupsSince, listAuditEvents, queryAuditEvents, writeAuditEvent } from '../../server/src/audit/repository.js';
import { loadConfig } from '../../server/src/config.js';
import { migrateToLatest } from '../../server/src/db/migrate.js';
import type { Database } from '../../server/src/db/schema.js';
import { lookupInvolvements } from '../../server/src/involvements/lookup.js';
import { resolvePeople } from '../../server/src/involvements/resolve-people.js';
import { decideLinks } from '../../server/src/policy/link-policy.js';
import { blockingKeys, findCandidates, findRecordsOfSourcePeople } from '../../server/src/matching/candidates.js';
import { toMatchPerson } from '../../server/src/matching/links.js';
import { listSources, replaceSourceData } from '../../server/src/sources/repository.js';
import { bulkTable, BulkRowError, SOURCE_RECORD_COLUMNS } from '../../server/src/sources/mssql-bulk.js';
import { firstRows } from '../../server/src/sources/statement-limits.js';
import { assertSqlServerCompatible, compileOnlyMssql } from './compile-only-dialect.js';
import { CHILD, FATHER, metadata, MOTHER, RECORDS, SOURCE_ROWS } from './sample-sources.js';


/**
 * Answers the reads code needs an answer to: the source table with four loaded sources, the audit chain's head.
 * Everything else gets no rows.
 */
function sourcesLoaded(query: CompiledQuery): unknown[] {
  if (!/^\s*select\b/i.test(query.sql)) return [];
  if (/\bfrom "source"(\s|$)/.test(query.sql)) return SOURCE_ROWS;
  if (/\bfrom "audit_chain"/.test(query.sql)) return [{ id: 1, head_hash: '0'.repeat(64) }];
  // A load checks, as it switches readers to its snapshot, that it is still the one running.
  if (/^select "state" from "source_load"/.test(query.sql)) return [{ state: 'loading' }];
  return [];
}

describe('SQL Server: migrations and queries compile for the MssqlDialect', () => {
  it('the migrations build the schema with SQL Server types (nvarchar, identity) and run under the migration lock', async () => {
    const { db, statements } = compileOnlyMssql<Database>();
    await migrateToLatest(db);
    assertSqlServerCompatible(statements);
    const ddl = statements.map((s) => s.sql).join('\n');
    assert.match(ddl, /sp_getapplock/, 'the migrator takes SQL Server\'s application lock');
    for (const table of ['source', 'source_record', 'audit_event']) {
      assert.match(ddl, new RegExp(`create table "${table}"`), `creates ${table}`);
    }
    assert.match(ddl, /"id" integer identity primary key|"id" integer primary key identity/);
    assert.match(ddl, /"details" nvarchar\(max\) not null/);
    assert.match(ddl, /"last_name_norm" nvarchar\(100\) not null/);
    const ours = statements.map((s) => s.sql).filter((s) => !/fc_migration/.test(s)).join('\n');
    assert.doesNotMatch(ours, /\bvarchar\(/, 'names need nvarchar on SQL Server (Zoë, Siân)');
    assert.match(ddl, /create index "source_record_last_name_norm" on "source_record" \("service", "snapshot_id", "last_name_norm"\)/);
    // Every index key stays inside SQL Server's 1700-byte limit for nonclustered indexes (nvarchar: 2 bytes a character).
    for (const match of ddl.matchAll(/create index "[^"]+" on "source_record" \(([^)]*)\)/g)) {
      const bytes = match[1]!.split(', ').reduce((sum, column) => {
        const type = new RegExp(`${column} (nvarchar\\((\\d+)\\)|integer)`).exec(ddl);
        assert.ok(type, `type of ${column}`);
        return sum + (type[2] ? Number(type[2]) * 2 : 4);
      }, 0);
      assert.ok(bytes <= 1700, `index key of ${bytes} bytes`);
    }
  });

  it('a lookup (sources, blocking search per source, audit event) compiles, with top-free reads and the audit insert', async () => {
    const { db, statements } = compileOnlyMssql<Database>(sourcesLoaded);
    const config = loadConfig({ FC_DEMO: '1' });
    const people = [CHILD, MOTHER, FATHER];
    const response = await lookupInvolvements(
      { db, config, clock: () => new Date('2026-11-21T10:00:00Z'), requestId: 'req-1', user: { sub: 'sam' } },
      { child: CHILD, people },
    );
    assert.equal(response.people.length, 3);
    assertSqlServerCompatible(statements);
    const sqls = statements.map((s) => s.sql);
    assert.ok(sqls.some((s) => /from "source_record"/.test(s) && /"last_name_norm" in \(/.test(s)), 'searches source records by blocking keys');
    assert.ok(sqls.some((s) => /^insert into "audit_event"/.test(s)), 'writes the audit event');
    assert.equal(sqls[0], 'begin transaction');
    assert.equal(sqls.at(-1), 'commit transaction');
  });

  it("a lookup's steps before the search (people from the relationship feed, the link policy) compile", async () => {
    const feedLoaded = (query: CompiledQuery): unknown[] =>
      /^select \* from "relationship_feed"/.test(query.sql)
        ? [{ feed: 'cms', name: 'Mosaic relationships', notes: null, last_updated: '2026-11-21', freshness_days: 2, snapshot_id: 7, record_count: 3, loaded_at: '2026-11-21T02:00:00.000Z' }]
        : /from "cms_relationship"/.test(query.sql) && /"child_cms_id"/.test(query.sql)
          ? [{ person_cms_id: MOTHER.cmsId }]
          : [];
    const { db, statements } = compileOnlyMssql<Database>(feedLoaded);
    const resolved = await resolvePeople(db, { child: CHILD, people: [MOTHER, { cmsId: FATHER.cmsId! }] }, '2026-11-21');
    assert.equal(resolved.ok, false, 'the father, given by CMS id alone and unknown to the feed, is refused with a field error');
    const decision = await decideLinks(db, 'verify-or-reason', { child: CHILD, people: [MOTHER, FATHER] }, '2026-11-21');
    assert.equal(decision.allowed, false, 'the father is not linked in the (recorded) feed, and no reason was given');
    assertSqlServerCompatible(statements);
    const sqls = statements.map((s) => s.sql);
    assert.ok(sqls.some((s) => /from "cms_relationship"/.test(s) && /"person_cms_id" in \(/.test(s)), "reads the people's history");
    assert.ok(sqls.some((s) => /^select "person_cms_id", "relationship", "category"/.test(s) && /"child_cms_id" = @\d/.test(s)), 'reads who is linked to the child');
  });

  it('the blocking search for 30 people stays far inside the parameter limit, with or without built keys', async () => {
    const people = Array.from({ length: 30 }, (_, i) =>
      toMatchPerson({ cmsId: `P${100000 + i}`, firstName: `Alex${i}`, lastName: `Smith-Jones${i}`, dateOfBirth: `1990-0${(i % 9) + 1}-1${i % 10}`, postcode: 'SK1 1AA' }),
    );
    for (const keysBuilt of [true, false]) {
      const { db, statements } = compileOnlyMssql<Database>();
      await findCandidates(db, 'police', 3, blockingKeys(people), { keysBuilt });
      assertSqlServerCompatible(statements);
      assert.ok(statements.length >= 1 && statements.length <= 2, `${statements.length} statements`);
    }
  });

  it("reading every record of the matched source people, across sources, compiles", async () => {
    const { db, statements } = compileOnlyMssql<Database>();
    await findRecordsOfSourcePeople(db, [
      { service: 'housing', snapshotId: 3, sourcePersonIds: ['SH-1', 'SH-2'] },
      { service: 'police', snapshotId: 4, sourcePersonIds: ['GMP-9'] },
    ]);
    assertSqlServerCompatible(statements);
    assert.equal(statements.length, 1);
    assert.match(statements[0]!.sql, /^select \* from "source_record" where "service" in \(@1, @2\) and "snapshot_id" in \(@3, @4\) and "source_person_id" in \(@5, @6, @7\)$/);
  });

  it('loading a source (insert batches, snapshot switch, old rows deleted) compiles within 2100 parameters a statement', async () => {
    const { db, statements } = compileOnlyMssql<Database>(sourcesLoaded);
    const many = Array.from({ length: 1000 }, (_, i) => ({ ...RECORDS.police![0]!, sourcePersonId: `GMP-${i}` }));
    await replaceSourceData(db, metadata('police'), many, { loadedAt: new Date('2026-11-21T02:00:00Z') });
    assertSqlServerCompatible(statements);
    const inserted = statements.filter((s) => /^insert into "source_record"/.test(s.sql));
    assert.ok(inserted.length >= 1);
    const rows = inserted.reduce((n, s) => n + (s.sql.match(/\), \(/g)?.length ?? 0) + 1, 0);
    assert.equal(rows, 1000, 'every record is inserted');
  });

  it('paged reads ask for their first rows with TOP, not LIMIT (firstRows)', () => {
    const { db } = compileOnlyMssql<Database>();
    const compiled = firstRows(db, db.selectFrom('source_record').select('id').orderBy('id'), 5000).compile();
    assertSqlServerCompatible([compiled]);
    assert.match(compiled.sql, /^select top\(5000\) "id"/);
  });

  it('a lookup over a source whose load rejected rows also reads its unreadable rows, and that compiles', async () => {
    const withRejected = (query: CompiledQuery): unknown[] =>
      /\bfrom "source"(\s|$)/.test(query.sql) && /^\s*select\b/i.test(query.sql)
        ? SOURCE_ROWS.map((row) => ({ ...row, rows_rejected: row.service === 'housing' ? 3 : 0 }))
        : sourcesLoaded(query);
    const { db, statements } = compileOnlyMssql<Database>(withRejected);
    const config = loadConfig({ FC_DEMO: '1' });
    await lookupInvolvements(
      { db, config, clock: () => new Date('2026-11-21T10:00:00Z'), requestId: 'req-2', user: { sub: 'sam' } },
      { child: CHILD, people: [CHILD, MOTHER, FATHER] },
    );
    assertSqlServerCompatible(statements);
    assert.ok(statements.some((s) => /from "source_unreadable"/.test(s.sql)), 'reads the unreadable rows');
  });

  it('the audit log and source listing compile', async () => {
    const { db, statements } = compileOnlyMssql<Database>(sourcesLoaded);
    await db.transaction().execute((trx) => writeAuditEvent(trx, {
      requestId: 'r',
      occurredAt: new Date('2026-11-21T10:00:00Z'),
      user: { sub: 'sam' },
      child: CHILD,
      people: [MOTHER],
      outcome: [{ ref: '0', services: { police: 'no-records' } }],
    }));
    await listAuditEvents(db);
    await queryAuditEvents(db, { from: '2026-11-01', to: '2026-11-21', user: 'sam', kind: 'lookup' });
    await countLookupsSince(db, 'sam', new Date('2026-11-21T09:00:00Z'));
    await listSources(db);
    assertSqlServerCompatible(statements);
    assert.ok(statements.some((s) => /^insert into "audit_event"/.test(s.sql)));
  });

  it('bulk loading sends source_record\'s columns exactly as the migrations create them', async () => {
    const { db, statements } = compileOnlyMssql<Database>();
    await migrateToLatest(db);
    const ddl = statements.map((s) => s.sql);
    const created = ddl.find((s) => s.startsWith('create table "source_record"'));
    assert.ok(created, 'source_record is created');
    // Columns from CREATE TABLE, then any added by later migrations (T-SQL: `alter table ... add "column" ...`).
    // Any other change to the table would need this test to learn it: refused rather than ignored.
    const altered = ddl.filter((s) => s.startsWith('alter table "source_record"'));
    for (const s of altered) assert.match(s, /^alter table "source_record" add "/, `a change to source_record the bulk columns are not checked against: ${s}`);
    const definitions = [
      ...created.slice(created.indexOf('(') + 1, created.lastIndexOf(')')).split(/, (?=")/),
      ...altered.flatMap((s) => s.replace(/^alter table "source_record" add /, '').split(/, (?=")/)),
    ];
    const migrated = definitions
      .map((d) => /^"([^"]+)" (nvarchar\((\d+|max)\)|integer)( identity)?(.*)$/.exec(d))
      .map((m, i) => {
        assert.ok(m, `column definition not understood: ${definitions[i]}`);
        return { name: m[1]!, type: m[3] ? (m[3] === 'max' ? 'max' : Number(m[3])) : 'int', nullable: !/not null|primary key/.test(m[5]!), identity: !!m[4] || /identity/.test(m[5]!) };
      })
      .filter((c) => !c.identity)
      .map(({ name, type, nullable }) => ({ name, type, nullable }));
    assert.deepEqual([...SOURCE_RECORD_COLUMNS].map((c) => ({ ...c })).sort((a, b) => a.name.localeCompare(b.name)), migrated.sort((a, b) => a.name.localeCompare(b.name)));
  });

  it('a bulk batch is typed per column and refuses rows SQL Server would truncate or reject, naming the column', () => {
    const row = { service: 'police', snapshot_id: 3, source_person_id: 'GMP-1', first_name: 'Zoë', last_name: 'Ng', first_name_norm: 'zoe', last_name_norm: 'ng', involvement: 'current', details: '{}' };
    const table = bulkTable('source_record', SOURCE_RECORD_COLUMNS, [row]);
    assert.equal(table.create, false, 'never creates the table: the migrations do');
    assert.equal(table.columns.length, SOURCE_RECORD_COLUMNS.length);
    assert.deepEqual(table.rows[0]!.slice(0, 5), ['police', 3, 'GMP-1', 'Zoë', 'Ng']);
    assert.equal(table.rows[0]![SOURCE_RECORD_COLUMNS.findIndex((c) => c.name === 'postcode')], null);
    assert.throws(() => bulkTable('source_record', SOURCE_RECORD_COLUMNS, [{ ...row, postcode: 'SK1 1AA'.repeat(3) }]), (e: unknown) => e instanceof BulkRowError && /source_record\.postcode is 21 characters long.*at most 10/.test(e.message));
    assert.throws(() => bulkTable('source_record', SOURCE_RECORD_COLUMNS, [{ ...row, details: null as unknown as string }]), /source_record\.details is empty in a row to load, and it is required/);
  });

  it('the checks catch what SQL Server refuses (they are not vacuous)', () => {
    const bad = (sql: string, parameters: unknown[] = []) => ({ sql, parameters, query: {} }) as unknown as CompiledQuery;
    assert.throws(() => assertSqlServerCompatible([bad('select * from "x" limit ?', [1])]), /LIMIT/);
    assert.throws(() => assertSqlServerCompatible([bad('insert into "x" values (1) returning "id"')]), /RETURNING/);
    assert.throws(() => assertSqlServerCompatible([bad('create table "x" ("id" integer primary key autoincrement)')]), /identity/);
    assert.throws(() => assertSqlServerCompatible([bad('insert into "x" values (@1)', new Array(2101).fill(0))]), /2101 parameters/);
  });
});
