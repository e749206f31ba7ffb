/**
 * One authenticated JSON POST to the Family Context API: a bearer token from the host, one retry with a
 * refreshed token after a 401, and errors that say what happened and what to do.
 *
 * Nothing is cached or stored: every answer lives only in the element's memory.
 */
import type { ApiError } from '../../server/src/api/contract.js';

/** The host's token provider: returns an access token for the Family Context API. */
export type TokenProvider = (options?: { forceRefresh?: boolean }) => Promise<string>;

export type LookupErrorKind =
  /** No usable token: 401 twice, or the host could not give a token. */
  | 'signed-out'
  /** 403: signed in but not allowed to use Family Context. */
  | 'forbidden'
  /** 400 `reason-required`: the council's policy needs a written reason for someone not linked to the child. */
  | 'reason-required'
  /** Other 4xx: the server refused the request and said why. */
  | 'rejected'
  /** 429: too many checks in the last minute; the server says how long to wait. */
  | 'rate-limited'
  /** No answer within the panel's time limit (a stalled proxy or connection). */
  | 'timeout'
  /** 503: the service (or the identity provider's keys, or its database) is unavailable for now: try again. */
  | 'unavailable'
  /** Other 5xx. */
  | 'server'
  /** The server could not be reached. */
  | 'network'
  /** The answer could not be read. */
  | 'bad-response'
  /** The panel is not set up (no token provider). */
  | 'not-configured';

export const ERROR_MESSAGES: Record<LookupErrorKind, string> = {
  'signed-out': "You're signed out of Family Context. Sign in again, then press Try again.",
  forbidden:
    'Your account is not allowed to use Family Context. Ask your IT service desk for access, then press Try again.',
  'reason-required':
    'Your council asks for a reason to check someone who is not linked to this child in the case record. Enter the reason, then check again.',
  rejected: 'Family Context could not accept this check. If you think this is wrong, contact your IT service desk.',
  'rate-limited': 'You have made many checks in the last minute. Wait a minute, then press Try again.',
  timeout: 'Family Context took too long to answer. Press Try again. If it keeps happening, contact your IT service desk.',
  unavailable: 'Family Context is not available just now. Wait a minute, then press Try again.',
  server:
    'Family Context had a problem and could not finish the check. Press Try again. If it keeps happening, contact your IT service desk.',
  network: 'Family Context could not be reached. Check your network connection, then press Try again.',
  'bad-response':
    'Family Context sent an answer this panel could not read. Press Try again. If it keeps happening, contact your IT service desk.',
  'not-configured': 'This panel is not set up to sign in to Family Context. Contact your IT service desk.',
};

export class LookupError extends Error {
  override readonly name = 'LookupError';
  constructor(
    readonly kind: LookupErrorKind,
    /** The server's own explanation, when it gave one (shown for `rejected`). */
    readonly serverMessage?: string,
    readonly status?: number,
    /** For 400s: the fields the server named. */
    readonly fields: ApiError['fields'] = [],
  ) {
    super(SERVER_WORDS_SHOWN.has(kind) && serverMessage ? `${serverMessage} ${ERROR_MESSAGES[kind]}` : ERROR_MESSAGES[kind]);
  }
}

/** Errors whose server explanation is shown before the panel's own words (it says what to do, or how long to wait). */
export const SERVER_WORDS_SHOWN: ReadonlySet<LookupErrorKind> = new Set(['rejected', 'rate-limited']);

/**
 * How long the panel waits for an answer before saying so, counted from when the request is sent (the server
 * gives up on its own after 10 s by default).
 */
export const ANSWER_TIMEOUT_MS = 20_000;

/**
 * How long the panel waits for the host's token provider: long enough to sign in through a pop-up with a second
 * factor, short enough that a provider that never answers does not leave "Checking…" for ever.
 */
export const TOKEN_TIMEOUT_MS = 120_000;

export interface ClientOptions {
  apiBase: string;
  getToken: TokenProvider | undefined;
  signal?: AbortSignal;
  /** Default TOKEN_TIMEOUT_MS. */
  tokenTimeoutMs?: number;
}

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

