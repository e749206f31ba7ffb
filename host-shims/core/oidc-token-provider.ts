/**
 * The token provider for councils' identity providers (Entra ID, ADFS, any OpenID Connect provider), built on
 * oidc-client-ts: authorization code flow with PKCE (oidc-client-ts always uses PKCE for `code`), silent renewal
 * in a hidden iframe before the token expires, and a sign-in popup when silent sign-in is not possible.
 *
 * Tokens are kept in memory only (never localStorage or sessionStorage): closing the tab forgets them.
 * The panel calls `getToken({ forceRefresh: true })` after the API refused a token (401); the provider then
 * renews silently, or asks the user to sign in again.
 *
 * The callback page (oidc-callback.html, which runs `signinCallback()`) must be on the same origin as the page
 * that runs the panel: our server in iframe mode (/panel/oidc-callback.html), the CMS origin in script mode.
 */
import { InMemoryWebStorage, UserManager, WebStorageStateStore, type User, type UserManagerSettings } from 'oidc-client-ts';
import type { TokenProvider } from './context.js';
import type { OidcAuthSettings } from './shim-config.js';

/** The part of oidc-client-ts's UserManager the provider uses (tests give a stand-in identity provider). */
export interface SignInClient {
  getUser(): Promise<User | null>;
  signinSilent(): Promise<User | null>;
  signinPopup(): Promise<User>;
}

/** The UserManager settings for a shim config's `auth` block. */
export function userManagerSettings(settings: OidcAuthSettings): UserManagerSettings {
  return {
    authority: settings.authority,
    client_id: settings.clientId,
    scope: settings.scope,
    response_type: 'code',
    redirect_uri: settings.redirectUri,
    popup_redirect_uri: settings.redirectUri,
    silent_redirect_uri: settings.silentRedirectUri ?? settings.redirectUri,
    automaticSilentRenew: true,
    // Memory only: no token or profile is written to the browser's storage.
    userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
    stateStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
    loadUserInfo: false,
    monitorSession: false,
  };
}

export function createUserManager(settings: OidcAuthSettings): UserManager {
  return new UserManager(userManagerSettings(settings));
}

/** A user whose access token is there and not within `marginSeconds` of expiring. */
function usable(user: User | null, marginSeconds = 30): user is User {
  if (!user || !user.access_token) return false;
  return user.expires_in === undefined || user.expires_in > marginSeconds;
}

export function oidcTokenProvider(client: SignInClient): TokenProvider {
  let pending: Promise<string> | undefined;

  const signIn = async (): Promise<string> => {
    let user: User | null = null;
    try {
      user = await client.signinSilent();
    } catch {
      // No session at the identity provider, or third-party cookies blocked: ask the user.
    }
    if (!usable(user, 0)) user = await client.signinPopup();
    if (!usable(user, 0)) throw new Error('Sign-in did not give an access token. Try again, or tell your IT service desk.');
    return user.access_token;
  };

  return async ({ forceRefresh = false } = {}) => {
    if (!forceRefresh) {
      const user = await client.getUser();
      if (usable(user)) return user.access_token;
    }
    // One sign-in at a time: "Check all" asks for a token for each request at once.
    pending ??= signIn().finally(() => {
      pending = undefined;
    });
    return pending;
  };
}
