/**
 * What the CMS knows of a person's past (previous surnames, postcodes of earlier addresses), from the relationship
 * feed or the page, is used to match: an old record at an address the case record lists is recognised, and a
 * namesake born the same day at an address it has never listed is not shown as `likely`. The feed's lists load with
 * the usual checks, and the endpoint refuses lists that are not lists of names or postcodes.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { InvolvementsResponse, PersonInput, ServiceResult } from '../../server/src/api/contract.js';
import { ingestExtract } from '../../server/src/ingest/ingest-extract.js';
import { computeLinks, toMatchPerson } from '../../server/src/matching/links.js';
import { fingerprint } from '../../server/src/matching/person-key.js';
import { linkedPeople, replaceRelationshipFeed } from '../../server/src/sources/relationships.js';
import { mappingPath } from '../../fixtures/extracts/write-extracts.js';
import { startHarness, NOW, TODAY, type Harness } from './harness.js';
import { CHILD, FATHER, metadata, MOTHER } from './sample-sources.js';

const MOTHER_BEFORE = 'SK2 6HU';
const FATHER_BEFORE = 'SK3 6ZD';
const REASON = 'Assessment of the family under section 17';

describe("a person's previous addresses and surnames", () => {
  let h: Harness;

  async function housing(people: PersonInput[], reason?: string): Promise<ServiceResult[]> {
    const res = await h.post('/api/v1/involvements', { child: CHILD, people, ...(reason ? { reason } : {}) });
    assert.equal(res.status, 200, await res.clone().text());
    return ((await res.json()) as InvolvementsResponse).people.map((p) => p.services.find((s) => s.service === 'housing')!);
  }

  before(async () => {
    h = await startHarness();
    await h.loadSource(metadata('housing'), [
      // The mother's old tenancy, at the address she lived at before, under a misspelt first name.
      { sourcePersonId: 'SH-1', firstName: 'Gemmma', lastName: MOTHER.lastName, dateOfBirth: MOTHER.dateOfBirth, gender: 'female', postcode: MOTHER_BEFORE, involvement: 'historic', details: {} },
      // Someone with the father's names and birthday, at an address the case record has never listed for him.
      { sourcePersonId: 'SH-2', firstName: FATHER.firstName, lastName: FATHER.lastName, dateOfBirth: FATHER.dateOfBirth, gender: 'male', postcode: 'M19 9ZB', involvement: 'current', details: {} },
    ]);
    await replaceRelationshipFeed(
      h.db,
      { name: 'Mosaic relationships', lastUpdated: TODAY, freshnessDays: 2 },
      [
        { childCmsId: CHILD.cmsId!, personCmsId: CHILD.cmsId!, relationship: 'Self', firstName: CHILD.firstName, lastName: CHILD.lastName, dateOfBirth: CHILD.dateOfBirth },
        { childCmsId: CHILD.cmsId!, personCmsId: MOTHER.cmsId!, relationship: 'Mother', firstName: MOTHER.firstName, lastName: MOTHER.lastName, dateOfBirth: MOTHER.dateOfBirth, gender: MOTHER.gender, postcode: MOTHER.postcode, previousPostcodes: [MOTHER_BEFORE] },
        { childCmsId: CHILD.cmsId!, personCmsId: FATHER.cmsId!, relationship: 'Father', firstName: FATHER.firstName, lastName: FATHER.lastName, dateOfBirth: FATHER.dateOfBirth, gender: FATHER.gender, postcode: FATHER.postcode, previousPostcodes: [FATHER_BEFORE] },
      ],
      { loadedAt: NOW },
    );
  });
  after(() => h.close());

  it("finds the mother's old record at the address the feed lists, though the page sends only her current one", async () => {
    const [mother] = await housing([MOTHER]);
    assert.equal(mother!.status, 'involved');
    assert.deepEqual(mother!.records.map((r) => [r.ref, r.match.band]), [['housing:SH-1', 'likely']]);
    assert.ok(mother!.records[0]!.match.basis.includes('Postcode agrees with an address they lived at before'), mother!.records[0]!.match.basis.join('; '));
  });

  it('without the history (someone the feed does not know) the same record is only possible', async () => {
    const { cmsId: _, ...typedIn } = MOTHER;
    const [mother] = await housing([typedIn], REASON);
    assert.deepEqual(mother!.records.map((r) => [r.ref, r.match.band]), [['housing:SH-1', 'possible']]);
  });

  it('history sent by the page counts the same as the feed’s', async () => {
    const { cmsId: _, ...typedIn } = MOTHER;
    const [mother] = await housing([{ ...typedIn, previousPostcodes: [MOTHER_BEFORE.toLowerCase().replace(' ', '')] }], REASON);
    assert.deepEqual(mother!.records.map((r) => [r.ref, r.match.band]), [['housing:SH-1', 'likely']]);
  });

  it("does not call the father's namesake at an unlisted address likely", async () => {
    const [father] = await housing([FATHER]);
    assert.deepEqual(father!.records.map((r) => [r.ref, r.match.band]), [['housing:SH-2', 'possible']]);
    assert.ok(father!.records[0]!.match.basis.some((b) => /every earlier address the case record lists/.test(b)), father!.records[0]!.match.basis.join('; '));
  });

  it('links computed at load time use the feed’s history, and lookups reuse them', async () => {
    const stats = await computeLinks(h.db, 'housing', { thresholds: h.config.matchThresholds });
    assert.equal(stats?.people, 3, 'the child (her own row), the mother and the father');
    const links = await h.db.selectFrom('match_link').selectAll().where('service', '=', 'housing').orderBy('person_key').execute();
    const mother = links.find((l) => l.person_key === `cms:${MOTHER.cmsId}`)!;
    assert.equal(mother.band, 'likely');
    assert.equal(mother.fingerprint, fingerprint(toMatchPerson({ ...MOTHER, previousPostcodes: [MOTHER_BEFORE] })), 'stored for the details a lookup will have');
    // Plant "nothing here" under that fingerprint: a lookup that reuses the stored link shows nothing.
    await h.db.updateTable('match_link').set({ record_id: null, band: null, score: null, basis: null }).where('person_key', '=', `cms:${MOTHER.cmsId}`).execute();
    const [answer] = await housing([MOTHER]);
    assert.equal(answer!.records.length, 0, 'the stored link was reused');
  });

  it('the endpoint refuses history that is not a short list of names or postcodes, naming the field', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ previousPostcodes: 'SK2 6HU' }, 'people[0].previousPostcodes'],
      [{ previousPostcodes: Array.from({ length: 11 }, () => 'SK2 6HU') }, 'people[0].previousPostcodes'],
      [{ previousPostcodes: [''] }, 'people[0].previousPostcodes[0]'],
      [{ previousLastNames: ['A', 'B', 'C', 'D', 'E', 'F'] }, 'people[0].previousLastNames'],
    ];
    for (const [extra, field] of cases) {
      const res = await h.post('/api/v1/involvements', { child: CHILD, people: [{ ...MOTHER, ...extra }] });
      assert.equal(res.status, 400, JSON.stringify(extra));
      const body = (await res.json()) as { fields: Array<{ field: string }> };
      assert.ok(body.fields.some((f) => f.field === field), `${JSON.stringify(extra)}: ${JSON.stringify(body.fields)}`);
    }
  });

  it('the feed extract loads previous surnames and postcodes, leaving out (and reporting) what is not a postcode', async () => {
    const header = 'ChildPersonID,RelatedPersonID,RelationshipType,StartDate,EndDate,Forename,Surname,DOB,Gender,Postcode,PreviousSurnames,PreviousPostcodes';
    const rows = [
      `C1,P1,Mother,,,Gemma,Evans,1995-07-02,F,SK5 6AB,Hartley,"SK2 6HU; not a postcode|sk3 6zd"`,
      `C1,P2,Father,,,Robert,Quinlan,1992-02-11,M,SK4 1RT,,`,
      `C1,P3,Aunt,,,Ann,Shaw,1990-01-01,F,SK4 1RT,A;B;C;D;E;F,`,
      // The most a row may hold: five surnames of 100 characters each (stored whole on every database).
      `C1,P4,Uncle,,,Tom,Shaw,1988-01-01,M,SK4 1RT,${['A', 'B', 'C', 'D', 'E'].map((c) => c.repeat(100)).join(';')},`,
    ];
    const file = join(h.dir, 'feed.csv');
    writeFileSync(file, [header, ...rows].map((r) => `${r}\n`).join(''));
    const s = await ingestExtract({ db: h.db, dataset: 'cms-relationships', file, mapping: mappingPath('cms-relationships'), asOf: TODAY, now: NOW, force: true, maxRejected: 0.5 });
    assert.equal(s.outcome, 'loaded', s.refusals.join(' '));
    assert.equal(s.rejected, 1, 'six previous surnames is not a history');
    const report = readFileSync(s.rejectionReport, 'utf8');
    assert.match(report, /PreviousSurnames.*at most 5 surnames/);
    assert.match(report, /PreviousPostcodes,.*not a postcode.*is not a UK postcode: it was left out/);
    const people = await linkedPeople(h.db, 'C1', TODAY);
    assert.deepEqual(people!.map((p) => [p.personCmsId, p.previousLastNames, p.previousPostcodes]), [
      ['P1', ['Hartley'], ['SK2 6HU', 'SK3 6ZD']],
      ['P2', undefined, undefined],
      ['P4', ['A', 'B', 'C', 'D', 'E'].map((c) => c.repeat(100)), undefined],
    ]);
  });
});
