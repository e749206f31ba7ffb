/** Small hand-made sources for server tests: each record is here because a test relies on it. */
import type { Kysely } from 'kysely';
import type { FeedbackRequest, PersonInput } from '../../server/src/api/contract.js';
import type { Database, SourceRow } from '../../server/src/db/schema.js';
import { toMatchPerson } from '../../server/src/matching/links.js';
import { fingerprint } from '../../server/src/matching/person-key.js';
import type { SourceMetadata, SourceRecordData } from '../../server/src/sources/types.js';
import { TODAY } from './harness.js';

const YESTERDAY = '2026-11-20';

export function metadata(service: string, overrides: Partial<SourceMetadata> = {}): SourceMetadata {
  const base: Record<string, SourceMetadata> = {
    school: { service: 'school', name: 'Synergy — Stockport schools', area: 'Stockport', areaPostcodes: ['SK1', 'SK2', 'SK3', 'SK4', 'SK5', 'SK6', 'SK7', 'SK8'], lastUpdated: YESTERDAY, coverageFrom: '2015-09-01', coverageTo: YESTERDAY, freshnessDays: 7 },
    'adult-social-care': { service: 'adult-social-care', name: 'CareFirst — Stockport Adult Social Care', area: 'Stockport', areaPostcodes: ['SK'], lastUpdated: YESTERDAY, coverageFrom: '2012-04-01', coverageTo: YESTERDAY, freshnessDays: 7 },
    housing: { service: 'housing', name: 'Stockport Homes tenancy system', area: 'Stockport', areaPostcodes: ['SK'], lastUpdated: YESTERDAY, coverageFrom: '2010-01-01', coverageTo: YESTERDAY, freshnessDays: 7 },
    police: { service: 'police', name: 'Greater Manchester Police safeguarding extract', area: 'Greater Manchester', areaPostcodes: ['M', 'SK', 'OL', 'BL', 'WN', 'WA'], lastUpdated: YESTERDAY, coverageFrom: '2021-11-20', coverageTo: YESTERDAY, freshnessDays: 14, notes: 'Covers conviction records from the last 5 years, and suspect records from the last year.' },
  };
  return { ...base[service]!, ...overrides };
}

export const CHILD: PersonInput = { cmsId: 'P100001', firstName: 'Leah', lastName: 'Hartley', dateOfBirth: '2019-03-14', gender: 'female', postcode: 'SK5 6AB', relationship: 'Subject' };
export const MOTHER: PersonInput = { cmsId: 'P100002', firstName: 'Gemma', lastName: 'Hartley', dateOfBirth: '1995-07-02', gender: 'female', postcode: 'SK5 6AB', address: '14 Lapwing Lane, Brinnington', relationship: 'Mother' };
export const FATHER: PersonInput = { cmsId: 'P100003', firstName: 'Robert', lastName: 'Quinlan', dateOfBirth: '1992-02-11', gender: 'male', postcode: 'SK4 1RT', relationship: 'Father' };
export const GRANDMOTHER: PersonInput = { cmsId: 'P100004', firstName: 'Margaret', lastName: 'Hartley', dateOfBirth: '1963-05-30', gender: 'female', postcode: 'M19 2QP', relationship: 'Maternal grandmother' };
export const PARTNER_NO_DOB: PersonInput = { cmsId: 'P100005', firstName: 'Dean', lastName: 'Marsh', gender: 'male', postcode: 'SK5 6AB', relationship: "Mother's partner" };
export const UNKNOWN_ADDRESS: PersonInput = { cmsId: 'P100006', firstName: 'Tyler', lastName: 'Ashworth', dateOfBirth: '1988-10-10', gender: 'male', relationship: 'Step-father' };

function record(over: Partial<SourceRecordData> & Pick<SourceRecordData, 'sourcePersonId' | 'firstName' | 'lastName'>): SourceRecordData {
  return { involvement: 'current', details: {}, ...over };
}

