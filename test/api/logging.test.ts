/**
 * The log, by pino through nestjs-pino, captured as it is written: one JSON object a line; every line
 * of a request carries its request id, its correlation id and (after the guard) the acting person;
 * no line ever holds the bearer token, the query or what a body said (so no exempt field either).
 */
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@saksgang/application';
import { openEventStore, type OpenedEventStore } from '@saksgang/event-store';
import { lagLokaltToken } from '../../apps/api/src/auth/lag-token.js';
import { createApp } from '../../apps/api/src/bootstrap.js';
import { textStream } from '../../apps/api/src/http/logging.js';
import { pino } from 'pino';

const SECRET = randomBytes(48).toString('base64url');
const KEY = new TextEncoder().encode(SECRET);
const HEMMELIG = 'Hemmelig-navn-Kari-Nordmann-4711';

let app: NestFastifyApplication;
let opened: OpenedEventStore;
const written: string[] = [];
let token: string;

type Line = Record<string, unknown> & { requestId?: string; correlationId?: string; actor?: { personId?: string }; msg?: string };
const lines = (): Line[] => written.join('').split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l) as Line);

beforeAll(async () => {
  const config = loadConfig({ SAKSGANG_STORE: 'pglite', SAKSGANG_DATA_DIR: 'memory://', SAKSGANG_DEMO: 'off', SAKSGANG_PROJECTIONS: 'off', SAKSGANG_AUTH_SECRET: SECRET, SAKSGANG_RATE_LIMIT: '0', SAKSGANG_LOG_LEVEL: 'debug' });
  opened = await openEventStore({ backend: 'pglite', dataDir: 'memory://' });
  app = await createApp({ config, store: opened, logStream: { write: (s: string) => void written.push(s) } });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  token = await lagLokaltToken(KEY, { personId: 'it-drift', roller: ['drift'] });
}, 120_000);
afterAll(async () => {
  await app?.close();
  await opened?.store.close();
});

const inject = (o: { method: string; url: string; headers?: Record<string, string>; payload?: string }) =>
  app.getHttpAdapter().getInstance().inject({ method: o.method as 'GET', url: o.url, headers: o.headers, payload: o.payload });

describe('text format (pino-pretty)', () => {
  it('prints a line a record, readable, with the message and the fields', async () => {
    const out: string[] = [];
    const stream = textStream(
      new Writable({
        write(chunk, _encoding, done) {
          out.push(String(chunk));
          done();
        },
      }),
    );
    const logger = pino({ base: { service: 'saksgang' } }, stream);
    logger.info({ requestId: 'r-1', correlationId: 'k-1' }, 'request completed');
    await new Promise((r) => setTimeout(r, 50));
    const text = out.join('');
    expect(text).toMatch(/INFO.*request completed/);
    expect(text).toContain('requestId: "r-1"');
    expect(() => JSON.parse(text)).toThrow();
  });
});

describe('logs (pino)', () => {
  it('writes one JSON object a line, each with a level, a time and the service', () => {
    expect(written.length).toBeGreaterThan(0);
    for (const raw of written.join('').split('\n').filter((l) => l)) {
      expect(() => JSON.parse(raw)).not.toThrow();
      expect(JSON.parse(raw)).toMatchObject({ level: expect.any(Number), time: expect.any(Number), service: 'saksgang' });
    }
  });

  it('every line of a request has its request id, correlation id and acting person; never the token, the query or the body', async () => {
    const before = written.length;
    const res = await inject({
      method: 'POST',
      url: `/organer?notat=${HEMMELIG}`,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-request-id': 'req-logg-1', 'x-correlation-id': 'korr-logg-1' },
      payload: JSON.stringify({ organId: 'psu-logg', navn: HEMMELIG, organtype: 'psu', mandat: `Mandat ${HEMMELIG}`, gjelderFra: '2016-01-01' }),
    });
    expect(res.statusCode).toBe(201);
    expect(res.headers['x-request-id']).toBe('req-logg-1');
    // A refusal with the same secret text, so an error path is logged too.
    const refused = await inject({
      method: 'POST',
      url: '/organer',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-request-id': 'req-logg-2' },
      payload: JSON.stringify({ organId: 'psu-logg', navn: HEMMELIG, organtype: 'ukjent', mandat: HEMMELIG }),
    });
    expect(refused.statusCode).toBe(400);
    // A command logs a line of its own while the request is handled.
    const third = await inject({
      method: 'POST',
      url: '/organer',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-request-id': 'req-logg-3', 'x-correlation-id': 'korr-logg-3' },
      payload: JSON.stringify({ organId: 'asu-logg', navn: HEMMELIG, organtype: 'asu', mandat: 'Mandat', gjelderFra: '2016-01-01' }),
    });
    expect(third.statusCode).toBe(201);
    // pino-http writes the `request completed` line when the answer has finished.
    await new Promise((r) => setTimeout(r, 50));

    const text = written.slice(before).join('');
    expect(text).not.toContain(token);
    expect(text).not.toContain(token.split('.')[2]!);
    expect(text).not.toContain(HEMMELIG);
    expect(text).not.toContain('Bearer');

    // Each field once a line (a child logger's bindings are not repeated).
    for (const raw of text.split('\n').filter((l) => l)) expect(raw.match(/"requestId"/g)?.length ?? 0).toBeLessThanOrEqual(1);
    const mine = lines().filter((l) => l.requestId === 'req-logg-1');
    expect(mine.length).toBeGreaterThanOrEqual(1);
    for (const l of mine) {
      expect(l.correlationId).toBe('korr-logg-1');
      expect(l.actor).toMatchObject({ personId: 'it-drift' });
    }
    const done = mine.find((l) => l.msg === 'request completed')!;
    expect(done).toMatchObject({ req: { method: 'POST', path: '/organer' }, res: { statusCode: 201 }, actor: { personId: 'it-drift' } });
    // Without X-Correlation-Id the request id correlates.
    const second = lines().filter((l) => l.requestId === 'req-logg-2');
    expect(second.length).toBeGreaterThanOrEqual(1);
    for (const l of second) expect(l.correlationId).toBe('req-logg-2');
    expect(second.find((l) => l.msg === 'request completed')).toMatchObject({ level: 40, res: { statusCode: 400 } });
    // A line written while the request was handled (not only pino-http's own) carries the same.
    const thirdLines = lines().filter((l) => l.requestId === 'req-logg-3');
    expect(thirdLines.find((l) => l.msg === 'command accepted')).toMatchObject({ level: 20, context: 'command', category: 'organ', outcome: 'accepted' });
    for (const l of thirdLines) expect(l).toMatchObject({ correlationId: 'korr-logg-3', actor: { personId: 'it-drift' } });
  });

  it('a request without an id of its own gets a new one, sent back as X-Request-Id', async () => {
    const res = await inject({ method: 'GET', url: '/arbeidsflyt' });
    await new Promise((r) => setTimeout(r, 50));
    const id = String(res.headers['x-request-id']);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines().some((l) => l.requestId === id && l.msg === 'request completed')).toBe(true);
  });
});
