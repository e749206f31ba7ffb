/**
 * WCAG 2.2 AA where Chromium can check it: reflow at 320 CSS px (also what 1280 px at 400% zoom gives) with
 * the larger font, targets of at least 24 by 24 px, forced colours, reduced motion, text-spacing overrides that
 * do not clip, and the council's theme, logo and wording.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia, executeServerCommand, setViewport } from '@web/test-runner-commands';
import type { FamilyContextPanel } from '../../widget/src/index.js';
import { context } from './fixtures.js';
import { FakeApi, button, handlerFor, mount, root, settled, textOf, tokenProvider } from './fake-api.js';

/** Check everyone, open every section, every possible match, the sources, the search form and a feedback form. */
async function everythingOpen(el: FamilyContextPanel): Promise<void> {
  button(el, /^Check all/).click();
  await settled(el);
  button(el, 'Show all sections').click();
  button(el, 'Check someone not listed').click();
  await el.updateComplete;
  button(el, 'Check this person').click(); // the search form with its errors
  await el.updateComplete;
  root(el).querySelectorAll<HTMLButtonElement>('[part="looks-wrong-button"]')[0]!.click();
  await el.updateComplete;
  for (const d of root(el).querySelectorAll('details')) d.open = true;
  await el.updateComplete;
}

/** Elements whose box pokes out of the panel sideways, or that clip their own text. */
function overflowing(el: FamilyContextPanel): string[] {
  const panel = root(el).querySelector<HTMLElement>('[part="panel"]')!;
  const edge = panel.getBoundingClientRect();
  const problems: string[] = [];
  if (panel.scrollWidth > panel.clientWidth + 1) problems.push(`panel scrolls sideways (${panel.scrollWidth} > ${panel.clientWidth})`);
  for (const node of root(el).querySelectorAll<HTMLElement>('*')) {
    if (node.closest('.visually-hidden') || node.tagName === 'STYLE') continue;
    const box = node.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    if (box.right > edge.right + 1 || box.left < edge.left - 1) {
      problems.push(`${node.tagName}.${node.className} "${textOf(node).slice(0, 30)}" is outside the panel`);
    }
    const style = getComputedStyle(node);
    const clips = /hidden|clip/.test(style.overflowX + style.overflowY);
    if (clips && (node.scrollHeight > node.clientHeight + 1 || node.scrollWidth > node.clientWidth + 1)) {
      problems.push(`${node.tagName}.${node.className} clips its text`);
    }
  }
  return problems;
}

/** The WCAG 1.4.12 text-spacing test styles, put inside the shadow root (the page's styles cannot reach it). */
function applyTextSpacing(el: FamilyContextPanel): void {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(
    '* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }',
  );
  root(el).adoptedStyleSheets = [...root(el).adoptedStyleSheets, sheet];
}

