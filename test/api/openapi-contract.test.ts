/**
 * The OpenAPI document is a contract clients are generated from: every operation documents its success
 * body and its errors as problem+json, and every schema it references exists.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApi, type TestApi } from './support.js';

let api: TestApi;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let doc: any;

beforeAll(async () => {
  api = await startTestApi();
  doc = (await api.request('GET', '/docs-json')).json;
}, 60_000);

afterAll(async () => {
  await api?.close();
});

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

function operations(): { path: string; method: string; op: Record<string, any> }[] { // eslint-disable-line @typescript-eslint/no-explicit-any
  return Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((method) => ({ path, method, op: item[method] as Record<string, any> })), // eslint-disable-line @typescript-eslint/no-explicit-any
  );
}

describe('OpenAPI contract', () => {
  it('has many operations', () => {
    expect(operations().length).toBeGreaterThan(40);
  });

  it('every operation has a summary and a documented success response', () => {
    const missing = operations().filter(({ op }) => {
      const ok = Object.keys(op.responses ?? {}).filter((s) => /^2\d\d$/.test(s));
      return !op.summary || ok.length === 0;
    });
    expect(missing.map((o) => `${o.method.toUpperCase()} ${o.path}`)).toEqual([]);
  });

  it('every operation except health, metrics and docs documents its errors as application/problem+json', () => {
    const exempt = /^\/(health|metrics|docs)/;
    const missing = operations().filter(({ path, op }) => {
      if (exempt.test(path)) return false;
      const errors = Object.entries(op.responses ?? {}).filter(([s]) => /^[45]\d\d$/.test(s));
      return errors.length === 0 || errors.some(([, r]) => !(r as { content?: Record<string, unknown> }).content?.['application/problem+json']);
    });
    expect(missing.map((o) => `${o.method.toUpperCase()} ${o.path}`)).toEqual([]);
  });

  it('every operation behind authentication documents 401, and every change also 403', () => {
    // Public operations (the document says so, from the same rule the guard applies) need no token.
    const missing = operations().flatMap(({ path, method, op }) => {
      if ((op as { 'x-saksgang-tilgang'?: { offentlig?: boolean } })['x-saksgang-tilgang']?.offentlig) return [];
      const statuses = Object.keys(op.responses ?? {});
      return [
        ...(statuses.includes('401') ? [] : [`${method.toUpperCase()} ${path}: 401`]),
        ...(method !== 'get' && !statuses.includes('403') ? [`${method.toUpperCase()} ${path}: 403`] : []),
      ];
    });
    expect(missing).toEqual([]);
  });

  it('every POST with a body has a request schema', () => {
    const missing = operations().filter(({ method, op }) => method === 'post' && op.requestBody && !(op.requestBody.content?.['application/json'] ?? op.requestBody.content?.['multipart/form-data'])?.schema);
    expect(missing.map((o) => o.path)).toEqual([]);
  });

  it('every $ref points to a schema that exists', () => {
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(0);
    const missing = [...new Set(refs)].filter((r) => !doc.components.schemas[r]);
    expect(missing).toEqual([]);
  });

  it('every path parameter in a path is declared', () => {
    const missing = operations().flatMap(({ path, method, op }) =>
      [...path.matchAll(/\{(\w+)\}/g)]
        .map((m) => m[1]!)
        .filter((name) => !(op.parameters ?? []).some((p: { name: string; in: string }) => p.in === 'path' && p.name === name))
        .map((name) => `${method.toUpperCase()} ${path}: ${name}`),
    );
    expect(missing).toEqual([]);
  });
});
