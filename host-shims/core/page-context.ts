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
/** null or "" (a template writing an empty field): the field is absent. */
const emptyAsAbsent = (v: unknown): unknown => (v === null || (typeof v === 'string' && v.trim() === '') ? undefined : v);
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date as YYYY-MM-DD', abort: true })
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
  }, 'is not a real date');

/** true / false, or the words a CMS template may write instead: "Yes", "No", "Y", "N", "true", "false". */
const yesNo = z.union([
  z.boolean(),
  z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(['yes', 'no', 'y', 'n', 'true', 'false']))
    .transform((word) => word === 'yes' || word === 'y' || word === 'true'),
]);

const basePerson = {
  /** Text; a whole number (a template that writes ids unquoted) is read as its digits; null or "" as no id. */
  cmsId: z
    .preprocess(
      (v) => (v === null || (typeof v === 'string' && v.trim() === '') ? undefined : typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? String(v) : v),
      text(100).min(1).optional(),
    )
    .optional(),
  firstName: text(MAX_NAME_LENGTH).min(1),
  lastName: text(MAX_NAME_LENGTH).min(1),
  dateOfBirth: isoDate.optional(),
  /** Any case, and the letters CMS exports write: "Female", "F", "M", "O", "U" (as selector mode reads them). */
  gender: z
    .string()
    .trim()
    .toLowerCase()
    .transform((g) => ({ f: 'female', m: 'male', o: 'other', u: 'unknown' })[g] ?? g)
    .pipe(z.enum(['female', 'male', 'other', 'unknown']))
    .optional(),
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
  deceased: z.preprocess(emptyAsAbsent, yesNo.optional()),
  /** true (or "Yes"), or the date the relationship ended (YYYY-MM-DD); null or "" mean not ended. */
  relationshipEnded: z.preprocess(emptyAsAbsent, z.union([yesNo, isoDate]).optional()),
});

export type PagePerson = z.output<typeof pagePersonSchema>;
/** The context as read: the child, and the people whose details could be used (see validatePageContext). */
export interface PageContext {
  version?: 1;
  child: z.output<typeof pageChildSchema>;
  people: PagePerson[];
}

/** A person the page listed but who cannot be offered: a field they cannot be searched without is wrong. */
export interface PersonLeftOut {
  /** 0-based index in `people`. */
  index: number;
  problems: string[];
}

export type PageContextCheck =
  /** `indexes[i]` is the position in the page's `people` of `value.people[i]`. */
  | { ok: true; value: PageContext; indexes: number[]; problems: string[]; leftOut: PersonLeftOut[] }
  | { ok: false; problems: string[] };

/**
 * Fields a person can be searched without. A wrong one is left out with a warning and the person kept, as the
 * selector shims do with a cell they cannot read: one mistyped gender or date must not hide the whole family.
 * Lists keep their good entries, the first ones up to their limit.
 */
const DROPPABLE = new Set(['cmsId', 'dateOfBirth', 'gender', 'address', 'postcode', 'previousLastNames', 'previousPostcodes', 'deceased', 'relationshipEnded']);
const LISTS: Record<string, { item: z.ZodType; max: number }> = {
  previousLastNames: { item: basePerson.previousLastNames.unwrap().element, max: MAX_PREVIOUS_LAST_NAMES },
  previousPostcodes: { item: basePerson.previousPostcodes.unwrap().element, max: MAX_PREVIOUS_POSTCODES },
};

const messages = { error: (issue: z.core.$ZodRawIssue) => (issue.input === undefined && issue.code === 'invalid_type' ? 'required' : undefined) };
const describe = (prefix: string, issue: z.core.$ZodIssue): string =>
  `${[prefix, ...issue.path.map(String)].filter(Boolean).join('.') || '(top level)'}: ${issue.message}`;

const envelopeSchema = z.strictObject({
  version: z.literal(1).optional(),
  child: z.record(z.string(), z.unknown()),
  people: z.array(z.record(z.string(), z.unknown())).max(100),
});

export function validatePageContext(json: unknown): PageContextCheck {
  const envelope = envelopeSchema.safeParse(json, messages);
  if (!envelope.success) return { ok: false, problems: envelope.error.issues.map((issue) => describe('', issue)) };
  const problems: string[] = [];
  const child = lenientParse(pageChildSchema, envelope.data.child, 'child', problems);
  if (!child) return { ok: false, problems };
  const people: PagePerson[] = [];
  const indexes: number[] = [];
  const leftOut: PersonLeftOut[] = [];
  envelope.data.people.forEach((raw, index) => {
    const own: string[] = [];
    const person = lenientParse(pagePersonSchema, raw, `people.${index}`, own);
    if (person) {
      people.push(person);
      indexes.push(index);
      problems.push(...own);
    } else leftOut.push({ index, problems: own });
  });
  return { ok: true, value: { ...(envelope.data.version ? { version: envelope.data.version } : {}), child, people }, indexes, problems, leftOut };
}

/**
 * Parses one person. Unknown fields and wrong optional fields are left out, each with a problem naming it;
 * a wrong field the person cannot be searched without (name, relationship) gives undefined.
 */
function lenientParse<T>(schema: z.ZodType<T>, raw: Record<string, unknown>, prefix: string, problems: string[]): T | undefined {
  const first = schema.safeParse(raw, messages);
  if (first.success) return first.data;
  const kept: Record<string, unknown> = { ...raw };
  let fatal = false;
  for (const issue of first.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) delete kept[key];
      problems.push(`${prefix}: ${issue.keys.map((k) => `"${k}"`).join(', ')} ${issue.keys.length === 1 ? 'is not a field' : 'are not fields'} of the page context; ignored`);
      continue;
    }
    const field = String(issue.path[0] ?? '');
    if (!DROPPABLE.has(field)) {
      fatal = true;
      problems.push(describe(prefix, issue));
      continue;
    }
    const list = LISTS[field];
    if (list && Array.isArray(raw[field])) {
      const sent = (raw[field] as unknown[]).flatMap((item) => {
        const parsed = list.item.safeParse(item);
        return parsed.success ? [parsed.data] : [];
      }).slice(0, list.max);
      if (sent.length) kept[field] = sent;
      else delete kept[field];
      problems.push(`${describe(prefix, issue)}; ${sent.length ? `the first ${sent.length} good ${sent.length === 1 ? 'entry is' : 'entries are'} sent` : 'left out'}`);
      continue;
    }
    delete kept[field];
    problems.push(`${describe(prefix, issue)}; left out`);
  }
  if (fatal) return undefined;
  const second = schema.safeParse(kept, messages);
  if (second.success) return second.data;
  problems.push(...second.error.issues.map((issue) => describe(prefix, issue)));
  return undefined;
}
