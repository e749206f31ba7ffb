/**
 * Blocking: fetches, in one query per source, the records that share a key with any of the people asked about
 * (CMS id, date of birth or its day/month swap, normalised last name). The number of queries does not grow
 * with the number of people.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database, SourceRecordRow } from '../db/schema.js';
import type { MatchPerson } from './score.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface BlockingKeys {
  cmsIds: string[];
  datesOfBirth: string[];
  lastNames: string[];
}

export function blockingKeys(people: readonly MatchPerson[]): BlockingKeys {
  const cmsIds = new Set<string>();
  const dates = new Set<string>();
  const lastNames = new Set<string>();
  for (const p of people) {
    if (p.cmsId) cmsIds.add(p.cmsId);
    if (p.dateOfBirth) {
      dates.add(p.dateOfBirth);
      const [y, m, d] = p.dateOfBirth.split('-');
      if (m !== d && Number(d) <= 12) dates.add(`${y}-${d}-${m}`);
    }
    if (p.lastNameNorm) {
      lastNames.add(p.lastNameNorm);
      // Each part of a double-barrelled name, so "Smith-Jones" finds "Smith".
      for (const part of p.lastNameNorm.split(' ')) if (part.length > 1) lastNames.add(part);
    }
  }
  return { cmsIds: [...cmsIds], datesOfBirth: [...dates], lastNames: [...lastNames] };
}

export async function findCandidates(db: Db, service: string, snapshotId: number, keys: BlockingKeys): Promise<SourceRecordRow[]> {
  if (!keys.cmsIds.length && !keys.datesOfBirth.length && !keys.lastNames.length) return [];
  return db
    .selectFrom('source_record')
    .selectAll()
    .where('service', '=', service)
    .where('snapshot_id', '=', snapshotId)
    .where((eb) =>
      eb.or([
        ...(keys.cmsIds.length ? [eb('cms_id', 'in', keys.cmsIds)] : []),
        ...(keys.datesOfBirth.length ? [eb('date_of_birth', 'in', keys.datesOfBirth)] : []),
        ...(keys.lastNames.length ? [eb('last_name_norm', 'in', keys.lastNames)] : []),
      ]),
    )
    .execute();
}
