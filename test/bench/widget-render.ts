/**
 * The widget's figures: its bundle size (Lit included, gzipped) and how long it takes to render an answer for
 * 30 people with 4 services each, in headless Chromium.
 *
 * Builds nothing: reads dist/widget/family-context-panel.js (run `npm run build` first). The render time is
 * measured on a page that loads the built bundle, with `fetch` answering a prepared 30-person response at once:
 * from the moment the answer is handed over to the panel until its 30 overview lines are in the DOM and laid
 * out (a forced layout). Median of several runs after warm-ups. `render30AllOpenMs` does the same for
 * "Show all sections" (every record card laid out).
 *
 * On its own: `node --import tsx test/bench/widget-render.ts`. Aims: ≤ 25 KB gzipped, ≤ 16 ms (one frame).
 * Uses CHROME_PATH, else /usr/bin/chromium.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import puppeteer from 'puppeteer-core';
import type { InvolvementsResponse, PersonInput } from '../../server/src/api/contract.js';
import { child, servicesByCmsId } from '../widget/fixtures.js';

const BUNDLE = fileURLToPath(new URL('../../dist/widget/family-context-panel.js', import.meta.url));
const PEOPLE = 30;
const WARM_UPS = 3;
const RUNS = 9;

export interface WidgetFigures {
  bundleGzipBytes: number;
  render30Ms: number;
  render30AllOpenMs: number;
}

/** 30 people, each with one of the fixtures' four-service answers (involved, not found, not checked, not shown, possible). */
function thirtyPeople(): { people: PersonInput[]; response: InvolvementsResponse } {
  const answers = Object.values(servicesByCmsId);
  const people: PersonInput[] = Array.from({ length: PEOPLE }, (_, i) => ({
    cmsId: `P${9000 + i}`,
    firstName: `Person${i}`,
    lastName: 'Bench',
    dateOfBirth: `${1950 + i}-0${(i % 9) + 1}-1${i % 9}`,
    address: `${i + 1} Bench Street, Stockport`,
    postcode: 'SK1 3XE',
    relationship: i % 2 ? 'Uncle' : 'Aunt',
  }));
  const response: InvolvementsResponse = {
    requestId: 'bench',
    generatedAt: '2026-11-21T09:00:00Z',
    people: people.map((person, i) => ({ ref: String(i), person, services: answers[i % answers.length]! })),
  };
  return { people, response };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

export async function measureWidget(): Promise<WidgetFigures> {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run \`npm run build\` first`);
  const bundle = readFileSync(BUNDLE);
  const bundleGzipBytes = gzipSync(bundle).length;

  const executablePath = process.env.CHROME_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) throw new Error(`No browser at ${executablePath}: install chromium or set CHROME_PATH`);
  const browser = await puppeteer.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1440, height: 900 });
    await page.setContent('<!doctype html><html lang="en"><head><title>bench</title></head><body></body></html>');
    await page.addScriptTag({ content: bundle.toString('utf8'), type: 'module' });
    await page.evaluate(() => customElements.whenDefined('family-context-panel'));
    // tsx (esbuild, keepNames) wraps named functions in __name(...): give the page a stand-in.
    await page.evaluate('globalThis.__name = (fn) => fn');
    const { people, response } = thirtyPeople();

    const timings = await page.evaluate(
      async ({ child, people, body, warmUps, runs }) => {
        type Panel = HTMLElement & { context: unknown; getToken: unknown; updateComplete: Promise<boolean> };
        const forceLayout = (el: Panel) => el.shadowRoot!.querySelector('[part="panel"]')!.getBoundingClientRect();
        const waitFor = (el: Panel, done: () => boolean) =>
          new Promise<number>((resolve) => {
            const observer = new MutationObserver(() => {
              if (!done()) return;
              observer.disconnect();
              forceLayout(el);
              resolve(performance.now());
            });
            observer.observe(el.shadowRoot!, { subtree: true, childList: true, attributes: true });
          });
        async function once(): Promise<[number, number]> {
          const el = document.createElement('family-context-panel') as Panel;
          el.style.width = '30rem';
          el.style.display = 'block';
          el.getToken = async () => 'bench-token';
          el.context = { child, people };
          document.body.append(el);
          await el.updateComplete;
          forceLayout(el);
          let answered = 0;
          window.fetch = async () => {
            answered = performance.now();
            return new Response(body, { status: 200, headers: { 'Content-Type': 'application/json' } });
          };
          const root = el.shadowRoot!;
          const rendered = waitFor(el, () => root.querySelectorAll('[part="overview"]').length === people.length);
          (root.querySelector('[part="check-all-button"]') as HTMLButtonElement).click();
          const results = (await rendered) - answered;

          const opened = waitFor(el, () => root.querySelectorAll('.section-content[hidden]').length === 0);
          const start = performance.now();
          (root.querySelector('[part="show-all-button"]') as HTMLButtonElement).click();
          const allOpen = (await opened) - start;
          el.remove();
          return [results, allOpen];
        }
        const out: Array<[number, number]> = [];
        for (let i = 0; i < warmUps + runs; i++) {
          const t = await once();
          if (i >= warmUps) out.push(t);
          await new Promise((r) => setTimeout(r, 20));
        }
        return out;
      },
      { child, people, body: JSON.stringify(response), warmUps: WARM_UPS, runs: RUNS },
    );
    return {
      bundleGzipBytes,
      render30Ms: Math.round(median(timings.map((t) => t[0])) * 10) / 10,
      render30AllOpenMs: Math.round(median(timings.map((t) => t[1])) * 10) / 10,
    };
  } finally {
    await browser.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const figures = await measureWidget();
  const kb = (figures.bundleGzipBytes / 1024).toFixed(1);
  console.log(`Widget bundle, Lit included, gzipped: ${figures.bundleGzipBytes} bytes (${kb} KB; aim ≤ 25 KB)`);
  console.log(`Render 30 people × 4 services (answer → laid out): ${figures.render30Ms} ms median (aim ≤ 16 ms)`);
  console.log(`Show all sections for 30 people (click → laid out): ${figures.render30AllOpenMs} ms median`);
}
