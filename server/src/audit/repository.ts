/** The audit log: one event per lookup, written in the same transaction as the read. Never the data itself. */
import type { Kysely, Transaction } from 'kysely';
import type { InvolvementStatus, PersonInput } from '../api/contract.js';
import type { AuditEventRow, Database } from '../db/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface AuditEvent {
  requestId: string;
  occurredAt: Date;
  user: { sub: string; name?: string };
  child: PersonInput;
  people: PersonInput[];
  reason?: string;
  /** Per person (by ref), the status of each service. */
  outcome: Array<{ ref: string; services: Record<string, InvolvementStatus> }>;
  clientAddress?: string;
}

/** Who was looked up: enough to identify them for information governance, nothing about their records. */
function identify(p: PersonInput) {
  return { cmsId: p.cmsId, firstName: p.firstName, lastName: p.lastName, dateOfBirth: p.dateOfBirth, relationship: p.relationship };
}

export async function writeAuditEvent(db: Db, event: AuditEvent): Promise<void> {
  await db
    .insertInto('audit_event')
    .values({
      request_id: event.requestId,
      occurred_at: event.occurredAt.toISOString(),
      user_sub: event.user.sub,
      user_name: event.user.name ?? null,
      child: JSON.stringify(identify(event.child)),
      people: JSON.stringify(event.people.map(identify)),
      reason: event.reason ?? null,
      outcome: JSON.stringify(event.outcome),
      client_address: event.clientAddress ?? null,
    })
    .execute();
}

export async function listAuditEvents(db: Db): Promise<AuditEventRow[]> {
  return db.selectFrom('audit_event').selectAll().orderBy('id').execute();
}
