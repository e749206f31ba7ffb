/**
 * "Not this person" and "Information looks wrong" on each record: what is sent to POST /api/v1/feedback,
 * what the panel shows afterwards, and where focus goes.
 */
import { expect, waitUntil } from '@open-wc/testing';
import type { FamilyContextPanel } from '../../widget/src/index.js';
import { ascRecord, child, context, father, housingPossibleRecord, mother } from './fixtures.js';
import { FakeApi, fakeClipboard, handlerFor, json, mount, root, section, settled, textOf } from './fake-api.js';

const within = (scope: Element, name: string) =>
  [...scope.querySelectorAll('button')].find((b) => textOf(b) === name) as HTMLButtonElement;

async function checked(el: FamilyContextPanel, name: string): Promise<HTMLElement> {
  [...root(el).querySelectorAll<HTMLButtonElement>('[part="check-button"]')].find((b) => textOf(b).startsWith(`Check ${name}`))!.click();
  await settled(el);
  return section(el, name);
}

describe('<family-context-panel> feedback', () => {
  let api: FakeApi | undefined;
  afterEach(() => {
    api?.restore();
    api = undefined;
  });

  it('"Not this person" sends the record, hides it with a confirmation that takes focus, and updates the overview', async () => {
    api = new FakeApi(handlerFor({ kind: 'answer' }));
    const el = await mount(context);
    const mark = await checked(el, 'Mark Smith');
    const possible = mark.querySelector<HTMLDetailsElement>('[part="possible"]')!;
    possible.open = true;
    within(possible, 'Not this person').click();
    await waitUntil(() => textOf(section(el, 'Mark Smith')).includes("won't be shown"), 'no confirmation');
    await el.updateComplete;

    expect(api.feedback).to.have.length(1);
    expect(api.feedback[0]!.authorization).to.equal('Bearer token');
    expect(api.feedback[0]!.body).to.deep.equal({
      kind: 'not-this-person',
      person: father,
      child,
      service: 'housing',
      recordRef: housingPossibleRecord.ref,
    });
    const after = section(el, 'Mark Smith');
    expect(textOf(after)).to.include("Thanks — this record won't be shown for this person again.");
    expect(textOf(after)).not.to.include('T-55102');
    expect(after.querySelector('[part="possible"]')).to.equal(null);
    expect(textOf(after.querySelector('[part="overview"]'))).to.include('Marked not this person: Housing');
    expect(textOf(after.querySelector('[part="overview"]'))).not.to.include('Possible match');
    expect(root(el).activeElement?.textContent).to.include("won't be shown");
    expect(textOf(root(el).querySelector('[role="status"]'))).to.include("won't be shown");
    // No undo.
    expect([...after.querySelectorAll('button')].map(textOf).join(' ')).not.to.match(/undo/i);
    await expect(el).to.be.accessible();
  });

  it('the case-note summary leaves out a record marked "not this person"', async () => {
    const clipboard = fakeClipboard();
    try {
      api = new FakeApi(handlerFor({ kind: 'answer' }));
      const el = await mount(context);
      const sarah = await checked(el, 'Sarah Smith');
      within(sarah.querySelector('[part="service"]')!, 'Not this person').click();
      await waitUntil(() => api!.feedback.length === 1);
      await settled(el);
      [...root(el).querySelectorAll('button')].find((b) => textOf(b) === 'Copy summary for case notes')!.click();
      await waitUntil(() => clipboard.written.length === 1);
      expect(clipboard.written[0]).not.to.include(ascRecord.contact!.phone!);
      expect(clipboard.written[0]).to.include('record marked "not this person" by the user: Adult Social Care');
    } finally {
      clipboard.restore();
    }
  });

  it('"Information looks wrong" opens a comment box, sends the comment, confirms, and Cancel returns focus', async () => {
    api = new FakeApi(handlerFor({ kind: 'answer' }));
    const el = await mount(context);
    const sarah = await checked(el, 'Sarah Smith');
    within(sarah, 'Information looks wrong').click();
    await el.updateComplete;
    await el.updateComplete;
    const box = root(el).activeElement as HTMLTextAreaElement;
    expect(box.tagName).to.equal('TEXTAREA');
    expect(textOf(root(el).querySelector(`label[for="${CSS.escape(box.id)}"]`))).to.equal('What looks wrong? (optional)');

    within(section(el, 'Sarah Smith'), 'Cancel').click();
    await el.updateComplete;
    await el.updateComplete;
    expect(textOf(root(el).activeElement)).to.equal('Information looks wrong');
    expect(api.feedback).to.have.length(0);

    within(section(el, 'Sarah Smith'), 'Information looks wrong').click();
    await el.updateComplete;
    const again = root(el).activeElement as HTMLTextAreaElement;
    again.value = 'Sam Patel left the team in October';
    again.dispatchEvent(new Event('input'));
    within(section(el, 'Sarah Smith'), 'Send').click();
    await waitUntil(() => textOf(section(el, 'Sarah Smith')).includes('your report has been sent'));
    expect(api.feedback[0]!.body).to.deep.equal({
      kind: 'information-wrong',
      person: mother,
      child,
      service: 'adult-social-care',
      recordRef: ascRecord.ref,
      comment: 'Sam Patel left the team in October',
    });
    // The record stays: only "not this person" hides it.
    expect(textOf(section(el, 'Sarah Smith'))).to.include('Sam Patel');
  });

  it('says what happened when feedback cannot be sent, keeps the record, and can send again', async () => {
    let fail = true;
    api = new FakeApi(handlerFor({ kind: 'answer' }), () =>
      fail ? Promise.reject(new TypeError('Failed to fetch')) : json({ feedbackId: 'fb-9' }, 201),
    );
    const el = await mount(context);
    const sarah = await checked(el, 'Sarah Smith');
    within(sarah, 'Not this person').click();
    await waitUntil(() => textOf(section(el, 'Sarah Smith')).includes('could not be sent'));
    const text = textOf(section(el, 'Sarah Smith'));
    expect(text).to.include('Your feedback could not be sent. Family Context could not be reached.');
    expect(text).to.include('Sam Patel');
    fail = false;
    within(section(el, 'Sarah Smith'), 'Not this person').click();
    await waitUntil(() => textOf(section(el, 'Sarah Smith')).includes("won't be shown"));
    expect(textOf(section(el, 'Sarah Smith'))).not.to.include('Sam Patel');
  });

  it('gets a fresh token after a 401 on feedback', async () => {
    let calls = 0;
    api = new FakeApi(handlerFor({ kind: 'answer' }), (request) =>
      request.authorization === 'Bearer refreshed-token' ? json({ feedbackId: 'x' }, 201) : json({ error: 'unauthorised' }, 401),
    );
    const el = await mount(context, async (o) => {
      calls++;
      return o?.forceRefresh ? 'refreshed-token' : 'token';
    });
    const sarah = await checked(el, 'Sarah Smith');
    within(sarah, 'Not this person').click();
    await waitUntil(() => textOf(section(el, 'Sarah Smith')).includes("won't be shown"));
    expect(api.feedback.map((f) => f.authorization)).to.deep.equal(['Bearer token', 'Bearer refreshed-token']);
    expect(calls).to.be.greaterThan(1);
  });

  it('forgets hidden records when the child changes', async () => {
    api = new FakeApi(handlerFor({ kind: 'answer' }));
    const el = await mount(context);
    const sarah = await checked(el, 'Sarah Smith');
    within(sarah, 'Not this person').click();
    await waitUntil(() => textOf(section(el, 'Sarah Smith')).includes("won't be shown"));
    el.context = { child: { ...child, cmsId: 'C9' }, people: [mother] };
    await el.updateComplete;
    await checked(el, 'Sarah Smith');
    expect(textOf(section(el, 'Sarah Smith'))).to.include('Sam Patel');
  });
});
