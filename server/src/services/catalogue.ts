/**
 * The services a council shows: the services file's entries (server/config/services.json by default, the
 * council's own with FC_SERVICES_FILE), with the age-rule helpers every part of the server shares.
 *
 * Nothing else in the server names a service: a council adds one with an entry in its services file and an extract
 * mapping (README: Add a service). The panel renders `details` from the labels sent with each answer.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DetailFieldInfo } from '../api/contract.js';
import { readServicesFile, type AgeRule, type ServiceDefinition } from './services-file.js';

export type { AgeRule, DetailField, ServiceDefinition } from './services-file.js';

/** The repository's root: the folder holding package.json, from the source tree or from the compiled dist/. */
function repositoryRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'server', 'config'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('server/config/services.json not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
  return dir;
}

/** The default services file: the four built-in services. */
export const DEFAULT_SERVICES_FILE = join(repositoryRoot(), 'server', 'config', 'services.json');
/** The demo council's services file: the four plus Early Help and Youth Justice, configured only by files. */
export const DEMO_SERVICES_FILE = join(repositoryRoot(), 'fixtures', 'services', 'demo-services.json');

let builtIn: readonly ServiceDefinition[] | undefined;
/** The entries of the default services file, read once. */
export function builtInServices(): readonly ServiceDefinition[] {
  builtIn ??= Object.freeze(readServicesFile(DEFAULT_SERVICES_FILE));
  return builtIn;
}

/** The age rule in words, for `not-applicable` explanations: "School is only shown for people aged 4 to 20." */
export function describeAgeRule(label: string, rule: AgeRule): string {
  const { minAge, maxAge } = rule;
  if (minAge !== undefined && maxAge !== undefined) {
    return `${label} is only shown for people aged ${minAge} to ${maxAge}.`;
  }
  if (minAge !== undefined) return `${label} is only shown for people aged ${minAge} or over.`;
  if (maxAge !== undefined) return `${label} is only shown for people aged ${maxAge} or under.`;
  return `${label} is shown for people of any age.`;
}

export function ageRuleApplies(rule: AgeRule, ageYears: number): boolean {
  if (rule.minAge !== undefined && ageYears < rule.minAge) return false;
  if (rule.maxAge !== undefined && ageYears > rule.maxAge) return false;
  return true;
}

const fieldInfos = new WeakMap<object, DetailFieldInfo[] | undefined>();
/** A service's detail fields as answers carry them (worked out once per service, not per answer). */
export function detailFieldInfo(service: Pick<ServiceDefinition, 'details'>): DetailFieldInfo[] | undefined {
  if (fieldInfos.has(service)) return fieldInfos.get(service);
  const infos = service.details.length
    ? service.details.map((field): DetailFieldInfo => ({
        key: field.key,
        label: field.label,
        type: field.type,
        ...(field.overview ? { overview: true as const } : {}),
        ...(field.summary === false ? { summary: false as const } : {}),
        ...(field.print === false ? { print: false as const } : {}),
        ...(field.type === 'records'
          ? { maxItems: field.maxItems, parts: field.fields.map(({ key, label }) => ({ key, label })) }
          : {}),
      }))
    : undefined;
  fieldInfos.set(service, infos);
  return infos;
}
