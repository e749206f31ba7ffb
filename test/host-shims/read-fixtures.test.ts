/**
 * Each shim (with its built-in config) against each fake CMS page variant: who is offered, who is left out and
 * why, which warnings IT sees, and names read exactly (apostrophes, accents, hyphens, markup as plain text).
 */
import { expect } from '@open-wc/testing';
import { PAGE_VARIANTS, type PageVariant } from '../../fixtures/cms-pages/page-data.js';
import { readContext, type PageReading } from '../../host-shims/core/read-context.js';
import type { ShimConfig } from '../../host-shims/core/shim-config.js';
import { DEFAULT_EIS_CONFIG } from '../../host-shims/eis/default-config.js';
import { DATA_ATTRIBUTES_CONFIG, DEFAULT_GENERIC_CONFIG } from '../../host-shims/generic/default-config.js';
import { DEFAULT_LCS_CONFIG } from '../../host-shims/lcs/default-config.js';
import { DEFAULT_MOSAIC_CONFIG } from '../../host-shims/mosaic/default-config.js';
import { pageHtml, parsePage, TODAY, type PageKind } from './helpers.js';

const SHIMS: Array<[PageKind, ShimConfig]> = [
  ['mosaic', DEFAULT_MOSAIC_CONFIG],
  ['eis', DEFAULT_EIS_CONFIG],
  ['lcs', DEFAULT_LCS_CONFIG],
  ['generic-json', DEFAULT_GENERIC_CONFIG],
  ['generic-attributes', DATA_ATTRIBUTES_CONFIG],
];

async function read(kind: PageKind, variant: PageVariant, config: ShimConfig) {
  const { html, data } = await pageHtml(kind, variant);
  const reading: PageReading = readContext(parsePage(html), config, { today: TODAY, personalDetails: true });
  return { reading, data };
}

const offeredIds = (reading: PageReading): string[] => reading.people.filter((p) => p.outcome === 'offered').map((p) => p.person!.cmsId!);

for (const [kind, config] of SHIMS) {
  describe(`${kind} shim`, () => {
    for (const variant of PAGE_VARIANTS) {
      it(`reads the ${variant} page: the expected family, nobody else`, async () => {
        const { reading, data } = await read(kind, variant, config);
        expect(reading.child?.cmsId).to.equal(data.child.cmsId);
        expect(reading.child?.firstName).to.equal(data.child.firstName);
        expect(reading.child?.lastName).to.equal(data.child.lastName);
        expect(reading.child?.dateOfBirth).to.equal(data.child.dateOfBirth);
        expect(offeredIds(reading)).to.deep.equal(data.expected.offered);
        const leftOut = reading.people.filter((p) => p.outcome !== 'offered').map((p) => ({ cmsId: p.person?.cmsId, reason: p.outcome }));
        expect(leftOut).to.deep.equal(data.expected.leftOut);
        // The panel gets the child first, then the family, and nobody twice.
        const context = reading.context!;
        expect(context.people.map((p) => p.cmsId)).to.deep.equal([data.child.cmsId, ...data.expected.offered]);
        expect(context.child.cmsId).to.equal(data.child.cmsId);
        // Every offered person is read field for field as the page shows them.
        for (const person of context.people.slice(1)) {
          const source = data.people.find((p) => p.cmsId === person.cmsId)!;
          expect(person.firstName, person.cmsId).to.equal(kind === 'eis' ? source.firstName.split(' ')[0] : source.firstName);
          expect(person.lastName, person.cmsId).to.equal(source.lastName);
          expect(person.dateOfBirth, person.cmsId).to.equal(source.dateOfBirth);
          expect(person.postcode, person.cmsId).to.equal(source.postcode);
          expect(person.gender, person.cmsId).to.equal(source.gender);
          // Former surnames and earlier addresses, where the page shows them (data attributes carry none).
          if (kind !== 'generic-attributes') {
            expect(person.previousLastNames, person.cmsId).to.deep.equal(source.previousLastNames);
            expect(person.previousPostcodes, person.cmsId).to.deep.equal(source.previousAddresses?.map((a) => a.postcode));
          }
        }
        const withHistory = data.people.filter((p) => p.previousAddresses?.length && data.expected.offered.includes(p.cmsId));
        if (kind !== 'generic-attributes' && withHistory.length) {
          expect(context.people.filter((p) => p.previousPostcodes?.length).map((p) => p.cmsId)).to.deep.equal(withHistory.map((p) => p.cmsId));
        }
        // A warning for each offered person without a date of birth, naming the config key.
        for (const id of data.expected.withoutDateOfBirth) {
          const name = data.people.find((p) => p.cmsId === id)!.lastName;
          expect(reading.warnings.some((w) => /dateOfBirth/.test(w) && w.includes(name)), `warning for ${id}`).to.equal(true);
        }
        const dobWarnings = reading.warnings.filter((w) => /dateOfBirth.*no date of birth/.test(w));
        expect(dobWarnings.length).to.equal(data.expected.withoutDateOfBirth.length);
      });
    }

    it('says a person listed twice is shown once', async () => {
      const { reading } = await read(kind, 'duplicate', config);
      expect(reading.warnings.some((w) => /listed twice|repeats row|shown once/.test(w))).to.equal(true);
    });

    it('keeps names with apostrophes, accents and hyphens exactly', async () => {
      const { reading } = await read(kind, 'names', config);
      const names = reading.context!.people.map((p) => `${p.firstName} ${p.lastName}`);
      expect(names[0]).to.equal('Zoë Smith-Jones');
      expect(names).to.include("Siobhán O'Neill");
      expect(names).to.include('Seán O\u2019Neill');
      expect(names).to.include('Zoë-Mae Smith-Jones');
      expect(names).to.include('José Núñez García');
    });

    it('reads names holding markup as the characters they are', async () => {
      const { reading } = await read(kind, 'markup', config);
      const byId = new Map(reading.context!.people.map((p) => [p.cmsId, p]));
      expect(byId.get('P042818')!.firstName).to.equal('<b>Gemma</b>');
      expect(byId.get('P042819')!.lastName).to.equal('Mellor<script>window.__fcInjected = "script"</script>');
      expect(byId.get('P042821')!.firstName.startsWith('<img')).to.equal(true);
      expect(byId.get('P042824')!.lastName).to.equal('Hartley &amp; {{child.firstName}}');
    });
  });
}

