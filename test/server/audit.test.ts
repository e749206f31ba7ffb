/** The audit log: one event per lookup, written with the read, hash-chained, append-only, exportable. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { listAuditEvents, writeAuditEvent } from '../../server/src/audit/repository.js';
import { purgeAuditEvents, verifyAuditChain } from '../../server/src/audit/verify.js';
import type { Kysely } from 'kysely';
import type { Database } from '../../server/src/db/schema.js';
import { closedPort, familyContext } from './cli-process.js';
import { startHarness, type Harness } from './harness.js';
import { testDatabaseKind } from './test-database.js';
import { CHILD, FATHER, loadAll, MOTHER } from './sample-sources.js';

const AUDITOR = 'FamilyContext.Auditor';

/** Plays the attacker with database access: removes the append-only triggers (as a DBA could). */
async function dropAppendOnlyGuards(db: Kysely<Database>): Promise<void> {
  if (testDatabaseKind() === 'postgres') {
    await sql`DROP TRIGGER audit_event_guard ON audit_event`.execute(db);
  } else {
    await sql`DROP TRIGGER audit_event_no_update`.execute(db);
    await sql`DROP TRIGGER audit_event_no_delete`.execute(db);
  }
}

async function get(h: Harness, path: string, roles: string[] = [AUDITOR], sub = 'ig.officer@test-council.example') {
  return fetch(h.url + path, { headers: { authorization: `Bearer ${await h.token({ payload: { roles, sub } })}` } });
}

describe('audit events', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
    await loadAll(h);
  });
  after(() => h.close());

  it('writes exactly one event per lookup with who, when, child, people and statuses, never the records', async () => {
    const before = (await listAuditEvents(h.db)).length;
    const res = await h.post('/api/v1/involvements', { child: CHILD, people: [MOTHER, FATHER], reason: 'Strategy meeting' });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { requestId: string };
    const events = await listAuditEvents(h.db);
    assert.equal(events.length, before + 1);
    const e = events.at(-1)!;
    assert.equal(e.kind, 'lookup');
    assert.equal(e.request_id, body.requestId);
    assert.equal(e.user_sub, 'sam.worker@test-council.example');
    assert.equal(e.user_name, 'Sam Worker');
    assert.equal(e.reason, 'Strategy meeting');
    assert.equal(e.occurred_at, '2026-11-21T10:00:00.000Z');
    assert.equal(e.client_address, '127.0.0.1');
    assert.equal(JSON.parse(e.child).cmsId, CHILD.cmsId);
    assert.deepEqual(JSON.parse(e.people).map((p: { cmsId: string }) => p.cmsId), [MOTHER.cmsId, FATHER.cmsId]);
    const outcome = JSON.parse(e.outcome) as Array<{ ref: string; services: Record<string, string> }>;
    assert.equal(outcome[1]!.services.police, 'involved');
    assert.equal(outcome[0]!.services.police, 'no-records');
    const raw = JSON.stringify(e);
    for (const secret of ['Hannah Lowe', '0161 496 0999', 'Violence with injury', 'Case open']) {
      assert.ok(!raw.includes(secret), `audit must not hold record data (${secret})`);
    }
    assert.match(e.hash!, /^[0-9a-f]{64}$/);
  });

  it('when the audit event cannot be written, no data leaves (503)', async () => {
    const h2 = await startHarness();
    try {
      await loadAll(h2);
      await sql`DROP TABLE audit_chain`.execute(h2.db);
      const res = await h2.post('/api/v1/involvements', { child: CHILD, people: [FATHER] });
      assert.equal(res.status, 503);
      const text = await res.text();
      assert.ok(!text.includes('Hannah Lowe'));
      assert.match(JSON.parse(text).message, /could not complete and record this lookup/);
    } finally {
      await h2.close();
    }
  });
});

