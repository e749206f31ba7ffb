#!/usr/bin/env node
// Runs node's test runner on every *.test.ts under the folders given, and fails if there are none
// (node --test on a folder of .ts files finds nothing and exits 0, which would hide a broken suite).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const roots = process.argv.slice(2);
if (!roots.length) {
  console.error('usage: node test/run-node-tests.mjs <folder> [folder...]');
  process.exit(2);
}
const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith('.test.ts')) files.push(path);
  }
};
roots.forEach(walk);
if (!files.length) {
  console.error(`No *.test.ts files found under ${roots.join(', ')}: refusing to report success on zero tests.`);
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...files], {
  stdio: 'inherit',
  env: { ...process.env, TZ: 'Europe/London' },
});
process.exit(result.status ?? 1);
