/**
 * The pure modules added for the compact panel: overview reasons, "not shown" wording, police wording, the
 * council's wording, the search's validation, the case-note summary, and the feedback and reason errors.
 */
import { expect } from '@open-wc/testing';
import type { NotCheckedReason, PersonResult } from '../../server/src/api/contract.js';
import { caseNoteSummary } from '../../widget/src/case-note-summary.js';
import { sendFeedback } from '../../widget/src/feedback-client.js';
import { formatAddress, formatDateTime } from '../../widget/src/format.js';
import { fetchInvolvements, LookupError } from '../../widget/src/involvements-client.js';
import { formatDetail, natureInWords } from '../../widget/src/labels.js';
import { notShownText } from '../../widget/src/person-results.js';
import { EMPTY_SEARCH, validateSearch } from '../../widget/src/search-form.js';
import { groupServices, itemsText, notCheckedReason, overviewLine } from '../../widget/src/service-groups.js';
import { DEFAULT_WORDING, fill, mergeWording } from '../../widget/src/wording.js';
import { FakeApi, json, reasonRequired } from './fake-api.js';
import {
  allFourStatuses,
  child,
  colleagueDisputed,
  father,
  housingPossibleRecord,
  mother,
  nothingChecked,
  oneSourceFailing,
  partner,
  policeAndPossible,
  service,
  staleNotChecked,
  staleSchool,
} from './fixtures.js';

const on = { year: 2026, month: 11, day: 21 };

describe('overview wording', () => {
  it('says why a service was not checked, in a few words, and says the note once for services sharing it', () => {
    expect(overviewLine(groupServices(staleNotChecked))).to.equal(
      'Not found in: Adult Social Care · Not checked: School — source out of date · Not shown: Housing, Police',
    );
    expect(overviewLine(groupServices(oneSourceFailing))).to.include('Not checked: Police — could not be searched just now');
    expect(notCheckedReason(nothingChecked[2]!)).to.equal('no data loaded');
    expect(
      itemsText([
        { label: 'School', note: 'no date of birth' },
        { label: 'Housing', note: 'no date of birth' },
        { label: 'Police' },
      ]),
    ).to.equal('School, Housing — no date of birth; Police');
  });

  it("takes the reason from the server's code, never from the explanation's words", () => {
    const reworded = (notChecked: NotCheckedReason | undefined, explanation: string) => ({
      ...service('housing', 'not-checked', explanation),
      ...(notChecked ? { notChecked } : {}),
    });
    // A council's own wording of the explanation, with words the old matching looked for in the wrong places.
    expect(notCheckedReason(reworded('no-date-of-birth', 'Housing: unable to search just now, as the person lives outside Stockport?'))).to.equal('no date of birth');
    expect(notCheckedReason(reworded('search-failed', 'Housing has no date of birth rules; searching failed.'))).to.equal('could not be searched just now');
    expect(notCheckedReason(reworded('outside-area', 'Postcode SK22 is beyond the Academy boundary.'))).to.equal('lives outside its area');
    expect(notCheckedReason(reworded('address-unknown', 'We do not have an address.'))).to.equal('address not known');
    expect(notCheckedReason(reworded('unreadable-rows', 'Some rows were damaged.'))).to.equal('unreadable rows in the extract');
    expect(notCheckedReason(reworded('no-data', 'Nothing here.'))).to.equal('no data loaded');
    // No code (an older server) and nothing in the source's flags: no reason rather than a guess from the words.
    expect(notCheckedReason(reworded(undefined, 'This person lives outside the area and could not be searched just now.'))).to.equal(undefined);
    // The council's wording of the reasons is used.
    expect(notCheckedReason(reworded('outside-area', 'x'), { ...DEFAULT_WORDING, reasonOutsideArea: 'lives elsewhere' })).to.equal('lives elsewhere');
  });

  it('flags an out-of-date source on an involved service too', () => {
    expect(overviewLine(groupServices(staleSchool))).to.match(/^Involved: School — source out of date/);
  });

  it('puts a service whose every record was marked "not this person" apart, never under "Not found"', () => {
    const groups = groupServices(policeAndPossible, (_, record) => record.ref === housingPossibleRecord.ref);
    expect(groups.dismissed.map((s) => s.label)).to.deep.equal(['Housing']);
    expect(groups.noRecords.map((s) => s.label)).to.deep.equal(['Adult Social Care']);
    expect(overviewLine(groups)).to.equal(
      'Involved: Police · Not found in: Adult Social Care · Marked not this person: Housing · Not shown: School',
    );
  });

  it('says a sentence every "not shown" rule ends with only once', () => {
    expect(notShownText(staleSchool.slice(1))).to.equal(
      'Adult Social Care is only shown for people aged 15 or over. Housing is only shown for people aged 16 or over. Police is only shown for people aged 18 or over.',
    );
    const withAge = ['School is only shown for people aged 4 to 20. This person is 2.', 'Police is only shown for people aged 18 or over. This person is 2.'];
    expect(notShownText(withAge.map((explanation) => ({ ...staleSchool[1]!, explanation })))).to.equal(
      'School is only shown for people aged 4 to 20. Police is only shown for people aged 18 or over. This person is 2.',
    );
  });
});

