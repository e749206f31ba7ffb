/**
 * Links computed at load time and reused by lookups: after a source (or the CMS relationship feed) is loaded,
 * every CMS person the feed describes is matched to the source's records once, with the same scoring a lookup
 * uses, and the result (including "no records here") is stored in `match_link` with a fingerprint of the
 * details it was computed on.
 *
 * A lookup reuses a person's stored links only when they were computed for the source snapshot it reads and for
 * the same details; anyone else (never seen before, or described differently on the page) is matched at request
 * time. Feedback ("not this person") is applied when links are read, so it takes effect at once.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { ageInYears, todayIn } from '../time/calendar.js';
import type { Database, SourceRecordRow } from '../db/schema.js';
import { ageRuleApplies, type AgeRule } from '../services/catalogue.js';
import { personHistory } from '../sources/relationships.js';
import { databaseKindOf, firstRows } from '../sources/statement-limits.js';
import { personLookupKeys, recordLookupKeys } from './blocking.js';
import { LinkCandidateReader, mapDatabaseFile, type LinkCandidate } from './bulk-candidates.js';
import { BulkInserter, type ValueRow } from './bulk-insert.js';
import { keyBatch, linkBatch } from './bulk-link.js';
import { openBatchWorkers } from './bulk-workers.js';
import { executeCompiled } from './compiled-queries.js';
import { buildBlockingKeys } from './index-source.js';
import { nameFrequenciesOf, type NameFrequencies } from './name-frequency.js';
import { normaliseDate, normaliseName, normalisePostcode } from './normalise.js';
import { fingerprint, personKey } from './person-key.js';
import { resolveMatches, type Resolved } from './resolve.js';
import { DEFAULT_THRESHOLDS, scoreMatch, scoringSignature, type MatchPerson, type MatchResult, type MatchThresholds } from './score.js';

type Db = Kysely<Database> | Transaction<Database>;

/** A CMS person to link, as a feed or a page describes them. */
export interface LinkPersonInput {
  cmsId: string;
  firstName: string;
  lastName: string;
  previousLastNames?: string[];
  dateOfBirth?: string;
  gender?: string;
  postcode?: string;
  /** Postcodes of addresses the person lived at before. */
  previousPostcodes?: string[];
  address?: string;
}

export interface LinkStats {
  service: string;
  snapshotId: number;
  records: number;
  keys: number;
  people: number;
  links: number;
  /** CMS people not linked because the service's age rule does not apply to them on the day (see computeLinks). */
  outsideAgeRule: number;
  /** Worker threads the links were computed in (0: on the calling thread). */
  workers: number;
  /** Seconds spent building keys and links. */
  seconds: number;
  /** Of which building the blocking keys. */
  keySeconds: number;
}

/** People matched per candidate query. The batches also decide which records count as "the same source person's other records" (scoreCandidates), so stored links depend on it: keep it. */
const PEOPLE_PER_QUERY = 200;
/** Link rows written per transaction: each batch's rows go in whole, so a reader sees all of a person's links or none. */
const LINK_ROWS_PER_TRANSACTION = 10_000;
const LINK_COLUMNS = ['service', 'snapshot_id', 'person_key', 'fingerprint', 'record_id', 'band', 'score', 'basis'] as const;
/** Records below which a source is linked without worker threads: starting them costs more than they save. */
const WORKER_THRESHOLD = 20_000;

export function toMatchPerson(p: {
  cmsId?: string;
  firstName: string;
  lastName: string;
  previousLastNames?: string[];
  dateOfBirth?: string;
  gender?: string;
  postcode?: string;
  previousPostcodes?: string[];
  address?: string;
}): MatchPerson {
  // Sorted, so the page and the feed listing the same history in another order give the same fingerprint.
  const lastNameNorm = normaliseName(p.lastName);
  const previous = [...new Set((p.previousLastNames ?? []).map(normaliseName))].filter((n) => n && n !== lastNameNorm).sort();
  const current = normalisePostcode(p.postcode);
  const previousPostcodes = [...new Set((p.previousPostcodes ?? []).map((pc) => normalisePostcode(pc)))]
    .filter((pc): pc is string => Boolean(pc) && pc !== current)
    .sort();
  return {
    ...(p.cmsId ? { cmsId: p.cmsId } : {}),
    firstNameNorm: normaliseName(p.firstName),
    lastNameNorm,
    ...(previous.length ? { previousLastNamesNorm: previous } : {}),
    ...(normaliseDate(p.dateOfBirth) ? { dateOfBirth: p.dateOfBirth } : {}),
    ...(p.gender ? { gender: p.gender } : {}),
    ...(current ? { postcode: current } : {}),
    ...(previousPostcodes.length ? { previousPostcodesNorm: previousPostcodes } : {}),
    ...(p.address?.trim() ? { address: p.address.trim() } : {}),
  };
}

