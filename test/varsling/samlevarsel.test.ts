/**
 * Per person (issue 18 item 3) and the oppdrag's later facts: a person who chose the daily digest gets
 * one e-mail at the day's hour (SAKSGANG_VARSLING_SAMLEVARSEL_TIME, Europe/Oslo) with what was
 * collected, once; the others get each notification at once. A delivery sent back and a delivery
 * accepted tell the fagråd's leader and secretary, in Norwegian with the reason. Injected clock, a
 * real SMTP server.
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
import { type Smtp, startSmtp } from './support.js';

jest.setTimeout(300_000);

const DAG = 86_400_000;
const ADMIN = { 'x-dev-person': 'admin', 'x-dev-organ': 'sekretariat-hnt', 'x-dev-rolle': 'sekretaer' };
const ASU = { 'x-dev-person': 'olav-bremnes', 'x-dev-organ': 'asu-hnt', 'x-dev-rolle': 'sekretaer' };
const PSU = { 'x-dev-person': 'ks-sekretaer', 'x-dev-organ': 'psu-hnt', 'x-dev-rolle': 'sekretaer' };
const AU = { 'x-dev-person': 'runar-asp', 'x-dev-organ': 'au-hnt', 'x-dev-rolle': 'medlem' };
const FAGRAAD = { 'x-dev-person': 'fagraad-leder', 'x-dev-organ': 'fagraad-2', 'x-dev-rolle': 'leder' };
const FAGRAAD_SEKRETAER = { 'x-dev-person': 'fagraad-sekretaer', 'x-dev-organ': 'fagraad-2', 'x-dev-rolle': 'sekretaer' };

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
const dato = (t: Date) => t.toISOString().slice(0, 10);
/** Tomorrow (Oslo) at 05:00 — before the digest hour, and after every fact recorded now. */
const imorgen = dato(new Date(Date.now() + DAG));
const start0 = new Date(`${imorgen}T05:00:00+01:00`);
const frist = dato(new Date(start0.getTime() + 40 * DAG));

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

let clock: ManualClock;
let k: Kjoerende;
const til = (i: number) => smtp.mottakere[i]!.join(',');

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'saksgang-samlevarsel-'));
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
}, 300_000);

