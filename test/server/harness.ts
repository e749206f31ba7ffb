/**
 * Test harness: a real SQLite file in a temp folder, a real RSA key pair published as a JWKS file, real
 * jose-signed tokens, and the real app listening on a free port. No mocks of the thing under test.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import type { Kysely } from 'kysely';
import { createApp } from '../../server/src/app.js';
import { loadConfig, type Config } from '../../server/src/config.js';
import { openDatabase } from '../../server/src/db/connect.js';
import { migrateToLatest } from '../../server/src/db/migrate.js';
import type { Database } from '../../server/src/db/schema.js';
import { createLogger } from '../../server/src/http/logger.js';
import { replaceSourceData } from '../../server/src/sources/repository.js';
import type { SourceMetadata, SourceRecordData } from '../../server/src/sources/types.js';
import { createTestDatabase } from './test-database.js';

export const ISSUER = 'https://login.test-council.example/tenant/v2.0';
export const AUDIENCE = 'api://family-context-test';
export const ROLE = 'FamilyContext.User';
/** The harness's "today": fixed, so ages and freshness are deterministic. */
export const TODAY = '2026-11-21';
export const NOW = new Date(`${TODAY}T10:00:00Z`);

export interface Harness {
  url: string;
  db: Kysely<Database>;
  config: Readonly<Config>;
  dir: string;
  privateKey: CryptoKey;
  publicJwk: Record<string, unknown>;
  kid: string;
  token(overrides?: { payload?: JWTPayload; header?: Record<string, unknown>; expiresIn?: string | number; key?: CryptoKey }): Promise<string>;
  post(path: string, body: unknown, token?: string | null, headers?: Record<string, string>): Promise<Response>;
  loadSource(metadata: SourceMetadata, records: SourceRecordData[]): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Receives the server's log lines (JSON), to check what is and is not logged. */
  logLines?: string[];
  /** Called with the SQL of each statement the server runs (test/server/query-count.test.ts counts them). */
  onQuery?: (sql: string) => void;
  /** PostgreSQL: how long a statement may go unanswered (see db/postgres-pool.ts); none by default. */
  queryTimeoutMs?: number;
}

export async function startHarness(env: Record<string, string> = {}, options: HarnessOptions = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'fc-test-'));
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = 'test-key-1';
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const jwksFile = join(dir, 'jwks.json');
  writeFileSync(jwksFile, JSON.stringify({ keys: [publicJwk] }));

  // SQLite file here, or a fresh PostgreSQL / SQL Server database when FC_TEST_DB says so (test-database.ts).
  const testDb = await createTestDatabase(dir);
  const config = loadConfig({
    FC_DB: testDb.url,
    FC_AUTH_ISSUER: ISSUER,
    FC_AUTH_AUDIENCE: AUDIENCE,
    FC_AUTH_JWKS_FILE: jwksFile,
    FC_AUTH_ROLE: ROLE,
    FC_LOG_LEVEL: 'silent',
    ...env,
  });
  const { db } = await openDatabase(config.database, { onQuery: options.onQuery, queryTimeoutMs: options.queryTimeoutMs });
  await migrateToLatest(db);
  const logger = options.logLines
    ? createLogger('info', { write: (line: string) => void options.logLines!.push(line) })
    : createLogger('silent');
  const app = createApp({ config, db, logger, clock: () => NOW });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const token: Harness['token'] = async ({ payload = {}, header = {}, expiresIn = '10m', key = privateKey as CryptoKey } = {}) =>
    // Claims in `payload` win over the defaults, so a test can set a wrong iss or aud.
    new SignJWT({ iss: ISSUER, aud: AUDIENCE, sub: 'sam.worker@test-council.example', roles: [ROLE], name: 'Sam Worker', ...payload })
      .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT', ...header })
      .setIssuedAt()
      .setExpirationTime(expiresIn)
      .sign(key);

  return {
    url,
    db,
    config,
    dir,
    privateKey: privateKey as CryptoKey,
    publicJwk,
    kid,
    token,
    async post(path, body, bearer, headers = {}) {
      const auth: Record<string, string> = bearer === null ? {} : { authorization: `Bearer ${bearer ?? (await token())}` };
      return fetch(url + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth, ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
    },
    async loadSource(metadata, records) {
      await replaceSourceData(db, metadata, records, { loadedAt: NOW });
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.destroy();
      await testDb.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
