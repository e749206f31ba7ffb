/**
 * Turns one CSV row into a record of the common data model, or says exactly why it cannot: every problem names
 * the column, the value and the reason. Nothing is guessed: a date that does not fit the mapped format, or a code
 * the mapping does not list, rejects the row. A value that is merely unusable for matching (a postcode or NHS
 * number of the wrong shape) is left out of an otherwise good row, and reported as such.
 */
import type { Contact, DetailValue, Gender } from '../api/contract.js';
import { normalisePostcode } from '../matching/normalise.js';
import type { RelationshipRecordData, SourceRecordData } from '../sources/types.js';
import type { FieldReader, RecordsReader, ValidMapping } from './mapping.js';

export interface RowProblem {
  column: string;
  value: string;
  reason: string;
}

export interface MappedRow<T> {
  /** Present when the row is accepted. */
  record?: T;
  /** Why the row is rejected (empty when accepted). */
  problems: RowProblem[];
  /** Values left out of an accepted row. */
  warnings: RowProblem[];
}

/**
 * The header lacks columns the mapping reads, or has one twice. Names only column names the mapping reads (those
 * missing, twice, or found) and how many columns the first line has: never the first line's other cells, which
 * are data when the extract was exported without its header row (a person's name, date of birth, postcode...).
 */
export class HeaderError extends Error {
  constructor(
    readonly missing: string[],
    readonly duplicated: string[],
    /** Columns on the file's first line. */
    readonly columnCount: number,
    /** The column names the mapping reads that the first line has. */
    readonly found: string[],
  ) {
    const parts: string[] = [];
    if (missing.length) parts.push(`the mapping reads ${missing.length === 1 ? 'a column' : 'columns'} the file does not have: ${missing.map(quoted).join(', ')}`);
    if (duplicated.length) parts.push(`${duplicated.map(quoted).join(', ')} ${duplicated.length === 1 ? 'appears' : 'appear'} more than once in the header, so it is not clear which to read`);
    const columns = `${columnCount} column${columnCount === 1 ? '' : 's'}`;
    const others = columnCount - found.length;
    const firstLine = !missing.length
      ? 'Fix the column names in the mapping, or the extract.'
      : found.length
      ? `The file's first line (its header) has ${columns}; of the names the mapping reads it has ${found.map(quoted).join(', ')}` +
        `${others > 0 ? ` (the other ${others === 1 ? 'one is' : `${others} are`} not shown)` : ''}. Fix the column names in the mapping, or the extract.`
      : `The file's first line has ${columns}, and none of them is a column name the mapping reads: it does not look like a header row, ` +
        'so the extract may have been exported without its column names (the line is not shown: it may be a person\'s details). ' +
        'Export the extract with its header row, or fix the column names in the mapping.';
    super(`The extract's header does not fit the mapping (no rows were read, nothing was changed): ${parts.join('; ')}. ${firstLine}`);
    this.name = 'HeaderError';
  }
}

/** Every column name the mapping reads (fields, details, the as-of column): header names, never data. */
export function mappedColumns(mapping: ValidMapping): Set<string> {
  const wanted = new Set<string>(allReaders(mapping).flatMap((r) => r.columns));
  if (mapping.asOf) wanted.add(mapping.asOf.column);
  return wanted;
}

const OLDEST_AGE_YEARS = 130;

type Getter = (values: string[]) => string;

export class RowMapper<T extends SourceRecordData | RelationshipRecordData> {
  private readonly getters = new Map<FieldReader, Getter>();
  private readonly columnLabel = new Map<FieldReader, string>();
  private readonly asOfGetter?: Getter;
  /** The extract's as-of date: from --as-of, or the first row's as-of column. */
  asOf: string | undefined;
  /** Rows whose as-of column disagrees with the extract's as-of date. */
  asOfConflicts = 0;
  private readonly headerWidth: number;

