/**
 * The audit chain's one row (head, anchor, purge cut-off) can no longer be moved at will (SQLite and PostgreSQL
 * triggers; on SQL Server, grants: see README "Database accounts"):
 * - the purge cut-off (`purged_before`) only to a time at least MIN_PURGE_AGE_DAYS ago (the least retention the
 *   server accepts), so events younger than that can never be deleted, whatever the cut-off says;
 * - the anchor only to an event in the chain (its id and hash) older than the cut-off, as `audit purge` sets it;
 * - the head only to the newest event's hash (as each append sets it), so the newest events cannot be removed and
 *   the head reset to hide it;
 * - the row can be neither deleted nor a second one added.
 * As with the event triggers, the tables' owner can drop them: they stop the application and mistakes, not the owner
 * (the signed checkpoints in the log stream, `audit verify --against`, catch that).
 */
import { sql, type Kysely } from 'kysely';

/** The least retention the server accepts (config.ts AUDIT_RETENTION.minDays), frozen here: migrations do not import app code. */
const MIN_PURGE_AGE_DAYS = 30;

export async function up(db: Kysely<any>): Promise<void> {
  const dialect = db.getExecutor().adapter.constructor.name;
  if (dialect === 'SqliteAdapter') {
    await sql`CREATE TRIGGER audit_chain_guard BEFORE UPDATE ON audit_chain
      BEGIN
        SELECT RAISE(ABORT, 'audit_chain: the purge cut-off can only be set by audit purge, to at least 30 days ago')
        WHERE NEW.purged_before IS NOT OLD.purged_before
          AND (NEW.purged_before IS NULL
            OR NEW.purged_before > strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ${sql.raw(`'-${MIN_PURGE_AGE_DAYS} days'`)}));
        SELECT RAISE(ABORT, 'audit_chain: the anchor can only be an event of the chain older than the purge cut-off')
        WHERE (NEW.anchor_id IS NOT OLD.anchor_id OR NEW.anchor_hash IS NOT OLD.anchor_hash)
          AND NOT EXISTS (SELECT 1 FROM audit_event e
            WHERE e.id = NEW.anchor_id AND e.hash = NEW.anchor_hash AND e.occurred_at < NEW.purged_before);
        SELECT RAISE(ABORT, 'audit_chain: the head can only be the newest event')
        WHERE NEW.head_hash IS NOT OLD.head_hash
          AND NEW.head_hash IS NOT (SELECT hash FROM audit_event ORDER BY id DESC LIMIT 1);
        SELECT RAISE(ABORT, 'audit_chain has one row, id 1') WHERE NEW.id IS NOT OLD.id;
      END`.execute(db);
    await sql`CREATE TRIGGER audit_chain_no_delete BEFORE DELETE ON audit_chain
      BEGIN SELECT RAISE(ABORT, 'audit_chain has one row, which cannot be deleted'); END`.execute(db);
    await sql`CREATE TRIGGER audit_chain_no_insert BEFORE INSERT ON audit_chain
      BEGIN SELECT RAISE(ABORT, 'audit_chain has one row: no other can be added'); END`.execute(db);
  } else if (dialect === 'PostgresAdapter') {
    await sql`CREATE FUNCTION audit_chain_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE newest varchar(64);
      BEGIN
        IF TG_OP <> 'UPDATE' THEN RAISE EXCEPTION 'audit_chain has one row, which cannot be deleted or added to'; END IF;
        IF NEW.id IS DISTINCT FROM OLD.id THEN RAISE EXCEPTION 'audit_chain has one row, id 1'; END IF;
        IF NEW.purged_before IS DISTINCT FROM OLD.purged_before AND (NEW.purged_before IS NULL OR NEW.purged_before >
            to_char((now() AT TIME ZONE 'UTC') - interval '${sql.raw(String(MIN_PURGE_AGE_DAYS))} days', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) THEN
          RAISE EXCEPTION 'audit_chain: the purge cut-off can only be set by audit purge, to at least 30 days ago';
        END IF;
        IF (NEW.anchor_id IS DISTINCT FROM OLD.anchor_id OR NEW.anchor_hash IS DISTINCT FROM OLD.anchor_hash)
            AND NOT EXISTS (SELECT 1 FROM audit_event e
              WHERE e.id = NEW.anchor_id AND e.hash = NEW.anchor_hash AND e.occurred_at < NEW.purged_before) THEN
          RAISE EXCEPTION 'audit_chain: the anchor can only be an event of the chain older than the purge cut-off';
        END IF;
        IF NEW.head_hash IS DISTINCT FROM OLD.head_hash THEN
          SELECT hash INTO newest FROM audit_event ORDER BY id DESC LIMIT 1;
          IF NEW.head_hash IS DISTINCT FROM newest THEN RAISE EXCEPTION 'audit_chain: the head can only be the newest event'; END IF;
        END IF;
        RETURN NEW;
      END $$`.execute(db);
    await sql`CREATE TRIGGER audit_chain_guard BEFORE INSERT OR UPDATE OR DELETE ON audit_chain
      FOR EACH ROW EXECUTE FUNCTION audit_chain_guard()`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  const dialect = db.getExecutor().adapter.constructor.name;
  if (dialect === 'SqliteAdapter') {
    for (const name of ['audit_chain_guard', 'audit_chain_no_delete', 'audit_chain_no_insert']) await sql`DROP TRIGGER IF EXISTS ${sql.raw(name)}`.execute(db);
  } else if (dialect === 'PostgresAdapter') {
    await sql`DROP TRIGGER IF EXISTS audit_chain_guard ON audit_chain`.execute(db);
    await sql`DROP FUNCTION IF EXISTS audit_chain_guard()`.execute(db);
  }
}
