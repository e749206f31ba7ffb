/**
 * The identity provider's signing keys, fetched from its JWKS address (FC_AUTH_JWKS_URL) and cached for 10 minutes.
 *
 * Key rotation: a token signed with a key id (`kid`) not in the cached set makes jose fetch the set again, but at
 * most once per FC_AUTH_JWKS_COOLDOWN; inside that window jose refuses it, and a social worker whose identity
 * provider has just started signing with a new key is told to sign in again. Here an unknown kid may trigger one
 * fetch even inside the cooldown, at most once per kid per cooldown, and at most one such extra fetch per cooldown
 * in all, so a stream of made-up key ids still cannot make the server hammer the identity provider.
 *
 * A fetch that fails (the key endpoint cannot be reached, answers an error or something that is not a key set)
 * throws jose's fetch error, which authentication answers with 503, not 401 (verify-token.ts).
 */
import { createRemoteJWKSet, errors, type JWTVerifyGetKey } from 'jose';

export interface RemoteKeySetOptions {
  cooldownMs: number;
  timeoutMs: number;
  cacheMaxAgeMs?: number;
  now?: () => number;
}

/** Key ids remembered for the per-kid limit; beyond this the oldest are forgotten. */
const KIDS_KEPT = 1000;

export function remoteKeySet(url: URL, options: RemoteKeySetOptions): JWTVerifyGetKey {
  const { cooldownMs, now = Date.now } = options;
  const jwks = createRemoteJWKSet(url, {
    timeoutDuration: options.timeoutMs,
    cooldownDuration: cooldownMs,
    cacheMaxAge: options.cacheMaxAgeMs ?? 600_000,
  });
  /** When each unknown kid last caused an extra fetch. */
  const triedKids = new Map<string, number>();
  let lastExtraFetch = -Infinity;

  return async (header, token) => {
    try {
      return await jwks(header, token);
    } catch (error) {
      // jose refetches by itself outside the cooldown; only an unknown kid inside it is worth one more try.
      if (!(error instanceof errors.JWKSNoMatchingKey) || !jwks.coolingDown) throw error;
      const kid = header.kid;
      if (typeof kid !== 'string' || kid === '' || kid.length > 200) throw error;
      const at = now();
      const last = triedKids.get(kid);
      if ((last !== undefined && at - last < cooldownMs) || at - lastExtraFetch < cooldownMs) throw error;
      triedKids.delete(kid);
      triedKids.set(kid, at);
      if (triedKids.size > KIDS_KEPT) triedKids.delete(triedKids.keys().next().value!);
      lastExtraFetch = at;
      await jwks.reload();
      return jwks(header, token);
    }
  };
}
