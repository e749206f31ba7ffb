/** The search form's reason follows the server's rule (server/src/policy/reason-rule.ts), not "any character". */
import { expect } from '@open-wc/testing';
import { MIN_REASON_CHARACTERS } from '../../server/src/policy/reason-rule.js';
import { DEFAULT_WORDING } from '../../widget/src/wording.js';
import { EMPTY_SEARCH, validateSearch } from '../../widget/src/search-form.js';

describe('search form reason', () => {
  const options = { reasonShown: true, wording: DEFAULT_WORDING, on: { year: 2026, month: 11, day: 21 } };
  const search = (reason: string) => validateSearch({ ...EMPTY_SEARCH, surname: 'Brown', firstName: 'Lee', cmsId: 'P2004', reason }, options);

  it(`refuses a reason without ${MIN_REASON_CHARACTERS} visible letters or digits`, () => {
    for (const reason of ['x', '..........', '\u200B'.repeat(10), '\u202E'.repeat(10), '\u202EReferral from school']) {
      const outcome = search(reason);
      expect(!outcome.ok && outcome.errors.map((e) => e.field), JSON.stringify(reason)).to.deep.equal(['reason']);
    }
  });

  it('accepts one the server accepts, as typed', () => {
    const outcome = search('Named by the school');
    expect(outcome.ok && outcome.reason).to.equal('Named by the school');
  });
});
