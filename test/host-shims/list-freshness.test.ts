/**
 * Never another child's family: a single-page CMS changes the header to the next child while the relationships
 * list still shows the previous child's people. The panel (and "Check all") get the new child alone, "waiting",
 * until the list changes; if it never does, the panel is told the list could not be found.
 */
import { expect, waitUntil } from '@open-wc/testing';
import type { InvolvementsRequest } from '../../server/src/api/contract.js';
import { startShim, type ShimHandle } from '../../host-shims/core/start-shim.js';
import type { ShimConfig } from '../../host-shims/core/shim-config.js';
import { DEFAULT_MOSAIC_CONFIG } from '../../host-shims/mosaic/default-config.js';
import '../../widget/src/index.js';
import { clearPage, pageHtml, parsePage, settle, shadowText, showPage, TODAY } from './helpers.js';

/** Shown with every result: the mark that results are on screen. */
const SOURCE = 'Test police extract';
const realFetch = window.fetch;
let requests: InvolvementsRequest[] = [];
let release: (() => void) | undefined;

/** A stand-in API that records each request and, while `hold` is set, answers only when released. */
function fakeApi(hold = false): void {
  requests = [];
  window.fetch = async (input, init) => {
    if (!String(input instanceof Request ? input.url : input).includes('/api/v1/')) return realFetch(input, init);
    const body = JSON.parse(String(init?.body)) as InvolvementsRequest;
    requests.push(body);
    if (hold) await new Promise<void>((resolve) => (release = resolve));
    const people = body.people.map((person, i) => ({
      ref: String(i),
      person,
      services: [
        {
          service: 'police',
          status: 'involved',
          explanation: 'Known to the test police service (synthetic).',
          source: { name: SOURCE, lastUpdated: `${TODAY}T06:00:00Z`, area: 'Stockport' },
          records: [{ ref: `r${i}`, involvement: 'current', details: {}, match: { band: 'confirmed', basis: ['CMS id'] } }],
        },
      ],
    }));
    return new Response(JSON.stringify({ requestId: 'r1', generatedAt: `${TODAY}T09:00:00Z`, people }), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  };
}

let handle: ShimHandle | undefined;
afterEach(() => {
  window.fetch = realFetch;
  release?.();
  release = undefined;
  handle?.stop();
  handle = undefined;
  clearPage();
});

/** Replaces one part of the page shown (the header, or the relationships table) with the other child's. */
async function swapPart(selector: string): Promise<void> {
  const next = parsePage((await pageHtml('mosaic', 'other-child')).html).querySelector(selector)!;
  document.querySelector(selector)!.replaceWith(document.importNode(next, true));
}

async function start(config: ShimConfig = DEFAULT_MOSAIC_CONFIG, now?: () => number): Promise<ShimHandle> {
  showPage((await pageHtml('mosaic', 'standard')).html);
  handle = await startShim({
    host: 'mosaic',
    defaultConfig: config,
    scriptUrl: 'http://localhost/s.js',
    getToken: async () => 'test-token',
    today: TODAY,
    ...(now ? { now } : {}),
  });
  return handle;
}

const names = (h: ShimHandle): string[] => h.sidePanel.panel.context!.people.map((p) => p.firstName);

describe('the relationships list after the child changes (no owner marker)', () => {
  it('offers the new child alone, waiting, while the list is the previous child\'s; then the new list', async () => {
    const h = await start();
    expect(names(h)).to.include('Gemma');
    await swapPart('#person-summary');
    await settle();
    const context = h.sidePanel.panel.context!;
    expect(context.child.firstName).to.equal('Kai');
    expect(context.relationships).to.equal('waiting');
    expect(names(h)).to.deep.equal(['Kai']);

    await swapPart('table#personal-relationships');
    await settle();
    expect(h.sidePanel.panel.context!.relationships).to.equal(undefined);
    expect(names(h)).to.include('Lisa');
    expect(names(h)).not.to.include('Gemma');
  });

  it('while waiting, the panel names the new child, says it is waiting, and offers no check of the previous family', async () => {
    fakeApi();
    const h = await start();
    await swapPart('#person-summary');
    await settle();
    const panel = h.sidePanel.panel;
    await panel.updateComplete;
    expect(panel.context!.relationships).to.equal('waiting');
    expect(panel.context!.child.firstName).to.equal('Kai');
    expect(shadowText(panel)).to.include('Waiting for the relationships list');
    expect(shadowText(panel)).not.to.include('Gemma');
    // Nothing to check while waiting (the panel offers no Check all); if a check were offered, it would be Kai alone.
    const checkAll = panel.shadowRoot!.querySelector<HTMLButtonElement>('[part~="check-all-button"]');
    checkAll?.click();
    await settle();
    expect(requests.every((r) => r.child.firstName === 'Kai' && r.people.every((p) => p.firstName === 'Kai'))).to.equal(true);
  });

  it('a check in flight for the previous child is never shown under the new one', async () => {
    fakeApi(true);
    const h = await start();
    const panel = h.sidePanel.panel;
    await panel.updateComplete;
    (panel.shadowRoot!.querySelector('[part~="check-all-button"]') as HTMLButtonElement).click();
    await waitUntil(() => requests.length === 1 && release !== undefined, 'the check was sent');
    await swapPart('#person-summary');
    await settle();
    release!();
    await settle();
    await panel.updateComplete;
    expect(panel.context!.child.firstName).to.equal('Kai');
    expect(shadowText(panel)).not.to.include(SOURCE);
    expect(requests.every((r) => r.child.firstName === 'Leah')).to.equal(true);
  });

  it('says the list could not be found when it never changes within people.listWaitSeconds', async () => {
    let clock = 1_000;
    const h = await start({ ...DEFAULT_MOSAIC_CONFIG, people: { ...DEFAULT_MOSAIC_CONFIG.people!, listWaitSeconds: 5 } }, () => clock);
    await swapPart('#person-summary');
    await settle();
    expect(h.sidePanel.panel.context!.relationships).to.equal('waiting');
    clock += 5_000;
    h.refresh();
    expect(h.sidePanel.panel.context!.relationships).to.equal('not-found');
    expect(names(h)).to.deep.equal(['Kai']);
    // The list arrives late after all: it is read.
    await swapPart('table#personal-relationships');
    await settle();
    expect(h.sidePanel.panel.context!.relationships).to.equal(undefined);
    expect(names(h)).to.include('Lisa');
  });

  it('a list that loaded before the header changed is still one read before the change: it waits', async () => {
    const h = await start();
    await swapPart('table#personal-relationships');
    await settle();
    await swapPart('#person-summary');
    await settle();
    expect(h.sidePanel.panel.context!.relationships).to.equal('waiting');
    expect(names(h)).to.deep.equal(['Kai']);
  });

  it('an owner marker naming the new child confirms the list at once', async () => {
    const config: ShimConfig = {
      ...DEFAULT_MOSAIC_CONFIG,
      people: { ...DEFAULT_MOSAIC_CONFIG.people!, ownerId: { selector: '#person-summary', attribute: 'data-person-id' } },
    };
    const h = await start(config);
    await swapPart('#person-summary');
    await settle();
    // The marker (here the header itself) names Kai, so the list (Leah's) is taken as confirmed; only a real
    // marker on the list would be configured so, which is why ownerId must point at the list's own marker.
    expect(h.sidePanel.panel.context!.relationships).to.equal(undefined);
  });
});

describe('a relationships list that is not on the page', () => {
  it('lists only the child, waiting for the list, then says it could not be found', async () => {
    let clock = 1_000;
    const h = await start(DEFAULT_MOSAIC_CONFIG, () => clock);
    document.querySelector('table#personal-relationships')!.remove();
    await settle();
    expect(h.sidePanel.panel.context!.relationships).to.equal('waiting');
    expect(names(h)).to.deep.equal(['Leah']);
    clock += DEFAULT_MOSAIC_CONFIG.people!.listWaitSeconds * 1000;
    h.refresh();
    expect(h.sidePanel.panel.context!.relationships).to.equal('not-found');
    expect(names(h)).to.deep.equal(['Leah']);
  });

  it('a list that is there with no rows is a child with nobody linked, not a missing list', async () => {
    const h = await start();
    for (const row of document.querySelectorAll('table#personal-relationships tbody tr')) row.remove();
    await settle();
    expect(h.sidePanel.panel.context!.relationships).to.equal(undefined);
  });
});
