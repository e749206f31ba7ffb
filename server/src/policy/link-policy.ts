/**
 * The link policy: may this user look these people up for this child? The page's list of people is never proof
 * on its own; the CMS relationship feed (loaded by council IT) is.
 *
 * - `trust-host`: anyone the page sends may be looked up (a council without a relationship feed).
 * - `verify-or-reason`: people the feed does not link to the child now need a written reason, which is audited.
 * - `verify-strict`: people the feed does not link to the child are refused.
 * - `auto` (default): verify-or-reason once a relationship feed is loaded, trust-host before.
 *
 * First the child: the feed must hold the child's own row (child and person both the child's CMS id), current, and
 * the request's `child` must fit it (as below), and be 25 or under. A child the feed cannot vouch for makes every
 * person in the request not linked, whatever the page says: who "the family" is depends on who the child is.
 *
 * Then each person counts as linked when the feed links their CMS id to the child today, as family (a professional
 * such as an allocated worker or a GP is not, unless the council opts in), AND the details sent for them are the
 * ones the feed holds: a linked id sent with someone else's name is not a link. One field may differ, as when the
 * CMS was corrected after the nightly feed (a date of birth a digit or a day apart, a corrected surname): the person
 * stays linked and the answer names the field (`differs`). A feed row with no date of birth cannot vouch for a date
 * of birth, or for a postcode other than its own. A person with no CMS id cannot be verified and counts as not
 * linked. The child's own entry is linked when it fits the child's own row.
 */
import type { Kysely } from 'kysely';
import type { InvolvementsRequest } from '../api/contract.js';
import type { PolicyOutcome } from '../audit/repository.js';
import type { LinkPolicyName, LinkRules } from '../config.js';
import { DEFAULT_PROFESSIONAL_RELATIONSHIPS } from '../config.js';
import type { Database } from '../db/schema.js';
import type { PersonInput } from '../api/contract.js';
import { areNicknames } from '../matching/nicknames.js';
import { normaliseName, normalisePostcode } from '../matching/normalise.js';
import { currentLinks, descriptionsById, feedPeople, feedReader, type ChildLink, type FeedReader, type LinkedDescription } from '../sources/relationships.js';
import { ageInYears } from '../time/calendar.js';
import { isReason, MIN_REASON_CHARACTERS, REASON_RULE_MESSAGE } from './reason-rule.js';

/** The oldest a child's own record can be about: care leavers are supported to 25. */
export const MAX_CHILD_AGE = 25;

export type EffectivePolicy = Exclude<LinkPolicyName, 'auto'>;

/** A field of a linked person's details that differs from the case record's (the feed's). */
export type DifferingField = 'lastName' | 'dateOfBirth';

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
      /** Per person (by index), linked people whose details differ from the feed's in one field, and how. */
      differs?: Map<number, { field: DifferingField; caseRecord: LinkedDescription }>;
      /** Indexes of the people not linked to the child (looked up with a reason). */
      unlinked: number[];
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

const DEFAULT_RULES: LinkRules = { professionalRelationships: DEFAULT_PROFESSIONAL_RELATIONSHIPS, linkProfessionals: false };

/** What the feed says of the child and the people linked to them: read once per request (see currentLinksOf). */
export interface ChildLinks {
  /** The rows linking each CMS id to the child today (the child's own row under the child's id). */
  links: Map<string, ChildLink[]>;
  /** Why the feed cannot vouch for the child (no own row, other details, too old), or undefined when it can. */
  childProblem?: string;
  /** How the child differs from their own row, when in one field. */
  childDiffers?: DifferingField;
}

