/**
 * /metrics when the server runs as several processes (FC_WORKERS > 1): whichever worker answers the scrape asks
 * the primary, which gathers every worker's registry over the cluster's IPC channel (prom-client's
 * AggregatorRegistry) and sends back one text. Counters and histograms are summed across workers; the source
 * gauges, read from the shared database by each worker, are taken from the first.
 */
import cluster, { type Worker } from 'node:cluster';
import { AggregatorRegistry, type Registry } from 'prom-client';

const REQUEST = 'fc:metrics-request';
const RESPONSE = 'fc:metrics-response';
const TIMEOUT_MS = 5000;

interface MetricsRequest {
  type: typeof REQUEST;
  id: number;
}
interface MetricsResponse {
  type: typeof RESPONSE;
  id: number;
  text?: string;
  error?: string;
}

/** In a worker: answer the primary's requests for this worker's registry. */
export function shareRegistryWithPrimary(registry: Registry): void {
  // The constructor installs prom-client's listener for the primary's requests; setRegistries says what it sends.
  new AggregatorRegistry();
  AggregatorRegistry.setRegistries([registry]);
}

let nextId = 1;
const pending = new Map<number, { resolve: (text: string) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }>();
let listening = false;

/** In a worker: the whole cluster's metrics, in Prometheus text format, from the primary. */
export function clusterMetricsFromPrimary(): Promise<string> {
  if (!listening) {
    listening = true;
    process.on('message', (message: Partial<MetricsResponse>) => {
      if (message?.type !== RESPONSE || typeof message.id !== 'number') return;
      const waiting = pending.get(message.id);
      if (!waiting) return;
      pending.delete(message.id);
      clearTimeout(waiting.timer);
      if (typeof message.text === 'string') waiting.resolve(message.text);
      else waiting.reject(new Error(message.error ?? 'no metrics from the primary'));
    });
  }
  return new Promise((resolve, reject) => {
    const id = nextId++;
    const timer = setTimeout(() => {
      pending.delete(id);
      reject(new Error('the primary process did not send the metrics in time'));
    }, TIMEOUT_MS);
    pending.set(id, { resolve, reject, timer });
    const request: MetricsRequest = { type: REQUEST, id };
    process.send!(request);
  });
}

/** In the primary: gather the workers' registries when one of them asks. */
export function serveClusterMetrics(): void {
  const aggregator = new AggregatorRegistry();
  cluster.on('message', (worker: Worker, message: Partial<MetricsRequest>) => {
    if (message?.type !== REQUEST || typeof message.id !== 'number') return;
    const id = message.id;
    aggregator.clusterMetrics().then(
      (text) => reply(worker, { type: RESPONSE, id, text }),
      (error: unknown) => reply(worker, { type: RESPONSE, id, error: error instanceof Error ? error.message : String(error) }),
    );
  });
}

function reply(worker: Worker, message: MetricsResponse): void {
  if (worker.isConnected()) worker.send(message);
}
