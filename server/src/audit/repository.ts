/**
 * The audit log: one event per lookup, written in the same transaction as the read, chained by hash. It records
 * who asked, when, about whom, why, what the link policy decided and which statuses were returned — never the
 * records themselves.
 */
import type { Kysely, Transaction } from 'kysely';
import type { InvolvementStatus, PersonInput } from '../api/contract.js';
import type { AuditEventRow, Database } from '../db/schema.js';
import { chainHash, type ChainedFields } from './chain.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface PolicyOutcome {
  ref: string;
  /** True: linked to the child in the CMS relationship feed; false: not linked; null: not checked (trust-host). */
  linked: boolean | null;
}

export interface AuditEvent {
  requestId: string;
  occurredAt: Date;
  kind?: 'lookup' | 'audit-export';
  user: { sub: string; name?: string };
  /** The child whose record was open (absent for audit exports). */
  child?: PersonInput;
  people: PersonInput[];
  reason?: string;
  /** The link policy's decision for each person. */
  policy?: { name: string; people: PolicyOutcome[] };
  /** Per person (by ref), the status of each service. */
  outcome: Array<{ ref: string; services: Record<string, InvolvementStatus> }>;
  clientAddress?: string;
}

/** Who was looked up: enough to identify them for information governance, nothing about their records. */
function identify(p: PersonInput) {
  return { cmsId: p.cmsId, firstName: p.firstName, lastName: p.lastName, dateOfBirth: p.dateOfBirth, relationship: p.relationship };
}

/**
 * Appends one event to the chain. Call inside the transaction that read the data: the first statement takes the
 * chain's write lock (so concurrent appends from any number of replicas serialise), and if anything fails the
 * read and the event roll back together.
 */
export async function writeAuditEvent(db: Transaction<Database>, event: AuditEvent): Promise<void> {
  const fields: ChainedFields = {
    request_id: event.requestId,
    occurred_at: event.occurredAt.toISOString(),
    kind: event.kind ?? 'lookup',
    user_sub: event.user.sub,
    user_name: event.user.name ?? null,
    child: event.child ? JSON.stringify(identify(event.child)) : '{}',
    people: JSON.stringify(event.people.map(identify)),
    reason: event.reason ?? null,
    policy: event.policy ? JSON.stringify(event.policy) : null,
    outcome: JSON.stringify(event.outcome),
    client_address: event.clientAddress ?? null,
  };
  // Lock the chain head row: UPDATE takes a row (PostgreSQL, SQL Server) or database (SQLite) write lock.
  const locked = await db.updateTable('audit_chain').set((eb) => ({ head_hash: eb.ref('head_hash') })).where('id', '=', 1).executeTakeFirst();
  if (Number(locked.numUpdatedRows) !== 1) throw new Error('The audit chain is not initialised (run the migrations)');
  const { head_hash: previous } = await db.selectFrom('audit_chain').select('head_hash').where('id', '=', 1).executeTakeFirstOrThrow();
  const hash = chainHash(previous, fields);
  await db.insertInto('audit_event').values({ ...fields, prev_hash: previous, hash }).execute();
  await db.updateTable('audit_chain').set({ head_hash: hash }).where('id', '=', 1).execute();
}

export async function listAuditEvents(db: Db): Promise<AuditEventRow[]> {
  return db.selectFrom('audit_event').selectAll().orderBy('id').execute();
}

export interface AuditQuery {
  /** Inclusive, YYYY-MM-DD (UTC day). */
  from?: string;
  /** Inclusive, YYYY-MM-DD (UTC day). */
  to?: string;
  user?: string;
  kind?: string;
}

export async function queryAuditEvents(db: Db, query: AuditQuery): Promise<AuditEventRow[]> {
  let q = db.selectFrom('audit_event').selectAll();
  if (query.from) q = q.where('occurred_at', '>=', `${query.from}T00:00:00.000Z`);
  if (query.to) q = q.where('occurred_at', '<', nextDay(query.to));
  if (query.user) q = q.where('user_sub', '=', query.user);
  if (query.kind) q = q.where('kind', '=', query.kind);
  return q.orderBy('id').execute();
}

/** Lookups by a user since a time, for the per-user rate limit (shared by every replica through the database). */
export async function countLookupsSince(db: Db, userSub: string, since: Date): Promise<{ count: number; oldest?: string }> {
  const row = await db
    .selectFrom('audit_event')
    .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.min('occurred_at').as('oldest')])
    .where('user_sub', '=', userSub)
    .where('kind', '=', 'lookup')
    .where('occurred_at', '>=', since.toISOString())
    .executeTakeFirst();
  return { count: Number(row?.count ?? 0), oldest: (row?.oldest as string | null) ?? undefined };
}

function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString();
}
