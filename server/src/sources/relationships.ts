/**
 * The CMS relationship feed: which people the case-management system links to which child, and when. Loaded
 * like a source (snapshots, atomic switch); read by the link policy ("is this person linked to this child now?").
 */
import type { Kysely, Transaction } from 'kysely';
import type { CmsRelationshipTable, Database, RelationshipFeedTable } from '../db/schema.js';
import { executeCompiled } from '../matching/compiled-queries.js';
import { normalisePostcode } from '../matching/normalise.js';
import { SnapshotLoad, type LoadStats, type SnapshotTarget, type StartOptions } from './snapshots.js';
import type { RelationshipFeedMetadata, RelationshipRecordData } from './types.js';

type Db = Kysely<Database> | Transaction<Database>;

/** The dataset name of the feed in `source_load` and on the ingest command line. */
export const RELATIONSHIP_DATASET = 'cms-relationships';
const FEED = 'cms';

export type RelationshipFeedRow = RelationshipFeedTable;

export async function getRelationshipFeed(db: Db): Promise<RelationshipFeedRow | undefined> {
  return (await executeCompiled(db, 'relationship-feed', [FEED], () => db.selectFrom('relationship_feed').selectAll().where('feed', '=', FEED)))[0];
}

/** The loaded feed, read at most once: one request's steps (people, link policy) share the read. */
export type FeedReader = () => Promise<RelationshipFeedRow | undefined>;

export function feedReader(db: Db): FeedReader {
  let read: Promise<RelationshipFeedRow | undefined> | undefined;
  return () => (read ??= getRelationshipFeed(db));
}

/**
 * Whether the feed links `personCmsId` to `childCmsId` on `today` (a link with no start date started long ago;
 * one with no end date has not ended). Undefined when no feed is loaded: the caller cannot know.
 */
export async function isLinkedToChild(db: Db, childCmsId: string, personCmsId: string, today: string): Promise<boolean | undefined> {
  const feed = await getRelationshipFeed(db);
  if (!feed) return undefined;
  return (await linkedPersonIds(db, feed, childCmsId, today)).has(personCmsId);
}

/** How the feed describes a person (one row's details): what the link policy compares the page's details with. */
export interface LinkedDescription {
  firstName: string | null;
  lastName: string | null;
  dateOfBirth: string | null;
  /** As the CMS wrote them, joined by ";" (as stored). */
  previousLastNames: string | null;
  /** Normalised (as stored). */
  postcode?: string | null;
  previousPostcodes?: string | null;
}

const FEED_PERSON_COLUMNS = [
  'person_cms_id',
  'first_name',
  'last_name',
  'date_of_birth',
  'gender',
  'address',
  'postcode',
  'previous_last_names',
  'previous_postcodes',
] as const;
export type FeedPerson = Pick<CmsRelationshipTable, (typeof FEED_PERSON_COLUMNS)[number]>;

/**
 * Every way the feed describes these people, wherever it lists them (linked to any child), one row per distinct
 * description: a GP or social worker linked to hundreds of children is one row, not hundreds. One statement, read
 * once per lookup and shared by the people step (names, history) and the link policy (do the details fit?).
 */
export async function feedPeople(db: Db, feed: RelationshipFeedRow, ids: readonly string[]): Promise<FeedPerson[]> {
  if (ids.length === 0) return [];
  return executeCompiled(db, `feed-people:${ids.length}`, [feed.snapshot_id, ...ids], () =>
    db.selectFrom('cms_relationship').select(FEED_PERSON_COLUMNS).distinct().where('snapshot_id', '=', feed.snapshot_id).where('person_cms_id', 'in', ids),
  );
}

/** The rows above as descriptions, by CMS id. */
export function descriptionsById(rows: readonly FeedPerson[]): Map<string, LinkedDescription[]> {
  const byId = new Map<string, LinkedDescription[]>();
  for (const r of rows) byId.set(r.person_cms_id, [...(byId.get(r.person_cms_id) ?? []), describeRow(r)]);
  return byId;
}

type DescribedColumns = 'first_name' | 'last_name' | 'date_of_birth' | 'previous_last_names' | 'postcode' | 'previous_postcodes';

