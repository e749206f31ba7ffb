/**
 * The contract of `POST /api/v1/involvements` and `GET /api/v1/sources` (see docs/endpoint-contract.md).
 *
 * Types only: the widget imports this file with `import type`, so nothing here may have a runtime value.
 */

/**
 * A service key: any key of the council's services file (FC_SERVICES_FILE), e.g. "school", "youth-justice".
 * The built-in four are entries of server/config/services.json; nothing else names a service.
 */
export type ServiceKey = string;

/** One detail field of a service, as its services file describes it: the panel's label and where it is shown. */
export interface DetailFieldInfo {
  key: string;
  label: string;
  type: 'text' | 'date' | 'yes-no' | 'one-of' | 'records';
  /** Shown in the person's one-line overview. */
  overview?: true;
  /** Left out of the case-note summary. */
  summary?: false;
  /** Left out of print. */
  print?: false;
  /** For 'records': at most this many are shown, and the labels of each record's parts. */
  maxItems?: number;
  parts?: Array<{ key: string; label: string }>;
}

export type Gender = 'female' | 'male' | 'other' | 'unknown';

/** A person as the CMS page describes them. */
export interface PersonInput {
  cmsId?: string;
  firstName: string;
  lastName: string;
  /** YYYY-MM-DD */
  dateOfBirth?: string;
  gender?: Gender;
  address?: string;
  postcode?: string;
  /**
   * What the CMS knows of the person's past, when the page or the CMS relationship feed shows it: surnames they had
   * before (a maiden name) and postcodes of addresses they lived at before. An old record under that name or at
   * that address is then recognised. For people sent with a CMS id, the server adds what the feed holds.
   */
  previousLastNames?: string[];
  previousPostcodes?: string[];
  /** As the CMS says it: "Mother", "Mother's partner", "Half-brother". */
  relationship?: string;
}

export interface InvolvementsRequest {
  child: PersonInput;
  /**
   * 1..30 people; the child may be included. A person the CMS relationship feed links to the child may also be
   * sent as `{ cmsId }` alone (first and last name left out): the server fills in their details from the feed. For
   * anyone else, and an id the feed does not know, it answers the same 400 naming `people[i].cmsId`. People not
   * linked are answered with exactly the details sent. The answer's `person` always has the names.
   */
  people: PersonInput[];
  reason?: string;
}

/**
 * - `involved`: at least one matched record.
 * - `no-records`: searched, fresh, covers this person: nothing found.
 * - `not-checked`: could not be searched (missing, stale, failing, out of area, too little to search on).
 * - `not-applicable`: the council's rule says this service is not shown for this person.
 */
export type InvolvementStatus = 'involved' | 'no-records' | 'not-checked' | 'not-applicable';

export type MatchBand = 'confirmed' | 'likely' | 'possible';

export interface SourceInfo {
  /** The service database and its name, e.g. "Synergy — Stockport schools". */
  name: string;
  /** YYYY-MM-DD: "last updated on". Empty when nothing has been loaded. */
  lastUpdated: string;
  /** YYYY-MM-DD: "covers the period of" from ... */
  coverageFrom?: string;
  /** YYYY-MM-DD: ... to. */
  coverageTo?: string;
  /** Geographic area covered, in words. */
  area: string;
  /** The source's own explanation, e.g. what the police extract includes. */
  notes?: string;
  /** True when older than the source's freshness limit. */
  stale?: boolean;
}

export interface Contact {
  name?: string;
  role?: string;
  phone?: string;
  email?: string;
}

/**
 * Service-specific fields. Values are plain text, yes/no, or lists of small objects (police offences).
 * The widget renders them generically with labels, so a new service needs no widget change.
 */
export type DetailValue = string | boolean | Array<Record<string, string>>;

export interface InvolvementRecord {
  /** Opaque reference to this source record, for feedback ("not this person"). Stable across reloads. */
  ref: string;
  involvement: 'current' | 'historic';
  organisation?: string;
  contact?: Contact;
  /** YYYY-MM-DD */
  startDate?: string;
  /** YYYY-MM-DD */
  endDate?: string;
  /** YYYY-MM-DD */
  lastContact?: string;
  details: Record<string, DetailValue>;
  /**
   * `disputed`: a colleague said this record is not this person ("not this person" feedback). The record is still
   * shown, a likely match as a possible one only (a confirmed one stays confirmed): an opinion never turns a found
   * record into "no records".
   */
  match: { band: MatchBand; score?: number; basis: string[]; disputed?: true };
}

