/**
 * The audit log: one event per lookup, committed before the answer is sent (no event, no answer), chained by hash. It records
 * who asked, when, about whom, why, what the link policy decided and which statuses were returned — never the
 * records themselves.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { InvolvementStatus, PersonInput } from '../api/contract.js';
import type { AuditEventRow, Database } from '../db/schema.js';
import type { DatabaseKind } from '../db/connect.js';
import { executeCompiled } from '../matching/compiled-queries.js';
import { databaseKindOf } from '../sources/statement-limits.js';
import { chainHash, type ChainedFields } from './chain.js';
import { auditWriteHealth } from './write-health.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface PolicyOutcome {
  ref: string;
  /** True: linked to the child in the CMS relationship feed; false: not linked; null: not checked (trust-host). */
  linked: boolean | null;
  /** false: let through but not searched (the child's own entry with no date of birth). */
  searched?: false;
  /** Linked, but the details sent differ from the case record's (the feed's) in this field. */
  differs?: string[];
}

export interface AuditEvent {
  requestId: string;
  occurredAt: Date;
  /**
   * 'feedback': a social worker's "not this person" / "information wrong" (reason: the kind and the record).
   * 'refused': a lookup turned away after the relationship feed was read (unknown CMS id, link policy): what it
   * asked is recorded, with why it was refused (policy.refused); nothing was searched. Counted by the rate limit.
   */
  kind?: 'lookup' | 'audit-export' | 'feedback' | 'refused';
  user: { sub: string; name?: string };
  /** The child whose record was open (absent for audit exports). */
  child?: PersonInput;
  people: PersonInput[];
  reason?: string;
  /** The link policy's decision for each person. */
  policy?: { name: string; people: PolicyOutcome[]; refused?: { error: string; fields: string[] } };
  /** Per person (by ref), the status of each service, and the refs of the records shown (opaque, never the records). */
  outcome: Array<{ ref: string; services: Record<string, InvolvementStatus>; shown?: string[] }>;
  clientAddress?: string;
}

/** Who was looked up: enough to identify them for information governance, nothing about their records. */
function identify(p: PersonInput) {
  return { cmsId: p.cmsId, firstName: p.firstName, lastName: p.lastName, dateOfBirth: p.dateOfBirth, relationship: p.relationship };
}

/**
 * Appends one event to the chain in its own short write transaction, and returns when it is committed. Callers
 * read first and append afterwards, and send nothing until this returns: no data leaves without its event. The
 * write lock is taken by the transaction's first statement, so appends from any number of processes or replicas
 * serialise (SQLite: `BEGIN IMMEDIATE`, which waits up to busy_timeout for another process's append instead of
 * failing as a read transaction upgraded to a write would; PostgreSQL: a row lock on the chain head,
 * SELECT ... FOR UPDATE; SQL Server: an UPDATE of the chain head).
 */
export async function appendAuditEvent(db: Kysely<Database>, event: AuditEvent): Promise<void> {
  // Whether it worked is what /readyz reports (audit/write-health.ts).
  return auditWriteHealth(db).track(appendCommitted(db, event));
}

async function appendCommitted(db: Kysely<Database>, event: AuditEvent): Promise<void> {
  const kind = databaseKindOf(db);
  const fields = chainedFields(event);
  if (kind === 'sqlite') {
    await db.connection().execute(async (conn) => {
      await sql`begin immediate`.execute(conn);
      try {
        await appendLocked(conn, kind, fields);
        await sql`commit`.execute(conn);
      } catch (error) {
        await sql`rollback`.execute(conn).catch(() => {});
        throw error;
      }
    });
  } else {
    await db.transaction().execute((trx) => appendLocked(trx, kind, fields));
  }
  appendListeners.get(db)?.();
}

/** Called after each committed append through `db` (the app's checkpoints every N events, audit/checkpoint.ts). */
const appendListeners = new WeakMap<object, () => void>();

export function onAuditAppended(db: Kysely<Database>, listener: () => void): void {
  appendListeners.set(db, listener);
}

/**
 * Appends one event inside a transaction the caller controls (the chain is locked by its first statement here).
 * On SQLite, only in a transaction that has not read yet, or in one process: a read transaction that another
 * process writes under cannot be upgraded to a write. Lookups use appendAuditEvent.
 */
export async function writeAuditEvent(db: Transaction<Database>, event: AuditEvent): Promise<void> {
  await appendLocked(db, databaseKindOf(db), chainedFields(event));
}

function chainedFields(event: AuditEvent): ChainedFields {
  return {
    request_id: wellFormed(event.requestId),
    occurred_at: event.occurredAt.toISOString(),
    kind: event.kind ?? 'lookup',
    user_sub: wellFormed(event.user.sub),
    user_name: event.user.name === undefined ? null : wellFormed(event.user.name),
    child: event.child ? JSON.stringify(identify(event.child)) : '{}',
    people: JSON.stringify(event.people.map(identify)),
    reason: event.reason === undefined ? null : wellFormed(event.reason),
    policy: event.policy ? JSON.stringify(event.policy) : null,
    outcome: JSON.stringify(event.outcome),
    client_address: event.clientAddress === undefined ? null : wellFormed(event.clientAddress),
  };
}

/**
 * The text as the database will store it: a lone UTF-16 surrogate (possible in a token's claims or a caller's
 * text) becomes U+FFFD, as it does in UTF-8, so that the hash is taken over what is stored and the chain holds.
 */
function wellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

