/** The shim config's validation: every problem names the key that is wrong. */
import { expect } from '@open-wc/testing';
import { invalidSelectors, validateShimConfig, type ShimConfig } from '../../host-shims/core/shim-config.js';
import { DEFAULT_EIS_CONFIG } from '../../host-shims/eis/default-config.js';
import { DATA_ATTRIBUTES_CONFIG, DEFAULT_GENERIC_CONFIG } from '../../host-shims/generic/default-config.js';
import { DEFAULT_LCS_CONFIG } from '../../host-shims/lcs/default-config.js';
import { DEFAULT_MOSAIC_CONFIG } from '../../host-shims/mosaic/default-config.js';

const copy = (): Record<string, any> => JSON.parse(JSON.stringify(DEFAULT_MOSAIC_CONFIG));
const problems = (json: unknown): string[] => {
  const checked = validateShimConfig(json);
  return checked.ok ? [] : checked.problems;
};

describe('shim config validation', () => {
  it('accepts every built-in config', () => {
    for (const config of [DEFAULT_MOSAIC_CONFIG, DEFAULT_EIS_CONFIG, DEFAULT_LCS_CONFIG, DEFAULT_GENERIC_CONFIG, DATA_ATTRIBUTES_CONFIG]) {
      expect(problems(config), config.host).to.deep.equal([]);
      expect(invalidSelectors(config as ShimConfig, document)).to.deep.equal([]);
    }
  });

  it('names a missing selector', () => {
    const config = copy();
    delete config.people.dateOfBirth.selector;
    expect(problems(config)).to.deep.equal(['people.dateOfBirth.selector: required']);
  });

  it('names a misspelt key', () => {
    const config = copy();
    config.people.dateOfBrith = config.people.dateOfBirth;
    delete config.people.dateOfBirth;
    expect(problems(config)).to.deep.equal(['people.dateOfBirth: required', 'people.dateOfBrith: unknown key (check the spelling against the schema)']);
  });

  it('says which version it reads', () => {
    expect(problems({ ...copy(), version: 2 })).to.deep.equal(['version: must be 1 (this release reads config version 1)']);
    expect(problems((({ version: _v, ...rest }) => rest)(copy()))).to.deep.equal(['version: required']);
  });

  it('names bad values: date format, regular expression, name fields, relationships, auth', () => {
    const config = copy();
    config.dateFormats = ['MM/DD/YYYY'];
    config.people.dateOfBirth.match = '(\\d{2}';
    config.relationships.family = [];
    config.auth = { kind: 'oidc', authority: 'not a url', clientId: 'x', scope: 'openid', redirectUri: 'https://fc.example/cb' };
    const found = problems(config);
    expect(found.some((p) => p.startsWith('dateFormats.0:'))).to.equal(true);
    expect(found).to.include('people.dateOfBirth.match: is not a valid regular expression');
    expect(found.some((p) => p.startsWith('relationships.family:'))).to.equal(true);
    expect(found.some((p) => p.startsWith('auth.authority:'))).to.equal(true);
  });

  it('needs a name: the whole name, or first and last name', () => {
    const config = copy();
    delete config.child.firstName;
    expect(problems(config)).to.deep.equal(['child.name: required (or give both firstName and lastName)']);
  });

  it('needs child and people unless the page carries the context as JSON', () => {
    const { child: _c, people: _p, ...rest } = copy();
    expect(problems(rest)).to.deep.equal([
      'child: required (or set jsonScript for pages that carry the context as JSON)',
      'people: required (or set jsonScript for pages that carry the context as JSON)',
    ]);
    expect(problems({ ...rest, jsonScript: '#family-context' })).to.deep.equal([]);
  });

  it('finds selectors the browser cannot read, by key', () => {
    const config = copy();
    config.child.container = '#person-summary >> div';
    config.people.relationship.selector = 'td:unknown-pseudo';
    expect(validateShimConfig(config).ok).to.equal(true);
    expect(invalidSelectors(config as ShimConfig, document)).to.deep.equal([
      'child.container: "#person-summary >> div" is not a valid CSS selector',
      'people.relationship.selector: "td:unknown-pseudo" is not a valid CSS selector',
    ]);
  });
});
