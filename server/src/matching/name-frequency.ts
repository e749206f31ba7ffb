/**
 * How common each first name, surname and birth year is among a source's people: the value-specific
 * u probabilities of Fellegi–Sunter. Two records agreeing on "Smith" say less than two agreeing on "Oyelaran",
 * and a date of birth says less in a school roll (everyone born within fifteen years) than in a police index.
 *
 * The table is derived from a source snapshot when its blocking keys are built (index-source.ts), stored in
 * `name_frequency` (migration 005) and replaced on every reload. It is immutable per snapshot, so a server reads
 * it once per (service, snapshot) and keeps it in memory: lookups gain no statement for it.
 *
 * A snapshot without a table (keys not built yet, or built before migration 005) is scored with the flat
 * weights of weights.ts, as before: never a crash, never a stronger claim.
 */
import { sql, type ExpressionBuilder, type Kysely, type Transaction } from 'kysely';
import type { Database, MatchIndexTable, SourceRow } from '../db/schema.js';
import { databaseKindOf, rowsPerInsert } from '../sources/statement-limits.js';
import { compactName, nameParts } from './normalise.js';

type Db = Kysely<Database> | Transaction<Database>;

/** The counts of one source snapshot, in source people (a person with several records counts once). */
export interface NameFrequencies {
  /** Source people in the snapshot. */
  people: number;
  /** By first given name ("mary ann" → "mary"), whatever the date of birth. */
  firstNames: ReadonlyMap<string, number>;
  /**
   * By decade of birth and first given name ("198|sarah"): first names follow fashion, so two people born the same
   * day share a first name far more often than two people drawn from the whole source.
   */
  firstNamesByDecade: ReadonlyMap<string, number>;
  /** By decade of birth ("198"). */
  decades: ReadonlyMap<string, number>;
  /** By surname without spaces ("o neill" → "oneill"). */
  lastNames: ReadonlyMap<string, number>;
  /** By birth year ("1987"); people without a date of birth are not counted. */
  birthYears: ReadonlyMap<string, number>;
  /** People with a date of birth. */
  peopleWithBirthDate: number;
}

/** The key a first name is counted under: its first given name, as compareFirstName compares them. */
export function firstNameKey(firstNameNorm: string): string {
  return nameParts(firstNameNorm)[0] ?? '';
}

/** The key a surname is counted under: the whole name without spaces, as compareLastName compares them. */
export function lastNameKey(lastNameNorm: string): string {
  return compactName(lastNameNorm);
}

type Field = 'first' | 'firstdec' | 'last' | 'year' | 'people' | 'dated';

/** Longest value stored (the column is 100 characters); longer names are counted under their first 100. */
const VALUE_LENGTH = 100;

/**
 * Counts the snapshot's people by first name, surname and birth year (four aggregate queries) and stores the
 * table in one transaction, replacing any older snapshot's. Call it before the snapshot's `match_index` row is
 * written, so that no reader sees keys without the table.
 */
export async function buildNameFrequencies(db: Kysely<Database>, service: string, snapshotId: number): Promise<NameFrequencies> {
  const inSnapshot = db.selectFrom('source_record').where('service', '=', service).where('snapshot_id', '=', snapshotId);
  const people = (eb: ExpressionBuilder<Database, 'source_record'>) => eb.fn.count<number>('source_person_id').distinct().as('people');
  // substring(x, 1, n) is understood by SQLite, PostgreSQL and SQL Server alike.
  const decade = sql<string | null>`substring(date_of_birth, 1, 3)`;
  const year = sql<string | null>`substring(date_of_birth, 1, 4)`;
  const firstRows = await inSnapshot.select(['first_name_norm as value', decade.as('decade'), people]).groupBy(['first_name_norm', decade]).execute();
  const lastRows = await inSnapshot.select(['last_name_norm as value', people]).groupBy('last_name_norm').execute();
  const yearRows = await inSnapshot.select([year.as('value'), people]).where('date_of_birth', 'is not', null).groupBy(year).execute();
  const total = Number((await inSnapshot.select(people).executeTakeFirst())?.people ?? 0);

  const add = (map: Map<string, number>, key: string, n: number) => {
    if (key) map.set(key, (map.get(key) ?? 0) + n);
  };
  const firstNames = new Map<string, number>();
  const firstNamesByDecade = new Map<string, number>();
  for (const r of firstRows) {
    const name = firstNameKey(r.value).slice(0, VALUE_LENGTH - 4);
    add(firstNames, name, Number(r.people));
    if (r.decade && name) add(firstNamesByDecade, `${r.decade}|${name}`, Number(r.people));
  }
  const lastNames = new Map<string, number>();
  for (const r of lastRows) add(lastNames, lastNameKey(r.value).slice(0, VALUE_LENGTH), Number(r.people));
  const birthYears = new Map<string, number>();
  for (const r of yearRows) add(birthYears, r.value ?? '', Number(r.people));
  // A person whose records disagree on the year counts in both: each year only looks a little commoner.
  const peopleWithBirthDate = Math.min(total, [...birthYears.values()].reduce((a, b) => a + b, 0));
  const table = withDecades({ people: total, firstNames, firstNamesByDecade, lastNames, birthYears, peopleWithBirthDate });

  const rows = [
    { field: 'people' as Field, value: '', people: total },
    { field: 'dated' as Field, value: '', people: peopleWithBirthDate },
    ...[...firstNames].map(([value, n]) => ({ field: 'first' as Field, value, people: n })),
    ...[...firstNamesByDecade].map(([value, n]) => ({ field: 'firstdec' as Field, value, people: n })),
    ...[...lastNames].map(([value, n]) => ({ field: 'last' as Field, value, people: n })),
    ...[...birthYears].map(([value, n]) => ({ field: 'year' as Field, value, people: n })),
  ].map((r) => ({ service, snapshot_id: snapshotId, ...r }));
  const perInsert = rowsPerInsert(databaseKindOf(db), 5);
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('name_frequency').where('service', '=', service).execute();
    for (let i = 0; i < rows.length; i += perInsert) await trx.insertInto('name_frequency').values(rows.slice(i, i + perInsert)).execute();
  });
  return table;
}

