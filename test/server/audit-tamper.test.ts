/**
 * The audit chain against someone with write access to the database (issue 17, finding 6): the purge marker and
 * the head cannot be moved at will; verify reports a cut-off newer than the retention period; checkpoints kept
 * outside the database catch deleting the newest events and resetting the head.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { parseCheckpoint, takeCheckpoint } from '../../server/src/audit/checkpoint.js';
import { listAuditEvents, writeAuditEvent } from '../../server/src/audit/repository.js';
import { purgeAuditEvents, verifyAuditChain } from '../../server/src/audit/verify.js';
import type { Database } from '../../server/src/db/schema.js';
import { startHarness, type Harness } from './harness.js';
import { CHILD, loadAll, MOTHER } from './sample-sources.js';
import { testDatabaseKind } from './test-database.js';

const KEY = 'checkpoint-secret-0123456789abcdef0123456789';
const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString();

/** Plays a DBA who removes every audit trigger (the tables' owner can). */
async function dropAllGuards(db: Kysely<Database>): Promise<void> {
  if (testDatabaseKind() === 'postgres') {
    await sql`DROP TRIGGER audit_event_guard ON audit_event`.execute(db);
    await sql`DROP TRIGGER audit_chain_guard ON audit_chain`.execute(db);
    return;
  }
  for (const name of ['audit_event_no_update', 'audit_event_no_delete', 'audit_chain_guard', 'audit_chain_no_delete', 'audit_chain_no_insert']) {
    await sql`DROP TRIGGER ${sql.raw(name)}`.execute(db);
  }
}

/** Events at given times (writeAuditEvent: the app's own append, in a transaction). */
async function eventsAt(db: Kysely<Database>, times: string[]): Promise<void> {
  for (const [i, at] of times.entries()) {
    await db.transaction().execute((trx) => writeAuditEvent(trx, { requestId: `r${i}`, occurredAt: new Date(at), user: { sub: 'u' }, child: CHILD, people: [MOTHER], outcome: [] }));
  }
}

describe('the purge marker and the head cannot be moved by hand', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
    await eventsAt(h.db, [daysAgo(400), daysAgo(100), daysAgo(40), daysAgo(2), daysAgo(1)]);
  });
  after(() => h.close());

  it('refuses a purge cut-off newer than 30 days ago, by hand or by purge (a "purge" of one-day-old events)', async () => {
    await assert.rejects(sql`UPDATE audit_chain SET purged_before = ${new Date().toISOString()} WHERE id = 1`.execute(h.db), /purge cut-off/);
    await assert.rejects(purgeAuditEvents(h.db, daysAgo(1)), /purge cut-off/);
    await assert.rejects(sql`DELETE FROM audit_event WHERE request_id = 'r4'`.execute(h.db), /append-only/);
    assert.equal((await listAuditEvents(h.db)).length, 5);
  });

  it('refuses resetting the head to an older event, an anchor that is no event, and deleting or adding the chain row', async () => {
    const [first] = await listAuditEvents(h.db);
    await assert.rejects(sql`UPDATE audit_chain SET head_hash = ${first!.hash} WHERE id = 1`.execute(h.db), /head/);
    await assert.rejects(sql`UPDATE audit_chain SET anchor_hash = ${'f'.repeat(64)}, anchor_id = 3 WHERE id = 1`.execute(h.db), /anchor/);
    await assert.rejects(sql`DELETE FROM audit_chain`.execute(h.db), /one row/);
    await assert.rejects(sql`INSERT INTO audit_chain (id, head_hash, anchor_hash, anchor_id) VALUES (2, 'x', 'y', 0)`.execute(h.db), /one row/);
    assert.equal((await verifyAuditChain(h.db)).ok, true);
  });

  it('verify reports a purge whose cut-off is newer than the retention period, though the chain verifies', async () => {
    const { deleted } = await purgeAuditEvents(h.db, daysAgo(35)); // allowed by the database (30 days), not by a 7-year policy
    assert.equal(deleted, 3);
    assert.equal((await verifyAuditChain(h.db)).ok, true, 'the hashes still chain from the anchor');
    const report = await verifyAuditChain(h.db, { retentionDays: 2557 });
    assert.equal(report.ok, false);
    assert.equal(!report.ok && report.brokenAt, 'purge');
    assert.match(!report.ok ? report.problem : '', /newer than the retention period allows \(2557 days/);
    assert.equal((await verifyAuditChain(h.db, { retentionDays: 30 })).ok, true);
  });
});