describe('police wording', () => {
  it('says Convicted or Suspect, never current', () => {
    expect(natureInWords('Convict')).to.equal('Convicted');
    expect(natureInWords('convicted')).to.equal('Convicted');
    expect(natureInWords('SUSPECT')).to.equal('Suspect');
    expect(formatDetail([{ date: '2025-03-09', type: 'Robbery', nature: 'Convict' }])).to.deep.equal([
      'Convicted — Robbery, 9 March 2025',
    ]);
  });
});

describe('council wording', () => {
  it('fills placeholders and keeps unknown ones', () => {
    expect(fill('Check {name} {other}', { name: 'Jane' })).to.equal('Check Jane {other}');
  });

  it('takes a partial map of overrides and ignores blanks, unknown keys and non-text', () => {
    const w = mergeWording({ checkAll: 'Check everyone', title: '  ', nonsense: 'x', print: 3 as unknown as string });
    expect(w.checkAll).to.equal('Check everyone');
    expect(w.title).to.equal(DEFAULT_WORDING.title);
    expect(w.print).to.equal(DEFAULT_WORDING.print);
    expect('nonsense' in w).to.equal(false);
  });
});

describe('search validation', () => {
  const options = { reasonShown: false, wording: DEFAULT_WORDING, on };

  it('asks for names and a date of birth or CMS id, in field order', () => {
    const outcome = validateSearch({ ...EMPTY_SEARCH }, options);
    expect(outcome.ok).to.equal(false);
    if (outcome.ok) return;
    expect(outcome.errors.map((e) => [e.field, e.message])).to.deep.equal([
      ['surname', 'Enter their surname'],
      ['firstName', 'Enter their first name'],
      ['day', 'Enter their date of birth or CMS id'],
    ]);
  });

  it('refuses impossible and future dates of birth', () => {
    const base = { ...EMPTY_SEARCH, surname: 'Smith', firstName: 'Lee' };
    const impossible = validateSearch({ ...base, day: '30', month: '2', year: '1990' }, options);
    expect(!impossible.ok && impossible.errors[0]!.message).to.equal(DEFAULT_WORDING.errorDobReal);
    const future = validateSearch({ ...base, day: '1', month: '1', year: '2027' }, options);
    expect(!future.ok && future.errors[0]!.message).to.equal('Date of birth must be in the past');
    const partial = validateSearch({ ...base, day: '1', year: '1990' }, options);
    expect(!partial.ok && partial.errors[0]!.field).to.equal('day');
  });

  it('builds the person from names and date of birth, or names and CMS id, and needs a reason when shown', () => {
    const byDob = validateSearch({ ...EMPTY_SEARCH, surname: ' Brown ', firstName: 'Lee', day: '3', month: '4', year: '1988' }, options);
    expect(byDob).to.deep.equal({ ok: true, person: { firstName: 'Lee', lastName: 'Brown', dateOfBirth: '1988-04-03' } });
    const byId = validateSearch({ ...EMPTY_SEARCH, surname: 'Brown', firstName: 'Lee', cmsId: 'P2004' }, options);
    expect(byId).to.deep.equal({ ok: true, person: { firstName: 'Lee', lastName: 'Brown', cmsId: 'P2004' } });
    const byIdAlone = validateSearch({ ...EMPTY_SEARCH, cmsId: ' P2004 ' }, options);
    expect(byIdAlone).to.deep.equal({ ok: true, person: { cmsId: 'P2004' } });
    const noReason = validateSearch({ ...EMPTY_SEARCH, surname: 'Brown', firstName: 'Lee', cmsId: 'P2004' }, { ...options, reasonShown: true });
    expect(!noReason.ok && noReason.errors.map((e) => e.field)).to.deep.equal(['reason']);
    const withReason = validateSearch(
      { ...EMPTY_SEARCH, surname: 'Brown', firstName: 'Lee', cmsId: 'P2004', reason: 'Lives with the child' },
      { ...options, reasonShown: true },
    );
    expect(withReason.ok && withReason.reason).to.equal('Lives with the child');
  });
});