/** The decade counts, from the year counts. */
function withDecades(t: Omit<NameFrequencies, 'decades'>): NameFrequencies {
  const decades = new Map<string, number>();
  for (const [y, n] of t.birthYears) decades.set(y.slice(0, 3), (decades.get(y.slice(0, 3)) ?? 0) + n);
  return { ...t, decades };
}

/**
 * One source's table for the snapshot it reads now, as nameFrequenciesForSources gives it (and remembered for the
 * lookups that follow): for computing links after a load.
 */
export async function nameFrequenciesOf(db: Db, service: string): Promise<NameFrequencies | undefined> {
  const source = await db.selectFrom('source').select(['service', 'snapshot_id', 'loaded_at']).where('service', '=', service).executeTakeFirst();
  const index = await db.selectFrom('match_index').select(['service', 'snapshot_id', 'keys_built_at']).where('service', '=', service).executeTakeFirst();
  if (!source || !index) return undefined;
  return (await nameFrequenciesForSources(db, [source], new Map([[service, index]]))).get(service);
}

async function readTables(db: Db, wanted: ReadonlyArray<{ service: string; snapshotId: number }>): Promise<Map<string, NameFrequencies>> {
  const out = new Map<string, NameFrequencies>();
  if (wanted.length === 0) return out;
  const rows = await db
    .selectFrom('name_frequency')
    .select(['service', 'snapshot_id', 'field', 'value', 'people'])
    .where('service', 'in', [...new Set(wanted.map((w) => w.service))])
    .where('snapshot_id', 'in', [...new Set(wanted.map((w) => w.snapshotId))])
    .execute();
  type Building = { people: number; dated: number; first: Map<string, number>; firstdec: Map<string, number>; last: Map<string, number>; year: Map<string, number> };
  const building = new Map<string, Building>();
  const keys = new Set(wanted.map((w) => cacheKeyOf(w.service, w.snapshotId)));
  for (const r of rows) {
    const key = cacheKeyOf(r.service, Number(r.snapshot_id));
    if (!keys.has(key)) continue;
    let t = building.get(key);
    if (!t) building.set(key, (t = { people: 0, dated: 0, first: new Map(), firstdec: new Map(), last: new Map(), year: new Map() }));
    const n = Number(r.people);
    if (r.field === 'people') t.people = n;
    else if (r.field === 'dated') t.dated = n;
    else if (r.field === 'first' || r.field === 'firstdec' || r.field === 'last' || r.field === 'year') t[r.field].set(r.value, n);
  }
  for (const [key, t] of building) {
    // A table without its total is not one this code wrote whole: leave the snapshot to the flat weights.
    if (t.people <= 0) continue;
    out.set(
      key,
      withDecades({ people: t.people, firstNames: t.first, firstNamesByDecade: t.firstdec, lastNames: t.last, birthYears: t.year, peopleWithBirthDate: t.dated }),
    );
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// In-process cache: (service, snapshot) → table. A snapshot id is reused by another database (a test's, or a
// restored backup), so an entry also carries the stamp of the keys it was read with; another stamp reads again.

interface Entry {
  stamp: string;
  table: NameFrequencies | undefined;
}

const ENTRIES_KEPT = 64;
const cache = new Map<string, Entry>();

function cacheKeyOf(service: string, snapshotId: number): string {
  return `${service}|${snapshotId}`;
}

function remember(key: string, stamp: string, table: NameFrequencies | undefined): void {
  cache.delete(key);
  if (cache.size >= ENTRIES_KEPT) cache.delete(cache.keys().next().value!);
  cache.set(key, { stamp, table });
}

type IndexRow = Pick<MatchIndexTable, 'service' | 'snapshot_id' | 'keys_built_at'>;

function stampOf(source: Pick<SourceRow, 'loaded_at'>, index: IndexRow): string {
  return `${source.loaded_at}|${index.keys_built_at}`;
}

/**
 * The tables of the sources a lookup reads, by service: from memory, or (once per snapshot and server process) in
 * one statement for all the snapshots not yet in memory. A source whose keys are not built for the snapshot it
 * reads gets none (flat weights).
 */
export async function nameFrequenciesForSources(
  db: Db,
  sources: Iterable<Pick<SourceRow, 'service' | 'snapshot_id' | 'loaded_at'>>,
  indexes: ReadonlyMap<string, IndexRow>,
): Promise<Map<string, NameFrequencies>> {
  const out = new Map<string, NameFrequencies>();
  const missing: Array<{ service: string; snapshotId: number; stamp: string }> = [];
  for (const source of sources) {
    const index = indexes.get(source.service);
    if (!index || Number(index.snapshot_id) !== Number(source.snapshot_id)) continue;
    const stamp = stampOf(source, index);
    const entry = cache.get(cacheKeyOf(source.service, source.snapshot_id));
    if (entry && entry.stamp === stamp) {
      if (entry.table) out.set(source.service, entry.table);
      continue;
    }
    missing.push({ service: source.service, snapshotId: source.snapshot_id, stamp });
  }
  if (missing.length) {
    const read = await readTables(db, missing);
    for (const m of missing) {
      const table = read.get(cacheKeyOf(m.service, m.snapshotId));
      remember(cacheKeyOf(m.service, m.snapshotId), m.stamp, table);
      if (table) out.set(m.service, table);
    }
  }
  return out;
}

/**
 * The table nameFrequenciesForSources last gave for this source row's snapshot and load, without a statement:
 * for code that warmed the cache earlier in the same lookup.
 */
export function rememberedNameFrequencies(source: Pick<SourceRow, 'service' | 'snapshot_id' | 'loaded_at'>): NameFrequencies | undefined {
  const entry = cache.get(cacheKeyOf(source.service, source.snapshot_id));
  return entry?.stamp.startsWith(`${source.loaded_at}|`) ? entry.table : undefined;
}

/** Forgets every table read (for tests that reuse snapshot ids across databases). */
export function forgetNameFrequencies(): void {
  cache.clear();
}

// ---------------------------------------------------------------------------------------------------------
// u probabilities for exact agreement on a value.

/**
 * People of pseudo-count pulling each share towards the flat u of weights.ts: in a source of a few hundred people
 * one "Jones" more or less would swing the weight, so small sources keep close to the flat weights and a name
 * needs to be seen among thousands before its own share counts.
 */
export const PSEUDO_PEOPLE = 500;

/** No agreement on one value is rarer than this, however unusual the name or year (an extract's typo is unique). */
export const U_FLOOR = { firstName: 1 / 5_000, lastName: 1 / 10_000, birthYear: 1 / 200 } as const;

function smoothed(count: number, total: number, flatU: number, floor: number): number {
  return Math.max(floor, (count + PSEUDO_PEOPLE * flatU) / (total + PSEUDO_PEOPLE));
}

/**
 * u for two different people of this source agreeing exactly on this first name: its share among the source's
 * people born in the same decade when the date of birth is known, else among all of them. Undefined when the
 * table does not know the name (the flat u applies).
 */
export function firstNameU(t: NameFrequencies, firstNameNorm: string, dateOfBirth: string | null | undefined, flatU: number): number | undefined {
  const name = firstNameKey(firstNameNorm);
  if (dateOfBirth) {
    const decade = dateOfBirth.slice(0, 3);
    const inDecade = t.decades.get(decade);
    const count = t.firstNamesByDecade.get(`${decade}|${name}`);
    if (inDecade && count) return smoothed(count, inDecade, flatU, U_FLOOR.firstName);
  }
  const count = t.firstNames.get(name);
  return count ? smoothed(count, t.people, flatU, U_FLOOR.firstName) : undefined;
}

/** u for two different people of this source agreeing exactly on this surname. */
export function lastNameU(t: NameFrequencies, lastNameNorm: string, flatU: number): number | undefined {
  const count = t.lastNames.get(lastNameKey(lastNameNorm));
  return count ? smoothed(count, t.people, flatU, U_FLOOR.lastName) : undefined;
}

/**
 * u for two different people of this source sharing this date of birth: the share of the source's people born in
 * that year, over the days of a year. A school roll (fifteen birth years) makes a shared birthday four times
 * likelier than a source of all ages.
 */
export function birthDateU(t: NameFrequencies, dateOfBirth: string, flatU: number): number | undefined {
  const count = t.birthYears.get(dateOfBirth.slice(0, 4));
  if (!count || t.peopleWithBirthDate <= 0) return undefined;
  return smoothed(count, t.peopleWithBirthDate, flatU * 365.25, U_FLOOR.birthYear) / 365.25;
}
