/**
 * Candidates for a batch of people when links are computed at load time (links.ts computeLinks): the same records
 * findCandidates returns for the batch (sharing a `match_key` key, the date of birth or its swap, or the CMS id),
 * but only the columns scoring needs, and filed under the keys they share, read from `match_key` instead of
 * recomputed from each record.
 *
 * The key lists are padded to a few fixed lengths, so a load runs a handful of statement shapes, each compiled
 * and prepared once, and split so no statement passes the database's parameter limit (SQL Server: 2100).
 */
import { sql, type Kysely } from 'kysely';
import type { Database, SourceRecordRow } from '../db/schema.js';
import { databaseKindOf, idsPerDelete } from '../sources/statement-limits.js';
import type { BlockingKeys } from './blocking.js';
import { executeCompiled } from './compiled-queries.js';

/** A source record as links are computed from it: what scoring and resolving read, no contact or details. */
export type LinkCandidate = Pick<
  SourceRecordRow,
  'id' | 'source_person_id' | 'cms_id' | 'nhs_number' | 'first_name_norm' | 'last_name_norm' | 'date_of_birth' | 'gender' | 'postcode' | 'address'
>;

/** A candidate as the bulk path holds it: one object per record, marked by the person it was last gathered for. */
export interface BulkCandidate extends LinkCandidate {
  /** linkBatch's mark: the person this record was last gathered for (saves a Set per person). */
  mark: number;
}

export interface BatchCandidates {
  /**
   * The candidates under each key the batch was searched by, in id order, keyed as personLookupKeys and
   * recordLookupKeys spell keys ("y:...", "dob:1990-01-02", "cms:P1"). A record is one object wherever it appears.
   */
  byKey: Map<string, readonly BulkCandidate[]>;
  /**
   * For each source person with more than one record among the batch's candidates: those records, in id order
   * (what scoreCandidates adds to a person's candidates when one of them is there). Unknown source people have one.
   */
  bySourcePerson: Map<string, BulkCandidate[]>;
}

const COLUMNS = ['id', 'source_person_id', 'cms_id', 'nhs_number', 'first_name_norm', 'last_name_norm', 'date_of_birth', 'gender', 'postcode', 'address'] as const;

/** List lengths are rounded up to a multiple of this (repeating the last value), so statement shapes repeat. */
const PAD_TO = 64;

type CandidateRow = LinkCandidate & { block_key: string | null };

interface Part {
  column: 'block_key' | 'date_of_birth' | 'cms_id';
  values: string[];
}

/** A kept key's records, and those of them whose source person has other records in the snapshot. */
interface CachedKey {
  records: BulkCandidate[];
  shared: BulkCandidate[];
}

/**
 * Reads the candidates of one source snapshot batch after batch.
 *
 * - Keys for records without a date of birth ("n:<surname sound>") are asked for by nearly every batch (everyone
 *   is looked up by them) and hold the same records each time: their records are kept between batches, up to
 *   CACHED_ROWS rows, as the one object each record is in every batch.
 * - Which source people have more than one record in the snapshot is read once (one grouped query), so a batch
 *   groups only their records by source person; when more than SHARED_KEPT do, every record is grouped.
 */
