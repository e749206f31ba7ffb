/**
 * Hostile tokens: every one refused with a bare 401 (or 403 for a valid token without the role), and the JWKS
 * behaviour councils rely on: key rotation by refetch on an unknown kid, and 503 when the IdP is down.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { base64url, CompactSign, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { AUDIENCE, ISSUER, ROLE, startHarness, type Harness } from './harness.js';
import { CHILD, loadAll, MOTHER } from './sample-sources.js';

const BODY = { child: CHILD, people: [MOTHER] };
const now = () => Math.floor(Date.now() / 1000);
const encode = (part: object) => base64url.encode(JSON.stringify(part));

function validClaims(extra: Record<string, unknown> = {}) {
  return { iss: ISSUER, aud: AUDIENCE, sub: 'sam.worker@test-council.example', iat: now(), exp: now() + 600, roles: [ROLE], ...extra };
}

/** Signs arbitrary header + claims with the harness's RS256 key (or another key), bypassing SignJWT's checks. */
async function signRaw(key: CryptoKey, header: Record<string, unknown>, claims: Record<string, unknown> | string): Promise<string> {
  const payload = new TextEncoder().encode(typeof claims === 'string' ? claims : JSON.stringify(claims));
  return new CompactSign(payload).setProtectedHeader(header as { alg: string }).sign(key);
}

/** Signs with WebCrypto directly, for headers jose itself refuses to produce (e.g. unknown crit). */
async function signManually(key: CryptoKey, header: Record<string, unknown>, claims: Record<string, unknown>): Promise<string> {
  const input = `${encode(header)}.${encode(claims)}`;
  const signature = await crypto.subtle.sign('RSASSA-PKCS1-v1_5', key, new TextEncoder().encode(input));
  return `${input}.${base64url.encode(new Uint8Array(signature))}`;
}

async function expectBare401(h: Harness, token: string | null, label: string, headers: Record<string, string> = {}) {
  const res = await h.post('/api/v1/involvements', BODY, token, headers);
  assert.equal(res.status, 401, label);
  assert.equal(res.headers.get('www-authenticate'), 'Bearer realm="family-context"', label);
  const body = (await res.json()) as Record<string, unknown>;
  assert.deepEqual(Object.keys(body).sort(), ['error', 'message'], label);
  assert.equal(body.error, 'unauthorised', label);
}

