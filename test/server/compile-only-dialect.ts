/**
 * A kysely dialect that compiles for SQL Server (kysely's own MssqlAdapter, MssqlQueryCompiler and
 * MssqlIntrospector) but never connects: its driver records each compiled statement and answers with rows the
 * test chooses. Migrations and repository code run against it unchanged, so every statement they would send
 * to SQL Server can be checked without one.
 */
import assert from 'node:assert/strict';
import {
  CompiledQuery,
  Kysely,
  MssqlAdapter,
  MssqlIntrospector,
  MssqlQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
} from 'kysely';

/** Rows to answer a statement with (a SELECT the code under test needs an answer to); [] by default. */
export type Responder = (query: CompiledQuery) => unknown[];

export interface CompileOnly<DB> {
  db: Kysely<DB>;
  /** Every statement "sent", in order, transaction control included. */
  statements: CompiledQuery[];
}

export function compileOnlyMssql<DB>(respond: Responder = () => []): CompileOnly<DB> {
  const statements: CompiledQuery[] = [];
  const record = (sql: string) => statements.push(CompiledQuery.raw(sql));
  const connection: DatabaseConnection = {
    async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
      statements.push(query);
      const rows = respond(query) as R[];
      // A write with no rows chosen reports one row affected (an UPDATE of a row the code expects to exist).
      const write = /^\s*(insert|update|delete|merge)\b/i.test(query.sql);
      return write ? { rows, numAffectedRows: BigInt(Math.max(rows.length, 1)) } : { rows };
    },
    // eslint-disable-next-line require-yield
    async *streamQuery(): AsyncIterableIterator<QueryResult<never>> {
      throw new Error('compile-only dialect: streaming is not recorded');
    },
  };
  const driver: Driver = {
    async init() {},
    async acquireConnection() {
      return connection;
    },
    async beginTransaction() {
      record('begin transaction');
    },
    async commitTransaction() {
      record('commit transaction');
    },
    async rollbackTransaction() {
      record('rollback transaction');
    },
    async savepoint(_c, name) {
      record(`save transaction ${name}`);
    },
    async rollbackToSavepoint(_c, name) {
      record(`rollback transaction ${name}`);
    },
    async releaseSavepoint() {
      // SQL Server has no RELEASE SAVEPOINT: kysely's MssqlDriver does nothing here either.
    },
    async releaseConnection() {},
    async destroy() {},
  };
  const dialect: Dialect = {
    createAdapter: () => new MssqlAdapter(),
    createDriver: () => driver,
    createQueryCompiler: () => new MssqlQueryCompiler(),
    createIntrospector: (db) => new MssqlIntrospector(db),
  };
  return { db: new Kysely<DB>({ dialect }), statements };
}

/** SQL Server's limit on parameters in one statement. */
const MSSQL_MAX_PARAMETERS = 2100;

/** What SQL Server refuses that kysely's SQL Server compiler could still let through from our code. */
export function assertSqlServerCompatible(statements: readonly CompiledQuery[]): void {
  assert.ok(statements.length > 0, 'no statements were recorded');
  for (const { sql, parameters } of statements) {
    const where = `in: ${sql.slice(0, 160)}`;
    assert.ok(parameters.length <= MSSQL_MAX_PARAMETERS, `${parameters.length} parameters (SQL Server allows ${MSSQL_MAX_PARAMETERS}) ${where}`);
    assert.doesNotMatch(sql, /\blimit\s+(\d|@|\?)/i, `LIMIT is not SQL Server (use top / offset fetch) ${where}`);
    assert.doesNotMatch(sql, /\breturning\b/i, `RETURNING is not SQL Server (use output) ${where}`);
    assert.doesNotMatch(sql, /\bautoincrement\b|\bbigserial\b|\bserial\b/i, `auto-increment must be identity on SQL Server ${where}`);
    assert.doesNotMatch(sql, /\$\d/, `PostgreSQL-style $1 parameters ${where}`);
    assert.doesNotMatch(sql, /\bboolean\b|\btimestamptz\b|\bjsonb?\b(?!")/i, `types SQL Server does not have ${where}`);
    assert.doesNotMatch(sql, /\bilike\b|::/i, `PostgreSQL operators ${where}`);
    assert.doesNotMatch(sql, /^alter table .* add column\b/i, `SQL Server's ALTER TABLE ADD takes no COLUMN keyword ${where}`);
    assert.doesNotMatch(sql, /`/, `backtick quoting is MySQL (SQL Server quotes with "" or []) ${where}`);
  }
}

/**
 * What a raw sql`` template could carry past kysely's SQL Server compiler: SQLite's and PostgreSQL's own syntax
 * (the SQLite-only branches of index-source.ts, links.ts, bulk-workers.ts, bulk-candidates.ts, audit/repository.ts).
 */
export function assertNoOtherDialectSyntax(statements: readonly CompiledQuery[]): void {
  for (const { sql } of statements) {
    const where = `in: ${sql.slice(0, 160)}`;
    assert.doesNotMatch(sql, /\bpragma\b/i, `PRAGMA is SQLite ${where}`);
    assert.doesNotMatch(sql, /\bnot indexed\b|\bindexed by\b/i, `NOT INDEXED / INDEXED BY is SQLite ${where}`);
    assert.doesNotMatch(sql, /\binsert or (ignore|replace)\b|\bon conflict\b/i, `INSERT OR ... / ON CONFLICT is SQLite or PostgreSQL (SQL Server: MERGE) ${where}`);
    assert.doesNotMatch(sql, /\bbegin (immediate|exclusive|deferred)\b/i, `BEGIN IMMEDIATE is SQLite ${where}`);
    assert.doesNotMatch(sql, /\bgroup_concat\b|\bifnull\b|\binstr\b|\bstrftime\b/i, `SQLite functions ${where}`);
    assert.doesNotMatch(sql, /\|\|/, `|| is not string concatenation on SQL Server (use +) ${where}`);
    assert.doesNotMatch(sql, /\bfor update\b|\bdistinct on\b/i, `PostgreSQL-only syntax ${where}`);
    if (/\boffset\s+(\d|@)/i.test(sql)) assert.match(sql, /\brows fetch next\b/i, `OFFSET without FETCH NEXT is not SQL Server ${where}`);
  }
}
