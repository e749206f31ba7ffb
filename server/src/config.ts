/**
 * Configuration, read once from the environment, validated and frozen. Every problem is reported at start-up
 * with what to set instead; the server never starts half-configured.
 */
import { readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { builtInServices, DEMO_SERVICES_FILE, type AgeRule, type ServiceDefinition } from './services/catalogue.js';
import { readServicesFile, ServicesFileError } from './services/services-file.js';
import { parseDatabaseUrl, type DatabaseTarget } from './db/connect.js';
import { DEFAULT_THRESHOLDS, type MatchThresholds, type NameFrequencyUse } from './matching/score.js';
import { readMetricsConfig, type MetricsConfig } from './http/metrics-config.js';

export const DEMO_ISSUER = 'urn:family-context:demo-issuer';

const ASYMMETRIC_ALGORITHMS = [
  'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519',
] as const;

export interface AuthConfig {
  issuer: string;
  audience: string;
  /** Where the issuer's public keys are. `demo` means the in-process demo issuer. */
  keys: { kind: 'url'; url: URL } | { kind: 'file'; path: string; jwks: { keys: unknown[] } } | { kind: 'demo' };
  /** Role for lookups (social workers). */
  role: string;
  /** Role for audit export and spot checks (information governance); it gives no lookups. */
  auditorRole: string;
  algorithms: string[];
  clockToleranceSeconds: number;
  /** Tokens issued (iat) longer ago than this are refused, whatever their exp says. */
  maxTokenAgeSeconds: number;
  /** Least time between two JWKS fetches triggered by unknown kids (rate limit on refetch). */
  jwksCooldownSeconds: number;
}

export interface Config {
  port: number;
  host: string;
  demo: boolean;
  production: boolean;
  database: DatabaseTarget;
  auth: AuthConfig;
  allowedOrigins: string[];
  services: Array<ServiceDefinition & { ageRule: AgeRule }>;
  matchThresholds: MatchThresholds;
  logLevel: string;
  /** /metrics: FC_METRICS, FC_METRICS_ALLOW, FC_METRICS_TOKEN (see http/metrics.ts). */
  metrics: MetricsConfig;
  /** FC_BENCH_FLOOR=1 mounts POST /bench/floor for `npm run bench` (never in production). */
  benchFloor: boolean;
  /** Who may be looked up for a child: see involvements/link-policy.ts. `auto`: verify-or-reason when a CMS relationship feed is loaded, else trust-host. */
  linkPolicy: LinkPolicyName;
  /** Lookups per user per minute, across all replicas (counted in the audit log). */
  lookupsPerMinute: number;
  /** FC_UNLINKED_PER_HOUR: people not linked to the child a user may look up in an hour (counted in the audit log). */
  unlinkedPerHour: number;
  /** FC_FEEDBACK_WINDOW_DAYS: feedback is taken on a record the user was shown in a lookup this many days back at most. */
  feedbackWindowDays: number;
  /** FC_FEEDBACK_PER_HOUR: feedback posts per user per hour (counted in the audit log). */
  feedbackPerHour: number;
  /** FC_IG_ALERT_URL: where information-governance alerts are also POSTed (optional; http only on localhost). */
  igAlertUrl?: URL;
  /** Which feed relationships are professionals, not family (FC_PROFESSIONAL_RELATIONSHIPS, FC_LINK_PROFESSIONALS). */
  linkRules: LinkRules;
  /** A request not answered within this many milliseconds gets a 503. */
  requestTimeoutMs: number;
  /** Days audit events are kept before `family-context audit purge` may delete them. */
  auditRetentionDays: number;
  /** FC_AUDIT_CHECKPOINT_EVERY: a signed checkpoint of the chain's head to the logs every this many events a process appends (0: only at shutdown). */
  auditCheckpointEvery: number;
  /** FC_AUDIT_CHECKPOINT_KEY: the secret checkpoints are signed with (HMAC-SHA256); unsigned without it. */
  auditCheckpointKey?: string;
  /**
   * FC_WORKERS: server processes sharing the port (node:cluster), each with its own database connection; `auto`
   * is one per CPU. 1 (the default) runs a single process. The demo always runs one (its issuer's key lives in
   * the process).
   */
  workers: number;
  /** FC_SHIM_CONFIG_DIR: the council's host shim configs (<name>.json), served at /panel/shim-config/<name>.json. */
  shimConfigDir?: string;
}

export type LinkPolicyName = 'auto' | 'trust-host' | 'verify-or-reason' | 'verify-strict';

export interface LinkRules {
  /** Relationships (as the feed words them, compared case-insensitively) that are professionals, not family. */
  professionalRelationships: readonly string[];
  /** FC_LINK_PROFESSIONALS=1: a council's choice to let professionals linked to the child count as linked. */
  linkProfessionals: boolean;
}

/** The relationships the shipped host-shim configs leave out as not family, and a few more that CMSs use. */
export const DEFAULT_PROFESSIONAL_RELATIONSHIPS: readonly string[] = [
  'Allocated worker', 'Social worker', 'Key worker', 'Team manager', 'Family support worker', 'Personal adviser',
  'Independent reviewing officer', 'GP', 'General practitioner', 'Health visitor', 'School nurse', 'Midwife',
  'Teacher', 'Head teacher', 'Designated safeguarding lead', 'Solicitor', "Children's guardian", 'Police officer',
];
const LINK_POLICIES: readonly LinkPolicyName[] = ['auto', 'trust-host', 'verify-or-reason', 'verify-strict'];
/** How long audit events are kept (FC_AUDIT_RETENTION_DAYS; the audit CLI's purge takes the same): 7 years by default. */
export const AUDIT_RETENTION = { defaultDays: 2557, minDays: 30, maxDays: 36_500 } as const;
/** pino's levels (`silent` turns the logs off). */
const LOG_LEVELS: readonly string[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Family Context cannot start. Fix the configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const ageRuleSchema = z.strictObject({
  minAge: z.number().int().min(0).max(130).optional(),
  maxAge: z.number().int().min(0).max(130).optional(),
});

/** Reads and validates configuration from `env` (normally process.env). Throws ConfigError listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv): Readonly<Config> {
  const problems: string[] = [];
  const production = env.NODE_ENV === 'production';
  const demo = env.FC_DEMO === '1' || env.FC_DEMO === 'true';
  if (env.FC_DEMO && !['0', '1', 'true', 'false'].includes(env.FC_DEMO)) {
    problems.push(`FC_DEMO is "${env.FC_DEMO}": use 1 for the demo (local issuer, demo pages, synthetic data) or 0`);
  }
  if (demo && production) {
    problems.push('FC_DEMO=1 is refused when NODE_ENV=production: the demo issuer mints tokens for anyone. Unset FC_DEMO.');
  }

  const port = parseInteger(env.PORT ?? '8080', 'PORT', 0, 65535, problems);
  // Loopback unless told otherwise: the server is meant to sit behind a TLS reverse proxy on the same machine.
  const host = env.FC_HOST ?? '127.0.0.1';
  if (!host.trim()) problems.push('FC_HOST is empty: set the address to listen on (127.0.0.1 behind a reverse proxy on this host, the default; 0.0.0.0 for every interface), or unset it');
  const logLevel = env.FC_LOG_LEVEL ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`FC_LOG_LEVEL is "${logLevel}": use one of ${LOG_LEVELS.join(', ')}`);

  let database: DatabaseTarget = { kind: 'sqlite', location: '' };
  try {
    database = parseDatabaseUrl(env.FC_DB ?? 'sqlite:./data/family-context.db');
  } catch (error) {
    problems.push((error as Error).message);
  }

  const auth = readAuth(env, demo, problems);

  const allowedOrigins = (env.FC_ALLOWED_ORIGINS ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  const httpOrigins = env.FC_ALLOW_HTTP_ORIGINS === '1' || env.FC_ALLOW_HTTP_ORIGINS === 'true';
  for (const origin of allowedOrigins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) {
      problems.push(`FC_ALLOWED_ORIGINS has "${origin}": each origin is scheme and host only, e.g. https://mosaic.council.gov.uk`);
    } else if (origin.startsWith('http:') && !demo && !httpOrigins) {
      // A page served over http can be changed on the way: it must not be trusted with tokens and answers.
      problems.push(`FC_ALLOWED_ORIGINS has "${origin}", which is http: use the CMS's https address, or set FC_ALLOW_HTTP_ORIGINS=1 if you truly must (a test CMS on a closed network)`);
    }
  }

  const services = readServices(env, problems);
  const matchThresholds = readThresholds(env, problems);
  const shimConfigDir = env.FC_SHIM_CONFIG_DIR?.trim() || undefined;
  if (shimConfigDir && !isDirectory(shimConfigDir)) {
    problems.push(`FC_SHIM_CONFIG_DIR is "${shimConfigDir}", which is not a folder: set it to the folder holding your host shim configs (mosaic.json...)`);
  }
  const metrics = readMetricsConfig(env, problems);
  const benchFloor = env.FC_BENCH_FLOOR === '1';
  if (benchFloor && production) problems.push('FC_BENCH_FLOOR=1 is for benchmarks only and is refused when NODE_ENV=production. Unset it.');

  const linkPolicy = (env.FC_LINK_POLICY ?? 'auto') as LinkPolicyName;
  if (!LINK_POLICIES.includes(linkPolicy)) {
    problems.push(`FC_LINK_POLICY is "${env.FC_LINK_POLICY}": use trust-host, verify-or-reason, verify-strict, or auto (verify-or-reason once a CMS relationship feed is loaded)`);
  }
  const lookupsPerMinute = parseInteger(env.FC_RATE_LIMIT_PER_MINUTE ?? '60', 'FC_RATE_LIMIT_PER_MINUTE', 1, 100_000, problems);
  const unlinkedPerHour = parseInteger(env.FC_UNLINKED_PER_HOUR ?? '10', 'FC_UNLINKED_PER_HOUR', 0, 1000, problems, '(0: nobody not linked to the child can be looked up)');
  const igAlertUrl = readAlertUrl(env, problems);
  const feedbackWindowDays = parseInteger(env.FC_FEEDBACK_WINDOW_DAYS ?? '30', 'FC_FEEDBACK_WINDOW_DAYS', 1, 365, problems);
  const feedbackPerHour = parseInteger(env.FC_FEEDBACK_PER_HOUR ?? '30', 'FC_FEEDBACK_PER_HOUR', 1, 10_000, problems);
  const professionalRelationships = env.FC_PROFESSIONAL_RELATIONSHIPS === undefined
    ? DEFAULT_PROFESSIONAL_RELATIONSHIPS
    : env.FC_PROFESSIONAL_RELATIONSHIPS.split(',').map((r) => r.trim()).filter(Boolean);
  if (env.FC_LINK_PROFESSIONALS && !['0', '1', 'true', 'false'].includes(env.FC_LINK_PROFESSIONALS)) {
    problems.push(`FC_LINK_PROFESSIONALS is "${env.FC_LINK_PROFESSIONALS}": use 1 to let professionals linked to the child (a GP, an allocated worker) be looked up as family, or 0 (the default)`);
  }
  const linkRules: LinkRules = { professionalRelationships, linkProfessionals: env.FC_LINK_PROFESSIONALS === '1' || env.FC_LINK_PROFESSIONALS === 'true' };
  const requestTimeoutMs = parseInteger(env.FC_REQUEST_TIMEOUT_MS ?? '10000', 'FC_REQUEST_TIMEOUT_MS', 100, 120_000, problems);
  const auditCheckpointEvery = parseInteger(env.FC_AUDIT_CHECKPOINT_EVERY ?? '100', 'FC_AUDIT_CHECKPOINT_EVERY', 0, 1_000_000, problems, '(0: only at shutdown)');
  const auditCheckpointKey = env.FC_AUDIT_CHECKPOINT_KEY || undefined;
  if (auditCheckpointKey && auditCheckpointKey.length < 32) {
    problems.push('FC_AUDIT_CHECKPOINT_KEY is shorter than 32 characters: use a long random secret (e.g. openssl rand -hex 32), kept away from the database account, or unset it');
  }
  const auditRetentionDays = parseInteger(env.FC_AUDIT_RETENTION_DAYS ?? String(AUDIT_RETENTION.defaultDays), 'FC_AUDIT_RETENTION_DAYS', AUDIT_RETENTION.minDays, AUDIT_RETENTION.maxDays, problems);

  const workers =
    env.FC_WORKERS === 'auto' ? availableParallelism() : parseInteger(env.FC_WORKERS ?? '1', 'FC_WORKERS', 1, 64, problems, 'or auto (one per CPU)');
  if (demo && workers > 1) {
    problems.push(`FC_WORKERS is ${env.FC_WORKERS} with FC_DEMO=1: the demo runs one process (its token issuer's key lives there). Unset FC_WORKERS.`);
  }

  if (problems.length) throw new ConfigError(problems);
  return deepFreeze({
    port,
    host,
    demo,
    production,
    database,
    auth: auth!,
    allowedOrigins,
    services,
    matchThresholds,
    logLevel,
    metrics,
    benchFloor,
    linkPolicy,
    lookupsPerMinute,
    unlinkedPerHour,
    feedbackWindowDays,
    feedbackPerHour,
    ...(igAlertUrl ? { igAlertUrl } : {}),
    linkRules,
    requestTimeoutMs,
    auditRetentionDays,
    auditCheckpointEvery,
    ...(auditCheckpointKey ? { auditCheckpointKey } : {}),
    workers,
    ...(shimConfigDir ? { shimConfigDir } : {}),
  });
}

function readAuth(env: NodeJS.ProcessEnv, demo: boolean, problems: string[]): AuthConfig | undefined {
  const issuer = env.FC_AUTH_ISSUER ?? (demo ? DEMO_ISSUER : undefined);
  if (!issuer) {
    problems.push("FC_AUTH_ISSUER is not set: set it to your identity provider's issuer (the token's iss), or run with FC_DEMO=1");
  }
  let keys: AuthConfig['keys'] | undefined;
  if (env.FC_AUTH_JWKS_URL && env.FC_AUTH_JWKS_FILE) {
    problems.push('Set only one of FC_AUTH_JWKS_URL and FC_AUTH_JWKS_FILE');
  } else if (env.FC_AUTH_JWKS_URL) {
    try {
      const url = new URL(env.FC_AUTH_JWKS_URL);
      if (url.protocol !== 'https:' && !['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)) {
        problems.push('FC_AUTH_JWKS_URL must use https (http is only allowed on localhost)');
      }
      keys = { kind: 'url', url };
    } catch {
      problems.push(`FC_AUTH_JWKS_URL is "${env.FC_AUTH_JWKS_URL}", which is not a URL: set it to your identity provider's JWKS address`);
    }
  } else if (env.FC_AUTH_JWKS_FILE) {
    try {
      const jwks = JSON.parse(readFileSync(env.FC_AUTH_JWKS_FILE, 'utf8')) as { keys?: unknown };
      if (!Array.isArray(jwks.keys) || jwks.keys.length === 0) throw new Error('it has no "keys" array');
      keys = { kind: 'file', path: env.FC_AUTH_JWKS_FILE, jwks: { keys: jwks.keys } };
    } catch (error) {
      problems.push(`FC_AUTH_JWKS_FILE "${env.FC_AUTH_JWKS_FILE}" could not be read as a JWKS: ${(error as Error).message}`);
    }
  } else if (demo) {
    keys = { kind: 'demo' };
  } else {
    problems.push("FC_AUTH_JWKS_URL is not set: set it to your identity provider's JWKS address (or FC_AUTH_JWKS_FILE), or run with FC_DEMO=1");
  }

  const algorithms = (env.FC_AUTH_ALGORITHMS ?? 'RS256,PS256,ES256,EdDSA').split(',').map((a) => a.trim()).filter(Boolean);
  if (algorithms.length === 0) {
    problems.push(`FC_AUTH_ALGORITHMS is empty: every token would be refused. Name your identity provider's signing algorithms (${ASYMMETRIC_ALGORITHMS.join(', ')}), or unset it`);
  }
  for (const alg of algorithms) {
    if (!(ASYMMETRIC_ALGORITHMS as readonly string[]).includes(alg)) {
      problems.push(`FC_AUTH_ALGORITHMS has "${alg}": only asymmetric algorithms are allowed (${ASYMMETRIC_ALGORITHMS.join(', ')})`);
    }
  }
  const clockToleranceSeconds = parseInteger(env.FC_AUTH_CLOCK_TOLERANCE ?? '60', 'FC_AUTH_CLOCK_TOLERANCE', 0, 300, problems);
  const jwksCooldownSeconds = parseInteger(env.FC_AUTH_JWKS_COOLDOWN ?? '30', 'FC_AUTH_JWKS_COOLDOWN', 1, 3600, problems);
  const maxTokenAgeSeconds = parseInteger(env.FC_AUTH_MAX_TOKEN_AGE ?? '43200', 'FC_AUTH_MAX_TOKEN_AGE', 60, 7 * 86400, problems);
  const role = env.FC_AUTH_ROLE ?? 'FamilyContext.User';
  if (!role.trim()) problems.push('FC_AUTH_ROLE is empty: set it to the role your identity provider puts in the roles claim');
  const auditorRole = env.FC_AUTH_AUDITOR_ROLE ?? 'FamilyContext.Auditor';
  if (!auditorRole.trim() || auditorRole === role) {
    problems.push('FC_AUTH_AUDITOR_ROLE must be set and differ from FC_AUTH_ROLE: auditors read the audit log and do no lookups');
  }
  const audience = env.FC_AUTH_AUDIENCE ?? 'family-context';
  if (!audience.trim()) problems.push("FC_AUTH_AUDIENCE is empty: every token would be refused. Set it to the API's application ID URI or client id (the tokens' aud claim)");
  if (!issuer || !keys) return undefined;
  return {
    issuer,
    audience,
    keys,
    role,
    auditorRole,
    algorithms,
    clockToleranceSeconds,
    maxTokenAgeSeconds,
    jwksCooldownSeconds,
  };
}

/**
 * The enabled services with their age rules: the services file (FC_SERVICES_FILE; the demo council's in demo mode,
 * else the built-in four), narrowed by FC_SERVICES and with FC_AGE_RULES' overrides. Problems are added to
 * `problems`, each naming the file, service and field.
 */
export function readServices(env: NodeJS.ProcessEnv, problems: string[]): Config['services'] {
  const demo = env.FC_DEMO === '1' || env.FC_DEMO === 'true';
  const file = env.FC_SERVICES_FILE?.trim() || (demo ? DEMO_SERVICES_FILE : undefined);
  let defined: readonly ServiceDefinition[] = [];
  try {
    defined = file ? readServicesFile(file) : builtInServices();
  } catch (error) {
    if (!(error instanceof ServicesFileError)) throw error;
    problems.push(...error.problems.map((p) => `FC_SERVICES_FILE: ${p}`));
  }
  const known = new Map(defined.map((s) => [s.key, s]));
  let enabled = defined.map((s) => s.key as string);
  if (env.FC_SERVICES) {
    enabled = env.FC_SERVICES.split(',').map((s) => s.trim()).filter(Boolean);
    for (const key of enabled) {
      if (!known.has(key)) problems.push(`FC_SERVICES has "${key}": known services are ${[...known.keys()].join(', ')}`);
    }
    if (enabled.length === 0) problems.push('FC_SERVICES is empty: list at least one service');
  }
  let overrides: Record<string, AgeRule> = {};
  if (env.FC_AGE_RULES) {
    try {
      const parsed = z.record(z.string(), ageRuleSchema).safeParse(JSON.parse(env.FC_AGE_RULES));
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          problems.push(`FC_AGE_RULES at "${issue.path.join('.')}": ${issue.message} (example: {"police":{"minAge":18}})`);
        }
      } else {
        overrides = parsed.data;
        for (const key of Object.keys(overrides)) {
          if (!known.has(key)) problems.push(`FC_AGE_RULES names "${key}", which is not a service`);
        }
      }
    } catch {
      problems.push('FC_AGE_RULES is not valid JSON (example: {"police":{"minAge":18},"school":{"minAge":4,"maxAge":20}})');
    }
  }
  return enabled
    .filter((key) => known.has(key))
    .map((key) => {
      const definition = known.get(key)!;
      return { ...definition, ageRule: overrides[key] ?? definition.ageRule };
    });
}

