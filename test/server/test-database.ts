/**
 * The database a test harness runs against, chosen by FC_TEST_DB (like kysely's own tests, one suite per dialect):
 *
 * - `sqlite` (default): a file in the harness's temp folder.
 * - `postgres`: a fresh database in the throwaway cluster at FC_TEST_PG_URL (test/run-node-tests.mjs starts one;
 *   when a test file is run on its own, the first harness starts one for the process and stops it at exit).
 * - `mssql`: a fresh database on the SQL Server named by FC_TEST_MSSQL
 *   (e.g. mssql://sa:Password1@127.0.0.1:1433/?encrypt=false).
 *
 * Each harness gets its own database, dropped when it closes, so tests never see each other's rows.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { sql } from 'kysely';
import { openDatabase, parseDatabaseUrl } from '../../server/src/db/connect.js';
import { startPostgresCluster, type PostgresCluster } from './postgres-cluster.js';

export type TestDatabaseKind = 'sqlite' | 'postgres' | 'mssql';

export interface TestDatabase {
  kind: TestDatabaseKind;
  /** The FC_DB value for this harness. */
  url: string;
  drop(): Promise<void>;
}

export function testDatabaseKind(env: NodeJS.ProcessEnv = process.env): TestDatabaseKind {
  const kind = env.FC_TEST_DB ?? 'sqlite';
  if (kind !== 'sqlite' && kind !== 'postgres' && kind !== 'mssql') {
    throw new Error(`FC_TEST_DB is "${kind}": use sqlite (default), postgres or mssql`);
  }
  return kind;
}

let ownCluster: Promise<PostgresCluster> | undefined;

async function postgresAdminUrl(): Promise<string> {
  if (process.env.FC_TEST_PG_URL) return process.env.FC_TEST_PG_URL;
  ownCluster ??= startPostgresCluster().then((cluster) => {
    process.once('exit', () => cluster.stop());
    return cluster;
  });
  return (await ownCluster).url;
}

function mssqlAdminUrl(): string {
  const url = process.env.FC_TEST_MSSQL;
  if (!url) throw new Error('FC_TEST_DB=mssql needs FC_TEST_MSSQL naming a SQL Server, e.g. mssql://sa:Password1@127.0.0.1:1433/?encrypt=false');
  return url;
}

/** A database name that is valid unquoted on every engine. */
function freshName(): string {
  return `fc_test_${randomBytes(6).toString('hex')}`;
}

function withDatabase(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function createTestDatabase(dir: string): Promise<TestDatabase> {
  const kind = testDatabaseKind();
  if (kind === 'sqlite') return { kind, url: `sqlite:${join(dir, 'test.db')}`, drop: async () => {} };

  const adminUrl = kind === 'postgres' ? await postgresAdminUrl() : mssqlAdminUrl();
  const name = freshName();
  const { db: admin } = await openDatabase(parseDatabaseUrl(adminUrl));
  try {
    await sql`CREATE DATABASE ${sql.id(name)}`.execute(admin);
  } finally {
    await admin.destroy();
  }
  return {
    kind,
    url: withDatabase(adminUrl, name),
    async drop() {
      const { db } = await openDatabase(parseDatabaseUrl(adminUrl));
      try {
        if (kind === 'postgres') await sql`DROP DATABASE IF EXISTS ${sql.id(name)} WITH (FORCE)`.execute(db);
        else {
          await sql`ALTER DATABASE ${sql.id(name)} SET SINGLE_USER WITH ROLLBACK IMMEDIATE`.execute(db);
          await sql`DROP DATABASE ${sql.id(name)}`.execute(db);
        }
      } finally {
        await db.destroy();
      }
    },
  };
}
