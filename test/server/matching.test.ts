/** The record-matching rules, field by field. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jaroWinkler } from '../../server/src/matching/jaro-winkler.js';
import { areNicknames } from '../../server/src/matching/nicknames.js';
import { normaliseName, normalisePostcode, postcodeWithin } from '../../server/src/matching/normalise.js';
import { scoreMatch, type MatchCandidate, type MatchPerson } from '../../server/src/matching/score.js';

const person: MatchPerson = { firstNameNorm: 'robert', lastNameNorm: 'quinlan', dateOfBirth: '1992-02-11', gender: 'male', postcode: 'SK4 1RT', cmsId: 'P1' };
const candidate = (over: Partial<MatchCandidate>): MatchCandidate => ({
  cmsId: null, nhsNumber: null, firstNameNorm: 'robert', lastNameNorm: 'quinlan', dateOfBirth: '1992-02-11', gender: 'male', postcode: 'SK4 1RT', ...over,
});

describe('normalisation', () => {
  it('folds case, accents, apostrophes and hyphens', () => {
    assert.equal(normaliseName("  Zoë O'Neill-Smith "), 'zoe oneill smith');
    assert.equal(normaliseName('CHLOÉ'), 'chloe');
    assert.equal(normaliseName('D’Arcy'), 'darcy');
  });
  it('normalises UK postcodes and rejects other shapes', () => {
    assert.equal(normalisePostcode('sk56ab'), 'SK5 6AB');
    assert.equal(normalisePostcode(' M19 2QP '), 'M19 2QP');
    assert.equal(normalisePostcode('EC1A1BB'), 'EC1A 1BB');
    assert.equal(normalisePostcode('12345'), undefined);
  });
  it('decides area cover by postcode area or district', () => {
    assert.equal(postcodeWithin('SK5 6AB', ['SK']), true);
    assert.equal(postcodeWithin('SK5 6AB', ['SK1', 'SK5']), true);
    assert.equal(postcodeWithin('SK9 6AB', ['SK1', 'SK5']), false);
    assert.equal(postcodeWithin('M19 2QP', ['SK']), false);
    assert.equal(postcodeWithin('M19 2QP', []), true);
  });
});

describe('string similarity and nicknames', () => {
  it('Jaro–Winkler is 1 for equal strings, high for typos, low for different names', () => {
    assert.equal(jaroWinkler('martha', 'martha'), 1);
    assert.ok(jaroWinkler('martha', 'marhta') > 0.95);
    assert.ok(jaroWinkler('jonathan', 'jonathon') > 0.9);
    assert.ok(jaroWinkler('robert', 'susan') < 0.6);
  });
  it('knows short forms both ways, but not unrelated names', () => {
    assert.equal(areNicknames('bill', 'william'), true);
    assert.equal(areNicknames('margaret', 'peggy'), true);
    assert.equal(areNicknames('rob', 'robert'), true);
    assert.equal(areNicknames('rob', 'william'), false);
    assert.equal(areNicknames('robert', 'robert'), false);
  });
});

describe('scoring and bands', () => {
  it('confirmed on a shared CMS id whatever the names say', () => {
    const r = scoreMatch(person, candidate({ cmsId: 'P1', firstNameNorm: 'x', lastNameNorm: 'y', dateOfBirth: null }));
    assert.equal(r?.band, 'confirmed');
    assert.match(r!.basis[0]!, /CMS person id/);
  });
  it('likely when names, date of birth and postcode agree', () => {
    const r = scoreMatch(person, candidate({}));
    assert.equal(r?.band, 'likely');
    assert.deepEqual(r!.basis, ['First name, last name, date of birth and postcode agree']);
  });
  it('possible for a nickname, a swapped date or a typo, each said', () => {
    const nick = scoreMatch(person, candidate({ firstNameNorm: 'rob', postcode: 'SK1 3AA' }));
    assert.equal(nick?.band, 'possible');
    assert.ok(nick!.basis.includes('First name is a known short form of the other'));
    const swapped = scoreMatch({ ...person, dateOfBirth: '1992-03-04' }, candidate({ dateOfBirth: '1992-04-03', postcode: null }));
    assert.equal(swapped?.band, 'possible');
    assert.ok(swapped!.basis.includes('Date of birth has day and month swapped'));
  });
  it('no match for a different person sharing only a surname, or a twin with another first name', () => {
    assert.equal(scoreMatch(person, candidate({ firstNameNorm: 'susan', dateOfBirth: '1970-01-01', postcode: 'M1 1AA' })), null);
    assert.equal(scoreMatch(person, candidate({ firstNameNorm: 'thomas', gender: 'male' })), null);
  });
  it('thresholds are configuration', () => {
    const strict = scoreMatch(person, candidate({ firstNameNorm: 'rob' }), { likely: 30, possible: 25 });
    assert.equal(strict, null);
  });
});