function describeRow(r: Pick<CmsRelationshipTable, DescribedColumns>): LinkedDescription {
  return {
    firstName: r.first_name,
    lastName: r.last_name,
    dateOfBirth: r.date_of_birth,
    previousLastNames: r.previous_last_names,
    postcode: r.postcode,
    previousPostcodes: r.previous_postcodes,
  };
}

/** One current row of the feed linking a person to a child: how it calls them, and how it describes them. */
export interface ChildLink {
  relationship: string;
  category: string | null;
  description: LinkedDescription;
}

/**
 * The people a loaded feed snapshot links to a child on `today`, by CMS id (the child's own row, person = child,
 * included): the link policy's question, answered from the (snapshot, child, person) index and the rows it finds.
 */
export async function currentLinks(db: Db, feed: RelationshipFeedRow, childCmsId: string, today: string): Promise<Map<string, ChildLink[]>> {
  const rows = await executeCompiled(db, 'current-links', [feed.snapshot_id, childCmsId, today, today], () =>
    db
      .selectFrom('cms_relationship')
      .select(['person_cms_id', 'relationship', 'category', 'first_name', 'last_name', 'date_of_birth', 'previous_last_names', 'postcode', 'previous_postcodes'])
      .where('snapshot_id', '=', feed.snapshot_id)
      .where('child_cms_id', '=', childCmsId)
      .where((eb) => eb.or([eb('start_date', 'is', null), eb('start_date', '<=', today)]))
      .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>=', today)])),
  );
  const links = new Map<string, ChildLink[]>();
  for (const r of rows) {
    const link: ChildLink = {
      relationship: r.relationship,
      category: r.category,
      description: describeRow(r),
    };
    links.set(r.person_cms_id, [...(links.get(r.person_cms_id) ?? []), link]);
  }
  return links;
}

/** The CMS ids of the people a loaded feed snapshot links to a child on `today`. */
export async function linkedPersonIds(db: Db, feed: RelationshipFeedRow, childCmsId: string, today: string): Promise<Set<string>> {
  return new Set((await currentLinks(db, feed, childCmsId, today)).keys());
}

/** The people the feed links to a child on `today`, or undefined when no feed is loaded. */
export async function linkedPeople(db: Db, childCmsId: string, today: string): Promise<RelationshipRecordData[] | undefined> {
  const feed = await getRelationshipFeed(db);
  if (!feed) return undefined;
  const rows = await executeCompiled(db, 'linked-people', [feed.snapshot_id, childCmsId, today, today], () =>
    db
      .selectFrom('cms_relationship')
      .selectAll()
      .where('snapshot_id', '=', feed.snapshot_id)
      .where('child_cms_id', '=', childCmsId)
      .where((eb) => eb.or([eb('start_date', 'is', null), eb('start_date', '<=', today)]))
      .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>=', today)]))
      .orderBy('id'),
  );
  return rows.map((r) => ({
    childCmsId: r.child_cms_id,
    personCmsId: r.person_cms_id,
    relationship: r.relationship,
    ...(r.start_date ? { startDate: r.start_date } : {}),
    ...(r.end_date ? { endDate: r.end_date } : {}),
    ...(r.first_name ? { firstName: r.first_name } : {}),
    ...(r.last_name ? { lastName: r.last_name } : {}),
    ...(r.date_of_birth ? { dateOfBirth: r.date_of_birth } : {}),
    ...(r.gender ? { gender: r.gender as RelationshipRecordData['gender'] } : {}),
    ...(r.address ? { address: r.address } : {}),
    ...(r.postcode ? { postcode: r.postcode } : {}),
    ...personHistory(r),
  }));
}

/** A list of surnames or postcodes as stored in `cms_relationship` (";" between values), or null when empty. */
function joinList(values: ReadonlyArray<string | undefined> | undefined): string | null {
  const kept = [...new Set((values ?? []).filter((v): v is string => Boolean(v)))];
  return kept.length ? kept.join(';') : null;
}

/** The person's previous surnames and postcodes from a `cms_relationship` row. */
export function personHistory(r: { previous_last_names: string | null; previous_postcodes: string | null }): Pick<RelationshipRecordData, 'previousLastNames' | 'previousPostcodes'> {
  return {
    ...(r.previous_last_names ? { previousLastNames: r.previous_last_names.split(';') } : {}),
    ...(r.previous_postcodes ? { previousPostcodes: r.previous_postcodes.split(';') } : {}),
  };
}

