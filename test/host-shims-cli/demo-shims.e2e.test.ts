/**
 * The built shims (dist/) on the demo pages, served by the real server in demo mode, in headless Chromium:
 * EIS, LCS, the generic shim and iframe mode each show Leah's family, signed in with the demo issuer.
 * Needs `npm run build` first (npm test builds before it runs the tests).
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser, Frame, Page } from 'puppeteer-core';
import { launchBrowser, startDemoServer, type DemoServer } from '../e2e/demo-server.js';

function listedNames(target: Page | Frame, panelPath: 'side-panel' | 'frame'): Promise<string[]> {
  return target.evaluate((path) => {
    const panel =
      path === 'frame'
        ? document.querySelector('family-context-panel')
        : document.querySelector('family-context-side-panel')?.shadowRoot?.querySelector('family-context-panel');
    return [...(panel?.shadowRoot?.querySelectorAll('[part~="person"] .person-name') ?? [])].map((n) => n.textContent!.replace(/\s+/g, ' ').trim());
  }, panelPath);
}

describe('the shims on the demo pages, end to end', () => {
  let server: DemoServer;
  let browser: Browser;
  let url: string;

  before(async () => {
    assert.ok(existsSync(new URL('../../dist/host-shims/frame.js', import.meta.url)), 'run npm run build first');
    server = await startDemoServer();
    url = server.url;
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  const FAMILY = ['Poppy Hartley', 'Leah Hartley', 'Tyler Hartley', 'Gemma Hartley', 'Jordan Pryce', 'Robert Mellor', 'Darren Kinsella', "Janet O'Rourke"];

  for (const page of ['eis', 'lcs', 'generic'] as const) {
    it(`/demo/${page}.html: the side panel lists the family, and a check gets answers from the server`, async () => {
      const tab = await browser.newPage();
      await tab.setViewport({ width: 1440, height: 900 });
      const errors: string[] = [];
      tab.on('pageerror', (e) => errors.push(String(e)));
      await tab.goto(`${url}/demo/${page}.html`, { waitUntil: 'networkidle0' });
      await tab.waitForFunction(() => !!document.querySelector('family-context-side-panel')?.shadowRoot?.querySelector('family-context-panel')?.shadowRoot?.querySelector('[part~="person"]'));
      const names = await listedNames(tab, 'side-panel');
      assert.deepEqual(names.map((n) => n.split(',')[0]).sort(), [...FAMILY].sort());
      await tab.evaluate(() =>
        (document.querySelector('family-context-side-panel')!.shadowRoot!.querySelector('family-context-panel')!.shadowRoot!.querySelector('[part~="check-all-button"]') as HTMLButtonElement).click(),
      );
      await tab.waitForFunction(() => /Not checked:/.test(document.querySelector('family-context-side-panel')!.shadowRoot!.querySelector('family-context-panel')!.shadowRoot!.textContent ?? ''), { timeout: 15_000 });
      assert.deepEqual(errors, []);
      await tab.close();
    });
  }

  it('/demo/iframe.html: the frame gets the context from the snippet and lists the family', async () => {
    const tab = await browser.newPage();
    await tab.setViewport({ width: 1440, height: 900 });
    await tab.goto(`${url}/demo/iframe.html`, { waitUntil: 'networkidle0' });
    const handle = await tab.waitForSelector('iframe[title="Family context"]');
    const frame = (await handle!.contentFrame())!;
    await frame.waitForFunction(() => !!document.querySelector('family-context-panel')?.shadowRoot?.querySelector('[part~="person"]'), { timeout: 15_000 });
    const names = await listedNames(frame, 'frame');
    assert.deepEqual(names.map((n) => n.split(',')[0]).sort(), [...FAMILY].sort());
    // The page keeps its width beside the frame.
    const { mainRight, frameLeft } = await tab.evaluate(() => ({
      mainRight: document.querySelector('main')!.getBoundingClientRect().right,
      frameLeft: document.querySelector('iframe')!.getBoundingClientRect().left,
    }));
    assert.ok(mainRight <= frameLeft, `page content ${mainRight} under the frame at ${frameLeft}`);
    await tab.close();
  });
});
