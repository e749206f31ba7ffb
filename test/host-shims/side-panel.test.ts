/**
 * The shim on a page: one side panel however often the script is loaded, collapsible by button and by
 * Alt+Shift+F, never covering the page, proof against the page's CSS, and names with markup shown as text.
 */
import { expect } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { COLLAPSED_WIDTH, HOST_TAG } from '../../host-shims/core/side-panel.js';
import { startShim, type ShimHandle } from '../../host-shims/core/start-shim.js';
import { DEFAULT_MOSAIC_CONFIG } from '../../host-shims/mosaic/default-config.js';
import '../../widget/src/index.js';
import { clearPage, pageHtml, settle, shadowText, showPage, TODAY } from './helpers.js';

const shortcut = async (): Promise<void> => {
  await sendKeys({ down: 'Alt' });
  await sendKeys({ down: 'Shift' });
  await sendKeys({ press: 'KeyF' });
  await sendKeys({ up: 'Shift' });
  await sendKeys({ up: 'Alt' });
};

const neverCalled = async (): Promise<string> => {
  throw new Error('no token in this test');
};

async function start(variant: Parameters<typeof pageHtml>[1] = 'standard'): Promise<ShimHandle> {
  showPage((await pageHtml('mosaic', variant)).html);
  const handle = await startShim({ host: 'mosaic', defaultConfig: DEFAULT_MOSAIC_CONFIG, scriptUrl: 'http://localhost/dist/host-shims/mosaic.js', getToken: neverCalled, today: TODAY });
  await handle.sidePanel.panel.updateComplete;
  return handle;
}

let handle: ShimHandle | undefined;

beforeEach(async () => {
  sessionStorage.clear();
  await setViewport({ width: 1440, height: 900 });
});

afterEach(() => {
  handle?.stop();
  handle = undefined;
  clearPage();
  document.querySelectorAll('style[data-hostile]').forEach((s) => s.remove());
});

