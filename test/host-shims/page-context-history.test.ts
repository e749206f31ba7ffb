/**
 * A page (or an iframe host snippet) that carries the context as JSON may include what the CMS knows of a
 * person's past: previous surnames and postcodes reach the panel's request unchanged; a list that is not one is
 * refused with the field named, and nobody is offered from a context that failed its checks.
 */
import { expect } from '@open-wc/testing';
import { readContextJson } from '../../host-shims/core/read-context.js';
import { DEFAULT_GENERIC_CONFIG } from '../../host-shims/generic/default-config.js';
import { TODAY } from './helpers.js';

const child = { cmsId: 'P042817', firstName: 'Leah', lastName: 'Hartley', dateOfBirth: '2019-03-14' };
const mother = { cmsId: 'P042818', firstName: 'Gemma', lastName: 'Hartley', dateOfBirth: '1995-04-24', relationship: 'Mother' };

describe('previous surnames and postcodes in a JSON page context', () => {
  it('reach the offered person as the page gave them', () => {
    const history = { previousLastNames: ['Pryce'], previousPostcodes: ['SK5 6DW', 'M19 2QP'] };
    const reading = readContextJson({ version: 1, child, people: [{ ...mother, ...history }] }, DEFAULT_GENERIC_CONFIG, { today: TODAY });
    const offered = reading.people.filter((p) => p.outcome === 'offered');
    expect(offered).to.have.length(1);
    expect(offered[0]!.person!.previousLastNames).to.deep.equal(['Pryce']);
    expect(offered[0]!.person!.previousPostcodes).to.deep.equal(['SK5 6DW', 'M19 2QP']);
    expect(reading.context!.people[1]!.previousPostcodes).to.deep.equal(['SK5 6DW', 'M19 2QP']);
  });

  it('refuses a list that is not a short list of postcodes, naming the field', () => {
    for (const [bad, field] of [
      [{ previousPostcodes: 'SK5 6DW' }, 'people.0.previousPostcodes'],
      [{ previousPostcodes: Array.from({ length: 11 }, () => 'SK5 6DW') }, 'people.0.previousPostcodes'],
      [{ previousLastNames: [''] }, 'people.0.previousLastNames.0'],
    ] as const) {
      const reading = readContextJson({ version: 1, child, people: [{ ...mother, ...bad }] }, DEFAULT_GENERIC_CONFIG, { today: TODAY, label: 'context' });
      expect(reading.people.filter((p) => p.outcome === 'offered'), JSON.stringify(bad)).to.have.length(0);
      expect(reading.warnings.some((w) => w.startsWith(`context: ${field}:`)), `${JSON.stringify(bad)}: ${reading.warnings.join(' | ')}`).to.equal(true);
    }
  });
});