  constructor(
    private readonly mapping: ValidMapping,
    header: string[],
    asOf: string | undefined,
  ) {
    this.asOf = asOf;
    this.headerWidth = header.length;
    const index = new Map<string, number>();
    const duplicated = new Set<string>();
    header.forEach((name, i) => {
      if (index.has(name)) duplicated.add(name);
      else index.set(name, i);
    });
    const readers = allReaders(mapping);
    const wanted = mappedColumns(mapping);
    const missing = [...wanted].filter((c) => !index.has(c));
    const ambiguous = [...wanted].filter((c) => duplicated.has(c));
    if (missing.length || ambiguous.length) {
      throw new HeaderError(missing, ambiguous, header.length, [...wanted].filter((c) => index.has(c)));
    }

    for (const reader of readers) {
      const positions = reader.columns.map((c) => index.get(c)!);
      this.columnLabel.set(reader, reader.columns.join(' + ') || `(${reader.key})`);
      if (positions.length === 1) {
        const p = positions[0]!;
        this.getters.set(reader, (values) => (values[p] ?? '').trim());
      } else if (positions.length > 1) {
        this.getters.set(reader, (values) =>
          positions
            .map((p) => (values[p] ?? '').trim())
            .filter(Boolean)
            .join(reader.separator),
        );
      }
    }
    if (mapping.asOf) {
      const p = index.get(mapping.asOf.column)!;
      this.asOfGetter = (values) => (values[p] ?? '').trim();
    }
  }

  map(values: string[]): MappedRow<T> {
    const problems: RowProblem[] = [];
    const warnings: RowProblem[] = [];
    if (values.length !== this.headerWidth) {
      problems.push({
        column: '(whole row)',
        value: values.join(this.mapping.csv.delimiter).slice(0, 200),
        reason: `the row has ${values.length} field${values.length === 1 ? '' : 's'} but the header has ${this.headerWidth}: a line break or delimiter inside an unquoted value, or a cut-off line`,
      });
      return { problems, warnings };
    }
    this.checkAsOf(values, problems);

    const out: Record<string, unknown> = {};
    for (const [name, reader] of this.mapping.fields) {
      if (reader.derive) continue;
      const value = this.read(reader, values, problems, warnings);
      if (value !== undefined) out[name] = value;
    }
    const involvement = this.mapping.fields.get('involvement');
    if (involvement?.derive) out.involvement = this.deriveInvolvement(out.endDate as string | undefined);

    this.checkDates(out, values, problems);

    if (this.mapping.relationshipFeed) {
      // Lists are read as ";"-joined text (read() returns one value per field).
      for (const list of ['previousLastNames', 'previousPostcodes']) if (typeof out[list] === 'string') out[list] = (out[list] as string).split(';');
      return problems.length ? { problems, warnings } : { record: out as unknown as T, problems, warnings };
    }

    const details: Record<string, DetailValue> = {};
    for (const [name, reader] of this.mapping.details) {
      const value = 'slots' in reader ? this.readRecords(reader, values, problems) : this.read(reader, values, problems, warnings);
      if (value !== undefined) details[name] = value as DetailValue;
    }
    if (problems.length) return { problems, warnings };
    return { record: toSourceRecord(out, details) as T, problems, warnings };
  }

  /**
   * What can still be read of a rejected row to tell whom it may be about: surname, first name, date of birth and
   * postcode where each is readable on its own. Nothing from a row whose fields do not line up with the header.
   */
  identify(values: string[]): { firstName?: string; lastName?: string; dateOfBirth?: string; postcode?: string } {
    if (values.length !== this.headerWidth) return {};
    const out: { firstName?: string; lastName?: string; dateOfBirth?: string; postcode?: string } = {};
    for (const name of ['firstName', 'lastName', 'dateOfBirth', 'postcode'] as const) {
      const reader = this.mapping.fields.get(name);
      if (!reader || reader.derive) continue;
      const problems: RowProblem[] = [];
      const value = this.read(reader, values, problems, []);
      if (typeof value === 'string' && value && problems.length === 0) out[name] = value;
    }
    return out;
  }

