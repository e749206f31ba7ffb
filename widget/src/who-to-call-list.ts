/**
 * "Who to call, first": the family's answers read as a call list, for the block at the top of the panel.
 * Each involvement is one row (service · person (relationship) · lead practitioner · phone); then possible
 * matches; then, per person, what could not be checked and what was not found. People are ordered the same way
 * (`personRank`): involvements first, then possible matches, not checked, not found, and nothing to say last.
 *
 * Pure data: the element `who-to-call.ts` renders it.
 */
import type { InvolvementRecord, PersonInput, PersonResult, ServiceResult } from '../../server/src/api/contract.js';
import { fullName } from './format.js';
import { contactKind } from './labels.js';
import { groupServices, isPossible, itemsText, notCheckedReason, type HiddenRecord } from './service-groups.js';
import { DEFAULT_WORDING, type Wording } from './wording.js';

export interface CallRow {
  /** Unique in the list: the person's index, the service and the record. */
  key: string;
  index: number;
  service: string;
  person: string;
  relationship?: string;
  /** The lead practitioner: name (else role). */
  lead?: string;
  organisation?: string;
  phone?: string;
  historic: boolean;
  /** Others in the family the same practitioner works with for the same service (one call covers them all). */
  others?: Array<{ person: string; relationship?: string }>;
}

export interface PersonLine {
  index: number;
  person: string;
  relationship?: string;
  /** "School, Housing — no date of birth; Police". */
  text: string;
}

export interface CallList {
  involved: CallRow[];
  possible: CallRow[];
  notChecked: PersonLine[];
  notFound: PersonLine[];
}

export interface CheckedPerson {
  index: number;
  person: PersonInput;
  result: PersonResult;
  hidden?: HiddenRecord;
}

/** 0 involved, 1 possible match only, 2 something not checked, 3 not found, 4 nothing to say (not shown only). */
export function personRank(result: PersonResult | undefined, hidden?: HiddenRecord): number {
  if (!result) return 5;
  const groups = groupServices(result.services, hidden);
  if (groups.involved.length) return 0;
  if (groups.possible.length) return 1;
  if (groups.notChecked.length) return 2;
  if (groups.noRecords.length || groups.dismissed.length) return 3;
  return 4;
}

/** The phone to call: the contact's, else a phone detail of the record (a school's office number). */
function phoneOf(record: InvolvementRecord): string | undefined {
  if (record.contact?.phone) return record.contact.phone;
  const detail = Object.entries(record.details ?? {}).find(
    ([k, v]) => contactKind(k) === 'phone' && typeof v === 'string',
  );
  return detail?.[1] as string | undefined;
}

function row(index: number, person: PersonInput, service: ServiceResult, record: InvolvementRecord): CallRow {
  const c = record.contact ?? {};
  return {
    key: `${index}|${service.service}|${record.ref}`,
    index,
    service: service.label,
    person: fullName(person),
    ...(person.relationship ? { relationship: person.relationship } : {}),
    ...(c.name || c.role ? { lead: (c.name || c.role)! } : {}),
    ...(record.organisation ? { organisation: record.organisation } : {}),
    ...(phoneOf(record) ? { phone: phoneOf(record)! } : {}),
    historic: service.showsInvolvement && record.involvement === 'historic',
  };
}

/**
 * One row per practitioner: the same service, lead and phone for several people in the family (an Early Help key
 * worker for the whole household) is one call, listed once with everyone it covers, where the first of them stood.
 * Rows without a lead or a phone are never merged: nothing says they are the same person to call.
 */
function mergeSamePractitioner(rows: CallRow[]): CallRow[] {
  const merged: CallRow[] = [];
  const byCall = new Map<string, CallRow>();
  for (const r of rows) {
    const call = r.lead && r.phone ? [r.service, r.lead, r.phone, r.historic].join('|') : undefined;
    const first = call ? byCall.get(call) : undefined;
    if (!first) {
      merged.push(r);
      if (call) byCall.set(call, r);
      continue;
    }
    if (first.person === r.person && first.relationship === r.relationship) continue;
    const other = { person: r.person, ...(r.relationship ? { relationship: r.relationship } : {}) };
    first.others = [...(first.others ?? []), other];
  }
  return merged;
}

/** The call list for everyone checked, in the order given (the panel's people order). */
export function callList(checked: readonly CheckedPerson[], wording: Wording = DEFAULT_WORDING): CallList {
  const list: CallList = { involved: [], possible: [], notChecked: [], notFound: [] };
  for (const { index, person, result, hidden } of checked) {
    const groups = groupServices(result.services, hidden);
    for (const s of groups.involved) {
      for (const r of s.records.filter((r) => !isPossible(r))) list.involved.push(row(index, person, s, r));
    }
    for (const s of [...groups.involved, ...groups.possible]) {
      for (const r of s.records.filter(isPossible)) list.possible.push(row(index, person, s, r));
    }
    const who = {
      index,
      person: fullName(person),
      ...(person.relationship ? { relationship: person.relationship } : {}),
    };
    if (groups.notChecked.length) {
      const items = groups.notChecked.map((s) => {
        const note = notCheckedReason(s, wording);
        return note ? { label: s.label, note } : { label: s.label };
      });
      list.notChecked.push({ ...who, text: itemsText(items) });
    }
    if (groups.noRecords.length) {
      list.notFound.push({ ...who, text: itemsText(groups.noRecords.map((s) => ({ label: s.label }))) });
    }
  }
  list.involved = mergeSamePractitioner(list.involved);
  return list;
}