describe('<family-context-panel> accessibility in the browser', () => {
  let api: FakeApi | undefined;
  afterEach(async () => {
    api?.restore();
    api = undefined;
    await setViewport({ width: 800, height: 600 });
    await emulateMedia({ reducedMotion: 'no-preference' });
    await executeServerCommand('emulate-forced-colors', { active: false });
  });

  for (const [width, fontSize] of [
    [320, '19px'],
    [320, '24px'],
  ] as const) {
    it(`reflows at ${width} CSS px with ${fontSize} text and everything open: nothing outside, nothing clipped`, async () => {
      await setViewport({ width, height: 640 });
      api = new FakeApi(handlerFor({ kind: 'answer' }));
      const el = await mount(context);
      el.style.setProperty('--fc-font-size', fontSize);
      await everythingOpen(el);
      expect(overflowing(el)).to.deep.equal([]);
      expect(document.documentElement.scrollWidth).to.be.at.most(width);
    });
  }

  it('does not clip text with the WCAG text-spacing overrides, at 320 px', async () => {
    await setViewport({ width: 320, height: 640 });
    api = new FakeApi(handlerFor({ kind: 'answer' }));
    const el = await mount(context);
    await everythingOpen(el);
    applyTextSpacing(el);
    const title = root(el).querySelector('h2')!;
    expect(getComputedStyle(title).letterSpacing).not.to.equal('normal');
    expect(overflowing(el)).to.deep.equal([]);
  });

  it('makes every button, summary and form control at least 24 by 24 px, and the main buttons 44 px high', async () => {
    api = new FakeApi(handlerFor({ kind: 'answer' }));
    const el = await mount(context);
    await everythingOpen(el);
    const targets = [...root(el).querySelectorAll<HTMLElement>('button, summary, input, textarea')];
    expect(targets.length).to.be.greaterThan(30);
    for (const t of targets) {
      const box = t.getBoundingClientRect();
      expect(box.width, textOf(t) || t.id).to.be.at.least(24);
      expect(box.height, textOf(t) || t.id).to.be.at.least(24);
    }
    for (const b of root(el).querySelectorAll('[part="check-all-button"], [part="section-button"]')) {
      expect(b.getBoundingClientRect().height).to.be.at.least(44);
    }
  });

  it('in forced-colours mode keeps the not-checked warning visible and distinct, and passes axe', async () => {
    await executeServerCommand('emulate-forced-colors', { active: true });
    expect(matchMedia('(forced-colors: active)').matches).to.equal(true);
    api = new FakeApi(handlerFor({ kind: 'answer' }));
    const el = await mount(context);
    button(el, /^Check Lee Brown/).click();
    await settled(el);
    const block = root(el).querySelector<HTMLElement>('[part="not-checked"]')!;
    const icon = block.querySelector<HTMLElement>('.warning-icon')!;
    expect(getComputedStyle(block).borderTopStyle).to.equal('dashed');
    expect(getComputedStyle(icon).forcedColorAdjust).to.equal('none');
    expect(getComputedStyle(icon, '::before').content).to.equal('"!"');
    expect(getComputedStyle(icon).backgroundColor).not.to.equal(getComputedStyle(icon).color);
    // Buttons keep a border: in forced colours a background alone disappears.
    expect(getComputedStyle(button(el, /^Check all/)).borderTopStyle).to.equal('solid');
    await expect(el).to.be.accessible();
  });

  it('respects reduced motion', async () => {
    await emulateMedia({ reducedMotion: 'reduce' });
    api = new FakeApi(handlerFor({ kind: 'answer' }));
    const el = await mount(context);
    button(el, /^Check Sarah Smith/).click();
    await settled(el);
    const chevron = root(el).querySelector('.chevron')!;
    expect(getComputedStyle(chevron, '::after').transitionDuration).to.equal('0s');
    await emulateMedia({ reducedMotion: 'no-preference' });
    expect(getComputedStyle(chevron, '::after').transitionDuration).to.equal('0.15s');
  });

  it('takes the council logo from logo-src (with alt), a slot, or --fc-logo', async () => {
    const { getToken } = tokenProvider();
    const withSrc = await fixture<FamilyContextPanel>(
      html`<family-context-panel logo-src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" logo-alt="Stockport Council" .getToken=${getToken}></family-context-panel>`,
    );
    expect(root(withSrc).querySelector('img[part="logo"]')!.getAttribute('alt')).to.equal('Stockport Council');
    await expect(withSrc).to.be.accessible();

    const slotted = await fixture<FamilyContextPanel>(
      html`<family-context-panel><img slot="logo" alt="Leeds City Council" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" /></family-context-panel>`,
    );
    const slot = root(slotted).querySelector<HTMLSlotElement>('slot[name="logo"]')!;
    expect(slot.assignedElements().map((e) => e.getAttribute('alt'))).to.deep.equal(['Leeds City Council']);

    const css = await fixture<FamilyContextPanel>(html`<family-context-panel></family-context-panel>`);
    css.style.setProperty('--fc-logo', 'url("data:image/gif;base64,R0lGODlhAQABAAAAACw=")');
    css.style.setProperty('--fc-logo-width', '120px');
    const logo = root(css).querySelector<HTMLElement>('.logo--css')!;
    expect(getComputedStyle(logo).backgroundImage).to.match(/^url\(/);
    expect(logo.getBoundingClientRect().width).to.equal(120);
  });

  it("shows the council's wording overrides and its colours", async () => {
    api = new FakeApi(handlerFor({ kind: 'answer' }));
    const el = await mount(context);
    el.wording = { title: 'Family information', checkAll: 'Check everyone', notChecked: 'Could not look in:', copySummary: 'Copy for Mosaic case note' };
    el.style.setProperty('--fc-button-colour', 'rgb(10, 20, 30)');
    await el.updateComplete;
    expect(textOf(root(el).querySelector('h2'))).to.equal('Family information');
    const checkAll = button(el, /^Check everyone/);
    expect(getComputedStyle(checkAll).backgroundColor).to.equal('rgb(10, 20, 30)');
    button(el, /^Check Lee Brown/).click();
    await settled(el);
    expect(textOf(root(el).querySelector('[part="overview"]'))).to.match(/^Could not look in: /);
    expect(button(el, 'Copy for Mosaic case note')).to.exist;
  });
});
