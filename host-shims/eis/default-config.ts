/**
 * The EIS shim's built-in configuration: the demo child record page (fixtures/cms-pages/eis.html), where names
 * read "Surname, Forename" and dates of birth sit inside text ("DOB: 02/05/1993 (Age 31)").
 * Council IT start from host-shims/configs/eis.json (this, as JSON).
 */
import type { ShimConfig } from '../core/shim-config.js';

export const DEFAULT_EIS_CONFIG: ShimConfig = {
  version: 1,
  host: 'eis',
  description: 'EIS child record: the child in #cyp-record, linked people as contact cards under "Relationships".',
  child: {
    container: '#cyp-record',
    id: { selector: ':scope', attribute: 'data-eis-id' },
    name: { selector: '.cyp-name' },
    dateOfBirth: { selector: '.cyp-dob' },
    gender: { selector: '.cyp-gender' },
    address: { selector: '.cyp-address' },
  },
  people: {
    row: '#involved-people li.contact-card',
    list: '#involved-people',
    listWaitSeconds: 10,
    id: { selector: ':scope', attribute: 'data-eis-id' },
    name: { selector: '.contact-name' },
    relationship: { selector: '.contact-relationship' },
    dateOfBirth: { selector: '.contact-dob', match: '(\\d{1,2}/\\d{1,2}/\\d{4})' },
    gender: { selector: '.contact-gender' },
    address: { selector: '.contact-address' },
    previousLastNames: { selector: '.contact-previous-surname' },
    previousAddresses: { selector: '.contact-previous-address' },
    deceased: { selector: ':scope', attribute: 'data-deceased', values: ['Y', 'Yes'] },
    relationshipEnd: { selector: '.contact-end-date' },
  },
  nameOrder: 'last-first',
  dateFormats: ['DD/MM/YYYY'],
  relationships: {
    family: [
      'Mother', 'Father', 'Step-mother', 'Step-father', 'Partner of mother', 'Partner of father',
      'Brother', 'Sister', 'Half-brother', 'Half-sister', 'Step-brother', 'Step-sister',
      'Grandmother (maternal)', 'Grandfather (maternal)', 'Grandmother (paternal)', 'Grandfather (paternal)',
      'Aunt', 'Uncle', 'Cousin', 'Carer', 'Foster carer', 'Special guardian',
    ],
    notFamily: ['Key worker', 'GP', 'Health visitor', 'School nurse', 'Teacher', 'Social worker', 'Solicitor'],
  },
  auth: { kind: 'demo' },
};
