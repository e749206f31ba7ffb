/**
 * The whole journey by keyboard alone, with real key presses (sendKeys): reach the panel from the page, check
 * everyone, open a person's section, copy a contact, collapse the section. Focus is asserted after each step.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { FamilyContextPanel } from '../../widget/src/index.js';
import { context } from './fixtures.js';
import { FakeApi, fakeClipboard, handlerFor, mount, root, section, sectionContent, settled, textOf } from './fake-api.js';

const focused = (el: FamilyContextPanel) => root(el).activeElement as HTMLElement | null;

/** Presses Tab (or Shift+Tab) until `matches` holds for the focused element; fails after `max` presses. */
async function tabTo(el: FamilyContextPanel, matches: (e: HTMLElement) => boolean, max = 12, back = false): Promise<number> {
  for (let i = 1; i <= max; i++) {
    if (back) await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Tab' });
    if (back) await sendKeys({ up: 'Shift' });
    const now = focused(el);
    if (now && matches(now)) return i;
  }
  throw new Error(`focus did not reach the target in ${max} presses; it is on "${textOf(focused(el))}"`);
}

describe('<family-context-panel> keyboard journey', () => {
  let api: FakeApi | undefined;
  let clipboard: ReturnType<typeof fakeClipboard> | undefined;
  afterEach(() => {
    api?.restore();
    clipboard?.restore();
  });

  it('reach, check all, open a section, copy a contact, collapse it — by keyboard alone', async () => {
    clipboard = fakeClipboard();
    api = new FakeApi(handlerFor({ kind: 'answer' }));
    const before = document.createElement('button');
    before.textContent = 'A CMS page control';
    document.body.prepend(before);
    try {
      const el = await mount(context);
      before.focus();

      // Reach the panel: the first stop is "Check all".
      await sendKeys({ press: 'Tab' });
      expect(document.activeElement).to.equal(el);
      expect(focused(el)!.getAttribute('part')).to.equal('check-all-button');

      // Check everyone; focus stays on the button, each person gets an overview line.
      await sendKeys({ press: 'Enter' });
      await settled(el);
      expect(focused(el)!.getAttribute('part')).to.equal('check-all-button');
      expect(root(el).querySelectorAll('[part="overview"]')).to.have.length(context.people.length);
      expect(textOf(root(el).querySelector('[role="status"]'))).to.match(/^Results for 5 people/);

      // Open Sarah Smith's section from its heading button, past "Who to call first" (each phone and its Copy).
      const presses = await tabTo(
        el,
        (e) => e.getAttribute('part') === 'section-button' && textOf(e).startsWith('Sarah Smith'),
        20,
      );
      expect(presses).to.be.lessThan(20);
      const toggle = focused(el)!;
      expect(toggle.getAttribute('aria-expanded')).to.equal('false');
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      expect(toggle.getAttribute('aria-expanded')).to.equal('true');
      expect(focused(el)).to.equal(toggle);
      expect(sectionContent(el, 'Sarah Smith').hasAttribute('hidden')).to.equal(false);

      // Copy the social worker's phone number: Tab into the card, Space on the copy button.
      await tabTo(el, (e) => e.getAttribute('part') === 'copy-button');
      expect(textOf(focused(el))).to.equal('Copy phone number 0161 474 4000');
      await sendKeys({ press: 'Space' });
      await waitUntil(() => clipboard!.written.length === 1);
      await el.updateComplete;
      expect(clipboard.written).to.deep.equal(['0161 474 4000']);
      expect(textOf(focused(el))).to.equal('Copied phone number 0161 474 4000');
      // Visible focus on the copy button: the yellow highlight.
      expect(getComputedStyle(focused(el)!).backgroundColor).to.equal('rgb(255, 221, 0)');

      // Back to the heading and collapse the section; focus stays on the heading button.
      await tabTo(el, (e) => e === toggle, 12, true);
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      expect(toggle.getAttribute('aria-expanded')).to.equal('false');
      expect(sectionContent(el, 'Sarah Smith').getAttribute('hidden')).to.equal('until-found');
      expect(focused(el)).to.equal(toggle);
      expect(textOf(section(el, 'Sarah Smith').querySelector('[part="overview"]'))).to.include('Involved: Adult Social Care');
    } finally {
      before.remove();
    }
  });

  it('closed sections are skipped by Tab: nothing hidden takes focus', async () => {
    api = new FakeApi(handlerFor({ kind: 'answer' }));
    const el = await mount(context);
    (root(el).querySelector('[part="check-all-button"]') as HTMLButtonElement).click();
    await settled(el);
    (document.activeElement as HTMLElement | null)?.blur();
    const stops: string[] = [];
    for (let i = 0; i < 14; i++) {
      await sendKeys({ press: 'Tab' });
      const now = focused(el);
      if (!now) break;
      stops.push(now.getAttribute('part') ?? now.tagName);
    }
    expect(stops).not.to.include('copy-button');
    expect(stops).not.to.include('not-this-person-button');
  });
});
