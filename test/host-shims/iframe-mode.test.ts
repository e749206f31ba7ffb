/**
 * Iframe mode: the frame takes the context only from its parent page, only from an allow-listed origin, and
 * only in the expected shape; the host snippet talks only to the frame, only at Family Context's origin.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import { listenForContext, type Rejection } from '../../host-shims/iframe/frame-receiver.js';
import { startFrame } from '../../host-shims/iframe/frame-app.js';
import { CONTEXT } from '../../host-shims/iframe/messages.js';
import { hostSnippet } from '../../host-shims/iframe/snippet.js';
import { DEFAULT_GENERIC_CONFIG } from '../../host-shims/generic/default-config.js';
import { pageContextJson } from '../../fixtures/cms-pages/render-page.js';
import { cmsPageData } from '../../fixtures/cms-pages/page-data.js';
import '../../widget/src/index.js';
import { TODAY } from './helpers.js';

const context = pageContextJson(cmsPageData(TODAY, 'standard'));
const message = { type: CONTEXT, version: 1, context };

/** A same-origin child frame: its window is the frame's, this window is its parent. */
async function childFrame(): Promise<{ frame: HTMLIFrameElement; win: Window }> {
  const frame = document.createElement('iframe');
  frame.srcdoc = '<!doctype html><html><body></body></html>';
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  document.body.append(frame);
  await loaded;
  return { frame, win: frame.contentWindow! };
}

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
  document.querySelectorAll('iframe').forEach((f) => f.remove());
});

describe('the frame receiving the context', () => {
  it('accepts a real message from its parent at an allowed origin', async () => {
    const { win } = await childFrame();
    const received: unknown[] = [];
    cleanups.push(listenForContext({ win, allowedOrigins: [location.origin], onContext: (c) => received.push(c) }));
    win.postMessage(message, '*');
    await waitUntil(() => received.length === 1);
    expect(received[0]).to.deep.equal(context);
  });

  it('refuses a real message from an origin not on the list', async () => {
    const { win } = await childFrame();
    const received: unknown[] = [];
    const refused: Rejection[] = [];
    cleanups.push(
      listenForContext({ win, allowedOrigins: ['https://mosaic.council.example'], onContext: (c) => received.push(c), onRejected: (r) => refused.push(r) }),
    );
    win.postMessage(message, '*');
    await waitUntil(() => refused.length === 1);
    expect(refused).to.deep.equal(['origin']);
    expect(received).to.deep.equal([]);
  });

  it('refuses a message from an allowed origin that does not come from its parent window', async () => {
    const { win } = await childFrame();
    const { win: sibling } = await childFrame();
    const received: unknown[] = [];
    const refused: Rejection[] = [];
    cleanups.push(listenForContext({ win, allowedOrigins: [location.origin], onContext: (c) => received.push(c), onRejected: (r) => refused.push(r) }));
    win.dispatchEvent(new MessageEvent('message', { data: message, origin: location.origin, source: sibling }));
    win.dispatchEvent(new MessageEvent('message', { data: message, origin: 'https://evil.example', source: window }));
    expect(refused).to.deep.equal(['source', 'origin']);
    expect(received).to.deep.equal([]);
  });

  it('refuses messages in another shape, and ignores messages that are not for it', async () => {
    const { win } = await childFrame();
    const received: unknown[] = [];
    const refused: Rejection[] = [];
    cleanups.push(listenForContext({ win, allowedOrigins: [location.origin], onContext: (c) => received.push(c), onRejected: (r) => refused.push(r) }));
    const send = (data: unknown) => win.dispatchEvent(new MessageEvent('message', { data, origin: location.origin, source: window }));
    send({ type: CONTEXT, version: 2, context });
    send({ type: CONTEXT, version: 1, context, extra: '<script>' });
    send({ source: 'oidc-client', url: 'https://x' });
    send('family-context:context');
    expect(refused).to.deep.equal(['shape', 'shape']);
    expect(received).to.deep.equal([]);
  });

  it('shows the family from a valid context, and nothing from an invalid one', async () => {
    const { win } = await childFrame();
    const app = startFrame({
      win,
      settings: { allowedOrigins: [location.origin] },
      config: DEFAULT_GENERIC_CONFIG,
      getToken: async () => 'x',
      apiBase: location.origin,
      today: TODAY,
    });
    cleanups.push(() => app.stop());
    win.postMessage(message, '*');
    await waitUntil(() => app.panel.context !== undefined);
    expect(app.panel.context!.people.map((p) => p.cmsId)).to.deep.equal(['P042817', 'P042818', 'P042819', 'P042820', 'P042821', 'P042823', 'P042824', 'P042822']);
    // A context whose people are not people is not shown (and the previous child is not kept).
    win.postMessage({ type: CONTEXT, version: 1, context: { child: { firstName: 'Kai' }, people: 'everyone' } }, '*');
    await waitUntil(() => app.panel.context === undefined);
    win.postMessage({ type: CONTEXT, version: 1, context: null }, '*');
    await new Promise((r) => setTimeout(r, 20));
    expect(app.panel.context).to.equal(undefined);
  });
});

