/**
 * Hostile text from the CMS page or from source data (markup, script, SQL-shaped values) is shown as text and
 * never becomes elements or runs. Uses only the panel's public API and a stubbed fetch.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { InvolvementsRequest, InvolvementsResponse } from '../../server/src/api/contract.js';
import '../../widget/src/index.js';
import type { FamilyContextPanel } from '../../widget/src/index.js';

const HOSTILE_NAME = '<img src=x onerror="window.__pwned=1">';
const HOSTILE_ORG = '<script>window.__pwned=1</script>\'); DROP TABLE source_record;--';

describe('hostile text stays inert', () => {
  const original = window.fetch;
  afterEach(() => {
    window.fetch = original;
    delete (window as { __pwned?: number }).__pwned;
  });

  it('renders markup in names and in records as text', async () => {
    window.fetch = async (_url, init) => {
      const request = JSON.parse(String(init?.body)) as InvolvementsRequest;
      const body: InvolvementsResponse = {
        requestId: 'r',
        generatedAt: '2026-11-21T09:00:00Z',
        people: request.people.map((person, i) => ({
          ref: String(i),
          person,
          services: [
            {
              service: 'housing',
              label: 'Housing',
              status: 'involved',
              explanation: `Found in ${HOSTILE_ORG}.`,
              showsInvolvement: true,
              source: { name: HOSTILE_ORG, lastUpdated: '2026-11-20', area: '<b>Stockport</b>' },
              records: [
                {
                  ref: 'housing:1',
                  involvement: 'current',
                  organisation: HOSTILE_ORG,
                  contact: { name: HOSTILE_NAME, phone: '0161 496 0000" onclick="alert(1)', email: 'a@b.example"><script>alert(1)</script>' },
                  details: { rentArrears: HOSTILE_NAME },
                  match: { band: 'likely', basis: [HOSTILE_NAME] },
                },
              ],
            },
          ],
        })),
      };
      return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
    };
    const el = await fixture<FamilyContextPanel>(html`<family-context-panel></family-context-panel>`);
    el.getToken = async () => 'token';
    el.context = {
      child: { cmsId: 'C1', firstName: 'Leah', lastName: 'Hartley' },
      people: [{ cmsId: 'P1', firstName: HOSTILE_NAME, lastName: "O'Neill", dateOfBirth: '1990-01-01', relationship: HOSTILE_NAME }],
    };
    await el.updateComplete;
    const root = el.shadowRoot!;
    const checkAll = [...root.querySelectorAll('button')].find((b) => /Check all/.test(b.textContent ?? ''))!;
    checkAll.click();
    await waitUntil(() => (root.textContent ?? '').includes('DROP TABLE'), 'results shown', { timeout: 3000 });
    await el.updateComplete;

    expect(root.querySelector('img[src="x"]')).to.equal(null);
    expect(root.querySelector('script')).to.equal(null);
    expect(root.querySelector('b')).to.equal(null);
    expect(root.textContent).to.include(HOSTILE_NAME);
    expect(root.textContent).to.include('<script>window.__pwned=1</script>');
    for (const a of root.querySelectorAll('a')) expect(a.getAttribute('onclick')).to.equal(null);
    expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
  });
});
