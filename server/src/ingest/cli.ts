/**
 * `family-context ingest` (`npm run ingest -- ...`): loads one source's CSV extract with the council's column
 * mapping into the database named by FC_DB, and prints what happened.
 */
import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import { readServices, readThresholds, type Config } from '../config.js';
import { openDatabase, parseDatabaseUrl, redactUrl } from '../db/connect.js';
import { databaseOpenFailure } from '../db/open-failure.js';
import { migrateToLatest } from '../db/migrate.js';
import type { Database } from '../db/schema.js';
import { computeLinks } from '../matching/links.js';
import type { MatchThresholds } from '../matching/score.js';
import type { BulkLoader } from '../sources/mssql-bulk.js';
import { listSources } from '../sources/repository.js';
import { longDate } from '../time/calendar.js';
import { CsvFormatError, WrongEncodingError } from './csv-rows.js';
import { DEFAULT_MAX_REJECTED, DEFAULT_MAX_SHRINK, fmt, ingestExtract, IngestError, LoadRunningError, type IngestSummary } from './ingest-extract.js';
import { MappingError } from './mapping.js';
import { knownDatasets } from './model-fields.js';
import { HeaderError } from './row-mapper.js';
import { LoadStoppedError, stopWithParent } from './stop-with-parent.js';

/** The usage text, listing the sources this council's services file (FC_SERVICES_FILE) configures. */
const usage = (env: NodeJS.ProcessEnv): string => `Usage: npm run ingest -- --source <source> --file <extract.csv> --mapping <mapping.json> [options]

Loads one source's CSV extract, replacing that source's data in one switch: lookups see the old data or the
new, never half. Every row is accepted or rejected with a reason in the rejection report.

  --source <source>       ${knownDatasets(readServices(env, [])).join(', ')}
  --file <path>           the CSV extract
  --mapping <path>        the council's column mapping (JSON; examples in fixtures/extracts/)
  --as-of <YYYY-MM-DD>    the date the extract is current as of (or name its column in the mapping's "asOf")
  --rejections <path>     where to write the rejection report (default: <extract>.rejections.csv beside it)
  --max-shrink <share>    refuse a load that shrinks the source by more than this share (default ${DEFAULT_MAX_SHRINK})
  --max-rejected <share>  refuse a load with more than this share of rows rejected (default ${DEFAULT_MAX_REJECTED})
  --force                 load even if refused (empty, truncated, shrunk, mostly rejected, older)
  --dry-run               read and check everything and write the report, but change nothing
  --break-stale-lock      take over from a load of this source that ran on another machine and has made no
                          progress for 30 s (a load whose process is gone on this machine is taken over anyway)
  --help                  this text

The database is FC_DB, as for the server: sqlite:<path>, postgres://..., mssql://...
Run it with the server's FC_MATCH_LIKELY, FC_MATCH_POSSIBLE and FC_MATCH_NAME_FREQUENCIES (if set): the links it
stores are reused by the server only when they were scored with the server's settings.
Exit status: 0 loaded (or checked), 1 refused or failed (also: another load of the source still running, database
unreachable, stopped), 2 wrong options, mapping or header.
Stopping the command (SIGTERM, Ctrl+C, or killing npm or the scheduler's job that started it) stops the load and
undoes it; the previous data stays as it was.`;

/** How long the old snapshot outlives the switch on PostgreSQL and SQL Server: longer than any lookup. */
const RETIRE_DELAY_MS = 10_000;

