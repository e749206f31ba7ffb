/**
 * The JSON Schema and the example configs council IT copy are generated from the code that reads them; this
 * fails when they are out of date (fix: node --import tsx host-shims/schema/write-schema.ts).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseShimConfig } from '../../host-shims/core/shim-config.js';
import { publishedFiles } from '../../host-shims/schema/published-files.js';

const read = (path: string): string => readFileSync(new URL(`../../host-shims/${path}`, import.meta.url), 'utf8');

describe('published shim files', () => {
  it('are up to date with the schema and the built-in configs', () => {
    for (const [path, text] of Object.entries(publishedFiles())) {
      assert.equal(read(path), text, `host-shims/${path} is out of date: run node --import tsx host-shims/schema/write-schema.ts`);
    }
  });

  it('example configs are valid and carry a version', () => {
    for (const path of Object.keys(publishedFiles()).filter((p) => p.startsWith('configs/'))) {
      const checked = parseShimConfig(read(path));
      assert.ok(checked.ok, `${path}: ${checked.ok ? '' : checked.problems.join('; ')}`);
      assert.equal(checked.config.version, 1);
    }
  });

  it('the schema requires what the validator requires', () => {
    const schema = JSON.parse(read('schema/shim-config.schema.json')) as {
      required: string[];
      properties: { people: { required: string[]; properties: { dateOfBirth: { required: string[] } } } };
    };
    assert.deepEqual(schema.required.sort(), ['host', 'relationships', 'version']);
    assert.ok(schema.properties.people.required.includes('dateOfBirth'));
    assert.deepEqual(schema.properties.people.properties.dateOfBirth.required, ['selector']);
  });
});