describe('the host snippet', () => {
  const FC = 'https://family-context.council.example';

  it('is one line, and refuses to be built for something that is not an origin', () => {
    expect(hostSnippet(FC)).not.to.include('\n');
    expect(() => hostSnippet('https://fc.example/path')).to.throw(/not an origin/);
    expect(() => hostSnippet('javascript:alert(1)')).to.throw();
  });

  it('takes the whole width of a 320 px screen (it was 160 px: half the window)', async () => {
    const marginBefore = document.body.style.marginRight;
    cleanups.push(() => (document.body.style.marginRight = marginBefore));
    await setViewport({ width: 320, height: 640 });
    cleanups.push(() => void setViewport({ width: 800, height: 600 }));
    new Function(hostSnippet(FC))();
    const frame = document.querySelector(`iframe[src="${FC}/panel/frame.html"]`) as HTMLIFrameElement;
    cleanups.push(() => frame.remove());
    expect(Math.round(frame.getBoundingClientRect().width)).to.equal(320);
  });

  it('sends the context only to the frame at our origin, and only when the frame asks', async () => {
    const json = document.createElement('script');
    json.type = 'application/json';
    json.id = 'family-context';
    json.textContent = JSON.stringify(context);
    document.body.append(json);
    cleanups.push(() => json.remove());
    const marginBefore = document.body.style.marginRight;
    cleanups.push(() => (document.body.style.marginRight = marginBefore));
    // Run the snippet as a page would (the frame's address does not exist here: only the messages matter).
    new Function(hostSnippet(FC))();
    const frame = document.querySelector(`iframe[src="${FC}/panel/frame.html"]`) as HTMLIFrameElement;
    expect(frame).to.exist;
    expect(document.body.style.marginRight).to.equal('max(min(30rem, 50vw), min(20rem, 100vw))');
    const sent: Array<[unknown, string]> = [];
    const frameWindow = frame.contentWindow!;
    // Watch what the snippet posts to the frame.
    Object.defineProperty(frameWindow, 'postMessage', { configurable: true, value: (data: unknown, target: string) => sent.push([data, target]) });
    const ready = { type: 'family-context:ready', version: 1 };
    window.dispatchEvent(new MessageEvent('message', { data: ready, origin: 'https://evil.example', source: frameWindow }));
    window.dispatchEvent(new MessageEvent('message', { data: ready, origin: FC, source: window }));
    expect(sent).to.deep.equal([]);
    window.dispatchEvent(new MessageEvent('message', { data: ready, origin: FC, source: frameWindow }));
    expect(sent.length).to.equal(1);
    expect(sent[0]![1]).to.equal(FC);
    expect((sent[0]![0] as { context: unknown }).context).to.deep.equal(context);
    // A different child on the page: sent again.
    json.textContent = JSON.stringify({ ...(context as object), child: { firstName: 'Kai', lastName: 'Brennan' } });
    await new Promise((r) => setTimeout(r, 0));
    expect(sent.length).to.equal(2);
    expect((sent[1]![0] as { context: { child: { firstName: string } } }).context.child.firstName).to.equal('Kai');
    frame.remove();
  });
});
