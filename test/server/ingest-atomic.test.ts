/**
 * A reload is atomic for readers: a reader on another connection, polling while the new snapshot is written in
 * batches, switched to, and the old one deleted, only ever sees the old total or the new one, never a mixture.
 * The writes are short transactions, so a writer on another connection (a lookup's audit event) is never held
 * up for the whole load.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import { openDatabase, parseDatabaseUrl } from '../../server/src/db/connect.js';
import type { Database } from '../../server/src/db/schema.js';
import { replaceSourceData } from '../../server/src/sources/repository.js';
import type { SourceMetadata, SourceRecordData } from '../../server/src/sources/types.js';
import { NOW, openTestDb, type TestDb } from './ingest-helpers.js';

const OLD = 12_000;
const NEW = 9_000;

function metadata(name: string): SourceMetadata {
  return { service: 'police', name, area: 'Greater Manchester', areaPostcodes: ['M', 'SK'], lastUpdated: '2026-11-20', freshnessDays: 14 };
}

function record(i: number, generation: string): SourceRecordData {
  return { sourcePersonId: `${generation}-${i}`, firstName: 'Alex', lastName: `Person${i % 500}`, dateOfBirth: '1980-01-01', involvement: 'current', details: {} };
}

interface Observation {
  name: string;
  pointerCount: number;
  rows: number;
}

/** What a lookup would see: the source row and the rows of its snapshot, read in one transaction. */
async function observe(reader: Kysely<Database>, kind: string): Promise<Observation> {
  const read = async (trx: Kysely<Database>) => {
    const source = await trx.selectFrom('source').select(['name', 'snapshot_id', 'record_count']).where('service', '=', 'police').executeTakeFirstOrThrow();
    const { n } = await trx
      .selectFrom('source_record')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('service', '=', 'police')
      .where('snapshot_id', '=', source.snapshot_id)
      .executeTakeFirstOrThrow();
    return { name: source.name, pointerCount: source.record_count, rows: Number(n) };
  };
  const tx = reader.transaction();
  return (kind === 'sqlite' ? tx : tx.setIsolationLevel('repeatable read')).execute(read);
}

describe('atomic reload under concurrent reads', () => {
  let t: TestDb;
  let reader: Kysely<Database>;
  let kind: string;
  before(async () => {
    t = await openTestDb();
    const target = parseDatabaseUrl(t.url);
    kind = target.kind;
    ({ db: reader } = await openDatabase(target));
    await replaceSourceData(t.db, metadata('old extract'), Array.from({ length: OLD }, (_, i) => record(i, 'old')), { loadedAt: NOW });
  });
  after(async () => {
    await reader.destroy();
    await t.close();
  });

  it('readers see only the old snapshot or the new one, and a writer is never blocked for the whole load', async () => {
    const seen: Observation[] = [];
    const duringWrite: Observation[] = [];
    let auditWrites = 0;
    let loading = true;

    // A reader polling as fast as it can on its own connection, the whole time.
    const poller = (async () => {
      while (loading) {
        seen.push(await observe(reader, kind));
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();

    // The new records, with a deterministic check between batches: readers still see the old snapshot, and a
    // write on the other connection (what a lookup's audit event does) gets through while the load is running.
    async function* records(): AsyncGenerator<SourceRecordData> {
      for (let i = 0; i < NEW; i++) {
        if (i > 0 && i % 1500 === 0) {
          duringWrite.push(await observe(reader, kind));
          await reader.updateTable('source_load').set({ detail: `probe ${i}` }).where('dataset', '=', 'nobody').execute();
          auditWrites++;
        }
        // Reading a file gives the event loop a turn now and then; so does this.
        if (i % 250 === 0) await new Promise((resolve) => setImmediate(resolve));
        yield record(i, 'new');
      }
    }

    const result = await replaceSourceData(t.db, metadata('new extract'), records(), { loadedAt: NOW });
    loading = false;
    await poller;
    seen.push(await observe(reader, kind));

    assert.equal(result.recordCount, NEW);
    assert.equal(result.previousCount, OLD);
    assert.equal(duringWrite.length, 5);
    assert.equal(auditWrites, 5);
    for (const o of duringWrite) assert.deepEqual(o, { name: 'old extract', pointerCount: OLD, rows: OLD }, 'mid-load, readers see the old snapshot whole');
    assert.ok(seen.length > 2, `the poller ran ${seen.length} times`);
    for (const o of seen) {
      const old = o.name === 'old extract' && o.pointerCount === OLD && o.rows === OLD;
      const fresh = o.name === 'new extract' && o.pointerCount === NEW && o.rows === NEW;
      assert.ok(old || fresh, `a reader saw a mixture: ${JSON.stringify(o)}`);
    }
    assert.deepEqual(seen.at(-1), { name: 'new extract', pointerCount: NEW, rows: NEW });
    const { n } = await t.db
      .selectFrom('source_record')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('service', '=', 'police')
      .executeTakeFirstOrThrow();
    assert.equal(Number(n), NEW, 'the old snapshot is deleted after the switch');
  });
});
