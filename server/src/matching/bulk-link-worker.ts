/**
 * A link worker (bulk-workers.ts): opens its own read-only connection to the SQLite file and links the batches it
 * is sent exactly as the main thread would (links.ts linkBatchRows), replying with the rows to write.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { sql } from 'kysely';
import { openDatabase } from '../db/connect.js';
import { LinkCandidateReader, mapDatabaseFile } from './bulk-candidates.js';
import type { BatchWorkerData, WorkerReply, WorkerRequest } from './bulk-workers.js';
import { linkBatchRows } from './links.js';

const port = parentPort!;
const { file, job } = workerData as BatchWorkerData;
const reply = (message: WorkerReply) => port.postMessage(message);

try {
  const { db } = await openDatabase({ kind: 'sqlite', location: file });
  await sql`pragma query_only = on`.execute(db);
  await mapDatabaseFile(db);
  const reader = new LinkCandidateReader(db, job.service, job.snapshotId);
  // One batch at a time, in the order sent.
  let queue = Promise.resolve();
  port.on('message', (request: WorkerRequest) => {
    queue = queue.then(async () => {
      if ('close' in request) {
        await db.destroy();
        port.close();
        return;
      }
      try {
        reply({ id: request.id, links: await linkBatchRows(reader, job.service, job.snapshotId, request.people, job.scoring) });
      } catch (error) {
        reply({ id: request.id, error: error instanceof Error ? error.message : String(error) });
      }
    });
  });
  reply({ ready: true });
} catch (error) {
  reply({ failed: error instanceof Error ? error.message : String(error) });
}
