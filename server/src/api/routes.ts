/** The API: POST /api/v1/involvements and GET /api/v1/sources, both behind the bearer-token check. */
import express, { Router, type RequestHandler } from 'express';
import type { Kysely } from 'kysely';
import type { Registry } from 'prom-client';
import type { PersonInput, SourcesResponse } from './contract.js';
import { appendAuditEvent, countUnlinkedSince, type PolicyOutcome } from '../audit/repository.js';
import type { Config } from '../config.js';
import type { Database } from '../db/schema.js';
import { feedbackRouter } from '../feedback/routes.js';
import { sendError } from '../http/errors.js';
import type { Logger } from '../http/logger.js';
import { lookupInvolvements } from '../involvements/lookup.js';
import { createIgAlerter } from '../policy/ig-alert.js';
import { decideLinks, readChildLinks } from '../policy/link-policy.js';
import { notByIdAlone, resolvePeople } from '../involvements/resolve-people.js';
import { validateInvolvementsRequest } from '../involvements/request-schema.js';
import { feedReader } from '../sources/relationships.js';
import { listSources } from '../sources/repository.js';
import { lookupRateLimit } from '../http/rate-limit.js';
import { daysBetween, todayIn, type Clock } from '../time/calendar.js';

export interface ApiDeps {
  db: Kysely<Database>;
  config: Readonly<Config>;
  clock: Clock;
  logger: Logger;
  /** Authentication plus the social-worker role. */
  requireUser: RequestHandler[];
  /** The app's metrics registry, for the information-governance alert counter. */
  registry?: Registry;
}

