/**
 * The audit hash chain: hash(event) = SHA-256(previous hash + canonical JSON of the event's recorded fields).
 * Changing, removing or reordering any event breaks every hash after it.
 */
import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/** The fields an audit event's hash covers (everything recorded except its row id and the hashes themselves). */
export interface ChainedFields {
  request_id: string;
  occurred_at: string;
  kind: string;
  user_sub: string;
  user_name: string | null;
  child: string;
  people: string;
  reason: string | null;
  policy: string | null;
  outcome: string;
  client_address: string | null;
}

export function chainHash(previous: string, event: ChainedFields): string {
  const canonical = JSON.stringify([
    event.request_id,
    event.occurred_at,
    event.kind,
    event.user_sub,
    event.user_name ?? null,
    event.child,
    event.people,
    event.reason ?? null,
    event.policy ?? null,
    event.outcome,
    event.client_address ?? null,
  ]);
  return createHash('sha256').update(previous).update('\n').update(canonical).digest('hex');
}