  /** A field's value in the model's terms, or undefined when blank; adds a problem or warning when unusable. */
  private read(reader: FieldReader, values: string[], problems: RowProblem[], warnings: RowProblem[]): string | boolean | undefined {
    if (reader.constant !== undefined) return reader.constant;
    const raw = this.getters.get(reader)!(values);
    const column = this.columnLabel.get(reader)!;
    const { definition } = reader;
    if (raw === '' && !reader.values?.has('')) {
      if (reader.required && !definition.blankAllowed) problems.push({ column, value: raw, reason: `is blank, and every row needs ${fieldName(reader)}` });
      return undefined;
    }
    // A NUL is binary data in a text export (PostgreSQL refuses it outright, failing the whole load): the row, named.
    if (raw.includes('\u0000')) {
      problems.push({ column, value: raw.replaceAll('\u0000', ''), reason: 'holds a NUL character (binary data): check how the extract was exported' });
      return undefined;
    }
    // No closures in here: this runs for every field of every row.
    switch (definition.kind) {
      case 'text':
        if (definition.maxLength && raw.length > definition.maxLength) {
          problems.push({ column, value: raw, reason: `is longer than ${definition.maxLength} characters` });
          return undefined;
        }
        return raw;
      case 'date': {
        const iso = reader.format!.parse(raw);
        if (iso === undefined) problems.push({ column, value: raw, reason: `is not a date in the format ${reader.format!.source}` });
        return iso;
      }
      case 'vocabulary':
      case 'yes-no': {
        const code = raw.toLowerCase();
        if (reader.values) {
          const target = reader.values.get(code);
          if (target !== undefined) return target;
          problems.push({ column, value: raw, reason: `is not one of the codes the mapping lists for this column (${listCodes(reader)})` });
          return undefined;
        }
        for (const v of definition.vocabulary!) if (v.toLowerCase() === code) return v;
        problems.push({ column, value: raw, reason: `is not one of ${definition.vocabulary!.map(quoted).join(', ')}, and the mapping lists no codes for this column` });
        return undefined;
      }
      case 'postcode': {
        const postcode = normalisePostcode(raw);
        if (!postcode) {
          warnings.push({ column, value: raw, reason: 'is not a UK postcode: the row was loaded without it, so it can only be matched on name and date of birth' });
          return undefined;
        }
        return postcode;
      }
      case 'nhs-number': {
        const digits = raw.replace(/[\s-]/g, '');
        if (!validNhsNumber(digits)) {
          warnings.push({ column, value: raw, reason: 'is not a valid NHS number (10 digits with a check digit): the row was loaded without it' });
          return undefined;
        }
        return digits;
      }
      case 'upn': {
        const upn = raw.toUpperCase();
        if (!/^[A-Z]\d{11}[0-9A-Z]$/.test(upn)) {
          warnings.push({ column, value: raw, reason: 'is not a unique pupil number (a letter, 11 digits, a digit or letter): the row was loaded without it' });
          return undefined;
        }
        return upn;
      }
      case 'name-list': {
        const names = raw.split(/[;|]/).map((n) => n.trim()).filter(Boolean);
        if (names.length > definition.maxItems! || names.some((n) => n.length > definition.maxLength!)) {
          problems.push({ column, value: raw, reason: `is not a list of at most ${definition.maxItems} surnames of at most ${definition.maxLength} characters each, separated by ";"` });
          return undefined;
        }
        return names.length ? names.join(';') : undefined;
      }
      case 'postcode-list': {
        const parts = raw.split(/[;|,]/).map((p) => p.trim()).filter(Boolean);
        if (parts.length > definition.maxItems!) {
          problems.push({ column, value: raw, reason: `lists ${parts.length} postcodes; at most ${definition.maxItems} are allowed, separated by ";"` });
          return undefined;
        }
        const postcodes = parts.map((p) => normalisePostcode(p));
        const bad = parts.filter((_, i) => !postcodes[i]);
        if (bad.length) {
          warnings.push({ column, value: raw, reason: `${bad.map(quoted).join(', ')} ${bad.length === 1 ? 'is not a UK postcode: it was' : 'are not UK postcodes: they were'} left out` });
        }
        const kept = postcodes.filter((p): p is string => Boolean(p));
        return kept.length ? kept.join(';') : undefined;
      }
      default:
        problems.push({ column, value: raw, reason: 'cannot be read for this field' });
        return undefined;
    }
  }

  /** A 'records' detail: each slot with any part filled is one record, and then needs every part; newest first. */
  private readRecords(reader: RecordsReader, values: string[], problems: RowProblem[]): Array<Record<string, string>> {
    const records: Array<Record<string, string>> = [];
    reader.slots.forEach((slot, i) => {
      const parts: Record<string, string> = {};
      const before = problems.length;
      const names = Object.keys(slot);
      const filled = names.filter((p) => slot[p]!.constant === undefined && this.getters.get(slot[p]!)!(values) !== '');
      if (filled.length === 0) return;
      for (const part of names) {
        const value = this.read(slot[part]!, values, problems, []);
        if (value === undefined && problems.length === before) {
          problems.push({ column: this.columnLabel.get(slot[part]!)!, value: '', reason: `record ${i + 1} of ${reader.key.replace(/^details\./, '')} has a ${filled.join(' and ')} but no ${part}` });
        }
        if (typeof value === 'string') parts[part] = value;
      }
      if (problems.length === before) records.push(parts);
    });
    const newest = (r: Record<string, string>) => r.date ?? '';
    return records.sort((a, b) => (newest(a) < newest(b) ? 1 : newest(a) > newest(b) ? -1 : 0));
  }

