/**
 * Durable deadline reminders (issue 18 item 2): computed from the recorded deadline and the injected
 * clock, each fired once — also across a restart of the service on the same data — and a moved
 * deadline cancels the reminders of the old date. A real SMTP server receives them.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig, ManualClock, VarslingService } from '@saksgang/application';
import { type OpenedEventStore, openEventStore } from '@saksgang/event-store';
import { createApp } from '../../apps/api/src/bootstrap.js';
import { inntil, type Smtp, startSmtp } from './support.js';

jest.setTimeout(300_000);

const DAG = 86_400_000;
const ADMIN = { 'x-dev-person': 'admin', 'x-dev-organ': 'sekretariat-hnt', 'x-dev-rolle': 'sekretaer' };
const ASU = { 'x-dev-person': 'olav-bremnes', 'x-dev-organ': 'asu-hnt', 'x-dev-rolle': 'sekretaer' };
const PSU = { 'x-dev-person': 'ks-sekretaer', 'x-dev-organ': 'psu-hnt', 'x-dev-rolle': 'sekretaer' };
const AU = { 'x-dev-person': 'runar-asp', 'x-dev-organ': 'au-hnt', 'x-dev-rolle': 'medlem' };
const FAGRAAD = { 'x-dev-person': 'fagraad-leder', 'x-dev-organ': 'fagraad-2', 'x-dev-rolle': 'leder' };

interface Kjoerende {
  readonly app: NestFastifyApplication;
  readonly opened: OpenedEventStore;
  readonly varsling: VarslingService;
  post(url: string, headers: Record<string, string>, body: unknown): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  get(url: string, headers: Record<string, string>): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  close(): Promise<void>;
}

let dataDir: string;
let smtp: Smtp;
const secret = randomBytes(32).toString('hex');
const start0 = new Date();
const dato = (t: Date) => t.toISOString().slice(0, 10);
/** The deadline: 20 days from the start. */
const frist = dato(new Date(start0.getTime() + 20 * DAG));
const norsk = (d: string) => d.split('-').reverse().join('.');

async function start(clock: ManualClock): Promise<Kjoerende> {
  const config = loadConfig({
    SAKSGANG_STORE: 'pglite',
    SAKSGANG_DATA_DIR: dataDir,
    SAKSGANG_DEMO: 'off',
    SAKSGANG_PROJECTIONS: 'off',
    SAKSGANG_VARSLING: 'on',
    SAKSGANG_DEV_ACTOR_HEADERS: 'on',
    SAKSGANG_RATE_LIMIT: '0',
    SAKSGANG_AUTH_SECRET: secret,
    SAKSGANG_SMTP_URL: smtp.url,
    SAKSGANG_VARSLING_AVSENDER: 'saksgang@hnt.example.no',
    SAKSGANG_VARSLING_EPOST_MAL: '{personId}@hnt.example.no',
    SAKSGANG_VARSLING_INTERVALL_MS: '100000',
    SAKSGANG_VARSLING_FRIST_DAGER: '7,1',
    SAKSGANG_PLANNING_HORIZON_YEARS: '5',
  });
  const opened = await openEventStore({ backend: 'pglite', dataDir });
  const app = await createApp({ config, store: opened, logger: false, clock });
  await app.init();
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.ready();
  const call = async (method: string, url: string, headers: Record<string, string>, body?: unknown) => {
    const res = await fastify.inject({ method: method as 'GET', url, headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers }, ...(body !== undefined ? { payload: JSON.stringify(body) } : {}) });
    if (res.statusCode >= 300) throw new Error(`${method} ${url} → ${res.statusCode}: ${res.body}`);
    return res.body ? JSON.parse(res.body) : undefined;
  };
  return {
    app,
    opened,
    varsling: app.get(VarslingService),
    post: (url, headers, body) => call('POST', url, headers, body),
    get: (url, headers) => call('GET', url, headers),
    async close() {
      await app.close();
      await opened.store.close();
    },
  };
}

async function runde(k: Kjoerende): Promise<void> {
  expect(await k.varsling.venterPaa(await k.opened.store.headPosition(), 60_000)).toBe(true);
  await k.varsling.kjoer();
}

const emner = () => smtp.meldinger.map((m) => m.subject ?? '');

