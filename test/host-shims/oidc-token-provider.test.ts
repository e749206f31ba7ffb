/**
 * The OIDC token provider's behaviour with a stand-in identity provider: a valid token is reused, an expiring
 * one or a refused one (forceRefresh after a 401) is renewed silently, a failed silent renewal falls back to the
 * sign-in popup, and "Check all" triggers one sign-in, not one per request. The real UserManager is configured
 * for authorization code with PKCE, memory-only storage and automatic silent renewal.
 */
import { expect } from '@open-wc/testing';
import { InMemoryWebStorage, User, UserManager } from 'oidc-client-ts';
import { createUserManager, oidcTokenProvider, userManagerSettings, type SignInClient } from '../../host-shims/core/oidc-token-provider.js';
import { tokenProviderFor } from '../../host-shims/core/token-providers.js';

const SETTINGS = {
  kind: 'oidc' as const,
  authority: 'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0',
  clientId: 'family-context-panel',
  scope: 'openid profile api://family-context/FamilyContext.Use',
  redirectUri: 'https://fc.council.example/panel/oidc-callback.html',
};

function user(token: string, expiresInSeconds: number): User {
  return new User({ access_token: token, token_type: 'Bearer', profile: { sub: 'worker', iss: 'x', aud: 'x', exp: 0, iat: 0 }, expires_at: Math.floor(Date.now() / 1000) + expiresInSeconds });
}

class StandInIdentityProvider implements SignInClient {
  current: User | null = null;
  silent = 0;
  popups = 0;
  silentWorks = true;
  async getUser() {
    return this.current;
  }
  async signinSilent() {
    this.silent += 1;
    await new Promise((r) => setTimeout(r, 5));
    if (!this.silentWorks) throw new Error('login_required');
    this.current = user(`silent-${this.silent}`, 3600);
    return this.current;
  }
  async signinPopup() {
    this.popups += 1;
    this.current = user(`popup-${this.popups}`, 3600);
    return this.current;
  }
}

describe('the OIDC token provider', () => {
  it('reuses a token that is not about to expire', async () => {
    const idp = new StandInIdentityProvider();
    idp.current = user('existing', 3600);
    const getToken = oidcTokenProvider(idp);
    expect(await getToken()).to.equal('existing');
    expect(idp.silent + idp.popups).to.equal(0);
  });

  it('renews silently when the token is expiring, and when the API refused it (forceRefresh)', async () => {
    const idp = new StandInIdentityProvider();
    idp.current = user('old', 10);
    const getToken = oidcTokenProvider(idp);
    expect(await getToken()).to.equal('silent-1');
    expect(await getToken({ forceRefresh: true })).to.equal('silent-2');
    expect(idp.popups).to.equal(0);
  });

  it('falls back to the sign-in popup when silent renewal fails', async () => {
    const idp = new StandInIdentityProvider();
    idp.silentWorks = false;
    const getToken = oidcTokenProvider(idp);
    expect(await getToken()).to.equal('popup-1');
  });

  it('signs in once for many requests at the same time', async () => {
    const idp = new StandInIdentityProvider();
    const getToken = oidcTokenProvider(idp);
    const tokens = await Promise.all([getToken(), getToken(), getToken({ forceRefresh: true })]);
    expect(tokens).to.deep.equal(['silent-1', 'silent-1', 'silent-1']);
    expect(idp.silent).to.equal(1);
  });

  it('configures oidc-client-ts for code + PKCE, silent renewal, memory-only storage', () => {
    const settings = userManagerSettings(SETTINGS);
    expect(settings.response_type).to.equal('code');
    expect(settings.automaticSilentRenew).to.equal(true);
    expect(settings.silent_redirect_uri).to.equal(SETTINGS.redirectUri);
    const manager = createUserManager(SETTINGS);
    expect(manager).to.be.instanceOf(UserManager);
    expect(manager.settings.client_id).to.equal('family-context-panel');
    expect(manager.settings.response_type).to.equal('code');
    expect((settings.userStore as unknown as { _store: unknown })._store).to.be.instanceOf(InMemoryWebStorage);
  });

  it('is what a config with an oidc auth block gets; the demo provider otherwise', async () => {
    const fromConfig = tokenProviderFor(SETTINGS, 'https://fc.council.example');
    expect(fromConfig).to.be.a('function');
    const calls: string[] = [];
    const realFetch = window.fetch;
    window.fetch = async (input) => {
      calls.push(String(input));
      return new Response(JSON.stringify({ access_token: 'demo-token', expires_in: 900 }), { status: 200 });
    };
    try {
      expect(await tokenProviderFor({ kind: 'demo' }, 'https://fc.example')()).to.equal('demo-token');
      expect(calls).to.deep.equal(['https://fc.example/demo/token']);
    } finally {
      window.fetch = realFetch;
    }
  });
});