/** Reads who the feed links to the child today and whether it vouches for the child as sent. */
export async function readChildLinks(db: Kysely<Database>, readFeed: FeedReader, child: PersonInput, today: string): Promise<ChildLinks | undefined> {
  const feed = await readFeed();
  if (!feed || !child.cmsId) return undefined;
  const links = await currentLinks(db, feed, child.cmsId, today);
  const own = (links.get(child.cmsId) ?? []).map((l) => l.description);
  if (own.length === 0) {
    return { links, childProblem: `the case-management system's relationship feed has no current record of the child ${child.cmsId}, so nobody can be checked as linked to them` };
  }
  const fit = bestFit(own, child);
  if (fit.kind === 'other') return { links, childProblem: `the child's details sent are not the ones the case-management system holds for the child ${child.cmsId}` };
  if (child.dateOfBirth && ageInYears(child.dateOfBirth, today) > MAX_CHILD_AGE) {
    return { links, childProblem: `the child sent is over ${MAX_CHILD_AGE}, too old to be the child whose record this is` };
  }
  return { links, ...(fit.kind === 'differs' ? { childDiffers: fit.field } : {}) };
}

export async function decideLinks(
  db: Kysely<Database>,
  configured: LinkPolicyName,
  request: InvolvementsRequest,
  today: string,
  readFeed: FeedReader = feedReader(db),
  /** How the feed describes each CMS id asked about (resolvePeople's `described`); read when not given. */
  described?: ReadonlyMap<string, LinkedDescription[]>,
  rules: LinkRules = DEFAULT_RULES,
  /** What the feed says of the child (readChildLinks); read when not given. */
  childLinks?: ChildLinks,
): Promise<LinkDecision> {
  const feedRow = configured === 'trust-host' ? undefined : await readFeed();
  const loaded = feedRow !== undefined;
  const policy: EffectivePolicy = configured === 'auto' ? (loaded ? 'verify-or-reason' : 'trust-host') : configured;
  if (policy === 'trust-host') {
    return { allowed: true, policy, people: request.people.map((_, i) => ({ ref: String(i), linked: null })), unlinked: [] };
  }

  const childId = request.child.cmsId;
  const child = childLinks ?? (await readChildLinks(db, readFeed, request.child, today));
  const links = child?.links ?? new Map<string, ChildLink[]>();
  // How the feed describes each person (the people step has read it already; read here only when called alone).
  const ids = [...new Set(request.people.flatMap((p) => (p.cmsId ? [p.cmsId] : [])))];
  const feedDescriptions = described ?? (feedRow && childId && links.size > 0 ? descriptionsById(await feedPeople(db, feedRow, ids)) : new Map<string, LinkedDescription[]>());
  const descriptionsOf = (id: string): LinkedDescription[] => feedDescriptions.get(id) ?? [];
  const professionals = new Set(rules.professionalRelationships.map(norm));
  const differs = new Map<number, { field: DifferingField; caseRecord: LinkedDescription }>();
  const why = request.people.map((p, i): string | undefined => {
    if (!loaded) return 'cannot be checked: no CMS relationship feed is loaded';
    if (!childId) return 'cannot be checked: the child has no CMS id';
    if (child?.childProblem) return `cannot be checked: ${child.childProblem}`;
    if (!p.cmsId) return 'cannot be checked: no CMS id was sent for them';
    const rows = links.get(p.cmsId) ?? [];
    if (rows.length === 0) return 'is not linked to this child in the case-management system';
    if (p.cmsId === childId) {
      const fit = bestFit(rows.map((r) => r.description), p);
      if (fit.kind === 'other') return `is sent with details that are not the ones the case-management system holds for the child ${childId}`;
      if (fit.kind === 'differs') differs.set(i, { field: fit.field, caseRecord: fit.description });
      if (p.dateOfBirth && ageInYears(p.dateOfBirth, today) > MAX_CHILD_AGE) return `is over ${MAX_CHILD_AGE}, too old to be the child whose record this is`;
      return undefined;
    }
    const family = rows.filter((r) => (r.category ?? (professionals.has(norm(r.relationship)) ? 'professional' : 'family')) !== 'professional');
    if (family.length === 0 && !rules.linkProfessionals) {
      return `is linked to this child as "${rows[0]!.relationship}", a professional, not family: professionals are looked up only with a reason`;
    }
    const descriptions = descriptionsOf(p.cmsId);
    const fit = bestFit(descriptions.length ? descriptions : rows.map((r) => r.description), p);
    if (fit.kind === 'other') return `is sent with details that are not the ones the case-management system holds for CMS id ${p.cmsId}`;
    if (fit.kind === 'differs') differs.set(i, { field: fit.field, caseRecord: fit.description });
    return undefined;
  });
  const withheld = request.people.flatMap((p, i) => (why[i] === undefined && p.cmsId === childId && !p.dateOfBirth ? [i] : []));
  const people: PolicyOutcome[] = request.people.map((_, i) => ({
    ref: String(i),
    linked: why[i] === undefined,
    ...(withheld.includes(i) ? { searched: false } : {}),
    ...(why[i] === undefined && differs.has(i) ? { differs: [differs.get(i)!.field] } : {}),
  }));
  const unlinked = people.filter((p) => !p.linked).map((p) => Number(p.ref));
  for (const i of unlinked) differs.delete(i);
  const through = { ...(withheld.length ? { withheld } : {}), ...(differs.size ? { differs } : {}), unlinked };
  const childField = child?.childProblem ? [{ field: 'child', message: child.childProblem }] : [];
  if (unlinked.length === 0) return { allowed: true, policy, people, ...through };

  if (policy === 'verify-strict') {
    return {
      allowed: false,
      policy,
      people,
      status: 403,
      error: 'not-linked',
      message: `The council's policy only allows looking up people linked to the child in the case-management system. ${unlinked.length === 1 ? 'One person is' : `${unlinked.length} people are`} not: ${child?.childProblem ? `${child.childProblem}.` : 'link them in the case record first.'}`,
      fields: [...childField, ...unlinked.map((i) => ({ field: `people[${i}]`, message: `this person ${why[i]}` }))],
    };
  }
  const reason = request.reason?.trim() ?? '';
  if (isReason(reason)) return { allowed: true, policy, people, ...through };
  return {
    allowed: false,
    policy,
    people,
    status: 400,
    error: 'reason-required',
    message: `Say why you need to look up ${unlinked.length === 1 ? 'someone who is' : 'people who are'} not linked to this child in the case-management system (at least ${MIN_REASON_CHARACTERS} letters or digits). The reason is recorded.${child?.childProblem ? ` Nobody counts as linked: ${child.childProblem}.` : ''}`,
    fields: [
      { field: 'reason', message: reason ? REASON_RULE_MESSAGE : 'is required for people not linked to the child' },
      ...childField,
      ...unlinked.map((i) => ({ field: `people[${i}]`, message: `this person ${why[i]}` })),
    ],
  };
}

