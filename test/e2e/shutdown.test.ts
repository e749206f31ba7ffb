/**
 * Graceful shutdown of the real server process: on SIGTERM it stops taking new connections, finishes the request
 * in flight, and exits 0.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { asPersonInput, demoPeople } from '../../fixtures/council/demo-family.js';
import { systemClock, todayIn } from '../../server/src/time/calendar.js';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe('graceful shutdown', () => {
  it('finishes a request in flight after SIGTERM, then exits 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fc-shutdown-'));
    const port = await freePort();
    const server = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
      env: { ...process.env, FC_DEMO: '1', PORT: String(port), FC_DB: `sqlite:${join(dir, 'db.sqlite')}`, FC_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    server.stdout!.on('data', (d) => (output += d));
    server.stderr!.on('data', (d) => (output += d));
    const exited = new Promise<number | null>((r) => server.once('exit', (code) => r(code)));
    try {
      const url = `http://127.0.0.1:${port}`;
      for (let i = 0; i < 300; i++) {
        if ((await fetch(`${url}/readyz`).catch(() => undefined))?.ok) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      const { access_token: token } = (await (await fetch(`${url}/demo/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user: 'shutdown.test', roles: ['FamilyContext.User'] }),
      })).json()) as { access_token: string };

      // The demo family, linked to the child in the demo's relationship feed (so no reason is needed).
      const family = demoPeople(todayIn(systemClock));
      const body = JSON.stringify({ child: asPersonInput(family.child), people: [asPersonInput(family.mother)] });
      const socket = connect(port, '127.0.0.1');
      await new Promise((r) => socket.once('connect', r));
      let response = '';
      socket.on('data', (d) => (response += d));
      const closed = new Promise((r) => socket.once('close', r));
      // Headers and half the body: the request is now in flight.
      socket.write(`POST /api/v1/involvements HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n`);
      socket.write(body.slice(0, 40));
      await new Promise((r) => setTimeout(r, 200));
      server.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 300));
      // New connections are refused while the old request is still being served.
      await assert.rejects(fetch(`${url}/healthz`), 'no new connections after SIGTERM');
      socket.write(body.slice(40));
      await closed;
      assert.match(response, /^HTTP\/1\.1 200 /, response.slice(0, 200));
      assert.match(response, /"people":\[/);
      assert.equal(await exited, 0, output);
    } finally {
      if (server.exitCode === null) server.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
