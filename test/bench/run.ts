/**
 * `npm run bench`: the product's figures in one table, measured in one run on this machine.
 *
 * 1. A synthetic council of 1,000,000 residents in SQLite (built once, cached under data/bench/).
 * 2. The real server as a child process (not demo mode: JWKS file, issuer, audience; real RS256 tokens).
 * 3. autocannon on loopback, 32 connections: `POST /api/v1/involvements` with families of 4–10 people from the
 *    council's CMS children, against a floor (`POST /bench/floor`: the same request body and response size,
 *    no auth, no database). Rounds alternate floor and lookup; the table gives each figure's median.
 * 4. Ingest throughput and the widget's size and render time, from test/bench/ingest.ts and widget-render.ts.
 *
 * Writes test/bench/results/latest.md. Settings: FC_BENCH_RESIDENTS (1000000), FC_BENCH_SEED (20261121),
 * FC_BENCH_CONNECTIONS (32), FC_BENCH_SECONDS per round (5), FC_BENCH_ROUNDS (3), FC_BENCH_USERS (300),
 * FC_BENCH_DIR (data/bench), FC_BENCH_WORKERS (the server's FC_WORKERS; default 1, the product's default: on this
 * 2-core machine the load generator needs a core, and `auto` adds a process's memory for no more throughput).
 */
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import type { InvolvementsResponse } from '../../server/src/api/contract.js';
import { prepareCouncil, type BenchCouncil } from './council-db.js';
import { toFigures, type BenchFigure } from './figures.js';
import { median, runScenario, type ScenarioResult } from './load.js';
import { measureLookupBreakdown, type LookupBreakdown } from './lookup-breakdown.js';
import { startServer, type ServerProcess } from './server-process.js';

