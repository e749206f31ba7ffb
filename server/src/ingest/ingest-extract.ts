/**
 * Loads one extract: mapping checked, header checked, rows streamed through the mapper into a new snapshot with
 * every rejection reported, then the file as a whole checked (empty? cut off? much smaller than before? mostly
 * rejected?) before readers are switched to it. A refused or failed load leaves the previous data and metadata
 * exactly as they were.
 */
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { RelationshipLoad, getRelationshipFeed } from '../sources/relationships.js';
import { SourceLoad, getSource } from '../sources/repository.js';
import { LoadInProgressError, type BatchWriter } from '../sources/snapshots.js';
import { UnreadableRowWriter } from '../sources/unreadable.js';
import type { RelationshipRecordData, SourceMetadata, SourceRecordData } from '../sources/types.js';
import { addDays, daysBetween, longDate, todayIn } from '../time/calendar.js';
import { CsvExtract, type CsvRow } from './csv-rows.js';
import { parseIsoDate } from './date-format.js';
import { readMappingFile, type ValidMapping } from './mapping.js';
import type { ServiceDefinition } from '../services/catalogue.js';
import { RejectionReport } from './rejection-report.js';
import { mappedColumns, RowMapper } from './row-mapper.js';

export const DEFAULT_MAX_SHRINK = 0.2;
export const DEFAULT_MAX_REJECTED = 0.05;

export interface IngestOptions {
  db: Kysely<Database>;
  /** The --source: a service key or "cms-relationships". */
  dataset: string;
  file: string;
  /** A mapping file's path, or a mapping already validated. */
  mapping: string | ValidMapping;
  /** The configured services (FC_SERVICES_FILE) a mapping file is checked against; default the built-in four. */
  services?: readonly ServiceDefinition[];
  /** --as-of YYYY-MM-DD: the date the extract is current as of. */
  asOf?: string;
  /** Where to write the rejection report; default next to the extract. */
  rejectionsPath?: string;
  /** Refuse when the new data has fewer than (1 - maxShrink) × the previous count. */
  maxShrink?: number;
  /** Refuse when more than this share of the rows is rejected. */
  maxRejected?: number;
  /** Load despite refusals (each one overridden is still reported). */
  force?: boolean;
  /** Read and check everything, write the report, change nothing. */
  dryRun?: boolean;
  /** The time of the load (default now): `loadedAt`, and "today" for checking dates. */
  now?: Date;
  onProgress?: (rowsRead: number) => void;
  /** Wait this long after switching before deleting the old snapshot (for engines without snapshot reads). */
  retireDelayMs?: number;
  /** Writes a source's records in bulk instead of INSERT statements (SQL Server: sources/mssql-bulk.ts). */
  writer?: BatchWriter;
  /** --break-stale-lock: take over from a load run elsewhere that has stopped making progress (snapshots.ts). */
  breakStaleLock?: boolean;
  /** Stops the load between rows (the command was killed or its parent died): it is undone, nothing changes. */
  signal?: AbortSignal;
}

export interface IngestSummary {
  outcome: 'loaded' | 'refused' | 'checked';
  dataset: string;
  sourceName: string;
  file: string;
  rejectionReport: string;
  rowsRead: number;
  accepted: number;
  rejected: number;
  valuesLeftOut: number;
  /** Rows loaded without a first name or a date of birth: found on what they have, as possible matches at most. */
  partlyIdentified: number;
  blankLines: number;
  previousCount: number;
  newCount: number;
  seconds: number;
  rowsPerSecond: number;
  asOf?: string;
  /** Why the load was refused (or, with --force, what was overridden). */
  refusals: string[];
  forced: boolean;
  /** Things worth knowing that did not stop the load. */
  notes: string[];
}

/** A problem no --force can get past (bad options, unreadable file, header not fitting the mapping...). */
export class IngestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IngestError';
  }
}

/**
 * Another load of the same source is running: this one was turned away before it changed anything (a refusal,
 * exit 1, like the other refused loads: running it again later is the fix, not changing the options).
 */
export class LoadRunningError extends IngestError {
  constructor(message: string) {
    super(message);
    this.name = 'LoadRunningError';
  }
}

const PROGRESS_EVERY = 100_000;

