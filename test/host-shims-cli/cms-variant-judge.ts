/**
 * Judges what the browser sent to POST /api/v1/involvements after "Check all" (and what the panel lists) against a
 * CMS variant page's expected.json: the child, strangers (a previous child's family, professionals, the deceased,
 * anyone not on the page), and how each readable family member was read. Pure: no browser, no server.
 */
import type { ExpectedPerson, ExpectedState } from './cms-variant-pages.js';

export interface SentCheck {
  /** False when there was no enabled "Check all" to press. */
  pressed: boolean;
  /** Every request body sent after the press. */
  bodies: unknown[];
}

export interface Judgement {
  childProblems: string[];
  strangerProblems: string[];
  readProblems: string[];
  problems: string[];
  /** Family members that should have been sent and were not. */
  missing: number;
  sentSummary: unknown;
}

interface SentPerson {
  cmsId?: string;
  firstName?: string;
  lastName?: string;
  dateOfBirth?: string;
  previousLastNames?: string[];
  relationship?: string;
}

/** Names compared as a person would: letter case, spacing, curly apostrophes and Unicode forms do not count. */
export function sameName(a: string | undefined, b: string | undefined): boolean {
  const n = (s: string | undefined) =>
    (s ?? '')
      .normalize('NFC')
      .replace(/[\u2018\u2019\u02bc]/g, "'")
      .replace(/\s+/g, ' ')
      .trim()
      .toLowerCase();
  return n(a) === n(b);
}

const fullName = (p: { firstName?: string; lastName?: string }) => `${p.firstName ?? '?'} ${p.lastName ?? '?'}`;

/** Offered to the social worker: family, alive, relationship current. */
export function offered(p: ExpectedPerson): boolean {
  return !p.professional && !p.deceased;
}

function findExpected(sent: SentPerson, people: readonly ExpectedPerson[]): ExpectedPerson | undefined {
  if (sent.cmsId) {
    const byId = people.find((p) => p.cmsId !== null && p.cmsId === sent.cmsId);
    if (byId) return byId;
  }
  return (
    people.find((p) => sameName(p.firstName, sent.firstName) && sameName(p.lastName, sent.lastName)) ??
    people.find(
      (p) =>
        p.dateOfBirth !== null && p.dateOfBirth === sent.dateOfBirth && sameName(p.relationship, sent.relationship),
    )
  );
}

function findSent(expected: ExpectedPerson, sent: readonly SentPerson[]): SentPerson | undefined {
  return (
    (expected.cmsId ? sent.find((s) => s.cmsId === expected.cmsId) : undefined) ??
    sent.find((s) => sameName(s.firstName, expected.firstName) && sameName(s.lastName, expected.lastName)) ??
    (expected.dateOfBirth
      ? sent.find((s) => s.dateOfBirth === expected.dateOfBirth && sameName(s.relationship, expected.relationship))
      : undefined)
  );
}

/** The panel's words for people it could not read or a list it could not find. */
export function panelSaysUnreadable(text: string): boolean {
  return /could not be (read|found)|couldn't be (read|found)|could not (read|find)|cannot be read|not be read/i.test(
    text,
  );
}

