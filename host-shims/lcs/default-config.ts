/**
 * The Liquidlogic LCS shim's built-in configuration: the demo child record (fixtures/cms-pages/lcs.html), where
 * dates read "02 Mar 2018" and the relationships grid says whose relationships it holds (`ownerId`), so a
 * half-loaded page never offers the previous child's family. Council IT start from host-shims/configs/lcs.json.
 */
import type { ShimConfig } from '../core/shim-config.js';

export const DEFAULT_LCS_CONFIG: ShimConfig = {
  version: 1,
  host: 'lcs',
  description: 'Liquidlogic LCS: the subject banner at the top, the "Relationships" grid below.',
  child: {
    container: '#subject-banner',
    id: { selector: ':scope', attribute: 'data-subject-id' },
    firstName: { selector: '#subject-forename' },
    lastName: { selector: '#subject-surname' },
    dateOfBirth: { selector: '#subject-dob' },
    gender: { selector: '#subject-gender' },
    address: { selector: '#subject-address' },
    postcode: { selector: '#subject-postcode' },
  },
  people: {
    row: '#relationships-grid tr.relationship-row',
    list: '#relationships-grid',
    listWaitSeconds: 10,
    ownerId: { selector: '#relationships-grid', attribute: 'data-subject-id' },
    id: { selector: ':scope', attribute: 'data-related-id' },
    firstName: { selector: 'td.col-forename' },
    lastName: { selector: 'td.col-surname' },
    relationship: { selector: 'td.col-relationship' },
    dateOfBirth: { selector: 'td.col-dob' },
    gender: { selector: 'td.col-gender' },
    address: { selector: 'td.col-address' },
    postcode: { selector: 'td.col-postcode' },
    previousLastNames: { selector: 'td.col-history .hist-surname' },
    previousAddresses: { selector: 'td.col-history .hist-address' },
    deceased: { selector: 'td.col-status', values: ['Deceased'] },
    relationshipEnd: { selector: 'td.col-end' },
  },
  nameOrder: 'first-last',
  dateFormats: ['D MMM YYYY', 'DD/MM/YYYY'],
  relationships: {
    family: [
      'Birth mother', 'Birth father', 'Adoptive mother', 'Adoptive father', 'Step mother', 'Step father',
      "Mother's partner", "Father's partner", 'Sibling', 'Half brother', 'Half sister', 'Step brother', 'Step sister',
      'Maternal grandmother', 'Maternal grandfather', 'Paternal grandmother', 'Paternal grandfather',
      'Aunt', 'Uncle', 'Cousin', 'Foster carer', 'Kinship carer', 'Special guardian',
    ],
    notFamily: ['Social worker', 'General practitioner', 'Health visitor', 'Teacher', 'Independent reviewing officer', 'Solicitor'],
  },
  auth: { kind: 'demo' },
};
