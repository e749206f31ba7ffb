/** Who may be looked up for a child: the CMS relationship feed decides, never the page alone. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ApiError, PersonInput } from '../../server/src/api/contract.js';
import { listAuditEvents } from '../../server/src/audit/repository.js';
import { replaceRelationshipFeed } from '../../server/src/sources/relationships.js';
import { NOW, startHarness, type Harness } from './harness.js';
import { CHILD, FATHER, GRANDMOTHER, loadAll, MOTHER } from './sample-sources.js';

const STRANGER: PersonInput = { cmsId: 'P999999', firstName: 'Imogen', lastName: 'Fairweather', dateOfBirth: '1990-01-01', postcode: 'SK3 8AA' };
const NO_ID: PersonInput = { firstName: 'Kai', lastName: 'Fairweather', dateOfBirth: '1991-01-01', postcode: 'SK3 8AA' };

async function withFeed(env: Record<string, string>): Promise<Harness> {
  const h = await startHarness(env);
  await loadAll(h);
  await replaceRelationshipFeed(
    h.db,
    { name: 'Mosaic relationships (test)', lastUpdated: '2026-11-20', freshnessDays: 7 },
    [
      // The child's own row: how the CMS describes the child.
      { childCmsId: CHILD.cmsId!, personCmsId: CHILD.cmsId!, relationship: 'Self', firstName: CHILD.firstName, lastName: CHILD.lastName, dateOfBirth: CHILD.dateOfBirth, postcode: CHILD.postcode },
      { childCmsId: CHILD.cmsId!, personCmsId: MOTHER.cmsId!, relationship: 'Mother', firstName: MOTHER.firstName, lastName: MOTHER.lastName, dateOfBirth: MOTHER.dateOfBirth, postcode: MOTHER.postcode },
      { childCmsId: CHILD.cmsId!, personCmsId: FATHER.cmsId!, relationship: 'Father', startDate: '2019-03-14', firstName: FATHER.firstName, lastName: FATHER.lastName, dateOfBirth: FATHER.dateOfBirth },
      // An ended relationship no longer counts.
      { childCmsId: CHILD.cmsId!, personCmsId: GRANDMOTHER.cmsId!, relationship: 'Special guardian', startDate: '2020-01-01', endDate: '2022-01-01' },
      // A link to another child does not count for this one.
      { childCmsId: 'P777777', personCmsId: STRANGER.cmsId!, relationship: 'Mother' },
    ],
    { loadedAt: NOW },
  );
  return h;
}

async function fieldsOf(res: Response): Promise<{ error: string; fields: string[] }> {
  const body = (await res.json()) as ApiError;
  return { error: body.error, fields: (body.fields ?? []).map((f) => f.field) };
}

describe('link policy: auto (default)', () => {
  it('trusts the page while no relationship feed is loaded', async () => {
    const h = await startHarness();
    try {
      await loadAll(h);
      assert.equal((await h.post('/api/v1/involvements', { child: CHILD, people: [STRANGER] })).status, 200);
      const event = (await listAuditEvents(h.db)).at(-1)!;
      assert.deepEqual(JSON.parse(event.policy!), { name: 'trust-host', people: [{ ref: '0', linked: null }] });
    } finally {
      await h.close();
    }
  });

  describe('with a feed loaded (verify-or-reason)', () => {
    let h: Harness;
    before(async () => {
      h = await withFeed({});
    });
    after(() => h.close());

    it('lets linked people and the child through without a reason, and records them as linked', async () => {
      const res = await h.post('/api/v1/involvements', { child: CHILD, people: [CHILD, MOTHER, FATHER] });
      assert.equal(res.status, 200);
      const event = (await listAuditEvents(h.db)).at(-1)!;
      const policy = JSON.parse(event.policy!) as { name: string; people: Array<{ linked: boolean }> };
      assert.equal(policy.name, 'verify-or-reason');
      assert.deepEqual(policy.people.map((p) => p.linked), [true, true, true]);
    });

    it('asks for a reason for anyone not linked now (ended, other child, no CMS id), naming them, and looks nobody up', async () => {
      const before = (await listAuditEvents(h.db)).length;
      const res = await h.post('/api/v1/involvements', { child: CHILD, people: [MOTHER, GRANDMOTHER, STRANGER, NO_ID] });
      assert.equal(res.status, 400);
      const { error, fields } = await fieldsOf(res);
      assert.equal(error, 'reason-required');
      assert.deepEqual(fields, ['reason', 'people[1]', 'people[2]', 'people[3]']);
      // Nothing looked up; the refusal itself is recorded (it read the feed), with why and who was asked about.
      const events = (await listAuditEvents(h.db)).slice(before);
      assert.deepEqual(events.map((e) => e.kind), ['refused']);
      const policy = JSON.parse(events[0]!.policy!) as { name: string; people: Array<{ linked: boolean }>; refused: { error: string; fields: string[] } };
      assert.equal(policy.name, 'verify-or-reason');
      assert.deepEqual(policy.people.map((p) => p.linked), [true, false, false, false]);
      assert.deepEqual(policy.refused, { error: 'reason-required', fields: ['reason', 'people[1]', 'people[2]', 'people[3]'] });
      assert.deepEqual(JSON.parse(events[0]!.outcome), []);
      const short = await h.post('/api/v1/involvements', { child: CHILD, people: [STRANGER], reason: 'because' });
      assert.equal(short.status, 400);
    });

    it('records a CMS id asked about that the feed does not know, and counts refusals in the rate limit', async () => {
      const before = (await listAuditEvents(h.db)).length;
      const res = await h.post('/api/v1/involvements', { child: CHILD, people: [{ cmsId: 'P000405' }] });
      assert.equal(res.status, 400);
      const events = (await listAuditEvents(h.db)).slice(before);
      assert.deepEqual(events.map((e) => e.kind), ['refused']);
      assert.deepEqual((JSON.parse(events[0]!.people) as Array<{ cmsId: string }>).map((p) => p.cmsId), ['P000405']);
      assert.deepEqual((JSON.parse(events[0]!.policy!) as { refused: { fields: string[] } }).refused.fields, ['people[0].cmsId']);
      // Probing CMS ids one request at a time meets the per-user limit like lookups do.
      const limited = await startHarness({ FC_RATE_LIMIT_PER_MINUTE: '3' });
      try {
        await loadAll(limited);
        const statuses: number[] = [];
        for (let i = 0; i < 5; i++) statuses.push((await limited.post('/api/v1/involvements', { child: CHILD, people: [{ cmsId: `P00040${i}` }] })).status);
        assert.deepEqual(statuses, [400, 400, 400, 429, 429]);
      } finally {
        await limited.close();
      }
    });

    it('accepts a written reason and records it with the policy outcome', async () => {
      const reason = 'Named as a regular visitor in the referral from school';
      const res = await h.post('/api/v1/involvements', { child: CHILD, people: [MOTHER, STRANGER], reason });
      assert.equal(res.status, 200);
      const event = (await listAuditEvents(h.db)).at(-1)!;
      assert.equal(event.reason, reason);
      assert.deepEqual((JSON.parse(event.policy!) as { people: Array<{ linked: boolean }> }).people.map((p) => p.linked), [true, false]);
    });

    it('the page cannot vouch for a person: a relationship sent by the page is not a link', async () => {
      const res = await h.post('/api/v1/involvements', { child: CHILD, people: [{ ...STRANGER, relationship: 'Mother' }] });
      assert.equal(res.status, 400);
    });

    it('looks up a person given by CMS id alone, with the names from the relationship feed', async () => {
      const res = await h.post('/api/v1/involvements', { child: CHILD, people: [{ cmsId: MOTHER.cmsId }] });
      assert.equal(res.status, 200, await res.clone().text());
      const body = (await res.json()) as { people: Array<{ person: PersonInput; services: Array<{ service: string; status: string }> }> };
      assert.equal(body.people[0]!.person.cmsId, MOTHER.cmsId);
      assert.equal(body.people[0]!.person.firstName, 'Gemma');
      assert.equal(body.people[0]!.person.lastName, 'Hartley');
      assert.equal(body.people[0]!.services.find((s) => s.service === 'adult-social-care')!.status, 'involved');
    });

    it('refuses a CMS id the feed does not know, or a person with neither names nor CMS id, naming the field', async () => {
      const unknown = await h.post('/api/v1/involvements', { child: CHILD, people: [{ cmsId: 'P000404' }], reason: 'Named in the referral by the school' });
      assert.equal(unknown.status, 400);
      assert.deepEqual((await fieldsOf(unknown)).fields, ['people[0].cmsId']);
      const nameless = await h.post('/api/v1/involvements', { child: CHILD, people: [{ dateOfBirth: '1990-01-01' }] });
      assert.equal(nameless.status, 400);
      assert.deepEqual((await fieldsOf(nameless)).fields, ['people[0].firstName', 'people[0].lastName']);
    });

    it('the spot-check report lists the lookup of a person not linked to the child', async () => {
      const res = await fetch(`${h.url}/api/v1/audit/spot-check`, { headers: { authorization: `Bearer ${await h.token({ payload: { roles: ['FamilyContext.Auditor'] } })}` } });
      const report = (await res.json()) as { notLinked: Array<{ people: Array<{ cmsId?: string }>; reason: string }> };
      assert.equal(report.notLinked.length, 1);
      assert.deepEqual(report.notLinked[0]!.people.map((p) => p.cmsId), [STRANGER.cmsId]);
    });
  });
});

describe('link policy: verify-strict', () => {
  let h: Harness;
  before(async () => {
    h = await withFeed({ FC_LINK_POLICY: 'verify-strict' });
  });
  after(() => h.close());

  it('refuses anyone not linked, even with a reason, and allows the linked', async () => {
    const res = await h.post('/api/v1/involvements', { child: CHILD, people: [MOTHER, STRANGER], reason: 'A long enough reason to look them up' });
    assert.equal(res.status, 403);
    const { error, fields } = await fieldsOf(res);
    assert.equal(error, 'not-linked');
    assert.deepEqual(fields, ['people[1]']);
    assert.equal((await h.post('/api/v1/involvements', { child: CHILD, people: [MOTHER, FATHER] })).status, 200);
  });

  // Someone a worker has no business looking up (an ex-partner, a neighbour), sent under ids the policy trusts.
  const TARGET = { firstName: 'Imogen', lastName: 'Fairweather', dateOfBirth: '1990-01-01', postcode: 'SK3 8AA' };
  const refused = async (body: object, field: string | string[], why: RegExp) => {
    const res = await h.post('/api/v1/involvements', body);
    assert.equal(res.status, 403, await res.clone().text());
    const answer = (await res.json()) as ApiError;
    assert.equal(answer.error, 'not-linked');
    assert.deepEqual(answer.fields?.map((f) => f.field), Array.isArray(field) ? field : [field]);
    assert.match(answer.fields![0]!.message, why);
  };

  it("refuses a linked person's CMS id sent with someone else's details", async () => {
    await refused({ child: CHILD, people: [{ ...TARGET, cmsId: MOTHER.cmsId }] }, 'people[0]', /not the ones the case-management system holds/);
    // The right name with another date of birth is someone else too.
    await refused({ child: CHILD, people: [{ ...MOTHER, dateOfBirth: '1960-02-02' }] }, 'people[0]', /not the ones/);
    // The feed's own details, in another case and spacing, are the same person.
    const res = await h.post('/api/v1/involvements', { child: CHILD, people: [{ ...MOTHER, firstName: ' GEMMA', lastName: 'hartley' }] });
    assert.equal(res.status, 200, await res.clone().text());
  });

  it("refuses someone sent as the child under the child's CMS id but with other details, or over 25", async () => {
    await refused({ child: CHILD, people: [{ ...TARGET, cmsId: CHILD.cmsId }] }, 'people[0]', /not the ones the case-management system holds for the child/);
    // Sent as the open child too: the feed's own row for the child does not vouch for them, so nobody is linked.
    const olderChild = { ...CHILD, dateOfBirth: '1990-01-01' };
    await refused({ child: olderChild, people: [olderChild] }, ['child', 'people[0]'], /not the ones the case-management system holds for the child/);
  });

  it('refuses a made-up child whose CMS id the feed has no links for, sent as the child', async () => {
    const invented = { ...TARGET, cmsId: 'X1' };
    await refused({ child: invented, people: [invented] }, ['child', 'people[0]'], /no current record of the child X1/);
  });

  it('records nothing for a refused lookup as a lookup, and the spot-check stays as it was', async () => {
    const lookups = (await listAuditEvents(h.db)).filter((e) => e.kind === 'lookup').length;
    await refused({ child: CHILD, people: [{ ...TARGET, cmsId: MOTHER.cmsId }] }, 'people[0]', /not the ones/);
    assert.equal((await listAuditEvents(h.db)).filter((e) => e.kind === 'lookup').length, lookups);
  });
});

describe('link policy: the same person written another way is still linked; someone else is not', () => {
  const TARGET = { firstName: 'Imogen', lastName: 'Fairweather', dateOfBirth: '2005-01-01', postcode: 'SK3 8AA' };
  const AUNT = { cmsId: 'P100010', firstName: 'Mary Ann', lastName: 'Hartley-Royle', dateOfBirth: '1980-01-01' };
  let h: Harness;
  before(async () => {
    h = await startHarness({ FC_LINK_POLICY: 'verify-strict' });
    await loadAll(h);
    await replaceRelationshipFeed(
      h.db,
      { name: 'Mosaic relationships (test)', lastUpdated: '2026-11-20', freshnessDays: 7 },
      [
        { childCmsId: CHILD.cmsId!, personCmsId: CHILD.cmsId!, relationship: 'Self', firstName: CHILD.firstName, lastName: CHILD.lastName, dateOfBirth: CHILD.dateOfBirth, previousLastNames: ['Pryce'] },
        { childCmsId: 'P100020', personCmsId: 'P100020', relationship: 'Self', firstName: 'Baby', lastName: 'Hartley', postcode: CHILD.postcode },
        { childCmsId: CHILD.cmsId!, personCmsId: MOTHER.cmsId!, relationship: 'Mother', firstName: MOTHER.firstName, lastName: MOTHER.lastName, dateOfBirth: MOTHER.dateOfBirth, previousLastNames: ['Pryce'] },
        { childCmsId: CHILD.cmsId!, personCmsId: FATHER.cmsId!, relationship: 'Father', firstName: 'Robert James', lastName: FATHER.lastName, dateOfBirth: FATHER.dateOfBirth },
        { childCmsId: CHILD.cmsId!, personCmsId: AUNT.cmsId, relationship: 'Aunt', firstName: AUNT.firstName, lastName: AUNT.lastName, dateOfBirth: AUNT.dateOfBirth },
        // An unborn baby's record (no date of birth yet), linked to the mother.
        { childCmsId: 'P100020', personCmsId: MOTHER.cmsId!, relationship: 'Mother', firstName: MOTHER.firstName, lastName: MOTHER.lastName, dateOfBirth: MOTHER.dateOfBirth },
        // Leah's brother's record lists Leah: how the CMS describes the child herself.
        { childCmsId: 'P100011', personCmsId: CHILD.cmsId!, relationship: 'Sister', firstName: CHILD.firstName, lastName: CHILD.lastName, dateOfBirth: CHILD.dateOfBirth },
      ],
      { loadedAt: NOW },
    );
  });
  after(() => h.close());

  const status = async (child: PersonInput, people: PersonInput[]) => {
    const res = await h.post('/api/v1/involvements', { child, people });
    return { status: res.status, text: await res.text() };
  };

  it('links the family however the page writes their names', async () => {
    for (const people of [
      [CHILD, { ...MOTHER, lastName: 'Pryce' }], // her earlier surname, which the feed lists
      [{ ...MOTHER, lastName: 'Royle', previousLastNames: ['Hartley'] }], // married yesterday: the page lists the old name
      [{ ...FATHER, firstName: 'Bob' }], // a short form of his first given name
      [{ ...FATHER, firstName: 'ROBERT' }],
      [{ ...AUNT, firstName: 'Mary', lastName: 'Royle' }], // one given name, one part of a double-barrelled surname
      [{ ...AUNT, lastName: 'Hartley Royle' }],
    ]) {
      const answer = await status(CHILD, people);
      assert.equal(answer.status, 200, `${JSON.stringify(people)}: ${answer.text}`);
    }
  });

  it("refuses a linked id sent with another person's names, even when the feed's earlier surnames are added to the request", async () => {
    for (const person of [
      { ...TARGET, cmsId: MOTHER.cmsId },
      { ...MOTHER, lastName: 'Fairweather', dateOfBirth: '1995-07-03' }, // her first name, two fields off: someone else
      { ...FATHER, firstName: 'Roberta' }, // a twin: same surname and birthday
      { ...MOTHER, dateOfBirth: '1959-07-03' },
    ]) {
      const answer = await status(CHILD, [person]);
      assert.equal(answer.status, 403, `${JSON.stringify(person)}: ${answer.text}`);
    }
  });

  it("refuses someone sent as the child under the child's id unlike the feed's own description of the child", async () => {
    const young = { ...TARGET, cmsId: CHILD.cmsId };
    const answer = await status(young, [young]);
    assert.equal(answer.status, 403, answer.text);
    assert.match(answer.text, /not the ones the case-management system holds for the child/);
    assert.equal((await status(CHILD, [CHILD])).status, 200);
    // The child's own row lists an earlier surname.
    assert.equal((await status({ ...CHILD, lastName: 'Pryce' }, [{ ...CHILD, lastName: 'Pryce' }, MOTHER])).status, 200);
  });

  it("lets the child's own entry without a date of birth through unsearched (every answer not checked), and checks the family", async () => {
    const { dateOfBirth: _d, ...unborn } = { ...CHILD, cmsId: 'P100020', firstName: 'Baby', lastName: 'Hartley' };
    const res = await h.post('/api/v1/involvements', { child: unborn, people: [unborn, MOTHER] });
    assert.equal(res.status, 200, await res.clone().text());
    const body = (await res.json()) as { people: Array<{ services: Array<{ status: string; records: unknown[] }> }> };
    for (const s of body.people[0]!.services) {
      assert.equal(s.status, 'not-checked');
      assert.equal(s.records.length, 0);
    }
    assert.ok(body.people[1]!.services.some((s) => s.status === 'involved'), 'the mother is checked as usual');
    const policy = JSON.parse((await listAuditEvents(h.db)).at(-1)!.policy!) as { people: Array<{ linked: boolean; searched?: boolean }> };
    assert.deepEqual(policy.people, [{ ref: '0', linked: true, searched: false }, { ref: '1', linked: true }]);
    // Nobody is found under the child's id by name alone: a stranger's names without a date of birth get nothing.
    const { dateOfBirth: _t, ...stranger } = { ...MOTHER, cmsId: 'P100020' };
    const probe = await h.post('/api/v1/involvements', { child: stranger, people: [stranger] });
    if (probe.status === 200) {
      const answer = (await probe.json()) as { people: Array<{ services: Array<{ status: string; records: unknown[] }> }> };
      assert.ok(answer.people[0]!.services.every((s) => s.status === 'not-checked' && s.records.length === 0), JSON.stringify(answer));
    } else assert.equal(probe.status, 403);
  });

  it("accepts loose spellings only where the dates of birth agree, and never a stranger's surname", async () => {
    const { dateOfBirth: _m, ...motherNoDob } = MOTHER;
    for (const person of [
      { ...motherNoDob, lastName: 'Fairweather', previousLastNames: ['Hartley'] }, // the page's own list cannot vouch
      { ...motherNoDob, lastName: 'Hartley-Fairweather' }, // nor a shared part, without dates that agree
      { ...AUNT, lastName: 'van Dijk-Royle', dateOfBirth: '1980-01-02' },
    ]) {
      const answer = await status(CHILD, [person]);
      assert.equal(answer.status, 403, `${JSON.stringify(person)}: ${answer.text}`);
    }
    for (const person of [
      { ...MOTHER, lastName: 'Hartley-Fairweather' }, // with her date of birth: a new double-barrelled name
      { ...motherNoDob, lastName: 'HART LEY' }, // the same letters, spaced
      { ...MOTHER, firstName: 'G' }, // an initial, with her date of birth
    ]) {
      const answer = await status(CHILD, [person]);
      assert.equal(answer.status, 200, `${JSON.stringify(person)}: ${answer.text}`);
    }
    assert.equal((await status(CHILD, [{ ...motherNoDob, firstName: 'G' }])).status, 403, 'an initial without a date of birth');
  });
});

describe('link policy: reads', () => {
  it("reuses the people step's read of how the feed describes them: two reads of the feed's rows per lookup, not three", async () => {
    const statements: string[] = [];
    const h = await startHarness({ FC_LINK_POLICY: 'verify-strict' }, { onQuery: (sql) => statements.push(sql) });
    try {
      await loadAll(h);
      await replaceRelationshipFeed(
        h.db,
        { name: 'Mosaic relationships (test)', lastUpdated: '2026-11-20', freshnessDays: 7 },
        [
          { childCmsId: CHILD.cmsId!, personCmsId: CHILD.cmsId!, relationship: 'Self', firstName: CHILD.firstName, lastName: CHILD.lastName, dateOfBirth: CHILD.dateOfBirth },
          { childCmsId: CHILD.cmsId!, personCmsId: MOTHER.cmsId!, relationship: 'Mother', firstName: MOTHER.firstName, lastName: MOTHER.lastName, dateOfBirth: MOTHER.dateOfBirth },
          { childCmsId: 'P100011', personCmsId: CHILD.cmsId!, relationship: 'Sister', firstName: CHILD.firstName, lastName: CHILD.lastName, dateOfBirth: CHILD.dateOfBirth },
        ],
        { loadedAt: NOW },
      );
      const token = await h.token();
      statements.length = 0;
      const res = await h.post('/api/v1/involvements', { child: CHILD, people: [CHILD, MOTHER] }, token);
      assert.equal(res.status, 200, await res.clone().text());
      const feedRows = statements.filter((sql) => /from "cms_relationship"/.test(sql));
      assert.equal(feedRows.length, 2, feedRows.join('\n'));
      assert.equal(feedRows.filter((sql) => /"person_cms_id" in/.test(sql)).length, 1, 'one read of the people, for names, history and the policy');
      assert.equal(feedRows.filter((sql) => /"child_cms_id" =/.test(sql)).length, 1, "one read of who is linked to the child");
    } finally {
      await h.close();
    }
  });
});

describe('link policy: trust-host set explicitly', () => {
  it('does not check the feed even when one is loaded', async () => {
    const h = await withFeed({ FC_LINK_POLICY: 'trust-host' });
    try {
      assert.equal((await h.post('/api/v1/involvements', { child: CHILD, people: [STRANGER] })).status, 200);
    } finally {
      await h.close();
    }
  });
});

describe('minimum data', () => {
  it('answers only the people asked about, with only the agreed fields', async () => {
    const h = await startHarness();
    try {
      await loadAll(h);
      const res = await h.post('/api/v1/involvements', { child: CHILD, people: [FATHER] });
      const body = (await res.json()) as Record<string, unknown> & { people: Array<Record<string, unknown> & { services: Array<Record<string, unknown> & { records: Array<Record<string, unknown>> }> }> };
      assert.deepEqual(Object.keys(body).sort(), ['generatedAt', 'people', 'requestId']);
      assert.equal(body.people.length, 1);
      assert.deepEqual(Object.keys(body.people[0]!).sort(), ['ageYears', 'person', 'ref', 'services']);
      assert.deepEqual(body.people[0]!.person, FATHER, 'the person echoed is exactly the one asked about');
      const allowedRecordKeys = new Set(['ref', 'involvement', 'organisation', 'contact', 'startDate', 'endDate', 'lastContact', 'details', 'match']);
      for (const s of body.people[0]!.services) {
        // `fields` (the services file's labels for the details) comes with records only.
        const keys = ['explanation', 'label', 'records', 'service', 'showsInvolvement', 'source', 'status'];
        assert.deepEqual(Object.keys(s).sort(), (s.records.length ? [...keys, 'fields'] : keys).sort());
        for (const r of s.records) for (const k of Object.keys(r)) assert.ok(allowedRecordKeys.has(k), `record field ${k}`);
      }
      const text = JSON.stringify(body);
      for (const internal of ['first_name_norm', 'snapshot_id', 'nhs_number', 'source_person_id', 'date_of_birth']) assert.ok(!text.includes(internal), internal);
    } finally {
      await h.close();
    }
  });
});

describe('a person given by CMS id alone takes only what the relationship feed can be trusted for', () => {
  // Rows describing P555001 for two children, agreeing on her name and birthday but not on her address.
  const TWO_ADDRESSES = [
    { childCmsId: CHILD.cmsId!, personCmsId: 'P555001', relationship: 'Aunt', firstName: 'Shannon', lastName: 'Byrne', dateOfBirth: '1998-04-23', postcode: 'SK2 5LT' },
    { childCmsId: 'P777778', personCmsId: 'P555001', relationship: 'Mother', firstName: 'Shannon', lastName: 'Byrne', dateOfBirth: '1998-04-23', postcode: 'SK5 6AB' },
  ];
  const feedWith = async (lastUpdated: string) => {
    const h = await startHarness({ FC_LINK_POLICY: 'trust-host' });
    await loadAll(h);
    await replaceRelationshipFeed(
      h.db,
      { name: 'Mosaic relationships (test)', lastUpdated, freshnessDays: 7 },
      [
        { childCmsId: CHILD.cmsId!, personCmsId: CHILD.cmsId!, relationship: 'Self', firstName: CHILD.firstName, lastName: CHILD.lastName, dateOfBirth: CHILD.dateOfBirth },
        { childCmsId: CHILD.cmsId!, personCmsId: MOTHER.cmsId!, relationship: 'Mother', firstName: MOTHER.firstName, lastName: MOTHER.lastName, dateOfBirth: MOTHER.dateOfBirth, postcode: MOTHER.postcode },
        ...TWO_ADDRESSES,
      ],
      { loadedAt: NOW },
    );
    return h;
  };

  it('from a feed past its freshness limit, nothing: the address could be old, so the caller is asked for their details', async () => {
    const h = await feedWith('2026-10-01');
    try {
      const res = await h.post('/api/v1/involvements', { child: CHILD, people: [{ cmsId: MOTHER.cmsId }] });
      assert.equal(res.status, 400);
      const body = (await res.json()) as ApiError;
      assert.deepEqual(body.fields?.map((f) => f.field), ['people[0].cmsId']);
      assert.match(body.fields![0]!.message, /last updated on 1 October 2026, longer ago than its 7-day limit.*give their first name, last name, date of birth and address/);
      // People the page describes itself are still looked up.
      assert.equal((await h.post('/api/v1/involvements', { child: CHILD, people: [MOTHER] })).status, 200);
    } finally {
      await h.close();
    }
  });

  it('where its rows disagree on an address, no postcode is filled in, so no source is said to cover her and none says "no records"', async () => {
    const h = await feedWith('2026-11-20');
    try {
      const res = await h.post('/api/v1/involvements', { child: CHILD, people: [{ cmsId: 'P555001' }] });
      assert.equal(res.status, 200, await res.clone().text());
      const body = (await res.json()) as { people: Array<{ person: PersonInput; services: Array<{ service: string; status: string; explanation: string }> }> };
      const [person] = body.people;
      assert.deepEqual([person!.person.firstName, person!.person.lastName, person!.person.dateOfBirth, person!.person.postcode], ['Shannon', 'Byrne', '1998-04-23', undefined]);
      const searched = person!.services.filter((s) => s.status !== 'not-applicable');
      assert.ok(searched.length > 0);
      for (const s of searched) {
        assert.equal(s.status, 'not-checked', `${s.service}: ${s.explanation}`);
        assert.match(s.explanation, /do not know where they live/);
      }
    } finally {
      await h.close();
    }
  });
});
