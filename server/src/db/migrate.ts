/** Runs the dated migrations in server/src/db/migrations, in order. */
import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import * as initial from './migrations/2026-11-21-001-initial.js';
import * as ingest from './migrations/2026-11-21-002-ingest.js';
import * as matching from './migrations/2026-11-21-003-matching.js';
import * as auditChain from './migrations/2026-11-21-004-audit-chain.js';
import * as nameFrequency from './migrations/2026-11-21-005-name-frequency.js';
import * as unreadableRows from './migrations/2026-11-21-006-unreadable-rows.js';
import * as linkScoring from './migrations/2026-11-21-007-link-scoring.js';
import * as personHistory from './migrations/2026-11-21-008-person-history.js';
import * as sourcePersonIndex from './migrations/2026-11-22-009-source-person-index.js';
import * as loadHolder from './migrations/2026-12-08-010-load-holder.js';
import * as relationshipCategory from './migrations/2026-12-08-010-relationship-category.js';
import * as auditChainGuard from './migrations/2026-12-08-011-audit-chain-guard.js';

/** Listed in code (not read from a folder) so the compiled build and tsx see the same set. */
const MIGRATIONS: Record<string, Migration> = {
  '2026-11-21-001-initial': initial,
  '2026-11-21-002-ingest': ingest,
  '2026-11-21-003-matching': matching,
  '2026-11-21-004-audit-chain': auditChain,
  '2026-11-21-005-name-frequency': nameFrequency,
  '2026-11-21-006-unreadable-rows': unreadableRows,
  '2026-11-21-007-link-scoring': linkScoring,
  '2026-11-21-008-person-history': personHistory,
  '2026-11-22-009-source-person-index': sourcePersonIndex,
  '2026-12-08-010-load-holder': loadHolder,
  '2026-12-08-010-relationship-category': relationshipCategory,
  '2026-12-08-011-audit-chain-guard': auditChainGuard,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

export async function migrateToLatest(db: Kysely<any>): Promise<void> {
  const migrator = new Migrator({ db, provider, migrationTableName: 'fc_migration', migrationLockTableName: 'fc_migration_lock' });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    const name = failed ? ` (${failed.migrationName})` : '';
    throw new Error(`Database migration failed${name}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