export interface ServiceResult {
  service: ServiceKey;
  /** Display name of the service, e.g. "Adult Social Care". */
  label: string;
  status: InvolvementStatus;
  /** Plain words: what this status means here. */
  explanation: string;
  source: SourceInfo;
  /**
   * False for services whose records must not be called current or historic
   * (police: social workers read "current" as "convicted").
   */
  showsInvolvement: boolean;
  records: InvolvementRecord[];
  /**
   * The service's detail fields from the services file, in the order to show them (absent when it has none). A panel
   * shows `details` with these labels; an older server sends none and the panel words the keys itself.
   */
  fields?: DetailFieldInfo[];
  /** With `not-checked` only: why, as a code (the explanation says it in words). */
  notChecked?: NotCheckedReason;
}

/**
 * Why a service was not checked: no data loaded, the search failed just now, the source is older than its limit,
 * no date of birth, unreadable extract rows that may be this person, no address for an area-limited source, or an
 * address outside its area.
 */
export type NotCheckedReason =
  | 'no-data'
  | 'search-failed'
  | 'out-of-date'
  | 'no-date-of-birth'
  | 'unreadable-rows'
  | 'address-unknown'
  | 'outside-area';

export interface PersonResult {
  /** Index of the person in the request's `people`, as a string: "0", "1", ... */
  ref: string;
  person: PersonInput;
  ageYears?: number;
  /**
   * The person is linked to the child, but the details sent differ from the case record's (the CMS relationship
   * feed's) in this field: a date of birth a digit or a day apart, or another surname (a correction the nightly
   * feed has not caught up with). Both are searched; the panel says which field to check.
   */
  differsFromCaseRecord?: Array<'lastName' | 'dateOfBirth'>;
  services: ServiceResult[];
}

export interface InvolvementsResponse {
  requestId: string;
  /** ISO date-time. */
  generatedAt: string;
  people: PersonResult[];
}

export interface SourceSummary extends SourceInfo {
  service: ServiceKey;
  label: string;
  loaded: boolean;
  recordCount: number;
  /** Days after `lastUpdated` when the source is no longer trusted for "no records". */
  freshnessDays: number;
}

export interface SourcesResponse {
  sources: SourceSummary[];
}

/**
 * `POST /api/v1/feedback`: a social worker says a record shown for a person is not them, or looks wrong.
 * "Not this person" suppresses that link for everyone afterwards. Answer: 201 `{ feedbackId }`.
 */
export interface FeedbackRequest {
  kind: 'not-this-person' | 'information-wrong';
  /** The person the record was shown for, as sent in the lookup. */
  person: PersonInput;
  /** The child whose record was open. */
  child: PersonInput;
  service: ServiceKey;
  /** InvolvementRecord.ref */
  recordRef: string;
  /** Free text, at most 1000 characters. */
  comment?: string;
}

export interface FeedbackResponse {
  feedbackId: string;
}

/**
 * Error codes a client may act on:
 * - `reason-required` (400): the link policy needs a written reason for someone not linked to the child
 *   in the CMS relationship feed; `fields` names the people (and `child` when the feed cannot vouch for the child);
 *   resend with `reason` (at least 10 letters or digits, see server/src/policy/reason-rule.ts).
 * - `not-linked` (403): the council's policy (verify-strict) refuses people not linked to the child.
 * - `unlinked-limit` (429): the user looked up as many people not linked to a child this hour as the council allows.
 * - `unauthorised` (401), `forbidden` (403), `invalid-request` / `invalid-json` (400), `rate-limited` (429),
 *   `lookup-unavailable` / `identity-provider-unavailable` (503).
 */
/** Body of every 4xx/5xx JSON error. */
export interface ApiError {
  error: string;
  message: string;
  /** For 400s: the fields that were wrong, as JSON paths ("people[2].dateOfBirth"). */
  fields?: Array<{ field: string; message: string }>;
}
