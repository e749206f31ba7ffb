/**
 * The link policy against a hostile insider with a valid account (issue 17): the child is who the feed's own row
 * says; people not linked get nothing the requester did not send, in small numbers, with an alert to information
 * governance; professionals are not family; a one-field correction the feed has not caught up with stays linked.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { ApiError, InvolvementsResponse, PersonInput } from '../../server/src/api/contract.js';
import { listAuditEvents } from '../../server/src/audit/repository.js';
import type { RelationshipRecordData } from '../../server/src/sources/types.js';
import { replaceRelationshipFeed } from '../../server/src/sources/relationships.js';
import { NOW, startHarness, type Harness, type HarnessOptions } from './harness.js';
import { CHILD, FATHER, loadAll, MOTHER, PARTNER_NO_DOB } from './sample-sources.js';

/** Someone the worker has no business looking up: the police record's Robert Quinlan is the father; this is a man
 * with a conviction in the police extract, linked to another child only. */
const STRANGER: PersonInput = { cmsId: 'P900001', firstName: 'Robert', lastName: 'Quinlan', dateOfBirth: '1992-02-11', postcode: 'SK4 1RT' };
const OTHER_CHILD = 'P777777';
const GP: PersonInput = { cmsId: 'P000250', firstName: 'Priya', lastName: 'Raman', postcode: 'SK5 6AA' };
const WORKER: PersonInput = { cmsId: 'P000150', firstName: 'Aisha', lastName: 'Khan', postcode: 'SK1 3XE' };
const REASON = 'Named as a regular visitor in the referral from school';

const self = (p: PersonInput): RelationshipRecordData => ({
  childCmsId: p.cmsId!,
  personCmsId: p.cmsId!,
  relationship: 'Self',
  firstName: p.firstName,
  lastName: p.lastName,
  ...(p.dateOfBirth ? { dateOfBirth: p.dateOfBirth } : {}),
  ...(p.postcode ? { postcode: p.postcode } : {}),
});
const link = (child: string, p: PersonInput, relationship: string, extra: Partial<RelationshipRecordData> = {}): RelationshipRecordData => ({
  childCmsId: child,
  personCmsId: p.cmsId!,
  relationship,
  firstName: p.firstName,
  lastName: p.lastName,
  ...(p.dateOfBirth ? { dateOfBirth: p.dateOfBirth } : {}),
  ...(p.postcode ? { postcode: p.postcode } : {}),
  ...(p.address ? { address: p.address } : {}),
  ...extra,
});

const FEED: RelationshipRecordData[] = [
  self(CHILD),
  link(CHILD.cmsId!, MOTHER, 'Mother', { previousLastNames: ['Pryce'] }),
  link(CHILD.cmsId!, FATHER, 'Father'),
  // No date of birth in the CMS for him.
  link(CHILD.cmsId!, PARTNER_NO_DOB, "Mother's partner"),
  // Professionals: one by the relationship's wording, one by the feed's category.
  link(CHILD.cmsId!, GP, 'GP'),
  link(CHILD.cmsId!, WORKER, 'Lead professional', { category: 'professional' }),
  // The stranger is linked to another child, with all his details (address, previous postcodes) in the feed.
  self({ cmsId: OTHER_CHILD, firstName: 'Mason', lastName: 'Quinlan', dateOfBirth: '2015-05-05' }),
  link(OTHER_CHILD, STRANGER, 'Father', { address: '9 Hidden Close', gender: 'male', previousPostcodes: ['M19 2QP'] }),
  // A child the feed links people to but holds no own row for.
  link('P100099', MOTHER, 'Mother'),
];

async function withFeed(env: Record<string, string>, options: HarnessOptions = {}): Promise<Harness> {
  const h = await startHarness(env, options);
  await loadAll(h);
  await replaceRelationshipFeed(h.db, { name: 'Mosaic relationships (test)', lastUpdated: '2026-11-20', freshnessDays: 7 }, FEED, { loadedAt: NOW });
  return h;
}

const lastPolicy = async (h: Harness) => {
  const event = (await listAuditEvents(h.db)).at(-1)!;
  return { kind: event.kind, policy: JSON.parse(event.policy!) as { people: Array<{ linked: boolean; differs?: string[] }>; refused?: { error: string } } };
};

