/**
 * Who may read /metrics: FC_METRICS (on|off), FC_METRICS_ALLOW (addresses and CIDR ranges, loopback by default)
 * and FC_METRICS_TOKEN (a bearer secret for a Prometheus outside the allow-list). Read by config.ts.
 */
import { isIP } from 'node:net';

export interface MetricsConfig {
  enabled: boolean;
  /** Addresses and CIDR ranges allowed to read /metrics. */
  allow: string[];
  /** A bearer secret that also allows reading /metrics (for a Prometheus outside the allow-list). */
  token?: string;
}

const DEFAULT_ALLOW = '127.0.0.1,::1';

/** Reads FC_METRICS, FC_METRICS_ALLOW and FC_METRICS_TOKEN; each problem says what to set instead. */
export function readMetricsConfig(env: NodeJS.ProcessEnv, problems: string[]): MetricsConfig {
  const mode = env.FC_METRICS ?? 'on';
  if (!['on', 'off'].includes(mode)) problems.push(`FC_METRICS is "${mode}": use on (serve /metrics to FC_METRICS_ALLOW) or off`);
  const allow = (env.FC_METRICS_ALLOW ?? DEFAULT_ALLOW).split(',').map((a) => a.trim()).filter(Boolean);
  for (const entry of allow) {
    if (!parseAllowEntry(entry)) {
      problems.push(`FC_METRICS_ALLOW has "${entry}": list IP addresses or CIDR ranges, e.g. 127.0.0.1,::1,10.20.0.0/16`);
    }
  }
  const token = env.FC_METRICS_TOKEN;
  if (token !== undefined && token.length < 32) {
    problems.push('FC_METRICS_TOKEN is shorter than 32 characters: use a long random secret (e.g. openssl rand -hex 32), or unset it');
  }
  return { enabled: mode === 'on', allow, ...(token ? { token } : {}) };
}

export function parseAllowEntry(entry: string): { address: string; prefix?: number; type: 'ipv4' | 'ipv6' } | undefined {
  const [address = '', prefixText, extra] = entry.split('/');
  const version = isIP(address);
  if (!version || extra !== undefined) return undefined;
  const type = version === 4 ? 'ipv4' : 'ipv6';
  if (prefixText === undefined) return { address, type };
  const prefix = Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > (version === 4 ? 32 : 128)) return undefined;
  return { address, prefix, type };
}

