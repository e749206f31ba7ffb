/**
 * Opening the database named by FC_DB: a server that is not there fails at once (not after tedious's or tarn's
 * 30 s retries) with a message naming the server and what to check, and never the password.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DatabaseConnectionError, openDatabase, parseDatabaseUrl } from '../../server/src/db/connect.js';
import { openBulkLoader } from '../../server/src/sources/mssql-bulk.js';
import { freePort } from './postgres-cluster.js';

async function refusal(url: string): Promise<{ error: DatabaseConnectionError; ms: number }> {
  const started = Date.now();
  try {
    const { db } = await openDatabase(parseDatabaseUrl(url));
    await db.destroy();
  } catch (error) {
    assert.ok(error instanceof DatabaseConnectionError, `expected a DatabaseConnectionError, got ${String(error)}`);
    return { error, ms: Date.now() - started };
  }
  assert.fail(`opening ${url} should have failed`);
}

describe('database connection failures', () => {
  it('SQL Server on a closed port fails fast, naming the server and what to check, without the password', async () => {
    const port = await freePort(); // free a moment ago: nothing listens there
    const { error, ms } = await refusal(`mssql://fc_app:S3cret-pass@127.0.0.1:${port}/family_context?encrypt=false`);
    assert.match(error.message, new RegExp(`^Could not connect to SQL Server at 127\\.0\\.0\\.1:${port} \\(database family_context\\)`));
    assert.match(error.message, /Check that the server is running and reachable/);
    assert.match(error.message, /user name, password and encryption settings in FC_DB/);
    assert.ok(!error.message.includes('S3cret-pass'), 'the password must not appear');
    // Not a timing assertion on the product's speed: a 30 s hang (the bug this guards against) would fail here.
    assert.ok(ms < 20_000, `took ${ms} ms: the pool retried instead of failing`);
  });

  it('PostgreSQL on a closed port fails the same way', async () => {
    const port = await freePort();
    const { error } = await refusal(`postgres://fc_app:S3cret-pass@127.0.0.1:${port}/family_context`);
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

  it('SQLite needs no server: a fresh file opens', async () => {
    const { db, kind } = await openDatabase(parseDatabaseUrl('sqlite::memory:'));
    assert.equal(kind, 'sqlite');
    await db.destroy();
  });
});
