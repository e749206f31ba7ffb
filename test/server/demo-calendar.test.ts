/**
 * The demo across midnight: its pages and its database agree on any day. A clock the test moves (no waiting): the
 * demo is seeded at 23:50, and at 00:30 the pages and the seeded family must still describe the same people (the
 * dates of birth derive from the day), so that the family is linked, not "not linked".
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import { asPersonInput, DEMO_LINKED_ORDER, demoPeople } from '../../fixtures/council/demo-family.js';
import { createApp } from '../../server/src/app.js';
import { createDemoIssuer } from '../../server/src/auth/demo-issuer.js';
import { loadConfig } from '../../server/src/config.js';
import { openDatabase } from '../../server/src/db/connect.js';
import { migrateToLatest } from '../../server/src/db/migrate.js';
import type { Database } from '../../server/src/db/schema.js';
import { createLogger } from '../../server/src/http/logger.js';
import { seedDemoCouncil } from '../../server/src/demo/seed.js';
import { DemoCalendar } from '../../server/src/demo/seed-day.js';
import { addDays } from '../../server/src/time/calendar.js';

describe('the demo across midnight', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fc-demo-day-'));
  let db: Kysely<Database>;
  let server: Server;
  let url: string;
  // 23:50 in London (GMT in November).
  let now = new Date('2026-11-21T23:50:00Z');
  const clock = () => now;

  before(async () => {
    const config = loadConfig({
      FC_DEMO: '1',
      FC_DB: `sqlite:${join(dir, 'demo.db')}`,
      FC_LOG_LEVEL: 'silent',
      FC_RATE_LIMIT_PER_MINUTE: '1000',
    });
    ({ db } = await openDatabase(config.database));
    await migrateToLatest(db);
    const calendar = new DemoCalendar(db, clock, (d, today, at) =>
      seedDemoCouncil(d, today, at, config.matchThresholds, config.services),
    );
    assert.equal(await calendar.today(), '2026-11-21');
    const demoIssuer = await createDemoIssuer(config.auth.issuer);
    const app = createApp({ config, db, logger: createLogger('silent'), clock, demoIssuer, demoCalendar: calendar });
    server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await db?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The day whose family the page shows: the one whose child's date of birth is on it. */
  const pageDay = async (): Promise<string> => {
    const html = await (await fetch(`${url}/demo/generic.html`)).text();
    const days = [addDays('2026-11-21', -1), '2026-11-21', '2026-11-22'].filter((d) =>
      html.includes(demoPeople(d).child.dateOfBirth!),
    );
    assert.equal(days.length, 1, `the page shows one day's family (${days.join(', ')})`);
    return days[0]!;
  };

  /** A lookup of the family exactly as the page shows it, by the demo's social worker. */
  const lookupAsPage = async (day: string): Promise<Response> => {
    const tokenRes = await fetch(`${url}/demo/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'sam', roles: ['FamilyContext.User'] }),
    });
    const { access_token: token } = (await tokenRes.json()) as { access_token: string };
    const people = demoPeople(day);
    const family = DEMO_LINKED_ORDER.filter((r) => r !== 'allocatedWorker' && r !== 'gp').map((r) =>
      asPersonInput(people[r]),
    );
    return fetch(`${url}/api/v1/involvements`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ child: asPersonInput(people.child), people: family }),
    });
  };

  it('shows the family seeded for the same day, before and after midnight, and the family stays linked', async () => {
    assert.equal(await pageDay(), '2026-11-21');
    const before = await lookupAsPage('2026-11-21');
    assert.equal(before.status, 200, await before.clone().text());

    now = new Date('2026-11-22T00:30:00Z');
    const day = await pageDay();
    const feed = await db.selectFrom('relationship_feed').select('last_updated').executeTakeFirstOrThrow();
    assert.equal(addDays(feed.last_updated, 1), day, 'the page shows the day the data was seeded for');
    assert.equal(day, '2026-11-22', 'a new day re-seeds the data');
    const afterMidnight = await lookupAsPage(day);
    assert.equal(afterMidnight.status, 200, await afterMidnight.clone().text());
  });
});
