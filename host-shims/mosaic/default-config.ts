/**
 * The Mosaic shim's built-in configuration: the demo "Person summary" page (fixtures/cms-pages/mosaic.html).
 * Council IT start from host-shims/configs/mosaic.json (this, as JSON) and adjust it to their Mosaic.
 */
import type { ShimConfig } from '../core/shim-config.js';

export const DEFAULT_MOSAIC_CONFIG: ShimConfig = {
  version: 1,
  host: 'mosaic',
  description: 'Mosaic "Person summary": the child at the top, the "Personal relationships" table below.',
  child: {
    container: '#person-summary',
    id: { selector: ':scope', attribute: 'data-person-id' },
    firstName: { selector: '.person-forename' },
    lastName: { selector: '.person-surname' },
    dateOfBirth: { selector: 'dd[data-field="dob"]' },
    gender: { selector: 'dd[data-field="gender"]' },
    address: { selector: 'dd[data-field="address"] .address-lines' },
    postcode: { selector: 'dd[data-field="address"] .postcode' },
  },
  people: {
    row: 'table#personal-relationships tbody tr[data-person-id]',
    list: 'table#personal-relationships',
    listWaitSeconds: 10,
    id: { selector: ':scope', attribute: 'data-person-id' },
    firstName: { selector: '.rel-forename' },
    lastName: { selector: '.rel-surname' },
    relationship: { selector: 'td.rel-relationship' },
    dateOfBirth: { selector: 'td.rel-dob' },
    gender: { selector: ':scope', attribute: 'data-gender' },
    address: { selector: 'td.rel-address .rel-address-lines' },
    postcode: { selector: 'td.rel-address .rel-postcode' },
    previousLastNames: { selector: 'td.rel-name .rel-former-name' },
    previousAddresses: { selector: 'td.rel-address .rel-previous-address' },
    deceased: { selector: '.rel-deceased' },
    relationshipEnd: { selector: 'td.rel-end' },
  },
  nameOrder: 'first-last',
  dateFormats: ['DD/MM/YYYY'],
  relationships: {
    family: [
      'Mother', 'Father', 'Step-mother', 'Step-father', "Mother's partner", "Father's partner",
      'Brother', 'Sister', 'Half-brother', 'Half-sister', 'Step-brother', 'Step-sister',
      'Maternal grandmother', 'Maternal grandfather', 'Paternal grandmother', 'Paternal grandfather',
      'Grandmother', 'Grandfather', 'Aunt', 'Uncle', 'Cousin', 'Carer', 'Foster carer', 'Special guardian',
    ],
    notFamily: ['Allocated worker', 'GP', 'Health visitor', 'School nurse', 'Teacher', 'Team manager', 'Key worker', 'Solicitor'],
  },
  auth: { kind: 'demo' },
};
