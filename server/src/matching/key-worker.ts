/**
 * A blocking-key worker (index-source.ts): reads a snapshot's records page after page on its own read-only
 * connection to the SQLite file and computes each page's keys, exactly as the main thread would (keyPage); the
 * main thread writes one page while this one computes the next.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { sql } from 'kysely';
import { openDatabase } from '../db/connect.js';
import { keyPage, recordPage, type KeyWorkerData, type KeyWorkerReply, type KeyWorkerRequest } from './index-source.js';

const port = parentPort!;
const { file, service, snapshotId } = workerData as KeyWorkerData;
const reply = (message: KeyWorkerReply, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

try {
  const { db } = await openDatabase({ kind: 'sqlite', location: file });
  await sql`pragma query_only = on`.execute(db);
  let lastId = 0;
  // One request at a time, in the order sent.
  let queue = Promise.resolve();
  port.on('message', (request: KeyWorkerRequest) => {
    queue = queue.then(async () => {
      if (request === 'close') {
        await db.destroy();
        port.close();
        return;
      }
      try {
        const rows = await recordPage(db, service, snapshotId, lastId);
        if (rows.length === 0) return reply({ done: true });
        const page = keyPage(rows);
        lastId = page.lastId;
        reply({ page }, [page.ids.buffer as ArrayBuffer]);
      } catch (error) {
        reply({ error: error instanceof Error ? error.message : String(error) });
      }
    });
  });
  reply({ ready: true });
} catch (error) {
  reply({ failed: error instanceof Error ? error.message : String(error) });
}
