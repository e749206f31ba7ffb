// Widget and host-shim tests in headless Chromium (web-test-runner + @web/test-runner-chrome).
// Dates and locale are pinned so that tests read the same everywhere.
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { findChromium } from './test/find-tools.mjs';
import { forcedColorsPlugin } from './test/widget/forced-colors-plugin.mjs';

process.env.TZ = 'Europe/London';

const tsconfig = fileURLToPath(new URL('./tsconfig.json', import.meta.url));

export default {
  rootDir: fileURLToPath(new URL('.', import.meta.url)),
  files: ['test/widget/**/*.test.ts', 'test/host-shims/**/*.test.ts'],
  nodeResolve: true,
  concurrency: 2,
  concurrentBrowsers: 1,
  browserStartTimeout: 60_000,
  testsStartTimeout: 60_000,
  testsFinishTimeout: 180_000,
  plugins: [esbuildPlugin({ ts: true, tsconfig }), forcedColorsPlugin()],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: findChromium() ?? '/usr/bin/chromium',
        args: [
          '--no-sandbox',
          '--headless=new',
          '--disable-gpu',
          '--disable-dev-shm-usage',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
          '--disable-quic',
          '--lang=en-GB',
        ],
        env: { ...process.env, TZ: 'Europe/London', LANG: 'en_GB.UTF-8', LANGUAGE: 'en_GB' },
      },
    }),
  ],
  // Lit's development build is used in tests (for its warnings); its notice about that is noise.
  filterBrowserLogs: ({ args }) => !String(args[0] ?? '').startsWith('Lit is in dev mode'),
  testFramework: {
    config: { timeout: 10_000 },
  },
};
