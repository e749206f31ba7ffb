/**
 * Printing the Mosaic demo page after "Check all" with every section open: the paper (a real PDF from headless
 * Chromium, read back with pdftotext from poppler-utils) holds the panel alone, full length — every person of the
 * family and every involvement's contact — headed with the marking, the child and when it was checked; the host
 * page and the side panel's Hide bar are not on it. Needs `npm run build` first, Chromium and pdftotext.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'puppeteer-core';
import { demoPeople } from '../../fixtures/council/demo-family.js';
import { systemClock, todayIn } from '../../server/src/time/calendar.js';
import { launchBrowser, startDemoServer, type DemoServer } from './demo-server.js';

const hasPdftotext = spawnSync('pdftotext', ['-v']).error === undefined;

describe(
  'printing the panel from the Mosaic demo page',
  { skip: hasPdftotext ? false : 'pdftotext (poppler-utils) is not installed' },
  () => {
    let server: DemoServer;
    let browser: Browser;
    const dir = mkdtempSync(join(tmpdir(), 'fc-print-'));

    before(async () => {
      server = await startDemoServer();
      browser = await launchBrowser();
    });

    after(async () => {
      await browser?.close();
      await server?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('prints every person and every involvement, headed, without the host page or the Hide bar', async () => {
      const page = await browser.newPage();
      await page.setViewport({ width: 1366, height: 768 });
      await page.goto(`${server.url}/demo/mosaic.html`, { waitUntil: 'networkidle0' });
      const inPanel = `document.querySelector('family-context-side-panel').shadowRoot.querySelector('family-context-panel').shadowRoot`;
      await page.waitForFunction(`!!${inPanel}?.querySelector('[part="check-all-button"]')`);
      await page.evaluate(`${inPanel}.querySelector('[part="check-all-button"]').click()`);
      await page.waitForFunction(
        `!!${inPanel}.querySelector('[part="show-all-button"]') && !/Checking…/.test(${inPanel}.textContent)`,
        {
          timeout: 20_000,
        },
      );
      await page.evaluate(`${inPanel}.querySelector('[part="show-all-button"]').click()`);
      // Every involvement's lead practitioner, as "Who to call first" lists them.
      const leads = (await page.evaluate(
        `[...${inPanel}.querySelector('fc-who-to-call').shadowRoot.querySelectorAll('.call-contact')].map((c) => c.textContent.split('·')[0].replace(/Historic/, '').trim())`,
      )) as string[];
      assert.ok(leads.length >= 7, `the demo family has at least 7 involvements with a contact: ${leads.join(', ')}`);

      const file = join(dir, 'panel.pdf');
      await page.pdf({ path: file, format: 'A4' });
      await page.close();
      const read = spawnSync('pdftotext', [file, '-'], { encoding: 'utf8' });
      assert.equal(read.status, 0, read.stderr);
      const text = read.stdout.replace(/\s+/g, ' ');

      const people = demoPeople(todayIn(systemClock));
      const family = Object.entries(people).filter(([role]) => role !== 'allocatedWorker' && role !== 'gp');
      for (const [role, p] of family)
        assert.ok(text.includes(`${p.firstName} ${p.lastName}`), `${role} ${p.firstName} ${p.lastName} is on paper`);
      for (const lead of leads) assert.ok(text.includes(lead), `the contact ${lead} is on paper`);
      assert.match(text, /OFFICIAL-SENSITIVE/);
      assert.match(text, /Family context for Leah Hartley\. Checked \d+ \w+ \d{4} at \d\d:\d\d\./);
      // The father's police involvement, with its offences: the part that never reached paper before.
      assert.match(text, /Suspect — Violence without injury/);
      // Not the host page, not the side panel's bar.
      assert.doesNotMatch(text, /Forms and letters|Personal relationships|Alt\+Shift\+F/);
    });
  },
);
