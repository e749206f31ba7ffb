/**
 * Name frequencies per source snapshot (matching/name-frequency.ts): how many of a source's people carry each
 * first name, surname and birth year, so that agreement on a rare value weighs more than on a common one.
 * Rebuilt with the snapshot's blocking keys; rows of older snapshots are deleted then.
 *
 * - field: "first" (first given name), "last" (surname without spaces), "year" (birth year), "people" (all the
 *   snapshot's source people, value ""), "dated" (those with a date of birth, value "").
 */
import type { Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('name_frequency')
    .addColumn('service', t.string(64), (c) => c.notNull())
    .addColumn('snapshot_id', 'integer', (c) => c.notNull())
    .addColumn('field', t.string(8), (c) => c.notNull())
    .addColumn('value', t.string(100), (c) => c.notNull())
    .addColumn('people', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('name_frequency_snapshot').on('name_frequency').columns(['service', 'snapshot_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('name_frequency').execute();
}
