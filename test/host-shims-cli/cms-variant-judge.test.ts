/**
 * The CMS variants harness's judge (cms-variant-judge.ts) and the committed variant folders: the judge catches a
 * previous child's family, professionals, the deceased, misread names and a silent panel; every committed
 * variant's expected.json is well formed. The browser run itself is `npm run test:cms-variants` (not in npm test).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { judgeSend, panelSaysUnreadable, sameName } from './cms-variant-judge.js';
import { readVariants, type ExpectedPerson, type ExpectedState } from './cms-variant-pages.js';

/** "First|Last", and the rest of a family member as expected.json holds them. */
function person(name: string, dob: string | null, cmsId: string, relationship: string, more = {}): ExpectedPerson {
  const [firstName, lastName] = name.split('|') as [string, string];
  return { firstName, lastName, dateOfBirth: dob, cmsId, relationship, professional: false, ...more };
}

const before: ExpectedState = {
  child: { firstName: 'Ellie-Mae', lastName: 'Thornbury', dateOfBirth: '2017-03-14', cmsId: 'P1' },
  people: [
    person('Danielle|Thornbury', '1990-11-02', 'P2', 'Mother'),
    person('Priya|Nandakumar', null, 'W1', 'Allocated worker', { professional: true }),
  ],
  unreadable: 0,
};
const now: ExpectedState = {
  child: { firstName: 'Caoimhe', lastName: 'Nic Dhonnchadha', dateOfBirth: '2019-02-03', cmsId: 'C1' },
  people: [
    person('Carol|Pike', '1964-01-08', 'C2', 'Maternal grandmother', { formerSurnames: ['Brennan'] }),
    person('Gareth|Gwilliam', null, 'C3', 'Uncle', { deceased: true }),
  ],
  unreadable: 1,
};
const child = { firstName: 'Caoimhe', lastName: 'Nic Dhonnchadha', dateOfBirth: '2019-02-03', cmsId: 'C1' };
const carol = {
  firstName: 'Carol',
  lastName: 'Pike',
  dateOfBirth: '1964-01-08',
  cmsId: 'C2',
  previousLastNames: ['Brennan'],
};
/** What the browser sent after one "Check all": the child (also among the people, as shims send it) and `people`. */
const sent = (people: unknown[], who = child) => ({
  pressed: true,
  bodies: [{ child: who, people: [who, ...people] }],
});

describe('the CMS variants judge', () => {
  it('passes the right child with the right family, read right', () => {
    const j = judgeSend(sent([carol]), now, [before], { listed: ['Carol Pike, Maternal grandmother'] });
    assert.deepEqual(j.problems, []);
    assert.equal(j.missing, 0);
  });

  it("catches the previous child's family, sent or only offered, and the previous child", () => {
    const danielle = { firstName: 'Danielle', lastName: 'Thornbury', dateOfBirth: '1990-11-02', cmsId: 'P2' };
    const j = judgeSend(sent([carol, danielle], { ...child, firstName: 'Ellie-Mae' }), now, [before], {
      listed: ['Danielle Thornbury, Mother'],
    });
    assert.match(j.strangerProblems.join('\n'), /previous child's family member sent: Danielle Thornbury/);
    assert.match(j.strangerProblems.join('\n'), /panel offers a previous child's family member/);
    assert.match(j.childProblems.join('\n'), /child sent as "Ellie-Mae Nic Dhonnchadha"/);
  });

  it('catches a professional and someone marked deceased', () => {
    const gareth = { firstName: 'Gareth', lastName: 'Gwilliam', cmsId: 'C3' };
    const professional = { firstName: 'Priya', lastName: 'Nandakumar', cmsId: 'W1' };
    const withWorker = { ...now, people: [...now.people, before.people[1]!] };
    const j = judgeSend(sent([carol, gareth, professional]), withWorker, [], { listed: [] });
    assert.match(j.strangerProblems.join('\n'), /deceased or ended sent: Gareth Gwilliam/);
    assert.match(j.strangerProblems.join('\n'), /professional sent: Priya Nandakumar/);
  });

  it('catches a misread surname, a missing former surname and a date of birth that is not on the page', () => {
    const misread = { firstName: 'Carol', lastName: 'Brennan)', dateOfBirth: '1964-01-08', cmsId: 'C2' };
    const j = judgeSend(sent([misread], { ...child, lastName: 'Dhonnchadha' }), now, [], { listed: [] });
    assert.match(j.readProblems.join('\n'), /read as first "Carol", last "Brennan\)"/);
    assert.match(j.readProblems.join('\n'), /former surname Brennan not sent/);
    assert.match(j.childProblems.join('\n'), /"Caoimhe Dhonnchadha"/);
  });

  it('counts family members not sent, and says when nothing reached the server', () => {
    assert.equal(judgeSend(sent([]), now, [], { listed: [] }).missing, 1);
    const silent = judgeSend({ pressed: true, bodies: [] }, now, [], { listed: [] });
    assert.match(silent.readProblems.join('\n'), /nothing reached POST \/api\/v1\/involvements/);
    const unpressed = judgeSend({ pressed: false, bodies: [] }, now, [], { listed: [] });
    assert.match(unpressed.childProblems.join(), /no enabled "Check all"/);
  });

  it('compares names without letter case, spacing or curly apostrophes; knows the panel\'s "could not be read"', () => {
    assert.ok(sameName('UA  BRIAIN', 'Ua Briain'));
    assert.ok(sameName('O\u2019Rourke', "O'Rourke"));
    assert.ok(!sameName('Dhonnchadha', 'Nic Dhonnchadha'));
    assert.ok(panelSaysUnreadable('1 person linked to Leah on the page could not be read, so is not listed.'));
    assert.ok(!panelSaysUnreadable('People linked to Leah Hartley'));
  });
});

describe('the committed CMS variant folders', () => {
  it('each has a well-formed expected.json, a config.json and its page', () => {
    const variants = readVariants(new URL('../../fixtures/cms-pages/variants/', import.meta.url).pathname);
    assert.ok(variants.length >= 12, `${variants.length} variant folders`);
    for (const v of variants) {
      const family = v.expected.people.filter((p) => !p.professional && !p.deceased);
      assert.ok(family.length, `${v.name}: no family member to check`);
    }
  });
});
