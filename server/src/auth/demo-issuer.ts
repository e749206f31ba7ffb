/**
 * The demo identity provider: a key pair made at start-up, tokens minted at POST /demo/token and keys published
 * at /demo/jwks.json. Only ever mounted when FC_DEMO=1 (refused in production): it signs tokens for anyone.
 */
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JSONWebKeySet } from 'jose';

export interface DemoIssuer {
  issuer: string;
  jwks: JSONWebKeySet;
  mint(options: { user: string; name?: string; roles: string[]; audience: string; expiresInSeconds?: number }): Promise<string>;
}

export async function createDemoIssuer(issuer: string): Promise<DemoIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = `demo-${randomUUID().slice(0, 8)}`;
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
  return {
    issuer,
    jwks: { keys: [publicJwk] },
    mint: ({ user, name, roles, audience, expiresInSeconds = 900 }) =>
      new SignJWT({ roles, name: name ?? user })
        .setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' })
        .setIssuer(issuer)
        .setAudience(audience)
        .setSubject(user)
        .setIssuedAt()
        .setExpirationTime(`${expiresInSeconds}s`)
        .setJti(randomUUID())
        .sign(privateKey as CryptoKey),
  };
}
