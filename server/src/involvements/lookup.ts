/**
 * The heart of the product: for each person asked about, one answer per enabled service, with a status that
 * never claims more than we know.
 *
 * `no-records` is given only when the source was searched, is fresh, and covers the person (we know where they
 * live and it is inside the source's area, and we have their date of birth). Anything less is `not-checked`,
 * with the reason in plain words.
 */
import type { Kysely } from 'kysely';
import type {
  InvolvementRecord,
  InvolvementsRequest,
  InvolvementsResponse,
  InvolvementStatus,
  PersonInput,
  PersonResult,
  ServiceResult,
  SourceInfo,
} from '../api/contract.js';
import { writeAuditEvent } from '../audit/repository.js';
import type { Config } from '../config.js';
import type { Database, SourceRecordRow, SourceRow } from '../db/schema.js';
import { blockingKeys, findCandidates } from '../matching/candidates.js';
import { normaliseName, normalisePostcode, postcodeDistrict, postcodeWithin } from '../matching/normalise.js';
import { scoreMatch, type MatchPerson, type MatchResult } from '../matching/score.js';
import { ageRuleApplies, describeAgeRule } from '../services/catalogue.js';
import { listSources } from '../sources/repository.js';
import { ageInYears, daysBetween, longDate, todayIn, type Clock } from '../time/calendar.js';

export interface LookupContext {
  db: Kysely<Database>;
  config: Readonly<Config>;
  clock: Clock;
  requestId: string;
  user: { sub: string; name?: string };
  clientAddress?: string;
}

type ServiceDef = Config['services'][number];

interface SourceSearch {
  source?: SourceRow;
  /** Candidate rows, or an error when the source could not be searched. */
  candidates: SourceRecordRow[] | Error;
}

export async function lookupInvolvements(ctx: LookupContext, request: InvolvementsRequest): Promise<InvolvementsResponse> {
  const { db, config, clock } = ctx;
  const today = todayIn(clock);
  const generatedAt = clock().toISOString();
  const matchPeople = request.people.map(toMatchPerson);
  const ages = request.people.map((p) => (p.dateOfBirth ? ageInYears(p.dateOfBirth, today) : undefined));

  return db.transaction().execute(async (trx) => {
    const sources = new Map((await listSources(trx)).map((s) => [s.service, s]));
    const searches = new Map<string, SourceSearch>();
    for (const service of config.services) {
      const source = sources.get(service.key);
      if (!source || source.record_count === 0) {
        searches.set(service.key, { source, candidates: [] });
        continue;
      }
      const searchable = matchPeople.filter((_, i) => appliesByAge(service, ages[i]));
      try {
        const candidates = searchable.length ? await findCandidates(trx, service.key, source.snapshot_id, blockingKeys(searchable)) : [];
        searches.set(service.key, { source, candidates });
      } catch (error) {
        searches.set(service.key, { source, candidates: error as Error });
      }
    }

    const people: PersonResult[] = request.people.map((person, index) => ({
      ref: String(index),
      person,
      ...(ages[index] !== undefined ? { ageYears: ages[index] } : {}),
      services: config.services.map((service) =>
        answerFor(service, person, matchPeople[index]!, ages[index], searches.get(service.key)!, today, config),
      ),
    }));

    await writeAuditEvent(trx, {
      requestId: ctx.requestId,
      occurredAt: new Date(generatedAt),
      user: ctx.user,
      child: request.child,
      people: request.people,
      reason: request.reason,
      outcome: people.map((p) => ({
        ref: p.ref,
        services: Object.fromEntries(p.services.map((s) => [s.service, s.status])) as Record<string, InvolvementStatus>,
      })),
      clientAddress: ctx.clientAddress,
    });

    return { requestId: ctx.requestId, generatedAt, people };
  });
}

function appliesByAge(service: ServiceDef, age: number | undefined): boolean {
  // Unknown age: the rule cannot be applied, so the service is searched rather than hidden.
  return age === undefined || ageRuleApplies(service.ageRule, age);
}

function toMatchPerson(p: PersonInput): MatchPerson {
  return {
    cmsId: p.cmsId,
    firstNameNorm: normaliseName(p.firstName),
    lastNameNorm: normaliseName(p.lastName),
    dateOfBirth: p.dateOfBirth,
    gender: p.gender,
    postcode: normalisePostcode(p.postcode),
  };
}