  private checkAsOf(values: string[], problems: RowProblem[]): void {
    if (!this.asOfGetter || !this.mapping.asOf) return;
    const raw = this.asOfGetter(values);
    const column = this.mapping.asOf.column;
    const iso = this.mapping.asOf.format.parse(raw);
    if (!iso) {
      problems.push({ column, value: raw, reason: `is not a date in the format ${this.mapping.asOf.format.source} (the date the extract is current as of)` });
      return;
    }
    if (this.asOf === undefined) this.asOf = iso;
    else if (iso !== this.asOf) {
      this.asOfConflicts++;
      problems.push({ column, value: raw, reason: `says the extract is current as of ${iso}, but it is current as of ${this.asOf} (earlier rows or --as-of)` });
    }
  }

  private checkDates(out: Record<string, unknown>, values: string[], problems: RowProblem[]): void {
    const dob = out.dateOfBirth as string | undefined;
    if (dob && this.asOf && dob > this.asOf) this.dateProblem('dateOfBirth', out, values, problems, `is after the date the extract is current as of (${this.asOf})`);
    if (dob && this.asOf && Number(this.asOf.slice(0, 4)) - Number(dob.slice(0, 4)) > OLDEST_AGE_YEARS) {
      this.dateProblem('dateOfBirth', out, values, problems, `is more than ${OLDEST_AGE_YEARS} years before the extract date: probably a placeholder such as 01/01/1800`);
    }
    const start = out.startDate as string | undefined;
    const end = out.endDate as string | undefined;
    if (start && end && end < start) this.dateProblem('endDate', out, values, problems, `is before the start date (${start})`);
  }

  private dateProblem(name: string, out: Record<string, unknown>, values: string[], problems: RowProblem[], reason: string): void {
    const reader = this.mapping.fields.get(name)!;
    const raw = this.getters.get(reader)?.(values) ?? String(out[name]);
    problems.push({ column: this.columnLabel.get(reader) ?? name, value: raw, reason });
  }

  private deriveInvolvement(endDate: string | undefined): 'current' | 'historic' {
    // No end date, or one still to come: current. Declared in the mapping ("derive": "from-end-date").
    if (!endDate) return 'current';
    return this.asOf && endDate >= this.asOf ? 'current' : 'historic';
  }
}

function allReaders(mapping: ValidMapping): FieldReader[] {
  const readers = [...mapping.fields.values()];
  for (const reader of mapping.details.values()) {
    if ('slots' in reader) for (const slot of reader.slots) readers.push(...Object.values(slot));
    else readers.push(reader);
  }
  return readers;
}

function quoted(v: string): string {
  return `"${v}"`;
}

function listCodes(reader: FieldReader): string {
  return (reader.codes ?? []).map(([k]) => quoted(k)).join(', ');
}

function fieldName(reader: FieldReader): string {
  return reader.key.split('.').pop() ?? reader.key;
}

function toSourceRecord(out: Record<string, unknown>, details: Record<string, DetailValue>): SourceRecordData {
  const contact: Contact = {};
  if (out.contactName) contact.name = out.contactName as string;
  if (out.contactRole) contact.role = out.contactRole as string;
  if (out.contactPhone) contact.phone = out.contactPhone as string;
  if (out.contactEmail) contact.email = out.contactEmail as string;
  const record: SourceRecordData = {
    sourcePersonId: out.sourcePersonId as string,
    firstName: (out.firstName as string | undefined) ?? '',
    lastName: out.lastName as string,
    involvement: out.involvement as 'current' | 'historic',
    details,
  };
  if (out.dateOfBirth !== undefined) record.dateOfBirth = out.dateOfBirth as string;
  if (out.gender !== undefined) record.gender = out.gender as Gender;
  if (out.address !== undefined) record.address = out.address as string;
  if (out.postcode !== undefined) record.postcode = out.postcode as string;
  if (out.nhsNumber !== undefined) record.nhsNumber = out.nhsNumber as string;
  if (out.upn !== undefined) record.upn = out.upn as string;
  if (out.cmsId !== undefined) record.cmsId = out.cmsId as string;
  if (out.organisation !== undefined) record.organisation = out.organisation as string;
  if (contact.name || contact.role || contact.phone || contact.email) record.contact = contact;
  if (out.startDate !== undefined) record.startDate = out.startDate as string;
  if (out.endDate !== undefined) record.endDate = out.endDate as string;
  if (out.lastContact !== undefined) record.lastContact = out.lastContact as string;
  return record;
}

/** NHS number: 10 digits, the last a modulus-11 check digit over the first nine. */
export function validNhsNumber(digits: string): boolean {
  if (!/^\d{10}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(digits[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === Number(digits[9]);
}
