/**
 * Summarises a V8 CPU profile (FC_BENCH_PROFILE=1 npm run bench writes them to data/bench/profiles/):
 * self time by function and by file, the largest first.
 * Usage: node --import tsx test/bench/profile-summary.ts data/bench/profiles/<file>.cpuprofile [rows]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, rowsText] = process.argv.slice(2);
if (!file) {
  console.error('usage: node --import tsx test/bench/profile-summary.ts <file.cpuprofile> [rows]');
  process.exit(2);
}
const rows = Number(rowsText ?? 30);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfTime = new Map<number, number>();
profile.samples.forEach((id, i) => selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const total = [...selfTime.values()].reduce((a, b) => a + b, 0);

const byFunction = new Map<string, number>();
const byFile = new Map<string, number>();
for (const [id, us] of selfTime) {
  const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
  const where = url.replace(/^file:\/\/\/work\/main\//, '').replace(/.*node_modules\//, 'nm:');
  const fn = `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`;
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
  const pkg = where.startsWith('nm:') ? where.split('/').slice(0, where.startsWith('nm:@') ? 2 : 1).join('/') : where || functionName;
  byFile.set(pkg, (byFile.get(pkg) ?? 0) + us);
}
const show = (title: string, map: Map<string, number>) => {
  console.log(`\n${title} (total ${(total / 1e6).toFixed(1)} s)`);
  for (const [name, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, rows)) {
    console.log(`${((us / total) * 100).toFixed(1).padStart(5)}%  ${name}`);
  }
};
show('Self time by file or package', byFile);
show('Self time by function', byFunction);