/** Lower case, accents and punctuation gone; a name in a script normalisation empties is compared as written. */
const norm = (name: string): string => normaliseName(name) || name.trim().toLowerCase();
/** "O'Neill" / "O Neill", "McDonald" / "Mc Donald", "Mary-Ann" / "Maryann": one name written with or without spaces. */
const compact = (name: string): string => norm(name).replace(/ /g, '');
/** Parts that say nothing about who someone is: particles shared by strangers, and single letters. */
const PARTICLES = new Set(['van', 'von', 'der', 'den', 'de', 'del', 'della', 'di', 'da', 'du', 'le', 'la', 'al', 'el', 'bin', 'bint', 'ibn', 'st', 'mc', 'mac', 'ap', 'ni', 'nic', 'ui']);
const telling = (name: string): string[] => norm(name).split(' ').filter((part) => part.length > 1 && !PARTICLES.has(part));

/** The same first given name, a known short form of it, or the whole name written with or without spaces. */
function firstNamesAgree(feed: string, page: string): boolean {
  if (compact(feed) === compact(page)) return true;
  const [f] = norm(feed).split(' ');
  const [g] = norm(page).split(' ');
  return !!f && !!g && (f === g || areNicknames(f, g));
}

type Fit = { kind: 'same' } | { kind: 'differs'; field: DifferingField; description: LinkedDescription } | { kind: 'other' };

/** The best fit of the details sent with any of the feed's descriptions: the same person, one field off, or not. */
function bestFit(descriptions: readonly LinkedDescription[], p: PersonInput): Fit {
  let best: Fit = { kind: 'other' };
  for (const d of descriptions) {
    const fit = fits(d, p);
    if (fit.kind === 'same') return fit;
    if (fit.kind === 'differs' && best.kind === 'other') best = fit;
  }
  return best;
}

