/**
 * Test data for <family-context-panel>: one fixture per widget state, like GOV.UK Frontend's component examples.
 * All people and services are made up.
 */
import type {
  InvolvementRecord,
  NotCheckedReason,
  PersonInput,
  ServiceResult,
  SourceInfo,
} from '../../server/src/api/contract.js';
import type { FamilyContext } from '../../widget/src/index.js';

// ---- people ---------------------------------------------------------------------------------------------

export const child: PersonInput = {
  cmsId: 'C1001',
  firstName: 'Jane',
  lastName: 'Smith',
  dateOfBirth: '2019-03-14',
  gender: 'female',
  postcode: 'SK1 3XE',
};

export const mother: PersonInput = {
  cmsId: 'P2001',
  firstName: 'Sarah',
  lastName: 'Smith',
  dateOfBirth: '1990-06-02',
  gender: 'female',
  address: '14 Cranbrook Close, Brinnington, Stockport',
  postcode: 'SK5 8QT',
  relationship: 'Mother',
};
export const father: PersonInput = {
  cmsId: 'P2002',
  firstName: 'Mark',
  lastName: 'Smith',
  dateOfBirth: '1987-11-23',
  gender: 'male',
  relationship: 'Father',
};
export const brother: PersonInput = {
  cmsId: 'P2003',
  firstName: 'Tom',
  lastName: 'Smith',
  dateOfBirth: '2012-09-01',
  gender: 'male',
  relationship: 'Brother',
};
export const partner: PersonInput = {
  cmsId: 'P2004',
  firstName: 'Lee',
  lastName: 'Brown',
  gender: 'male',
  relationship: "Mother's partner",
};
export const grandmother: PersonInput = {
  cmsId: 'P2005',
  firstName: 'Ann',
  lastName: 'Jones',
  dateOfBirth: '1961-01-30',
  gender: 'female',
  relationship: 'Maternal grandmother',
};

/** In the CMS's order, which is not youngest first. */
export const people: PersonInput[] = [mother, partner, father, brother, grandmother];
/** Youngest first, no date of birth last. */
export const youngestFirstNames = ['Tom Smith', 'Sarah Smith', 'Mark Smith', 'Ann Jones', 'Lee Brown'];

export const context: FamilyContext = { child, people };

export const otherContext: FamilyContext = {
  child: { cmsId: 'C3001', firstName: 'Alfie', lastName: 'Green', dateOfBirth: '2020-05-05' },
  people: [{ cmsId: 'P4001', firstName: 'Kerry', lastName: 'Green', dateOfBirth: '1995-02-10', relationship: 'Mother' }],
};

// ---- sources ---------------------------------------------------------------------------------------------

const stockport = 'Stockport';

export const sources = {
  school: {
    name: 'Synergy — Stockport schools',
    lastUpdated: '2026-11-20',
    coverageFrom: '2010-01-01',
    coverageTo: '2026-11-20',
    area: stockport,
  },
  asc: {
    name: 'CareFirst — Stockport adult social care',
    lastUpdated: '2026-11-20',
    coverageFrom: '2010-01-01',
    coverageTo: '2026-11-20',
    area: stockport,
  },
  housing: {
    name: 'Academy — Stockport Homes',
    lastUpdated: '2026-11-19',
    coverageFrom: '2015-04-01',
    coverageTo: '2026-11-19',
    area: stockport,
  },
  police: {
    name: 'Greater Manchester Police — safeguarding extract',
    lastUpdated: '2026-11-18',
    coverageFrom: '2021-11-18',
    coverageTo: '2026-11-18',
    area: 'Greater Manchester',
    notes: 'Covers conviction records from the last 5 years, and suspect records from the last year.',
  },
} satisfies Record<string, SourceInfo>;

// ---- records ---------------------------------------------------------------------------------------------

export const ascRecord: InvolvementRecord = {
  ref: 'adult-social-care:CF-100',
  involvement: 'current',
  organisation: 'Stockport Council Adult Social Care',
  contact: { name: 'Sam Patel', role: 'Social worker', phone: '0161 474 4000', email: 'sam.patel@stockport.example' },
  startDate: '2021-05-03',
  lastContact: '2026-10-28',
  details: { team: 'Central Locality Team' },
  match: { band: 'confirmed', basis: ['same CMS id'] },
};

