/**
 * What the panel does: order, requests, tokens, errors, resets, wording, accordion, keyboard, storage.
 */
import { aTimeout, expect, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { InvolvementsRequest, PersonInput } from '../../server/src/api/contract.js';
import type { FamilyContextPanel } from '../../widget/src/index.js';
import {
  brother,
  context,
  explanations,
  father,
  mother,
  otherContext,
  partner,
  people,
  youngestFirstNames,
} from './fixtures.js';
import {
  FakeApi,
  answer,
  button,
  fakeClipboard,
  json,
  handlerFor,
  mount,
  root,
  section,
  serviceBlock,
  settled,
  textOf,
  tokenProvider,
} from './fake-api.js';

const name = (p: PersonInput) => `${p.firstName} ${p.lastName}`;
const checkButton = (el: FamilyContextPanel, p: PersonInput) => button(el, new RegExp(`^Check ${name(p)}( again)?$`));

describe('<family-context-panel> behaviour', () => {
  let api: FakeApi | undefined;
  afterEach(() => {
    api?.restore();
    api = undefined;
  });

  it('lists people youngest first, with no date of birth last', async () => {
    api = new FakeApi(handlerFor({ kind: 'answer' }));
    const el = await mount(context);
    const names = [...root(el).querySelectorAll('[part~="person"] .person-name')].map((n) => textOf(n).split(',')[0]);
    expect(names).to.deep.equal(youngestFirstNames);
  });

  it('shows each person with relationship, age, date of birth, CMS id and address', async () => {
    api = new FakeApi(handlerFor({ kind: 'answer' }));
    const el = await mount(context);
    const rows = [...root(el).querySelectorAll('[part~="person"]')].map(textOf);
    const tom = rows.find((r) => r.startsWith('Tom Smith'))!;
    expect(tom).to.match(/^Tom Smith, Brother Check Tom Smith \d+ years · born 1 September 2012 · CMS id P2003$/);
    const sarah = rows.find((r) => r.startsWith('Sarah Smith'))!;
    expect(sarah).to.include('· CMS id P2001 · 14 Cranbrook Close, Brinnington, Stockport, SK5 8QT');
    const lee = rows.find((r) => r.startsWith('Lee Brown'))!;
    expect(lee).to.include("Mother's partner");
    expect(lee).to.include('Date of birth not recorded');
    expect(textOf(root(el).querySelector('[part="header"]'))).to.equal('Family context Child: Jane Smith · CMS id C1001');
  });

  it('gives every Check button an accessible name with the person in it', async () => {
    api = new FakeApi(handlerFor({ kind: 'answer' }));
    const el = await mount(context);
    const names = [...root(el).querySelectorAll('[part="check-button"]')].map(textOf);
    expect(names).to.deep.equal(youngestFirstNames.map((n) => `Check ${n}`));
  });

  it('checks one person with one click: one request, only that person, to apiBase with the token', async () => {
    api = new FakeApi(handlerFor({ kind: 'answer' }));
    const el = await mount(context);
    checkButton(el, mother).click();
    await settled(el);
    expect(api.requests).to.have.length(1);
    const [request] = api.requests;
    expect(request!.url).to.equal('https://fc.example/api/v1/involvements');
    expect(request!.method).to.equal('POST');
    expect(request!.authorization).to.equal('Bearer token');
    expect(request!.body).to.deep.equal({ child: context.child, people: [mother] });
    expect(textOf(section(el, 'Sarah Smith'))).to.include('Involved: Adult Social Care');
  });

  it('"Check all" sends one request with everyone and shows each overview, sections closed', async () => {
    api = new FakeApi(handlerFor({ kind: 'answer' }));
    const el = await mount(context);
    button(el, /^Check all/).click();
    await settled(el);
    expect(api.requests).to.have.length(1);
    expect(api.requests[0]!.body.people).to.have.length(people.length);
    expect(new Set(api.requests[0]!.body.people.map((p) => p.cmsId))).to.deep.equal(
      new Set(people.map((p) => p.cmsId)),
    );
    const buttons = [...root(el).querySelectorAll('[part="section-button"]')];
    expect(buttons).to.have.length(people.length);
    for (const b of buttons) expect(b.getAttribute('aria-expanded')).to.equal('false');
    expect(root(el).querySelectorAll('[part="overview"]')).to.have.length(people.length);
  });

  it('after "Check all", closed sections get their content shortly after, for find-in-page', async () => {
    api = new FakeApi(handlerFor({ kind: 'answer' }));
    const el = await mount(context);
    button(el, /^Check all/).click();
    await settled(el);
    const contents = () => [...root(el).querySelectorAll<HTMLElement>('.section-content')];
    expect(contents()).to.have.length(people.length);
    for (const c of contents()) expect(c.getAttribute('hidden')).to.equal('until-found');
    await waitUntil(() => contents().every((c) => c.childElementCount > 0), 'closed sections never got their content');
    expect(textOf(contents().find((c) => textOf(c).includes('Sam Patel')))).to.include('0161 474 4000');
    // Find-in-page opens the section it finds text in.
    const sarah = section(el, 'Sarah Smith');
    sarah.querySelector('.section-content')!.dispatchEvent(new Event('beforematch'));
    await el.updateComplete;
    expect(sarah.querySelector('[part="section-button"]')!.getAttribute('aria-expanded')).to.equal('true');
  });

  it('matches results to people by ref, whatever order the server answers in', async () => {
    api = new FakeApi((request) => {
      const body = answer(request.body);
      return json({ ...body, people: [...body.people].reverse() });
    });
    const el = await mount(context);
    button(el, /^Check all/).click();
    await settled(el);
    expect(textOf(section(el, 'Sarah Smith').querySelector('[part="overview"]'))).to.equal(
      'Involved: Adult Social Care · Not found in: Housing · Not checked: Police · Not shown: School',
    );
    expect(textOf(section(el, 'Mark Smith').querySelector('[part="overview"]'))).to.equal(
      'Involved: Police · Possible match: Housing · Not found in: Adult Social Care · Not shown: School',
    );
  });

  it('sends at most 30 people per request', async () => {
    api = new FakeApi(handlerFor({ kind: 'answer' }));
    const many = Array.from({ length: 45 }, (_, i) => ({
      cmsId: `X${i}`,
      firstName: `Person${i}`,
      lastName: 'Test',
      dateOfBirth: `19${String(50 + (i % 40)).padStart(2, '0')}-01-01`,
    }));
    const el = await mount({ child: context.child, people: many });
    button(el, /^Check all/).click();
    await settled(el);
    expect(api.requests.map((r) => r.body.people.length)).to.deep.equal([30, 15]);
    expect(root(el).querySelectorAll('[part~="section"]')).to.have.length(45);
  });

  it('after a 401 gets a fresh token and retries once', async () => {
    const tokens = tokenProvider({ normal: 'old', refreshed: 'new' });
    api = new FakeApi((request) =>
      request.authorization === 'Bearer new' ? json(answer(request.body)) : json({ error: 'unauthorized' }, 401),
    );
    const el = await mount(context, tokens.getToken);
    checkButton(el, mother).click();
    await settled(el);
    expect(tokens.calls).to.deep.equal([undefined, { forceRefresh: true }]);
    expect(api.requests.map((r) => r.authorization)).to.deep.equal(['Bearer old', 'Bearer new']);
    expect(textOf(root(el))).to.include('Involved: Adult Social Care');
    expect(textOf(root(el))).not.to.include('signed out');
  });

  it('shows the signed-out error after a second 401, and Try again works once signed in', async () => {
    const tokens = tokenProvider();
    let signedIn = false;
    api = new FakeApi((request) => (signedIn ? json(answer(request.body)) : json({ error: 'unauthorized' }, 401)));
    const el = await mount(context, tokens.getToken);
    checkButton(el, mother).focus();
    checkButton(el, mother).click();
    await settled(el);
    expect(api.requests).to.have.length(2);
    expect(tokens.calls).to.deep.equal([undefined, { forceRefresh: true }]);
    const error = root(el).querySelector('[part="error"]')!;
    expect(textOf(error)).to.include("You're signed out of Family Context. Sign in again, then press Try again.");
    expect(textOf(error)).to.include('Not checked: Sarah Smith');
    expect(root(el).activeElement).to.equal(error);

    signedIn = true;
    button(el, 'Try again').click();
    await settled(el);
    expect(api.requests).to.have.length(3);
    expect(root(el).querySelector('[part="error"]')).to.equal(null);
    expect(textOf(section(el, 'Sarah Smith'))).to.include('Involved: Adult Social Care');
  });

  it('does not take focus for an error when the user has moved elsewhere, but announces it', async () => {
    api = new FakeApi(handlerFor({ kind: 'status', status: 503 }));
    const el = await mount(context);
    const outside = document.createElement('button');
    document.body.append(outside);
    try {
      checkButton(el, mother).click();
      outside.focus();
      await settled(el);
      expect(document.activeElement).to.equal(outside);
      // 503: the service is down for a moment, said as such (not as a failed check or a bad sign-in).
      expect(textOf(root(el).querySelector('[role="status"]'))).to.include('not available just now');
    } finally {
      outside.remove();
    }
  });

  it('a 429 shows how long to wait, in the server\'s words', async () => {
    api = new FakeApi(() => json({ error: 'rate-limited', message: 'You have made 60 lookups in the last minute, the most allowed. Try again in 42 seconds.' }, 429));
    const el = await mount(context);
    checkButton(el, mother).click();
    await settled(el);
    const error = textOf(root(el).querySelector('[part="error"]'));
    expect(error).to.include('Try again in 42 seconds');
    expect(error).not.to.include('had a problem');
  });

  it('an answer that never comes ends in a "took too long" error with Try again, not "Checking…" for ever', async () => {
    const original = AbortSignal.timeout;
    AbortSignal.timeout = () => {
      const controller = new AbortController();
      setTimeout(() => controller.abort(new DOMException('The operation timed out.', 'TimeoutError')), 50);
      return controller.signal;
    };
    try {
      api = new FakeApi(handlerFor({ kind: 'never' }));
      const el = await mount(context);
      checkButton(el, mother).click();
      await settled(el);
      expect(textOf(root(el).querySelector('[part="error"]'))).to.include('took too long to answer');
      expect(button(el, 'Try again')).to.exist;
    } finally {
      AbortSignal.timeout = original;
    }
  });

  /** Checks the mother alone and copies the summary; the panel, once the copy is written. */
  async function checkMotherAndCopy(clipboard: ReturnType<typeof fakeClipboard>): Promise<FamilyContextPanel> {
    api = new FakeApi(handlerFor({ kind: 'answer' }));
    const el = await mount(context);
    checkButton(el, mother).click();
    await settled(el);
    button(el, /^Copy summary/).click();
    await waitUntil(() => clipboard.written.length === 1, 'the summary is copied');
    await el.updateComplete;
    return el;
  }

  it('the copied case-note summary names the people it has no answer for, so it never reads as a whole-family check', async () => {
    const clipboard = fakeClipboard();
    try {
      await checkMotherAndCopy(clipboard);
      const [text] = clipboard.written;
      const notChecked = text!.split('\n').find((l) => l.startsWith('- No answer for'))!;
      expect(notChecked, text).to.include('nothing above is about them');
      expect(text!.indexOf(notChecked)).to.be.greaterThan(text!.indexOf('NOT CHECKED:'));
      for (const p of people.filter((q) => q !== mother)) expect(notChecked).to.include(name(p));
      expect(notChecked).not.to.include(name(mother));
    } finally {
      clipboard.restore();
    }
  });

  it('"Copied" goes once the results change, so it never vouches for a summary that is out of date', async () => {
    const clipboard = fakeClipboard();
    try {
      const el = await checkMotherAndCopy(clipboard);
      expect(textOf(root(el))).to.include('Summary copied');
      button(el, /^Check all/).click();
      await settled(el);
      expect(textOf(root(el))).not.to.include('Summary copied');
      expect(button(el, /^Copy summary/)).to.exist;
    } finally {
      clipboard.restore();
    }
  });

  it('treats a token provider that fails as signed out', async () => {
    api = new FakeApi(handlerFor({ kind: 'answer' }));
    const el = await mount(context, () => Promise.reject(new Error('no session')));
    checkButton(el, mother).click();
    await settled(el);
    expect(api.requests).to.have.length(0);
    expect(textOf(root(el).querySelector('[part="error"]'))).to.include("You're signed out of Family Context.");
  });

  it('says the server could not be reached, not "signed out", when the token request itself cannot reach it', async () => {
    api = new FakeApi(handlerFor({ kind: 'answer' }));
    // The demo token provider's fetch to a stopped server: a TypeError, as fetch gives for a refused connection.
    const el = await mount(context, () => Promise.reject(new TypeError('Failed to fetch')));
    checkButton(el, mother).click();
    await settled(el);
    const error = textOf(root(el).querySelector('[part="error"]'));
    expect(error).to.include('Family Context could not be reached.');
    expect(error).not.to.include('signed out');
    await expect(el).to.be.accessible();
  });

  for (const failure of ['500', 'network error'] as const) {
    it(`shows an error with a working Try again after a ${failure}`, async () => {
      let fail = true;
      api = new FakeApi((request) => {
        if (!fail) return json(answer(request.body));
        return failure === '500' ? json({ error: 'internal', message: 'boom' }, 500) : Promise.reject(new TypeError('x'));
      });
      const el = await mount(context);
      checkButton(el, father).click();
      await settled(el);
      const error = root(el).querySelector('[part="error"]');
      expect(textOf(error)).to.include('Try again');
      expect(textOf(error)).to.match(failure === '500' ? /could not finish the check/ : /could not be reached/);
      expect(textOf(section(el, 'Mark Smith'))).to.include('Not checked: the check failed');
      expect(section(el, 'Mark Smith').querySelector('[part="overview"]')).to.equal(null);

      fail = false;
      button(el, 'Try again').click();
      await settled(el);
      expect(api.requests).to.have.length(2);
      expect(api.requests[1]!.body.people).to.deep.equal([father]);
      expect(root(el).querySelector('[part="error"]')).to.equal(null);
      expect(textOf(section(el, 'Mark Smith'))).to.include('Involved: Police');
      expect(root(el).activeElement?.id).to.equal('fc-people-title');
    });
  }

  it("shows the server's words for a refused request", async () => {
    api = new FakeApi(() =>
      json({ error: 'reason_required', message: 'A reason is needed to check someone not linked to this child.' }, 400),
    );
    const el = await mount(context);
    checkButton(el, partner).click();
    await settled(el);
    expect(textOf(root(el).querySelector('[part="error"]'))).to.include(
      'A reason is needed to check someone not linked to this child.',
    );
  });

  it('a new context resets everything: old people and results are gone', async () => {
    api = new FakeApi(handlerFor({ kind: 'answer' }));
    const el = await mount(context);
    button(el, /^Check all/).click();
    await settled(el);
    expect(textOf(root(el))).to.include('Sarah Smith');

    el.context = otherContext;
    await el.updateComplete;
    const text = textOf(root(el));
    for (const n of youngestFirstNames) expect(text).not.to.include(n);
    expect(text).to.include('Child: Alfie Green');
    expect(text).to.include('Kerry Green');
    expect(root(el).querySelector('[part="overview"]')).to.equal(null);
    expect(textOf(root(el).querySelector('[role="status"]'))).to.equal('');
  });

  it('keeps results when the same child and people are set again, and resets when a person changes', async () => {
    api = new FakeApi(handlerFor({ kind: 'answer' }));
    const el = await mount(context);
    checkButton(el, mother).click();
    await settled(el);
    el.context = structuredClone(context);
    await el.updateComplete;
    expect(textOf(section(el, 'Sarah Smith'))).to.include('Involved: Adult Social Care');

    el.context = { child: context.child, people: [...context.people, { firstName: 'New', lastName: 'Person' }] };
    await el.updateComplete;
    expect(root(el).querySelector('[part="overview"]')).to.equal(null);
    expect(textOf(root(el))).to.include('New Person');
  });

  it('an answer for the previous child that arrives late is never shown', async () => {
    let release: (() => void) | undefined;
    api = new FakeApi(async (request) => {
      await new Promise<void>((resolve) => (release = resolve));
      return json(answer(request.body));
    });
    const el = await mount(context);
    checkButton(el, mother).click();
    await waitUntil(() => release !== undefined);
    el.context = otherContext;
    await el.updateComplete;
    release!();
    await new Promise((r) => setTimeout(r, 50));
    await el.updateComplete;
    expect(textOf(root(el))).not.to.include('Sarah Smith');
    expect(textOf(root(el))).not.to.include('Adult Social Care');
    expect(root(el).querySelector('[part="overview"]')).to.equal(null);
  });

  it('never says "no records" or "not found" for services that were not checked', async () => {
    api = new FakeApi(handlerFor({ kind: 'answer' }));
    const el = await mount(context);
    checkButton(el, partner).click();
    await settled(el);
    const text = textOf(section(el, 'Lee Brown'));
    expect(text).to.include('Not checked: School, Adult Social Care, Housing, Police');
    expect(text).to.include(explanations.schoolNotChecked);
    expect(text).not.to.match(/no records|not found/i);
    expect(root(el).querySelector('[part="not-checked"] .warning-icon')).to.exist;
    expect(root(el).querySelector('[part="no-records"]')).to.equal(null);
  });

  it('keeps not checked apart from not found for the same person', async () => {
    api = new FakeApi(handlerFor({ kind: 'answer' }));
    const el = await mount(context);
    checkButton(el, mother).click();
    await settled(el);
    const notChecked = textOf(root(el).querySelector('[part="not-checked"]'));
    const notFound = textOf(root(el).querySelector('[part="no-records"]'));
    expect(notChecked).to.include('Warning: Not checked: Police');
    expect(notChecked).to.include('there may be records');
    expect(notChecked).to.include(explanations.policeNotChecked);
    expect(notChecked).not.to.match(/no records|not found/i);
    expect(notFound).to.include('Not found in: Housing');
    expect(notFound).to.include(explanations.housingNoRecords);
    expect(notFound).to.include('last updated on 19 November 2026 · covers 1 April 2015 to 19 November 2026 · area: Stockport');
    expect(notFound).not.to.include('Police');
    expect(textOf(root(el).querySelector('[part="not-applicable"]'))).to.include(
      `Not shown: School. ${explanations.schoolNotApplicable}`,
    );
  });

  it('never shows Current or Historic for police records, and lists offences', async () => {
    api = new FakeApi(handlerFor({ kind: 'answer' }));
    const el = await mount(context);
    checkButton(el, father).click();
    await settled(el);
    const police = serviceBlock(el, 'Mark Smith', 'Police');
    const text = textOf(police);
    expect(text).not.to.match(/current|historic/i);
    expect(textOf(section(el, 'Mark Smith').querySelector('[part="overview"]'))).not.to.match(/current|historic/i);
    expect(text).to.include('Safeguarding offences');
    expect(text).to.include('Convicted — Violence with injury, 12 June 2023');
    expect(text).to.include('Suspect — Possession of weapons, 1 August 2026');
    expect(text).to.include('Other records Yes: non-safeguarding records exist');
    expect(text).to.include('Likely match. Matched on: name, date of birth, postcode');
    // The source's long notes are said once, in "About the sources", not on every card.
    expect(text).not.to.include('Covers conviction records from the last 5 years');
    expect(textOf(root(el).querySelector('[part="sources"]'))).to.include('Covers conviction records from the last 5 years');
  });

  it('shows Current/Historic, contacts as tel: and mailto: links, dates and details for other services', async () => {
    api = new FakeApi(handlerFor({ kind: 'answer' }));
    const el = await mount(context);
    checkButton(el, mother).click();
    await settled(el);
    const asc = root(el).querySelector('[part="service"]')!;
    const text = textOf(asc);
    expect(text).to.include('Involvement Current');
    expect(text).to.include('Involvement Current');
    expect(text).to.include('Contact Sam Patel, Social workerStockport Council Adult Social Care');
    expect(text).to.include('Dates Started 3 May 2021, last contact 28 October 2026');
    expect(text).to.include('Team Central Locality Team');
    expect(text).to.include('Matched on: same CMS id');
    expect(text).to.include('Source: CareFirst — Stockport adult social care · last updated on 20 November 2026');
    const sources = textOf(root(el).querySelector('[part="sources"]'));
    expect(sources).to.include('CareFirst — Stockport adult social care, last updated on 20 November 2026, covers 1 January 2010 to 20 November 2026, area: Stockport');
    const tel = asc.querySelector<HTMLAnchorElement>('a[href^="tel:"]')!;
    expect(tel.getAttribute('href')).to.equal('tel:01614744000');
    expect(textOf(tel)).to.equal('0161 474 4000');
    const mail = asc.querySelector<HTMLAnchorElement>('a[href^="mailto:"]')!;
    expect(mail.getAttribute('href')).to.equal('mailto:sam.patel@stockport.example');
    expect([...asc.querySelectorAll('dl dt')].map(textOf)).to.deep.equal(['Involvement', 'Contact', 'Dates', 'Team']);
  });

  it('shows possible matches apart, collapsed, with their basis, and says "Possible match" in the overview', async () => {
    api = new FakeApi(handlerFor({ kind: 'answer' }));
    const el = await mount(context);
    checkButton(el, father).click();
    await settled(el);
    const overview = textOf(section(el, 'Mark Smith').querySelector('[part="overview"]'));
    expect(overview).to.include('Possible match: Housing');
    expect(overview).not.to.match(/Involved: [^·]*Housing/);
    const details = root(el).querySelector<HTMLDetailsElement>('details.possible')!;
    expect(details.open).to.equal(false);
    expect(textOf(details.querySelector('summary'))).to.equal('Possible match in Housing: check before relying on this');
    // Not among the confident records: no Housing service block.
    expect([...section(el, 'Mark Smith').querySelectorAll('[part="service"] h5')].map(textOf)).to.deep.equal(['Police']);
    expect(textOf(details)).to.include('Matched only on: last name, postcode');
    expect(textOf(details)).to.include('Rent arrears Case open');
    expect(textOf(details)).to.include('Tenancy reference T-55102');
  });

  it('warns visibly about a stale source', async () => {
    api = new FakeApi(handlerFor({ kind: 'answer' }));
    const el = await mount(context);
    checkButton(el, brother).click();
    await settled(el);
    const school = root(el).querySelector('[part="service"]')!;
    const warning = school.querySelector('.warning')!;
    expect(textOf(warning)).to.include('Warning: Out of date: Synergy — Stockport schools was last updated on 1 September 2026');
    expect(warning.querySelector('.warning-icon')).to.exist;
    expect((warning as HTMLElement).offsetHeight).to.be.greaterThan(0);
  });

  it('announces "Checking…" and then the results in a polite live region', async () => {
    let release: (() => void) | undefined;
    api = new FakeApi(async (request) => {
      await new Promise<void>((resolve) => (release = resolve));
      return json(answer(request.body));
    });
    const el = await mount(context);
    const live = root(el).querySelector('[role="status"]')!;
    expect(live.getAttribute('aria-live')).to.equal('polite');
    checkButton(el, mother).click();
    await el.updateComplete;
    expect(textOf(live)).to.equal('Checking…');
    await waitUntil(() => release !== undefined);
    release!();
    await settled(el);
    expect(textOf(live)).to.equal(
      'Results for Sarah Smith: involved with Adult Social Care; not found in Housing; not checked: Police; not shown: School.',
    );
  });

  it('"Show all sections" opens every section and "Hide all sections" closes them', async () => {
    api = new FakeApi(handlerFor({ kind: 'answer' }));
    const el = await mount(context);
    checkButton(el, mother).click();
    await settled(el);
    checkButton(el, father).click();
    await settled(el);
    const showAll = root(el).querySelector<HTMLButtonElement>('[part="show-all-button"]')!;
    expect(textOf(showAll)).to.equal('Hide all sections');
    showAll.click();
    await el.updateComplete;
    const contents = () => [...root(el).querySelectorAll('.section-content')];
    expect(contents()).to.have.length(2);
    for (const c of contents()) expect(c.getAttribute('hidden')).to.equal('until-found');
    expect(textOf(showAll)).to.equal('Show all sections');
    expect(showAll.getAttribute('aria-expanded')).to.equal('false');

    showAll.click();
    await el.updateComplete;
    for (const c of contents()) expect(c.hasAttribute('hidden')).to.equal(false);
    for (const b of root(el).querySelectorAll('[part="section-button"]')) {
      expect(b.getAttribute('aria-expanded')).to.equal('true');
      expect(root(el).getElementById(b.getAttribute('aria-controls')!)).to.exist;
    }
    expect(textOf(showAll)).to.equal('Hide all sections');
  });

  it('opens and closes one section from its heading button', async () => {
    api = new FakeApi(handlerFor({ kind: 'answer' }));
    const el = await mount(context);
    checkButton(el, mother).click();
    await settled(el);
    const s = section(el, 'Sarah Smith');
    const toggle = s.querySelector<HTMLButtonElement>('[part="section-button"]')!;
    expect(toggle.parentElement!.tagName).to.equal('H4');
    expect(root(el).getElementById(toggle.getAttribute('aria-controls')!)!.getAttribute('aria-labelledby')).to.equal(toggle.id);
    const content = root(el).getElementById(toggle.getAttribute('aria-controls')!)!;
    expect(content.hasAttribute('hidden')).to.equal(false);
    setTimeout(() => toggle.click());
    const event = await oneEvent(el, 'fc-section-toggle');
    expect(event.detail).to.deep.equal({ person: mother, open: false });
    await el.updateComplete;
    expect(toggle.getAttribute('aria-expanded')).to.equal('false');
    expect(content.getAttribute('hidden')).to.equal('until-found');
    // Find-in-page reveals a closed section.
    content.dispatchEvent(new Event('beforematch'));
    await el.updateComplete;
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
  });

  it('fires fc-check (bubbling, composed) on user action only', async () => {
    api = new FakeApi(handlerFor({ kind: 'answer' }));
    const events: Event[] = [];
    const listener = (e: Event) => events.push(e);
    document.addEventListener('fc-check', listener);
    try {
      const el = await mount(context);
      el.context = { ...context };
      await el.updateComplete;
      expect(events).to.have.length(0);
      setTimeout(() => checkButton(el, brother).click());
      const event = await oneEvent(el, 'fc-check');
      expect(event.detail).to.deep.equal({ people: [brother] });
      expect(event.bubbles).to.equal(true);
      expect(event.composed).to.equal(true);
      await settled(el);
      expect(events).to.have.length(1);
    } finally {
      // Listeners added to document outlive the test otherwise.
      document.removeEventListener('fc-check', listener);
    }
  });

  for (const key of ['Enter', ' '] as const) {
    it(`keyboard: Tab to a Check button and press ${key === ' ' ? 'Space' : key} to check; focus stays`, async () => {
      api = new FakeApi(handlerFor({ kind: 'answer' }));
      const el = await mount(context);
      (document.activeElement as HTMLElement | null)?.blur();
      await sendKeys({ press: 'Tab' }); // Check all
      expect(textOf(root(el).activeElement)).to.match(/^Check all/);
      await sendKeys({ press: 'Tab' }); // youngest person
      const focused = root(el).activeElement;
      expect(textOf(focused)).to.equal('Check Tom Smith');
      await sendKeys({ press: key === ' ' ? 'Space' : key });
      await settled(el);
      expect(api.requests).to.have.length(1);
      expect(api.requests[0]!.body.people).to.deep.equal([brother]);
      expect(root(el).activeElement).to.equal(focused);
      expect(textOf(focused)).to.equal('Check Tom Smith again');
      expect(section(el, 'Tom Smith').querySelector('[part="section-button"]')!.getAttribute('aria-expanded')).to.equal(
        'true',
      );
    });
  }

  it('ignores a second click while a person is being checked', async () => {
    api = new FakeApi(handlerFor({ kind: 'never' }));
    const el = await mount(context);
    checkButton(el, mother).click();
    await el.updateComplete;
    checkButton(el, mother).click();
    await el.updateComplete;
    await waitUntil(() => api!.requests.length > 0, 'the first check is sent');
    await aTimeout(30);
    expect(api.requests).to.have.length(1);
    expect(checkButton(el, mother).getAttribute('aria-disabled')).to.equal('true');
    el.context = undefined; // aborts the pending request
    await el.updateComplete;
  });

  it('stores nothing in the browser', async () => {
    localStorage.clear();
    sessionStorage.clear();
    const writes: string[] = [];
    const setItem = Storage.prototype.setItem;
    const open = indexedDB.open;
    Storage.prototype.setItem = function (k: string, v: string) {
      writes.push(k);
      setItem.call(this, k, v);
    };
    indexedDB.open = ((n: string) => {
      writes.push(`indexedDB:${n}`);
      return open.call(indexedDB, n);
    }) as typeof indexedDB.open;
    try {
      api = new FakeApi(handlerFor({ kind: 'answer' }));
      const el = await mount(context);
      button(el, /^Check all/).click();
      await settled(el);
      button(el, 'Show all sections').click();
      await el.updateComplete;
      expect(writes).to.deep.equal([]);
      expect(localStorage.length).to.equal(0);
      expect(sessionStorage.length).to.equal(0);
      expect(document.cookie).to.equal('');
    } finally {
      Storage.prototype.setItem = setItem;
      indexedDB.open = open;
    }
  });

  it('registers once even if the script is loaded twice', async () => {
    const first = customElements.get('family-context-panel');
    await import(/* @vite-ignore */ `../../widget/src/index.ts?again=${Date.now()}`);
    expect(customElements.get('family-context-panel')).to.equal(first);
  });

  it('sends requests relative to the page when apiBase is not set', async () => {
    api = new FakeApi(handlerFor({ kind: 'answer' }));
    const el = await mount(context);
    el.removeAttribute('api-base');
    el.apiBase = '';
    await el.updateComplete;
    checkButton(el, mother).click();
    await settled(el);
    expect(api.requests[0]!.url).to.equal('/api/v1/involvements');
    const body: InvolvementsRequest = api.requests[0]!.body;
    expect(body.people).to.deep.equal([mother]);
  });
});
