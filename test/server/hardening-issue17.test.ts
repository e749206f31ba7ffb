/**
 * The smaller findings of issue 17: demo seeding never over a council's data; contact values safe to dial or mail;
 * the SQLite file private to the server's account; http origins refused outside the demo; loopback by default;
 * 401, 403 and 429 answers logged and counted as security events, without tokens.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { InvolvementsResponse } from '../../server/src/api/contract.js';
import { ConfigError, loadConfig } from '../../server/src/config.js';
import { openDatabase } from '../../server/src/db/connect.js';
import { migrateToLatest } from '../../server/src/db/migrate.js';
import { seedDemoCouncil } from '../../server/src/demo/seed.js';
import { replaceSourceData } from '../../server/src/sources/repository.js';
import { safeEmail, safePhone } from '../../server/src/sources/contact-values.js';
import { NOW, startHarness } from './harness.js';
import { CHILD, FATHER, loadAll, metadata, RECORDS } from './sample-sources.js';
import { testDatabaseKind } from './test-database.js';

const problems = (env: Record<string, string>): string[] => {
  try {
    loadConfig({ FC_AUTH_ISSUER: 'https://idp.example', FC_AUTH_JWKS_URL: 'https://idp.example/keys', ...env });
    return [];
  } catch (error) {
    return (error as ConfigError).problems;
  }
};

describe('demo seeding refuses a database holding a council\'s loads', () => {
  it('throws naming the load and what to do, and leaves the data as it was', async (t) => {
    if (testDatabaseKind() !== 'sqlite') return t.skip('SQLite file only');
    const dir = mkdtempSync(join(tmpdir(), 'fc-seed-'));
    const { db } = await openDatabase({ kind: 'sqlite', location: join(dir, 'council.db') });
    try {
      await migrateToLatest(db);
      await replaceSourceData(db, metadata('housing'), RECORDS.housing!, { loadedAt: NOW, stats: { fileName: 'housing-2026-11-20.csv' } });
      await assert.rejects(seedDemoCouncil(db, '2026-11-21', NOW), /refuses to seed synthetic data.*housing from housing-2026-11-20\.csv.*Unset FC_DEMO/);
      const sources = await db.selectFrom('source').select(['service', 'name']).execute();
      assert.deepEqual(sources, [{ service: 'housing', name: metadata('housing').name }]);
    } finally {
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('contact values from source data', () => {
  it('keeps plain phone numbers and single addresses, and drops anything that would dial or mail something else', () => {
    assert.equal(safePhone('0161 496 0123'), '0161 496 0123');
    assert.equal(safePhone('+44 161 496 0123'), '+44 161 496 0123');
    for (const bad of ['javascript:alert(1)//07700 900417', '07700 900417;ext=9', '0161-496-0123 or 999', 'tel:999', '+', '12', '0161 496 0123?x']) assert.equal(safePhone(bad), undefined, bad);
    assert.equal(safeEmail('p.shah@stockport-council.example'), 'p.shah@stockport-council.example');
    for (const bad of ['a@b.example?bcc=x@evil.example&body=hi', 'a@b.example,c@d.example', 'a@b.example; c@d.example', 'A <a@b.example>', 'a%40b@c.example', 'mailto:a@b.example', 'a@b', 'a b@c.example']) {
      assert.equal(safeEmail(bad), undefined, bad);
    }
  });

  it('answers never carry a contact value that is not plainly a phone number or one address', async () => {
    const h = await startHarness();
    try {
      await loadAll(h);
      const police = RECORDS.police!.map((r) => ({ ...r, contact: { name: 'DC Hannah Lowe', phone: 'javascript:alert(1)//0161 496 0999', email: 'h.lowe@gmp-police.example?bcc=all@evil.example&body=x' } }));
      await h.loadSource(metadata('police'), police);
      const res = await h.post('/api/v1/involvements', { child: CHILD, people: [FATHER] });
      const body = (await res.json()) as InvolvementsResponse;
      const record = body.people[0]!.services.find((s) => s.service === 'police')!.records[0]!;
      assert.deepEqual(record.contact, { name: 'DC Hannah Lowe' });
      // A clean value is passed through as it is.
      const housing = body.people[0]!.services.find((s) => s.service === 'housing')!;
      assert.ok(JSON.stringify(housing).length > 0);
    } finally {
      await h.close();
    }
  });
});

describe('the SQLite database file', () => {
  it('is created readable and writable by the server account only (0600), and an existing one is tightened', async (t) => {
    if (process.platform === 'win32') return t.skip('POSIX modes');
    const dir = mkdtempSync(join(tmpdir(), 'fc-mode-'));
    try {
      const location = join(dir, 'fc.db');
      const { db } = await openDatabase({ kind: 'sqlite', location });
      await migrateToLatest(db);
      await db.destroy();
      assert.equal(statSync(location).mode & 0o777, 0o600);
      const older = join(dir, 'older.db');
      writeFileSync(older, '', { mode: 0o644 });
      chmodSync(older, 0o644);
      const reopened = await openDatabase({ kind: 'sqlite', location: older });
      await reopened.db.destroy();
      assert.equal(statSync(older).mode & 0o777, 0o600);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('configuration', () => {
  it('refuses http origins outside demo mode unless FC_ALLOW_HTTP_ORIGINS=1', () => {
    assert.ok(problems({ FC_ALLOWED_ORIGINS: 'http://mosaic.council.example' }).some((p) => /which is http: use the CMS's https address, or set FC_ALLOW_HTTP_ORIGINS=1/.test(p)));
    assert.deepEqual(problems({ FC_ALLOWED_ORIGINS: 'https://mosaic.council.example' }), []);
    assert.deepEqual(problems({ FC_ALLOWED_ORIGINS: 'http://mosaic.test.example', FC_ALLOW_HTTP_ORIGINS: '1' }), []);
  });

  it('listens on 127.0.0.1 unless FC_HOST says otherwise, in demo mode or not', () => {
    const base = { FC_AUTH_ISSUER: 'https://idp.example', FC_AUTH_JWKS_URL: 'https://idp.example/keys' };
    assert.equal(loadConfig(base).host, '127.0.0.1');
    assert.equal(loadConfig({ ...base, FC_HOST: '0.0.0.0' }).host, '0.0.0.0');
  });
});

describe('security events', () => {
  it('logs and counts 401, 403 and 429 answers, without the token', async () => {
    const logLines: string[] = [];
    const h = await startHarness({ FC_RATE_LIMIT_PER_MINUTE: '1' }, { logLines });
    try {
      await loadAll(h);
      const bad = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2VjcmV0LXNpZ25hdHVyZQ';
      assert.equal((await h.post('/api/v1/involvements', { child: CHILD, people: [FATHER] }, bad)).status, 401);
      assert.equal((await h.post('/api/v1/involvements', { child: CHILD, people: [FATHER] }, await h.token({ payload: { roles: ['Other'] } }))).status, 403);
      assert.equal((await h.post('/api/v1/involvements', { child: CHILD, people: [FATHER] })).status, 200);
      assert.equal((await h.post('/api/v1/involvements', { child: CHILD, people: [FATHER] })).status, 429);
      const events = logLines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.event === 'security');
      assert.deepEqual(events.map((e) => [e.status, e.kind, e.route]), [
        [401, 'unauthorised', '/api/v1/involvements'],
        [403, 'forbidden', '/api/v1/involvements'],
        [429, 'rate-limited', '/api/v1/involvements'],
      ]);
      assert.equal(events[2]!.user, 'sam.worker@test-council.example');
      assert.ok(!logLines.join('\n').includes(bad), 'the token is never logged');
      const metrics = await (await fetch(`${h.url}/metrics`)).text();
      assert.match(metrics, /fc_security_events_total\{status="401",route="\/api\/v1\/involvements"\} 1/);
      assert.match(metrics, /fc_security_events_total\{status="429",route="\/api\/v1\/involvements"\} 1/);
    } finally {
      await h.close();
    }
  });
});
