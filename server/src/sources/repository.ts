/**
 * Reading and replacing source data. A reload is atomic for readers (they see the old snapshot or the new one)
 * without one long transaction: see snapshots.ts for how.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database, NewSourceRecordRow, SourceRow } from '../db/schema.js';
import { executeCompiled } from '../matching/compiled-queries.js';
import { normaliseName, normalisePostcode } from '../matching/normalise.js';
import { SnapshotLoad, type LoadStats, type SnapshotTarget, type StartOptions } from './snapshots.js';
import type { SourceMetadata, SourceRecordData } from './types.js';

type Db = Kysely<Database> | Transaction<Database>;

export async function listSources(db: Db): Promise<SourceRow[]> {
  return executeCompiled(db, 'sources', [], () => db.selectFrom('source').selectAll().orderBy('service'));
}

export async function getSource(db: Db, service: string): Promise<SourceRow | undefined> {
  return db.selectFrom('source').selectAll().where('service', '=', service).executeTakeFirst();
}

export interface ReplaceResult {
  service: string;
  recordCount: number;
  previousCount: number;
  snapshotId: number;
  /** False when the old snapshot's rows could not all be deleted (the next load clears them). */
  oldRowsRemoved: boolean;
}

export interface ReplaceOptions {
  loadedAt: Date;
  /** For the load history: the extract's file name and row counts. */
  stats?: LoadStats;
  /**
   * Runs after every row is written and before readers are switched to them; throwing here discards the new
   * snapshot and leaves the old data as it was (the ingest command's checks: shrinkage, truncation...).
   */
  beforeSwitch?: (load: SourceLoad) => Promise<void> | void;
}

/**
 * Replaces one source's records and metadata. Records may be a plain iterable (the demo seed) or an async one
 * (a CSV stream): they are written in batches under a new snapshot, then readers are switched to it in one
 * short transaction, then the old snapshot is deleted. A failure anywhere leaves the previous data as it was.
 */
export async function replaceSourceData(
  db: Kysely<Database>,
  metadata: SourceMetadata,
  records: Iterable<SourceRecordData> | AsyncIterable<SourceRecordData>,
  options: ReplaceOptions,
): Promise<ReplaceResult> {
  const load = await SourceLoad.start(db, metadata.service, { fileName: options.stats?.fileName });
  try {
    await load.write(records);
    await options.beforeSwitch?.(load);
    return await load.commit(metadata, { loadedAt: options.loadedAt, stats: options.stats });
  } catch (error) {
    await load.abort('failed', error instanceof Error ? error.message : String(error), options.stats).catch(() => {});
    throw error;
  }
}

/** One running load of a source, for callers that decide at the end whether to switch (the ingest command). */
export class SourceLoad {
  private constructor(
    private readonly db: Kysely<Database>,
    readonly service: string,
    private readonly snapshot: SnapshotLoad,
    /** The source as readers saw it when the load started. */
    readonly previous: SourceRow | undefined,
  ) {}

  /** `writer`: write the records with it (SQL Server's bulk insert, mssql-bulk.ts) instead of INSERT statements. */
  static async start(db: Kysely<Database>, service: string, options: StartOptions = {}): Promise<SourceLoad> {
    const snapshot = await SnapshotLoad.start(db, sourceTarget(service), options);
    const previous = await getSource(db, service);
    return new SourceLoad(db, service, snapshot, previous?.snapshot_id === snapshot.previousSnapshotId ? previous : undefined);
  }

  get snapshotId(): number {
    return this.snapshot.snapshotId;
  }

  /** Records written so far. */
  get recordCount(): number {
    return this.snapshot.rowCount;
  }

  get previousCount(): number {
    return this.previous?.record_count ?? 0;
  }

  async write(records: Iterable<SourceRecordData> | AsyncIterable<SourceRecordData>): Promise<number> {
    const service = this.service;
    const snapshotId = this.snapshotId;
    async function* rows() {
      for await (const record of records as AsyncIterable<SourceRecordData>) yield toRow(service, snapshotId, record);
    }
    return this.snapshot.write(rows());
  }

  /** `retireDelayMs`: wait this long after the switch before deleting the old snapshot (see snapshots.ts). */
  async commit(metadata: SourceMetadata, options: { loadedAt: Date; stats?: LoadStats; retireDelayMs?: number }): Promise<ReplaceResult> {
    if (metadata.service !== this.service) throw new Error(`Metadata for ${metadata.service} given to a load of ${this.service}`);
    const recordCount = this.recordCount;
    const { oldRowsRemoved } = await this.snapshot.commit(async (trx, snapshotId) => {
      const row: SourceRow = {
        service: metadata.service,
        name: metadata.name,
        area: metadata.area,
        area_postcodes: JSON.stringify(metadata.areaPostcodes),
        notes: metadata.notes ?? null,
        last_updated: metadata.lastUpdated,
        coverage_from: metadata.coverageFrom ?? null,
        coverage_to: metadata.coverageTo ?? null,
        freshness_days: metadata.freshnessDays,
        snapshot_id: snapshotId,
        record_count: recordCount,
        loaded_at: options.loadedAt.toISOString(),
      };
      if (this.previous) await trx.updateTable('source').set(row).where('service', '=', metadata.service).execute();
      else await trx.insertInto('source').values(row).execute();
    }, options.stats, { retireDelayMs: options.retireDelayMs });
    return { service: this.service, recordCount, previousCount: this.previousCount, snapshotId: this.snapshotId, oldRowsRemoved };
  }

  async abort(state: 'refused' | 'failed', detail: string, stats?: LoadStats): Promise<void> {
    await this.snapshot.abort(state, detail, stats);
  }
}

function sourceTarget(service: string): SnapshotTarget {
  return {
    dataset: service,
    table: 'source_record',
    scope: { column: 'service', value: service },
    async currentSnapshot(db) {
      const row = await db.selectFrom('source').select('snapshot_id').where('service', '=', service).executeTakeFirst();
      return row?.snapshot_id;
    },
  };
}

function toRow(service: string, snapshotId: number, r: SourceRecordData): NewSourceRecordRow {
  return {
    service,
    snapshot_id: snapshotId,
    source_person_id: r.sourcePersonId,
    first_name: r.firstName,
    last_name: r.lastName,
    // Within the column's 100 characters: normalising can lengthen a name (ß → ss, Æ → ae).
    first_name_norm: normaliseName(r.firstName).slice(0, 100),
    last_name_norm: normaliseName(r.lastName).slice(0, 100),
    date_of_birth: r.dateOfBirth ?? null,
    gender: r.gender ?? null,
    address: r.address ?? null,
    postcode: normalisePostcode(r.postcode) ?? null,
    nhs_number: r.nhsNumber ?? null,
    upn: r.upn ?? null,
    cms_id: r.cmsId ?? null,
    involvement: r.involvement,
    organisation: r.organisation ?? null,
    contact_name: r.contact?.name ?? null,
    contact_role: r.contact?.role ?? null,
    contact_phone: r.contact?.phone ?? null,
    contact_email: r.contact?.email ?? null,
    start_date: r.startDate ?? null,
    end_date: r.endDate ?? null,
    last_contact: r.lastContact ?? null,
    details: JSON.stringify(r.details ?? {}),
  };
}
