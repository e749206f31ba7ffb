/**
 * "Not found" must be true on data we did not make (issue 16), end to end: a small corrupted corpus from the
 * independent generator (fixtures/independent-corpus, written without reading the matcher) is loaded with the
 * `family-context ingest` command in its own process, and every person asked about through
 * `POST /api/v1/involvements` whose record was loaded must get it (any band), never "no-records"; a possible match
 * must say in plain words that it must be checked; rows without a first name are loaded and counted.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { InvolvementsResponse } from '../../server/src/api/contract.js';
import { generateIndependentCorpus } from '../../fixtures/independent-corpus/generate.js';
import { familyContext } from './cli-process.js';
import { startHarness, TODAY, type Harness } from './harness.js';

const ENV = { FC_SERVICES: 'housing', FC_AGE_RULES: JSON.stringify({ housing: {} }), FC_LINK_POLICY: 'trust-host', FC_RATE_LIMIT_PER_MINUTE: '100000' };

describe('matching on an independent corrupted corpus, through the ingest command and the endpoint', () => {
  let h: Harness;
  // Heavily corrupted: every record with several errors on average, a fifth of names swapped, blank first names.
  const corpus = generateIndependentCorpus({
    seed: 7,
    people: 80,
    asOf: TODAY,
    firstNameTypo: 0.3,
    lastNameTypo: 0.3,
    dateOfBirthError: 0.3,
    namesSwapped: 0.2,
    firstNameMissing: 0.1,
    postcodeError: 0.2,
  });
  let ingestOutput = '';

  before(async () => {
    h = await startHarness(ENV);
    const csv = join(h.dir, 'housing.csv');
    const mapping = join(h.dir, 'housing.mapping.json');
    writeFileSync(csv, corpus.housingCsv);
    writeFileSync(mapping, JSON.stringify(corpus.mapping));
    const target = h.config.database;
    const FC_DB = target.kind === 'sqlite' ? `sqlite:${target.location}` : target.location;
    const r = await familyContext('ingest', ['--source', 'housing', '--file', csv, '--mapping', mapping, '--as-of', TODAY, '--force'], { FC_DB, ...ENV });
    assert.equal(r.code, 0, r.out + r.err);
    ingestOutput = r.out;
  });
  after(() => h.close());

  it('loads rows without a first name and says how many', () => {
    const blank = corpus.truth.records.filter((r) => r.corruptions.some((c) => c.kind === 'firstNameMissing')).length;
    assert.ok(blank > 0, 'the corpus has rows with a blank first name');
    assert.match(ingestOutput, /partly identified\s+\d+/);
    assert.match(ingestOutput, /rejected\s+0\b/);
  });

  it('never answers no-records for a person whose record was loaded, and says possible matches must be checked', async () => {
    const truth = new Map(corpus.truth.queries.map((q) => [q.queryId, q]));
    let inSource = 0;
    for (const query of corpus.queries.queries) {
      const own = truth.get(query.queryId)!.recordIds;
      const res = await h.post('/api/v1/involvements', { child: query.person, people: [query.person] });
      assert.equal(res.status, 200, await res.clone().text());
      const answer = ((await res.json()) as InvolvementsResponse).people[0]!.services[0]!;
      if (answer.records.some((r) => r.match.band === 'possible') && answer.records.every((r) => r.match.band === 'possible')) {
        assert.match(answer.explanation, /possible match.*check before relying on it/i);
      }
      if (own.length === 0) continue;
      inSource++;
      assert.notEqual(answer.status, 'no-records', `${query.queryId} ${JSON.stringify(query.person)}: ${answer.explanation}`);
    }
    assert.ok(inSource > 20, `${inSource} people asked about have records`);
  });
});
