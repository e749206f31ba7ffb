/**
 * Writes the published JSON Schema (host-shims/schema/shim-config.schema.json) and the example configs
 * (host-shims/configs/*.json) from their sources: the zod schema in core/shim-config.ts and the built-in
 * default configs. Run after changing either: `node --import tsx host-shims/schema/write-schema.ts`.
 * A test (test/host-shims-cli/schema-files.test.ts) fails when the files are out of date.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { publishedFiles } from './published-files.js';

for (const [path, text] of Object.entries(publishedFiles())) {
  writeFileSync(fileURLToPath(new URL(`../${path}`, import.meta.url)), text);
  console.log(`wrote host-shims/${path}`);
}
