/** Validation of POST /api/v1/feedback bodies: unknown fields refused, every problem named by its JSON path. */
import { z } from 'zod';
import type { FeedbackRequest } from '../api/contract.js';
import { personSchema } from '../involvements/request-schema.js';
import { parseRecordRef } from './repository.js';

export const MAX_COMMENT = 1000;

export const feedbackRequestSchema = z
  .strictObject(
    {
      kind: z.enum(['not-this-person', 'information-wrong'], { error: 'kind must be "not-this-person" or "information-wrong"' }),
      person: personSchema,
      child: personSchema,
      service: z
        .string({ error: (issue) => (issue.input === undefined ? 'service is required' : 'service must be text') })
        .trim()
        .min(1, 'service must not be empty')
        .max(64, 'service must be at most 64 characters'),
      recordRef: z
        .string({ error: (issue) => (issue.input === undefined ? 'recordRef is required' : 'recordRef must be text') })
        .trim()
        .max(200, 'recordRef must be at most 200 characters')
        .refine((v) => parseRecordRef(v) !== undefined, 'recordRef must be the ref of a record as the lookup returned it, e.g. "housing:SH-000123"'),
      comment: z.string({ error: 'comment must be text' }).trim().max(MAX_COMMENT, `comment must be at most ${MAX_COMMENT} characters`).optional(),
    },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.join(', ')}` : 'the body must be a JSON object with kind, person, child, service and recordRef') },
  )
  .superRefine((body, ctx) => {
    const ref = parseRecordRef(body.recordRef);
    if (ref && ref.service !== body.service) {
      ctx.addIssue({ code: 'custom', path: ['recordRef'], message: `recordRef is a ${ref.service} record, but service is ${body.service}` });
    }
  });

export type FeedbackValidation =
  | { ok: true; value: FeedbackRequest }
  | { ok: false; fields: Array<{ field: string; message: string }> };

export function validateFeedbackRequest(body: unknown, services: readonly string[]): FeedbackValidation {
  const parsed = feedbackRequestSchema.safeParse(body);
  if (!parsed.success) {
    return { ok: false, fields: parsed.error.issues.map((issue) => ({ field: formatPath(issue.path) || 'body', message: issue.message })) };
  }
  if (!services.includes(parsed.data.service)) {
    return { ok: false, fields: [{ field: 'service', message: `service must be one of ${services.join(', ')}` }] };
  }
  return { ok: true, value: parsed.data as FeedbackRequest };
}

function formatPath(path: PropertyKey[]): string {
  return path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${String(part)}` : String(part)), '');
}