/**
 * Does the feed's description fit the details sent, allowing for how one person's name is written on two screens
 * of the same CMS? Always: the first given name or a known short form of it ("Chris" / "Christopher James"), and the
 * surname, or one the feed says they had before, written with or without spaces. Only when both have the same
 * date of birth, looser surnames too: one sharing a telling part with the feed's ("Royle" / "Hartley-Royle"), or
 * one the page lists as earlier (a name changed yesterday); and an initial for the first name. Without dates that
 * agree, a shared part or a page's own list could vouch for a stranger. The page's earlier surnames are the ones it
 * sent (routes.ts), never the feed's added ones.
 *
 * One field may differ (the CMS corrected after the nightly feed): a date of birth one digit or one day apart (or
 * day and month swapped) with the names agreeing, or another surname with the first name, date of birth and home
 * postcode the same. A description with no date of birth vouches for no date of birth, and for no postcode but its own.
 */
function fits(d: LinkedDescription, p: PersonInput): Fit {
  if (!d.dateOfBirth) {
    if (p.dateOfBirth) return { kind: 'other' };
    const postcodes = [d.postcode, ...(d.previousPostcodes ?? '').split(';')].filter(Boolean);
    if (p.postcode && !postcodes.includes(normalisePostcode(p.postcode) ?? p.postcode)) return { kind: 'other' };
  }
  const datesAgree = !!d.dateOfBirth && d.dateOfBirth === p.dateOfBirth;
  const datesClose = !!d.dateOfBirth && !!p.dateOfBirth && !datesAgree && closeDates(d.dateOfBirth, p.dateOfBirth);
  if (d.dateOfBirth && p.dateOfBirth && !datesAgree && !datesClose) return { kind: 'other' };
  if (d.firstName && !firstNamesAgree(d.firstName, p.firstName)) {
    const initial = norm(p.firstName);
    if (!(datesAgree && initial.length === 1 && norm(d.firstName).startsWith(initial))) return { kind: 'other' };
  }
  const surname = !d.lastName || surnamesAgree(d, p, datesAgree);
  if (datesClose) return surname ? { kind: 'differs', field: 'dateOfBirth', description: d } : { kind: 'other' };
  if (surname) return { kind: 'same' };
  // Another surname is a correction the feed has not caught up with only at the home the case record knows: the
  // page must send a postcode the feed holds for them. Otherwise anyone sharing a family member's first name and
  // date of birth could be looked up freely under that member's id (found by the held-out insider attacks).
  const homes = [d.postcode, ...(d.previousPostcodes ?? '').split(';')].filter(Boolean);
  const sameHome = !!p.postcode && homes.includes(normalisePostcode(p.postcode) ?? p.postcode);
  return datesAgree && !!d.firstName && sameHome ? { kind: 'differs', field: 'lastName', description: d } : { kind: 'other' };
}

function surnamesAgree(d: LinkedDescription, p: PersonInput, datesAgree: boolean): boolean {
  const feed = [d.lastName!, ...(d.previousLastNames ?? '').split(';').filter(Boolean)];
  if (feed.some((name) => compact(name) === compact(p.lastName))) return true;
  if (!datesAgree) return false;
  const page = [p.lastName, ...(p.previousLastNames ?? [])];
  if (feed.some((name) => page.some((other) => compact(other) === compact(name)))) return true;
  const parts = new Set(page.flatMap(telling));
  return feed.flatMap(telling).some((part) => parts.has(part));
}

/** Two dates of birth one keying slip apart: one digit different, one day apart, or day and month swapped. */
function closeDates(a: string, b: string): boolean {
  let differing = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) differing++;
  if (differing === 1) return true;
  const days = Math.abs(Date.parse(`${a}T00:00:00Z`) - Date.parse(`${b}T00:00:00Z`)) / 86_400_000;
  if (days === 1) return true;
  return a.slice(0, 4) === b.slice(0, 4) && a.slice(5, 7) === b.slice(8, 10) && a.slice(8, 10) === b.slice(5, 7);
}