describe('hostile token corpus', () => {
  let h: Harness;
  let otherKey: CryptoKey;
  before(async () => {
    h = await startHarness();
    await loadAll(h);
    otherKey = (await generateKeyPair('RS256')).privateKey as CryptoKey;
  });
  after(() => h.close());

  it('accepts a valid token (the control case: the corpus below differs from it in one way each)', async () => {
    const res = await h.post('/api/v1/involvements', BODY, await signRaw(h.privateKey, { alg: 'RS256', kid: h.kid }, validClaims()));
    assert.equal(res.status, 200);
    const manual = await h.post('/api/v1/involvements', BODY, await signManually(h.privateKey, { alg: 'RS256', kid: h.kid }, validClaims()));
    assert.equal(manual.status, 200, 'the hand-signed control token is valid, so the crit case fails only for crit');
  });

  const corpus: Array<[string, (h: Harness, other: CryptoKey) => Promise<string | null> | string | null, Record<string, string>?]> = [
    ['no token', () => null],
    ['Basic credentials', () => null, { authorization: 'Basic dXNlcjpwYXNz' }],
    ['empty bearer', () => null, { authorization: 'Bearer ' }],
    ['garbage', () => 'not-a-jwt'],
    ['alg none', () => `${encode({ alg: 'none', typ: 'JWT' })}.${encode(validClaims())}.`],
    ['HS256 signed with the public JWK as secret', async (h) =>
      new SignJWT(validClaims()).setProtectedHeader({ alg: 'HS256', kid: h.kid }).sign(new TextEncoder().encode(JSON.stringify(h.publicJwk)))],
    ['HS256 signed with the modulus as secret', async (h) =>
      new SignJWT(validClaims()).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(String(h.publicJwk.n)))],
    ['wrong iss', (h) => signRaw(h.privateKey, { alg: 'RS256', kid: h.kid }, validClaims({ iss: 'https://evil.example/' }))],
    ['iss with a trailing slash', (h) => signRaw(h.privateKey, { alg: 'RS256', kid: h.kid }, validClaims({ iss: `${ISSUER}/` }))],
    ['missing iss', (h) => signRaw(h.privateKey, { alg: 'RS256', kid: h.kid }, validClaims({ iss: undefined }))],
    ['wrong aud', (h) => signRaw(h.privateKey, { alg: 'RS256', kid: h.kid }, validClaims({ aud: 'some-other-api' }))],
    ['missing aud', (h) => signRaw(h.privateKey, { alg: 'RS256', kid: h.kid }, validClaims({ aud: undefined }))],
    ['missing exp', (h) => signRaw(h.privateKey, { alg: 'RS256', kid: h.kid }, validClaims({ exp: undefined }))],
    ['missing iat', (h) => signRaw(h.privateKey, { alg: 'RS256', kid: h.kid }, validClaims({ iat: undefined }))],
    ['missing sub', (h) => signRaw(h.privateKey, { alg: 'RS256', kid: h.kid }, validClaims({ sub: undefined }))],
    ['expired beyond the tolerance', (h) => signRaw(h.privateKey, { alg: 'RS256', kid: h.kid }, validClaims({ iat: now() - 7200, exp: now() - 120 }))],
    ['issued longer ago than the maximum token age', (h) => signRaw(h.privateKey, { alg: 'RS256', kid: h.kid }, validClaims({ iat: now() - 13 * 3600, exp: now() + 600 }))],
    ['nbf in the future', (h) => signRaw(h.privateKey, { alg: 'RS256', kid: h.kid }, validClaims({ nbf: now() + 3600 }))],
    ['tampered payload', async (h) => {
      const [header, , signature] = (await signRaw(h.privateKey, { alg: 'RS256', kid: h.kid }, validClaims())).split('.');
      return `${header}.${encode(validClaims({ sub: 'someone-else', roles: [ROLE, 'Admin'] }))}.${signature}`;
    }],
    ['truncated signature', async (h) => (await signRaw(h.privateKey, { alg: 'RS256', kid: h.kid }, validClaims())).slice(0, -10)],
    ['truncated to two parts', async (h) => (await signRaw(h.privateKey, { alg: 'RS256', kid: h.kid }, validClaims())).split('.').slice(0, 2).join('.')],
    ['oversized', (h) => signRaw(h.privateKey, { alg: 'RS256', kid: h.kid }, validClaims({ padding: 'x'.repeat(10_000) }))],
    ['signed by another key under our kid', (_h, other) => signRaw(other, { alg: 'RS256', kid: 'test-key-1' }, validClaims())],
    ['unknown kid', (_h, other) => signRaw(other, { alg: 'RS256', kid: 'unknown-kid' }, validClaims())],
    ['jku pointing elsewhere (ignored; the attacker key is not ours)', (_h, other) =>
      signRaw(other, { alg: 'RS256', kid: 'attacker', jku: 'https://evil.example/jwks.json' }, validClaims())],
    ['x5u pointing elsewhere', (_h, other) => signRaw(other, { alg: 'RS256', x5u: 'https://evil.example/cert.pem' }, validClaims())],
    ['embedded jwk header with the attacker key', async () => {
      const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
      const jwk = await exportJWK(publicKey);
      return signRaw(privateKey as CryptoKey, { alg: 'RS256', jwk: { kty: jwk.kty, n: jwk.n, e: jwk.e } }, validClaims());
    }],
    ['crit header with an unknown extension', (h) => signManually(h.privateKey, { alg: 'RS256', kid: h.kid, crit: ['exp-policy'], 'exp-policy': 1 }, validClaims())],
    ['nested JWT (cty JWT, payload is another token)', async (h) => {
      const inner = await signRaw(h.privateKey, { alg: 'RS256', kid: h.kid }, validClaims());
      return signRaw(h.privateKey, { alg: 'RS256', kid: h.kid, cty: 'JWT' }, inner);
    }],
    ['payload is not JSON', (h) => signRaw(h.privateKey, { alg: 'RS256', kid: h.kid }, 'hello')],
    ['RS256 algorithm claimed but ES256 key', async () => {
      const { privateKey } = await generateKeyPair('ES256');
      return signRaw(privateKey as CryptoKey, { alg: 'ES256', kid: 'test-key-1' }, validClaims());
    }],
  ];

  it(`refuses all ${corpus.length} hostile tokens with a bare 401`, async () => {
    assert.ok(corpus.length >= 20);
    for (const [label, make, headers] of corpus) {
      await expectBare401(h, await make(h, otherKey), label, headers);
    }
  });

  it('gives 403 with a clear message to a valid token without the role, or with roles as a string', async () => {
    for (const roles of [['Something.Else'], 'FamilyContext.User', undefined, ['FamilyContext.Auditor']]) {
      const res = await h.post('/api/v1/involvements', BODY, await signRaw(h.privateKey, { alg: 'RS256', kid: h.kid }, validClaims({ roles })));
      assert.equal(res.status, 403, JSON.stringify(roles));
      const body = (await res.json()) as { error: string; message: string };
      assert.equal(body.error, 'forbidden');
      assert.match(body.message, /FamilyContext\.User/);
    }
  });

  it('refuses /api/v1/sources without a token too', async () => {
    const res = await fetch(`${h.url}/api/v1/sources`);
    assert.equal(res.status, 401);
  });
});

