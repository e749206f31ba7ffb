/**
 * /metrics when the server runs as several processes (FC_WORKERS > 1): whichever worker answers the scrape asks
 * the primary, which gathers the registry of every worker that has said it is ready over the cluster's IPC
 * channel and sends back one text (prom-client's AggregatorRegistry.aggregate). Counters and histograms are summed
 * across workers; the source gauges, read from the shared database by each worker, are taken from the first.
 *
 * A worker still starting (a replacement after a crash) has counted nothing yet and is left out, rather than
 * making the scrape wait for it and fail; a worker that stops mid-scrape is left out too. A ready worker that
 * does not answer in time fails the scrape: a partial sum would read to Prometheus as a counter reset.
 */
import cluster, { type Worker } from 'node:cluster';
import { AggregatorRegistry, type MetricObjectWithValues, type MetricValue, type Registry } from 'prom-client';

const REQUEST = 'fc:metrics-request';
const RESPONSE = 'fc:metrics-response';
const READY = 'fc:metrics-ready';
const REGISTRY_REQUEST = 'fc:registry-request';
const REGISTRY_RESPONSE = 'fc:registry-response';
/** The worker waits this long for the primary; the primary waits less for the workers, so its error arrives. */
const TIMEOUT_MS = 5000;
const GATHER_TIMEOUT_MS = 4000;

type Metrics = MetricObjectWithValues<MetricValue<string>>[];

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
interface RegistryRequest {
  type: typeof REGISTRY_REQUEST;
  id: number;
}
interface RegistryResponse {
  type: typeof REGISTRY_RESPONSE;
  id: number;
  metrics?: Metrics;
  error?: string;
}

/** In a worker: answer the primary's requests for this worker's registry, and say it is ready to. */
export function shareRegistryWithPrimary(registry: Registry): void {
  process.on('message', (message: Partial<RegistryRequest>) => {
    if (message?.type !== REGISTRY_REQUEST || typeof message.id !== 'number') return;
    const id = message.id;
    registry.getMetricsAsJSON().then(
      (metrics) => send({ type: REGISTRY_RESPONSE, id, metrics: metrics as Metrics }),
      (error: unknown) => send({ type: REGISTRY_RESPONSE, id, error: error instanceof Error ? error.message : String(error) }),
    );
  });
  send({ type: READY });
}

function send(message: object): void {
  if (process.connected) process.send?.(message);
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

interface Gathering {
  answered(worker: Worker, response: RegistryResponse): void;
  gone(worker: Worker): void;
}

/** In the primary: gather the ready workers' registries when one of them asks. */
export function serveClusterMetrics(): void {
  const ready = new Set<Worker>();
  const gatherings = new Map<number, Gathering>();
  let nextGathering = 1;

  const gather = (): Promise<string> =>
    new Promise((resolve, reject) => {
      const id = nextGathering++;
      const workers = [...ready].filter((worker) => worker.isConnected());
      const waiting = new Set(workers.map((worker) => worker.id));
      const responses: Metrics[] = [];
      let settled = false;
      const settle = (error?: Error): void => {
        if (settled || (!error && waiting.size > 0)) return;
        settled = true;
        clearTimeout(timer);
        gatherings.delete(id);
        if (error) reject(error);
        else AggregatorRegistry.aggregate(responses).metrics().then(resolve, reject);
      };
      const timer = setTimeout(() => settle(new Error(`${waiting.size} worker process(es) did not send their metrics in time`)), GATHER_TIMEOUT_MS);
      gatherings.set(id, {
        answered(worker, response) {
          if (!waiting.delete(worker.id)) return;
          if (response.metrics) responses.push(response.metrics);
          else return settle(new Error(response.error ?? 'a worker sent no metrics'));
          settle();
        },
        gone(worker) {
          waiting.delete(worker.id);
          settle();
        },
      });
      for (const worker of workers) worker.send({ type: REGISTRY_REQUEST, id } satisfies RegistryRequest);
      settle();
    });

  cluster.on('message', (worker: Worker, message: Partial<MetricsRequest | RegistryResponse> | { type?: typeof READY }) => {
    if (message?.type === READY) ready.add(worker);
    else if (message?.type === REGISTRY_RESPONSE && typeof message.id === 'number') gatherings.get(message.id)?.answered(worker, message as RegistryResponse);
    else if (message?.type === REQUEST && typeof message.id === 'number') {
      const id = message.id;
      gather().then(
        (text) => reply(worker, { type: RESPONSE, id, text }),
        (error: unknown) => reply(worker, { type: RESPONSE, id, error: error instanceof Error ? error.message : String(error) }),
      );
    }
  });
  cluster.on('exit', (worker: Worker) => {
    ready.delete(worker);
    for (const gathering of gatherings.values()) gathering.gone(worker);
  });
}

function reply(worker: Worker, message: MetricsResponse): void {
  if (worker.isConnected()) worker.send(message);
}
