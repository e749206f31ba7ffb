/** Hostile tokens: every one refused with a bare 401 (or 403 for a valid token without the role). */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { base64url, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { AUDIENCE, ISSUER, ROLE, startHarness, type Harness } from './harness.js';
import { CHILD, loadAll, MOTHER } from './sample-sources.js';

const BODY = { child: CHILD, people: [MOTHER] };

function encode(part: object): string {
  return base64url.encode(JSON.stringify(part));
}

describe('authentication', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
    await loadAll(h);
  });
  after(() => h.close());

  async function expectBare401(token: string | null, label: string, headers: Record<string, string> = {}) {
    const res = await h.post('/api/v1/involvements', BODY, token, headers);
    assert.equal(res.status, 401, label);
    assert.equal(res.headers.get('www-authenticate'), 'Bearer realm="family-context"', label);
    const body = (await res.json()) as { error: string; message: string; people?: unknown };
    assert.deepEqual(Object.keys(body).sort(), ['error', 'message'], label);
    assert.equal(body.error, 'unauthorised', label);
    assert.equal(body.people, undefined, label);
  }

  it('accepts a valid token (the control case)', async () => {
    const res = await h.post('/api/v1/involvements', BODY);
    assert.equal(res.status, 200);
  });

  it('refuses no token and a malformed header', async () => {
    await expectBare401(null, 'no header');
    await expectBare401(null, 'basic auth', { authorization: 'Basic dXNlcjpwYXNz' });
    await expectBare401(null, 'empty bearer', { authorization: 'Bearer ' });
    await expectBare401('not-a-jwt', 'garbage');
  });

  it('refuses an expired token (beyond the clock tolerance)', async () => {
    const past = Math.floor(Date.now() / 1000) - 3600;
    await expectBare401(await h.token({ expiresIn: past }), 'expired');
  });

  it('refuses a token without exp', async () => {
    const token = await new SignJWT({ roles: [ROLE] })
      .setProtectedHeader({ alg: 'RS256', kid: h.kid })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject('someone')
      .setIssuedAt()
      .sign(h.privateKey);
    await expectBare401(token, 'no exp');
  });

  it('refuses the wrong iss and the wrong aud', async () => {
    await expectBare401(await h.token({ payload: { iss: 'https://evil.example/' } }), 'wrong iss');
    await expectBare401(await h.token({ payload: { aud: 'some-other-api' } }), 'wrong aud');
    await expectBare401(await h.token({ payload: { iss: `${ISSUER}/` } }), 'iss with a trailing slash (exact match only)');
  });

  it('refuses alg none', async () => {
    const now = Math.floor(Date.now() / 1000);
    const unsigned = `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ iss: ISSUER, aud: AUDIENCE, sub: 'x', exp: now + 600, iat: now, roles: [ROLE] })}.`;
    await expectBare401(unsigned, 'alg none');
  });

  it('refuses HS256 signed with the public key as the secret', async () => {
    const secret = new TextEncoder().encode(JSON.stringify(h.publicJwk));
    const token = await new SignJWT({ roles: [ROLE] })
      .setProtectedHeader({ alg: 'HS256', kid: h.kid })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject('attacker')
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(secret);
    await expectBare401(token, 'HS256 with public key');
    const n = new TextEncoder().encode(String(h.publicJwk.n));
    const token2 = await new SignJWT({ roles: [ROLE] })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject('attacker')
      .setExpirationTime('10m')
      .sign(n);
    await expectBare401(token2, 'HS256 with the modulus');
  });

  it('refuses a token signed by another key, or naming an unknown kid', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    await expectBare401(await h.token({ key: privateKey as CryptoKey }), 'other key, same kid');
    await expectBare401(await h.token({ key: privateKey as CryptoKey, header: { kid: 'unknown-kid' } }), 'unknown kid');
  });

  it('refuses a tampered payload', async () => {
    const [header, , signature] = (await h.token()).split('.');
    const now = Math.floor(Date.now() / 1000);
    const forged = encode({ iss: ISSUER, aud: AUDIENCE, sub: 'someone-else', exp: now + 600, roles: [ROLE, 'Admin'] });
    await expectBare401(`${header}.${forged}.${signature}`, 'tampered');
  });

  it('refuses nbf in the future and an oversized token', async () => {
    await expectBare401(await h.token({ payload: { nbf: Math.floor(Date.now() / 1000) + 3600 } }), 'nbf future');
    await expectBare401(await h.token({ payload: { padding: 'x'.repeat(10_000) } }), 'oversized');
  });

  it('gives 403 with a clear message to a valid token without the role', async () => {
    const res = await h.post('/api/v1/involvements', BODY, await h.token({ payload: { roles: ['Something.Else'] } }));
    assert.equal(res.status, 403);
    const body = (await res.json()) as { error: string; message: string };
    assert.equal(body.error, 'forbidden');
    assert.match(body.message, /FamilyContext\.User/);
    const res2 = await h.post('/api/v1/involvements', BODY, await h.token({ payload: { roles: 'FamilyContext.User' } }));
    assert.equal(res2.status, 403, 'roles must be a list, not a string');
  });

  it('refuses /api/v1/sources without a token too', async () => {
    const res = await fetch(`${h.url}/api/v1/sources`);
    assert.equal(res.status, 401);
  });
});
