/**
 * Every widget state from fixtures.ts, rendered and checked with axe; plus the states reached by the user's own
 * actions (search form with errors, a reason asked for, feedback, copy blocked), also checked with axe.
 */
import { expect } from '@open-wc/testing';
import { explanations, father, mother, people, stateFixtures, type StateFixture } from './fixtures.js';
import {
  FakeApi,
  button,
  fakeClipboard,
  handlerFor,
  json,
  mount,
  root,
  section,
  settled,
  textOf,
} from './fake-api.js';
import type { FamilyContextPanel } from '../../widget/src/index.js';
import { context } from './fixtures.js';

const overview = (el: FamilyContextPanel, name: string) => textOf(section(el, name).querySelector('[part="overview"]'));

const expectations: Record<string, (el: FamilyContextPanel, text: string) => void> = {
  idle: (el, text) => {
    expect(root(el).querySelectorAll('[part~="person"]')).to.have.length(people.length);
    expect(text).to.include('People linked to Jane Smith');
    expect(root(el).querySelector('[part="overview"]')).to.equal(null);
    expect(root(el).querySelector('[part="summary-button"]')).to.equal(null);
  },
  loading: (el, text) => {
    expect(text).to.include('Checking…');
    expect(root(el).querySelector('[role="status"]')!.textContent).to.include('Checking…');
  },
  'results with all four statuses': (el) => {
    expect(overview(el, 'Sarah Smith')).to.equal(
      'Involved: Adult Social Care · Not found in: Housing · Not checked: Police · Not shown: School',
    );
  },
  'possible match and police offences': (el, text) => {
    expect(overview(el, 'Mark Smith')).to.include('Possible match: Housing');
    expect(text).to.include('Convicted — Violence with injury, 12 June 2023');
    expect(root(el).querySelector<HTMLDetailsElement>('details.possible')!.open).to.equal(true);
  },
  'stale source': (el, text) => {
    expect(overview(el, 'Tom Smith')).to.equal('Involved: School — source out of date · Not shown: Adult Social Care, Housing, Police');
    expect(text).to.include('Out of date: Synergy — Stockport schools was last updated on 1 September 2026');
  },
  'a record a colleague disputed': (el, text) => {
    expect(overview(el, 'Mark Smith')).to.include('Possible match: Police');
    expect(overview(el, 'Mark Smith')).not.to.include('Not found in: Adult Social Care, Housing, Police');
    // On the possible match, and on the record matched on a shared identifier, which stays involved.
    const disputed = [...section(el, 'Mark Smith').querySelectorAll('[part="disputed"]')].map(textOf);
    expect(disputed).to.deep.equal([
      'A colleague said this record is not this person. Check before relying on it.',
      'A colleague said this record is not this person. Check before relying on it.',
    ]);
    expect(overview(el, 'Mark Smith')).to.include('Involved: Adult Social Care');
    expect(text).to.include('Possible match in Police');
  },
  'stale source not checked': (el, text) => {
    expect(overview(el, 'Tom Smith')).to.include('Not checked: School — source out of date');
    expect(text).to.include(explanations.schoolStale);
  },
  'nothing could be checked': (el) => {
    expect(overview(el, 'Lee Brown')).to.equal(
      'Not checked: School, Adult Social Care, Police; Housing — no data loaded',
    );
  },
  'nothing found': (el) => {
    expect(overview(el, 'Ann Jones')).to.equal('Not found in: Adult Social Care, Housing, Police · Not shown: School');
  },
  'one source failing': (el, text) => {
    expect(overview(el, 'Sarah Smith')).to.include('Not checked: Police — could not be searched just now');
    expect(overview(el, 'Sarah Smith')).to.include('Involved: Adult Social Care');
    expect(text).to.include(explanations.policeFailing);
    expect(root(el).querySelector('[part="error"]')).to.equal(null);
  },
  'everyone checked': (el) => {
    expect(root(el).querySelectorAll('[part~="section"]')).to.have.length(people.length);
    expect(root(el).querySelectorAll('[part="overview"]')).to.have.length(people.length);
  },
  'everyone checked, all open': (el) => {
    for (const b of root(el).querySelectorAll('[part="section-button"]')) {
      expect(b.getAttribute('aria-expanded')).to.equal('true');
    }
  },
  error: (_, text) => {
    expect(text).to.include('There is a problem');
    expect(text).to.include('Family Context had a problem and could not finish the check');
  },
  'network error': (_, text) => {
    expect(text).to.include('Family Context could not be reached. Check your network connection, then press Try again.');
  },
  'signed out': (_, text) => {
    expect(text).to.include("You're signed out of Family Context. Sign in again, then press Try again.");
  },
  forbidden: (_, text) => {
    expect(text).to.include('Your account is not allowed to use Family Context. Ask your IT service desk for access');
  },
  'reason required for a listed person': (el, text) => {
    expect(text).to.include('Your council asks for a reason');
    expect(root(el).querySelector('#fc-reason')).to.exist;
  },
  'no people on this page': (_, text) => {
    expect(text).to.include('No people on this page.');
    expect(text).to.include('No people linked to Jane Smith were found on this page.');
  },
  'people on the page the shim could not read': (el, text) => {
    expect(textOf(root(el).querySelector('[part="unreadable"]'))).to.equal(
      '2 people linked to Jane Smith on the page could not be read, so are not listed. Check them in the case record, or search for them below.',
    );
    expect(text).to.include('People linked to Jane Smith');
  },
  'nobody readable on the page': (el) => {
    expect(textOf(root(el).querySelector('[part="unreadable"]'))).to.include('1 person linked to Jane Smith on the page could not be read');
  },
  'no context yet': (_, text) => {
    expect(text).to.include('No people on this page.');
  },
};

