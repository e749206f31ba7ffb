import { readFileSync } from 'node:fs';
import { startServer, readStatusBytes } from './server-process.js';
import { runScenario } from './load.js';
const meta = JSON.parse(readFileSync(process.argv[2]!, 'utf8'));
const bodies = meta.families.map((f: any) => JSON.stringify({ child: f.child, people: f.people }));
const s = await startServer({ dbPath: '/work/main/data/bench/run.db', dir: '/work/main/data/bench', users: 50, env: { NODE_OPTIONS: process.env.XOPTS ?? '' } });
const scrape = async (label: string) => {
  const t = await (await fetch(s.url + '/metrics')).text();
  const g = (n: string) => Number(t.split('\n').find(l => l.startsWith(n + ' ') || l.startsWith(n + '{'))?.split(' ').pop()) / 2**20;
  console.log(label, 'rss', (readStatusBytes(s.pid, 'VmRSS')/2**20).toFixed(0), 'heapUsed', g('fc_nodejs_heap_size_used_bytes').toFixed(0), 'heapTotal', g('fc_nodejs_heap_size_total_bytes').toFixed(0), 'external', g('fc_nodejs_external_memory_bytes').toFixed(0));
};
await scrape('idle');
const p = runScenario({ url: s.url, path: '/api/v1/involvements', connections: 32, seconds: 8, bodies, tokens: s.tokens });
for (let i = 0; i < 3; i++) { await new Promise(r => setTimeout(r, 2500)); await scrape('load'); }
const r = await p; console.log('rps', r.requestsPerSecond.toFixed(0), 'p99', r.p99, 'non2xx', r.non2xx);
await scrape('after');
await s.stop();
