/**
 * Tamper-evident audit: each event carries the hash of the one before it; a one-row `audit_chain` table holds the
 * head (for appends, and to detect a cut-off tail) and the anchor left by retention purges. The database refuses
 * updates to audit events, and deletes of events newer than the purge cut-off (SQLite and PostgreSQL triggers;
 * on SQL Server grant the service account INSERT and SELECT only).
 */
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

const GENESIS_HASH = '0'.repeat(64);

/** The chain's hash as of this migration (frozen here: migrations do not import app code). */
function chainHash(previous: string, e: Record<string, unknown>): string {
  const fields = ['request_id', 'occurred_at', 'kind', 'user_sub', 'user_name', 'child', 'people', 'reason', 'policy', 'outcome', 'client_address'];
  return createHash('sha256').update(previous).update('\n').update(JSON.stringify(fields.map((f) => e[f] ?? null))).digest('hex');
}

export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema.alterTable('audit_event').addColumn('kind', t.string(20), (c) => c.notNull().defaultTo('lookup')).execute();
  await db.schema.alterTable('audit_event').addColumn('policy', t.longText).execute();
  await db.schema.alterTable('audit_event').addColumn('prev_hash', t.string(64)).execute();
  await db.schema.alterTable('audit_event').addColumn('hash', t.string(64)).execute();
  await db.schema.createIndex('audit_event_user_time').on('audit_event').columns(['user_sub', 'occurred_at']).execute();

  await db.schema
    .createTable('audit_chain')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('head_hash', t.string(64), (c) => c.notNull())
    .addColumn('anchor_hash', t.string(64), (c) => c.notNull())
    .addColumn('anchor_id', 'integer', (c) => c.notNull())
    .addColumn('purged_before', t.string(40))
    .execute();

  // Chain any events written before this migration, in order.
  let head = GENESIS_HASH;
  const rows = await db.selectFrom('audit_event').selectAll().orderBy('id').execute();
  for (const row of rows) {
    const hash = chainHash(head, { ...row, kind: 'lookup', policy: null });
    await db.updateTable('audit_event').set({ prev_hash: head, hash }).where('id', '=', row.id).execute();
    head = hash;
  }
  await db.insertInto('audit_chain').values({ id: 1, head_hash: head, anchor_hash: GENESIS_HASH, anchor_id: 0, purged_before: null }).execute();

  const dialect = db.getExecutor().adapter.constructor.name;
  if (dialect === 'SqliteAdapter') {
    await sql`CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
      BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END`.execute(db);
    await sql`CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
      WHEN old.occurred_at >= COALESCE((SELECT purged_before FROM audit_chain WHERE id = 1), '')
      BEGIN SELECT RAISE(ABORT, 'audit_event is append-only: only events older than the retention cut-off can be purged'); END`.execute(db);
  } else if (dialect === 'PostgresAdapter') {
    await sql`CREATE FUNCTION audit_event_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' THEN RAISE EXCEPTION 'audit_event is append-only'; END IF;
        IF OLD.occurred_at >= COALESCE((SELECT purged_before FROM audit_chain WHERE id = 1), '') THEN
          RAISE EXCEPTION 'audit_event is append-only: only events older than the retention cut-off can be purged';
        END IF;
        RETURN OLD;
      END $$`.execute(db);
    await sql`CREATE TRIGGER audit_event_guard BEFORE UPDATE OR DELETE ON audit_event
      FOR EACH ROW EXECUTE FUNCTION audit_event_guard()`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  const dialect = db.getExecutor().adapter.constructor.name;
  if (dialect === 'SqliteAdapter') {
    await sql`DROP TRIGGER IF EXISTS audit_event_no_update`.execute(db);
    await sql`DROP TRIGGER IF EXISTS audit_event_no_delete`.execute(db);
  } else if (dialect === 'PostgresAdapter') {
    await sql`DROP TRIGGER IF EXISTS audit_event_guard ON audit_event`.execute(db);
    await sql`DROP FUNCTION IF EXISTS audit_event_guard()`.execute(db);
  }
  await db.schema.dropTable('audit_chain').execute();
  await db.schema.dropIndex('audit_event_user_time').execute();
  for (const column of ['hash', 'prev_hash', 'policy', 'kind']) await db.schema.alterTable('audit_event').dropColumn(column).execute();
}