const env = process.env;
const number = (name: string, fallback: number) => {
  const value = env[name] === undefined ? fallback : Number(env[name]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} is "${env[name]}": use a positive number`);
  return value;
};
const RESIDENTS = number('FC_BENCH_RESIDENTS', 1_000_000);
const SEED = number('FC_BENCH_SEED', 20261121);
const CONNECTIONS = number('FC_BENCH_CONNECTIONS', 32);
const SECONDS = number('FC_BENCH_SECONDS', 5);
const ROUNDS = number('FC_BENCH_ROUNDS', 3);
const USERS = number('FC_BENCH_USERS', 300);
/** FC_BENCH_PROFILE=1 (see server-process.ts) with FC_BENCH_LOOKUP_ONLY=1 profiles lookups alone. */
const LOOKUP_ONLY = env.FC_BENCH_LOOKUP_ONLY === '1';
/** Server processes (FC_WORKERS for the server; server-process.ts passes it): one per CPU unless set. */
const WORKERS = env.FC_BENCH_WORKERS ?? '1';

const AIMS = { ratio: 0.4, p99Ms: 15, memoryMb: 250 };

const ROOT = new URL('../../', import.meta.url).pathname;
/** The cached councils and the run's working files (FC_BENCH_DIR, default data/bench). */
const DATA = env.FC_BENCH_DIR ? resolve(env.FC_BENCH_DIR) : join(ROOT, 'data', 'bench');
const RESULTS = join(ROOT, 'test', 'bench', 'results', 'latest.md');

const log = (line: string) => console.log(line);
const mb = (bytes: number) => bytes / 2 ** 20;
const fmt = (n: number, digits = 0) => n.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** Ends a FC_BENCH_LOOKUP_ONLY run after its one scenario (the server is still stopped properly). */
class LookupOnlyDone extends Error {}

interface Measured {
  lookup: ScenarioResult[];
  floor: ScenarioResult[];
  lookupPeakRss: number;
  floorPeakRss: number;
  peakSinceStart: number;
  idleRss: number;
  /** Server CPU milliseconds per request, per round. */
  lookupCpuMs: number[];
  floorCpuMs: number[];
  responseBytes: number;
  statuses: Record<string, number>;
  people: number;
}

async function main(): Promise<void> {
  const council = await prepareCouncil({ seed: SEED, residents: RESIDENTS, dir: DATA, log });
  if (council.families.length < 100) throw new Error(`Only ${council.families.length} families of 4–10 people: the council is too small to benchmark.`);

  // Each run works on a copy, so audit events from earlier runs never pile up in the cached council.
  const runDb = join(DATA, 'run.db');
  for (const suffix of ['', '-wal', '-shm']) rmSync(runDb + suffix, { force: true });
  copyFileSync(council.dbPath, runDb);

  const server = await startServer({ dbPath: runDb, dir: DATA, users: USERS });
  let measured: Measured;
  try {
    measured = await measure(server, council);
  } catch (error) {
    if (error instanceof LookupOnlyDone) return;
    throw error;
  } finally {
    await server.stop();
  }

  // The route's steps in-process, on the run's database as the load left it: how much of a lookup is SQLite's.
  log('Timing the lookup in-process (no HTTP), 1,000 lookups...');
  const breakdown = await measureLookupBreakdown(runDb, council.families, 1000);

  const product = [
    ...(await optionalFigures('./ingest.js', 'measureIngest', 'Ingest throughput')),
    ...(await optionalFigures('./widget-render.js', 'measureWidget', 'Widget bundle (gzipped) and render time')),
  ];
  const markdown = report(council, measured, breakdown, product);
  mkdirSync(join(ROOT, 'test', 'bench', 'results'), { recursive: true });
  writeFileSync(RESULTS, markdown);
  console.log(`\n${markdown}`);
  console.log(`Written to ${RESULTS}`);
}

async function measure(server: ServerProcess, council: BenchCouncil): Promise<Measured> {
  const bodies = council.families.map((f) => JSON.stringify({ child: f.child, people: f.people }));
  const path = '/api/v1/involvements';

  // Check the answers are real before timing them: every request 200, with a realistic spread of statuses.
  log('Checking answers on 300 families...');
  const sizes: number[] = [];
  const statuses: Record<string, number> = {};
  let people = 0;
  for (let i = 0; i < 300; i++) {
    const res = await fetch(server.url + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${server.tokens[i % server.tokens.length]}` },
      body: bodies[i % bodies.length],
    });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`A lookup answered ${res.status}: ${text.slice(0, 500)}`);
    sizes.push(Buffer.byteLength(text));
    const body = JSON.parse(text) as InvolvementsResponse;
    for (const p of body.people) {
      people++;
      for (const s of p.services) statuses[s.status] = (statuses[s.status] ?? 0) + 1;
    }
  }
  if (!statuses.involved || !statuses['no-records']) {
    throw new Error(`The answers look wrong (statuses ${JSON.stringify(statuses)}): expected some involved and some no-records.`);
  }
  const responseBytes = Math.round(median(sizes));
  log(`  ${people} people: ${Object.entries(statuses).map(([k, v]) => `${k} ${v}`).join(', ')}; median answer ${fmt(responseBytes)} bytes`);

  const lookup = { url: server.url, path, connections: CONNECTIONS, bodies, tokens: server.tokens };
  const floor = { url: server.url, path: '/bench/floor', connections: CONNECTIONS, bodies, headers: { 'x-bench-bytes': String(responseBytes) } };

  if (LOOKUP_ONLY) {
    log(`Lookups only, ${SECONDS} s (FC_BENCH_LOOKUP_ONLY=1: no table is written)...`);
    const cpu = server.cpuSeconds();
    const r = await runScenario({ ...lookup, seconds: SECONDS });
    const cpuMs = ((server.cpuSeconds() - cpu) * 1000) / Math.max(1, r.total);
    log(`  lookup ${fmt(r.requestsPerSecond)} req/s (p50 ${r.p50} ms, p99 ${r.p99} ms, ${fmt(cpuMs, 2)} ms CPU each), ${r.non2xx} non-2xx`);
    throw new LookupOnlyDone();
  }
  log('Warming up (3 s each)...');
  await runScenario({ ...floor, seconds: 3 });
  await runScenario({ ...lookup, seconds: 3 });
  const idleRss = server.sampleMemory()();

  const result: Measured = { lookup: [], floor: [], lookupPeakRss: 0, floorPeakRss: 0, peakSinceStart: 0, idleRss, responseBytes, statuses, people, lookupCpuMs: [], floorCpuMs: [] };
  for (let round = 1; round <= ROUNDS; round++) {
    let stop = server.sampleMemory();
    let cpu = server.cpuSeconds();
    const f = await runScenario({ ...floor, seconds: SECONDS });
    result.floorCpuMs.push(((server.cpuSeconds() - cpu) * 1000) / Math.max(1, f.total));
    result.floorPeakRss = Math.max(result.floorPeakRss, stop());
    stop = server.sampleMemory();
    cpu = server.cpuSeconds();
    const l = await runScenario({ ...lookup, seconds: SECONDS });
    result.lookupCpuMs.push(((server.cpuSeconds() - cpu) * 1000) / Math.max(1, l.total));
    result.lookupPeakRss = Math.max(result.lookupPeakRss, stop());
    for (const [name, r] of [['floor', f], ['lookup', l]] as const) {
      if (r.non2xx || r.errors) throw new Error(`${name} round ${round}: ${r.non2xx} non-2xx answers (${JSON.stringify(r.statusCodes)}) and ${r.errors} errors`);
    }
    result.floor.push(f);
    result.lookup.push(l);
    log(
      `  round ${round}/${ROUNDS}: floor ${fmt(f.requestsPerSecond)} req/s (p99 ${f.p99} ms, ${fmt(result.floorCpuMs.at(-1)!, 2)} ms CPU each); ` +
        `lookup ${fmt(l.requestsPerSecond)} req/s (p50 ${l.p50} ms, p99 ${l.p99} ms, ${fmt(result.lookupCpuMs.at(-1)!, 2)} ms CPU each)`,
    );
  }
  result.peakSinceStart = server.peakSinceStart();
  return result;
}

