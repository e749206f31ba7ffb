/**
 * People asked about by CMS id get what the CMS relationship feed knows of them, in one query (whose rows the link
 * policy then reuses, see `described`), but only people the feed links to the open child (`linkedIds`): what the
 * feed holds on anyone else is never added to a request or returned.
 * - given by CMS id alone (the panel's search fallback): their names, date of birth and address. An id that is not
 *   linked to the child, and one the feed does not know, get the same answer (no oracle of who is known): give a
 *   name and date of birth instead — never a silent empty answer.
 * - any linked person with a CMS id: the surnames and postcodes they had before, added to any the page sent, so that
 *   an old record under a maiden name or at a previous address is recognised whatever the page shows.
 */
import type { Kysely } from 'kysely';
import type { InvolvementsRequest, PersonInput } from '../api/contract.js';
import type { Database } from '../db/schema.js';
import { descriptionsById, feedPeople, feedReader, personHistory, type FeedPerson, type FeedReader, type LinkedDescription } from '../sources/relationships.js';
import { daysBetween, longDate } from '../time/calendar.js';
import type { InvolvementsRequestInput } from './request-schema.js';

export type Resolution =
  /** `described`: how the feed describes each CMS id asked about (for the link policy), when a feed is loaded. */
  | { ok: true; request: InvolvementsRequest; described?: Map<string, LinkedDescription[]> }
  | { ok: false; fields: Array<{ field: string; message: string }> };

export async function resolvePeople(
  db: Kysely<Database>,
  input: InvolvementsRequestInput,
  today: string,
  readFeed: FeedReader = feedReader(db),
  /** CMS ids the feed links to the open child today (link-policy.ts readChildLinks); others are not filled in. */
  linkedIds: ReadonlySet<string> = new Set(),
): Promise<Resolution> {
  const ids = [...new Set(input.people.flatMap((p) => (p.cmsId ? [p.cmsId] : [])))];
  const missing = input.people.some((p) => !p.firstName || !p.lastName);
  if (ids.length === 0) return { ok: true, request: input as InvolvementsRequest };

  const feed = await readFeed();
  if (!feed && !missing) return { ok: true, request: input as InvolvementsRequest };
  const rows = feed ? await feedPeople(db, feed, ids) : [];
  const descriptions = feed ? descriptionsById(rows) : undefined;
  // A person linked to several children has a row for each: their details are what the rows with names agree on;
  // history from any row.
  const named = new Map<string, FeedPerson[]>();
  const history = new Map<string, { previousLastNames: string[]; previousPostcodes: string[] }>();
  for (const row of rows) {
    if (row.first_name && row.last_name) named.set(row.person_cms_id, [...(named.get(row.person_cms_id) ?? []), row]);
    const h = personHistory(row);
    if (!h.previousLastNames && !h.previousPostcodes) continue;
    const entry = history.get(row.person_cms_id) ?? { previousLastNames: [], previousPostcodes: [] };
    entry.previousLastNames.push(...(h.previousLastNames ?? []));
    entry.previousPostcodes.push(...(h.previousPostcodes ?? []));
    history.set(row.person_cms_id, entry);
  }
  // Details filled in from a feed past its freshness limit could be an old address: a search judged to cover the
  // person by it could say "no records" wrongly. Only the page's own details are used then.
  const stale = feed !== undefined && daysBetween(feed.last_updated, today) > feed.freshness_days;

  const fields: Array<{ field: string; message: string }> = [];
  const people = input.people.map((p, i): PersonInput => {
    const linked = p.cmsId !== undefined && linkedIds.has(p.cmsId);
    const withHistory = linked ? addHistory(p, history.get(p.cmsId!)) : p;
    if (p.firstName && p.lastName) return withHistory as PersonInput;
    const feedRows = linked ? named.get(p.cmsId!) : undefined;
    if (!feedRows) {
      fields.push({ field: `people[${i}].cmsId`, message: notByIdAlone(p.cmsId!) });
      return p as PersonInput;
    }
    if (stale) {
      fields.push({
        field: `people[${i}].cmsId`,
        message: `the CMS relationship feed Family Context reads was last updated on ${longDate(feed.last_updated)}, longer ago than its ${feed.freshness_days}-day limit, so its details for CMS id ${p.cmsId} cannot be relied on: give their first name, last name, date of birth and address instead`,
      });
      return p as PersonInput;
    }
    // Where the rows disagree (two dates of birth, two addresses), the field is left empty: a guess could decide
    // whether a source covers them. A missing date of birth or postcode then gives "not checked", with the reason.
    const agreed = <K extends keyof FeedPerson>(key: K): NonNullable<FeedPerson[K]> | undefined => {
      const values = new Set(feedRows.map((r) => r[key]).filter((v): v is NonNullable<FeedPerson[K]> => v !== null && v !== undefined && v !== ''));
      return values.size === 1 ? [...values][0] : undefined;
    };
    const [firstName, lastName, dateOfBirth, gender] = [agreed('first_name'), agreed('last_name'), agreed('date_of_birth'), agreed('gender')];
    const [address, postcode] = [agreed('address'), agreed('postcode')];
    if (!firstName || !lastName) {
      fields.push({ field: `people[${i}].cmsId`, message: `the CMS relationship feed names CMS id ${p.cmsId} in more than one way: give their first name, last name and date of birth instead` });
      return p as PersonInput;
    }
    return {
      ...withHistory,
      firstName,
      lastName,
      ...(!p.dateOfBirth && dateOfBirth ? { dateOfBirth } : {}),
      ...(!p.gender && gender ? { gender: gender as PersonInput['gender'] } : {}),
      ...(!p.address && address ? { address } : {}),
      ...(!p.postcode && postcode ? { postcode } : {}),
    };
  });
  if (fields.length) return { ok: false, fields };
  return { ok: true, request: { ...input, people }, ...(descriptions ? { described: descriptions } : {}) };
}

/** One answer for an id the feed does not know and one it does not link to the child: neither says which. */
export function notByIdAlone(cmsId: string): string {
  return `CMS id ${cmsId} cannot be looked up by CMS id alone for this child (only people the case-management system links to the child can be): give their first name, last name and date of birth instead`;
}

/** The person with the feed's previous surnames and postcodes added to those the page sent (each once). */
function addHistory<P extends Pick<PersonInput, 'previousLastNames' | 'previousPostcodes'>>(
  p: P,
  feed: { previousLastNames: string[]; previousPostcodes: string[] } | undefined,
): P {
  if (!feed) return p;
  const merge = (a: string[] | undefined, b: string[]) => [...new Set([...(a ?? []), ...b])];
  const previousLastNames = merge(p.previousLastNames, feed.previousLastNames);
  const previousPostcodes = merge(p.previousPostcodes, feed.previousPostcodes);
  return {
    ...p,
    ...(previousLastNames.length ? { previousLastNames } : {}),
    ...(previousPostcodes.length ? { previousPostcodes } : {}),
  };
}
