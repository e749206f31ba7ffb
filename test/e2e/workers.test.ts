/**
 * FC_WORKERS=2: the real server as a primary and two worker processes on one SQLite file. Lookups answered by both
 * workers at once all succeed (each worker appends to the one audit chain, which stays whole), /metrics adds up
 * both workers (a worker still starting is left out rather than failing the scrape), a worker that dies is replaced, and SIGTERM stops everything with exit 0.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import type { InvolvementsResponse } from '../../server/src/api/contract.js';
import { verifyAuditChain } from '../../server/src/audit/verify.js';
import { openDatabase } from '../../server/src/db/connect.js';
import { migrateToLatest } from '../../server/src/db/migrate.js';
import { seedDemoCouncil } from '../../server/src/demo/seed.js';
import { systemClock, todayIn } from '../../server/src/time/calendar.js';
import { asPersonInput, demoPeople } from '../../fixtures/council/demo-family.js';
import { freePort } from './demo-server.js';

const ISSUER = 'https://login.workers-test.example/v2.0';
const AUDIENCE = 'api://family-context-workers-test';
const ROLE = 'FamilyContext.User';
const LOOKUPS = 240;
const CONCURRENCY = 16;

describe('several worker processes on one database (FC_WORKERS=2)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fc-workers-'));
  const dbFile = join(dir, 'workers.db');
  let url = '';
  let log = '';
  let child: ReturnType<typeof spawn>;
  let exited: Promise<number | null>;
  const tokens: string[] = [];

  before(async () => {
    const today = todayIn(systemClock);
    const { db } = await openDatabase({ kind: 'sqlite', location: dbFile });
    await migrateToLatest(db);
    await seedDemoCouncil(db, today, new Date());
    await db.destroy();

    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const jwksFile = join(dir, 'jwks.json');
    writeFileSync(jwksFile, JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }] }));
    for (let i = 0; i < 4; i++) {
      tokens.push(
        await new SignJWT({ sub: `worker.test.${i}@council.example`, roles: [ROLE], name: `Worker Test ${i}` })
          .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
          .setIssuer(ISSUER)
          .setAudience(AUDIENCE)
          .setIssuedAt()
          .setExpirationTime('10m')
          .sign(privateKey),
      );
    }

    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: 'test',
        TZ: process.env.TZ ?? 'Europe/London',
        PORT: String(port),
        FC_HOST: '127.0.0.1',
        FC_DB: `sqlite:${dbFile}`,
        FC_WORKERS: '2',
        FC_AUTH_ISSUER: ISSUER,
        FC_AUTH_AUDIENCE: AUDIENCE,
        FC_AUTH_JWKS_FILE: jwksFile,
        FC_AUTH_ROLE: ROLE,
        FC_RATE_LIMIT_PER_MINUTE: '100000',
        FC_LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d: Buffer) => (log += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
    exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    const deadline = Date.now() + 60_000;
    while (!/Family Context listening/.test(log)) {
      if (child.exitCode !== null) throw new Error(`The server exited (${child.exitCode}):\n${log}`);
      if (Date.now() > deadline) throw new Error(`The workers did not all listen within 60 s:\n${log}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  after(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  const family = demoPeople(todayIn(systemClock));
  const body = JSON.stringify({
    child: asPersonInput(family.child),
    people: [asPersonInput(family.mother), asPersonInput(family.father), asPersonInput(family.child)],
  });
  const lookup = (i: number) =>
    fetch(`${url}/api/v1/involvements`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[i % tokens.length]}` },
      body,
    });

  /** pids of the processes that logged a finished request. */
  const requestPids = () =>
    new Set(
      log
        .split('\n')
        .filter((line) => line.includes('"requestId"') && line.includes('"status":200'))
        .map((line) => (JSON.parse(line) as { pid: number }).pid),
    );

  it('answers lookups from both workers at once, every one with its audit event, the chain whole', async () => {
    const statuses: number[] = [];
    const answers: InvolvementsResponse[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < LOOKUPS) {
          const response = await lookup(next++);
          statuses.push(response.status);
          if (response.ok) answers.push((await response.json()) as InvolvementsResponse);
          else await response.text();
        }
      }),
    );
    assert.deepEqual(
      statuses.filter((s) => s !== 200),
      [],
      `every lookup answered 200:\n${log.split('\n').filter((l) => /"level":(40|50)/.test(l)).slice(0, 5).join('\n')}`,
    );
    assert.equal(answers.length, LOOKUPS);
    // The same family gives the same answer whichever worker read it.
    const first = JSON.stringify(answers[0]!.people.map((p) => p.services.map((s) => s.status)));
    for (const answer of answers) assert.equal(JSON.stringify(answer.people.map((p) => p.services.map((s) => s.status))), first);
    assert.ok(requestPids().size >= 2, `requests answered by ${requestPids().size} process(es): both workers should have served some`);

    const { db } = await openDatabase({ kind: 'sqlite', location: dbFile });
    try {
      const lookups = await db.selectFrom('audit_event').select((eb) => eb.fn.countAll<number>().as('n')).where('kind', '=', 'lookup').executeTakeFirstOrThrow();
      assert.equal(Number(lookups.n), LOOKUPS, 'one audit event per lookup');
      const report = await verifyAuditChain(db);
      assert.equal(report.ok, true, JSON.stringify(report));
    } finally {
      await db.destroy();
    }
  });

  it('serves /metrics added up across the workers', async () => {
    const text = await (await fetch(`${url}/metrics`)).text();
    const counted = [...text.matchAll(/^fc_http_request_duration_seconds_count\{[^}]*route="\/api\/v1\/involvements"[^}]*status="200"[^}]*\} (\d+)/gm)]
      .map((m) => Number(m[1]))
      .reduce((a, b) => a + b, 0);
    assert.equal(counted, LOOKUPS, 'the lookups of both workers');
    // The source gauges come from the shared database: once, not once per worker.
    const records = /^fc_source_records\{service="school"\} (\d+)/m.exec(text);
    assert.ok(records && Number(records[1]) > 0, 'school records gauge');
    const { db } = await openDatabase({ kind: 'sqlite', location: dbFile });
    try {
      const school = await db.selectFrom('source').select('record_count').where('service', '=', 'school').executeTakeFirstOrThrow();
      assert.equal(Number(records![1]), school.record_count);
    } finally {
      await db.destroy();
    }
  });

  it('replaces a worker that dies, and keeps answering', async () => {
    const before = requestPids();
    const victim = [...before][0]!;
    process.kill(victim, 'SIGKILL');
    const deadline = Date.now() + 30_000;
    while (!/a worker stopped unexpectedly/.test(log)) {
      assert.ok(Date.now() < deadline, `the primary did not notice the worker's death:\n${log.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    // Scraped while the replacement is still starting: the metrics of the worker that is up, not a 503.
    const scrape = await fetch(`${url}/metrics`);
    const text = await scrape.text();
    assert.equal(scrape.status, 200, text);
    assert.match(text, /^fc_source_records\{service="school"\} [1-9]/m);
    for (let i = 0; i < 20; i++) assert.equal((await lookup(i)).status, 200);
  });

  it('stops every process on SIGTERM with exit 0', async () => {
    child.kill('SIGTERM');
    assert.equal(await exited, 0, log.slice(-2000));
  });
});