/**
 * Scores each person against the candidate rows of one source and resolves per person. Each person is scored only
 * against the candidates that share a key with them (and the other records of the same source people), so a batch
 * of many people costs no more per person than a batch of one.
 */
export function scoreCandidates(
  candidates: readonly SourceRecordRow[],
  people: readonly MatchPerson[],
  /** frequencies: the source snapshot's name frequencies (name-frequency.ts); without them, the flat weights. */
  options: { keysBuilt: boolean; thresholds: MatchThresholds; frequencies?: NameFrequencies },
): Array<Resolved<SourceRecordRow>[]> {
  const byKey = new Map<string, SourceRecordRow[]>();
  const bySourcePerson = new Map<string, SourceRecordRow[]>();
  const file = (map: Map<string, SourceRecordRow[]>, key: string, row: SourceRecordRow) => {
    const list = map.get(key);
    if (list) list.push(row);
    else map.set(key, [row]);
  };
  for (const row of candidates) {
    if (options.keysBuilt) for (const key of recordLookupKeys(row)) file(byKey, key, row);
    file(bySourcePerson, row.source_person_id, row);
  }
  return people.map((person) => {
    const mine = new Set<SourceRecordRow>();
    if (options.keysBuilt) {
      for (const key of personLookupKeys(person)) for (const row of byKey.get(key) ?? []) mine.add(row);
    } else {
      for (const row of candidates) mine.add(row);
    }
    for (const row of [...mine]) for (const other of bySourcePerson.get(row.source_person_id) ?? []) mine.add(other);
    return resolveMatches(
      [...mine].map((row) => ({ row, sourcePersonId: row.source_person_id, match: scorePair(person, row, options) })),
      (a, b) => recordsOfOnePerson(a, b, options.thresholds),
    );
  });
}

/**
 * True when two records of one source describe one person (a duplicate under another source id): scored against
 * each other as a person and a record are, they reach `likely` (so twins, with their different first names, and a
 * father and the son named after him, with their different dates of birth, never do).
 */
export function recordsOfOnePerson(a: LinkCandidate, b: LinkCandidate, thresholds: MatchThresholds): boolean {
  if (a.cms_id && b.cms_id && a.cms_id !== b.cms_id) return false;
  const person: MatchPerson = {
    firstNameNorm: a.first_name_norm,
    lastNameNorm: a.last_name_norm,
    ...(a.date_of_birth ? { dateOfBirth: a.date_of_birth } : {}),
    ...(a.gender ? { gender: a.gender } : {}),
    ...(a.postcode ? { postcode: a.postcode } : {}),
    ...(a.address ? { address: a.address } : {}),
  };
  return scoreMatch(person, toCandidate(b), { ...thresholds, nameFrequencies: 'off' })?.band === 'likely';
}

/** One person against one record, with the options scoreCandidates is given: the one place both paths score (computeLinks too). */
function scorePair(person: MatchPerson, row: LinkCandidate, options: { thresholds: MatchThresholds; frequencies?: NameFrequencies }): MatchResult | null {
  return scoreMatch(person, toCandidate(row), options.thresholds, options.frequencies);
}

/** The options links are scored with: those scoreCandidates takes. */
export type LinkScoring = Parameters<typeof scoreCandidates>[2];

/** One batch's `match_link` rows, as value tuples in LINK_COLUMNS order, and how many of them name a record. */
export interface BatchLinks {
  rows: ValueRow[];
  links: number;
}

/**
 * Links one batch of people (computeLinks' batches, in a worker thread or not): the same candidates and the same
 * resolution as findCandidates + scoreCandidates give for the same batch (test/server/links-bulk.test.ts), read
 * and scored in bulk (bulk-candidates.ts, bulk-link.ts).
 */
