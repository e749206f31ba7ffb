/** Verifies the audit chain and reports the first broken link; and purges past the retention period. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { chainHash } from './chain.js';

export type ChainReport =
  | { ok: true; events: number; head: string; lastId: number; notes: string[] }
  | { ok: false; events: number; brokenAt: number | 'head' | 'purge' | 'checkpoint'; problem: string; notes?: string[] };

export interface VerifyOptions {
  pageSize?: number;
  /** The retention period (days): a purge cut-off newer than this before `now` means events were deleted early. */
  retentionDays?: number;
  now?: Date;
  /** A checkpoint taken earlier (audit/checkpoint.ts): the chain must still hold its event with its hash. */
  against?: { lastId: number; head: string };
}

/**
 * Walks the events in order from the purge anchor, recomputing every hash. Reads in pages: memory stays flat.
 * Also: the purge cut-off must be older than the retention period; a checkpoint's event must still be there with
 * the hash it had; gaps in the event ids are noted (PostgreSQL and SQL Server may skip ids when an append fails,
 * so a gap the hashes bridge is a note, not a break: a removed event breaks the hashes).
 */
export async function verifyAuditChain(db: Kysely<Database>, options: VerifyOptions | number = {}): Promise<ChainReport> {
  const { pageSize = 5000, retentionDays, now = new Date(), against } = typeof options === 'number' ? { pageSize: options } : options;
  const chain = await db.selectFrom('audit_chain').selectAll().where('id', '=', 1).executeTakeFirst();
  if (!chain) return { ok: false, events: 0, brokenAt: 'head', problem: 'The audit chain table is missing its head row.' };
  const notes: string[] = [];
  if (retentionDays !== undefined && chain.purged_before) {
    const earliest = new Date(now.getTime() - retentionDays * 86_400_000).toISOString();
    if (chain.purged_before > earliest) {
      return {
        ok: false,
        events: 0,
        brokenAt: 'purge',
        problem: `The purge cut-off (${chain.purged_before}) is newer than the retention period allows (${retentionDays} days, so no later than ${earliest}): events were deleted before their time.`,
      };
    }
  }
  let expected = chain.anchor_hash;
  let lastId = chain.anchor_id;
  let events = 0;
  let sawCheckpoint = against !== undefined && against.lastId <= chain.anchor_id;
  if (against && against.lastId === chain.anchor_id && against.head !== chain.anchor_hash) {
    return { ok: false, events, brokenAt: 'checkpoint', problem: `The checkpoint's event ${against.lastId} is the purge anchor, but with another hash: the chain was rewritten.`, notes };
  }
  if (against && against.lastId < chain.anchor_id) notes.push(`The checkpoint (event ${against.lastId}) is older than the purge anchor (event ${chain.anchor_id}): it cannot be compared.`);
  const { maxId } = await db.selectFrom('audit_event').select((eb) => eb.fn.max('id').as('maxId')).executeTakeFirstOrThrow();
  // Pages by id range rather than LIMIT, so the same query runs on SQLite, PostgreSQL and SQL Server.
  for (let from = chain.anchor_id; from < Number(maxId ?? 0); from += pageSize) {
    const page = await db.selectFrom('audit_event').selectAll().where('id', '>', from).where('id', '<=', from + pageSize).orderBy('id').execute();
    for (const row of page) {
      if (row.prev_hash !== expected) {
        return { ok: false, events, brokenAt: row.id, problem: `Event ${row.id} does not follow the event before it: an event before it was removed, changed or inserted.`, notes };
      }
      const hash = chainHash(expected, row);
      if (row.hash !== hash) {
        return { ok: false, events, brokenAt: row.id, problem: `Event ${row.id} was changed after it was written (its hash does not match its content).`, notes };
      }
      if (row.id !== lastId + 1) notes.push(`Event ids ${lastId + 1} to ${row.id - 1} were never written (the hashes chain across the gap).`);
      if (against && row.id === against.lastId) {
        if (hash !== against.head) {
          return { ok: false, events, brokenAt: 'checkpoint', problem: `Event ${row.id} has another hash than the checkpoint recorded: the chain was rewritten from there.`, notes };
        }
        sawCheckpoint = true;
      }
      expected = hash;
      lastId = row.id;
      events++;
    }
  }
  if (against && !sawCheckpoint) {
    return {
      ok: false,
      events,
      brokenAt: 'checkpoint',
      problem: `The checkpoint recorded event ${against.lastId}, but the log ${lastId < against.lastId ? `now ends at event ${lastId}` : 'no longer holds it'}: the newest events were deleted.`,
      notes,
    };
  }
  if (expected !== chain.head_hash) {
    return { ok: false, events, brokenAt: 'head', problem: `The newest ${events ? `event (${lastId})` : 'state'} is not the chain's recorded head: events at the end were removed.`, notes };
  }
  return { ok: true, events, head: expected, lastId, notes };
}

/**
 * Deletes events older than `before` (ISO date-time), keeping the chain verifiable: the hash of the last deleted
 * event becomes the anchor the first remaining event chains from. Runs in one transaction.
 */
export async function purgeAuditEvents(db: Kysely<Database>, before: string): Promise<{ deleted: number }> {
  return db.transaction().execute(async (trx) => {
    await trx.updateTable('audit_chain').set((eb) => ({ head_hash: eb.ref('head_hash') })).where('id', '=', 1).execute();
    const { lastOld } = await trx.selectFrom('audit_event').select((eb) => eb.fn.max('id').as('lastOld')).where('occurred_at', '<', before).executeTakeFirstOrThrow();
    if (lastOld === null || lastOld === undefined) return { deleted: 0 };
    // Only a contiguous prefix of the chain can be purged: stop before the first event newer than the cut-off.
    const { firstKept } = await trx.selectFrom('audit_event').select((eb) => eb.fn.min('id').as('firstKept')).where('occurred_at', '>=', before).executeTakeFirstOrThrow();
    const upTo = firstKept === null || firstKept === undefined ? Number(lastOld) : Math.min(Number(lastOld), Number(firstKept) - 1);
    const { anchorId } = await trx.selectFrom('audit_event').select((eb) => eb.fn.max('id').as('anchorId')).where('id', '<=', upTo).executeTakeFirstOrThrow();
    if (anchorId === null || anchorId === undefined) return { deleted: 0 };
    const anchor = await trx.selectFrom('audit_event').select(['id', 'hash']).where('id', '=', Number(anchorId)).executeTakeFirstOrThrow();
    await trx.updateTable('audit_chain').set({ anchor_hash: anchor.hash!, anchor_id: anchor.id, purged_before: before }).where('id', '=', 1).execute();
    const result = await trx.deleteFrom('audit_event').where('id', '<=', anchor.id).executeTakeFirst();
    return { deleted: Number(result.numDeletedRows) };
  });
}
