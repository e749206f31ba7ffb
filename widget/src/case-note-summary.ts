/**
 * "Copy summary for case notes": a short plain-text record of the check, ready to paste into the CMS case note.
 * A headline (when, by whom, how many people are known to a service), one line per person (each involvement with
 * its contact; possible matches said to be unconfirmed; what was not found), the services not shown by the
 * council's rules folded into one line, then what was NOT CHECKED and why, and the sources with their dates.
 *
 * Police information is third-party information a parent could obtain by subject access request: by default
 * only that the police are involved and whom to contact, with a caution; offence detail only when the council
 * chooses (`policeDetail: 'offences'`). Nothing not checked ever reads as "not found".
 */
import type {
  InvolvementRecord,
  PersonInput,
  PersonResult,
  ServiceResult,
  SourceInfo,
} from '../../server/src/api/contract.js';
import { formatAge, formatDate, formatDateTime, fullName } from './format.js';
import { basisInWords, detailLabel, formatDetail, listLimit, orderedDetails } from './labels.js';
import { groupServices, isPossible, notCheckedReason, type HiddenRecord } from './service-groups.js';

export interface SummaryEntry {
  person: PersonInput;
  result: PersonResult;
  /** ISO date-time of the server's answer. */
  checkedAt: string;
  /** Records the user marked "Not this person": left out, and said so. */
  hidden?: HiddenRecord;
}

/** How much police detail goes into a case note: 'involved' (default: involved, with contact) or 'offences'. */
export type PoliceDetail = 'involved' | 'offences';

