/** Where a Chromium-family browser is for shim-check: CHROME_PATH, or the usual Linux and Windows places. */
import { existsSync } from 'node:fs';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/microsoft-edge',
  'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

export function findBrowser(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.CHROME_PATH) return existsSync(env.CHROME_PATH) ? env.CHROME_PATH : undefined;
  return CANDIDATES.find((path) => existsSync(path));
}

export const NO_BROWSER =
  'shim-check runs the shim in a headless Chromium-family browser (Chromium, Chrome or Edge), the way it runs in the ' +
  "worker's browser, and none was found. Install one (Debian/Ubuntu: sudo apt-get install chromium) or set " +
  'CHROME_PATH to its executable.';
