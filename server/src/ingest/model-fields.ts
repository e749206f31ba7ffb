/**
 * The fields of the common data model an extract's columns can be mapped to, per dataset, with the kind of
 * value each holds, whether every row must have it, the database column's length, and, for fields with a fixed
 * list of values, that list (a mapping translates the source's own codes, "Y"/"N"/"Open", into these).
 */
import { MAX_PREVIOUS_LAST_NAMES, MAX_PREVIOUS_POSTCODES } from '../api/person-limits.js';
import { BUILT_IN_SERVICES } from '../services/catalogue.js';
import { RELATIONSHIP_DATASET } from '../sources/relationships.js';

export type FieldKind =
  /** Free text, trimmed. */
  | 'text'
  /** A date in the mapping's format, stored as YYYY-MM-DD. */
  | 'date'
  /** One of `vocabulary`; the mapping's `values` translate the source's codes. */
  | 'vocabulary'
  /** Yes or no; the mapping's `values` must say which codes mean which. */
  | 'yes-no'
  /** A UK postcode; one that is not a postcode shape is left out (and reported), never guessed. */
  | 'postcode'
  /** 10 digits with a valid check digit; an invalid one is left out (and reported): it would give false "confirmed" matches. */
  | 'nhs-number'
  /** A unique pupil number: a letter, 11 digits, and a digit or letter; an invalid one is left out (and reported). */
  | 'upn'
  /** Police: up to 3 safeguarding offences, each a date, a type and a nature of involvement. */
  | 'offences'
  /** Several surnames in one column, separated by ";" or "|"; at most `maxItems`, each at most `maxLength`. */
  | 'name-list'
  /** Several postcodes in one column, separated by ";", "|" or ","; one that is not a postcode is left out (and reported). */
  | 'postcode-list';

export interface FieldDefinition {
  kind: FieldKind;
  required?: boolean;
  /**
   * A required column whose value may be blank in a row: the row is loaded without it (matching counts a missing
   * value neither for nor against, and such a record can be at most a possible match).
   */
  blankAllowed?: boolean;
  maxLength?: number;
  vocabulary?: readonly string[];
  /** For lists: how many values at most. */
  maxItems?: number;
}

export const GENDERS = ['female', 'male', 'other', 'unknown'] as const;
export const INVOLVEMENTS = ['current', 'historic'] as const;
export const ADMISSION_TYPES = ['Main provision', 'Secondary provision', 'Off site provision'] as const;
export const CASE_STATES = ['Case open', 'Case closed', 'No records found'] as const;
export const OFFENCE_TYPES = [
  'Homicide',
  'Other sexual offences',
  'Possession of weapons',
  'Rape',
  'Robbery',
  'Violence with injury',
  'Violence without injury',
] as const;
export const OFFENCE_NATURES = ['Convicted', 'Suspect'] as const;
/** Police: at most this many safeguarding offences are listed. */
export const MAX_OFFENCES = 3;

/** The parts of one police offence, each mapped to a column. */
export const OFFENCE_PARTS: Record<'date' | 'type' | 'nature', FieldDefinition> = {
  date: { kind: 'date' },
  type: { kind: 'vocabulary', vocabulary: OFFENCE_TYPES },
  nature: { kind: 'vocabulary', vocabulary: OFFENCE_NATURES },
};

/** Every source's person and involvement fields (server/src/sources/types.ts SourceRecordData). */
export const RECORD_FIELDS: Record<string, FieldDefinition> = {
  sourcePersonId: { kind: 'text', required: true, maxLength: 100 },
  firstName: { kind: 'text', required: true, blankAllowed: true, maxLength: 100 },
  lastName: { kind: 'text', required: true, maxLength: 100 },
  dateOfBirth: { kind: 'date' },
  gender: { kind: 'vocabulary', vocabulary: GENDERS },
  address: { kind: 'text', maxLength: 300 },
  postcode: { kind: 'postcode' },
  nhsNumber: { kind: 'nhs-number' },
  upn: { kind: 'upn' },
  cmsId: { kind: 'text', maxLength: 64 },
  involvement: { kind: 'vocabulary', vocabulary: INVOLVEMENTS, required: true },
  organisation: { kind: 'text', maxLength: 200 },
  contactName: { kind: 'text', maxLength: 200 },
  contactRole: { kind: 'text', maxLength: 200 },
  contactPhone: { kind: 'text', maxLength: 40 },
  contactEmail: { kind: 'text', maxLength: 200 },
  startDate: { kind: 'date' },
  endDate: { kind: 'date' },
  lastContact: { kind: 'date' },
};

/** Service-specific `details` (the keys documented in server/src/services/catalogue.ts). */
export const DETAIL_FIELDS: Record<string, Record<string, FieldDefinition>> = {
  school: {
    admissionType: { kind: 'vocabulary', vocabulary: ADMISSION_TYPES },
    schoolPhone: { kind: 'text', maxLength: 40 },
  },
  'adult-social-care': {
    team: { kind: 'text', maxLength: 200 },
  },
  housing: {
    antiSocialBehaviour: { kind: 'vocabulary', vocabulary: CASE_STATES },
    eviction: { kind: 'vocabulary', vocabulary: CASE_STATES },
    noticeSeekingPossession: { kind: 'vocabulary', vocabulary: CASE_STATES },
    rentArrears: { kind: 'vocabulary', vocabulary: CASE_STATES },
  },
  police: {
    safeguardingOffences: { kind: 'offences' },
    nonSafeguardingRecords: { kind: 'yes-no' },
  },
};

/** The CMS relationship feed (server/src/sources/types.ts RelationshipRecordData). */
export const RELATIONSHIP_FIELDS: Record<string, FieldDefinition> = {
  childCmsId: { kind: 'text', required: true, maxLength: 64 },
  personCmsId: { kind: 'text', required: true, maxLength: 64 },
  relationship: { kind: 'text', required: true, maxLength: 100 },
  startDate: { kind: 'date' },
  endDate: { kind: 'date' },
  firstName: { kind: 'text', maxLength: 100 },
  lastName: { kind: 'text', maxLength: 100 },
  dateOfBirth: { kind: 'date' },
  gender: { kind: 'vocabulary', vocabulary: GENDERS },
  address: { kind: 'text', maxLength: 300 },
  postcode: { kind: 'postcode' },
  /** Surnames the person had before (a maiden name), as the CMS holds them. */
  previousLastNames: { kind: 'name-list', maxLength: 100, maxItems: MAX_PREVIOUS_LAST_NAMES },
  /** Postcodes of the addresses the CMS says the person lived at before. */
  previousPostcodes: { kind: 'postcode-list', maxItems: MAX_PREVIOUS_POSTCODES },
};

/** Every dataset the ingest command can load: the built-in services and the CMS relationship feed. */
export function knownDatasets(): string[] {
  return [...BUILT_IN_SERVICES.map((s) => s.key as string), RELATIONSHIP_DATASET];
}

export function isRelationshipDataset(dataset: string): boolean {
  return dataset === RELATIONSHIP_DATASET;
}
