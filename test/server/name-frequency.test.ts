/**
 * Value-specific weights (name-frequency.ts): agreement on a rare surname is worth more than on a common one, the
 * counts of a small source barely move the flat weights, an unknown value falls back to the flat weight, and the
 * flat weights stay the default.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../../server/src/config.js';
import { birthDateU, firstNameU, lastNameU, U_FLOOR, type NameFrequencies } from '../../server/src/matching/name-frequency.js';
import { DEFAULT_THRESHOLDS, scoreMatch, type MatchCandidate, type MatchPerson, type MatchThresholds } from '../../server/src/matching/score.js';
import { MATCH_PROBABILITIES } from '../../server/src/matching/weights.js';

/** A source of 200,000 people: one in fifty is a Smith, three are Oyelarans; Jack is common among 1980s births. */
function table(people = 200_000): NameFrequencies {
  const scale = people / 200_000;
  return {
    people,
    firstNames: new Map([['jack', Math.round(4000 * scale)], ['imogen', Math.round(40 * scale)]]),
    firstNamesByDecade: new Map([['198|jack', Math.round(2500 * scale)], ['198|imogen', Math.max(1, Math.round(5 * scale))]]),
    decades: new Map([['198', Math.round(30_000 * scale)]]),
    lastNames: new Map([['smith', Math.round(4000 * scale)], ['oyelaran', Math.max(1, Math.round(3 * scale))]]),
    birthYears: new Map([['1986', Math.round(3000 * scale)]]),
    peopleWithBirthDate: Math.round(190_000 * scale),
  };
}

const SURNAME: MatchThresholds = { ...DEFAULT_THRESHOLDS, nameFrequencies: 'surname' };
const ALL: MatchThresholds = { ...DEFAULT_THRESHOLDS, nameFrequencies: 'all' };

function pair(lastName: string, firstName = 'imogen'): { person: MatchPerson; moved: MatchCandidate; home: MatchCandidate } {
  const person: MatchPerson = { firstNameNorm: firstName, lastNameNorm: lastName, dateOfBirth: '1986-04-12', gender: 'female', postcode: 'SK5 6AB' };
  const home: MatchCandidate = { cmsId: null, nhsNumber: null, firstNameNorm: firstName, lastNameNorm: lastName, dateOfBirth: '1986-04-12', gender: 'female', postcode: 'SK5 6AB' };
  // The same names and birthday at an address in another postcode district: moved house, or a namesake.
  return { person, home, moved: { ...home, postcode: 'M19 2QP' } };
}

describe('value-specific u probabilities', () => {
  it('are the share of the source’s people with that value, pulled towards the flat u and never below a floor', () => {
    const t = table();
    const flat = MATCH_PROBABILITIES.lastName.exact.u;
    const smith = lastNameU(t, 'smith', flat)!;
    const rare = lastNameU(t, 'oyelaran', flat)!;
    assert.ok(Math.abs(smith - 0.02) < 0.001, `Smith: ${smith}`);
    assert.ok(smith > flat && rare < flat, 'a common surname is commoner than the flat u, a rare one rarer');
    assert.ok(rare >= U_FLOOR.lastName);
    assert.equal(lastNameU(t, 'o neill', flat), undefined, 'a name the table does not hold has no u of its own');
  });

  it('barely move in a small source, where one name more or less is chance', () => {
    const flat = MATCH_PROBABILITIES.lastName.exact.u;
    const small = lastNameU(table(300), 'smith', flat)!; // 6 Smiths in 300 people
    const large = lastNameU(table(), 'smith', flat)!;
    assert.ok(Math.abs(Math.log2(small / flat)) < Math.abs(Math.log2(large / flat)), `small ${small}, large ${large}, flat ${flat}`);
  });

  it('count a first name among people born in the same decade, and a birthday within its year', () => {
    const t = table();
    const flatFirst = MATCH_PROBABILITIES.firstName.exact.u;
    // 2,500 of 30,000 born in the 1980s are Jacks: far commoner than across all ages (4,000 of 200,000).
    assert.ok(firstNameU(t, 'jack', '1986-04-12', flatFirst)! > firstNameU(t, 'jack', undefined, flatFirst)! * 3);
    const dob = birthDateU(t, '1986-04-12', MATCH_PROBABILITIES.dateOfBirth.exact.u)!;
    assert.ok(Math.abs(dob - 3000 / 190_000 / 365.25) < 1e-6, `u ${dob}`);
    assert.equal(birthDateU(t, '1901-01-01', MATCH_PROBABILITIES.dateOfBirth.exact.u), undefined);
  });
});

