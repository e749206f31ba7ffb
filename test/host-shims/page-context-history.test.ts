/**
 * What the CMS knows of a person's past. A page (or an iframe host snippet) that carries the context as JSON may
 * include previous surnames and postcodes: they reach the panel's request unchanged; a list that is not one is
 * left at its good entries with the field named. A page read with
 * selectors gives them through `previousLastNames` / `previousAddresses`: each once, never the current one again,
 * no more than the service takes, and an address without a postcode left out with a warning.
 */
import { expect } from '@open-wc/testing';
import { MAX_PREVIOUS_LAST_NAMES, MAX_PREVIOUS_POSTCODES } from '../../server/src/api/person-limits.js';
import { readContext, readContextJson } from '../../host-shims/core/read-context.js';
import { DEFAULT_GENERIC_CONFIG } from '../../host-shims/generic/default-config.js';
import { DEFAULT_MOSAIC_CONFIG } from '../../host-shims/mosaic/default-config.js';
import { parsePage, TODAY } from './helpers.js';

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

  it('keeps the good entries of a wrong list, naming the field, and still offers the person', () => {
    const eleven = Array.from({ length: MAX_PREVIOUS_POSTCODES + 1 }, (_, i) => `SK5 ${i}DW`);
    for (const [bad, field, sent] of [
      [{ previousPostcodes: 'SK5 6DW' }, 'people.0.previousPostcodes', undefined],
      [{ previousPostcodes: eleven }, 'people.0.previousPostcodes', eleven.slice(0, MAX_PREVIOUS_POSTCODES)],
      [{ previousLastNames: ['', 'Pryce'] }, 'people.0.previousLastNames.0', ['Pryce']],
    ] as const) {
      const reading = readContextJson({ version: 1, child, people: [{ ...mother, ...bad }] }, DEFAULT_GENERIC_CONFIG, { today: TODAY, label: 'context' });
      const offered = reading.people.filter((p) => p.outcome === 'offered');
      expect(offered, JSON.stringify(bad)).to.have.length(1);
      const key = Object.keys(bad)[0] as 'previousPostcodes' | 'previousLastNames';
      expect(offered[0]!.person![key], JSON.stringify(bad)).to.deep.equal(sent);
      expect(reading.warnings.some((w) => w.startsWith(`context: ${field}:`)), `${JSON.stringify(bad)}: ${reading.warnings.join(' | ')}`).to.equal(true);
    }
  });
});

/** A Mosaic-like page: the child, and one relationship row whose name and address cells hold `extra` HTML. */
function mosaicPage(nameExtra: string, addressExtra: string): Document {
  return parsePage(`<div id="person-summary" data-person-id="P042817"><span class="person-forename">Leah</span>
    <span class="person-surname">Hartley</span><dl><dd data-field="dob">14/03/2019</dd></dl></div>
    <table id="personal-relationships"><tbody><tr data-person-id="P042822" data-gender="female">
      <td class="rel-name"><span class="rel-forename">Janet</span> <span class="rel-surname">O'Rourke</span>${nameExtra}</td>
      <td class="rel-relationship">Maternal grandmother</td><td class="rel-dob">02/05/1962</td>
      <td class="rel-address"><span class="rel-address-lines">9 Stovell Avenue, Levenshulme, Manchester</span>, <span class="rel-postcode">M19 2PL</span>${addressExtra}</td>
    </tr></tbody></table>`);
}
const names = (...list: string[]) => list.map((n) => `<span class="rel-former-name">${n}</span>`).join(', ');
const addresses = (...list: string[]) => list.map((a) => `<span class="rel-previous-address">${a}</span>`).join('; ');

describe('former surnames and earlier addresses read off a CMS page', () => {
  it('are sent once each, as postcodes, without the current ones', () => {
    const doc = mosaicPage(
      names('Hartley', 'HARTLEY', "O'Rourke", 'Pryce'),
      addresses('31 Lingard Lane, Bredbury, Stockport, SK6 2QR', '31 Lingard Lane, Bredbury, sk62qr', '9 Stovell Avenue, M19 2PL', '2 Mill Lane, Reddish, SK5 6DW'),
    );
    const reading = readContext(doc, DEFAULT_MOSAIC_CONFIG, { today: TODAY });
    const janet = reading.context!.people[1]!;
    expect(janet.cmsId).to.equal('P042822');
    expect(janet.previousLastNames).to.deep.equal(['Hartley', 'Pryce']);
    expect(janet.previousPostcodes).to.deep.equal(['SK6 2QR', 'SK5 6DW']);
    expect(reading.warnings.filter((w) => w.includes('previous'))).to.deep.equal([]);
  });

  it('leaves out an address with no postcode and anything past what the service takes, saying so', () => {
    const many = Array.from({ length: MAX_PREVIOUS_POSTCODES + 2 }, (_, i) => `${i + 1} High Street, Stockport, SK${i + 1} 1AA`);
    const formerNames = Array.from({ length: MAX_PREVIOUS_LAST_NAMES + 1 }, (_, i) => `Name${String.fromCharCode(65 + i)}`);
    const doc = mosaicPage(names(...formerNames, 'X'.repeat(101)), addresses('Somewhere in Stockport', ...many));
    const reading = readContext(doc, DEFAULT_MOSAIC_CONFIG, { today: TODAY, personalDetails: true });
    const janet = reading.context!.people[1]!;
    expect(janet.previousPostcodes).to.have.length(MAX_PREVIOUS_POSTCODES);
    expect(janet.previousPostcodes![0]).to.equal('SK1 1AA');
    expect(janet.previousLastNames).to.deep.equal(formerNames.slice(0, MAX_PREVIOUS_LAST_NAMES));
    const about = (key: string) => reading.warnings.filter((w) => w.startsWith(`people.${key}:`) && w.includes("Janet O'Rourke"));
    expect(about('previousAddresses').some((w) => w.includes('no postcode'))).to.equal(true);
    expect(about('previousAddresses').some((w) => w.includes(`the first ${MAX_PREVIOUS_POSTCODES} are sent`))).to.equal(true);
    expect(about('previousLastNames').some((w) => w.includes('101 characters'))).to.equal(true);
    expect(about('previousLastNames').some((w) => w.includes(`the first ${MAX_PREVIOUS_LAST_NAMES} are sent`))).to.equal(true);
  });

  it('adds nothing for a person whose record lists no history', () => {
    const reading = readContext(mosaicPage('', ''), DEFAULT_MOSAIC_CONFIG, { today: TODAY });
    const janet = reading.context!.people[1]!;
    expect(janet.firstName).to.equal('Janet');
    expect('previousLastNames' in janet || 'previousPostcodes' in janet).to.equal(false);
  });
});