export class LinkCandidateReader {
  private readonly cache = new Map<string, CachedKey>();
  private readonly cachedById = new Map<number, BulkCandidate>();
  /** Source people with more than one record in the snapshot; null: too many to keep, treat everyone as one. */
  private shared?: Set<string> | null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly service: string,
    private readonly snapshotId: number,
  ) {}

  async read(keys: BlockingKeys): Promise<BatchCandidates> {
    if (this.shared === undefined) this.shared = await sharedSourcePeople(this.db, this.service, this.snapshotId);
    const shared = this.shared;
    const shares = (record: BulkCandidate) => shared === null || shared.has(record.source_person_id);
    const byKey = new Map<string, readonly BulkCandidate[]>();
    const grouped: BulkCandidate[] = [];
    const asked: string[] = [];
    for (const key of keys.keys) {
      const cached = this.cache.get(key);
      if (!cached) {
        asked.push(key);
        continue;
      }
      if (cached.records.length) byKey.set(key, cached.records);
      for (const record of cached.shared) grouped.push(record);
    }

    const rows: CandidateRow[] = [];
    for (const parts of statements(this.db, { ...keys, keys: asked })) {
      for (const row of await runStatement(this.db, this.service, this.snapshotId, parts)) rows.push(row);
    }
    rows.sort((a, b) => a.id - b.id);
    const batchById = new Map<number, BulkCandidate>();
    const filedByValue = new Set<BulkCandidate>();
    const fresh = new Map<string, BulkCandidate[]>();
    const file = (key: string, record: BulkCandidate) => {
      const list = byKey.get(key) as BulkCandidate[] | undefined;
      if (list) list.push(record);
      else byKey.set(key, [record]);
    };
    for (const row of rows) {
      const id = Number(row.id);
      let record = this.cachedById.get(id) ?? batchById.get(id);
      const first = record === undefined || !batchById.has(id);
      if (!record) record = toCandidate(row, id);
      if (first) {
        batchById.set(id, record);
        if (shares(record)) grouped.push(record);
      }
      const key = row.block_key;
      if (key === null) {
        // Read for its date of birth or CMS id: filed under both, once, as recordLookupKeys files every record.
        if (!filedByValue.has(record)) {
          filedByValue.add(record);
          if (record.date_of_birth) file(`dob:${record.date_of_birth}`, record);
          if (record.cms_id) file(`cms:${record.cms_id}`, record);
        }
      } else {
        file(key, record);
        if (isCached(key)) (fresh.get(key) ?? fresh.set(key, []).get(key)!).push(record);
      }
    }
    for (const key of asked) if (isCached(key)) this.remember(key, fresh.get(key) ?? [], shares);
    return { byKey, bySourcePerson: groupBySourcePerson(grouped) };
  }

  private remember(key: string, records: BulkCandidate[], shares: (record: BulkCandidate) => boolean): void {
    if (this.cachedById.size + records.length > CACHED_ROWS) {
      this.cache.clear();
      this.cachedById.clear();
    }
    for (const record of records) this.cachedById.set(Number(record.id), record);
    this.cache.set(key, { records, shared: records.filter(shares) });
  }
}

/** Records kept between batches by LinkCandidateReader: a few tens of MB at most. */
const CACHED_ROWS = 100_000;

/** Source people with several records remembered by LinkCandidateReader; beyond this, every record is grouped. */
const SHARED_KEPT = 500_000;

/** Keys whose records LinkCandidateReader keeps: those of records without a date of birth (blocking.ts). */
function isCached(blockKey: string): boolean {
  return blockKey.startsWith('n:');
}

function toCandidate(row: CandidateRow, id: number): BulkCandidate {
  return {
    id,
    source_person_id: row.source_person_id,
    cms_id: row.cms_id,
    nhs_number: row.nhs_number,
    first_name_norm: row.first_name_norm,
    last_name_norm: row.last_name_norm,
    date_of_birth: row.date_of_birth,
    gender: row.gender,
    postcode: row.postcode,
    address: row.address,
    mark: 0,
  };
}

/** The records of each source person with more than one of them here, each once, in id order. */
function groupBySourcePerson(records: readonly BulkCandidate[]): Map<string, BulkCandidate[]> {
  const groups = new Map<string, BulkCandidate[]>();
  for (const record of records) {
    const list = groups.get(record.source_person_id);
    if (!list) groups.set(record.source_person_id, [record]);
    else if (!list.includes(record)) list.push(record);
  }
  for (const [key, list] of groups) {
    if (list.length < 2) groups.delete(key);
    else list.sort((a, b) => a.id - b.id);
  }
  return groups;
}

