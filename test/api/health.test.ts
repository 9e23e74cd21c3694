/**
 * Liveness and readiness by @nestjs/terminus: `/health/live` asks only that the process answers;
 * `/health/ready` that the event store answers and every projection is within SAKSGANG_READY_MAX_LAG
 * events of the head (503 with Retry-After and terminus's `error` naming what failed otherwise).
 * `/health` stays as it was (a lagging projection alone is `ok`). All three are spared the rate limit.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '@saksgang/application';
import { actor, startTestApi, type TestApi } from './support.js';

const ADMIN = actor('admin', 'sekretariat-hnt', 'sekretaer');
let api: TestApi;

async function opprettOrgan(t: TestApi, organId: string): Promise<void> {
  const res = await t.request('POST', '/organer', { headers: ADMIN, body: { organId, navn: `Organ ${organId}`, organtype: 'fagraad', mandat: 'Mandat', gjelderFra: '2016-01-01' } });
  expect(res.status).toBe(201);
}

beforeAll(async () => {
  // The projections do not run here: every fact recorded puts them further behind.
  api = await startTestApi({ SAKSGANG_READY_MAX_LAG: '2', SAKSGANG_RATE_LIMIT: '8' });
}, 120_000);
afterAll(async () => api?.close());

describe('/health/live and /health/ready (terminus)', () => {
  it('SAKSGANG_READY_MAX_LAG is validated and defaults to 1000', () => {
    expect(loadConfig({}).readyMaxLagEvents).toBe(1000);
    expect(loadConfig({ SAKSGANG_READY_MAX_LAG: '0' }).readyMaxLagEvents).toBe(0);
    expect(() => loadConfig({ SAKSGANG_READY_MAX_LAG: 'many' })).toThrow(/SAKSGANG_READY_MAX_LAG="many" is not a whole number/);
  });

  it('ready while the projections are within the lag; not ready (503, naming them) beyond it; live and /health throughout', async () => {
    const ready = await api.request('GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.json).toMatchObject({ status: 'ok', info: { store: { status: 'up', backend: 'pglite' }, projections: { status: 'up', maxLagEvents: 2 } }, error: {} });
    const names = Object.keys(ready.json.details.projections.eventsBehind);
    expect(names).toEqual(expect.arrayContaining(['saksforloep', 'saksoversikt', 'arbeidsliste']));

    await opprettOrgan(api, 'fagraad-1');
    await opprettOrgan(api, 'fagraad-2');
    await opprettOrgan(api, 'fagraad-3');

    const behind = await api.request('GET', '/health/ready');
    expect(behind.status).toBe(503);
    expect(behind.headers['retry-after']).toBe('5');
    expect(behind.json.status).toBe('error');
    expect(behind.json.info.store.status).toBe('up');
    expect(behind.json.error.projections).toMatchObject({ status: 'down', maxLagEvents: 2, message: expect.stringMatching(/Further behind than 2 events/) });
    // The projections that read the organisation's facts are behind; each is named with its lag.
    expect(behind.json.error.projections.behind).toContain('organer');
    expect(behind.json.error.projections.eventsBehind.organer).toBeGreaterThan(2);

    const live = await api.request('GET', '/health/live');
    expect(live.status).toBe(200);
    expect(live.json).toMatchObject({ status: 'ok', details: { process: { status: 'up', pid: process.pid } } });
    // /health as before: lagging alone is `ok`.
    const health = await api.request('GET', '/health');
    expect(health.status).toBe(200);
    expect(health.json.status).toBe('ok');
  });

  it('the health checks are spared the rate limit (probes always get through)', async () => {
    for (let i = 0; i < 4; i++) {
      for (const url of ['/health/live', '/health/ready', '/health']) {
        const res = await api.request('GET', url);
        expect(res.status).not.toBe(429);
        expect(res.headers['ratelimit-limit']).toBeUndefined();
      }
    }
  });

  it('the OpenAPI document has both, public and without the rate limit’s 429', async () => {
    const doc = (await api.request('GET', '/docs-json')).json;
    for (const p of ['/health/live', '/health/ready']) {
      const op = doc.paths[p].get;
      expect(op['x-saksgang-tilgang'].offentlig).toBe(true);
      expect(op.security).toEqual([]);
      expect(Object.keys(op.responses).sort()).toEqual(['200', '503']);
    }
  });
});

describe('readiness when the store does not answer', () => {
  it('not ready (store down) while still live', async () => {
    const t = await startTestApi();
    try {
      await t.opened.store.close();
      const ready = await t.request('GET', '/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.json.error.store).toMatchObject({ status: 'down', backend: 'pglite' });
      expect(ready.json.error.projections.status).toBe('down');
      expect((await t.request('GET', '/health/live')).status).toBe(200);
    } finally {
      await t.app.close();
    }
  }, 120_000);
});
