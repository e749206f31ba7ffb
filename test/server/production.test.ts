/**
 * The production start, end to end: the server compiled with tsconfig.build.json (as `npm run build:server`
 * does, here into a temp folder) and run by plain node, no tsx, with NODE_ENV=production. It refuses demo mode
 * with the reason and a non-zero exit; configured for a council it serves health, readiness and the API to a
 * real token, serves no demo routes and not its own compiled code, and stops cleanly on SIGTERM.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { freePort } from './postgres-cluster.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const ISSUER = 'https://login.prod-test.example/tenant/v2.0';

interface Exit {
  code: number | null;
  output: string;
}

function run(main: string, env: Record<string, string>): { child: ChildProcess; exit: Promise<Exit>; output: () => string } {
  let output = '';
  const child = spawn(process.execPath, [main], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', NODE_OPTIONS: '', TZ: 'Europe/London', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exit = new Promise<Exit>((resolve) => child.once('exit', (code) => resolve({ code, output })));
  return { child, exit, output: () => output };
}

/** The status of a GET sent with the path exactly as written (no URL normalisation, unlike fetch). */
function rawStatus(port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`));
    let head = '';
    socket.on('data', (d: Buffer) => (head += d.toString('latin1')));
    socket.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0)));
    socket.on('error', reject);
  });
}

describe('production start (compiled, no tsx)', () => {
  let dir: string;
  let main: string;
  before(() => {
    // Inside the project (.tmp/ is git-ignored): the compiled ES modules need its package.json ("type": "module")
    // and its node_modules, as dist/server has them.
    mkdirSync(join(ROOT, '.tmp'), { recursive: true });
    dir = mkdtempSync(join(ROOT, '.tmp', 'prod-test-'));
    // Laid out as dist/ is (dist/server/server/src/...), so the paths the server must not serve are the real ones.
    const out = join(dir, 'server');
    const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', out], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    assert.equal(tsc.status, 0, `tsc -p tsconfig.build.json failed:\n${tsc.stdout}${tsc.stderr}`);
    main = join(out, 'server/src/main.js');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses demo mode when NODE_ENV=production: exits non-zero and says why', async () => {
    const { exit } = run(main, { NODE_ENV: 'production', FC_DEMO: '1', PORT: '0' });
    const { code, output } = await exit;
    assert.equal(code, 2);
    assert.match(output, /Family Context cannot start/);
    assert.match(output, /FC_DEMO=1 is refused when NODE_ENV=production/);
  });

  it('refuses to start without an identity provider, naming the variables to set', async () => {
    const { code, output } = await run(main, { NODE_ENV: 'production', PORT: '0' }).exit;
    assert.equal(code, 2);
    assert.match(output, /FC_AUTH_ISSUER is not set/);
    assert.match(output, /FC_AUTH_JWKS_URL is not set/);
  });

  it('a port already in use: exits 1 saying it could not listen there, never that it is listening', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    const jwks = join(dir, 'jwks-taken.json');
    const { publicKey } = await generateKeyPair('RS256');
    writeFileSync(jwks, JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256' }] }));
    try {
      const { code, output } = await run(main, {
        NODE_ENV: 'production',
        PORT: String(port),
        FC_HOST: '127.0.0.1',
        FC_DB: `sqlite:${join(dir, 'taken.db')}`,
        FC_AUTH_ISSUER: ISSUER,
        FC_AUTH_AUDIENCE: 'api://family-context',
        FC_AUTH_JWKS_FILE: jwks,
      }).exit;
      assert.equal(code, 1, output);
      assert.match(output, new RegExp(`could not listen on 127\\.0\\.0\\.1:${port}`));
      assert.match(output, /EADDRINUSE/);
      assert.doesNotMatch(output, /Family Context listening/);
    } finally {
      taken.close();
    }
  });

  it('configured for a council: health, readiness, the API with a real token; no demo, no compiled code served', async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const jwks = join(dir, 'jwks.json');
    writeFileSync(jwks, JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256' }] }));
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const server = run(main, {
      NODE_ENV: 'production',
      PORT: String(port),
      FC_HOST: '127.0.0.1',
      FC_DB: `sqlite:${join(dir, 'prod.db')}`,
      FC_AUTH_ISSUER: ISSUER,
      FC_AUTH_AUDIENCE: 'api://family-context',
      FC_AUTH_JWKS_FILE: jwks,
    });
    try {
      const deadline = Date.now() + 30_000;
      for (;;) {
        assert.equal(server.child.exitCode, null, `the server exited:\n${server.output()}`);
        assert.ok(Date.now() < deadline, `not listening after 30 s:\n${server.output()}`);
        const ok = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
        if (ok) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const ready = await fetch(`${url}/readyz`);
      assert.equal(ready.status, 503, 'no source loaded yet: not ready');
      assert.equal(((await ready.json()) as { status: string }).status, 'no-sources-loaded');

      const token = await new SignJWT({ roles: ['FamilyContext.User'] })
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setIssuer(ISSUER)
        .setAudience('api://family-context')
        .setSubject('sam.worker@council.example')
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(privateKey);
      const sources = await fetch(`${url}/api/v1/sources`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(sources.status, 200);
      assert.equal((await fetch(`${url}/api/v1/sources`)).status, 401);

      const demoToken = await fetch(`${url}/demo/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"user":"x","roles":["FamilyContext.User"]}' });
      assert.equal(demoToken.status, 404, 'no demo issuer in production');
      assert.ok(existsSync(join(dir, 'server/server/src/config.js')), 'the compiled config.js is where /dist/server/server/src/config.js would point');
      assert.equal((await fetch(`${url}/dist/server/server/src/config.js`)).status, 404, 'the compiled server is not served');
      // However the address is spelt (fetch would tidy these, so they are sent as written).
      for (const path of ['/dist/%73erver/server/src/config.js', '/dist/server%2fserver/src/config.js', '/dist//server/server/src/config.js', '/dist/./server/server/src/config.js', '/dist/widget/../server/server/src/config.js']) {
        const status = await rawStatus(port, path);
        assert.ok(status >= 400 && status < 500, `${path} must not serve the compiled server (answered ${status})`);
      }
      assert.equal((await fetch(`${url}/bench/floor`, { method: 'POST' })).status, 404);
    } finally {
      server.child.kill('SIGTERM');
    }
    const { code, output } = await server.exit;
    assert.equal(code, 0, `a clean stop on SIGTERM:\n${output}`);
    assert.match(output, /Family Context listening on http:\/\/127\.0\.0\.1:\d+/);
    assert.ok(!output.includes('Bearer '), 'tokens are never logged');
  });
});
