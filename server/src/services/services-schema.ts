/**
 * The published JSON Schema of the services file (server/config/services.schema.json), generated from the zod
 * schema the server validates with, so the two cannot drift. Write it after changing services-file.ts:
 * `node --import tsx server/src/services/services-schema.ts` (a test fails while the committed file is out of date).
 */
import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import { DEFAULT_SERVICES_FILE } from './catalogue.js';
import { servicesFileSchema } from './services-file.js';

export const SERVICES_SCHEMA_FILE = DEFAULT_SERVICES_FILE.replace(/services\.json$/, 'services.schema.json');

/** The schema's text as committed. */
export function servicesSchemaText(): string {
  const schema = {
    ...z.toJSONSchema(servicesFileSchema, { target: 'draft-2020-12' }),
    title: 'Family Context services file',
    description:
      'The services a council shows (FC_SERVICES_FILE): key, label, age rule, detail fields. README: Add a service.',
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  writeFileSync(SERVICES_SCHEMA_FILE, servicesSchemaText());
  console.log(`wrote ${SERVICES_SCHEMA_FILE}`);
}
