/**
 * A kysely dialect that compiles for SQL Server (kysely's own MssqlAdapter, MssqlQueryCompiler and
 * MssqlIntrospector) but never connects: its driver records each compiled statement and answers with rows the
 * test chooses. Migrations and repository code run against it unchanged, so every statement they would send
 * to SQL Server can be checked without one.
 */
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
