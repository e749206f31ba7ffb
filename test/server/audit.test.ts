/** One audit event per lookup, written with the read; no audit, no data. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { listAuditEvents } from '../../server/src/audit/repository.js';
import { startHarness, type Harness } from './harness.js';
import { CHILD, FATHER, loadAll, MOTHER } from './sample-sources.js';

describe('audit', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
    await loadAll(h);
  });
  after(() => h.close());

  it('writes exactly one event per lookup with who, when, child, people and statuses, never the records', async () => {
    const before = (await listAuditEvents(h.db)).length;
    const res = await h.post('/api/v1/involvements', { child: CHILD, people: [MOTHER, FATHER], reason: 'Strategy meeting' });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { requestId: string };
    const events = await listAuditEvents(h.db);
    assert.equal(events.length, before + 1);
    const e = events.at(-1)!;
    assert.equal(e.request_id, body.requestId);
    assert.equal(e.user_sub, 'sam.worker@test-council.example');
    assert.equal(e.user_name, 'Sam Worker');
    assert.equal(e.reason, 'Strategy meeting');
    assert.equal(e.occurred_at, '2026-11-21T10:00:00.000Z');
    assert.equal(JSON.parse(e.child).cmsId, CHILD.cmsId);
    assert.deepEqual(JSON.parse(e.people).map((p: { cmsId: string }) => p.cmsId), [MOTHER.cmsId, FATHER.cmsId]);
    const outcome = JSON.parse(e.outcome) as Array<{ ref: string; services: Record<string, string> }>;
    assert.equal(outcome[1]!.services.police, 'involved');
    assert.equal(outcome[0]!.services.police, 'no-records');
    const raw = JSON.stringify(e);
    for (const secret of ['Hannah Lowe', '0161 496 0999', 'Violence with injury', 'Case open']) {
      assert.ok(!raw.includes(secret), `audit must not hold record data (${secret})`);
    }
  });

  it('when the audit event cannot be written, no data leaves (503)', async () => {
    const h2 = await startHarness();
    try {
      await loadAll(h2);
      await sql`DROP TABLE audit_event`.execute(h2.db);
      const res = await h2.post('/api/v1/involvements', { child: CHILD, people: [FATHER] });
      assert.equal(res.status, 503);
      const text = await res.text();
      assert.ok(!text.includes('Hannah Lowe'));
      assert.match(JSON.parse(text).message, /could not complete and record this lookup/);
    } finally {
      await h2.close();
    }
  });
});
