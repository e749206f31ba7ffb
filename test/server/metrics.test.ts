/** Prometheus metrics: what they count, that they carry no personal data, and who may read them. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../server/src/config.js';
import { startHarness, type Harness } from './harness.js';
import { CHILD, FATHER, loadAll, metadata, MOTHER, RECORDS } from './sample-sources.js';

const TOKEN = 'metrics-secret-0123456789abcdef0123456789';

async function scrape(h: Harness, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${h.url}/metrics`, { headers });
}

/** The value of one sample line, e.g. metric('fc_source_age_days{service="police"}'). */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `) || l.startsWith(`${series.replace(/}$/, ',')}`));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('source figures in /metrics are current on every scrape', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
    await loadAll(h, { police: { lastUpdated: '2026-11-18' } });
  });
  after(() => h.close());

  it("the first scrape after start-up already carries each source's age, freshness limit and records", async () => {
    const text = await (await scrape(h)).text();
    assert.equal(sample(text, 'fc_source_age_days{service="police"}'), 3);
    assert.equal(sample(text, 'fc_source_freshness_days{service="police"}'), 14);
    assert.equal(sample(text, 'fc_source_records{service="police"}'), RECORDS.police!.length);
  });

  it('a source loaded again shows its new age on the very next scrape, not one scrape later', async () => {
    await h.loadSource(metadata('police', { lastUpdated: '2026-11-21', freshnessDays: 7 }), RECORDS.police!);
    const text = await (await scrape(h)).text();
    assert.equal(sample(text, 'fc_source_age_days{service="police"}'), 0);
    assert.equal(sample(text, 'fc_source_freshness_days{service="police"}'), 7);
  });
});

describe('metrics at /metrics', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
    await loadAll(h, { housing: { lastUpdated: '2026-11-01' } });
  });
  after(() => h.close());

  it('counts statuses per service and times requests by route pattern, with no personal data', async () => {
    const res = await h.post('/api/v1/involvements', { child: CHILD, people: [MOTHER, FATHER] });
    assert.equal(res.status, 200);
    const metrics = await scrape(h);
    assert.equal(metrics.status, 200);
    assert.match(metrics.headers.get('content-type') ?? '', /^text\/plain/);
    const text = await metrics.text();
    // Father is involved with police; mother is not (no-records): one of each.
    assert.equal(sample(text, 'fc_lookup_statuses_total{service="police",status="involved"}'), 1);
    assert.equal(sample(text, 'fc_lookup_statuses_total{service="police",status="no-records"}'), 1);
    assert.equal(sample(text, 'fc_http_request_duration_seconds_count{route="/api/v1/involvements",method="POST",status="200"}'), 1);
    assert.ok((sample(text, 'fc_http_request_duration_seconds_bucket{le="5",route="/api/v1/involvements",method="POST",status="200"}') ?? 0) >= 1);
    for (const personal of [MOTHER.firstName, MOTHER.lastName, FATHER.lastName, MOTHER.dateOfBirth!, CHILD.cmsId!]) {
      assert.ok(!text.includes(personal), `metrics must not carry "${personal}"`);
    }
  });

  it('reports each source\'s age in days, its freshness limit and its records, read from the database', async () => {
    const text = await (await scrape(h)).text();
    assert.equal(sample(text, 'fc_source_age_days{service="police"}'), 1);
    assert.equal(sample(text, 'fc_source_age_days{service="housing"}'), 20);
    assert.equal(sample(text, 'fc_source_freshness_days{service="police"}'), 14);
    assert.equal(sample(text, 'fc_source_records{service="school"}'), 2);
  });

  it('labels unknown addresses as not-found, never with the URL asked for', async () => {
    await fetch(`${h.url}/people/Gemma-Hartley`);
    const text = await (await scrape(h)).text();
    assert.ok(!text.includes('Gemma'));
    assert.ok((sample(text, 'fc_http_request_duration_seconds_count{route="not-found",method="GET",status="404"}') ?? 0) >= 1);
  });

  it('is refused to a client behind a reverse proxy on this host (X-Forwarded-For names it)', async () => {
    const res = await scrape(h, { 'x-forwarded-for': '203.0.113.9' });
    assert.equal(res.status, 403);
    assert.match(((await res.json()) as { message: string }).message, /FC_METRICS_ALLOW/);
  });
});

describe('metrics access control', () => {
  it('outside the allow-list: refused, unless the bearer secret is given', async () => {
    const h = await startHarness({ FC_METRICS_ALLOW: '10.20.0.0/16', FC_METRICS_TOKEN: TOKEN });
    try {
      assert.equal((await scrape(h)).status, 403);
      assert.equal((await scrape(h, { authorization: `Bearer ${TOKEN.slice(0, -1)}x` })).status, 403);
      assert.equal((await scrape(h, { authorization: `Bearer ${TOKEN}` })).status, 200);
    } finally {
      await h.close();
    }
  });

  it('FC_METRICS=off removes the endpoint', async () => {
    const h = await startHarness({ FC_METRICS: 'off' });
    try {
      assert.equal((await scrape(h)).status, 404);
    } finally {
      await h.close();
    }
  });

  it('configuration problems are named with what to set', () => {
    try {
      loadConfig({ FC_DEMO: '1', FC_METRICS: 'yes', FC_METRICS_ALLOW: '127.0.0.1,10.0.0.0/40,intranet', FC_METRICS_TOKEN: 'short' });
      assert.fail('expected a ConfigError');
    } catch (error) {
      assert.ok(error instanceof ConfigError);
      const p = error.problems;
      assert.ok(p.some((m) => /^FC_METRICS is "yes": use on/.test(m)));
      assert.ok(p.some((m) => /^FC_METRICS_ALLOW has "10.0.0.0\/40"/.test(m)));
      assert.ok(p.some((m) => /^FC_METRICS_ALLOW has "intranet"/.test(m)));
      assert.ok(p.some((m) => /^FC_METRICS_TOKEN is shorter than 32/.test(m)));
      assert.ok(!p.some((m) => /"127.0.0.1"/.test(m)));
    }
    const c = loadConfig({ FC_DEMO: '1' });
    assert.deepEqual(c.metrics, { enabled: true, allow: ['127.0.0.1', '::1'] });
  });

  it('the benchmark floor route is never mounted unless asked for, and refused in production', async () => {
    const h = await startHarness();
    try {
      const res = await fetch(`${h.url}/bench/floor`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      assert.equal(res.status, 404);
    } finally {
      await h.close();
    }
    assert.throws(
      () => loadConfig({ NODE_ENV: 'production', FC_BENCH_FLOOR: '1', FC_AUTH_ISSUER: 'x', FC_AUTH_JWKS_URL: 'https://idp.example/keys' }),
      (e: unknown) => e instanceof ConfigError && e.problems.some((m) => /FC_BENCH_FLOOR=1 .* refused when NODE_ENV=production/.test(m)),
    );
  });
});
