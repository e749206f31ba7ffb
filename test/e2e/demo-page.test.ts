/**
 * End to end: the real server (server/src/main.ts, demo mode) on a free port with a fresh SQLite file, the Mosaic
 * demo page in headless Chromium, a click on a linked person, and what the panel shows read off the page.
 * Needs `npm run build` first (npm test does it) and Chromium (test/ensure-tools.mjs makes sure it is there).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import { demoPeople } from '../../fixtures/council/demo-family.js';
import { generateCouncil } from '../../fixtures/council/generate.js';
import { DEMO_RESIDENTS, DEMO_SEED } from '../../server/src/demo/seed.js';
import { systemClock, todayIn } from '../../server/src/time/calendar.js';
import { launchBrowser, startDemoServer, type DemoServer } from './demo-server.js';

/** A page the size of a social worker's laptop screen. */
async function newPage(browser: Browser): Promise<Page> {
  const page = await browser.newPage();
  await page.setViewport({ width: 1440, height: 900 });
  return page;
}

/** Text of the panel (inside its shadow root, inside the host shim's side panel), for assertions. */
function panelText(page: Page): Promise<string> {
  return page.evaluate(() => document.querySelector('family-context-side-panel')?.shadowRoot?.querySelector('family-context-panel')?.shadowRoot?.textContent?.replace(/\s+/g, ' ') ?? '');
}

describe('the Mosaic demo page, end to end', () => {
  let server: DemoServer;
  let browser: Browser;
  let url: string;
  const today = todayIn(systemClock);
  const people = demoPeople(today);

  before(async () => {
    server = await startDemoServer();
    url = server.url;
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lists the family youngest first, without the professionals on the record', async () => {
    const page = await newPage(browser);
    await page.goto(`${url}/demo/mosaic.html`, { waitUntil: 'networkidle0' });
    await page.waitForFunction(() => !!document.querySelector('family-context-side-panel')?.shadowRoot?.querySelector('family-context-panel')?.shadowRoot?.querySelector('[part~="person"]'));
    const names = await page.evaluate(() =>
      [...document.querySelector('family-context-side-panel')!.shadowRoot!.querySelector('family-context-panel')!.shadowRoot!.querySelectorAll('[part~="person"] .person-name')].map((n) => n.textContent!.replace(/\s+/g, ' ').trim()),
    );
    assert.equal(names[0], `${people.sister.firstName} ${people.sister.lastName}, ${people.sister.relationship}`);
    assert.ok(names.some((n) => n.startsWith(`${people.father.firstName} ${people.father.lastName}`)));
    const text = names.join(' | ');
    assert.ok(!text.includes(people.allocatedWorker.lastName), `the allocated worker must not be offered: ${text}`);
    assert.ok(!text.includes(people.gp.lastName), `the GP must not be offered: ${text}`);
    // The panel does not cover the page: the page's relationships table is left of the panel.
    const { tableRight, panelLeft } = await page.evaluate(() => ({
      tableRight: document.querySelector('#personal-relationships')!.getBoundingClientRect().right,
      panelLeft: document.querySelector('family-context-side-panel')!.shadowRoot!.querySelector('family-context-panel')!.getBoundingClientRect().left,
    }));
    assert.ok(tableRight <= panelLeft, `table right ${tableRight} overlaps panel left ${panelLeft}`);
    await page.close();
  });

  it('one click on the father shows his police contact, read off the panel', async () => {
    const father = people.father;
    const council = generateCouncil({ seed: DEMO_SEED, residents: DEMO_RESIDENTS, today });
    const policeRecord = council.sources.police.records.find((r) => r.lastName === father.lastName && r.firstName === father.firstName);
    assert.ok(policeRecord?.contact?.name, 'the demo seed gives the father a police record with a contact');

    const page = await newPage(browser);
    await page.goto(`${url}/demo/mosaic.html`, { waitUntil: 'networkidle0' });
    const fullName = `${father.firstName} ${father.lastName}`;
    const clicked = await page.evaluate((name) => {
      const buttons = [...document.querySelector('family-context-side-panel')!.shadowRoot!.querySelector('family-context-panel')!.shadowRoot!.querySelectorAll('button[part~="check-button"]')];
      const button = buttons.find((b) => b.textContent!.replace(/\s+/g, ' ').includes(`Check ${name}`)) as HTMLButtonElement | undefined;
      button?.click();
      return !!button;
    }, fullName);
    assert.ok(clicked, `a Check button for ${fullName}`);
    await page.waitForFunction(
      () => [...(document.querySelector('family-context-side-panel')?.shadowRoot?.querySelector('family-context-panel')?.shadowRoot?.querySelectorAll('[part~="service"] h5') ?? [])].some((h) => h.textContent?.trim() === 'Police'),
      { timeout: 10_000 },
    );
    const contact = await page.evaluate(() => {
      const root = document.querySelector('family-context-side-panel')!.shadowRoot!.querySelector('family-context-panel')!.shadowRoot!;
      const police = [...root.querySelectorAll('[part~="service"]')].find((s) => s.querySelector('h5')?.textContent?.trim() === 'Police')!;
      const row = [...police.querySelectorAll('.summary-row')].find((r) => r.querySelector('dt')?.textContent?.trim() === 'Contact');
      return row?.querySelector('dd')?.textContent?.replace(/\s+/g, ' ').trim();
    });
    assert.ok(contact?.startsWith(policeRecord.contact.name!), `police contact shown: ${contact}`);
    const police = await page.evaluate(() => {
      const root = document.querySelector('family-context-side-panel')!.shadowRoot!.querySelector('family-context-panel')!.shadowRoot!;
      const section = [...root.querySelectorAll('[part~="service"]')].find((s) => s.querySelector('h5')?.textContent?.trim() === 'Police')!;
      return section.textContent!.replace(/\s+/g, ' ');
    });
    assert.match(police, /Convicted/);
    // Social workers read "current" as "convicted": police records never say current or historic.
    assert.doesNotMatch(police, /\b(Current|Historic)\b/);
    await page.close();
  });

  it('"Check all" shows all four statuses in words across the family', async () => {
    const page = await newPage(browser);
    await page.goto(`${url}/demo/mosaic.html`, { waitUntil: 'networkidle0' });
    await page.evaluate(() => (document.querySelector('family-context-side-panel')!.shadowRoot!.querySelector('family-context-panel')!.shadowRoot!.querySelector('[part~="check-all-button"]') as HTMLButtonElement).click());
    await page.waitForFunction(
      (n) => (document.querySelector('family-context-side-panel')?.shadowRoot?.querySelector('family-context-panel')?.shadowRoot?.querySelectorAll('[part~="section"]').length ?? 0) >= n,
      { timeout: 10_000 },
      Object.keys(people).length - 2,
    );
    await page.waitForFunction(() => !/Checking…/.test(document.querySelector('family-context-side-panel')!.shadowRoot!.querySelector('family-context-panel')!.shadowRoot!.textContent ?? ''));
    const text = await panelText(page);
    assert.match(text, /Involved:/);
    assert.match(text, /Not found in:/);
    assert.match(text, /Not checked:/);
    assert.match(text, /Not shown:/);
    assert.match(text, /no date of birth/i);
    await page.close();
  });
});
