/**
 * The server side of the host shims: shim configs, the iframe-mode frame page (who may frame it, who may send it
 * the context), the OIDC callback page and the snippet; and the demo pages for each CMS.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createApp } from '../../server/src/app.js';
import { createDemoIssuer } from '../../server/src/auth/demo-issuer.js';
import { loadConfig } from '../../server/src/config.js';
import { migrateToLatest } from '../../server/src/db/migrate.js';
import { openDatabase } from '../../server/src/db/connect.js';
import { createLogger } from '../../server/src/http/logger.js';
import { DEFAULT_MOSAIC_CONFIG } from '../../host-shims/mosaic/default-config.js';
import { startHarness, type Harness } from '../server/harness.js';

const CMS = 'https://mosaic.council.example';

describe('panel routes (a council server)', () => {
  let harness: Harness;
  let configDir: string;
  before(async () => {
    configDir = mkdtempSync(join(tmpdir(), 'fc-shim-configs-'));
    writeFileSync(join(configDir, 'mosaic.json'), JSON.stringify({ ...DEFAULT_MOSAIC_CONFIG, description: 'Our Mosaic 7.2' }));
    harness = await startHarness({ FC_ALLOWED_ORIGINS: CMS, FC_SHIM_CONFIG_DIR: configDir });
  });
  after(async () => {
    await harness.close();
    rmSync(configDir, { recursive: true, force: true });
  });

  it('serves the council’s shim config from FC_SHIM_CONFIG_DIR, with CORS for its CMS only', async () => {
    const res = await fetch(`${harness.url}/panel/shim-config/mosaic.json`, { headers: { origin: CMS } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), CMS);
    assert.equal(((await res.json()) as { description: string }).description, 'Our Mosaic 7.2');
    const other = await fetch(`${harness.url}/panel/shim-config/mosaic.json`, { headers: { origin: 'https://evil.example' } });
    assert.equal(other.headers.get('access-control-allow-origin'), null);
    // Only the council's own files: no built-in demo config falls in for a missing one.
    assert.equal((await fetch(`${harness.url}/panel/shim-config/eis.json`)).status, 404);
    assert.equal((await fetch(`${harness.url}/panel/shim-config/..%2Fetc%2Fpasswd.json`)).status, 404);
  });

  it('lets only the allowed CMS origins frame the panel, and tells the frame which origins to accept', async () => {
    const res = await fetch(`${harness.url}/panel/frame.html`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-frame-options'), null);
    assert.match(res.headers.get('content-security-policy')!, new RegExp(`frame-ancestors ${CMS}$`));
    const html = await res.text();
    const settings = JSON.parse(/<script type="application\/json" id="fc-frame-settings">(.*?)<\/script>/.exec(html)![1]!);
    assert.deepEqual(settings, { allowedOrigins: [CMS], configUrl: '/panel/shim-config/frame.json' });
    assert.match(html, /<script type="module" src="\/dist\/host-shims\/frame\.js"><\/script>/);
  });

  it('serves the sign-in callback page so that the popup keeps its opener', async () => {
    const res = await fetch(`${harness.url}/panel/oidc-callback.html`);
    assert.equal(res.headers.get('cross-origin-opener-policy'), 'unsafe-none');
    assert.match(res.headers.get('content-security-policy')!, /frame-ancestors 'self'/);
    assert.match(await res.text(), /oidc-callback\.js/);
  });

  it('prints the one-line snippet for this server', async () => {
    const text = await (await fetch(`${harness.url}/panel/snippet.txt`)).text();
    assert.equal(text.trim().split('\n').length, 1);
    assert.ok(text.includes(JSON.stringify(harness.url)));
  });

  it('serves the snippet as a script file for pages whose CSP forbids inline script', async () => {
    const res = await fetch(`${harness.url}/panel/snippet.js`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/javascript/);
    const text = await res.text();
    assert.ok(text.includes(JSON.stringify(harness.url)));
    assert.ok(text.includes("getAttribute('data-context-id')"));
    assert.ok(!text.includes('<script'));
    // It parses as a script.
    assert.doesNotThrow(() => new Function(text));
  });

  it('never writes a forged Host or forwarded protocol into the snippet or the frame page', async () => {
    const get = (path: string, headers: Record<string, string>) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const url = new URL(path, harness.url);
        const req = request({ host: url.hostname, port: url.port, path: url.pathname, headers }, (res) => {
          let body = '';
          res.on('data', (d: Buffer) => (body += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode!, body }));
        });
        req.on('error', reject);
        req.end();
      });
    for (const path of ['/panel/snippet.txt', '/panel/snippet.js', '/panel/frame.html']) {
      const forged = await get(path, { host: 'evil.example"/><script>alert(1)</script>' });
      assert.equal(forged.status, 400, `${path}: ${forged.body}`);
      assert.ok(!forged.body.includes('<script>alert'), forged.body);
    }
    // A proxy on loopback is trusted for the protocol, but only http or https is ever written.
    const odd = await get('/panel/snippet.txt', { host: `127.0.0.1:${new URL(harness.url).port}`, 'x-forwarded-proto': 'javascript' });
    assert.equal(odd.status, 200);
    assert.ok(odd.body.includes(JSON.stringify(harness.url)), odd.body);
    assert.ok(!odd.body.includes('javascript:'), odd.body);
  });

  it('serves the shim bundles with CORS for the CMS origins', async () => {
    const res = await fetch(`${harness.url}/dist/host-shims/does-not-matter.js`, { headers: { origin: CMS } });
    assert.equal(res.headers.get('access-control-allow-origin'), CMS);
  });
});

describe('demo pages', () => {
  let server: Server;
  let url: string;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fc-demo-pages-'));
    const config = loadConfig({ FC_DEMO: '1', FC_DB: `sqlite:${join(dir, 'demo.db')}`, FC_LOG_LEVEL: 'silent' });
    const { db } = await openDatabase(config.database);
    await migrateToLatest(db);
    const app = createApp({ config, db, logger: createLogger('silent'), demoIssuer: await createDemoIssuer(config.auth.issuer) });
    server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('POST /demo/token answers CORS for the allowed CMS origins only, so a CMS page on another origin can sign in', async () => {
    const config = loadConfig({ FC_DEMO: '1', FC_DB: `sqlite:${join(dir, 'cors.db')}`, FC_LOG_LEVEL: 'silent', FC_ALLOWED_ORIGINS: CMS });
    const { db } = await openDatabase(config.database);
    await migrateToLatest(db);
    const app = createApp({ config, db, logger: createLogger('silent'), demoIssuer: await createDemoIssuer(config.auth.issuer) });
    const corsServer: Server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const url = `http://127.0.0.1:${(corsServer.address() as AddressInfo).port}`;
    after(() => new Promise<void>((resolve) => corsServer.close(() => resolve())));
    const preflight = await fetch(`${url}/demo/token`, {
      method: 'OPTIONS',
      headers: { origin: CMS, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), CMS);
    assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /Content-Type/i);
    const body = JSON.stringify({ user: 'worker1', roles: ['FamilyContext.User'] });
    const token = await fetch(`${url}/demo/token`, { method: 'POST', headers: { origin: CMS, 'content-type': 'application/json' }, body });
    assert.equal(token.status, 200);
    assert.equal(token.headers.get('access-control-allow-origin'), CMS);
    const other = await fetch(`${url}/demo/token`, { method: 'POST', headers: { origin: 'https://evil.example', 'content-type': 'application/json' }, body });
    assert.equal(other.headers.get('access-control-allow-origin'), null);
  });

  for (const [page, shim] of [['mosaic', 'mosaic'], ['eis', 'eis'], ['lcs', 'lcs'], ['generic', 'generic']] as const) {
    it(`/demo/${page}.html loads the ${shim} shim`, async () => {
      const res = await fetch(`${url}/demo/${page}.html`);
      assert.equal(res.status, 200);
      const html = await res.text();
      assert.ok(html.includes(`<script type="module" src="/dist/host-shims/${shim}.js"></script>`));
      assert.ok(!html.includes('{{'), 'no placeholder left');
      assert.ok(html.includes('Hartley'));
    });
  }

  it('serves variants by name and refuses unknown ones', async () => {
    assert.match(await (await fetch(`${url}/demo/eis.html?variant=collapsed`)).text(), /<details id="involved-people">/);
    assert.equal((await fetch(`${url}/demo/eis.html?variant=../../x`)).status, 404);
  });

  it('/demo/iframe.html runs the snippet under a CSP that allows exactly it, and the frame lets the demo page frame it', async () => {
    const res = await fetch(`${url}/demo/iframe.html`);
    const html = await res.text();
    const snippet = /<script>(.*)<\/script>/.exec(html)![1]!;
    const hash = createHash('sha256').update(snippet).digest('base64');
    assert.ok(res.headers.get('content-security-policy')!.includes(`'sha256-${hash}'`));
    assert.match(html, /<script type="application\/json" id="family-context">/);
    const frame = await fetch(`${url}/panel/frame.html`);
    assert.match(frame.headers.get('content-security-policy')!, /frame-ancestors 'self'/);
    const settings = JSON.parse(/id="fc-frame-settings">(.*?)<\/script>/.exec(await frame.text())![1]!);
    assert.deepEqual(settings, { allowedOrigins: [url] });
  });
});