export const policeRecord: InvolvementRecord = {
  ref: 'police:GMP-200',
  involvement: 'current',
  organisation: 'Greater Manchester Police',
  contact: { name: 'PC Dana Hill', role: 'Safeguarding officer', phone: '0161 872 5050', email: 'dana.hill@gmp.example' },
  details: {
    safeguardingOffences: [
      { date: '2023-06-12', type: 'Violence with injury', nature: 'Convicted' },
      { date: '2026-08-01', type: 'Possession of weapons', nature: 'Suspect' },
    ],
    nonSafeguardingRecords: true,
  },
  match: { band: 'likely', score: 0.93, basis: ['name', 'dateOfBirth', 'postcode'] },
};

export const housingPossibleRecord: InvolvementRecord = {
  ref: 'housing:SH-300',
  involvement: 'historic',
  organisation: 'Stockport Homes',
  contact: { name: 'Chris Wood', role: 'Housing officer', phone: '0161 217 6016' },
  startDate: '2016-02-01',
  endDate: '2019-07-31',
  details: {
    antiSocialBehaviour: 'Case closed',
    eviction: 'No records found',
    noticeSeekingPossession: 'None',
    rentArrears: 'Case open',
    tenancyReference: 'T-55102',
  },
  match: { band: 'possible', score: 0.61, basis: ['last name', 'postcode'] },
};

export const schoolRecord: InvolvementRecord = {
  ref: 'school:SYN-400',
  involvement: 'current',
  organisation: 'Hillside Primary School',
  contact: { name: 'Ms R. Khan', role: 'Designated safeguarding lead', email: 'dsl@hillside.example' },
  startDate: '2016-09-05',
  details: { admissionType: 'Main provision', schoolPhone: '0161 480 1234' },
  match: { band: 'confirmed', basis: ['same UPN'] },
};

// ---- services ---------------------------------------------------------------------------------------------

export function service(
  key: 'school' | 'adult-social-care' | 'housing' | 'police',
  status: ServiceResult['status'],
  explanation: string,
  records: InvolvementRecord[] = [],
  source?: SourceInfo,
  notChecked?: NotCheckedReason,
): ServiceResult {
  const meta = {
    school: { label: 'School', source: sources.school, showsInvolvement: true },
    'adult-social-care': { label: 'Adult Social Care', source: sources.asc, showsInvolvement: true },
    housing: { label: 'Housing', source: sources.housing, showsInvolvement: true },
    police: { label: 'Police', source: sources.police, showsInvolvement: false },
  }[key];
  return {
    service: key,
    label: meta.label,
    status,
    explanation,
    source: source ?? meta.source,
    showsInvolvement: meta.showsInvolvement,
    records,
    ...(notChecked ? { notChecked } : {}),
  };
}

export const explanations = {
  ascInvolved: 'Adult Social Care has a record of involvement with this person.',
  housingNoRecords: 'Academy was searched for this person and had nothing for the period and area it covers.',
  policeNotChecked: 'The police extract failed to load on 18 November 2026, so Police could not be searched.',
  schoolNotApplicable: 'School is only shown for people aged 4 to 20.',
  schoolNotChecked: 'The schools extract is more than 14 days old, so School could not be searched.',
  ascNotChecked: 'Adult Social Care could not be searched: the person has no postcode in its area.',
  housingNotChecked: 'Housing could not be searched: the extract has not been loaded yet.',
  policeFailing:
    'Greater Manchester Police — safeguarding extract could not be searched just now. Try again later, or ask Police directly.',
  schoolStale:
    'Synergy — Stockport schools was last updated on 1 September 2026, longer ago than its 14-day limit, so a search would miss recent involvement. Ask School directly.',
};

const staleSchoolSource: SourceInfo = { ...sources.school, lastUpdated: '2026-09-01', coverageTo: '2026-09-01', stale: true };

