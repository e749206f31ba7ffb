/**
 * Snapshots: how a dataset (one source's records, or the CMS relationship feed) is replaced without a reader
 * ever seeing half of it, and without one long transaction that would hold up lookups and their audit writes.
 *
 * 1. `SnapshotLoad.start` hands out a new snapshot id (recorded in `source_load` with the process running the load,
 *    which also stops two loads of the same dataset running at once: load-holder.ts tells a dead holder from a live
 *    one) and clears rows left behind by a load that crashed.
 * 2. `write` inserts the new rows in batches, each its own short statement (or, given a `BatchWriter`, its own
 *    bulk insert: SQL Server, sources/mssql-bulk.ts). Readers do not see them: the dataset's pointer
 *    (`source.snapshot_id`, `relationship_feed.snapshot_id`) still names the old snapshot.
 * 3. `commit` switches the pointer and the metadata in one short transaction, then deletes the old snapshot's
 *    rows in batches. `abort` deletes the new snapshot's rows instead and leaves the old data as it was.
 *
 * Readers must read the pointer and the rows in one transaction (lookups do), so that the old rows they are
 * reading are not deleted under them: SQLite in WAL mode gives a read transaction a consistent snapshot; on
 * PostgreSQL that needs REPEATABLE READ (SQL Server: SNAPSHOT), or a `retireDelayMs` longer than any request.
 */
import type { Kysely, Transaction } from 'kysely';
import type { DatabaseKind } from '../db/connect.js';
import type { Database } from '../db/schema.js';
import { describeHolder, holderState, holderText, parseHolder, thisProcess, type LoadHolder } from './load-holder.js';
import { databaseKindOf, idsPerDelete, InsertStatements, rowsPerInsert } from './statement-limits.js';

export type SnapshotTableName = 'source_record' | 'cms_relationship';

export interface SnapshotTarget {
  /** The dataset's name in `source_load`: a service key, or "cms-relationships". */
  dataset: string;
  table: SnapshotTableName;
  /** Rows of this dataset in a shared table: `source_record` holds every service. */
  scope?: { column: 'service'; value: string };
  /** The snapshot readers see now, or undefined when the dataset has never been loaded. */
  currentSnapshot(db: Kysely<Database> | Transaction<Database>): Promise<number | undefined>;
}

/** A load of this dataset is running: its process is alive, or runs elsewhere, and made progress recently. */
export class LoadInProgressError extends Error {
  constructor(dataset: string, startedAt: string, holder: LoadHolder | undefined, alive: boolean) {
    const by = holder ? ` by ${describeHolder(holder)}` : '';
    super(
      alive
        ? `Another load of ${dataset} started at ${startedAt}${by} and is still running. ` +
            'Wait for it to finish, then try again.'
        : `Another load of ${dataset} started at ${startedAt}${by} and may still be running: it made progress less ` +
            `than ${Math.round(STALE_AFTER_MS / 60_000)} minutes ago. Wait for it to finish, then try again. ` +
            'If you know that load has stopped (its machine or process is gone), run again with --break-stale-lock; ' +
            'a load still making progress is never broken.',
    );
    this.name = 'LoadInProgressError';
  }
}

/** Another load switched the dataset while this one was writing: this one is discarded, nothing is overwritten. */
export class ConcurrentLoadError extends Error {
  constructor(dataset: string) {
    super(`Another load of ${dataset} finished while this one was running, so this load was discarded. Run it again if its extract is the newer one.`);
    this.name = 'ConcurrentLoadError';
  }
}

/**
 * Writes a load's batches some other way than INSERT statements: SQL Server's bulk insert (sources/mssql-bulk.ts),
 * which is not limited to 2100 parameters per statement. Each batch is committed when `writeBatch` resolves; the
 * rows stay invisible to readers until the snapshot is switched, and are deleted if the load is aborted.
 */
