/**
 * Validation of POST /api/v1/involvements bodies. Unknown fields are refused (a typo such as "dob" must not
 * silently drop the date of birth); every problem is reported with its JSON path.
 */
import { z } from 'zod';
import type { PersonInput } from '../api/contract.js';
import { MAX_NAME_LENGTH, MAX_PREVIOUS_LAST_NAMES, MAX_PREVIOUS_POSTCODES } from '../api/person-limits.js';
import { isReason, REASON_RULE_MESSAGE } from '../policy/reason-rule.js';

/** A request as validated: people given by CMS id alone have no names yet (resolve-people.ts fills them). */
export interface InvolvementsRequestInput {
  child: PersonInput;
  people: Array<PersonInput | (Omit<PersonInput, 'firstName' | 'lastName'> & { cmsId: string; firstName?: string; lastName?: string })>;
  reason?: string;
}

export const MAX_PEOPLE = 30;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const text = (field: string, max: number) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? `${field} is required` : `${field} must be text`) })
    .trim()
    .max(max, `${field} must be at most ${max} characters`)
    // Control characters are never part of a name, address or reason (and PostgreSQL refuses NUL in text).
    .refine((s) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(s), `${field} must not contain control characters`)
    // A lone UTF-16 surrogate cannot be stored as UTF-8: the database would keep U+FFFD instead, and the audit
    // event's hash (taken over what was sent) would no longer match what was stored.
    .refine((s) => !LONE_SURROGATE.test(s), `${field} must not contain a broken character (a lone UTF-16 surrogate)`);

const dateOfBirth = z
  .string({ error: 'dateOfBirth must be text in the form YYYY-MM-DD' })
  .refine(isRealPastDate, 'dateOfBirth must be a real date in the form YYYY-MM-DD, not in the future');

const personFields = {
    cmsId: text('cmsId', 64).min(1, 'cmsId must not be empty').optional(),
    firstName: text('firstName', MAX_NAME_LENGTH).min(1, 'firstName must not be empty'),
    lastName: text('lastName', MAX_NAME_LENGTH).min(1, 'lastName must not be empty'),
    dateOfBirth: dateOfBirth.optional(),
    gender: z.enum(['female', 'male', 'other', 'unknown'], { error: 'gender must be one of female, male, other, unknown' }).optional(),
    address: text('address', 300).optional(),
    postcode: text('postcode', 10).optional(),
    previousLastNames: z
      .array(text('previousLastNames[]', MAX_NAME_LENGTH).min(1, 'previousLastNames must not hold an empty name'), { error: 'previousLastNames must be a list of surnames' })
      .max(MAX_PREVIOUS_LAST_NAMES, `previousLastNames can list at most ${MAX_PREVIOUS_LAST_NAMES} surnames`)
      .optional(),
    previousPostcodes: z
      .array(text('previousPostcodes[]', 10).min(1, 'previousPostcodes must not hold an empty postcode'), { error: 'previousPostcodes must be a list of postcodes' })
      .max(MAX_PREVIOUS_POSTCODES, `previousPostcodes can list at most ${MAX_PREVIOUS_POSTCODES} postcodes`)
      .optional(),
    relationship: text('relationship', 100).optional(),
};
const personError = { error: (issue: { code: string; keys?: string[] }) => (issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys!.join(', ')}` : 'must be an object describing a person') };

export const personSchema = z.strictObject(personFields, personError);

/**
 * A person asked about may be given by CMS id alone (the search fallback): the names then come from the CMS
 * relationship feed (see resolve-people.ts). Otherwise first and last name are required.
 */
const askedPersonSchema = z
  .strictObject({ ...personFields, firstName: personFields.firstName.optional(), lastName: personFields.lastName.optional() }, personError)
  .superRefine((p, ctx) => {
    if (p.cmsId) return;
    for (const field of ['firstName', 'lastName'] as const) {
      if (!p[field]) ctx.addIssue({ code: 'custom', path: [field], message: `${field} is required (or give the person's cmsId)` });
    }
  });

export const involvementsRequestSchema = z.strictObject(
  {
    child: personSchema,
    people: z
      .array(askedPersonSchema, { error: 'people must be a list of people' })
      .min(1, 'people must list at least one person')
      .max(MAX_PEOPLE, `people can list at most ${MAX_PEOPLE} people in one request; split the list`),
    // A reason given must be one (policy/reason-rule.ts), whether or not this request needs it; empty is none.
    reason: text('reason', 2000)
      .refine((r) => r === '' || isReason(r), `reason ${REASON_RULE_MESSAGE}`)
      .optional(),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.join(', ')}` : 'the body must be a JSON object with child and people') },
);

export type ValidationResult =
  | { ok: true; value: InvolvementsRequestInput }
  | { ok: false; fields: Array<{ field: string; message: string }> };

export function validateInvolvementsRequest(body: unknown): ValidationResult {
  const parsed = involvementsRequestSchema.safeParse(body);
  if (parsed.success) return { ok: true, value: parsed.data as InvolvementsRequestInput };
  return {
    ok: false,
    fields: parsed.error.issues.map((issue) => ({ field: formatPath(issue.path) || 'body', message: issue.message })),
  };
}

function formatPath(path: PropertyKey[]): string {
  return path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${String(part)}` : String(part)), '');
}

function isRealPastDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return false;
  return y >= 1880 && date.getTime() <= Date.now() + 86_400_000;
}
