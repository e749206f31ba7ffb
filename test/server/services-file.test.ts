/**
 * A council adds a service by configuration only: a services file, an extract mapping and an extract in a temporary
 * folder, loaded with the real ingest command and asked through the real endpoint (every status). Bad services files
 * and mappings are refused whole, naming the file, the service and the field. The built-in four are the default
 * file's entries, and the published JSON Schema is the one the server validates with.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { InvolvementsResponse, PersonInput } from '../../server/src/api/contract.js';
import { loadConfig, readServices } from '../../server/src/config.js';
import { validateMapping, MappingError } from '../../server/src/ingest/mapping.js';
import { builtInServices, DEFAULT_SERVICES_FILE, DEMO_SERVICES_FILE } from '../../server/src/services/catalogue.js';
import { servicesSchemaText, SERVICES_SCHEMA_FILE } from '../../server/src/services/services-schema.js';
import { readServicesFile, ServicesFileError, validateServices } from '../../server/src/services/services-file.js';
import { ADMISSION_TYPES, CASE_STATES, OFFENCE_NATURES, OFFENCE_TYPES } from '../../fixtures/council/sources.js';
import { familyContext } from './cli-process.js';
import { startHarness, TODAY, type Harness } from './harness.js';
import { CHILD, loadAll, MOTHER } from './sample-sources.js';

const builtIn = () => JSON.parse(readFileSync(DEFAULT_SERVICES_FILE, 'utf8')) as { services: Array<Record<string, unknown>> };

/** Probation: an eighteen-plus service with a text, a date, a yes/no, a one-of and a records field. */
const PROBATION = {
  key: 'probation',
  label: 'Probation',
  ageRule: { minAge: 18 },
  showsInvolvement: true,
  explanation: 'People supervised by the Probation Service on licence or a community order.',
  contactRoles: ['Probation practitioner'],
  details: [
    { key: 'orderType', label: 'Order', type: 'one-of', values: ['Community order', 'Licence', 'Suspended sentence'], overview: true },
    { key: 'supervisionEnds', label: 'Supervision ends', type: 'date' },
    { key: 'mappa', label: 'Managed under MAPPA', type: 'yes-no', summary: false },
    {
      key: 'requirements',
      label: 'Requirements',
      type: 'records',
      maxItems: 2,
      fields: [
        { key: 'date', label: 'Date', type: 'date' },
        { key: 'kind', label: 'Kind', type: 'text' },
      ],
    },
  ],
};

const MAPPING = {
  source: 'probation',
  metadata: { name: 'nDelius (synthetic)', area: 'Greater Manchester', areaPostcodes: [], freshnessDays: 7 },
  dateFormat: 'DD/MM/YYYY',
  columns: {
    sourcePersonId: 'CRN',
    firstName: 'Forename',
    lastName: 'Surname',
    dateOfBirth: 'DOB',
    postcode: 'Postcode',
    involvement: { column: 'Status', values: { Active: 'current', Terminated: 'historic' } },
    contactName: 'Practitioner',
    contactRole: 'Practitioner Role',
    contactPhone: 'Practitioner Phone',
  },
  details: {
    orderType: 'Order',
    supervisionEnds: 'Ends',
    mappa: { column: 'MAPPA', values: { Y: true, N: false } },
    requirements: { list: [{ date: 'Req 1 Date', kind: 'Req 1' }, { date: 'Req 2 Date', kind: 'Req 2' }] },
  },
};

const HEADER = 'CRN,Forename,Surname,DOB,Postcode,Status,Practitioner,Practitioner Role,Practitioner Phone,Order,Ends,MAPPA,Req 1 Date,Req 1,Req 2 Date,Req 2';
/** The mother of sample-sources.ts, on licence; and a stranger. */
const ROWS = [
  `X100001,${MOTHER.firstName},${MOTHER.lastName},${MOTHER.dateOfBirth!.split('-').reverse().join('/')},${MOTHER.postcode},Active,Nadia Okafor,Probation practitioner,0161 496 0555,Licence,01/06/2027,N,03/02/2026,Unpaid work,10/01/2026,Accredited programme`,
  'X100002,Callum,Brereton,14/03/1980,M20 3GH,Terminated,Sam Fry,Probation practitioner,0161 496 0556,Community order,01/01/2024,N,,,,',
];

