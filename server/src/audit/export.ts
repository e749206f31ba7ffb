/** Audit export in CSV and JSON, for information governance officers. */
import type { AuditEventRow } from '../db/schema.js';

const COLUMNS = ['id', 'occurred_at', 'kind', 'request_id', 'user_sub', 'user_name', 'client_address', 'child', 'people', 'reason', 'policy', 'outcome', 'prev_hash', 'hash'] as const;

export function toJson(rows: AuditEventRow[]): object[] {
  return rows.map((r) => ({
    id: r.id,
    occurredAt: r.occurred_at,
    kind: r.kind,
    requestId: r.request_id,
    user: { sub: r.user_sub, name: r.user_name },
    clientAddress: r.client_address,
    child: parseOr(r.child),
    people: parseOr(r.people),
    reason: r.reason,
    policy: parseOr(r.policy),
    outcome: parseOr(r.outcome),
    prevHash: r.prev_hash,
    hash: r.hash,
  }));
}

export function toCsv(rows: AuditEventRow[]): string {
  const lines = [COLUMNS.join(',')];
  for (const row of rows) lines.push(COLUMNS.map((c) => csvCell(row[c])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** Quotes a CSV cell; a leading =, +, - or @ is prefixed with ' so spreadsheets never run it as a formula. */
function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== String(value) ? `"${text.replace(/"/g, '""')}"` : text;
}

function parseOr(json: string | null): unknown {
  if (json === null) return null;
  try {
    return JSON.parse(json);
  } catch {
    return json;
  }
}
