/**
 * Ingestion: a history of loads (which also hands out snapshot ids and stops two loads of one source running at
 * once), and the optional CMS relationship feed with its own snapshot pointer.
 */
import type { Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);

  await db.schema
    .createTable('source_load')
    .addColumn('dataset', t.string(64), (c) => c.notNull())
    .addColumn('snapshot_id', 'integer', (c) => c.notNull())
    .addColumn('state', t.string(16), (c) => c.notNull())
    .addColumn('started_at', t.string(40), (c) => c.notNull())
    .addColumn('updated_at', t.string(40), (c) => c.notNull())
    .addColumn('finished_at', t.string(40))
    .addColumn('file_name', t.string(300))
    .addColumn('rows_read', 'integer')
    .addColumn('rows_rejected', 'integer')
    .addColumn('record_count', 'integer')
    .addColumn('detail', t.string(2000))
    .addPrimaryKeyConstraint('source_load_pk', ['dataset', 'snapshot_id'])
    .execute();

  await db.schema
    .createTable('relationship_feed')
    .addColumn('feed', t.string(64), (c) => c.primaryKey())
    .addColumn('name', t.string(200), (c) => c.notNull())
    .addColumn('notes', t.string(2000))
    .addColumn('last_updated', t.string(10), (c) => c.notNull())
    .addColumn('freshness_days', 'integer', (c) => c.notNull())
    .addColumn('snapshot_id', 'integer', (c) => c.notNull())
    .addColumn('record_count', 'integer', (c) => c.notNull())
    .addColumn('loaded_at', t.string(40), (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('cms_relationship')
    .addColumn('id', t.autoId, (c) => t.autoIdModifiers(c))
    .addColumn('snapshot_id', 'integer', (c) => c.notNull())
    .addColumn('child_cms_id', t.string(64), (c) => c.notNull())
    .addColumn('person_cms_id', t.string(64), (c) => c.notNull())
    .addColumn('relationship', t.string(100), (c) => c.notNull())
    .addColumn('start_date', t.string(10))
    .addColumn('end_date', t.string(10))
    .addColumn('first_name', t.string(100))
    .addColumn('last_name', t.string(100))
    .addColumn('date_of_birth', t.string(10))
    .addColumn('gender', t.string(10))
    .addColumn('address', t.string(300))
    .addColumn('postcode', t.string(10))
    .execute();
  await db.schema
    .createIndex('cms_relationship_child_person')
    .on('cms_relationship')
    .columns(['snapshot_id', 'child_cms_id', 'person_cms_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('cms_relationship').execute();
  await db.schema.dropTable('relationship_feed').execute();
  await db.schema.dropTable('source_load').execute();
}
