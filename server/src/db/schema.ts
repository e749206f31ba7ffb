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

/** What could be read of an extract row that was rejected (see migrations/2026-11-21-006-unreadable-rows.ts). */
export interface SourceUnreadableTable {
  id: Generated<number>;
  service: string;
  snapshot_id: number;
  /** The row's number in the extract (null: not from a row, e.g. a load made before these were kept). */
  row_number: number | null;
  first_name_norm: string | null;
  last_name_norm: string | null;
  date_of_birth: string | null;
  postcode: string | null;
  /** Which columns could not be read and why, without their values. */
  reason: string;
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
  /** 'lookup' or 'audit-export' (auditors' reads of the log are themselves recorded). */
  kind: string;
  /** JSON: the link-policy outcome per person ({ ref, linked, reasonGiven }), or null. */
  policy: string | null;
  /** Hash chain (see audit/chain.ts). */
  prev_hash: string | null;
  hash: string | null;
}

export interface AuditChainTable {
  /** Always 1: a single row. */
  id: number;
  /** Hash of the newest event: a cut-off tail is detected against it. */
  head_hash: string;
  /** Hash of the last purged event (or the genesis hash): the first remaining event chains from it. */
  anchor_hash: string;
  anchor_id: number;
  /** Events older than this may be deleted by the purge; newer ones never. */
  purged_before: string | null;
}

/** One load of a dataset (a source, or the CMS relationship feed): hands out snapshot ids and keeps the history. */
export interface SourceLoadTable {
  /** The service key, or "cms-relationships". */
  dataset: string;
  snapshot_id: number;
  /** loading | current | retired | refused | failed */
  state: string;
  started_at: string;
  /** Touched while a load runs, so a crashed load can be told from a running one. */
  updated_at: string;
  finished_at: string | null;
  file_name: string | null;
  rows_read: number | null;
  rows_rejected: number | null;
  record_count: number | null;
  /** Why a load was refused or failed. */
  detail: string | null;
  /** The process running the load (sources/load-holder.ts), as JSON. */
  holder: string | null;
}

/** The CMS relationship feed's metadata and current snapshot (one row per feed; the CMS feed is "cms"). */
export interface RelationshipFeedTable {
  feed: string;
  name: string;
  notes: string | null;
  last_updated: string;
  freshness_days: number;
  snapshot_id: number;
  record_count: number;
  loaded_at: string;
}

/** A person linked to a child in the CMS, as the relationship feed says. */
export interface CmsRelationshipTable {
  id: Generated<number>;
  snapshot_id: number;
  child_cms_id: string;
  person_cms_id: string;
  relationship: string;
  start_date: string | null;
  end_date: string | null;
  first_name: string | null;
  last_name: string | null;
  date_of_birth: string | null;
  gender: string | null;
  address: string | null;
  postcode: string | null;
  /** Migration 008: surnames the person had before, normalised, joined by ";". */
  previous_last_names: string | null;
  /** Migration 008: postcodes of addresses the person lived at before, normalised, joined by ";". */
  previous_postcodes: string | null;
  /** Migration 010: `family`, `professional`, or null (decided from `relationship` by the server's list). */
  category: string | null;
}

/** Matching (migration 003): blocking keys, see matching/blocking.ts. */
export interface MatchKeyTable {
  service: string;
  snapshot_id: number;
  block_key: string;
  record_id: number;
}

/** Matching: which snapshot of a source has its keys and links built. */
export interface MatchIndexTable {
  service: string;
  snapshot_id: number;
  key_count: number;
  keys_built_at: string;
  links_feed_snapshot_id: number | null;
  link_count: number | null;
  links_built_at: string | null;
  /** The scoring the links were computed with (score.ts scoringSignature); lookups reuse links only under the same. */
  links_scoring: string | null;
}

/** Matching: records linked to a CMS person at load time (record_id null: the person has none here). */
export interface MatchLinkTable {
  service: string;
  snapshot_id: number;
  /** "cms:<id>" (see matching/person-key.ts). */
  person_key: string;
  /** Hash of the demographics the link was computed on: a lookup with other details is matched afresh. */
  fingerprint: string;
  record_id: number | null;
  band: string | null;
  score: number | null;
  /** JSON array of strings. */
  basis: string | null;
}

/** Matching (migration 005): how many of a snapshot's people carry each name and birth year (matching/name-frequency.ts). */
export interface NameFrequencyTable {
  service: string;
  snapshot_id: number;
  /** first | last | year | people (the total, value "") | dated (people with a date of birth, value "") */
  field: string;
  value: string;
  people: number;
}

/** Social workers' feedback on a shown record (POST /api/v1/feedback). */
export interface MatchFeedbackTable {
  id: Generated<number>;
  feedback_id: string;
  created_at: string;
  user_sub: string;
  user_name: string | null;
  request_id: string | null;
  /** not-this-person | information-wrong */
  kind: string;
  service: string;
  record_ref: string;
  source_person_id: string;
  /** Who the record was shown for: "cms:<id>", else "name:<first>|<last>|<dob>" (normalised). */
  person_key: string;
  person: string;
  child: string;
  comment: string | null;
  /** open | reviewed */
  review_state: string;
}

export interface Database {
  source: SourceTable;
  source_record: SourceRecordTable;
  match_key: MatchKeyTable;
  match_index: MatchIndexTable;
  match_link: MatchLinkTable;
  match_feedback: MatchFeedbackTable;
  name_frequency: NameFrequencyTable;
  source_load: SourceLoadTable;
  source_unreadable: SourceUnreadableTable;
  relationship_feed: RelationshipFeedTable;
  cms_relationship: CmsRelationshipTable;
  audit_event: AuditEventTable;
  audit_chain: AuditChainTable;
}

export type SourceRow = Selectable<SourceTable>;
export type SourceRecordRow = Selectable<SourceRecordTable>;
export type NewSourceRecordRow = Insertable<SourceRecordTable>;
export type AuditEventRow = Selectable<AuditEventTable>;
