/**
 * Unreadable rows: extract rows the ingest rejected. Each could be about someone a social worker looks up, so a
 * source cannot answer "no records" for a person one of them might describe. What could still be read of the row
 * (normalised surname and first name, date of birth, postcode) is kept with the load's snapshot; the rejected
 * values themselves are not (they are in the rejection report, beside the extract).
 *
 * A row "could be" a person whenever matching might have shown it for them had it loaded:
 * - nothing identifying could be read from it at all;
 * - its surname is theirs (or one of their previous surnames), or its date of birth is theirs (or its day/month swap);
 * - with their first name (or none readable): its surname sounds like theirs (a spelling slip, one part of a
 *   double-barrelled name: the blocking keys' Soundex forms), or its surname is unreadable and its date of birth
 *   is one digit away from theirs.
 */
import type { Insertable, Kysely, Transaction } from 'kysely';
import type { Database, SourceRow, SourceUnreadableTable } from '../db/schema.js';
import { executeCompiled } from '../matching/compiled-queries.js';
import { normaliseDate, normaliseName, normalisePostcode, swappedDate } from '../matching/normalise.js';
import { surnameSounds } from '../matching/blocking.js';
import { compareDateOfBirth } from '../matching/compare.js';
import type { MatchPerson } from '../matching/score.js';
import { databaseKindOf, rowsPerInsert } from './statement-limits.js';

type Db = Kysely<Database> | Transaction<Database>;

export type UnreadableRow = Pick<SourceUnreadableTable, 'row_number' | 'first_name_norm' | 'last_name_norm' | 'date_of_birth' | 'reason'>;

/** What could be read of a rejected row, in the extract's terms. */
export interface UnreadableRowInput {
  row: number;
  firstName?: string;
  lastName?: string;
  dateOfBirth?: string;
  postcode?: string;
  /** Which columns could not be read and why, never their values. */
  reason: string;
}

const BATCH = 500;

/** Writes a load's unreadable rows under its (not yet visible) snapshot id, in batches. */
export class UnreadableRowWriter {
  private batch: Insertable<SourceUnreadableTable>[] = [];
  private readonly perInsert: number;
  count = 0;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly service: string,
    private readonly snapshotId: number,
  ) {
    this.perInsert = Math.min(BATCH, rowsPerInsert(databaseKindOf(db), 8));
  }

  async add(input: UnreadableRowInput): Promise<void> {
    const first = input.firstName ? normaliseName(input.firstName) : '';
    const last = input.lastName ? normaliseName(input.lastName) : '';
    this.batch.push({
      service: this.service,
      snapshot_id: this.snapshotId,
      row_number: input.row,
      first_name_norm: first ? first.slice(0, 100) : null,
      last_name_norm: last ? last.slice(0, 100) : null,
      date_of_birth: normaliseDate(input.dateOfBirth) ? input.dateOfBirth! : null,
      postcode: normalisePostcode(input.postcode) ?? null,
      reason: input.reason.slice(0, 500),
    });
    this.count++;
    if (this.batch.length >= this.perInsert) await this.flush();
  }

  async flush(): Promise<void> {
    if (!this.batch.length) return;
    const rows = this.batch;
    this.batch = [];
    await this.db.insertInto('source_unreadable').values(rows).execute();
  }

  /** A refused or failed load: its rows go (readers never saw them). */
  async discard(): Promise<void> {
    this.batch = [];
    await this.db.deleteFrom('source_unreadable').where('service', '=', this.service).where('snapshot_id', '=', this.snapshotId).execute();
  }

  /**
   * After the switch: rows of snapshots older than the one just replaced go (the replaced snapshot's stay until
   * the next load, for requests that were reading it), as do rows of loads that never became current.
   */
  async prune(previousSnapshotId: number | undefined): Promise<void> {
    const keep = [this.snapshotId, ...(previousSnapshotId === undefined ? [] : [previousSnapshotId])];
    await this.db.deleteFrom('source_unreadable').where('service', '=', this.service).where('snapshot_id', 'not in', keep).execute();
  }
}