/**
 * FC_MATCH_LIKELY, FC_MATCH_POSSIBLE and FC_MATCH_NAME_FREQUENCIES; mistakes are added to `problems`. The ingest
 * command reads them too, so the links it stores are scored as the server scores (score.ts scoringSignature).
 */
export function readThresholds(env: NodeJS.ProcessEnv, problems: string[]): MatchThresholds {
  const likely = env.FC_MATCH_LIKELY ? Number(env.FC_MATCH_LIKELY) : DEFAULT_THRESHOLDS.likely;
  const possible = env.FC_MATCH_POSSIBLE ? Number(env.FC_MATCH_POSSIBLE) : DEFAULT_THRESHOLDS.possible;
  if (!Number.isFinite(likely) || !Number.isFinite(possible) || possible > likely) {
    problems.push('FC_MATCH_LIKELY and FC_MATCH_POSSIBLE must be numbers with FC_MATCH_POSSIBLE <= FC_MATCH_LIKELY');
  }
  const nameFrequencies = (env.FC_MATCH_NAME_FREQUENCIES || DEFAULT_THRESHOLDS.nameFrequencies) as NameFrequencyUse;
  if (!['off', 'surname', 'all'].includes(nameFrequencies)) problems.push(`FC_MATCH_NAME_FREQUENCIES is "${nameFrequencies}": use off, surname or all`);
  return { likely, possible, nameFrequencies };
}

/** FC_IG_ALERT_URL: https, or http on this machine only (an alert names users and CMS ids). */
function readAlertUrl(env: NodeJS.ProcessEnv, problems: string[]): URL | undefined {
  const value = env.FC_IG_ALERT_URL?.trim();
  if (!value) return undefined;
  try {
    const url = new URL(value);
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname))) {
      problems.push('FC_IG_ALERT_URL must use https (http is only allowed on localhost)');
      return undefined;
    }
    return url;
  } catch {
    problems.push(`FC_IG_ALERT_URL is "${value}", which is not a URL: set it to the address your information-governance alerts should be POSTed to, or unset it`);
    return undefined;
  }
}

function parseInteger(value: string, name: string, min: number, max: number, problems: string[], orElse = ''): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    problems.push(`${name} is "${value}": use a whole number from ${min} to ${max}${orElse ? ` ${orElse}` : ''}`);
    return min;
  }
  return n;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !(value instanceof URL)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