export interface RelationshipReplaceResult {
  recordCount: number;
  previousCount: number;
  snapshotId: number;
  oldRowsRemoved: boolean;
}

/** One running load of the feed (the ingest command decides at the end whether to switch). */
export class RelationshipLoad {
  private constructor(
    private readonly snapshot: SnapshotLoad,
    readonly previous: RelationshipFeedRow | undefined,
  ) {}

  static async start(db: Kysely<Database>, options: Omit<StartOptions, 'writer'> = {}): Promise<RelationshipLoad> {
    const snapshot = await SnapshotLoad.start(db, relationshipTarget, options);
    const previous = await getRelationshipFeed(db);
    return new RelationshipLoad(snapshot, previous?.snapshot_id === snapshot.previousSnapshotId ? previous : undefined);
  }

  get snapshotId(): number {
    return this.snapshot.snapshotId;
  }

  get recordCount(): number {
    return this.snapshot.rowCount;
  }

  get previousCount(): number {
    return this.previous?.record_count ?? 0;
  }

  async write(records: Iterable<RelationshipRecordData> | AsyncIterable<RelationshipRecordData>): Promise<number> {
    const snapshotId = this.snapshotId;
    async function* rows() {
      for await (const r of records as AsyncIterable<RelationshipRecordData>) {
        yield {
          snapshot_id: snapshotId,
          child_cms_id: r.childCmsId,
          person_cms_id: r.personCmsId,
          relationship: r.relationship,
          start_date: r.startDate ?? null,
          end_date: r.endDate ?? null,
          first_name: r.firstName ?? null,
          last_name: r.lastName ?? null,
          date_of_birth: r.dateOfBirth ?? null,
          gender: r.gender ?? null,
          address: r.address ?? null,
          postcode: normalisePostcode(r.postcode) ?? null,
          previous_last_names: joinList(r.previousLastNames?.map((n) => n.trim())),
          previous_postcodes: joinList(r.previousPostcodes?.map((p) => normalisePostcode(p))),
          category: r.category ?? null,
        };
      }
    }
    return this.snapshot.write(rows());
  }

  async commit(metadata: RelationshipFeedMetadata, options: { loadedAt: Date; stats?: LoadStats; retireDelayMs?: number }): Promise<RelationshipReplaceResult> {
    const recordCount = this.recordCount;
    const { oldRowsRemoved } = await this.snapshot.commit(async (trx, snapshotId) => {
      const row: RelationshipFeedRow = {
        feed: FEED,
        name: metadata.name,
        notes: metadata.notes ?? null,
        last_updated: metadata.lastUpdated,
        freshness_days: metadata.freshnessDays,
        snapshot_id: snapshotId,
        record_count: recordCount,
        loaded_at: options.loadedAt.toISOString(),
      };
      if (this.previous) await trx.updateTable('relationship_feed').set(row).where('feed', '=', FEED).execute();
      else await trx.insertInto('relationship_feed').values(row).execute();
    }, options.stats, { retireDelayMs: options.retireDelayMs });
    return { recordCount, previousCount: this.previousCount, snapshotId: this.snapshotId, oldRowsRemoved };
  }

  async abort(state: 'refused' | 'failed', detail: string, stats?: LoadStats): Promise<void> {
    await this.snapshot.abort(state, detail, stats);
  }
}

/** Replaces the whole feed (tests and seeding); the ingest command uses RelationshipLoad to check before switching. */
export async function replaceRelationshipFeed(
  db: Kysely<Database>,
  metadata: RelationshipFeedMetadata,
  records: Iterable<RelationshipRecordData> | AsyncIterable<RelationshipRecordData>,
  options: { loadedAt: Date },
): Promise<RelationshipReplaceResult> {
  const load = await RelationshipLoad.start(db);
  try {
    await load.write(records);
    return await load.commit(metadata, options);
  } catch (error) {
    await load.abort('failed', error instanceof Error ? error.message : String(error)).catch(() => {});
    throw error;
  }
}

const relationshipTarget: SnapshotTarget = {
  dataset: RELATIONSHIP_DATASET,
  table: 'cms_relationship',
  async currentSnapshot(db) {
    return (await getRelationshipFeed(db))?.snapshot_id;
  },
};
