/**
 * The demo token provider: asks the demo issuer (POST /demo/token) for a token, keeps it in memory only, and
 * renews it shortly before expiry or when the panel says it was refused. Real councils use their OIDC provider.
 */
import type { TokenProvider } from './context.js';

export function demoTokenProvider(apiBase: string, user = 'demo.social.worker', roles = ['FamilyContext.User']): TokenProvider {
  let cached: { token: string; expiresAt: number } | undefined;
  return async ({ forceRefresh = false } = {}) => {
    if (!forceRefresh && cached && cached.expiresAt - 30_000 > Date.now()) return cached.token;
    const res = await fetch(`${apiBase}/demo/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user, name: 'Demo Social Worker', roles }),
    });
    if (!res.ok) throw new Error(`The demo sign-in failed (${res.status})`);
    const body = (await res.json()) as { access_token: string; expires_in: number };
    cached = { token: body.access_token, expiresAt: Date.now() + body.expires_in * 1000 };
    return cached.token;
  };
}