const EVENT_COLUMNS = [
  'request_id',
  'occurred_at',
  'kind',
  'user_sub',
  'user_name',
  'child',
  'people',
  'reason',
  'policy',
  'outcome',
  'client_address',
  'prev_hash',
  'hash',
] as const;

async function appendLocked(db: Kysely<Database>, kind: DatabaseKind, fields: ChainedFields): Promise<void> {
  let previous: string | undefined;
  if (kind === 'postgres') {
    // The head row, locked until commit: a concurrent append waits here.
    previous = (await executeCompiled(db, 'audit-head-for-update', [1], () => db.selectFrom('audit_chain').select('head_hash').where('id', '=', 1).forUpdate()))[0]
      ?.head_hash;
  } else {
    if (kind === 'mssql') {
      // UPDATE takes the row's write lock (SQL Server has no FOR UPDATE); on SQLite BEGIN IMMEDIATE already holds it.
      const locked = await db.updateTable('audit_chain').set((eb) => ({ head_hash: eb.ref('head_hash') })).where('id', '=', 1).executeTakeFirst();
      if (Number(locked.numUpdatedRows) !== 1) throw new Error('The audit chain is not initialised (run the migrations)');
    }
    previous = (await executeCompiled(db, 'audit-head', [1], () => db.selectFrom('audit_chain').select('head_hash').where('id', '=', 1)))[0]?.head_hash;
  }
  if (previous === undefined) throw new Error('The audit chain is not initialised (run the migrations)');
  const hash = chainHash(previous, fields);
  const row = { ...fields, prev_hash: previous, hash };
  await executeCompiled(db, 'audit-insert', EVENT_COLUMNS.map((c) => row[c]), () => db.insertInto('audit_event').values(row));
  await executeCompiled(db, 'audit-head-set', [hash, 1], () => db.updateTable('audit_chain').set({ head_hash: hash }).where('id', '=', 1));
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

/**
 * Lookups by a user since a time, refused ones included (each read the relationship feed), for the per-user rate
 * limit (shared by every replica through the database).
 */
export async function countLookupsSince(db: Db, userSub: string, since: Date): Promise<{ count: number; oldest?: string }> {
  const from = since.toISOString();
  const [row] = await executeCompiled(db, 'lookups-since', [userSub, 'lookup', 'refused', from], () =>
    db
      .selectFrom('audit_event')
      .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.min('occurred_at').as('oldest')])
      .where('user_sub', '=', userSub)
      .where('kind', 'in', ['lookup', 'refused'])
      .where('occurred_at', '>=', from),
  );
  return { count: Number(row?.count ?? 0), oldest: (row?.oldest as string | null) ?? undefined };
}

/**
 * People not linked to the child a user looked up since a time (answered lookups only: a refused one showed
 * nothing), for the hourly limit on them, shared by every replica through the database. Only events whose policy
 * has someone not linked are read.
 */
export async function countUnlinkedSince(db: Db, userSub: string, since: Date): Promise<{ count: number; oldest?: string }> {
  const rows = await executeCompiled(db, 'unlinked-since', [userSub, 'lookup', since.toISOString(), '%"linked":false%'], () =>
    db
      .selectFrom('audit_event')
      .select(['occurred_at', 'policy'])
      .where('user_sub', '=', userSub)
      .where('kind', '=', 'lookup')
      .where('occurred_at', '>=', since.toISOString())
      .where('policy', 'like', '%"linked":false%'),
  );
  let count = 0;
  let oldest: string | undefined;
  for (const row of rows) {
    const people = (JSON.parse(row.policy ?? '{}') as { people?: PolicyOutcome[] }).people ?? [];
    const n = people.filter((p) => p.linked === false).length;
    if (n === 0) continue;
    count += n;
    if (!oldest || row.occurred_at < oldest) oldest = row.occurred_at;
  }
  return { count, ...(oldest ? { oldest } : {}) };
}

/**
 * The people a user was shown a record for (by its ref) in lookups since a time: feedback is taken only on a record
 * shown, for the person it was shown for.
 */
export async function shownFor(db: Db, userSub: string, recordRef: string, since: Date): Promise<PersonInput[]> {
  const rows = await executeCompiled(db, 'record-shown', [userSub, 'lookup', since.toISOString(), '%"shown":%'], () =>
    db
      .selectFrom('audit_event')
      .select(['people', 'outcome'])
      .where('user_sub', '=', userSub)
      .where('kind', '=', 'lookup')
      .where('occurred_at', '>=', since.toISOString())
      .where('outcome', 'like', '%"shown":%'),
  );
  return rows.flatMap((row) => {
    const people = JSON.parse(row.people) as PersonInput[];
    return (JSON.parse(row.outcome) as AuditEvent['outcome']).flatMap((p) => (p.shown?.includes(recordRef) && people[Number(p.ref)] ? [people[Number(p.ref)]!] : []));
  });
}

/** Feedback a user gave (refused or not) since a time, for the per-user feedback limit. */
export async function countFeedbackSince(db: Db, userSub: string, since: Date): Promise<{ count: number; oldest?: string }> {
  const [row] = await executeCompiled(db, 'feedback-since', [userSub, 'feedback', since.toISOString()], () =>
    db
      .selectFrom('audit_event')
      .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.min('occurred_at').as('oldest')])
      .where('user_sub', '=', userSub)
      .where('kind', '=', 'feedback')
      .where('occurred_at', '>=', since.toISOString()),
  );
  return { count: Number(row?.count ?? 0), oldest: (row?.oldest as string | null) ?? undefined };
}

function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString();
}
