/**
 * The token provider a shim config asks for: the council's OIDC provider, or the demo issuer. The OIDC client
 * is loaded only when the config asks for it (a separate chunk in the build).
 */
import type { TokenProvider } from './context.js';
import { demoTokenProvider } from './demo-token-provider.js';
import type { ShimConfig } from './shim-config.js';

export function tokenProviderFor(auth: ShimConfig['auth'], apiBase: string): TokenProvider {
  if (auth?.kind !== 'oidc') return demoTokenProvider(apiBase);
  const provider = import('./oidc-token-provider.js').then(({ createUserManager, oidcTokenProvider }) =>
    oidcTokenProvider(createUserManager(auth)),
  );
  return async (options) => (await provider)(options);
}