function writeFiles(dir: string, services: unknown): { servicesFile: string; mapping: string; extract: string } {
  const servicesFile = join(dir, 'services.json');
  const mapping = join(dir, 'probation.mapping.json');
  const extract = join(dir, 'probation.csv');
  writeFileSync(servicesFile, JSON.stringify(services));
  writeFileSync(mapping, JSON.stringify(MAPPING));
  writeFileSync(extract, `${HEADER}\n${ROWS.join('\n')}\n`);
  return { servicesFile, mapping, extract };
}

describe('services file', () => {
  it('the default file holds the four built-in services, and the published schema is the one the server checks', () => {
    assert.deepEqual(
      builtInServices().map((s) => s.key),
      ['school', 'adult-social-care', 'housing', 'police'],
    );
    assert.equal(readFileSync(SERVICES_SCHEMA_FILE, 'utf8'), servicesSchemaText(), 'run: node --import tsx server/src/services/services-schema.ts');
    const demo = readServicesFile(DEMO_SERVICES_FILE).map((s) => s.key);
    assert.deepEqual(demo, ['school', 'adult-social-care', 'housing', 'police', 'early-help', 'youth-justice']);
  });

  it("the synthetic council's values are the ones the default file allows", () => {
    const values = (service: string, key: string, part?: string) => {
      const field = builtInServices().find((s) => s.key === service)!.details.find((d) => d.key === key)!;
      const holder = part && field.type === 'records' ? field.fields.find((f) => f.key === part)! : field;
      return 'values' in holder ? holder.values : undefined;
    };
    assert.deepEqual(values('school', 'admissionType'), [...ADMISSION_TYPES]);
    assert.deepEqual(values('housing', 'rentArrears'), [...CASE_STATES]);
    assert.deepEqual(values('police', 'safeguardingOffences', 'type'), [...OFFENCE_TYPES]);
    assert.deepEqual(values('police', 'safeguardingOffences', 'nature'), [...OFFENCE_NATURES]);
  });

  it('a bad file is refused whole, each problem naming the file, the service and the field', () => {
    const services = builtIn().services;
    const bad = {
      services: [
        ...services,
        { ...PROBATION, details: [{ key: 'orderType', label: 'Order', type: 'one-of' }, { key: 'orderType', label: 'Again', type: 'text' }] },
        { ...PROBATION },
        { key: 'Youth Justice', label: '', ageRule: { minAge: 18, maxAge: 10 }, showsInvolvement: true, details: [] },
      ],
    };
    assert.throws(
      () => validateServices(bad, 'council-services.json'),
      (error: unknown) => {
        assert.ok(error instanceof ServicesFileError);
        const text = error.problems.join('\n');
        assert.match(text, /council-services\.json: service "Youth Justice", key: must be lower case words/);
        assert.match(text, /service "Youth Justice", label: must not be empty/);
        assert.match(text, /service "Youth Justice", ageRule: minAge must not be above maxAge/);
        return true;
      },
    );
    // Once the shape is right, the rules between fields: values for one-of, unique keys.
    bad.services.pop();
    assert.throws(
      () => validateServices(bad, 'council-services.json'),
      (error: unknown) => {
        const text = (error as ServicesFileError).problems.join('\n');
        assert.match(text, /service "probation", field "orderType": type "one-of" needs "values"/);
        assert.match(text, /service "probation", field "orderType": listed twice in this service/);
        assert.match(text, /service "probation": listed twice; keys must be unique/);
        return true;
      },
    );
  });

  it('the server does not start on a bad services file: the problem names FC_SERVICES_FILE and the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fc-services-'));
    try {
      const file = join(dir, 'services.json');
      writeFileSync(file, JSON.stringify({ services: [{ ...PROBATION, showsInvolvement: 'yes' }] }));
      const problems: string[] = [];
      assert.deepEqual(readServices({ FC_SERVICES_FILE: file }, problems), []);
      assert.match(problems.join('\n'), /^FC_SERVICES_FILE: .*services\.json: service "probation", showsInvolvement: /);
      writeFileSync(join(dir, 'broken.json'), '{ "services": [ ');
      assert.throws(
        () => loadConfig({ FC_AUTH_ISSUER: 'x', FC_AUTH_JWKS_URL: 'https://idp.example/keys', FC_SERVICES_FILE: join(dir, 'broken.json') }),
        /FC_SERVICES_FILE: .*broken\.json: the file could not be read as JSON/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a mapping is checked against the configured service's fields before any row is read", () => {
    const services = [...builtInServices(), validateServices({ services: [PROBATION] }, 'x')[0]!];
    const wrong = {
      ...MAPPING,
      details: { ...MAPPING.details, riskLevel: 'Risk', requirements: { list: [{ date: 'D', kind: 'K', what: 'W' }, { date: 'D2' }, { date: 'D3', kind: 'K3' }] } },
    };
    assert.throws(
      () => validateMapping(wrong, 'probation', 'probation.mapping.json', services),
      (error: unknown) => {
        assert.ok(error instanceof MappingError);
        const text = error.problems.join('\n');
        assert.match(text, /details\.riskLevel: not a probation detail; the details are orderType, supervisionEnds, mappa, requirements/);
        assert.match(text, /details\.requirements\.list: 3 entries, but the services file keeps at most 2/);
        assert.match(text, /details\.requirements\.list\.0\.what: not a part of this detail/);
        assert.match(text, /details\.requirements\.list\.1\.kind: missing/);
        return true;
      },
    );
    // Without the services file saying so, "probation" is not a source at all.
    assert.throws(() => validateMapping(MAPPING, 'probation', 'probation.mapping.json'), /source: "probation" is not a known source/);
  });
});

