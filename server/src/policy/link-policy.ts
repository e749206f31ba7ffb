/**
 * The link policy: may this user look these people up for this child? The page's list of people is never proof
 * on its own; the CMS relationship feed (loaded by council IT) is.
 *
 * - `trust-host`: anyone the page sends may be looked up (a council without a relationship feed).
 * - `verify-or-reason`: people the feed does not link to the child now need a written reason, which is audited.
 * - `verify-strict`: people the feed does not link to the child are refused.
 * - `auto` (default): verify-or-reason once a relationship feed is loaded, trust-host before.
 *
 * A person counts as linked when the feed links their CMS id to the child today AND the details sent for them are
 * the ones the feed holds (names, and date of birth when both have one): a linked id sent with someone else's name
 * is not a link. The child themself counts as linked when the feed knows the child (their CMS id has current
 * links), the entry's details are the child's as sent, and they are of an age children's services work with (25 or
 * under). A person with no CMS id cannot be verified and counts as not linked.
 */
import type { Kysely } from 'kysely';
import type { InvolvementsRequest } from '../api/contract.js';
import type { PolicyOutcome } from '../audit/repository.js';
import type { LinkPolicyName } from '../config.js';
import type { Database } from '../db/schema.js';
import type { PersonInput } from '../api/contract.js';
import { areNicknames } from '../matching/nicknames.js';
import { normaliseName } from '../matching/normalise.js';
import { descriptionsById, feedPeople, feedReader, linkedPersonIds, type FeedReader, type LinkedDescription } from '../sources/relationships.js';
import { ageInYears } from '../time/calendar.js';

/** A reason shorter than this (after trimming) is not a reason. */
export const MIN_REASON_LENGTH = 10;

/** The oldest a child's own record can be about: care leavers are supported to 25. */
export const MAX_CHILD_AGE = 25;

export type EffectivePolicy = Exclude<LinkPolicyName, 'auto'>;

export type LinkDecision =
  | {
      allowed: true;
      policy: EffectivePolicy;
      people: PolicyOutcome[];
      /**
       * People let through but not to be searched: the child's own entry with no date of birth (an unborn child's
       * record), which nothing can tie to the child, so every answer for it is not-checked and nobody is found
       * under the child's id by name alone; their family is checked as usual.
       */
      withheld?: number[];
    }
  | {
      allowed: false;
      status: 400 | 403;
      error: string;
      message: string;
      fields: Array<{ field: string; message: string }>;
      /** What was decided, for the audit event of the refusal. */
      policy: EffectivePolicy;
      people: PolicyOutcome[];
    };

export async function decideLinks(
  db: Kysely<Database>,
  configured: LinkPolicyName,
  request: InvolvementsRequest,
  today: string,
  readFeed: FeedReader = feedReader(db),
  /** How the feed describes each CMS id asked about (resolvePeople's `described`); read when not given. */
  described?: ReadonlyMap<string, LinkedDescription[]>,
): Promise<LinkDecision> {
  const feedRow = configured === 'trust-host' ? undefined : await readFeed();
  const loaded = feedRow !== undefined;
  const policy: EffectivePolicy = configured === 'auto' ? (loaded ? 'verify-or-reason' : 'trust-host') : configured;
  if (policy === 'trust-host') {
    return { allowed: true, policy, people: request.people.map((_, i) => ({ ref: String(i), linked: null })) };
  }

  const childId = request.child.cmsId;
  const linked = feedRow && childId ? await linkedPersonIds(db, feedRow, childId, today) : new Set<string>();
  // How the feed describes each person (the people step has read it already; read here only when called alone).
  const ids = [...new Set(request.people.flatMap((p) => (p.cmsId ? [p.cmsId] : [])))];
  const feedDescriptions = described ?? (feedRow && childId && linked.size > 0 ? descriptionsById(await feedPeople(db, feedRow, ids)) : new Map<string, LinkedDescription[]>());
  const descriptionsOf = (id: string): LinkedDescription[] => feedDescriptions.get(id) ?? [];
  const why = request.people.map((p): string | undefined => {
    if (!loaded) return 'cannot be checked: no CMS relationship feed is loaded';
    if (!childId) return 'cannot be checked: the child has no CMS id';
    if (!p.cmsId) return 'cannot be checked: no CMS id was sent for them';
    if (p.cmsId === childId) {
      if (linked.size === 0) return 'cannot be checked: the CMS relationship feed has no current links for this child';
      if (!samePerson(p, request.child)) return "has the child's CMS id but not the child's details";
      const childDescriptions = descriptionsOf(childId);
      if (childDescriptions.length && !childDescriptions.some((d) => describesChild(d, p))) {
        return `is sent with details that are not the ones the case-management system holds for the child ${childId}`;
      }
      if (!p.dateOfBirth) return undefined; // withheld below: let through, never searched
      if (ageInYears(p.dateOfBirth, today) > MAX_CHILD_AGE) return `is over ${MAX_CHILD_AGE}, too old to be the child whose record this is`;
      return undefined;
    }
    if (!linked.has(p.cmsId)) return 'is not linked to this child in the case-management system';
    const descriptions = descriptionsOf(p.cmsId);
    if (descriptions.length && !descriptions.some((d) => describes(d, p))) return `is sent with details that are not the ones the case-management system holds for CMS id ${p.cmsId}`;
    return undefined;
  });
  const withheld = request.people.flatMap((p, i) => (why[i] === undefined && p.cmsId === childId && !p.dateOfBirth ? [i] : []));
  const people: PolicyOutcome[] = request.people.map((_, i) => ({ ref: String(i), linked: why[i] === undefined, ...(withheld.includes(i) ? { searched: false } : {}) }));
  const unlinked = people.filter((p) => !p.linked).map((p) => Number(p.ref));
  const through = withheld.length ? { withheld } : {};
  if (unlinked.length === 0) return { allowed: true, policy, people, ...through };

  if (policy === 'verify-strict') {
    return {
      allowed: false,
      policy,
      people,
      status: 403,
      error: 'not-linked',
      message: `The council's policy only allows looking up people linked to the child in the case-management system. ${unlinked.length === 1 ? 'One person is' : `${unlinked.length} people are`} not: link them in the case record first.`,
      fields: unlinked.map((i) => ({ field: `people[${i}]`, message: `this person ${why[i]}` })),
    };
  }
  const reason = request.reason?.trim() ?? '';
  if (reason.length >= MIN_REASON_LENGTH) return { allowed: true, policy, people, ...through };
  return {
    allowed: false,
    policy,
    people,
    status: 400,
    error: 'reason-required',
    message: `Say why you need to look up ${unlinked.length === 1 ? 'someone who is' : 'people who are'} not linked to this child in the case-management system (at least ${MIN_REASON_LENGTH} characters). The reason is recorded.`,
    fields: [
      { field: 'reason', message: reason ? `must be at least ${MIN_REASON_LENGTH} characters` : 'is required for people not linked to the child' },
      ...unlinked.map((i) => ({ field: `people[${i}]`, message: `this person ${why[i]}` })),
    ],
  };
}