export async function linkBatchRows(
  reader: LinkCandidateReader,
  service: string,
  snapshotId: number,
  people: MatchPerson[],
  scoring: LinkScoring,
): Promise<BatchLinks> {
  const keyed = keyBatch(people);
  const candidates = await reader.read(keyed.search);
  const results = linkBatch(
    keyed,
    candidates,
    (person, record) => scorePair(person, record, scoring),
    (a, b) => recordsOfOnePerson(a, b, scoring.thresholds),
  );
  const rows: ValueRow[] = [];
  let links = 0;
  people.forEach((person, i) => {
    for (const row of linkRows(service, snapshotId, person, results[i]!)) {
      if (row[4] !== null) links++;
      rows.push(row);
    }
  });
  return { rows, links };
}

export function toCandidate(row: LinkCandidate) {
  return {
    cmsId: row.cms_id,
    nhsNumber: row.nhs_number,
    firstNameNorm: row.first_name_norm,
    lastNameNorm: row.last_name_norm,
    dateOfBirth: row.date_of_birth,
    gender: row.gender,
    postcode: row.postcode,
    address: row.address,
  };
}

/**
 * Builds the source's blocking keys, then links the CMS people to its records. People come from `options.people`
 * or, by default, from the loaded CMS relationship feed (people it gives names for). Run it after every load of a
 * source and after every load of the feed (for each source).
 */
