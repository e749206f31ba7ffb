/**
 * The built shims (dist/) on the demo pages, served by the real server in demo mode, in headless Chromium:
 * EIS, LCS, the generic shim and iframe mode each show Leah's family, signed in with the demo issuer.
 * Needs `npm run build` first (npm test builds before it runs the tests).
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import puppeteer, { type Browser, type Frame, type Page } from 'puppeteer-core';
import { findBrowser } from '../../host-shims/cli/find-browser.js';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** The names listed in the panel (inside `root`'s family-context-panel shadow root). */
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
  let dir: string;
  let server: ChildProcess;
  let browser: Browser;
  let url: string;
  let log = '';

  before(async () => {
    assert.ok(existsSync(new URL('../../dist/host-shims/frame.js', import.meta.url)), 'run npm run build first');
    dir = mkdtempSync(join(tmpdir(), 'fc-shims-e2e-'));
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    server = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
      env: { ...process.env, FC_DEMO: '1', PORT: String(port), FC_DB: `sqlite:${join(dir, 'e2e.db')}`, NODE_ENV: 'test' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout!.on('data', (d: Buffer) => (log += d.toString()));
    server.stderr!.on('data', (d: Buffer) => (log += d.toString()));
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (server.exitCode !== null) throw new Error(`The server exited:\n${log}`);
      if (Date.now() > deadline) throw new Error(`The server did not become ready:\n${log}`);
      try {
        if ((await fetch(`${url}/readyz`)).ok) break;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    browser = await puppeteer.launch({
      executablePath: findBrowser(),
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
  });

  after(async () => {
    await browser?.close();
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
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
