/**
 * The panel inside its iframe (/panel/frame.html): receives the context from the CMS page over postMessage,
 * applies the shim config's family rules (relationships, deceased, ended, duplicates) and shows
 * <family-context-panel>. A "Hide" button asks the page to make the frame narrow.
 */
import type { FamilyContextPanel } from '../../widget/src/index.js';
import type { TokenProvider } from '../core/context.js';
import { readContextJson } from '../core/read-context.js';
import type { ShimConfig } from '../core/shim-config.js';
import { announceReady, listenForContext, type Rejection } from './frame-receiver.js';
import { LAYOUT, PROTOCOL_VERSION } from './messages.js';

export interface FrameSettings {
  /** CMS origins allowed to send the context (the server's FC_ALLOWED_ORIGINS). */
  allowedOrigins: string[];
  /** Where the frame's shim config is (host "generic"), or absent for the built-in one. */
  configUrl?: string;
}

export interface FrameOptions {
  win: Window;
  settings: FrameSettings;
  config: ShimConfig;
  getToken: TokenProvider;
  apiBase: string;
  today?: string;
  onRejected?(reason: Rejection, origin: string): void;
}

export interface FrameApp {
  readonly panel: FamilyContextPanel;
  stop(): void;
}

export function startFrame({ win, settings, config, getToken, apiBase, today, onRejected }: FrameOptions): FrameApp {
  const doc = win.document;
  const bar = doc.createElement('div');
  bar.className = 'fc-frame-bar';
  const toggle = doc.createElement('button');
  toggle.type = 'button';
  toggle.className = 'fc-frame-toggle';
  bar.append(toggle);
  const panel = doc.createElement('family-context-panel') as FamilyContextPanel;
  panel.getToken = getToken;
  panel.apiBase = apiBase;
  const content = doc.createElement('div');
  content.className = 'fc-frame-content';
  content.append(panel);
  doc.body.append(bar, content);

  let collapsed = false;
  const render = (): void => {
    doc.body.classList.toggle('collapsed', collapsed);
    toggle.textContent = collapsed ? 'Family context' : 'Hide';
    toggle.setAttribute('aria-expanded', String(!collapsed));
    content.hidden = collapsed;
  };
  toggle.addEventListener('click', () => {
    collapsed = !collapsed;
    render();
    for (const origin of settings.allowedOrigins) win.parent.postMessage({ type: LAYOUT, version: PROTOCOL_VERSION, collapsed }, origin);
  });
  render();

  let lastWarnings = '';
  const stop = listenForContext({
    win,
    allowedOrigins: settings.allowedOrigins,
    onRejected,
    onContext(context) {
      if (context === null) {
        panel.context = undefined;
        return;
      }
      const reading = readContextJson(context, config, { label: 'context', ...(today ? { today } : {}) });
      panel.context = reading.context;
      const key = reading.warnings.join('\n');
      if (key !== lastWarnings) {
        lastWarnings = key;
        for (const warning of reading.warnings) console.warn(`Family Context frame: ${warning}`);
      }
    },
  });
  announceReady(win, settings.allowedOrigins);
  return {
    panel,
    stop() {
      stop();
      bar.remove();
      content.remove();
    },
  };
}