async function render(state: StateFixture): Promise<FamilyContextPanel> {
  const el = await mount(state.context);
  const toCheck = state.check ?? [];
  if (toCheck.length === people.length) {
    button(el, /^Check all/).click();
  } else {
    for (const cmsId of toCheck) {
      const person = people.find((p) => p.cmsId === cmsId)!;
      button(el, new RegExp(`^Check ${person.firstName} ${person.lastName}`)).click();
    }
  }
  await el.updateComplete;
  if (state.api.kind !== 'never') await settled(el);
  if (state.openAll) {
    const showAll = root(el).querySelector<HTMLButtonElement>('[part="show-all-button"]');
    if (showAll?.getAttribute('aria-expanded') === 'false') showAll.click();
    await el.updateComplete;
    for (const d of root(el).querySelectorAll('details')) d.open = true;
  }
  return el;
}

describe('<family-context-panel> states', () => {
  let api: FakeApi | undefined;
  afterEach(() => {
    api?.restore();
    api = undefined;
  });

  for (const state of stateFixtures) {
    it(`renders "${state.name}" accessibly`, async () => {
      api = new FakeApi(handlerFor(state.api));
      const el = await render(state);
      expectations[state.name]!(el, textOf(root(el)));
      await expect(el).to.be.accessible();
    });
  }

  it('has an expectation for every state fixture', () => {
    expect(Object.keys(expectations).sort()).to.deep.equal(stateFixtures.map((s) => s.name).sort());
  });

  it('renders the search form with errors accessibly', async () => {
    api = new FakeApi(handlerFor({ kind: 'answer' }));
    const el = await mount(context);
    button(el, 'Check someone not listed').click();
    await el.updateComplete;
    button(el, 'Check this person').click();
    await el.updateComplete;
    expect(textOf(root(el).querySelector('#fc-search-errors'))).to.include('Enter their surname');
    await expect(el).to.be.accessible();
  });

  it('renders the search form asking for a reason accessibly', async () => {
    api = new FakeApi(handlerFor({ kind: 'answer' }));
    const el = await mount(context);
    el.reasonRequired = true;
    button(el, 'Check someone not listed').click();
    await el.updateComplete;
    button(el, 'Check this person').click();
    await el.updateComplete;
    expect(textOf(root(el).querySelector('#fc-search-errors'))).to.include('Enter why you need to check this person');
    await expect(el).to.be.accessible();
  });

  it('renders feedback (form open, sent, failed) accessibly', async () => {
    api = new FakeApi(handlerFor({ kind: 'answer' }), () => json({ error: 'internal', message: 'x' }, 500));
    const el = await mount(context);
    button(el, /^Check Sarah Smith/).click();
    await settled(el);
    button(el, 'Information looks wrong').click();
    await el.updateComplete;
    await expect(el).to.be.accessible();
    button(el, 'Send').click();
    await new Promise((r) => setTimeout(r, 20));
    await el.updateComplete;
    expect(textOf(section(el, 'Sarah Smith'))).to.include('Your feedback could not be sent.');
    await expect(el).to.be.accessible();
    api.feedbackHandler = () => json({ feedbackId: 'fb-2' }, 201);
    button(el, 'Send').click();
    await new Promise((r) => setTimeout(r, 20));
    await el.updateComplete;
    expect(textOf(section(el, 'Sarah Smith'))).to.include('Thanks — your report has been sent');
    await expect(el).to.be.accessible();
  });

  it('renders "copying blocked" (the summary to select by hand) accessibly', async () => {
    const clipboard = fakeClipboard(true);
    try {
      api = new FakeApi(handlerFor({ kind: 'answer' }));
      const el = await mount(context);
      button(el, /^Check Mark Smith/).click();
      await settled(el);
      expect(textOf(section(el, 'Mark Smith'))).to.include(father.lastName);
      button(el, 'Copy summary for case notes').click();
      await new Promise((r) => setTimeout(r, 20));
      await el.updateComplete;
      const area = root(el).querySelector<HTMLTextAreaElement>('#fc-summary-text')!;
      expect(area.value).to.include('Mark Smith');
      expect(root(el).activeElement).to.equal(area);
      await expect(el).to.be.accessible();
    } finally {
      clipboard.restore();
    }
  });

  it('keeps the rest of the panel working when one person fails and another succeeds', async () => {
    api = new FakeApi((request) =>
      request.body.people[0]!.cmsId === mother.cmsId ? json({ error: 'x', message: 'x' }, 503) : handlerFor({ kind: 'answer' })(request, undefined),
    );
    const el = await mount(context);
    button(el, /^Check Mark Smith/).click();
    await settled(el);
    button(el, /^Check Sarah Smith/).click();
    await settled(el);
    expect(textOf(root(el).querySelector('[part="error"]'))).to.include('Not checked: Sarah Smith');
    expect(overview(el, 'Mark Smith')).to.include('Involved: Police');
    await expect(el).to.be.accessible();
  });
});
