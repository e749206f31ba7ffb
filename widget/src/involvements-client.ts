/**
 * Calls `POST {apiBase}/api/v1/involvements`: chunks of at most 30 people, a bearer token from the host,
 * one retry with a refreshed token after a 401, and errors that say what happened and what to do.
 *
 * Nothing is cached or stored: every answer lives only in the element's memory.
 */
import type {
  ApiError,
  InvolvementsRequest,
  InvolvementsResponse,
  PersonInput,
  PersonResult,
} from '../../server/src/api/contract.js';

/** The host's token provider: returns an access token for the Family Context API. */
export type TokenProvider = (options?: { forceRefresh?: boolean }) => Promise<string>;

/** The most people the API takes in one request. */
export const MAX_PEOPLE_PER_REQUEST = 30;

export type LookupErrorKind =
  /** No usable token: 401 twice, or the host could not give a token. */
  | 'signed-out'
  /** 403: signed in but not allowed to use Family Context. */
  | 'forbidden'
  /** Other 4xx: the server refused the request and said why. */
  | 'rejected'
  /** 5xx or 429. */
  | 'server'
  /** The server could not be reached. */
  | 'network'
  /** The answer could not be read. */
  | 'bad-response'
  /** The panel is not set up (no token provider). */
  | 'not-configured';

const MESSAGES: Record<LookupErrorKind, string> = {
  'signed-out': "You're signed out of Family Context. Sign in again, then press Try again.",
  forbidden:
    "Your account is not allowed to use Family Context. Ask your IT service desk for access, then press Try again.",
  rejected: 'Family Context could not accept this check. If you think this is wrong, contact your IT service desk.',
  server:
    'Family Context had a problem and could not finish the check. Press Try again. If it keeps happening, contact your IT service desk.',
  network: 'Family Context could not be reached. Check your network connection, then press Try again.',
  'bad-response':
    'Family Context sent an answer this panel could not read. Press Try again. If it keeps happening, contact your IT service desk.',
  'not-configured':
    'This panel is not set up to sign in to Family Context. Contact your IT service desk.',
};

export class LookupError extends Error {
  override readonly name = 'LookupError';
  constructor(
    readonly kind: LookupErrorKind,
    /** The server's own explanation, when it gave one (shown for `rejected`). */
    readonly serverMessage?: string,
    readonly status?: number,
  ) {
    super(kind === 'rejected' && serverMessage ? `${serverMessage} ${MESSAGES.rejected}` : MESSAGES[kind]);
  }
}

export interface ClientOptions {
  apiBase: string;
  getToken: TokenProvider | undefined;
  signal?: AbortSignal;
}

function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

async function token(getToken: TokenProvider, forceRefresh: boolean): Promise<string> {
  try {
    const value = await (forceRefresh ? getToken({ forceRefresh: true }) : getToken());
    if (typeof value !== 'string' || value === '') throw new Error('empty token');
    return value;
  } catch {
    throw new LookupError('signed-out');
  }
}

async function post(url: string, body: string, bearer: string, signal?: AbortSignal): Promise<Response> {
  try {
    return await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', Authorization: `Bearer ${bearer}` },
      body,
      signal,
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch (error) {
    if (isAbort(error) || signal?.aborted) throw error;
    throw new LookupError('network');
  }
}

async function errorFor(response: Response): Promise<LookupError> {
  const status = response.status;
  if (status === 401) return new LookupError('signed-out', undefined, status);
  if (status === 403) return new LookupError('forbidden', undefined, status);
  if (status === 429 || status >= 500) return new LookupError('server', undefined, status);
  let message: string | undefined;
  try {
    const body = (await response.json()) as Partial<ApiError>;
    if (typeof body.message === 'string') message = body.message;
  } catch {
    // No JSON body: the generic words will do.
  }
  return new LookupError('rejected', message, status);
}

/** One request (≤ 30 people). Results are returned in request order, found by `ref`. */
async function requestChunk(
  options: ClientOptions & { getToken: TokenProvider },
  child: PersonInput,
  people: PersonInput[],
): Promise<PersonResult[]> {
  const url = `${options.apiBase.replace(/\/+$/, '')}/api/v1/involvements`;
  const request: InvolvementsRequest = { child, people };
  const body = JSON.stringify(request);

  let response = await post(url, body, await token(options.getToken, false), options.signal);
  if (response.status === 401) {
    response = await post(url, body, await token(options.getToken, true), options.signal);
  }
  if (!response.ok) throw await errorFor(response);

  let answer: InvolvementsResponse;
  try {
    answer = (await response.json()) as InvolvementsResponse;
  } catch (error) {
    if (isAbort(error)) throw error;
    throw new LookupError('bad-response', undefined, response.status);
  }
  if (!answer || !Array.isArray(answer.people)) throw new LookupError('bad-response', undefined, response.status);

  const byRef = new Map(answer.people.map((p) => [p.ref, p]));
  return people.map((_, i) => {
    const result = byRef.get(String(i));
    if (!result || !Array.isArray(result.services)) throw new LookupError('bad-response', undefined, response.status);
    return result;
  });
}

/**
 * Checks `people` for `child`, in as many requests as needed (≤ 30 people each, sent together).
 * Resolves with one result per person, in the order given; rejects with a LookupError (or an AbortError).
 */
export async function fetchInvolvements(
  options: ClientOptions,
  child: PersonInput,
  people: readonly PersonInput[],
): Promise<PersonResult[]> {
  const { getToken } = options;
  if (!getToken) throw new LookupError('not-configured');
  const chunks: PersonInput[][] = [];
  for (let i = 0; i < people.length; i += MAX_PEOPLE_PER_REQUEST) {
    chunks.push(people.slice(i, i + MAX_PEOPLE_PER_REQUEST));
  }
  const answers = await Promise.all(chunks.map((chunk) => requestChunk({ ...options, getToken }, child, chunk)));
  return answers.flat();
}