export async function run(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        source: { type: 'string' },
        file: { type: 'string' },
        mapping: { type: 'string' },
        'as-of': { type: 'string' },
        rejections: { type: 'string' },
        'max-shrink': { type: 'string' },
        'max-rejected': { type: 'string' },
        force: { type: 'boolean' },
        'dry-run': { type: 'boolean' },
        'break-stale-lock': { type: 'boolean' },
        help: { type: 'boolean' },
      },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage(env)}`);
    return 2;
  }
  if (values.help) {
    console.log(usage(env));
    return 0;
  }
  const problems: string[] = [];
  for (const name of ['source', 'file', 'mapping'] as const) if (!values[name]) problems.push(`--${name} is required`);
  const services = readServices(env, problems);
  if (values.source && !knownDatasets(services).includes(values.source)) {
    problems.push(`--source "${values.source}" is not a source: use one of ${knownDatasets(services).join(', ')}`);
  }
  const maxShrink = share(values['max-shrink'], '--max-shrink', DEFAULT_MAX_SHRINK, problems);
  const maxRejected = share(values['max-rejected'], '--max-rejected', DEFAULT_MAX_REJECTED, problems);
  // Links are stored with the scoring they were computed with; the server reuses them only under the same settings.
  const thresholds = readThresholds(env, problems);
  let target;
  try {
    target = parseDatabaseUrl(env.FC_DB ?? 'sqlite:./data/family-context.db');
  } catch (error) {
    problems.push((error as Error).message);
  }
  if (problems.length || !target) {
    console.error(`${problems.map((p) => `  - ${p}`).join('\n')}\n\n${usage(env)}`);
    return 2;
  }

  let db: Kysely<Database>;
  try {
    ({ db } = await openDatabase(target));
  } catch (error) {
    // One line naming the server (host and port, never the password) and what to check: not a stack trace.
    console.error(`${databaseOpenFailure(target, error)} Nothing was loaded.`);
    return 1;
  }
  let bulk: BulkLoader | undefined;
  const stopper = stopWithParent();
  try {
    await migrateToLatest(db);
    // SQL Server: a source's records go in with the bulk insert (a few hundred batches for a million rows), not
    // INSERT statements capped at 1000 rows and 2100 parameters. A dry run writes nothing; the relationship feed is
    // small and loads with INSERTs.
    if (target.kind === 'mssql' && values['dry-run'] !== true && values.source !== 'cms-relationships') bulk = await (await import('../sources/mssql-bulk.js')).openBulkLoader(target.location);
    const summary = await ingestExtract({
      db,
      dataset: values.source!,
      file: values.file!,
      mapping: values.mapping!,
      services,
      ...(values['as-of'] !== undefined ? { asOf: values['as-of'] } : {}),
      ...(values.rejections !== undefined ? { rejectionsPath: values.rejections } : {}),
      maxShrink,
      maxRejected,
      force: values.force === true,
      dryRun: values['dry-run'] === true,
      // SQLite readers see one snapshot per transaction; elsewhere, let requests in flight finish first.
      retireDelayMs: target.kind === 'sqlite' ? 0 : RETIRE_DELAY_MS,
      onProgress: (rows) => process.stderr.write(`  ... ${fmt(rows)} rows read\n`),
      ...(bulk ? { writer: bulk } : {}),
      ...(values['break-stale-lock'] ? { breakStaleLock: true } : {}),
      signal: stopper.signal,
    });
    await bulk?.close();
    bulk = undefined;
    console.log(formatSummary(summary, `${target.kind}:${redactUrl(target.location)}`));
    if (summary.outcome === 'loaded' && !stopper.signal.aborted) {
      await linkAfterLoad(db, summary.dataset, thresholds, services);
    }
    return summary.outcome === 'refused' ? 1 : 0;
  } catch (error) {
    // Turned away by a load still running: refused (exit 1), like any other refusal; run it again later.
    if (error instanceof LoadRunningError) {
      console.error(error.message);
      return 1;
    }
    if (error instanceof MappingError || error instanceof HeaderError || error instanceof IngestError || error instanceof WrongEncodingError) {
      console.error(error.message);
      return 2;
    }
    if (error instanceof LoadStoppedError || stopper.signal.aborted) {
      const reason = stopper.signal.reason;
      console.error(reason instanceof Error ? reason.message : 'The load was stopped and undone: the previous data is unchanged.');
      return 1;
    }
    if (error instanceof CsvFormatError) {
      console.error(error.message);
      return 1;
    }
    console.error(`The load failed and was undone: the previous data is unchanged. ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    stopper.dispose();
    await bulk?.close().catch(() => {});
    await db.destroy();
  }
}

