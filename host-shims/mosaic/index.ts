/**
 * The Mosaic host shim: one script tag on the Mosaic person summary page. It reads the child and the family
 * linked to them, and mounts <family-context-panel> in a side panel. In demo mode it signs in with the demo
 * issuer; a council's build uses its OIDC token provider instead.
 */
import '../../widget/src/index.js';
import { demoTokenProvider } from '../core/demo-token-provider.js';
import { mountSidePanel } from '../core/side-panel.js';
import { DEFAULT_MOSAIC_CONFIG } from './default-config.js';
import { readMosaicPage } from './read-mosaic-page.js';

const apiBase = new URL(import.meta.url).origin;
const getToken = demoTokenProvider(apiBase);

function refresh(): void {
  const { context, warnings } = readMosaicPage(document, DEFAULT_MOSAIC_CONFIG);
  for (const warning of warnings) console.warn(`Family Context (Mosaic shim): ${warning}`);
  if (context) mountSidePanel(document, { context, getToken, apiBase });
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', refresh, { once: true });
else refresh();