/** One source failing just now (the mother, checked again): the rest of the answer still shows. */
export const oneSourceFailing: ServiceResult[] = [
  service('school', 'not-applicable', explanations.schoolNotApplicable),
  service('adult-social-care', 'involved', explanations.ascInvolved, [ascRecord]),
  service('housing', 'no-records', explanations.housingNoRecords),
  service('police', 'not-checked', explanations.policeFailing, [], undefined, 'search-failed'),
];

/** A stale source that could not be trusted for "not found" (a teenager): not checked, out of date. */
export const staleNotChecked: ServiceResult[] = [
  service('school', 'not-checked', explanations.schoolStale, [], staleSchoolSource, 'out-of-date'),
  service('adult-social-care', 'no-records', 'CareFirst was searched and had nothing for this person.'),
  service('housing', 'not-applicable', 'Housing is only shown for people aged 16 or over. This person is 15.'),
  service('police', 'not-applicable', 'Police is only shown for people aged 18 or over. This person is 15.'),
];

/** Police with more offences than the three the data model allows to be listed. */
export const manyOffences: InvolvementRecord = {
  ...policeRecord,
  ref: 'police:GMP-201',
  details: {
    safeguardingOffences: [
      { date: '2026-08-01', type: 'Possession of weapons', nature: 'Suspect' },
      { date: '2025-03-09', type: 'Robbery', nature: 'Convict' },
      { date: '2024-02-02', type: 'Violence without injury', nature: 'Convicted' },
      { date: '2023-06-12', type: 'Violence with injury', nature: 'Convicted' },
    ],
    nonSafeguardingRecords: false,
  },
};

/** All four statuses for one person (the mother). */
export const allFourStatuses: ServiceResult[] = [
  service('school', 'not-applicable', explanations.schoolNotApplicable),
  service('adult-social-care', 'involved', explanations.ascInvolved, [ascRecord]),
  service('housing', 'no-records', explanations.housingNoRecords),
  service('police', 'not-checked', explanations.policeNotChecked),
];

/** Police involved with offences; Housing only a possible match (the father). */
export const policeAndPossible: ServiceResult[] = [
  service('school', 'not-applicable', explanations.schoolNotApplicable),
  service('adult-social-care', 'no-records', 'CareFirst was searched and had nothing for this person.'),
  service('housing', 'involved', 'Housing has a possible record for this person.', [housingPossibleRecord]),
  service('police', 'involved', 'Greater Manchester Police hold records about this person.', [policeRecord]),
];

/** The father's police record, which a colleague said is not him: still shown, as a disputed possible match. */
export const colleagueDisputed: ServiceResult[] = [
  service('school', 'not-applicable', explanations.schoolNotApplicable),
  service('adult-social-care', 'involved', explanations.ascInvolved, [{ ...ascRecord, match: { ...ascRecord.match, disputed: true } }]),
  service('housing', 'no-records', explanations.housingNoRecords),
  service('police', 'involved', 'Only a possible match was found in Greater Manchester Police: check before relying on it.', [
    { ...policeRecord, match: { band: 'possible', basis: ['same name', 'same date of birth'], disputed: true } },
  ]),
];

/** A stale source shown with a warning (the brother: school involved, but the extract is old). */
export const staleSchool: ServiceResult[] = [
  service('school', 'involved', 'The school census lists this pupil.', [schoolRecord], staleSchoolSource),
  service('adult-social-care', 'not-applicable', 'Adult Social Care is only shown for people aged 15 or over.'),
  service('housing', 'not-applicable', 'Housing is only shown for people aged 16 or over.'),
  service('police', 'not-applicable', 'Police is only shown for people aged 18 or over.'),
];

/** Nothing could be searched (the partner). */
export const nothingChecked: ServiceResult[] = [
  service('school', 'not-checked', explanations.schoolNotChecked),
  service('adult-social-care', 'not-checked', explanations.ascNotChecked),
  service('housing', 'not-checked', explanations.housingNotChecked, [], { ...sources.housing, lastUpdated: '' }),
  service('police', 'not-checked', explanations.policeNotChecked),
];

