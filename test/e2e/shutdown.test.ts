/**
 * Graceful shutdown of the real server process: on SIGTERM it stops taking new connections, finishes the request
 * in flight, and exits 0.
 */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { describe, it } from 'node:test';
import { asPersonInput, demoPeople } from '../../fixtures/council/demo-family.js';
import { systemClock, todayIn } from '../../server/src/time/calendar.js';
import { startDemoServer } from './demo-server.js';

describe('graceful shutdown', () => {
  it('finishes a request in flight after SIGTERM, then exits 0', async () => {
    const demo = await startDemoServer({ FC_LOG_LEVEL: 'warn' });
    const { url, port } = demo;
    try {
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
      demo.process.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 300));
      // New connections are refused while the old request is still being served.
      await assert.rejects(fetch(`${url}/healthz`), 'no new connections after SIGTERM');
      socket.write(body.slice(40));
      await closed;
      assert.match(response, /^HTTP\/1\.1 200 /, response.slice(0, 200));
      assert.match(response, /"people":\[/);
      assert.equal(await demo.stop(), 0, demo.output());
    } finally {
      if (demo.process.exitCode === null) demo.process.kill('SIGKILL');
    }
  });
});
