/**
 * `family-context shim-check`: the command IT runs against a saved CMS page. Real saved pages (the fixtures
 * rendered to files), the real shim code in real headless Chromium; only the output streams are captured.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { renderCmsPageFile } from '../../fixtures/cms-pages/render.js';
import { run } from '../../host-shims/cli/shim-check.js';
import { DEFAULT_MOSAIC_CONFIG } from '../../host-shims/mosaic/default-config.js';

const TODAY = '2025-11-20';
let dir: string;

async function shimCheck(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(argv, { out: (t) => out.push(t), err: (t) => err.push(t), env });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const page = (name: string): string => join(dir, `${name}.html`);
const config = (name: string, value: unknown): string => {
  const path = join(dir, `${name}.json`);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  return path;
};

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fc-shim-check-'));
  for (const cms of ['mosaic', 'eis', 'lcs'] as const) {
    for (const variant of ['standard', 'duplicate', 'missing-dob', 'markup', 'deceased-ended'] as const) {
      writeFileSync(page(`${cms}-${variant}`), await renderCmsPageFile(cms, TODAY, variant));
    }
  }
});

after(() => rmSync(dir, { recursive: true, force: true }));

describe('shim-check', () => {
  it('prints the child, the family offered, who is left out and why', async () => {
    const { code, out } = await shimCheck(['--host', 'mosaic', '--today', TODAY, page('mosaic-standard')]);
    assert.equal(code, 0);
    assert.match(out, /Child\n\s+Leah Hartley\s+id P042817 · born 2018-06-30 · female · SK5 8QT/);
    assert.match(out, /People offered to the social worker \(7\)/);
    for (const name of ['Gemma Hartley', 'Robert Mellor', 'Darren Kinsella', 'Jordan Pryce', 'Tyler Hartley', 'Poppy Hartley', "Janet O'Rourke"]) {
      assert.ok(out.includes(name), name);
    }
    assert.match(out, /Jordan Pryce\s+Mother's partner\s+id P042821 · NO DATE OF BIRTH/);
    // The former surname and earlier address the record lists, as they will be sent.
    assert.match(out, /Janet O'Rourke\s+Maternal grandmother\s+id P042822 · born [-\d]+ · female · M19 2PL · formerly Hartley · earlier SK6 2QR/);
    assert.match(out, /Left out \(2\)[\s\S]*Aisha Khan[\s\S]*"Allocated worker" is not a family relationship[\s\S]*Priya Raman[\s\S]*"GP" is not a family relationship/);
    assert.match(out, /Warnings \(1\)\n {2}! people\.dateOfBirth: row 4 \(Jordan Pryce\): no date of birth/);
    assert.match(out, /Result: child found, 7 people offered, 1 warning\./);
  });

  it('warns about a person listed twice and missing dates of birth; --strict makes warnings fail', async () => {
    const duplicate = await shimCheck(['--host', 'eis', '--today', TODAY, page('eis-duplicate')]);
    assert.equal(duplicate.code, 0);
    assert.match(duplicate.out, /! people\.row: row 10 \(Gemma Hartley, P042818\) repeats row 1; shown once/);
    assert.match(duplicate.out, /listed twice \(see row 1\)/);
    const missing = await shimCheck(['--host', 'lcs', '--today', TODAY, '--strict', page('lcs-missing-dob')]);
    assert.equal(missing.code, 1);
    assert.match(missing.out, /Warnings \(3\)/);
    assert.match(missing.out, /! people\.dateOfBirth: row 1 \(Gemma Hartley\): no date of birth/);
  });

  it('leaves out deceased people and ended relationships, and says so', async () => {
    const { code, out } = await shimCheck(['--host', 'lcs', '--today', TODAY, page('lcs-deceased-ended')]);
    assert.equal(code, 0);
    assert.match(out, /Darren Kinsella\s+Step father[^\n]*\n\s+→ the relationship has ended/);
    assert.match(out, /Janet O'Rourke\s+Maternal grandmother[^\n]*\n\s+→ marked deceased/);
    assert.match(out, /People offered to the social worker \(5\)/);
  });

  it('prints names holding markup as text', async () => {
    const { out } = await shimCheck(['--host', 'mosaic', '--today', TODAY, page('mosaic-markup')]);
    assert.ok(out.includes('<b>Gemma</b> Hartley'));
    assert.ok(out.includes('Mellor<script>window.__fcInjected = "script"</script>'));
  });

  it('warns about a date it could not read and a selector that finds nothing, naming the key', async () => {
    const custom = structuredClone(DEFAULT_MOSAIC_CONFIG) as Record<string, any>;
    custom.dateFormats = ['D MMM YYYY'];
    custom.people.address = { selector: 'td.no-such-cell' };
    const { code, out } = await shimCheck(['--host', 'mosaic', '--config', config('wrong-format', custom), '--today', TODAY, page('mosaic-standard')]);
    assert.equal(code, 0);
    assert.match(out, /! child\.dateOfBirth: the child \(Leah Hartley\): "30\/06\/2018" could not be read as D MMM YYYY; sent without a date of birth/);
    assert.match(out, /! people\.dateOfBirth: row 1 \(Gemma Hartley\): "23\/04\/1994" could not be read as D MMM YYYY/);
    assert.match(out, /! people\.address\.selector: nothing found at "td\.no-such-cell" in any row/);
  });

  it('warns when your config signs in with the demo issuer ("kind": "demo", as in the examples, or no auth block), so --strict fails', async () => {
    // The example configs (host-shims/configs/) say "auth": { "kind": "demo" }: a copy kept as it is.
    const demo = config('demo-auth', DEFAULT_MOSAIC_CONFIG);
    const lenient = await shimCheck(['--host', 'mosaic', '--config', demo, '--today', TODAY, page('mosaic-standard')]);
    assert.equal(lenient.code, 0, 'a warning, not an error');
    assert.match(lenient.out, /Warnings \(2\)/);
    assert.match(lenient.out, /! auth: "demo" is the demo sign-in, which works only on a demo server \(FC_DEMO=1\); set your council's "oidc" auth block/);
    const strict = await shimCheck(['--host', 'mosaic', '--config', demo, '--strict', '--today', TODAY, page('mosaic-standard')]);
    assert.equal(strict.code, 1);
    const { auth: _auth, ...withoutAuth } = DEFAULT_MOSAIC_CONFIG;
    const none = await shimCheck(['--host', 'mosaic', '--config', config('no-auth', withoutAuth), '--today', TODAY, page('mosaic-standard')]);
    assert.match(none.out, /! auth: not set, so the shim signs in with the demo issuer, which only a demo server \(FC_DEMO=1\) has/);
    const oidc = {
      ...DEFAULT_MOSAIC_CONFIG,
      auth: {
        kind: 'oidc',
        authority: 'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0',
        clientId: '11111111-1111-1111-1111-111111111111',
        scope: 'openid profile api://family-context/FamilyContext.Use',
        redirectUri: 'https://mosaic.council.example/oidc-callback.html',
      },
    };
    const signedIn = await shimCheck(['--host', 'mosaic', '--config', config('oidc-auth', oidc), '--today', TODAY, page('mosaic-standard')]);
    assert.equal(signedIn.code, 0);
    assert.doesNotMatch(signedIn.out, /! auth:/);
    assert.match(signedIn.out, /Warnings \(1\)/, 'only the missing date of birth');
  });

  it('--strict asks for people.ownerId on a page that looks as if the CMS changes child without reloading', async () => {
    const html = (await renderCmsPageFile('mosaic', TODAY, 'standard')).replace('<body', '<body ng-version="17.3.0"');
    writeFileSync(page('mosaic-spa'), html);
    const strict = await shimCheck(['--host', 'mosaic', '--strict', '--today', TODAY, page('mosaic-spa')]);
    assert.equal(strict.code, 1);
    assert.match(strict.out, /! people\.ownerId: not set, and this page looks as if the CMS changes child without reloading \(Angular\)/);
    // The same saved page without the framework's marks, or with an owner marker configured: no such warning.
    const still = await shimCheck(['--host', 'mosaic', '--strict', '--today', TODAY, page('mosaic-standard')]);
    assert.doesNotMatch(still.out, /people\.ownerId/);
    const owned = { ...DEFAULT_MOSAIC_CONFIG, people: { ...DEFAULT_MOSAIC_CONFIG.people, ownerId: { selector: '#person-summary', attribute: 'data-person-id' } } };
    const withOwner = await shimCheck(['--host', 'mosaic', '--config', config('owned', owned), '--strict', '--today', TODAY, page('mosaic-spa')]);
    assert.doesNotMatch(withOwner.out, /people\.ownerId: not set/);
  });

  it('says when there is no child on the page, and exits 1', async () => {
    const { code, out } = await shimCheck(['--host', 'eis', '--today', TODAY, page('mosaic-standard')]);
    assert.equal(code, 1);
    assert.match(out, /Child: NOT FOUND/);
    assert.match(out, /! child\.container: nothing found at "#cyp-record"/);
  });

  it('lists config problems by key and does not run', async () => {
    const broken = structuredClone(DEFAULT_MOSAIC_CONFIG) as Record<string, any>;
    delete broken.people.dateOfBirth.selector;
    broken.people.relationshp = broken.people.relationship;
    const { code, err, out } = await shimCheck(['--host', 'mosaic', '--config', config('broken', broken), page('mosaic-standard')]);
    assert.equal(code, 1);
    assert.equal(out, '');
    assert.match(err, /has 2 problems/);
    assert.match(err, / {2}- people\.dateOfBirth\.selector: required/);
    assert.match(err, / {2}- people\.relationshp: unknown key/);
    const notJson = await shimCheck(['--host', 'mosaic', '--config', config('not-json', '{ "version": 1,'), page('mosaic-standard')]);
    assert.equal(notJson.code, 1);
    assert.match(notJson.err, /\(file\): not valid JSON/);
    const badSelector = await shimCheck(['--host', 'mosaic', '--config', config('bad-selector', { ...DEFAULT_MOSAIC_CONFIG, people: { ...DEFAULT_MOSAIC_CONFIG.people, row: 'tr >> td' } }), page('mosaic-standard')]);
    assert.equal(badSelector.code, 1);
    assert.match(badSelector.err, /people\.row: "tr >> td" is not a valid CSS selector/);
  });

  it('refuses a config for another host, and wrong usage', async () => {
    const wrongHost = await shimCheck(['--host', 'lcs', '--config', config('mosaic', DEFAULT_MOSAIC_CONFIG), page('mosaic-standard')]);
    assert.equal(wrongHost.code, 1);
    assert.match(wrongHost.err, /config is for host "mosaic" but --host is "lcs"/);
    assert.equal((await shimCheck([page('mosaic-standard')])).code, 2);
    assert.match((await shimCheck(['--host', 'swift', page('mosaic-standard')])).err, /--host "swift" is not a shim/);
    assert.equal((await shimCheck(['--host', 'mosaic'])).code, 2);
    assert.match((await shimCheck(['--host', 'mosaic', join(dir, 'missing.html')])).err, /Cannot read the saved page .*ENOENT/);
  });

  it('says what to install when there is no browser', async () => {
    const { code, err } = await shimCheck(['--host', 'mosaic', page('mosaic-standard')], { CHROME_PATH: join(dir, 'no-browser-here') });
    assert.equal(code, 1);
    assert.match(err, /apt-get install chromium/);
  });

  it('prints JSON with --json', async () => {
    const { code, out } = await shimCheck(['--host', 'mosaic', '--json', '--today', TODAY, page('mosaic-standard')]);
    assert.equal(code, 0);
    const parsed = JSON.parse(out) as { child: { cmsId: string }; people: Array<{ outcome: string }> };
    assert.equal(parsed.child.cmsId, 'P042817');
    assert.equal(parsed.people.filter((p) => p.outcome === 'offered').length, 7);
  });
});

describe('shim-check: names', () => {
  it('shows how each whole name was split: particles, suffixes, former surnames, aliases', async () => {
    const variant = new URL('../../fixtures/cms-pages/variants/names-particles-cards/', import.meta.url).pathname;
    const { code, out } = await shimCheck(['--host', 'generic', '--config', join(variant, 'config.json'), '--today', TODAY, join(variant, 'page.html')]);
    assert.equal(code, 0);
    assert.match(out, /Names as read \(\d+\)/);
    assert.match(out, /"Caoimhe Nic Dhonnchadha" → first "Caoimhe" · surname "Nic Dhonnchadha"/);
    assert.match(out, /"Carol Pike \(née Brennan\)" → first "Carol" · surname "Pike" · former surname "Brennan"/);
    assert.match(out, /"Liam Doyle \(Jnr\)" → first "Liam" · surname "Doyle" · set aside "Jnr"/);
    assert.match(out, /"Maryam Haddad مريم حداد" → first "Maryam" · surname "Haddad" · set aside "مريم حداد"/);
    assert.match(out, /Layla bint Yusuf\s+Step-sister/);
    assert.match(out, /Carol Pike\s+Maternal grandmother\s+.*formerly Brennan/);
  });
});

describe('shim-check: how the page was saved', () => {
  it("reads a page in the character set it declares (windows-1252), as the browser does", async () => {
    const variant = new URL('../../fixtures/cms-pages/variants/windows-1252-eis/', import.meta.url).pathname;
    const { code, out } = await shimCheck(['--host', 'eis', '--config', join(variant, 'config.json'), '--today', TODAY, join(variant, 'page.html')]);
    assert.equal(code, 0);
    assert.match(out, /Child\n\s+Zoë Muñoz/);
    assert.doesNotMatch(out, /\uFFFD/);
  });

  it('reads a snapshot of the live page with its shadow roots (<template shadowrootmode>), as the README says to save it', async () => {
    const html = (await renderCmsPageFile('mosaic', TODAY, 'standard')).replace(
      /<table id="personal-relationships"[\s\S]*?<\/table>/,
      (table) => `<cms-relationships><template shadowrootmode="open">${table}</template></cms-relationships>`,
    );
    assert.ok(html.includes('shadowrootmode'), 'the table was wrapped');
    writeFileSync(page('mosaic-snapshot'), html);
    const reach = { ...DEFAULT_MOSAIC_CONFIG, people: { ...DEFAULT_MOSAIC_CONFIG.people, row: 'cms-relationships >>> table#personal-relationships tbody tr[data-person-id]' } };
    const { code, out } = await shimCheck(['--host', 'mosaic', '--config', config('snapshot', reach), '--today', TODAY, page('mosaic-snapshot')]);
    assert.equal(code, 0);
    assert.match(out, /People offered to the social worker \(7\)/);
  });
});
