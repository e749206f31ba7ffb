/**
 * A load whose process is killed: the next load starts at once (its holder is known dead), the loader dies with
 * the `npm run ingest` that started it and undoes its rows, and a load elsewhere that stopped beating can be taken
 * over with --break-stale-lock. Real processes, really killed (SIGKILL), reading their extract from a named pipe
 * so that each is caught mid-load.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { mappingPath } from '../../fixtures/extracts/write-extracts.js';
import { ingestExtract, LoadRunningError } from '../../server/src/ingest/ingest-extract.js';
import { holderText, parseHolder, thisProcess } from '../../server/src/sources/load-holder.js';
import { processStart } from '../../server/src/sources/process-info.js';
import { SourceLoad } from '../../server/src/sources/repository.js';
import {
  countRecords,
  HOUSING_HEADER,
  housingCsv,
  housingRow,
  NOW,
  openTestDb,
  type TestDb,
} from './ingest-helpers.js';

const ROOT = join(import.meta.dirname, '../..');

describe('a killed load', () => {
  let t: TestDb;
  let fifoCount = 0;
  before(async () => {
    t = await openTestDb();
  });
  after(async () => {
    await t.close();
  });

  const load = (file: string, extra: Partial<Parameters<typeof ingestExtract>[0]> = {}) =>
    ingestExtract({
      db: t.db,
      dataset: 'housing',
      file,
      mapping: mappingPath('housing'),
      asOf: '2026-11-20',
      now: NOW,
      ...extra,
    });

  /** A named pipe the loader reads its extract from: rows arrive only as the test writes them. */
  const pipe = (): string => {
    const path = join(t.dir, `extract-${++fifoCount}.csv`);
    assert.equal(spawnSync('mkfifo', [path]).status, 0);
    return path;
  };

  /** Writes the header, then rows a few at a time until the reader goes away. */
  const feed = (path: string): { out: WriteStream; stop(): void } => {
    const out = createWriteStream(path);
    out.on('error', () => {}); // the reader was killed: EPIPE
    out.write(`${HOUSING_HEADER}\r\n`);
    let i = 0;
    const timer = setInterval(() => {
      if (out.destroyed) return clearInterval(timer);
      out.write(Array.from({ length: 50 }, () => `${housingRow(++i)}\r\n`).join(''));
    }, 50);
    return { out, stop: () => (clearInterval(timer), out.destroy()) };
  };

  /** The running load of housing, once it has written rows (or undefined after `tries` polls). */
  const runningLoad = async (tries = 600) => {
    for (let i = 0; i < tries; i++) {
      const row = await t.db
        .selectFrom('source_load')
        .selectAll()
        .where('dataset', '=', 'housing')
        .where('state', '=', 'loading')
        .executeTakeFirst();
      if (row) {
        const written = await t.db
          .selectFrom('source_record')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('snapshot_id', '=', row.snapshot_id)
          .where('service', '=', 'housing')
          .executeTakeFirstOrThrow();
        if (Number(written.n) > 0) return row;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    return undefined;
  };

  const gone = async (pid: number, start: string) => {
    for (let i = 0; i < 400 && processStart(pid) === start; i++) await new Promise((r) => setTimeout(r, 50));
    return processStart(pid) !== start;
  };

  const ingestCommand = (file: string, viaNpm: boolean): ChildProcess => {
    const args = ['--source', 'housing', '--file', file, '--mapping', mappingPath('housing'), '--as-of', '2026-11-20'];
    const env = { ...process.env, FC_DB: t.url };
    return viaNpm
      ? spawn('npm', ['run', '--silent', 'ingest', '--', ...args], { cwd: ROOT, env, stdio: 'ignore' })
      : spawn(process.execPath, ['server/bin/family-context.mjs', 'ingest', ...args], {
          cwd: ROOT,
          env,
          stdio: 'ignore',
        });
  };

  it('does not block the next load once its process is killed (SIGKILL): the lock names a process that is gone', async () => {
    await load(t.file('first.csv', housingCsv(100)));
    const path = pipe();
    const child = ingestCommand(path, false);
    const writer = feed(path);
    try {
      const running = await runningLoad();
      assert.ok(running, 'the load started and wrote rows');
      assert.equal(parseHolder(running.holder)?.pid, child.pid, 'the load names its process');
      const start = processStart(child.pid!)!;
      child.kill('SIGKILL');
      assert.ok(await gone(child.pid!, start));
    } finally {
      writer.stop();
    }
    // At once, not minutes later: the killed load's lock is released and its rows cleared.
    const retryAt = performance.now();
    const summary = await load(t.file('second.csv', housingCsv(110)));
    console.log(
      `loader killed: the next load started at once and finished in ${((performance.now() - retryAt) / 1000).toFixed(1)} s`,
    );
    assert.equal(summary.outcome, 'loaded');
    assert.equal(await countRecords(t.db, 'housing'), 110, "only the new load's rows: the killed one's were cleared");
    const killed = await t.db
      .selectFrom('source_load')
      .select(['state', 'detail'])
      .where('dataset', '=', 'housing')
      .where('holder', 'like', `%"pid":${child.pid},%`)
      .executeTakeFirstOrThrow();
    assert.equal(killed.state, 'failed');
    assert.match(killed.detail!, new RegExp(`process ${child.pid} on host .* is no longer running`));
  });

  it('stops, and undoes its rows, when the npm that started it is killed (SIGKILL): no orphan left writing', async () => {
    const path = pipe();
    const npm = ingestCommand(path, true);
    const writer = feed(path);
    let loader: number | undefined;
    try {
      const running = await runningLoad();
      assert.ok(running, 'the load started and wrote rows');
      loader = parseHolder(running.holder)!.pid;
      assert.notEqual(loader, npm.pid, 'npm runs the loader as a process of its own');
      const start = processStart(loader)!;
      const killedAt = performance.now();
      npm.kill('SIGKILL');
      assert.ok(await gone(loader, start), 'the loader ended with the npm that started it');
      // A figure for the README's Operations section (not asserted: it depends on the machine).
      console.log(
        `npm killed: its loader undid its load and ended ${((performance.now() - killedAt) / 1000).toFixed(1)} s later`,
      );
      const after = await t.db
        .selectFrom('source_load')
        .select(['state', 'detail'])
        .where('snapshot_id', '=', running.snapshot_id)
        .where('dataset', '=', 'housing')
        .executeTakeFirstOrThrow();
      assert.equal(after.state, 'failed', 'it undid its load before ending');
      assert.match(after.detail!, /stopped \(the command that started this load \(process \d+\) has ended\)/);
      assert.equal(await countRecords(t.db, 'housing'), 110, 'its rows are gone; the data loaded before is as it was');
    } finally {
      writer.stop();
    }
  });

  it('refuses to break a lock held elsewhere that is still beating, and breaks one silent for long enough with --break-stale-lock', async () => {
    const elsewhere = holderText({ ...thisProcess(), host: 'loader-02.council.local', pid: 4242 });
    const setHolder = async (silentMs: number) => {
      const running = await SourceLoad.start(t.db, 'housing', { fileName: 'nightly.csv' });
      await t.db
        .updateTable('source_load')
        .set({ holder: elsewhere, updated_at: new Date(Date.now() - silentMs).toISOString() })
        .where('dataset', '=', 'housing')
        .where('snapshot_id', '=', running.snapshotId)
        .execute();
      return running;
    };
    const beating = await setHolder(1_000);
    await assert.rejects(
      load(t.file('third.csv', housingCsv(110)), { breakStaleLock: true }),
      (e: unknown) => e instanceof LoadRunningError && /process 4242 on host loader-02\.council\.local/.test(e.message),
    );
    await beating.abort('failed', 'test over');

    await setHolder(60_000);
    await assert.rejects(
      load(t.file('third.csv', housingCsv(110))),
      (e: unknown) => e instanceof LoadRunningError && /--break-stale-lock/.test(e.message),
    );
    const summary = await load(t.file('third.csv', housingCsv(110)), { breakStaleLock: true });
    assert.equal(summary.outcome, 'loaded');
  });
});
