/**
 * Builds the blocking keys (blocking.ts) of a source's current snapshot into `match_key`, and records in
 * `match_index` which snapshot they belong to. A lookup uses the keys only when they belong to the snapshot it
 * reads; until then it falls back to slower, never less complete, blocking.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { databaseKindOf, firstRows } from '../sources/statement-limits.js';
import { recordKeys } from './blocking.js';
import { buildNameFrequencies } from './name-frequency.js';
import { BulkInserter } from './bulk-insert.js';

/** Records read per page: each page's keys are written in one transaction. */
const PAGE = 20_000;

export interface KeyBuildResult {
  service: string;
  snapshotId: number;
  records: number;
  keys: number;
  /** False when the keys for this snapshot were already built. */
  built: boolean;
}

export async function buildBlockingKeys(
  db: Kysely<Database>,
  service: string,
  /** nameFrequencies: also count the snapshot's names (name-frequency.ts), for FC_MATCH_NAME_FREQUENCIES other than off. */
  options: { now?: Date; force?: boolean; nameFrequencies?: boolean } = {},
): Promise<KeyBuildResult | undefined> {
  const source = await db.selectFrom('source').select(['snapshot_id', 'record_count']).where('service', '=', service).executeTakeFirst();
  if (!source) return undefined;
  const snapshotId = source.snapshot_id;
  const existing = await db.selectFrom('match_index').selectAll().where('service', '=', service).executeTakeFirst();
  if (existing && existing.snapshot_id === snapshotId && !options.force) {
    return { service, snapshotId, records: source.record_count, keys: existing.key_count, built: false };
  }

  // Readers stop using the old keys before they are deleted.
  await db.deleteFrom('match_index').where('service', '=', service).execute();
  await db.deleteFrom('match_key').where('service', '=', service).execute();

  const inserter = new BulkInserter(db, 'match_key', ['service', 'snapshot_id', 'block_key', 'record_id']);
  let lastId = 0;
  let records = 0;
  let keys = 0;
  for (;;) {
    const rows = await recordPage(db, service, snapshotId, lastId);
    if (rows.length === 0) break;
    lastId = Number(rows[rows.length - 1]!.id);
    records += rows.length;
    const keyRows: Array<[string, number, string, number]> = [];
    for (const row of rows) {
      const id = Number(row.id);
      for (const key of recordKeys(row)) keyRows.push([service, snapshotId, key, id]);
    }
    // In index order: each page's keys go into the index in one sweep instead of at random places.
    keyRows.sort((a, b) => (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : a[3] - b[3]));
    await inserter.insert(keyRows);
    keys += keyRows.length;
  }

  // Counting names costs about a fifth of building the keys: done only when the scoring uses the counts.
  if (options.nameFrequencies) await buildNameFrequencies(db, service, snapshotId);
  await db
    .insertInto('match_index')
    .values({
      service,
      snapshot_id: snapshotId,
      key_count: keys,
      keys_built_at: (options.now ?? new Date()).toISOString(),
      links_feed_snapshot_id: null,
      link_count: null,
      links_built_at: null,
      links_scoring: null,
    })
    .execute();
  return { service, snapshotId, records, keys, built: true };
}

type PageRow = { id: number; first_name_norm: string; last_name_norm: string; date_of_birth: string | null; postcode: string | null };

/**
 * The next page of a snapshot in id order. On SQLite, without table statistics, the planner prefers walking the
 * (service, snapshot_id, ...) index and sorting, which re-reads the whole snapshot for every page; NOT INDEXED
 * makes it walk the rowid from `lastId` instead. The other databases walk the primary key by themselves.
 */
async function recordPage(db: Kysely<Database>, service: string, snapshotId: number, lastId: number): Promise<PageRow[]> {
  if (databaseKindOf(db) === 'sqlite') {
    const { rows } = await sql<PageRow>`select id, first_name_norm, last_name_norm, date_of_birth, postcode from source_record not indexed
      where service = ${service} and snapshot_id = ${snapshotId} and id > ${lastId} order by id limit ${PAGE}`.execute(db);
    return rows;
  }
  return firstRows(
    db,
    db
      .selectFrom('source_record')
      .select(['id', 'first_name_norm', 'last_name_norm', 'date_of_birth', 'postcode'])
      .where('service', '=', service)
      .where('snapshot_id', '=', snapshotId)
      .where('id', '>', lastId)
      .orderBy('id'),
    PAGE,
  ).execute();
}
