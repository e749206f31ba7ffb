/**
 * Per-user rate limit on lookups, counted from the audit log so every replica sees the same count (nothing kept
 * in process memory). Over the limit: 429 with Retry-After.
 */
import type { RequestHandler } from 'express';
import type { Kysely } from 'kysely';
import { countLookupsSince } from '../audit/repository.js';
import type { Database } from '../db/schema.js';
import type { Clock } from '../time/calendar.js';
import { sendError } from './errors.js';

const WINDOW_MS = 60_000;

export function lookupRateLimit(db: Kysely<Database>, perMinute: number, clock: Clock): RequestHandler {
  return async (req, res, next) => {
    const now = clock().getTime();
    const { count, oldest } = await countLookupsSince(db, req.user!.sub, new Date(now - WINDOW_MS));
    if (count < perMinute) return next();
    const retryAfter = Math.max(1, Math.ceil((Date.parse(oldest ?? new Date(now).toISOString()) + WINDOW_MS - now) / 1000));
    res.set('Retry-After', String(retryAfter));
    sendError(res, 429, 'rate-limited', `You have made ${count} lookups in the last minute, the most allowed. Try again in ${retryAfter} seconds.`);
  };
}