async function optionalFigures(module: string, exportName: string, label: string): Promise<BenchFigure[]> {
  let loaded: Record<string, unknown>;
  try {
    loaded = (await import(module)) as Record<string, unknown>;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' && String((error as Error).message).includes(module.slice(2, -3))) {
      return [{ name: label, value: 'not measured (module missing)' }];
    }
    return [{ name: label, value: `not measured (${(error as Error).message.split('\n')[0]})` }];
  }
  const measureFn = loaded[exportName];
  if (typeof measureFn !== 'function') return [{ name: label, value: `not measured (${module} has no ${exportName} export)` }];
  try {
    log(`Measuring: ${label}...`);
    return toFigures(await (measureFn as () => Promise<unknown>)(), label);
  } catch (error) {
    return [{ name: label, value: `failed: ${(error as Error).message.split('\n')[0]}` }];
  }
}

function report(council: BenchCouncil, m: Measured, b: LookupBreakdown, product: BenchFigure[]): string {
  const med = (list: ScenarioResult[], key: 'requestsPerSecond' | 'p50' | 'p99') => median(list.map((r) => r[key]));
  const lookupRps = med(m.lookup, 'requestsPerSecond');
  const floorRps = med(m.floor, 'requestsPerSecond');
  const ratio = lookupRps / floorRps;
  const lookupP50 = med(m.lookup, 'p50');
  const lookupP99 = med(m.lookup, 'p99');
  const floorP50 = med(m.floor, 'p50');
  const floorP99 = med(m.floor, 'p99');
  const yes = (ok: boolean) => (ok ? 'yes' : '**no**');
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const records = Object.entries(council.records).map(([s, n]) => `${s} ${fmt(n)}`).join(', ');
  const totalRequests = m.lookup.reduce((n, r) => n + r.total, 0);
  const lookupCpu = median(m.lookupCpuMs);
  const floorCpu = median(m.floorCpuMs);
  const top = b.statements.slice(0, 5);

  return `# Benchmark results

Measured by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${cpus().length} × ${cpu}, ${fmt(mb(totalmem()) / 1024, 0)} GB RAM, Node ${process.version}.
The server and the load generator (autocannon) share the machine, on loopback.
**Server:** ${env.FC_BENCH_COMPILED === '1' ? 'the compiled build, as `npm run start:prod` runs it' : 'server/src/main.ts through tsx'}, FC_WORKERS=${WORKERS} (${WORKERS === 'auto' ? cpus().length : WORKERS} worker process${(WORKERS === 'auto' ? cpus().length : Number(WORKERS)) === 1 ? '' : 'es'}; memory figures add up every process of the server).

**Council:** ${fmt(council.residents)} synthetic residents (seed ${SEED}) in SQLite (${fmt(mb(council.dbBytes))} MB): ${records} source records.
**Load:** ${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS} s per scenario, floor and lookup alternating; each figure is the median of the rounds.
Lookups: \`POST /api/v1/involvements\` for ${fmt(council.families.length)} different families of 4–10 people (a CMS child and the family linked to them), real RS256 tokens for ${USERS} social workers, info-level request logs, an audit event per lookup. ${fmt(totalRequests)} lookups timed.
Floor: \`POST /bench/floor\` on the same server (FC_BENCH_FLOOR=1): the same request bodies parsed, an answer of the same size (${fmt(m.responseBytes)} bytes, the median lookup answer), no auth, no database.
Answers checked before timing: ${fmt(m.people)} people, ${Object.entries(m.statuses).map(([k, v]) => `${k} ${fmt(v)}`).join(', ')}.

| Figure | Lookup | Floor | Lookup / floor | Aim | Met |
|---|---:|---:|---:|---|---|
| Requests per second | ${fmt(lookupRps)} | ${fmt(floorRps)} | ${fmt(ratio * 100)}% | ≥ ${AIMS.ratio * 100}% of the floor | ${yes(ratio >= AIMS.ratio)} |
| Latency p50 (ms) | ${fmt(lookupP50)} | ${fmt(floorP50)} | ${floorP50 ? fmt(lookupP50 / floorP50, 1) + '×' : '–'} | | |
| Latency p99 (ms) | ${fmt(lookupP99)} | ${fmt(floorP99)} | ${floorP99 ? fmt(lookupP99 / floorP99, 1) + '×' : '–'} | ≤ ${AIMS.p99Ms} ms at ${CONNECTIONS} connections | ${yes(lookupP99 <= AIMS.p99Ms)} |
| Server CPU per request (ms, all processes) | ${fmt(median(m.lookupCpuMs), 2)} | ${fmt(median(m.floorCpuMs), 2)} | ${fmt(median(m.lookupCpuMs) / median(m.floorCpuMs), 1)}× | | |
| Server peak memory (RSS, MB) | ${fmt(mb(m.lookupPeakRss))} | ${fmt(mb(m.floorPeakRss))} | ${fmt(m.lookupPeakRss / m.floorPeakRss, 2)}× | ≤ ${AIMS.memoryMb} MB | ${yes(mb(Math.max(m.lookupPeakRss, m.peakSinceStart)) <= AIMS.memoryMb)} |

Server memory: ${fmt(mb(m.idleRss))} MB after warm-up; peak since start (VmHWM, start-up and migrations included) ${fmt(mb(m.peakSinceStart))} MB.
Latencies are autocannon's, in whole milliseconds (a p99 of 4 means 4.0–4.99 ms).${council.buildSeconds ? `\nThe council was generated and loaded in this run in ${fmt(council.buildSeconds)} s.` : ''}

## Where a lookup's time goes

The route's own steps (rate-limit count, people from the relationship feed, link policy, the search and answers,
the audit event) called in-process after the load, one lookup at a time, on the same database: ${fmt(b.lookups)} lookups of
${fmt(b.peoplePerLookup, 1)} people (test/bench/lookup-breakdown.ts).

| Milliseconds per lookup | ms |
|---|---:|
| Server CPU per lookup through HTTP (above) | ${fmt(lookupCpu, 2)} |
| The route's steps in-process (no HTTP, token check or JSON) | ${fmt(b.msPerLookup, 2)} |
| … of which inside SQLite (${fmt(b.statementsPerLookup, 1)} statements) | ${fmt(b.sqlMsPerLookup, 2)} |
| The floor's whole request (above) | ${fmt(floorCpu, 2)} |
| Most a lookup may cost for the ${AIMS.ratio * 100}% aim (floor ÷ ${AIMS.ratio}) | ${fmt(floorCpu / AIMS.ratio, 2)} |
| Best ratio possible if a lookup cost only the floor plus its SQL | ${fmt((floorCpu / (floorCpu + b.sqlMsPerLookup)) * 100)}% |

Slowest statements (ms per lookup, times run per lookup):
${top.map((s) => `- ${fmt(s.msPerLookup, 3)} ms, ${fmt(s.perLookup, 1)}×: \`${s.sql.length > 110 ? `${s.sql.slice(0, 110)}…` : s.sql}\``).join('\n')}

## The rest of the product

| Figure | Value | Aim | Met |
|---|---:|---|---|
${product.map((f) => `| ${f.name} | ${f.value} | ${f.aim ?? ''} | ${f.met === undefined ? '' : yes(f.met)} |`).join('\n')}
`;
}

main().catch((error: unknown) => {
  console.error(`Benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
