/**
 * The matching benchmark's second corpus: data we did not generate (fixtures/independent-corpus, written without
 * reading the matcher). For each seed, its Housing extract is loaded through the real ingest (ingestExtract, the
 * code `npm run ingest` runs, then computeLinks), and every query is asked through the real lookup
 * (lookupInvolvements, in-process, one person per request, trust-host: no link policy, no age rule), and every
 * record shown is scored against the corpus's truth.
 *
 * Seeds 1–100 are for development; 1001 and above are held out (report on them, never tune on them).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../server/src/config.js';
import { openDatabase } from '../../server/src/db/connect.js';
import { migrateToLatest } from '../../server/src/db/migrate.js';
import { ingestExtract } from '../../server/src/ingest/ingest-extract.js';
import { lookupInvolvements } from '../../server/src/involvements/lookup.js';
import { computeLinks } from '../../server/src/matching/links.js';
import { generateIndependentCorpus } from '../../fixtures/independent-corpus/generate.js';

export interface CorpusTally {
  seeds: number[];
  people: number;
  records: number;
  loaded: number;
  partlyIdentified: number;
  queries: number;
  /** Queries whose person has at least one record loaded. */
  inSource: number;
  /** Of those: no true record shown at any band. */
  missedEntirely: number;
  /** Of those: answered "no-records" (the worst answer). */
  toldNoRecords: number;
  /** Queries about people not in the source (or whose rows were all rejected) shown any record. */
  notInSourceShown: number;
  notInSource: number;
  /** Per band: records shown, of which right. */
  shown: Record<'confirmed' | 'likely' | 'possible', { shown: number; correct: number }>;
  /** True (query, record) pairs, and of them found at confirmed/likely, at any band. */
  truePairs: number;
  foundStrong: number;
  foundAny: number;
  statuses: Record<string, number>;
  loadSeconds: number;
  linkSeconds: number;
}

export function emptyTally(): CorpusTally {
  return {
    seeds: [],
    people: 0,
    records: 0,
    loaded: 0,
    partlyIdentified: 0,
    queries: 0,
    inSource: 0,
    missedEntirely: 0,
    toldNoRecords: 0,
    notInSourceShown: 0,
    notInSource: 0,
    shown: { confirmed: { shown: 0, correct: 0 }, likely: { shown: 0, correct: 0 }, possible: { shown: 0, correct: 0 } },
    truePairs: 0,
    foundStrong: 0,
    foundAny: 0,
    statuses: {},
    loadSeconds: 0,
    linkSeconds: 0,
  };
}

