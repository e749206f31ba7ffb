/**
 * The cache of verified tokens (auth/verify-token.ts): a hit only for the exact token, never past its expiry or a
 * minute after verification, bounded in size; and through the server, a token that differs by one character from
 * a verified one is verified afresh (and refused).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { VerifiedTokens } from '../../server/src/auth/verify-token.js';
import { startHarness, type Harness } from './harness.js';
import { CHILD, loadAll, MOTHER } from './sample-sources.js';

const USER = { sub: 'sam.worker@test-council.example', name: 'Sam Worker', roles: ['FamilyContext.User'] };

describe('VerifiedTokens', () => {
  it('gives the user back for the same token only, until the token expires', () => {
    let now = 1_000_000;
    const cache = new VerifiedTokens(() => now);
    cache.set('aaa.bbb.ccc', USER, now + 30_000);
    assert.deepEqual(cache.get('aaa.bbb.ccc'), USER);
    assert.equal(cache.get('aaa.bbb.ccd'), undefined, 'one character different');
    now += 29_999;
    assert.deepEqual(cache.get('aaa.bbb.ccc'), USER);
    now += 1;
    assert.equal(cache.get('aaa.bbb.ccc'), undefined, 'at the expiry time');
  });

  it('keeps a token for at most a minute even when it expires later', () => {
    let now = 5_000_000;
    const cache = new VerifiedTokens(() => now);
    cache.set('t', USER, now + 3_600_000);
    now += 59_999;
    assert.ok(cache.get('t'));
    now += 1;
    assert.equal(cache.get('t'), undefined);
  });

  it('does not keep a token that has already expired', () => {
    const now = 7_000_000;
    const cache = new VerifiedTokens(() => now);
    cache.set('old', USER, now - 1);
    assert.equal(cache.get('old'), undefined);
  });

  it('hands out a frozen copy: a caller cannot change what the next request sees', () => {
    const cache = new VerifiedTokens(() => 0);
    const roles = ['FamilyContext.User'];
    cache.set('t', { ...USER, roles }, 10_000);
    roles.push('FamilyContext.Auditor');
    const user = cache.get('t')!;
    assert.deepEqual(user.roles, ['FamilyContext.User']);
    assert.throws(() => (user.roles as string[]).push('x'));
    assert.throws(() => ((user as { sub: string }).sub = 'someone.else'));
  });

  it('stays bounded: the oldest entries go first', () => {
    const cache = new VerifiedTokens(() => 0);
    for (let i = 0; i <= 10_000; i++) cache.set(`token-${i}`, USER, 50_000);
    assert.equal(cache.get('token-0'), undefined, 'the oldest was dropped');
    assert.ok(cache.get('token-10000'), 'the newest is kept');
  });
});

describe('verified tokens through the server', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
    await loadAll(h);
  });
  after(() => h.close());

  it('verifies a token that differs by one character afresh, and refuses it', async () => {
    const token = await h.token();
    assert.equal((await h.post('/api/v1/involvements', { child: CHILD, people: [MOTHER] }, token)).status, 200);
    assert.equal((await h.post('/api/v1/involvements', { child: CHILD, people: [MOTHER] }, token)).status, 200, 'the same token again');
    // A character in the middle of the signature (the last one may only carry padding bits).
    const at = token.lastIndexOf('.') + 20;
    const altered = token.slice(0, at) + (token[at] === 'A' ? 'B' : 'A') + token.slice(at + 1);
    assert.equal((await h.post('/api/v1/involvements', { child: CHILD, people: [MOTHER] }, altered)).status, 401);
  });
});
