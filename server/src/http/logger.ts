/**
 * Structured logs (pino). Authorization headers, tokens and request bodies are never logged: request logs carry
 * the request id, method, route path (no query string), status and timing only.
 */
import { pino, type DestinationStream, type Logger } from 'pino';

/** `destination` defaults to stdout; tests pass a stream to read what would be logged. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    // pid: which worker process (FC_WORKERS) wrote the line.
    base: { service: 'family-context', pid: process.pid },
    redact: { paths: ['req.headers.authorization', '*.authorization', '*.access_token', '*.token', 'token'], censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}
export type { Logger };
