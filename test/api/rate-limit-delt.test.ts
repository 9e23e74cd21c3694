/**
 * The rate limit counted in a shared store (#21 item 4): with SAKSGANG_RATE_LIMIT_STORE=postgres two
 * API instances on one PostgreSQL database share one count per client — the same 429 problem+json
 * with Retry-After as the in-memory default (test/api/hardening.test.ts pins that one) — the store's
 * statement is atomic under concurrent requests and starts a new window once the old one has passed,
 * and a database that does not answer lets requests through rather than failing them.
 *
 *   SAKSGANG_TEST_POSTGRES_URL=postgres://… node --experimental-vm-modules node_modules/jest/bin/jest.js test/api/rate-limit-delt.test.ts
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '@saksgang/application';
import { RATE_LIMIT_TABLE, postgresRateLimitStore } from '../../apps/api/src/http/rate-limit-store.js';
import { createDatabase, freePort, withClient } from '../multi-instance/support.js';
import { describeUnless, postgresUrlOrSkip } from '../support/skip.js';
import { expectProblemResponse, startTestApi, type TestApi, type TestResponse } from './support.js';

const server = postgresUrlOrSkip();
const d = describeUnless(server.skip, 'the shared rate limit (two API instances on one PostgreSQL database)');

let db: { url: string; drop: () => Promise<void> } | undefined;
const apis: TestApi[] = [];

beforeAll(async () => {
  if (!server.url) return;
  db = await createDatabase(server.url, 'saksgang_rl');
  const env = { SAKSGANG_RATE_LIMIT: '5', SAKSGANG_RATE_LIMIT_STORE: 'postgres', SAKSGANG_POSTGRES_URL: db.url };
  // Two instances (each its own process state and event store), one database for the count.
  apis.push(await startTestApi(env), await startTestApi(env));
  // Starts two services: generous on a busy two-core machine.
}, 180_000);

afterAll(async () => {
  for (const api of apis) await api.close();
  await db?.drop();
}, 60_000);

function from(api: TestApi, remoteAddress: string, url = '/arbeidsflyt') {
  return api.app.getHttpAdapter().getInstance().inject({ method: 'GET', url, remoteAddress });
}

d('the rate limit in PostgreSQL (SAKSGANG_RATE_LIMIT_STORE=postgres)', () => {
  it('is one count per client for both instances: the sixth request, on either, is 429 problem+json with Retry-After', async () => {
    const [a, b] = apis as [TestApi, TestApi];
    const remaining: string[] = [];
    for (const api of [a, b, a, b, a]) {
      const res = await from(api, '10.9.0.1');
      expect(res.statusCode).toBe(200);
      expect(res.headers['ratelimit-limit']).toBe('5');
      remaining.push(String(res.headers['ratelimit-remaining']));
    }
    // Each instance counting on its own would say 4, 4, 3, 3, 2.
    expect(remaining).toEqual(['4', '3', '2', '1', '0']);
    const over = await from(b, '10.9.0.1');
    const res: TestResponse = { status: over.statusCode, headers: over.headers, body: over.body, json: JSON.parse(over.body) };
    expectProblemResponse(res, 429, 'too_many_requests');
    expect(res.json.detail).toMatch(/Mer enn 5 forespørsler i minuttet/);
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(over.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect((await from(a, '10.9.0.1')).statusCode).toBe(429);
    // Health checks are still exempt; another client has its own count, on either instance.
    expect((await from(b, '10.9.0.1', '/health')).statusCode).toBe(200);
    const other = await from(b, '10.9.0.2');
    expect(other.statusCode).toBe(200);
    expect(other.headers['ratelimit-remaining']).toBe('4');
    // The count is in the database, where every instance reads it.
    const rows = await withClient(db!.url, (c) => c.query(`SELECT key, hits::int AS hits FROM ${RATE_LIMIT_TABLE} ORDER BY key`));
    expect(rows.rows).toEqual([
      { key: '10.9.0.1', hits: 7 },
      { key: '10.9.0.2', hits: 1 },
    ]);
  });

  it('counts atomically under concurrent requests from two stores, and starts a new window once the old one has passed', async () => {
    const one = postgresRateLimitStore(db!.url);
    const two = postgresRateLimitStore(db!.url);
    try {
      const s1 = new one.Store({});
      const s2 = new two.Store({});
      const incr = (s: InstanceType<typeof one.Store>, key: string, windowMs: number) =>
        new Promise<{ current: number; ttl: number }>((resolve, reject) => s.incr(key, (e, r) => (e ? reject(e) : resolve(r!)), windowMs, 1000));
      const counts = await Promise.all(Array.from({ length: 40 }, (_, i) => incr(i % 2 ? s1 : s2, 'samtidig', 60_000)));
      // Every request got its own number: none lost, none counted twice.
      expect(counts.map((c) => c.current).sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
      for (const c of counts) expect(c.ttl).toBeGreaterThan(0);
      for (const c of counts) expect(c.ttl).toBeLessThanOrEqual(60_000);

      expect((await incr(s1, 'kort', 1500)).current).toBe(1);
      expect((await incr(s2, 'kort', 1500)).current).toBe(2);
      await new Promise((r) => setTimeout(r, 1700));
      const fresh = await incr(s1, 'kort', 1500);
      expect(fresh.current).toBe(1);
      expect(fresh.ttl).toBeGreaterThan(1000);
    } finally {
      await one.close();
      await two.close();
    }
  });
});

describe('the rate limit in PostgreSQL when the database does not answer', () => {
  it('lets requests through (fail open) instead of answering 500', async () => {
    const closedPort = await freePort();
    const api = await startTestApi({ SAKSGANG_RATE_LIMIT: '5', SAKSGANG_RATE_LIMIT_STORE: 'postgres', SAKSGANG_POSTGRES_URL: `postgres://nobody:x@127.0.0.1:${closedPort}/nothing` });
    try {
      for (let i = 0; i < 7; i++) expect((await from(api, '10.9.0.3')).statusCode).toBe(200);
    } finally {
      await api.close();
    }
  }, 120_000);
});

it('SAKSGANG_RATE_LIMIT_STORE is memory by default, and postgres needs SAKSGANG_POSTGRES_URL', () => {
  expect(loadConfig({}).rateLimitStore).toEqual({ kind: 'memory' });
  expect(loadConfig({ SAKSGANG_RATE_LIMIT_STORE: 'postgres', SAKSGANG_POSTGRES_URL: 'postgres://u:p@db:5432/s' }).rateLimitStore).toEqual({ kind: 'postgres', url: 'postgres://u:p@db:5432/s' });
  expect(() => loadConfig({ SAKSGANG_RATE_LIMIT_STORE: 'postgres' })).toThrow(/SAKSGANG_RATE_LIMIT_STORE=postgres needs SAKSGANG_POSTGRES_URL/);
  expect(() => loadConfig({ SAKSGANG_RATE_LIMIT_STORE: 'redis' })).toThrow(/SAKSGANG_RATE_LIMIT_STORE="redis" is not one of: memory, postgres/);
});
