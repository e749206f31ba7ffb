// Where the tools the tests need are on this machine; undefined when one is not there.
// A path counts only when it is an executable file (an empty or non-executable file there is not the tool).
//   findChromium():    the browser for widget, host-shim, shim-check and end-to-end tests: CHROME_PATH when set,
//                      or the usual Debian/Ubuntu paths.
//   findPostgresBin(): the folder with PostgreSQL's server binaries (initdb, pg_ctl) for the PostgreSQL suite:
//                      FC_TEST_PG_BIN when set, or the newest /usr/lib/postgresql/<version>/bin (Debian's package).
import { accessSync, constants, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const CHROMIUM_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];
export const DEBIAN_POSTGRES_ROOT = '/usr/lib/postgresql';

function isExecutableFile(path) {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export function findChromium() {
  if (process.env.CHROME_PATH) return isExecutableFile(process.env.CHROME_PATH) ? process.env.CHROME_PATH : undefined;
  return CHROMIUM_PATHS.find(isExecutableFile);
}

const hasServerBinaries = (bin) => isExecutableFile(join(bin, 'initdb')) && isExecutableFile(join(bin, 'pg_ctl'));

export function findPostgresBin() {
  const chosen = process.env.FC_TEST_PG_BIN;
  if (chosen) return hasServerBinaries(chosen) ? chosen : undefined;
  let versions;
  try {
    versions = readdirSync(DEBIAN_POSTGRES_ROOT).filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined;
  }
  return versions
    .sort((a, b) => Number(b) - Number(a))
    .map((version) => join(DEBIAN_POSTGRES_ROOT, version, 'bin'))
    .find(hasServerBinaries);
}
