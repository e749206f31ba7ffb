/**
 * A service the council added in its services file (no widget change): the panel shows it with the labels and the
 * order the answer's `fields` give, a records list cut to its `maxItems`, and keeps `"summary": false` fields out of
 * the case-note summary. Checked with axe.
 */
import { expect } from '@open-wc/testing';
import type { ServiceResult } from '../../server/src/api/contract.js';
import { caseNoteSummary } from '../../widget/src/case-note-summary.js';
import { context, mother, sources } from './fixtures.js';
import { FakeApi, button, handlerFor, mount, root, settled, textOf } from './fake-api.js';

const probation: ServiceResult = {
  service: 'probation',
  label: 'Probation',
  status: 'involved',
  explanation: 'Found in nDelius (synthetic).',
  source: { ...sources.asc, name: 'nDelius (synthetic)' },
  showsInvolvement: true,
  records: [
    {
      ref: 'r-probation-1',
      involvement: 'current',
      contact: { name: 'Nadia Okafor', role: 'Probation practitioner', phone: '0161 496 0555' },
      details: {
        requirements: [
          { date: '2026-02-03', kind: 'Unpaid work' },
          { date: '2026-01-10', kind: 'Accredited programme' },
          { date: '2025-12-01', kind: 'Curfew' },
        ],
        mappa: true,
        orderType: 'Licence',
      },
      match: { band: 'confirmed', basis: ['cmsId'] },
    },
  ],
  fields: [
    { key: 'orderType', label: 'Order', type: 'one-of', overview: true, print: false },
    { key: 'mappa', label: 'Managed under MAPPA', type: 'yes-no', summary: false },
    { key: 'requirements', label: 'Requirements', type: 'records', maxItems: 2, parts: [{ key: 'date', label: 'Date' }, { key: 'kind', label: 'Kind' }] },
  ],
};

describe('a service added by configuration', () => {
  let api: FakeApi;
  afterEach(() => api.restore());

  it("shows its details with the services file's labels, in its order, and passes axe", async () => {
    api = new FakeApi(handlerFor({ kind: 'answer', override: { [mother.cmsId!]: [probation] } }));
    const el = await mount({ child: context.child, people: [mother] });
    button(el, /^Check all/).click();
    await settled(el);
    // Every section open, whichever way the panel starts them.
    const showAll = [...root(el).querySelectorAll('button')].find((b) => textOf(b) === 'Show all sections');
    showAll?.click();
    await el.updateComplete;
    const text = textOf(root(el));
    expect(text).to.include('Probation');
    const labels = [...root(el).querySelectorAll('dt')].map((dt) => textOf(dt));
    const order = ['Order', 'Managed under MAPPA', 'Requirements'].map((l) => labels.indexOf(l));
    expect(order.every((i) => i >= 0), labels.join(' | ')).to.equal(true);
    expect([...order].sort((a, b) => a - b)).to.deep.equal(order);
    expect(labels).not.to.include('Mappa');
    // "print": false: still labelled from the services file on screen, inside an element print leaves out.
    const orderLabel = [...root(el).querySelectorAll('dt')].find((dt) => textOf(dt) === 'Order')!;
    expect(orderLabel.closest('.screen-only'), 'the print:false field is screen-only').to.not.equal(null);
    expect(getComputedStyle(orderLabel.closest('.screen-only')!).display).to.not.equal('none');
    expect(text).to.include('Unpaid work');
    expect(text).to.include('Accredited programme');
    expect(text).not.to.include('Curfew');
    await expect(el).to.be.accessible();
  });

  it('names it in the case-note summary with its contact; third-party detail only when chosen, never "summary": false', () => {
    const result = { ref: '0', person: mother, services: [probation] };
    const entry = { person: mother, result, checkedAt: '2026-11-21T09:00:00Z' };
    const summary = caseNoteSummary(context.child, [entry]);
    expect(summary).to.include('Probation: current, contact Nadia Okafor');
    expect(summary).not.to.include('Licence');
    // As a third-party service (never "current"), with the council choosing detail: its fields, but not MAPPA.
    const thirdParty = { ...probation, showsInvolvement: false };
    const detailed = caseNoteSummary(context.child, [{ ...entry, result: { ...result, services: [thirdParty] } }], {
      policeDetail: 'offences',
    });
    expect(detailed).to.include('order: Licence');
    expect(detailed).to.include('requirements: ');
    expect(detailed).not.to.include('MAPPA');
    expect(detailed).to.include('Probation information is third-party information');
  });
});
