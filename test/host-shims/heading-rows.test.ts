/**
 * A first-draft `people.row` ("tbody tr") that also matches heading and group rows: those rows are not people,
 * so the worker is not told that people could not be read, and IT is pointed at the selector.
 */
import { expect } from '@open-wc/testing';
import { readContext } from '../../host-shims/core/read-context.js';
import { validateShimConfig, type ShimConfig } from '../../host-shims/core/shim-config.js';
import { parsePage, TODAY } from './helpers.js';

const PAGE = `<div id="child" data-id="P1"><span class="fn">Jayden</span> <span class="sn">Mottershead</span> <span class="dob">02/02/2019</span></div>
<table id="rel"><tbody>
  <tr><th>Surname</th><th>Forename</th><th>Relationship</th><th>Date of birth</th></tr>
  <tr><td colspan="4" class="group">Family</td></tr>
  <tr><td>Mottershead</td><td>Kerry-Ann</td><td>Mother</td><td>14/08/1996</td></tr>
  <tr><td></td><td></td><td>Father</td><td>01/01/1993</td></tr>
  <tr><td colspan="4" class="group">Professionals</td></tr>
  <tr><td>Varma</td><td>Sunil</td><td>GP</td><td></td></tr>
</tbody></table>`;

const checked = validateShimConfig({
  version: 1,
  host: 'mosaic',
  child: { container: '#child', id: { selector: ':scope', attribute: 'data-id' }, firstName: { selector: '.fn' }, lastName: { selector: '.sn' }, dateOfBirth: { selector: '.dob' } },
  people: {
    row: 'table#rel tbody tr',
    lastName: { selector: 'td:nth-child(1)' },
    firstName: { selector: 'td:nth-child(2)' },
    relationship: { selector: 'td:nth-child(3)' },
    dateOfBirth: { selector: 'td:nth-child(4)' },
  },
  relationships: { family: ['Mother', 'Father'], notFamily: ['GP'] },
});

describe('heading and group rows matched by people.row', () => {
  it('are left out as not people, not counted as unreadable, and the warning names people.row', () => {
    const config = (checked as { ok: true; config: ShimConfig }).config;
    const reading = readContext(parsePage(`<body>${PAGE}</body>`), config, { today: TODAY });
    expect(reading.people.map((p) => p.outcome)).to.deep.equal(['not-a-person', 'not-a-person', 'offered', 'no-name', 'not-a-person', 'not-family']);
    // The father's row has a relationship but no name: a person who could not be read, and only they are counted.
    expect(reading.context!.unreadable).to.equal(1);
    expect(reading.warnings.filter((w) => w.startsWith('people.row: row 1 has no name and no relationship'))).to.have.length(1);
    expect(reading.warnings.some((w) => w.includes('Make "table#rel tbody tr" match person rows only'))).to.equal(true);
  });
});
