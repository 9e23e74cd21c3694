/**
 * Fault drills that fit in CI time (issue 8); the long ones (kill -9 rounds, a real PostgreSQL stop)
 * are scripts: `npm run drill`. Here, in-process:
 * - 100 concurrent conflicting steps with If-Match on one sak: one 201, 99 × 409, history consistent;
 * - Idempotency-Key across a restart of the application on the same data: same answer, recorded once;
 * - PostgreSQL cut away by a TCP proxy under the service: 503 problem+json with Retry-After while it is
 *   away, and recovery by itself when it is back (needs SAKSGANG_TEST_POSTGRES_URL; skipped otherwise).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@saksgang/application';
import { computeRecordedEventHash, type OpenedEventStore, openEventStore, type RecordedEvent, storedHash, storedPreviousHash } from '@saksgang/event-store';
import pg from 'pg';
import { createApp } from '../../apps/api/src/bootstrap.js';
import { describeUnless, postgresUrlOrSkip } from '../support/skip.js';

const PSU = { 'x-dev-person': 'ks-sekretaer', 'x-dev-organ': 'psu-hnt', 'x-dev-rolle': 'sekretaer' };
const AU = { 'x-dev-person': 'runar-asp', 'x-dev-organ': 'au-hnt', 'x-dev-rolle': 'medlem' };
const ADMIN = { 'x-dev-person': 'admin', 'x-dev-organ': 'sekretariat-hnt', 'x-dev-rolle': 'sekretaer' };
const ORGANER: [string, string][] = [['psu-hnt', 'psu'], ['asu-hnt', 'asu'], ['au-hnt', 'arbeidsutvalg'], ['sekretariat-hnt', 'sekretariat']];

interface Running {
  readonly app: NestFastifyApplication;
  readonly opened: OpenedEventStore;
  request(method: string, url: string, headers?: Record<string, string>, body?: unknown): Promise<{ status: number; headers: Record<string, unknown>; json: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any
  close(): Promise<void>;
}

async function start(store: { backend: 'pglite'; dataDir: string } | { backend: 'postgres'; url: string }, organer = true): Promise<Running> {
  const env: Record<string, string> = {
    SAKSGANG_DEMO: 'off',
    SAKSGANG_PROJECTIONS: 'off',
    SAKSGANG_DEV_ACTOR_HEADERS: 'on',
    SAKSGANG_RATE_LIMIT: '0',
    SAKSGANG_AUTH_SECRET: randomBytes(32).toString('hex'),
    ...(store.backend === 'pglite' ? { SAKSGANG_STORE: 'pglite', SAKSGANG_DATA_DIR: store.dataDir } : { SAKSGANG_STORE: 'postgres', SAKSGANG_POSTGRES_URL: store.url }),
  };
  const opened = await openEventStore(store.backend === 'pglite' ? store : { backend: 'postgres', url: store.url, poolSize: 8 });
  const app = await createApp({ config: loadConfig(env), store: opened, logger: false });
  await app.init();
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.ready();
  const running: Running = {
    app,
    opened,
    async request(method, url, headers = {}, body) {
      const res = await fastify.inject({ method: method as 'GET', url, headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers }, payload: body === undefined ? undefined : JSON.stringify(body) });
      let json: unknown;
      try {
        json = res.body ? JSON.parse(res.body) : undefined;
      } catch {
        json = undefined;
      }
      return { status: res.statusCode, headers: res.headers, json };
    },
    async close() {
      await app.close();
      await opened.store.close();
    },
  };
  if (organer) {
    for (const [organId, organtype] of ORGANER) {
      const r = await running.request('POST', '/organer', ADMIN, { organId, navn: organId, organtype, mandat: `Mandat for ${organId}`, gjelderFra: '2012-01-01' });
      if (r.status !== 201 && r.status !== 409) throw new Error(`POST /organer → ${r.status} ${JSON.stringify(r.json)}`);
    }
  }
  return running;
}

const registrer = (n: number) => ({ tittel: `Handlingsplan ${n}`, innmeldtAv: 'psu-hnt', gjelderFra: '2017-03-24' });
const korriger = (fra: string, til: string) => ({ hendelsesnummer: 0, hendelsestype: 'SakRegistrert', felt: 'tittel', gammelVerdi: fra, nyVerdi: til, begrunnelse: 'Retting' });
const triage = { organId: 'psu-hnt', begrunnelse: 'PSU skal bestille utredningen.', gjelderFra: '2017-03-24' };

/** Revisions 0..n-1, each event's hash matches it and chains to the one before. */
function expectConsistent(events: readonly RecordedEvent[]): void {
  let previous: string | null = null;
  events.forEach((e, i) => {
    expect(e.revision).toBe(BigInt(i));
    expect(storedHash(e.metadata)).toBe(computeRecordedEventHash(e));
    expect(storedPreviousHash(e.metadata)).toBe(previous);
    previous = storedHash(e.metadata) ?? null;
  });
}

