/**
 * The heart of the product: for each person asked about, one answer per enabled service, with a status that
 * never claims more than we know.
 *
 * `no-records` is given only when the source was searched, is fresh, and covers the person (we know where they
 * live and it is inside the source's area, and we have their date of birth). Anything less is `not-checked`,
 * with the reason in plain words.
 */
import type { Kysely, Transaction } from 'kysely';
import type {
  InvolvementRecord,
  InvolvementsRequest,
  InvolvementsResponse,
  InvolvementStatus,
  NotCheckedReason,
  PersonInput,
  PersonResult,
  ServiceResult,
  SourceInfo,
} from '../api/contract.js';
import { appendAuditEvent, type AuditEvent } from '../audit/repository.js';
import type { Config } from '../config.js';
import type { Database, SourceRecordRow, SourceRow } from '../db/schema.js';
import { suppressedLinks, suppressionKey } from '../feedback/repository.js';
import { blockingKeys } from '../matching/blocking.js';
import { findCandidatesForSources, findRecordsOfSourcePeople } from '../matching/candidates.js';
import { executeCompiled } from '../matching/compiled-queries.js';
import { readStoredLinksForSources, scoreCandidates, toMatchPerson } from '../matching/links.js';
import { nameFrequenciesForSources, rememberedNameFrequencies } from '../matching/name-frequency.js';
import { postcodeDistrict, postcodeWithin } from '../matching/normalise.js';
import { fingerprint, personKey } from '../matching/person-key.js';
import { resolveAcrossPeople, type Resolved } from '../matching/resolve.js';
import { scoringSignature, type MatchPerson, type MatchResult } from '../matching/score.js';
import { ageRuleApplies, describeAgeRule, detailFieldInfo } from '../services/catalogue.js';
import { safeEmail, safePhone } from '../sources/contact-values.js';
import { databaseKindOf } from '../sources/statement-limits.js';
import { couldBe, findUnreadable, listSourcesForLookup, type LookupSourceRow, type UnreadableRow } from '../sources/unreadable.js';
import { ageInYears, daysBetween, longDate, todayIn, type Clock } from '../time/calendar.js';

export interface LookupContext {
  db: Kysely<Database>;
  config: Readonly<Config>;
  clock: Clock;
  requestId: string;
  user: { sub: string; name?: string };
  clientAddress?: string;
  /** The link policy's decision, recorded with the audit event. */
  policy?: AuditEvent['policy'];
  /** People (by index) not to be searched (see LinkDecision.withheld): every answer for them is not-checked. */
  withheld?: readonly number[];
}

type ServiceDef = Config['services'][number];


interface SourceSearch {
  source?: SourceRow;
  /** Per person (by index), the matched records, or an error when the source could not be searched. */
  matches: Array<Resolved<SourceRecordRow>[]> | Error;
  /** Rows of this source's extract that could not be read and may be about someone in the request. */
  unreadable?: UnreadableRow[];
}

