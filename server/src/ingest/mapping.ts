/**
 * A council's column mapping for one extract: which column holds which field of the common data model, in which
 * date format, with which codes for fields that have a fixed list of values, plus the source's metadata.
 * Validated completely before any row is read; every problem names its key (e.g. `columns.gender.values`).
 * See fixtures/extracts/*.mapping.json for examples.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { compileDateFormat, parseIsoDate, type DateFormat } from './date-format.js';
import { builtInServices, type ServiceDefinition } from '../services/catalogue.js';
import {
  detailFieldsOf,
  isRelationshipDataset,
  knownDatasets,
  RECORD_FIELDS,
  RELATIONSHIP_FIELDS,
  type FieldDefinition,
} from './model-fields.js';

/** The mapping could not be used; `problems` each start with the key they are about. */
export class MappingError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`The mapping ${file} cannot be used. Fix these and run again (no data was read or changed):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'MappingError';
  }
}

const nonEmpty = z.string().trim().min(1, 'must not be empty');
const isoDate = z.string().refine((v) => parseIsoDate(v) !== undefined, 'must be a date written YYYY-MM-DD');

const metadataSchema = z.strictObject({
  name: nonEmpty.max(200),
  area: nonEmpty.max(200).optional(),
  areaPostcodes: z
    .array(z.string().regex(/^[A-Za-z]{1,2}(\d[A-Za-z\d]?)?$/, 'each entry must be a postcode area ("SK") or district ("SK4")'))
    .optional(),
  notes: z.string().max(2000).optional(),
  coverageFrom: isoDate.optional(),
  coverageYears: z.number().int().min(1).max(150).optional(),
  coverageTo: z.union([z.literal('as-of'), isoDate]).optional(),
  freshnessDays: z.number().int().min(1).max(366),
});

const mappingSchema = z.strictObject({
  $comment: z.string().optional(),
  source: nonEmpty,
  metadata: metadataSchema,
  asOf: z.strictObject({ column: nonEmpty, format: z.string().optional() }).optional(),
  file: z
    .strictObject({
      delimiter: z.string().length(1, 'must be one character, e.g. "," or "|"').optional(),
      encoding: z.enum(['utf-8', 'windows-1252']).optional(),
      finalLineBreak: z.enum(['required', 'optional']).optional(),
      trailer: z.strictObject({ marker: nonEmpty, countColumn: z.number().int().min(2) }).optional(),
    })
    .optional(),
  dateFormat: z.string().optional(),
  columns: z.record(z.string(), z.unknown()),
  details: z.record(z.string(), z.unknown()).optional(),
});

const fieldObjectSchema = z.strictObject({
  column: nonEmpty.optional(),
  columns: z.array(nonEmpty).min(1).optional(),
  separator: z.string().optional(),
  value: z.union([z.string(), z.boolean()]).optional(),
  format: z.string().optional(),
  values: z.record(z.string(), z.union([z.string(), z.boolean()])).optional(),
  required: z.boolean().optional(),
  derive: z.literal('from-end-date').optional(),
});
type FieldObject = z.infer<typeof fieldObjectSchema>;

const recordsSchema = z.strictObject({
  list: z.array(z.record(z.string(), z.unknown())).min(1),
});

export type MappingFile = z.infer<typeof mappingSchema>;

/** How one field is read from a row. */
export interface FieldReader {
  /** The mapping key, e.g. "columns.dateOfBirth". */
  key: string;
  definition: FieldDefinition;
  /** Columns read (joined with `separator` when several); empty for a constant or derived field. */
  columns: string[];
  separator: string;
  constant?: string | boolean;
  format?: DateFormat;
  /** Source code (trimmed, lower case) → model value. */
  values?: Map<string, string | boolean>;
  /** The codes as the mapping writes them, in its order (to write synthetic extracts). */
  codes?: Array<[string, string | boolean]>;
  required: boolean;
  derive?: 'from-end-date';
}

/** A 'records' detail (police offences): one slot per record the extract has columns for, a reader per part. */
export interface RecordsReader {
  key: string;
  slots: Array<Record<string, FieldReader>>;
}

export interface ValidMapping {
  file: string;
  dataset: string;
  relationshipFeed: boolean;
  metadata: z.infer<typeof metadataSchema>;
  asOf?: { column: string; format: DateFormat };
  csv: { delimiter: string; encoding: 'utf-8' | 'windows-1252'; finalLineBreak: 'required' | 'optional'; trailer?: { marker: string; countColumn: number } };
  /** Model field name → reader. */
  fields: Map<string, FieldReader>;
  /** Detail key → reader. */
  details: Map<string, FieldReader | RecordsReader>;
}

/**
 * Reads and validates a mapping file for `dataset` (the --source given) against the services configured
 * (FC_SERVICES_FILE; the built-in four by default). Throws MappingError.
 */
export function readMappingFile(
  path: string,
  dataset: string,
  services: readonly ServiceDefinition[] = builtInServices(),
): ValidMapping {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new MappingError(path, [`the file could not be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new MappingError(path, [`it is not valid JSON: ${(error as Error).message}`]);
  }
  return validateMapping(json, dataset, path, services);
}