describe('a seventh service added with files only', () => {
  let h: Harness;
  let dir: string;
  let files: ReturnType<typeof writeFiles>;
  const fcDb = () => (h.config.database.kind === 'sqlite' ? `sqlite:${h.config.database.location}` : h.config.database.location);

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fc-seventh-'));
    const services = builtIn().services;
    const sixth = { ...PROBATION, key: 'health-visiting', label: 'Health Visiting', ageRule: { maxAge: 5 }, details: [] };
    files = writeFiles(dir, { services: [...services, sixth, PROBATION] });
    h = await startHarness({ FC_SERVICES_FILE: files.servicesFile, FC_LINK_POLICY: 'trust-host' });
    await loadAll(h);
  });
  after(async () => {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const ask = async (people: PersonInput[]) => {
    const res = await h.post('/api/v1/involvements', { child: CHILD, people });
    assert.equal(res.status, 200, await res.clone().text());
    return (await res.json()) as InvolvementsResponse;
  };
  const probation = (body: InvolvementsResponse, i: number) => body.people[i]!.services.find((s) => s.service === 'probation')!;

  it('before its extract is loaded, every answer has it, not checked', async () => {
    const body = await ask([MOTHER]);
    assert.deepEqual(
      body.people[0]!.services.map((s) => s.service),
      ['school', 'adult-social-care', 'housing', 'police', 'health-visiting', 'probation'],
    );
    assert.equal(probation(body, 0).status, 'not-checked');
    assert.equal(probation(body, 0).notChecked, 'no-data');
  });

  it('npm run ingest loads it, and the endpoint gives involved, no-records and not-applicable', async () => {
    const env = { FC_DB: fcDb(), FC_SERVICES_FILE: files.servicesFile, FC_LOG_LEVEL: 'silent' };
    const run = await familyContext('ingest', ['--source', 'probation', '--file', files.extract, '--mapping', files.mapping, '--as-of', '2026-11-20'], env);
    assert.equal(run.code, 0, run.out + run.err);
    assert.match(run.out, /accepted\s+2\n\s+rejected\s+0/);
    const stranger: PersonInput = { firstName: 'Imogen', lastName: 'Tattersall', dateOfBirth: '1979-02-11', postcode: 'SK4 2AB' };
    const body = await ask([MOTHER, stranger, CHILD]);
    const found = probation(body, 0);
    assert.equal(found.status, 'involved', found.explanation);
    const record = found.records[0]!;
    assert.equal(record.contact?.name, 'Nadia Okafor');
    assert.equal(record.details.orderType, 'Licence');
    assert.equal(record.details.supervisionEnds, '2027-06-01');
    assert.equal(record.details.mappa, false);
    assert.deepEqual(record.details.requirements, [
      { date: '2026-02-03', kind: 'Unpaid work' },
      { date: '2026-01-10', kind: 'Accredited programme' },
    ]);
    assert.deepEqual(
      found.fields?.map((f) => [f.key, f.label]),
      [['orderType', 'Order'], ['supervisionEnds', 'Supervision ends'], ['mappa', 'Managed under MAPPA'], ['requirements', 'Requirements']],
    );
    assert.equal(found.fields?.find((f) => f.key === 'mappa')?.summary, false);
    assert.equal(probation(body, 1).status, 'no-records', probation(body, 1).explanation);
    assert.equal(probation(body, 2).status, 'not-applicable');
    assert.match(probation(body, 2).explanation, /Probation is only shown for people aged 18 or over/);
    const hv = body.people[2]!.services.find((s) => s.service === 'health-visiting')!;
    assert.equal(hv.status, 'not-applicable', 'the child is 8: health visiting is for under-fives');
  });

  it('out of date, it is not checked, never no-records', async () => {
    const env = { FC_DB: fcDb(), FC_SERVICES_FILE: files.servicesFile, FC_LOG_LEVEL: 'silent' };
    const run = await familyContext(
      'ingest',
      ['--source', 'probation', '--file', files.extract, '--mapping', files.mapping, '--as-of', '2026-10-01', '--force'],
      env,
    );
    assert.equal(run.code, 0, run.out + run.err);
    const body = await ask([{ firstName: 'Imogen', lastName: 'Tattersall', dateOfBirth: '1979-02-11', postcode: 'SK4 2AB' }]);
    assert.equal(probation(body, 0).status, 'not-checked');
    assert.equal(probation(body, 0).notChecked, 'out-of-date');
    assert.ok(TODAY > '2026-10-08');
  });
});

