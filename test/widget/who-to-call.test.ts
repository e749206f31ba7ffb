/**
 * "Who to call first" (`<fc-who-to-call>`) and the order of people after a check: every involvement as
 * service · person (relationship) · lead practitioner · phone with Copy, then possible matches, not checked and
 * not found; people with involvements listed first; status tags with distinct words; the whole block on the
 * first screen of a 1366×768 laptop beside a CMS page.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand, setViewport } from '@web/test-runner-commands';
import type { FamilyContextPanel } from '../../widget/src/index.js';
import { callList } from '../../widget/src/who-to-call-list.js';
import type { FcWhoToCall } from '../../widget/src/who-to-call.js';
import { context, father, mother, people, policeAndPossible, servicesByCmsId } from './fixtures.js';
import { FakeApi, button, fakeClipboard, handlerFor, root, settled, textOf, tokenProvider } from './fake-api.js';

const block = (el: FamilyContextPanel) => root(el).querySelector<FcWhoToCall>('fc-who-to-call')!;
const inner = (el: FamilyContextPanel) => block(el).shadowRoot!;

/** The panel at the side panel's width on a laptop (30rem). */
async function mountWide(): Promise<FamilyContextPanel> {
  const { getToken } = tokenProvider();
  // A fixture of the panel itself (its updateComplete), not of a wrapper (a frame, which a background tab never gets).
  const el = await fixture<FamilyContextPanel>(
    html`<family-context-panel
      style="width: 30rem"
      api-base="https://fc.example"
      .context=${context}
      .getToken=${getToken}
    ></family-context-panel>`,
  );
  await el.updateComplete;
  return el;
}

