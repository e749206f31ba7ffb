/**
 * The benchmark's council: a synthetic council of `residents` people (fixtures/council/generate.ts, streamed one
 * family at a time) loaded into a SQLite file through the product's own loader (replaceSourceData), plus the
 * families the load generator asks about: each CMS child with the people linked to them, 4 to 10 people.
 *
 * Built once and cached under data/bench/, keyed by seed and size: a million residents takes a few minutes.
 * On reuse the sources' "last updated" dates are moved to yesterday, so they are as fresh as on the day they
 * were built (the server checks freshness against today's date).
 */
import { once } from 'node:events';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { sql } from 'kysely';
import type { PersonInput } from '../../server/src/api/contract.js';
import { openDatabase } from '../../server/src/db/connect.js';
import { migrateToLatest } from '../../server/src/db/migrate.js';
import { computeLinks, type LinkPersonInput } from '../../server/src/matching/links.js';
import { builtInServices } from '../../server/src/services/catalogue.js';
import { replaceRelationshipFeed } from '../../server/src/sources/relationships.js';
import { replaceSourceData } from '../../server/src/sources/repository.js';
import type { CmsChild, RelationshipRecordData, SourceRecordData } from '../../server/src/sources/types.js';
import { councilChunks, NON_FAMILY_RELATIONSHIPS } from '../../fixtures/council/generate.js';
import { CORE_SERVICES, sourceMetadata, type CoreService } from '../../fixtures/council/sources.js';
import { addDays } from '../../fixtures/council/dates.js';
import { relationshipRecords } from '../../fixtures/council/relationship-feed.js';

export interface BenchFamily {
  child: PersonInput;
  people: PersonInput[];
}

export interface BenchCouncil {
  dbPath: string;
  families: BenchFamily[];
  residents: number;
  records: Record<CoreService, number>;
  /** Seconds to generate and load, when built in this run (undefined when reused from the cache). */
  buildSeconds?: number;
  builtOn: string;
  dbBytes: number;
}

interface CacheMeta {
  seed: number;
  residents: number;
  builtOn: string;
  records: Record<CoreService, number>;
  families: BenchFamily[];
}

/** Families kept for the load generator: enough that requests rarely repeat within a run. */
const MAX_FAMILIES = 5000;
const MIN_PEOPLE = 4;
const MAX_PEOPLE = 10;

function isoToday(): string {
  return new Date().toISOString().slice(0, 10);
}

function toPerson(p: { cmsId: string; firstName: string; lastName: string; dateOfBirth?: string; gender?: PersonInput['gender']; address?: string; postcode?: string }, relationship: string): PersonInput {
  return {
    cmsId: p.cmsId,
    firstName: p.firstName,
    lastName: p.lastName,
    ...(p.dateOfBirth ? { dateOfBirth: p.dateOfBirth } : {}),
    ...(p.gender ? { gender: p.gender } : {}),
    ...(p.address ? { address: p.address } : {}),
    ...(p.postcode ? { postcode: p.postcode } : {}),
    relationship,
  };
}

/** The request a social worker's "Check all" sends for this child: the child and everyone linked who is family. */
export function familyOf(child: CmsChild): BenchFamily | undefined {
  const subject = toPerson(child, 'Subject');
  const linked = child.linked.filter((p) => !NON_FAMILY_RELATIONSHIPS.includes(p.relationship)).map((p) => toPerson(p, p.relationship));
  const people = [subject, ...linked];
  if (people.length < MIN_PEOPLE || people.length > MAX_PEOPLE) return undefined;
  return { child: subject, people };
}

