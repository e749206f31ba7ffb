/**
 * The information governance spot-check report for a period: lookups with a written reason, lookups of people
 * not linked to the child, and users whose number of lookups stands out.
 */
import type { AuditEventRow } from '../db/schema.js';
import type { PolicyOutcome } from './repository.js';

export interface SpotCheckReport {
  period: { from?: string; to?: string };
  lookups: number;
  users: number;
  withReason: Array<{ id: number; occurredAt: string; user: string; childCmsId?: string; people: number; reason: string }>;
  notLinked: Array<{ id: number; occurredAt: string; user: string; childCmsId?: string; people: Array<{ cmsId?: string; name: string }>; reason: string | null }>;
  unusualVolumes: Array<{ user: string; lookups: number; distinctChildren: number; why: string }>;
}

/** A user stands out with more than this many times the median lookups per user, and at least `minimum`. */
const VOLUME_FACTOR = 3;
const VOLUME_MINIMUM = 20;

export function spotCheck(events: AuditEventRow[], period: { from?: string; to?: string }): SpotCheckReport {
  const lookups = events.filter((e) => e.kind === 'lookup');
  const perUser = new Map<string, { lookups: number; children: Set<string> }>();
  const withReason: SpotCheckReport['withReason'] = [];
  const notLinked: SpotCheckReport['notLinked'] = [];
  for (const e of lookups) {
    const child = parse<{ cmsId?: string }>(e.child) ?? {};
    const people = parse<Array<{ cmsId?: string; firstName: string; lastName: string }>>(e.people) ?? [];
    const u = perUser.get(e.user_sub) ?? { lookups: 0, children: new Set<string>() };
    u.lookups++;
    u.children.add(child.cmsId ?? '?');
    perUser.set(e.user_sub, u);
    if (e.reason) withReason.push({ id: e.id, occurredAt: e.occurred_at, user: e.user_sub, childCmsId: child.cmsId, people: people.length, reason: e.reason });
    const policy = parse<{ people: PolicyOutcome[] }>(e.policy);
    const unlinked = (policy?.people ?? []).filter((p) => p.linked === false).map((p) => people[Number(p.ref)]).filter(Boolean);
    if (unlinked.length) {
      notLinked.push({
        id: e.id,
        occurredAt: e.occurred_at,
        user: e.user_sub,
        childCmsId: child.cmsId,
        people: unlinked.map((p) => ({ cmsId: p!.cmsId, name: `${p!.firstName} ${p!.lastName}` })),
        reason: e.reason,
      });
    }
  }
  const counts = [...perUser.values()].map((u) => u.lookups).sort((a, b) => a - b);
  const median = counts.length ? counts[Math.floor((counts.length - 1) / 2)]! : 0;
  const unusualVolumes = [...perUser.entries()]
    .filter(([, u]) => u.lookups >= VOLUME_MINIMUM && u.lookups > VOLUME_FACTOR * median)
    .map(([user, u]) => ({
      user,
      lookups: u.lookups,
      distinctChildren: u.children.size,
      why: `${u.lookups} lookups: more than ${VOLUME_FACTOR} times the median of ${median} per user in this period`,
    }))
    .sort((a, b) => b.lookups - a.lookups);
  return { period, lookups: lookups.length, users: perUser.size, withReason, notLinked, unusualVolumes };
}

function parse<T>(json: string | null): T | undefined {
  if (!json) return undefined;
  try {
    return JSON.parse(json) as T;
  } catch {
    return undefined;
  }
}
