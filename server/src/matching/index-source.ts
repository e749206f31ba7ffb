/**
 * Builds the blocking keys (blocking.ts) of a source's current snapshot into `match_key`, and records in
 * `match_index` which snapshot they belong to. A lookup uses the keys only when they belong to the snapshot it
 * reads; until then it falls back to slower, never less complete, blocking.
 */
import { Worker } from 'node:worker_threads';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { databaseKindOf, firstRows } from '../sources/statement-limits.js';
import { recordKeys } from './blocking.js';
import { buildNameFrequencies } from './name-frequency.js';
import { BulkInserter } from './bulk-insert.js';
import { sqliteFileOf, workerSource } from './bulk-workers.js';

/** Records read per page: each page's keys are written in one transaction. */
const PAGE = 20_000;

export interface KeyBuildResult {
  service: string;
  snapshotId: number;
  records: number;
  keys: number;
  /** False when the keys for this snapshot were already built. */
  built: boolean;
  /** The keys were computed in a worker thread. */
  worker: boolean;
}

export async function buildBlockingKeys(
  db: Kysely<Database>,
  service: string,
  /** nameFrequencies: also count the snapshot's names (name-frequency.ts), for FC_MATCH_NAME_FREQUENCIES other than off. */
  options: {
    now?: Date;
    force?: boolean;
    nameFrequencies?: boolean;
    /** Compute the keys in a worker thread (SQLite files only); default: when the snapshot has KEY_WORKER_THRESHOLD records. */
    worker?: boolean;
  } = {},
): Promise<KeyBuildResult | undefined> {
  const source = await db.selectFrom('source').select(['snapshot_id', 'record_count']).where('service', '=', service).executeTakeFirst();
  if (!source) return undefined;
  const snapshotId = source.snapshot_id;
  const existing = await db.selectFrom('match_index').selectAll().where('service', '=', service).executeTakeFirst();
  if (existing && existing.snapshot_id === snapshotId && !options.force) {
    return { service, snapshotId, records: source.record_count, keys: existing.key_count, built: false, worker: false };
  }

  // On a SQLite file, a worker thread reads the records and computes each page's keys while this thread writes the
  // page before (the answer is the same; only the time differs). Elsewhere, or when it cannot start, here. It
  // starts while the old keys are deleted.
  const wanted = options.worker ?? source.record_count >= KEY_WORKER_THRESHOLD;
  const starting = wanted ? openKeyWorker(db, service, snapshotId).catch(() => undefined) : Promise.resolve(undefined);
  try {
    // Readers stop using the old keys before they are deleted.
    await db.deleteFrom('match_index').where('service', '=', service).execute();
    await db.deleteFrom('match_key').where('service', '=', service).execute();
  } catch (error) {
    await (await starting)?.close();
    throw error;
  }

  const inserter = new BulkInserter(db, 'match_key', ['service', 'snapshot_id', 'block_key', 'record_id']);
  const inWorker = await starting;
  const pages = inWorker ?? localPages(db, service, snapshotId);
  let records = 0;
  let keys = 0;
  let coming = pages.next();
  try {
    for (;;) {
      const page = await coming;
      if (!page) break;
      coming = pages.next();
      records += page.records;
      const rows: Array<[string, number, string, number]> = page.keys.map((key, i) => [service, snapshotId, key, page.ids[i]!]);
      await inserter.insert(rows);
      keys += rows.length;
    }
  } finally {
    coming.catch(() => {}); // failed with what failed here: reported once, by the throw
    await pages.close();
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
  return { service, snapshotId, records, keys, built: true, worker: inWorker !== undefined };
}

/** Records a snapshot needs before a key worker is started (starting one costs a fraction of a second). */
const KEY_WORKER_THRESHOLD = 20_000;

/** One page of a snapshot's keys: keys[i] files record ids[i]; sorted by key, then record id. */
export interface KeyPage {
  keys: string[];
  ids: Float64Array;
  /** Records the page covers. */
  records: number;
  /** The page's highest record id: the next page starts after it. */
  lastId: number;
}

interface KeyPages {
  /** The next page, or null after the last. */
  next(): Promise<KeyPage | null>;
  close(): Promise<void>;
}

/**
 * The keys of a page of records, in index order: written so, each page goes into the index in one sweep instead
 * of at random places (measured: inserting unsorted costs more than the sort).
 */
export function keyPage(rows: readonly PageRow[]): KeyPage {
  const pairs: Array<[string, number]> = [];
  for (const row of rows) {
    const id = Number(row.id);
    for (const key of recordKeys(row)) pairs.push([key, id]);
  }
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
  const ids = new Float64Array(pairs.length);
  const keys = pairs.map(([key, id], i) => {
    ids[i] = id;
    return key;
  });
  return { keys, ids, records: rows.length, lastId: rows.length ? Number(rows[rows.length - 1]!.id) : 0 };
}

/** The pages, read and keyed on this thread. */
function localPages(db: Kysely<Database>, service: string, snapshotId: number): KeyPages {
  let lastId = 0;
  return {
    async next() {
      const rows = await recordPage(db, service, snapshotId, lastId);
      if (rows.length === 0) return null;
      const page = keyPage(rows);
      lastId = page.lastId;
      return page;
    },
    async close() {},
  };
}

/** workerData of key-worker.ts. */
export interface KeyWorkerData {
  file: string;
  service: string;
  snapshotId: number;
}
export type KeyWorkerRequest = 'next' | 'close';
export type KeyWorkerReply = { ready: true } | { failed: string } | { page: KeyPage } | { done: true } | { error: string };

/** The pages, read and keyed by a worker thread with its own read connection; undefined when none can start here. */
async function openKeyWorker(db: Kysely<Database>, service: string, snapshotId: number): Promise<KeyPages | undefined> {
  if (databaseKindOf(db) !== 'sqlite') return undefined;
  const file = await sqliteFileOf(db);
  if (!file) return undefined;
  const worker = new Worker(workerSource('key-worker'), { eval: true, workerData: { file, service, snapshotId } satisfies KeyWorkerData });
  let waiting: { resolve: (page: KeyPage | null) => void; reject: (error: Error) => void } | undefined;
  let started: { resolve: (ok: boolean) => void } | undefined;
  const fail = (error: Error) => {
    waiting?.reject(error);
    waiting = undefined;
    started?.resolve(false);
  };
  worker.on('error', fail);
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', (code) => {
      fail(new Error(`The blocking-key worker stopped (exit code ${code}) before the last page.`));
      resolve();
    }),
  );
  worker.on('message', (reply: KeyWorkerReply) => {
    if ('ready' in reply) started?.resolve(true);
    else if ('failed' in reply) started?.resolve(false);
    else {
      const entry = waiting;
      waiting = undefined;
      if ('error' in reply) entry?.reject(new Error(reply.error));
      else entry?.resolve('page' in reply ? reply.page : null);
    }
  });
  const ok = await new Promise<boolean>((resolve) => (started = { resolve }));
  started = undefined;
  const close = async () => {
    worker.postMessage('close' satisfies KeyWorkerRequest);
    await exited;
  };
  if (!ok) {
    await close();
    return undefined;
  }
  return {
    next() {
      return new Promise((resolve, reject) => {
        waiting = { resolve, reject };
        worker.postMessage('next' satisfies KeyWorkerRequest);
      });
    },
    close,
  };
}

type PageRow = { id: number; first_name_norm: string; last_name_norm: string; date_of_birth: string | null; postcode: string | null };

/**
 * The next page of a snapshot in id order. On SQLite, without table statistics, the planner prefers walking the
 * (service, snapshot_id, ...) index and sorting, which re-reads the whole snapshot for every page; NOT INDEXED
 * makes it walk the rowid from `lastId` instead. The other databases walk the primary key by themselves.
 */
export async function recordPage(db: Kysely<Database>, service: string, snapshotId: number, lastId: number): Promise<PageRow[]> {
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
