/**
 * Ingest throughput: writes a synthetic housing extract of `records` rows (from the synthetic council, streamed)
 * into a temp folder, then times `ingestExtract` loading it into a temp SQLite file, sampling the process's
 * memory while it runs. The extract is written before the clock starts.
 *
 *   node --import tsx test/bench/ingest.ts [records]      (default 100000)
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { councilChunks } from '../../fixtures/council/generate.js';
import { writeExtract } from '../../fixtures/extracts/extract-writer.js';
import { EXAMPLE_SEED, EXAMPLE_TODAY, loadMapping } from '../../fixtures/extracts/write-extracts.js';
import { openDatabase } from '../../server/src/db/connect.js';
import { migrateToLatest } from '../../server/src/db/migrate.js';
import { ingestExtract } from '../../server/src/ingest/ingest-extract.js';
import type { SourceRecordData } from '../../server/src/sources/types.js';
import { addDays } from '../../server/src/time/calendar.js';

export interface IngestMeasurement {
  records: number;
  seconds: number;
  recordsPerSecond: number;
  peakRssMb: number;
}

/** The synthetic council's housing records, as many as asked for (the council grows until there are enough). */
export function* housingRecords(count: number, seed = EXAMPLE_SEED, today = EXAMPLE_TODAY): Generator<SourceRecordData> {
  let produced = 0;
  for (const chunk of councilChunks({ seed, residents: Number.MAX_SAFE_INTEGER, today })) {
    for (const record of chunk.records.housing) {
      if (produced >= count) return;
      produced++;
      yield record;
    }
  }
}

/**
 * Default 100,000 records (what `npm run bench` calls it with). Also returns the extract's size and the CPU time the
 * load used (wall time suffers when other work shares the cores).
 */
export async function measureIngest(options: { records: number; keep?: boolean } = { records: 100_000 }): Promise<IngestMeasurement & { fileMb: number; cpuSeconds: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'fc-bench-ingest-'));
  try {
    const mapping = loadMapping('housing');
    const asOf = addDays(EXAMPLE_TODAY, -1);
    const file = join(dir, 'housing.csv');
    await writeExtract(file, mapping, asOf, housingRecords(options.records));
    const fileMb = statSync(file).size / 1e6;

    const { db } = await openDatabase({ kind: 'sqlite', location: join(dir, 'bench.db') });
    try {
      await migrateToLatest(db);
      global.gc?.();
      let peak = process.memoryUsage().rss;
      const sampler = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage().rss);
      }, 50);
      const cpu = process.cpuUsage();
      const summary = await ingestExtract({ db, dataset: 'housing', file, mapping, asOf, now: new Date(`${EXAMPLE_TODAY}T06:00:00Z`) });
      const used = process.cpuUsage(cpu);
      clearInterval(sampler);
      peak = Math.max(peak, process.memoryUsage().rss);
      if (summary.outcome !== 'loaded' || summary.accepted !== options.records) {
        throw new Error(`The benchmark load did not go through: ${summary.outcome}, ${summary.accepted} of ${options.records} accepted. ${summary.refusals.join(' ')}`);
      }
      return {
        records: summary.accepted,
        seconds: summary.seconds,
        recordsPerSecond: summary.accepted / summary.seconds,
        peakRssMb: peak / 1e6,
        fileMb,
        cpuSeconds: (used.user + used.system) / 1e6,
      };
    } finally {
      await db.destroy();
    }
  } finally {
    if (!options.keep) rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const records = Number(process.argv[2] ?? 100_000);
  if (!Number.isInteger(records) || records < 1) {
    console.error('usage: node --import tsx test/bench/ingest.ts [records]');
    process.exit(2);
  }
  const m = await measureIngest({ records });
  console.log(
    `ingest (housing extract, SQLite): ${m.records.toLocaleString('en-GB')} records (${m.fileMb.toFixed(0)} MB) in ${m.seconds.toFixed(1)} s = ` +
      `${Math.round(m.recordsPerSecond).toLocaleString('en-GB')} records/s (CPU ${m.cpuSeconds.toFixed(1)} s), peak RSS ${m.peakRssMb.toFixed(0)} MB`,
  );
}
