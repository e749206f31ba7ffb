/**
 * Our element names already defined on the page by another script (an old pilot build): the shim says so in the
 * console and where the panel would be, instead of leaving a dead panel.
 */
import { expect } from '@open-wc/testing';
import { mountSidePanel } from '../../host-shims/core/side-panel.js';
import { startShim } from '../../host-shims/core/start-shim.js';
import { CONFLICT_NOTICE } from '../../host-shims/core/tag-conflict.js';
import { DEFAULT_MOSAIC_CONFIG } from '../../host-shims/mosaic/default-config.js';
import '../../widget/src/index.js';
import { TODAY } from './helpers.js';

const frames: HTMLIFrameElement[] = [];
afterEach(() => {
  for (const frame of frames.splice(0)) frame.remove();
});

/** A same-origin page in which another script has defined `tag` first. */
async function pageWithTakenTag(tag: string): Promise<Window & typeof globalThis> {
  const frame = document.createElement('iframe');
  frames.push(frame);
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  frame.srcdoc = '<!DOCTYPE html><html><body><main>CMS record</main></body></html>';
  document.body.append(frame);
  await loaded;
  const win = frame.contentWindow as Window & typeof globalThis;
  win.customElements.define(tag, class PilotPanel extends win.HTMLElement {});
  return win;
}

function captureErrors(): { errors: string[]; restore(): void } {
  const errors: string[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => errors.push(args.map(String).join(' '));
  return { errors, restore: () => (console.error = original) };
}

describe('element names already taken', () => {
  it('<family-context-panel> defined by another script: a console error and a visible message, no dead panel', async () => {
    const win = await pageWithTakenTag('family-context-panel');
    const capture = captureErrors();
    try {
      const handle = await startShim({ host: 'mosaic', defaultConfig: DEFAULT_MOSAIC_CONFIG, scriptUrl: 'http://localhost/s.js', win, getToken: async () => 'x', today: TODAY });
      const notice = handle.sidePanel.host.shadowRoot!.querySelector('.notice') as HTMLElement;
      expect(notice.hidden).to.equal(false);
      expect(notice.textContent).to.equal(CONFLICT_NOTICE);
      expect(handle.sidePanel.panel.hidden).to.equal(true);
      handle.stop();
    } finally {
      capture.restore();
    }
    expect(capture.errors.some((e) => e.includes('<family-context-panel> is already defined on this page by another script (PilotPanel)'))).to.equal(true);
  });

  it('<family-context-side-panel> defined by another script: the panel is mounted in a plain element, and IT is told', async () => {
    const win = await pageWithTakenTag('family-context-side-panel');
    const capture = captureErrors();
    try {
      const side = mountSidePanel(win.document, { getToken: async () => 'x', apiBase: 'http://localhost' });
      expect(side.host.localName).to.equal('div');
      expect(win.getComputedStyle(side.host).position).to.equal('fixed');
      side.destroy();
    } finally {
      capture.restore();
    }
    expect(capture.errors.some((e) => e.includes('<family-context-side-panel> is already defined'))).to.equal(true);
  });
});
