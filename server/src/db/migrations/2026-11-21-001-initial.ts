/** The first schema: sources with snapshots, their records, and the audit log. */
import type { Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);

  await db.schema
    .createTable('source')
    .addColumn('service', t.string(64), (c) => c.primaryKey())
    .addColumn('name', t.string(200), (c) => c.notNull())
    .addColumn('area', t.string(200), (c) => c.notNull())
    .addColumn('area_postcodes', t.string(2000), (c) => c.notNull())
    .addColumn('notes', t.string(2000))
    .addColumn('last_updated', t.string(10), (c) => c.notNull())
    .addColumn('coverage_from', t.string(10))
    .addColumn('coverage_to', t.string(10))
    .addColumn('freshness_days', 'integer', (c) => c.notNull())
    .addColumn('snapshot_id', 'integer', (c) => c.notNull())
    .addColumn('record_count', 'integer', (c) => c.notNull())
    .addColumn('loaded_at', t.string(40), (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('source_record')
    .addColumn('id', t.autoId, (c) => t.autoIdModifiers(c))
    .addColumn('service', t.string(64), (c) => c.notNull())
    .addColumn('snapshot_id', 'integer', (c) => c.notNull())
    .addColumn('source_person_id', t.string(100), (c) => c.notNull())
    .addColumn('first_name', t.string(100), (c) => c.notNull())
    .addColumn('last_name', t.string(100), (c) => c.notNull())
    .addColumn('first_name_norm', t.string(100), (c) => c.notNull())
    .addColumn('last_name_norm', t.string(100), (c) => c.notNull())
    .addColumn('date_of_birth', t.string(10))
    .addColumn('gender', t.string(10))
    .addColumn('address', t.string(300))
    .addColumn('postcode', t.string(10))
    .addColumn('nhs_number', t.string(20))
    .addColumn('upn', t.string(20))
    .addColumn('cms_id', t.string(64))
    .addColumn('involvement', t.string(10), (c) => c.notNull())
    .addColumn('organisation', t.string(200))
    .addColumn('contact_name', t.string(200))
    .addColumn('contact_role', t.string(200))
    .addColumn('contact_phone', t.string(40))
    .addColumn('contact_email', t.string(200))
    .addColumn('start_date', t.string(10))
    .addColumn('end_date', t.string(10))
    .addColumn('last_contact', t.string(10))
    .addColumn('details', t.longText, (c) => c.notNull())
    .execute();

  // Blocking indexes: a lookup reads the few records sharing a key with the person, never the whole source.
  for (const column of ['date_of_birth', 'last_name_norm', 'cms_id'] as const) {
    await db.schema
      .createIndex(`source_record_${column}`)
      .on('source_record')
      .columns(['service', 'snapshot_id', column])
      .execute();
  }

  await db.schema
    .createTable('audit_event')
    .addColumn('id', t.autoId, (c) => t.autoIdModifiers(c))
    .addColumn('request_id', t.string(64), (c) => c.notNull())
    .addColumn('occurred_at', t.string(40), (c) => c.notNull())
    .addColumn('user_sub', t.string(200), (c) => c.notNull())
    .addColumn('user_name', t.string(200))
    .addColumn('child', t.longText, (c) => c.notNull())
    .addColumn('people', t.longText, (c) => c.notNull())
    .addColumn('reason', t.longText)
    .addColumn('outcome', t.longText, (c) => c.notNull())
    .addColumn('client_address', t.string(64))
    .execute();
  await db.schema.createIndex('audit_event_occurred_at').on('audit_event').column('occurred_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('audit_event').execute();
  await db.schema.dropTable('source_record').execute();
  await db.schema.dropTable('source').execute();
}
