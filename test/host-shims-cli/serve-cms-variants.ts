/**
 * Serves the CMS variant pages for a person to open in a browser, exactly as the harness
 * (cms-variants.e2e.ts) serves them: the demo server with each variant's config.json in FC_SHIM_CONFIG_DIR, and
 * the pages on their own little web server with their CSP headers. Prints one address per variant; Ctrl+C stops both.
 *
 *   npm run build && node --import tsx test/host-shims-cli/serve-cms-variants.ts [variants folder]
 *
 * FC_CMS_VARIANTS_CROSS_ORIGIN=1 serves the pages from another origin than the server (see cms-variant-pages.ts).
 */
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { freePort, startDemoServer } from '../e2e/demo-server.js';
import { cmsOrigin, readVariants, shimConfigDir, startVariantServer } from './cms-variant-pages.js';

const DEFAULT_ROOT = new URL('../../fixtures/cms-pages/variants/', import.meta.url).pathname;
const root = resolve(process.argv[2] ?? process.env.FC_CMS_VARIANTS_DIR ?? DEFAULT_ROOT);
const crossOrigin = process.env.FC_CMS_VARIANTS_CROSS_ORIGIN === '1';
const variants = readVariants(root);
const configDir = shimConfigDir(variants);
const port = await freePort();
const server = await startDemoServer({
  FC_SHIM_CONFIG_DIR: configDir,
  FC_ALLOWED_ORIGINS: [cmsOrigin(port, false), cmsOrigin(port, true)].join(','),
});
const pages = await startVariantServer({ variants, fcUrl: server.url, port, crossOrigin });
console.log(`Family Context server: ${server.url}\nCMS pages (${variants.length}, from ${root}):`);
for (const v of variants) console.log(`  ${pages.pageUrl(v)}`);
console.log('Ctrl+C stops.');
process.once('SIGINT', async () => {
  await pages.stop();
  await server.stop();
  rmSync(configDir, { recursive: true, force: true });
  process.exit(0);
});
