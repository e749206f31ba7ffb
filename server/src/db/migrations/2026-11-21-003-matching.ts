/**
 * Matching: blocking keys per source snapshot, links computed at load time, and social workers' feedback.
 *
 * - match_key: for each source record, the keys a lookup finds it by besides its date of birth and CMS id
 *   (which have indexes on source_record already): surname sound + birth year + first initial, surname sound +
 *   birthday + first initial, postcode + surname sound, and surname sound for records without a date of birth.
 * - match_index: which snapshot of each source has its keys and links built.
 * - match_link: for each CMS person known at load time, the records matched to them (record_id null: none),
 *   with the demographics fingerprint they were matched on.
 * - match_feedback: "not this person" (suppresses the link for everyone) and "information wrong" (for the
 *   source's owner), with who said it and when.
 */
import type { Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);

  await db.schema
    .createTable('match_key')
    .addColumn('service', t.string(64), (c) => c.notNull())
    .addColumn('snapshot_id', 'integer', (c) => c.notNull())
    .addColumn('block_key', t.string(80), (c) => c.notNull())
    .addColumn('record_id', 'bigint', (c) => c.notNull())
    .execute();
  // Covering: a lookup reads record ids from the index alone.
  await db.schema
    .createIndex('match_key_lookup')
    .on('match_key')
    .columns(['service', 'snapshot_id', 'block_key', 'record_id'])
    .execute();

  await db.schema
    .createTable('match_index')
    .addColumn('service', t.string(64), (c) => c.primaryKey())
    .addColumn('snapshot_id', 'integer', (c) => c.notNull())
    .addColumn('key_count', 'integer', (c) => c.notNull())
    .addColumn('keys_built_at', t.string(40), (c) => c.notNull())
    /** Snapshot of the CMS feed the links were computed from; null when no links were computed. */
    .addColumn('links_feed_snapshot_id', 'integer')
    .addColumn('link_count', 'integer')
    .addColumn('links_built_at', t.string(40))
    .execute();

  await db.schema
    .createTable('match_link')
    .addColumn('service', t.string(64), (c) => c.notNull())
    .addColumn('snapshot_id', 'integer', (c) => c.notNull())
    .addColumn('person_key', t.string(200), (c) => c.notNull())
    .addColumn('fingerprint', t.string(64), (c) => c.notNull())
    .addColumn('record_id', 'bigint')
    .addColumn('band', t.string(16))
    .addColumn('score', 'real')
    .addColumn('basis', t.string(2000))
    .execute();
  await db.schema
    .createIndex('match_link_person')
    .on('match_link')
    .columns(['service', 'snapshot_id', 'person_key'])
    .execute();

  await db.schema
    .createTable('match_feedback')
    .addColumn('id', t.autoId, (c) => t.autoIdModifiers(c))
    .addColumn('feedback_id', t.string(64), (c) => c.notNull().unique())
    .addColumn('created_at', t.string(40), (c) => c.notNull())
    .addColumn('user_sub', t.string(200), (c) => c.notNull())
    .addColumn('user_name', t.string(200))
    .addColumn('request_id', t.string(64))
    .addColumn('kind', t.string(32), (c) => c.notNull())
    .addColumn('service', t.string(64), (c) => c.notNull())
    .addColumn('record_ref', t.string(200), (c) => c.notNull())
    .addColumn('source_person_id', t.string(100), (c) => c.notNull())
    .addColumn('person_key', t.string(200), (c) => c.notNull())
    /** JSON: the person and child as sent. */
    .addColumn('person', t.longText, (c) => c.notNull())
    .addColumn('child', t.longText, (c) => c.notNull())
    .addColumn('comment', t.string(1000))
    /** open | reviewed: "information-wrong" waits for the source's owner. */
    .addColumn('review_state', t.string(16), (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('match_feedback_person')
    .on('match_feedback')
    .columns(['person_key', 'kind'])
    .execute();
  await db.schema
    .createIndex('match_feedback_service')
    .on('match_feedback')
    .columns(['service', 'review_state'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('match_feedback').execute();
  await db.schema.dropTable('match_link').execute();
  await db.schema.dropTable('match_index').execute();
  await db.schema.dropTable('match_key').execute();
}
