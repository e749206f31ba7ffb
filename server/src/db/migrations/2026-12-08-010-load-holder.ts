/**
 * Which process runs a load (sources/load-holder.ts): its host, boot, process id and start time, recorded when the
 * load starts, so that a load whose process is known to be dead (killed, crashed, the machine restarted) stops
 * blocking the next one at once instead of after STALE_AFTER_MS without progress.
 */
import type { Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema.alterTable('source_load').addColumn('holder', t.string(500)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('source_load').dropColumn('holder').execute();
}
