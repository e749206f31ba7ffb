/** JSON errors that say what was wrong and what to do (the ApiError shape in api/contract.ts). */
import type { Response } from 'express';
import type { ApiError } from '../api/contract.js';

export function sendError(res: Response, status: number, error: string, message: string, fields?: ApiError['fields']): void {
  const body: ApiError = fields ? { error, message, fields } : { error, message };
  res.status(status).json(body);
}

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE', 'ESOCKET', 'ETIMEOUT',
  // PostgreSQL: connection exceptions and operator intervention.
  '08000', '08001', '08003', '08004', '08006', '57P01', '57P02', '57P03',
  // SQL Server (tedious): the connection closed or broke, a request on a connection no longer open, a failed login
  // (a failover to a replica not yet accepting them).
  'ECLOSE', 'EINVALIDSTATE', 'ELOGIN',
  // SQLite: busy, locked, cannot open, disk or file failing, disk full, file or folder made read-only.
  'SQLITE_BUSY', 'SQLITE_CANTOPEN', 'SQLITE_IOERR', 'SQLITE_LOCKED', 'SQLITE_FULL', 'SQLITE_READONLY',
]);

const UNAVAILABLE_MESSAGE = new RegExp(
  [
    'Connection terminated',
    'timeout exceeded when trying to connect',
    'connect ECONNREFUSED',
    'Failed to connect',
    'Query read timeout',
    'not queryable',
    'Timeout acquiring a connection',
  ].join('|'),
  'i',
);

/** True for errors that mean "the database cannot be reached right now" (answer 503 and recover), not a bug. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | undefined;
  if (typeof e?.code === 'string') {
    if (UNAVAILABLE_CODES.has(e.code) || /^SQLITE_(IOERR|READONLY|CANTOPEN|BUSY|LOCKED)/.test(e.code)) return true;
  }
  return typeof e?.message === 'string' && UNAVAILABLE_MESSAGE.test(e.message);
}
