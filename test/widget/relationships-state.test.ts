/**
 * What the host says about the relationships list (`context.relationships`): 'waiting' while the page catches up
 * with a new child (no people offered), 'not-found' when the list is not on the page (said on screen and in the
 * case-note summary under NOT CHECKED).
 */
import { expect, waitUntil } from '@open-wc/testing';
import { child } from './fixtures.js';
import { FakeApi, button, fakeClipboard, handlerFor, mount, root, settled, textOf } from './fake-api.js';

describe('<family-context-panel> relationships list not read', () => {
  let api: FakeApi | undefined;
  let clipboard: ReturnType<typeof fakeClipboard> | undefined;
  afterEach(() => {
    api?.restore();
    api = undefined;
    clipboard?.restore();
    clipboard = undefined;
  });

  it("'waiting': says so in a polite status, offers nobody to check and no Check all", async () => {
    api = new FakeApi(handlerFor({ kind: 'answer' }));
    const el = await mount({ child, people: [child], relationships: 'waiting' });
    const status = root(el).querySelector('[part="waiting"]')!;
    expect(textOf(status)).to.equal('Waiting for the relationships list…');
    expect(status.getAttribute('role')).to.equal('status');
    expect(root(el).querySelector('[part="check-all-button"]')).to.equal(null);
    expect(root(el).querySelector('[part~="person"]')).to.equal(null);
    expect(root(el).querySelector('[part="search"]')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it("'not-found': says only the child is listed, and the summary says it under NOT CHECKED", async () => {
    clipboard = fakeClipboard();
    api = new FakeApi(handlerFor({ kind: 'answer' }));
    const el = await mount({
      child,
      people: [{ ...child, relationship: 'Child (this record)' }],
      relationships: 'not-found',
    });
    const words =
      'The relationships list for Jane Smith could not be found on this page, so only Jane Smith is listed. ' +
      'Check the case record for the family.';
    expect(textOf(root(el).querySelector('[part="relationships-not-found"]'))).to.equal(words);
    button(el, /^Check all/).click();
    await settled(el);
    button(el, 'Copy summary for case notes').click();
    await waitUntil(() => clipboard!.written.length === 1);
    const summary = clipboard.written[0]!;
    expect(summary).to.contain(`NOT CHECKED:\n- ${words}`);
    await expect(el).to.be.accessible();
  });
});