export async function lookupInvolvements(ctx: LookupContext, request: InvolvementsRequest): Promise<InvolvementsResponse> {
  const { db, config, clock } = ctx;
  const today = todayIn(clock);
  const generatedAt = clock().toISOString();
  const matchPeopleIn = request.people.map(toMatchPerson);
  const keys = matchPeopleIn.map(personKey);
  const ages = request.people.map((p) => (p.dateOfBirth ? ageInYears(p.dateOfBirth, today) : undefined));

  // A controlled transaction, so that one source's failed search can be rolled back to a savepoint: on
  // PostgreSQL a failed statement otherwise aborts the whole transaction, and with it the audit write.
  // On PostgreSQL it reads one snapshot of the database (REPEATABLE READ; its default, READ COMMITTED, lets each
  // statement see later commits), so a load switching sources and deleting the old rows mid-lookup cannot make a
  // source read as empty. SQLite's transactions read one snapshot already.
  const begin = db.startTransaction();
  const trx = await (databaseKindOf(db) === 'postgres' ? begin.setIsolationLevel('repeatable read') : begin).execute();
  let committed = false;
  try {
    const sources = new Map((await listSourcesForLookup(trx)).map((s) => [s.service, s]));
    const indexes = new Map((await executeCompiled(trx, 'match-index', [], () => trx.selectFrom('match_index').selectAll())).map((i) => [i.service, i]));
    if (config.matchThresholds.nameFrequencies !== 'off') await nameFrequenciesForSources(trx, sources.values(), indexes); // once per snapshot and process
    // "Not this person" from any user, read with the records: those records are shown as disputed (see dispute).
    const suppressed = await suppressedLinks(trx, keys);
    const searches = new Map<string, SourceSearch>();
    const plans: SourcePlan[] = [];
    const linksScoring = scoringSignature(config.matchThresholds);
    for (const service of config.services) {
      const source = sources.get(service.key);
      if (!source || source.record_count === 0) {
        searches.set(service.key, { source, matches: [] });
        continue;
      }
      const index = indexes.get(service.key);
      plans.push({
        service: service.key,
        source,
        searchable: request.people.map((_, i) => i).filter((i) => appliesByAge(service, ages[i]) && !ctx.withheld?.includes(i)),
        keysBuilt: index?.snapshot_id === source.snapshot_id,
        // Stored links only when computed for this snapshot with this server's scoring settings.
        linksBuilt: index?.snapshot_id === source.snapshot_id && index.links_built_at !== null && index.links_scoring === linksScoring,
      });
    }
    // A colleague's "not this person" is an opinion, not a search result: the record is still shown, to everyone,
    // marked disputed, and a likely match becomes only a possible one (a confirmed match, on a shared identifier,
    // stays confirmed). It never turns a found record into "no records".
    const dispute = (service: string, matches: Array<Resolved<SourceRecordRow>[]>): Array<Resolved<SourceRecordRow>[]> => {
      if (suppressed.size === 0) return matches;
      return matches.map((list, i) =>
        list.map((m) =>
          suppressed.has(suppressionKey(keys[i]!, service, m.sourcePersonId))
            ? { ...m, match: { ...m.match, band: m.match.band === 'confirmed' ? m.match.band : ('possible' as const), disputed: true as const } }
            : m,
        ),
      );
    };

    // Every source at once (at most three statements whatever the number of sources and people); when that fails, each
    // source on its own, so that one source's failure leaves the others answering.
    const together = await trx.savepoint('source_search').execute();
    let found: Map<string, SourceFound> | undefined;
    try {
      found = await searchSources(trx, plans, matchPeopleIn, keys, config.matchThresholds);
      await together.releaseSavepoint('source_search').execute();
    } catch {
      await together.rollbackToSavepoint('source_search').execute();
    }
    for (const plan of plans) {
      const { service, source } = plan;
      if (found) {
        const { matches, unreadable } = found.get(service)!;
        searches.set(service, { source, matches: dispute(service, matches), unreadable });
        continue;
      }
      const sp = await trx.savepoint('source_search').execute();
      try {
        const { matches, unreadable } = (await searchSources(sp, [plan], matchPeopleIn, keys, config.matchThresholds)).get(service)!;
        searches.set(service, { source, matches: dispute(service, matches), unreadable });
        await sp.releaseSavepoint('source_search').execute();
      } catch (error) {
        await sp.rollbackToSavepoint('source_search').execute();
        searches.set(service, { source, matches: error as Error });
      }
    }

    // What each source is, once per request: every person's answer for the service shows the same.
    const infos = new Map(config.services.map((service) => [service.key, sourceInfo(service, searches.get(service.key)!.source, today)]));
    const people: PersonResult[] = request.people.map((person, index) => ({
      ref: String(index),
      person,
      ...(ages[index] !== undefined ? { ageYears: ages[index] } : {}),
      services: config.services.map((service) =>
        answerFor(service, person, matchPeopleIn[index]!, index, ages[index], searches.get(service.key)!, infos.get(service.key)!),
      ),
    }));

    // The read is over: end its transaction before the audit append, so that no process holds a read snapshot
    // while it waits for the chain's write lock.
    await trx.commit().execute();
    committed = true;
    await appendAuditEvent(db, {
      requestId: ctx.requestId,
      occurredAt: new Date(generatedAt),
      user: ctx.user,
      child: request.child,
      people: request.people,
      reason: request.reason,
      policy: ctx.policy,
      outcome: people.map((p) => {
        // The refs of the records shown: feedback is taken only on a record its user was shown (feedback/routes.ts).
        const shown = p.services.flatMap((s) => s.records.map((r) => r.ref));
        return {
          ref: p.ref,
          services: Object.fromEntries(p.services.map((s) => [s.service, s.status])) as Record<string, InvolvementStatus>,
          ...(shown.length ? { shown } : {}),
        };
      }),
      clientAddress: ctx.clientAddress,
    });
    // Only now, with the event committed, does the answer leave.
    return { requestId: ctx.requestId, generatedAt, people };
  } catch (error) {
    if (!committed) await trx.rollback().execute().catch(() => {});
    throw error;
  }
}

/** One loaded source to search, and whom to search it for. */
interface SourcePlan {
  service: string;
  source: LookupSourceRow;
  /** Indexes of the people its age rule lets it be searched for. */
  searchable: number[];
  keysBuilt: boolean;
  linksBuilt: boolean;
}

/**
 * Every given source, every searchable person, at most three queries: the stored links of people with a CMS id
 * (in the sources whose links are computed for the snapshot read) and the records they name, then one candidate
 * query for everyone the links do not cover (never seen at load time, or described differently on the page than
 * in the feed), each source's part keeping to its own snapshot. Per source, per person (by index): the resolved matches.
 */
