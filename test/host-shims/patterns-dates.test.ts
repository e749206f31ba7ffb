/**
 * Config words as patterns (relationships, deceased markers, sections) and the date formats the shims share
 * with the ingest mappings ("17-Jul-2019", "17 July 2019", custom patterns).
 */
import { expect } from '@open-wc/testing';
import { parseCmsDate, parseCmsDateAny } from '../../host-shims/core/cms-dates.js';
import { readContext } from '../../host-shims/core/read-context.js';
import { validateShimConfig, type ShimConfig } from '../../host-shims/core/shim-config.js';
import { parsePage, TODAY } from './helpers.js';

const PAGE = `<div id="child" data-id="C1"><span class="fn">Ffion</span> <span class="sn">Gwilliam</span> <span class="dob">17-Jul-2019</span></div>
<div id="network">
  <h3 class="group">Family</h3>
  <section class="rel" data-id="P1"><span class="fn">Rhian</span> <span class="sn">Gwilliam</span><span class="relation">Mum</span><span class="dob">8 February 1994</span><span class="status">Active</span></section>
  <section class="rel" data-id="P2"><span class="fn">Brenda</span> <span class="sn">Kenyon</span><span class="relation">Nan (maternal)</span><span class="dob">1958/10/30</span><span class="status">Active</span></section>
  <section class="rel" data-id="P3"><span class="fn">Gareth</span> <span class="sn">Gwilliam</span><span class="relation">Maternal grandfather</span><span class="dob">04.03.1961</span><span class="status">Deceased 12/01/2020</span></section>
  <section class="rel" data-id="P4"><span class="fn">Sam</span> <span class="sn">Dale</span><span class="relation">Family support worker</span><span class="dob"></span><span class="status">Active</span></section>
  <h3 class="group">Professionals</h3>
  <section class="rel" data-id="W1"><span class="fn">Nia</span> <span class="sn">Probert</span><span class="relation">Aunt</span><span class="dob"></span><span class="status">Active</span></section>
</div>`;

function config(extra: Record<string, unknown> = {}): ShimConfig {
  const checked = validateShimConfig({
    version: 1,
    host: 'generic',
    child: { container: '#child', id: { selector: ':scope', attribute: 'data-id' }, firstName: { selector: '.fn' }, lastName: { selector: '.sn' }, dateOfBirth: { selector: '.dob' } },
    people: {
      row: '#network section.rel',
      id: { selector: ':scope', attribute: 'data-id' },
      firstName: { selector: '.fn' },
      lastName: { selector: '.sn' },
      relationship: { selector: '.relation' },
      dateOfBirth: { selector: '.dob' },
      deceased: { selector: '.status', values: ['Deceased*'] },
      section: { selector: '#network h3.group', notFamily: ['Professionals'] },
    },
    dateFormats: ['DD-MMM-YYYY', 'D MMMM YYYY', 'DD.MM.YYYY', 'YYYY/MM/DD'],
    relationships: { family: ['Mum', 'Nan*', '/grand(mother|father)/'], notFamily: ['*worker*'] },
    ...extra,
  });
  if (!checked.ok) throw new Error(checked.problems.join('; '));
  return checked.config;
}

describe('patterns in the config', () => {
  it('reads relationships, deceased markers and sections with wildcards and regular expressions', () => {
    const reading = readContext(parsePage(`<body>${PAGE}</body>`), config(), { today: TODAY });
    const outcome = Object.fromEntries(reading.people.map((p) => [p.person!.firstName, p.outcome]));
    expect(outcome).to.deep.equal({ Rhian: 'offered', Brenda: 'offered', Gareth: 'deceased', Sam: 'not-family', Nia: 'not-family' });
    expect(reading.people.find((p) => p.person!.firstName === 'Nia')!.reason).to.equal('listed under "Professionals", not family');
    expect(reading.warnings.filter((w) => w.includes('neither relationships.family'))).to.deep.equal([]);
  });

  it('reads each date format, named or custom, into the date of birth', () => {
    const reading = readContext(parsePage(`<body>${PAGE}</body>`), config(), { today: TODAY });
    expect(reading.child!.dateOfBirth).to.equal('2019-07-17');
    const dob = Object.fromEntries(reading.people.map((p) => [p.person!.firstName, p.person!.dateOfBirth]));
    expect(dob.Rhian).to.equal('1994-02-08');
    expect(dob.Brenda).to.equal('1958-10-30');
    expect(dob.Gareth).to.equal('1961-03-04');
  });

  it('refuses a config with a broken pattern or date format, naming the key', () => {
    const bad = validateShimConfig({ ...config(), dateFormats: ['DD/MM/YY'], relationships: { family: ['/(unclosed/'], notFamily: [] } });
    expect(bad.ok).to.equal(false);
    const problems = (bad as { problems: string[] }).problems.join('\n');
    expect(problems).to.match(/dateFormats\.0: .*two-digit year/);
    const us = validateShimConfig({ ...config(), dateFormats: ['MM/DD/YYYY'] });
    expect((us as { problems: string[] }).problems.join('\n')).to.match(/dateFormats\.0: "MM\/DD\/YYYY" puts the month before the day/);
    expect(problems).to.match(/relationships\.family\.0: "\/\(unclosed\/" is not a valid regular expression/);
  });
});

describe('date formats shared with ingest', () => {
  it('reads DD-MMM-YYYY, D MMMM YYYY and DD.MM.YYYY, any case, and never an impossible date', () => {
    expect(parseCmsDate('17-Jul-2019', 'DD-MMM-YYYY')).to.equal('2019-07-17');
    expect(parseCmsDate('17-JUL-2019', 'DD-MMM-YYYY')).to.equal('2019-07-17');
    expect(parseCmsDate('17 July 2019', 'D MMMM YYYY')).to.equal('2019-07-17');
    expect(parseCmsDate('3 Sept 2019', 'D MMM YYYY')).to.equal('2019-09-03');
    expect(parseCmsDate('08.11.1992', 'DD.MM.YYYY')).to.equal('1992-11-08');
    expect(parseCmsDate('31.02.1992', 'DD.MM.YYYY')).to.equal(undefined);
    expect(parseCmsDate('July 17, 2019', 'MMMM D, YYYY')).to.equal('2019-07-17');
    expect(parseCmsDateAny('17/07/19', ['DD/MM/YYYY', 'DD-MMM-YYYY'])).to.equal(undefined);
  });
});