describe('the collapsed relationships section', () => {
  it('is really collapsed on each page, and read all the same', async () => {
    for (const kind of ['mosaic', 'eis', 'lcs'] as const) {
      const { html } = await pageHtml(kind, 'collapsed');
      expect(html).to.match(/ hidden>|<details id="involved-people">|is-collapsed/);
    }
  });
});

describe('a page half-way to another child (LCS ownerId)', () => {
  it('offers nobody while the relationships shown belong to the previous child', async () => {
    const { html } = await pageHtml('lcs', 'standard');
    const doc = parsePage(html);
    // The banner already shows Kai; the grid still holds Leah's relationships.
    doc.querySelector('#subject-banner')!.setAttribute('data-subject-id', 'P051200');
    doc.querySelector('#subject-forename')!.textContent = 'Kai';
    doc.querySelector('#subject-surname')!.textContent = 'Brennan';
    const reading = readContext(doc, DEFAULT_LCS_CONFIG, { today: TODAY });
    expect(reading.context!.child.firstName).to.equal('Kai');
    expect(reading.context!.people.map((p) => p.cmsId)).to.deep.equal(['P051200']);
    expect(reading.warnings.some((w) => w.startsWith('people.ownerId'))).to.equal(true);
  });

  it("does not tell the new child's panel about the previous child's unreadable rows", async () => {
    const { html } = await pageHtml('lcs', 'standard');
    const doc = parsePage(html);
    doc.querySelector('#relationships-grid tr.relationship-row td.col-forename')!.textContent = '';
    doc.querySelector('#relationships-grid tr.relationship-row td.col-surname')!.textContent = '';
    expect(readContext(doc, DEFAULT_LCS_CONFIG, { today: TODAY }).context!.unreadable, 'the same child: counted').to.equal(1);
    doc.querySelector('#subject-banner')!.setAttribute('data-subject-id', 'P051200');
    expect(readContext(doc, DEFAULT_LCS_CONFIG, { today: TODAY }).context!.unreadable, 'another child: not counted').to.equal(undefined);
  });
});

describe('a date of birth not yet reached (an expected date, or a typo)', () => {
  it('is left out with a warning, so the person is still checked and the family check is not refused', async () => {
    const { html, data } = await pageHtml('mosaic', PAGE_VARIANTS[0]!);
    const youngest = data.people.filter((p) => p.dateOfBirth).sort((a, b) => b.dateOfBirth!.localeCompare(a.dateOfBirth!))[0]!;
    const dayBefore = new Date(`${youngest.dateOfBirth}T12:00:00Z`);
    dayBefore.setUTCDate(dayBefore.getUTCDate() - 1);
    const reading = readContext(parsePage(html), DEFAULT_MOSAIC_CONFIG, { today: dayBefore.toISOString().slice(0, 10), personalDetails: true });
    const entry = reading.people.find((p) => p.person?.cmsId === youngest.cmsId);
    expect(entry?.outcome, 'still offered').to.equal('offered');
    expect(entry?.person?.dateOfBirth).to.equal(undefined);
    expect(reading.warnings.some((w) => w.includes(`${youngest.firstName} ${youngest.lastName}`) && w.includes('is in the future; sent without a date of birth'))).to.equal(true, reading.warnings.join('\n'));
    // Everyone born before that day keeps theirs.
    expect(reading.people.filter((p) => p.person?.dateOfBirth).length).to.be.greaterThan(0);
  });
});
