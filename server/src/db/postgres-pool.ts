/**
 * The PostgreSQL connection pool kysely uses, made to survive what production does to a database: a restart or a
 * failover (the server ends every connection with 57P01 "terminating connection due to administrator command"), a
 * network cut, a server that stops answering.
 *
 * - Every connection has an 'error' listener for its whole life, idle or lent out. pg emits 'error' on a client
 *   whose socket dies; pg-pool listens only while the client is idle, so a connection that dies while a request
 *   holds it (between two statements of a transaction, or as its statement fails) would otherwise be an unhandled
 *   'error' event, and Node would exit: every worker at once, on every failover.
 * - A statement that has had no answer for `queryTimeoutMs` fails ("Query read timeout"), and a connection whose
 *   statement failed that way, or because the connection broke, is handed back to the pool as broken, so the pool
 *   closes it and opens a fresh one for the next request instead of lending out a connection that will never answer.
 *
 * The statement's own error still reaches the request, which answers 503 (http/errors.ts).
 */
import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import type pg from 'pg';

/** PostgreSQL's type id for int8 (bigint, bigserial, count(*)). */
const INT8_OID = 20;

export interface PostgresPoolOptions {
  connectionString: string;
  max: number;
  /** How long a statement may wait for its answer; none when undefined (the command-line tools' long loads). */
  queryTimeoutMs?: number;
  /** Called with every connection error (the server restarting, the network cut); nothing is thrown from here. */
  onConnectionError?: (error: Error) => void;
}

export async function createPostgresPool(options: PostgresPoolOptions): Promise<PostgresPool> {
  const { default: pgModule } = await import('pg');
  const pool = new pgModule.Pool({
    connectionString: options.connectionString,
    max: options.max,
    // Also how long a request waits for a free connection when all are busy (a hung server): then 503.
    connectionTimeoutMillis: 5000,
    // Noticed by the operating system when the server's machine vanishes without closing the connection.
    keepAlive: true,
    ...(options.queryTimeoutMs ? { query_timeout: options.queryTimeoutMs } : {}),
    // bigint (ids, counts) as numbers, as SQLite and SQL Server give them: ids stay far below 2^53.
    types: {
      getTypeParser: ((oid: number) =>
        oid === INT8_OID ? Number : pgModule.types.getTypeParser(oid)) as typeof pgModule.types.getTypeParser,
    },
  });
  const onError = (error: Error) => {
    try {
      options.onConnectionError?.(error);
    } catch {
      // A failing logger must not turn a connection error into a crash.
    }
  };
  // An idle connection dropped by the server: pg-pool discards it and emits 'error' here.
  pool.on('error', onError);
  // A connection lent out when it breaks: pg emits 'error' on the client itself (see the module comment).
  pool.on('connect', (client) => client.on('error', onError));
  return {
    async connect(): Promise<PostgresPoolClient> {
      return new ResilientClient(await pool.connect());
    },
    end: () => pool.end(),
  };
}

/** One lent-out connection: remembers whether it broke, and if so hands it back as broken. */
class ResilientClient implements PostgresPoolClient {
  private broken: Error | undefined;
  constructor(private readonly client: pg.PoolClient) {}

  query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
  query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  query<R>(
    sqlOrCursor: string | PostgresCursor<R>,
    parameters?: ReadonlyArray<unknown>,
  ): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
    if (typeof sqlOrCursor !== 'string') return this.client.query(sqlOrCursor as never) as unknown as PostgresCursor<R>;
    return (
      this.client.query(sqlOrCursor, parameters as unknown[]) as unknown as Promise<PostgresQueryResult<R>>
    ).catch((error: unknown) => {
      if (isBrokenConnection(error)) this.broken = error as Error;
      throw error;
    });
  }

  release(): void {
    // With an error, pg-pool closes the connection instead of keeping it for the next request.
    this.client.release(this.broken ?? undefined);
  }
}

/** The connection itself failed (not the statement): it must not be used again. */
function isBrokenConnection(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | undefined;
  if (typeof e?.code === 'string' && (e.code.startsWith('08') || e.code.startsWith('57P'))) return true;
  return (
    typeof e?.message === 'string' &&
    /Query read timeout|Connection terminated|ECONNRESET|EPIPE|not queryable/i.test(e.message)
  );
}
