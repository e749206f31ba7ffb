/**
 * Hot queries compiled once per shape. Kysely builds and compiles a query tree every time a query runs, which
 * was about a sixth of a lookup's CPU; a lookup's queries differ only in their parameters and the lengths of IN
 * lists. A shape's compiled SQL is kept per dialect and run again with the new parameters.
 *
 * The caller gives the parameters in the order the query binds them. The first compilation of each shape checks
 * that order against kysely's own: a mismatch is never cached (the freshly compiled query is run instead, so the
 * answer stays right) and is counted, for tests to see.
 */
import type { CompiledQuery, Compilable, Kysely, QueryResult } from 'kysely';
import type { Database } from '../db/schema.js';
import { databaseKindOf } from '../sources/statement-limits.js';

const SHAPES_KEPT = 1000;
const cache = new Map<string, CompiledQuery>();
let mismatches = 0;

/** Shapes whose parameters were given in a different order from the query's (never cached): 0 when all is well. */
export function compiledQueryMismatches(): number {
  return mismatches;
}

export async function executeCompiled<R>(
  db: Kysely<Database>,
  shape: string,
  parameters: readonly unknown[],
  build: () => Compilable<R>,
): Promise<R[]> {
  const key = `${databaseKindOf(db)}|${shape}`;
  const cached = cache.get(key);
  if (cached) {
    const result = (await db.executeQuery({ ...cached, parameters: [...parameters] })) as QueryResult<R>;
    return result.rows;
  }
  const compiled = build().compile();
  if (sameParameters(compiled.parameters, parameters)) {
    if (cache.size >= SHAPES_KEPT) cache.clear();
    cache.set(key, compiled);
  } else {
    mismatches++;
  }
  return (await db.executeQuery(compiled)).rows;
}

function sameParameters(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((value, i) => Object.is(value, b[i]));
}
