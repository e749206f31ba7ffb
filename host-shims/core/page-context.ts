/**
 * The context as a page (or an iframe host snippet) can carry it itself, as JSON:
 *
 *   { "version": 1,
 *     "child":  { "cmsId": "P042817", "firstName": "Leah", "lastName": "Hartley", "dateOfBirth": "2018-01-31", ... },
 *     "people": [ { "cmsId": "P042818", "firstName": "Gemma", "lastName": "Hartley", "relationship": "Mother",
 *                   "dateOfBirth": "1993-05-02", "deceased": false, "relationshipEnded": false,
 *                   "previousLastNames": ["Pryce"], "previousPostcodes": ["SK5 6DW"] }, ... ] }
 *
 * Validated field by field: nothing from the page is trusted as markup, and a wrong field is named.
 */
import { z } from 'zod';
import { MAX_NAME_LENGTH, MAX_PREVIOUS_LAST_NAMES, MAX_PREVIOUS_POSTCODES } from '../../server/src/api/person-limits.js';

const text = (max: number) => z.string().trim().max(max);
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
  }, 'is not a real date');

const basePerson = {
  cmsId: text(100).min(1).optional(),
  firstName: text(MAX_NAME_LENGTH).min(1),
  lastName: text(MAX_NAME_LENGTH).min(1),
  dateOfBirth: isoDate.optional(),
  gender: z.enum(['female', 'male', 'other', 'unknown']).optional(),
  address: text(500).optional(),
  postcode: text(10).optional(),
  /** What the CMS knows of the person's past, when the page has it: matching then recognises old records. */
  previousLastNames: z.array(text(MAX_NAME_LENGTH).min(1)).max(MAX_PREVIOUS_LAST_NAMES).optional(),
  previousPostcodes: z.array(text(10).min(1)).max(MAX_PREVIOUS_POSTCODES).optional(),
};

export const pageChildSchema = z.strictObject({ ...basePerson, relationship: text(100).optional() });

export const pagePersonSchema = z.strictObject({
  ...basePerson,
  relationship: text(100).min(1),
  deceased: z.boolean().optional(),
  /** true, or the date the relationship ended (YYYY-MM-DD). */
  relationshipEnded: z.union([z.boolean(), isoDate]).optional(),
});

export const pageContextSchema = z.strictObject({
  version: z.literal(1).optional(),
  child: pageChildSchema,
  people: z.array(pagePersonSchema).max(100),
});

export type PageContext = z.output<typeof pageContextSchema>;
export type PagePerson = z.output<typeof pagePersonSchema>;

export type PageContextCheck = { ok: true; value: PageContext } | { ok: false; problems: string[] };

export function validatePageContext(json: unknown): PageContextCheck {
  const parsed = pageContextSchema.safeParse(json, {
    error: (issue) => (issue.input === undefined && issue.code === 'invalid_type' ? 'required' : undefined),
  });
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((issue) => `${issue.path.map(String).join('.') || '(top level)'}: ${issue.message}`),
  };
}
