/** Limits, headers, CORS and logs: the things that keep a shared service safe under misuse. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RequestHandler } from 'express';
import { NOW, startHarness, type Harness } from './harness.js';
import { CHILD, FATHER, loadAll, MOTHER } from './sample-sources.js';

describe('per-user rate limit', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ FC_RATE_LIMIT_PER_MINUTE: '3' });
    await loadAll(h);
  });
  after(() => h.close());

  it('answers 429 with Retry-After past the limit, for that user only', async () => {
    for (let i = 0; i < 3; i++) assert.equal((await h.post('/api/v1/involvements', { child: CHILD, people: [MOTHER] })).status, 200);
    const res = await h.post('/api/v1/involvements', { child: CHILD, people: [MOTHER] });
    assert.equal(res.status, 429);
    const retryAfter = Number(res.headers.get('retry-after'));
    assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
    assert.equal(((await res.json()) as { error: string }).error, 'rate-limited');
    const other = await h.post('/api/v1/involvements', { child: CHILD, people: [MOTHER] }, await h.token({ payload: { sub: 'another.worker@test-council.example' } }));
    assert.equal(other.status, 200);
  });
});

describe('headers, CORS and body limits', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ FC_ALLOWED_ORIGINS: 'https://mosaic.test-council.example' });
    await loadAll(h);
  });
  after(() => h.close());

  it('sets security headers and never lets responses with personal data be cached', async () => {
    const res = await h.post('/api/v1/involvements', { child: CHILD, people: [MOTHER] });
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
    assert.equal(res.headers.get('x-frame-options'), 'DENY');
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.equal(res.headers.get('x-powered-by'), null);
    // No hash of the answer either: nothing to revalidate in a no-store answer, and a stable fingerprint of personal data.
    assert.equal(res.headers.get('etag'), null);
    assert.match(res.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
  });

  it('allows only the configured CMS origins', async () => {
    const preflight = (origin: string) =>
      fetch(`${h.url}/api/v1/involvements`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' } });
    const ok = await preflight('https://mosaic.test-council.example');
    assert.equal(ok.headers.get('access-control-allow-origin'), 'https://mosaic.test-council.example');
    assert.match(ok.headers.get('access-control-allow-headers') ?? '', /Authorization/);
    const evil = await preflight('https://evil.example');
    assert.equal(evil.headers.get('access-control-allow-origin'), null);
    const post = await h.post('/api/v1/involvements', { child: CHILD, people: [MOTHER] }, undefined, { origin: 'https://evil.example' });
    assert.equal(post.headers.get('access-control-allow-origin'), null);
  });

  it('refuses a body over the limit with 413 and a JSON error', async () => {
    const huge = { child: CHILD, people: [{ ...MOTHER, address: 'x'.repeat(100_000) }] };
    const res = await h.post('/api/v1/involvements', huge);
    assert.equal(res.status, 413);
    assert.equal(((await res.json()) as { error: string }).error, 'body-too-large');
  });

  it('answers unknown paths with a JSON 404, not a stack trace', async () => {
    const res = await fetch(`${h.url}/api/v1/nothing-here`);
    assert.equal(res.status, 404);
    assert.equal(((await res.json()) as { error: string }).error, 'not-found');
  });
});

describe('logs', () => {
  it('carry request id, status and timing, and never the token or anyone’s personal data', async () => {
    const lines: string[] = [];
    const h = await startHarness({}, { logLines: lines });
    try {
      await loadAll(h);
      const token = await h.token();
      await h.post('/api/v1/involvements', { child: CHILD, people: [MOTHER, FATHER], reason: 'Section 47 enquiry' }, token);
      await h.post('/api/v1/involvements', { child: CHILD, people: [{ ...MOTHER, dateOfBirth: 'not a date' }] }, token);
      await h.post('/api/v1/involvements', '{broken', token);
      const text = lines.join('\n');
      const requests = lines.map((l) => JSON.parse(l) as { msg: string; requestId?: string; status?: number; ms?: number }).filter((l) => l.msg === 'request');
      assert.equal(requests.length, 3);
      assert.deepEqual(requests.map((r) => r.status), [200, 400, 400]);
      // The whole path, mount prefix included, so an operator can tell /api/v1/involvements from /api/v1/audit/events.
      assert.deepEqual(requests.map((r) => (r as { path?: string }).path), ['/api/v1/involvements', '/api/v1/involvements', '/api/v1/involvements']);
      // An address nothing answers is not logged: it could carry anything.
      lines.length = 0;
      await fetch(`${h.url}/people/Gemma-Hartley-1995-07-02?x=1`);
      assert.deepEqual(lines.map((l) => (JSON.parse(l) as { path?: string }).path), ['not-found']);
      assert.ok(requests.every((r) => typeof r.ms === 'number' && /^[0-9a-f-]{36}$/.test(r.requestId ?? '')));
      for (const secret of [token, token.split('.')[2]!, MOTHER.firstName, MOTHER.lastName, FATHER.lastName, MOTHER.dateOfBirth!, MOTHER.postcode!, 'Section 47', CHILD.cmsId!, 'not a date']) {
        assert.ok(!text.includes(secret), `the log must not contain ${secret.slice(0, 20)}`);
      }
    } finally {
      await h.close();
    }
  });
});

describe('request timeout', () => {
  it('a lookup that finishes after the timeout answered is audited and noted, with no error and nothing sent twice', async () => {
    const { default: express } = await import('express');
    const { apiRouter } = await import('../../server/src/api/routes.js');
    const { createLogger } = await import('../../server/src/http/logger.js');
    const { listAuditEvents } = await import('../../server/src/audit/repository.js');
    const h = await startHarness();
    const lines: string[] = [];
    const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
    const app = express();
    // As if the timeout fired while the lookup ran: its 503 goes first, then the route carries on.
    app.use((req, res, next) => {
      req.id = 'timed-out-request';
      res.status(503).json({ error: 'timeout' });
      next();
    });
    const signedIn: RequestHandler = (req, _res, next) => {
      req.user = { sub: 'sam.worker@test-council.example', roles: ['FamilyContext.User'] };
      next();
    };
    app.use('/api/v1', apiRouter({ db: h.db, config: h.config, clock: () => NOW, logger, requireUser: [signedIn] }));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    try {
      await loadAll(h);
      const { port } = server.address() as { port: number };
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/involvements`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ child: CHILD, people: [MOTHER] }) });
      assert.equal(res.status, 503);
      for (let i = 0; i < 50 && !lines.some((l) => /after the request timed out/.test(l)); i++) await new Promise((r) => setTimeout(r, 20));
      const logged = lines.map((l) => JSON.parse(l) as { level: number; msg: string });
      assert.ok(logged.some((l) => l.msg === 'lookup finished after the request timed out: its answer was not sent'), lines.join('\n'));
      assert.deepEqual(logged.filter((l) => l.level >= 50), [], 'no error logged');
      assert.equal((await listAuditEvents(h.db)).filter((e) => e.request_id === 'timed-out-request').length, 1, 'the lookup is audited');
    } finally {
      server.closeAllConnections();
      server.close();
      await h.close();
    }
  });


  it('answers 503 with a JSON error when a handler takes longer than the limit', async () => {
    const { default: express } = await import('express');
    const { requestTimeout } = await import('../../server/src/http/middleware.js');
    const app = express();
    app.use(requestTimeout(100));
    app.get('/slow', (_req, res) => {
      setTimeout(() => {
        if (!res.headersSent) res.json({ late: true });
      }, 2000).unref();
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    try {
      const { port } = server.address() as { port: number };
      const res = await fetch(`http://127.0.0.1:${port}/slow`);
      assert.equal(res.status, 503);
      assert.equal(((await res.json()) as { error: string }).error, 'timeout');
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
