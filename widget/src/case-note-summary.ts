/**
 * "Copy summary for case notes": a plain-text record of what was checked, for whom, when, and against which
 * sources (with their dates), ready to paste into the CMS case note. Every status is in words; nothing that was
 * not checked reads as "not found".
 */
import type { InvolvementRecord, PersonInput, PersonResult, ServiceResult, SourceInfo } from '../../server/src/api/contract.js';
import { formatAddress, formatDate, formatDateTime, fullName } from './format.js';
import { basisInWords, detailLabel, formatDetail, involvementLabel, LIST_LIMITS } from './labels.js';
import { groupServices, isPossible, type HiddenRecord } from './service-groups.js';

export interface SummaryEntry {
  person: PersonInput;
  result: PersonResult;
  /** ISO date-time of the server's answer. */
  checkedAt: string;
  /** Records the user marked "Not this person": left out, and said so. */
  hidden?: HiddenRecord;
}

function describePerson(person: PersonInput): string {
  const facts = [
    person.relationship,
    person.dateOfBirth ? `born ${formatDate(person.dateOfBirth)}` : 'date of birth not recorded',
    person.cmsId ? `CMS id ${person.cmsId}` : undefined,
    formatAddress(person) || undefined,
  ].filter(Boolean);
  return `${fullName(person)} (${facts.join(', ')})`;
}

export function sourceInWords(source: SourceInfo): string {
  const parts = [source.name];
  parts.push(source.lastUpdated ? `last updated on ${formatDate(source.lastUpdated)}` : 'last updated: not known');
  if (source.coverageFrom || source.coverageTo) {
    parts.push(
      `covers ${source.coverageFrom ? formatDate(source.coverageFrom) : 'its start'} to ${
        source.coverageTo ? formatDate(source.coverageTo) : 'its last update'
      }`,
    );
  }
  if (source.area) parts.push(`area: ${source.area}`);
  if (source.stale) parts.push('OUT OF DATE (older than its limit)');
  return parts.join(', ');
}

function recordInWords(service: ServiceResult, record: InvolvementRecord): string {
  const parts: string[] = [];
  if (service.showsInvolvement) parts.push(involvementLabel(record.involvement));
  if (record.organisation) parts.push(record.organisation);
  const c = record.contact ?? {};
  const contact = [c.name, c.role, c.phone, c.email].filter(Boolean).join(', ');
  if (contact) parts.push(`contact: ${contact}`);
  const dates = [
    record.startDate && `started ${formatDate(record.startDate)}`,
    record.endDate && `ended ${formatDate(record.endDate)}`,
    record.lastContact && `last contact ${formatDate(record.lastContact)}`,
  ].filter(Boolean);
  if (dates.length) parts.push(dates.join(', '));
  for (const [key, value] of Object.entries(record.details ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    let shown = formatDetail(value);
    if (key === 'nonSafeguardingRecords' && typeof value === 'boolean') {
      shown = value ? 'yes, non-safeguarding records exist' : 'none found';
    }
    if (Array.isArray(shown)) shown = shown.slice(0, LIST_LIMITS[key] ?? shown.length).join('; ') || 'none';
    parts.push(`${detailLabel(key)}: ${shown}`);
  }
  const band = record.match?.band === 'confirmed' ? 'Matched' : `${record.match?.band === 'likely' ? 'Likely' : 'Possible'} match`;
  parts.push(`${band} on ${basisInWords(record.match?.basis ?? [])}`);
  if (record.match?.disputed) parts.push('A colleague said this record is not this person');
  return parts.join('. ');
}

/**
 * The whole summary. `unchecked`: people the panel lists with no answer (never checked, or their check failed),
 * named so the note never reads as a check of the whole family when it was not.
 */
export function caseNoteSummary(
  child: PersonInput,
  entries: readonly SummaryEntry[],
  unchecked: readonly PersonInput[] = [],
  /** People on the page the panel could not read, so never listed or checked. */
  unreadable = 0,
  /** The host could not find the relationships list on the page: only the child was listed. */
  relationshipsNotFound = false,
): string {
  const lines: string[] = [`Family Context check for ${describePerson(child)}`];
  const sources = new Map<string, string>();
  for (const { person, result, checkedAt, hidden } of entries) {
    lines.push('', `${describePerson(person)}, checked ${formatDateTime(checkedAt)}`);
    const groups = groupServices(result.services, hidden);
    for (const service of result.services) sources.set(`${service.label}: ${sourceInWords(service.source)}`, '');
    for (const service of groups.involved) {
      for (const record of service.records.filter((r) => !isPossible(r))) {
        lines.push(`- ${service.label}: involved. ${recordInWords(service, record)}.`);
      }
    }
    for (const service of [...groups.involved, ...groups.possible]) {
      for (const record of service.records.filter(isPossible)) {
        lines.push(`- ${service.label}: POSSIBLE MATCH ONLY, not confirmed: check before relying on it. ${recordInWords(service, record)}.`);
      }
    }
    for (const service of groups.noRecords) lines.push(`- ${service.label}: not found. ${service.explanation}`);
    for (const service of groups.notChecked) {
      lines.push(`- ${service.label}: NOT CHECKED, there may be records. ${service.explanation}`);
    }
    for (const service of groups.dismissed) {
      lines.push(`- ${service.label}: the record found was marked "not this person" by the user.`);
    }
    for (const service of groups.notApplicable) lines.push(`- ${service.label}: not shown. ${service.explanation}`);
    const dismissedElsewhere = groups.involved.concat(groups.possible).reduce(
      (n, s) => n + (result.services.find((o) => o.service === s.service)?.records.length ?? 0) - s.records.length,
      0,
    );
    if (dismissedElsewhere > 0) {
      lines.push(`- ${dismissedElsewhere} more record(s) marked "not this person" by the user are left out.`);
    }
  }
  if (unchecked.length) {
    lines.push('', 'NOT CHECKED by Family Context (no answer for them, so nothing above is about them):', ...unchecked.map((p) => `- ${describePerson(p)}`));
  }
  if (relationshipsNotFound) {
    const name = fullName(child);
    lines.push('', `NOT CHECKED: The relationships list for ${name} could not be found on this page, so only ${name} is listed. Check the case record for the family.`);
  }
  if (unreadable > 0) {
    lines.push('', `NOT CHECKED by Family Context: ${unreadable === 1 ? '1 more person' : `${unreadable} more people`} linked to the child on the case record could not be read by the panel.`);
  }
  lines.push('', 'Sources', ...[...sources.keys()].map((s) => `- ${s}`));
  return lines.join('\n');
}
