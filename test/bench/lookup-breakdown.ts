/**
 * Where a lookup's time goes, without HTTP: lookupInvolvements called in-process on the benchmark's council
 * (run.db in FC_BENCH_DIR or data/bench/, left by `npm run bench`), with each statement's time from kysely's log.
 * Usage: node --import tsx test/bench/lookup-breakdown.ts [families]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../server/src/config.js';
import { openDatabase } from '../../server/src/db/connect.js';
import { lookupInvolvements } from '../../server/src/involvements/lookup.js';
import { resolvePeople } from '../../server/src/involvements/resolve-people.js';
import type { BenchFamily } from './council-db.js';

const DATA = process.env.FC_BENCH_DIR ?? new URL('../../data/bench/', import.meta.url).pathname;
const metaFile = readdirSync(DATA).find((f) => /^council-.*\.json$/.test(f));
if (!metaFile) throw new Error('Run npm run bench first: no council in data/bench/');
const families = (JSON.parse(readFileSync(join(DATA, metaFile), 'utf8')) as { families: BenchFamily[] }).families;
const count = Number(process.argv[2] ?? 500);

const byStatement = new Map<string, { n: number; ms: number }>();
// The server's own connection settings (connect.ts): pragmas and statement cache.
const { db } = await openDatabase({ kind: 'sqlite', location: join(DATA, 'run.db') }, {
  onQuery(sql, ms) {
    const key = sql.replace(/\?(, \?)*/g, '?…').slice(0, 140);
    const s = byStatement.get(key) ?? { n: 0, ms: 0 };
    s.n++;
    s.ms += ms;
    byStatement.set(key, s);
  },
});
const config = loadConfig({ FC_DEMO: '1', FC_RATE_LIMIT_PER_MINUTE: '100000' });
const ctx = { db, config, clock: () => new Date(), requestId: 'x', user: { sub: 'bench' }, clientAddress: '127.0.0.1' };

// As the route does: people sent with a CMS id get what the relationship feed knows of them first.
async function lookup(family: BenchFamily) {
  const resolved = await resolvePeople(db, family);
  if (!resolved.ok) throw new Error(JSON.stringify(resolved.fields));
  return lookupInvolvements(ctx, resolved.request);
}

for (let i = 0; i < 50; i++) await lookup(families[i % families.length]!);
byStatement.clear();
const started = performance.now();
let people = 0;
for (let i = 0; i < count; i++) {
  const family = families[(i * 7) % families.length]!;
  people += family.people.length;
  await lookup(family);
}
const total = performance.now() - started;
const sqlMs = [...byStatement.values()].reduce((a, s) => a + s.ms, 0);
console.log(`${count} lookups (${(people / count).toFixed(1)} people each): ${(total / count).toFixed(2)} ms per lookup, of which SQL ${(sqlMs / count).toFixed(2)} ms`);
for (const [sql, s] of [...byStatement].sort((a, b) => b[1].ms - a[1].ms)) {
  console.log(`${(s.ms / count).toFixed(3).padStart(8)} ms/lookup  ${(s.n / count).toFixed(1).padStart(4)}×  ${sql}`);
}
await db.destroy();
