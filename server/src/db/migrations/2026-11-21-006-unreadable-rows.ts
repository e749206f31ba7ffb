/**
 * Unreadable rows: an extract row that was rejected may be about someone a social worker looks up, and without
 * it the source would answer "no records" for them. What could still be read of such a row (surname, first
 * name, date of birth, postcode: never the rejected value itself) is kept with the snapshot it belongs to, so a
 * lookup can say "not checked" instead.
 *
 * Sources loaded before this migration with rejected rows get one row that could be anyone: until their next
 * load, none of their "no records" answers stands.
 */
import { sql, type Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('source_unreadable')
    .addColumn('id', t.autoId, (c) => t.autoIdModifiers(c))
    .addColumn('service', t.string(64), (c) => c.notNull())
    .addColumn('snapshot_id', 'integer', (c) => c.notNull())
    .addColumn('row_number', 'integer')
    .addColumn('first_name_norm', t.string(100))
    .addColumn('last_name_norm', t.string(100))
    .addColumn('date_of_birth', t.string(10))
    .addColumn('postcode', t.string(10))
    .addColumn('reason', t.string(500), (c) => c.notNull())
    .execute();
  await db.schema.createIndex('source_unreadable_snapshot').on('source_unreadable').columns(['service', 'snapshot_id']).execute();

  await sql`insert into source_unreadable (service, snapshot_id, reason)
    select s.service, s.snapshot_id, ${'rows rejected by a load made before unreadable rows were kept'}
    from source s join source_load l on l.dataset = s.service and l.snapshot_id = s.snapshot_id
    where l.rows_rejected > 0`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('source_unreadable').execute();
}
