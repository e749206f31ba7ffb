/**
 * Starts Family Context: reads config, opens and migrates the database, seeds the demo, listens.
 *
 * With FC_WORKERS > 1 the first process migrates the database, then starts that many worker processes
 * (node:cluster) that share the port, each with its own database connection; it restarts a worker that dies and,
 * on SIGTERM/SIGINT, lets every worker finish its requests in flight. Nothing a request needs is kept in a worker's
 * memory, so any worker (or replica) can answer any request.
 */
import cluster, { type Worker } from 'node:cluster';
import type { Kysely } from 'kysely';
import type { createDemoIssuer } from './auth/demo-issuer.js';
import { logCheckpoint } from './audit/checkpoint.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { openDatabase, redactUrl } from './db/connect.js';
import { migrateToLatest } from './db/migrate.js';
import type { Database } from './db/schema.js';
import { serveClusterMetrics } from './http/cluster-metrics.js';
import { createLogger, type Logger } from './http/logger.js';
import type { DemoCalendar } from './demo/seed-day.js';
import { systemClock } from './time/calendar.js';

// The app and the demo are imported where they are used, so a primary that only supervises workers stays small.

/** A worker dying more often than this (deaths within the window) stops the whole server: something is wrong. */
const RESTARTS_ALLOWED = 5;
const RESTART_WINDOW_MS = 60_000;
const SHUTDOWN_GRACE_MS = 10_000;
/**
 * A statement unanswered for this long means the database has hung (or the network to it): the statement fails and
 * its connection is replaced. Far longer than any statement a request runs; the request itself answered 503 long
 * before (FC_REQUEST_TIMEOUT_MS).
 */
const SERVER_QUERY_TIMEOUT_MS = 60_000;

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const { db } = await openDatabase(config.database, {
    queryTimeoutMs: SERVER_QUERY_TIMEOUT_MS,
    // A restart or failover ends connections: noted, never fatal (the requests using them answer 503).
    onConnectionError: (error) =>
      logger.warn(
        { code: (error as { code?: string }).code, err: redactUrl(error.message), pid: process.pid },
        'database connection lost; new connections will be opened',
      ),
  });

  if (cluster.isWorker) return serve(config, logger, db);

  await migrateToLatest(db);
  if (config.workers > 1) {
    await db.destroy();
    return superviseWorkers(config, logger);
  }

  let demo;
  if (config.demo) {
    const [{ createDemoIssuer }, { seedDemoCouncil }, { DemoCalendar }] = await Promise.all([
      import('./auth/demo-issuer.js'),
      import('./demo/seed.js'),
      import('./demo/seed-day.js'),
    ]);
    const issuer = await createDemoIssuer(config.auth.issuer);
    // Seeded for today now, and again by the first demo page asked for on a later day.
    const calendar = new DemoCalendar(
      db,
      systemClock,
      (seedDb, today, now) => seedDemoCouncil(seedDb, today, now, config.matchThresholds, config.services),
      (day, seeded) =>
        logger.info({ ...seeded, day }, seeded.seeded ? 'demo council seeded' : 'demo council already seeded'),
    );
    await calendar.today();
    demo = { issuer, calendar };
  }
  await serve(config, logger, db, demo);
}

async function serve(
  config: Readonly<Config>,
  logger: Logger,
  db: Kysely<Database>,
  demo?: { issuer: Awaited<ReturnType<typeof createDemoIssuer>>; calendar: DemoCalendar },
): Promise<void> {
  const { createApp } = await import('./app.js');
  const app = createApp({ config, db, logger, demoIssuer: demo?.issuer, demoCalendar: demo?.calendar });
  // Express 5 calls this back on 'error' too (port in use, an address this machine does not have): say so and
  // exit non-zero, so that systemd or a service manager sees a failed start (a worker's exit stops the cluster
  // through the restart limit).
  const server = app.listen(config.port, config.host, (error?: Error) => {
    if (error) {
      logger.error({ code: (error as NodeJS.ErrnoException).code, pid: process.pid }, `Family Context could not listen on ${config.host}:${config.port}: ${error.message}`);
      void db.destroy().finally(() => process.exit(1));
      return;
    }
    if (cluster.isWorker) return; // the primary says where once every worker listens
    const where = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`;
    logger.info({ database: `${config.database.kind}:${redactUrl(config.database.location)}`, demo: config.demo }, `Family Context listening on ${where}`);
    if (config.demo) console.log(`\n  Family Context demo: open ${where}/demo/mosaic.html\n`);
  });
  server.requestTimeout = 30_000;

  const shutdown = (signal: string) => {
    logger.info({ signal, pid: process.pid }, 'shutting down: finishing requests in flight');
    // The chain's head is anchored outside the database as the process stops (audit/checkpoint.ts). Closing the
    // pool can fail (the database went away): say so and exit 1, not an unhandled rejection.
    server.close(() => {
      void logCheckpoint(db, logger, config.auditCheckpointKey, new Date(), 'shutdown')
        .then(() => db.destroy())
        .then(
          () => process.exit(0),
          (error: unknown) => {
            logger.error({ err: error instanceof Error ? error.message : String(error) }, 'closing the database failed');
            process.exit(1);
          },
        );
    });
    setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS).unref();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

function superviseWorkers(config: Readonly<Config>, logger: Logger): void {
  serveClusterMetrics();
  let stopping = false;
  let stopCode = 0;
  let listening = 0;
  const alive = () => Object.values(cluster.workers ?? {}).filter((w) => w && !w.isDead()).length;
  const deaths: number[] = [];

  const start = (): Worker => {
    const worker = cluster.fork();
    worker.once('listening', () => {
      listening++;
      if (listening === config.workers) {
        const where = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`;
        logger.info({ database: `${config.database.kind}:${redactUrl(config.database.location)}`, workers: config.workers }, `Family Context listening on ${where}`);
      }
    });
    return worker;
  };
  for (let i = 0; i < config.workers; i++) start();

  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (alive() === 0) process.exit(stopCode);
      return;
    }
    const now = Date.now();
    deaths.push(now);
    while (deaths.length && deaths[0]! < now - RESTART_WINDOW_MS) deaths.shift();
    if (deaths.length > RESTARTS_ALLOWED) {
      logger.error({ pid: worker.process.pid, code, signal }, `workers keep dying (${deaths.length} in a minute): stopping the server`);
      stopAll(1);
      return;
    }
    logger.error({ pid: worker.process.pid, code, signal }, 'a worker stopped unexpectedly: starting another');
    start();
  });

  const stopAll = (exitCode: number) => {
    stopping = true;
    stopCode = exitCode;
    for (const worker of Object.values(cluster.workers ?? {})) if (worker && !worker.isDead()) worker.process.kill('SIGTERM');
    if (alive() === 0) process.exit(exitCode);
    setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS + 2_000).unref();
  };
  const onSignal = (signal: string) => {
    if (stopping) return;
    logger.info({ signal }, 'shutting down: each worker finishes its requests in flight');
    stopAll(0);
  };
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGINT', () => onSignal('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(`Family Context failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
