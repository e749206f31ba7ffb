/**
 * Sorting one person's services into what the social worker must read differently:
 * involved, possible match only, not found, not checked, not shown.
 *
 * "Not checked" is never folded into "not found": a social worker who reads "no records" stops looking.
 */
import type { InvolvementRecord, PersonResult, ServiceResult } from '../../server/src/api/contract.js';
import { fullName, listOf } from './format.js';

export interface ServiceGroups {
  /** At least one confirmed or likely record. */
  involved: ServiceResult[];
  /** Records found, but every one is a possible match. */
  possible: ServiceResult[];
  noRecords: ServiceResult[];
  notChecked: ServiceResult[];
  notApplicable: ServiceResult[];
}

export function isPossible(record: InvolvementRecord): boolean {
  return record.match.band === 'possible';
}

export function groupServices(services: readonly ServiceResult[]): ServiceGroups {
  const groups: ServiceGroups = { involved: [], possible: [], noRecords: [], notChecked: [], notApplicable: [] };
  for (const service of services) {
    switch (service.status) {
      case 'involved':
        if (service.records.length > 0 && service.records.every(isPossible)) groups.possible.push(service);
        else groups.involved.push(service);
        break;
      case 'no-records':
        groups.noRecords.push(service);
        break;
      case 'not-applicable':
        groups.notApplicable.push(service);
        break;
      default:
        // 'not-checked', and any status this widget does not know yet: never read as "nothing found".
        groups.notChecked.push(service);
    }
  }
  return groups;
}

const labels = (services: readonly ServiceResult[]) => listOf(services.map((s) => s.label));

export interface OverviewPart {
  /** "Involved:", "Possible match:", "Not found in:", "Not checked:", "Not shown:". */
  label: string;
  services: string;
  kind: keyof ServiceGroups;
}

/** The overview's parts, in the order a social worker reads them. */
export function overviewParts(groups: ServiceGroups): OverviewPart[] {
  const order: Array<[keyof ServiceGroups, string]> = [
    ['involved', 'Involved:'],
    ['possible', 'Possible match:'],
    ['noRecords', 'Not found in:'],
    ['notChecked', 'Not checked:'],
    ['notApplicable', 'Not shown:'],
  ];
  return order
    .filter(([kind]) => groups[kind].length > 0)
    .map(([kind, label]) => ({ kind, label, services: labels(groups[kind]) }));
}

/** "Involved: Adult Social Care, Police · Not found in: Housing · Not checked: School · Not shown: …". */
export function overviewLine(groups: ServiceGroups): string {
  return overviewParts(groups).map((p) => `${p.label} ${p.services}`).join(' · ') || NO_SERVICES;
}

export const NO_SERVICES = 'No services answered';

/** For the live region: "Results for Jane Smith: involved with Police; not found in Housing; not checked: School". */
export function announcement(result: PersonResult, name = fullName(result.person)): string {
  const groups = groupServices(result.services);
  const parts: string[] = [];
  if (groups.involved.length) parts.push(`involved with ${labels(groups.involved)}`);
  if (groups.possible.length) parts.push(`possible match in ${labels(groups.possible)}`);
  if (groups.noRecords.length) parts.push(`not found in ${labels(groups.noRecords)}`);
  if (groups.notChecked.length) parts.push(`not checked: ${labels(groups.notChecked)}`);
  if (groups.notApplicable.length) parts.push(`not shown: ${labels(groups.notApplicable)}`);
  return `Results for ${name}: ${parts.join('; ') || 'no services answered'}.`;
}
