import puppeteer from 'puppeteer-core';
import { readFileSync } from 'node:fs';
import { child, servicesByCmsId } from './test/widget/fixtures.ts';
const bundle = readFileSync(process.argv[2] ?? 'dist/widget/family-context-panel.js', 'utf8');
const browser = await puppeteer.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage();
await page.setViewport({ width: 1440, height: 900 });
await page.setContent('<!doctype html><html lang="en"><body></body></html>');
await page.addScriptTag({ content: bundle, type: 'module' });
await page.evaluate('globalThis.__name = (fn) => fn');
const answers = Object.values(servicesByCmsId);
const people = Array.from({ length: 30 }, (_, i) => ({ cmsId: `P${i}`, firstName: `P${i}`, lastName: 'B', dateOfBirth: `${1950 + i}-01-11`, address: 'x', postcode: 'SK1 3XE', relationship: 'Aunt' }));
const body = JSON.stringify({ requestId: 'b', generatedAt: '2026-11-21T09:00:00Z', people: people.map((person, i) => ({ ref: String(i), person, services: answers[i % answers.length] })) });
const out = await page.evaluate(async ({ child, people, body }) => {
  const rows = [];
  for (let i = 0; i < 15; i++) {
    const el: any = document.createElement('family-context-panel'); el.style.width = '30rem';
    el.getToken = async () => 't'; el.context = { child, people }; document.body.append(el); await el.updateComplete;
    el.shadowRoot.querySelector('[part="panel"]').getBoundingClientRect();
    let t0 = 0, t1 = 0;
    const orig = el.update.bind(el);
    el.update = (c: any) => { const s = performance.now(); orig(c); if (!t1 && el.shadowRoot.querySelectorAll('[part="overview"]').length) t1 = performance.now() - s; };
    window.fetch = async () => { t0 = performance.now(); return new Response(body, { headers: { 'Content-Type': 'application/json' } }); };
    el.shadowRoot.querySelector('[part="check-all-button"]').click();
    while (el.shadowRoot.querySelectorAll('[part="overview"]').length < 30) await new Promise((r) => setTimeout(r, 0));
    const a = performance.now();
    el.shadowRoot.querySelector('[part="panel"]').getBoundingClientRect();
    const layout = performance.now() - a;
    rows.push([t1, layout]);
    el.remove();
  }
  return rows.slice(3);
}, { child, people, body });
console.log(out.map((r) => r.map((x: number) => x.toFixed(1)).join('\t')).join('\n'));
await browser.close();
