/**
 * Checkpoints of the audit chain's head, kept outside the database: the chain's hashes show an event changed or
 * removed in the middle, but someone who can write to the database could delete the newest events and reset the
 * head. A checkpoint (the newest event's id and hash, when, and an HMAC-SHA256 with FC_AUDIT_CHECKPOINT_KEY when
 * that secret is set) is written to the log stream every FC_AUDIT_CHECKPOINT_EVERY events a process appends and at
 * shutdown (`"event":"audit-checkpoint"`), and by `family-context audit checkpoint`; `audit verify --against FILE`
 * checks the chain still holds the checkpoint's event with its hash.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Logger } from '../http/logger.js';
import { firstRows } from '../sources/statement-limits.js';

export interface Checkpoint {
  event: 'audit-checkpoint';
  /** The newest event's id (or the purge anchor's, when the log is empty). */
  lastId: number;
  /** Its hash: the chain's head then. */
  head: string;
  /** ISO date-time the checkpoint was taken. */
  at: string;
  /** HMAC-SHA256 (hex) of lastId, head and at with FC_AUDIT_CHECKPOINT_KEY, when the key is set. */
  mac?: string;
}

const macOf = (c: Pick<Checkpoint, 'lastId' | 'head' | 'at'>, key: string): string =>
  createHmac('sha256', key).update(JSON.stringify(['family-context-audit-checkpoint', c.lastId, c.head, c.at])).digest('hex');

/** The chain's head now, as a checkpoint (signed when `key` is given). */
export async function takeCheckpoint(db: Kysely<Database>, key: string | undefined, now: Date): Promise<Checkpoint> {
  const newest = await firstRows(db, db.selectFrom('audit_event').select(['id', 'hash']).orderBy('id', 'desc'), 1).executeTakeFirst();
  const chain = await db.selectFrom('audit_chain').select(['anchor_id', 'anchor_hash']).where('id', '=', 1).executeTakeFirstOrThrow();
  const base = { event: 'audit-checkpoint' as const, lastId: newest ? newest.id : chain.anchor_id, head: newest?.hash ?? chain.anchor_hash, at: now.toISOString() };
  return key ? { ...base, mac: macOf(base, key) } : base;
}

/**
 * The checkpoint in a file: the JSON `audit checkpoint` wrote, or log lines (JSON, one a line), of which the last
 * checkpoint is taken. Throws with what is wrong.
 */
export function parseCheckpoint(text: string): Checkpoint {
  const candidates: unknown[] = [];
  try {
    candidates.push(JSON.parse(text));
  } catch {
    for (const line of text.split(/\r?\n/)) {
      try {
        candidates.push(JSON.parse(line));
      } catch {
        // Not JSON: another kind of log line.
      }
    }
  }
  const found = candidates.filter(
    (c): c is Checkpoint =>
      typeof c === 'object' && c !== null && (c as Checkpoint).event === 'audit-checkpoint' && Number.isInteger((c as Checkpoint).lastId) && /^[0-9a-f]{64}$/.test(String((c as Checkpoint).head)) && typeof (c as Checkpoint).at === 'string',
  );
  const last = found.at(-1);
  if (!last) throw new Error('no audit checkpoint found in it: give the JSON "audit checkpoint" wrote, or log lines holding "event":"audit-checkpoint"');
  return { event: 'audit-checkpoint', lastId: last.lastId, head: last.head, at: last.at, ...(typeof last.mac === 'string' ? { mac: last.mac } : {}) };
}

/** Whether the checkpoint's signature holds: 'unsigned' when it has none, or no key is given to check it with. */
export function checkSignature(c: Checkpoint, key: string | undefined): 'valid' | 'invalid' | 'unsigned' {
  if (!key) return 'unsigned';
  if (!c.mac) return 'invalid'; // a key is set: a checkpoint without a signature could have been written by anyone
  const expected = Buffer.from(macOf(c, key), 'hex');
  const given = Buffer.from(c.mac, 'hex');
  return expected.length === given.length && timingSafeEqual(expected, given) ? 'valid' : 'invalid';
}

/** Writes a checkpoint to the log stream. Never throws: a failure is logged. */
export async function logCheckpoint(db: Kysely<Database>, logger: Logger, key: string | undefined, now: Date, why: string): Promise<void> {
  try {
    logger.info({ ...(await takeCheckpoint(db, key, now)), why }, 'audit chain checkpoint');
  } catch (error) {
    logger.error({ event: 'audit-checkpoint-failed', err: error instanceof Error ? error.message : String(error) }, 'could not write an audit chain checkpoint');
  }
}
