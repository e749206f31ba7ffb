/**
 * /healthz: the process is up (for a liveness probe: restart when it fails).
 * /readyz: the database answers, audit events can be written (no lookup is answered without one: see
 * audit/write-health.ts) and at least one source is loaded (for a load balancer's readiness probe: send traffic
 * when it passes). Each source's freshness is reported too, but a stale source does not make a replica
 * unready: its answers say not-checked on their own, and taking every replica out would hide the fresh sources.
 */
import { Router } from 'express';
import type { Kysely } from 'kysely';
import { auditWriteHealth } from '../audit/write-health.js';
import type { Config } from '../config.js';
import type { Database } from '../db/schema.js';
import { listSources } from '../sources/repository.js';
import { daysBetween, todayIn, type Clock } from '../time/calendar.js';

export function healthRouter(db: Kysely<Database>, config: Readonly<Config>, clock: Clock): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    res.set('Cache-Control', 'no-store');
    try {
      const today = todayIn(clock);
      const sources = new Map((await listSources(db)).map((s) => [s.service, s]));
      const detail = config.services.map((service) => {
        const s = sources.get(service.key);
        if (!s || s.record_count === 0) return { service: service.key, loaded: false, fresh: false };
        const ageDays = daysBetween(s.last_updated, today);
        return { service: service.key, loaded: true, fresh: ageDays <= s.freshness_days, lastUpdated: s.last_updated, ageDays, freshnessDays: s.freshness_days };
      });
      const loaded = detail.some((d) => d.loaded);
      const allFresh = detail.every((d) => d.loaded && d.fresh);
      // Reads work, but no lookup can be answered without its audit event.
      const auditFailure = auditWriteHealth(db).failure();
      const status = auditFailure
        ? 'audit-writes-failing'
        : !loaded
          ? 'no-sources-loaded'
          : allFresh
            ? 'ready'
            : 'ready-some-sources-missing-or-stale';
      const audit = auditFailure ? { auditWrites: { failing: true, lastFailure: auditFailure } } : {};
      res.status(loaded && !auditFailure ? 200 : 503).json({ status, database: 'ok', ...audit, sources: detail });
    } catch {
      res.status(503).json({ status: 'database-unavailable', database: 'unavailable' });
    }
  });
  return router;
}
