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
    return Object.entries(result as Record<string, unknown>)
      .filter(([, v]) => typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean')
      .map(([k, v]) => ({ name: `${prefix}: ${words(k)}`, value: typeof v === 'number' ? number(v) : String(v) }));
  }
  return [{ name: prefix, value: String(result) }];
}

/** "recordsPerSecond" → "records per second", "peakRssMb" → "peak RSS MB". */
function words(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(' ')
    .map((w) => (/^(Rss|Mb|Kb|Cpu|Gzip)$/.test(w) ? w.toUpperCase().replace('GZIP', 'gzip') : w.toLowerCase()))
    .join(' ');
}

function number(n: number): string {
  return n.toLocaleString('en-GB', { maximumFractionDigits: Math.abs(n) >= 100 ? 0 : Math.abs(n) >= 10 ? 1 : 2 });
}
