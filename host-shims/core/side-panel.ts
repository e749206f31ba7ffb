/**
 * The side panel a host shim puts on a CMS page: fixed to the right, collapsible, reachable with Alt+Shift+F.
 *
 * - Never covers the host's controls: while open the page gets a right margin of the panel's width; collapsed,
 *   only a narrow strip with the "Show" button remains, and the margin shrinks to that strip.
 * - Host CSS cannot break it: the panel chrome and <family-context-panel> live in a shadow root, and the
 *   layout that matters (position, size, display) is set with `:host { ... !important }`, which wins over any
 *   page rule. It cannot restyle the host: its styles are inside the shadow root; it sets only the body's
 *   right margin (restored on `destroy()`).
 * - One panel per page, whatever loads it: the controller is kept on the element under a global symbol, so a
 *   second copy of the script (another bundle) finds and reuses it.
 */
import type { FamilyContextPanel } from '../../widget/src/index.js';
import type { PanelContext, TokenProvider } from './context.js';
import { DEFAULT_SHORTCUT, matchesShortcut, parseShortcut } from './shortcut.js';
import { tagConflict } from './tag-conflict.js';

// Half the window on a desktop (at most 30rem), but never narrower than 20rem (or the whole window when that is
// smaller): the panel's content reflows down to 320 CSS px, not below.
export const PANEL_WIDTH = 'max(min(30rem, 50vw), min(20rem, 100vw))';
export const COLLAPSED_WIDTH = '2.75rem';
export const HOST_TAG = 'family-context-side-panel';
/** The documented shortcut: opens the panel and moves focus into it; pressed inside the panel, closes it. */
export const SHORTCUT_LABEL = DEFAULT_SHORTCUT;
const CONTROLLER = Symbol.for('family-context.side-panel');
/** Marks the plain element used when another script has defined our tag name. */
const FALLBACK_MARK = 'data-family-context-side-panel';
const COLLAPSED_KEY = 'family-context:collapsed';

export interface MountOptions {
  getToken: TokenProvider;
  apiBase: string;
  /** The keyboard shortcut, e.g. "Ctrl+Alt+F" (default Alt+Shift+F; see shortcut.ts). */
  shortcut?: string;
}

export interface SidePanel {
  readonly host: HTMLElement;
  readonly panel: FamilyContextPanel;
  /** The child and linked people (undefined: no child on this page; the panel says so). */
  setContext(context: PanelContext | undefined): void;
  /** A message above the panel (set-up problems), or undefined to remove it. */
  setNotice(text: string | undefined): void;
  readonly collapsed: boolean;
  setCollapsed(collapsed: boolean, options?: { focus?: boolean }): void;
  /** Removes the panel and the page margin, and stops listening for the shortcut. */
  destroy(): void;
}

type HostWithController = HTMLElement & { [CONTROLLER]?: SidePanel };

const STYLES = `
  :host {
    all: initial !important;
    display: block !important;
    position: fixed !important;
    top: 0 !important;
    right: 0 !important;
    bottom: 0 !important;
    left: auto !important;
    width: ${PANEL_WIDTH} !important;
    height: auto !important;
    margin: 0 !important;
    padding: 0 !important;
    transform: none !important;
    visibility: visible !important;
    opacity: 1 !important;
    z-index: 2147483000 !important;
    box-sizing: border-box !important;
    background: #ffffff !important;
    border-left: 1px solid #b1b4b6 !important;
    box-shadow: -2px 0 6px rgba(0, 0, 0, 0.15) !important;
    color: #0b0c0c;
    font-family: arial, sans-serif;
  }
  :host([collapsed]) { width: ${COLLAPSED_WIDTH} !important; }
  * { box-sizing: border-box; }
  .frame { display: flex; flex-direction: column; height: 100%; }
  .bar { display: flex; align-items: center; gap: 8px; padding: 4px 8px; border-bottom: 1px solid #b1b4b6; background: #f3f2f1; }
  :host([collapsed]) .bar { flex-direction: column; padding: 8px 2px; border-bottom: 0; height: 100%; }
  .toggle {
    font: 600 16px/1.2 arial, sans-serif; color: #0b0c0c; background: #ffffff; border: 2px solid #0b0c0c;
    border-radius: 0; padding: 4px 8px; cursor: pointer; min-height: 36px;
  }
  .toggle:hover { background: #e5e5e5; }
  .toggle:focus-visible, .content:focus-visible { outline: 3px solid #ffdd00; outline-offset: 0; box-shadow: inset 0 0 0 2px #0b0c0c; }
  :host([collapsed]) .toggle { writing-mode: vertical-rl; padding: 8px 4px; }
  .shortcut { font: 14px/1.2 arial, sans-serif; color: #484949; margin-left: auto; }
  :host([collapsed]) .shortcut { display: none; }
  .content { flex: 1; overflow-y: auto; outline: none; }
  :host([collapsed]) .content { display: none; }
  .notice { margin: 10px; padding: 10px; border-left: 5px solid #d4351c; font: 16px/1.3 arial, sans-serif; }
  .notice[hidden] { display: none; }
  @media (forced-colors: active) { .toggle { border-color: ButtonText; } }
  /* On paper: the panel alone, full length (not one fixed screen per page), without the Hide bar. */
  @media print {
    :host, :host([collapsed]) {
      position: static !important; width: auto !important; border: 0 !important; box-shadow: none !important;
    }
    .frame { display: block; height: auto; }
    .bar, .notice { display: none !important; }
    .content, :host([collapsed]) .content { display: block; overflow: visible; }
  }
`;

