/**
 * The generic shim's built-in configuration, for pages that carry the context themselves as JSON:
 * `<script type="application/json" id="family-context">{ "child": {...}, "people": [...] }</script>`
 * (format: host-shims/core/page-context.ts). Pages that carry it in data attributes use
 * DATA_ATTRIBUTES_CONFIG instead (`?config=` pointing at host-shims/configs/generic-data-attributes.json).
 */
import type { ShimConfig } from '../core/shim-config.js';

const FAMILY = [
  'Mother', 'Father', 'Step-mother', 'Step-father', "Mother's partner", "Father's partner",
  'Brother', 'Sister', 'Half-brother', 'Half-sister', 'Step-brother', 'Step-sister',
  'Maternal grandmother', 'Maternal grandfather', 'Paternal grandmother', 'Paternal grandfather',
  'Grandmother', 'Grandfather', 'Aunt', 'Uncle', 'Cousin', 'Carer', 'Foster carer', 'Special guardian',
];
const NOT_FAMILY = ['Allocated worker', 'GP', 'Health visitor', 'School nurse', 'Teacher', 'Social worker'];

export const DEFAULT_GENERIC_CONFIG: ShimConfig = {
  version: 1,
  host: 'generic',
  description: 'A page that carries the child and linked people as JSON in <script type="application/json" id="family-context">.',
  jsonScript: 'script#family-context[type="application/json"]',
  nameOrder: 'first-last',
  dateFormats: ['YYYY-MM-DD'],
  relationships: { family: FAMILY, notFamily: NOT_FAMILY },
  auth: { kind: 'demo' },
};

/**
 * Data attributes: `<div data-fc-child data-fc-id data-fc-first-name data-fc-last-name data-fc-dob (YYYY-MM-DD)
 * data-fc-gender data-fc-address data-fc-postcode>` and one `<li data-fc-person ... data-fc-relationship
 * data-fc-deceased="true" data-fc-relationship-end="YYYY-MM-DD">` per linked person.
 */
export const DATA_ATTRIBUTES_CONFIG: ShimConfig = {
  version: 1,
  host: 'generic',
  description: 'A page that carries the child and linked people in data-fc-* attributes.',
  child: {
    container: '[data-fc-child]',
    id: { selector: ':scope', attribute: 'data-fc-id' },
    firstName: { selector: ':scope', attribute: 'data-fc-first-name' },
    lastName: { selector: ':scope', attribute: 'data-fc-last-name' },
    dateOfBirth: { selector: ':scope', attribute: 'data-fc-dob' },
    gender: { selector: ':scope', attribute: 'data-fc-gender' },
    address: { selector: ':scope', attribute: 'data-fc-address' },
    postcode: { selector: ':scope', attribute: 'data-fc-postcode' },
  },
  people: {
    row: '[data-fc-person]',
    listWaitSeconds: 10,
    id: { selector: ':scope', attribute: 'data-fc-id' },
    firstName: { selector: ':scope', attribute: 'data-fc-first-name' },
    lastName: { selector: ':scope', attribute: 'data-fc-last-name' },
    relationship: { selector: ':scope', attribute: 'data-fc-relationship' },
    dateOfBirth: { selector: ':scope', attribute: 'data-fc-dob' },
    gender: { selector: ':scope', attribute: 'data-fc-gender' },
    address: { selector: ':scope', attribute: 'data-fc-address' },
    postcode: { selector: ':scope', attribute: 'data-fc-postcode' },
    deceased: { selector: ':scope', attribute: 'data-fc-deceased', values: ['true', 'yes'] },
    relationshipEnd: { selector: ':scope', attribute: 'data-fc-relationship-end' },
  },
  nameOrder: 'first-last',
  dateFormats: ['YYYY-MM-DD'],
  relationships: { family: FAMILY, notFamily: NOT_FAMILY },
  auth: { kind: 'demo' },
};
