/**
 * Structured logs (pino). Authorization headers, tokens and request bodies are never logged: request logs carry
 * the request id, method, route path (no query string), status and timing only.
 */
import { pino, type Logger } from 'pino';

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'family-context' },
    redact: { paths: ['req.headers.authorization', '*.authorization', '*.access_token', '*.token', 'token'], censor: '[redacted]' },
  });
}
export type { Logger };