/** Validates a parsed mapping for `dataset`. Throws MappingError listing every problem. */
export function validateMapping(
  json: unknown,
  dataset: string,
  file = 'mapping',
  services: readonly ServiceDefinition[] = builtInServices(),
): ValidMapping {
  const problems: string[] = [];
  const parsed = mappingSchema.safeParse(json);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(describeIssue(issue, [], json));
    // Carry on with what is there, so that one run lists every problem (fields included), not just the first kind.
    if (!isObject(json)) throw new MappingError(file, problems);
  }
  const raw = (parsed.success ? parsed.data : json) as Partial<MappingFile>;
  const m = {
    ...raw,
    source: typeof raw.source === 'string' ? raw.source : '',
    metadata: (isObject(raw.metadata) ? raw.metadata : {}) as MappingFile['metadata'],
    columns: isObject(raw.columns) ? raw.columns : {},
    details: isObject(raw.details) ? raw.details : undefined,
  } as MappingFile;
  const datasets = knownDatasets(services);
  if (!m.source) {
    // Already reported by the schema.
  } else if (!datasets.includes(m.source)) problems.push(`source: "${m.source}" is not a known source; use one of ${datasets.join(', ')}`);
  else if (m.source !== dataset) problems.push(`source: this mapping is for "${m.source}", but --source is "${dataset}"`);
  const relationshipFeed = isRelationshipDataset(dataset);

  if (!relationshipFeed) {
    if (m.metadata.area === undefined) problems.push('metadata.area: missing; say in words which area the source covers, e.g. "Stockport"');
    if (m.metadata.areaPostcodes === undefined) {
      problems.push('metadata.areaPostcodes: missing; list the postcode areas or districts the source covers (e.g. ["SK1", "SK2"]), or [] if it covers people wherever they live');
    }
    if (m.metadata.coverageFrom !== undefined && m.metadata.coverageYears !== undefined) {
      problems.push('metadata.coverageYears: give coverageFrom (a fixed date) or coverageYears (years before the as-of date), not both');
    }
  } else {
    for (const key of ['area', 'areaPostcodes', 'coverageFrom', 'coverageYears', 'coverageTo'] as const) {
      if (m.metadata[key] !== undefined) problems.push(`metadata.${key}: the CMS relationship feed has no ${key}; remove it`);
    }
    if (m.details !== undefined) problems.push('details: the CMS relationship feed has no service details; remove it');
  }

  let defaultFormat: DateFormat | undefined;
  try {
    defaultFormat = compileDateFormat(typeof m.dateFormat === 'string' ? m.dateFormat : 'YYYY-MM-DD');
  } catch (error) {
    problems.push(`dateFormat: ${(error as Error).message}`);
  }

  let asOf: ValidMapping['asOf'];
  if (isObject(m.asOf) && typeof m.asOf.column === 'string') {
    try {
      asOf = { column: m.asOf.column, format: m.asOf.format ? compileDateFormat(m.asOf.format) : defaultFormat ?? compileDateFormat('YYYY-MM-DD') };
    } catch (error) {
      problems.push(`asOf.format: ${(error as Error).message}`);
    }
  }

  const modelFields = relationshipFeed ? RELATIONSHIP_FIELDS : RECORD_FIELDS;
  const fields = new Map<string, FieldReader>();
  for (const [name, spec] of Object.entries(m.columns)) {
    const definition = modelFields[name];
    if (!definition) {
      problems.push(`columns.${name}: not a field of the ${relationshipFeed ? 'relationship feed' : 'common data model'}; the fields are ${Object.keys(modelFields).join(', ')}`);
      continue;
    }
    const reader = fieldReader(`columns.${name}`, definition, spec, defaultFormat, problems, name === 'involvement');
    if (reader) fields.set(name, reader);
  }
  for (const [name, definition] of Object.entries(modelFields)) {
    if (definition.required && !m.columns[name]) {
      problems.push(`columns.${name}: missing; every ${dataset} extract must say which column holds ${name}`);
    }
  }
  const involvement = fields.get('involvement');
  if (involvement?.derive && !fields.get('endDate')?.columns.length) {
    problems.push('columns.involvement: "derive": "from-end-date" needs columns.endDate mapped to a column');
  }

  const details = new Map<string, FieldReader | RecordsReader>();
  if (!relationshipFeed) {
    const service = services.find((s) => s.key === dataset);
    const detailFields = service ? detailFieldsOf(service) : {};
    for (const [name, spec] of Object.entries(m.details ?? {})) {
      const definition = detailFields[name];
      if (!definition) {
        const known = Object.keys(detailFields);
        problems.push(`details.${name}: not a ${dataset} detail; ${known.length ? `the details are ${known.join(', ')}` : `${dataset} has no details`}`);
        continue;
      }
      if (definition.kind === 'records') {
        const reader = recordsReader(`details.${name}`, definition, spec, defaultFormat, problems);
        if (reader) details.set(name, reader);
      } else {
        const reader = fieldReader(`details.${name}`, definition, spec, defaultFormat, problems, false);
        if (reader) details.set(name, reader);
      }
    }
  }

  if (problems.length) throw new MappingError(file, problems);

  return {
    file,
    dataset,
    relationshipFeed,
    metadata: m.metadata,
    ...(asOf ? { asOf } : {}),
    csv: {
      delimiter: m.file?.delimiter ?? ',',
      encoding: m.file?.encoding ?? 'utf-8',
      finalLineBreak: m.file?.finalLineBreak ?? 'required',
      ...(m.file?.trailer ? { trailer: m.file.trailer } : {}),
    },
    fields,
    details,
  };
}

