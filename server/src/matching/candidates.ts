/**
 * Candidate records for a set of people: one query per source, whatever the number of people.
 *
 * When the snapshot's blocking keys are built (matching/index-source.ts), a record is a candidate if it shares
 * the date of birth (or its day/month swap), the CMS id, or a `match_key` key with someone asked about. Before
 * they are built (just after a load) the query falls back to date of birth, CMS id or surname: slower on a big
 * source, never less complete.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database, SourceRecordRow } from '../db/schema.js';
import type { BlockingKeys } from './blocking.js';

type Db = Kysely<Database> | Transaction<Database>;

export type { BlockingKeys } from './blocking.js';
export { blockingKeys } from './blocking.js';

export async function findCandidates(
  db: Db,
  service: string,
  snapshotId: number,
  keys: BlockingKeys,
  options: { keysBuilt: boolean } = { keysBuilt: false },
): Promise<SourceRecordRow[]> {
  const useKeys = options.keysBuilt && keys.keys.length > 0;
  const useNames = !options.keysBuilt && keys.lastNames.length > 0;
  // One index lookup per kind of key, joined by UNION: an OR across columns makes SQLite scan the whole source.
  const inSource = () => db.selectFrom('source_record').select('id').where('service', '=', service).where('snapshot_id', '=', snapshotId);
  const parts = [
    ...(keys.cmsIds.length ? [inSource().where('cms_id', 'in', keys.cmsIds)] : []),
    ...(keys.datesOfBirth.length ? [inSource().where('date_of_birth', 'in', keys.datesOfBirth)] : []),
    ...(useNames ? [inSource().where('last_name_norm', 'in', keys.lastNames)] : []),
    ...(useKeys
      ? [
          db
            .selectFrom('match_key')
            .select('record_id as id')
            .where('service', '=', service)
            .where('snapshot_id', '=', snapshotId)
            .where('block_key', 'in', keys.keys),
        ]
      : []),
  ];
  if (parts.length === 0) return [];
  const ids = parts.slice(1).reduce((union, part) => union.union(part), parts[0]!);
  // Only the id: every part already keeps to this source and snapshot, and a filter on them here would tempt the
  // planner into scanning the snapshot instead of fetching the few rows by id.
  return db.selectFrom('source_record').selectAll().where('id', 'in', ids).execute();
}
