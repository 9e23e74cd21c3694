import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig, type SaksgangConfig } from '@saksgang/application';
import { openEventStore, type OpenedEventStore, START } from '@saksgang/event-store';
import { createApp } from '../../apps/api/src/bootstrap.js';

export interface TestApi {
  readonly app: NestFastifyApplication;
  readonly opened: OpenedEventStore;
  request(method: string, url: string, options?: { body?: unknown; headers?: Record<string, string>; rawBody?: string }): Promise<TestResponse>;
  close(): Promise<void>;
}

export interface TestResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | number | undefined>;
  readonly body: string;
  readonly json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/**
 * The whole HTTP application on one in-memory PGlite store (shared by the tests of a file). The
 * projections (read models) do not run unless asked: `startTestApi({ SAKSGANG_PROJECTIONS: 'on' })`.
 */
export async function startTestApi(env: Record<string, string> = {}): Promise<TestApi> {
  // The tests written before authentication drive the API with the development headers: enabled here,
  // explicitly (the default is off). Rate limiting is off unless a test asks for it.
  const config: SaksgangConfig = loadConfig({
    SAKSGANG_STORE: 'pglite',
    SAKSGANG_DATA_DIR: 'memory://',
    SAKSGANG_DEMO: 'off',
    SAKSGANG_PROJECTIONS: 'off',
    SAKSGANG_DEV_ACTOR_HEADERS: 'on',
    SAKSGANG_RATE_LIMIT: '0',
    ...env,
  });
  const opened = await openEventStore({ backend: 'pglite', dataDir: 'memory://' });
  const app = await createApp({ config, store: opened, logger: false });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const fastify = app.getHttpAdapter().getInstance();
  return {
    app,
    opened,
    async request(method, url, options = {}) {
      const headers: Record<string, string> = { ...(options.headers ?? {}) };
      let payload: string | undefined;
      if (options.rawBody !== undefined) payload = options.rawBody;
      else if (options.body !== undefined) payload = JSON.stringify(options.body);
      if (payload !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
      const res = await fastify.inject({ method: method as 'GET', url, headers, payload });
      let json: unknown;
      try {
        json = res.body ? JSON.parse(res.body) : undefined;
      } catch {
        json = undefined;
      }
      return { status: res.statusCode, headers: res.headers, body: res.body, json };
    },
    async close() {
      await app.close();
      await opened.store.close();
    },
  };
}

export const actor = (personId: string, organId: string, rolle: string): Record<string, string> => ({
  'x-dev-person': personId,
  'x-dev-organ': organId,
  'x-dev-rolle': rolle,
});

/** Number of events in the whole store (a refused request must not change it). */
export async function countEvents(api: TestApi): Promise<number> {
  return (await api.opened.store.readAll({ fromPosition: START, maxCount: 1_000_000 })).length;
}

/** Asserts an RFC 9457 problem with the status (and code), and that nothing internal leaks. */
export function expectProblemResponse(res: TestResponse, status: number, code?: string): void {
  const ok =
    res.status === status &&
    String(res.headers['content-type']).startsWith('application/problem+json') &&
    res.json?.status === status &&
    typeof res.json?.detail === 'string' &&
    (code === undefined || res.json?.code === code) &&
    !/\bat .*\.(ts|js):\d+/.test(res.body) &&
    !res.body.includes('node_modules');
  if (!ok) throw new Error(`Expected problem ${status}${code ? ` ${code}` : ''}, got ${res.status}: ${res.body}`);
}

/** A multipart/form-data upload (the fields, then the file in «fil») to a document route, e.g. POST /dokumenter. */
export async function lastOppMultipart(api: TestApi, url: string, headers: Record<string, string>, felter: Record<string, string>, fil?: { navn: string; bytes: Buffer }): Promise<TestResponse> {
  const grense = '----saksgang-test-grense';
  const deler: Buffer[] = [];
  for (const [k, v] of Object.entries(felter)) deler.push(Buffer.from(`--${grense}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (fil) deler.push(Buffer.from(`--${grense}\r\nContent-Disposition: form-data; name="fil"; filename="${fil.navn}"\r\nContent-Type: application/octet-stream\r\n\r\n`), fil.bytes, Buffer.from('\r\n'));
  deler.push(Buffer.from(`--${grense}--\r\n`));
  const res = await api.app.getHttpAdapter().getInstance().inject({ method: 'POST', url, headers: { ...headers, 'content-type': `multipart/form-data; boundary=${grense}` }, payload: Buffer.concat(deler) });
  let json: unknown;
  try {
    json = JSON.parse(res.body);
  } catch {
    json = undefined;
  }
  return { status: res.statusCode, headers: res.headers, body: res.body, json };
}