function fieldReader(
  key: string,
  definition: FieldDefinition,
  spec: unknown,
  defaultFormat: DateFormat | undefined,
  problems: string[],
  derivable: boolean,
): FieldReader | undefined {
  const before = problems.length;
  let object: FieldObject;
  if (typeof spec === 'string') {
    if (!spec.trim()) {
      problems.push(`${key}: the column name is empty`);
      return undefined;
    }
    object = { column: spec };
  } else {
    const parsed = fieldObjectSchema.safeParse(spec);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(describeIssue(issue, key.split('.'), spec, 'a column name, or an object with "column"'));
      return undefined;
    }
    object = parsed.data;
  }

  const sources = (['column', 'columns', 'value', 'derive'] as const).filter((k) => object[k] !== undefined);
  if (sources.length !== 1) {
    problems.push(`${key}: give exactly one of "column", "columns" or "value"${derivable ? ' (or "derive")' : ''}; found ${sources.length ? sources.join(' and ') : 'none'}`);
    return undefined;
  }
  if (object.derive && !derivable) problems.push(`${key}.derive: only columns.involvement can be derived`);
  if (object.columns && definition.kind !== 'text') problems.push(`${key}.columns: only text fields (such as address) can be joined from several columns`);
  if (object.separator !== undefined && !object.columns) problems.push(`${key}.separator: only used with "columns"`);
  if (object.format !== undefined && definition.kind !== 'date') problems.push(`${key}.format: only date fields have a format`);
  if (object.values !== undefined && definition.kind !== 'vocabulary' && definition.kind !== 'yes-no') {
    problems.push(`${key}.values: only fields with a fixed list of values (such as gender) take "values"`);
  }
  if (object.required === false && definition.required) problems.push(`${key}.required: ${key} is always required`);
  if (definition.kind === 'yes-no' && !object.values && object.value === undefined) {
    problems.push(`${key}.values: missing; say which codes mean yes and which mean no, e.g. { "Y": true, "N": false }`);
  }

  let format: DateFormat | undefined;
  if (definition.kind === 'date') {
    if (object.format !== undefined) {
      try {
        format = compileDateFormat(object.format);
      } catch (error) {
        problems.push(`${key}.format: ${(error as Error).message}`);
      }
    } else format = defaultFormat;
  }

  let values: Map<string, string | boolean> | undefined;
  if (object.values) {
    values = new Map();
    for (const [code, target] of Object.entries(object.values)) {
      const problem = checkTarget(definition, target);
      if (problem) problems.push(`${key}.values: "${code}" maps to ${JSON.stringify(target)}, which ${problem}`);
      const normal = code.trim().toLowerCase();
      const earlier = values.get(normal);
      if (earlier !== undefined && earlier !== target) problems.push(`${key}.values: "${code}" is listed twice (codes are compared ignoring case and spaces) with different meanings`);
      values.set(normal, target);
    }
  }

  if (object.value !== undefined) {
    const problem =
      definition.kind === 'date'
        ? typeof object.value === 'string' && parseIsoDate(object.value) ? undefined : 'is not a date written YYYY-MM-DD'
        : checkTarget(definition, object.value);
    if (problem) problems.push(`${key}.value: ${JSON.stringify(object.value)} ${problem}`);
  }

  if (problems.length > before) return undefined;
  return {
    key,
    definition,
    columns: object.column ? [object.column] : object.columns ?? [],
    separator: object.separator ?? ', ',
    ...(object.value !== undefined ? { constant: object.value } : {}),
    ...(format ? { format } : {}),
    ...(values ? { values, codes: Object.entries(object.values!) } : {}),
    required: definition.required === true || object.required === true,
    ...(object.derive ? { derive: object.derive } : {}),
  };
}

