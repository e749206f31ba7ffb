/**
 * The contact card (tel:, mailto:, copy with a visible and announced confirmation), police and stale wording on
 * the card, "Copy summary for case notes", the print view, and telling same-name people apart.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import type { FamilyContextPanel } from '../../widget/src/index.js';
import { child, context, explanations, manyOffences, policeAndPossible, service, sources } from './fixtures.js';
import {
  FakeApi,
  button,
  fakeClipboard,
  handlerFor,
  mount,
  root,
  section,
  serviceBlock,
  settled,
  textOf,
} from './fake-api.js';

async function check(el: FamilyContextPanel, name: string): Promise<void> {
  [...root(el).querySelectorAll<HTMLButtonElement>('[part="check-button"]')].find((b) => textOf(b).startsWith(`Check ${name}`))!.click();
  await settled(el);
}

describe('<family-context-panel> contacts, summary and print', () => {
  let api: FakeApi | undefined;
  let clipboard: ReturnType<typeof fakeClipboard> | undefined;
  afterEach(async () => {
    api?.restore();
    api = undefined;
    clipboard?.restore();
    clipboard = undefined;
    await emulateMedia({ media: 'screen' });
  });

  it('shows the contact with role and organisation, phone as tel:, email as mailto:, each with a copy button', async () => {
    api = new FakeApi(handlerFor({ kind: 'answer' }));
    const el = await mount(context);
    await check(el, 'Mark Smith');
    const police = serviceBlock(el, 'Mark Smith', 'Police');
    const contact = [...police.querySelectorAll('.summary-row')].find((r) => textOf(r.querySelector('dt')) === 'Contact')!;
    expect(textOf(contact.querySelector('dd'))).to.match(/^PC Dana Hill, Safeguarding officer\s*Greater Manchester Police/);
    expect(police.querySelector('a[href="tel:01618725050"]')).to.exist;
    expect(police.querySelector('a[href="mailto:dana.hill@gmp.example"]')).to.exist;
    const copyButtons = [...police.querySelectorAll('[part="copy-button"]')].map(textOf);
    expect(copyButtons).to.deep.equal(['Copy phone number 0161 872 5050', 'Copy email address dana.hill@gmp.example']);
  });

  it('copies a phone number, shows "Copied" on the button and announces it politely; focus stays', async () => {
    clipboard = fakeClipboard();
    api = new FakeApi(handlerFor({ kind: 'answer' }));
    const el = await mount(context);
    await check(el, 'Sarah Smith');
    const copy = button(el, 'Copy phone number 0161 474 4000');
    copy.focus();
    copy.click();
    await waitUntil(() => clipboard!.written.length === 1);
    await el.updateComplete;
    expect(clipboard.written).to.deep.equal(['0161 474 4000']);
    expect(textOf(copy)).to.equal('Copied phone number 0161 474 4000');
    expect(copy.checkVisibility()).to.equal(true);
    const live = root(el).querySelector('[role="status"]')!;
    expect(live.getAttribute('aria-live')).to.equal('polite');
    expect(textOf(live)).to.equal('Copied phone number 0161 474 4000.');
    expect(root(el).activeElement).to.equal(copy);
  });

  it('says so when the clipboard is blocked', async () => {
    clipboard = fakeClipboard(true);
    api = new FakeApi(handlerFor({ kind: 'answer' }));
    const el = await mount(context);
    await check(el, 'Sarah Smith');
    button(el, 'Copy email address sam.patel@stockport.example').click();
    await waitUntil(() => textOf(section(el, 'Sarah Smith')).includes('Could not copy'));
    expect(textOf(root(el).querySelector('[role="status"]'))).to.include('Could not copy');
  });

  it('lists at most three police offences, says how many more, and "None found" for other records', async () => {
    const override = {
      P2002: policeAndPossible.map((s) => (s.service === 'police' ? { ...s, records: [manyOffences] } : s)),
    };
    api = new FakeApi(handlerFor({ kind: 'answer', override }));
    const el = await mount(context);
    await check(el, 'Mark Smith');
    const police = serviceBlock(el, 'Mark Smith', 'Police');
    const items = [...police.querySelectorAll('.detail-list li')].map(textOf);
    expect(items).to.deep.equal([
      'Suspect — Possession of weapons, 1 August 2026',
      'Convicted — Robbery, 9 March 2025',
      'Convicted — Violence without injury, 2 February 2024',
    ]);
    expect(textOf(police)).to.include('1 more not listed: ask the police contact.');
    expect(textOf(police)).to.include('Other records None found');
    expect(textOf(police)).not.to.match(/current|historic/i);
  });

  it('flags a stale source on every service it affects, whatever its status', async () => {
    const stale = { ...sources.housing, stale: true, lastUpdated: '2026-08-01' };
    const override = {
      P2001: [
        service('school', 'not-applicable', explanations.schoolNotApplicable),
        service('adult-social-care', 'no-records', 'Searched.', [], { ...sources.asc, stale: true }),
        service('housing', 'not-checked', 'Old.', [], stale),
        service('police', 'involved', 'Found.', [{ ...manyOffences }], { ...sources.police, stale: true }),
      ],
    };
    api = new FakeApi(handlerFor({ kind: 'answer', override }));
    const el = await mount(context);
    await check(el, 'Sarah Smith');
    const sarah = section(el, 'Sarah Smith');
    expect(sarah.querySelectorAll('[part="stale"]')).to.have.length(3);
    expect(textOf(sarah.querySelector('[part="overview"]'))).to.equal(
      'Involved: Police — source out of date · Not found in: Adult Social Care — source out of date · Not checked: Housing — source out of date · Not shown: School',
    );
  });

  it('tells people with the same name and birthday apart by CMS id and address', async () => {
    api = new FakeApi(handlerFor({ kind: 'answer' }));
    const twin = { firstName: 'Chris', lastName: 'Lee', dateOfBirth: '1990-01-01' };
    const el = await mount({
      child,
      people: [
        { ...twin, cmsId: 'P1', address: '1 Hill Rd', postcode: 'SK1 1AA', relationship: 'Father' },
        { ...twin, cmsId: 'P2', address: '9 Vale St', postcode: 'M19 2PL', relationship: 'Uncle' },
      ],
    });
    const metas = [...root(el).querySelectorAll('[part~="person"] .meta')].map(textOf);
    expect(metas[0]).to.include('CMS id P1 · 1 Hill Rd, SK1 1AA');
    expect(metas[1]).to.include('CMS id P2 · 9 Vale St, M19 2PL');
    expect(metas[0]).to.match(/born 1 January 1990/);
  });

  it('"Copy summary for case notes" copies a plain-text summary of everyone checked and confirms visibly', async () => {
    clipboard = fakeClipboard();
    api = new FakeApi(handlerFor({ kind: 'answer' }));
    const el = await mount(context);
    button(el, /^Check all/).click();
    await settled(el);
    button(el, 'Copy summary for case notes').click();
    await waitUntil(() => clipboard!.written.length === 1);
    await el.updateComplete;
    const text = clipboard.written[0]!;
    expect(text.split('\n').slice(0, 3)).to.deep.equal([
      'OFFICIAL-SENSITIVE',
      'Family Context check, 21 November 2026 09:00: 3 of 5 people known to a service',
      'Child: Jane Smith, born 14 March 2019, CMS id C1001',
    ]);
    for (const name of ['Tom Smith', 'Sarah Smith', 'Mark Smith', 'Ann Jones', 'Lee Brown']) expect(text).to.include(name);
    expect(text).to.include('Sources: ');
    expect(text.split('\n').length).to.be.at.most(25);
    expect(text).not.to.match(/<[a-z]/i);
    expect(textOf(root(el))).to.include('Summary copied. Paste it into the case note.');
    expect(textOf(root(el).querySelector('[role="status"]'))).to.equal('Summary copied. Paste it into the case note.');
  });

  it('"Print" calls window.print with every section and possible match open, then restores them', async () => {
    api = new FakeApi(handlerFor({ kind: 'answer' }));
    const el = await mount(context);
    button(el, /^Check all/).click();
    await settled(el);
    const seen: Array<{ hidden: number; closedDetails: number }> = [];
    const original = window.print;
    window.print = () => {
      window.dispatchEvent(new Event('beforeprint'));
      seen.push({
        hidden: root(el).querySelectorAll('.section-content[hidden]').length,
        closedDetails: root(el).querySelectorAll('details:not([open])').length,
      });
      window.dispatchEvent(new Event('afterprint'));
    };
    try {
      button(el, 'Print').click();
    } finally {
      window.print = original;
    }
    expect(seen).to.deep.equal([{ hidden: 0, closedDetails: 0 }]);
    await el.updateComplete;
    expect(root(el).querySelectorAll('.section-content[hidden]').length).to.equal(5);
    expect(root(el).querySelectorAll('details[open]').length).to.equal(0);
  });

  it('print stylesheet: hides controls, shows the marking, the child, when checked, when printed and by whom', async () => {
    api = new FakeApi(handlerFor({ kind: 'answer' }));
    // A token naming its user (the panel reads the name for "printed by"; the server verifies tokens).
    const claims = btoa(JSON.stringify({ name: 'Aisha Khan', sub: 'u1' })).replace(/=+$/, '');
    const el = await mount(context, async () => `e30.${claims}.sig`);
    await check(el, 'Sarah Smith');
    window.dispatchEvent(new Event('beforeprint'));
    await emulateMedia({ media: 'print' });
    expect(getComputedStyle(button(el, /^Check all/)).display).to.equal('none');
    expect(getComputedStyle(button(el, 'Not this person')).display).to.equal('none');
    const heading = root(el).querySelector('.print-only')!;
    expect(getComputedStyle(heading).display).to.equal('block');
    expect(textOf(heading)).to.match(
      /^OFFICIAL-SENSITIVE Family context for Jane Smith\. Checked 21 November 2026 at \d\d:\d\d\. Printed \d+ \w+ \d{4} at \d\d:\d\d by Aisha Khan\. Contains personal information\.$/,
    );
    window.dispatchEvent(new Event('afterprint'));
    await el.updateComplete;
    expect(root(el).querySelector('.print-only')).to.equal(null);
  });
});