/** A token from the host, within the time limit; an abort of `signal` (another child opened) ends the wait. */
async function token(getToken: TokenProvider, forceRefresh: boolean, options: ClientOptions): Promise<string> {
  const { signal } = options;
  // Stopped before it began (another child opened): no sign-in pop-up for a check nobody wants.
  if (signal?.aborted) throw new DOMException('The check was stopped.', 'AbortError');
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  const limits = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new LookupError('signed-out')), options.tokenTimeoutMs ?? TOKEN_TIMEOUT_MS);
    onAbort = () => reject(new DOMException('The check was stopped.', 'AbortError'));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    const value = await Promise.race([forceRefresh ? getToken({ forceRefresh: true }) : getToken(), limits]);
    if (typeof value !== 'string' || value === '') throw new Error('empty token');
    return value;
  } catch (error) {
    if (isAbort(error) && signal?.aborted) throw error;
    if (error instanceof LookupError) throw error;
    // fetch's TypeError: the sign-in (or the server giving tokens) could not be reached at all — the user is
    // not signed out, and signing in again would not help.
    throw new LookupError(error instanceof TypeError ? 'network' : 'signed-out');
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  }
}

async function post(url: string, body: string, bearer: string, signal: AbortSignal | undefined, timeout: AbortSignal): Promise<Response> {
  try {
    return await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', Authorization: `Bearer ${bearer}` },
      body,
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    if (timeout.aborted) throw new LookupError('timeout');
    if (isAbort(error)) throw error;
    throw new LookupError('network');
  }
}

async function errorFor(response: Response): Promise<LookupError> {
  const status = response.status;
  if (status === 401) return new LookupError('signed-out', undefined, status);
  // 503 is not a bad token (the identity provider's keys or the database cannot be reached just now): try again.
  if (status === 503) return new LookupError('unavailable', undefined, status);
  if (status >= 500) return new LookupError('server', undefined, status);
  let body: Partial<ApiError> = {};
  try {
    body = ((await response.json()) ?? {}) as Partial<ApiError>;
  } catch {
    // No JSON body: the generic words will do.
  }
  const message = typeof body.message === 'string' ? body.message : undefined;
  const fields = Array.isArray(body.fields) ? body.fields : [];
  if (status === 429) return new LookupError('rate-limited', message, status);
  // A 403 is either the account (no role: ask IT) or the council's link policy refusing these people (its words
  // say what to do: link them in the case record).
  if (status === 403 && body.error !== 'not-linked') return new LookupError('forbidden', undefined, status);
  const kind = body.error === 'reason-required' ? 'reason-required' : 'rejected';
  return new LookupError(kind, message, status, fields);
}

/** POSTs `body` as JSON to `${apiBase}${path}`; resolves with the parsed answer of a 2xx, or rejects with a LookupError. */
export async function postJson<T>(options: ClientOptions, path: string, body: unknown): Promise<T> {
  const { getToken } = options;
  if (!getToken) throw new LookupError('not-configured');
  const url = `${options.apiBase.replace(/\/+$/, '')}${path}`;
  const text = JSON.stringify(body);
  // The time limit starts once the token is in hand: signing in through a pop-up is not the server being slow.
  let timeout: AbortSignal | undefined;
  const send = async (forceRefresh: boolean): Promise<Response> => {
    const bearer = await token(getToken, forceRefresh, options);
    timeout = AbortSignal.timeout(ANSWER_TIMEOUT_MS);
    return post(url, text, bearer, options.signal, timeout);
  };
  let response = await send(false);
  if (response.status === 401) response = await send(true);
  try {
    if (!response.ok) throw await errorFor(response);
    return (await response.json()) as T;
  } catch (error) {
    if (error instanceof LookupError) throw error;
    if (options.signal?.aborted) throw error;
    if (timeout?.aborted) throw new LookupError('timeout');
    if (isAbort(error)) throw error;
    throw new LookupError('bad-response', undefined, response.status);
  }
}
