/**
 * The production start, end to end: the server compiled with tsconfig.build.json (as `npm run build:server`
 * does, here into a temp folder) and run by plain node, no tsx, with NODE_ENV=production. It refuses demo mode
 * with the reason and a non-zero exit; configured for a council it serves health, readiness and the API to a
 * real token, serves no demo routes and not its own compiled code, and stops cleanly on SIGTERM.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

describe('production start (compiled, no tsx)', () => {
  let dir: string;
  let main: string;
  before(() => {
    // Inside the project (.tmp/ is git-ignored): the compiled ES modules need its package.json ("type": "module")
    // and its node_modules, as dist/server has them.
    mkdirSync(join(ROOT, '.tmp'), { recursive: true });
    dir = mkdtempSync(join(ROOT, '.tmp', 'prod-test-'));
    const out = join(dir, 'build');
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
      assert.equal((await fetch(`${url}/dist/server/server/src/config.js`)).status, 404, 'the compiled server is not served');
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