describe('drill: 100 concurrent conflicting steps on one sak (PGlite)', () => {
  let api: Running;
  beforeAll(async () => {
    api = await start({ backend: 'pglite', dataDir: 'memory://' });
  }, 60_000);
  afterAll(async () => api?.close());

  it('exactly one wins, the other 99 get 409 problem+json with the current ETag, and the history stays consistent', async () => {
    const reg = await api.request('POST', '/saker', PSU, registrer(1));
    expect(reg.status).toBe(201);
    expect(reg.headers['etag']).toBe('"0"');
    const sakId: string = reg.json.sakId;
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => api.request('POST', `/saker/${sakId}/korrigeringer`, { ...PSU, 'if-match': '"0"' }, korriger('Handlingsplan 1', `Tittel ${i}`))),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    const lost = results.filter((r) => r.status === 409);
    expect(lost).toHaveLength(99);
    for (const r of lost) {
      expect(String(r.headers['content-type'])).toMatch(/^application\/problem\+json/);
      expect(r.json.code).toBe('revision_conflict');
      expect(r.headers['etag']).toBe('"1"');
    }
    const events = await api.opened.store.readStream(`sak-${sakId}`);
    expect(events.map((e) => e.type)).toEqual(['SakRegistrert', 'OpplysningKorrigert']);
    expectConsistent(events);
  }, 60_000);
});

describe('drill: Idempotency-Key across a restart (PGlite data directory)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'saksgang-drill-test-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the same command with the same key after the restart records nothing new and gets the same answer', async () => {
    const dataDir = join(dir, 'data');
    const key = `drill-${randomBytes(8).toString('hex')}`;
    const stepKey = `${key}-triage`;
    let api = await start({ backend: 'pglite', dataDir });
    const first = await api.request('POST', '/saker', { ...PSU, 'idempotency-key': key }, registrer(1));
    expect(first.status).toBe(201);
    expect(first.json.replayed).toBe(false);
    const sakId: string = first.json.sakId;
    const firstStep = await api.request('POST', `/saker/${sakId}/nivaa`, { ...AU, 'idempotency-key': stepKey }, triage);
    expect(firstStep.status).toBe(201);
    await api.close();

    api = await start({ backend: 'pglite', dataDir }, false);
    try {
      const again = await api.request('POST', '/saker', { ...PSU, 'idempotency-key': key }, registrer(1));
      const stepAgain = await api.request('POST', `/saker/${sakId}/nivaa`, { ...AU, 'idempotency-key': stepKey }, triage);
      for (const [a, b] of [[first, again], [firstStep, stepAgain]] as const) {
        expect(b.status).toBe(201);
        expect(b.json.replayed).toBe(true);
        expect({ sakId: b.json.sakId, revision: b.json.revision, position: b.json.position, hendelser: b.json.hendelser }).toEqual({
          sakId: a.json.sakId,
          revision: a.json.revision,
          position: a.json.position,
          hendelser: a.json.hendelser,
        });
      }
      const events = await api.opened.store.readStream(`sak-${sakId}`);
      expect(events.map((e) => e.type)).toEqual(['SakRegistrert', 'NivaaTildelt']);
      expectConsistent(events);
    } finally {
      await api.close();
    }
  }, 90_000);
});

/** A TCP proxy on loopback in front of PostgreSQL that can be cut (connections dropped, new ones refused) and restored. */
class CuttableProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;
  constructor(private readonly target: { host: string; port: number }) {}

  async open(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((r) => this.server!.listen(this.port, '127.0.0.1', () => r()));
    this.port = (this.server!.address() as { port: number }).port;
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  }
}

const { url: pgUrl, skip } = postgresUrlOrSkip();
const describePg = describeUnless(skip, 'drill "PostgreSQL cut away under the service"');

describePg('drill: PostgreSQL cut away under the service (TCP proxy)', () => {
  const database = `saksgang_drill_${randomBytes(4).toString('hex')}`;
  let proxy: CuttableProxy;
  let api: Running;

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
    const u = new URL(pgUrl!);
    proxy = new CuttableProxy({ host: u.hostname, port: Number(u.port || 5432) });
    await proxy.open();
    u.hostname = '127.0.0.1';
    u.port = String(proxy.port);
    u.pathname = `/${database}`;
    api = await start({ backend: 'postgres', url: u.toString() });
  }, 60_000);

  afterAll(async () => {
    await api?.close().catch(() => undefined);
    await proxy?.cut();
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  });

  it('answers 503 problem+json with Retry-After while the store is away, and recovers by itself', async () => {
    expect((await api.request('POST', '/saker', PSU, registrer(1))).status).toBe(201);
    await proxy.cut();
    for (let i = 0; i < 3; i++) {
      const r = await api.request('POST', '/saker', PSU, registrer(2));
      expect(r.status).toBe(503);
      expect(String(r.headers['content-type'])).toMatch(/^application\/problem\+json/);
      expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
      expect(r.json.status).toBe(503);
    }
    await proxy.open();
    const deadline = Date.now() + 20_000;
    let status = 0;
    while (Date.now() < deadline) {
      status = (await api.request('POST', '/saker', PSU, registrer(3))).status;
      if (status === 201) break;
      expect(status).toBe(503);
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(status).toBe(201);
  }, 60_000);
});
