/**
 * Sorting one person's services into what the social worker must read differently:
 * involved, possible match only, not found, not checked, not shown, and records the user said were not this
 * person.
 *
 * "Not checked" is never folded into "not found": a social worker who reads "no records" stops looking. A
 * service whose records were all marked "not this person" is not "not found" either: other records may exist
 * below the match threshold, so it is its own group.
 */
import type { InvolvementRecord, NotCheckedReason, PersonResult, ServiceResult } from '../../server/src/api/contract.js';
import { listOf } from './format.js';
import { DEFAULT_WORDING, fill, type Wording, type WordingKey } from './wording.js';

export interface ServiceGroups {
  /** At least one confirmed or likely record (records hidden by the user left out). */
  involved: ServiceResult[];
  /** Records found, but every one is a possible match. */
  possible: ServiceResult[];
  noRecords: ServiceResult[];
  notChecked: ServiceResult[];
  notApplicable: ServiceResult[];
  /** Involved, but the user said every record shown was not this person. */
  dismissed: ServiceResult[];
}

export function isPossible(record: InvolvementRecord): boolean {
  return record.match?.band === 'possible';
}

/** Whether the user has hidden this record ("Not this person"). */
export type HiddenRecord = (service: ServiceResult, record: InvolvementRecord) => boolean;

export function groupServices(services: readonly ServiceResult[], hidden: HiddenRecord = () => false): ServiceGroups {
  const groups: ServiceGroups = {
    involved: [],
    possible: [],
    noRecords: [],
    notChecked: [],
    notApplicable: [],
    dismissed: [],
  };
  for (const service of services) {
    switch (service.status) {
      case 'involved': {
        const records = service.records.filter((r) => !hidden(service, r));
        const shown = records.length === service.records.length ? service : { ...service, records };
        if (service.records.length > 0 && records.length === 0) groups.dismissed.push(shown);
        else if (records.length > 0 && records.every(isPossible)) groups.possible.push(shown);
        else groups.involved.push(shown);
        break;
      }
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

/** The words for each reason code the server gives with a `not-checked` answer. */
const REASON_WORDS: Record<NotCheckedReason, WordingKey> = {
  'no-data': 'reasonNoData',
  'search-failed': 'reasonSearchFailed',
  'out-of-date': 'outOfDate',
  'no-date-of-birth': 'reasonNoDateOfBirth',
  'unreadable-rows': 'reasonUnreadableRows',
  'address-unknown': 'reasonAddressUnknown',
  'outside-area': 'reasonOutsideArea',
};

/**
 * A few words on why a service was not checked, for the overview line ("School — source out of date"): from the
 * server's reason code, else from the source's own flags; none when it is not clear (the full explanation is
 * always in the section). Never read from the explanation's words, which a council may change.
 */
export function notCheckedReason(service: ServiceResult, wording: Wording = DEFAULT_WORDING): string | undefined {
  const key = service.notChecked ? REASON_WORDS[service.notChecked] : undefined;
  if (key) return wording[key];
  if (service.source?.stale) return wording.outOfDate;
  if (!service.source?.lastUpdated) return wording.reasonNoData;
  return undefined;
}

export type GroupKind = keyof ServiceGroups;

export interface OverviewItem {
  label: string;
  /** Words after the label: why not checked, or that the source is out of date. */
  note?: string;
}

export interface OverviewPart {
  kind: GroupKind;
  /** "Involved:", "Possible match:", "Not found in:", "Not checked:", "Not shown:", "Marked not this person:". */
  label: string;
  items: OverviewItem[];
}

const ORDER: ReadonlyArray<[GroupKind, keyof Wording]> = [
  ['involved', 'involved'],
  ['possible', 'possible'],
  ['noRecords', 'noRecords'],
  ['notChecked', 'notChecked'],
  ['dismissed', 'dismissed'],
  ['notApplicable', 'notApplicable'],
];

/** The overview's parts, in the order a social worker reads them; every out-of-date source is named. */
export function overviewParts(groups: ServiceGroups, wording: Wording = DEFAULT_WORDING): OverviewPart[] {
  return ORDER.filter(([kind]) => groups[kind].length > 0).map(([kind, key]) => ({
    kind,
    label: wording[key],
    items: groups[kind].map((service) => {
      const note =
        kind === 'notChecked'
          ? notCheckedReason(service, wording)
          : kind !== 'notApplicable' && service.source?.stale
            ? wording.outOfDate
            : undefined;
      return note ? { label: service.label, note } : { label: service.label };
    }),
  }));
}

/**
 * "School, Housing — no date of birth; Police": items that share a note are listed together, the note said once,
 * and groups are kept apart by semicolons so that a note is never read as applying to the group before it.
 */
export function itemsText(items: readonly OverviewItem[]): string {
  const byNote = new Map<string, string[]>();
  for (const item of items) byNote.set(item.note ?? '', [...(byNote.get(item.note ?? '') ?? []), item.label]);
  return [...byNote].map(([note, names]) => (note ? `${listOf(names)} — ${note}` : listOf(names))).join('; ');
}

/** "Involved: Adult Social Care, Police · Not found in: Housing · Not checked: School — source out of date". */
export function overviewLine(groups: ServiceGroups, wording: Wording = DEFAULT_WORDING): string {
  return (
    overviewParts(groups, wording)
      .map((p) => `${p.label} ${itemsText(p.items)}`)
      .join(' · ') || wording.noServices
  );
}

const labels = (services: readonly ServiceResult[]) => listOf(services.map((s) => s.label));

/** For the live region: "Results for Jane Smith: involved with Police; not found in Housing; not checked: School." */
export function announcement(result: PersonResult, name: string, wording: Wording = DEFAULT_WORDING): string {
  const groups = groupServices(result.services);
  const parts: string[] = [];
  if (groups.involved.length) parts.push(`involved with ${labels(groups.involved)}`);
  if (groups.possible.length) parts.push(`possible match in ${labels(groups.possible)}`);
  if (groups.noRecords.length) parts.push(`not found in ${labels(groups.noRecords)}`);
  if (groups.notChecked.length) parts.push(`not checked: ${labels(groups.notChecked)}`);
  if (groups.notApplicable.length) parts.push(`not shown: ${labels(groups.notApplicable)}`);
  return fill(wording.liveResults, { name, parts: parts.join('; ') || wording.noServices.toLowerCase() });
}
