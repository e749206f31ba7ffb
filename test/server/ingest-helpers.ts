/**
 * Shared pieces of the ingest tests: a migrated database in a temp folder (SQLite, or the engine FC_TEST_DB
 * names), the example extracts written for a given day, and small hand-written CSV files.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { writeExtracts, type Dataset, type WrittenExtract } from '../../fixtures/extracts/write-extracts.js';
import { openDatabase, parseDatabaseUrl } from '../../server/src/db/connect.js';
import { migrateToLatest } from '../../server/src/db/migrate.js';
import type { Database } from '../../server/src/db/schema.js';
import { createTestDatabase } from './test-database.js';

export const TODAY = '2026-11-21';
export const AS_OF = '2026-11-20';
export const NOW = new Date(`${TODAY}T06:00:00Z`);

export interface TestDb {
  db: Kysely<Database>;
  /** FC_DB for this database (for the CLI and second connections). */
  url: string;
  dir: string;
  /** A file in the temp folder with `content`; returns its path. */
  file(name: string, content: string | Buffer): string;
  close(): Promise<void>;
}

export async function openTestDb(): Promise<TestDb> {
  const dir = mkdtempSync(join(tmpdir(), 'fc-ingest-'));
  const testDb = await createTestDatabase(dir);
  const { db } = await openDatabase(parseDatabaseUrl(testDb.url));
  await migrateToLatest(db);
  return {
    db,
    url: testDb.url,
    dir,
    file(name, content) {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    },
    async close() {
      await db.destroy();
      await testDb.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The example extracts (clean and dirty) for `today`, written into `dir`. */
export async function exampleExtracts(dir: string, today = TODAY): Promise<Record<Dataset, WrittenExtract>> {
  return writeExtracts({ dir, today });
}

export async function countRecords(db: Kysely<Database>, service: string): Promise<number> {
  const row = await db
    .selectFrom('source_record')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('service', '=', service)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A small housing extract in the example mapping's layout, written by hand: `rows` are cells after the header. */
export const HOUSING_HEADER =
  'Tenant Ref,First Name,Last Name,Date of Birth,Gender,Address 1,Address 2,Address 3,Postcode,CMS Person,Landlord,Housing Officer,Officer Role,Officer Phone,Officer Email,Tenancy Start,Tenancy End,Last Contact,ASB,Eviction,NSP,Arrears';

export function housingRow(i: number, over: Partial<Record<'dob' | 'end' | 'asb' | 'forename' | 'surname' | 'postcode', string>> = {}): string {
  return [
    `SH-T${String(i).padStart(5, '0')}`,
    over.forename ?? 'Test',
    over.surname ?? `Person${i}`,
    over.dob ?? '14/03/1980',
    'F',
    `${i} Test Street`,
    'Brinnington',
    'Stockport',
    over.postcode ?? 'SK5 8QT',
    '',
    'Stockport Homes',
    'Alan Birch',
    'Housing officer',
    '0161 496 0789',
    '',
    '01/05/2020',
    over.end ?? '',
    '',
    over.asb ?? 'N',
    'N',
    'N',
    'N',
  ].join(',');
}

/** A housing extract of `count` rows with a correct trailer, as a string (CRLF line ends). */
export function housingCsv(count: number, options: { trailer?: number | null; rows?: string[] } = {}): string {
  const rows = options.rows ?? Array.from({ length: count }, (_, i) => housingRow(i + 1));
  const trailer = options.trailer === null ? [] : [`TRAILER,${options.trailer ?? rows.length}`];
  return [HOUSING_HEADER, ...rows, ...trailer].map((l) => `${l}\r\n`).join('');
}
