/**
 * A figure for the benchmark table. test/bench/ingest.ts (`measureIngest`) and test/bench/widget-render.ts
 * (`measureWidget`) return arrays of these, so `npm run bench` prints the whole product's figures in one table.
 */
export interface BenchFigure {
  /** What was measured, e.g. "Ingest: rows per second (police CSV, 100,000 rows)". */
  name: string;
  /** The measured value with its unit, e.g. "41,200 rows/s". */
  value: string;
  /** The aim, when there is one, e.g. "≤ 30 KB". */
  aim?: string;
  /** Whether the aim was met. */
  met?: boolean;
}

/** Accepts what a colleague's measure function returns: BenchFigure[], or a plain { name: value } object. */
export function toFigures(result: unknown, prefix: string): BenchFigure[] {
  if (Array.isArray(result)) {
    return result.map((r: Partial<BenchFigure> & Record<string, unknown>) => ({
      name: String(r.name ?? r.label ?? prefix),
      value: String(r.value ?? ''),
      ...(r.aim !== undefined ? { aim: String(r.aim) } : {}),
      ...(typeof r.met === 'boolean' ? { met: r.met } : {}),
    }));
  }
  if (result && typeof result === 'object') {
    return Object.entries(result as Record<string, unknown>).map(([k, v]) => ({ name: `${prefix}: ${k}`, value: String(v) }));
  }
  return [{ name: prefix, value: String(result) }];
}
