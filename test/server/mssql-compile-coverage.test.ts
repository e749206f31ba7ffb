/**
 * SQL Server without a SQL Server, continued: the server code that mssql-compile.test.ts does not reach, run
 * through kysely's SQL Server compiler against the recording driver of compile-only-dialect.ts. Feedback, the
 * health and metrics reads, the audit chain's verification and purge and the auditor's endpoints, name
 * frequencies, building blocking keys and computing links, unreadable rows, relationship-feed loads and the
 * snapshot machinery (stale loads, aborts, heartbeats, batched deletes).
 *
 * The SQLite-only branches (NOT INDEXED paging, PRAGMAs, worker threads, BEGIN IMMEDIATE) are guarded by
 * databaseKindOf(db); each test that passes such a guard also checks that none of that syntax was sent.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { describe, it, mock } from 'node:test';
import express, { type RequestHandler, type Router } from 'express';
import type { CompiledQuery } from 'kysely';
import type { FeedbackRequest } from '../../server/src/api/contract.js';
import { chainHash, GENESIS_HASH, type ChainedFields } from '../../server/src/audit/chain.js';
import { auditRouter } from '../../server/src/audit/routes.js';
import { purgeAuditEvents, verifyAuditChain } from '../../server/src/audit/verify.js';
import { loadConfig } from '../../server/src/config.js';
import { DEFAULT_SERVICES_FILE } from '../../server/src/services/catalogue.js';
import { seedDemoCouncil } from '../../server/src/demo/seed.js';
import type { AuditEventRow, Database } from '../../server/src/db/schema.js';
import { feedbackPersonKey, openFeedback, recordFeedback, suppressedLinks } from '../../server/src/feedback/repository.js';
import { feedbackRouter } from '../../server/src/feedback/routes.js';
import { healthRouter } from '../../server/src/http/health.js';
import { createLogger } from '../../server/src/http/logger.js';
import { createMetrics } from '../../server/src/http/metrics.js';
import { lookupInvolvements } from '../../server/src/involvements/lookup.js';
import { buildBlockingKeys } from '../../server/src/matching/index-source.js';
import { computeLinks, toMatchPerson } from '../../server/src/matching/links.js';
import { buildNameFrequencies, forgetNameFrequencies, nameFrequenciesOf } from '../../server/src/matching/name-frequency.js';
import { fingerprint } from '../../server/src/matching/person-key.js';
import { scoringSignature } from '../../server/src/matching/score.js';
import { isLinkedToChild, linkedPeople, replaceRelationshipFeed } from '../../server/src/sources/relationships.js';
import { SourceLoad } from '../../server/src/sources/repository.js';
import { LoadInProgressError, STALE_AFTER_MS } from '../../server/src/sources/snapshots.js';
import { UnreadableRowWriter } from '../../server/src/sources/unreadable.js';
import type { RelationshipRecordData } from '../../server/src/sources/types.js';
import { assertNoOtherDialectSyntax, assertSqlServerCompatible, compileOnlyMssql, type Responder } from './compile-only-dialect.js';
import { CHILD, FATHER, MOTHER, notThisPerson, RECORDS, SOURCE_ROWS } from './sample-sources.js';

/** Both checks. */
function assertSqlServerOnly(statements: readonly CompiledQuery[]): void {
  assertSqlServerCompatible(statements);
  assertNoOtherDialectSyntax(statements);
}

/** The one recorded statement whose SQL matches `pattern` (fails naming what was recorded instead). */
function recorded(statements: readonly CompiledQuery[], pattern: RegExp, what: string): CompiledQuery {
  const found = statements.filter((s) => pattern.test(s.sql));
  assert.ok(found.length > 0, `${what}: no statement matches ${pattern}. Recorded:\n${statements.map((s) => `  ${s.sql.slice(0, 200)}`).join('\n')}`);
  return found[0]!;
}

/** Every recorded statement whose SQL matches `pattern`. */
function allRecorded(statements: readonly CompiledQuery[], pattern: RegExp): CompiledQuery[] {
  return statements.filter((s) => pattern.test(s.sql));
}

/** A distinct name of letters only for each number (0 → "a", 26 → "ba"). */
function lettersOf(n: number): string {
  let out = '';
  do {
    out = String.fromCharCode(97 + (n % 26)) + out;
    n = Math.floor(n / 26);
  } while (n > 0);
  return `n${out}`;
}

const isSelect = (q: CompiledQuery) => /^\s*select\b/i.test(q.sql);

/** Rows in a multi-row INSERT. */
const valuesRows = (q: CompiledQuery) => (q.sql.match(/\), \(/g)?.length ?? 0) + 1;

// The built-in four services: the demo's services file adds two this test loads no data for.
const CONFIG = loadConfig({ FC_DEMO: '1', FC_SERVICES_FILE: DEFAULT_SERVICES_FILE });
const NOW = new Date('2026-11-21T10:00:00Z');
const clock = () => NOW;


const CHAIN_HEAD = { id: 1, head_hash: GENESIS_HASH, anchor_hash: GENESIS_HASH, anchor_id: 0, purged_before: null };