afterAll(async () => {
  await k?.close().catch(() => undefined);
  await smtp?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the daily digest and the later facts of an oppdrag', () => {
  it('the leader chose «daglig»: nothing at once, one digest at 07:00 with both oppdrag, and only once; the secretary got each at once', async () => {
    const svar = await k.app.getHttpAdapter().getInstance().inject({ method: 'PUT', url: '/varsler/innstillinger', headers: { ...FAGRAAD, 'content-type': 'application/json' }, payload: JSON.stringify({ modus: 'daglig' }) });
    expect(svar.statusCode).toBe(200);
    const sakId = (await k.post('/saker', PSU, { tittel: 'Samhandling om utskrivning', innmeldtAv: 'psu-hnt' })).sakId;
    await k.post(`/saker/${sakId}/nivaa`, AU, { organId: 'psu-hnt' });
    await k.post(`/saker/${sakId}/bestillinger`, PSU, { tilOrganId: 'asu-hnt', mandat: 'Utred.', frist });
    await k.post(`/saker/${sakId}/bestillinger/mottak`, ASU, {});
    const o1 = (await k.post(`/saker/${sakId}/oppdrag`, ASU, { tilOrganId: 'fagraad-2', mandat: 'Beskriv utskrivningen.', frist })).oppdragId;
    await k.post(`/saker/${sakId}/oppdrag`, ASU, { tilOrganId: 'fagraad-2', mandat: 'Beskriv legemiddelsamstemmingen.', frist });
    await runde(k);
    await runde(k);
    expect(smtp.mottakere.flat()).toEqual(['fagraad-sekretaer@hnt.example.no', 'fagraad-sekretaer@hnt.example.no']);
    const frida = (await k.get('/varsler', FAGRAAD)).varsler;
    expect(frida.map((v: { status: string }) => v.status)).toEqual(['samles', 'samles']);

    clock.set(new Date(`${imorgen}T07:05:00+01:00`));
    await runde(k);
    await runde(k);
    expect(smtp.meldinger).toHaveLength(3);
    expect(til(2)).toBe('fagraad-leder@hnt.example.no');
    const samle = smtp.meldinger[2]!;
    expect(samle.subject).toBe(`Daglig oppsummering fra saksgang ${imorgen.split('-').reverse().join('.')}: 2 varsler`);
    expect(samle.text).toContain('Hei Frida Fagrådsleder,');
    expect(samle.text!.match(/• Oppdrag mottatt: Nytt oppdrag til Fagråd 2: Samhandling om utskrivning/g)).toHaveLength(2);
    expect((await k.get('/varsler', FAGRAAD)).varsler.map((v: { status: string }) => v.status)).toEqual(['sendt', 'sendt']);

    // The delivery sent back, then accepted: the fagråd's leader (digest) and secretary (at once) are told.
    await k.post(`/saker/${sakId}/oppdrag/${o1}/aksept`, FAGRAAD_SEKRETAER, {}).catch(() => undefined);
    await k.post(`/saker/${sakId}/oppdrag/${o1}/leveranser`, FAGRAAD_SEKRETAER, { leveranse: 'Beskrivelse av utskrivningen.' });
    await k.post(`/saker/${sakId}/oppdrag/${o1}/leveranser/retur`, ASU, { begrunnelse: 'Mangler kommunens rolle etter utskrivning.' });
    await runde(k);
    expect(smtp.meldinger).toHaveLength(4);
    expect(til(3)).toBe('fagraad-sekretaer@hnt.example.no');
    expect(smtp.meldinger[3]!.subject).toBe('Leveranse sendt tilbake: Samhandling om utskrivning');
    expect(smtp.meldinger[3]!.text).toContain('Administrativt samarbeidsutvalg (ASU) har sendt leveransen fra Fagråd 2 i saken «Samhandling om utskrivning» tilbake for mer arbeid.');
    expect(smtp.meldinger[3]!.text).toContain('Begrunnelse: Mangler kommunens rolle etter utskrivning.');
    await k.post(`/saker/${sakId}/oppdrag/${o1}/leveranser`, FAGRAAD_SEKRETAER, { leveranse: 'Beskrivelse av utskrivningen, med kommunens rolle.' });
    await k.post(`/saker/${sakId}/oppdrag/${o1}/leveranser/godtakelse`, ASU, { merknad: 'Takk for godt arbeid.' });
    await runde(k);
    expect(smtp.meldinger).toHaveLength(5);
    expect(smtp.meldinger[4]!.subject).toBe('Leveranse godtatt: Samhandling om utskrivning');
    expect(smtp.meldinger[4]!.text).toContain('Merknad: Takk for godt arbeid.');

    // The leader's two are in tomorrow's digest, not before.
    clock.advance(3 * 3_600_000);
    await runde(k);
    expect(smtp.meldinger).toHaveLength(5);
    clock.advance(21 * 3_600_000);
    await runde(k);
    expect(smtp.meldinger).toHaveLength(6);
    expect(til(5)).toBe('fagraad-leder@hnt.example.no');
    expect(smtp.meldinger[5]!.subject).toMatch(/: 2 varsler$/);
  });

  it('a decision sent for follow-up tells the receiving body at once, and its overdue report is reminded once', async () => {
    const foer = smtp.meldinger.length;
    const idag = dato(clock.now());
    const sakId = (await k.post('/saker', PSU, { tittel: 'Orientering om samhandlingsavtalen', innmeldtAv: 'psu-hnt', sakstype: 'orienteringssak' })).sakId;
    const punktId = (await k.post(`/saker/${sakId}/saksliste`, PSU, { organIder: ['psu-hnt'], moetedato: idag, moetested: 'Stjørdal' })).sakslistepunktId;
    await k.post(`/saker/${sakId}/sakslistepunkter/${punktId}/vedtak`, PSU, { vedtaksutfall: 'vedtatt', vedtakstekst: 'PSU ber Fagråd 2 følge opp avtalen.' });
    const fristOppf = dato(new Date(clock.now().getTime() + 10 * DAG));
    await k.post(`/saker/${sakId}/oppfoelginger`, PSU, { tilOrganId: 'fagraad-2', beskrivelse: 'Rapporter om bruken av avtalen.', frist: fristOppf });
    await runde(k);
    expect(smtp.meldinger).toHaveLength(foer + 1);
    expect(til(foer)).toBe('fagraad-sekretaer@hnt.example.no');
    const m = smtp.meldinger[foer]!;
    expect(m.subject).toBe('Vedtak til oppfølging i Fagråd 2: Orientering om samhandlingsavtalen');
    expect(m.text).toContain('Vedtaket i Politisk samarbeidsutvalg (PSU) i saken «Orientering om samhandlingsavtalen» er sendt til Fagråd 2 for oppfølging.');
    expect(m.text).toContain('Hva som skal følges opp: Rapporter om bruken av avtalen.');

    // The report is not in by the frist: the day after, one reminder that it is overdue (and the 1-day one, which fell due meanwhile).
    clock.set(new Date(Date.parse(`${fristOppf}T12:00:00Z`) + DAG));
    await runde(k);
    await runde(k);
    const nye = smtp.meldinger.slice(foer + 1).filter((_, i) => til(foer + 1 + i) === 'fagraad-sekretaer@hnt.example.no');
    expect(nye.map((x) => x.subject).sort()).toEqual(['Frist ' + fristOppf.split('-').reverse().join('.') + ': Orientering om samhandlingsavtalen', 'Fristen er passert: Orientering om samhandlingsavtalen']);
    expect(nye.find((x) => x.subject?.startsWith('Fristen er passert'))!.text).toContain(`Fristen for rapporten om oppfølgingen av vedtaket i saken «Orientering om samhandlingsavtalen» var ${fristOppf.split('-').reverse().join('.')} og er passert.`);
  });
});
