/**
 * Seeds the demo database with a synthetic council (fixtures/council), the same every time for a given day.
 * Sources are re-seeded when their data is not from yesterday, so the demo never runs on stale data by accident.
 * A database holding extracts loaded by `npm run ingest` (a council's data) is refused, never overwritten.
 */
import type { Kysely } from 'kysely';
import { generateCouncil } from '../../../fixtures/council/generate.js';
import { relationshipRecords } from '../../../fixtures/council/relationship-feed.js';
import { CORE_SERVICES } from '../../../fixtures/council/sources.js';
import type { Database } from '../db/schema.js';
import { computeLinks } from '../matching/links.js';
import type { MatchThresholds } from '../matching/score.js';
import { extraServiceMetadata, extraServiceRecords, EXTRA_SERVICES } from '../../../fixtures/council/extra-services.js';
import { builtInServices, type AgeRule } from '../services/catalogue.js';
import { getRelationshipFeed, replaceRelationshipFeed } from '../sources/relationships.js';
import { listSources, replaceSourceData } from '../sources/repository.js';
import { addDays } from '../time/calendar.js';

export const DEMO_SEED = 20261121;
export const DEMO_RESIDENTS = 4000;

/**
 * `thresholds`: the server's scoring settings, so the links stored here are the ones its lookups reuse; `services`
 * its services, whose age rules say whom links are needed for.
 */
export async function seedDemoCouncil(
  db: Kysely<Database>,
  today: string,
  now: Date,
  thresholds?: MatchThresholds,
  services: ReadonlyArray<{ key: string; ageRule: AgeRule }> = builtInServices(),
): Promise<{ seeded: boolean; records: number }> {
  const existing = await listSources(db);
  const yesterday = addDays(today, -1);
  const feed = await getRelationshipFeed(db);
  // The demo council's extra services (Early Help, Youth Justice) are seeded when the services file configures them.
  const extras = EXTRA_SERVICES.filter((key) => services.some((s) => s.key === key));
  const expected = CORE_SERVICES.length + extras.length;
  if (
    feed?.last_updated === yesterday &&
    existing.length === expected &&
    existing.every((s) => s.last_updated === yesterday && s.record_count > 0)
  ) {
    return { seeded: false, records: existing.reduce((n, s) => n + s.record_count, 0) };
  }
  // Never over a council's own data: `npm run ingest` records the file of every load; the demo's have none.
  const ingested = await db.selectFrom('source_load').select(['dataset', 'file_name']).where('file_name', 'is not', null).executeTakeFirst();
  if (ingested) {
    throw new Error(
      `FC_DEMO=1 refuses to seed synthetic data into this database: it holds extracts loaded with npm run ingest (${ingested.dataset} from ${ingested.file_name}), which the demo would replace. Unset FC_DEMO, or point FC_DB at another database.`,
    );
  }
  const council = generateCouncil({ seed: DEMO_SEED, residents: DEMO_RESIDENTS, today });
  // The CMS relationship feed first, so the link policy and the links computed below can use it.
  const relationships = relationshipRecords(council.cmsChildren);
  await replaceRelationshipFeed(db, { name: 'Mosaic relationships (synthetic)', lastUpdated: yesterday, freshnessDays: 2 }, relationships, { loadedAt: now });
  let records = 0;
  const extraRecords = extras.length ? extraServiceRecords(DEMO_SEED, council.cmsChildren, today) : undefined;
  const extraSources = extras.map((key) => ({ metadata: extraServiceMetadata(key, yesterday), records: extraRecords![key] }));
  for (const { metadata, records: rows } of [...Object.values(council.sources), ...extraSources]) {
    records += (await replaceSourceData(db, metadata, rows, { loadedAt: now })).recordCount;
    await computeLinks(db, metadata.service, { now, thresholds, ageRule: services.find((s) => s.key === metadata.service)?.ageRule });
  }
  return { seeded: true, records };
}
