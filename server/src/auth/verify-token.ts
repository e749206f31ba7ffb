/**
 * Bearer-token authentication: jose verifies the signature against the issuer's JWKS with an allow-list of
 * asymmetric algorithms, exact iss and aud, required exp, iat and sub, a clock tolerance and a maximum token
 * age; then the role claim. Any failure is a bare 401 (the reason is never told to the caller, and the token is
 * never logged); a valid token without the role is a 403.
 *
 * Header parameters that could redirect key lookup (jku, x5u, jwk, x5c) are never used: keys come only from the
 * configured JWKS. Unknown `crit` parameters are refused by jose.
 */
import { createHash } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import {
  createLocalJWKSet,
  errors,
  jwtVerify,
  type JSONWebKeySet,
  type JWTVerifyGetKey,
} from 'jose';
import type { AuthConfig } from '../config.js';
import { sendError } from '../http/errors.js';
import { remoteKeySet } from './remote-key-set.js';
import type { Logger } from '../http/logger.js';

export interface AuthenticatedUser {
  sub: string;
  name?: string;
  roles: string[];
}

declare module 'express-serve-static-core' {
  interface Request {
    user?: AuthenticatedUser;
  }
}

/** Tokens longer than this are refused before any parsing. */
const MAX_TOKEN_LENGTH = 8192;

export function createKeyResolver(auth: AuthConfig, demoJwks?: JSONWebKeySet): JWTVerifyGetKey {
  switch (auth.keys.kind) {
    case 'url':
      // Cached for 10 minutes; a token with an unknown kid triggers a refetch, even inside the cooldown once per kid
      // (key rotation works, and a stream of made-up kids cannot hammer the identity provider): remote-key-set.ts.
      return remoteKeySet(auth.keys.url, { timeoutMs: 5000, cooldownMs: auth.jwksCooldownSeconds * 1000 });
    case 'file':
      return createLocalJWKSet(auth.keys.jwks as JSONWebKeySet);
    case 'demo':
      if (!demoJwks) throw new Error('The demo issuer must be created before its keys are used');
      return createLocalJWKSet(demoJwks);
  }
}

/** How long a verified token is trusted without checking its signature again, at most (and never past its exp). */
const VERIFIED_FOR_MS = 60_000;
const VERIFIED_KEPT = 10_000;

interface Verified {
  user: AuthenticatedUser;
  /** Epoch ms after which the token must be verified again. */
  until: number;
}

/**
 * Tokens already verified, by SHA-256 of the token (the token itself is not kept): a social worker's panel sends
 * the same token with every request until it is renewed, and an RSA verification is a measurable share of a
 * lookup. Only successful verifications are kept, for at most a minute and never past the token's exp or maximum
 * age, so a key withdrawn from the JWKS stops being accepted within a minute.
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, Verified>();
  constructor(private readonly now: () => number = Date.now) {}

  get(token: string): AuthenticatedUser | undefined {
    const key = digest(token);
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    if (hit.until <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return hit.user;
  }

  set(token: string, user: AuthenticatedUser, expiresAt: number): void {
    const until = Math.min(expiresAt, this.now() + VERIFIED_FOR_MS);
    if (until <= this.now()) return;
    if (this.entries.size >= VERIFIED_KEPT) {
      // Drop the oldest tenth (a Map iterates in insertion order).
      let drop = Math.ceil(VERIFIED_KEPT / 10);
      for (const key of this.entries.keys()) {
        this.entries.delete(key);
        if (--drop === 0) break;
      }
    }
    this.entries.set(digest(token), { user: Object.freeze({ ...user, roles: Object.freeze([...user.roles]) as string[] }), until });
  }
}

function digest(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/**
 * Verifies the bearer token and sets `req.user`. Roles are checked separately (`requireRole`), so one
 * verification serves social workers' lookups and auditors' exports.
 */
export function authenticate(auth: AuthConfig, getKey: JWTVerifyGetKey, logger?: Pick<Logger, 'warn'>, verified = new VerifiedTokens()): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer ([A-Za-z0-9_\-.]+)$/.exec(header);
    if (!match || match[1]!.length > MAX_TOKEN_LENGTH) return unauthorised(res);
    const token = match[1]!;
    const known = verified.get(token);
    if (known) {
      req.user = known;
      return next();
    }
    try {
      const { payload } = await jwtVerify(token, getKey, {
        issuer: auth.issuer,
        audience: auth.audience,
        algorithms: auth.algorithms,
        clockTolerance: auth.clockToleranceSeconds,
        maxTokenAge: auth.maxTokenAgeSeconds,
        requiredClaims: ['exp', 'iat', 'sub'],
      });
      if (typeof payload.sub !== 'string' || !payload.sub) return unauthorised(res);
      const roles = Array.isArray(payload.roles) ? payload.roles.filter((r): r is string => typeof r === 'string') : [];
      req.user = { sub: payload.sub, name: typeof payload.name === 'string' ? payload.name.slice(0, 200) : undefined, roles };
      // exp and iat are required above; trust it until the earlier of exp and iat + the maximum age.
      verified.set(token, req.user, Math.min(payload.exp! * 1000, (payload.iat! + auth.maxTokenAgeSeconds) * 1000));
      next();
    } catch (error) {
      // Why, for whoever runs the server (an issuer or audience that does not match the identity provider's tokens
      // shows here): the error's code and, for a claim, its name. Never the token or the claims' values.
      const code = error instanceof errors.JOSEError ? error.code : error instanceof Error ? error.name : 'unknown';
      const claim = error instanceof errors.JWTClaimValidationFailed ? { claim: error.claim, reason: error.reason } : {};
      if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid || isKeyFetchFailure(error)) {
        logger?.warn({ requestId: req.id, code }, "sign-in could not be checked: the identity provider's keys could not be fetched or read");
        return sendError(res, 503, 'identity-provider-unavailable', "The identity provider's keys could not be fetched just now, so sign-in cannot be checked. Try again in a minute.");
      }
      logger?.warn({ requestId: req.id, code, ...claim }, 'a bearer token was refused');
      return unauthorised(res);
    }
  };
}

/** 403 unless the authenticated user has `role` (the names come from config, to match the council's IdP). */
export function requireRole(role: string, purpose: string): RequestHandler {
  return (req, res, next) => {
    if (!req.user) return unauthorised(res);
    if (!req.user.roles.includes(role)) {
      return sendError(res, 403, 'forbidden', `Your account does not have the ${role} role needed to ${purpose}. Ask your IT service desk to add it if you need it.`);
    }
    next();
  };
}

function isKeyFetchFailure(error: unknown): boolean {
  // createRemoteJWKSet surfaces network failures as plain errors (fetch failed) or JOSEError 'ERR_JOSE_GENERIC'.
  if (error instanceof errors.JOSEError) return error.code === 'ERR_JOSE_GENERIC' && /fetch|response/i.test(error.message);
  return error instanceof TypeError && /fetch/i.test(error.message);
}

function unauthorised(res: Response): void {
  res.set('WWW-Authenticate', 'Bearer realm="family-context"');
  sendError(res, 401, 'unauthorised', 'Sign in again to use Family Context.');
}
