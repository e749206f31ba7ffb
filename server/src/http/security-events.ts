/**
 * Security events: every answer of 401 (a refused or missing token), 403 (a missing role, or the link policy
 * refusing someone) and 429 (a rate limit or the hourly limit on people not linked) is counted
 * (`fc_security_events_total`, by status and route) and logged as `"event":"security"` at warn, with the request
 * id, method, path, user id (when the token was valid) and client address: never the token, the body or the
 * people asked about.
 */
import type { RequestHandler } from 'express';
import { Counter, type Registry } from 'prom-client';
import type { Logger } from './logger.js';

const KINDS: Record<number, string> = { 401: 'unauthorised', 403: 'forbidden', 429: 'rate-limited' };

export function securityEvents(logger: Logger, registry: Registry): RequestHandler {
  const counter = new Counter({
    name: 'fc_security_events_total',
    help: 'Answers refused for security: 401 (token), 403 (role or link policy), 429 (rate limits), by status and route pattern.',
    labelNames: ['status', 'route'] as const,
    registers: [registry],
  });
  return (req, res, next) => {
    // The route pattern (never the address as asked), read as the headers go out: by 'finish' it is gone.
    let route: string | undefined;
    const writeHead = res.writeHead;
    res.writeHead = function (this: typeof res, ...args: unknown[]) {
      route ??= req.route ? `${req.baseUrl}${String(req.route.path)}` : 'other';
      return (writeHead as (...a: unknown[]) => typeof res).apply(this, args);
    } as typeof res.writeHead;
    res.on('finish', () => {
      const kind = KINDS[res.statusCode];
      if (!kind) return;
      route ??= 'other';
      counter.inc({ status: String(res.statusCode), route });
      logger.warn({ event: 'security', kind, status: res.statusCode, requestId: req.id, method: req.method, route, user: req.user?.sub, ip: req.ip }, `security event: ${kind}`);
    });
    next();
  };
}
