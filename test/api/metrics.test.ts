/**
 * Prometheus metrics by prom-client: the default process metrics, the HTTP request duration by method,
 * matched route and status, the command duration by workflow step and outcome (accepted, refused,
 * conflict: told by the command path through its observer port), and the projections' gauges under
 * their old names. `/metrics` is on the API's port only with SAKSGANG_METRICS=public (the default on
 * the embedded store), and on a port of its own with SAKSGANG_METRICS_PORT.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '@saksgang/application';
import { startMetricsPort } from '../../apps/api/src/bootstrap.js';
import { actor, expectProblemResponse, startTestApi, type TestApi } from './support.js';

const ADMIN = actor('admin', 'sekretariat-hnt', 'sekretaer');
const PSU = actor('kari.psu', 'psu-hnt', 'sekretaer');
let api: TestApi;

/** The value of one sample line (`name{labels} value`), or undefined. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const m = /^[^{]+\{(.*)\} (\S+)$/.exec(line);
    if (!m) continue;
    const found = Object.fromEntries([...m[1]!.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(m[2]);
  }
  return undefined;
}

beforeAll(async () => {
  api = await startTestApi();
  const organ = await api.request('POST', '/organer', { headers: ADMIN, body: { organId: 'psu-hnt', navn: 'PSU', organtype: 'psu', mandat: 'm', gjelderFra: '2016-01-01' } });
  expect(organ.status).toBe(201);
}, 120_000);
afterAll(async () => api?.close());

describe('/metrics (prom-client)', () => {
  it('has the default process metrics and the HTTP histogram by matched route and status', async () => {
    await api.request('GET', '/arbeidsflyt');
    await api.request('GET', '/saker/00000000-0000-4000-8000-000000000000', { headers: PSU });
    await api.request('GET', '/finnes/ikke');
    const res = await api.request('GET', '/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.body).toContain('# TYPE process_cpu_user_seconds_total counter');
    expect(res.body).toContain('# TYPE nodejs_eventloop_lag_seconds gauge');
    expect(res.body).toContain('# TYPE saksgang_http_request_duration_seconds histogram');
    expect(sample(res.body, 'saksgang_http_request_duration_seconds_count', { method: 'GET', route: '/arbeidsflyt', status: '200' })).toBeGreaterThanOrEqual(1);
    // By the route's pattern, never the URL (no ids in the labels).
    expect(sample(res.body, 'saksgang_http_request_duration_seconds_count', { method: 'GET', route: '/saker/:sakId', status: '404' })).toBe(1);
    expect(sample(res.body, 'saksgang_http_request_duration_seconds_count', { method: 'GET', route: '(unmatched)', status: '404' })).toBe(1);
    expect(res.body).not.toContain('00000000-0000-4000-8000-000000000000');
    expect(res.body).not.toContain('/finnes/ikke');
  });

  it('times every command by category, step and outcome: accepted, refused, conflict', async () => {
    const reg = await api.request('POST', '/saker', { headers: PSU, body: { tittel: 'Sak for måling', innmeldtAv: 'psu-hnt', sakstype: 'orienteringssak', gjelderFra: '2017-03-16' } });
    expect(reg.status).toBe(201);
    const sakId: string = reg.json.sakId;
    // A stale revision is a conflict; a body that does not exist a refusal.
    const stale = await api.request('POST', `/saker/${sakId}/bestillinger`, {
      headers: { ...PSU, 'if-match': '"7"' },
      body: { tilOrganId: 'psu-hnt', mandat: 'Utred', frist: '2018-02-13', gjelderFra: '2017-03-17' },
    });
    expect(stale.status).toBe(409);
    const refused = await api.request('POST', '/saker', { headers: PSU, body: { tittel: 'Ukjent organ', innmeldtAv: 'finnes-ikke', sakstype: 'orienteringssak', gjelderFra: '2017-03-16' } });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.status).toBeLessThan(500);
    expect(refused.status).not.toBe(409);

    const text = (await api.request('GET', '/metrics')).body;
    expect(text).toContain('# TYPE saksgang_command_duration_seconds histogram');
    expect(sample(text, 'saksgang_command_duration_seconds_count', { category: 'sak', step: 'RegistrerSak', outcome: 'accepted' })).toBe(1);
    expect(sample(text, 'saksgang_command_duration_seconds_count', { category: 'sak', outcome: 'conflict' })).toBe(1);
    expect(sample(text, 'saksgang_command_duration_seconds_count', { category: 'sak', step: 'RegistrerSak', outcome: 'refused' })).toBe(1);
    expect(sample(text, 'saksgang_commands_total', { category: 'organ', outcome: 'accepted' })).toBeGreaterThanOrEqual(1);
    // The histogram's buckets are cumulative up to +Inf = count.
    expect(sample(text, 'saksgang_command_duration_seconds_bucket', { category: 'sak', step: 'RegistrerSak', outcome: 'accepted', le: '+Inf' })).toBe(1);
  });

  it('keeps the projection gauges under their names', async () => {
    const text = (await api.request('GET', '/metrics')).body;
    expect(text).toContain('# TYPE saksgang_projection_lag_events gauge');
    expect(text).toMatch(/^saksgang_projections_enabled 0$/m);
    expect(text).toMatch(/^saksgang_store_head_commit \d+$/m);
    // The projections do not run here: behind by every event recorded.
    expect(sample(text, 'saksgang_projection_lag_events', { projection: 'saksoversikt' })).toBeGreaterThan(0);
    expect(sample(text, 'saksgang_projection_caught_up', { projection: 'saksoversikt' })).toBe(0);
  });

  it('SAKSGANG_METRICS: public on the embedded store, off on a server store; validated', () => {
    expect(loadConfig({}).metrics).toBe('public');
    expect(loadConfig({ SAKSGANG_STORE: 'postgres', SAKSGANG_POSTGRES_URL: 'postgres://x@localhost/y', SAKSGANG_AUTH_SECRET: 'x'.repeat(32) }).metrics).toBe('off');
    expect(() => loadConfig({ SAKSGANG_METRICS: 'yes' })).toThrow(/SAKSGANG_METRICS="yes" is not one of: public, off/);
    expect(loadConfig({}).metricsPort).toBeUndefined();
    expect(loadConfig({ SAKSGANG_METRICS_PORT: '9464' }).metricsPort).toBe(9464);
  });
});

describe('/metrics off on the API port, on a port of its own', () => {
  it('answers 404 problem+json on the API port, and the metrics on SAKSGANG_METRICS_PORT', async () => {
    const t = await startTestApi({ SAKSGANG_METRICS: 'off', SAKSGANG_METRICS_PORT: '0' });
    try {
      expectProblemResponse(await t.request('GET', '/metrics'), 404, 'not_found');
      const config = loadConfig({ SAKSGANG_METRICS_PORT: '0' });
      const port = await startMetricsPort(t.app, config);
      expect(port).toBeGreaterThan(0);
      await t.request('GET', '/arbeidsflyt');
      const res = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      const text = await res.text();
      expect(text).toContain('process_cpu_user_seconds_total');
      expect(sample(text, 'saksgang_http_request_duration_seconds_count', { route: '/arbeidsflyt', status: '200' })).toBe(1);
      expect((await fetch(`http://127.0.0.1:${port}/saker`)).status).toBe(404);
    } finally {
      await t.close();
    }
  }, 120_000);
});