/** One seed: generate, load, look up, add to `tally`. `debug` prints every miss and false match (development seeds only). */
export async function runIndependentSeed(seed: number, people: number, tally: CorpusTally, debug = false): Promise<void> {
  const corpus = generateIndependentCorpus({ seed, people });
  const asOf = corpus.queries.asOf;
  const dir = mkdtempSync(join(tmpdir(), `fc-bench-independent-${seed}-`));
  try {
    const csv = join(dir, 'housing.csv');
    const mappingFile = join(dir, 'housing.mapping.json');
    writeFileSync(csv, corpus.housingCsv);
    writeFileSync(mappingFile, JSON.stringify(corpus.mapping, null, 2));
    const config = loadConfig({
      FC_DB: `sqlite:${join(dir, 'bench.db')}`,
      FC_DEMO: '1',
      FC_LOG_LEVEL: 'silent',
      FC_SERVICES: 'housing',
      FC_AGE_RULES: JSON.stringify({ housing: {} }),
    });
    const { db } = await openDatabase(config.database);
    try {
      await migrateToLatest(db);
      const now = new Date(`${asOf}T12:00:00Z`);
      const t0 = performance.now();
      const summary = await ingestExtract({ db, dataset: 'housing', file: csv, mapping: mappingFile, asOf, now, force: true });
      tally.loadSeconds += (performance.now() - t0) / 1000;
      const t1 = performance.now();
      await computeLinks(db, 'housing', { people: [], thresholds: config.matchThresholds, now, ageRule: config.services[0]!.ageRule });
      tally.linkSeconds += (performance.now() - t1) / 1000;
      const loadedIds = new Set((await db.selectFrom('source_record').select('source_person_id').execute()).map((r) => r.source_person_id));
      tally.seeds.push(seed);
      tally.people += people;
      tally.records += corpus.records.length;
      tally.loaded += loadedIds.size;
      tally.partlyIdentified += (summary as { partlyIdentified?: number }).partlyIdentified ?? 0;
      const truthOf = new Map(corpus.truth.queries.map((q) => [q.queryId, q]));
      for (const query of corpus.queries.queries) {
        const truth = truthOf.get(query.queryId)!;
        const own = new Set(truth.recordIds.filter((id) => loadedIds.has(id)));
        const response = await lookupInvolvements(
          { db, config, clock: () => now, requestId: `bench-${seed}-${query.queryId}`, user: { sub: 'bench' } },
          { child: query.person, people: [query.person] },
        );
        const answer = response.people[0]!.services.find((s) => s.service === 'housing')!;
        tally.queries++;
        tally.statuses[answer.status] = (tally.statuses[answer.status] ?? 0) + 1;
        const shown = new Map<string, 'confirmed' | 'likely' | 'possible'>();
        for (const r of answer.records) shown.set(r.ref.slice('housing:'.length), r.match.band);
        for (const [id, band] of shown) {
          tally.shown[band].shown++;
          if (own.has(id)) tally.shown[band].correct++;
          else if (debug) console.log('FALSE', band, query.queryId, JSON.stringify(query.person), id, answer.records.find((r) => r.ref.endsWith(id))?.match.basis.join('; '));
        }
        if (own.size === 0) {
          tally.notInSource++;
          if (shown.size) tally.notInSourceShown++;
          continue;
        }
        tally.inSource++;
        let any = 0;
        for (const id of own) {
          tally.truePairs++;
          const band = shown.get(id);
          if (band) {
            any++;
            tally.foundAny++;
            if (band !== 'possible') tally.foundStrong++;
            else if (debug) console.log('WEAK', query.queryId, answer.records.find((r) => r.ref.endsWith(id))?.match.basis.join('; '));
          }
        }
        if (any === 0) {
          tally.missedEntirely++;
          if (answer.status === 'no-records') tally.toldNoRecords++;
          if (debug) {
            const records = corpus.truth.records.filter((r) => own.has(r.recordId));
            const fields = records.map((r) => JSON.stringify(corpus.records.find((x) => x.recordId === r.recordId)!.fields));
            console.log('MISS', answer.status, query.queryId, JSON.stringify(query.person), fields.join(' | '));
          }
        }
      }
    } finally {
      await db.destroy();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Seeds as "1-5", "1001,1002" or "3". */
export function parseSeeds(text: string): number[] {
  const seeds: number[] = [];
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const range = /^(\d+)-(\d+)$/.exec(part);
    if (range) for (let s = Number(range[1]); s <= Number(range[2]); s++) seeds.push(s);
    else if (/^\d+$/.test(part)) seeds.push(Number(part));
    else throw new Error(`--independent-seeds: "${part}" is not a seed or a range such as 1-5`);
  }
  return seeds;
}

const pct = (n: number, d: number) => (d === 0 ? 'n/a' : `${((100 * n) / d).toFixed(2)}%`);

/** The corpus's section of the report, as Markdown lines. */
export function independentReport(t: CorpusTally, label: string): string[] {
  const lines: string[] = [];
  const strongShown = t.shown.confirmed.shown + t.shown.likely.shown;
  const strongCorrect = t.shown.confirmed.correct + t.shown.likely.correct;
  const seeds = t.seeds.length > 1 ? `${t.seeds[0]}–${t.seeds[t.seeds.length - 1]}` : String(t.seeds[0]);
  lines.push(`### ${label}: seeds ${seeds}, ${t.people / Math.max(1, t.seeds.length)} people each`);
  lines.push('');
  lines.push(
    `${t.records.toLocaleString('en-GB')} extract rows, ${t.loaded.toLocaleString('en-GB')} loaded (${t.partlyIdentified.toLocaleString('en-GB')} without a first name or date of birth); ` +
      `${t.queries.toLocaleString('en-GB')} queries, ${t.inSource.toLocaleString('en-GB')} about people with records loaded, ${t.truePairs.toLocaleString('en-GB')} true (query, record) pairs.`,
  );
  lines.push('');
  lines.push('| measure | value | aim |');
  lines.push('|---|---:|---:|');
  lines.push(`| false "no-records" (record loaded, told no-records) | ${pct(t.toldNoRecords, t.inSource)} (${t.toldNoRecords}) | ≤ 1% |`);
  lines.push(`| people with a record loaded shown none of theirs at any band | ${pct(t.missedEntirely, t.inSource)} (${t.missedEntirely}) | |`);
  lines.push(`| confirmed + likely precision | ${pct(strongCorrect, strongShown)} (${strongCorrect}/${strongShown}) | ≥ 99.5% |`);
  lines.push(`| confirmed + likely recall (of true pairs) | ${pct(t.foundStrong, t.truePairs)} | ≥ 90% |`);
  lines.push(`| any band recall | ${pct(t.foundAny, t.truePairs)} | ≥ 98% |`);
  lines.push(`| possible precision (records shown as possible that are theirs) | ${pct(t.shown.possible.correct, t.shown.possible.shown)} (${t.shown.possible.correct}/${t.shown.possible.shown}) | ≥ 60% |`);
  lines.push(`| people not in the source shown any record | ${pct(t.notInSourceShown, t.notInSource)} (${t.notInSourceShown}/${t.notInSource}) | |`);
  lines.push('');
  lines.push('| band | shown | correct | precision | recall (of true pairs) |');
  lines.push('|---|---:|---:|---:|---:|');
  for (const band of ['confirmed', 'likely', 'possible'] as const) {
    const s = t.shown[band];
    lines.push(`| ${band} | ${s.shown} | ${s.correct} | ${pct(s.correct, s.shown)} | ${pct(s.correct, t.truePairs)} |`);
  }
  lines.push('');
  lines.push(`Statuses: ${Object.entries(t.statuses).map(([s, n]) => `${s} ${n}`).join(', ')}. Load (ingest) ${Math.round(t.records / t.loadSeconds).toLocaleString('en-GB')} rows/s; keys and links ${t.linkSeconds.toFixed(1)} s.`);
  lines.push('');
  return lines;
}
