/**
 * Table types for kysely: one place for the database's shape. Dates are ISO text (YYYY-MM-DD) and times ISO
 * date-time text, so the same code runs on SQLite, PostgreSQL and SQL Server.
 */
import type { Generated, Insertable, Selectable } from 'kysely';

export interface SourceTable {
  /** The service key: one source per service. */
  service: string;
  name: string;
  area: string;
  /** JSON array of postcode areas/districts covered; "[]" for no restriction. */
  area_postcodes: string;
  notes: string | null;
  last_updated: string;
  coverage_from: string | null;
  coverage_to: string | null;
  freshness_days: number;
  /** The snapshot readers see; a reload writes a new snapshot, then switches this in one transaction. */
  snapshot_id: number;
  record_count: number;
  loaded_at: string;
}

export interface SourceRecordTable {
  id: Generated<number>;
  service: string;
  snapshot_id: number;
  source_person_id: string;
  first_name: string;
  last_name: string;
  /** Normalised for blocking and comparison (see matching/normalise.ts). */
  first_name_norm: string;
  last_name_norm: string;
  date_of_birth: string | null;
  gender: string | null;
  address: string | null;
  /** Normalised: upper case, single space before the inward code. */
  postcode: string | null;
  nhs_number: string | null;
  upn: string | null;
  cms_id: string | null;
  involvement: string;
  organisation: string | null;
  contact_name: string | null;
  contact_role: string | null;
  contact_phone: string | null;
  contact_email: string | null;
  start_date: string | null;
  end_date: string | null;
  last_contact: string | null;
  /** JSON object of service-specific fields. */
  details: string;
}

export interface AuditEventTable {
  id: Generated<number>;
  request_id: string;
  occurred_at: string;
  user_sub: string;
  user_name: string | null;
  /** JSON: the child whose record was open ({ cmsId, firstName, lastName, dateOfBirth }). */
  child: string;
  /** JSON: each person asked about (same fields). */
  people: string;
  reason: string | null;
  /** JSON: per person, the services and statuses returned (never the records themselves). */
  outcome: string;
  client_address: string | null;
}

export interface Database {
  source: SourceTable;
  source_record: SourceRecordTable;
  audit_event: AuditEventTable;
}

export type SourceRow = Selectable<SourceTable>;
export type SourceRecordRow = Selectable<SourceRecordTable>;
export type NewSourceRecordRow = Insertable<SourceRecordTable>;
export type AuditEventRow = Selectable<AuditEventTable>;
export type NewAuditEventRow = Insertable<AuditEventTable>;
