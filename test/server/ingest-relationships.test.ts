/**
 * The CMS relationship feed loads like a source (mapping, rejections, refusals, atomic replacement), and answers
 * the link policy's question: is this person linked to this child now? Undefined when no feed is loaded, so the
 * policy can tell "not linked" from "we cannot know".
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { mappingPath } from '../../fixtures/extracts/write-extracts.js';
import { ingestExtract } from '../../server/src/ingest/ingest-extract.js';
import { isLinkedToChild, linkedPeople, getRelationshipFeed } from '../../server/src/sources/relationships.js';
import { AS_OF, exampleExtracts, NOW, openTestDb, TODAY, type TestDb } from './ingest-helpers.js';

const HEADER = 'ChildPersonID,RelatedPersonID,RelationshipType,StartDate,EndDate,Forename,Surname,DOB,Gender,Postcode,PreviousSurnames,PreviousPostcodes';

/** Rows without the last two columns (previous surnames and postcodes) get them empty. */
function feed(rows: string[]): string {
  return [HEADER, ...rows.map((r) => (r.split(',').length === 10 ? `${r},,` : r))].map((l) => `${l}\n`).join('');
}

describe('the CMS relationship feed', () => {
  let t: TestDb;
  const load = (file: string, over: Record<string, unknown> = {}) =>
    ingestExtract({ db: t.db, dataset: 'cms-relationships', file, mapping: mappingPath('cms-relationships'), asOf: AS_OF, now: NOW, ...over });

  before(async () => {
    t = await openTestDb();
  });
  after(() => t.close());

  it('answers undefined before any feed is loaded: the policy cannot know', async () => {
    assert.equal(await getRelationshipFeed(t.db), undefined);
    assert.equal(await isLinkedToChild(t.db, 'P1', 'P2', TODAY), undefined);
    assert.equal(await linkedPeople(t.db, 'P1', TODAY), undefined);
  });

  it('loads the example feed, and links the demo child to her mother but not to a stranger', async () => {
    const extracts = await exampleExtracts(t.dir);
    const s = await load(extracts['cms-relationships'].file);
    assert.equal(s.outcome, 'loaded');
    assert.equal(s.rejected, 0);
    assert.ok(await getRelationshipFeed(t.db), 'a feed is loaded');
    assert.equal(await isLinkedToChild(t.db, 'P042817', 'P042818', TODAY), true, 'Leah and her mother Gemma');
    assert.equal(await isLinkedToChild(t.db, 'P042817', 'P999999', TODAY), false);
    assert.equal(await isLinkedToChild(t.db, 'P042818', 'P042817', TODAY), false, 'the feed says who is linked to a child, not the other way round');
    const people = await linkedPeople(t.db, 'P042817', TODAY);
    assert.ok(people);
    // The child's own row first (how the CMS describes the child), then the people linked to her.
    assert.deepEqual(people.slice(0, 3).map((p) => [p.personCmsId, p.relationship]), [['P042817', 'Self'], ['P042818', 'Mother'], ['P042819', 'Father']]);
    const row = await getRelationshipFeed(t.db);
    assert.equal(row?.last_updated, AS_OF);
    assert.equal(row?.freshness_days, 2);
    assert.equal(row?.name, "Mosaic relationships — Stockport Children's Services");
  });

  it('respects start and end dates, and a reload replaces the whole feed', async () => {
    // 30 rows so the shrink check has something to compare with next time.
    const filler = Array.from({ length: 27 }, (_, i) => `C9,P${100 + i},Cousin,,,A,B,2000-01-01,F,SK1 1AA`);
    const s = await load(
      t.file(
        'dated.csv',
        feed([
          'C1,P1,Mother,2015-03-01,,Ann,Smith,1990-01-01,F,SK5 8QT',
          'C1,P2,Mother\'s partner,2024-01-01,2026-06-30,Dan,Jones,1988-05-05,M,SK5 8QT',
          'C1,P3,Step-father,2026-12-01,,Tom,Brown,1985-02-02,M,SK4 1AA',
          ...filler,
        ]),
      ),
      { force: true },
    );
    assert.equal(s.outcome, 'loaded', s.refusals.join(' '));
    assert.equal(await isLinkedToChild(t.db, 'C1', 'P1', TODAY), true, 'linked since 2015, no end');
    assert.equal(await isLinkedToChild(t.db, 'C1', 'P2', TODAY), false, 'the link ended in June');
    assert.equal(await isLinkedToChild(t.db, 'C1', 'P2', '2026-06-30'), true, 'still linked on its last day');
    assert.equal(await isLinkedToChild(t.db, 'C1', 'P3', TODAY), false, 'not linked yet');
    assert.equal(await isLinkedToChild(t.db, 'P042817', 'P042818', TODAY), false, 'the earlier feed is gone');
    const { n } = await t.db.selectFrom('cms_relationship').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(n), 30, 'no rows of the previous feed remain');
  });

  it('refuses a feed that shrinks by more than 20%, keeping the links it had', async () => {
    const s = await load(t.file('tiny.csv', feed(['C1,P1,Mother,,,Ann,Smith,1990-01-01,F,SK5 8QT'])));
    assert.equal(s.outcome, 'refused');
    assert.match(s.refusals.join(' '), /shrink .* from 30 to 1 records/);
    assert.equal(await isLinkedToChild(t.db, 'C1', 'P1', TODAY), true);
    assert.equal(await isLinkedToChild(t.db, 'C9', 'P100', TODAY), true, 'the previous feed is still there');
  });

  it('rejects a row without the person id, with the reason', async () => {
    const rows = Array.from({ length: 29 }, (_, i) => `C9,P${100 + i},Cousin,,,A,B,2000-01-01,F,SK1 1AA`);
    const s = await load(t.file('missing.csv', feed(['C1,,Mother,,,Ann,Smith,1990-01-01,F,SK5 8QT', ...rows])), { maxRejected: 0.5 });
    assert.equal(s.outcome, 'loaded');
    assert.equal(s.rejected, 1);
  });
});