export async function computeLinks(
  db: Kysely<Database>,
  service: string,
  options: {
    people?: Iterable<LinkPersonInput> | AsyncIterable<LinkPersonInput>;
    thresholds?: MatchThresholds;
    now?: Date;
    /** Worker threads to link in (SQLite files only); default: one per core, at most two. 0: none. */
    workers?: number;
    /** Records a source needs before workers are started (default WORKER_THRESHOLD). */
    workerThreshold?: number;
    /**
     * The service's age rule. A person it does not apply to on the day (by their date of birth) is not linked: a
     * lookup shows the service as not applicable to them and never reads the links. Should it apply by the time
     * of a lookup (a birthday since, another date of birth on the page, a changed rule), the person has no stored
     * links and is matched at request time, as anyone never linked is.
     */
    ageRule?: AgeRule | undefined;
  } = {},
): Promise<LinkStats | undefined> {
  const started = performance.now();
  const thresholds = options.thresholds ?? DEFAULT_THRESHOLDS;
  const useFrequencies = (thresholds.nameFrequencies ?? 'off') !== 'off';
  // Link workers (below) take a moment to start: unless scoring needs the name counts the keys come with, they
  // start now and get ready while the keys are built.
  const threshold = options.workerThreshold ?? WORKER_THRESHOLD;
  const source = useFrequencies ? undefined : await db.selectFrom('source').select(['snapshot_id', 'record_count']).where('service', '=', service).executeTakeFirst();
  const early =
    source && source.record_count >= threshold
      ? { snapshotId: source.snapshot_id, workers: openBatchWorkers(db, { service, snapshotId: source.snapshot_id, scoring: { keysBuilt: true, thresholds, frequencies: undefined } }, options.workers) }
      : undefined;
  const closeEarly = async () => Promise.all((early ? await early.workers : []).map((w) => w.close()));
  let keys: Awaited<ReturnType<typeof buildBlockingKeys>>;
  const keysStarted = performance.now();
  try {
    keys = await buildBlockingKeys(db, service, { now: options.now, nameFrequencies: useFrequencies, ...(options.workers === 0 ? { worker: false } : {}) });
  } catch (error) {
    await closeEarly();
    throw error;
  }
  const keySeconds = (performance.now() - keysStarted) / 1000;
  if (!keys || (early && early.snapshotId !== keys.snapshotId)) await closeEarly();
  if (!keys) return undefined;
  const { snapshotId } = keys;
  const { frequencies, feed } = await (async () => {
    const frequencies = useFrequencies ? await nameFrequenciesOf(db, service) : undefined;
    const feed = options.people ? undefined : await db.selectFrom('relationship_feed').select('snapshot_id').where('feed', '=', 'cms').executeTakeFirst();
    // Lookups stop reusing this source's links before they are replaced, and start again only once all are
    // written (the update at the end): meanwhile, or if this fails part-way, they match at request time.
    await db.updateTable('match_index').set({ links_built_at: null, links_scoring: null }).where('service', '=', service).execute();
    await db.deleteFrom('match_link').where('service', '=', service).execute();
    return { frequencies, feed };
  })().catch(async (error: unknown) => {
    await closeEarly();
    throw error;
  });
  const people = options.people ?? (feed ? feedPeople(db, feed.snapshot_id) : []);

  // The options scoreCandidates would be given for this source (lookups score with the same).
  const scoring: LinkScoring = { keysBuilt: true, thresholds, frequencies };
  // Batches are linked in worker threads, each with its own read connection, when the database is a SQLite file
  // and the source is large enough to repay starting them; otherwise here, a few batches at a time (on PostgreSQL
  // and SQL Server their reads then overlap).
  const workers =
    early && early.snapshotId === snapshotId
      ? await early.workers
      : keys.records >= threshold
        ? await openBatchWorkers(db, { service, snapshotId, scoring }, options.workers)
        : [];
  const unmap = workers.length ? async () => {} : await mapDatabaseFile(db);
  const reader = workers.length ? undefined : new LinkCandidateReader(db, service, snapshotId);
  const linkers: Array<(batch: MatchPerson[]) => Promise<BatchLinks>> = reader
    ? [(batch) => linkBatchRows(reader, service, snapshotId, batch, scoring)]
    : workers.map((w) => (batch) => w.link(batch));
  const inFlight: Array<Promise<BatchLinks>> = [];
  const maxInFlight = linkers.length * 2;
  const inserter = new BulkInserter(db, 'match_link', LINK_COLUMNS);
  let pending: ValueRow[] = [];
  let batch: MatchPerson[] = [];
  let batches = 0;
  let peopleCount = 0;
  let outsideAgeRule = 0;
  let links = 0;
  const seen = new Set<string>();
  const today = todayIn(() => options.now ?? new Date());
  const applies = (person: LinkPersonInput): boolean => {
    const dateOfBirth = options.ageRule && normaliseDate(person.dateOfBirth);
    return !dateOfBirth || ageRuleApplies(options.ageRule!, ageInYears(dateOfBirth, today));
  };
  const collect = async (done: BatchLinks) => {
    links += done.links;
    for (const row of done.rows) pending.push(row);
    if (pending.length >= LINK_ROWS_PER_TRANSACTION) await writePending();
  };
  const writePending = async () => {
    await inserter.insert(pending);
    pending = [];
    // SQLite calls are synchronous: between transactions, let anything else in this process run.
    await new Promise((resolve) => setImmediate(resolve));
  };
  const dispatch = async () => {
    inFlight.push(linkers[batches++ % linkers.length]!(batch));
    batch = [];
    if (inFlight.length >= maxInFlight) await collect(await inFlight.shift()!);
  };
  try {
    for await (const input of people) {
      if (seen.has(input.cmsId)) continue;
      seen.add(input.cmsId);
      if (!applies(input)) {
        outsideAgeRule++;
        continue;
      }
      batch.push(toMatchPerson(input));
      peopleCount++;
      if (batch.length >= PEOPLE_PER_QUERY) await dispatch();
    }
    if (batch.length) await dispatch();
    while (inFlight.length) await collect(await inFlight.shift()!);
    if (pending.length) await writePending();
  } finally {
    // A failed batch leaves the others running: wait for them before the workers go, so nothing is left unhandled.
    await Promise.allSettled(inFlight);
    await Promise.all(workers.map((w) => w.close()));
    await unmap();
  }

  await db
    .updateTable('match_index')
    .set({
      links_feed_snapshot_id: feed?.snapshot_id ?? 0,
      link_count: links,
      links_built_at: (options.now ?? new Date()).toISOString(),
      links_scoring: scoringSignature(thresholds),
    })
    .where('service', '=', service)
    .where('snapshot_id', '=', snapshotId)
    .execute();
  return {
    service,
    snapshotId,
    records: keys.records,
    keys: keys.keys,
    people: peopleCount,
    outsideAgeRule,
    links,
    workers: workers.length,
    seconds: (performance.now() - started) / 1000,
    keySeconds,
  };
}

/** A person's rows for `match_link`, as value tuples in LINK_COLUMNS order: one per matched record, or one saying "none here". */
function linkRows(service: string, snapshotId: number, person: MatchPerson, matches: Resolved<LinkCandidate>[]): ValueRow[] {
  const key = personKey(person);
  const print = fingerprint(person);
  if (matches.length === 0) return [[service, snapshotId, key, print, null, null, null, null]];
  return matches.map(({ row, match }) => [service, snapshotId, key, print, Number(row.id), match.band, match.score, JSON.stringify(match.basis)]);
}

type FeedRow = {
  id: number;
  person_cms_id: string;
  first_name: string | null;
  last_name: string | null;
  date_of_birth: string | null;
  gender: string | null;
  postcode: string | null;
  address: string | null;
  previous_last_names: string | null;
  previous_postcodes: string | null;
};

