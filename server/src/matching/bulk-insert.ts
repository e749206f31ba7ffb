/**
 * Many rows into one table, fast: multi-row INSERTs as large as the database allows (statement-limits.ts), the
 * full-size statement compiled once and run again with each chunk's values, all chunks in one transaction.
 * Used for the matching tables (`match_key`, `match_link`), which are written a few hundred thousand rows at a
 * time after a load; building a kysely query per chunk cost more than SQLite's work of storing it.
 */
import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { databaseKindOf, rowsPerInsert } from '../sources/statement-limits.js';

type Table = 'match_key' | 'match_link';

/** Rows as value tuples, in the order of `columns`. */
export type ValueRow = readonly unknown[];

export class BulkInserter {
  private readonly perStatement: number;
  /** The full-size statement's SQL, once compiled. */
  private fullSql?: string;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly table: Table,
    private readonly columns: readonly string[],
  ) {
    this.perStatement = rowsPerInsert(databaseKindOf(db), columns.length);
  }

  /** Inserts `rows` in one transaction (so a reader sees all of them or none), in statements of the largest size allowed. */
  async insert(rows: readonly ValueRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db.transaction().execute(async (trx) => {
      for (let start = 0; start < rows.length; start += this.perStatement) {
        const chunk = rows.slice(start, start + this.perStatement);
        await trx.executeQuery(this.statement(chunk));
      }
    });
  }

  private statement(chunk: readonly ValueRow[]): CompiledQuery {
    const full = chunk.length === this.perStatement;
    if (full && this.fullSql) return CompiledQuery.raw(this.fullSql, flatValues(chunk));
    const objects = chunk.map((row) => Object.fromEntries(this.columns.map((column, i) => [column, row[i] ?? null])));
    const compiled = (this.db as Kysely<any>).insertInto(this.table).values(objects).compile();
    if (full && sameOrder(compiled.parameters, chunk)) this.fullSql = compiled.sql;
    return compiled;
  }
}

/** True when the compiled statement binds the values row by row, column by column: the order reuse relies on. */
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
