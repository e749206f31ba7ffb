/**
 * A source's own person id ties its records together (a past and a current tenancy). Once a lookup matches a
 * source person it shows all their records, read by (service, snapshot, source person id): hence the index.
 * "This record exists" checks for feedback read by it too.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('source_record_source_person').on('source_record').columns(['service', 'snapshot_id', 'source_person_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('source_record_source_person').on('source_record').execute();
}
