/**
 * The services file (FC_SERVICES_FILE): which services a council shows, with their rules and detail fields.
 *
 * A council adds Early Help, Youth Justice, Probation... by an entry here and an extract mapping: nothing in the
 * server or the panel names a service. The four built-in services are the entries of server/config/services.json.
 * The file is validated whole before anything uses it; every problem names the file, the service and the field.
 * Its JSON Schema (server/config/services.schema.json) is generated from `servicesFileSchema` below
 * (`npm run schema:services`) and checked against it in the tests.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** Service keys are what extract mappings, FC_SERVICES and answers name: "youth-justice". */
const SERVICE_KEY = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
/** Detail keys are what mappings' `details` name: "keyWorkerTeam". */
const DETAIL_KEY = /^[a-z][A-Za-z0-9]*$/;

const label = z.string().trim().min(1, 'must not be empty').max(80);
const text = z.string().trim().min(1, 'must not be empty').max(2000);

const ageRuleSchema = z
  .strictObject({
    minAge: z.number().int().min(0).max(120).optional(),
    maxAge: z.number().int().min(0).max(120).optional(),
  })
  .refine((r) => r.minAge === undefined || r.maxAge === undefined || r.minAge <= r.maxAge, 'minAge must not be above maxAge')
  .describe('Ages the service is shown for (inclusive); {} for any age.');

/** Where a detail appears: the person's one-line overview, the case-note summary, the printout. */
const showFlags = {
  overview: z.boolean().optional().describe('Shown in the one-line overview of the person (default false).'),
  summary: z.boolean().optional().describe('Copied into the case-note summary (default true).'),
  print: z.boolean().optional().describe('Printed (default true).'),
};

const simpleFieldSchema = z.strictObject({
  key: z.string().regex(DETAIL_KEY, 'must be a camelCase name such as "keyWorkerTeam"'),
  label,
  type: z.enum(['text', 'date', 'yes-no', 'one-of']),
  values: z.array(label).min(1).max(50).optional().describe('For "one-of": the values the field may hold.'),
  ...showFlags,
});

const recordsFieldSchema = z.strictObject({
  key: z.string().regex(DETAIL_KEY, 'must be a camelCase name such as "safeguardingOffences"'),
  label,
  type: z.literal('records'),
  maxItems: z.number().int().min(1).max(10).describe('At most this many records are kept and shown.'),
  fields: z
    .array(
      z.strictObject({
        key: z.string().regex(DETAIL_KEY, 'must be a camelCase name such as "date"'),
        label,
        type: z.enum(['text', 'date', 'one-of']),
        values: z.array(label).min(1).max(50).optional(),
      }),
    )
    .min(1)
    .max(6),
  ...showFlags,
});

const detailFieldSchema = z.union([simpleFieldSchema, recordsFieldSchema]);

const serviceSchema = z.strictObject({
  key: z.string().regex(SERVICE_KEY, 'must be lower case words joined by "-", such as "youth-justice"'),
  label,
  ageRule: ageRuleSchema,
  showsInvolvement: z
    .boolean()
    .describe('False for services whose records must never be called current or historic (police: read as "convicted").'),
  freshnessDays: z
    .number()
    .int()
    .min(1)
    .max(366)
    .optional()
    .describe("Days after which the source is out of date, when the extract mapping's metadata does not say."),
  area: label.optional().describe("The area covered, in words, when the extract mapping's metadata does not say."),
  explanation: text.optional().describe('What this service is, for the panel and print, in plain words.'),
  contactRoles: z.array(label).max(10).optional().describe('The lead practitioner roles this service names.'),
  details: z.array(detailFieldSchema).max(20).describe('The service-specific fields, in the order they are shown.'),
});

export const servicesFileSchema = z.strictObject({
  $schema: z.string().optional(),
  $comment: z.string().optional(),
  services: z.array(serviceSchema).min(1, 'list at least one service').max(30),
});

export type AgeRule = z.infer<typeof ageRuleSchema>;
export type DetailField = z.infer<typeof detailFieldSchema>;
export type ServiceDefinition = z.infer<typeof serviceSchema>;

/** The services file could not be used; each problem starts with the file and names the service and field. */
export class ServicesFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`The services file ${file} cannot be used. Fix these and start again:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ServicesFileError';
  }
}

/** Reads and validates a services file; throws ServicesFileError listing every problem. */
export function readServicesFile(path: string): ServiceDefinition[] {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new ServicesFileError(path, [`${path}: the file could not be read as JSON (${why})`]);
  }
  return validateServices(json, path);
}

/** Validates a parsed services file. */
export function validateServices(json: unknown, file: string): ServiceDefinition[] {
  const parsed = servicesFileSchema.safeParse(json);
  if (!parsed.success) {
    throw new ServicesFileError(
      file,
      parsed.error.issues.map((issue) => `${file}: ${where(json, issue.path)}: ${issue.message}`),
    );
  }
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const service of parsed.data.services) {
    if (seen.has(service.key)) problems.push(`${file}: service "${service.key}": listed twice; keys must be unique`);
    seen.add(service.key);
    const detailKeys = new Set<string>();
    for (const field of service.details) {
      const at = `${file}: service "${service.key}", field "${field.key}"`;
      if (detailKeys.has(field.key)) problems.push(`${at}: listed twice in this service`);
      detailKeys.add(field.key);
      const checkValues = (f: { type: string; values?: string[] }, name: string) => {
        if (f.type === 'one-of' && !f.values) problems.push(`${name}: type "one-of" needs "values", the list it may hold`);
        if (f.type !== 'one-of' && f.values) problems.push(`${name}: "values" is only for type "one-of"`);
      };
      if (field.type === 'records') field.fields.forEach((part) => checkValues(part, `${at}, part "${part.key}"`));
      else checkValues(field, at);
    }
  }
  if (problems.length) throw new ServicesFileError(file, problems);
  return parsed.data.services;
}

/** 'services[2].details[0].type' as 'service "youth-justice", field "courtOrder", type'. */
function where(json: unknown, path: PropertyKey[]): string {
  const words: string[] = [];
  let node: unknown = json;
  for (let i = 0; i < path.length; i++) {
    const step = path[i];
    const next = isRecord(node) || Array.isArray(node) ? (node as Record<PropertyKey, unknown>)[step as string] : undefined;
    const parent = path[i - 1];
    const named = isRecord(next) && typeof next.key === 'string' ? `"${next.key}"` : `number ${Number(step) + 1}`;
    if (parent === 'services' && typeof step === 'number') words.push(`service ${named}`);
    else if (parent === 'details' && typeof step === 'number') words.push(`field ${named}`);
    else if (parent === 'fields' && typeof step === 'number') words.push(`part ${named}`);
    else if (step !== 'services' && step !== 'details' && step !== 'fields') words.push(String(step));
    node = next;
  }
  return words.join(', ') || 'the file';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