async function sharedSourcePeople(db: Kysely<Database>, service: string, snapshotId: number): Promise<Set<string> | null> {
  const rows = await db
    .selectFrom('source_record')
    .select('source_person_id')
    .where('service', '=', service)
    .where('snapshot_id', '=', snapshotId)
    .groupBy('source_person_id')
    .having((eb) => eb.fn.countAll(), '>', 1)
    .execute();
  return rows.length > SHARED_KEPT ? null : new Set(rows.map((r) => r.source_person_id));
}

/** The batch's lists cut into statements of at most the database's parameter budget. */
function statements(db: Kysely<Database>, keys: BlockingKeys): Part[][] {
  const budget = idsPerDelete(databaseKindOf(db)) - PAD_TO;
  const lists: Part[] = [
    { column: 'block_key', values: keys.keys },
    { column: 'date_of_birth', values: keys.datesOfBirth },
    { column: 'cms_id', values: keys.cmsIds },
  ];
  const out: Part[][] = [];
  let current: Part[] = [];
  let used = 0;
  for (const { column, values } of lists) {
    for (let start = 0; start < values.length; ) {
      const room = budget - used;
      if (room < PAD_TO) {
        out.push(current);
        current = [];
        used = 0;
        continue;
      }
      const chunk = padded(values.slice(start, start + room));
      current.push({ column, values: chunk });
      used += chunk.length;
      start += room;
    }
  }
  if (current.length) out.push(current);
  return out;
}

function padded(values: string[]): string[] {
  const length = Math.ceil(values.length / PAD_TO) * PAD_TO;
  const out = values.slice();
  while (out.length < length) out.push(values[values.length - 1]!);
  return out;
}

/** One statement: the union of its parts, each keeping to the source and snapshot. */
function runStatement(db: Kysely<Database>, service: string, snapshotId: number, parts: readonly Part[]): Promise<CandidateRow[]> {
  return executeCompiled<CandidateRow>(
    db,
    `link-candidates:${parts.map((p) => `${p.column}=${p.values.length}`).join(',')}`,
    parts.flatMap((p) => [service, snapshotId, ...p.values]),
    () => {
      const selects = parts.map((p) =>
        p.column === 'block_key'
          ? db
              .selectFrom('match_key as k')
              .innerJoin('source_record as r', 'r.id', 'k.record_id')
              .select(['k.block_key as block_key', ...COLUMNS.map((c) => `r.${c}` as const)])
              .where('k.service', '=', service)
              .where('k.snapshot_id', '=', snapshotId)
              .where('k.block_key', 'in', p.values)
          : db
              .selectFrom('source_record as r')
              .select([sql<string | null>`null`.as('block_key'), ...COLUMNS.map((c) => `r.${c}` as const)])
              .where('r.service', '=', service)
              .where('r.snapshot_id', '=', snapshotId)
              .where(`r.${p.column}`, 'in', p.values),
      );
      return selects.slice(1).reduce((union, select) => union.unionAll(select), selects[0]!);
    },
  );
}

/** Bytes of a SQLite file mapped while links are computed (SQLite maps at most the file's size). */
export const MAPPED_BYTES = 1 << 30;

/**
 * On SQLite, maps the database file into memory while links are computed: candidates are read at random places
 * in the snapshot, and a mapped page is read in place instead of copied into the 32 MB page cache by a system
 * call (about twice as fast here). The pages are the operating system's file cache, shared, not the process's
 * own memory. Returns what undoes it; elsewhere, nothing to undo.
 */
export async function mapDatabaseFile(db: Kysely<Database>): Promise<() => Promise<void>> {
  if (databaseKindOf(db) !== 'sqlite') return async () => {};
  const { rows } = await sql<{ mmap_size: number }>`pragma mmap_size`.execute(db);
  const before = Number(rows[0]?.mmap_size ?? 0);
  await sql.raw(`pragma mmap_size = ${MAPPED_BYTES}`).execute(db);
  return async () => {
    await sql.raw(`pragma mmap_size = ${before}`).execute(db);
  };
}
