/**
 * The worker moves to another child without a full page load (a single-page CMS swapping the record in place,
 * or history navigation): the panel shows the new child at once, and never the previous child's people or
 * results.
 */
import { expect, waitUntil } from '@open-wc/testing';
import type { InvolvementsRequest } from '../../server/src/api/contract.js';
import { startShim, type ShimHandle } from '../../host-shims/core/start-shim.js';
import type { ShimConfig } from '../../host-shims/core/shim-config.js';
import { DEFAULT_EIS_CONFIG } from '../../host-shims/eis/default-config.js';
import { DEFAULT_LCS_CONFIG } from '../../host-shims/lcs/default-config.js';
import { DEFAULT_MOSAIC_CONFIG } from '../../host-shims/mosaic/default-config.js';
import '../../widget/src/index.js';
import { clearPage, pageHtml, settle, shadowText, showPage, swapPage, TODAY } from './helpers.js';

const EXPLANATION = 'Known to the test police service (synthetic).';
/** Shown with every result: the mark that results are on screen. */
const SOURCE = 'Test police extract';
const realFetch = window.fetch;
let requests: InvolvementsRequest[] = [];

/** A stand-in Family Context API: every person is "involved" with the police, with a recognisable explanation. */
function fakeApi(): void {
  requests = [];
  window.fetch = async (input, init) => {
    if (!String(input instanceof Request ? input.url : input).includes('/api/v1/')) return realFetch(input, init);
    const body = JSON.parse(String(init?.body)) as InvolvementsRequest;
    requests.push(body);
    const people = body.people.map((person, i) => ({
      ref: String(i),
      person,
      services: [
        {
          service: 'police',
          status: 'involved',
          explanation: EXPLANATION,
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
  handle?.stop();
  handle = undefined;
  clearPage();
  history.replaceState(null, '', '/');
});

const CASES: Array<['mosaic' | 'eis' | 'lcs', ShimConfig]> = [
  ['mosaic', DEFAULT_MOSAIC_CONFIG],
  ['eis', DEFAULT_EIS_CONFIG],
  ['lcs', DEFAULT_LCS_CONFIG],
];

for (const [cms, config] of CASES) {
  describe(`${cms}: moving to another child`, () => {
    it('resets the panel to the new child at once, with none of the previous results or people', async () => {
      fakeApi();
      showPage((await pageHtml(cms, 'standard')).html);
      handle = await startShim({ host: cms, defaultConfig: config, scriptUrl: 'http://localhost/s.js', getToken: async () => 'test-token', today: TODAY });
      const panel = handle.sidePanel.panel;
      await panel.updateComplete;
      const checkAll = panel.shadowRoot!.querySelector('[part~="check-all-button"]') as HTMLButtonElement;
      checkAll.click();
      await waitUntil(() => shadowText(panel).includes(SOURCE), 'results for Leah shown');
      expect(requests[0]!.child.firstName).to.equal('Leah');

      // The CMS swaps the record in place (and its address), as a single-page app does.
      history.pushState(null, '', '/person/P051200');
      const next = (await pageHtml(cms, 'other-child')).html;
      swapPage(next);
      // At once: within the same task, before the browser paints the new record.
      await Promise.resolve();
      expect(panel.context!.child.cmsId).to.equal('P051200');
      await settle();
      await panel.updateComplete;
      const text = shadowText(panel);
      expect(text).to.include('Kai Brennan');
      expect(text).to.include('Lisa Brennan');
      for (const previous of ['Leah', 'Gemma', 'Mellor', 'Kinsella', 'Pryce', "O'Rourke", SOURCE]) {
        expect(text, `still showing ${previous}`).not.to.include(previous);
      }
    });
  });
}

describe('page changes that are not another child', () => {
  it('keep the results (same child, same people): an in-page link or an unrelated DOM change', async () => {
    fakeApi();
    showPage((await pageHtml('mosaic', 'standard')).html);
    handle = await startShim({ host: 'mosaic', defaultConfig: DEFAULT_MOSAIC_CONFIG, scriptUrl: 'http://localhost/s.js', getToken: async () => 'test-token', today: TODAY });
    const panel = handle.sidePanel.panel;
    await panel.updateComplete;
    (panel.shadowRoot!.querySelector('[part~="check-all-button"]') as HTMLButtonElement).click();
    await waitUntil(() => shadowText(panel).includes(SOURCE));
    location.hash = '#personal-relationships';
    document.querySelector('.breadcrumb')!.textContent = 'Current › Person › Relationships';
    await settle();
    await panel.updateComplete;
    expect(shadowText(panel)).to.include(SOURCE);
  });

  it('a page that no longer shows a child empties the panel', async () => {
    showPage((await pageHtml('lcs', 'standard')).html);
    handle = await startShim({ host: 'lcs', defaultConfig: DEFAULT_LCS_CONFIG, scriptUrl: 'http://localhost/s.js', getToken: async () => 'x', today: TODAY });
    document.querySelector('#subject-banner')!.remove();
    await settle();
    expect(handle.sidePanel.panel.context).to.equal(undefined);
    await handle.sidePanel.panel.updateComplete;
    expect(shadowText(handle.sidePanel.panel)).not.to.include('Gemma');
  });
});