describe('checkpoints outside the database', () => {
  it('a checkpoint catches deleting the newest events and resetting the head, which the chain alone cannot', async (t: TestContext) => {
    const h = await startHarness();
    const dir = mkdtempSync(join(tmpdir(), 'fc-checkpoint-'));
    const saved = { db: process.env.FC_DB, key: process.env.FC_AUDIT_CHECKPOINT_KEY };
    const said: string[] = [];
    t.mock.method(console, 'log', (line: string) => void said.push(line));
    t.mock.method(console, 'error', (line: string) => void said.push(line));
    try {
      if (testDatabaseKind() !== 'sqlite') return t.skip('the command line reads FC_DB; this test gives it the harness SQLite file');
      await loadAll(h);
      for (let i = 0; i < 4; i++) assert.equal((await h.post('/api/v1/involvements', { child: CHILD, people: [MOTHER] })).status, 200);
      const { run } = await import('../../server/src/audit/cli.js');
      process.env.FC_DB = `sqlite:${h.config.database.location}`;
      process.env.FC_AUDIT_CHECKPOINT_KEY = KEY;
      const file = join(dir, 'checkpoint.json');
      assert.equal(await run(['checkpoint', '--out', file]), 0, said.join('\n'));
      const checkpoint = parseCheckpoint(readFileSync(file, 'utf8'));
      assert.equal(checkpoint.lastId, 4);
      assert.match(checkpoint.mac ?? '', /^[0-9a-f]{64}$/);
      assert.equal(await run(['verify', '--against', file]), 0, said.join('\n'));
      assert.match(said.at(-1)!, /intact.*holding the checkpoint/);

      // The attack: delete the two newest events and set the head to the newest one left.
      await dropAllGuards(h.db);
      await sql`DELETE FROM audit_event WHERE id > 2`.execute(h.db);
      const newest = (await listAuditEvents(h.db)).at(-1)!;
      await sql`UPDATE audit_chain SET head_hash = ${newest.hash} WHERE id = 1`.execute(h.db);
      assert.equal((await verifyAuditChain(h.db)).ok, true, 'the chain alone cannot tell');
      assert.equal(await run(['verify']), 0);
      assert.equal(await run(['verify', '--against', file]), 1);
      assert.match(said.at(-1)!, /BROKEN at the checkpoint.*recorded event 4, but the log now ends at event 2: the newest events were deleted/);

      // A checkpoint changed to fit (or written without the key) is refused.
      writeFileSync(file, JSON.stringify({ ...checkpoint, lastId: 2, head: newest.hash }));
      assert.equal(await run(['verify', '--against', file]), 1);
      assert.match(said.at(-1)!, /signature does not match/);
    } finally {
      for (const [key, value] of [['FC_DB', saved.db], ['FC_AUDIT_CHECKPOINT_KEY', saved.key]] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
      rmSync(dir, { recursive: true, force: true });
      await h.close();
    }
  });

  it('the server writes a signed checkpoint to the log stream every N events, which verify accepts', async () => {
    const logLines: string[] = [];
    const h = await startHarness({ FC_AUDIT_CHECKPOINT_EVERY: '2', FC_AUDIT_CHECKPOINT_KEY: KEY }, { logLines });
    try {
      await loadAll(h);
      for (let i = 0; i < 5; i++) assert.equal((await h.post('/api/v1/involvements', { child: CHILD, people: [MOTHER] })).status, 200);
      for (let i = 0; i < 50 && logLines.filter((l) => l.includes('"audit-checkpoint"')).length < 2; i++) await new Promise((r) => setTimeout(r, 20));
      const lines = logLines.filter((l) => l.includes('"event":"audit-checkpoint"'));
      assert.equal(lines.length, 2, logLines.join('\n'));
      const checkpoint = parseCheckpoint(logLines.join('\n'));
      assert.equal(checkpoint.lastId, 4);
      assert.equal((await verifyAuditChain(h.db, { against: checkpoint })).ok, true);
      const now = await takeCheckpoint(h.db, KEY, new Date());
      assert.equal(now.lastId, 5);
    } finally {
      await h.close();
    }
  });
});