export function apiRouter({ db, config, clock, logger, requireUser, registry }: ApiDeps): Router {
  const router = Router();
  const alert = createIgAlerter({ logger, ...(config.igAlertUrl ? { url: config.igAlertUrl } : {}), ...(registry ? { registry } : {}) });
  const json = express.json({ limit: '64kb', strict: true });

  const rateLimit = lookupRateLimit(db, config.lookupsPerMinute, clock);

  router.post('/involvements', ...requireUser, json, rateLimit, async (req, res) => {
    if (!req.is('application/json')) {
      return sendError(res, 415, 'unsupported-media-type', 'Send the request as JSON with Content-Type: application/json.', [
        { field: 'body', message: 'must be JSON' },
      ]);
    }
    const validation = validateInvolvementsRequest(req.body);
    if (!validation.ok) {
      const summary = validation.fields.map((f) => `${f.field}: ${f.message}`).join('; ');
      return sendError(res, 400, 'invalid-request', `The request was not valid. ${summary}.`, validation.fields);
    }
    try {
      const today = todayIn(clock);
      const readFeed = feedReader(db); // people and the link policy share one read of the relationship feed
      // A refusal after the relationship feed was read says something (whether a CMS id is known, whether someone
      // is linked): it is audited, and counted by the rate limit, like a lookup.
      const refused = async (error: string, fields: Array<{ field: string }>, policy?: { name: string; people: PolicyOutcome[] }) =>
        appendAuditEvent(db, {
          requestId: req.id,
          occurredAt: clock(),
          kind: 'refused',
          user: req.user!,
          child: validation.value.child,
          people: validation.value.people.map((p) => ({ ...p, firstName: p.firstName ?? '', lastName: p.lastName ?? '' })),
          ...(validation.value.reason ? { reason: validation.value.reason } : {}),
          policy: { name: policy?.name ?? 'not-decided', people: policy?.people ?? [], refused: { error, fields: fields.map((f) => f.field) } },
          outcome: [],
          clientAddress: req.ip,
        });
      // Who the feed links to the child today, and whether it vouches for the child as sent: read once, before
      // anything from the feed is added to the request (only linked people's details are).
      const childLinks = await readChildLinks(db, readFeed, validation.value.child, today);
      const linkedIds = new Set(childLinks && !childLinks.childProblem ? childLinks.links.keys() : []);
      const resolved = await resolvePeople(db, validation.value, today, readFeed, linkedIds);
      if (!resolved.ok) {
        await refused('invalid-request', resolved.fields);
        return sendError(res, 400, 'invalid-request', `The request was not valid. ${resolved.fields.map((f) => `${f.field}: ${f.message}`).join('; ')}.`, resolved.fields);
      }
      // The link policy compares the details the page sent with the feed's: the earlier surnames the feed added to
      // the request (resolvePeople) must not vouch for a name themselves.
      const asSent = {
        ...resolved.request,
        people: resolved.request.people.map(({ previousLastNames: _merged, ...p }, i) => {
          const sent = validation.value.people[i]!.previousLastNames;
          return sent ? { ...p, previousLastNames: sent } : p;
        }),
      };
      const decision = await decideLinks(db, config.linkPolicy, asSent, today, readFeed, resolved.described, config.linkRules, childLinks);
      if (!decision.allowed) {
        await refused(decision.error, decision.fields, { name: decision.policy, people: decision.people });
        return sendError(res, decision.status, decision.error, decision.message, decision.fields);
      }
      const unlinked = decision.unlinked;
      const policy = { name: decision.policy, people: decision.people };
      // People not linked to the child: only what the requester sent is searched and returned (nothing from the
      // feed), and a CMS id alone is not enough, with the same answer as for an id nobody knows.
      const alone = unlinked.filter((i) => !validation.value.people[i]!.firstName || !validation.value.people[i]!.lastName);
      if (alone.length) {
        const fields = alone.map((i) => ({ field: `people[${i}].cmsId`, message: notByIdAlone(validation.value.people[i]!.cmsId!) }));
        await refused('invalid-request', fields, policy);
        return sendError(res, 400, 'invalid-request', `The request was not valid. ${fields.map((f) => `${f.field}: ${f.message}`).join('; ')}.`, fields);
      }
      if (unlinked.length) {
        const { count, oldest } = await countUnlinkedSince(db, req.user!.sub, new Date(clock().getTime() - HOUR_MS));
        if (count + unlinked.length > config.unlinkedPerHour) {
          const retryAfter = Math.max(1, Math.ceil((Date.parse(oldest ?? clock().toISOString()) + HOUR_MS - clock().getTime()) / 1000));
          await refused('unlinked-limit', [{ field: 'people' }], policy);
          alert({ kind: 'unlinked-limit-reached', requestId: req.id, user: req.user!.sub, ...childIdOf(validation.value.child), personCmsIds: cmsIdsOf(validation.value.people, unlinked), unlinked: unlinked.length, at: clock().toISOString() });
          res.set('Retry-After', String(retryAfter));
          return sendError(
            res,
            429,
            'unlinked-limit',
            `You have looked up ${count} ${count === 1 ? 'person' : 'people'} not linked to a child in the last hour; the council allows ${config.unlinkedPerHour} an hour. Information governance has been told. Try again in ${Math.ceil(retryAfter / 60)} minutes, or ask them.`,
            [{ field: 'people', message: `at most ${config.unlinkedPerHour} people not linked to the child an hour` }],
          );
        }
      }
      const request = {
        ...resolved.request,
        people: resolved.request.people.map((p, i) => {
          if (unlinked.includes(i)) return validation.value.people[i] as PersonInput;
          // Linked, with a surname the case record does not have yet (or no longer): search both.
          const differs = decision.differs?.get(i);
          const feedSurname = differs?.field === 'lastName' ? differs.caseRecord.lastName : null;
          return feedSurname ? { ...p, previousLastNames: [...new Set([...(p.previousLastNames ?? []), feedSurname])] } : p;
        }),
      };
      const response = await lookupInvolvements(
        {
          db,
          config,
          clock,
          requestId: req.id,
          user: req.user!,
          clientAddress: req.ip,
          policy,
          ...(decision.withheld ? { withheld: decision.withheld } : {}),
        },
        request,
      );
      for (const [i, { field }] of decision.differs ?? []) response.people[i]!.differsFromCaseRecord = [field];
      if (unlinked.length) {
        alert({ kind: 'unlinked-lookup', requestId: req.id, user: req.user!.sub, ...childIdOf(validation.value.child), personCmsIds: cmsIdsOf(validation.value.people, unlinked), unlinked: unlinked.length, at: response.generatedAt });
      }
      // The request timeout may have answered already (503): the lookup is audited, but nothing more is sent.
      if (res.headersSent) return logger.warn({ requestId: req.id }, 'lookup finished after the request timed out: its answer was not sent');
      res.json(response);
    } catch (error) {
      if (res.headersSent) return logger.warn({ requestId: req.id, err: describeError(error) }, 'lookup failed after the request timed out');
      // The read and its audit event share a transaction: if either failed, no data leaves.
      logger.error({ requestId: req.id, err: describeError(error) }, 'lookup failed');
      sendError(res, 503, 'lookup-unavailable', 'Family Context could not complete and record this lookup just now, so nothing is shown. Try again in a minute; if it keeps happening, tell your IT service desk.');
    }
  });

  router.use(feedbackRouter({ db, config, clock, logger, requireUser }));

  router.get('/sources', ...requireUser, async (_req, res) => {
    const today = todayIn(clock);
    const rows = new Map((await listSources(db)).map((s) => [s.service, s]));
    const body: SourcesResponse = {
      sources: config.services.map((service) => {
        const s = rows.get(service.key);
        if (!s) {
          return { service: service.key, label: service.label, name: `${service.label}: no data loaded`, lastUpdated: '', area: '', loaded: false, recordCount: 0, freshnessDays: 0 };
        }
        return {
          service: service.key,
          label: service.label,
          name: s.name,
          lastUpdated: s.last_updated,
          ...(s.coverage_from ? { coverageFrom: s.coverage_from } : {}),
          ...(s.coverage_to ? { coverageTo: s.coverage_to } : {}),
          area: s.area,
          ...(s.notes ? { notes: s.notes } : {}),
          stale: daysBetween(s.last_updated, today) > s.freshness_days,
          loaded: s.record_count > 0,
          recordCount: s.record_count,
          freshnessDays: s.freshness_days,
        };
      }),
    };
    res.json(body);
  });

  return router;
}

const HOUR_MS = 3_600_000;

const childIdOf = (child: PersonInput): { childCmsId?: string } => (child.cmsId ? { childCmsId: child.cmsId } : {});
const cmsIdsOf = (people: ReadonlyArray<{ cmsId?: string }>, indexes: readonly number[]): string[] => indexes.flatMap((i) => (people[i]!.cmsId ? [people[i]!.cmsId!] : []));

/** Error details for logs: the message and code, never request data. */
export function describeError(error: unknown): { message: string; code?: string } {
  if (error instanceof Error) return { message: error.message, code: (error as { code?: string }).code };
  return { message: String(error) };
}