/** Printing a CMS page with the panel prints the panel alone: the host page is left off paper. */
const PRINT_ONLY_PANEL = `@media print { body > :not(${HOST_TAG}):not([${FALLBACK_MARK}]) { display: none !important; } }`;
const PRINT_STYLE_ID = 'family-context-print';
const PRINT_SHEET = Symbol.for('family-context.print-sheet');

/**
 * The print rule on the page itself, as a constructable stylesheet the document adopts (a strict
 * Content-Security-Policy blocks a <style> element we write, not this); once per document.
 */
function dropPrintOnlyPanel(doc: Document): void {
  const holder = doc as Document & { [PRINT_SHEET]?: CSSStyleSheet };
  if (holder[PRINT_SHEET]) doc.adoptedStyleSheets = doc.adoptedStyleSheets.filter((s) => s !== holder[PRINT_SHEET]);
  delete holder[PRINT_SHEET];
  doc.getElementById(PRINT_STYLE_ID)?.remove();
}

function adoptPrintOnlyPanel(doc: Document, win: Window): void {
  const Sheet = (win as Window & { CSSStyleSheet?: typeof CSSStyleSheet }).CSSStyleSheet;
  const holder = doc as Document & { [PRINT_SHEET]?: CSSStyleSheet };
  if ('adoptedStyleSheets' in doc && Sheet && 'replaceSync' in Sheet.prototype) {
    const old = holder[PRINT_SHEET];
    const sheet = new Sheet();
    sheet.replaceSync(PRINT_ONLY_PANEL);
    doc.adoptedStyleSheets = [...doc.adoptedStyleSheets.filter((s) => s !== old), sheet];
    holder[PRINT_SHEET] = sheet;
    return;
  }
  adoptPrintOnlyPanel(doc, win);
}
/**
 * The panel chrome's styles as a constructable stylesheet adopted by the shadow root: a page whose
 * Content-Security-Policy has `style-src 'self'` (no 'unsafe-inline') blocks a <style> element we write, not this.
 * Browsers without constructable stylesheets (before 2023) get the <style> element.
 */
function adoptStyles(root: ShadowRoot, win: Window): void {
  const Sheet = (win as Window & { CSSStyleSheet?: typeof CSSStyleSheet }).CSSStyleSheet;
  if ('adoptedStyleSheets' in root && Sheet && 'replaceSync' in Sheet.prototype) {
    const sheet = new Sheet();
    sheet.replaceSync(STYLES);
    root.adoptedStyleSheets = [sheet];
    return;
  }
  const style = win.document.createElement('style');
  style.textContent = STYLES;
  root.prepend(style);
}

function readCollapsed(win: Window): boolean {
  try {
    return win.sessionStorage.getItem(COLLAPSED_KEY) === '1';
  } catch {
    return false;
  }
}

function saveCollapsed(win: Window, collapsed: boolean): void {
  try {
    win.sessionStorage.setItem(COLLAPSED_KEY, collapsed ? '1' : '0');
  } catch {
    // storage refused (policy): the panel just opens expanded next time
  }
}