export async function ingestExtract(options: IngestOptions): Promise<IngestSummary> {
  const started = performance.now();
  const now = options.now ?? new Date();
  const today = todayIn(() => now);
  const maxShrink = options.maxShrink ?? DEFAULT_MAX_SHRINK;
  const maxRejected = options.maxRejected ?? DEFAULT_MAX_REJECTED;
  const mapping = typeof options.mapping === 'string' ? readMappingFile(options.mapping, options.dataset, options.services) : options.mapping;
  if (mapping.dataset !== options.dataset) throw new IngestError(`The mapping is for ${mapping.dataset}, but --source is ${options.dataset}.`);

  let asOf: string | undefined;
  if (options.asOf !== undefined) {
    asOf = parseIsoDate(options.asOf);
    if (!asOf) throw new IngestError(`--as-of is "${options.asOf}": write the date the extract is current as of as YYYY-MM-DD, e.g. --as-of ${addDays(today, -1)}`);
    if (asOf > today) throw new IngestError(`--as-of ${asOf} is in the future (today is ${today}): give the date the extract was taken.`);
  } else if (!mapping.asOf) {
    throw new IngestError(
      'Say which date the extract is current as of: add --as-of YYYY-MM-DD, or name the column holding it in the mapping ("asOf": { "column": "ExtractDate" }). ' +
        "The file's modification date is not used: copying or re-downloading a file changes it, and a wrong date would make old data look fresh.",
    );
  }

  const extract = await CsvExtract.open(options.file, mapping.csv, mappedColumns(mapping)).catch((error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new IngestError(`The extract ${options.file} does not exist.`);
    if (code === 'EISDIR') throw new IngestError(`${options.file} is a folder, not an extract file.`);
    throw error;
  });
  const mapper = extract ? new RowMapper<SourceRecordData | RelationshipRecordData>(mapping, extract.header, asOf) : undefined;

  const reportPath = options.rejectionsPath ?? defaultReportPath(options.file);
  if (resolve(reportPath) === resolve(options.file)) {
    throw new IngestError(`The rejection report ${reportPath} would overwrite the extract itself: give --rejections another file.`);
  }
  const counts = { rowsRead: 0, accepted: 0, rejected: 0, valuesLeftOut: 0, partlyIdentified: 0 };

  const target = mapping.relationshipFeed ? 'relationships' : 'source';
  let load: SourceLoad | RelationshipLoad | undefined;
  let previousCount: number;
  let previousLastUpdated: string | undefined;
  if (options.dryRun) {
    const previous = target === 'source' ? await getSource(options.db, options.dataset) : await getRelationshipFeed(options.db);
    previousCount = previous?.record_count ?? 0;
    previousLastUpdated = previous?.last_updated;
  } else {
    try {
      const startOptions = {
        fileName: basename(options.file),
        ...(options.breakStaleLock ? { breakStaleLock: true } : {}),
      };
      load =
        target === 'source'
          ? await SourceLoad.start(options.db, options.dataset, { ...startOptions, writer: options.writer })
          : await RelationshipLoad.start(options.db, startOptions);
    } catch (error) {
      if (error instanceof LoadInProgressError) throw new LoadRunningError(await loadRunningMessage(options.db, options.dataset, error.message));
      throw error;
    }
    previousCount = load.previousCount;
    previousLastUpdated = load.previous?.last_updated;
  }
  // Only now that this load is the one running: opening the report empties the file another load may be writing.
  const report = new RejectionReport(reportPath);

  const stats = () => ({ fileName: basename(options.file), rowsRead: counts.rowsRead, rowsRejected: counts.rejected });
  // Rejected rows may be about people looked up later: what can be read of them is kept with the snapshot.
  const unreadable = load instanceof SourceLoad ? new UnreadableRowWriter(options.db, options.dataset, load.snapshotId) : undefined;
  let unidentified = 0;
  try {
    async function* accepted(): AsyncGenerator<SourceRecordData & RelationshipRecordData> {
      if (!extract || !mapper) return;
      for await (const row of extract.rows(mapping.csv)) {
        options.signal?.throwIfAborted();
        counts.rowsRead++;
        if (options.onProgress && counts.rowsRead % PROGRESS_EVERY === 0) options.onProgress(counts.rowsRead);
        const mapped = mapper.map(row.values);
        if (mapped.record) {
          // Values left out only matter for rows that are loaded.
          for (const warning of mapped.warnings) await report.add(row.row, row.line, warning, 'value left out');
          counts.valuesLeftOut += mapped.warnings.length;
          counts.accepted++;
          if (target === 'source' && (!mapped.record.firstName || !mapped.record.dateOfBirth)) counts.partlyIdentified++;
          yield mapped.record as SourceRecordData & RelationshipRecordData;
        } else {
          counts.rejected++;
          await reportRejection(report, row, mapped.problems);
          if (target === 'source') {
            const known = mapper.identify(row.values);
            if (!known.lastName && !known.dateOfBirth) unidentified++;
            await unreadable?.add({ row: row.row, ...known, reason: mapped.problems.map((p) => `${p.column} ${p.reason}`).join('; ') });
          }
        }
      }
    }
    if (load) await load.write(accepted());
    else for await (const _ of accepted()) void _;
    await unreadable?.flush();

    asOf = mapper?.asOf ?? asOf;
    const refusals: string[] = [];
    const notes: string[] = [];
    const ending = extract?.fileEnding;

    const noRows = !extract ? 'The file is empty: it has no header and no rows.' : counts.rowsRead === 0 ? 'The file has a header but no data rows: it holds no records.' : undefined;
    if (!asOf && noRows && options.force) {
      // Nothing to read the as-of date from: an empty source cannot be dated, so it cannot be loaded even forced.
      throw new IngestError(`${noRows} Nothing was changed. The date it is current as of is read from its rows (column "${mapping.asOf?.column}"): to load the source empty, run again with --force and --as-of YYYY-MM-DD.`);
    }
    if (!asOf && !noRows) {
      throw new IngestError(`No row had a readable date in the as-of column "${mapping.asOf?.column}", so the date the extract is current as of is unknown. Give it with --as-of YYYY-MM-DD.`);
    }
    if (asOf && asOf > today) throw new IngestError(`The extract says it is current as of ${asOf}, which is in the future (today is ${today}). Check the as-of column and its format in the mapping.`);

    if (noRows) refusals.push(noRows);
    else if (counts.accepted === 0) refusals.push(`Every one of the ${fmt(counts.rowsRead)} rows was rejected: see the rejection report. A wrong date format or code list in the mapping does this.`);

    if (ending?.openQuote) {
      refusals.push(`The file ends inside a quoted value (from line ${ending.openQuote.line}): the last row was cut off, so the file looks truncated.`);
      await report.add('', ending.openQuote.line, { column: '(whole row)', value: '', reason: 'the file ends inside a quoted value: this row was cut off' }, 'file problem');
    }
    if (ending?.lastRowFieldCount) {
      refusals.push(`The last row (row ${ending.lastRowFieldCount.row}) has ${ending.lastRowFieldCount.fields} fields but the header has ${extract!.header.length}: the file looks truncated.`);
    }
    if (extract && counts.rowsRead > 0 && !ending?.endsWithLineBreak && !ending?.openQuote && mapping.csv.finalLineBreak === 'required') {
      refusals.push(
        'The file does not end with a line break, so its last row may have been cut off. If your extract tool never writes one, set "file": { "finalLineBreak": "optional" } in the mapping.',
      );
    }
    const trailer = mapping.csv.trailer;
    if (trailer && extract) {
      if (!ending?.trailer) refusals.push(`The mapping says the file ends with a "${trailer.marker}" row giving the row count, and there is none: the file looks truncated.`);
      else if (ending.trailer.count === undefined) refusals.push(`The "${trailer.marker}" row's field ${trailer.countColumn} ${describeCount(ending.trailer.raw)}, not a row count.`);
      else if (ending.trailer.count !== counts.rowsRead) {
        refusals.push(`The "${trailer.marker}" row says ${fmt(ending.trailer.count)} rows, but the file has ${fmt(counts.rowsRead)}: the file looks truncated or padded.`);
      }
      if (ending?.rowsAfterTrailer) refusals.push(`${fmt(ending.rowsAfterTrailer)} rows follow the "${trailer.marker}" row: two extracts may have been joined.`);
    }
    if (mapper && mapper.asOfConflicts > 0) {
      refusals.push(`${fmt(mapper.asOfConflicts)} rows give a different as-of date from the first (${asOf}): the file may mix two extracts.`);
    }
    if (counts.rowsRead > 0 && counts.accepted > 0 && counts.rejected / counts.rowsRead > maxRejected) {
      refusals.push(
        `${fmt(counts.rejected)} of ${fmt(counts.rowsRead)} rows (${pct(counts.rejected / counts.rowsRead)}) were rejected, more than the ${pct(maxRejected)} allowed (--max-rejected ${maxRejected}): loading would leave many people out and show them as "no records".`,
      );
    }
    if (previousCount > 0 && counts.accepted < previousCount * (1 - maxShrink)) {
      refusals.push(
        `The load would shrink ${mapping.metadata.name} from ${fmt(previousCount)} to ${fmt(counts.accepted)} records (${pct(1 - counts.accepted / previousCount)} fewer), more than the ${pct(maxShrink)} allowed (--max-shrink ${maxShrink}). A truncated extract must not turn real involvement into "no records".`,
      );
    }
    if (previousLastUpdated && asOf && asOf < previousLastUpdated) {
      refusals.push(`The extract is current as of ${longDate(asOf)}, older than the data loaded now (${longDate(previousLastUpdated)}).`);
    }
    // What the new data means for lookups: said only of a load that goes ahead (in the conditional for a dry run);
    // a refused load changed nothing, and saying otherwise misleads whoever reads the output.
    const willLoad = !refusals.length || options.force === true;
    const effects = (mode: 'now' | 'would'): string[] => {
      const [is, are, answers, will] =
        mode === 'now' ? ['is', 'are', 'answers', 'will'] : ['would be', 'would be', 'would answer', 'would'];
      const out: string[] = [];
      const age = asOf ? daysBetween(asOf, today) : 0;
      if (age > mapping.metadata.freshnessDays) {
        out.push(
          `The extract is already ${age} days old, past the ${mapping.metadata.freshnessDays}-day freshness limit: ` +
            `lookups ${will} say "not checked" for this source until a newer one is loaded.`,
        );
      }
      if (target === 'source' && counts.rejected > 0) {
        out.push(
          `The ${fmt(counts.rejected)} rejected row${counts.rejected === 1 ? ` ${is}` : `s ${are}`} kept as unreadable: ` +
            'anyone one of them could be (the same or a similar name, or the same date of birth) ' +
            `${mode === 'now' ? 'gets' : 'would get'} "not checked" from ${mapping.metadata.name} instead of "no records", ` +
            'until a corrected extract is loaded.',
        );
      }
      if (target === 'source' && unidentified > 0) {
        out.push(
          `${fmt(unidentified)} rejected row${unidentified === 1 ? ' has' : 's have'} no readable surname or date of birth, ` +
            `so ${unidentified === 1 ? 'it' : 'they'} could be anyone: until a corrected extract is loaded, ` +
            `${mapping.metadata.name} ${answers} "not checked" instead of "no records" for everyone.`,
        );
      }
      if (mode === 'now') return out;
      return out.map((note) => `If this extract were loaded: ${note.charAt(0).toLowerCase()}${note.slice(1)}`);
    };
    if (willLoad) notes.push(...effects(options.dryRun ? 'would' : 'now'));

    // Written out before the load is committed: a report that cannot be written fails the load while it can still
    // be undone, never after the switch (when "undone" would no longer be true).
    await report.close();
    options.signal?.throwIfAborted();
    let outcome: IngestSummary['outcome'];
    let newCount = previousCount;
    if (refusals.length && !options.force) {
      outcome = 'refused';
      await load?.abort('refused', refusals.join(' '), stats());
      await unreadable?.discard();
    } else if (!load) {
      outcome = 'checked';
    } else {
      // Only a file with no rows can get here undated, and it was refused, or stopped above when forced.
      if (!asOf) throw new IngestError('The date the extract is current as of is unknown: give it with --as-of YYYY-MM-DD.');
      const loadedAt = now;
      if (load instanceof SourceLoad) {
        const result = await load.commit(sourceMetadata(mapping, asOf), { loadedAt, stats: stats(), retireDelayMs: options.retireDelayMs });
        newCount = result.recordCount;
        await unreadable?.prune(load.previous?.snapshot_id).catch(() => notes.push('Unreadable rows of older loads could not be deleted; the next load will clear them.'));
        if (!result.oldRowsRemoved) notes.push('The previous snapshot could not be fully deleted; the next load will clear it.');
      } else {
        const result = await load.commit(
          { name: mapping.metadata.name, ...(mapping.metadata.notes ? { notes: mapping.metadata.notes } : {}), lastUpdated: asOf, freshnessDays: mapping.metadata.freshnessDays },
          { loadedAt, stats: stats(), retireDelayMs: options.retireDelayMs },
        );
        newCount = result.recordCount;
        if (!result.oldRowsRemoved) notes.push('The previous snapshot could not be fully deleted; the next load will clear it.');
      }
      outcome = 'loaded';
    }
    const seconds = (performance.now() - started) / 1000;
    return {
      outcome,
      dataset: options.dataset,
      sourceName: mapping.metadata.name,
      file: options.file,
      rejectionReport: reportPath,
      ...counts,
      blankLines: ending?.blankLines ?? 0,
      previousCount,
      newCount,
      seconds,
      rowsPerSecond: seconds > 0 ? counts.rowsRead / seconds : 0,
      asOf,
      refusals,
      forced: refusals.length > 0 && options.force === true && outcome === 'loaded',
      notes,
    };
  } catch (error) {
    await load?.abort('failed', error instanceof Error ? error.message : String(error), stats()).catch(() => {});
    await unreadable?.discard().catch(() => {});
    await report.close().catch(() => {});
    throw error;
  }
}

