/** Builds the express app. It does not listen: main.ts does, and tests start it in-process on port 0. */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Kysely } from 'kysely';
import { apiRouter } from './api/routes.js';
import { logCheckpoint } from './audit/checkpoint.js';
import { onAuditAppended } from './audit/repository.js';
import { auditRouter } from './audit/routes.js';
import type { DemoIssuer } from './auth/demo-issuer.js';
import { authenticate, createKeyResolver, requireRole } from './auth/verify-token.js';
import type { Config } from './config.js';
import type { Database } from './db/schema.js';
import { demoRouter } from './demo/routes.js';
import type { DemoCalendar } from './demo/seed-day.js';
import { panelRouter } from './panel/routes.js';
import { isDatabaseUnavailable, sendError } from './http/errors.js';
import { benchFloorRouter } from './http/bench-floor.js';
import { healthRouter } from './http/health.js';
import { createMetrics } from './http/metrics.js';
import { securityEvents } from './http/security-events.js';
import type { Logger } from './http/logger.js';
import { cors, noStore, requestId, requestLog, requestTimeout, securityHeaders } from './http/middleware.js';
import { systemClock, type Clock } from './time/calendar.js';

export interface AppDeps {
  config: Readonly<Config>;
  db: Kysely<Database>;
  logger: Logger;
  clock?: Clock;
  /** Required when config.demo is true. */
  demoIssuer?: DemoIssuer;
  /** Demo: the day its data was seeded for, re-seeded on a new day (demo/seed-day.ts). */
  demoCalendar?: DemoCalendar;
}

// The project's dist/ from server/src/app.ts (tsx) or from the compiled dist/server/server/src/app.js (start:prod).
const DIST = fileURLToPath(new URL(import.meta.url.endsWith('.js') ? '../../../' : '../../dist/', import.meta.url));

export function createApp(deps: AppDeps): express.Express {
  const { config, db, logger, clock = systemClock, demoIssuer, demoCalendar } = deps;
  if (config.demo && !demoIssuer) throw new Error('Demo mode needs the demo issuer');
  const app = express();
  app.disable('x-powered-by');
  // No ETag on answers: they are personal data sent with no-store, so there is nothing to revalidate, and a hash of
  // each answer costs CPU on every lookup (static files keep theirs: serve-static sets its own).
  app.set('etag', false);
  app.set('trust proxy', 'loopback');
  const metrics = createMetrics(db, config, clock);
  // A checkpoint of the audit chain's head in the log stream every N events this process appends (audit/checkpoint.ts).
  if (config.auditCheckpointEvery > 0) {
    let appended = 0;
    onAuditAppended(db, () => {
      if (++appended % config.auditCheckpointEvery === 0) void logCheckpoint(db, logger, config.auditCheckpointKey, clock(), `every ${config.auditCheckpointEvery} events`);
    });
  }
  app.use(metrics.middleware, requestId(), securityHeaders(), requestLog(logger), securityEvents(logger, metrics.registry), requestTimeout(config.requestTimeoutMs));

  app.use(healthRouter(db, config, clock), metrics.router);
  if (config.benchFloor) app.use('/bench', benchFloorRouter());

  const getKey = createKeyResolver(config.auth, demoIssuer?.jwks);
  const requireUser = [authenticate(config.auth, getKey, logger), requireRole(config.auth.role, 'use Family Context')];
  const requireAuditor = [authenticate(config.auth, getKey, logger), requireRole(config.auth.auditorRole, 'read the audit log')];
  app.use('/api/v1/audit', noStore(), auditRouter(db, clock, requireAuditor));
  app.use('/api/v1', cors(config.allowedOrigins), noStore(), apiRouter({ db, config, clock, logger, requireUser, registry: metrics.registry }));

  // The built widget and host shims, for CMS pages to load (`npm run build` writes dist/). CMS pages load them
  // as module scripts from another origin, which browsers fetch with CORS.
  // Only those two folders: the compiled server (dist/server) is never served, however its address is spelt
  // (%73erver, //server, ./server all reach the same folder once decoded).
  for (const folder of ['widget', 'host-shims']) {
    app.use(`/dist/${folder}`, cors(config.allowedOrigins), express.static(join(DIST, folder), { fallthrough: false, index: false, maxAge: config.demo ? 0 : '1h' }));
  }
  app.use('/panel', panelRouter(config));

  if (config.demo && demoIssuer) {
    // CORS for the allowed CMS origins: a CMS page on another origin signs in with the demo issuer (POST /demo/token).
    app.use('/demo', cors(config.allowedOrigins), demoRouter(demoIssuer, config.auth.audience, clock, demoCalendar));
    app.get('/', (_req, res) => res.redirect('/demo/'));
  }

  app.use((_req, res) => sendError(res, 404, 'not-found', 'There is nothing at this address.'));
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    // An answer already went (the request timeout's 503): nothing more can be sent, so the error is only noted.
    if (res.headersSent) return logger.warn({ requestId: req.id, err: error instanceof Error ? error.message : String(error) }, 'error after the answer was sent');
    const status = (error as { status?: number }).status ?? 500;
    const type = (error as { type?: string }).type;
    if (type === 'entity.parse.failed') {
      return sendError(res, 400, 'invalid-json', 'The request body is not valid JSON. Send a JSON object with child and people.', [
        { field: 'body', message: 'is not valid JSON' },
      ]);
    }
    if (type === 'entity.too.large') {
      return sendError(res, 413, 'body-too-large', 'The request body is too large. Send at most 30 people per request.', [
        { field: 'body', message: 'is too large' },
      ]);
    }
    if (status === 404) return sendError(res, 404, 'not-found', 'There is nothing at this address.');
    if (isDatabaseUnavailable(error)) {
      logger.error({ requestId: req.id, err: (error as Error).message }, 'database unavailable');
      return sendError(res, 503, 'database-unavailable', 'Family Context cannot reach its database just now. Try again in a minute; if it keeps happening, tell your IT service desk.');
    }
    if (status >= 400 && status < 500) return sendError(res, status, 'bad-request', 'The request could not be understood.');
    logger.error({ requestId: req.id, err: error instanceof Error ? error.message : String(error) }, 'unhandled error');
    sendError(res, 500, 'internal-error', 'Something went wrong in Family Context. Try again; if it keeps happening, tell your IT service desk.');
  });
  return app;
}
