/**
 * Opens the database named by FC_DB: `sqlite:<path>`, `postgres://...` or `mssql://...`.
 * The same kysely code runs on all three; only the dialect differs.
 */
import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Kysely, MssqlDialect, PostgresDialect, SqliteDialect, sql, type Dialect, type LogEvent, type SqliteDatabase } from 'kysely';
import { createPostgresPool } from './postgres-pool.js';
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

export interface OpenOptions {
  /**
   * Check that a PostgreSQL or SQL Server database answers before returning (default true), so a wrong address
   * fails at start-up with a message that names the server, not on the first request.
   */
  verify?: boolean;
  /** Connections in the pool (PostgreSQL and SQL Server). */
  poolSize?: number;
  /** Called with each statement's SQL and milliseconds after it runs (tests count queries with it). */
  onQuery?: (sql: string, ms: number) => void;
  /**
   * PostgreSQL: how long a statement may go unanswered before it fails and its connection is replaced (a server
   * that stopped answering). None by default: the command-line tools run long statements.
   */
  queryTimeoutMs?: number;
  /** Called with each connection error (a restart or failover ending connections); the server logs them. */
  onConnectionError?: (error: Error) => void;
}

export async function openDatabase(target: DatabaseTarget, options: OpenOptions = {}): Promise<OpenedDatabase> {
  const { onQuery } = options;
  const db = new Kysely<Database>({
    dialect: await createDialect(target, options),
    ...(onQuery ? { log: (event: LogEvent) => onQuery(event.query.sql, event.queryDurationMillis) } : {}),
  });
  if (target.kind !== 'sqlite' && options.verify !== false) {
    try {
      await sql`select 1 as ok`.execute(db);
    } catch (error) {
      await db.destroy().catch(() => {});
      throw new DatabaseConnectionError(target, error);
    }
  }
  return { db, kind: target.kind };
}

/**
 * The database could not be reached (PostgreSQL, SQL Server) or opened (SQLite): says which server or file, why, and
 * what to check. Never shows the password.
 */
export class DatabaseConnectionError extends Error {
  constructor(target: DatabaseTarget, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    if (target.kind === 'sqlite') {
      super(
        `Could not open the SQLite database ${target.location}: ${reason}. ` +
          'Check the path in FC_DB (sqlite:<path>), and that this user can create and write that folder and file.',
        { cause },
      );
      this.name = 'DatabaseConnectionError';
      return;
    }
    const url = new URL(target.location);
    const engine = target.kind === 'mssql' ? 'SQL Server' : 'PostgreSQL';
    const port = url.port || (target.kind === 'mssql' ? '1433' : '5432');
    const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || (target.kind === 'mssql' ? 'master' : 'the default database');
    super(
      `Could not connect to ${engine} at ${url.hostname}:${port} (database ${database}): ${redactUrl(reason)}. ` +
        `Check that the server is running and reachable from this machine on port ${port} (firewall, DNS), ` +
        'that the database exists, and the user name, password and encryption settings in FC_DB.',
      { cause },
    );
    this.name = 'DatabaseConnectionError';
  }
}

/**
 * Creates `dir` and any missing parents, one mkdir per level, each tried once. Not `mkdirSync(dir, { recursive: true })`:
 * Node's recursive mkdir retries for ever, at full CPU and blocking the event loop, when mkdir says ENOENT although the
 * parent exists (a folder under /proc or /sys, a dangling symbolic link). Throws the OS's reason, naming the folder.
 */
