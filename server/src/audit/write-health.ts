/**
 * Whether this process can write its audit log just now, for /readyz (http/health.ts). No lookup is answered
 * without its audit event, so a replica whose audit writes fail (a full disk, a database made read-only, a
 * permission taken away) cannot serve anyone, even though its database still answers reads.
 *
 * Every audit append (audit/repository.ts) reports here. The replica is "not ready" from a failed append until an
 * append succeeds again, or until RETRY_AFTER_MS pass without another failure: a load balancer that took the
 * replica out sends it no lookups, so it must be offered a lookup again now and then to find out whether the fault
 * has cleared (a probe of its own could not tell: a small write can succeed on a disk too full for an audit event).
 */
import type { Kysely } from 'kysely';

/** After this long without another failure, the replica is offered lookups again. */
export const RETRY_AFTER_MS = 30_000;

export interface AuditWriteFailure {
  /** When the last append failed (ISO). */
  at: string;
  /** The database's error code (SQLITE_FULL, 53100...), never the message (it may quote data). */
  code: string;
}

class AuditWriteHealth {
  private failedAt = 0;
  private code = '';

  async track<T>(append: Promise<T>, now: () => number = Date.now): Promise<T> {
    try {
      const result = await append;
      this.failedAt = 0;
      return result;
    } catch (error) {
      this.failedAt = now();
      const code = (error as { code?: unknown }).code;
      this.code =
        typeof code === 'string' || typeof code === 'number'
          ? String(code)
          : error instanceof Error
            ? error.name
            : 'unknown';
      throw error;
    }
  }

  /** The last failure, while it still counts; undefined when audit writes are believed to work. */
  failure(now: () => number = Date.now): AuditWriteFailure | undefined {
    if (!this.failedAt || now() - this.failedAt >= RETRY_AFTER_MS) return undefined;
    return { at: new Date(this.failedAt).toISOString(), code: this.code };
  }
}

/** Kept per database handle, so that each server (and each test's server) in a process has its own. */
const byDatabase = new WeakMap<Kysely<any>, AuditWriteHealth>();

export function auditWriteHealth(db: Kysely<any>): AuditWriteHealth {
  let health = byDatabase.get(db);
  if (!health) byDatabase.set(db, (health = new AuditWriteHealth()));
  return health;
}
