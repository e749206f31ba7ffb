/** The Mosaic shim's configuration for the demo page (fixtures/cms-pages/mosaic.html). */
import type { MosaicShimConfig } from './config.js';

export const DEFAULT_MOSAIC_CONFIG: MosaicShimConfig = {
  version: 1,
  child: {
    container: '#person-summary',
    id: { selector: ':scope', attribute: 'data-person-id' },
    firstName: { selector: '.person-forename' },
    lastName: { selector: '.person-surname' },
    dateOfBirth: { selector: 'dd[data-field="dob"]' },
    gender: { selector: 'dd[data-field="gender"]' },
    address: { selector: 'dd[data-field="address"]' },
  },
  people: {
    row: 'table#personal-relationships tbody tr[data-person-id]',
    id: { selector: ':scope', attribute: 'data-person-id' },
    firstName: { selector: '.rel-forename' },
    lastName: { selector: '.rel-surname' },
    relationship: { selector: 'td.rel-relationship' },
    dateOfBirth: { selector: 'td.rel-dob' },
    gender: { selector: ':scope', attribute: 'data-gender' },
    address: { selector: 'td.rel-address' },
  },
  nameOrder: 'first-last',
  dateFormat: 'DD/MM/YYYY',
  familyRelationships: [
    'Mother', 'Father', 'Step-mother', 'Step-father', "Mother's partner", "Father's partner",
    'Brother', 'Sister', 'Half-brother', 'Half-sister', 'Step-brother', 'Step-sister',
    'Maternal grandmother', 'Maternal grandfather', 'Paternal grandmother', 'Paternal grandfather',
    'Grandmother', 'Grandfather', 'Aunt', 'Uncle', 'Cousin', 'Carer', 'Foster carer', 'Special guardian',
  ],
};
