#!/usr/bin/env node
// Makes sure the tools the tests need are on this machine before the first test that needs them. `npm test` runs it
// first for all of them; test:server, test:server:pg, test:browser and test:e2e run it for their own.
//   chromium  a Chromium-family browser (widget and host-shim tests, shim-check, end-to-end tests)
//   postgres  PostgreSQL's server binaries, initdb and pg_ctl (the PostgreSQL server suite)
// Found: prints where. Missing: as root on Debian with apt-get, installs Debian's packages (`chromium`, `postgresql`)
// in one apt-get run; otherwise stops at once (exit 1) with the exact command to run.
//
// usage: node test/ensure-tools.mjs [chromium] [postgres]      (no argument: both)
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { CHROMIUM_PATHS, DEBIAN_POSTGRES_ROOT, findChromium, findPostgresBin } from './find-tools.mjs';

const TOOLS = {
  chromium: {
    what: 'Chromium (widget, host-shim, shim-check and end-to-end tests)',
    find: findChromium,
    debianPackage: 'chromium',
    lookedAt: () => (process.env.CHROME_PATH ? `CHROME_PATH=${process.env.CHROME_PATH}` : CHROMIUM_PATHS.join(', ')),
    otherwise: 'or set CHROME_PATH to an installed Chrome or Chromium executable',
  },
  postgres: {
    what: "PostgreSQL's server binaries (PostgreSQL suite)",
    find: findPostgresBin,
    debianPackage: 'postgresql',
    lookedAt: () =>
      process.env.FC_TEST_PG_BIN
        ? `FC_TEST_PG_BIN=${process.env.FC_TEST_PG_BIN}`
        : `${DEBIAN_POSTGRES_ROOT}/<version>/bin (initdb, pg_ctl)`,
    otherwise: 'or set FC_TEST_PG_BIN to the folder holding initdb and pg_ctl',
  },
};

const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !(name in TOOLS));
if (unknown.length) {
  console.error(`ensure-tools: unknown tool ${unknown.join(', ')}; use any of: ${Object.keys(TOOLS).join(', ')}`);
  process.exit(2);
}
const names = asked.length ? asked : Object.keys(TOOLS);

const missing = [];
for (const name of names) {
  const found = TOOLS[name].find();
  if (found) console.log(`${TOOLS[name].what}: ${found}`);
  else missing.push(name);
}
if (!missing.length) process.exit(0);

const packages = missing.map((name) => TOOLS[name].debianPackage);
// The lock timeout lets a second install (another checkout on the same machine) wait instead of failing.
const installCommand = `apt-get update && apt-get install -y -o DPkg::Lock::Timeout=300 ${packages.join(' ')}`;
const isRoot = process.getuid?.() === 0;

if (isRoot && isDebian() && hasAptGet()) {
  console.log(`Not found: ${missing.map((name) => TOOLS[name].what).join('; ')}.`);
  console.log(`Installing Debian's ${packages.join(' and ')}: ${installCommand}`);
  const result = spawnSync('sh', ['-c', installCommand], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  const stillMissing = missing.filter((name) => {
    const found = TOOLS[name].find();
    if (found) console.log(`${TOOLS[name].what}: ${found}`);
    return !found;
  });
  if (!stillMissing.length) process.exit(0);
  const outcome = result.status === 0 ? 'succeeded' : `failed (exit code ${result.status ?? result.error?.message})`;
  const notFound = stillMissing.map((name) => `${TOOLS[name].what}, looked at ${TOOLS[name].lookedAt()}`);
  console.error(`apt-get ${outcome}, but still not found: ${notFound.join('; ')}.`);
  process.exit(1);
}

const lines = missing.map((name) => `  ${TOOLS[name].what}: looked at ${TOOLS[name].lookedAt()}`);
console.error(
  [
    'The tests need tools this machine does not have:',
    ...lines,
    'Install them, then run npm test again:',
    isDebian()
      ? `  sudo sh -c '${installCommand}'`
      : `  install ${packages.join(' and ')} with your system's package manager`,
    ...missing.map((name) => `  ${TOOLS[name].otherwise}`),
  ].join('\n'),
);
process.exit(1);

function isDebian() {
  if (existsSync('/etc/debian_version')) return true;
  try {
    return /^(ID|ID_LIKE)=.*debian/m.test(readFileSync('/etc/os-release', 'utf8'));
  } catch {
    return false;
  }
}

function hasAptGet() {
  return spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
}
