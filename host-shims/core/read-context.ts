/**
 * Reads the child and the people linked to them from a CMS page with a shim config, and decides who is offered
 * to the social worker: family relationships only, nobody deceased, no ended relationship, nobody twice.
 * Everything it could not read becomes a warning that names the config key, for council IT (`shim-check`).
 */
import type { PersonInput } from '../../server/src/api/contract.js';
import { MAX_NAME_LENGTH, MAX_PREVIOUS_LAST_NAMES, MAX_PREVIOUS_POSTCODES } from '../../server/src/api/person-limits.js';
import { localToday, parseCmsDateAny } from './cms-dates.js';
import type { PanelContext } from './context.js';
import { validatePageContext, type PagePerson } from './page-context.js';
import { hasSteps, queryAll, queryOne } from './page-steps.js';
import { compilePatterns } from './text-patterns.js';
import { readWholeName, type NameReading } from './name-reader.js';
import { postcodeFrom, readField, readFieldDetail, readFieldList, readFlag, readGender } from './read-page.js';
import type { ChildSection, FieldSelector, PeopleSection, ShimConfig } from './shim-config.js';

/** What happened to one linked person on the page. */
export type Outcome =
  | 'offered'
  | 'not-family'
  | 'unknown-relationship'
  | 'deceased'
  | 'ended'
  | 'duplicate'
  | 'no-name'
  /** A heading or group row that `people.row` also matches: no name and no relationship cell at all. */
  | 'not-a-person'
  /** The page's JSON gives the person with a field they cannot be searched without (name, relationship) wrong. */
  | 'unreadable'
  | 'not-loaded';

export interface PersonReading {
  /** 1-based position among the rows (or the JSON `people` array). */
  row: number;
  person?: PersonInput;
  outcome: Outcome;
  /** Why, in plain words ("GP is not a family relationship"). */
  reason?: string;
}

/**
 * The relationships list as read (selector pages only): what the shim needs to tell a list that belongs to the
 * child on screen from one still showing the previous child's people (see list-freshness.ts).
 */
export interface ListReading {
  /** False when neither `people.row` nor `people.list` matched anything: the list is not on the page. */
  found: boolean;
  /** The people the rows hold, in a form that changes only when they do (not with row order or markup). */
  key: string;
  /** The page's owner marker (`people.ownerId`) names this child: the list is theirs, whatever came before. */
  confirmed: boolean;
}

export interface PageReading {
  child?: PersonInput;
  /** The relationships list, for selector pages (absent for JSON pages, which carry child and people together). */
  list?: ListReading;
  /** What the panel is given: undefined when there is no child on the page. The child is its first person. */
  context?: PanelContext;
  people: PersonReading[];
  warnings: string[];
  /** shim-check only: how each whole name on the page was split ("row 4: "…" → first "…" · surname "…""). */
  nameSplits?: string[];
}

export interface ReadOptions {
  /** YYYY-MM-DD; relationships ending after today are current. Default: today in local time. */
  today?: string;
  /**
   * Whether warnings may name people and quote what the page showed (names, CMS ids, unreadable dates). Only for
   * council IT's own `shim-check`; in the browser (default: false) warnings say "row 4" and never a person's details,
   * because tools on a CMS page may collect what the console shows.
   */
  personalDetails?: boolean;
}

/** Set for the length of one (synchronous) read: see ReadOptions.personalDetails. */
let personalDetails = false;
/** How each whole name was split, collected during one read for shim-check (personal details only). */
let splits: string[] = [];

function withPrivacy<T extends { nameSplits?: string[] }>(options: ReadOptions, read: () => T): T {
  personalDetails = options.personalDetails === true;
  splits = [];
  try {
    const result = read();
    if (personalDetails && splits.length) result.nameSplits = splits;
    return result;
  } finally {
    personalDetails = false;
    splits = [];
  }
}

/** " (Jordan Pryce)" for shim-check; nothing in the browser. */
function named(person: Pick<PersonInput, 'firstName' | 'lastName'>, extra?: string): string {
  return personalDetails ? ` (${nameOf(person)}${extra ? `, ${extra}` : ''})` : '';
}

/** What the page showed, quoted, for shim-check; "the value" in the browser. */
function shown(value: string): string {
  return personalDetails ? `"${value}"` : 'the value';
}

