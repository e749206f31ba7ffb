/**
 * Where a lookup's time goes, without HTTP: the route's own steps (rate-limit count, resolve people, link policy,
 * lookup with its audit event) called in-process, one lookup at a time, on a benchmark council's database, with
 * each statement's time from kysely's log. `npm run bench` runs it after the load, on the run's own database, to
 * say how much of a lookup's CPU is SQLite's own work and what that leaves of the floor ratio.
 * Alone: node --import tsx test/bench/lookup-breakdown.ts [lookups] (on data/bench/run.db, left by `npm run bench`).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { countLookupsSince } from '../../server/src/audit/repository.js';
import { loadConfig } from '../../server/src/config.js';
import { openDatabase } from '../../server/src/db/connect.js';
import { lookupInvolvements } from '../../server/src/involvements/lookup.js';
import { resolvePeople } from '../../server/src/involvements/resolve-people.js';
import { decideLinks } from '../../server/src/policy/link-policy.js';
import { feedReader } from '../../server/src/sources/relationships.js';
import { todayIn } from '../../server/src/time/calendar.js';
import type { BenchFamily } from './council-db.js';

export interface LookupBreakdown {
  lookups: number;
  peoplePerLookup: number;
  /** Wall milliseconds per lookup, one at a time (nothing else runs in this process, so close to its CPU). */
  msPerLookup: number;
  /** Of which inside SQLite statements (kysely's log: the driver call, rows included). */
  sqlMsPerLookup: number;
  statementsPerLookup: number;
  /** Statements by SQL text (lists collapsed), slowest first. */
  statements: Array<{ sql: string; perLookup: number; msPerLookup: number }>;
}

export async function measureLookupBreakdown(dbPath: string, families: readonly BenchFamily[], count: number): Promise<LookupBreakdown> {
  const byStatement = new Map<string, { n: number; ms: number }>();
  let counting = false;
  // The server's own connection settings (connect.ts): pragmas and statement cache.
  const { db } = await openDatabase({ kind: 'sqlite', location: dbPath }, {
    onQuery(sql, ms) {
      if (!counting) return;
      const key = sql.replace(/\?(, \?)*/g, '?…');
      const s = byStatement.get(key) ?? { n: 0, ms: 0 };
      s.n++;
      s.ms += ms;
      byStatement.set(key, s);
    },
  });
  try {
    const config = loadConfig({ FC_DEMO: '1' });
    const clock = () => new Date();
    // As the route does (api/routes.ts), minus HTTP, token checks and JSON.
    const lookup = async (family: BenchFamily, n: number) => {
      const user = { sub: `bench-user-${n % 300}` };
      await countLookupsSince(db, user.sub, new Date(Date.now() - 60_000));
      const today = todayIn(clock);
      const readFeed = feedReader(db);
      const resolved = await resolvePeople(db, family, today, readFeed);
      if (!resolved.ok) throw new Error(`family ${family.child.cmsId}: ${JSON.stringify(resolved.fields)}`);
      const decision = await decideLinks(db, config.linkPolicy, resolved.request, today, readFeed, resolved.described);
      if (!decision.allowed) throw new Error(`family ${family.child.cmsId}: ${decision.message}`);
      const ctx = { db, config, clock, requestId: `breakdown-${n}`, user, clientAddress: '127.0.0.1', policy: { name: decision.policy, people: decision.people }, ...(decision.withheld ? { withheld: decision.withheld } : {}) };
      return lookupInvolvements(ctx, resolved.request);
    };

    for (let i = 0; i < 50; i++) await lookup(families[i % families.length]!, i);
    counting = true;
    const started = performance.now();
    let people = 0;
    for (let i = 0; i < count; i++) {
      const family = families[(i * 7) % families.length]!;
      people += family.people.length;
      await lookup(family, i);
    }
    const total = performance.now() - started;
    counting = false;
    const all = [...byStatement.values()];
    return {
      lookups: count,
      peoplePerLookup: people / count,
      msPerLookup: total / count,
      sqlMsPerLookup: all.reduce((a, s) => a + s.ms, 0) / count,
      statementsPerLookup: all.reduce((a, s) => a + s.n, 0) / count,
      statements: [...byStatement]
        .sort((a, b) => b[1].ms - a[1].ms)
        .map(([sql, s]) => ({ sql, perLookup: s.n / count, msPerLookup: s.ms / count })),
    };
  } finally {
    await db.destroy();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const data = process.env.FC_BENCH_DIR ?? new URL('../../data/bench/', import.meta.url).pathname;
  // The newest council's families: run.db is a copy of the council the last `npm run bench` used.
  const [metaFile] = readdirSync(data)
    .filter((f) => /^council-.*\.json$/.test(f))
    .sort((a, b) => statSync(join(data, b)).mtimeMs - statSync(join(data, a)).mtimeMs);
  if (!metaFile) throw new Error('Run npm run bench first: no council in data/bench/');
  const families = (JSON.parse(readFileSync(join(data, metaFile), 'utf8')) as { families: BenchFamily[] }).families;
  const b = await measureLookupBreakdown(join(data, 'run.db'), families, Number(process.argv[2] ?? 500));
  console.log(
    `${b.lookups} lookups (${b.peoplePerLookup.toFixed(1)} people each): ${b.msPerLookup.toFixed(2)} ms per lookup, ` +
      `of which SQL ${b.sqlMsPerLookup.toFixed(2)} ms in ${b.statementsPerLookup.toFixed(1)} statements`,
  );
  for (const s of b.statements) {
    console.log(`${s.msPerLookup.toFixed(3).padStart(8)} ms/lookup  ${s.perLookup.toFixed(1).padStart(4)}×  ${s.sql.slice(0, 160)}`);
  }
}
