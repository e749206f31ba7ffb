/** Verifies the audit chain and reports the first broken link; and purges past the retention period. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { chainHash } from './chain.js';

export type ChainReport =
  | { ok: true; events: number; head: string }
  | { ok: false; events: number; brokenAt: number | 'head'; problem: string };

/** Walks the events in order from the purge anchor, recomputing every hash. Reads in pages: memory stays flat. */
export async function verifyAuditChain(db: Kysely<Database>, pageSize = 5000): Promise<ChainReport> {
  const chain = await db.selectFrom('audit_chain').selectAll().where('id', '=', 1).executeTakeFirst();
  if (!chain) return { ok: false, events: 0, brokenAt: 'head', problem: 'The audit chain table is missing its head row.' };
  let expected = chain.anchor_hash;
  let lastId = chain.anchor_id;
  let events = 0;
  const { maxId } = await db.selectFrom('audit_event').select((eb) => eb.fn.max('id').as('maxId')).executeTakeFirstOrThrow();
  // Pages by id range rather than LIMIT, so the same query runs on SQLite, PostgreSQL and SQL Server.
  for (let from = chain.anchor_id; from < Number(maxId ?? 0); from += pageSize) {
    const page = await db.selectFrom('audit_event').selectAll().where('id', '>', from).where('id', '<=', from + pageSize).orderBy('id').execute();
    for (const row of page) {
      if (row.prev_hash !== expected) {
        return { ok: false, events, brokenAt: row.id, problem: `Event ${row.id} does not follow the event before it: an event before it was removed, changed or inserted.` };
      }
      const hash = chainHash(expected, row);
      if (row.hash !== hash) {
        return { ok: false, events, brokenAt: row.id, problem: `Event ${row.id} was changed after it was written (its hash does not match its content).` };
      }
      expected = hash;
      lastId = row.id;
      events++;
    }
  }
  if (expected !== chain.head_hash) {
    return { ok: false, events, brokenAt: 'head', problem: `The newest ${events ? `event (${lastId})` : 'state'} is not the chain's recorded head: events at the end were removed.` };
  }
  return { ok: true, events, head: expected };
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
