/**
 * One test per kind of error real data carries (issue 16): each copy of a record with that one error must still be
 * found (possible or better), and the levels that fit it must say so. Each of these failed before the comparison
 * levels were added (vetoes on a different first name or date of birth, no name swap, no address).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addressKey, compareAddressLines } from '../../server/src/matching/address.js';
import { compareDateOfBirth, compareFirstName, compareLastName } from '../../server/src/matching/compare.js';
import { recordsOfOnePerson } from '../../server/src/matching/links.js';
import { resolveMatches } from '../../server/src/matching/resolve.js';
import { DEFAULT_THRESHOLDS, scoreMatch, type MatchCandidate, type MatchPerson } from '../../server/src/matching/score.js';
import type { LinkCandidate } from '../../server/src/matching/bulk-candidates.js';

const person: MatchPerson = {
  firstNameNorm: 'robert',
  lastNameNorm: 'mellor',
  dateOfBirth: '1992-08-26',
  gender: 'male',
  postcode: 'SK3 9AX',
  address: 'Flat 3, 27 Castle Street, Edgeley, Stockport',
};
const record = (over: Partial<MatchCandidate>): MatchCandidate => ({
  cmsId: null,
  nhsNumber: null,
  firstNameNorm: 'robert',
  lastNameNorm: 'mellor',
  dateOfBirth: '1992-08-26',
  gender: 'male',
  postcode: 'SK3 9AX',
  address: '27 Castle St',
  ...over,
});
const shown = (p: MatchPerson, c: MatchCandidate) => scoreMatch(p, c)?.band ?? 'none';

describe('comparison levels for real errors', () => {
  it('first and last names swapped', () => {
    const r = scoreMatch(person, record({ firstNameNorm: 'mellor', lastNameNorm: 'robert' }));
    assert.equal(r?.band, 'likely');
    assert.ok(r!.basis.includes('First and last names are the other way round on the record'), r!.basis.join('; '));
  });
  it('names two letters apart or spelt by sound (Jaro–Winkler, edit distance, Soundex)', () => {
    assert.equal(compareFirstName('lindsay', 'lyndsey'), 'similar');
    assert.equal(compareFirstName('mohammed', 'muhamad'), 'similar');
    assert.equal(compareLastName('stephens', 'stevens'), 'similar');
    assert.notEqual(shown(person, record({ firstNameNorm: 'robbertt' })), 'none');
    assert.notEqual(shown(person, record({ lastNameNorm: 'meller' })), 'none');
  });
  it('a first name that is only an initial', () => {
    assert.equal(compareFirstName('robert', 'r'), 'initial');
    assert.notEqual(shown(person, record({ firstNameNorm: 'r' })), 'none');
  });
  it('a hyphenated or multi-part surname given as one part, or with a slip in a part', () => {
    assert.equal(compareLastName('mellor shaw', 'shaw'), 'part');
    assert.equal(compareLastName('mellor shaw', 'shaww'), 'similar');
    assert.equal(shown({ ...person, lastNameNorm: 'mellor shaw' }, record({})), 'likely');
  });
  it('date of birth: exact, one digit, transposed digits, day and month swapped, a year out, within a year', () => {
    assert.equal(compareDateOfBirth('1992-08-26', '1992-08-26'), 'exact');
    assert.equal(compareDateOfBirth('1992-08-26', '1992-08-27'), 'oneDigit');
    assert.equal(compareDateOfBirth('1987-03-12', '1978-03-12'), 'transposed');
    assert.equal(compareDateOfBirth('1987-03-12', '1987-03-21'), 'transposed');
    assert.equal(compareDateOfBirth('1992-03-04', '1992-04-03'), 'swapped');
    assert.equal(compareDateOfBirth('1992-08-26', '1993-08-26'), 'oneDigit');
    assert.equal(compareDateOfBirth('1989-08-26', '1990-08-26'), 'yearOff');
    assert.equal(compareDateOfBirth('1992-08-29', '1992-09-01'), 'withinYear');
    assert.equal(compareDateOfBirth('1992-08-26', '1975-01-01'), 'differ');
    for (const dateOfBirth of ['1992-08-27', '1929-08-26', '1992-08-24', '1991-08-26', '1992-09-02']) {
      assert.notEqual(shown(person, record({ dateOfBirth })), 'none', dateOfBirth);
    }
  });
  it('Robert Mellor with a date of birth one day off still gets his old tenancy (nickname, old address)', () => {
    const asked = { ...person, dateOfBirth: '1992-08-25' };
    const tenancy = record({ firstNameNorm: 'rob', postcode: 'SK5 6DW', address: '22 Hollins Street, Reddish, Stockport' });
    assert.notEqual(shown(asked, tenancy), 'none');
  });
  it('postcode unit, sector and district', () => {
    assert.equal(scoreMatch(person, record({ postcode: 'SK3 9AB' }))?.levels?.postcode, 'sector');
    assert.equal(scoreMatch(person, record({ postcode: 'SK3 1AB' }))?.levels?.postcode, 'district');
  });
  it('the address line: house and street, abbreviations and flats normalised', () => {
    assert.deepEqual(addressKey('Flat 3, 27 Castle Street, Edgeley'), { house: '27', street: 'castle street' });
    assert.deepEqual(addressKey('2/14 Acacia Rd'), { house: '14', street: 'acacia road' });
    assert.equal(compareAddressLines('27 Castle Street', '27 CASTLE ST.'), 'same');
    assert.equal(compareAddressLines('27 Castle Street', '29 Castle Street'), 'street');
    assert.equal(compareAddressLines('27 Castle Street', '27 Mill Lane'), 'differ');
    // A mistyped postcode with the same house and street: the address makes up for it.
    const typo = scoreMatch(person, record({ postcode: 'SK8 9AX', firstNameNorm: 'rob' }));
    assert.equal(typo?.levels?.address, 'same');
    assert.equal(typo?.band, 'likely');
    assert.equal(shown(person, record({ postcode: 'SK8 9AX', firstNameNorm: 'rob', address: '5 Mill Lane' })), 'possible');
  });
});

describe('evidence, not vetoes', () => {
  it('same surname, date of birth and postcode with another first name: possible, saying it could be a twin', () => {
    const r = scoreMatch(person, record({ firstNameNorm: 'thomas' }));
    assert.equal(r?.band, 'possible');
    assert.ok(r!.basis.some((b) => /could be a twin or sibling/i.test(b)), r!.basis.join('; '));
  });
  it('same names and address with a date of birth decades apart: never likely', () => {
    assert.notEqual(shown(person, record({ dateOfBirth: '1962-08-26' })), 'likely');
  });
});

describe('missing is no evidence', () => {
  it('a record without a first name is found, as possible at most', () => {
    const r = scoreMatch(person, record({ firstNameNorm: '' }));
    assert.equal(r?.band, 'possible');
    assert.ok(r!.basis.includes('No first name to compare'));
  });
  it('a record without a date of birth is found, as possible at most', () => {
    assert.equal(shown(person, record({ dateOfBirth: null })), 'possible');
  });
});

describe('duplicates within a source are one person', () => {
  const row = (id: string, over: Partial<LinkCandidate> = {}): LinkCandidate => ({
    id: Number(id.replace(/\D/g, '')),
    source_person_id: id,
    cms_id: null,
    nhs_number: null,
    first_name_norm: 'robert',
    last_name_norm: 'mellor',
    date_of_birth: '1992-08-26',
    gender: 'male',
    postcode: 'SK3 9AX',
    address: '27 Castle Street',
    ...over,
  });
  const scoreRow = (r: LinkCandidate) =>
    scoreMatch(person, { cmsId: null, nhsNumber: null, firstNameNorm: r.first_name_norm, lastNameNorm: r.last_name_norm, dateOfBirth: r.date_of_birth, gender: r.gender, postcode: r.postcode, address: r.address });
  const same = (a: LinkCandidate, b: LinkCandidate) => recordsOfOnePerson(a, b, DEFAULT_THRESHOLDS);

  it('two records of one person that agree both stay likely', () => {
    const rows = [row('H1'), row('H2', { first_name_norm: 'rob' })];
    const out = resolveMatches(rows.map((r) => ({ row: r, sourcePersonId: r.source_person_id, match: scoreRow(r) })), same);
    assert.deepEqual(out.map((o) => o.match.band), ['likely', 'likely']);
    assert.ok(out[0]!.match.basis.some((b) => /same person \(a duplicate\)/.test(b)));
  });
  it('records of two different people (twins) still say more than one matches', () => {
    const rows = [row('H1', { first_name_norm: 'robert' }), row('H2', { first_name_norm: 'robert', date_of_birth: '1992-08-27', postcode: 'M20 4AB', address: null })];
    assert.equal(same(rows[0]!, row('H3', { first_name_norm: 'thomas' })), false, 'twins are not duplicates');
    assert.equal(same(rows[0]!, row('H4', { date_of_birth: '1962-08-26' })), false, 'father and son are not duplicates');
  });
});
