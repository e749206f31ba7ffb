/**
 * Information-governance alerts: every lookup of people not linked to the child (and every time a user reaches the
 * hourly limit on them) is told to information governance the same day, three ways: a structured log event
 * (`"event":"ig-alert"`, for the council's log monitoring), a Prometheus counter (`fc_ig_alerts_total`), and,
 * when FC_IG_ALERT_URL is set, a JSON POST to the council's endpoint. The POST is fire-and-forget with a timeout:
 * it never delays or blocks the answer, and a failure is logged. An alert carries only what the audit event
 * already holds to find it by: the request id, the user's id, CMS ids and counts; never names, dates of birth or
 * the reason.
 */
import { Counter, type Registry } from 'prom-client';
import type { Logger } from '../http/logger.js';

export interface IgAlert {
  kind: 'unlinked-lookup' | 'unlinked-limit-reached';
  requestId: string;
  /** The token's subject. */
  user: string;
  childCmsId?: string;
  /** CMS ids of the people not linked to the child (those sent with one). */
  personCmsIds: string[];
  /** How many people not linked to the child the request asked about. */
  unlinked: number;
  /** ISO date-time. */
  at: string;
}

export type IgAlerter = (alert: IgAlert) => void;

export function createIgAlerter(options: { logger: Logger; url?: URL; registry?: Registry; timeoutMs?: number }): IgAlerter {
  const { logger, url, timeoutMs = 5000 } = options;
  const counter = new Counter({
    name: 'fc_ig_alerts_total',
    help: 'Information-governance alerts raised: lookups of people not linked to the child, and users reaching the hourly limit on them.',
    labelNames: ['kind'] as const,
    registers: options.registry ? [options.registry] : [],
  });
  return (alert) => {
    counter.inc({ kind: alert.kind });
    logger.warn({ event: 'ig-alert', ...alert }, alert.kind === 'unlinked-lookup' ? 'information-governance alert: people not linked to the child were looked up' : 'information-governance alert: a user reached the hourly limit on people not linked to the child');
    if (!url) return;
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ event: 'ig-alert', ...alert }),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    })
      .then((res) => {
        if (!res.ok) logger.error({ event: 'ig-alert-not-delivered', requestId: alert.requestId, status: res.status }, 'the information-governance alert endpoint refused an alert');
        void res.body?.cancel().catch(() => {});
      })
      .catch((error: unknown) => {
        logger.error({ event: 'ig-alert-not-delivered', requestId: alert.requestId, err: error instanceof Error ? error.message : String(error) }, 'an information-governance alert could not be delivered');
      });
  };
}
