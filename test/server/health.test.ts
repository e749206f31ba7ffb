/** /healthz and /readyz: what a load balancer and an operator see. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { startHarness } from './harness.js';
import { CHILD, loadAll, MOTHER } from './sample-sources.js';
import { testDatabaseKind } from './test-database.js';

interface Readiness {
  status: string;
  database: string;
  sources?: Array<{ service: string; loaded: boolean; fresh: boolean; ageDays?: number }>;
}

describe('health and readiness', () => {
  it('is live at once, ready only once a source is loaded, and says which sources are stale', async () => {
    const h = await startHarness();
    try {
      assert.deepEqual(await (await fetch(`${h.url}/healthz`)).json(), { status: 'ok' });
      const empty = await fetch(`${h.url}/readyz`);
      assert.equal(empty.status, 503);
      assert.equal(((await empty.json()) as Readiness).status, 'no-sources-loaded');

      await loadAll(h);
      const fresh = (await (await fetch(`${h.url}/readyz`)).json()) as Readiness;
      assert.equal(fresh.status, 'ready');
      assert.ok(fresh.sources!.every((s) => s.loaded && s.fresh));

      await loadAll(h, { housing: { lastUpdated: '2026-10-01' } });
      const res = await fetch(`${h.url}/readyz`);
      assert.equal(res.status, 200, 'a stale source must not take every replica out of the load balancer');
      const stale = (await res.json()) as Readiness;
      assert.equal(stale.status, 'ready-some-sources-missing-or-stale');
      assert.deepEqual(stale.sources!.find((s) => s.service === 'housing'), {
        service: 'housing', loaded: true, fresh: false, lastUpdated: '2026-10-01', ageDays: 51, freshnessDays: 7,
      });
      assert.equal(res.headers.get('cache-control'), 'no-store');
    } finally {
      await h.close();
    }
  });

  it('is not ready when the database cannot be read', async () => {
    const h = await startHarness();
    try {
      await loadAll(h);
      await sql`DROP TABLE source`.execute(h.db);
      const res = await fetch(`${h.url}/readyz`);
      assert.equal(res.status, 503);
      assert.deepEqual(await res.json(), { status: 'database-unavailable', database: 'unavailable' });
    } finally {
      await h.close();
    }
  });

  it('is not ready while audit events cannot be written (a full disk), and ready again once they can', async () => {
    const kind = testDatabaseKind();
    if (kind === 'mssql') return;
    const h = await startHarness();
    try {
      await loadAll(h);
      const token = await h.token();
      const lookup = () => h.post('/api/v1/involvements', { child: CHILD, people: [MOTHER] }, token);
      assert.equal((await lookup()).status, 200);
      // SQLite: the database may not grow by a page (max_page_count, on the server's own connection): "database or
      // disk is full", as on a full disk. PostgreSQL: the insert fails with disk_full (53100).
      const fill = async () => {
        if (kind === 'sqlite') {
          const { page_count } = (await sql<{ page_count: number }>`PRAGMA page_count`.execute(h.db)).rows[0]!;
          await sql.raw(`PRAGMA max_page_count = ${page_count}`).execute(h.db);
        } else {
          await sql.raw(`CREATE FUNCTION full_disk() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'could not extend file' USING ERRCODE = '53100'; END $$`).execute(h.db);
          await sql.raw('CREATE TRIGGER full_disk BEFORE INSERT ON audit_event FOR EACH ROW EXECUTE FUNCTION full_disk()').execute(h.db);
        }
      };
      const free = async () => {
        if (kind === 'sqlite') await sql.raw('PRAGMA max_page_count = 1073741823').execute(h.db);
        else await sql.raw('DROP TRIGGER full_disk ON audit_event').execute(h.db);
      };
      await fill();
      let status = 200;
      // Each lookup adds an event; the page it goes in fills up within a few.
      for (let i = 0; i < 200 && status === 200; i++) status = (await lookup()).status;
      assert.equal(status, 503, 'no lookup answered without its audit event');
      const down = await fetch(`${h.url}/readyz`);
      assert.equal(down.status, 503, 'not ready while audit writes fail');
      const body = (await down.json()) as Readiness & { auditWrites?: { failing: boolean; lastFailure: { code: string } } };
      assert.equal(body.status, 'audit-writes-failing');
      assert.equal(body.auditWrites?.failing, true);
      assert.match(body.auditWrites!.lastFailure.code, kind === 'sqlite' ? /^SQLITE_FULL$/ : /^53100$/);

      await free();
      assert.equal((await lookup()).status, 200);
      assert.equal((await fetch(`${h.url}/readyz`)).status, 200, 'ready again once an audit event was written');
    } finally {
      await h.close();
    }
  });
});
