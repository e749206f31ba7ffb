/**
 * A CMS page with a strict Content-Security-Policy (no 'unsafe-inline' in style-src): the side panel is still
 * styled (fixed on the right), and anything of ours the policy blocks is named in the console with its directive.
 * The page is a same-origin frame whose policy is set by a <meta http-equiv> (the e2e variant pages send the header).
 */
import { expect, waitUntil } from '@open-wc/testing';
import { mountSidePanel } from '../../host-shims/core/side-panel.js';
import { reportCspBlocks } from '../../host-shims/core/csp-report.js';
import '../../widget/src/index.js';

const frames: HTMLIFrameElement[] = [];
afterEach(() => {
  for (const frame of frames.splice(0)) frame.remove();
});

async function strictPage(policy: string): Promise<Window> {
  const frame = document.createElement('iframe');
  frame.style.width = '1200px';
  frame.style.height = '600px';
  frames.push(frame);
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  frame.srcdoc = `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="${policy}"></head><body><main>CMS record</main></body></html>`;
  document.body.append(frame);
  await loaded;
  return frame.contentWindow!;
}

describe('strict Content-Security-Policy', () => {
  it("style-src 'self' does not block the side panel's styles: it is fixed on the right", async () => {
    const win = await strictPage("default-src 'self'; style-src 'self'; script-src 'self'");
    const side = mountSidePanel(win.document, { getToken: async () => 'x', apiBase: 'http://localhost' });
    const style = win.getComputedStyle(side.host);
    expect(style.position).to.equal('fixed');
    expect(side.host.getBoundingClientRect().right).to.be.closeTo(1200, 2);
    side.destroy();
  });

  it('names the directive in the console when the policy blocks a request to Family Context', async () => {
    const win = await strictPage("default-src 'self'; connect-src 'none'");
    const errors: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args.map(String).join(' '));
    const ours = location.origin;
    const stop = reportCspBlocks(win.document, ours, 'Family Context (test shim)');
    try {
      await win.fetch(`${ours}/api/v1/involvements`).catch(() => undefined);
      await waitUntil(() => errors.length > 0, 'the block was reported');
    } finally {
      stop();
      console.error = original;
    }
    expect(errors).to.have.length(1);
    expect(errors[0]).to.include('"connect-src"');
    expect(errors[0]).to.include(`add ${ours} to connect-src`);
  });
});
