/**
 * The search for someone not linked in the CMS (user journey 1), and the reason the council's policy may ask for:
 * GOV.UK error summary (takes focus, links to the field), the server's 400 reason-required, `reason-required`.
 */
import { expect, waitUntil } from '@open-wc/testing';
import type { FamilyContextPanel } from '../../widget/src/index.js';
import { child, context, partner } from './fixtures.js';
import { FakeApi, button, handlerFor, json, mount, reasonRequired, root, section, settled, textOf } from './fake-api.js';

function fill(el: FamilyContextPanel, values: Record<string, string>): void {
  for (const [field, value] of Object.entries(values)) {
    const input = root(el).querySelector<HTMLInputElement | HTMLTextAreaElement>(`#fc-search-${field}`)!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }
}

async function openSearch(el: FamilyContextPanel): Promise<void> {
  button(el, 'Check someone not listed').click();
  await el.updateComplete;
  await el.updateComplete;
}

const submit = async (el: FamilyContextPanel) => {
  button(el, 'Check this person').click();
  await el.updateComplete;
  await el.updateComplete;
};

describe('<family-context-panel> search for someone not listed', () => {
  let api: FakeApi | undefined;
  afterEach(() => {
    api?.restore();
    api = undefined;
  });

  it('opens from a disclosure button and puts focus in the first field', async () => {
    api = new FakeApi(handlerFor({ kind: 'answer' }));
    const el = await mount(context);
    const toggle = button(el, 'Check someone not listed');
    expect(toggle.getAttribute('aria-expanded')).to.equal('false');
    expect(root(el).querySelector('#fc-search')!.hasAttribute('hidden')).to.equal(true);
    await openSearch(el);
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
    expect(root(el).activeElement?.id).to.equal('fc-search-surname');
    expect(root(el).querySelector('#fc-search-reason')).to.equal(null);
  });

  it('shows a GOV.UK error summary that takes focus and links to each field', async () => {
    api = new FakeApi(handlerFor({ kind: 'answer' }));
    const el = await mount(context);
    await openSearch(el);
    fill(el, { firstName: 'Lee', day: '31', month: '2', year: '1990' });
    await submit(el);
    const summary = root(el).querySelector<HTMLElement>('#fc-search-errors')!;
    expect(root(el).activeElement).to.equal(summary);
    const links = [...summary.querySelectorAll('a')];
    expect(links.map((a) => [textOf(a), a.getAttribute('href')])).to.deep.equal([
      ['Enter their surname', '#fc-search-surname'],
      ['Date of birth must be a real date, for example 27 3 1985', '#fc-search-day'],
    ]);
    const surname = root(el).querySelector('#fc-search-surname')!;
    expect(surname.getAttribute('aria-invalid')).to.equal('true');
    expect(textOf(root(el).getElementById(surname.getAttribute('aria-describedby')!))).to.equal('Error: Enter their surname');
    links[1]!.click();
    expect(root(el).activeElement?.id).to.equal('fc-search-day');
    expect(api.requests).to.have.length(0);
  });

  it('checks someone by name and date of birth, lists them, opens their answer and moves focus to it', async () => {
    api = new FakeApi((request) =>
      json({
        requestId: 'r',
        generatedAt: '2026-11-21T09:00:00Z',
        people: [{ ref: '0', person: request.body.people[0]!, services: [] }],
      }),
    );
    const el = await mount(context);
    await openSearch(el);
    fill(el, { surname: 'Walsh', firstName: 'Kim', day: '7', month: '9', year: '1984' });
    await submit(el);
    await settled(el);
    await waitUntil(() => root(el).activeElement?.getAttribute('part') === 'section-button', 'focus on the new section');
    expect(api.requests).to.have.length(1);
    expect(api.requests[0]!.body).to.deep.equal({
      child,
      people: [{ firstName: 'Kim', lastName: 'Walsh', dateOfBirth: '1984-09-07' }],
    });
    const kim = section(el, 'Kim Walsh');
    expect(textOf(kim.querySelector('.person-name'))).to.equal('Kim Walsh, not linked in the case record');
    expect(kim.querySelector('[part="section-button"]')!.getAttribute('aria-expanded')).to.equal('true');
    expect(root(el).querySelector('#fc-search')!.hasAttribute('hidden')).to.equal(true);
  });

  it('a search the server refuses (a CMS id it does not know) leaves the list as it was and says why on the field; Check all still works', async () => {
    api = new FakeApi((request) =>
      request.body.people.some((p) => p.cmsId === 'P999999')
        ? json({ error: 'invalid-request', message: 'The request was not valid.', fields: [{ field: `people[${request.body.people.length - 1}].cmsId`, message: 'no one with CMS id P999999 is known to Family Context: give their first name, last name and date of birth instead' }] }, 400)
        : json({ requestId: 'r', generatedAt: '2026-11-21T09:00:00Z', people: request.body.people.map((person, i) => ({ ref: String(i), person, services: [] })) }),
    );
    const el = await mount(context);
    const listed = root(el).querySelectorAll('[part~="person"]').length;
    await openSearch(el);
    fill(el, { surname: 'Walsh', firstName: 'Kim', cmsId: 'P999999' });
    await submit(el);
    await settled(el);
    await waitUntil(() => root(el).activeElement?.id === 'fc-search-errors', 'the error summary takes focus');
    expect(root(el).querySelectorAll('[part~="person"]').length).to.equal(listed, 'the refused person is not listed');
    const cmsId = root(el).querySelector('#fc-search-cmsId')!;
    expect(cmsId.getAttribute('aria-invalid')).to.equal('true');
    expect(textOf(root(el).getElementById(cmsId.getAttribute('aria-describedby')!))).to.equal(
      'Error: No one with CMS id P999999 is known to Family Context: give their first name, last name and date of birth instead',
    );
    button(el, /^Check all/).click();
    await settled(el);
    expect(api.requests.at(-1)!.body.people.some((p) => p.cmsId === 'P999999')).to.equal(false);
    expect(root(el).querySelector('[part="error"]')).to.equal(null);
  });

  it("a search the council's policy refuses (403 not-linked) says so in its words, not that the account is blocked", async () => {
    api = new FakeApi(() =>
      json({ error: 'not-linked', message: "The council's policy only allows looking up people linked to the child in the case-management system. One person is not: link them in the case record first.", fields: [{ field: 'people[0]', message: 'this person is not linked to this child in the case-management system' }] }, 403),
    );
    const el = await mount(context);
    await openSearch(el);
    fill(el, { surname: 'Walsh', firstName: 'Kim', day: '7', month: '9', year: '1984' });
    await submit(el);
    await settled(el);
    const summary = textOf(root(el).querySelector('#fc-search-errors'));
    expect(summary).to.include('only allows looking up people linked to the child');
    expect(summary).to.include('link them in the case record first');
    expect(summary).not.to.include('Your account is not allowed');
    expect(() => section(el, 'Kim Walsh')).to.throw();
  });

  it('when the server asks for a reason, shows the reason field with an error, then resends with the reason', async () => {
    api = new FakeApi((request) =>
      request.body.reason
        ? json({ requestId: 'r', generatedAt: 'g', people: [{ ref: '0', person: request.body.people[0]!, services: [] }] })
        : reasonRequired(),
    );
    const el = await mount(context);
    await openSearch(el);
    fill(el, { surname: 'Walsh', firstName: 'Kim', cmsId: 'P7001' });
    await submit(el);
    await waitUntil(() => root(el).querySelector('#fc-search-errors'), 'no error summary');
    await el.updateComplete;
    const summary = root(el).querySelector<HTMLElement>('#fc-search-errors')!;
    expect(root(el).activeElement).to.equal(summary);
    expect(textOf(summary)).to.include('Enter why you need to check this person');
    expect(summary.querySelector('a')!.getAttribute('href')).to.equal('#fc-search-reason');
    // The refused person is not listed, and nothing says "not found".
    expect(textOf(root(el).querySelector('[part="people"]'))).not.to.include('Kim Walsh');
    expect(root(el).querySelector('[part="error"]')).to.equal(null);

    fill(el, { reason: 'Named by the school as living at the address' });
    await submit(el);
    await settled(el);
    await waitUntil(() => textOf(root(el).querySelector('[part="people"]')).includes('Kim Walsh'));
    expect(api.requests.map((r) => r.body.reason)).to.deep.equal([undefined, 'Named by the school as living at the address']);
    expect(api.requests[1]!.body.people).to.deep.equal([{ firstName: 'Kim', lastName: 'Walsh', cmsId: 'P7001' }]);
  });

  it('always shows the reason field with the reason-required attribute', async () => {
    api = new FakeApi(handlerFor({ kind: 'answer' }));
    const el = await mount(context);
    el.setAttribute('reason-required', '');
    await el.updateComplete;
    expect(el.reasonRequired).to.equal(true);
    await openSearch(el);
    expect(root(el).querySelector('#fc-search-reason')).to.exist;
    fill(el, { surname: 'Walsh', firstName: 'Kim', cmsId: 'P7001' });
    await submit(el);
    expect(textOf(root(el).querySelector('#fc-search-errors'))).to.equal('There is a problem Enter why you need to check this person');
    expect(api.requests).to.have.length(0);
  });

  it('asks for a reason in the error summary when a listed person needs one, then checks with it', async () => {
    api = new FakeApi(handlerFor({ kind: 'reason-required' }));
    const el = await mount(context);
    const check = [...root(el).querySelectorAll<HTMLButtonElement>('[part="check-button"]')].find((b) => textOf(b) === 'Check Lee Brown')!;
    check.focus();
    check.click();
    await settled(el);
    const error = root(el).querySelector('[part="error"]')!;
    expect(root(el).activeElement).to.equal(error);
    expect(textOf(error)).to.include('A reason is needed to check someone who is not linked to this child');
    button(el, 'Check with this reason').click();
    await el.updateComplete;
    await el.updateComplete;
    expect(textOf(root(el).querySelector('#fc-reason-error'))).to.equal('Error: Enter why you need to check this person');
    expect(root(el).activeElement?.id).to.equal('fc-reason');
    expect(api.requests).to.have.length(1);

    const reason = root(el).querySelector<HTMLTextAreaElement>('#fc-reason')!;
    reason.value = 'Lives with the child';
    reason.dispatchEvent(new Event('input'));
    button(el, 'Check with this reason').click();
    await settled(el);
    expect(api.requests[1]!.body).to.deep.equal({ child, people: [partner], reason: 'Lives with the child' });
    expect(root(el).querySelector('[part="error"]')).to.equal(null);
    expect(section(el, 'Lee Brown').querySelector('[part="overview"]')).to.exist;
  });
});