/** Runs `router` (behind `before`) on a free port for one call of `use`. */
async function serve(router: Router, before: RequestHandler[], use: (url: string) => Promise<void>): Promise<void> {
  const app = express();
  app.use(...before, router);
  const server = await new Promise<import('node:http').Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  try {
    await use(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

/** Stands in for the token check: a signed-in user with the role. */
const signedIn =
  (sub: string, roles: string[]): RequestHandler =>
  (req, _res, next) => {
    req.id = `req-${sub}`;
    req.user = { sub, name: 'Test User', roles };
    next();
  };

describe('SQL Server: the rest of the server compiles for the MssqlDialect', () => {
  it('the extra checks catch SQLite and PostgreSQL syntax (they are not vacuous)', () => {
    const bad = (sql: string) => [{ sql, parameters: [], query: {} }] as unknown as CompiledQuery[];
    assert.throws(() => assertNoOtherDialectSyntax(bad('select id from source_record not indexed where id > @1 order by id')), /NOT INDEXED/);
    assert.throws(() => assertNoOtherDialectSyntax(bad('pragma mmap_size')), /PRAGMA/);
    assert.throws(() => assertNoOtherDialectSyntax(bad('insert or ignore into "x" values (@1)')), /INSERT OR/);
    assert.throws(() => assertNoOtherDialectSyntax(bad('begin immediate')), /BEGIN IMMEDIATE/);
    assert.throws(() => assertNoOtherDialectSyntax(bad('select "a" || "b" from "x"')), /\|\|/);
    assert.throws(() => assertNoOtherDialectSyntax(bad('select "head_hash" from "audit_chain" where "id" = @1 for update')), /PostgreSQL/);
    assert.throws(() => assertNoOtherDialectSyntax(bad('select "id" from "x" order by "id" offset @1 rows')), /OFFSET/);
    assert.doesNotThrow(() => assertNoOtherDialectSyntax(bad('select "id" from "x" order by "id" offset @1 rows fetch next @2 rows only')));
  });

  describe('feedback', () => {
    const notThisPersonRequest = notThisPerson();
    const informationWrong: FeedbackRequest = { ...notThisPersonRequest, kind: 'information-wrong', person: MOTHER, recordRef: 'housing:SH-1', comment: 'The tenancy ended in 2024.' };

    it('recording "not this person" and "information looks wrong", listing open feedback and reading suppressions compile', async () => {
      const { db, statements } = compileOnlyMssql<Database>();
      const who = { sub: 'sam', name: 'Sam Worker', requestId: 'req-1', at: NOW };
      await recordFeedback(db, notThisPersonRequest, who);
      await recordFeedback(db, informationWrong, who);
      await openFeedback(db, 'housing');
      await suppressedLinks(db, [feedbackPersonKey(FATHER), feedbackPersonKey(MOTHER)]);
      assertSqlServerOnly(statements);

      const inserts = allRecorded(statements, /^insert into "match_feedback" \(/);
      assert.equal(inserts.length, 2, 'one row per piece of feedback');
      assert.ok(inserts[0]!.parameters.includes('not-this-person') && inserts[0]!.parameters.includes('reviewed'), '"not this person" takes effect at once');
      assert.ok(inserts[1]!.parameters.includes('information-wrong') && inserts[1]!.parameters.includes('open'), '"information wrong" waits for review');
      assert.ok(inserts[0]!.parameters.includes(`cms:${FATHER.cmsId}`), 'filed under the person key');
      const open = recorded(statements, /^select \* from "match_feedback" where "service" = @1 and "review_state" = @2 order by "id"$/, 'open feedback');
      assert.deepEqual(open.parameters, ['housing', 'open']);
      const suppressed = recorded(statements, /^select "person_key", "service", "source_person_id" from "match_feedback" where "kind" = @1 and "person_key" in \(@2, @3\)$/, 'suppressions');
      assert.deepEqual(suppressed.parameters, ['not-this-person', `cms:${FATHER.cmsId}`, `cms:${MOTHER.cmsId}`]);
    });

    it('POST /feedback checks the record exists with TOP(1), not LIMIT, then records it in the audit chain and stores the feedback; an unknown record is recorded and refused', async () => {
      let known = true;
      const { db, statements } = compileOnlyMssql<Database>((q) =>
        /^select top\(1\) "id" from "source_record"/.test(q.sql) && known
          ? [{ id: 41 }]
          : /^select "head_hash" from "audit_chain"/.test(q.sql)
            ? [{ head_hash: GENESIS_HASH }]
            : /^select "people", "outcome" from "audit_event"/.test(q.sql)
              ? [{ people: JSON.stringify([notThisPersonRequest.person]), outcome: JSON.stringify([{ ref: '0', services: {}, shown: [notThisPersonRequest.recordRef] }]) }] // shown to this user, for this person
              : [],
      );
      const router = feedbackRouter({ db, config: CONFIG, clock, logger: createLogger('silent'), requireUser: signedIn('sam', ['FamilyContext.User']) });
      await serve(router, [], async (url) => {
        const post = () => fetch(`${url}/feedback`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(notThisPersonRequest) });
        const res = await post();
        assert.equal(res.status, 201, await res.clone().text());
        known = false;
        const refused = await post();
        assert.equal(refused.status, 400, await refused.clone().text());
      });
      assertSqlServerOnly(statements);
      const checks = allRecorded(statements, /^select top\(1\) "id" from "source_record" where "service" = @1 and "source_person_id" = @2$/);
      assert.equal(checks.length, 2, 'each POST checks the record');
      assert.deepEqual(checks[0]!.parameters, ['housing', 'SH-2']);
      assert.equal(allRecorded(statements, /^insert into "match_feedback"/).length, 1, 'only the known record gets feedback stored');
      assert.equal(allRecorded(statements, /^insert into "audit_event"/).length, 2, 'both asks are in the audit chain, the refused one too');
    });
  });

  describe('health and metrics', () => {
    it('GET /readyz reads the sources (listSources) and answers ready from the recorded rows', async () => {
      const { db, statements } = compileOnlyMssql<Database>((q) => (/^select \* from "source" order by "service"$/.test(q.sql) ? SOURCE_ROWS : []));
      await serve(healthRouter(db, CONFIG, clock), [], async (url) => {
        const res = await fetch(`${url}/readyz`);
        assert.equal(res.status, 200);
        const body = (await res.json()) as { status: string; database: string; sources: Array<{ service: string; loaded: boolean }> };
        assert.equal(body.database, 'ok');
        assert.ok(body.sources.every((s) => s.loaded), JSON.stringify(body));
      });
      assertSqlServerOnly(statements);
      assert.equal(statements.length, 1, 'one statement per readiness check');
    });

    it('a metrics scrape reads the sources for their age, freshness limit and record count', async () => {
      const { db, statements } = compileOnlyMssql<Database>((q) => (/^select \* from "source" order by "service"$/.test(q.sql) ? SOURCE_ROWS : []));
      const { registry } = createMetrics(db, CONFIG, clock);
      const first = await registry.metrics();
      assertSqlServerOnly(statements);
      recorded(statements, /^select \* from "source" order by "service"$/, 'the sources');
      assert.match(first, /fc_source_records\{service="police"\} 2\b/);
      // Age and freshness are set by fc_source_records' collect(), which prom-client runs only after it has
      // serialised those two gauges: they show the previous scrape's figures (none on the first). Reported
      // separately (not SQL); the second scrape has them.
      const second = await registry.metrics();
      assert.match(second, /fc_source_age_days\{service="police"\} 1\b/);
      assert.match(second, /fc_source_freshness_days\{service="police"\} 14\b/);
    });
  });

  describe('the audit chain', () => {
    /** Three chained events from the genesis hash. */
    function chainOf(n: number): AuditEventRow[] {
      const rows: AuditEventRow[] = [];
      let previous = GENESIS_HASH;
      for (let id = 1; id <= n; id++) {
        const fields: ChainedFields = {
          request_id: `r${id}`,
          occurred_at: `2026-11-${10 + id}T10:00:00.000Z`,
          kind: 'lookup',
          user_sub: 'sam',
          user_name: null,
          child: JSON.stringify({ cmsId: CHILD.cmsId }),
          people: '[]',
          reason: null,
          policy: null,
          outcome: '[]',
          client_address: null,
        };
        const hash = chainHash(previous, fields);
        rows.push({ id, ...fields, prev_hash: previous, hash });
        previous = hash;
      }
      return rows;
    }

    it('verifying the chain reads the head, the highest id and the events in id-range pages (no LIMIT)', async () => {
      const events = chainOf(3);
      const respond: Responder = (q) => {
        if (/^select \* from "audit_chain" where "id" = @1$/.test(q.sql)) return [{ ...CHAIN_HEAD, head_hash: events.at(-1)!.hash }];
        if (/^select max\("id"\) as "maxId" from "audit_event"$/.test(q.sql)) return [{ maxId: events.length }];
        if (/^select \* from "audit_event" where "id" > @1 and "id" <= @2 order by "id"$/.test(q.sql)) {
          const [from, to] = q.parameters as number[];
          return events.filter((e) => e.id > from! && e.id <= to!);
        }
        return [];
      };
      const { db, statements } = compileOnlyMssql<Database>(respond);
      const report = await verifyAuditChain(db, 2);
      assert.deepEqual(report, { ok: true, events: 3, head: events.at(-1)!.hash, lastId: 3, notes: [] });
      assertSqlServerOnly(statements);
      assert.equal(allRecorded(statements, /^select \* from "audit_event" where "id" > @1/).length, 2, 'two pages of two');
    });

    it('purging old events locks the head with an UPDATE, moves the anchor and deletes the prefix in one transaction', async () => {
      const respond: Responder = (q) => {
        if (/^select max\("id"\) as "lastOld" from "audit_event" where "occurred_at" < @1$/.test(q.sql)) return [{ lastOld: 5 }];
        if (/^select min\("id"\) as "firstKept" from "audit_event" where "occurred_at" >= @1$/.test(q.sql)) return [{ firstKept: 4 }];
        if (/^select max\("id"\) as "anchorId" from "audit_event" where "id" <= @1$/.test(q.sql)) return [{ anchorId: q.parameters[0] }];
        if (/^select "id", "hash" from "audit_event" where "id" = @1$/.test(q.sql)) return [{ id: q.parameters[0], hash: 'h'.repeat(64) }];
        return [];
      };
      const { db, statements } = compileOnlyMssql<Database>(respond);
      const result = await purgeAuditEvents(db, '2026-11-15T00:00:00.000Z');
      assert.equal(result.deleted, 1);
      assertSqlServerOnly(statements);
      const sqls = statements.map((s) => s.sql);
      assert.equal(sqls[0], 'begin transaction');
      assert.equal(sqls[1], 'update "audit_chain" set "head_hash" = "head_hash" where "id" = @1', 'the head row is locked first');
      assert.equal(sqls.at(-1), 'commit transaction');
      const anchor = recorded(statements, /^update "audit_chain" set "anchor_hash" = @1, "anchor_id" = @2, "purged_before" = @3 where "id" = @4$/, 'the new anchor');
      assert.deepEqual(anchor.parameters, ['h'.repeat(64), 3, '2026-11-15T00:00:00.000Z', 1], 'only the contiguous prefix before the first kept event (id 4)');
      assert.deepEqual(recorded(statements, /^delete from "audit_event" where "id" <= @1$/, 'the purge').parameters, [3]);
    });

    it("the auditor's export, spot-check and verify endpoints compile, each export recorded in the chain", async () => {
      const events = chainOf(2);
      const respond: Responder = (q) => {
        if (/^select "head_hash" from "audit_chain" where "id" = @1$/.test(q.sql)) return [{ head_hash: events.at(-1)!.hash }];
        if (/^select \* from "audit_chain"/.test(q.sql)) return [{ ...CHAIN_HEAD, head_hash: events.at(-1)!.hash }];
        if (/^select max\("id"\) as "maxId"/.test(q.sql)) return [{ maxId: 2 }];
        if (/^select \* from "audit_event"/.test(q.sql)) return events;
        return [];
      };
      const { db, statements } = compileOnlyMssql<Database>(respond);
      await serve(auditRouter(db, clock, [signedIn('ida', ['FamilyContext.Auditor'])]), [], async (url) => {
        const csv = await fetch(`${url}/events?format=csv&from=2026-11-01&to=2026-11-21&user=sam`);
        assert.equal(csv.status, 200, await csv.clone().text());
        assert.match(await csv.text(), /^id,occurred_at,kind/);
        const spot = await fetch(`${url}/spot-check?from=2026-11-01&to=2026-11-21`);
        assert.equal(spot.status, 200, await spot.clone().text());
        assert.equal(((await spot.json()) as { lookups: number }).lookups, 2);
        const verify = await fetch(`${url}/verify`);
        assert.equal(((await verify.json()) as { ok: boolean }).ok, true);
      });
      assertSqlServerOnly(statements);
      const exportRead = recorded(statements, /^select \* from "audit_event" where "occurred_at" >= @1 and "occurred_at" < @2 and "user_sub" = @3 order by "id"$/, 'the export read');
      assert.deepEqual(exportRead.parameters, ['2026-11-01T00:00:00.000Z', '2026-11-22T00:00:00.000Z', 'sam']);
      recorded(statements, /^select \* from "audit_event" where "occurred_at" >= @1 and "occurred_at" < @2 and "kind" = @3 order by "id"$/, 'the spot-check read');
      const appended = allRecorded(statements, /^insert into "audit_event"/);
      assert.equal(appended.length, 2, 'the export and the spot-check are audited, verify is not');
      assert.ok(appended.every((s) => s.parameters.includes('audit-export')));
      assert.equal(allRecorded(statements, /^update "audit_chain" set "head_hash" = "head_hash" where "id" = @1$/).length, 2, 'each append locks the head with an UPDATE (SQL Server has no FOR UPDATE)');
    });
  });

  describe('matching: name frequencies, blocking keys, links', () => {
    it('counting name frequencies groups by the same substring() expression it selects, and stores them in batches within 2100 parameters', async () => {
      const respond: Responder = (q) => {
        if (!isSelect(q)) return [];
        if (/group by "first_name_norm", /.test(q.sql)) return Array.from({ length: 900 }, (_, i) => ({ value: lettersOf(i), decade: '198', people: 2 }));
        if (/group by "last_name_norm"$/.test(q.sql)) return [{ value: 'quinlan', people: 3 }];
        if (/^select substring/.test(q.sql)) return [{ value: '1992', people: 3 }];
        if (/^select count\(distinct "source_person_id"\) as "people" from "source_record"/.test(q.sql)) return [{ people: 1800 }];
        return [];
      };
      const { db, statements } = compileOnlyMssql<Database>(respond);
      const table = await buildNameFrequencies(db, 'police', 4);
      assert.equal(table.people, 1800);
      assert.equal(table.lastNames.get('quinlan'), 3);
      assertSqlServerOnly(statements);

      // SQL Server refuses a selected expression that is not exactly a GROUP BY expression.
      const byFirst = recorded(statements, /^select "first_name_norm" as "value", (.+?) as "decade", count\(distinct "source_person_id"\) as "people" from "source_record" where "service" = @1 and "snapshot_id" = @2 group by "first_name_norm", (.+)$/, 'first names by decade');
      const [, selected, grouped] = /as "value", (.+?) as "decade".* group by "first_name_norm", (.+)$/.exec(byFirst.sql)!;
      assert.equal(selected, grouped, 'the decade is grouped by the expression it is selected as');
      const byYear = recorded(statements, /^select (.+?) as "value", count\(distinct "source_person_id"\) as "people" from "source_record" where .* and "date_of_birth" is not null group by (.+)$/, 'birth years');
      const [, yearSelected, yearGrouped] = /^select (.+?) as "value".* group by (.+)$/.exec(byYear.sql)!;
      assert.equal(yearSelected, yearGrouped);
      recorded(statements, /^select "last_name_norm" as "value", count\(distinct "source_person_id"\) as "people" from "source_record" where "service" = @1 and "snapshot_id" = @2 group by "last_name_norm"$/, 'surnames');

      const sqls = statements.map((s) => s.sql);
      const begin = sqls.indexOf('begin transaction');
      assert.ok(begin >= 0 && sqls[begin + 1] === 'delete from "name_frequency" where "service" = @1', 'the old table is replaced in one transaction');
      const inserts = allRecorded(statements, /^insert into "name_frequency"/);
      assert.ok(inserts.length >= 5, `${inserts.length} inserts for ${inserts.reduce((n, s) => n + valuesRows(s), 0)} rows`);
      assert.equal(inserts.reduce((n, s) => n + valuesRows(s), 0), 2 + 900 + 900 + 1 + 1, 'people, dated, first names, first names by decade, surnames, years');
      assert.equal(sqls.at(-1), 'commit transaction');
    });

    it("reading a snapshot's name frequencies back (nameFrequenciesOf) compiles", async () => {
      forgetNameFrequencies();
      const respond: Responder = (q) => {
        if (/^select "service", "snapshot_id", "loaded_at" from "source" where "service" = @1$/.test(q.sql)) return [{ service: 'police', snapshot_id: 4, loaded_at: '2026-11-20T02:00:00.000Z' }];
        if (/^select "service", "snapshot_id", "keys_built_at" from "match_index" where "service" = @1$/.test(q.sql)) return [{ service: 'police', snapshot_id: 4, keys_built_at: '2026-11-20T02:05:00.000Z' }];
        if (/from "name_frequency"/.test(q.sql)) {
          return [
            { service: 'police', snapshot_id: 4, field: 'people', value: '', people: 100 },
            { service: 'police', snapshot_id: 4, field: 'last', value: 'quinlan', people: 2 },
          ];
        }
        return [];
      };
      const { db, statements } = compileOnlyMssql<Database>(respond);
      const table = await nameFrequenciesOf(db, 'police');
      assert.equal(table?.people, 100);
      assert.equal(table?.lastNames.get('quinlan'), 2);
      assertSqlServerOnly(statements);
      recorded(statements, /^select "service", "snapshot_id", "field", "value", "people" from "name_frequency" where "service" in \(@1\) and "snapshot_id" in \(@2\)$/, 'the stored table');
      forgetNameFrequencies();
    });

    /** The police source's snapshot 4: three records, read in one page. */
    const PAGE_ROWS = [
      { id: 11, first_name_norm: 'robert', last_name_norm: 'quinlan', date_of_birth: '1992-02-11', postcode: 'SK4 1RT' },
      { id: 12, first_name_norm: 'gemma', last_name_norm: 'hartley', date_of_birth: '1995-07-02', postcode: 'SK5 6AB' },
      { id: 13, first_name_norm: 'dean', last_name_norm: 'marsh', date_of_birth: null, postcode: null },
    ];
    const sourcePage = /^select top\(20000\) "id", "first_name_norm", "last_name_norm", "date_of_birth", "postcode" from "source_record" where "service" = @1 and "snapshot_id" = @2 and "id" > @3 order by "id"$/;

    it('building blocking keys on SQL Server pages the snapshot with TOP and keyset paging (no NOT INDEXED, no key worker, no PRAGMA)', async () => {
      const respond: Responder = (q) => {
        if (/^select "snapshot_id", "record_count" from "source" where "service" = @1$/.test(q.sql)) return [{ snapshot_id: 4, record_count: 3 }];
        if (sourcePage.test(q.sql)) return q.parameters[2] === 0 ? PAGE_ROWS : [];
        return [];
      };
      const { db, statements } = compileOnlyMssql<Database>(respond);
      // worker: true asks for the key worker: on SQL Server none starts (index-source.ts openKeyWorker's guard).
      const result = await buildBlockingKeys(db, 'police', { now: NOW, worker: true });
      assert.ok(result);
      assert.equal(result.worker, false);
      assert.equal(result.records, 3);
      assert.ok(result.keys > 0);
      assertSqlServerOnly(statements);
      recorded(statements, /^delete from "match_index" where "service" = @1$/, 'readers stop using the old keys');
      recorded(statements, /^delete from "match_key" where "service" = @1$/, 'the old keys go');
      const pages = allRecorded(statements, sourcePage);
      assert.deepEqual(pages.map((p) => p.parameters), [['police', 4, 0], ['police', 4, 13]], 'keyset paging from the last id read');
      const keys = allRecorded(statements, /^insert into "match_key" \("service", "snapshot_id", "block_key", "record_id"\) values/);
      assert.equal(keys.reduce((n, s) => n + valuesRows(s), 0), result.keys, 'every key is written');
      const index = recorded(statements, /^insert into "match_index" \(/, 'the index row');
      assert.ok(index.parameters.includes(result.keys));
    });

    it('building blocking keys that are already built for the snapshot only reads', async () => {
      const respond: Responder = (q) =>
        /^select "snapshot_id", "record_count" from "source"/.test(q.sql)
          ? [{ snapshot_id: 4, record_count: 3 }]
          : /^select \* from "match_index" where "service" = @1$/.test(q.sql)
            ? [{ service: 'police', snapshot_id: 4, key_count: 9, keys_built_at: '2026-11-20T02:05:00.000Z', links_feed_snapshot_id: null, link_count: null, links_built_at: null, links_scoring: null }]
            : [];
      const { db, statements } = compileOnlyMssql<Database>(respond);
      const result = await buildBlockingKeys(db, 'police');
      assert.equal(result?.built, false);
      assertSqlServerOnly(statements);
      assert.equal(statements.length, 2);
      assert.ok(statements.every(isSelect));
    });

    const FEED_PAGE = /^select top\(5000\) "id", "person_cms_id", "first_name", "last_name", "date_of_birth", "gender", "postcode", "address", "previous_last_names", "previous_postcodes" from "cms_relationship" where "snapshot_id" = @1 and "id" > @2 order by "id"$/;
    const FEED_ROWS = [
      { id: 1, person_cms_id: 'P100002', first_name: 'Gemma', last_name: 'Hartley', date_of_birth: '1995-07-02', gender: 'female', postcode: 'SK5 6AB', address: null, previous_last_names: 'Smith', previous_postcodes: null },
      { id: 2, person_cms_id: 'P100003', first_name: 'Robert', last_name: 'Quinlan', date_of_birth: '1992-02-11', gender: 'male', postcode: 'SK4 1RT', address: null, previous_last_names: null, previous_postcodes: null },
      { id: 3, person_cms_id: 'P100009', first_name: null, last_name: null, date_of_birth: null, gender: null, postcode: null, address: null, previous_last_names: null, previous_postcodes: null },
    ];

    it('computing links on SQL Server reads the feed with TOP paging, candidates in UNION ALL statements, and writes match_link in batches (no worker threads, no PRAGMA)', async () => {
      const respond: Responder = (q) => {
        if (/^select "snapshot_id", "record_count" from "source" where "service" = @1$/.test(q.sql)) return [{ snapshot_id: 4, record_count: 3 }];
        if (sourcePage.test(q.sql)) return q.parameters[2] === 0 ? PAGE_ROWS : [];
        if (/^select "snapshot_id" from "relationship_feed" where "feed" = @1$/.test(q.sql)) return [{ snapshot_id: 7 }];
        if (FEED_PAGE.test(q.sql)) return q.parameters[1] === 0 ? FEED_ROWS : [];
        return [];
      };
      const { db, statements } = compileOnlyMssql<Database>(respond);
      // workerThreshold 1: a SQLite file would start link workers here; SQL Server must not (bulk-workers.ts guard).
      const stats = await computeLinks(db, 'police', { now: NOW, workerThreshold: 1, workers: 2 });
      assert.ok(stats);
      assert.equal(stats.workers, 0, 'linked on the calling thread');
      assert.equal(stats.people, 2, 'the feed row without a name is skipped');
      assertSqlServerOnly(statements);

      recorded(statements, /^update "match_index" set "links_built_at" = @1, "links_scoring" = @2 where "service" = @3$/, 'lookups stop reusing the old links');
      recorded(statements, /^delete from "match_link" where "service" = @1$/, 'the old links go');
      assert.deepEqual(allRecorded(statements, FEED_PAGE).map((p) => p.parameters), [[7, 0], [7, 3]], 'the feed in keyset pages');
      recorded(statements, /^select "source_person_id" from "source_record" where "service" = @1 and "snapshot_id" = @2 group by "source_person_id" having count\(\*\) > @3$/, 'source people with several records');
      recorded(statements, /^select "k"\."block_key" as "block_key", "r"\."id", .* from "match_key" as "k" inner join "source_record" as "r" on "r"\."id" = "k"\."record_id" where .* union all select null as "block_key", "r"\."id", /, 'the candidates');
      const links = allRecorded(statements, /^insert into "match_link" \("service", "snapshot_id", "person_key", "fingerprint", "record_id", "band", "score", "basis"\) values/);
      assert.equal(links.reduce((n, s) => n + valuesRows(s), 0), 2, 'one "none here" row per person');
      const done = recorded(statements, /^update "match_index" set "links_feed_snapshot_id" = @1, "link_count" = @2, "links_built_at" = @3, "links_scoring" = @4 where "service" = @5 and "snapshot_id" = @6$/, 'links marked built');
      assert.equal(done.parameters[0], 7);
      assert.equal(done.parameters[3], scoringSignature({ likely: 25, possible: 16, nameFrequencies: 'off' }));
    });

    it('computing links with name frequencies on counts the names while building keys and reads them back for scoring', async () => {
      forgetNameFrequencies();
      const respond: Responder = (q) => {
        if (/^select "snapshot_id", "record_count" from "source" where "service" = @1$/.test(q.sql)) return [{ snapshot_id: 4, record_count: 3 }];
        if (sourcePage.test(q.sql)) return q.parameters[2] === 0 ? PAGE_ROWS : [];
        if (/^select "service", "snapshot_id", "loaded_at" from "source"/.test(q.sql)) return [{ service: 'police', snapshot_id: 4, loaded_at: '2026-11-20T02:00:00.000Z' }];
        if (/^select "service", "snapshot_id", "keys_built_at" from "match_index"/.test(q.sql)) return [{ service: 'police', snapshot_id: 4, keys_built_at: NOW.toISOString() }];
        if (/from "name_frequency"/.test(q.sql)) return [{ service: 'police', snapshot_id: 4, field: 'people', value: '', people: 3 }];
        return [];
      };
      const { db, statements } = compileOnlyMssql<Database>(respond);
      const stats = await computeLinks(db, 'police', {
        now: NOW,
        thresholds: { likely: 25, possible: 16, nameFrequencies: 'all' },
        people: [{ cmsId: 'P100003', firstName: 'Robert', lastName: 'Quinlan', dateOfBirth: '1992-02-11' }],
      });
      assert.equal(stats?.people, 1);
      assertSqlServerOnly(statements);
      recorded(statements, /^insert into "name_frequency"/, 'the counts are stored');
      recorded(statements, /^select "service", "snapshot_id", "field", "value", "people" from "name_frequency"/, 'and read back');
      assert.equal(allRecorded(statements, /from "relationship_feed"/).length, 0, 'people given: the feed is not read');
      forgetNameFrequencies();
    });

    it('a lookup over sources whose keys and links are built reads stored links, the linked records, name frequencies and match_key', async () => {
      forgetNameFrequencies();
      const config = loadConfig({ FC_DEMO: '1', FC_MATCH_NAME_FREQUENCIES: 'all' });
      const signature = scoringSignature(config.matchThresholds);
      const respond: Responder = (q) => {
        if (!isSelect(q)) return [];
        if (/^select "source"\.\*, "source_load"\."rows_rejected" from "source" left join "source_load"/.test(q.sql)) return SOURCE_ROWS.map((r) => ({ ...r, rows_rejected: 0 }));
        if (/^select \* from "match_index"$/.test(q.sql)) {
          return SOURCE_ROWS.map((r) => ({ service: r.service, snapshot_id: r.snapshot_id, key_count: 10, keys_built_at: '2026-11-20T02:05:00.000Z', links_feed_snapshot_id: 7, link_count: 1, links_built_at: '2026-11-20T02:06:00.000Z', links_scoring: signature }));
        }
        if (/from "name_frequency"/.test(q.sql)) return SOURCE_ROWS.map((r) => ({ service: r.service, snapshot_id: r.snapshot_id, field: 'people', value: '', people: 1000 }));
        if (/from "match_link"/.test(q.sql)) {
          return [{ service: 'police', snapshot_id: 4, person_key: `cms:${FATHER.cmsId}`, fingerprint: fingerprint(toMatchPerson(FATHER)), record_id: 77, band: 'likely', score: 30, basis: '["name","dob"]' }];
        }
        if (/^select \* from "source_record" where "id" in \(@1\)$/.test(q.sql)) {
          const r = RECORDS.police![0]!;
          return [{ id: 77, service: 'police', snapshot_id: 4, source_person_id: r.sourcePersonId, first_name: r.firstName, last_name: r.lastName, first_name_norm: 'robert', last_name_norm: 'quinlan', date_of_birth: r.dateOfBirth, gender: null, address: null, postcode: 'SK4 1RT', nhs_number: null, upn: null, cms_id: null, involvement: 'current', organisation: r.organisation, contact_name: null, contact_role: null, contact_phone: null, contact_email: null, start_date: null, end_date: null, last_contact: null, details: JSON.stringify(r.details) }];
        }
        if (/^select "head_hash" from "audit_chain"/.test(q.sql)) return [{ head_hash: GENESIS_HASH }];
        return [];
      };
      const { db, statements } = compileOnlyMssql<Database>(respond);
      const response = await lookupInvolvements({ db, config, clock, requestId: 'req-links', user: { sub: 'sam' } }, { child: CHILD, people: [CHILD, MOTHER, FATHER] });
      const police = response.people[2]!.services.find((s) => s.service === 'police')!;
      assert.equal(police.status, 'involved', 'the stored link was used');
      assertSqlServerOnly(statements);
      recorded(statements, /^select "service", "snapshot_id", "person_key", "fingerprint", "record_id", "band", "score", "basis" from "match_link" where "service" in \(@1, @2, @3, @4\) and "snapshot_id" in \(@5, @6, @7, @8\) and "person_key" in \(/, 'the stored links');
      recorded(statements, /^select \* from "source_record" where "id" in \(@1\)$/, 'the linked records');
      recorded(statements, /^select "service", "snapshot_id", "field", "value", "people" from "name_frequency" where "service" in \(@1, @2, @3, @4\)/, 'the name frequencies');
      recorded(statements, /from "match_key" where "service" = @\d+ and "snapshot_id" = @\d+ and "block_key" in \(/, 'the built keys');
      forgetNameFrequencies();
    });
  });

  describe('loading: unreadable rows, the relationship feed, snapshots', () => {
    it("a load's unreadable rows are written in batches within 2100 parameters, discarded, and pruned to the current and previous snapshots", async () => {
      const { db, statements } = compileOnlyMssql<Database>();
      const writer = new UnreadableRowWriter(db, 'housing', 9);
      for (let row = 1; row <= 600; row++) await writer.add({ row, lastName: `Smith${row}`, dateOfBirth: '1990-01-02', postcode: 'sk1 1aa', reason: 'DateOfBirth is not a date' });
      await writer.flush();
      await writer.prune(8);
      await writer.prune(undefined);
      await writer.discard();
      assertSqlServerOnly(statements);
      const inserts = allRecorded(statements, /^insert into "source_unreadable" \(/);
      assert.equal(inserts.reduce((n, s) => n + valuesRows(s), 0), 600);
      assert.ok(inserts.length >= 3, `${inserts.length} inserts`);
      assert.deepEqual(recorded(statements, /^delete from "source_unreadable" where "service" = @1 and "snapshot_id" not in \(@2, @3\)$/, 'prune').parameters, ['housing', 9, 8]);
      recorded(statements, /^delete from "source_unreadable" where "service" = @1 and "snapshot_id" not in \(@2\)$/, 'prune of a first load');
      assert.deepEqual(recorded(statements, /^delete from "source_unreadable" where "service" = @1 and "snapshot_id" = @2$/, 'discard').parameters, ['housing', 9]);
    });

    const FEED_ROW = { feed: 'cms', name: 'Mosaic relationships', notes: null, last_updated: '2026-11-20', freshness_days: 2, snapshot_id: 6, record_count: 3, loaded_at: '2026-11-20T02:00:00.000Z' };
    const relationships = (n: number): RelationshipRecordData[] =>
      Array.from({ length: n }, (_, i) => ({ childCmsId: 'P100001', personCmsId: `P2${String(i).padStart(5, '0')}`, relationship: 'Sibling', firstName: 'Sam', lastName: `Hartley${i}`, previousLastNames: ['Jones'], postcode: 'sk5 6ab' }));

    it('replacing the relationship feed clears a crashed load in deletes of at most 2100 parameters, inserts in batches and switches the pointer', async () => {
      let leftoverBatches = 0;
      const respond: Responder = (q) => {
        if (!isSelect(q)) return [];
        if (/^select \* from "relationship_feed" where "feed" = @1$/.test(q.sql)) return [FEED_ROW];
        if (/^select max\("snapshot_id"\) as "max" from "source_load"/.test(q.sql)) return [{ max: 6 }];
        if (/^select distinct "snapshot_id" from "cms_relationship"/.test(q.sql)) return [{ snapshot_id: 3 }];
        const page = /^select top\((\d+)\) "id" from "cms_relationship" where "snapshot_id" = @1$/.exec(q.sql);
        if (page && q.parameters[0] === 3) {
          // A crashed load's rows: one full batch, then the rest.
          leftoverBatches++;
          return leftoverBatches === 1 ? Array.from({ length: Number(page[1]) }, (_, i) => ({ id: i + 1 })) : leftoverBatches === 2 ? [{ id: 99_999 }] : [];
        }
        if (/^select "state" from "source_load"/.test(q.sql)) return [{ state: 'loading' }];
        return [];
      };
      const { db, statements } = compileOnlyMssql<Database>(respond);
      const result = await replaceRelationshipFeed(db, { name: 'Mosaic relationships', lastUpdated: '2026-11-21', freshnessDays: 2 }, relationships(300), { loadedAt: NOW });
      assert.deepEqual(result, { recordCount: 300, previousCount: 3, snapshotId: 7, oldRowsRemoved: true });
      assertSqlServerOnly(statements);

      const deletes = allRecorded(statements, /^delete from "cms_relationship" where "id" in \(/);
      assert.equal(deletes.length, 2, 'a full batch of the leftovers, then the rest');
      assert.ok(deletes[0]!.parameters.length > 2000, `${deletes[0]!.parameters.length} ids in the full batch`);
      const inserts = allRecorded(statements, /^insert into "cms_relationship" \(/);
      assert.ok(inserts.length >= 3, `${inserts.length} inserts`);
      assert.equal(inserts.reduce((n, s) => n + valuesRows(s), 0), 300);
      assert.ok(inserts[0]!.parameters.includes('Jones'), 'previous surnames are stored');
      const pointer = recorded(statements, /^update "relationship_feed" set .* where "feed" = @\d+$/, 'the feed pointer');
      assert.ok(pointer.parameters.includes(7));
      recorded(statements, /^update "source_load" set "state" = @1, "updated_at" = @2, "finished_at" = @3, "record_count" = @4 where "dataset" = @5 and "snapshot_id" = @6$/, 'the load is current');
      recorded(statements, /^update "source_load" set "state" = @1, "updated_at" = @2 where "dataset" = @3 and "snapshot_id" = @4$/, 'the old snapshot is retired');
      assert.ok(allRecorded(statements, /^select top\(\d+\) "id" from "cms_relationship" where "snapshot_id" = @1$/).some((s) => s.parameters[0] === 6), 'the old snapshot is deleted after the switch');
    });

    it("the link policy's and the panel's reads of the feed (isLinkedToChild, linkedPeople) compile", async () => {
      const respond: Responder = (q) =>
        /^select \* from "relationship_feed"/.test(q.sql)
          ? [FEED_ROW]
          : /^select "person_cms_id", "relationship", "category"/.test(q.sql)
            ? [{ person_cms_id: MOTHER.cmsId, relationship: 'Mother', category: null }]
            : /^select \* from "cms_relationship"/.test(q.sql)
              ? [{ id: 1, snapshot_id: 6, child_cms_id: CHILD.cmsId, person_cms_id: MOTHER.cmsId, relationship: 'Mother', start_date: null, end_date: null, first_name: 'Gemma', last_name: 'Hartley', date_of_birth: '1995-07-02', gender: 'female', address: null, postcode: 'SK5 6AB', previous_last_names: 'Smith', previous_postcodes: null }]
              : [];
      const { db, statements } = compileOnlyMssql<Database>(respond);
      assert.equal(await isLinkedToChild(db, CHILD.cmsId!, MOTHER.cmsId!, '2026-11-21'), true);
      const people = await linkedPeople(db, CHILD.cmsId!, '2026-11-21');
      assert.deepEqual(people?.map((p) => [p.personCmsId, p.previousLastNames]), [[MOTHER.cmsId, ['Smith']]]);
      assertSqlServerOnly(statements);
      const linked = recorded(
        statements,
        /^select \* from "cms_relationship" where "snapshot_id" = @1 and "child_cms_id" = @2 and \("start_date" is null or "start_date" <= @3\) and \("end_date" is null or "end_date" >= @4\) order by "id"$/,
        "the child's linked people",
      );
      assert.deepEqual(linked.parameters, [6, CHILD.cmsId, '2026-11-21', '2026-11-21']);
    });

    it('a new load takes over from one that stopped making progress, and a refused load is aborted: its rows deleted, its state recorded', async () => {
      const stale = new Date(NOW.getTime() - STALE_AFTER_MS - 60_000).toISOString();
      let pages = 0;
      const respond: Responder = (q) => {
        if (!isSelect(q)) return [];
        if (/^select "snapshot_id", "started_at", "updated_at", "holder" from "source_load" where "dataset" = @1 and "state" = @2$/.test(q.sql)) return [{ snapshot_id: 5, started_at: stale, updated_at: stale }];
        if (/^select "snapshot_id" from "source" where "service" = @1$/.test(q.sql)) return [{ snapshot_id: 4 }];
        if (/^select max\("snapshot_id"\) as "max" from "source_load"/.test(q.sql)) return [{ max: 5 }];
        if (/^select top\(\d+\) "id" from "source_record"/.test(q.sql) && q.parameters[0] === 6) return pages++ === 0 ? [{ id: 501 }, { id: 502 }] : [];
        return [];
      };
      const { db, statements } = compileOnlyMssql<Database>(respond);
      const load = await SourceLoad.start(db, 'police', { fileName: 'police.csv' });
      assert.equal(load.snapshotId, 6);
      await load.write(RECORDS.police!);
      await load.abort('refused', 'The load would shrink the source by 90%.', { fileName: 'police.csv', rowsRead: 1, rowsRejected: 0 });
      assertSqlServerOnly(statements);

      const takeover = recorded(statements, /^update "source_load" set "state" = @1, "finished_at" = @2, "detail" = @3 where "dataset" = @4 and "snapshot_id" = @5 and "state" = @6$/, 'the stale load is marked failed');
      assert.equal(takeover.parameters[0], 'failed');
      recorded(statements, /^insert into "source_load" \(/, 'the new load is registered');
      recorded(statements, /^insert into "source_record" \(/, 'the records are written');
      assert.deepEqual(recorded(statements, /^delete from "source_record" where "id" in \(@1, @2\)$/, "the refused load's rows go").parameters, [501, 502]);
      const aborted = recorded(statements, /^update "source_load" set "state" = @1, "updated_at" = @2, "finished_at" = @3, "record_count" = @4, "detail" = @5, "file_name" = @6, "rows_read" = @7, "rows_rejected" = @8 where "dataset" = @9 and "snapshot_id" = @10$/, 'the refusal is recorded');
      assert.equal(aborted.parameters[0], 'refused');
    });

    it('a load refuses to start while another is running, rolling its transaction back', async () => {
      const fresh = new Date().toISOString();
      const { db, statements } = compileOnlyMssql<Database>((q) => (/^select "snapshot_id", "started_at", "updated_at", "holder" from "source_load"/.test(q.sql) ? [{ snapshot_id: 5, started_at: fresh, updated_at: fresh }] : []));
      await assert.rejects(SourceLoad.start(db, 'police'), LoadInProgressError);
      assertSqlServerOnly(statements);
      assert.deepEqual(statements.map((s) => s.sql.split(' ').slice(0, 2).join(' ')), ['begin transaction', 'select "snapshot_id",', 'rollback transaction']);
    });

    it('seeding the demo council (relationship feed, four sources, keys and links for each) compiles', async () => {
      const respond: Responder = (q) =>
        /^select "state" from "source_load"/.test(q.sql)
          ? [{ state: 'loading' }]
          : /^select "snapshot_id", "record_count" from "source" where "service" = @1$/.test(q.sql)
            ? [{ snapshot_id: 1, record_count: 1 }]
            : [];
      const { db, statements } = compileOnlyMssql<Database>(respond);
      const result = await seedDemoCouncil(db, '2026-11-21', NOW);
      assert.equal(result.seeded, true);
      assert.ok(result.records > 0);
      assertSqlServerOnly(statements);
      recorded(statements, /^insert into "relationship_feed" \(/, 'the feed is registered');
      assert.equal(allRecorded(statements, /^insert into "source" \(/).length, 4, 'four sources');
      assert.equal(allRecorded(statements, /^insert into "source_record" \(/).reduce((n, s) => n + valuesRows(s), 0), result.records, 'every record is written');
      assert.equal(allRecorded(statements, /^insert into "match_index" \(/).length, 4, 'keys are built for each source');
      assert.equal(allRecorded(statements, /^update "match_index" set "links_feed_snapshot_id"/).length, 4, 'and links computed');
    });

    it('a long load touches its source_load row (the heartbeat) between batches', async () => {
      mock.timers.enable({ apis: ['Date'], now: NOW.getTime() });
      try {
        const { db, statements } = compileOnlyMssql<Database>();
        const load = await SourceLoad.start(db, 'police');
        async function* slowRecords() {
          mock.timers.tick(20_000);
          yield* RECORDS.police!;
        }
        await load.write(slowRecords());
        assertSqlServerOnly(statements);
        const beat = recorded(statements, /^update "source_load" set "updated_at" = @1, "record_count" = @2 where "dataset" = @3 and "snapshot_id" = @4$/, 'the heartbeat');
        assert.deepEqual(beat.parameters.slice(1), [1, 'police', 1]);
      } finally {
        mock.timers.reset();
      }
    });
  });
});