/**
 * Turned away by a load still running: what to do (wait), and how to find that load (the file it reads, the command
 * to look for). The other load's file name is recorded when it starts; a file name is not personal data.
 */
async function loadRunningMessage(db: Kysely<Database>, dataset: string, reason: string): Promise<string> {
  const running = await db
    .selectFrom('source_load')
    .select('file_name')
    .where('dataset', '=', dataset)
    .where('state', '=', 'loading')
    .orderBy('snapshot_id', 'desc')
    .executeTakeFirst()
    .catch(() => undefined);
  const file = running?.file_name ? ` It is loading ${running.file_name}:` : ' To find it,';
  return (
    `${reason}${file} look for \`npm run ingest -- --source ${dataset}\` (family-context ingest) still running where extracts are ` +
    'loaded (a scheduled task, most likely). Nothing was changed by this load.'
  );
}

/** The source's metadata as the mapping declares it, dated by the extract's as-of date. */
export function sourceMetadata(mapping: ValidMapping, asOf: string): SourceMetadata {
  const m = mapping.metadata;
  const coverageFrom = m.coverageFrom ?? (m.coverageYears !== undefined ? minusYears(asOf, m.coverageYears) : undefined);
  const coverageTo = m.coverageTo === undefined || m.coverageTo === 'as-of' ? asOf : m.coverageTo;
  return {
    service: mapping.dataset,
    name: m.name,
    area: m.area ?? '',
    areaPostcodes: (m.areaPostcodes ?? []).map((p) => p.toUpperCase()),
    ...(m.notes ? { notes: m.notes } : {}),
    lastUpdated: asOf,
    ...(coverageFrom ? { coverageFrom } : {}),
    coverageTo,
    freshnessDays: m.freshnessDays,
  };
}