describe('tamper evidence', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
    await loadAll(h);
    for (let i = 0; i < 5; i++) assert.equal((await h.post('/api/v1/involvements', { child: CHILD, people: [MOTHER] })).status, 200);
  });
  after(() => h.close());

  it('verifies an untouched chain', async () => {
    const report = await verifyAuditChain(h.db);
    assert.equal(report.ok, true);
    assert.equal(report.ok && report.events, 5);
  });

  it('refuses updates and deletes at the database', async () => {
    await assert.rejects(sql`UPDATE audit_event SET reason = 'edited' WHERE id = 2`.execute(h.db), /append-only/);
    await assert.rejects(sql`DELETE FROM audit_event WHERE id = 2`.execute(h.db), /append-only/);
  });

  it('reports the first broken link when an event is changed, removed, or the tail is cut', async () => {
    await dropAppendOnlyGuards(h.db);
    const ids = (await listAuditEvents(h.db)).map((e) => e.id);

    await sql`UPDATE audit_event SET reason = 'edited' WHERE id = ${ids[2]}`.execute(h.db);
    let report = await verifyAuditChain(h.db);
    assert.equal(report.ok, false);
    assert.equal(!report.ok && report.brokenAt, ids[2]);
    assert.match(!report.ok ? report.problem : '', /changed after it was written/);
    await sql`UPDATE audit_event SET reason = NULL WHERE id = ${ids[2]}`.execute(h.db);
    assert.equal((await verifyAuditChain(h.db)).ok, true, 'restoring the content restores the chain');

    await sql`DELETE FROM audit_event WHERE id = ${ids[1]}`.execute(h.db);
    report = await verifyAuditChain(h.db);
    assert.equal(!report.ok && report.brokenAt, ids[2]);
    assert.match(!report.ok ? report.problem : '', /does not follow/);
  });

  it('detects a cut-off tail', async () => {
    const h2 = await startHarness();
    try {
      await loadAll(h2);
      for (let i = 0; i < 3; i++) await h2.post('/api/v1/involvements', { child: CHILD, people: [MOTHER] });
      await dropAppendOnlyGuards(h2.db);
      await sql`DELETE FROM audit_event WHERE id = (SELECT MAX(id) FROM audit_event)`.execute(h2.db);
      const report = await verifyAuditChain(h2.db);
      assert.equal(!report.ok && report.brokenAt, 'head');
    } finally {
      await h2.close();
    }
  });
});

describe('broken characters cannot break the chain', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
    await loadAll(h);
  });
  after(() => h.close());

  it('refuses a reason holding a lone UTF-16 surrogate (400 naming the field), and the chain still verifies', async () => {
    const res = await h.post('/api/v1/involvements', { child: CHILD, people: [MOTHER], reason: 'routine check \ud800 here' });
    assert.equal(res.status, 400, await res.clone().text());
    const body = (await res.json()) as { fields: Array<{ field: string }> };
    assert.deepEqual(body.fields.map((f) => f.field), ['reason']);
    assert.equal((await h.post('/api/v1/involvements', { child: CHILD, people: [MOTHER], reason: 'routine check' })).status, 200);
    const report = await verifyAuditChain(h.db);
    assert.equal(report.ok, true, JSON.stringify(report));
  });

  it("keeps the chain whole when the identity provider's own claims hold one (stored as U+FFFD, hashed as stored)", async () => {
    const token = await h.token({ payload: { name: 'Ann \udc00Worker' } });
    assert.equal((await h.post('/api/v1/involvements', { child: CHILD, people: [MOTHER] }, token)).status, 200);
    assert.equal((await h.post('/api/v1/involvements', { child: CHILD, people: [MOTHER] })).status, 200);
    const report = await verifyAuditChain(h.db);
    assert.equal(report.ok, true, JSON.stringify(report));
    const names = (await h.db.selectFrom('audit_event').select('user_name').execute()).map((r) => r.user_name);
    assert.ok(names.includes('Ann \uFFFDWorker'), JSON.stringify(names));
  });
});