describe('the child is who the feed says, not who the request says', () => {
  let strict: Harness;
  let reasoned: Harness;
  before(async () => {
    strict = await withFeed({ FC_LINK_POLICY: 'verify-strict' });
    reasoned = await withFeed({});
  });
  after(async () => {
    await strict.close();
    await reasoned.close();
  });

  // Finding 1: `child` and `people[0]` both as a stranger's details under the open child's CMS id.
  const disguised = { ...STRANGER, cmsId: CHILD.cmsId };

  it('verify-strict refuses a stranger sent as the open child, saying the child is not the one the CMS holds', async () => {
    const res = await strict.post('/api/v1/involvements', { child: disguised, people: [disguised] });
    assert.equal(res.status, 403, await res.clone().text());
    const body = (await res.json()) as ApiError;
    assert.equal(body.error, 'not-linked');
    assert.deepEqual(body.fields!.map((f) => f.field), ['child', 'people[0]']);
    assert.match(body.fields![0]!.message, /child's details sent are not the ones the case-management system holds for the child P100001/);
    assert.equal((await lastPolicy(strict)).kind, 'refused');
  });

  it('verify-or-reason asks for a reason for everyone in such a request, the family too, and records them not linked', async () => {
    const res = await reasoned.post('/api/v1/involvements', { child: disguised, people: [disguised, MOTHER] });
    assert.equal(res.status, 400);
    const body = (await res.json()) as ApiError;
    assert.equal(body.error, 'reason-required');
    assert.deepEqual(body.fields!.map((f) => f.field), ['reason', 'child', 'people[0]', 'people[1]']);
    assert.match(body.message, /Nobody counts as linked/);
    const ok = await reasoned.post('/api/v1/involvements', { child: disguised, people: [disguised], reason: REASON });
    assert.equal(ok.status, 200);
    assert.deepEqual((await lastPolicy(reasoned)).policy.people.map((p) => p.linked), [false]);
    // Information governance sees it in the spot-check, as a lookup of someone not linked.
    const auditor = await reasoned.token({ payload: { roles: ['FamilyContext.Auditor'] } });
    const report = (await (await fetch(`${reasoned.url}/api/v1/audit/spot-check`, { headers: { authorization: `Bearer ${auditor}` } })).json()) as { notLinked: Array<{ people: Array<{ cmsId?: string; name?: string }> }> };
    assert.ok(report.notLinked.some((e) => e.people.some((p) => p.cmsId === CHILD.cmsId && p.name === 'Robert Quinlan')), JSON.stringify(report.notLinked));
  });

  it('a child whose own row the feed does not hold vouches for nobody', async () => {
    const child = { ...CHILD, cmsId: 'P100099', firstName: 'Ava' };
    const res = await strict.post('/api/v1/involvements', { child, people: [MOTHER] });
    assert.equal(res.status, 403);
    const body = (await res.json()) as ApiError;
    assert.deepEqual(body.fields!.map((f) => f.field), ['child', 'people[0]']);
    assert.match(body.fields![0]!.message, /no current record of the child P100099/);
  });

  it('the real child and family are linked, and the child entry must fit the own row', async () => {
    assert.equal((await strict.post('/api/v1/involvements', { child: CHILD, people: [CHILD, MOTHER, FATHER] })).status, 200);
    const res = await strict.post('/api/v1/involvements', { child: CHILD, people: [disguised] });
    assert.equal(res.status, 403);
  });
});

describe('people not linked to the child', () => {
  let h: Harness;
  before(async () => {
    h = await withFeed({ FC_UNLINKED_PER_HOUR: '1000' });
  });
  after(() => h.close());

  it('an id alone is refused with the same answer whether the id is unknown or known but not linked', async () => {
    const unlinked = await h.post('/api/v1/involvements', { child: CHILD, people: [{ cmsId: STRANGER.cmsId }], reason: REASON });
    const unknown = await h.post('/api/v1/involvements', { child: CHILD, people: [{ cmsId: 'P900404' }], reason: REASON });
    assert.equal(unlinked.status, 400);
    assert.equal(unknown.status, 400);
    const a = (await unlinked.json()) as ApiError;
    const b = (await unknown.json()) as ApiError;
    assert.equal(a.message.replace(STRANGER.cmsId!, 'ID'), b.message.replace('P900404', 'ID'));
    assert.deepEqual(a.fields!.map((f) => [f.field, f.message.replace(STRANGER.cmsId!, 'ID')]), b.fields!.map((f) => [f.field, f.message.replace('P900404', 'ID')]));
  });

  it('returns only the details the requester sent: nothing is filled in from the feed', async () => {
    const sent = { cmsId: STRANGER.cmsId, firstName: 'Robert', lastName: 'Quinlan' };
    const res = await h.post('/api/v1/involvements', { child: CHILD, people: [sent], reason: REASON });
    assert.equal(res.status, 200, await res.clone().text());
    const body = (await res.json()) as InvolvementsResponse;
    assert.deepEqual(body.people[0]!.person, sent);
    for (const leaked of ['9 Hidden Close', 'M19 2QP', '1992-02-11', 'SK4 1RT']) assert.ok(!JSON.stringify(body.people[0]!.person).includes(leaked), leaked);
  });

  it('a linked person given by id alone is filled in from the feed', async () => {
    const res = await h.post('/api/v1/involvements', { child: CHILD, people: [{ cmsId: MOTHER.cmsId }] });
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as InvolvementsResponse).people[0]!.person.dateOfBirth, MOTHER.dateOfBirth);
  });
});