/** One person as read, before the family rules are applied. */
interface Candidate {
  row: number;
  person?: PersonInput;
  deceased: boolean;
  ended: boolean;
  /** Warnings that matter only if the person is offered (a missing or unreadable date of birth). */
  ifOffered?: string[];
  /** Why the person could not be read at all (JSON pages): they are left out with this reason. */
  unreadable?: string;
  /** No name and no relationship element in the row: a heading or group row, not a person. */
  notPerson?: boolean;
  /** The heading of the section the row is listed under (people.section), when configured and found. */
  section?: string;
}

export const CHILD_RELATIONSHIP = 'Child (this record)';

/** Left out because they could not be read or placed, not by the family rules: the panel counts them. */
const NOT_READ: ReadonlySet<Outcome> = new Set(['no-name', 'unreadable', 'unknown-relationship']);

export function readContext(doc: ParentNode, config: ShimConfig, options: ReadOptions = {}): PageReading {
  const today = options.today ?? localToday();
  const warnings: string[] = [];
  return withPrivacy(options, () => {
    const read = config.jsonScript
      ? readFromJsonScript(doc, config.jsonScript, today, warnings)
      : readFromSelectors(doc, config, today, warnings);
    return finish(read, config, warnings);
  });
}

function finish(read: RawRead, config: ShimConfig, warnings: string[]): PageReading {
  if (!read.child) return { people: [], warnings };
  const people = applyFamilyRules(read.child, read.candidates, config, warnings);
  if (read.notLoaded) {
    for (const p of people) if (p.outcome === 'offered') Object.assign(p, { outcome: 'not-loaded', reason: read.notLoaded });
  }
  const offered = people.filter((p) => p.outcome === 'offered').map((p) => p.person!);
  const childEntry: PersonInput = { ...read.child, relationship: read.child.relationship ?? CHILD_RELATIONSHIP };
  // Rows that belong to someone else (the page still changing) are not this child's people to count.
  const unreadable = read.notLoaded ? 0 : people.filter((p) => NOT_READ.has(p.outcome)).length;
  if (read.list && !read.list.found) {
    // Nothing to count or offer: the panel says the list could not be found, and lists only the child.
    const context: PanelContext = { child: read.child, people: [childEntry], relationships: 'not-found' };
    return { child: read.child, context, people, warnings, list: read.list };
  }
  const context: PanelContext = { child: read.child, people: [childEntry, ...offered], ...(unreadable ? { unreadable } : {}) };
  return { child: read.child, context, people, warnings, ...(read.list ? { list: read.list } : {}) };
}

/** What the panel is given while the list on the page may still be the previous child's: the child alone. */
export function childOnly(context: PanelContext, relationships: 'waiting' | 'not-found'): PanelContext {
  return { child: context.child, people: context.people.slice(0, 1), relationships };
}

// ---- selectors ------------------------------------------------------------------------------------------

interface RawRead {
  child?: PersonInput;
  candidates: Candidate[];
  /** Set when the relationships on the page belong to someone else (the page is still changing). */
  notLoaded?: string;
  list?: ListReading;
}

