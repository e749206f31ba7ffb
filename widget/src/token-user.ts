/**
 * Who the user is, for "printed by" and the case-note summary: read from the access token's own claims
 * (`name`, else `preferred_username`), for display only. Nothing is verified here (the server verifies every
 * token) and nothing is stored beyond the element's memory.
 */

/** The user's name in a JWT's payload, or undefined when the token is not a JWT or names nobody. */
export function tokenUserName(token: string): string | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4)), (c) => c.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
    const name = [claims.name, claims.preferred_username].find((v) => typeof v === 'string' && v.trim() !== '');
    return typeof name === 'string' ? name.trim().slice(0, 100) : undefined;
  } catch {
    return undefined;
  }
}