describe('keys from a JWKS URL', () => {
  let jwksServer: Server;
  let keys: JWK[] = [];
  let fetches = 0;
  let down = false;
  let garbled = false;
  let h: Harness;
  let first: CryptoKey;

  before(async () => {
    const pair = await generateKeyPair('ES256', { extractable: true });
    first = pair.privateKey as CryptoKey;
    keys = [{ ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256' }];
    jwksServer = createServer((req, res) => {
      fetches++;
      if (down) {
        res.writeHead(500).end();
        return;
      }
      if (garbled) {
        // A maintenance answer in place of the key set: 200, JSON, but no keys.
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"keys":"maintenance"}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys }));
    });
    await new Promise<void>((r) => jwksServer.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/keys`;
    h = await startHarness({ FC_AUTH_JWKS_URL: url, FC_AUTH_JWKS_FILE: '', FC_AUTH_ALGORITHMS: 'ES256,RS256' });
    await loadAll(h);
  });
  after(async () => {
    await h.close();
    await new Promise((r) => jwksServer.close(r));
  });

  const tokenFor = (key: CryptoKey, kid: string) => signRaw(key, { alg: 'ES256', kid }, validClaims());

  it('fetches the keys once and caches them', async () => {
    const token = await tokenFor(first, 'k1');
    assert.equal((await h.post('/api/v1/involvements', BODY, token)).status, 200);
    assert.equal((await h.post('/api/v1/involvements', BODY, token)).status, 200);
    assert.equal(fetches, 1);
  });

  it('follows key rotation: an unknown kid triggers one refetch, and a burst of made-up kids at most one', async () => {
    const url = h.config.auth.keys.kind === 'url' ? h.config.auth.keys.url.href : '';
    const h2 = await startHarness({ FC_AUTH_JWKS_URL: url, FC_AUTH_JWKS_FILE: '', FC_AUTH_ALGORITHMS: 'ES256', FC_AUTH_JWKS_COOLDOWN: '1' });
    try {
      await loadAll(h2);
      assert.equal((await h2.post('/api/v1/involvements', BODY, await tokenFor(first, 'k1'))).status, 200);
      const pair = await generateKeyPair('ES256', { extractable: true });
      keys = [...keys, { ...(await exportJWK(pair.publicKey)), kid: 'k2', alg: 'ES256' }];
      await new Promise((r) => setTimeout(r, 1100)); // past the 1 s cooldown set above
      const before = fetches;
      assert.equal((await h2.post('/api/v1/involvements', BODY, await tokenFor(pair.privateKey as CryptoKey, 'k2'))).status, 200);
      assert.equal(fetches, before + 1, 'one refetch for the new kid');
      for (let i = 0; i < 5; i++) {
        assert.equal((await h2.post('/api/v1/involvements', BODY, await tokenFor(first, `made-up-${i}`))).status, 401);
      }
      assert.ok(fetches - before <= 2, `a burst of unknown kids caused ${fetches - before - 1} more fetches`);
    } finally {
      await h2.close();
    }
  });

  it('accepts a token signed with a new key id inside FC_AUTH_JWKS_COOLDOWN: one refetch per key id, and one such refetch per cooldown in all', async () => {
    const url = h.config.auth.keys.kind === 'url' ? h.config.auth.keys.url.href : '';
    // The default cooldown (30 s): the rotation below happens well inside it.
    const h6 = await startHarness({ FC_AUTH_JWKS_URL: url, FC_AUTH_JWKS_FILE: '', FC_AUTH_ALGORITHMS: 'ES256' });
    try {
      await loadAll(h6);
      assert.equal((await h6.post('/api/v1/involvements', BODY, await tokenFor(first, 'k1'))).status, 200);
      const before = fetches;
      const pair = await generateKeyPair('ES256', { extractable: true });
      keys = [...keys, { ...(await exportJWK(pair.publicKey)), kid: 'rotated-in', alg: 'ES256' }];
      assert.equal((await h6.post('/api/v1/involvements', BODY, await tokenFor(pair.privateKey as CryptoKey, 'rotated-in'))).status, 200, 'the new key is fetched at once');
      assert.equal(fetches, before + 1);
      for (let i = 0; i < 5; i++) {
        assert.equal((await h6.post('/api/v1/involvements', BODY, await tokenFor(first, `invented-${i % 2}`))).status, 401);
      }
      assert.equal(fetches, before + 1, 'made-up key ids inside the cooldown fetch nothing more');
    } finally {
      await h6.close();
    }
  });

  it("answers 503 with a JSON reason, not 401, for a new key id while the identity provider's keys cannot be fetched", async () => {
    const url = h.config.auth.keys.kind === 'url' ? h.config.auth.keys.url.href : '';
    const h7 = await startHarness({ FC_AUTH_JWKS_URL: url, FC_AUTH_JWKS_FILE: '', FC_AUTH_ALGORITHMS: 'ES256' });
    try {
      await loadAll(h7);
      assert.equal((await h7.post('/api/v1/involvements', BODY, await tokenFor(first, 'k1'))).status, 200);
      const pair = await generateKeyPair('ES256', { extractable: true });
      keys = [...keys, { ...(await exportJWK(pair.publicKey)), kid: 'while-down', alg: 'ES256' }];
      down = true;
      const res = await h7.post('/api/v1/involvements', BODY, await tokenFor(pair.privateKey as CryptoKey, 'while-down'));
      assert.equal(res.status, 503);
      const body = (await res.json()) as { error: string; message: string };
      assert.equal(body.error, 'identity-provider-unavailable');
      assert.match(body.message, /keys could not be fetched/);
      assert.equal((await h7.post('/api/v1/involvements', BODY, await tokenFor(first, 'k1'))).status, 200, 'known keys still work from the cache');
    } finally {
      down = false;
      await h7.close();
    }
  });

  it("answers 503, not 401, when the identity provider's key set cannot be read, and logs why", async () => {
    garbled = true;
    const lines: string[] = [];
    const h4 = await startHarness({ FC_AUTH_JWKS_URL: h.config.auth.keys.kind === 'url' ? h.config.auth.keys.url.href : '', FC_AUTH_JWKS_FILE: '', FC_AUTH_ALGORITHMS: 'ES256' }, { logLines: lines });
    try {
      const token = await tokenFor(first, 'k1');
      const res = await h4.post('/api/v1/involvements', BODY, token);
      assert.equal(res.status, 503);
      assert.equal(((await res.json()) as { error: string }).error, 'identity-provider-unavailable');
      assert.ok(lines.some((l) => /"code":"ERR_JWKS_INVALID"/.test(l)), lines.join('\n'));
      assert.ok(!lines.some((l) => l.includes(token)), 'the token is never logged');
    } finally {
      garbled = false;
      await h4.close();
    }
  });

  it("logs why a token was refused (an audience that does not match names the claim), never the token or the claim's value", async () => {
    const lines: string[] = [];
    const h5 = await startHarness({ FC_AUTH_JWKS_URL: h.config.auth.keys.kind === 'url' ? h.config.auth.keys.url.href : '', FC_AUTH_JWKS_FILE: '', FC_AUTH_ALGORITHMS: 'ES256' }, { logLines: lines });
    try {
      const token = await signRaw(first, { alg: 'ES256', kid: 'k1' }, validClaims({ aud: 'api://another-council-app' }));
      assert.equal((await h5.post('/api/v1/involvements', BODY, token)).status, 401);
      const refused = lines.find((l) => /a bearer token was refused/.test(l));
      assert.ok(refused, lines.join('\n'));
      assert.match(refused, /"code":"ERR_JWT_CLAIM_VALIDATION_FAILED"/);
      assert.match(refused, /"claim":"aud"/);
      assert.ok(!lines.some((l) => l.includes(token) || l.includes('another-council-app')), 'neither the token nor the claim value is logged');
    } finally {
      await h5.close();
    }
  });

  it('answers 503 with a clear JSON error when the identity provider is down (not 500, not a hang)', async () => {
    down = true;
    const h3 = await startHarness({ FC_AUTH_JWKS_URL: h.config.auth.keys.kind === 'url' ? h.config.auth.keys.url.href : '', FC_AUTH_JWKS_FILE: '', FC_AUTH_ALGORITHMS: 'ES256' });
    try {
      const res = await h3.post('/api/v1/involvements', BODY, await tokenFor(first, 'k1'));
      assert.equal(res.status, 503);
      const body = (await res.json()) as { error: string; message: string };
      assert.equal(body.error, 'identity-provider-unavailable');
      assert.match(body.message, /Try again/);
    } finally {
      down = false;
      await h3.close();
    }
  });
});
