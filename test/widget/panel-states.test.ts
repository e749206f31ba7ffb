/**
 * Every widget state from fixtures.ts, rendered and checked with axe.
 */
import { expect } from '@open-wc/testing';
import { people, stateFixtures, type StateFixture } from './fixtures.js';
import { FakeApi, button, handlerFor, mount, root, settled, textOf } from './fake-api.js';
import type { FamilyContextPanel } from '../../widget/src/index.js';

const expectations: Record<string, (el: FamilyContextPanel, text: string) => void> = {
  idle: (el, text) => {
    expect(root(el).querySelectorAll('[part="person"]')).to.have.length(people.length);
    expect(text).to.include('People linked to Jane Smith');
    expect(root(el).querySelector('[part="results"]')).to.equal(null);
  },
  loading: (el, text) => {
    expect(text).to.include('Checking…');
    expect(root(el).querySelector('[role="status"]')!.textContent).to.include('Checking…');
  },
  'results with all four statuses': (_, text) => {
    expect(text).to.include('Involved: Adult Social Care · Not found in: Housing · Not checked: Police · Not shown: School');
  },
  'possible match and police offences': (_, text) => {
    expect(text).to.include('Possible match: Housing');
    expect(text).to.include('Convicted — Violence with injury, 12 June 2023');
  },
  'stale source': (_, text) => {
    expect(text).to.include('This information may be out of date: it was last updated on 1 September 2026');
  },
  'nothing could be checked': (_, text) => {
    expect(text).to.include('Not checked: School, Adult Social Care, Housing, Police');
  },
  'everyone checked': (el) => {
    expect(root(el).querySelectorAll('[part="section"]')).to.have.length(people.length);
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
  'no people on this page': (_, text) => {
    expect(text).to.include('No people on this page.');
    expect(text).to.include('No people linked to Jane Smith were found on this page.');
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
});
