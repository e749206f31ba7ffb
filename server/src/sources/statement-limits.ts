/**
 * How many rows fit in one INSERT on each database: every value is a bound parameter, and each engine caps the
 * parameters per statement (SQLite 32766, PostgreSQL 65535, SQL Server 2100). Batches are also kept small
 * enough that each one is a short transaction, so lookups (and their audit writes) never wait long behind a load.
 */
import { CompiledQuery, MssqlAdapter, PostgresAdapter, SqliteAdapter, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { DatabaseKind } from '../db/connect.js';

/** Parameters allowed in one statement, less a margin for the few a statement adds besides the row values. */
const PARAMETER_LIMITS: Record<DatabaseKind, number> = {
  sqlite: 32_766 - 16,
  postgres: 65_535 - 16,
  mssql: 2_100 - 16,
};

/** SQL Server also refuses more than 1000 rows in one VALUES list; 1000 keeps every engine's transactions short. */
const MAX_ROWS_PER_STATEMENT = 1000;

export function databaseKindOf(db: Kysely<any>): DatabaseKind {
  const adapter = db.getExecutor().adapter;
  if (adapter instanceof MssqlAdapter) return 'mssql';
  if (adapter instanceof PostgresAdapter) return 'postgres';
  if (adapter instanceof SqliteAdapter) return 'sqlite';
  // An unknown dialect: assume the strictest limits.
  return 'mssql';
}

/** Rows per multi-row INSERT for a table of `columnCount` columns. */
export function rowsPerInsert(kind: DatabaseKind, columnCount: number): number {
  if (!Number.isInteger(columnCount) || columnCount < 1) throw new RangeError('columnCount must be a positive integer');
  return Math.max(1, Math.min(MAX_ROWS_PER_STATEMENT, Math.floor(PARAMETER_LIMITS[kind] / columnCount)));
}

/** A row as values in the order of its table's listed columns; a missing value is written as NULL. */
export type ValueRow = readonly unknown[];

/**
 * Multi-row INSERTs into one table, each of at most `perStatement` rows: the full-size statement is compiled once
 * and run again with each chunk's values (building a kysely query per chunk cost more than the database's work
 * of storing it). Shorter chunks (a load's last) are compiled as they come.
 */
export class InsertStatements {
  readonly perStatement: number;
  /** The full-size statement's SQL, once compiled. */
  private fullSql?: string;

  constructor(
    private readonly db: Kysely<any>,
    private readonly table: string,
    readonly columns: readonly string[],
  ) {
    this.perStatement = rowsPerInsert(databaseKindOf(db), columns.length);
  }

  /** The INSERT for `chunk` (at most perStatement rows). */
  statement(chunk: readonly ValueRow[]): CompiledQuery {
    if (chunk.length > this.perStatement) throw new RangeError(`${chunk.length} rows in one INSERT; at most ${this.perStatement}`);
    const full = chunk.length === this.perStatement;
    if (full && this.fullSql) return CompiledQuery.raw(this.fullSql, flatValues(chunk));
    const objects = chunk.map((row) => Object.fromEntries(this.columns.map((column, i) => [column, row[i] ?? null])));
    const compiled = this.db.insertInto(this.table).values(objects).compile();
    // Reused only if kysely bound the values row by row, column by column, as flatValues lists them.
    if (full && sameOrder(compiled.parameters, chunk)) this.fullSql = compiled.sql;
    return compiled;
  }
}

function sameOrder(parameters: readonly unknown[], chunk: readonly ValueRow[]): boolean {
  const flat = flatValues(chunk);
  return parameters.length === flat.length && parameters.every((value, i) => Object.is(value, flat[i]));
}

/** The chunk's values row after row, a missing value as null. */
function flatValues(chunk: readonly ValueRow[]): unknown[] {
  const out: unknown[] = [];
  for (const row of chunk) for (const value of row) out.push(value ?? null);
  return out;
}

/** Ids per `DELETE ... WHERE id IN (...)`. */
export function idsPerDelete(kind: DatabaseKind): number {
  return Math.min(5000, PARAMETER_LIMITS[kind] - 8);
}

/** The first `n` rows: `TOP n` on SQL Server (which has no LIMIT), `LIMIT n` elsewhere. */
export function firstRows<DB, TB extends keyof DB, O>(db: Kysely<any>, query: SelectQueryBuilder<DB, TB, O>, n: number): SelectQueryBuilder<DB, TB, O> {
  return databaseKindOf(db) === 'mssql' ? query.top(n) : query.limit(n);
}
