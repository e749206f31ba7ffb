/**
 * Calls `POST {apiBase}/api/v1/feedback`: "Not this person" (the server stops linking that record to the person)
 * and "Information looks wrong". Answer: 201 `{ feedbackId }`.
 */
import type { FeedbackRequest, FeedbackResponse } from '../../server/src/api/contract.js';
import { LookupError, postJson, type ClientOptions } from './api-request.js';

/** The most characters the server takes in a comment. */
export const MAX_COMMENT = 1000;

export async function sendFeedback(options: ClientOptions, feedback: FeedbackRequest): Promise<string> {
  const comment = feedback.comment?.trim().slice(0, MAX_COMMENT);
  const body: FeedbackRequest = { ...feedback };
  if (comment) body.comment = comment;
  else delete body.comment;
  const answer = await postJson<FeedbackResponse>(options, '/api/v1/feedback', body);
  if (!answer || typeof answer.feedbackId !== 'string') throw new LookupError('bad-response');
  return answer.feedbackId;
}