function makeFolder(dir: string): void {
  if (isFolder(dir)) return;
  const parent = dirname(dir);
  if (parent !== dir) makeFolder(parent);
  try {
    mkdirSync(dir);
  } catch (error) {
    // Created meanwhile by someone else: as good as made here.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST' && isFolder(dir)) return;
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'EEXIST' ? 'a file, not a folder, has that name' : (error as Error).message.replace(/^[A-Z]+: /, '').replace(/, mkdir .*$/, '');
    throw new Error(`its folder ${dir} could not be created (${code ? `${code}: ` : ''}${why})`, { cause: error });
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The SQLite file holds personal data: created readable and writable by the server's account only (0600), and an
 * existing file tightened to that (SQLite creates its -wal and -shm files with the database file's mode).
 */
function ownerOnly(path: string): void {
  closeSync(openSync(path, 'a', 0o600));
  if (process.platform !== 'win32' && (statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
}

async function createDialect(target: DatabaseTarget, options: OpenOptions): Promise<Dialect> {
  const poolSize = options.poolSize ?? 10;
  switch (target.kind) {
    case 'sqlite': {
      const { default: SQLite } = await import('better-sqlite3');
      let database: BetterSqlite;
      try {
        if (target.location !== ':memory:') {
          makeFolder(dirname(target.location));
          ownerOnly(target.location);
        }
        database = new SQLite(target.location);
      } catch (error) {
        throw new DatabaseConnectionError(target, error);
      }
      database.pragma('journal_mode = WAL');
      database.pragma('synchronous = NORMAL');
      database.pragma('foreign_keys = ON');
      database.pragma('busy_timeout = 5000');
      // A 32 MB page cache (the default is 2 MB) keeps the blocking indexes of a large council in memory;
      // temporary b-trees (IN lists, sorts) stay in memory too.
      database.pragma('cache_size = -32768');
      database.pragma('temp_store = MEMORY');
      return new SqliteDialect({ database: withStatementCache(database) });
    }
    case 'postgres': {
      const pool = await createPostgresPool({
        connectionString: target.location,
        max: poolSize,
        queryTimeoutMs: options.queryTimeoutMs,
        onConnectionError: options.onConnectionError,
      });
      return new PostgresDialect({ pool });
    }
    case 'mssql': {
      const tedious = await import('tedious');
      const { Pool } = await import('tarn');
      const url = new URL(target.location);
      const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || 'master';
      return new MssqlDialect({
        tarn: {
          Pool,
          // propagateCreateError: a refused or failed connection rejects at once instead of retrying for 30 s.
          options: { min: 0, max: poolSize, propagateCreateError: true, acquireTimeoutMillis: 10_000 },
        },
        tedious: {
          ...tedious,
          connectionFactory: () => {
            const connection = new tedious.Connection({
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
            });
            // A connection that breaks (failover of an availability group, network cut) emits 'error': kysely
            // listens while connecting; this listener stays for the connection's life, so no break is ever an
            // unhandled event. The broken connection fails kysely's validation and tarn replaces it.
            connection.on('error', (error: Error) => options.onConnectionError?.(error));
            return connection;
          },
        },
      });
    }
  }
}

/** Prepared statements kept per SQL text: kysely's SQLite driver prepares every statement each time it runs. */
const STATEMENT_CACHE_SIZE = 500;

type BetterSqlite = import('better-sqlite3').Database;
type BetterStatement = import('better-sqlite3').Statement;

/**
 * better-sqlite3 with a cache of prepared statements (least recently used dropped first). Preparing is a
 * measurable share of a lookup's time; the SQL texts a server runs are few (IN lists vary only in length).
 * A statement still busy (a stream being read) is never handed out twice: a fresh one is prepared instead.
 */
export function withStatementCache(database: BetterSqlite, size = STATEMENT_CACHE_SIZE): SqliteDatabase {
  const cache = new Map<string, BetterStatement>();
  return {
    close: () => database.close(),
    prepare(sqlText: string) {
      const cached = cache.get(sqlText);
      if (cached && !cached.busy) {
        cache.delete(sqlText);
        cache.set(sqlText, cached);
        return cached;
      }
      const statement = database.prepare(sqlText);
      if (!cached) {
        cache.set(sqlText, statement);
        if (cache.size > size) cache.delete(cache.keys().next().value!);
      }
      return statement;
    },
  };
}