describe('case-note summary', () => {
  const result = (services: PersonResult['services'], person = mother): PersonResult => ({ ref: '0', person, services });

  it('opens with a headline, gives one line per person, and says what was not checked and why', () => {
    const text = caseNoteSummary(
      child,
      [
        { person: mother, result: result(allFourStatuses), checkedAt: '2026-11-21T09:00:00Z' },
        { person: father, result: result(policeAndPossible, father), checkedAt: '2026-11-21T09:05:00Z' },
      ],
      { user: 'A. Khan', marking: 'OFFICIAL-SENSITIVE' },
    );
    const lines = text.split('\n');
    expect(lines[0]).to.equal('OFFICIAL-SENSITIVE');
    expect(lines[1]).to.equal('Family Context check, 21 November 2026 09:05, by A. Khan: 2 of 2 people known to a service');
    expect(lines[2]).to.equal('Child: Jane Smith, born 14 March 2019, CMS id C1001');
    expect(lines[3]).to.equal(
      '- Sarah Smith (Mother): Adult Social Care: current, contact Sam Patel, Stockport Council Adult Social Care, ' +
        '0161 474 4000; not found in Housing; not checked: Police (see below).',
    );
    expect(lines[4]).to.match(/^- Mark Smith \(Father\): Police: involved, contact PC Dana Hill, 0161 872 5050; POSSIBLE MATCH, not confirmed/);
    expect(text).to.include("Not shown by the council's rules (age): Sarah Smith");
    expect(lines).to.include('NOT CHECKED:');
    expect(text).to.match(/- Sarah Smith \(Mother\): Police \([^)]+\)\. There may be records: ask the service\./);
    expect(text).to.match(/^Sources: .*Police: Greater Manchester Police — safeguarding extract, updated 18 November 2026/m);
  });

  it('by default gives no police offence detail, only involved and whom to contact, with a caution', () => {
    const entries = [{ person: father, result: result(policeAndPossible, father), checkedAt: '2026-11-21T09:05:00Z' }];
    const text = caseNoteSummary(child, entries);
    expect(text).not.to.match(/Violence|Possession|Convicted|Suspect/);
    expect(text).to.include('Police information is third-party information');
    const detailed = caseNoteSummary(child, entries, { policeDetail: 'offences' });
    expect(detailed).to.include('safeguarding offences: Convicted — Violence with injury, 12 June 2023');
  });

  it('leaves out records marked "not this person", and says so', () => {
    const text = caseNoteSummary(child, [
      {
        person: father,
        result: result(policeAndPossible, father),
        checkedAt: '2026-11-21T09:05:00Z',
        hidden: (_, r) => r.ref === housingPossibleRecord.ref,
      },
    ]);
    expect(text).not.to.include('Chris Wood');
    expect(text).to.include('record marked "not this person" by the user: Housing');
  });

  it('marks an out-of-date source', () => {
    const text = caseNoteSummary(child, [{ person: partner, result: result(staleSchool, partner), checkedAt: '2026-11-21T09:00:00Z' }]);
    expect(text).to.match(/School: [^;]+, updated 1 September 2026, OUT OF DATE/);
  });

  it('says how many people on the page the panel could not read, as not checked', () => {
    const text = caseNoteSummary(child, [{ person: mother, result: result(allFourStatuses), checkedAt: '2026-11-21T09:00:00Z' }], { unreadable: 2 });
    expect(text).to.include('NOT CHECKED:\n');
    expect(text).to.include('- 2 more people linked to the child on the case record could not be read by the panel.');
    expect(caseNoteSummary(child, [{ person: mother, result: result(allFourStatuses), checkedAt: '2026-11-21T09:00:00Z' }])).not.to.include('could not be read');
  });

  it('says when a colleague disputed a record, which is still listed as a possible match', () => {
    const text = caseNoteSummary(child, [{ person: father, result: result(colleagueDisputed, father), checkedAt: '2026-11-21T09:00:00Z' }]);
    const line = text.split('\n').find((l) => l.startsWith('- Mark Smith'));
    expect(line).to.match(/POSSIBLE MATCH, not confirmed \([^)]*\): Police: involved/);
    expect(line).to.include('a colleague said this record is not this person');
    expect(line).not.to.match(/not found in [^;]*Police/);
  });
});

