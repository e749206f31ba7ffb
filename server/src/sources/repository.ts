/** Reading and replacing source data. A reload is atomic: readers see the old snapshot or the new one. */
import type { Kysely, Transaction } from 'kysely';
import type { Database, NewSourceRecordRow, SourceRow } from '../db/schema.js';
import { normaliseName, normalisePostcode } from '../matching/normalise.js';
import type { SourceMetadata, SourceRecordData } from './types.js';

type Db = Kysely<Database> | Transaction<Database>;

export async function listSources(db: Db): Promise<SourceRow[]> {
  return db.selectFrom('source').selectAll().orderBy('service').execute();
}

export interface ReplaceResult {
  service: string;
  recordCount: number;
  previousCount: number;
  snapshotId: number;
}

/**
 * Replaces one source's records and metadata in a single transaction: the new rows are written under a new
 * snapshot id, the source row is switched to it, and the old snapshot's rows are deleted. A failure anywhere
 * leaves the previous data as it was.
 */
export async function replaceSourceData(
  db: Kysely<Database>,
  metadata: SourceMetadata,
  records: Iterable<SourceRecordData>,
  options: { loadedAt: Date; batchSize?: number },
): Promise<ReplaceResult> {
  return db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('source').selectAll().where('service', '=', metadata.service).executeTakeFirst();
    const snapshotId = (existing?.snapshot_id ?? 0) + 1;
    const batchSize = options.batchSize ?? 400;
    let batch: NewSourceRecordRow[] = [];
    let count = 0;
    for (const record of records) {
      batch.push(toRow(metadata.service, snapshotId, record));
      if (batch.length >= batchSize) {
        await trx.insertInto('source_record').values(batch).execute();
        count += batch.length;
        batch = [];
      }
    }
    if (batch.length) {
      await trx.insertInto('source_record').values(batch).execute();
      count += batch.length;
    }
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
      record_count: count,
      loaded_at: options.loadedAt.toISOString(),
    };
    if (existing) {
      await trx.updateTable('source').set(row).where('service', '=', metadata.service).execute();
      await trx.deleteFrom('source_record').where('service', '=', metadata.service).where('snapshot_id', '<', snapshotId).execute();
    } else {
      await trx.insertInto('source').values(row).execute();
    }
    return { service: metadata.service, recordCount: count, previousCount: existing?.record_count ?? 0, snapshotId };
  });
}

function toRow(service: string, snapshotId: number, r: SourceRecordData): NewSourceRecordRow {
  return {
    service,
    snapshot_id: snapshotId,
    source_person_id: r.sourcePersonId,
    first_name: r.firstName,
    last_name: r.lastName,
    first_name_norm: normaliseName(r.firstName),
    last_name_norm: normaliseName(r.lastName),
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