describe('a low limit on people not linked, counted in people, with an alert to information governance each time', () => {
  let h: Harness;
  let alertServer: ReturnType<typeof createServer>;
  const alerts: Array<Record<string, unknown>> = [];
  const logLines: string[] = [];
  let delivered: Promise<void>;
  let deliveredOne: () => void = () => {};
  before(async () => {
    alertServer = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        alerts.push({ path: req.url, ...(JSON.parse(body) as Record<string, unknown>) });
        res.writeHead(204).end();
        deliveredOne();
      });
    });
    await new Promise<void>((resolve) => alertServer.listen(0, '127.0.0.1', resolve));
    const port = (alertServer.address() as AddressInfo).port;
    h = await withFeed({ FC_UNLINKED_PER_HOUR: '3', FC_IG_ALERT_URL: `http://127.0.0.1:${port}/ig-alerts` }, { logLines });
  });
  after(async () => {
    await h.close();
    await new Promise((resolve) => alertServer.close(resolve));
  });

  const stranger = (n: number): PersonInput => ({ firstName: `Stranger${String.fromCharCode(97 + n)}`, lastName: 'Fairweather', dateOfBirth: '1990-01-01' });

  it('allows the limit in people, then answers 429 naming it, while the family can still be checked', async () => {
    delivered = new Promise((resolve) => (deliveredOne = resolve));
    const first = await h.post('/api/v1/involvements', { child: CHILD, people: [MOTHER, stranger(0), { ...stranger(1), cmsId: STRANGER.cmsId }], reason: REASON });
    assert.equal(first.status, 200);
    await delivered;
    // Two people already; two more would be four, over three: the request is refused as a whole.
    const second = await h.post('/api/v1/involvements', { child: CHILD, people: [stranger(2), stranger(3)], reason: REASON });
    assert.equal(second.status, 429, await second.clone().text());
    const body = (await second.json()) as ApiError;
    assert.equal(body.error, 'unlinked-limit');
    assert.match(body.message, /allows 3 an hour/);
    assert.ok(Number(second.headers.get('retry-after')) > 0);
    const { kind, policy } = await lastPolicy(h);
    assert.equal(kind, 'refused');
    assert.equal(policy.refused!.error, 'unlinked-limit');
    // One more is within the limit; the family needs no room in it.
    assert.equal((await h.post('/api/v1/involvements', { child: CHILD, people: [stranger(4)], reason: REASON })).status, 200);
    assert.equal((await h.post('/api/v1/involvements', { child: CHILD, people: [stranger(5)], reason: REASON })).status, 429);
    assert.equal((await h.post('/api/v1/involvements', { child: CHILD, people: [MOTHER, FATHER] })).status, 200);
  });

  it('raised an alert for each lookup of people not linked: a log event, a metric and a POST, without personal data', async () => {
    const events = logLines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.event === 'ig-alert');
    assert.deepEqual(events.map((e) => e.kind), ['unlinked-lookup', 'unlinked-limit-reached', 'unlinked-lookup', 'unlinked-limit-reached']);
    assert.deepEqual(events[0]!.personCmsIds, [STRANGER.cmsId]);
    assert.equal(events[0]!.unlinked, 2);
    assert.equal(events[0]!.childCmsId, CHILD.cmsId);
    for (const text of [...events.map((e) => JSON.stringify(e)), JSON.stringify(alerts)]) {
      for (const personal of ['Stranger', 'Fairweather', '1990-01-01', REASON, 'Gemma']) assert.ok(!text.includes(personal), personal);
    }
    // The POSTs arrive without holding up the answers; wait for the rest.
    for (let i = 0; i < 50 && alerts.length < 4; i++) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(alerts.map((a) => [a.path, a.kind]), [
      ['/ig-alerts', 'unlinked-lookup'],
      ['/ig-alerts', 'unlinked-limit-reached'],
      ['/ig-alerts', 'unlinked-lookup'],
      ['/ig-alerts', 'unlinked-limit-reached'],
    ]);
    const metrics = await (await fetch(`${h.url}/metrics`)).text();
    assert.match(metrics, /fc_ig_alerts_total\{kind="unlinked-lookup"\} 2/);
    assert.match(metrics, /fc_ig_alerts_total\{kind="unlinked-limit-reached"\} 2/);
  });

  it('an alert endpoint that is down never blocks the answer, and the failure is logged', async () => {
    const lines: string[] = [];
    const down = await withFeed({ FC_IG_ALERT_URL: 'http://127.0.0.1:9/ig-alerts' }, { logLines: lines });
    try {
      assert.equal((await down.post('/api/v1/involvements', { child: CHILD, people: [stranger(0)], reason: REASON })).status, 200);
      for (let i = 0; i < 100 && !lines.some((l) => l.includes('ig-alert-not-delivered')); i++) await new Promise((r) => setTimeout(r, 20));
      assert.ok(lines.some((l) => l.includes('ig-alert-not-delivered')));
    } finally {
      await down.close();
    }
  });
});