let clock: ManualClock;
let k: Kjoerende;
let sakId: string;
let oppdragId: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'saksgang-frister-'));
  smtp = await startSmtp();
  clock = new ManualClock(start0);
  k = await start(clock);
  for (const [organId, navn, organtype] of [
    ['sekretariat-hnt', 'Sekretariatet', 'sekretariat'],
    ['psu-hnt', 'Politisk samarbeidsutvalg (PSU)', 'psu'],
    ['asu-hnt', 'Administrativt samarbeidsutvalg (ASU)', 'asu'],
    ['au-hnt', 'Arbeidsutvalget', 'arbeidsutvalg'],
    ['fagraad-2', 'Fagråd 2', 'fagraad'],
  ]) {
    await k.post('/organer', ADMIN, { organId, navn, organtype, mandat: `Mandat for ${navn}`, gjelderFra: '2012-01-01' });
  }
  await k.post('/organer/fagraad-2/medlemmer', ADMIN, { personId: 'fagraad-leder', navn: 'Frida Fagrådsleder', rolle: 'leder', fra: '2012-01-01' });
  await k.post('/organer/fagraad-2/medlemmer', ADMIN, { personId: 'fagraad-sekretaer', navn: 'Sverre Sekretær', rolle: 'sekretaer', fra: '2012-01-01' });
  sakId = (await k.post('/saker', PSU, { tittel: 'Helhetlige pasientforløp fra hjem til hjem', innmeldtAv: 'psu-hnt' })).sakId;
  await k.post(`/saker/${sakId}/nivaa`, AU, { organId: 'psu-hnt' });
  await k.post(`/saker/${sakId}/bestillinger`, PSU, { tilOrganId: 'asu-hnt', mandat: 'Utrede pasientforløpene.', frist: dato(new Date(start0.getTime() + 200 * DAG)) });
  await k.post(`/saker/${sakId}/bestillinger/mottak`, ASU, {});
  oppdragId = (await k.post(`/saker/${sakId}/oppdrag`, ASU, { tilOrganId: 'fagraad-2', mandat: 'Beskrive helhetlige pasientforløp fra hjem til hjem.', frist })).oppdragId;
  await runde(k);
  await inntil(() => smtp.meldinger.length >= 2, 30_000, 'the two oppdrag e-mails');
}, 300_000);

afterAll(async () => {
  await k?.close().catch(() => undefined);
  await smtp?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('reminders of an oppdrag\'s frist', () => {
  it('nothing before the time; 7 days before: one reminder to the leader and one to the secretary, once', async () => {
    const foer = smtp.meldinger.length;
    clock.set(new Date(Date.parse(`${frist}T00:00:00Z`) - 8 * DAG));
    await runde(k);
    expect(smtp.meldinger).toHaveLength(foer);
    clock.set(new Date(Date.parse(`${frist}T12:00:00Z`) - 7 * DAG));
    await runde(k);
    await runde(k);
    expect(emner().slice(foer)).toEqual([`Frist ${norsk(frist)}: Helhetlige pasientforløp fra hjem til hjem`, `Frist ${norsk(frist)}: Helhetlige pasientforløp fra hjem til hjem`]);
    expect(smtp.mottakere.slice(foer).flat().sort()).toEqual(['fagraad-leder@hnt.example.no', 'fagraad-sekretaer@hnt.example.no']);
    expect(smtp.meldinger.at(-1)!.text).toContain(`Fristen for oppdraget i saken «Helhetlige pasientforløp fra hjem til hjem» er ${norsk(frist)}, om 7 dager. Fagråd 2 er ansvarlig.`);
  });

  it('a frist passing sends one reminder — also across a restart of the service', async () => {
    await k.close();
    // While it is down, the frist passes.
    clock.set(new Date(Date.parse(`${frist}T12:00:00Z`) + 1 * DAG));
    const foer = smtp.meldinger.length;
    k = await start(clock);
    await runde(k);
    await runde(k);
    const nye = emner().slice(foer);
    // The 1-day reminder fell due while it was down (not longer ago than SAKSGANG_VARSLING_TILBAKE_DAGER): sent once, then the passed one.
    expect(nye.filter((e) => e.startsWith('Fristen er passert'))).toHaveLength(2);
    expect(nye.filter((e) => e.startsWith(`Frist ${norsk(frist)}`))).toHaveLength(2);
    // Another restart: nothing more.
    await k.close();
    k = await start(clock);
    await runde(k);
    await runde(k);
    expect(smtp.meldinger).toHaveLength(foer + 4);
    const ider = smtp.meldinger.map((m) => m.messageId);
    expect(new Set(ider).size).toBe(ider.length);
  });

  it('a moved frist: reminders for the new date, none left for the old', async () => {
    const foer = smtp.meldinger.length;
    const nyFrist = dato(new Date(Date.parse(`${frist}T12:00:00Z`) + 30 * DAG));
    await k.post(`/saker/${sakId}/oppdrag/${oppdragId}/aksept`, FAGRAAD, {}).catch(() => undefined);
    await k.post(`/saker/${sakId}/oppdrag/${oppdragId}/utsettelse`, FAGRAAD, { nyFrist, begrunnelse: 'Trenger mer tid.' });
    await k.post(`/saker/${sakId}/oppdrag/${oppdragId}/utsettelse/innvilgelse`, ASU, {});
    await runde(k);
    expect(smtp.meldinger).toHaveLength(foer);
    clock.set(new Date(Date.parse(`${nyFrist}T12:00:00Z`) - 7 * DAG));
    await runde(k);
    const nye = emner().slice(foer);
    expect(nye).toEqual([`Frist ${norsk(nyFrist)}: Helhetlige pasientforløp fra hjem til hjem`, `Frist ${norsk(nyFrist)}: Helhetlige pasientforløp fra hjem til hjem`]);
    expect(smtp.meldinger.at(-1)!.text).toContain('om 7 dager.');
  });
});
