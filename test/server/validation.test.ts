/** Bad input: 400 with a JSON body naming the field, and nothing looked up or recorded. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ApiError } from '../../server/src/api/contract.js';
import { listAuditEvents } from '../../server/src/audit/repository.js';
import { startHarness, type Harness } from './harness.js';
import { CHILD, loadAll, MOTHER } from './sample-sources.js';

describe('request validation', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
    await loadAll(h);
  });
  after(() => h.close());

  async function expect400(body: unknown, field: string | RegExp, label: string): Promise<ApiError> {
    const res = await h.post('/api/v1/involvements', body);
    assert.equal(res.status, 400, label);
    const json = (await res.json()) as ApiError;
    assert.ok(json.fields?.length, `${label}: fields listed`);
    const fields = json.fields!.map((f) => f.field);
    assert.ok(fields.some((f) => (typeof field === 'string' ? f === field : field.test(f))), `${label}: expected ${field} in ${fields.join(', ')}`);
    assert.match(json.message, /not valid|not valid JSON/, label);
    return json;
  }

  it('malformed JSON names the body', async () => {
    const json = await expect400('{"child": {', 'body', 'malformed JSON');
    assert.equal(json.error, 'invalid-json');
  });

  it('missing names are named', async () => {
    await expect400({ child: CHILD, people: [{ lastName: 'Hartley' }] }, 'people[0].firstName', 'missing firstName');
    await expect400({ child: CHILD, people: [{ firstName: 'Gemma', lastName: '   ' }] }, 'people[0].lastName', 'blank lastName');
    await expect400({ child: { firstName: 'Leah' }, people: [MOTHER] }, 'child.lastName', 'child without lastName');
  });

  it('bad dates are named: wrong shape, impossible, future', async () => {
    await expect400({ child: CHILD, people: [{ ...MOTHER, dateOfBirth: '02/07/1995' }] }, 'people[0].dateOfBirth', 'DD/MM/YYYY');
    await expect400({ child: CHILD, people: [{ ...MOTHER, dateOfBirth: '1995-02-30' }] }, 'people[0].dateOfBirth', 'impossible date');
    await expect400({ child: CHILD, people: [{ ...MOTHER, dateOfBirth: '2099-01-01' }] }, 'people[0].dateOfBirth', 'future date');
  });

  it('0 or 31 people are refused', async () => {
    const zero = await expect400({ child: CHILD, people: [] }, 'people', '0 people');
    assert.match(zero.fields![0]!.message, /at least one/);
    const many = await expect400({ child: CHILD, people: Array.from({ length: 31 }, () => MOTHER) }, 'people', '31 people');
    assert.match(many.fields![0]!.message, /at most 30/);
  });

  it('unknown fields and wrong types are named (a typo must not silently drop data)', async () => {
    await expect400({ child: CHILD, people: [{ ...MOTHER, dob: '1995-07-02' }] }, 'people[0]', 'dob typo');
    await expect400({ child: CHILD, people: 'everyone' }, 'people', 'people not a list');
    await expect400({ child: CHILD, people: [MOTHER], extra: 1 }, 'body', 'unknown top-level field');
    await expect400([], 'body', 'array body');
    await expect400({ child: CHILD, people: [{ ...MOTHER, gender: 'F' }] }, 'people[0].gender', 'gender vocabulary');
  });

  it('30 people is accepted (the limit itself)', async () => {
    const res = await h.post('/api/v1/involvements', { child: CHILD, people: Array.from({ length: 30 }, () => MOTHER) });
    assert.equal(res.status, 200);
    const json = (await res.json()) as { people: unknown[] };
    assert.equal(json.people.length, 30);
  });

  it('a body that is not JSON is refused with 415', async () => {
    const res = await h.post('/api/v1/involvements', 'child=1', undefined, { 'content-type': 'text/plain' });
    assert.equal(res.status, 415);
  });

  it('refused requests write no audit event', async () => {
    const before = (await listAuditEvents(h.db)).length;
    await h.post('/api/v1/involvements', { child: CHILD, people: [] });
    await h.post('/api/v1/involvements', '{oops');
    await h.post('/api/v1/involvements', { child: CHILD, people: [MOTHER] }, null);
    assert.equal((await listAuditEvents(h.db)).length, before);
  });
});
