/**
 * Links record the scoring they were computed with (thresholds and name-frequency use, matching/score.ts
 * scoringSignature). A lookup reuses stored links only when they match the server's own FC_MATCH_* settings;
 * otherwise it matches at request time. Links built before this migration have none, so they are not reused until
 * the next load rebuilds them (lookups stay right, only slower).
 */
import type { Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema.alterTable('match_index').addColumn('links_scoring', t.string(100)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('match_index').dropColumn('links_scoring').execute();
}
