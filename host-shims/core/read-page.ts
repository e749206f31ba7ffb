/** Reading people from a CMS page with a selector config. Text only: markup in names is never interpreted. */
import type { Gender, PersonInput } from '../../server/src/api/contract.js';
import { parseCmsDate, type CmsDateFormat } from './cms-dates.js';

export interface FieldSelector {
  selector: string;
  attribute?: string;
}

export function readField(container: ParentNode, field: FieldSelector | undefined): string | undefined {
  if (!field) return undefined;
  const element = field.selector === ':scope' && container instanceof Element ? container : container.querySelector(field.selector);
  if (!element) return undefined;
  const raw = field.attribute ? element.getAttribute(field.attribute) : element.textContent;
  const text = (raw ?? '').replace(/\s+/g, ' ').trim();
  return text || undefined;
}

export function splitName(full: string, order: 'last-first' | 'first-last'): { firstName: string; lastName: string } {
  if (order === 'last-first' && full.includes(',')) {
    const [last, ...rest] = full.split(',');
    return { lastName: last!.trim(), firstName: rest.join(',').trim().split(' ')[0] ?? '' };
  }
  const parts = full.trim().split(' ');
  if (parts.length === 1) return { firstName: '', lastName: parts[0]! };
  return { firstName: parts[0]!, lastName: parts[parts.length - 1]! };
}

const POSTCODE = /([A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2})\s*$/i;

export function postcodeFrom(address: string | undefined): string | undefined {
  return address ? POSTCODE.exec(address)?.[1]?.toUpperCase() : undefined;
}

export function readGender(text: string | undefined): Gender | undefined {
  const value = text?.toLowerCase();
  if (!value) return undefined;
  if (value.startsWith('f')) return 'female';
  if (value.startsWith('m')) return 'male';
  if (value.startsWith('o')) return 'other';
  return 'unknown';
}

export interface PersonFields {
  id?: FieldSelector;
  /** The whole name, split by `nameOrder`; or give firstName and lastName when the page has them apart. */
  name?: FieldSelector;
  firstName?: FieldSelector;
  lastName?: FieldSelector;
  dateOfBirth: FieldSelector;
  gender?: FieldSelector;
  address?: FieldSelector;
  relationship?: FieldSelector;
}

/** Reads one person; undefined when there is no usable name. */
export function readPerson(
  container: ParentNode,
  fields: PersonFields,
  options: { nameOrder: 'last-first' | 'first-last'; dateFormat: CmsDateFormat },
): PersonInput | undefined {
  const { firstName, lastName } = readName(container, fields, options.nameOrder);
  if (!firstName || !lastName) return undefined;
  const address = readField(container, fields.address);
  const person: PersonInput = { firstName, lastName };
  const cmsId = readField(container, fields.id);
  if (cmsId) person.cmsId = cmsId;
  const dateOfBirth = parseCmsDate(readField(container, fields.dateOfBirth), options.dateFormat);
  if (dateOfBirth) person.dateOfBirth = dateOfBirth;
  const gender = readGender(readField(container, fields.gender));
  if (gender) person.gender = gender;
  if (address) person.address = address;
  const postcode = postcodeFrom(address);
  if (postcode) person.postcode = postcode;
  const relationship = readField(container, fields.relationship);
  if (relationship) person.relationship = relationship;
  return person;
}

function readName(container: ParentNode, fields: PersonFields, order: 'last-first' | 'first-last') {
  if (fields.firstName || fields.lastName) {
    return { firstName: readField(container, fields.firstName) ?? '', lastName: readField(container, fields.lastName) ?? '' };
  }
  const name = readField(container, fields.name);
  return name ? splitName(name, order) : { firstName: '', lastName: '' };
}