function recordsReader(
  key: string,
  definition: FieldDefinition,
  spec: unknown,
  defaultFormat: DateFormat | undefined,
  problems: string[],
): RecordsReader | undefined {
  const parts = definition.parts ?? {};
  const maxItems = definition.maxItems ?? 1;
  const example = `{ "list": [ { ${Object.keys(parts).map((p) => `"${p}": ...`).join(', ')} } ] } with 1 to ${maxItems} entries`;
  const parsed = recordsSchema.safeParse(spec);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(describeIssue(issue, key.split('.'), spec, example));
    return undefined;
  }
  const before = problems.length;
  if (parsed.data.list.length > maxItems) {
    problems.push(`${key}.list: ${parsed.data.list.length} entries, but the services file keeps at most ${maxItems}`);
  }
  const slots = parsed.data.list.map((slot, i) => {
    const out: Record<string, FieldReader> = {};
    for (const name of Object.keys(slot)) {
      if (!parts[name]) problems.push(`${key}.list.${i}.${name}: not a part of this detail; the parts are ${Object.keys(parts).join(', ')}`);
    }
    for (const [part, partDefinition] of Object.entries(parts)) {
      if (slot[part] === undefined) {
        problems.push(`${key}.list.${i}.${part}: missing; give the column holding each part (${example})`);
        continue;
      }
      const reader = fieldReader(`${key}.list.${i}.${part}`, partDefinition, slot[part], defaultFormat, problems, false);
      if (reader) out[part] = reader;
    }
    return out;
  });
  return problems.length > before ? undefined : { key, slots };
}

/** Why `target` is not a value this field can hold, or undefined when it is. */
function checkTarget(definition: FieldDefinition, target: string | boolean): string | undefined {
  if (definition.kind === 'yes-no') return typeof target === 'boolean' ? undefined : 'is not true or false';
  if (definition.kind === 'vocabulary') {
    return typeof target === 'string' && definition.vocabulary!.includes(target)
      ? undefined
      : `is not one of the model's values: ${definition.vocabulary!.map((v) => `"${v}"`).join(', ')}`;
  }
  return typeof target === 'string' ? undefined : 'is not text';
}

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One zod issue as "key.path: what is wrong"; `root` is the value the issue's path starts from. */
function describeIssue(issue: z.core.$ZodIssue, prefix: string[], root: unknown, expected?: string): string {
  const path = [...prefix, ...issue.path.map(String)].join('.') || 'the mapping';
  if (issue.code === 'unrecognized_keys') {
    return `${path}: ${issue.keys.map((k) => `"${k}"`).join(', ')} ${issue.keys.length > 1 ? 'are not keys' : 'is not a key'} here`;
  }
  let value: unknown = root;
  for (const key of issue.path) value = isObject(value) || Array.isArray(value) ? (value as any)[key as any] : undefined;
  if (issue.code === 'invalid_type' && value === undefined) return `${path}: missing`;
  if (issue.code === 'invalid_type' && expected && issue.path.length === 0) return `${path}: must be ${expected}`;
  return `${path}: ${issue.message}`;
}
