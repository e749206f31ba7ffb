/**
 * The fields of the common data model an extract's columns can be mapped to, per dataset, with the kind of
 * value each holds, whether every row must have it, the database column's length, and, for fields with a fixed
 * list of values, that list (a mapping translates the source's own codes, "Y"/"N"/"Open", into these).
 */
import { MAX_PREVIOUS_LAST_NAMES, MAX_PREVIOUS_POSTCODES } from '../api/person-limits.js';
import type { DetailField, ServiceDefinition } from '../services/catalogue.js';
import { RELATIONSHIP_DATASET } from '../sources/relationships.js';
import { RELATIONSHIP_CATEGORIES } from '../sources/types.js';

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
  /** A short list of records with their own parts (police: up to 3 safeguarding offences: date, type, nature). */
  | 'records'
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
  /** For 'records': each record's parts. */
  parts?: Record<string, FieldDefinition>;
}

export const GENDERS = ['female', 'male', 'other', 'unknown'] as const;
export const INVOLVEMENTS = ['current', 'historic'] as const;
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

/** A services-file detail field as the ingest reads it: its kind, fixed values and length. */
function fieldDefinition(field: { type: string; values?: string[] }): FieldDefinition {
  switch (field.type) {
    case 'date':
      return { kind: 'date' };
    case 'yes-no':
      return { kind: 'yes-no' };
    case 'one-of':
      return { kind: 'vocabulary', vocabulary: field.values ?? [] };
    default:
      return { kind: 'text', maxLength: 200 };
  }
}

/** Service-specific `details` a mapping may fill, from the service's entry in the services file. */
export function detailFieldsOf(service: Pick<ServiceDefinition, 'details'>): Record<string, FieldDefinition> {
  return Object.fromEntries(
    service.details.map((field: DetailField) => [
      field.key,
      field.type === 'records'
        ? {
            kind: 'records',
            maxItems: field.maxItems,
            parts: Object.fromEntries(field.fields.map((part) => [part.key, fieldDefinition(part)])),
          }
        : fieldDefinition(field),
    ]),
  );
}

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
  /** `family` or `professional` (an allocated worker, a GP): professionals are not looked up as family. */
  category: { kind: 'vocabulary', vocabulary: RELATIONSHIP_CATEGORIES },
};

/** Every dataset the ingest command can load: the configured services and the CMS relationship feed. */
export function knownDatasets(services: ReadonlyArray<{ key: string }>): string[] {
  return [...services.map((s) => s.key), RELATIONSHIP_DATASET];
}

export function isRelationshipDataset(dataset: string): boolean {
  return dataset === RELATIONSHIP_DATASET;
}
