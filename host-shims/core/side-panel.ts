/**
 * Mounts <family-context-panel> in a side panel fixed to the right of the CMS page. The page is given a right
 * margin of the panel's width so the panel never covers the host's own content or controls.
 */
import type { PanelContext, TokenProvider } from './context.js';

export const PANEL_WIDTH = 'min(30rem, 100vw)';
const CONTAINER_ID = 'family-context-side-panel';

export interface MountOptions {
  context: PanelContext;
  getToken: TokenProvider;
  apiBase: string;
}

type PanelElement = HTMLElement & { context?: PanelContext; getToken?: TokenProvider; apiBase?: string };

/** Mounts once; a second call (the script loaded twice, or a new child) updates the same panel. */
export function mountSidePanel(doc: Document, { context, getToken, apiBase }: MountOptions): PanelElement {
  let container = doc.getElementById(CONTAINER_ID);
  if (!container) {
    container = doc.createElement('aside');
    container.id = CONTAINER_ID;
    container.setAttribute('aria-label', 'Family context');
    Object.assign(container.style, {
      position: 'fixed',
      top: '0',
      right: '0',
      bottom: '0',
      width: PANEL_WIDTH,
      overflowY: 'auto',
      zIndex: '2147483000',
      background: '#ffffff',
      borderLeft: '1px solid #b1b4b6',
      boxShadow: '-2px 0 6px rgba(0,0,0,0.15)',
    });
    doc.body.append(container);
    doc.body.style.marginRight = PANEL_WIDTH;
  }
  let panel = container.querySelector('family-context-panel') as PanelElement | null;
  if (!panel) {
    panel = doc.createElement('family-context-panel') as PanelElement;
    container.append(panel);
  }
  panel.apiBase = apiBase;
  panel.getToken = getToken;
  panel.context = context;
  return panel;
}
