/**
 * How the panel looks where it matters: 320 px wide, target sizes, yellow focus, host CSS kept out.
 */
import { expect } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { context } from './fixtures.js';
import { FakeApi, button, handlerFor, mount, root, settled } from './fake-api.js';

describe('<family-context-panel> layout', () => {
  let api: FakeApi | undefined;
  afterEach(async () => {
    api?.restore();
    api = undefined;
    await setViewport({ width: 800, height: 600 });
  });

  it('fits 320 px wide with every section open', async () => {
    await setViewport({ width: 320, height: 640 });
    api = new FakeApi(handlerFor({ kind: 'answer' }));
    const el = await mount(context);
    button(el, /^Check all/).click();
    await settled(el);
    for (const d of root(el).querySelectorAll('details')) d.open = true;
    await el.updateComplete;
    const panel = root(el).querySelector<HTMLElement>('[part="panel"]')!;
    expect(panel.scrollWidth).to.be.at.most(panel.clientWidth);
    expect(document.documentElement.scrollWidth).to.be.at.most(320);
  });

  it('makes every button at least 24 by 24 px, and the main ones 44 px high', async () => {
    api = new FakeApi(handlerFor({ kind: 'answer' }));
    const el = await mount(context);
    button(el, /^Check all/).click();
    await settled(el);
    for (const b of root(el).querySelectorAll('button, summary')) {
      const box = b.getBoundingClientRect();
      if (box.width === 0) continue; // inside a closed <details>
      expect(box.width, b.textContent ?? '').to.be.at.least(24);
      expect(box.height, b.textContent ?? '').to.be.at.least(24);
    }
    for (const b of root(el).querySelectorAll('[part="check-all-button"]')) {
      expect(b.getBoundingClientRect().height).to.be.at.least(44);
    }
  });

  it('shows GOV.UK yellow focus on keyboard focus', async () => {
    api = new FakeApi(handlerFor({ kind: 'answer' }));
    const el = await mount(context);
    (document.activeElement as HTMLElement | null)?.blur();
    await sendKeys({ press: 'Tab' });
    const focused = root(el).activeElement as HTMLElement;
    expect(focused.getAttribute('part')).to.equal('check-all-button');
    expect(getComputedStyle(focused).backgroundColor).to.equal('rgb(255, 221, 0)');
  });

  it("keeps the host page's CSS out and its own CSS in", async () => {
    const style = document.createElement('style');
    style.textContent =
      '* { font-size: 8px !important; color: red; letter-spacing: 5px; } button { display: none; } h2 { margin: 99px; }';
    document.head.append(style);
    try {
      api = new FakeApi(handlerFor({ kind: 'answer' }));
      const el = await mount(context);
      const title = root(el).querySelector('h2')!;
      const panel = root(el).querySelector('[part="panel"]')!;
      expect(getComputedStyle(panel).fontSize).to.equal('19px');
      expect(getComputedStyle(panel).color).to.equal('rgb(11, 12, 12)');
      expect(getComputedStyle(panel).letterSpacing).to.equal('normal');
      expect(getComputedStyle(title).marginTop).to.equal('0px');
      expect(getComputedStyle(button(el, /^Check all/)).display).not.to.equal('none');
      // And the panel's styles do not reach the page.
      const outside = document.createElement('h2');
      document.body.append(outside);
      expect(getComputedStyle(outside).marginTop).to.equal('99px');
      outside.remove();
    } finally {
      style.remove();
    }
  });

  it('can be themed with --fc-* custom properties', async () => {
    api = new FakeApi(handlerFor({ kind: 'answer' }));
    const el = await mount(context);
    el.style.setProperty('--fc-font-size', '24px');
    el.style.setProperty('--fc-text-colour', 'rgb(1, 2, 3)');
    el.style.setProperty('--fc-font-family', 'serif');
    const panel = root(el).querySelector('[part="panel"]')!;
    expect(getComputedStyle(panel).fontSize).to.equal('24px');
    expect(getComputedStyle(panel).color).to.equal('rgb(1, 2, 3)');
    expect(getComputedStyle(panel).fontFamily).to.equal('serif');
  });
});