export interface SummaryOptions {
  /** People the panel lists with no answer (never checked, or their check failed). */
  unchecked?: readonly PersonInput[];
  /** People on the page the panel could not read, so never listed or checked. */
  unreadable?: number;
  /** The host could not find the relationships list on the page: only the child was listed. */
  relationshipsNotFound?: boolean;
  /** Who ran the check, if known. */
  user?: string;
  /** The council's protective marking, first line ('' for none). */
  marking?: string;
  policeDetail?: PoliceDetail;
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

/**
 * Services whose records must never be called current or historic (`showsInvolvement: false` in the services file:
 * Police by default) hold third-party information: their detail goes into a case note only when the council chooses,
 * and never a field the services file marks `"summary": false`. No service is named here.
 */
const isThirdParty = (service: ServiceResult) => !service.showsInvolvement;

const who = (person: PersonInput) =>
  person.relationship ? `${fullName(person)} (${person.relationship})` : fullName(person);

/** "Police: involved, contact DC Sarah Whitfield, 0161 496 0731" / "School: current, Tame Valley Academy, ...". */
function involvementInWords(service: ServiceResult, record: InvolvementRecord, policeDetail: PoliceDetail): string {
  const parts: string[] = [];
  parts.push(service.showsInvolvement ? (record.involvement === 'current' ? 'current' : 'historic') : 'involved');
  const c = record.contact ?? {};
  const contact = [c.name || c.role, isThirdParty(service) ? undefined : record.organisation, c.phone || c.email]
    .filter(Boolean)
    .join(', ');
  if (contact) parts.push(`contact ${contact}`);
  if (record.endDate) parts.push(`ended ${formatDate(record.endDate)}`);
  if (isThirdParty(service) && policeDetail === 'offences') {
    for (const [key, value] of orderedDetails(record.details, service.fields, (f) => f.summary === false)) {
      const shown = formatDetail(value);
      const limit = listLimit(key, service.fields);
      const text = Array.isArray(shown) ? shown.slice(0, limit ?? shown.length).join('; ') : shown;
      if (text) parts.push(`${detailLabel(key, service.fields).toLowerCase()}: ${text}`);
    }
  }
  if (record.match?.disputed) parts.push('a colleague said this record is not this person');
  return `${service.label}: ${parts.join(', ')}`;
}

function personLine(entry: SummaryEntry, policeDetail: PoliceDetail): string {
  const { person, result, hidden } = entry;
  const groups = groupServices(result.services, hidden);
  const parts: string[] = [];
  for (const s of groups.involved) {
    for (const r of s.records.filter((r) => !isPossible(r))) parts.push(involvementInWords(s, r, policeDetail));
  }
  for (const s of [...groups.involved, ...groups.possible]) {
    for (const r of s.records.filter(isPossible)) {
      parts.push(
        `POSSIBLE MATCH, not confirmed (matched only on ${basisInWords(r.match?.basis ?? [])}): ${involvementInWords(s, r, policeDetail)}`,
      );
    }
  }
  if (groups.noRecords.length) parts.push(`not found in ${groups.noRecords.map((s) => s.label).join(', ')}`);
  if (groups.dismissed.length) {
    parts.push(`record marked "not this person" by the user: ${groups.dismissed.map((s) => s.label).join(', ')}`);
  }
  if (groups.notChecked.length)
    parts.push(`not checked: ${groups.notChecked.map((s) => s.label).join(', ')} (see below)`);
  if (parts.length === 0) parts.push('no service to check');
  return `- ${who(person)}: ${parts.join('; ')}.`;
}

/** The whole summary. */
export function caseNoteSummary(
  child: PersonInput,
  entries: readonly SummaryEntry[],
  options: SummaryOptions = {},
): string {
  const {
    unchecked = [],
    unreadable = 0,
    relationshipsNotFound = false,
    user,
    marking = '',
    policeDetail = 'involved',
  } = options;
  const latest = entries
    .map((e) => e.checkedAt)
    .filter(Boolean)
    .sort()
    .at(-1);
  const known = entries.filter((e) => {
    const g = groupServices(e.result.services, e.hidden);
    return g.involved.length > 0;
  }).length;
  const total = entries.length + unchecked.length;
  const when = latest ? `, ${formatDateTime(latest).replace(' at ', ' ')}` : '';
  const lines: string[] = [];
  if (marking.trim()) lines.push(marking.trim());
  lines.push(
    `Family Context check${when}${user ? `, by ${user}` : ''}: ${known} of ${total} ${total === 1 ? 'person' : 'people'} known to a service`,
    `Child: ${fullName(child)}${child.dateOfBirth ? `, born ${formatDate(child.dateOfBirth)}` : ''}${child.cmsId ? `, CMS id ${child.cmsId}` : ''}`,
    ...entries.map((e) => personLine(e, policeDetail)),
  );

  const notShown = entries.flatMap(({ person, result, hidden }) => {
    const services = groupServices(result.services, hidden).notApplicable;
    if (!services.length) return [];
    const age = formatAge(person.dateOfBirth);
    return [`${fullName(person)}${age ? ` (${age})` : ''}: ${services.map((s) => s.label).join(', ')}`];
  });
  if (notShown.length) lines.push(`Not shown by the council's rules (age): ${notShown.join('; ')}.`);

  const notChecked: string[] = [];
  for (const { person, result, hidden } of entries) {
    const services = groupServices(result.services, hidden).notChecked;
    if (!services.length) continue;
    const byReason = new Map<string, string[]>();
    for (const s of services) {
      const reason = notCheckedReason(s) ?? 'could not be searched';
      byReason.set(reason, [...(byReason.get(reason) ?? []), s.label]);
    }
    const text = [...byReason].map(([reason, labels]) => `${labels.join(', ')} (${reason})`).join('; ');
    notChecked.push(`- ${who(person)}: ${text}. There may be records: ask the service.`);
  }
  if (unchecked.length)
    notChecked.push(`- No answer for ${unchecked.map(who).join(', ')}, so nothing above is about them.`);
  if (relationshipsNotFound) {
    const name = fullName(child);
    notChecked.push(
      `- The relationships list for ${name} could not be found on this page, so only ${name} is listed. Check the case record for the family.`,
    );
  }
  if (unreadable > 0) {
    notChecked.push(
      `- ${unreadable === 1 ? '1 more person' : `${unreadable} more people`} linked to the child on the case record could not be read by the panel.`,
    );
  }
  if (notChecked.length) lines.push('NOT CHECKED:', ...notChecked);

  const thirdParty = new Set<string>();
  for (const { result, hidden } of entries) {
    const g = groupServices(result.services, hidden);
    for (const s of [...g.involved, ...g.possible]) if (isThirdParty(s)) thirdParty.add(s.label);
  }
  if (thirdParty.size) {
    const labels = [...thirdParty].join(' and ');
    lines.push(
      `${labels} information is third-party information shared for safeguarding: do not disclose it (including on a ` +
        `subject access request) without asking the ${labels.toLowerCase()} contact; ask them for any detail.`,
    );
  }
  const sources = new Map<string, string>();
  for (const { result } of entries) {
    for (const s of result.services) {
      if (!sources.has(s.label)) {
        const date = s.source.lastUpdated ? `updated ${formatDate(s.source.lastUpdated)}` : 'date not known';
        sources.set(s.label, `${s.label}: ${s.source.name}, ${date}${s.source.stale ? ', OUT OF DATE' : ''}`);
      }
    }
  }
  if (sources.size) lines.push(`Sources: ${[...sources.values()].join('; ')}.`);
  return lines.join('\n');
}
