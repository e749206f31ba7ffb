/** Configuration fails fast, naming the variable and what to set. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, DEMO_ISSUER, loadConfig } from '../../server/src/config.js';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.problems;
  }
  assert.fail('expected a ConfigError');
}

describe('configuration', () => {
  it('demo mode needs nothing else and uses the demo issuer', () => {
    const c = loadConfig({ FC_DEMO: '1' });
    assert.equal(c.demo, true);
    assert.equal(c.auth.issuer, DEMO_ISSUER);
    assert.equal(c.auth.keys.kind, 'demo');
    assert.equal(c.port, 8080);
    assert.equal(c.database.kind, 'sqlite');
    assert.ok(Object.isFrozen(c) && Object.isFrozen(c.auth));
  });
  it('FC_AUTH_* replaces the demo issuer even in demo mode', () => {
    const c = loadConfig({ FC_DEMO: '1', FC_AUTH_ISSUER: 'https://idp.example/', FC_AUTH_JWKS_URL: 'https://idp.example/keys' });
    assert.equal(c.auth.issuer, 'https://idp.example/');
    assert.equal(c.auth.keys.kind, 'url');
  });
  it('outside demo mode, names the missing issuer and keys', () => {
    const p = problems({});
    assert.ok(p.some((m) => m.startsWith('FC_AUTH_ISSUER is not set')));
    assert.ok(p.some((m) => m.startsWith('FC_AUTH_JWKS_URL is not set')));
  });
  it('refuses demo mode in production', () => {
    assert.ok(problems({ FC_DEMO: '1', NODE_ENV: 'production' }).some((m) => /refused when NODE_ENV=production/.test(m)));
  });
  it('refuses symmetric algorithms, bad ports, bad databases, bad age rules, and hides passwords', () => {
    const p = problems({
      FC_DEMO: '1', FC_AUTH_ALGORITHMS: 'RS256,HS256', PORT: 'eighty', FC_DB: 'mysql://u:secret@h/db', FC_AGE_RULES: '{"police":{"minAge":"18"}}',
    });
    assert.ok(p.some((m) => /HS256/.test(m)));
    assert.ok(p.some((m) => /^PORT is "eighty"/.test(m)));
    assert.ok(p.some((m) => /^FC_DB/.test(m) && !m.includes('secret')));
    assert.ok(p.some((m) => /^FC_AGE_RULES at "police.minAge"/.test(m)));
  });
  it('refuses settings that would start a server no token can use or that logs nothing it was asked to: empty audience, empty algorithm list, unknown log level, empty host', () => {
    const p = problems({ FC_DEMO: '1', FC_AUTH_AUDIENCE: '', FC_AUTH_ALGORITHMS: ' , ', FC_LOG_LEVEL: 'verbose', FC_HOST: '' });
    assert.ok(p.some((m) => /^FC_AUTH_AUDIENCE is empty/.test(m)), p.join('\n'));
    assert.ok(p.some((m) => /^FC_AUTH_ALGORITHMS is empty/.test(m)), p.join('\n'));
    assert.ok(p.some((m) => /^FC_LOG_LEVEL is "verbose": use one of fatal, error, warn, info, debug, trace, silent/.test(m)), p.join('\n'));
    assert.ok(p.some((m) => /^FC_HOST is empty/.test(m)), p.join('\n'));
    assert.equal(loadConfig({ FC_DEMO: '1', FC_LOG_LEVEL: 'debug' }).logLevel, 'debug');
  });
  it('refuses an http JWKS address other than localhost, and unknown services', () => {
    const p = problems({ FC_AUTH_ISSUER: 'x', FC_AUTH_JWKS_URL: 'http://idp.example/keys', FC_SERVICES: 'school,probation' });
    assert.ok(p.some((m) => /must use https/.test(m)));
    assert.ok(p.some((m) => /FC_SERVICES has "probation"/.test(m)));
  });
});