async function searchSources(
  db: Transaction<Database>,
  plans: readonly SourcePlan[],
  people: readonly MatchPerson[],
  keys: readonly string[],
  thresholds: Config['matchThresholds'],
): Promise<Map<string, SourceFound>> {
  const prints = people.map((p) => (p.cmsId ? fingerprint(p) : ''));
  const linked = plans.filter((p) => p.linksBuilt && p.searchable.some((i) => people[i]!.cmsId));
  const stored = await readStoredLinksForSources(
    db,
    linked.map((p) => ({ service: p.service, snapshotId: p.source.snapshot_id })),
    linked.flatMap((p) => p.searchable.filter((i) => people[i]!.cmsId).map((i) => keys[i]!)),
  );

  const out = new Map<string, Array<Resolved<SourceRecordRow>[]>>();
  const rests = new Map<string, number[]>();
  for (const plan of plans) {
    const perPerson: Array<Resolved<SourceRecordRow>[]> = people.map(() => []);
    const covered = new Set<number>();
    if (linked.includes(plan)) {
      for (const i of plan.searchable) {
        if (!people[i]!.cmsId) continue;
        const mine = stored.filter((l) => l.service === plan.service && l.personKey === keys[i] && l.fingerprint === prints[i]);
        if (!mine.length) continue;
        covered.add(i);
        perPerson[i] = mine.flatMap((l) => (l.row && l.match ? [{ row: l.row, sourcePersonId: l.row.source_person_id, match: l.match }] : []));
      }
    }
    out.set(plan.service, perPerson);
    rests.set(plan.service, plan.searchable.filter((i) => !covered.has(i)));
  }

  const searched = plans.filter((p) => rests.get(p.service)!.length > 0);
  const candidates = await findCandidatesForSources(
    db,
    searched.map((p) => ({
      service: p.service,
      snapshotId: p.source.snapshot_id,
      keys: blockingKeys(rests.get(p.service)!.map((i) => people[i]!)),
      keysBuilt: p.keysBuilt,
    })),
  );
  for (const plan of searched) {
    const rest = rests.get(plan.service)!;
    const rows = candidates.filter((r) => r.service === plan.service);
    const found = scoreCandidates(rows, rest.map((i) => people[i]!), { keysBuilt: plan.keysBuilt, thresholds, frequencies: rememberedNameFrequencies(plan.source) });
    const perPerson = out.get(plan.service)!;
    rest.forEach((personIndex, k) => {
      perPerson[personIndex] = found[k]!;
    });
  }
  await addOtherRecordsOfMatchedPeople(db, plans, out);
  // Rows of the extract that could not be read, in the sources that have any: one more statement, only then.
  const withUnreadable = plans.filter((p) => (p.source.rows_rejected ?? 0) > 0);
  const unreadable = withUnreadable.length
    ? await findUnreadable(
        db,
        withUnreadable.map((p) => ({ service: p.service, snapshotId: p.source.snapshot_id })),
        [...new Set(withUnreadable.flatMap((p) => p.searchable))].map((i) => people[i]!),
      )
    : new Map<string, UnreadableRow[]>();
  const result = new Map<string, SourceFound>();
  for (const [service, perPerson] of out) result.set(service, { matches: resolveAcrossPeople(perPerson), unreadable: unreadable.get(service) ?? [] });
  return result;
}

/**
 * A source's own person id ties its records together (a past and a current tenancy): once a source person matches,
 * every record of theirs is shown with that match, whichever of them this request's candidates or the stored links
 * happened to include. One statement for all sources, only when something matched.
 */
async function addOtherRecordsOfMatchedPeople(
  db: Transaction<Database>,
  plans: readonly SourcePlan[],
  out: Map<string, Array<Resolved<SourceRecordRow>[]>>,
): Promise<void> {
  const searches = plans.map((plan) => ({
    service: plan.service,
    snapshotId: plan.source.snapshot_id,
    sourcePersonIds: [...new Set(out.get(plan.service)!.flatMap((list) => list.map((m) => m.sourcePersonId)))],
  }));
  const rows = await findRecordsOfSourcePeople(db, searches);
  if (rows.length === 0) return;
  for (const plan of plans) {
    const bySourcePerson = new Map<string, SourceRecordRow[]>();
    for (const row of rows) {
      if (row.service !== plan.service) continue;
      bySourcePerson.set(row.source_person_id, [...(bySourcePerson.get(row.source_person_id) ?? []), row]);
    }
    for (const list of out.get(plan.service)!) {
      const shown = new Set(list.map((m) => Number(m.row.id)));
      for (const { sourcePersonId, match } of [...new Map(list.map((m) => [m.sourcePersonId, m])).values()]) {
        for (const row of bySourcePerson.get(sourcePersonId) ?? []) {
          if (!shown.has(Number(row.id))) list.push({ row, sourcePersonId, match });
        }
      }
    }
  }
}