/** Lower case, accents and punctuation gone; a name in a script normalisation empties is compared as written. */
const norm = (name: string): string => normaliseName(name) || name.trim().toLowerCase();
const same = (a: string, b: string): boolean => norm(a) === norm(b);
/** "O'Neill" / "O Neill", "McDonald" / "Mc Donald", "Mary-Ann" / "Maryann": one name written with or without spaces. */
const compact = (name: string): string => norm(name).replace(/ /g, '');
/** Parts that say nothing about who someone is: particles shared by strangers, and single letters. */
const PARTICLES = new Set(['van', 'von', 'der', 'den', 'de', 'del', 'della', 'di', 'da', 'du', 'le', 'la', 'al', 'el', 'bin', 'bint', 'ibn', 'st', 'mc', 'mac', 'ap', 'ni', 'nic', 'ui']);
const telling = (name: string): string[] => norm(name).split(' ').filter((part) => part.length > 1 && !PARTICLES.has(part));

/** The entry is the child as sent: the same names, and the same date of birth when either has one. */
function samePerson(p: PersonInput, child: PersonInput): boolean {
  return same(p.firstName, child.firstName) && same(p.lastName, child.lastName) && (p.dateOfBirth ?? '') === (child.dateOfBirth ?? '');
}

/** The same first given name, a known short form of it, or the whole name written with or without spaces. */
function firstNamesAgree(feed: string, page: string): boolean {
  if (compact(feed) === compact(page)) return true;
  const [f] = norm(feed).split(' ');
  const [g] = norm(page).split(' ');
  return !!f && !!g && (f === g || areNicknames(f, g));
}

/**
 * The feed's description fits the details sent, allowing for how one person's name is written on two screens of
 * the same CMS. Always: the first given name or a known short form of it ("Chris" / "Christopher James"), and the
 * surname, or one the feed says they had before, written with or without spaces. Only when both have the same
 * date of birth, looser surnames too: one sharing a telling part with the feed's ("Royle" / "Hartley-Royle"), or
 * one the page lists as earlier (a name changed yesterday); and an initial for the first name. Without dates that
 * agree, a shared part or a page's own list could vouch for a stranger. A description without names cannot
 * contradict the page. The page's earlier surnames are the ones it sent (routes.ts), never the feed's added ones.
 */
function describes(d: LinkedDescription, p: PersonInput): boolean {
  if (d.dateOfBirth && p.dateOfBirth && d.dateOfBirth !== p.dateOfBirth) return false;
  const datesAgree = !!d.dateOfBirth && d.dateOfBirth === p.dateOfBirth;
  if (d.firstName && !firstNamesAgree(d.firstName, p.firstName)) {
    const initial = norm(p.firstName);
    if (!(datesAgree && initial.length === 1 && norm(d.firstName).startsWith(initial))) return false;
  }
  if (d.lastName) {
    const feed = [d.lastName, ...(d.previousLastNames ?? '').split(';').filter(Boolean)];
    if (feed.some((name) => compact(name) === compact(p.lastName))) return true;
    if (!datesAgree) return false;
    const page = [p.lastName, ...(p.previousLastNames ?? [])];
    if (feed.some((name) => page.some((other) => compact(other) === compact(name)))) return true;
    const parts = new Set(page.flatMap(telling));
    return feed.flatMap(telling).some((part) => parts.has(part));
  }
  return true;
}

/** The child as a brother's or sister's record lists them: the same first name and date of birth (a surname may since have changed). */
function describesChild(d: LinkedDescription, p: PersonInput): boolean {
  if (d.dateOfBirth && p.dateOfBirth && d.dateOfBirth !== p.dateOfBirth) return false;
  if (d.firstName && !firstNamesAgree(d.firstName, p.firstName)) return false;
  return !!d.dateOfBirth || describes(d, p);
}