describe('professionals are not family', () => {
  it('a GP or a lead professional linked to the child needs a reason, unless the council opts in', async () => {
    const h = await withFeed({ FC_LINK_POLICY: 'verify-strict' });
    try {
      for (const person of [GP, WORKER]) {
        const res = await h.post('/api/v1/involvements', { child: CHILD, people: [person] });
        assert.equal(res.status, 403, `${person.firstName}: ${await res.clone().text()}`);
        assert.match(((await res.json()) as ApiError).fields![0]!.message, /a professional, not family/);
      }
    } finally {
      await h.close();
    }
    const optIn = await withFeed({ FC_LINK_POLICY: 'verify-strict', FC_LINK_PROFESSIONALS: '1' });
    try {
      assert.equal((await optIn.post('/api/v1/involvements', { child: CHILD, people: [GP, WORKER] })).status, 200);
    } finally {
      await optIn.close();
    }
  });

  it('a feed row without a date of birth vouches for no date of birth, and no postcode but its own', async () => {
    const h = await withFeed({ FC_LINK_POLICY: 'verify-strict' });
    try {
      assert.equal((await h.post('/api/v1/involvements', { child: CHILD, people: [PARTNER_NO_DOB] })).status, 200);
      assert.equal((await h.post('/api/v1/involvements', { child: CHILD, people: [{ ...PARTNER_NO_DOB, dateOfBirth: '1992-02-11' }] })).status, 403);
      assert.equal((await h.post('/api/v1/involvements', { child: CHILD, people: [{ ...PARTNER_NO_DOB, postcode: 'SK4 1RT' }] })).status, 403);
    } finally {
      await h.close();
    }
  });
});

