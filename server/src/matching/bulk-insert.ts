/**
 * Many rows into one of the matching tables (`match_key`, `match_link`), written a few hundred thousand at a time
 * after a load: all of a call's rows in one transaction, in INSERTs as large as the database allows, the
 * full-size statement compiled once (statement-limits.ts InsertStatements).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { InsertStatements, type ValueRow } from '../sources/statement-limits.js';

export type { ValueRow };

export class BulkInserter {
  private readonly statements: InsertStatements;

  constructor(
    private readonly db: Kysely<Database>,
    table: 'match_key' | 'match_link',
    columns: readonly string[],
  ) {
    this.statements = new InsertStatements(db, table, columns);
  }

  /** Inserts `rows` in one transaction (so a reader sees all of them or none). */
  async insert(rows: readonly ValueRow[]): Promise<void> {
    if (rows.length === 0) return;
    const per = this.statements.perStatement;
    await this.db.transaction().execute(async (trx) => {
      for (let start = 0; start < rows.length; start += per) await trx.executeQuery(this.statements.statement(rows.slice(start, start + per)));
    });
  }
}
