/**
 * Social workers' feedback on a shown record. "not-this-person" hides that source person from this person for
 * every user from then on (lookups read it in the same transaction as the records); "information-wrong" is kept
 * for the source's owner to review. Each row says who gave it and when.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { FeedbackRequest, PersonInput } from '../api/contract.js';
import type { Database, MatchFeedbackTable } from '../db/schema.js';
import type { Selectable } from 'kysely';
import { executeCompiled } from '../matching/compiled-queries.js';
import { toMatchPerson } from '../matching/links.js';
import { personKey } from '../matching/person-key.js';

type Db = Kysely<Database> | Transaction<Database>;

export type FeedbackRow = Selectable<MatchFeedbackTable>;

/** "housing:SH-000123" → { service: "housing", sourcePersonId: "SH-000123" } (see involvements/lookup.ts recordRef). */
export function parseRecordRef(ref: string): { service: string; sourcePersonId: string } | undefined {
  const at = ref.indexOf(':');
  if (at <= 0 || at === ref.length - 1) return undefined;
  return { service: ref.slice(0, at), sourcePersonId: ref.slice(at + 1) };
}

/** The identity feedback is filed under: the CMS id when the page gave one, else normalised names and DOB. */
export function feedbackPersonKey(person: PersonInput): string {
  return personKey(toMatchPerson(person));
}

export async function recordFeedback(
  db: Db,
  request: FeedbackRequest,
  who: { sub: string; name?: string; requestId?: string; at: Date },
): Promise<string> {
  const ref = parseRecordRef(request.recordRef);
  if (!ref) throw new Error('recordRef must be validated before it is stored');
  const feedbackId = randomUUID();
  await db
    .insertInto('match_feedback')
    .values({
      feedback_id: feedbackId,
      created_at: who.at.toISOString(),
      user_sub: who.sub,
      user_name: who.name ?? null,
      request_id: who.requestId ?? null,
      kind: request.kind,
      service: request.service,
      record_ref: request.recordRef,
      source_person_id: ref.sourcePersonId,
      person_key: feedbackPersonKey(request.person),
      person: JSON.stringify(request.person),
      child: JSON.stringify(request.child),
      comment: request.comment ?? null,
      review_state: request.kind === 'information-wrong' ? 'open' : 'reviewed',
    })
    .execute();
  return feedbackId;
}

/** Suppressed (person, service, source person) triples for these people, as "personKey|service|sourcePersonId". */
export async function suppressedLinks(db: Db, personKeys: readonly string[]): Promise<Set<string>> {
  if (personKeys.length === 0) return new Set();
  const keys = [...new Set(personKeys)];
  const rows = await executeCompiled(db, `suppressed-links:${keys.length}`, ['not-this-person', ...keys], () =>
    db.selectFrom('match_feedback').select(['person_key', 'service', 'source_person_id']).where('kind', '=', 'not-this-person').where('person_key', 'in', keys),
  );
  return new Set(rows.map((r) => suppressionKey(r.person_key, r.service, r.source_person_id)));
}

export function suppressionKey(personKey: string, service: string, sourcePersonId: string): string {
  return `${personKey}|${service}|${sourcePersonId}`;
}

/** Feedback waiting for a source's owner ("information-wrong"), oldest first. */
export async function openFeedback(db: Db, service: string): Promise<FeedbackRow[]> {
  return db.selectFrom('match_feedback').selectAll().where('service', '=', service).where('review_state', '=', 'open').orderBy('id').execute();
}