/** A source as a lookup reads it: with how many rows its current snapshot's load rejected (null: none recorded). */
export type LookupSourceRow = SourceRow & { rows_rejected: number | null };

/** The loaded sources, each with its current load's rejected-row count: one statement. */
export async function listSourcesForLookup(db: Db): Promise<LookupSourceRow[]> {
  return executeCompiled(db as Kysely<Database>, 'sources-for-lookup', [], () =>
    (db as Kysely<Database>)
      .selectFrom('source')
      .leftJoin('source_load', (join) => join.onRef('source_load.dataset', '=', 'source.service').onRef('source_load.snapshot_id', '=', 'source.snapshot_id'))
      .selectAll('source')
      .select('source_load.rows_rejected')
      .orderBy('source.service'),
  );
}

/** For each source (by service), the unreadable rows of its snapshot that could be one of these people. One query. */
export async function findUnreadable(
  db: Db,
  sources: ReadonlyArray<{ service: string; snapshotId: number }>,
  people: readonly MatchPerson[],
): Promise<Map<string, UnreadableRow[]>> {
  const out = new Map<string, UnreadableRow[]>();
  if (!sources.length) return out;
  const surnames = [...new Set(people.flatMap((p) => [p.lastNameNorm, ...(p.previousLastNamesNorm ?? [])]).filter(Boolean))];
  const dates = [...new Set(people.flatMap((p) => (p.dateOfBirth ? [p.dateOfBirth, ...swapped(p.dateOfBirth)] : [])))];
  const firstNames = [...new Set(people.map((p) => p.firstNameNorm).filter(Boolean))];
  // A superset of couldBe (which then decides): the rows of the snapshot are read by (service, snapshot) either way.
  const rows = await executeCompiled(
    db as Kysely<Database>,
    `unreadable:${sources.length}:${surnames.length}:${dates.length}:${firstNames.length}`,
    [...sources.flatMap((s) => [s.service, s.snapshotId]), ...surnames, ...dates, ...firstNames],
    () =>
      db
        .selectFrom('source_unreadable')
        .select(['service', 'row_number', 'first_name_norm', 'last_name_norm', 'date_of_birth', 'reason'])
        .where((eb) => eb.or(sources.map((s) => eb.and([eb('service', '=', s.service), eb('snapshot_id', '=', s.snapshotId)]))))
        .where((eb) =>
          eb.or([
            ...(surnames.length ? [eb('last_name_norm', 'in', surnames)] : []),
            ...(dates.length ? [eb('date_of_birth', 'in', dates)] : []),
            eb.and([eb('last_name_norm', 'is', null), eb('date_of_birth', 'is', null)]),
            ...(firstNames.length ? [eb('first_name_norm', 'in', firstNames)] : []),
            eb('first_name_norm', 'is', null),
          ]),
        ),
  );
  for (const row of rows) {
    const list = out.get(row.service) ?? [];
    list.push(row);
    out.set(row.service, list);
  }
  return out;
}

/** Whether an unreadable row could describe this person (see the module comment). */
export function couldBe(row: UnreadableRow, person: MatchPerson): boolean {
  if (row.last_name_norm === null && row.date_of_birth === null) return true;
  if (row.last_name_norm !== null && (row.last_name_norm === person.lastNameNorm || (person.previousLastNamesNorm ?? []).includes(row.last_name_norm))) return true;
  const dob = compareDateOfBirth(person.dateOfBirth, row.date_of_birth ?? undefined);
  if (dob === 'exact' || dob === 'swapped') return true;
  // Near misses need the first name to agree (or be unreadable), as matching would to show them at all.
  if (row.first_name_norm !== null && row.first_name_norm !== person.firstNameNorm) return false;
  if (row.last_name_norm !== null) {
    const theirs = new Set(surnameSounds(person.lastNameNorm, person.previousLastNamesNorm));
    return surnameSounds(row.last_name_norm).some((sound) => theirs.has(sound));
  }
  return dob === 'oneDigit';
}

function swapped(date: string): string[] {
  const other = swappedDate(date);
  return other ? [other] : [];
}
