/** The record-matching rules, field by field, and the rules that must stop a match. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { blockingKeys, recordKeys } from '../../server/src/matching/blocking.js';
import { compareDateOfBirth, compareFirstName, compareLastName, comparePostcode } from '../../server/src/matching/compare.js';
import { editDistance } from '../../server/src/matching/edit-distance.js';
import { jaroWinkler } from '../../server/src/matching/jaro-winkler.js';
import { areNicknames, NICKNAME_GROUP_COUNT } from '../../server/src/matching/nicknames.js';
import { normaliseName, normalisePostcode, postcodeWithin, soundex, surnameForms, swappedDate } from '../../server/src/matching/normalise.js';
import { resolveAcrossPeople, resolveMatches, type Resolved } from '../../server/src/matching/resolve.js';
import { DEFAULT_THRESHOLDS, scoreMatch, type MatchCandidate, type MatchPerson } from '../../server/src/matching/score.js';
import { MATCH_PROBABILITIES, WEIGHTS } from '../../server/src/matching/weights.js';

const person: MatchPerson = { firstNameNorm: 'robert', lastNameNorm: 'quinlan', dateOfBirth: '1992-02-11', gender: 'male', postcode: 'SK4 1RT', cmsId: 'P1' };
const candidate = (over: Partial<MatchCandidate>): MatchCandidate => ({
  cmsId: null, nhsNumber: null, firstNameNorm: 'robert', lastNameNorm: 'quinlan', dateOfBirth: '1992-02-11', gender: 'male', postcode: 'SK4 1RT', ...over,
});
const band = (p: MatchPerson, c: MatchCandidate) => scoreMatch(p, c)?.band ?? 'none';

describe('normalisation', () => {
  it('folds case, accents, apostrophes and hyphens', () => {
    assert.equal(normaliseName("  Zoë O'Neill-Smith "), 'zoe oneill smith');
    assert.equal(normaliseName('CHLOÉ'), 'chloe');
    assert.equal(normaliseName('D’Arcy'), 'darcy');
    assert.equal(normaliseName('Wiśniewska'), 'wisniewska');
    assert.equal(normaliseName('Łukasz'), 'lukasz');
  });
  it('gives the forms a double-barrelled surname is found under', () => {
    assert.deepEqual(surnameForms('smith jones'), ['smithjones', 'smith', 'jones']);
    assert.deepEqual(surnameForms('o neill'), ['oneill', 'neill']);
    assert.deepEqual(surnameForms('khan'), ['khan']);
  });
  it('codes names that sound alike the same (Soundex)', () => {
    assert.equal(soundex('robert'), 'R163');
    assert.equal(soundex('rupert'), 'R163');
    assert.equal(soundex('ashcraft'), 'A261');
    assert.equal(soundex('smith'), soundex('smyth'));
    assert.notEqual(soundex('smith'), soundex('jones'));
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
  it('swaps day and month only into a real, different date', () => {
    assert.equal(swappedDate('1992-03-04'), '1992-04-03');
    assert.equal(swappedDate('1992-03-13'), undefined);
    assert.equal(swappedDate('1992-05-05'), undefined);
  });
});

describe('string similarity and nicknames', () => {
  it('Jaro–Winkler is 1 for equal strings, high for typos, low for different names', () => {
    assert.equal(jaroWinkler('martha', 'martha'), 1);
    assert.ok(jaroWinkler('martha', 'marhta') > 0.95);
    assert.ok(jaroWinkler('jonathan', 'jonathon') > 0.9);
    assert.ok(jaroWinkler('robert', 'susan') < 0.6);
  });
  it('edit distance counts a swap of two letters as one', () => {
    assert.equal(editDistance('marhta', 'martha'), 1);
    assert.equal(editDistance('jayden', 'jaden'), 1);
    assert.equal(editDistance('robert', 'susan', 2), 3);
  });
  it('knows short forms both ways, in a table of well over a hundred names, but not unrelated names', () => {
    assert.ok(NICKNAME_GROUP_COUNT > 150, `${NICKNAME_GROUP_COUNT} groups`);
    for (const [a, b] of [['bill', 'william'], ['margaret', 'peggy'], ['rob', 'robert'], ['kasia', 'katarzyna'], ['alf', 'alfred'], ['sean', 'shaun']]) {
      assert.equal(areNicknames(a!, b!), true, `${a} / ${b}`);
      assert.equal(areNicknames(b!, a!), true, `${b} / ${a}`);
    }
    assert.equal(areNicknames('rob', 'william'), false);
    assert.equal(areNicknames('robert', 'robert'), false);
    assert.equal(areNicknames('amelia', 'mia'), false, 'sisters are often Amelia and Mia');
  });
});

describe('field comparisons', () => {
  it('first names: exact, nickname, typo, initial, differ', () => {
    assert.equal(compareFirstName('robert', 'robert'), 'exact');
    assert.equal(compareFirstName('mary ann', 'mary'), 'exact');
    assert.equal(compareFirstName('robert', 'bob'), 'nickname');
    assert.equal(compareFirstName('jonathan', 'jonathon'), 'typo');
    assert.equal(compareFirstName('robert', 'r'), 'initial');
    assert.equal(compareFirstName('robert', 'thomas'), 'differ');
    assert.equal(compareFirstName('', 'thomas'), 'missing');
  });
  it('surnames: exact whatever the punctuation, a shared part, a previous surname, a typo', () => {
    assert.equal(compareLastName(normaliseName("O'Neill"), normaliseName('O Neill')), 'exact');
    assert.equal(compareLastName(normaliseName('Smith-Jones'), normaliseName('Jones')), 'part');
    assert.equal(compareLastName('evans', 'hartley', ['hartley']), 'previous');
    assert.equal(compareLastName('kowalska', 'kowalksa'), 'typo');
    assert.equal(compareLastName('evans', 'hartley'), 'differ');
  });
  it('dates of birth: swapped day and month, one slipped digit in day, month or the year\'s last digit', () => {
    assert.equal(compareDateOfBirth('1992-03-04', '1992-04-03'), 'swapped');
    assert.equal(compareDateOfBirth('1992-03-14', '1992-03-15'), 'oneDigit');
    assert.equal(compareDateOfBirth('1992-03-14', '1992-08-14'), 'oneDigit');
    assert.equal(compareDateOfBirth('1992-03-14', '1993-03-14'), 'oneDigit');
    assert.equal(compareDateOfBirth('1955-03-14', '1985-03-14'), 'decade', 'a decade apart: a slip or another generation, its own level');
    assert.equal(compareDateOfBirth('1992-03-14', '1992-04-15'), 'withinYear');
    assert.equal(compareDateOfBirth('1992-03-14', '1994-04-15'), 'differ');
    assert.equal(compareDateOfBirth(undefined, '1992-04-15'), 'missing');
  });
  it('postcodes: unit, sector, district, elsewhere', () => {
    assert.equal(comparePostcode('SK4 1RT', 'SK4 1RT'), 'exact');
    assert.equal(comparePostcode('SK4 1RT', 'SK4 1AB'), 'sector');
    assert.equal(comparePostcode('SK4 1RT', 'SK4 3AB'), 'district');
    assert.equal(comparePostcode('SK4 1RT', 'M19 2QP'), 'differ');
  });
  it('postcodes against the previous addresses the CMS lists: previous, or elsewhere when none agrees', () => {
    assert.equal(comparePostcode('SK4 1RT', 'SK2 6HU', ['SK2 6HU']), 'previous');
    assert.equal(comparePostcode('SK4 1RT', 'SK4 1RT', ['SK2 6HU']), 'exact');
    assert.equal(comparePostcode('SK4 1RT', 'M19 2QP', ['SK2 6HU']), 'elsewhere');
    assert.equal(comparePostcode('SK4 1RT', 'SK4 3AB', ['SK2 6HU']), 'district', 'nearby still counts as nearby');
    assert.equal(comparePostcode(undefined, 'SK2 6HU', ['SK2 6HU']), 'previous');
    assert.equal(comparePostcode(undefined, 'M19 2QP', ['SK2 6HU']), 'missing', 'with no current postcode, the record may be at it');
    assert.equal(comparePostcode('SK4 1RT', undefined, ['SK2 6HU']), 'missing');
  });
});

describe('weights', () => {
  it('are log2(m/u) of the documented probabilities, positive for agreement, negative for disagreement', () => {
    for (const [field, levels] of Object.entries(MATCH_PROBABILITIES)) {
      for (const [level, { m, u }] of Object.entries(levels as Record<string, { m: number; u: number }>)) {
        const w = (WEIGHTS as unknown as Record<string, Record<string, number>>)[field]![level]!;
        assert.ok(Math.abs(w - Math.log2(m / u)) < 1e-9, `${field}.${level}`);
      }
    }
    assert.ok(WEIGHTS.dateOfBirth.exact > WEIGHTS.dateOfBirth.swapped && WEIGHTS.dateOfBirth.swapped > WEIGHTS.dateOfBirth.oneDigit);
    assert.ok(WEIGHTS.firstName.differ < 0 && WEIGHTS.lastName.differ < 0 && WEIGHTS.postcode.differ < 0);
  });
});

describe('scoring and bands', () => {
  it('confirmed on a shared CMS id whatever the names say', () => {
    const r = scoreMatch(person, candidate({ cmsId: 'P1', firstNameNorm: 'x', lastNameNorm: 'y', dateOfBirth: null }));
    assert.equal(r?.band, 'confirmed');
    assert.match(r!.basis[0]!, /CMS person id/);
  });
  it('confirmed on the same NHS number', () => {
    const r = scoreMatch({ ...person, cmsId: undefined, nhsNumber: '9990000018' }, candidate({ nhsNumber: '9990000018', firstNameNorm: 'bob' }));
    assert.equal(r?.band, 'confirmed');
    assert.deepEqual(r!.basis, ['Same NHS number']);
  });
  it('likely when names, date of birth and postcode agree', () => {
    const r = scoreMatch(person, candidate({}));
    assert.equal(r?.band, 'likely');
    assert.deepEqual(r!.basis, ['First name, last name, date of birth and postcode agree']);
  });
  it('likely when they moved house: names and date of birth agree, the postcode says so', () => {
    const r = scoreMatch(person, candidate({ postcode: 'SK1 3AA' }));
    assert.equal(r?.band, 'likely');
    assert.ok(r!.basis.includes('Postcode differs (they may have moved)'));
  });
  it('likely for a nickname, a typo, a swapped or slipped date at the same address, each said', () => {
    const cases: Array<[Partial<MatchCandidate>, RegExp]> = [
      [{ firstNameNorm: 'rob' }, /short form/],
      [{ firstNameNorm: 'robret' }, /spelt slightly differently/],
      [{ lastNameNorm: 'quinaln' }, /Last name is spelt slightly differently/],
      [{ dateOfBirth: '1992-11-02' }, /day and month swapped/],
      [{ dateOfBirth: '1992-02-12' }, /one digit/],
      [{ lastNameNorm: 'walsh' }, /Last name differs/],
    ];
    for (const [over, basis] of cases) {
      const r = scoreMatch(person, candidate(over));
      assert.equal(r?.band, 'likely', JSON.stringify(over));
      assert.ok(r!.basis.some((b) => basis.test(b)), `${JSON.stringify(over)}: ${r!.basis.join('; ')}`);
    }
  });
  it('a married woman is found under her new surname, and under her maiden name when the CMS holds it', () => {
    const woman: MatchPerson = { firstNameNorm: 'gemma', lastNameNorm: 'evans', previousLastNamesNorm: ['hartley'], dateOfBirth: '1995-07-02', gender: 'female', postcode: 'SK5 6AB' };
    const old = scoreMatch(woman, candidate({ firstNameNorm: 'gemma', lastNameNorm: 'hartley', dateOfBirth: '1995-07-02', gender: 'female', postcode: 'SK2 7XX' }));
    assert.equal(old?.band, 'likely');
    assert.ok(old!.basis.includes('Last name agrees with a previous surname'));
  });
  it('an old record at an address the CMS lists for them is likely, and said so, even with a misspelt first name', () => {
    const moved: MatchPerson = { ...person, previousPostcodesNorm: ['SK2 6HU'] };
    const r = scoreMatch(moved, candidate({ firstNameNorm: 'robret', postcode: 'SK2 6HU' }));
    assert.equal(r?.band, 'likely');
    assert.ok(r!.basis.includes('Postcode agrees with an address they lived at before'), r!.basis.join('; '));
    assert.equal(scoreMatch(person, candidate({ firstNameNorm: 'robret', postcode: 'SK2 6HU' }))?.band, 'possible', 'without the history it is only possible');
  });
  it('names and date of birth at an address the CMS has never listed for them: only possible, said so', () => {
    // A namesake born the same day lives elsewhere; the person's own moves are listed, and this is none of them.
    const moved: MatchPerson = { ...person, previousPostcodesNorm: ['SK2 6HU'] };
    const r = scoreMatch(moved, candidate({ postcode: 'M19 2QP' }));
    assert.equal(r?.band, 'possible');
    assert.ok(r!.basis.some((b) => /every earlier address the case record lists/.test(b)), r!.basis.join('; '));
    assert.equal(scoreMatch(person, candidate({ postcode: 'M19 2QP' }))?.band, 'likely', 'with no history listed, a move is the likelier story');
  });
  it('a record at an unlisted address is never hidden where a different postcode alone would show it as possible', () => {
    // Misspelt first name, day and month swapped, another address: possible at a different postcode...
    const weak = candidate({ firstNameNorm: 'robret', dateOfBirth: '1992-11-02', postcode: 'M19 2QP' });
    assert.equal(scoreMatch(person, weak)?.band, 'possible');
    // ...and still shown (possible, not nothing) when the case record lists earlier addresses that are not it.
    const r = scoreMatch({ ...person, previousPostcodesNorm: ['SK2 6HU'] }, weak);
    assert.equal(r?.band, 'possible');
    assert.ok(r!.basis.some((b) => /every earlier address/.test(b)));
  });
  it('a double-barrelled surname matches one of its parts', () => {
    const r = scoreMatch({ ...person, lastNameNorm: normaliseName('Quinlan-Shaw') }, candidate({}));
    assert.equal(r?.band, 'likely');
    assert.ok(r!.basis.some((b) => /shares a part/.test(b)));
  });
  it('only possible for a nickname or typo at another address, or a swapped date with no postcode', () => {
    const nick = scoreMatch(person, candidate({ firstNameNorm: 'rob', postcode: 'SK1 3AA' }));
    assert.equal(nick?.band, 'possible');
    assert.ok(nick!.basis.includes('First name is a known short form of the other'));
    const swapped = scoreMatch({ ...person, dateOfBirth: '1992-03-04' }, candidate({ dateOfBirth: '1992-04-03', postcode: null }));
    assert.equal(swapped?.band, 'possible');
    assert.ok(swapped!.basis.includes('Date of birth has day and month swapped'));
  });
  it('never more than possible without a date of birth on either side', () => {
    const r = scoreMatch(person, candidate({ dateOfBirth: null }));
    assert.equal(r?.band, 'possible');
    assert.ok(r!.basis.includes('No date of birth to compare'));
    assert.equal(scoreMatch({ ...person, dateOfBirth: undefined }, candidate({}))?.band, 'possible');
  });
  it('thresholds are configuration', () => {
    assert.equal(scoreMatch(person, candidate({ firstNameNorm: 'rob' }), { likely: 48, possible: 45 }), null);
    assert.equal(scoreMatch(person, candidate({ firstNameNorm: 'rob' }), { likely: 40, possible: 30 })?.band, 'possible');
    assert.equal(scoreMatch(person, candidate({ firstNameNorm: 'rob' }), DEFAULT_THRESHOLDS)?.band, 'likely');
  });
});

describe('must not match with confidence, but stays in sight', () => {
  it('twins: same surname, birthday and address, different first names: possible, saying they could be twins', () => {
    const twin = { firstNameNorm: 'ella', lastNameNorm: 'shaw', dateOfBirth: '2016-06-01', gender: 'female', postcode: 'SK3 9AX' } as const;
    const grace = scoreMatch(twin, candidate({ ...twin, firstNameNorm: 'grace' }));
    assert.equal(grace?.band, 'possible');
    assert.ok(grace!.basis.some((b) => /could be a twin or sibling/i.test(b)), grace!.basis.join('; '));
    assert.notEqual(band(twin, candidate({ ...twin, firstNameNorm: 'ellie' })), 'likely', 'names only alike: still possible at most');
    assert.notEqual(band(twin, candidate({ ...twin, firstNameNorm: 'oliver', gender: 'male' })), 'likely');
  });
  it('a cousin named after their grandparent: same names, birthdays decades apart: never likely', () => {
    const grandad = { firstNameNorm: 'arthur', lastNameNorm: 'holt', dateOfBirth: '1951-04-09', gender: 'male', postcode: 'SK6 2QR' } as const;
    assert.equal(band(grandad, candidate({ ...grandad, dateOfBirth: '2011-04-09', postcode: 'SK2 5HU' })), 'none');
    const decade = scoreMatch(grandad, candidate({ ...grandad, dateOfBirth: '1981-04-09' }));
    assert.notEqual(decade?.band, 'likely', 'one digit, but the decade: not a slip');
    assert.notEqual(band(grandad, candidate({ ...grandad, dateOfBirth: '2011-09-04' })), 'likely');
  });
  it('different people with the same name and birthday are never confirmed or likely when something tells them apart', () => {
    const sam = { firstNameNorm: 'sam', lastNameNorm: 'taylor', dateOfBirth: '1990-01-05', gender: 'male', postcode: 'SK5 6AB', cmsId: 'P77' } as const;
    // The record carries another CMS person's id: the council's master data says it is someone else.
    assert.equal(band(sam, candidate({ ...sam, cmsId: 'P78' })), 'none');
    // Another gender and another address: at most possible, saying what differs.
    const other = scoreMatch({ ...sam, cmsId: undefined }, candidate({ ...sam, cmsId: null, gender: 'female', postcode: 'M20 4AB' }));
    assert.equal(other?.band, 'possible');
    assert.ok(other!.basis.includes('Gender differs') && other!.basis.includes('Postcode differs (they may have moved)'));
  });
  it('only a surname in common: nothing', () => {
    assert.equal(scoreMatch(person, candidate({ firstNameNorm: 'susan', dateOfBirth: '1970-01-01', postcode: 'M1 1AA' })), null);
  });
});

describe('resolving several candidates', () => {
  const rowOf = (id: string) => ({ id });
  const scored = (id: string, over: Partial<MatchCandidate>, p: MatchPerson = person) => ({
    row: rowOf(id),
    sourcePersonId: id,
    match: scoreMatch(p, candidate(over)),
  });

  it('gives every record of one source person the best match any of them reached', () => {
    const out = resolveMatches([
      { row: rowOf('a1'), sourcePersonId: 'A', match: scoreMatch(person, candidate({})) },
      { row: rowOf('a2'), sourcePersonId: 'A', match: scoreMatch(person, candidate({ postcode: 'SK1 3AA', firstNameNorm: 'rob' })) },
    ]);
    assert.deepEqual(out.map((r) => [r.row.id, r.match.band]), [['a1', 'likely'], ['a2', 'likely']]);
  });
  it('two different people who both look likely: the one at this address keeps likely, the other drops to possible', () => {
    const out = resolveMatches([scored('HERE', {}), scored('ELSEWHERE', { postcode: 'M20 4AB' })]);
    const byId = Object.fromEntries(out.map((r) => [r.sourcePersonId, r.match]));
    assert.equal(byId.HERE!.band, 'likely');
    assert.equal(byId.ELSEWHERE!.band, 'possible');
    assert.ok(byId.ELSEWHERE!.basis.includes('Another record in this source matches this person better'));
  });
  it('two people nothing tells apart: both only possible, saying why', () => {
    const out = resolveMatches([scored('A', { postcode: 'M20 4AB' }), scored('B', { postcode: 'M19 2QP' })]);
    assert.deepEqual(out.map((r) => r.match.band), ['possible', 'possible']);
    assert.ok(out[0]!.match.basis.some((b) => /More than one record/.test(b)));
  });
  it('twins Henry and Harry asked about together: each keeps their own record, the other drops', () => {
    const henry: MatchPerson = { firstNameNorm: 'henry', lastNameNorm: 'wood', dateOfBirth: '2018-05-17', gender: 'male', postcode: 'M20 8TQ' };
    const harry: MatchPerson = { ...henry, firstNameNorm: 'harry' };
    const record = { firstNameNorm: 'harry', lastNameNorm: 'wood', dateOfBirth: '2018-05-17', gender: 'male', postcode: 'M20 8TQ' };
    const forHenry = resolveMatches([scored('SYN-HARRY', record, henry)]);
    assert.equal(forHenry[0]!.match.band, 'likely', 'alone, Harry is a known short form of Henry');
    const both = resolveAcrossPeople<{ id: string }>([forHenry as Resolved<{ id: string }>[], resolveMatches([scored('SYN-HARRY', record, harry)])]);
    assert.equal(both[0]![0]!.match.band, 'possible');
    assert.ok(both[0]![0]!.match.basis.includes('Another person in this family matches this record better'));
    assert.equal(both[1]![0]!.match.band, 'likely');
  });
});

describe('blocking keys', () => {
  it('file a record by surname sound with birth year, with birthday, and with postcode', () => {
    const keys = recordKeys({ first_name_norm: 'gemma', last_name_norm: 'smith jones', date_of_birth: '1995-07-02', postcode: 'SK5 6AB' });
    assert.ok(keys.includes(`y:${soundex('smith')}:1995:g`));
    assert.ok(keys.includes(`b:${soundex('jones')}:0702:g`));
    assert.ok(keys.includes(`a:SK56AB:${soundex('smithjones')}`));
    assert.ok(!keys.some((k) => k.startsWith('n:')), 'n: keys are only for records without a date of birth');
    assert.deepEqual(recordKeys({ first_name_norm: 'gemma', last_name_norm: 'smith', date_of_birth: null, postcode: null }), [`n:${soundex('smith')}`]);
  });
  it('look a person up by the keys their corrupted records would carry', () => {
    const k = blockingKeys([{ firstNameNorm: 'gemma', lastNameNorm: 'smith', dateOfBirth: '1995-07-02', postcode: 'SK5 6AB' }]);
    assert.deepEqual(k.datesOfBirth.sort(), ['1995-02-07', '1995-07-02']);
    const swappedRecord = recordKeys({ first_name_norm: 'gemma', last_name_norm: 'smyth', date_of_birth: '1995-02-07', postcode: 'SK1 1AA' });
    assert.ok(swappedRecord.some((key) => k.keys.includes(key)), 'a swapped date with a misspelt surname still meets');
    const yearSlip = recordKeys({ first_name_norm: 'gemma', last_name_norm: 'smith', date_of_birth: '1996-07-02', postcode: 'SK1 1AA' });
    assert.ok(yearSlip.some((key) => k.keys.includes(key)), 'a slipped year still meets');
    const noDob = recordKeys({ first_name_norm: 'gemma', last_name_norm: 'smith', date_of_birth: null, postcode: 'SK1 1AA' });
    assert.ok(noDob.some((key) => k.keys.includes(key)), 'a record without a date of birth still meets');
  });
  it('meet every pair the scorer would show among double slips: another surname at the same address, a nickname with a slipped year', () => {
    const gender = (first: string) => (first === 'jane' ? 'female' : 'male');
    const person = (first: string, last: string, dob: string, postcode?: string): MatchPerson => ({ firstNameNorm: first, lastNameNorm: last, dateOfBirth: dob, gender: gender(first), ...(postcode ? { postcode } : {}) });
    const record = (first: string, last: string, dob: string | null, postcode: string | null): MatchCandidate & { first_name_norm: string; last_name_norm: string; date_of_birth: string | null; postcode: string | null } => ({
      cmsId: null, nhsNumber: null, firstNameNorm: first, lastNameNorm: last, dateOfBirth: dob, gender: gender(first), postcode,
      first_name_norm: first, last_name_norm: last, date_of_birth: dob,
    });
    const cases: Array<[string, MatchPerson, ReturnType<typeof record>]> = [
      ['a slip Soundex does not survive and a date a day out, same address', person('jane', 'thompson', '1985-03-15', 'SK5 6AB'), record('jane', 'thomson', '1985-03-14', 'SK5 6AB')],
      ['a married name and a date a day out, same address', person('jane', 'smith', '1985-03-15', 'SK5 6AB'), record('jane', 'brown', '1985-03-14', 'SK5 6AB')],
      ['a nickname with another initial and a slipped year, no address', person('william', 'smith', '1985-03-15'), record('bill', 'smith', '1986-03-15', null)],
    ];
    for (const [what, p, r] of cases) {
      assert.ok(scoreMatch(p, r), `${what}: the scorer shows it (else this case tests nothing)`);
      const keys = new Set(blockingKeys([p]).keys);
      assert.ok(recordKeys(r).some((k) => keys.has(k)), `${what}: a lookup's keys meet the record's`);
    }
  });
  it('find a record without a date of birth at a previous address the CMS lists', () => {
    const record = recordKeys({ first_name_norm: 'gemma', last_name_norm: 'smith', date_of_birth: null, postcode: 'SK2 6HU' });
    const withHistory = blockingKeys([{ firstNameNorm: 'gemma', lastNameNorm: 'smith', dateOfBirth: '1995-07-02', postcode: 'SK5 6AB', previousPostcodesNorm: ['SK2 6HU'] }]);
    assert.ok(withHistory.keys.includes(`a:SK26HU:${soundex('smith')}`));
    assert.ok(record.some((key) => withHistory.keys.includes(key)));
  });
});
