/** The JSON files published for council IT, generated from the code that reads them (see write-schema.ts). */
import { z } from 'zod';
import { shimConfigSchema } from '../core/shim-config.js';
import { DEFAULT_EIS_CONFIG } from '../eis/default-config.js';
import { DATA_ATTRIBUTES_CONFIG, DEFAULT_GENERIC_CONFIG } from '../generic/default-config.js';
import { DEFAULT_LCS_CONFIG } from '../lcs/default-config.js';
import { DEFAULT_MOSAIC_CONFIG } from '../mosaic/default-config.js';

export const SCHEMA_ID = 'https://family-context.example/schema/shim-config.schema.json';

export function shimConfigJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(shimConfigSchema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
  return {
    $schema: generated.$schema,
    $id: SCHEMA_ID,
    title: 'Family Context host shim config',
    description:
      'Where a case-management page shows the child and the people linked to them, and which relationships count as family. Version 1.',
    ...Object.fromEntries(Object.entries(generated).filter(([key]) => key !== '$schema')),
  };
}

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
const example = (config: object): string => json({ $schema: '../schema/shim-config.schema.json', ...config });

/** Path (under host-shims/) → content. */
export function publishedFiles(): Record<string, string> {
  return {
    'schema/shim-config.schema.json': json(shimConfigJsonSchema()),
    'configs/mosaic.json': example(DEFAULT_MOSAIC_CONFIG),
    'configs/eis.json': example(DEFAULT_EIS_CONFIG),
    'configs/lcs.json': example(DEFAULT_LCS_CONFIG),
    'configs/generic.json': example(DEFAULT_GENERIC_CONFIG),
    'configs/generic-data-attributes.json': example(DATA_ATTRIBUTES_CONFIG),
  };
}