/** One source's search: per person (by index) the resolved matches, and its unreadable rows that may be them. */
interface SourceFound {
  matches: Array<Resolved<SourceRecordRow>[]>;
  unreadable: UnreadableRow[];
}

function appliesByAge(service: ServiceDef, age: number | undefined): boolean {
  // Unknown age: the rule cannot be applied, so the service is searched rather than hidden.
  return age === undefined || ageRuleApplies(service.ageRule, age);
}

function answerFor(
  service: ServiceDef,
  person: PersonInput,
  matchPerson: MatchPerson,
  personIndex: number,
  age: number | undefined,
  search: SourceSearch,
  info: SourceInfo,
): ServiceResult {
  const { source } = search;
  const base = { service: service.key, label: service.label, showsInvolvement: service.showsInvolvement };
  const fields = detailFieldInfo(service);
  const answer = (status: InvolvementStatus, explanation: string, records: InvolvementRecord[] = []): ServiceResult => ({
    ...base,
    status,
    explanation,
    source: info,
    records,
    ...(fields && records.length ? { fields } : {}),
  });
  const notChecked = (reason: NotCheckedReason, explanation: string): ServiceResult => ({
    ...answer('not-checked', explanation),
    notChecked: reason,
  });

  if (!appliesByAge(service, age)) {
    return answer('not-applicable', `${describeAgeRule(service.label, service.ageRule)} This person is ${age}.`);
  }
  if (!source || source.record_count === 0) {
    return notChecked('no-data', `No ${service.label} data has been loaded into Family Context, so it was not searched. Ask ${service.label} directly.`);
  }
  if (search.matches instanceof Error) {
    return notChecked('search-failed', `${source.name} could not be searched just now. Try again later, or ask ${service.label} directly.`);
  }

  const matched = [...(search.matches[personIndex] ?? [])].sort(compareMatches).map(({ row, match }) => toRecord(row, match));

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
    return notChecked(
      'out-of-date',
      `${source.name} was ${updated}, longer ago than its ${source.freshness_days}-day limit, so a search would miss recent involvement. Ask ${service.label} directly.`,
    );
  }
  if (!person.dateOfBirth) {
    return notChecked(
      'no-date-of-birth',
      `There is no date of birth for this person, so ${source.name} could not be searched reliably. Add their date of birth to the case record, or ask ${service.label} directly.`,
    );
  }
  const unreadable = (search.unreadable ?? []).filter((row) => couldBe(row, matchPerson));
  if (unreadable.length) {
    const unknown = unreadable.every((row) => row.last_name_norm === null && row.date_of_birth === null);
    return notChecked(
      'unreadable-rows',
      unknown
        ? `${searched}, but ${unreadable.length === 1 ? 'a row' : `${unreadable.length} rows`} of the latest ${source.name} extract could not be read at all and may be about this person, so Family Context cannot say there are no records. Ask ${service.label} directly.`
        : `${searched}, but ${unreadable.length === 1 ? 'a row' : `${unreadable.length} rows`} of the latest ${source.name} extract with a name or date of birth like theirs could not be read and may be about this person, so Family Context cannot say there are no records. Ask ${service.label} directly.`,
    );
  }
  const areas = parseAreas(source.area_postcodes);
  if (areas.length) {
    if (!matchPerson.postcode) {
      return notChecked(
        'address-unknown',
        `${searched}, but we do not know where they live, so we cannot tell whether it covers them (it covers ${source.area}). Ask ${service.label} directly.`,
      );
    }
    if (!postcodeWithin(matchPerson.postcode, areas)) {
      return notChecked(
        'outside-area',
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

/** Parsed area lists by their JSON text: the same few for every person and request. Never modified. */
const parsedAreas = new Map<string, readonly string[]>();

function parseAreas(json: string): readonly string[] {
  let areas = parsedAreas.get(json);
  if (!areas) {
    areas = readAreas(json);
    if (parsedAreas.size >= 100) parsedAreas.clear();
    parsedAreas.set(json, areas);
  }
  return areas;
}

function readAreas(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
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
    // Only values safe to dial or mail (sources/contact-values.ts); anything else is dropped.
    ...(safePhone(row.contact_phone) ? { phone: safePhone(row.contact_phone) } : {}),
    ...(safeEmail(row.contact_email) ? { email: safeEmail(row.contact_email) } : {}),
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
    match: { band: match.band, score: match.score, basis: match.basis, ...(match.disputed ? { disputed: true } : {}) },
  };
}