/**
 * Matching work done once per load, not per lookup: the new snapshot's blocking keys and the links from the CMS
 * people to its records (for every source, when the relationship feed changed). Lookups are correct without it,
 * only slower, so a failure here is reported and does not undo the load.
 */
async function linkAfterLoad(db: Kysely<Database>, dataset: string, thresholds: MatchThresholds, enabled: Config['services']): Promise<void> {
  const configured = new Set(enabled.map((s) => s.key));
  const services = configured.has(dataset) ? [dataset] : (await listSources(db)).map((s) => s.service).filter((s) => configured.has(s));
  for (const service of services) {
    try {
      const ageRule = enabled.find((s) => s.key === service)?.ageRule;
      const stats = await computeLinks(db, service, { now: new Date(), thresholds, ageRule });
      if (stats) {
        const outside = stats.outsideAgeRule ? ` (${fmt(stats.outsideAgeRule)} more outside its age rule, matched if ever asked about)` : '';
        console.log(`Matching for ${service}: ${fmt(stats.keys)} blocking keys, ${fmt(stats.links)} links for ${fmt(stats.people)} CMS people${outside}, in ${stats.seconds.toFixed(1)} s.`);
      }
    } catch (error) {
      console.error(`The data was loaded, but the matching links for ${service} could not be rebuilt (lookups still work, more slowly): ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

export function formatSummary(s: IngestSummary, database: string): string {
  const heading =
    s.outcome === 'loaded'
      ? `Loaded ${s.sourceName} (${s.dataset})${s.forced ? ' WITH --force' : ''}`
      : s.outcome === 'checked'
        ? `Checked ${s.sourceName} (${s.dataset}), --dry-run: nothing was changed`
        : `REFUSED: ${s.sourceName} (${s.dataset}) was not changed`;
  const rate = `${fmt(Math.round(s.rowsPerSecond))} rows/s`;
  const lines = [
    heading,
    `  file              ${s.file}`,
    `  database          ${database}`,
    `  rows read         ${fmt(s.rowsRead)}`,
    `  accepted          ${fmt(s.accepted)}`,
    `  rejected          ${fmt(s.rejected)}`,
    ...(s.valuesLeftOut ? [`  values left out   ${fmt(s.valuesLeftOut)} (rows loaded without an unusable postcode or identifier)`] : []),
    ...(s.partlyIdentified ? [`  partly identified ${fmt(s.partlyIdentified)} (loaded without a first name or date of birth: found on what they have, as possible matches at most)`] : []),
    ...(s.blankLines ? [`  blank lines       ${fmt(s.blankLines)} (skipped)`] : []),
    `  previous count    ${fmt(s.previousCount)}`,
    `  new count         ${fmt(s.newCount)}`,
    `  time              ${s.seconds.toFixed(1)} s (${rate})`,
    ...(s.asOf ? [`  current as of     ${longDate(s.asOf)}`] : []),
    `  rejection report  ${s.rejectionReport}${s.rejected || s.valuesLeftOut ? ' (it repeats values from the extract: keep it with the extract and delete it with it)' : ''}`,
  ];
  if (s.refusals.length) {
    lines.push('', s.outcome === 'refused' ? 'Refused because:' : 'Loaded despite (--force):');
    for (const r of s.refusals) lines.push(`  - ${r}`);
    if (s.outcome === 'refused') lines.push('', 'Nothing was changed. Fix the extract and run again, or, if you are sure it is right, run again with --force.');
  }
  for (const n of s.notes) lines.push(`Note: ${n}`);
  return lines.join('\n');
}

function share(value: string | undefined, name: string, fallback: number, problems: string[]): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1 || value.trim() === '') {
    problems.push(`${name} is "${value}": give a share from 0 to 1, e.g. ${name} ${fallback}`);
    return fallback;
  }
  return n;
}
