#!/usr/bin/env node
// Fails when widget/custom-elements.json is not what `npm run analyze` writes from the widget's source now (run by
// `npm run lint`): the manifest is published with the widget, so it must not drift from the element.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';

const committed = 'widget/custom-elements.json';
// The analyzer writes under the working folder; .tmp/ is git-ignored.
mkdirSync('.tmp', { recursive: true });
const scratch = mkdtempSync(join('.tmp', 'custom-elements-'));
try {
  const run = spawnSync(
    'npx',
    ['--no-install', 'cem', 'analyze', '--config', 'widget/custom-elements-manifest.config.mjs', '--outdir', scratch],
    { encoding: 'utf8' },
  );
  if (run.status !== 0) {
    console.error(`The custom-elements analyzer failed (exit ${run.status}):\n${run.stderr}${run.stdout}`);
    process.exit(1);
  }
  const fresh = readFileSync(join(scratch, 'custom-elements.json'), 'utf8');
  let current = '';
  try {
    current = readFileSync(committed, 'utf8');
  } catch {
    // missing: reported below as out of date
  }
  if (fresh !== current) {
    console.error(`${committed} is out of date with widget/src (compared with ${relative('.', scratch)}).`);
    console.error('Run npm run analyze and commit widget/custom-elements.json.');
    process.exit(1);
  }
  console.log(`${committed} is up to date.`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