export interface BatchWriter {
  /** The table it writes: a load of another table writes with INSERT statements as usual. */
  readonly table: SnapshotTableName;
  /** Rows per batch. */
  readonly batchRows: number;
  writeBatch(rows: readonly Row[]): Promise<void>;
}

/** A running load touches its `source_load` row at least this often... */
const HEARTBEAT_MS = 15_000;
/** ...so one silent for this long has crashed and its rows may be cleared. */
export const STALE_AFTER_MS = 5 * 60_000;
/** --break-stale-lock breaks a lock silent for this long (two heartbeats missed), never one still beating. */
export const BREAKABLE_AFTER_MS = 2 * HEARTBEAT_MS;

export interface StartOptions {
  fileName?: string;
  writer?: BatchWriter;
  /**
   * Take over a lock whose holder cannot be checked from here (another machine) once it has been silent for
   * BREAKABLE_AFTER_MS, not STALE_AFTER_MS. A holder known to be alive is never overridden.
   */
  breakStaleLock?: boolean;
}

export type Row = Record<string, unknown>;
type AnyDb = Kysely<any>;

export interface LoadStats {
  fileName?: string;
  rowsRead?: number;
  rowsRejected?: number;
}

export class SnapshotLoad {
  private written = 0;
  private lastBeat = Date.now();
  private finished = false;
  /** This load's INSERTs, the full-size one compiled once (without a writer). */
  private inserts?: InsertStatements;

  private constructor(
    private readonly db: Kysely<Database>,
    private readonly kind: DatabaseKind,
    readonly target: SnapshotTarget,
    readonly snapshotId: number,
    /** The snapshot readers saw when this load started. */
    readonly previousSnapshotId: number | undefined,
    private readonly writer: BatchWriter | undefined,
  ) {}

  /** Rows written so far into the new snapshot. */
  get rowCount(): number {
    return this.written;
  }

  /** `writer`: bulk-insert the rows with it (when it writes this target's table) instead of INSERT statements. */
  static async start(db: Kysely<Database>, target: SnapshotTarget, options: StartOptions = {}): Promise<SnapshotLoad> {
    const kind = databaseKindOf(db);
    const me = thisProcess();
    for (let attempt = 1; ; attempt++) {
      try {
        const { snapshotId, previous } = await db.transaction().execute(async (trx) => {
          const now = new Date();
          const running = await trx
            .selectFrom('source_load')
            .select(['snapshot_id', 'started_at', 'updated_at', 'holder'])
            .where('dataset', '=', target.dataset)
            .where('state', '=', 'loading')
            .execute();
          for (const load of running) {
            const holder = parseHolder(load.holder);
            const state = holderState(holder, me);
            const silentFor = now.getTime() - Date.parse(load.updated_at);
            // A holder alive on this machine but silent for STALE_AFTER_MS has hung: taken over as before (should
            // it wake, its commit finds the dataset switched and discards its load: ConcurrentLoadError).
            const abandoned =
              state === 'dead'
                ? `Abandoned: its ${holder ? describeHolder(holder) : 'process'} is no longer running ` +
                  '(killed or crashed).'
                : silentFor >= STALE_AFTER_MS
                  ? 'Abandoned: the load stopped making progress (crashed, killed or hung).'
                  : state === 'unknown' && options.breakStaleLock && silentFor >= BREAKABLE_AFTER_MS
                    ? `Abandoned: --break-stale-lock, after ${Math.round(silentFor / 1000)} s without progress.`
                    : undefined;
            if (!abandoned) throw new LoadInProgressError(target.dataset, load.started_at, holder, state === 'alive');
            await trx
              .updateTable('source_load')
              .set({ state: 'failed', finished_at: now.toISOString(), detail: abandoned })
              .where('dataset', '=', target.dataset)
              .where('snapshot_id', '=', load.snapshot_id)
              .where('state', '=', 'loading')
              .execute();
          }
          const previous = await target.currentSnapshot(trx);
          const last = await trx
            .selectFrom('source_load')
            .select((eb) => eb.fn.max('snapshot_id').as('max'))
            .where('dataset', '=', target.dataset)
            .executeTakeFirst();
          const snapshotId = Math.max(previous ?? 0, Number(last?.max ?? 0)) + 1;
          await trx
            .insertInto('source_load')
            .values({
              dataset: target.dataset,
              snapshot_id: snapshotId,
              state: 'loading',
              started_at: now.toISOString(),
              updated_at: now.toISOString(),
              finished_at: null,
              file_name: options.fileName ?? null,
              holder: holderText(me),
              rows_read: null,
              rows_rejected: null,
              record_count: null,
              detail: null,
            })
            .execute();
          return { snapshotId, previous };
        });
        const writer = options.writer?.table === target.table ? options.writer : undefined;
        const load = new SnapshotLoad(db, kind, target, snapshotId, previous, writer);
        await load.clearLeftovers();
        return load;
      } catch (error) {
        // Two loads allocating at the same instant collide on the primary key (or SQLite reports busy): retry,
        // and the second one then sees the first one running.
        if (error instanceof LoadInProgressError || attempt >= 5) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
      }
    }
  }