function readFromSelectors(doc: ParentNode, config: ShimConfig, today: string, warnings: string[]): RawRead {
  const childSection = config.child!;
  const peopleSection = config.people!;
  const container = queryOne(doc, childSection.container);
  if (!container) {
    warnings.push(`child.container: nothing found at "${childSection.container}" (no child record on this page)${reachHint(childSection.container)}`);
    return { candidates: [] };
  }
  const child = readPerson(container, childSection, config, 'child', 'the child', warnings, today);
  if (!child) {
    warnings.push(`child.${childSection.name ? 'name' : 'firstName/lastName'}: the child's name could not be read inside "${childSection.container}"`);
    return { candidates: [] };
  }
  if (!child.dateOfBirth && !warnings.some((w) => w.startsWith('child.dateOfBirth'))) {
    warnings.push(`child.dateOfBirth: no date of birth for the child at "${childSection.dateOfBirth.selector}"`);
  }

  const rows = queryAll(doc, peopleSection.row);
  const listFound = rows.length > 0 || (peopleSection.list !== undefined && queryOne(doc, peopleSection.list) !== null);
  if (rows.length === 0) {
    warnings.push(
      listFound
        ? `people.row: nothing found at "${peopleSection.row}" inside "${peopleSection.list}" (the child has no linked people listed)`
        : `people.row: nothing found at "${peopleSection.row}" (the relationships list could not be found; the panel says so)${reachHint(peopleSection.row)}`,
    );
  }
  const optionalFound = new Map<string, number>();
  const headings = peopleSection.section ? queryAll(doc, peopleSection.section.selector) : [];
  const candidates = rows.map((row, i): Candidate => {
    const number = i + 1;
    const ifOffered: string[] = [];
    const person = readPerson(row, peopleSection, config, 'people', `row ${number}`, ifOffered, today);
    for (const key of ['id', 'gender', 'address', 'postcode'] as const) {
      if (peopleSection[key] && readFieldDetail(row, peopleSection[key]).found) optionalFound.set(key, (optionalFound.get(key) ?? 0) + 1);
    }
    const label = person ? `row ${number}${named(person)}` : `row ${number}`;
    const notPerson = !person && !readFieldDetail(row, peopleSection.relationship).found;
    const section = sectionOf(row, headings);
    return {
      row: number,
      ...(section !== undefined ? { section } : {}),
      ...(notPerson ? { notPerson } : {}),
      ...(person ? { person } : {}),
      deceased: readFlag(row, peopleSection.deceased),
      ended: relationshipEnded(row, peopleSection.relationshipEnd, config, today, label, warnings),
      ifOffered,
    };
  });
  if (rows.length > 0) {
    // Not relationshipEnd: many CMSs show an end date only on relationships that have ended.
    for (const key of ['id', 'gender', 'address', 'postcode'] as const) {
      const field = peopleSection[key];
      if (field && !optionalFound.has(key)) warnings.push(`people.${key}.selector: nothing found at "${field.selector}" in any row`);
    }
  }

  let notLoaded: string | undefined;
  let confirmed = false;
  if (peopleSection.ownerId) {
    const owner = readField(doc, peopleSection.ownerId);
    confirmed = owner !== undefined && child.cmsId !== undefined && owner === child.cmsId;
    if (owner && child.cmsId && owner !== child.cmsId) {
      notLoaded = personalDetails
        ? `the relationships on the page belong to ${owner}, not to the child ${child.cmsId}`
        : "the relationships on the page belong to someone else, not to the child";
      warnings.push(`people.ownerId: ${notLoaded}; nobody is offered until the page shows the child's own relationships`);
    }
  }
  const list: ListReading = { found: listFound, key: listKey(candidates), confirmed };
  return { child, candidates, list, ...(notLoaded ? { notLoaded } : {}) };
}

/** The text of the last section heading before the row in the page (people.section), if any. */
function sectionOf(row: Element, headings: Element[]): string | undefined {
  let found: Element | undefined;
  for (const heading of headings) {
    if (heading === row || heading.contains(row)) continue;
    if (heading.compareDocumentPosition(row) & 4 /* Node.DOCUMENT_POSITION_FOLLOWING */) found = heading;
  }
  return found ? (found.textContent ?? '').replace(/\s+/g, ' ').trim() : undefined;
}

/** For a selector that goes into frames or shadow roots: what can make it match nothing. */
function reachHint(selector: string): string {
  return hasSteps(selector)
    ? '; each ">>>" step must reach a frame on the same origin as the page (and loaded) or an open shadow root'
    : '';
}

/** The people the rows hold, sorted: a list re-sorted or re-rendered with the same people has the same key. */
function listKey(candidates: Candidate[]): string {
  const entries = candidates.filter((c) => c.person).map((c) => JSON.stringify([c.person, c.deceased, c.ended]));
  return JSON.stringify(entries.sort());
}