/** Mounts the side panel once per document; later calls return the same panel with the new token settings. */
export function mountSidePanel(doc: Document, { getToken, apiBase, shortcut: shortcutText }: MountOptions): SidePanel {
  const shortcut = parseShortcut(shortcutText ?? SHORTCUT_LABEL);
  const existing = doc.querySelector(`${HOST_TAG}, div[${FALLBACK_MARK}]`) as HostWithController | null;
  const found = existing?.[CONTROLLER];
  if (found) {
    found.panel.getToken = getToken;
    found.panel.apiBase = apiBase;
    return found;
  }
  existing?.remove();

  const win = doc.defaultView!;
  // Our tag name taken by another script's element: a plain <div> carries the panel instead (said once for IT).
  const taken = tagConflict(win, HOST_TAG, undefined);
  if (taken) console.error(`Family Context: ${taken}; the panel is shown in a plain element instead.`);
  const host = (taken ? doc.createElement('div') : doc.createElement(HOST_TAG)) as HostWithController;
  if (taken) host.setAttribute(FALLBACK_MARK, '');
  const root = host.attachShadow({ mode: 'open' });
  root.innerHTML = `
    <aside class="frame" aria-label="Family context">
      <div class="bar">
        <button class="toggle" type="button" aria-controls="fc-side-content"></button>
        <span class="shortcut" aria-hidden="true"></span>
      </div>
      <div class="content" id="fc-side-content" tabindex="-1">
        <p class="notice" role="alert" hidden></p>
      </div>
    </aside>`;
  adoptStyles(root, win);
  const toggle = root.querySelector('.toggle') as HTMLButtonElement;
  const content = root.querySelector('.content') as HTMLElement;
  const notice = root.querySelector('.notice') as HTMLElement;
  toggle.setAttribute('aria-keyshortcuts', shortcut.label);
  (root.querySelector('.shortcut') as HTMLElement).textContent = shortcut.label;
  const panel = doc.createElement('family-context-panel') as FamilyContextPanel;
  panel.getToken = getToken;
  panel.apiBase = apiBase;
  content.append(panel);

  const body = doc.body;
  adoptPrintOnlyPanel(doc, win);
  const original = { value: body.style.getPropertyValue('margin-right'), priority: body.style.getPropertyPriority('margin-right') };
  let collapsed = false;
  let returnFocusTo: Element | null = null;

  const render = (): void => {
    host.toggleAttribute('collapsed', collapsed);
    toggle.setAttribute('aria-expanded', String(!collapsed));
    toggle.textContent = collapsed ? 'Family context' : 'Hide';
    toggle.title = `${collapsed ? 'Show' : 'Hide'} family context (${shortcut.label})`;
    body.style.setProperty('margin-right', collapsed ? COLLAPSED_WIDTH : PANEL_WIDTH, 'important');
  };

  const controller: SidePanel = {
    host,
    panel,
    setContext(context) {
      panel.context = context;
    },
    setNotice(text) {
      notice.textContent = text ?? '';
      notice.hidden = !text;
    },
    get collapsed() {
      return collapsed;
    },
    setCollapsed(value, { focus = false } = {}) {
      collapsed = value;
      saveCollapsed(win, collapsed);
      render();
      if (focus) (collapsed ? toggle : content).focus();
    },
    destroy() {
      doc.removeEventListener('keydown', onKeydown, true);
      win.removeEventListener('beforeprint', beforePrint);
      win.removeEventListener('afterprint', render);
      dropPrintOnlyPanel(doc);
      host.remove();
      if (original.value) body.style.setProperty('margin-right', original.value, original.priority);
      else body.style.removeProperty('margin-right');
      delete host[CONTROLLER];
    },
  };

  const onKeydown = (event: KeyboardEvent): void => {
    if (!matchesShortcut(event, shortcut)) return;
    event.preventDefault();
    event.stopPropagation();
    const focusInside = doc.activeElement === host;
    if (collapsed) {
      returnFocusTo = focusInside ? returnFocusTo : doc.activeElement;
      controller.setCollapsed(false, { focus: true });
    } else if (!focusInside) {
      returnFocusTo = doc.activeElement;
      content.focus();
    } else {
      controller.setCollapsed(true);
      const back = returnFocusTo as HTMLElement | null;
      returnFocusTo = null;
      if (back && back !== doc.body && back.isConnected && typeof back.focus === 'function') back.focus();
      else toggle.focus();
    }
  };
  // The page's right margin (kept for the panel on screen) would narrow the printout: dropped while printing.
  const beforePrint = (): void => body.style.setProperty('margin-right', '0', 'important');
  win.addEventListener('beforeprint', beforePrint);
  win.addEventListener('afterprint', render);
  toggle.addEventListener('click', () => controller.setCollapsed(!collapsed, { focus: true }));
  doc.addEventListener('keydown', onKeydown, true);

  host[CONTROLLER] = controller;
  collapsed = readCollapsed(win);
  render();
  body.append(host);
  return controller;
}
