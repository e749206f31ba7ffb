/**
 * The link policy: may this user look these people up for this child? The page's list of people is never proof
 * on its own; the CMS relationship feed (loaded by council IT) is.
 *
 * - `trust-host`: anyone the page sends may be looked up (a council without a relationship feed).
 * - `verify-or-reason`: people the feed does not link to the child now need a written reason, which is audited.
 * - `verify-strict`: people the feed does not link to the child are refused.
 * - `auto` (default): verify-or-reason once a relationship feed is loaded, trust-host before.
 *
 * The child themself is always linked. A person with no CMS id cannot be verified and counts as not linked.
 */
import type { Kysely } from 'kysely';
import type { InvolvementsRequest } from '../api/contract.js';
import type { PolicyOutcome } from '../audit/repository.js';
import type { LinkPolicyName } from '../config.js';
import type { Database } from '../db/schema.js';
import { feedReader, linkedPersonIds, type FeedReader } from '../sources/relationships.js';

/** A reason shorter than this (after trimming) is not a reason. */
export const MIN_REASON_LENGTH = 10;

export type EffectivePolicy = Exclude<LinkPolicyName, 'auto'>;

export type LinkDecision =
  | { allowed: true; policy: EffectivePolicy; people: PolicyOutcome[] }
  | { allowed: false; status: 400 | 403; error: string; message: string; fields: Array<{ field: string; message: string }> };

export async function decideLinks(
  db: Kysely<Database>,
  configured: LinkPolicyName,
  request: InvolvementsRequest,
  today: string,
  readFeed: FeedReader = feedReader(db),
): Promise<LinkDecision> {
  const feedRow = configured === 'trust-host' ? undefined : await readFeed();
  const loaded = feedRow !== undefined;
  const policy: EffectivePolicy = configured === 'auto' ? (loaded ? 'verify-or-reason' : 'trust-host') : configured;
  if (policy === 'trust-host') {
    return { allowed: true, policy, people: request.people.map((_, i) => ({ ref: String(i), linked: null })) };
  }

  const childId = request.child.cmsId;
  const linkedIds = feedRow && childId ? await linkedPersonIds(db, feedRow, childId, today) : new Set<string>();
  const people: PolicyOutcome[] = request.people.map((p, i) => ({
    ref: String(i),
    linked: !!p.cmsId && !!childId && (p.cmsId === childId || linkedIds.has(p.cmsId)),
  }));
  const unlinked = people.filter((p) => !p.linked).map((p) => Number(p.ref));
  if (unlinked.length === 0) return { allowed: true, policy, people };

  const why = !loaded
    ? 'cannot be checked: no CMS relationship feed is loaded'
    : !childId
      ? 'cannot be checked: the child has no CMS id'
      : 'is not linked to this child in the case-management system';
  if (policy === 'verify-strict') {
    return {
      allowed: false,
      status: 403,
      error: 'not-linked',
      message: `The council's policy only allows looking up people linked to the child in the case-management system. ${unlinked.length === 1 ? 'One person is' : `${unlinked.length} people are`} not: link them in the case record first.`,
      fields: unlinked.map((i) => ({ field: `people[${i}]`, message: `this person ${why}` })),
    };
  }
  const reason = request.reason?.trim() ?? '';
  if (reason.length >= MIN_REASON_LENGTH) return { allowed: true, policy, people };
  return {
    allowed: false,
    status: 400,
    error: 'reason-required',
    message: `Say why you need to look up ${unlinked.length === 1 ? 'someone who is' : 'people who are'} not linked to this child in the case-management system (at least ${MIN_REASON_LENGTH} characters). The reason is recorded.`,
    fields: [
      { field: 'reason', message: reason ? `must be at least ${MIN_REASON_LENGTH} characters` : 'is required for people not linked to the child' },
      ...unlinked.map((i) => ({ field: `people[${i}]`, message: `this person ${why}` })),
    ],
  };
}