/** The people the CMS feed describes (name known), each once, read in pages. */
async function* feedPeople(db: Kysely<Database>, feedSnapshotId: number): AsyncGenerator<LinkPersonInput> {
  let lastId = 0;
  for (;;) {
    // See index-source.ts: on SQLite, NOT INDEXED walks the rowid instead of re-reading the snapshot per page.
    const rows =
      databaseKindOf(db) === 'sqlite'
        ? (
            await sql<FeedRow>`select id, person_cms_id, first_name, last_name, date_of_birth, gender, postcode, address, previous_last_names, previous_postcodes from cms_relationship not indexed
              where snapshot_id = ${feedSnapshotId} and id > ${lastId} order by id limit 5000`.execute(db)
          ).rows
        : await firstRows(
            db,
            db
              .selectFrom('cms_relationship')
              .select(['id', 'person_cms_id', 'first_name', 'last_name', 'date_of_birth', 'gender', 'postcode', 'address', 'previous_last_names', 'previous_postcodes'])
              .where('snapshot_id', '=', feedSnapshotId)
              .where('id', '>', lastId)
              .orderBy('id'),
            5000,
          ).execute();
    if (!rows.length) return;
    lastId = Number(rows[rows.length - 1]!.id);
    for (const r of rows) {
      if (!r.first_name || !r.last_name) continue;
      yield {
        cmsId: r.person_cms_id,
        firstName: r.first_name,
        lastName: r.last_name,
        ...(r.date_of_birth ? { dateOfBirth: r.date_of_birth } : {}),
        ...(r.gender ? { gender: r.gender } : {}),
        ...(r.postcode ? { postcode: r.postcode } : {}),
        ...(r.address ? { address: r.address } : {}),
        ...personHistory(r),
      };
    }
  }
}

/** A stored link as a lookup reads it. */
export interface StoredLink {
  service: string;
  personKey: string;
  fingerprint: string;
  row: SourceRecordRow | null;
  match: MatchResult | null;
}

/**
 * The stored links of these people in several sources, each for its own snapshot: one query. The index
 * (service, snapshot_id, person_key) is searched with the three lists; a row of another pairing of service and
 * snapshot (an older snapshot's links) is dropped here.
 */
export async function readStoredLinksForSources(
  db: Db,
  sources: ReadonlyArray<{ service: string; snapshotId: number }>,
  personKeys: readonly string[],
): Promise<StoredLink[]> {
  if (personKeys.length === 0 || sources.length === 0) return [];
  const snapshots = new Map(sources.map((s) => [s.service, s.snapshotId]));
  const services = [...snapshots.keys()];
  const snapshotIds = [...new Set(snapshots.values())];
  const keys = [...new Set(personKeys)];
  const rows = await executeCompiled(
    db,
    `stored-links:${services.length}:${snapshotIds.length}:${keys.length}`,
    [...services, ...snapshotIds, ...keys],
    () =>
      db
        .selectFrom('match_link')
        .select(['service', 'snapshot_id', 'person_key', 'fingerprint', 'record_id', 'band', 'score', 'basis'])
        .where('service', 'in', services)
        .where('snapshot_id', 'in', snapshotIds)
        .where('person_key', 'in', keys),
  );
  const current = rows.filter((r) => snapshots.get(r.service) === Number(r.snapshot_id));
  // The linked records, by id, in a second statement only when there are any: most stored links say "no record
  // here", and joining them to source_record cost more than this read (a null for each of its 30 columns).
  const ids = [...new Set(current.flatMap((r) => (r.record_id === null ? [] : [Number(r.record_id)])))];
  const records = new Map<number, SourceRecordRow>();
  if (ids.length) {
    const found = await executeCompiled(db, `linked-records:${ids.length}`, ids, () => db.selectFrom('source_record').selectAll().where('id', 'in', ids));
    for (const record of found) records.set(Number(record.id), record);
  }
  const links: StoredLink[] = [];
  for (const r of current) {
    const row = r.record_id === null ? undefined : records.get(Number(r.record_id));
    links.push({
      service: r.service,
      personKey: r.person_key,
      fingerprint: r.fingerprint,
      row: row ?? null,
      match: row && r.band ? { band: r.band as MatchResult['band'], score: Number(r.score), basis: JSON.parse(r.basis ?? '[]') as string[] } : null,
    });
  }
  return links;
}