describe('dates, times and addresses', () => {
  it('formats date-times in the user time zone and adds the postcode once', () => {
    expect(formatDateTime('2026-07-01T09:30:00Z')).to.equal('1 July 2026 at 10:30');
    expect(formatDateTime('nonsense')).to.equal('nonsense');
    expect(formatAddress({ address: '1 High St', postcode: 'SK1 1AA' })).to.equal('1 High St, SK1 1AA');
    expect(formatAddress({ address: '1 High St, SK1 1AA', postcode: 'sk11aa' })).to.equal('1 High St, SK1 1AA');
    expect(formatAddress({})).to.equal('');
  });
});

describe('API clients', () => {
  let api: FakeApi | undefined;
  afterEach(() => {
    api?.restore();
    api = undefined;
  });

  it('turns a 400 reason-required into its own error, with the server words, and sends the reason when given', async () => {
    api = new FakeApi((request) => (request.body.reason ? json({ requestId: 'r', generatedAt: 'g', people: [{ ref: '0', person: partner, services: [] }] }) : reasonRequired()));
    const options = { apiBase: '', getToken: async () => 't' };
    const error = (await fetchInvolvements(options, child, [partner]).catch((e) => e)) as LookupError;
    expect(error.kind).to.equal('reason-required');
    expect(error.serverMessage).to.include('A reason is needed');
    expect(error.fields).to.have.length(1);
    const answered = await fetchInvolvements(options, child, [partner], 'Lives at the address');
    expect(api.requests[1]!.body.reason).to.equal('Lives at the address');
    expect(answered[0]!.checkedAt).to.equal('g');
  });

  it('sends feedback as the contract says, with a trimmed comment, and reads the feedback id', async () => {
    api = new FakeApi(() => json({}));
    const id = await sendFeedback(
      { apiBase: 'https://fc.example/', getToken: async () => 't' },
      { kind: 'information-wrong', person: mother, child, service: 'housing', recordRef: 'housing:1', comment: '  moved out  ' },
    );
    expect(id).to.equal('fb-1');
    expect(api.feedback[0]!.url).to.equal('https://fc.example/api/v1/feedback');
    expect(api.feedback[0]!.authorization).to.equal('Bearer t');
    expect(api.feedback[0]!.body).to.deep.equal({
      kind: 'information-wrong',
      person: mother,
      child,
      service: 'housing',
      recordRef: 'housing:1',
      comment: 'moved out',
    });
  });

  it("counts the answer's time limit from when the request is sent, not while the worker signs in", async () => {
    api = new FakeApi(() => json({ requestId: 'r', generatedAt: 'g', people: [{ ref: '0', person: mother, services: [] }] }));
    // Signing in (a pop-up, a second factor) takes longer than the answer's whole time limit (cut to 60 ms here).
    const original = AbortSignal.timeout;
    AbortSignal.timeout = () => original.call(AbortSignal, 60);
    try {
      const slowSignIn = () => new Promise<string>((resolve) => setTimeout(() => resolve('t'), 150));
      const answered = await fetchInvolvements({ apiBase: '', getToken: slowSignIn }, child, [mother]);
      expect(answered[0]!.checkedAt).to.equal('g');
      expect(api.requests).to.have.length(1);
    } finally {
      AbortSignal.timeout = original;
    }
  });

  it("reads a 503 (the identity provider's keys could not be fetched) as unavailable for now, not as a bad token", async () => {
    api = new FakeApi(() =>
      json({ error: 'identity-provider-unavailable', message: "The identity provider's keys could not be fetched just now, so sign-in cannot be checked. Try again in a minute." }, 503),
    );
    let refreshed = 0;
    const getToken = async (options?: { forceRefresh?: boolean }) => (options?.forceRefresh ? `t${++refreshed}` : 't');
    const error = (await fetchInvolvements({ apiBase: '', getToken }, child, [mother]).catch((e) => e)) as LookupError;
    expect(error).to.be.instanceOf(LookupError);
    expect(error.kind).to.equal('unavailable');
    expect(error.message).to.match(/not available just now.*Try again/);
    expect(refreshed, 'no new sign-in for a 503').to.equal(0);
    expect(api.requests).to.have.length(1);
  });

  it('gives up on a token provider that never answers, saying to sign in again, and sends nothing', async () => {
    api = new FakeApi(() => json({}));
    const never = () => new Promise<string>(() => {});
    const error = (await fetchInvolvements({ apiBase: '', getToken: never, tokenTimeoutMs: 50 }, child, [mother]).catch((e) => e)) as LookupError;
    expect(error).to.be.instanceOf(LookupError);
    expect(error.kind).to.equal('signed-out');
    expect(api.requests).to.have.length(0);
  });

  it('does not ask for a token at all for a check stopped before it began (no sign-in pop-up for it)', async () => {
    api = new FakeApi(() => json({}));
    const controller = new AbortController();
    controller.abort();
    let asked = 0;
    const getToken = async () => {
      asked++;
      return 't';
    };
    const unhandled: unknown[] = [];
    const onUnhandled = (event: PromiseRejectionEvent) => unhandled.push(event.reason);
    window.addEventListener('unhandledrejection', onUnhandled);
    const error = (await fetchInvolvements({ apiBase: '', getToken, signal: controller.signal }, child, [mother]).catch((e) => e)) as Error;
    await new Promise((resolve) => setTimeout(resolve, 20));
    window.removeEventListener('unhandledrejection', onUnhandled);
    expect(error.name).to.equal('AbortError');
    expect(asked).to.equal(0);
    expect(unhandled, 'no promise left rejected with nobody to handle it').to.deep.equal([]);
    expect(api.requests).to.have.length(0);
  });

  it('stops waiting for a token when the check is stopped (another child opened), and sends nothing', async () => {
    api = new FakeApi(() => json({}));
    const controller = new AbortController();
    const never = () => new Promise<string>(() => {});
    const pending = fetchInvolvements({ apiBase: '', getToken: never, signal: controller.signal }, child, [mother]).catch((e) => e);
    setTimeout(() => controller.abort(), 20);
    const error = (await pending) as Error;
    expect(error).to.be.instanceOf(DOMException);
    expect(error.name).to.equal('AbortError');
    expect(api.requests).to.have.length(0);
  });

  it('rejects a feedback answer without an id', async () => {
    api = new FakeApi(() => json({}), () => json({}, 201));
    const error = (await sendFeedback(
      { apiBase: '', getToken: async () => 't' },
      { kind: 'not-this-person', person: mother, child, service: 'housing', recordRef: 'x' },
    ).catch((e) => e)) as LookupError;
    expect(error.kind).to.equal('bad-response');
  });
});
