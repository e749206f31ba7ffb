/**
 * Opens the database named by FC_DB: `sqlite:<path>`, `postgres://...` or `mssql://...`.
 * The same kysely code runs on all three; only the dialect differs.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Kysely, MssqlDialect, PostgresDialect, SqliteDialect, type Dialect } from 'kysely';
import type { Database } from './schema.js';

export type DatabaseKind = 'sqlite' | 'postgres' | 'mssql';

export interface DatabaseTarget {
  kind: DatabaseKind;
  /** For sqlite, the absolute file path (or ":memory:"); otherwise the connection URL. */
  location: string;
}

/** Parses FC_DB. Throws a message that says what to write instead. */
export function parseDatabaseUrl(value: string): DatabaseTarget {
  if (value.startsWith('sqlite:')) {
    const path = value.slice('sqlite:'.length);
    if (!path) throw new Error('FC_DB "sqlite:" needs a file path, e.g. sqlite:./data/family-context.db');
    return { kind: 'sqlite', location: path === ':memory:' ? path : resolve(path) };
  }
  if (/^postgres(ql)?:\/\//.test(value)) return { kind: 'postgres', location: value };
  if (value.startsWith('mssql://')) return { kind: 'mssql', location: value };
  throw new Error(
    `FC_DB is "${redactUrl(value)}", which is not a database address: use sqlite:<path>, postgres://user:password@host/db or mssql://user:password@host/db`,
  );
}

/** Hides a password in a connection URL, for messages and logs. */
export function redactUrl(value: string): string {
  return value.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}

export interface OpenedDatabase {
  db: Kysely<Database>;
  kind: DatabaseKind;
}

export async function openDatabase(target: DatabaseTarget): Promise<OpenedDatabase> {
  return { db: new Kysely<Database>({ dialect: await createDialect(target) }), kind: target.kind };
}

async function createDialect(target: DatabaseTarget): Promise<Dialect> {
  switch (target.kind) {
    case 'sqlite': {
      const { default: SQLite } = await import('better-sqlite3');
      if (target.location !== ':memory:') mkdirSync(dirname(target.location), { recursive: true });
      const database = new SQLite(target.location);
      database.pragma('journal_mode = WAL');
      database.pragma('synchronous = NORMAL');
      database.pragma('foreign_keys = ON');
      database.pragma('busy_timeout = 5000');
      return new SqliteDialect({ database });
    }
    case 'postgres': {
      const { default: pg } = await import('pg');
      return new PostgresDialect({
        pool: new pg.Pool({ connectionString: target.location, max: 10, connectionTimeoutMillis: 5000 }),
      });
    }
    case 'mssql': {
      const tedious = await import('tedious');
      const { Pool } = await import('tarn');
      const url = new URL(target.location);
      const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || 'master';
      return new MssqlDialect({
        tarn: {
          Pool,
          options: { min: 0, max: 10, propagateCreateError: true, acquireTimeoutMillis: 10_000 },
        },
        tedious: {
          ...tedious,
          connectionFactory: () =>
            new tedious.Connection({
              server: url.hostname,
              options: {
                port: url.port ? Number(url.port) : 1433,
                database,
                encrypt: url.searchParams.get('encrypt') !== 'false',
                trustServerCertificate: url.searchParams.get('trustServerCertificate') === 'true',
                connectTimeout: 5000,
              },
              authentication: {
                type: 'default',
                options: { userName: decodeURIComponent(url.username), password: decodeURIComponent(url.password) },
              },
            }),
        },
      });
    }
  }
}
