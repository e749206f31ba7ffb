/**
 * One load scenario: autocannon on loopback for a fixed time with N connections, each request a different
 * family (and a different social worker's token) from the pool. Latencies are autocannon's (whole
 * milliseconds: a p99 of "4" means 4.0–4.99 ms).
 */
import autocannon from 'autocannon';

export interface ScenarioResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  total: number;
  non2xx: number;
  errors: number;
  statusCodes: Record<string, number>;
}

export interface Scenario {
  url: string;
  path: string;
  connections: number;
  seconds: number;
  /** Request bodies (JSON text), used in turn. */
  bodies: string[];
  /** Bearer tokens, used in turn; none for the floor. */
  tokens?: string[];
  headers?: Record<string, string>;
}

export async function runScenario(s: Scenario): Promise<ScenarioResult> {
  let n = 0;
  const result = await autocannon({
    url: s.url,
    connections: s.connections,
    duration: s.seconds,
    timeout: 10,
    requests: [
      {
        method: 'POST',
        path: s.path,
        setupRequest(request) {
          const i = n++;
          const headers: Record<string, string> = { 'content-type': 'application/json', ...s.headers };
          if (s.tokens?.length) headers.authorization = `Bearer ${s.tokens[(i * 7919) % s.tokens.length]}`;
          return { ...request, headers, body: s.bodies[i % s.bodies.length] };
        },
      },
    ],
  });
  return {
    requestsPerSecond: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, v]) => [code, v.count])),
  };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
