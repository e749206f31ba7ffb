/**
 * Reading values off a CMS page with the selectors of a shim config. Text only (`textContent` or an attribute):
 * markup in a name is never interpreted, so "<b>Zoë</b>" stays those nine characters.
 */
import type { Gender } from '../../server/src/api/contract.js';
import { readWholeName } from './name-reader.js';
import { compilePatterns } from './text-patterns.js';
import { queryAll, queryOne } from './page-steps.js';
import type { FieldSelector, FlagSelector } from './shim-config.js';

/** What a field read gave: `found` is false when no element matched the selector. */
export interface FieldReading {
  found: boolean;
  value?: string;
}

function select(container: ParentNode, selector: string): Element | null {
  return queryOne(container, selector);
}

function tidy(raw: string | null | undefined): string {
  return (raw ?? '').replace(/\s+/g, ' ').trim();
}

export function readFieldDetail(container: ParentNode, field: FieldSelector | undefined): FieldReading {
  if (!field) return { found: false };
  const element = select(container, field.selector);
  if (!element) return { found: false };
  const text = valueOf(element, field);
  return text ? { found: true, value: text } : { found: true };
}

/** Every value of a field shown once per item (earlier addresses, former names): one per matching element, empty ones left out. */
export function readFieldList(container: ParentNode, field: FieldSelector | undefined): string[] {
  if (!field) return [];
  const elements = queryAll(container, field.selector);
  return elements.map((element) => valueOf(element, field)).filter((text) => text !== '');
}

function valueOf(element: Element, field: FieldSelector): string {
  const text = tidy(field.attribute ? element.getAttribute(field.attribute) : element.textContent);
  if (!field.match || !text) return text;
  const match = new RegExp(field.match).exec(text);
  return tidy(match ? (match[1] ?? match[0]) : '');
}

export function readField(container: ParentNode, field: FieldSelector | undefined): string | undefined {
  return readFieldDetail(container, field).value;
}

export function readFlag(container: ParentNode, flag: FlagSelector | undefined): boolean {
  if (!flag) return false;
  const element = select(container, flag.selector);
  if (!element) return false;
  const text = tidy(flag.attribute ? element.getAttribute(flag.attribute) : element.textContent).toLowerCase();
  if (!text) return false;
  return flag.values ? compilePatterns(flag.values).matches(text) : true;
}

/** A whole name's first name and surname (see name-reader.ts for the rules). */
export function splitName(full: string, order: 'last-first' | 'first-last'): { firstName: string; lastName: string } {
  const { firstName, lastName } = readWholeName(full, { order });
  return { firstName, lastName };
}

const POSTCODE = /([A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2})\s*$/i;

export function postcodeFrom(address: string | undefined): string | undefined {
  const match = address ? POSTCODE.exec(address)?.[1] : undefined;
  if (!match) return undefined;
  const compact = match.replace(/\s+/g, '').toUpperCase();
  return `${compact.slice(0, -3)} ${compact.slice(-3)}`;
}

export function readGender(text: string | undefined): Gender | undefined {
  const value = text?.trim().toLowerCase();
  if (!value) return undefined;
  if (value === 'f' || value.startsWith('female') || value === 'woman' || value === 'girl') return 'female';
  if (value === 'm' || value.startsWith('male') || value === 'man' || value === 'boy') return 'male';
  if (value.startsWith('other') || value === 'o') return 'other';
  return 'unknown';
}
