/**
 * People asked about by CMS id alone (the panel's search fallback) get their names, date of birth and address
 * from the CMS relationship feed, in one query. Someone the feed does not know cannot be searched reliably:
 * the caller is told to give a name and date of birth instead — never a silent empty answer.
 */
import type { Kysely } from 'kysely';
import type { InvolvementsRequest, PersonInput } from '../api/contract.js';
import type { Database } from '../db/schema.js';
import { getRelationshipFeed } from '../sources/relationships.js';
import type { InvolvementsRequestInput } from './request-schema.js';

export type Resolution =
  | { ok: true; request: InvolvementsRequest }
  | { ok: false; fields: Array<{ field: string; message: string }> };

export async function resolvePeople(db: Kysely<Database>, input: InvolvementsRequestInput): Promise<Resolution> {
  const missing = input.people.map((p, i) => ({ p, i })).filter(({ p }) => !p.firstName || !p.lastName);
  if (missing.length === 0) return { ok: true, request: input as InvolvementsRequest };

  const feed = await getRelationshipFeed(db);
  const ids = [...new Set(missing.map(({ p }) => p.cmsId!))];
  const rows = feed
    ? await db
        .selectFrom('cms_relationship')
        .select(['person_cms_id', 'first_name', 'last_name', 'date_of_birth', 'gender', 'address', 'postcode'])
        .where('snapshot_id', '=', feed.snapshot_id)
        .where('person_cms_id', 'in', ids)
        .where('first_name', 'is not', null)
        .where('last_name', 'is not', null)
        .execute()
    : [];
  const known = new Map(rows.map((r) => [r.person_cms_id, r]));
  const fields: Array<{ field: string; message: string }> = [];
  const people = input.people.map((p, i): PersonInput => {
    if (p.firstName && p.lastName) return p as PersonInput;
    const row = known.get(p.cmsId!);
    if (!row) {
      fields.push({ field: `people[${i}].cmsId`, message: `no one with CMS id ${p.cmsId} is known to Family Context: give their first name, last name and date of birth instead` });
      return p as PersonInput;
    }
    return {
      ...p,
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