function readPerson(
  container: ParentNode,
  fields: ChildSection | PeopleSection,
  config: ShimConfig,
  section: 'child' | 'people',
  label: string,
  warnings: string[],
  today: string,
): PersonInput | undefined {
  const { firstName, lastName, whole } = readName(container, fields, config);
  if (!firstName || !lastName) return undefined;
  const person: PersonInput = { firstName, lastName };
  const who = section === 'child' ? `the child${named(person)}` : `${label}${named(person)}`;
  if (whole) {
    if (personalDetails) splits.push(`${section === 'child' ? 'the child' : label}: ${describeSplit(whole.raw, whole.read)}`);
    for (const part of whole.read.dropped) {
      warnings.push(`${section}.name: ${who}: the bracketed part ${shown(part)} is not a former surname or a suffix; left out of the name`);
    }
  }
  const cmsId = readField(container, fields.id);
  if (cmsId) person.cmsId = cmsId;

  const dob = readFieldDetail(container, fields.dateOfBirth);
  const dateOfBirth = parseCmsDateAny(dob.value, config.dateFormats);
  if (dateOfBirth && dateOfBirth > today) {
    // An expected date of birth (an unborn sibling) or a typo: the service refuses a date not yet reached, which would
    // fail the whole family's check. Sent without it: the answer then says the person could not be searched reliably.
    warnings.push(`${section}.dateOfBirth: ${who}: ${shown(dob.value!)} is in the future; sent without a date of birth`);
  } else if (dateOfBirth) person.dateOfBirth = dateOfBirth;
  else if (dob.value) {
    warnings.push(`${section}.dateOfBirth: ${who}: ${shown(dob.value)} could not be read as ${config.dateFormats.join(' or ')}; sent without a date of birth`);
  } else if (section === 'people') {
    warnings.push(`${section}.dateOfBirth: ${who}: no date of birth${dob.found ? '' : ` (nothing at "${fields.dateOfBirth.selector}")`}`);
  }

  const genderText = readField(container, fields.gender);
  const gender = readGender(genderText);
  if (gender) person.gender = gender;
  const address = readField(container, fields.address);
  if (address) person.address = address;
  const postcode = readField(container, fields.postcode) ?? postcodeFrom(address);
  const tidyPostcode = postcode ? postcodeFrom(postcode) : undefined;
  if (tidyPostcode) person.postcode = tidyPostcode;
  readHistory(container, fields, person, section, who, warnings, whole?.read.previousLastNames ?? []);
  if ('relationship' in fields) {
    const relationship = readField(container, fields.relationship);
    if (relationship) person.relationship = relationship;
  }
  return person;
}

/**
 * Former surnames and earlier addresses, when the config says where the page shows them: each once, not the
 * current one again, at most as many as the service takes (the rest left out with a warning, as is an address
 * with no postcode at its end).
 */
function readHistory(
  container: ParentNode,
  fields: ChildSection | PeopleSection,
  person: PersonInput,
  section: string,
  who: string,
  warnings: string[],
  fromName: string[],
): void {
  const names: string[] = [];
  for (const name of [...fromName, ...readFieldList(container, fields.previousLastNames)]) {
    if (name.length > MAX_NAME_LENGTH) warnings.push(`${section}.previousLastNames: ${who}: a former surname of ${name.length} characters is not a name; left out`);
    else if (![person.lastName, ...names].some((known) => known.toLowerCase() === name.toLowerCase())) names.push(name);
  }
  const postcodes: string[] = [];
  for (const address of readFieldList(container, fields.previousAddresses)) {
    const postcode = postcodeFrom(address);
    if (!postcode) warnings.push(`${section}.previousAddresses: ${who}: no postcode at the end of an earlier address; left out`);
    else if (postcode !== person.postcode && !postcodes.includes(postcode)) postcodes.push(postcode);
  }
  if (names.length > MAX_PREVIOUS_LAST_NAMES) warnings.push(`${section}.previousLastNames: ${who}: ${names.length} former surnames; the first ${MAX_PREVIOUS_LAST_NAMES} are sent`);
  if (postcodes.length > MAX_PREVIOUS_POSTCODES) warnings.push(`${section}.previousAddresses: ${who}: ${postcodes.length} earlier addresses; the first ${MAX_PREVIOUS_POSTCODES} are sent`);
  if (names.length) person.previousLastNames = names.slice(0, MAX_PREVIOUS_LAST_NAMES);
  if (postcodes.length) person.previousPostcodes = postcodes.slice(0, MAX_PREVIOUS_POSTCODES);
}

function readName(
  container: ParentNode,
  fields: ChildSection | PeopleSection,
  config: ShimConfig,
): { firstName: string; lastName: string; whole?: { raw: string; read: NameReading } } {
  if (fields.firstName || fields.lastName) {
    const first = readField(container, fields.firstName) ?? '';
    const last = readField(container, fields.lastName) ?? '';
    if (first && last) return { firstName: first, lastName: last };
  }
  const name = readField(container, fields.name);
  if (!name) return { firstName: '', lastName: '' };
  const read = readWholeName(name, { order: config.nameOrder, ...config.names });
  return { firstName: read.firstName, lastName: read.lastName, whole: { raw: name, read } };
}

