/**
 * Audit endpoints for the auditor role (information governance): export, spot-check report and chain check.
 * Auditors do no lookups; every read of the audit log is itself recorded in it.
 */
import { Router, type RequestHandler } from 'express';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/schema.js';
import { sendError } from '../http/errors.js';
import type { Clock } from '../time/calendar.js';
import { toCsv, toJson } from './export.js';
import { appendAuditEvent, queryAuditEvents, type AuditQuery } from './repository.js';
import { spotCheck } from './spot-check.js';
import { verifyAuditChain } from './verify.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date in the form YYYY-MM-DD');
const querySchema = z.strictObject({
  from: isoDate.optional(),
  to: isoDate.optional(),
  user: z.string().min(1).max(200).optional(),
  format: z.enum(['json', 'csv'], { error: 'must be json or csv' }).optional(),
});

export function auditRouter(db: Kysely<Database>, clock: Clock, requireAuditor: RequestHandler[]): Router {
  const router = Router();

  const parse = (query: unknown) => {
    const parsed = querySchema.safeParse(query);
    if (parsed.success) return { ok: true as const, value: parsed.data };
    return { ok: false as const, fields: parsed.error.issues.map((i) => ({ field: i.path.join('.') || 'query', message: i.code === 'unrecognized_keys' ? `unknown parameter(s) ${i.keys.join(', ')}` : i.message })) };
  };

  /** Records the auditor's read in the chain: the read, then its event, committed before anything is sent. */
  const recorded = async <T>(req: Parameters<RequestHandler>[0], what: string, read: (trx: Kysely<Database>) => Promise<T>): Promise<T> => {
    const result = await db.transaction().execute(read);
    await appendAuditEvent(db, {
      requestId: req.id,
      occurredAt: clock(),
      kind: 'audit-export',
      user: req.user!,
      people: [],
      reason: what,
      outcome: [],
      clientAddress: req.ip,
    });
    return result;
  };

  router.get('/events', ...requireAuditor, async (req, res) => {
    const q = parse(req.query);
    if (!q.ok) return sendError(res, 400, 'invalid-request', 'The audit query was not valid.', q.fields);
    const { format = 'json', ...filter } = q.value;
    const rows = await recorded(req, `export ${format} ${describe(filter)}`, (trx) => queryAuditEvents(trx, filter));
    if (format === 'csv') {
      res.type('text/csv').attachment('family-context-audit.csv').send(toCsv(rows));
    } else {
      res.json({ events: toJson(rows) });
    }
  });

  router.get('/spot-check', ...requireAuditor, async (req, res) => {
    const q = parse(req.query);
    if (!q.ok) return sendError(res, 400, 'invalid-request', 'The audit query was not valid.', q.fields);
    const { from, to } = q.value;
    const rows = await recorded(req, `spot-check ${describe({ from, to })}`, (trx) => queryAuditEvents(trx, { from, to, kind: 'lookup' }));
    res.json(spotCheck(rows, { from, to }));
  });

  router.get('/verify', ...requireAuditor, async (_req, res) => {
    res.json(await verifyAuditChain(db));
  });

  return router;
}

function describe(filter: AuditQuery): string {
  return Object.entries(filter).filter(([, v]) => v).map(([k, v]) => `${k}=${v}`).join(' ') || 'all';
}
