/**
 * Prometheus metrics at /metrics (prom-client): request latency by route and status, statuses returned per
 * service, and each source's age in days. Labels never carry personal data: routes are the route patterns,
 * not the URLs asked for.
 *
 * Restricted: FC_METRICS=off removes the endpoint; otherwise only addresses in FC_METRICS_ALLOW (addresses or
 * CIDR ranges; loopback by default) or requests with the FC_METRICS_TOKEN bearer secret are served.
 * Each app has its own registry: nothing is shared between apps in one process (tests start many).
 */
import { timingSafeEqual } from 'node:crypto';
import { BlockList, isIP } from 'node:net';
import { Router, type RequestHandler } from 'express';
import type { Kysely } from 'kysely';
import cluster from 'node:cluster';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { clusterMetricsFromPrimary, shareRegistryWithPrimary } from './cluster-metrics.js';
import type { Config } from '../config.js';
import type { Database, SourceRow } from '../db/schema.js';
import { listSources } from '../sources/repository.js';
import { daysBetween, todayIn, type Clock } from '../time/calendar.js';
import { sendError } from './errors.js';
import { parseAllowEntry } from './metrics-config.js';

function allowList(entries: readonly string[]): (ip: string | undefined) => boolean {
  const list = new BlockList();
  for (const entry of entries) {
    const parsed = parseAllowEntry(entry);
    if (!parsed) continue;
    if (parsed.prefix === undefined) list.addAddress(parsed.address, parsed.type);
    else list.addSubnet(parsed.address, parsed.prefix, parsed.type);
  }
  return (ip) => {
    if (!ip) return false;
    const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1];
    if (v4) return list.check(v4, 'ipv4');
    const version = isIP(ip);
    return version !== 0 && list.check(ip, version === 4 ? 'ipv4' : 'ipv6');
  };
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface Metrics {
  /** Times every request and counts the statuses each lookup returns. Mount first. */
  middleware: RequestHandler;
  /** GET /metrics, restricted. */
  router: Router;
  registry: Registry;
}

interface LookupBody {
  people?: Array<{ services?: Array<{ service?: unknown; status?: unknown }> }>;
}

export function createMetrics(db: Kysely<Database>, config: Readonly<Config>, clock: Clock): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'fc_' });

  const latency = new Histogram({
    name: 'fc_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by route pattern, method and status code.',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.015, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const statuses = new Counter({
    name: 'fc_lookup_statuses_total',
    help: 'Answers given by POST /api/v1/involvements, by service and status (involved, no-records, not-checked, not-applicable).',
    labelNames: ['service', 'status'] as const,
    registers: [registry],
  });
  // Source figures are read from the database at scrape time, so every replica reports the same, current figures.
  // Each gauge sets its own values in its own collect: prom-client writes a gauge out as soon as that gauge's collect
  // is done, so values set by another gauge's collect came out one scrape late (and not at all on the first).
  // The gauges of one scrape share one read of the sources.
  let reading: Promise<{ today: string; loaded: Map<string, SourceRow> }> | undefined;
  const readSources = () =>
    (reading ??= listSources(db)
      .then((rows) => ({ today: todayIn(clock), loaded: new Map(rows.map((s) => [s.service, s])) }))
      .finally(() => {
        reading = undefined;
      }));
  const sourceGauge = (name: string, help: string, value: (source: SourceRow | undefined, today: string) => number | undefined) =>
    new Gauge({
      name,
      help,
      labelNames: ['service'] as const,
      // Several workers read the same database: their figures are the same, not to be added up.
      aggregator: 'first',
      registers: [registry],
      async collect() {
        const { today, loaded } = await readSources();
        this.reset();
        for (const service of config.services) {
          const v = value(loaded.get(service.key), today);
          if (v !== undefined) this.set({ service: service.key }, v);
        }
      },
    });
  sourceGauge(
    'fc_source_age_days',
    "Days since each source's extract was last updated (the source's freshness limit is fc_source_freshness_days).",
    (source, today) => source && daysBetween(source.last_updated, today),
  );
  sourceGauge('fc_source_freshness_days', 'Days after its last update when a source stops being trusted for "no records".', (source) => source?.freshness_days);
  sourceGauge(
    'fc_source_records',
    'Records loaded for each enabled source (0 when none are loaded: every answer for it is not-checked).',
    (source) => source?.record_count ?? 0,
  );

  const middleware: RequestHandler = (req, res, next) => {
    const started = process.hrtime.bigint();
    if (req.method === 'POST' && req.path === '/api/v1/involvements') {
      const json = res.json.bind(res);
      res.json = (body: LookupBody) => {
        if (res.statusCode === 200) {
          for (const person of body?.people ?? []) {
            for (const s of person.services ?? []) {
              if (typeof s.service === 'string' && typeof s.status === 'string') statuses.inc({ service: s.service, status: s.status });
            }
          }
        }
        return json(body);
      };
    }
    // The route pattern when one matched (never the URL itself), read as the headers go out: by 'finish' the
    // routers have unwound and req.baseUrl is reset.
    let route: string | undefined;
    const writeHead = res.writeHead;
    res.writeHead = function (this: typeof res, ...args: unknown[]) {
      route ??= req.route ? `${req.baseUrl}${String(req.route.path)}` : undefined;
      return (writeHead as (...a: unknown[]) => typeof res).apply(this, args);
    } as typeof res.writeHead;
    res.on('finish', () => {
      const label = route ?? (res.statusCode === 404 ? 'not-found' : 'other');
      latency.observe({ route: label, method: req.method, status: String(res.statusCode) }, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  };

  const allowed = allowList(config.metrics.allow);
  const router = Router();
  if (config.metrics.enabled) {
    router.get('/metrics', async (req, res) => {
      const bearer = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
      const byToken = !!config.metrics.token && !!bearer && sameSecret(bearer, config.metrics.token);
      if (!byToken && !allowed(req.ip)) {
        return sendError(res, 403, 'forbidden', 'Metrics are served only to the addresses in FC_METRICS_ALLOW, or with the FC_METRICS_TOKEN bearer secret.');
      }
      try {
        const text = cluster.isWorker ? await clusterMetricsFromPrimary() : await registry.metrics();
        res.set('Cache-Control', 'no-store').type(registry.contentType).send(text);
      } catch {
        sendError(res, 503, 'metrics-unavailable', 'Metrics could not be read just now (the database, or a worker process, did not answer in time). Try again at the next scrape.');
      }
    });
  }
  if (cluster.isWorker) shareRegistryWithPrimary(registry);
  return { middleware, router, registry };
}