describe('the side panel', () => {
  it("warns council IT in the console without naming anyone or quoting the page's values", async () => {
    const printed: string[] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => void printed.push(args.map(String).join(' '));
    try {
      for (const variant of ['missing-dob', 'duplicate', 'deceased-ended'] as const) {
        const { html, data } = await pageHtml('mosaic', variant);
        showPage(html);
        handle = await startShim({ host: 'mosaic', defaultConfig: DEFAULT_MOSAIC_CONFIG, scriptUrl: 'http://localhost/dist/host-shims/mosaic.js', getToken: neverCalled, today: TODAY });
        await handle.sidePanel.panel.updateComplete;
        handle.stop();
        handle = undefined;
        const personal = [data.child, ...data.people].flatMap((p) => [p.firstName, p.lastName, p.cmsId, ...(p.dateOfBirth ? [p.dateOfBirth] : [])]);
        for (const line of printed) {
          for (const detail of personal) expect(line, `${variant}: ${line}`).not.to.include(detail);
          expect(line, `${variant}: ${line}`).not.to.match(/\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}/);
        }
      }
      expect(printed.some((line) => /people\.dateOfBirth: row \d+: no date of birth/.test(line)), printed.join('\n')).to.equal(true);
    } finally {
      console.warn = original;
    }
  });

  it('lists the family and not the professionals', async () => {
    handle = await start();
    const text = shadowText(handle.sidePanel.panel);
    expect(text).to.include('Gemma Hartley');
    expect(text).to.include('Jordan Pryce');
    expect(text).not.to.include('Aisha');
    expect(text).not.to.include('Priya');
  });

  it('is one panel when the shim is started twice, and when the script is loaded twice', async () => {
    handle = await start();
    const again = await startShim({ host: 'mosaic', defaultConfig: DEFAULT_MOSAIC_CONFIG, scriptUrl: 'http://localhost/x.js', getToken: neverCalled });
    expect(again).to.equal(handle);
    // Two script tags with different addresses run the module twice: still one panel, one registration.
    await import('../../host-shims/mosaic/index.js?copy=1' as string);
    await import('../../host-shims/mosaic/index.js?copy=2' as string);
    await settle();
    expect(document.querySelectorAll(HOST_TAG).length).to.equal(1);
    expect(document.querySelector(HOST_TAG)!.shadowRoot!.querySelectorAll('family-context-panel').length).to.equal(1);
    expect(customElements.get('family-context-panel')).to.exist;
  });

  it('gives the page a right margin so the panel covers none of it; collapsed, the page gets its width back', async () => {
    handle = await start();
    const host = handle.sidePanel.host;
    const table = document.querySelector('#personal-relationships')!;
    const toolbar = document.querySelector('.app-header .user')!;
    expect(table.getBoundingClientRect().right).to.be.at.most(host.getBoundingClientRect().left);
    expect(toolbar.getBoundingClientRect().right).to.be.at.most(host.getBoundingClientRect().left);
    const openWidth = host.getBoundingClientRect().width;
    expect(openWidth).to.be.greaterThan(300);

    const toggle = host.shadowRoot!.querySelector('button.toggle') as HTMLButtonElement;
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
    toggle.click();
    await settle();
    expect(host.hasAttribute('collapsed')).to.equal(true);
    expect(toggle.getAttribute('aria-expanded')).to.equal('false');
    expect(host.getBoundingClientRect().width).to.be.lessThan(60);
    expect(document.body.style.getPropertyValue('margin-right')).to.equal(COLLAPSED_WIDTH);
    expect(table.getBoundingClientRect().right).to.be.at.most(host.getBoundingClientRect().left);
    expect(table.getBoundingClientRect().right).to.be.greaterThan(1440 - 100);

    toggle.click();
    await settle();
    expect(host.getBoundingClientRect().width).to.equal(openWidth);
  });

  it('restores the page when stopped', async () => {
    handle = await start();
    handle.stop();
    handle = undefined;
    expect(document.querySelector(HOST_TAG)).to.equal(null);
    expect(document.body.style.getPropertyValue('margin-right')).to.equal('');
  });

  it('Alt+Shift+F moves focus into the panel, and pressed there hides it and returns focus', async () => {
    handle = await start();
    const host = handle.sidePanel.host;
    const pageButton = document.querySelector('.toolbar button') as HTMLButtonElement;
    pageButton.focus();
    await shortcut();
    expect(document.activeElement).to.equal(host);
    expect(host.shadowRoot!.activeElement?.id).to.equal('fc-side-content');
    await shortcut();
    expect(handle.sidePanel.collapsed).to.equal(true);
    expect(document.activeElement).to.equal(pageButton);
    // Collapsed: the shortcut opens it again and moves focus in.
    await shortcut();
    expect(handle.sidePanel.collapsed).to.equal(false);
    expect(document.activeElement).to.equal(host);
  });

  it('the page CSS cannot hide, move or restyle it, and it does not restyle the page', async () => {
    showPage((await pageHtml('mosaic', 'standard')).html);
    const heading = document.querySelector('#summary-title')!;
    const before = getComputedStyle(heading);
    const headingStyle = { color: before.color, font: before.font, background: before.backgroundColor };
    const hostile = document.createElement('style');
    hostile.setAttribute('data-hostile', '');
    hostile.textContent = `
      ${HOST_TAG} { display: none !important; width: 10px !important; left: 0 !important; position: static !important; }
      aside, div, button, p, h2, h3, li { color: rgb(255, 0, 0) !important; font-size: 40px !important; display: none !important; }
      family-context-panel { display: none !important; }`;
    document.head.append(hostile);
    handle = await startShim({ host: 'mosaic', defaultConfig: DEFAULT_MOSAIC_CONFIG, scriptUrl: 'http://localhost/m.js', getToken: neverCalled, today: TODAY });
    await handle.sidePanel.panel.updateComplete;
    const host = handle.sidePanel.host;
    const style = getComputedStyle(host);
    expect(style.display).to.equal('block');
    expect(style.position).to.equal('fixed');
    expect(host.getBoundingClientRect().width).to.be.greaterThan(300);
    expect(host.getBoundingClientRect().right).to.equal(window.innerWidth);
    const toggle = host.shadowRoot!.querySelector('button.toggle')!;
    expect(getComputedStyle(toggle).color).not.to.equal('rgb(255, 0, 0)');
    expect(getComputedStyle(toggle).display).not.to.equal('none');
    expect(handle.sidePanel.panel.getBoundingClientRect().height).to.be.greaterThan(100);
    hostile.remove();
    const after = getComputedStyle(heading);
    expect({ color: after.color, font: after.font, background: after.backgroundColor }).to.deep.equal(headingStyle);
  });

  it('shows names holding markup as plain text, and runs none of it', async () => {
    handle = await start('markup');
    const panel = handle.sidePanel.panel;
    const text = shadowText(panel);
    expect(text).to.include('<b>Gemma</b> Hartley');
    expect(text).to.include('Mellor<script>window.__fcInjected = "script"</script>');
    expect(panel.shadowRoot!.querySelector('img, script, b')).to.equal(null);
    expect(document.querySelector('img[src="x"]')).to.equal(null);
    expect((window as { __fcInjected?: unknown }).__fcInjected).to.equal(undefined);
  });

  it('says so in the panel, and offers nobody, when the config is wrong', async () => {
    showPage((await pageHtml('mosaic', 'standard')).html);
    const broken = { ...DEFAULT_MOSAIC_CONFIG, people: { ...DEFAULT_MOSAIC_CONFIG.people!, row: 'table >> tr' } };
    handle = await startShim({ host: 'mosaic', defaultConfig: DEFAULT_MOSAIC_CONFIG, config: broken, scriptUrl: 'http://localhost/m.js', getToken: neverCalled });
    await handle.sidePanel.panel.updateComplete;
    expect(handle.problems).to.deep.equal(['people.row: "table >> tr" is not a valid CSS selector']);
    expect(shadowText(handle.sidePanel.host)).to.include('set-up has a problem');
    expect(handle.sidePanel.panel.context).to.equal(undefined);
  });
});