describe('feed lag: one field corrected in the CMS since the nightly feed', () => {
  let h: Harness;
  before(async () => {
    h = await withFeed({});
  });
  after(() => h.close());

  const check = async (people: PersonInput[]) => {
    const res = await h.post('/api/v1/involvements', { child: CHILD, people });
    return { status: res.status, body: (await res.json()) as InvolvementsResponse & ApiError };
  };

  it('a date of birth a day or a digit apart keeps the mother linked, and the answer names the field', async () => {
    for (const dateOfBirth of ['1995-07-03', '1995-07-12', '1995-02-07']) {
      const { status, body } = await check([{ ...MOTHER, dateOfBirth }]);
      assert.equal(status, 200, `${dateOfBirth}: ${JSON.stringify(body)}`);
      assert.deepEqual(body.people[0]!.differsFromCaseRecord, ['dateOfBirth']);
      assert.deepEqual((await lastPolicy(h)).policy.people, [{ ref: '0', linked: true, differs: ['dateOfBirth'] }]);
      const asc = body.people[0]!.services.find((s) => s.service === 'adult-social-care')!;
      // Her Adult Social Care record, under the case record's date of birth (1995-07-02), is still found.
      assert.equal(asc.status, 'involved', `${dateOfBirth}: ${asc.explanation}`);
    }
  });

  it('a corrected surname keeps her linked, and records under the case record\'s surname are still found', async () => {
    const { status, body } = await check([{ ...MOTHER, lastName: 'Royle' }]);
    assert.equal(status, 200, JSON.stringify(body));
    assert.deepEqual(body.people[0]!.differsFromCaseRecord, ['lastName']);
    assert.equal(body.people[0]!.services.find((s) => s.service === 'adult-social-care')!.status, 'involved');
  });

  it('the same details need no flag; a different person (name and date of birth both differ) is not linked', async () => {
    const same = await check([MOTHER]);
    assert.equal(same.status, 200);
    assert.equal(same.body.people[0]!.differsFromCaseRecord, undefined);
    const other = await check([{ ...MOTHER, lastName: 'Royle', dateOfBirth: '1995-07-03' }]);
    assert.equal(other.status, 400);
    assert.equal(other.body.error, 'reason-required');
  });

  it("a stranger sharing the mother's first name and date of birth, elsewhere or with no postcode, is not linked", async () => {
    // Held-out attack B04/G08: another surname and another postcode under a family member's id was searched freely.
    for (const stranger of [
      { ...MOTHER, lastName: 'Brennan', postcode: 'SK5 6LT', address: '2 Elsewhere Road' },
      { ...MOTHER, lastName: 'Brennan', postcode: undefined, address: undefined },
    ]) {
      const { status, body } = await check([stranger]);
      assert.equal(status, 400, JSON.stringify(body));
      assert.equal(body.error, 'reason-required');
    }
  });
});

describe('a reason is letters or digits, not invisible characters', () => {
  let h: Harness;
  before(async () => {
    h = await withFeed({});
  });
  after(() => h.close());

  it('refuses dots, zero-width spaces, a right-to-left override and fillers with a 400 naming reason', async () => {
    for (const reason of ['..........', '\u200B'.repeat(10), '\u202E'.repeat(10), '\u202EReferral from school', '\u3164'.repeat(12), 'ab\u200Dc\u2060d  -- !!', '\uFEFF'.repeat(10)]) {
      const res = await h.post('/api/v1/involvements', { child: CHILD, people: [STRANGER], reason });
      assert.equal(res.status, 400, JSON.stringify(reason));
      const body = (await res.json()) as ApiError;
      // Blank once trimmed (a byte-order mark is white space to JSON's trim) is no reason at all: reason-required.
      assert.ok(['invalid-request', 'reason-required'].includes(body.error), body.error);
      assert.equal(body.fields![0]!.field, 'reason', JSON.stringify(reason));
      if (body.error === 'invalid-request') assert.match(body.fields![0]!.message, /at least 10 letters or digits/);
    }
  });

  it('accepts ten letters or digits in any script, and stores the reason as typed', async () => {
    for (const reason of ['Referral 2026', 'Σχολείο αναφορά', 'إحالة من المدرسة', 'Named in\u200B referral by school']) {
      const res = await h.post('/api/v1/involvements', { child: CHILD, people: [{ ...STRANGER, cmsId: undefined }], reason });
      assert.equal(res.status, 200, `${reason}: ${await res.clone().text()}`);
      assert.equal((await listAuditEvents(h.db)).at(-1)!.reason, reason);
    }
  });
});
