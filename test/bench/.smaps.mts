import { readFileSync } from 'node:fs';
import { startServer } from './server-process.js';
import { runScenario } from './load.js';
const meta = JSON.parse(readFileSync(process.argv[2]!, 'utf8'));
const bodies = meta.families.map((f: any) => JSON.stringify({ child: f.child, people: f.people }));
const s = await startServer({ dbPath: '/work/main/data/bench/run.db', dir: '/tmp/fc-exp', users: 50, env: { NODE_OPTIONS: process.env.XOPTS ?? '' } });
const roll = () => readFileSync(`/proc/${s.pid}/smaps_rollup`, 'utf8').split('\n').filter(l => /^(Rss|Anonymous|Private_Dirty|Shared_Clean|Private_Clean)/.test(l)).map(l => l.replace(/\s+/g, ' ')).join(' | ');
const threads = () => readFileSync(`/proc/${s.pid}/status`, 'utf8').match(/Threads:\s+\d+/)![0];
console.log('idle', roll(), threads());
const scenario = process.argv[3] === 'floor' ? { path: '/bench/floor', headers: { 'x-bench-bytes': '14568' } } : { path: '/api/v1/involvements', tokens: s.tokens };
const r = await runScenario({ url: s.url, connections: 32, seconds: 6, bodies, ...scenario });
console.log('after', roll(), threads(), 'rps', r.requestsPerSecond.toFixed(0));
// big mappings
const maps = readFileSync(`/proc/${s.pid}/smaps`, 'utf8').split(/\n(?=[0-9a-f]+-[0-9a-f]+ )/);
const big = maps.map(m => ({ head: m.split('\n')[0], rss: Number(/\nRss:\s+(\d+)/.exec(m)?.[1] ?? 0) })).sort((a, b) => b.rss - a.rss).slice(0, 8);
for (const b of big) console.log(String(b.rss >> 10).padStart(5), 'MB', b.head);
await s.stop();