function answerFor(
  service: ServiceDef,
  person: PersonInput,
  matchPerson: MatchPerson,
  age: number | undefined,
  search: SourceSearch,
  today: string,
  config: Readonly<Config>,
): ServiceResult {
  const { source } = search;
  const base = { service: service.key, label: service.label, showsInvolvement: service.showsInvolvement };
  const info = sourceInfo(service, source, today);
  const answer = (status: InvolvementStatus, explanation: string, records: InvolvementRecord[] = []): ServiceResult => ({
    ...base,
    status,
    explanation,
    source: info,
    records,
  });

  if (!appliesByAge(service, age)) {
    return answer('not-applicable', `${describeAgeRule(service.label, service.ageRule)} This person is ${age}.`);
  }
  if (!source || source.record_count === 0) {
    return answer('not-checked', `No ${service.label} data has been loaded into Family Context, so it was not searched. Ask ${service.label} directly.`);
  }
  if (search.candidates instanceof Error) {
    return answer('not-checked', `${source.name} could not be searched just now. Try again later, or ask ${service.label} directly.`);
  }

  const matched = search.candidates
    .map((row) => ({ row, match: scoreMatch(matchPerson, toCandidate(row), config.matchThresholds) }))
    .filter((m): m is { row: SourceRecordRow; match: MatchResult } => m.match !== null)
    .sort(compareMatches)
    .map(({ row, match }) => toRecord(row, match));

  const stale = info.stale === true;
  const updated = `last updated on ${longDate(source.last_updated)}`;
  if (matched.length) {
    const onlyPossible = matched.every((r) => r.match.band === 'possible');
    const found = onlyPossible
      ? `Only a possible match was found in ${source.name}: check before relying on it.`
      : `Found in ${source.name}.`;
    const staleNote = stale ? ` This data is out of date (${updated}; it should be updated every ${source.freshness_days} days).` : '';
    return answer('involved', found + staleNote, matched);
  }

  const searched = `Nothing was found for this person in ${source.name}`;
  if (stale) {
    return answer(
      'not-checked',
      `${source.name} was ${updated}, longer ago than its ${source.freshness_days}-day limit, so a search would miss recent involvement. Ask ${service.label} directly.`,
    );
  }
  if (!person.dateOfBirth) {
    return answer(
      'not-checked',
      `There is no date of birth for this person, so ${source.name} could not be searched reliably. Add their date of birth to the case record, or ask ${service.label} directly.`,
    );
  }
  const areas = parseAreas(source.area_postcodes);
  if (areas.length) {
    if (!matchPerson.postcode) {
      return answer(
        'not-checked',
        `${searched}, but we do not know where they live, so we cannot tell whether it covers them (it covers ${source.area}). Ask ${service.label} directly.`,
      );
    }
    if (!postcodeWithin(matchPerson.postcode, areas)) {
      return answer(
        'not-checked',
        `${source.name} covers ${source.area} only, and this person's postcode (${postcodeDistrict(matchPerson.postcode)}) is outside it. Ask the ${service.label.toLowerCase()} service where they live.`,
      );
    }
  }
  const period = source.coverage_from
    ? ` It covers ${source.area} from ${longDate(source.coverage_from)} to ${longDate(source.coverage_to ?? source.last_updated)}`
    : ` It covers ${source.area}`;
  return answer('no-records', `${searched}.${period} and was ${updated}.`);
}

function sourceInfo(service: ServiceDef, source: SourceRow | undefined, today: string): SourceInfo {
  if (!source || source.record_count === 0) {
    return { name: `${service.label}: no data loaded`, lastUpdated: '', area: '' };
  }
  return {
    name: source.name,
    lastUpdated: source.last_updated,
    ...(source.coverage_from ? { coverageFrom: source.coverage_from } : {}),
    ...(source.coverage_to ? { coverageTo: source.coverage_to } : {}),
    area: source.area,
    ...(source.notes ? { notes: source.notes } : {}),
    stale: daysBetween(source.last_updated, today) > source.freshness_days,
  };
}

function parseAreas(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

function toCandidate(row: SourceRecordRow) {
  return {
    cmsId: row.cms_id,
    nhsNumber: row.nhs_number,
    firstNameNorm: row.first_name_norm,
    lastNameNorm: row.last_name_norm,
    dateOfBirth: row.date_of_birth,
    gender: row.gender,
    postcode: row.postcode,
  };
}

/** The record's reference for feedback: its service and the source system's own id for the person. */
export function recordRef(service: string, sourcePersonId: string): string {
  return `${service}:${sourcePersonId}`;
}

const BAND_ORDER = { confirmed: 0, likely: 1, possible: 2 } as const;

function compareMatches(a: { row: SourceRecordRow; match: MatchResult }, b: { row: SourceRecordRow; match: MatchResult }): number {
  return (
    BAND_ORDER[a.match.band] - BAND_ORDER[b.match.band] ||
    (a.row.involvement === 'current' ? 0 : 1) - (b.row.involvement === 'current' ? 0 : 1) ||
    (b.row.start_date ?? '').localeCompare(a.row.start_date ?? '')
  );
}

function toRecord(row: SourceRecordRow, match: MatchResult): InvolvementRecord {
  const contact = {
    ...(row.contact_name ? { name: row.contact_name } : {}),
    ...(row.contact_role ? { role: row.contact_role } : {}),
    ...(row.contact_phone ? { phone: row.contact_phone } : {}),
    ...(row.contact_email ? { email: row.contact_email } : {}),
  };
  return {
    ref: recordRef(row.service, row.source_person_id),
    involvement: row.involvement === 'current' ? 'current' : 'historic',
    ...(row.organisation ? { organisation: row.organisation } : {}),
    ...(Object.keys(contact).length ? { contact } : {}),
    ...(row.start_date ? { startDate: row.start_date } : {}),
    ...(row.end_date ? { endDate: row.end_date } : {}),
    ...(row.last_contact ? { lastContact: row.last_contact } : {}),
    details: JSON.parse(row.details) as InvolvementRecord['details'],
    match,
  };
}
