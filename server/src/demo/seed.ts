/**
 * Seeds the demo database with a synthetic council (fixtures/council), the same every time for a given day.
 * Sources are re-seeded when their data is not from yesterday, so the demo never runs on stale data by accident.
 */
import type { Kysely } from 'kysely';
import { generateCouncil } from '../../../fixtures/council/generate.js';
import type { Database } from '../db/schema.js';
import { listSources, replaceSourceData } from '../sources/repository.js';
import { addDays } from '../time/calendar.js';

export const DEMO_SEED = 20261121;
export const DEMO_RESIDENTS = 4000;

export async function seedDemoCouncil(db: Kysely<Database>, today: string, now: Date): Promise<{ seeded: boolean; records: number }> {
  const existing = await listSources(db);
  const yesterday = addDays(today, -1);
  if (existing.length === 4 && existing.every((s) => s.last_updated === yesterday && s.record_count > 0)) {
    return { seeded: false, records: existing.reduce((n, s) => n + s.record_count, 0) };
  }
  const council = generateCouncil({ seed: DEMO_SEED, residents: DEMO_RESIDENTS, today });
  let records = 0;
  for (const { metadata, records: rows } of Object.values(council.sources)) {
    records += (await replaceSourceData(db, metadata, rows, { loadedAt: now })).recordCount;
  }
  return { seeded: true, records };
}
