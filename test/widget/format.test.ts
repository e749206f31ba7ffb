/**
 * The small modules behind the panel's words: dates, ages, labels, grouping, ordering, the API client.
 */
import { expect } from '@open-wc/testing';
import { formatAge, formatAgeAndBirth, formatDate, fullName, parseIsoDate } from '../../widget/src/format.js';
import { basisInWords, detailLabel, formatDetail, formatListItem, humanise } from '../../widget/src/labels.js';
import { youngestFirst } from '../../widget/src/people.js';
import { announcement, groupServices, overviewLine } from '../../widget/src/service-groups.js';
import { fetchInvolvements, LookupError } from '../../widget/src/involvements-client.js';
import type { ServiceResult } from '../../server/src/api/contract.js';
import { allFourStatuses, child, nothingChecked, policeAndPossible } from './fixtures.js';
import { FakeApi, json } from './fake-api.js';

const on = { year: 2026, month: 11, day: 21 };

describe('format', () => {
  it('formats API dates as GOV.UK dates, the same day in every time zone', () => {
    expect(formatDate('2019-03-14')).to.equal('14 March 2019');
    expect(formatDate('2026-11-20')).to.equal('20 November 2026');
    expect(formatDate('not a date')).to.equal('not a date');
    expect(parseIsoDate('2023-02-30')).to.equal(undefined);
  });

  it('works out ages in years, or months for babies', () => {
    expect(formatAge('2019-03-14', on)).to.equal('7 years');
    expect(formatAge('2019-11-21', on)).to.equal('7 years');
    expect(formatAge('2019-11-22', on)).to.equal('6 years');
    expect(formatAge('2025-11-21', on)).to.equal('1 year');
    expect(formatAge('2026-06-02', on)).to.equal('5 months');
    expect(formatAge('2026-11-10', on)).to.equal('Under 1 month');
    expect(formatAge('2027-01-01', on)).to.equal(undefined);
    expect(formatAge(undefined, on)).to.equal(undefined);
  });

  it('says age and date of birth together, or that the date of birth is not recorded', () => {
    expect(formatAgeAndBirth('2019-03-14', on)).to.equal('7 years · born 14 March 2019');
    expect(formatAgeAndBirth(undefined, on)).to.equal('Date of birth not recorded');
    expect(formatAgeAndBirth('14/03/2019', on)).to.equal('Born 14/03/2019');
  });

  it('builds full names', () => {
    expect(fullName({ firstName: 'Jane', lastName: 'Smith' })).to.equal('Jane Smith');
    expect(fullName({ firstName: '', lastName: '' })).to.equal('Name not recorded');
  });
});

describe('labels', () => {
  it('labels known detail keys and humanises unknown ones', () => {
    expect(detailLabel('antiSocialBehaviour')).to.equal('Anti-social behaviour');
    expect(detailLabel('nonSafeguardingRecords')).to.equal('Other records');
    expect(detailLabel('lastCourtDate')).to.equal('Last court date');
    expect(humanise('youth_offending-team')).to.equal('Youth offending team');
  });

  it('formats booleans, dates and lists of objects', () => {
    expect(formatDetail(true)).to.equal('Yes');
    expect(formatDetail(false)).to.equal('No');
    expect(formatDetail('2024-01-05')).to.equal('5 January 2024');
    expect(formatDetail([{ date: '2023-06-12', type: 'Violence with injury', nature: 'Convicted' }])).to.deep.equal([
      'Convicted — Violence with injury, 12 June 2023',
    ]);
    expect(formatListItem({ court: 'Stockport Youth Court', date: '2025-02-01' })).to.equal(
      'Stockport Youth Court, 1 February 2025',
    );
  });

  it('puts match bases in words', () => {
    expect(basisInWords(['same CMS id'])).to.equal('same CMS id');
    expect(basisInWords(['cmsId', 'dateOfBirth', 'homeAddress'])).to.equal('same CMS id, date of birth, home address');
  });
});

describe('people order', () => {
  it('puts the youngest first, no date of birth last, ties in CMS order', () => {
    const order = youngestFirst([
      { firstName: 'A', lastName: 'x' },
      { firstName: 'B', lastName: 'x', dateOfBirth: '1990-01-01' },
      { firstName: 'C', lastName: 'x', dateOfBirth: '2015-05-05' },
      { firstName: 'D', lastName: 'x', dateOfBirth: '1990-01-01' },
      { firstName: 'E', lastName: 'x', dateOfBirth: 'unknown' },
    ]);
    expect(order.map((p) => p.person.firstName)).to.deep.equal(['C', 'B', 'D', 'A', 'E']);
    expect(order.map((p) => p.index)).to.deep.equal([2, 1, 3, 0, 4]);
  });
});

describe('service groups', () => {
  it('writes the overview line in the order a social worker reads it', () => {
    expect(overviewLine(groupServices(allFourStatuses))).to.equal(
      'Involved: Adult Social Care · Not found in: Housing · Not checked: Police · Not shown: School',
    );
    expect(overviewLine(groupServices(policeAndPossible))).to.equal(
      'Involved: Police · Possible match: Housing · Not found in: Adult Social Care · Not shown: School',
    );
  });

  it('treats a status it does not know as not checked, never as not found', () => {
    const odd = { ...nothingChecked[0]!, status: 'suspended' } as unknown as ServiceResult;
    const groups = groupServices([odd]);
    expect(groups.notChecked).to.have.length(1);
    expect(groups.noRecords).to.have.length(0);
  });

  it('announces results in words', () => {
    expect(
      announcement({ ref: '0', person: child, services: nothingChecked }, 'Lee Brown'),
    ).to.equal('Results for Lee Brown: not checked: School, Adult Social Care, Housing, Police.');
  });
});

describe('involvements client', () => {
  let api: FakeApi | undefined;
  afterEach(() => {
    api?.restore();
    api = undefined;
  });

  it('rejects an answer that leaves a person out', async () => {
    api = new FakeApi(() => json({ requestId: 'r', generatedAt: '', people: [] }));
    const error = await fetchInvolvements({ apiBase: '', getToken: async () => 't' }, child, [child]).catch((e) => e);
    expect(error).to.be.instanceOf(LookupError);
    expect((error as LookupError).kind).to.equal('bad-response');
  });

  it('says "forbidden" for a 403 without retrying', async () => {
    api = new FakeApi(() => json({ error: 'forbidden', message: 'no role' }, 403));
    const error = await fetchInvolvements({ apiBase: '', getToken: async () => 't' }, child, [child]).catch((e) => e);
    expect((error as LookupError).kind).to.equal('forbidden');
    expect(api.requests).to.have.length(1);
  });

  it('needs a token provider', async () => {
    api = new FakeApi(() => json({}));
    const error = await fetchInvolvements({ apiBase: '', getToken: undefined }, child, [child]).catch((e) => e);
    expect((error as LookupError).kind).to.equal('not-configured');
    expect(api.requests).to.have.length(0);
  });
});