export async function prepareCouncil(options: { seed: number; residents: number; dir: string; log: (line: string) => void }): Promise<BenchCouncil> {
  const { seed, residents, dir, log } = options;
  mkdirSync(dir, { recursive: true });
  // Keyed by seed, size and the schema (the migrations' names): a schema change rebuilds the council.
  const base = join(dir, `council-seed${seed}-${residents}-${schemaVersion()}`);
  const dbPath = `${base}.db`;
  const metaPath = `${base}.json`;

  if (existsSync(dbPath) && existsSync(metaPath)) {
    const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as CacheMeta;
    log(`Reusing the council built on ${meta.builtOn}: ${dbPath}`);
    await refreshDates(dbPath, meta.builtOn);
    return { dbPath, families: meta.families, residents, records: meta.records, builtOn: meta.builtOn, dbBytes: statSync(dbPath).size };
  }

  const started = performance.now();
  const today = isoToday();
  const partial = `${dbPath}.partial`;
  rmSync(partial, { force: true });
  rmSync(`${partial}-wal`, { force: true });
  rmSync(`${partial}-shm`, { force: true });

  // One pass of the generator: each service's records to an NDJSON file (a million residents' records do not
  // fit comfortably in memory at once), families kept as they go by.
  log(`Generating a council of ${residents.toLocaleString('en-GB')} residents (seed ${seed})...`);
  const files = Object.fromEntries(CORE_SERVICES.map((s) => [s, join(dir, `${s}.ndjson.tmp`)])) as Record<CoreService, string>;
  const writers = Object.fromEntries(CORE_SERVICES.map((s) => [s, createWriteStream(files[s])])) as Record<CoreService, WriteStream>;
  // The CMS side: its relationship feed (child → linked person) and the people in it, as council IT loads them.
  const feedFile = join(dir, 'cms-relationships.ndjson.tmp');
  const peopleFile = join(dir, 'cms-people.ndjson.tmp');
  const feedWriter = createWriteStream(feedFile);
  const peopleWriter = createWriteStream(peopleFile);
  const seenPeople = new Set<string>();
  let feedRows = 0;
  const records = Object.fromEntries(CORE_SERVICES.map((s) => [s, 0])) as Record<CoreService, number>;
  const families: BenchFamily[] = [];
  let eligible = 0;
  let generated = 0;
  for (const chunk of councilChunks({ seed, residents, today })) {
    generated += chunk.residents.length;
    for (const service of CORE_SERVICES) {
      const list = chunk.records[service];
      if (!list.length) continue;
      records[service] += list.length;
      const ok = writers[service].write(list.map((r) => JSON.stringify(r)).join('\n') + '\n');
      if (!ok) await once(writers[service], 'drain');
    }
    const feed: string[] = [];
    const people: string[] = [];
    for (const child of chunk.cmsChildren) {
      for (const person of [child, ...child.linked]) {
        if (seenPeople.has(person.cmsId)) continue;
        seenPeople.add(person.cmsId);
        people.push(JSON.stringify(linkPerson(person)));
      }
      for (const row of relationshipRecords([child])) feed.push(JSON.stringify(row));
    }
    feedRows += feed.length;
    if (feed.length && !feedWriter.write(feed.join('\n') + '\n')) await once(feedWriter, 'drain');
    if (people.length && !peopleWriter.write(people.join('\n') + '\n')) await once(peopleWriter, 'drain');
    for (const child of chunk.cmsChildren) {
      const family = familyOf(child);
      if (!family) continue;
      // Reservoir sampling: an even spread over the whole council, not just its first families.
      eligible++;
      if (families.length < MAX_FAMILIES) families.push(family);
      else {
        const j = Math.floor(pseudoRandom(seed, eligible) * eligible);
        if (j < MAX_FAMILIES) families[j] = family;
      }
    }
    if (generated % 100_000 < chunk.residents.length) log(`  ${generated.toLocaleString('en-GB')} residents`);
  }
  await Promise.all([...Object.values(writers), feedWriter, peopleWriter].map(async (w) => {
    w.end();
    await once(w, 'close');
  }));
  const generatedAt = performance.now();
  log(`Generated in ${((generatedAt - started) / 1000).toFixed(1)} s: ${CORE_SERVICES.map((s) => `${s} ${records[s].toLocaleString('en-GB')}`).join(', ')}; ${families.length} families of ${MIN_PEOPLE}–${MAX_PEOPLE} kept`);

  const { db } = await openDatabase({ kind: 'sqlite', location: partial });
  try {
    await migrateToLatest(db);
    const loadedAt = new Date();
    const t0 = performance.now();
    const feed = await replaceRelationshipFeed(
      db,
      { name: 'Mosaic relationships (synthetic)', lastUpdated: addDays(today, -1), freshnessDays: 7 },
      readNdjson<RelationshipRecordData>(feedFile),
      { loadedAt },
    );
    log(`  loaded the CMS relationship feed: ${feedRows.toLocaleString('en-GB')} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    void feed;
    const metadata = sourceMetadata(today);
    for (const service of CORE_SERVICES) {
      const t = performance.now();
      const result = await loadSource(db, metadata[service], readNdjson<SourceRecordData>(files[service]), readNdjson<LinkPersonInput>(peopleFile), loadedAt);
      log(`  loaded ${service}: ${result.recordCount.toLocaleString('en-GB')} records, keys and links in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }
    // Planner statistics for the blocking indexes (what `family-context ingest` should leave behind too).
    await sql`ANALYZE`.execute(db);
    await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db);
  } finally {
    await db.destroy();
    for (const file of [...Object.values(files), feedFile, peopleFile]) rmSync(file, { force: true });
  }
  renameSync(partial, dbPath);
  rmSync(`${partial}-wal`, { force: true });
  rmSync(`${partial}-shm`, { force: true });
  const meta: CacheMeta = { seed, residents, builtOn: today, records, families };
  writeFileSync(metaPath, JSON.stringify(meta));
  const buildSeconds = (performance.now() - started) / 1000;
  log(`Council built in ${buildSeconds.toFixed(0)} s: ${dbPath} (${(statSync(dbPath).size / 2 ** 20).toFixed(0)} MB)`);
  return { dbPath, families, residents, records, buildSeconds, builtOn: today, dbBytes: statSync(dbPath).size };
}

