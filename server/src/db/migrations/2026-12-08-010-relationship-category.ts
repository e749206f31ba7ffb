/**
 * The CMS relationship feed may say what kind of relationship each row is: `family` or `professional` (an
 * allocated worker, a GP, a teacher). Professionals are not looked up as family (server/src/policy/link-policy.ts);
 * rows without it are decided by the relationship's wording and the server's list of professional relationships.
 */
import type { Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('cms_relationship').addColumn('category', columnTypes(db).string(20)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('cms_relationship').dropColumn('category').execute();
}
