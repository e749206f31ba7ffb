#!/usr/bin/env node
// Makes sure a Chromium-family browser is there for web-test-runner (run before it in `npm test`).
// Found: prints its path. Missing: as root on Debian, installs Debian's `chromium`; otherwise says what to run.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { findChromium } from './find-chromium.mjs';

const find = findChromium;

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

let found = find();
if (found) {
  console.log(`Browser for widget tests: ${found}`);
  process.exit(0);
}

if (process.env.CHROME_PATH) {
  console.error(`CHROME_PATH is set to ${process.env.CHROME_PATH}, but no executable browser is there.`);
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const installCommand = 'apt-get update && apt-get install -y chromium';

if (isRoot && isDebian() && hasAptGet()) {
  console.log(`No browser found for the widget tests: installing Debian's chromium (${installCommand})`);
  const result = spawnSync('sh', ['-c', installCommand], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  found = find();
  if (result.status === 0 && found) {
    console.log(`Browser for widget tests: ${found}`);
    process.exit(0);
  }
  console.error(`Installing chromium failed (exit code ${result.status}).`);
}

console.error(
  [
    'No Chromium or Chrome found for the widget tests (looked at: ' + candidates.join(', ') + ').',
    'Install one, then run npm test again:',
    isDebian() ? `  sudo sh -c '${installCommand}'` : '  install Chromium or Google Chrome from your system package manager',
    'or point CHROME_PATH at an installed Chrome/Chromium: CHROME_PATH=/path/to/chrome npm test',
  ].join('\n'),
);
process.exit(1);
