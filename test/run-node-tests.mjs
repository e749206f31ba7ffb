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
// FC_TEST_DB picks the database the server tests run against (test/server/test-database.ts): sqlite (default),
// postgres (a throwaway cluster started here, once, and stopped at the end) or mssql (the server in FC_TEST_MSSQL).
const env = { ...process.env, TZ: 'Europe/London' };
let cluster;
if (process.env.FC_TEST_DB === 'mssql' && !process.env.FC_TEST_MSSQL) {
  console.log('SQL Server suite not run: FC_TEST_MSSQL is not set. Set it to a SQL Server the tests may create databases on,');
  console.log('e.g. FC_TEST_MSSQL=mssql://sa:Password1@127.0.0.1:1433/?encrypt=false (the compile-only SQL Server checks run in every suite).');
  process.exit(0);
}
if (process.env.FC_TEST_DB === 'postgres' && !process.env.FC_TEST_PG_URL) {
  const { register } = await import('tsx/esm/api');
  register();
  const { startPostgresCluster } = await import('./server/postgres-cluster.ts');
  cluster = await startPostgresCluster();
  env.FC_TEST_PG_URL = cluster.url;
  console.log(`Server tests on PostgreSQL: throwaway cluster at ${cluster.url}`);
}
let result;
try {
  result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...files], { stdio: 'inherit', env });
} finally {
  cluster?.stop();
}
process.exit(result.status ?? 1);
