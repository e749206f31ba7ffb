/**
 * The database going away (PostgreSQL suite only: a throwaway cluster of its own is stopped and started again):
 * lookups answer 503 with a clear JSON error, /readyz fails, the process stays up, and it recovers by itself.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { startPostgresCluster, type PostgresCluster } from './postgres-cluster.js';
import { startHarness, type Harness } from './harness.js';
import { CHILD, loadAll, MOTHER } from './sample-sources.js';
import { testDatabaseKind } from './test-database.js';

const onPostgres = testDatabaseKind() === 'postgres';

describe('database outage', { skip: onPostgres ? false : 'runs in the PostgreSQL suite: npm run test:server:pg' }, () => {
  let cluster: PostgresCluster;
  let h: Harness;
  before(async () => {
    cluster = await startPostgresCluster();
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    await admin.query('CREATE DATABASE outage');
    await admin.end();
    h = await startHarness({ FC_DB: cluster.url.replace(/\/postgres$/, '/outage') });
    await loadAll(h);
  });
  after(async () => {
    await h?.close().catch(() => {});
    cluster?.stop();
  });

  it('answers 503 while the database is down, fails /readyz, and recovers when it is back', async () => {
    assert.equal((await h.post('/api/v1/involvements', { child: CHILD, people: [MOTHER] })).status, 200);
    assert.equal((await fetch(`${h.url}/readyz`)).status, 200);

    cluster.pause();
    const down = await h.post('/api/v1/involvements', { child: CHILD, people: [MOTHER] }, undefined, {}).catch((e: Error) => e);
    assert.ok(!(down instanceof Error), 'the server still answers');
    assert.equal(down.status, 503);
    const body = (await down.json()) as { error: string; message: string };
    assert.match(body.error, /unavailable/);
    assert.match(body.message, /Try again/);
    assert.equal((await fetch(`${h.url}/readyz`)).status, 503);
    assert.equal((await fetch(`${h.url}/healthz`)).status, 200, 'the process is alive');

    cluster.resume();
    let status = 0;
    for (let i = 0; i < 50 && status !== 200; i++) {
      status = (await h.post('/api/v1/involvements', { child: CHILD, people: [MOTHER] })).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 200));
    }
    assert.equal(status, 200, 'recovered without a restart');
    assert.equal((await fetch(`${h.url}/readyz`)).status, 200);
  });
});
