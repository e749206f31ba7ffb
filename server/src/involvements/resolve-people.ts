/**
 * People asked about by CMS id get what the CMS relationship feed knows of them, in one query:
 * - given by CMS id alone (the panel's search fallback): their names, date of birth and address. Someone the feed
 *   does not know cannot be searched reliably: the caller is told to give a name and date of birth instead —
 *   never a silent empty answer.
 * - any person with a CMS id: the surnames and postcodes they had before, added to any the page sent, so that an
 *   old record under a maiden name or at a previous address is recognised whatever the page shows.
 */
import type { Kysely } from 'kysely';
import type { InvolvementsRequest, PersonInput } from '../api/contract.js';
import type { CmsRelationshipTable, Database } from '../db/schema.js';
import { executeCompiled } from '../matching/compiled-queries.js';
import { feedReader, personHistory, type FeedReader } from '../sources/relationships.js';
import type { InvolvementsRequestInput } from './request-schema.js';

export type Resolution =
  | { ok: true; request: InvolvementsRequest }
  | { ok: false; fields: Array<{ field: string; message: string }> };

const FEED_PERSON_COLUMNS = [
  'person_cms_id',
  'first_name',
  'last_name',
  'date_of_birth',
  'gender',
  'address',
  'postcode',
  'previous_last_names',
  'previous_postcodes',
] as const;
type FeedPerson = Pick<CmsRelationshipTable, (typeof FEED_PERSON_COLUMNS)[number]>;

export async function resolvePeople(db: Kysely<Database>, input: InvolvementsRequestInput, readFeed: FeedReader = feedReader(db)): Promise<Resolution> {
  const ids = [...new Set(input.people.flatMap((p) => (p.cmsId ? [p.cmsId] : [])))];
  const missing = input.people.some((p) => !p.firstName || !p.lastName);
  if (ids.length === 0) return { ok: true, request: input as InvolvementsRequest };

  const feed = await readFeed();
  if (!feed && !missing) return { ok: true, request: input as InvolvementsRequest };
  const rows: FeedPerson[] = feed
    ? await executeCompiled(db, `feed-people:${ids.length}`, [feed.snapshot_id, ...ids], () =>
        db
          .selectFrom('cms_relationship')
          // One row per description: a GP or social worker linked to hundreds of children is one row, not hundreds.
          .select(FEED_PERSON_COLUMNS)
          .distinct()
          .where('snapshot_id', '=', feed.snapshot_id)
          .where('person_cms_id', 'in', ids),
      )
    : [];
  // A person linked to several children has a row for each: the first with names describes them; history from any.
  const known = new Map<string, FeedPerson>();
  const history = new Map<string, { previousLastNames: string[]; previousPostcodes: string[] }>();
  for (const row of rows) {
    if (row.first_name && row.last_name && !known.has(row.person_cms_id)) known.set(row.person_cms_id, row);
    const h = personHistory(row);
    if (!h.previousLastNames && !h.previousPostcodes) continue;
    const entry = history.get(row.person_cms_id) ?? { previousLastNames: [], previousPostcodes: [] };
    entry.previousLastNames.push(...(h.previousLastNames ?? []));
    entry.previousPostcodes.push(...(h.previousPostcodes ?? []));
    history.set(row.person_cms_id, entry);
  }

  const fields: Array<{ field: string; message: string }> = [];
  const people = input.people.map((p, i): PersonInput => {
    const withHistory = addHistory(p, p.cmsId ? history.get(p.cmsId) : undefined);
    if (p.firstName && p.lastName) return withHistory as PersonInput;
    const row = known.get(p.cmsId!);
    if (!row) {
      fields.push({ field: `people[${i}].cmsId`, message: `no one with CMS id ${p.cmsId} is known to Family Context: give their first name, last name and date of birth instead` });
      return p as PersonInput;
    }
    return {
      ...withHistory,
      firstName: row.first_name!,
      lastName: row.last_name!,
      ...(!p.dateOfBirth && row.date_of_birth ? { dateOfBirth: row.date_of_birth } : {}),
      ...(!p.gender && row.gender ? { gender: row.gender as PersonInput['gender'] } : {}),
      ...(!p.address && row.address ? { address: row.address } : {}),
      ...(!p.postcode && row.postcode ? { postcode: row.postcode } : {}),
    };
  });
  if (fields.length) return { ok: false, fields };
  return { ok: true, request: { ...input, people } };
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