describe('scoring with name frequencies', () => {
  it('is off by default: the configuration and the scores are the flat ones', () => {
    const config = loadConfig({ FC_DEMO: '1', FC_LOG_LEVEL: 'silent' });
    assert.equal(config.matchThresholds.nameFrequencies, 'off');
    const { person, moved } = pair('smith');
    assert.deepEqual(scoreMatch(person, moved, config.matchThresholds, table()), scoreMatch(person, moved));
  });

  it('a common surname with the date of birth at another address is not likely; a rare one is', () => {
    const common = pair('smith');
    const rare = pair('oyelaran');
    const flat = scoreMatch(common.person, common.moved)!;
    assert.equal(flat.band, 'likely', 'the flat weights cannot tell the two apart');
    assert.equal(scoreMatch(rare.person, rare.moved)!.band, 'likely');

    const smith = scoreMatch(common.person, common.moved, SURNAME, table())!;
    assert.equal(smith.band, 'possible');
    assert.ok(smith.basis.includes('The last name is common in this source, so agreeing on it counts for less'), smith.basis.join('; '));
    const oyelaran = scoreMatch(rare.person, rare.moved, SURNAME, table())!;
    assert.equal(oyelaran.band, 'likely');
    assert.ok(oyelaran.score > flat.score);
    assert.ok(!oyelaran.basis.some((b) => /counts for/.test(b)), 'no note when the band is what the flat weights give');
    // At home, the common name is still a likely match.
    assert.equal(scoreMatch(common.person, common.home, SURNAME, table())!.band, 'likely');
  });

  it('with `all`, a first name common among people born that decade counts for less as well', () => {
    const { person, moved } = pair('oyelaran', 'jack');
    const surnameOnly = scoreMatch(person, moved, SURNAME, table())!;
    const all = scoreMatch(person, moved, ALL, table())!;
    assert.ok(all.score < surnameOnly.score, `${all.score} < ${surnameOnly.score}`);
  });

  it('a source without a table, or a name it does not hold, scores with the flat weights: never a stronger claim', () => {
    const { person, moved } = pair('o neill');
    assert.deepEqual(scoreMatch(person, moved, SURNAME, undefined), scoreMatch(person, moved));
    assert.deepEqual(scoreMatch(person, moved, SURNAME, table()), scoreMatch(person, moved));
    const empty: NameFrequencies = { ...table(), firstNames: new Map(), firstNamesByDecade: new Map(), lastNames: new Map(), birthYears: new Map() };
    assert.deepEqual(scoreMatch(person, moved, ALL, empty), scoreMatch(person, moved));
  });

  it('a different first name or date of birth is never more than possible, however rare the surname', () => {
    // Issue 16: disagreement is evidence, not a veto. A twin or a sibling stays out of confirmed and likely, and
    // is shown as possible with the reason in words, however rare the surname makes the rest look.
    const { person, home } = pair('oyelaran');
    const twin = scoreMatch(person, { ...home, firstNameNorm: 'olusegun' }, ALL, table());
    assert.ok(twin === null || twin.band === 'possible', `another first name: ${twin?.band}`);
    if (twin) assert.ok(twin.basis.some((b) => /twin or sibling/.test(b)), twin.basis.join('; '));
    const otherBirthday = scoreMatch(person, { ...home, dateOfBirth: '1990-11-30' }, ALL, table());
    assert.ok(otherBirthday === null || otherBirthday.band === 'possible', `another date of birth: ${otherBirthday?.band}`);
    // And a missing date of birth still caps the band at possible.
    assert.equal(scoreMatch({ ...person, dateOfBirth: undefined }, home, ALL, table())?.band, 'possible');
  });

  it('FC_MATCH_NAME_FREQUENCIES is checked', () => {
    assert.equal(loadConfig({ FC_DEMO: '1', FC_MATCH_NAME_FREQUENCIES: 'surname' }).matchThresholds.nameFrequencies, 'surname');
    assert.throws(() => loadConfig({ FC_DEMO: '1', FC_MATCH_NAME_FREQUENCIES: 'yes' }), /FC_MATCH_NAME_FREQUENCIES is "yes": use off, surname or all/);
  });
});