export function judgeSend(
  check: SentCheck,
  expected: ExpectedState,
  previous: readonly ExpectedState[],
  view: { listed: string[] },
): Judgement {
  const childProblems: string[] = [];
  const strangerProblems: string[] = [];
  const readProblems: string[] = [];
  const family = expected.people.filter(offered);
  const bodies = check.bodies.filter(
    (b): b is { child?: SentPerson; people?: SentPerson[] } => typeof b === 'object' && b !== null,
  );
  if (check.bodies.length !== bodies.length) childProblems.push('a request body was not JSON');
  const c = expected.child;
  const isChild = (p: SentPerson) =>
    (p.cmsId !== undefined && p.cmsId === c.cmsId) ||
    (sameName(p.firstName, c.firstName) && sameName(p.lastName, c.lastName) && p.dateOfBirth === c.dateOfBirth);

  if (!check.pressed && family.length) childProblems.push('no enabled "Check all" to press, so nothing was sent');
  for (const body of bodies) {
    const child = body.child ?? {};
    if (!sameName(child.firstName, c.firstName) || !sameName(child.lastName, c.lastName)) {
      childProblems.push(`child sent as "${fullName(child)}", the page shows "${fullName(c)}"`);
    }
    if (child.dateOfBirth !== c.dateOfBirth) {
      childProblems.push(`child's date of birth sent as ${child.dateOfBirth}, the page shows ${c.dateOfBirth}`);
    }
    if (child.cmsId !== c.cmsId) childProblems.push(`child's CMS id sent as ${child.cmsId}, the page shows ${c.cmsId}`);
  }

  const sent = bodies.flatMap((b) => b.people ?? []).filter((p) => !isChild(p));
  const asSent = (p: ExpectedPerson): SentPerson => ({
    ...p,
    cmsId: p.cmsId ?? undefined,
    dateOfBirth: p.dateOfBirth ?? undefined,
  });
  // A previous child's family, less anyone who is family of this child too (a shared sibling).
  const previousPeople = previous.flatMap((s) => s.people).filter((p) => !findExpected(asSent(p), expected.people));
  for (const p of sent) {
    const match = findExpected(p, expected.people);
    if (match?.professional) strangerProblems.push(`professional sent: ${fullName(p)} (${match.relationship})`);
    else if (match?.deceased) strangerProblems.push(`person marked deceased or ended sent: ${fullName(p)}`);
    else if (!match) {
      const old = findExpected(p, previousPeople);
      strangerProblems.push(
        old
          ? `a previous child's family member sent: ${fullName(p)} (${old.relationship})`
          : `sent someone not in this child's family: ${fullName(p)}`,
      );
    }
  }
  for (const line of view.listed) {
    const old = previousPeople.find((p) => line.toLowerCase().startsWith(`${p.firstName} ${p.lastName}`.toLowerCase()));
    if (old) strangerProblems.push(`the panel offers a previous child's family member: "${line}"`);
  }

  let missing = 0;
  if (check.pressed && !bodies.length && family.length) {
    missing = family.length;
    readProblems.push('"Check all" was pressed but nothing reached POST /api/v1/involvements (signed out?)');
  } else if (check.pressed) {
    for (const want of family) {
      const got = findSent(want, sent);
      const who = `${fullName(want)} (${want.relationship})`;
      if (!got) {
        missing++;
        readProblems.push(`not sent: ${who}`);
        continue;
      }
      if (!sameName(got.firstName, want.firstName) || !sameName(got.lastName, want.lastName)) {
        readProblems.push(`${who} read as first "${got.firstName}", last "${got.lastName}"`);
      }
      if ((got.dateOfBirth ?? null) !== want.dateOfBirth) {
        const sentDob = got.dateOfBirth ?? 'none';
        readProblems.push(`${who}: date of birth sent ${sentDob}, page has ${want.dateOfBirth ?? 'none'}`);
      }
      if (want.cmsId !== null && got.cmsId !== want.cmsId) {
        readProblems.push(`${who}: CMS id sent ${got.cmsId ?? 'none'}, page has ${want.cmsId}`);
      }
      for (const former of want.formerSurnames ?? []) {
        if (!(got.previousLastNames ?? []).some((n) => sameName(n, former))) {
          readProblems.push(`${who}: former surname ${former} not sent`);
        }
      }
    }
  } else {
    missing = family.length;
    if (family.length) readProblems.push(`nothing sent: ${family.length} family member(s) on the page`);
  }
  const sentSummary = bodies.map((b) => ({
    child: b.child && fullName(b.child),
    people: (b.people ?? []).map(
      (p) => `${fullName(p)}|${p.dateOfBirth ?? '-'}|${p.cmsId ?? '-'}|${p.relationship ?? '-'}`,
    ),
  }));
  const problems = [...childProblems, ...strangerProblems, ...readProblems];
  return { childProblems, strangerProblems, readProblems, problems, missing, sentSummary };
}
