/**
 * Calls `POST {apiBase}/api/v1/involvements` in chunks of at most 30 people and returns one answer per person,
 * in the order asked, with the time the server answered.
 */
import type {
  InvolvementsRequest,
  InvolvementsResponse,
  PersonInput,
  PersonResult,
} from '../../server/src/api/contract.js';
import { LookupError, postJson, type ClientOptions } from './api-request.js';

export { LookupError, SERVER_WORDS_SHOWN, type ClientOptions, type LookupErrorKind, type TokenProvider } from './api-request.js';

/** The most people the API takes in one request. */
export const MAX_PEOPLE_PER_REQUEST = 30;

export interface CheckedPerson {
  result: PersonResult;
  /** ISO date-time of the server's answer (`generatedAt`). */
  checkedAt: string;
  requestId: string;
}

/** One request (≤ 30 people). Results are matched to people by `ref`, whatever order the server answers in. */
async function requestChunk(
  options: ClientOptions,
  child: PersonInput,
  people: PersonInput[],
  reason: string | undefined,
): Promise<CheckedPerson[]> {
  const request: InvolvementsRequest = reason ? { child, people, reason } : { child, people };
  const answer = await postJson<InvolvementsResponse>(options, '/api/v1/involvements', request);
  if (!answer || !Array.isArray(answer.people)) throw new LookupError('bad-response');
  const byRef = new Map(answer.people.map((p) => [p.ref, p]));
  return people.map((_, i) => {
    const result = byRef.get(String(i));
    if (!result || !Array.isArray(result.services)) throw new LookupError('bad-response');
    return { result, checkedAt: String(answer.generatedAt ?? ''), requestId: String(answer.requestId ?? '') };
  });
}

/**
 * Checks `people` for `child`, in as many requests as needed (≤ 30 people each, sent together), with the
 * user's reason when there is one. Resolves with one answer per person, in the order given; rejects with a
 * LookupError (or an AbortError).
 */
export async function fetchInvolvements(
  options: ClientOptions,
  child: PersonInput,
  people: readonly PersonInput[],
  reason?: string,
): Promise<CheckedPerson[]> {
  if (!options.getToken) throw new LookupError('not-configured');
  const chunks: PersonInput[][] = [];
  for (let i = 0; i < people.length; i += MAX_PEOPLE_PER_REQUEST) {
    chunks.push(people.slice(i, i + MAX_PEOPLE_PER_REQUEST));
  }
  const answers = await Promise.all(chunks.map((chunk) => requestChunk(options, child, chunk, reason)));
  return answers.flat();
}
