/**
 * The OIDC callback page's script (oidc-callback.html): hands the identity provider's answer back to the
 * window that started the sign-in (the popup's opener, or the silent-renewal iframe's parent), which finishes
 * the code exchange with the PKCE verifier it holds in memory. Nothing is stored here.
 */
import { UserManager } from 'oidc-client-ts';

// Settings are not used to finish a popup or silent sign-in, but the constructor needs them.
const manager = new UserManager({ authority: location.origin, client_id: 'family-context', redirect_uri: location.href });

if (window.opener) void manager.signinPopupCallback(location.href);
else if (window.parent !== window) void manager.signinSilentCallback(location.href);
else document.body.textContent = 'Family Context sign-in: this page is used by the sign-in window and can be closed.';
