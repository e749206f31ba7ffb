/**
 * Entry point of /panel/frame.html (iframe mode). The server writes the frame's settings into the page as
 * `<script type="application/json" id="fc-frame-settings">{ "allowedOrigins": [...], "configUrl": "..." }`.
 */
import '../../widget/src/index.js';
import { validateShimConfig, type ShimConfig } from '../core/shim-config.js';
import { tokenProviderFor } from '../core/token-providers.js';
import { DEFAULT_GENERIC_CONFIG } from '../generic/default-config.js';
import { startFrame, type FrameSettings } from './frame-app.js';

async function loadFrameConfig(settings: FrameSettings): Promise<{ config?: ShimConfig; problems: string[] }> {
  let json: unknown = DEFAULT_GENERIC_CONFIG;
  if (settings.configUrl) {
    const res = await fetch(settings.configUrl, { credentials: 'omit', cache: 'no-cache' });
    if (!res.ok) return { problems: [`${settings.configUrl}: could not be loaded (HTTP ${res.status})`] };
    json = await res.json();
  }
  const checked = validateShimConfig(json);
  if (!checked.ok) return { problems: checked.problems };
  return { config: checked.config, problems: [] };
}

async function main(): Promise<void> {
  const settings = JSON.parse(document.getElementById('fc-frame-settings')?.textContent ?? '{}') as FrameSettings;
  const { config, problems } = await loadFrameConfig(settings);
  if (!config) {
    for (const problem of problems) console.error(`Family Context frame: config ${problem}`);
    const p = document.createElement('p');
    p.className = 'fc-frame-notice';
    p.textContent = 'Family Context cannot start because its set-up has a problem. Tell your IT service desk.';
    document.body.append(p);
    return;
  }
  const apiBase = location.origin;
  startFrame({ win: window, settings, config, getToken: tokenProviderFor(config.auth, apiBase), apiBase });
}

void main();