  /**
   * Inserts rows into the new snapshot in batches sized to the database's parameter limit. Accepts a plain
   * iterable (the demo seed) or an async one (a CSV stream); never holds more than one batch.
   */
  async write(rows: Iterable<Row> | AsyncIterable<Row>): Promise<number> {
    this.assertOpen();
    let batch: Row[] = [];
    let batchSize = 0;
    for await (const row of rows as AsyncIterable<Row>) {
      if (batchSize === 0) batchSize = this.writer ? this.writer.batchRows : rowsPerInsert(this.kind, Object.keys(row).length);
      batch.push(row);
      if (batch.length >= batchSize) {
        await this.insert(batch);
        batch = [];
      }
    }
    if (batch.length) await this.insert(batch);
    return this.written;
  }

  /**
   * Makes the new snapshot the one readers see: in one short transaction, checks nobody else switched the
   * dataset meanwhile, runs `switchPointer` (which writes the pointer and metadata), and records the load.
   * Then deletes the old snapshot's rows in batches. Returns whether that clean-up completed; if it did not,
   * the next load clears them.
   */
  async commit(
    switchPointer: (trx: Transaction<Database>, snapshotId: number) => Promise<void>,
    stats: LoadStats = {},
    options: { retireDelayMs?: number } = {},
  ): Promise<{ oldRowsRemoved: boolean }> {
    this.assertOpen();
    await this.db.transaction().execute(async (trx) => {
      const current = await this.target.currentSnapshot(trx);
      const mine = await trx
        .selectFrom('source_load')
        .select('state')
        .where('dataset', '=', this.target.dataset)
        .where('snapshot_id', '=', this.snapshotId)
        .executeTakeFirst();
      if (current !== this.previousSnapshotId || mine?.state !== 'loading') throw new ConcurrentLoadError(this.target.dataset);
      await switchPointer(trx, this.snapshotId);
      const now = new Date().toISOString();
      await trx
        .updateTable('source_load')
        .set({ state: 'current', updated_at: now, finished_at: now, record_count: this.written, ...statsColumns(stats) })
        .where('dataset', '=', this.target.dataset)
        .where('snapshot_id', '=', this.snapshotId)
        .execute();
      if (this.previousSnapshotId !== undefined) {
        await trx
          .updateTable('source_load')
          .set({ state: 'retired', updated_at: now })
          .where('dataset', '=', this.target.dataset)
          .where('snapshot_id', '=', this.previousSnapshotId)
          .execute();
      }
    });
    this.finished = true;
    if (this.previousSnapshotId === undefined) return { oldRowsRemoved: true };
    try {
      // Requests that read the old pointer just before the switch may still be reading its rows; on an engine
      // whose readers do not see one consistent snapshot per transaction, give them time to finish.
      if (options.retireDelayMs) await new Promise((resolve) => setTimeout(resolve, options.retireDelayMs));
      await this.deleteSnapshot(this.previousSnapshotId);
      return { oldRowsRemoved: true };
    } catch {
      return { oldRowsRemoved: false };
    }
  }

