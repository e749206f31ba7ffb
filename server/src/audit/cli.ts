/**
 * `family-context audit <verify|checkpoint|export|spot-check|purge>`: the audit log from the command line, for information
 * governance and the DBA. Uses FC_DB like the server.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import { AUDIT_RETENTION } from '../config.js';
import { openDatabase, parseDatabaseUrl, redactUrl, type DatabaseTarget } from '../db/connect.js';
import { migrateToLatest } from '../db/migrate.js';
import { databaseOpenFailure } from '../db/open-failure.js';
import type { Database } from '../db/schema.js';
import { checkSignature, parseCheckpoint, takeCheckpoint, type Checkpoint } from './checkpoint.js';
import { toCsv, toJson } from './export.js';
import { queryAuditEvents } from './repository.js';
import { spotCheck } from './spot-check.js';
import { purgeAuditEvents, verifyAuditChain } from './verify.js';

const USAGE = `Usage: family-context audit <command> [options]   (database from FC_DB)

  verify [--against FILE]         check the hash chain, that the purge cut-off is older than the retention period
                                  (FC_AUDIT_RETENTION_DAYS), and, with --against, that the chain still holds the
                                  checkpoint in FILE (the JSON "checkpoint" wrote, or log lines holding
                                  "event":"audit-checkpoint"); exit 1 naming the first problem
  checkpoint [--out FILE]         write the chain's head as a checkpoint (signed with FC_AUDIT_CHECKPOINT_KEY when
                                  set): keep it away from the database, to check with verify --against
  export [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--user SUB] [--format csv|json] [--out FILE]
  spot-check [--from YYYY-MM-DD] [--to YYYY-MM-DD]
  purge --retention-days N [--yes]
                                  delete events older than N days (default FC_AUDIT_RETENTION_DAYS); the chain
                                  stays verifiable. Without --yes, only says what would be deleted.

Exit status: 0 done, 1 the chain is broken, the database cannot be opened (the message names the server's host and
port, or the SQLite file) or the command failed, 2 wrong options or FC_DB.`;

export async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: rest,
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        user: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
        'retention-days': { type: 'string' },
        against: { type: 'string' },
        yes: { type: 'boolean' },
        help: { type: 'boolean' },
      },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (!command || values.help || !['verify', 'checkpoint', 'export', 'spot-check', 'purge'].includes(command)) {
    console.error(command && !values.help ? `Unknown audit command "${command}".\n\n${USAGE}` : USAGE);
    return values.help ? 0 : 2;
  }
  for (const key of ['from', 'to'] as const) {
    const v = values[key];
    if (typeof v === 'string' && !/^\d{4}-\d{2}-\d{2}$/.test(v)) {
      console.error(`--${key} "${v}" is not a date: use YYYY-MM-DD`);
      return 2;
    }
  }
  const format = (values.format as string | undefined) ?? 'csv';
  if (!['csv', 'json'].includes(format)) {
    console.error(`--format "${format}": use csv or json`);
    return 2;
  }

  let target: DatabaseTarget;
  try {
    target = parseDatabaseUrl(process.env.FC_DB ?? 'sqlite:./data/family-context.db');
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  let db: Kysely<Database>;
  try {
    ({ db } = await openDatabase(target));
  } catch (error) {
    // One line naming the server (host and port, never the password or the URL) and what to check: not a stack trace.
    console.error(databaseOpenFailure(target, error));
    return 1;
  }
  try {
    await migrateToLatest(db);
    const filter = { from: values.from as string | undefined, to: values.to as string | undefined, user: values.user as string | undefined };
    switch (command) {
      case 'verify': {
        let against: Checkpoint | undefined;
        if (typeof values.against === 'string') {
          try {
            against = parseCheckpoint(readFileSync(values.against, 'utf8'));
          } catch (error) {
            console.error(`--against ${values.against}: ${(error as Error).message}`);
            return 2;
          }
          const signature = checkSignature(against, process.env.FC_AUDIT_CHECKPOINT_KEY || undefined);
          if (signature === 'invalid') {
            console.error(`Audit checkpoint REFUSED: its signature does not match FC_AUDIT_CHECKPOINT_KEY (it was not written by Family Context with this key, or was changed).`);
            return 1;
          }
          if (signature === 'unsigned') console.log('The checkpoint is not signed (no FC_AUDIT_CHECKPOINT_KEY to check it with): it proves only what the file it came from proves.');
        }
        const days = Number(process.env.FC_AUDIT_RETENTION_DAYS ?? AUDIT_RETENTION.defaultDays);
        const report = await verifyAuditChain(db, { retentionDays: Number.isFinite(days) ? days : AUDIT_RETENTION.defaultDays, ...(against ? { against } : {}) });
        for (const note of report.notes ?? []) console.log(`Note: ${note}`);
        if (report.ok) {
          console.log(`Audit chain intact: ${report.events} events, head ${report.head.slice(0, 16)}…${against ? `, holding the checkpoint of ${against.at} (event ${against.lastId})` : ''}`);
          return 0;
        }
        const where = report.brokenAt === 'head' ? 'the end of the log' : report.brokenAt === 'purge' ? 'the purge cut-off' : report.brokenAt === 'checkpoint' ? 'the checkpoint' : `event ${report.brokenAt}`;
        console.error(`Audit chain BROKEN at ${where} (after ${report.events} good events): ${report.problem}`);
        return 1;
      }
      case 'checkpoint': {
        const checkpoint = await takeCheckpoint(db, process.env.FC_AUDIT_CHECKPOINT_KEY || undefined, new Date());
        const text = `${JSON.stringify(checkpoint)}\n`;
        if (values.out) {
          writeFileSync(values.out as string, text);
          console.error(`Wrote the checkpoint of event ${checkpoint.lastId} to ${values.out}${checkpoint.mac ? ' (signed)' : ' (not signed: set FC_AUDIT_CHECKPOINT_KEY)'}`);
        } else {
          process.stdout.write(text);
        }
        return 0;
      }
      case 'export': {
        const rows = await queryAuditEvents(db, filter);
        const text = format === 'csv' ? toCsv(rows) : `${JSON.stringify({ events: toJson(rows) }, null, 2)}\n`;
        if (values.out) {
          writeFileSync(values.out as string, text);
          console.error(`Wrote ${rows.length} events to ${values.out}`);
        } else {
          process.stdout.write(text);
        }
        return 0;
      }
      case 'spot-check': {
        const rows = await queryAuditEvents(db, { ...filter, kind: 'lookup' });
        console.log(JSON.stringify(spotCheck(rows, { from: filter.from, to: filter.to }), null, 2));
        return 0;
      }
      case 'purge': {
        // The flag, else FC_AUDIT_RETENTION_DAYS, else the server's default: the limits the server's config applies.
        const given = (values['retention-days'] as string | undefined) ?? process.env.FC_AUDIT_RETENTION_DAYS ?? String(AUDIT_RETENTION.defaultDays);
        const days = Number(given);
        if (!/^\d+$/.test(given.trim()) || days < AUDIT_RETENTION.minDays || days > AUDIT_RETENTION.maxDays) {
          console.error(
            `The retention period is "${given}" (from ${values['retention-days'] !== undefined ? '--retention-days' : 'FC_AUDIT_RETENTION_DAYS'}): give a whole number of days from ${AUDIT_RETENTION.minDays} to ${AUDIT_RETENTION.maxDays}`,
          );
          return 2;
        }
        const before = new Date(Date.now() - days * 86_400_000).toISOString();
        if (!values.yes) {
          const rows = await queryAuditEvents(db, { to: before.slice(0, 10) });
          console.log(`Would delete up to ${rows.length} events from before ${before}. Run again with --yes to delete them.`);
          return 0;
        }
        const { deleted } = await purgeAuditEvents(db, before);
        const report = await verifyAuditChain(db);
        console.log(`Deleted ${deleted} events from before ${before}. Chain ${report.ok ? 'still verifies' : 'BROKEN: ' + report.problem}.`);
        return report.ok ? 0 : 1;
      }
    }
    return 2;
  } catch (error) {
    // A migration or query the database refused (e.g. an account without DELETE on audit_event running purge).
    console.error(`The audit ${command} failed: ${redactUrl(error instanceof Error ? error.message : String(error))}`);
    return 1;
  } finally {
    await db.destroy();
  }
}