describe('who to call first', () => {
  let api: FakeApi | undefined;
  let clipboard: ReturnType<typeof fakeClipboard> | undefined;
  afterEach(async () => {
    api?.restore();
    api = undefined;
    clipboard?.restore();
    clipboard = undefined;
    await setViewport({ width: 800, height: 600 });
    await executeServerCommand('emulate-forced-colors', { active: false });
  });

  it('builds the call list: involvements, then possible matches, then not checked and not found per person', () => {
    const checked = [mother, father].map((person, index) => ({
      index,
      person,
      result: { ref: String(index), person, services: servicesByCmsId[person.cmsId!]! },
    }));
    const list = callList(checked);
    expect(list.involved.map((r) => [r.service, r.person, r.relationship, r.lead, r.phone])).to.deep.equal([
      ['Adult Social Care', 'Sarah Smith', 'Mother', 'Sam Patel', '0161 474 4000'],
      ['Police', 'Mark Smith', 'Father', 'PC Dana Hill', '0161 872 5050'],
    ]);
    expect(list.possible.map((r) => [r.service, r.person, r.historic])).to.deep.equal([
      ['Housing', 'Mark Smith', true],
    ]);
    expect(list.notChecked.map((l) => l.person)).to.deep.equal(['Sarah Smith']);
    expect(list.notFound.map((l) => [l.person, l.text])).to.deep.equal([
      ['Sarah Smith', 'Housing'],
      ['Mark Smith', 'Adult Social Care'],
    ]);
    expect(policeAndPossible.length).to.be.greaterThan(0);
  });

  it('lists one practitioner working with several of the family once, with everyone the call covers', () => {
    const ascRecord = servicesByCmsId[mother.cmsId!]!.find((s) => s.service === 'adult-social-care')!;
    const sameWorker = [mother, father].map((person, index) => ({
      index,
      person,
      result: { ref: String(index), person, services: [ascRecord] },
    }));
    const list = callList(sameWorker);
    expect(list.involved).to.have.length(1);
    expect(list.involved[0]!.person).to.equal('Sarah Smith');
    expect(list.involved[0]!.others).to.deep.equal([{ person: 'Mark Smith', relationship: 'Father' }]);
    // Another phone is another call: not merged.
    const otherPhone = structuredClone(ascRecord);
    otherPhone.records[0]!.contact = { ...otherPhone.records[0]!.contact, phone: '0161 496 0999' };
    const split = callList([sameWorker[0]!, { ...sameWorker[1]!, result: { ...sameWorker[1]!.result, services: [otherPhone] } }]);
    expect(split.involved).to.have.length(2);
  });

  it('after Check all, shows the block first, with tel: links and Copy, and lists people with involvements first', async () => {
    api = new FakeApi(handlerFor({ kind: 'answer' }));
    const el = await mountWide();
    expect(block(el)).to.equal(null);
    button(el, /^Check all/).click();
    await settled(el);
    await block(el).updateComplete;
    const rows = [...inner(el).querySelectorAll('.calls > li')].map(textOf);
    const involved = rows
      .filter((r) => !r.startsWith('Possible match'))
      .map((r) => r.replace(/ Copy phone number.*$/, ''));
    expect(involved).to.deep.equal([
      'School · Tom Smith (Brother) Ms R. Khan · 0161 480 1234',
      'Adult Social Care · Sarah Smith (Mother) Sam Patel · 0161 474 4000',
      'Police · Mark Smith (Father) PC Dana Hill · 0161 872 5050',
    ]);
    expect(rows.some((r) => r.startsWith('Possible match Housing · Mark Smith (Father) Historic'))).to.equal(true);
    expect(inner(el).querySelector('a[href="tel:01614744000"]')).to.exist;
    // The block comes before the list of people; people with involvements come first in the list.
    const order = [...root(el).querySelectorAll('fc-who-to-call, [part~="person"]')];
    expect(order[0]!.tagName).to.equal('FC-WHO-TO-CALL');
    const names = [...root(el).querySelectorAll('[part~="person"] .person-name')].map((n) => textOf(n).split(',')[0]);
    expect(names.slice(0, 3)).to.deep.equal(['Tom Smith', 'Sarah Smith', 'Mark Smith']);
    expect(names).to.have.length(people.length);
    await expect(el).to.be.accessible();
  });

  it('copies a phone number from the block (fc-copy up, "Copied" down)', async () => {
    clipboard = fakeClipboard();
    api = new FakeApi(handlerFor({ kind: 'answer' }));
    const el = await mountWide();
    button(el, /^Check all/).click();
    await settled(el);
    await block(el).updateComplete;
    const copy = [...inner(el).querySelectorAll<HTMLButtonElement>('.copy-button')].find((b) =>
      textOf(b).includes('0161 872 5050'),
    )!;
    copy.click();
    await waitUntil(() => clipboard!.written.length === 1);
    await el.updateComplete;
    await block(el).updateComplete;
    expect(clipboard.written).to.deep.equal(['0161 872 5050']);
    expect(textOf(copy)).to.match(/^Copied phone number 0161 872 5050/);
  });

  it('fits every involvement with a phone number on the first screen of a 1366×768 laptop (panel 30rem wide)', async () => {
    await setViewport({ width: 1366, height: 768 });
    api = new FakeApi(handlerFor({ kind: 'answer' }));
    const el = await mountWide();
    button(el, /^Check all/).click();
    await settled(el);
    await block(el).updateComplete;
    const phones = [...inner(el).querySelectorAll('.calls a[href^="tel:"]')];
    expect(phones.length).to.be.at.least(3);
    for (const a of phones) expect(a.getBoundingClientRect().bottom, textOf(a)).to.be.at.most(768);
  });

  it('shows statuses as tags with distinct words, no dashed underline that looks like a link, borders in forced colours', async () => {
    api = new FakeApi(handlerFor({ kind: 'answer' }));
    const el = await mountWide();
    button(el, /^Check all/).click();
    await settled(el);
    const tags = [...root(el).querySelectorAll<HTMLElement>('[part="overview"] .tag')];
    expect(new Set(tags.map(textOf))).to.deep.equal(
      new Set(
        ['Involved', 'Possible match', 'Not found in', 'Not checked', 'Not shown', 'Marked not this person'].filter(
          (t) => tags.some((g) => textOf(g) === t),
        ),
      ),
    );
    expect(new Set(tags.map(textOf)).size).to.be.at.least(4);
    for (const part of root(el).querySelectorAll<HTMLElement>('[part="overview"] *')) {
      const style = getComputedStyle(part);
      expect(style.textDecorationLine, textOf(part)).to.equal('none');
    }
    await executeServerCommand('emulate-forced-colors', { active: true });
    expect(getComputedStyle(tags[0]!).borderTopStyle).to.equal('solid');
    expect(getComputedStyle(tags[0]!).borderTopColor).not.to.equal('rgba(0, 0, 0, 0)');
    await expect(el).to.be.accessible();
  });
});
