/**
 * The four statuses, and every way we could think of to make the product say "no records" when it should not.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { InvolvementsResponse, PersonInput, ServiceResult } from '../../server/src/api/contract.js';
import { startHarness, type Harness } from './harness.js';
import { CHILD, FATHER, GRANDMOTHER, loadAll, metadata, MOTHER, PARTNER_NO_DOB, RECORDS, UNKNOWN_ADDRESS } from './sample-sources.js';

async function lookup(h: Harness, people: PersonInput[]): Promise<InvolvementsResponse> {
  const res = await h.post('/api/v1/involvements', { child: CHILD, people });
  assert.equal(res.status, 200, await res.clone().text());
  const body = (await res.json()) as InvolvementsResponse;
  // Every not-checked answer says why as a code, for a panel that must not read the reason from English words;
  // no other status carries one.
  for (const person of body.people) {
    for (const s of person.services) {
      if (s.status === 'not-checked') assert.ok(s.notChecked, `${s.service}: not-checked with no reason code: ${s.explanation}`);
      else assert.equal(s.notChecked, undefined, `${s.service}: ${s.status} with a not-checked reason`);
    }
  }
  return body;
}

function service(response: InvolvementsResponse, ref: number, key: string): ServiceResult {
  const person = response.people.find((p) => p.ref === String(ref));
  assert.ok(person, `person ${ref} missing`);
  const s = person.services.find((x) => x.service === key);
  assert.ok(s, `service ${key} missing for person ${ref}`);
  return s;
}

describe('statuses with every source loaded and fresh', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
    await loadAll(h);
  });
  after(() => h.close());

  it('answers every enabled service for every person, in request order', async () => {
    const r = await lookup(h, [CHILD, MOTHER, FATHER, GRANDMOTHER, PARTNER_NO_DOB, UNKNOWN_ADDRESS]);
    assert.equal(r.people.length, 6);
    assert.deepEqual(r.people.map((p) => p.ref), ['0', '1', '2', '3', '4', '5']);
    for (const p of r.people) {
      assert.deepEqual(p.services.map((s) => s.service), ['school', 'adult-social-care', 'housing', 'police']);
    }
    assert.match(r.requestId, /^[0-9a-f-]{36}$/);
  });

  it('involved: confirmed by CMS id, with the record, contact and source details', async () => {
    const r = await lookup(h, [CHILD]);
    const school = service(r, 0, 'school');
    assert.equal(school.status, 'involved');
    assert.equal(school.records.length, 1);
    const rec = school.records[0]!;
    assert.equal(rec.match.band, 'confirmed');
    assert.equal(rec.organisation, 'Brinnington Primary School');
    assert.deepEqual(rec.contact, { name: 'Ruth Okafor', role: 'Designated safeguarding lead', phone: '0161 496 0123', email: 'safeguarding@brinnington-primary.example' });
    assert.equal(rec.details.admissionType, 'Main provision');
    assert.equal(school.source.name, 'Synergy — Stockport schools');
    assert.equal(school.source.lastUpdated, '2026-11-20');
    assert.equal(school.source.coverageFrom, '2015-09-01');
    assert.equal(school.source.area, 'Stockport');
    assert.equal(school.source.stale, false);
  });

  it('involved: likely on name, date of birth and postcode, with the basis in words', async () => {
    const r = await lookup(h, [MOTHER]);
    const asc = service(r, 0, 'adult-social-care');
    assert.equal(asc.status, 'involved');
    assert.equal(asc.records[0]!.match.band, 'likely');
    assert.match(asc.records[0]!.match.basis.join(' '), /First name, last name, date of birth and postcode agree/);
    assert.equal(asc.records[0]!.lastContact, '2026-10-30');
    const housing = service(r, 0, 'housing');
    assert.equal(housing.status, 'involved');
    assert.equal(housing.records[0]!.details.rentArrears, 'Case open');
  });

  it('police: offences and non-safeguarding flag come through, and the answer says not to show current/historic', async () => {
    const r = await lookup(h, [FATHER]);
    const police = service(r, 0, 'police');
    assert.equal(police.status, 'involved');
    assert.equal(police.showsInvolvement, false);
    assert.equal(police.records[0]!.contact?.name, 'DC Hannah Lowe');
    assert.deepEqual(police.records[0]!.details.safeguardingOffences, [{ date: '2024-06-12', type: 'Violence with injury', nature: 'Convicted' }]);
    assert.equal(police.source.notes, 'Covers conviction records from the last 5 years, and suspect records from the last year.');
  });

  it('a nickname with the same surname and birthday is only a possible match, said so', async () => {
    const r = await lookup(h, [FATHER]);
    const housing = service(r, 0, 'housing');
    assert.equal(housing.status, 'involved');
    assert.equal(housing.records.length, 1);
    assert.equal(housing.records[0]!.match.band, 'possible');
    assert.match(housing.explanation, /possible match/i);
    assert.ok(housing.records[0]!.match.basis.some((b) => /short form/.test(b)));
  });

  it('no-records only when searched, fresh and covering the person, and says what was searched', async () => {
    const r = await lookup(h, [MOTHER]);
    const police = service(r, 0, 'police');
    assert.equal(police.status, 'no-records');
    assert.equal(police.records.length, 0);
    assert.match(police.explanation, /Greater Manchester Police safeguarding extract/);
    assert.match(police.explanation, /20 November 2026/);
  });

  it('not-applicable by the age rule, with the rule in words', async () => {
    const r = await lookup(h, [CHILD]);
    const police = service(r, 0, 'police');
    assert.equal(police.status, 'not-applicable');
    assert.match(police.explanation, /Police is only shown for people aged 18 or over\. This person is 7\./);
    const r2 = await lookup(h, [MOTHER]);
    assert.equal(service(r2, 0, 'school').status, 'not-applicable');
    assert.match(service(r2, 0, 'school').explanation, /aged 4 to 20/);
    assert.equal(r2.people[0]!.ageYears, 31);
  });

  it('out of the source area: not-checked, never no-records', async () => {
    const r = await lookup(h, [GRANDMOTHER]);
    const housing = service(r, 0, 'housing');
    assert.equal(housing.status, 'not-checked');
    assert.match(housing.explanation, /outside it/);
    assert.match(housing.explanation, /M19/);
    assert.equal(housing.notChecked, 'outside-area');
    // ... while a source that covers Manchester answers normally.
    assert.equal(service(r, 0, 'police').status, 'no-records');
    // ... and a match found out of area is still shown.
    assert.equal(service(r, 0, 'adult-social-care').status, 'involved');
  });

  it('no date of birth: not-checked everywhere it would otherwise be no-records', async () => {
    const r = await lookup(h, [PARTNER_NO_DOB]);
    for (const s of r.people[0]!.services) {
      assert.equal(s.status, 'not-checked', `${s.service}: ${s.explanation}`);
      assert.match(s.explanation, /no date of birth/i);
      assert.equal(s.notChecked, 'no-date-of-birth', s.service);
    }
    assert.equal(r.people[0]!.ageYears, undefined);
  });

  it('unknown address: not-checked for area-limited sources', async () => {
    const r = await lookup(h, [UNKNOWN_ADDRESS]);
    for (const key of ['adult-social-care', 'housing', 'police']) {
      const s = service(r, 0, key);
      assert.equal(s.status, 'not-checked', key);
      assert.match(s.explanation, /do not know where they live/);
      assert.equal(s.notChecked, 'address-unknown', key);
    }
  });

  it('the same person asked twice in one batch gets the same answers', async () => {
    const r = await lookup(h, [MOTHER, MOTHER]);
    assert.deepEqual(r.people[0]!.services, r.people[1]!.services);
  });

  it('a stranger with nothing anywhere gets no-records from each applicable source (the endpoint does not invent involvement)', async () => {
    const stranger: PersonInput = { firstName: 'Imogen', lastName: 'Fairweather', dateOfBirth: '1990-01-01', postcode: 'SK3 8AA' };
    const r = await lookup(h, [stranger]);
    for (const key of ['adult-social-care', 'housing', 'police']) assert.equal(service(r, 0, key).status, 'no-records', key);
  });
});

describe('statuses when sources are missing, empty or stale', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
    // School never loaded; housing loaded but 30 days old (limit 7); police loaded and fresh; ASC loaded.
    await h.loadSource(metadata('adult-social-care'), RECORDS['adult-social-care']!);
    await h.loadSource(metadata('housing', { lastUpdated: '2026-10-22', coverageTo: '2026-10-22' }), RECORDS.housing!);
    await h.loadSource(metadata('police'), RECORDS.police!);
  });
  after(() => h.close());

  it('a source never loaded is not-checked, with the reason', async () => {
    const r = await lookup(h, [CHILD]);
    const school = service(r, 0, 'school');
    assert.equal(school.status, 'not-checked');
    assert.match(school.explanation, /No School data has been loaded/);
    assert.equal(school.notChecked, 'no-data');
    assert.equal(school.records.length, 0);
  });

  it('a stale source is not-checked for someone with no record in it', async () => {
    const stranger: PersonInput = { firstName: 'Imogen', lastName: 'Fairweather', dateOfBirth: '1990-01-01', postcode: 'SK3 8AA' };
    const r = await lookup(h, [stranger]);
    const housing = service(r, 0, 'housing');
    assert.equal(housing.status, 'not-checked');
    assert.match(housing.explanation, /22 October 2026/);
    assert.match(housing.explanation, /7-day limit/);
    assert.equal(housing.source.stale, true);
    assert.equal(housing.notChecked, 'out-of-date');
  });

  it('a stale source still shows a record it found, flagged as out of date', async () => {
    const r = await lookup(h, [MOTHER]);
    const housing = service(r, 0, 'housing');
    assert.equal(housing.status, 'involved');
    assert.equal(housing.source.stale, true);
    assert.match(housing.explanation, /out of date/);
  });

  it('a source loaded with zero records is not-checked, never no-records', async () => {
    await h.loadSource(metadata('police'), []);
    const r = await lookup(h, [MOTHER]);
    assert.equal(service(r, 0, 'police').status, 'not-checked');
    assert.equal(service(r, 0, 'police').notChecked, 'no-data');
  });

  it('a source whose table cannot be read is not-checked for that service; others still answer', async () => {
    const h2 = await startHarness();
    try {
      await loadAll(h2);
      // Break one source: point it at a snapshot whose rows are gone, and drop an index column's data.
      await h2.db.schema.dropIndex('source_record_last_name_norm').execute();
      await h2.db.schema.alterTable('source_record').renameColumn('last_name_norm', 'broken').execute();
      const r = await lookup(h2, [MOTHER]);
      for (const s of r.people[0]!.services) {
        if (s.status === 'not-applicable') continue;
        assert.equal(s.status, 'not-checked', `${s.service}: ${s.explanation}`);
        assert.match(s.explanation, /could not be searched just now/);
        assert.equal(s.notChecked, 'search-failed', s.service);
      }
    } finally {
      await h2.close();
    }
  });

  it('GET /api/v1/sources reports loaded, stale and missing sources', async () => {
    const res = await fetch(`${h.url}/api/v1/sources`, { headers: { authorization: `Bearer ${await h.token()}` } });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { sources: Array<{ service: string; loaded: boolean; stale?: boolean; recordCount: number }> };
    const by = Object.fromEntries(body.sources.map((s) => [s.service, s]));
    assert.equal(by.school!.loaded, false);
    assert.equal(by.housing!.stale, true);
    assert.equal(by['adult-social-care']!.recordCount, 2);
  });
});

describe('age rules are configuration', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ FC_AGE_RULES: JSON.stringify({ police: { minAge: 10 } }), FC_SERVICES: 'police,housing' });
    await loadAll(h);
  });
  after(() => h.close());

  it('uses the council rule and only the enabled services', async () => {
    const r = await lookup(h, [CHILD]);
    assert.deepEqual(r.people[0]!.services.map((s) => s.service), ['police', 'housing']);
    assert.equal(service(r, 0, 'police').status, 'not-applicable');
    assert.match(service(r, 0, 'police').explanation, /aged 10 or over/);
    const teen: PersonInput = { firstName: 'Kai', lastName: 'Fairweather', dateOfBirth: '2014-01-01', postcode: 'SK3 8AA' };
    const r2 = await lookup(h, [teen]);
    assert.equal(service(r2, 0, 'police').status, 'no-records');
  });
});