/**
 * The one place the benchmark loads source data, as `family-context ingest` does: the product's own loader, then
 * the blocking keys and the links from the CMS people to the new records.
 */
async function loadSource(
  db: Parameters<typeof replaceSourceData>[0],
  metadata: Parameters<typeof replaceSourceData>[1],
  records: AsyncIterable<SourceRecordData>,
  cmsPeople: AsyncIterable<LinkPersonInput>,
  loadedAt: Date,
) {
  const result = await replaceSourceData(db, metadata, records, { loadedAt });
  await computeLinks(db, metadata.service, { people: cmsPeople, now: loadedAt, ageRule: builtInServices().find((s) => s.key === metadata.service)?.ageRule });
  return result;
}

/** A CMS person as the relationship feed describes them (history included), as `computeLinks` reads the feed. */
function linkPerson(p: LinkPersonInput): LinkPersonInput {
  return {
    cmsId: p.cmsId,
    firstName: p.firstName,
    lastName: p.lastName,
    ...(p.dateOfBirth ? { dateOfBirth: p.dateOfBirth } : {}),
    ...(p.gender ? { gender: p.gender } : {}),
    ...(p.postcode ? { postcode: p.postcode } : {}),
    ...(p.previousLastNames?.length ? { previousLastNames: p.previousLastNames } : {}),
    ...(p.previousPostcodes?.length ? { previousPostcodes: p.previousPostcodes } : {}),
  };
}

/**
 * A short hash of the migrations' file names and the generator's source: the cached council is rebuilt when the
 * schema or the synthetic council changes.
 */
function schemaVersion(): string {
  const folder = new URL('../../server/src/db/migrations/', import.meta.url).pathname;
  const names = readdirSync(folder).filter((f) => /^\d{4}-\d{2}-\d{2}-.*\.ts$/.test(f)).sort();
  const hash = createHash('sha256').update(`bench-v2\n${names.join('\n')}`);
  const generator = new URL('../../fixtures/council/', import.meta.url).pathname;
  for (const file of readdirSync(generator).filter((f) => f.endsWith('.ts')).sort()) hash.update(readFileSync(generator + file));
  return hash.digest('hex').slice(0, 8);
}

async function* readNdjson<T>(path: string): AsyncGenerator<T> {
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 }), crlfDelay: Infinity });
  for await (const line of lines) if (line) yield JSON.parse(line) as T;
}

/** Moves the sources' dates forward by the days since the council was built, so it is as fresh as it was then. */
async function refreshDates(dbPath: string, builtOn: string): Promise<void> {
  const today = isoToday();
  if (today === builtOn) return;
  const { db } = await openDatabase({ kind: 'sqlite', location: dbPath });
  try {
    await db.updateTable('source').set({ last_updated: addDays(today, -1), coverage_to: addDays(today, -1) }).execute();
  } finally {
    await db.destroy();
  }
}

/** A deterministic number in [0, 1) for reservoir sampling (the same families for the same seed). */
function pseudoRandom(seed: number, n: number): number {
  let x = (seed * 0x9e3779b1) ^ (n * 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  x ^= x >>> 16;
  return (x >>> 0) / 2 ** 32;
}
