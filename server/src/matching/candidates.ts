/**
 * Candidate records for a set of people: one query per source (or for all sources at once), whatever the number
 * of people.
 *
 * When the snapshot's blocking keys are built (matching/index-source.ts), a record is a candidate if it shares
 * the date of birth (or its day/month swap), the CMS id, or a `match_key` key with someone asked about. Before
 * they are built (just after a load) the query falls back to date of birth, CMS id or surname: slower on a big
 * source, and no more complete for anyone matching could show (what it finds beyond the keys is the same surname
 * with a different first name and dates, which scores below every band).
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database, SourceRecordRow } from '../db/schema.js';
import type { BlockingKeys } from './blocking.js';
import { executeCompiled } from './compiled-queries.js';

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
  return findCandidatesForSources(db, [{ service, snapshotId, keys, keysBuilt: options.keysBuilt }]);
}

/** One source's part of a search across sources. */
export interface SourceCandidateSearch {
  service: string;
  snapshotId: number;
  keys: BlockingKeys;
  keysBuilt: boolean;
}

/**
 * Candidates for several sources in one query: the union of each source's parts (as findCandidates builds them),
 * each part keeping to its own source and snapshot, so every row returned belongs to the source its `service`
 * names. The caller splits the rows by service.
 */
export async function findCandidatesForSources(db: Db, searches: readonly SourceCandidateSearch[]): Promise<SourceRecordRow[]> {
  // Each part: its table, column and list; the shape (which parts, list lengths) names the compiled query.
  const parts = searches.flatMap(({ service, snapshotId, keys, keysBuilt }) => {
    const part = (table: 'source_record' | 'match_key', column: string, list: readonly string[]) => ({ service, snapshotId, table, column, list });
    return [
      ...(keys.cmsIds.length ? [part('source_record', 'cms_id', keys.cmsIds)] : []),
      ...(keys.datesOfBirth.length ? [part('source_record', 'date_of_birth', keys.datesOfBirth)] : []),
      ...(!keysBuilt && keys.lastNames.length ? [part('source_record', 'last_name_norm', keys.lastNames)] : []),
      ...(keysBuilt && keys.keys.length ? [part('match_key', 'block_key', keys.keys)] : []),
    ];
  });
  if (parts.length === 0) return [];
  return executeCompiled(
    db,
    `candidates:${parts.map((p) => `${p.column}=${p.list.length}`).join(',')}`,
    parts.flatMap((p) => [p.service, p.snapshotId, ...p.list]),
    () => {
      // One index lookup per kind of key, joined by UNION: an OR across columns makes SQLite scan the whole source.
      const selects = parts.map((p) =>
        p.table === 'match_key'
          ? db
              .selectFrom('match_key')
              .select('record_id as id')
              .where('service', '=', p.service)
              .where('snapshot_id', '=', p.snapshotId)
              .where('block_key', 'in', p.list)
          : db
              .selectFrom('source_record')
              .select('id')
              .where('service', '=', p.service)
              .where('snapshot_id', '=', p.snapshotId)
              .where(p.column as 'cms_id' | 'date_of_birth' | 'last_name_norm', 'in', p.list),
      );
      const ids = selects.slice(1).reduce((union, select) => union.union(select), selects[0]!);
      // Only the id: every part already keeps to its source and snapshot, and a filter on them here would tempt
      // the planner into scanning the snapshot instead of fetching the few rows by id.
      return db.selectFrom('source_record').selectAll().where('id', 'in', ids);
    },
  );
}

/** One source's matched people, whose records to read. */
export interface SourcePeopleSearch {
  service: string;
  snapshotId: number;
  sourcePersonIds: readonly string[];
}

/**
 * Every record of the given source people, for several sources in one query: once a source person matches, all
 * their records are shown, not only those a search happened to fetch. The statement takes three lists (services,
 * snapshots, ids: the (service, snapshot, source person) index is probed for each combination), so its shape does
 * not depend on which sources matched; rows of another snapshot or another source's ids are dropped here.
 */
export async function findRecordsOfSourcePeople(db: Db, searches: readonly SourcePeopleSearch[]): Promise<SourceRecordRow[]> {
  const parts = searches.filter((s) => s.sourcePersonIds.length > 0);
  if (parts.length === 0) return [];
  const services = parts.map((p) => p.service);
  const snapshotIds = [...new Set(parts.map((p) => p.snapshotId))];
  const ids = [...new Set(parts.flatMap((p) => p.sourcePersonIds))];
  const rows = await executeCompiled(
    db,
    `source-people:${services.length}:${snapshotIds.length}:${ids.length}`,
    [...services, ...snapshotIds, ...ids],
    () =>
      db
        .selectFrom('source_record')
        .selectAll()
        .where('service', 'in', services)
        .where('snapshot_id', 'in', snapshotIds)
        .where('source_person_id', 'in', ids),
  );
  const wanted = new Map(parts.map((p) => [p.service, { snapshotId: p.snapshotId, ids: new Set(p.sourcePersonIds) }]));
  return rows.filter((row) => {
    const part = wanted.get(row.service);
    return part !== undefined && Number(row.snapshot_id) === part.snapshotId && part.ids.has(row.source_person_id);
  });
}