  /** Discards the new snapshot: deletes its rows and records why. The data readers see is untouched. */
  async abort(state: 'refused' | 'failed', detail: string, stats: LoadStats = {}): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    try {
      await this.deleteSnapshot(this.snapshotId);
    } finally {
      const now = new Date().toISOString();
      await this.db
        .updateTable('source_load')
        .set({ state, updated_at: now, finished_at: now, record_count: 0, detail: detail.slice(0, 2000), ...statsColumns(stats) })
        .where('dataset', '=', this.target.dataset)
        .where('snapshot_id', '=', this.snapshotId)
        .execute()
        .catch(() => {});
    }
  }

  private assertOpen(): void {
    if (this.finished) throw new Error(`This load of ${this.target.dataset} has already been committed or aborted.`);
  }

  private async insert(batch: Row[]): Promise<void> {
    if (this.writer) {
      await this.writer.writeBatch(batch);
    } else {
      // Every row has the same columns in the same order (one mapper makes them).
      this.inserts ??= new InsertStatements(this.db, this.target.table, Object.keys(batch[0]!));
      const columns = this.inserts.columns;
      await this.db.executeQuery(this.inserts.statement(batch.map((row) => columns.map((column) => row[column]))));
    }
    this.written += batch.length;
    // SQLite calls are synchronous: between batches, let anything else in this process (requests, timers) run.
    await yieldToEventLoop();
    if (Date.now() - this.lastBeat >= HEARTBEAT_MS) {
      this.lastBeat = Date.now();
      await this.db
        .updateTable('source_load')
        .set({ updated_at: new Date().toISOString(), record_count: this.written })
        .where('dataset', '=', this.target.dataset)
        .where('snapshot_id', '=', this.snapshotId)
        .execute();
    }
  }

  /** Rows of this dataset in no snapshot that matters (a crashed load's, or an old one whose deletion stopped). */
  private async clearLeftovers(): Promise<void> {
    let query = (this.db as AnyDb)
      .selectFrom(this.target.table)
      .select('snapshot_id')
      .distinct()
      .where('snapshot_id', '<>', this.snapshotId);
    if (this.previousSnapshotId !== undefined) query = query.where('snapshot_id', '<>', this.previousSnapshotId);
    if (this.target.scope) query = query.where(this.target.scope.column, '=', this.target.scope.value);
    const leftovers = (await query.execute()) as Array<{ snapshot_id: number }>;
    for (const { snapshot_id } of leftovers) await this.deleteSnapshot(snapshot_id);
  }

  /** Deletes one snapshot's rows a batch at a time, each batch its own short statement. */
  private async deleteSnapshot(snapshotId: number): Promise<void> {
    const db = this.db as AnyDb;
    const perBatch = idsPerDelete(this.kind);
    for (;;) {
      let select = db.selectFrom(this.target.table).select('id').where('snapshot_id', '=', snapshotId);
      if (this.target.scope) select = select.where(this.target.scope.column, '=', this.target.scope.value);
      select = this.kind === 'mssql' ? select.top(perBatch) : select.limit(perBatch);
      const ids = ((await select.execute()) as Array<{ id: number }>).map((r) => r.id);
      if (ids.length === 0) return;
      await db.deleteFrom(this.target.table).where('id', 'in', ids).execute();
      if (ids.length < perBatch) return;
      await yieldToEventLoop();
    }
  }
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function statsColumns(stats: LoadStats) {
  return {
    ...(stats.fileName !== undefined ? { file_name: stats.fileName.slice(0, 300) } : {}),
    ...(stats.rowsRead !== undefined ? { rows_read: stats.rowsRead } : {}),
    ...(stats.rowsRejected !== undefined ? { rows_rejected: stats.rowsRejected } : {}),
  };
}
