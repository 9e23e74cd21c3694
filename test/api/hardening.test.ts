/**
 * The HTTP edge's hardening, done by @fastify/helmet and @fastify/rate-limit: the same headers on
 * every kind of answer (a route, a 404, the router's own refusal of a malformed URL), the content
 * security policy of the matched route (the API docs, the web app, the API), the live stream keeping
 * its own, and the limit per client (draft RateLimit-* headers, 429 problem+json with Retry-After,
 * health exempt, 404s counted, each client address on its own).
 */
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { API_CSP, APP_CSP, directivesOf, DOCS_CSP } from '../../apps/api/src/http/hardening.js';
import { expectProblemResponse, startTestApi, type TestApi, type TestResponse } from './support.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
}, 120_000);
afterAll(async () => api?.close());

/** A policy compared by its directives (helmet writes `a b;c d`, the constants `a b; c d`). */
const policy = (res: TestResponse) => directivesOf(String(res.headers['content-security-policy']));

function expectHardened(res: TestResponse): void {
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['x-frame-options']).toBe('DENY');
  expect(res.headers['referrer-policy']).toBe('no-referrer');
  expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
  expect(res.headers['cross-origin-resource-policy']).toBe('same-origin');
  expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
  expect(res.headers['x-dns-prefetch-control']).toBe('off');
  expect(res.headers['x-permitted-cross-domain-policies']).toBe('none');
  expect(res.headers['permissions-policy']).toBe('camera=(), microphone=(), geolocation=(), payment=()');
  expect(res.headers['x-powered-by']).toBeUndefined();
}

describe('security headers (helmet), with the content security policy of the matched route', () => {
  it('the API, a 404 and the router’s refusal of a malformed URL get the API’s strict policy', async () => {
    for (const [url, status] of [
      ['/health', 200],
      ['/arbeidsflyt', 200],
      ['/finnes-ikke', 404],
      ['/saker/%E0%A4%A', 400],
    ] as const) {
      const res = await api.request('GET', url);
      expect(res.status).toBe(status);
      expectHardened(res);
      expect(policy(res)).toEqual(directivesOf(API_CSP));
    }
  });

  it('the API docs get the docs’ policy; an address that only looks like the docs does not', async () => {
    for (const url of ['/docs', '/docs/swagger-ui.css']) {
      const res = await api.request('GET', url);
      expect(res.status).toBe(200);
      expectHardened(res);
      expect(policy(res)).toEqual(directivesOf(DOCS_CSP));
    }
    // Decided on the route matched, not on the text of the URL.
    expect(policy(await api.request('GET', '/saker/docs'))).toEqual(directivesOf(API_CSP));
    expect(policy(await api.request('GET', '/docs-json'))).toEqual(directivesOf(API_CSP));
  });

  it('the web app’s pages get the app’s policy (built or not)', async () => {
    for (const url of ['/', '/app', '/app/saker/123']) {
      const res = await api.request('GET', url);
      expect([200, 404]).toContain(res.status); // 404 (problem+json, or a page for a browser) while the app is not built
      expectHardened(res);
      expect(policy(res)).toEqual(directivesOf(APP_CSP));
    }
  });

  it('the live stream (a hijacked reply) keeps its own policy and type, with helmet’s other headers', async () => {
    await api.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = api.app.getHttpServer().address() as AddressInfo;
    const headers = await new Promise<Record<string, string | string[] | undefined>>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/live', method: 'GET' }, (res) => {
        resolve(res.headers);
        res.destroy();
      });
      req.on('error', reject);
      req.end();
    });
    expect(headers['content-type']).toMatch(/^text\/event-stream/);
    expect(headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['x-frame-options']).toBe('DENY');
  });
});

describe('rate limiting (@fastify/rate-limit)', () => {
  it('counts per client address, sends RateLimit-* headers, answers 429 problem+json with Retry-After, spares /health', async () => {
    const limited = await startTestApi({ SAKSGANG_RATE_LIMIT: '4' });
    try {
      const fastify = limited.app.getHttpAdapter().getInstance();
      const fra = (remoteAddress: string, url: string) => fastify.inject({ method: 'GET', url, remoteAddress });
      const first = await fra('10.0.0.1', '/arbeidsflyt');
      expect(first.statusCode).toBe(200);
      expect(first.headers['ratelimit-limit']).toBe('4');
      expect(first.headers['ratelimit-remaining']).toBe('3');
      expect(Number(first.headers['ratelimit-reset'])).toBeGreaterThan(0);
      expect(Number(first.headers['ratelimit-reset'])).toBeLessThanOrEqual(60);
      // A 404 counts like any other request.
      expect((await fra('10.0.0.1', '/finnes-ikke')).headers['ratelimit-remaining']).toBe('2');
      await fra('10.0.0.1', '/arbeidsflyt');
      expect((await fra('10.0.0.1', '/arbeidsflyt')).headers['ratelimit-remaining']).toBe('0');
      const over = await fra('10.0.0.1', '/arbeidsflyt');
      const res: TestResponse = { status: over.statusCode, headers: over.headers, body: over.body, json: JSON.parse(over.body) };
      expectProblemResponse(res, 429, 'too_many_requests');
      expect(res.json.detail).toMatch(/Mer enn 4 forespørsler i minuttet/);
      expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(over.headers['retry-after'])).toBeLessThanOrEqual(60);
      expectHardened(res);
      // Health checks are exempt (and carry no counts); another client has its own count.
      const health = await fra('10.0.0.1', '/health');
      expect(health.statusCode).toBe(200);
      expect(health.headers['ratelimit-limit']).toBeUndefined();
      expect((await fra('10.0.0.2', '/arbeidsflyt')).statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  }, 120_000);

  it('off when SAKSGANG_RATE_LIMIT is 0: no counts at all', async () => {
    const res = await api.request('GET', '/arbeidsflyt');
    expect(res.headers['ratelimit-limit']).toBeUndefined();
  });
});
