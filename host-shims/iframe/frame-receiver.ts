/**
 * The frame's side of iframe mode: listens for context messages and hands on only those that come from the
 * parent window, from an allow-listed origin, in the expected shape. Everything else is dropped (and counted,
 * so tests and IT can see it happen); a dropped message is never read further and never logged in full.
 */
import { CONTEXT, contextMessageSchema, PROTOCOL_VERSION, READY } from './messages.js';

export type Rejection = 'origin' | 'source' | 'shape';

export interface ReceiverOptions {
  win: Window;
  /** Origins of CMS pages allowed to send the context ("https://mosaic.council.gov.uk"). */
  allowedOrigins: readonly string[];
  /** `context` is the page's context JSON (not yet validated) or null when the page shows no child. */
  onContext(context: unknown, origin: string): void;
  onRejected?(reason: Rejection, origin: string): void;
}

export function listenForContext({ win, allowedOrigins, onContext, onRejected }: ReceiverOptions): () => void {
  const allowed = new Set(allowedOrigins);
  const listener = (event: MessageEvent): void => {
    const data: unknown = event.data;
    // Messages of other kinds (oidc-client-ts's silent renewal talks to this window too) are not ours.
    if (!data || typeof data !== 'object' || (data as { type?: unknown }).type !== CONTEXT) return;
    if (!allowed.has(event.origin)) return reject('origin', event.origin);
    if (event.source !== win.parent || win.parent === win) return reject('source', event.origin);
    const parsed = contextMessageSchema.safeParse(data);
    if (!parsed.success) return reject('shape', event.origin);
    onContext(parsed.data.context ?? null, event.origin);
  };
  const reject = (reason: Rejection, origin: string): void => {
    console.warn(`Family Context frame: a message was refused (${reason === 'origin' ? `origin ${origin} is not allowed` : reason === 'source' ? 'not from the page that holds this frame' : 'not in the expected shape'}).`);
    onRejected?.(reason, origin);
  };
  win.addEventListener('message', listener);
  return () => win.removeEventListener('message', listener);
}

/** Asks the page for the context. Sent to each allowed origin: the browser delivers it only to the real one. */
export function announceReady(win: Window, allowedOrigins: readonly string[]): void {
  if (win.parent === win) return;
  for (const origin of allowedOrigins) win.parent.postMessage({ type: READY, version: PROTOCOL_VERSION }, origin);
}