/** extract.csv → extract.rejections.csv, in the same folder. */
export function defaultReportPath(file: string): string {
  const ext = extname(file);
  return join(dirname(file), `${basename(file, ext)}.rejections.csv`);
}

async function reportRejection(report: RejectionReport, row: CsvRow, problems: { column: string; value: string; reason: string }[]): Promise<void> {
  for (const problem of problems) await report.add(row.row, row.line, problem, 'row rejected');
}

function minusYears(iso: string, years: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const day = Math.min(d, new Date(Date.UTC(y - years, m, 0)).getUTCDate());
  return `${String(y - years).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function fmt(n: number): string {
  return n.toLocaleString('en-GB');
}

/**
 * A trailer's count field that is not a count, for the console: shown when it is a number of some other shape
 * ("1,204", "12.0"), not when it holds text (the "trailer" may be a data row that happens to start with the marker).
 */
function describeCount(raw: string): string {
  if (raw === '') return 'is blank';
  // Only what reads as a count is quoted: a date of birth, an NHS or phone number taken for the trailer is not.
  return /^\d{1,3}(?:,?\d{3})*(?:\.0+)?$/.test(raw.trim()) ? `is "${raw.trim()}"` : 'holds another value';
}

function pct(share: number): string {
  return `${(share * 100).toFixed(share < 0.1 ? 1 : 0)}%`;
}