/** How a whole name was split, for shim-check: "Carol Pike (née Brennan)" → first "Carol", surname "Pike", … */
function describeSplit(raw: string, read: NameReading): string {
  const bits = [`first "${read.firstName}"`, `surname "${read.lastName}"`];
  if (read.previousLastNames.length) bits.push(`former surname ${read.previousLastNames.map((n) => `"${n}"`).join(', ')}`);
  if (read.setAside.length) bits.push(`set aside ${read.setAside.map((n) => `"${n}"`).join(', ')}`);
  if (read.dropped.length) bits.push(`dropped ${read.dropped.map((n) => `"${n}"`).join(', ')}`);
  return `"${raw}" → ${bits.join(' · ')}`;
}

/**
 * Ended when the end date is today or earlier. An end that is not a date ("Ongoing", "-") is read as not ended,
 * with a warning: a current parent must never silently disappear from the panel.
 */
function relationshipEnded(
  row: ParentNode,
  field: FieldSelector | undefined,
  config: ShimConfig,
  today: string,
  label: string,
  warnings: string[],
): boolean {
  const text = readField(row, field);
  if (!text) return false;
  const end = parseCmsDateAny(text, config.dateFormats);
  if (!end) {
    warnings.push(`people.relationshipEnd: ${label}: ${shown(text)} is not a date in ${config.dateFormats.join(' or ')}; treated as not ended`);
    return false;
  }
  return end <= today;
}

// ---- JSON script ----------------------------------------------------------------------------------------

function readFromJsonScript(doc: ParentNode, selector: string, today: string, warnings: string[]): RawRead {
  const element = queryOne(doc, selector);
  if (!element) {
    warnings.push(`jsonScript: nothing found at "${selector}" (no child record on this page)`);
    return { candidates: [] };
  }
  let json: unknown;
  try {
    json = JSON.parse(element.textContent ?? '');
  } catch (error) {
    // The parser's message quotes the text around the error: page data, so only for shim-check.
    warnings.push(`jsonScript: the element at "${selector}" does not hold valid JSON${personalDetails ? ` (${(error as Error).message})` : ''}`);
    return { candidates: [] };
  }
  return readFromJson(json, 'jsonScript', today, warnings);
}

/** The context as JSON (a page's JSON block, or an iframe message): validated, then the same rules apply. */
export function readContextJson(json: unknown, config: ShimConfig, options: ReadOptions & { label?: string } = {}): PageReading {
  const today = options.today ?? localToday();
  const warnings: string[] = [];
  return withPrivacy(options, () => finish(readFromJson(json, options.label ?? 'context', today, warnings), config, warnings));
}

function readFromJson(json: unknown, label: string, today: string, warnings: string[]): RawRead {
  const checked = validatePageContext(json);
  if (!checked.ok) {
    warnings.push(...checked.problems.map((p) => `${label}: ${p}`));
    return { candidates: [] };
  }
  warnings.push(...checked.problems.map((p) => `${label}: ${p}`));
  const { child, people } = checked.value;
  const { relationship: _ignored, ...childFields } = child;
  const childPerson = withoutEmpty(childFields);
  if (!childPerson.dateOfBirth && !checked.problems.some((p) => p.startsWith('child.dateOfBirth:'))) {
    warnings.push(`${label}: child.dateOfBirth: no date of birth for the child`);
  }
  const read = people.map((p, i): Candidate & { index: number } => {
    const person = personFromJson(p);
    const index = checked.indexes[i]!;
    // A date of birth already reported as wrong (and left out) is not reported a second time as missing.
    const reported = checked.problems.some((p) => p.startsWith(`people.${index}.dateOfBirth:`));
    const ifOffered = person.dateOfBirth || reported ? [] : [`${label}: people.${index}.dateOfBirth${named(person)}: no date of birth`];
    const ended = p.relationshipEnded === true || (typeof p.relationshipEnded === 'string' && p.relationshipEnded <= today);
    return { index, row: 0, person, deceased: p.deceased === true, ended, ifOffered };
  });
  const unreadable = checked.leftOut.map(({ index, problems }): Candidate & { index: number } => {
    warnings.push(`${label}: people.${index}: left out: ${problems.join('; ')}`);
    return { index, row: 0, deceased: false, ended: false, unreadable: problems.join('; ') };
  });
  const candidates = [...read, ...unreadable]
    .sort((a, b) => a.index - b.index)
    .map(({ index, ...candidate }) => ({ ...candidate, row: index + 1 }));
  return { child: childPerson, candidates };
}

