/** shim-check's printed report: what the shim found on the saved page, and what IT should look at. */
import type { PersonInput } from '../../server/src/api/contract.js';
import type { PageReading, PersonReading } from '../core/read-context.js';

/** Names come from the page: control characters (terminal escapes) are shown as "?", never obeyed. */
export function plain(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '?');
}

function describe(person: PersonInput): string {
  const bits = [
    person.cmsId ? `id ${person.cmsId}` : 'no id',
    person.dateOfBirth ? `born ${person.dateOfBirth}` : 'NO DATE OF BIRTH',
    person.gender,
    person.postcode,
    person.previousLastNames?.length ? `formerly ${person.previousLastNames.join(', ')}` : undefined,
    person.previousPostcodes?.length ? `earlier ${person.previousPostcodes.join(', ')}` : undefined,
  ].filter(Boolean);
  return plain(bits.join(' · '));
}

function line(p: PersonReading): string {
  const name = p.person ? plain(`${p.person.firstName} ${p.person.lastName}`) : '(no name)';
  const relationship = plain(p.person?.relationship ?? '');
  return `  ${String(p.row).padStart(3)}  ${name.padEnd(28)} ${relationship.padEnd(24)} ${p.person ? describe(p.person) : ''}`.trimEnd();
}

export interface ReportHeader {
  host: string;
  configLabel: string;
  page: string;
}

export function formatReport(header: ReportHeader, reading: PageReading): string {
  const out: string[] = [];
  out.push(`Family Context shim-check · host ${header.host} · config ${plain(header.configLabel)} · page ${plain(header.page)}`, '');
  if (!reading.child) {
    out.push('Child: NOT FOUND. The panel would say "Open a child\'s record" on this page.');
  } else {
    out.push('Child');
    out.push(`       ${plain(`${reading.child.firstName} ${reading.child.lastName}`).padEnd(28)} ${''.padEnd(24)} ${describe(reading.child)}`);
    const offered = reading.people.filter((p) => p.outcome === 'offered');
    const left = reading.people.filter((p) => p.outcome !== 'offered');
    out.push('', `People offered to the social worker (${offered.length})`);
    out.push(...(offered.length ? offered.map(line) : ['  (none)']));
    if (left.length) {
      out.push('', `Left out (${left.length})`);
      out.push(...left.map((p) => `${line(p)}\n         → ${plain(p.reason ?? p.outcome)}`));
    }
  }
  if (reading.nameSplits?.length) {
    // Each whole name and how it was split: check the surnames with particles, suffixes and brackets.
    out.push('', `Names as read (${reading.nameSplits.length})`);
    out.push(...reading.nameSplits.map((split) => `  ${plain(split)}`));
  }
  out.push('', `Warnings (${reading.warnings.length})`);
  out.push(...(reading.warnings.length ? reading.warnings.map((w) => `  ! ${plain(w)}`) : ['  (none)']));
  const offeredCount = reading.people.filter((p) => p.outcome === 'offered').length;
  out.push(
    '',
    reading.child
      ? `Result: child found, ${offeredCount} ${offeredCount === 1 ? 'person' : 'people'} offered, ${reading.warnings.length} warning${reading.warnings.length === 1 ? '' : 's'}.`
      : 'Result: no child found. Check child.container (or jsonScript) against the saved page.',
  );
  return out.join('\n');
}
