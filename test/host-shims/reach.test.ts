/**
 * Relationships the page keeps in a same-origin frame or in a web component's open shadow root, reached with
 * ">>>" steps in the config; and what the panel is told when the list cannot be reached at all.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { startShim, type ShimHandle } from '../../host-shims/core/start-shim.js';
import { invalidSelectors, type ShimConfig } from '../../host-shims/core/shim-config.js';
import { DEFAULT_MOSAIC_CONFIG } from '../../host-shims/mosaic/default-config.js';
import '../../widget/src/index.js';
import { clearPage, pageHtml, settle, showPage, TODAY } from './helpers.js';

let handle: ShimHandle | undefined;
afterEach(() => {
  handle?.stop();
  handle = undefined;
  clearPage();
});

const withPeople = (people: Partial<ShimConfig['people']>): ShimConfig => ({
  ...DEFAULT_MOSAIC_CONFIG,
  people: { ...DEFAULT_MOSAIC_CONFIG.people!, ...people } as ShimConfig['people'],
});

async function start(config: ShimConfig): Promise<ShimHandle> {
  handle = await startShim({ host: 'mosaic', defaultConfig: config, scriptUrl: 'http://localhost/s.js', getToken: async () => 'x', today: TODAY });
  return handle;
}

const names = (h: ShimHandle): string[] => h.sidePanel.panel.context!.people.map((p) => p.firstName);

/** Moves the page's relationships table into a same-origin iframe; resolves when the frame has loaded. */
async function tableIntoFrame(): Promise<HTMLIFrameElement> {
  const table = document.querySelector('table#personal-relationships')!;
  const frame = document.createElement('iframe');
  frame.id = 'relationships-frame';
  frame.setAttribute('data-test-page', '');
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  frame.srcdoc = `<!DOCTYPE html><html><body>${table.outerHTML}</body></html>`;
  table.replaceWith(frame);
  await loaded;
  return frame;
}

/** Moves the table into the open shadow root of a <cms-relationships> element. */
function tableIntoShadow(): ShadowRoot {
  const table = document.querySelector('table#personal-relationships')!;
  const host = document.createElement('cms-relationships');
  const root = host.attachShadow({ mode: 'open' });
  table.replaceWith(host);
  root.append(table);
  return root;
}

describe('reach: frames and shadow roots', () => {
  it('reads rows inside a same-origin iframe and follows changes inside it', async () => {
    showPage((await pageHtml('mosaic', 'standard')).html);
    const frame = await tableIntoFrame();
    const h = await start(withPeople({ row: 'iframe#relationships-frame >>> table#personal-relationships tbody tr[data-person-id]', list: 'iframe#relationships-frame >>> table#personal-relationships' }));
    expect(names(h)).to.include('Gemma');
    expect(h.sidePanel.panel.context!.relationships).to.equal(undefined);
    // A change inside the frame (Gemma's row removed) is seen.
    frame.contentDocument!.querySelector('tr[data-person-id="P042818"]')!.remove();
    await waitUntil(() => !names(h).includes('Gemma'), 'the change inside the frame was followed');
  });

  it('reads rows inside an open shadow root and follows changes inside it', async () => {
    showPage((await pageHtml('mosaic', 'standard')).html);
    const root = tableIntoShadow();
    const h = await start(withPeople({ row: 'cms-relationships >>> table#personal-relationships tbody tr[data-person-id]' }));
    expect(names(h)).to.include('Gemma');
    root.querySelector('tr[data-person-id="P042818"]')!.remove();
    await settle();
    expect(names(h)).not.to.include('Gemma');
  });

  it('reads a child and rows in sibling frames of a frameset page (parent >>> frame >>> …)', async () => {
    const { html } = await pageHtml('mosaic', 'standard');
    const frameset = document.createElement('iframe');
    frameset.setAttribute('data-test-page', '');
    const loaded = new Promise((resolve) => frameset.addEventListener('load', resolve, { once: true }));
    // The outer page is a frameset: a header frame (the child) and a main frame (the relationships).
    frameset.srcdoc = '<!DOCTYPE html><html><frameset rows="30%,70%"><frame name="header"><frame name="main"></frameset></html>';
    document.body.append(frameset);
    await loaded;
    const outer = frameset.contentDocument!;
    const header = outer.querySelector<HTMLFrameElement>('frame[name=header]')!;
    const main = outer.querySelector<HTMLFrameElement>('frame[name=main]')!;
    const write = (frame: HTMLFrameElement, body: string): void => {
      const doc = frame.contentDocument!;
      doc.open();
      doc.write(`<!DOCTYPE html><html><body>${body}</body></html>`);
      doc.close();
    };
    const page = new DOMParser().parseFromString(html, 'text/html');
    write(main, page.querySelector('table#personal-relationships')!.outerHTML);
    write(header, page.querySelector('#person-summary')!.outerHTML);
    // The shim runs in the header frame (where the CMS template puts its script).
    const win = header.contentWindow!;
    const config = {
      ...DEFAULT_MOSAIC_CONFIG,
      people: { ...DEFAULT_MOSAIC_CONFIG.people!, row: 'parent >>> frame[name=main] >>> table#personal-relationships tbody tr[data-person-id]' },
    };
    handle = await startShim({ host: 'mosaic', defaultConfig: config, scriptUrl: 'http://localhost/s.js', win, getToken: async () => 'x', today: TODAY });
    expect(handle.sidePanel.panel.context!.child.firstName).to.equal('Leah');
    expect(names(handle)).to.include('Gemma');
  });

  it('checks each step of a ">>>" selector', () => {
    const config = withPeople({ row: 'cms-relationships >>> tr[[' });
    expect(invalidSelectors(config, document)).to.deep.equal(['people.row: "tr[[" (in "cms-relationships >>> tr[[") is not a valid CSS selector']);
    expect(invalidSelectors(withPeople({ row: 'parent >>> frame >>> tr' }), document)).to.deep.equal([]);
  });

  it('a list inside a shadow root the config does not reach: the panel says the list could not be found', async () => {
    showPage((await pageHtml('mosaic', 'standard')).html);
    tableIntoShadow();
    let clock = 1_000;
    handle = await startShim({ host: 'mosaic', defaultConfig: DEFAULT_MOSAIC_CONFIG, scriptUrl: 'http://localhost/s.js', getToken: async () => 'x', today: TODAY, now: () => clock });
    const h = handle;
    expect(h.sidePanel.panel.context!.relationships).to.equal('waiting');
    clock += 10_000;
    h.refresh();
    expect(h.sidePanel.panel.context!.relationships).to.equal('not-found');
    expect(names(h)).to.deep.equal(['Leah']);
  });
});