describe('the cost of more services', () => {
  /** Statements one lookup of the mother runs, with the given services file (every source loaded). */
  async function statementsWith(servicesFile: string | undefined): Promise<{ statements: number; services: number }> {
    const seen: string[] = [];
    const env: Record<string, string> = { FC_LINK_POLICY: 'trust-host', ...(servicesFile ? { FC_SERVICES_FILE: servicesFile } : {}) };
    const h = await startHarness(env, { onQuery: (sql) => seen.push(sql) });
    try {
      await loadAll(h);
      for (const service of h.config.services.slice(4)) {
        await h.loadSource(
          { service: service.key, name: `${service.label} (test)`, area: 'Stockport', areaPostcodes: [], lastUpdated: '2026-11-20', freshnessDays: 7 },
          [{ sourcePersonId: `${service.key}-1`, firstName: 'Gemma', lastName: 'Hartley', dateOfBirth: '1995-07-02', postcode: 'SK5 6AB', involvement: 'current', details: {} }],
        );
      }
      const token = await h.token();
      await h.post('/api/v1/involvements', { child: CHILD, people: [MOTHER] }, token); // warm: caches filled once
      seen.length = 0;
      const res = await h.post('/api/v1/involvements', { child: CHILD, people: [MOTHER] }, token);
      assert.equal(res.status, 200, await res.clone().text());
      const body = (await res.json()) as InvolvementsResponse;
      return { statements: seen.length, services: body.people[0]!.services.length };
    } finally {
      await h.close();
    }
  }

  it('a lookup runs as many statements with six services as with the built-in four', async () => {
    const four = await statementsWith(undefined);
    const six = await statementsWith(DEMO_SERVICES_FILE);
    assert.equal(four.services, 4);
    assert.equal(six.services, 6);
    assert.ok(four.statements > 0, 'no statements counted: the comparison would be vacuous');
    assert.equal(six.statements, four.statements);
  });
});
