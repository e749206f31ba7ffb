/**
 * The CMS relationship feed may carry what the CMS knows of a person's past: surnames they were known by before
 * (maiden name) and the postcodes of addresses they lived at before, each a list stored as normalised values joined
 * by ";". Matching uses them: an old record under a maiden name or at a previous address is then recognised.
 * Lookups read them by person (server/src/involvements/resolve-people.ts), hence the index.
 */
import type { Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema.alterTable('cms_relationship').addColumn('previous_last_names', t.string(600)).execute();
  await db.schema.alterTable('cms_relationship').addColumn('previous_postcodes', t.string(200)).execute();
  await db.schema.createIndex('cms_relationship_person').on('cms_relationship').columns(['snapshot_id', 'person_cms_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('cms_relationship_person').on('cms_relationship').execute();
  await db.schema.alterTable('cms_relationship').dropColumn('previous_postcodes').execute();
  await db.schema.alterTable('cms_relationship').dropColumn('previous_last_names').execute();
}
