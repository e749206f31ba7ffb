/**
 * Links stored at load time carry the band they were scored into. A server configured with other FC_MATCH_*
 * settings than the ones the links were computed with must not show those bands: it matches those people at
 * request time with its own settings, and reuses stored links only when they were scored as it scores.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { InvolvementsResponse } from '../../server/src/api/contract.js';
import { computeLinks } from '../../server/src/matching/links.js';
import { DEFAULT_THRESHOLDS } from '../../server/src/matching/score.js';
import { startHarness, type Harness } from './harness.js';
import { CHILD, metadata, MOTHER, plantNoRecordLink } from './sample-sources.js';

const MOTHER_LINK = { ...MOTHER, cmsId: MOTHER.cmsId! };

describe('stored links and the server\'s scoring settings', () => {
  let h: Harness;
  const housing = async () => {
    const res = await h.post('/api/v1/involvements', { child: CHILD, people: [MOTHER], reason: 'Assessment of the family under section 17' });
    assert.equal(res.status, 200, await res.clone().text());
    return ((await res.json()) as InvolvementsResponse).people[0]!.services.find((s) => s.service === 'housing')!;
  };

  before(async () => {
    // Stricter than the default: `likely` from 28 bits.
    h = await startHarness({ FC_MATCH_LIKELY: '28' });
    // Names, date of birth and gender agree, the postcode is in another district: 26.8 bits, likely at 25, possible at 28.
    await h.loadSource(metadata('housing'), [
      { sourcePersonId: 'SH-90', firstName: MOTHER.firstName, lastName: MOTHER.lastName, dateOfBirth: MOTHER.dateOfBirth, gender: 'female', postcode: 'SK1 3XE', involvement: 'current', details: {} },
    ]);
  });
  after(() => h.close());

  it('links scored with other settings are not reused: the server\'s own thresholds decide the band', async () => {
    await computeLinks(h.db, 'housing', { people: [MOTHER_LINK], thresholds: DEFAULT_THRESHOLDS });
    const stored = await h.db.selectFrom('match_link').selectAll().where('service', '=', 'housing').execute();
    assert.deepEqual(stored.map((l) => l.band), ['likely'], 'the stored link says likely (scored at 25 bits)');
    const answer = await housing();
    assert.deepEqual(answer.records.map((r) => [r.ref, r.match.band]), [['housing:SH-90', 'possible']]);
  });

  it('links scored with the server\'s settings are reused', async () => {
    await computeLinks(h.db, 'housing', { people: [MOTHER_LINK], thresholds: h.config.matchThresholds });
    const stored = await h.db.selectFrom('match_link').selectAll().where('service', '=', 'housing').execute();
    assert.deepEqual(stored.map((l) => l.band), ['possible']);
    // Replace the stored answer with "nothing here": if the lookup reuses stored links, the record is not shown.
    await plantNoRecordLink(h.db, 'housing', MOTHER);
    assert.equal((await housing()).records.length, 0, 'the stored link was reused');
  });

  it('links that failed part-way are not reused: those people are matched at request time', async () => {
    await computeLinks(h.db, 'housing', { people: [MOTHER_LINK], thresholds: h.config.matchThresholds });
    // A relink whose people stop with an error after the first batch has been written.
    async function* failing() {
      for (let i = 0; i < 250; i++) yield { ...MOTHER_LINK, cmsId: `P9${String(i).padStart(5, '0')}`, firstName: `Someone${i}` };
      throw new Error('the relationship feed could not be read');
    }
    await assert.rejects(computeLinks(h.db, 'housing', { people: failing(), thresholds: h.config.matchThresholds }), /could not be read/);
    const index = await h.db.selectFrom('match_index').selectAll().where('service', '=', 'housing').executeTakeFirstOrThrow();
    assert.equal(index.links_built_at, null);
    assert.equal(index.links_scoring, null);
    // The mother has no stored link now, but the record is still found.
    assert.deepEqual((await housing()).records.map((r) => [r.ref, r.match.band]), [['housing:SH-90', 'possible']]);
  });
});