function personFromJson(p: PagePerson): PersonInput {
  const { deceased: _d, relationshipEnded: _e, ...person } = p;
  return withoutEmpty(person);
}

/** The person without fields read as absent (a null or empty CMS id): nothing undefined is sent on. */
function withoutEmpty<T extends object>(person: T): T {
  return Object.fromEntries(Object.entries(person).filter(([, value]) => value !== undefined)) as T;
}

// ---- family rules ---------------------------------------------------------------------------------------

function applyFamilyRules(child: PersonInput, candidates: Candidate[], config: ShimConfig, warnings: string[]): PersonReading[] {
  const family = compilePatterns(config.relationships.family);
  const notFamily = compilePatterns(config.relationships.notFamily);
  const notFamilySection = compilePatterns(config.people?.section?.notFamily ?? []);
  // A wording listed exactly wins over a pattern in the other list; then "not family" patterns win.
  const isNotFamily = (r: string): boolean => notFamily.matchesExactly(r) || (!family.matchesExactly(r) && notFamily.matches(r));
  const seen = new Map<string, number>([[keyOf(child), 0]]);
  const where = config.people ? 'people.relationship' : 'people';

  const rowSelector = config.people?.row ?? '';
  return candidates.map(({ row, person, deceased, ended, ifOffered = [], unreadable, notPerson, section }): PersonReading => {
    if (unreadable) return { row, outcome: 'unreadable', reason: `the page's details cannot be used (${unreadable})` };
    if (notPerson) {
      warnings.push(
        `people.row: row ${row} has no name and no relationship: a heading or group row, not a person; left out. Make "${rowSelector}" match person rows only (e.g. add ":has(td:nth-child(3))" or a class the person rows have)`,
      );
      return { row, outcome: 'not-a-person', reason: 'a heading or group row (no name, no relationship)' };
    }
    if (!person) {
      warnings.push(`people.${config.people?.name ? 'name' : 'firstName/lastName'}: row ${row}: no name could be read; left out`);
      return { row, outcome: 'no-name', reason: 'no name could be read' };
    }
    const name = named(person);
    const relationship = person.relationship;
    if (!relationship) {
      warnings.push(`${where}: row ${row}${name}: no relationship could be read; left out`);
      return { row, person, outcome: 'unknown-relationship', reason: 'no relationship could be read' };
    }
    if (section !== undefined && notFamilySection.matches(section)) {
      return { row, person, outcome: 'not-family', reason: `listed under "${section}", not family` };
    }
    if (isNotFamily(relationship)) {
      return { row, person, outcome: 'not-family', reason: `"${relationship}" is not a family relationship` };
    }
    if (!family.matches(relationship)) {
      warnings.push(
        `${where}: row ${row}${name}: "${relationship}" is in neither relationships.family nor relationships.notFamily; left out (add it to one of them)`,
      );
      return { row, person, outcome: 'unknown-relationship', reason: `"${relationship}" is not in the relationship lists` };
    }
    if (deceased) return { row, person, outcome: 'deceased', reason: 'marked deceased' };
    if (ended) return { row, person, outcome: 'ended', reason: 'the relationship has ended' };
    const key = keyOf(person);
    const first = seen.get(key);
    if (first !== undefined) {
      const what = first === 0 ? 'is the child whose record this is' : `repeats row ${first}`;
      warnings.push(`people.row: row ${row}${named(person, person.cmsId)} ${what}; shown once`);
      return { row, person, outcome: 'duplicate', reason: first === 0 ? 'the child themself' : `listed twice (see row ${first})` };
    }
    seen.set(key, row);
    warnings.push(...ifOffered);
    return { row, person, outcome: 'offered' };
  });
}

function keyOf(person: PersonInput): string {
  if (person.cmsId) return `id:${person.cmsId.toLowerCase()}`;
  return `name:${person.firstName.toLowerCase()}|${person.lastName.toLowerCase()}|${person.dateOfBirth ?? ''}`;
}

export function nameOf(person: Pick<PersonInput, 'firstName' | 'lastName'>): string {
  return `${person.firstName} ${person.lastName}`;
}