export const RECORDS: Record<string, SourceRecordData[]> = {
  school: [
    record({ sourcePersonId: 'SYN-1', firstName: 'Leah', lastName: 'Hartley', dateOfBirth: '2019-03-14', cmsId: 'P100001', postcode: 'SK5 6AB', organisation: 'Brinnington Primary School', contact: { name: 'Ruth Okafor', role: 'Designated safeguarding lead', phone: '0161 496 0123', email: 'safeguarding@brinnington-primary.example' }, startDate: '2023-09-04', details: { admissionType: 'Main provision', schoolPhone: '0161 496 0100' } }),
    record({ sourcePersonId: 'SYN-2', firstName: 'Oliver', lastName: 'Pennington', dateOfBirth: '2012-01-05', postcode: 'SK2 7XX', organisation: 'Hazel Grove High School', details: { admissionType: 'Main provision' } }),
  ],
  'adult-social-care': [
    record({ sourcePersonId: 'CF-1', firstName: 'Gemma', lastName: 'Hartley', dateOfBirth: '1995-07-02', postcode: 'SK5 6AB', gender: 'female', organisation: 'Stockport Council Adult Social Care', contact: { name: 'Priya Shah', role: 'Social worker', phone: '0161 496 0456', email: 'p.shah@stockport-council.example' }, startDate: '2025-02-01', lastContact: '2026-10-30', details: { team: 'Mental health' } }),
    record({ sourcePersonId: 'CF-2', firstName: 'Margaret', lastName: 'Hartley', dateOfBirth: '1963-05-30', postcode: 'M19 2QP', involvement: 'historic', organisation: 'Stockport Council Adult Social Care', startDate: '2019-01-01', endDate: '2020-06-30', details: {} }),
  ],
  housing: [
    record({ sourcePersonId: 'SH-1', firstName: 'Gemma', lastName: 'Hartley', dateOfBirth: '1995-07-02', postcode: 'SK5 6AB', organisation: 'Stockport Homes', contact: { name: 'Alan Birch', role: 'Housing officer', phone: '0161 496 0789' }, startDate: '2020-05-01', details: { antiSocialBehaviour: 'No records found', eviction: 'No records found', noticeSeekingPossession: 'Case closed', rentArrears: 'Case open' } }),
    // A nickname with the same surname and date of birth: only a possible match for Robert Quinlan.
    record({ sourcePersonId: 'SH-2', firstName: 'Rob', lastName: 'Quinlan', dateOfBirth: '1992-02-11', postcode: 'SK1 3AA', involvement: 'historic', organisation: 'Stockport Homes', startDate: '2014-01-01', endDate: '2016-03-31', details: { antiSocialBehaviour: 'Case closed', eviction: 'No records found', noticeSeekingPossession: 'No records found', rentArrears: 'No records found' } }),
  ],
  police: [
    record({ sourcePersonId: 'GMP-1', firstName: 'Robert', lastName: 'Quinlan', dateOfBirth: '1992-02-11', postcode: 'SK4 1RT', organisation: 'Greater Manchester Police', contact: { name: 'DC Hannah Lowe', role: 'Public protection officer', phone: '0161 496 0999', email: 'h.lowe@gmp-police.example' }, details: { safeguardingOffences: [{ date: '2024-06-12', type: 'Violence with injury', nature: 'Convicted' }], nonSafeguardingRecords: true } }),
  ],
};

export async function loadAll(h: { loadSource: (m: SourceMetadata, r: SourceRecordData[]) => Promise<void> }, overrides: Record<string, Partial<SourceMetadata>> = {}): Promise<void> {
  for (const service of Object.keys(RECORDS)) await h.loadSource(metadata(service, overrides[service]), RECORDS[service]!);
}

export { TODAY };

/**
 * Replaces a source's stored links with one saying "no record here" for `person` (with a CMS id): a lookup that
 * then shows no record for them reused the stored link, one that shows the record matched afresh.
 */
export async function plantNoRecordLink(db: Kysely<Database>, service: string, person: PersonInput): Promise<void> {
  const source = await db.selectFrom('source').selectAll().where('service', '=', service).executeTakeFirstOrThrow();
  await db.deleteFrom('match_link').where('service', '=', service).execute();
  await db
    .insertInto('match_link')
    .values({ service, snapshot_id: source.snapshot_id, person_key: `cms:${person.cmsId}`, fingerprint: fingerprint(toMatchPerson(person)), record_id: null, band: null, score: null, basis: null })
    .execute();
}

/** The `source` table as it reads with the four sample sources loaded (snapshots 1–4, two records each). */
export const SOURCE_ROWS: SourceRow[] = (['school', 'adult-social-care', 'housing', 'police'] as const).map((service, i) => {
  const m = metadata(service);
  return {
    service,
    name: m.name,
    area: m.area,
    area_postcodes: JSON.stringify(m.areaPostcodes),
    notes: m.notes ?? null,
    last_updated: m.lastUpdated,
    coverage_from: m.coverageFrom ?? null,
    coverage_to: m.coverageTo ?? null,
    freshness_days: m.freshnessDays,
    snapshot_id: i + 1,
    record_count: 2,
    loaded_at: '2026-11-20T02:00:00.000Z',
  };
});

/** "Not this person" from a social worker about the father's housing record (SH-2), changed by `over`. */
export const notThisPerson = (over: Partial<FeedbackRequest> = {}): FeedbackRequest => ({
  kind: 'not-this-person',
  person: FATHER,
  child: CHILD,
  service: 'housing',
  recordRef: 'housing:SH-2',
  comment: 'Robert says he never had a Stockport Homes tenancy.',
  ...over,
});