/** The grandmother: nothing found anywhere. */
export const nothingFound: ServiceResult[] = [
  service('school', 'not-applicable', explanations.schoolNotApplicable),
  service('adult-social-care', 'no-records', 'CareFirst was searched and had nothing for this person.'),
  service('housing', 'no-records', explanations.housingNoRecords),
  service('police', 'no-records', 'Greater Manchester Police was searched and had nothing for this person.'),
];

/** What the fake API answers for each person, by CMS id. */
export const servicesByCmsId: Record<string, ServiceResult[]> = {
  [mother.cmsId!]: allFourStatuses,
  [father.cmsId!]: policeAndPossible,
  [brother.cmsId!]: staleSchool,
  [partner.cmsId!]: nothingChecked,
  [grandmother.cmsId!]: nothingFound,
};

// ---- one fixture per widget state -------------------------------------------------------------------------

export type FakeBehaviour =
  /** Answers from servicesByCmsId, with `override` taking precedence for the CMS ids it names. */
  | { kind: 'answer'; override?: Record<string, ServiceResult[]> }
  /** 400 reason-required, as the server's link policy answers for someone not linked to the child. */
  | { kind: 'reason-required' }
  | { kind: 'never' }
  | { kind: 'status'; status: number }
  | { kind: 'network-error' };

export interface StateFixture {
  /** What the state is called in test names. */
  name: string;
  context: FamilyContext | undefined;
  /** How the fake API behaves. */
  api: FakeBehaviour;
  /** Who to check after mounting (by CMS id); none: the idle list. */
  check?: string[];
  /** Open every section and every collapsed detail before checking. */
  openAll?: boolean;
}

const everyone = people.map((p) => p.cmsId!);

export const stateFixtures: StateFixture[] = [
  { name: 'idle', context, api: { kind: 'answer' } },
  { name: 'loading', context, api: { kind: 'never' }, check: [mother.cmsId!] },
  { name: 'results with all four statuses', context, api: { kind: 'answer' }, check: [mother.cmsId!] },
  { name: 'possible match and police offences', context, api: { kind: 'answer' }, check: [father.cmsId!], openAll: true },
  { name: 'stale source', context, api: { kind: 'answer' }, check: [brother.cmsId!] },
  {
    name: 'a record a colleague disputed',
    context,
    api: { kind: 'answer', override: { [father.cmsId!]: colleagueDisputed } },
    check: [father.cmsId!],
    openAll: true,
  },
  {
    name: 'stale source not checked',
    context,
    api: { kind: 'answer', override: { [brother.cmsId!]: staleNotChecked } },
    check: [brother.cmsId!],
  },
  { name: 'nothing could be checked', context, api: { kind: 'answer' }, check: [partner.cmsId!] },
  { name: 'nothing found', context, api: { kind: 'answer' }, check: [grandmother.cmsId!] },
  {
    name: 'one source failing',
    context,
    api: { kind: 'answer', override: { [mother.cmsId!]: oneSourceFailing } },
    check: [mother.cmsId!],
  },
  { name: 'everyone checked', context, api: { kind: 'answer' }, check: everyone },
  { name: 'everyone checked, all open', context, api: { kind: 'answer' }, check: everyone, openAll: true },
  { name: 'error', context, api: { kind: 'status', status: 500 }, check: [mother.cmsId!] },
  { name: 'network error', context, api: { kind: 'network-error' }, check: [mother.cmsId!] },
  { name: 'signed out', context, api: { kind: 'status', status: 401 }, check: [mother.cmsId!] },
  { name: 'forbidden', context, api: { kind: 'status', status: 403 }, check: [mother.cmsId!] },
  { name: 'reason required for a listed person', context, api: { kind: 'reason-required' }, check: [partner.cmsId!] },
  { name: 'no people on this page', context: { child, people: [] }, api: { kind: 'answer' } },
  { name: 'people on the page the shim could not read', context: { ...context, unreadable: 2 }, api: { kind: 'answer' }, check: everyone },
  { name: 'nobody readable on the page', context: { child, people: [], unreadable: 1 }, api: { kind: 'answer' } },
  { name: 'no context yet', context: undefined, api: { kind: 'answer' } },
];
