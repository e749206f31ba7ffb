/**
 * Worker threads for computing links on a SQLite file. better-sqlite3 runs every statement on the thread that
 * calls it, so one thread reads candidates and scores them in turn; a worker with its own read connection does
 * both for its share of the batches while the main thread streams the people and writes the links. The answer is
 * the same (each batch is linked as it would be on the main thread: links.ts linkBatchRows); only the time differs.
 *
 * Workers read the snapshot's committed keys and records, which nothing changes while links are computed, and
 * never write (their connection is query_only). Under tsx (tests, `npm start`) the worker loads the TypeScript
 * source through tsx; the compiled server loads the compiled file.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { databaseKindOf } from '../sources/statement-limits.js';
import type { BatchLinks, LinkScoring } from './links.js';
import type { MatchPerson } from './score.js';

/** What a worker links: one source snapshot, scored with these options. */
export interface BatchJob {
  service: string;
  snapshotId: number;
  scoring: LinkScoring;
}

/** workerData of bulk-link-worker.ts. */
export interface BatchWorkerData {
  file: string;
  job: BatchJob;
}

export type WorkerRequest = { id: number; people: MatchPerson[] } | { close: true };
export type WorkerReply = { ready: true } | { id: number; links: BatchLinks } | { id: number; error: string } | { failed: string };

export interface BatchWorker {
  link(people: MatchPerson[]): Promise<BatchLinks>;
  close(): Promise<void>;
}

/** Most workers started: the main thread has its own work (reading people, writing links). */
const MAX_WORKERS = 2;

/**
 * Starts `count` workers (default: one per core, at most MAX_WORKERS) for a SQLite database file. Returns none
 * for other databases, an in-memory SQLite database, or when workers cannot start here: the caller then links on
 * its own thread, with the same result.
 */
export async function openBatchWorkers(db: Kysely<Database>, job: BatchJob, count?: number): Promise<BatchWorker[]> {
  const wanted = count ?? Math.min(MAX_WORKERS, availableParallelism());
  if (wanted < 1 || databaseKindOf(db) !== 'sqlite') return [];
  const file = await sqliteFileOf(db);
  if (!file) return [];
  const started = await Promise.allSettled(Array.from({ length: wanted }, () => startWorker({ file, job })));
  const workers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  if (workers.length < wanted) {
    await Promise.all(workers.map((w) => w.close()));
    return [];
  }
  return workers;
}

/** The file of the main database, from SQLite itself; undefined for an in-memory one. */
export async function sqliteFileOf(db: Kysely<Database>): Promise<string | undefined> {
  const { rows } = await sql<{ name: string; file: string }>`pragma database_list`.execute(db);
  const main = rows.find((r) => r.name === 'main');
  return main?.file ? main.file : undefined;
}

function startWorker(data: BatchWorkerData): Promise<BatchWorker> {
  const worker = new Worker(workerSource('bulk-link-worker'), { eval: true, workerData: data });
  const waiting = new Map<number, { resolve: (links: BatchLinks) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let exited = false;
  const failAll = (error: Error) => {
    for (const { reject } of waiting.values()) reject(error);
    waiting.clear();
  };
  const exit = new Promise<void>((resolve) => {
    worker.once('exit', (code) => {
      exited = true;
      failAll(new Error(`A link worker stopped (exit code ${code}) before finishing its batches.`));
      resolve();
    });
  });
  return new Promise((resolveStart, rejectStart) => {
    worker.on('error', (error) => {
      rejectStart(error);
      failAll(error);
    });
    worker.on('message', (reply: WorkerReply) => {
      if ('ready' in reply) {
        resolveStart({
          link(people) {
            if (exited) return Promise.reject(new Error('The link worker has stopped.'));
            const id = nextId++;
            return new Promise((resolve, reject) => {
              waiting.set(id, { resolve, reject });
              worker.postMessage({ id, people } satisfies WorkerRequest);
            });
          },
          async close() {
            if (!exited) worker.postMessage({ close: true } satisfies WorkerRequest);
            await exit;
          },
        });
      } else if ('failed' in reply) {
        rejectStart(new Error(reply.failed));
      } else {
        const entry = waiting.get(reply.id);
        waiting.delete(reply.id);
        if ('error' in reply) entry?.reject(new Error(reply.error));
        else entry?.resolve(reply.links);
      }
    });
  });
}

/**
 * A worker's bootstrap, as code to evaluate: imports the compiled worker `entry` (a module next to this file),
 * or, when this file runs as TypeScript under tsx, registers tsx in the worker first (a worker does not inherit
 * the loader).
 */
export function workerSource(entry: string): string {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    const source = new URL(`./${entry}.ts`, here).href;
    const tsx = import.meta.resolve('tsx/esm/api');
    return `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(source)}); });`;
  }
  return `import(${JSON.stringify(new URL(`./${entry}.js`, here).href)});`;
}
