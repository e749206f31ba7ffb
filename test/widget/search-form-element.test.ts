/**
 * `<fc-search-form>` on its own (properties down, events up), and the child's state in the panel: a change of
 * child gives a new, empty, closed form — input VALUES and focus asserted, not textContent (which ignores them).
 */
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../widget/src/search-form-element.js';
import type { FcSearchForm, FcSearchInputDetail } from '../../widget/src/search-form-element.js';
import { EMPTY_SEARCH } from '../../widget/src/search-form.js';
import { context, otherContext } from './fixtures.js';
import { FakeApi, button, handlerFor, mount, root, settled } from './fake-api.js';

const FIELDS = ['surname', 'firstName', 'day', 'month', 'year', 'address', 'postcode', 'cmsId'] as const;

describe('<fc-search-form>', () => {
  it('shows the values it is given and sends each key press and the submit up as events', async () => {
    const el = await fixture<FcSearchForm>(
      html`<fc-search-form open .values=${{ ...EMPTY_SEARCH, surname: 'Brown' }}></fc-search-form>`,
    );
    expect(el.querySelector<HTMLInputElement>('#fc-search-surname')!.value).to.equal('Brown');
    const inputs: FcSearchInputDetail[] = [];
    let submitted = 0;
    el.addEventListener('fc-search-input', (e) => inputs.push((e as CustomEvent<FcSearchInputDetail>).detail));
    el.addEventListener('fc-search-submit', () => submitted++);
    el.querySelector<HTMLInputElement>('#fc-search-firstName')!.focus();
    await sendKeys({ type: 'Lee' });
    expect(inputs.map((i) => `${i.field}=${i.value}`)).to.deep.equal(['firstName=L', 'firstName=Le', 'firstName=Lee']);
    el.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    expect(submitted).to.equal(1);
    await expect(el).to.be.accessible();
  });

  it('asks for the reason first when the council asks for one, and lists errors in the order of the fields', async () => {
    const el = await fixture<FcSearchForm>(
      html`<fc-search-form
        open
        reasonShown
        .errors=${[
          { field: 'surname', message: 'Enter their surname' },
          { field: 'reason', message: 'Enter why you need to check this person' },
        ]}
      ></fc-search-form>`,
    );
    const ids = [...el.querySelectorAll('input, textarea')].map((i) => i.id);
    expect(ids[0]).to.equal('fc-search-reason');
    expect([...el.querySelectorAll('#fc-search-errors a')].map((a) => a.getAttribute('href'))).to.deep.equal([
      '#fc-search-reason',
      '#fc-search-surname',
    ]);
    await expect(el).to.be.accessible();
  });
});

describe('<family-context-panel> state per child', () => {
  let api: FakeApi | undefined;
  afterEach(() => {
    api?.restore();
    api = undefined;
  });

  it('sends the address and postcode typed in the search, and refuses a postcode that is not one', async () => {
    api = new FakeApi(handlerFor({ kind: 'answer' }));
    const el = await mount(context);
    button(el, 'Check someone not listed').click();
    await el.updateComplete;
    const type = (field: string, value: string) => {
      const input = root(el).querySelector<HTMLInputElement>(`#fc-search-${field}`)!;
      input.value = value;
      input.dispatchEvent(new Event('input'));
    };
    for (const [f, v] of Object.entries({
      surname: 'Brown',
      firstName: 'Lee',
      day: '1',
      month: '2',
      year: '1990',
      address: '3 Hill Rd, Stockport',
      postcode: 'not a postcode',
    })) {
      type(f, v);
    }
    await el.updateComplete;
    button(el, 'Check this person').click();
    await el.updateComplete;
    await el.updateComplete;
    expect([...root(el).querySelectorAll('#fc-search-errors a')].map((a) => a.getAttribute('href'))).to.deep.equal([
      '#fc-search-postcode',
    ]);
    expect(api.requests).to.have.length(0);
    await expect(el).to.be.accessible();
    type('postcode', 'sk5  8qt');
    await el.updateComplete;
    button(el, 'Check this person').click();
    await settled(el);
    const sent = api.requests[0]!.body.people[0]!;
    expect([sent.address, sent.postcode]).to.deep.equal(['3 Hill Rd, Stockport', 'SK5 8QT']);
  });

  it('forgets typed search values, closes the form and moves focus out of it when the child changes', async () => {
    api = new FakeApi(handlerFor({ kind: 'answer' }));
    const el = await mount(context);
    button(el, 'Check someone not listed').click();
    await el.updateComplete;
    root(el).querySelector<HTMLInputElement>('#fc-search-surname')!.focus();
    await sendKeys({ type: 'Brown' });
    for (const [field, value] of [
      ['firstName', 'Lee'],
      ['day', '1'],
      ['month', '2'],
      ['year', '1990'],
    ]) {
      root(el).querySelector<HTMLInputElement>(`#fc-search-${field}`)!.focus();
      await sendKeys({ type: value! });
    }
    await el.updateComplete;
    expect(root(el).querySelector<HTMLInputElement>('#fc-search-year')!.value).to.equal('1990');

    el.context = otherContext;
    await el.updateComplete;
    await el.updateComplete;
    for (const field of FIELDS) {
      expect(root(el).querySelector<HTMLInputElement>(`#fc-search-${field}`)!.value, field).to.equal('');
    }
    expect(root(el).querySelector('#fc-search')!.hasAttribute('hidden')).to.equal(true);
    expect(button(el, 'Check someone not listed').getAttribute('aria-expanded')).to.equal('false');
    const active = root(el).activeElement;
    expect(active === null || !active.closest('#fc-search'), `focus is on ${active?.id}`).to.equal(true);

    // Opened again for the new child: empty, and focus in the first field.
    button(el, 'Check someone not listed').click();
    await el.updateComplete;
    await el.updateComplete;
    expect(root(el).querySelector<HTMLInputElement>('#fc-search-surname')!.value).to.equal('');
    expect(root(el).activeElement?.id).to.equal('fc-search-surname');
    await expect(el).to.be.accessible();
  });
});
