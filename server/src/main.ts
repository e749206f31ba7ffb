/** Starts Family Context: reads config, opens and migrates the database, seeds the demo, listens. */
import { createApp } from './app.js';
import { createDemoIssuer } from './auth/demo-issuer.js';
import { ConfigError, loadConfig } from './config.js';
import { openDatabase, redactUrl } from './db/connect.js';
import { migrateToLatest } from './db/migrate.js';
import { seedDemoCouncil } from './demo/seed.js';
import { createLogger } from './http/logger.js';
import { systemClock, todayIn } from './time/calendar.js';

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
  const { db } = await openDatabase(config.database);
  await migrateToLatest(db);

  let demoIssuer;
  if (config.demo) {
    demoIssuer = await createDemoIssuer(config.auth.issuer);
    const seeded = await seedDemoCouncil(db, todayIn(systemClock), new Date());
    logger.info({ ...seeded }, seeded.seeded ? 'demo council seeded' : 'demo council already seeded');
  }

  const app = createApp({ config, db, logger, demoIssuer });
  const server = app.listen(config.port, config.host, () => {
    const where = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`;
    logger.info({ database: `${config.database.kind}:${redactUrl(config.database.location)}`, demo: config.demo }, `Family Context listening on ${where}`);
    if (config.demo) console.log(`\n  Family Context demo: open ${where}/demo/mosaic.html\n`);
  });
  server.requestTimeout = 30_000;

  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down: finishing requests in flight');
    server.close(async () => {
      await db.destroy();
      process.exit(0);
    });
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(`Family Context failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
