/** /healthz and /readyz: what a load balancer and an operator see. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { startHarness } from './harness.js';
import { loadAll } from './sample-sources.js';

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
});
