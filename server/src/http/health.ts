/** /healthz: the process is up. /readyz: the database answers and at least one source is loaded. */
import { Router } from 'express';
import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { Database } from '../db/schema.js';
import { listSources } from '../sources/repository.js';
import { daysBetween, todayIn, type Clock } from '../time/calendar.js';

export function healthRouter(db: Kysely<Database>, config: Readonly<Config>, clock: Clock): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    try {
      const today = todayIn(clock);
      const sources = new Map((await listSources(db)).map((s) => [s.service, s]));
      const detail = config.services.map((service) => {
        const s = sources.get(service.key);
        const loaded = !!s && s.record_count > 0;
        return { service: service.key, loaded, fresh: loaded && daysBetween(s!.last_updated, today) <= s!.freshness_days };
      });
      const ready = detail.some((d) => d.loaded);
      res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'no-sources-loaded', database: 'ok', sources: detail });
    } catch {
      res.status(503).json({ status: 'database-unavailable', database: 'unavailable' });
    }
  });
  return router;
}
