/**
 * Bulk loading into SQL Server with the `mssql` package's bulk insert (TDS bulk load): a source extract of a
 * million rows goes in as a few hundred bulk batches instead of tens of thousands of INSERT statements, which
 * SQL Server also caps at 2100 parameters and 1000 rows each.
 *
 * For the load code (sources/snapshots.ts) on SQL Server: the ingest command opens a `BulkLoader` on FC_DB's
 * address and gives it to the load, which writes the new snapshot's rows through it in batches (readers do not
 * see them until the snapshot is switched), then closes it. The columns sent are `SOURCE_RECORD_COLUMNS`, which mirror the migrations; a test
 * (test/server/mssql-compile.test.ts) checks them against the migrations' SQL Server DDL.
 */
import mssql, { type Table } from 'mssql';
import type { NewSourceRecordRow } from '../db/schema.js';
import { DatabaseConnectionError, parseDatabaseUrl } from '../db/connect.js';
import type { BatchWriter } from './snapshots.js';

export interface BulkColumn<Row> {
  name: keyof Row & string;
  /** nvarchar length, 'max', or 'int'. */
  type: number | 'max' | 'int';
  nullable: boolean;
}

/** source_record's columns but the identity id, as the migrations create them on SQL Server. */
export const SOURCE_RECORD_COLUMNS: ReadonlyArray<BulkColumn<NewSourceRecordRow>> = [
  { name: 'service', type: 64, nullable: false },
  { name: 'snapshot_id', type: 'int', nullable: false },
  { name: 'source_person_id', type: 100, nullable: false },
  { name: 'first_name', type: 100, nullable: false },
  { name: 'last_name', type: 100, nullable: false },
  { name: 'first_name_norm', type: 100, nullable: false },
  { name: 'last_name_norm', type: 100, nullable: false },
  { name: 'date_of_birth', type: 10, nullable: true },
  { name: 'gender', type: 10, nullable: true },
  { name: 'address', type: 300, nullable: true },
  { name: 'postcode', type: 10, nullable: true },
  { name: 'nhs_number', type: 20, nullable: true },
  { name: 'upn', type: 20, nullable: true },
  { name: 'cms_id', type: 64, nullable: true },
  { name: 'involvement', type: 10, nullable: false },
  { name: 'organisation', type: 200, nullable: true },
  { name: 'contact_name', type: 200, nullable: true },
  { name: 'contact_role', type: 200, nullable: true },
  { name: 'contact_phone', type: 40, nullable: true },
  { name: 'contact_email', type: 200, nullable: true },
  { name: 'start_date', type: 10, nullable: true },
  { name: 'end_date', type: 10, nullable: true },
  { name: 'last_contact', type: 10, nullable: true },
  { name: 'details', type: 'max', nullable: false },
];

/** Rows per bulk batch: large enough to amortise the round trip, small enough to keep memory flat. */
export const BULK_BATCH_ROWS = 5000;

/** An mssql.Table holding `rows`, with the columns typed as the migrations declare them. */
export function bulkTable<Row>(name: string, columns: ReadonlyArray<BulkColumn<Row>>, rows: readonly Row[]): Table {
  const table = new mssql.Table(name);
  table.create = false;
  for (const column of columns) {
    const type = column.type === 'int' ? mssql.Int : mssql.NVarChar(column.type === 'max' ? mssql.MAX : column.type);
    table.columns.add(column.name, type, { nullable: column.nullable });
  }
  for (const row of rows) {
    const values = columns.map((c) => {
      const value = row[c.name];
      if (value === null || value === undefined) {
        if (!c.nullable) throw new BulkRowError(`${name}.${c.name} is empty in a row to load, and it is required`);
        return null;
      }
      if (typeof c.type === 'number' && typeof value === 'string' && value.length > c.type) {
        throw new BulkRowError(`${name}.${c.name} is ${value.length} characters long in a row to load; the column holds at most ${c.type}`);
      }
      return value;
    });
    table.rows.add(...values);
  }
  return table;
}

export class BulkRowError extends Error {
  override name = 'BulkRowError';
}

/**
 * Writes a source load's batches of `source_record` rows with the bulk insert (snapshots.ts BatchWriter): the
 * ingest command passes one to the load when FC_DB is SQL Server.
 */
export interface BulkLoader extends BatchWriter {
  close(): Promise<void>;
}

/** Opens a bulk loader on an `mssql://user:password@host:port/database?encrypt=...` address (FC_DB). */
export async function openBulkLoader(location: string): Promise<BulkLoader> {
  const target = parseDatabaseUrl(location);
  if (target.kind !== 'mssql') throw new Error(`Bulk loading is for SQL Server; FC_DB names ${target.kind}`);
  const url = new URL(target.location);
  const pool = new mssql.ConnectionPool({
    server: url.hostname,
    port: url.port ? Number(url.port) : 1433,
    database: decodeURIComponent(url.pathname.replace(/^\//, '')) || 'master',
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    // Fail fast, as the server's own pool does (db/connect.ts): a wrong address is an error in seconds, not minutes.
    connectionTimeout: 5000,
    requestTimeout: 120_000,
    pool: { min: 0, max: 1 },
    options: {
      encrypt: url.searchParams.get('encrypt') !== 'false',
      trustServerCertificate: url.searchParams.get('trustServerCertificate') === 'true',
    },
  });
  try {
    await pool.connect();
  } catch (error) {
    throw new DatabaseConnectionError(target, error);
  }
  return {
    table: 'source_record',
    batchRows: BULK_BATCH_ROWS,
    async writeBatch(rows) {
      // keepNulls: a missing value stays NULL (not a column default); no table lock, so lookups go on during a load.
      await pool.request().bulk(bulkTable('source_record', SOURCE_RECORD_COLUMNS, rows as readonly NewSourceRecordRow[]), { keepNulls: true, tableLock: false });
    },
    close: () => pool.close(),
  };
}
