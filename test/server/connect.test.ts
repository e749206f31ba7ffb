/**
 * Opening the database named by FC_DB: a server that is not there fails at once (one attempt, not tedious's or tarn's
 * retries) with a message naming the server and what to check, and never the password. No assertion here is on the
 * clock: retries are counted, and a spin is caught by killing the child process that opens the database.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DatabaseConnectionError, openDatabase, parseDatabaseUrl } from '../../server/src/db/connect.js';
import { openBulkLoader } from '../../server/src/sources/mssql-bulk.js';
import { freePort } from './postgres-cluster.js';

/**
 * Opens `url` in a child process (Node's recursive mkdir spins for ever on some paths, blocking the event loop: a
 * regression must fail this test, not hang the run) and returns what it printed. The status is null when the child
 * had to be killed.
 */
function openInChild(url: string): { status: number | null; out: string } {
  const connect = new URL('../../server/src/db/connect.ts', import.meta.url).href;
  const code =
    `const { openDatabase, parseDatabaseUrl } = await import(${JSON.stringify(connect)});` +
    'try { const { db } = await openDatabase(parseDatabaseUrl(process.argv[1])); await db.destroy(); console.log("opened"); }' +
    ' catch (e) { console.log(`${e.name}: ${e.message}`); process.exitCode = 3; }';
  // The timeout is a guard against the spin (the child is killed), not an assertion on speed.
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code, url], {
    encoding: 'utf8',
    timeout: 30_000,
    killSignal: 'SIGKILL',
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

async function refusal(url: string): Promise<DatabaseConnectionError> {
  try {
    const { db } = await openDatabase(parseDatabaseUrl(url));
    await db.destroy();
  } catch (error) {
    assert.ok(error instanceof DatabaseConnectionError, `expected a DatabaseConnectionError, got ${String(error)}`);
    return error;
  }
  assert.fail(`opening ${url} should have failed`);
}

describe('database connection failures', () => {
  it('SQL Server on a closed port fails fast, naming the server and what to check, without the password', async () => {
    const port = await freePort(); // free a moment ago: nothing listens there
    const error = await refusal(`mssql://fc_app:S3cret-pass@127.0.0.1:${port}/family_context?encrypt=false`);
    assert.match(error.message, new RegExp(`^Could not connect to SQL Server at 127\\.0\\.0\\.1:${port} \\(database family_context\\)`));
    assert.match(error.message, /Check that the server is running and reachable/);
    assert.match(error.message, /user name, password and encryption settings in FC_DB/);
    assert.ok(!error.message.includes('S3cret-pass'), 'the password must not appear');
  });

  it('SQL Server that drops every connection: one attempt, then the error (the pool does not retry)', async () => {
    let attempts = 0;
    const server = createServer((socket) => {
      attempts++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const error = await refusal(`mssql://fc_app:S3cret-pass@127.0.0.1:${port}/family_context?encrypt=false`);
      assert.match(error.message, new RegExp(`^Could not connect to SQL Server at 127\\.0\\.0\\.1:${port}`));
      assert.ok(!error.message.includes('S3cret-pass'), 'the password must not appear');
      assert.equal(attempts, 1, `${attempts} connection attempts: the pool retried instead of failing`);
    } finally {
      server.close();
    }
  });

  it('PostgreSQL on a closed port fails the same way', async () => {
    const port = await freePort();
    const error = await refusal(`postgres://fc_app:S3cret-pass@127.0.0.1:${port}/family_context`);
    assert.match(error.message, new RegExp(`^Could not connect to PostgreSQL at 127\\.0\\.0\\.1:${port} \\(database family_context\\)`));
    assert.match(error.message, /ECONNREFUSED|refused/i);
    assert.ok(!error.message.includes('S3cret-pass'));
  });

  it('the SQL Server bulk loader fails the same way on a closed port', async () => {
    const port = await freePort();
    await assert.rejects(openBulkLoader(`mssql://loader:S3cret-pass@127.0.0.1:${port}/family_context?encrypt=false`), (error: unknown) => {
      assert.ok(error instanceof DatabaseConnectionError);
      assert.match(error.message, new RegExp(`^Could not connect to SQL Server at 127\\.0\\.0\\.1:${port}`));
      assert.ok(!error.message.includes('S3cret-pass'));
      return true;
    });
    await assert.rejects(openBulkLoader('postgres://u@127.0.0.1/db'), /Bulk loading is for SQL Server/);
  });

  it('SQLite in a folder that cannot be created (under /proc) fails at once, naming the path and the reason, not spinning', () => {
    for (const path of ['/proc/nope/x.db', '/proc/nope/deeper/still/x.db']) {
      const r = openInChild(`sqlite:${path}`);
      assert.notEqual(r.status, null, `opening sqlite:${path} did not return within 30 s (killed): the folder creation spins`);
      assert.equal(r.status, 3, r.out);
      const lines = r.out.split('\n').filter((l) => l.trim() !== '');
      assert.equal(lines.length, 1, `one line:\n${r.out}`);
      assert.match(lines[0]!, new RegExp(`^DatabaseConnectionError: Could not open the SQLite database ${path}: its folder /proc/nope could not be created \\(ENOENT: no such file or directory\\)`));
      assert.match(lines[0]!, /Check the path in FC_DB/);
    }
  });

  it('SQLite under a file (not a folder) fails at once, naming the path and the reason', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fc-connect-'));
    try {
      const file = join(dir, 'plain-file');
      writeFileSync(file, 'not a folder');
      const r = openInChild(`sqlite:${file}/sub/x.db`);
      assert.notEqual(r.status, null, 'did not return within 30 s (killed): the folder creation spins');
      assert.equal(r.status, 3, r.out);
      const prefix = `DatabaseConnectionError: Could not open the SQLite database ${file}/sub/x.db: its folder `;
      assert.ok(r.out.startsWith(prefix), r.out);
      assert.match(r.out, /could not be created \((EEXIST|ENOTDIR)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('SQLite needs no server: a fresh file opens', async () => {
    const { db, kind } = await openDatabase(parseDatabaseUrl('sqlite::memory:'));
    assert.equal(kind, 'sqlite');
    await db.destroy();
  });
});