describe('retention purge', () => {
  it('deletes only events older than the cut-off and leaves a chain that still verifies', async () => {
    const h = await startHarness();
    try {
      const times = ['2019-01-01', '2019-06-01', '2020-01-01', '2026-11-01', '2026-11-20'];
      for (const [i, day] of times.entries()) {
        await h.db.transaction().execute((trx) =>
          writeAuditEvent(trx, { requestId: `r${i}`, occurredAt: new Date(`${day}T12:00:00Z`), user: { sub: 'u' }, child: CHILD, people: [MOTHER], outcome: [] }),
        );
      }
      const { deleted } = await purgeAuditEvents(h.db, '2026-01-01T00:00:00.000Z');
      assert.equal(deleted, 3);
      const left = await listAuditEvents(h.db);
      assert.deepEqual(left.map((e) => e.request_id), ['r3', 'r4']);
      const report = await verifyAuditChain(h.db);
      assert.equal(report.ok, true, JSON.stringify(report));
      // Newer events still cannot be deleted by hand.
      await assert.rejects(sql`DELETE FROM audit_event WHERE request_id = 'r4'`.execute(h.db), /append-only/);
    } finally {
      await h.close();
    }
  });
});

describe('the audit command line: purge', () => {
  it("uses the server's retention period (FC_AUDIT_RETENTION_DAYS, else 7 years) and its limits, naming the flag when refused", async (t) => {
    const { run } = await import('../../server/src/audit/cli.js');
    const dir = mkdtempSync(join(tmpdir(), 'fc-audit-cli-'));
    const saved = { db: process.env.FC_DB, days: process.env.FC_AUDIT_RETENTION_DAYS };
    const said: string[] = [];
    t.mock.method(console, 'log', (line: string) => void said.push(line));
    t.mock.method(console, 'error', (line: string) => void said.push(line));
    try {
      process.env.FC_DB = `sqlite:${join(dir, 'audit.db')}`;
      delete process.env.FC_AUDIT_RETENTION_DAYS;
      assert.equal(await run(['purge']), 0, said.join('\n'));
      const cutOff = new Date(Date.now() - 2557 * 86_400_000).toISOString().slice(0, 10);
      assert.match(said.at(-1)!, new RegExp(`Would delete up to 0 events from before ${cutOff}.*--yes`));
      assert.equal(await run(['purge', '--retention-days', '1', '--yes']), 2);
      assert.match(said.at(-1)!, /"1" \(from --retention-days\): give a whole number of days from 30 to 36500/);
      process.env.FC_AUDIT_RETENTION_DAYS = 'seven years';
      assert.equal(await run(['purge']), 2);
      assert.match(said.at(-1)!, /"seven years" \(from FC_AUDIT_RETENTION_DAYS\)/);
    } finally {
      for (const [key, value] of [['FC_DB', saved.db], ['FC_AUDIT_RETENTION_DAYS', saved.days]] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
      rmSync(dir, { recursive: true, force: true });
    }
  });
});



describe('the audit command line: a database it cannot open', () => {
  it('names the PostgreSQL server it cannot reach in one line (host and port, never the password or URL), exit 1, no stack trace', async () => {
    const port = await closedPort();
    const secret = 'Sup3r-s3cret-audit-pw';
    const r = await familyContext('audit', ['verify'], { FC_DB: `postgres://fc_audit:${secret}@127.0.0.1:${port}/family_context?sslmode=disable` });
    assert.equal(r.code, 1, r.err);
    const lines = r.err.split('\n').filter((l) => l.trim() !== '');
    assert.equal(lines.length, 1, `one line, not a stack trace:\n${r.err}`);
    assert.match(lines[0]!, new RegExp(`Could not connect to PostgreSQL at 127\\.0\\.0\\.1:${port}`));
    assert.match(lines[0]!, /Check that the server is running/);
    assert.doesNotMatch(r.out + r.err, new RegExp(secret), 'never the password');
    assert.doesNotMatch(r.out + r.err, /postgres:\/\//, 'never the connection URL');
    assert.doesNotMatch(r.err, /^\s+at /m);
  });

  it('names the SQLite file it cannot open in one line, exit 1, no stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fc-audit-cli-'));
    try {
      // A file where the database's folder should be.
      writeFileSync(join(dir, 'not-a-folder'), 'x');
      const path = join(dir, 'not-a-folder', 'audit.db');
      const r = await familyContext('audit', ['export', '--format', 'json'], { FC_DB: `sqlite:${path}` });
      assert.equal(r.code, 1, r.err);
      const lines = r.err.split('\n').filter((l) => l.trim() !== '');
      assert.equal(lines.length, 1, `one line, not a stack trace:\n${r.err}`);
      assert.ok(lines[0]!.startsWith(`Could not open the SQLite database ${path}: `), lines[0]);
      assert.doesNotMatch(r.err, /^\s+at /m);
      assert.equal(r.out, '', 'no export');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('auditor access', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
    await loadAll(h);
    await h.post('/api/v1/involvements', { child: CHILD, people: [MOTHER] });
    await h.post('/api/v1/involvements', { child: CHILD, people: [FATHER], reason: '=HYPERLINK("http://evil.example")' });
    for (let i = 0; i < 25; i++) {
      await h.post('/api/v1/involvements', { child: CHILD, people: [MOTHER] }, await h.token({ payload: { sub: 'busy.worker@test-council.example' } }));
    }
  });
  after(() => h.close());

  it('exports JSON filtered by user, and records the export itself', async () => {
    const before = (await listAuditEvents(h.db)).length;
    const res = await get(h, '/api/v1/audit/events?user=sam.worker@test-council.example&from=2026-11-21&to=2026-11-21');
    assert.equal(res.status, 200);
    const body = (await res.json()) as { events: Array<{ user: { sub: string }; kind: string }> };
    assert.equal(body.events.length, 2);
    assert.ok(body.events.every((e) => e.user.sub === 'sam.worker@test-council.example'));
    const after = await listAuditEvents(h.db);
    assert.equal(after.length, before + 1);
    assert.equal(after.at(-1)!.kind, 'audit-export');
    assert.equal(after.at(-1)!.user_sub, 'ig.officer@test-council.example');
    assert.equal((await verifyAuditChain(h.db)).ok, true);
  });

  it('exports CSV with formula-like cells neutralised', async () => {
    const res = await get(h, '/api/v1/audit/events?format=csv');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/csv/);
    const text = await res.text();
    assert.match(text.split('\r\n')[0]!, /^id,occurred_at,kind,request_id,user_sub/);
    assert.ok(text.includes(`"'=HYPERLINK(""http://evil.example"")"`), 'the reason is exported as inert text');
  });

  it('spot-check lists lookups with reasons and users with unusual volumes', async () => {
    const res = await get(h, '/api/v1/audit/spot-check?from=2026-11-21');
    assert.equal(res.status, 200);
    const report = (await res.json()) as { lookups: number; withReason: Array<{ reason: string }>; unusualVolumes: Array<{ user: string; lookups: number }> };
    assert.equal(report.lookups, 27);
    assert.equal(report.withReason.length, 1);
    assert.deepEqual(report.unusualVolumes.map((u) => u.user), ['busy.worker@test-council.example']);
  });

  it('validates the query and names the parameter', async () => {
    const res = await get(h, '/api/v1/audit/events?from=21/11/2026');
    assert.equal(res.status, 400);
    const body = (await res.json()) as { fields: Array<{ field: string }> };
    assert.equal(body.fields[0]!.field, 'from');
  });

  it('keeps the roles apart: social workers cannot read the audit log; auditors cannot look people up', async () => {
    assert.equal((await get(h, '/api/v1/audit/events', ['FamilyContext.User'])).status, 403);
    const lookup = await h.post('/api/v1/involvements', { child: CHILD, people: [MOTHER] }, await h.token({ payload: { roles: [AUDITOR] } }));
    assert.equal(lookup.status, 403);
    assert.equal((await fetch(`${h.url}/api/v1/audit/events`)).status, 401);
  });
});
