/**
 * A load given a batch writer (SQL Server: the ingest command passes the `mssql` bulk insert, sources/mssql-bulk.ts)
 * writes every record through it, in its batch size, and keeps the snapshot rules: the rows are the ones an
 * INSERT load stores, readers see them only after the switch, and a writer failing part-way leaves the old data
 * exactly as it was with none of the written batches left behind.
 *
 * The writer here inserts through kysely on the test database, counting its batches: what is tested is the load's
 * use of it; the bulk insert itself is checked against the migrations in mssql-compile.test.ts and runs for real
 * in the SQL Server suite (FC_TEST_MSSQL), where the ingest CLI opens it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { mappingPath } from '../../fixtures/extracts/write-extracts.js';
import { ingestExtract, type IngestOptions } from '../../server/src/ingest/ingest-extract.js';
import type { BatchWriter, Row } from '../../server/src/sources/snapshots.js';
import { housingCsv, NOW, openTestDb, type TestDb } from './ingest-helpers.js';

const COMPARED = ['source_person_id', 'first_name', 'last_name', 'date_of_birth', 'postcode', 'involvement', 'start_date', 'end_date', 'details', 'contact_name'] as const;

describe('loading through a batch writer (the SQL Server bulk insert path)', () => {
  let t: TestDb;

  const load = (file: string, over: Partial<IngestOptions> = {}) =>
    ingestExtract({ db: t.db, dataset: 'housing', file, mapping: mappingPath('housing'), asOf: '2026-11-20', now: NOW, force: true, ...over });

  /** A writer inserting with kysely, remembering each batch's size; `failOn`: throw on that batch (1-based). */
  function countingWriter(batchRows: number, failOn?: number): BatchWriter & { batches: number[] } {
    const batches: number[] = [];
    return {
      table: 'source_record',
      batchRows,
      batches,
      async writeBatch(rows: readonly Row[]) {
        if (batches.length + 1 === failOn) throw new Error('the bulk insert lost its connection');
        await t.db.insertInto('source_record').values(rows as never).execute();
        batches.push(rows.length);
      },
    };
  }

  async function visibleRows() {
    const source = await t.db.selectFrom('source').select(['snapshot_id', 'record_count', 'last_updated']).where('service', '=', 'housing').executeTakeFirstOrThrow();
    const rows = await t.db.selectFrom('source_record').select(COMPARED).where('service', '=', 'housing').where('snapshot_id', '=', source.snapshot_id).orderBy('source_person_id').orderBy('id').execute();
    const all = await t.db.selectFrom('source_record').select((eb) => eb.fn.countAll<number>().as('n')).where('service', '=', 'housing').executeTakeFirstOrThrow();
    return { source, rows, stray: Number(all.n) - rows.length };
  }

  before(async () => {
    t = await openTestDb();
  });
  after(() => t.close());

  it('writes every record through the writer, in its batch size, and stores what an INSERT load stores', async () => {
    const file = t.file('housing-1234.csv', housingCsv(1234));
    assert.equal((await load(file)).outcome, 'loaded');
    const byInsert = await visibleRows();
    assert.equal(byInsert.rows.length, 1234);

    const writer = countingWriter(500);
    const summary = await load(file, { writer });
    assert.equal(summary.outcome, 'loaded');
    assert.deepEqual(writer.batches, [500, 500, 234]);
    const byWriter = await visibleRows();
    assert.notEqual(byWriter.source.snapshot_id, byInsert.source.snapshot_id, 'a new snapshot');
    assert.equal(byWriter.source.record_count, 1234);
    assert.deepEqual(byWriter.rows, byInsert.rows);
    assert.equal(byWriter.stray, 0, 'the old snapshot was retired');
  });

  it('a writer failing part-way fails the load and leaves the old data, with no written batch left behind', async () => {
    const before = await visibleRows();
    const writer = countingWriter(300, 4);
    await assert.rejects(load(t.file('housing-2000.csv', housingCsv(2000)), { writer }), /lost its connection/);
    assert.deepEqual(writer.batches, [300, 300, 300], 'three batches were written before the failure');
    const now = await visibleRows();
    assert.deepEqual(now, before);
    const last = await t.db.selectFrom('source_load').select(['state']).where('dataset', '=', 'housing').orderBy('snapshot_id', 'desc').executeTakeFirstOrThrow();
    assert.equal(last.state, 'failed');
  });

  it('a dry run writes nothing through the writer', async () => {
    const writer = countingWriter(100);
    const summary = await load(t.file('housing-dry.csv', housingCsv(400)), { writer, dryRun: true });
    assert.equal(summary.outcome, 'checked');
    assert.deepEqual(writer.batches, []);
  });
});
