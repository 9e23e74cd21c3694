/**
 * Webhooks (issue 18 item 3): each notification as a JSON POST signed per Standard Webhooks, verified
 * here by the `standardwebhooks` package as an independent receiver would; a failing receiver is
 * retried with backoff, after the last attempt the POST is a dead letter operators read and replay
 * (same webhook-id); /metrics counts sent, failed, retried and dead-lettered. Also: the
 * configuration is validated at start, with clear errors; per person: opt-out per kind.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { ConfigError, loadConfig, VarslingService } from '@saksgang/application';
import { Webhook } from 'standardwebhooks';
import { actor, startTestApi, type TestApi, type TestResponse } from '../api/support.js';
import { inntil, startWebhookMottaker, type WebhookMottaker } from './support.js';

jest.setTimeout(240_000);

const ADMIN = actor('admin', 'sekretariat-hnt', 'sekretaer');
const DRIFT = actor('operatoer', 'drift', 'drift');
const PSU = actor('ks-sekretaer', 'psu-hnt', 'sekretaer');
const AU = actor('runar-asp', 'au-hnt', 'medlem');
const ASU_LEDER = actor('asu-leder', 'asu-hnt', 'leder');
const HEMMELIGHET = `whsec_${randomBytes(32).toString('base64')}`;

let api: TestApi;
let mottaker: WebhookMottaker;
let varsling: VarslingService;

async function ok(method: string, url: string, headers: Record<string, string>, body?: unknown): Promise<TestResponse> {
  const res = await api.request(method, url, { headers, body });
  if (res.status >= 300) throw new Error(`${method} ${url} → ${res.status}: ${res.body}`);
  return res;
}

async function runde(): Promise<void> {
  expect(await varsling.venterPaa(await api.opened.store.headPosition(), 60_000)).toBe(true);
  await varsling.kjoer();
}

async function bestill(tittel: string): Promise<string> {
  const sakId = (await ok('POST', '/saker', PSU, { tittel, innmeldtAv: 'psu-hnt' })).json.sakId;
  await ok('POST', `/saker/${sakId}/nivaa`, AU, { organId: 'psu-hnt' });
  await ok('POST', `/saker/${sakId}/bestillinger`, PSU, { tilOrganId: 'asu-hnt', mandat: 'Utred.', frist: new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10) });
  return sakId;
}

function metrikk(tekst: string, navn: string): number {
  const linje = tekst.split('\n').find((l) => l.startsWith(`${navn}{kanal="webhook"}`));
  return linje ? Number(linje.split(' ').at(-1)) : 0;
}

beforeAll(async () => {
  mottaker = await startWebhookMottaker();
  api = await startTestApi({
    SAKSGANG_VARSLING: 'on',
    SAKSGANG_WEBHOOKS: JSON.stringify([{ navn: 'arkiv', url: mottaker.url, hemmelighet: HEMMELIGHET }]),
    SAKSGANG_VARSLING_MAKS_FORSOEK: '3',
    SAKSGANG_VARSLING_BACKOFF_MS: '20',
    SAKSGANG_VARSLING_INTERVALL_MS: '100000',
    SAKSGANG_METRICS: 'public',
  });
  varsling = api.app.get(VarslingService);
  for (const [organId, navn, organtype] of [
    ['sekretariat-hnt', 'Sekretariatet', 'sekretariat'],
    ['psu-hnt', 'Politisk samarbeidsutvalg (PSU)', 'psu'],
    ['asu-hnt', 'Administrativt samarbeidsutvalg (ASU)', 'asu'],
    ['au-hnt', 'Arbeidsutvalget', 'arbeidsutvalg'],
  ]) {
    await ok('POST', '/organer', ADMIN, { organId, navn, organtype, mandat: `Mandat for ${navn}`, gjelderFra: '2012-01-01' });
  }
  await ok('POST', '/organer/asu-hnt/medlemmer', ADMIN, { personId: 'asu-leder', navn: 'Anne ASU-leder', rolle: 'leder', fra: '2012-01-01' });
}, 240_000);

afterAll(async () => {
  await api?.close();
  await mottaker?.close();
});

describe('webhooks', () => {
  it('a notification arrives as a signed JSON POST that the standardwebhooks package verifies', async () => {
    const sakId = await bestill('Samhandling om legemiddelhåndtering');
    await runde();
    await inntil(() => mottaker.mottatt.length >= 1, 30_000, 'the webhook');
    const [m] = mottaker.mottatt;
    const payload = new Webhook(HEMMELIGHET).verify(m!.body, m!.headers as Record<string, string>) as { type: string; data: Record<string, unknown> };
    expect(payload.type).toBe('saksgang.varsel.bestilling_mottatt');
    expect(payload.data).toMatchObject({ art: 'bestilling_mottatt', sakId, organId: 'asu-hnt', emne: 'Ny bestilling til Administrativt samarbeidsutvalg (ASU): Samhandling om legemiddelhåndtering', mottakere: [{ personId: 'asu-leder', navn: 'Anne ASU-leder' }] });
    expect(String(m!.headers['webhook-id'])).toMatch(/^[0-9a-f]{32}$/);
    // A tampered body or another secret fails the verification.
    expect(() => new Webhook(HEMMELIGHET).verify(m!.body.replace('legemiddel', 'lege'), m!.headers as Record<string, string>)).toThrow();
    expect(() => new Webhook(`whsec_${randomBytes(32).toString('base64')}`).verify(m!.body, m!.headers as Record<string, string>)).toThrow();
  });

  it('a failing receiver is retried with backoff; after the last attempt a dead letter, replayed by an operator with the same webhook-id', async () => {
    const foerMetrikk = (await api.request('GET', '/metrics')).body;
    mottaker.feilNeste(2);
    const antall = mottaker.mottatt.length;
    await bestill('Felles opplæring i ernæring');
    await runde();
    for (let i = 0; i < 10 && mottaker.mottatt.length === antall; i++) {
      await new Promise((r) => setTimeout(r, 60));
      await varsling.kjoer();
    }
    expect(mottaker.mottatt).toHaveLength(antall + 1);

    // Now a receiver that keeps failing: three attempts, then a dead letter.
    mottaker.feilNeste(1000, 500);
    await bestill('Tverrfaglig oppfølging av kols');
    await runde();
    for (let i = 0; i < 10; i++) {
      await new Promise((r) => setTimeout(r, 100));
      await varsling.kjoer();
    }
    const doede = (await ok('GET', '/drift/varsler/doede', DRIFT)).json.varsler;
    expect(doede).toHaveLength(1);
    expect(doede[0]).toMatchObject({ kanal: 'webhook', mottaker: 'arkiv', status: 'doed', forsoek: 3, sisteFeil: 'Webhooken «arkiv» svarte 500.' });
    expect((await api.request('GET', '/drift/varsler/doede', { headers: ASU_LEDER })).status).toBe(403);

    const etter = (await api.request('GET', '/metrics')).body;
    expect(metrikk(etter, 'saksgang_notifications_sent_total') - metrikk(foerMetrikk, 'saksgang_notifications_sent_total')).toBe(1);
    expect(metrikk(etter, 'saksgang_notifications_failed_total') - metrikk(foerMetrikk, 'saksgang_notifications_failed_total')).toBe(5);
    expect(metrikk(etter, 'saksgang_notifications_retried_total') - metrikk(foerMetrikk, 'saksgang_notifications_retried_total')).toBe(4);
    expect(metrikk(etter, 'saksgang_notifications_dead_lettered_total') - metrikk(foerMetrikk, 'saksgang_notifications_dead_lettered_total')).toBe(1);

    mottaker.feilNeste(0);
    const igjen = await ok('POST', `/drift/varsler/${doede[0].id}/send-igjen`, DRIFT);
    expect(igjen.status).toBe(202);
    await inntil(async () => {
      await varsling.kjoer();
      return mottaker.mottatt.length === antall + 2;
    }, 30_000, 'the replayed webhook');
    expect(mottaker.mottatt.at(-1)!.headers['webhook-id']).toBe(doede[0].id);
    expect((await ok('GET', '/drift/varsler/doede', DRIFT)).json.varsler).toEqual([]);
    const ukjent = await api.request('POST', '/drift/varsler/0123456789abcdef0123456789abcdef/send-igjen', { headers: DRIFT });
    expect(ukjent.status).toBe(404);
    expect((await api.request('POST', '/drift/varsler/tull/send-igjen', { headers: DRIFT })).status).toBe(400);
  });
});

describe('per person', () => {
  it('keeps a person\'s address and opt-outs; a bad setting is a 400 naming every field', async () => {
    const svar = await ok('PUT', '/varsler/innstillinger', ASU_LEDER, { avmeldt: ['bestilling_mottatt'], epost: 'anne@asu.example.no' });
    expect(svar.json).toMatchObject({ epost: 'anne@asu.example.no', modus: 'straks', avmeldt: ['bestilling_mottatt'] });
    expect(svar.json.arter).toEqual(expect.arrayContaining([{ art: 'bestilling_mottatt', navn: 'Bestilling mottatt' }]));
    const feil = await api.request('PUT', '/varsler/innstillinger', { headers: ASU_LEDER, body: { modus: 'hver-time', avmeldt: ['tull'] } });
    expect(feil.status).toBe(400);
    expect(feil.json.errors.map((e: { field: string }) => e.field).sort()).toEqual(['avmeldt', 'modus']);
    // A lone surrogate (the fuzzer's find) is a 400 naming the field, not a 500.
    const surrogat = await api.request('PUT', '/varsler/innstillinger', { headers: ASU_LEDER, rawBody: '{"epost":"anne\\ud800@asu.example.no"}' });
    expect(surrogat.status).toBe(400);
    expect(surrogat.json.errors).toEqual([expect.objectContaining({ field: 'epost' })]);
    expect((await ok('GET', '/varsler/innstillinger', ASU_LEDER)).json).toMatchObject({ epost: 'anne@asu.example.no', avmeldt: ['bestilling_mottatt'] });
  });
});

describe('configuration at start', () => {
  const grunn = { SAKSGANG_STORE: 'pglite', SAKSGANG_DATA_DIR: 'memory://' };
  const problemer = (env: Record<string, string>): string[] => {
    try {
      loadConfig({ ...grunn, ...env });
      return [];
    } catch (e) {
      return e instanceof ConfigError ? [...e.problems] : [String(e)];
    }
  };

  it('names the variable and what is wrong', () => {
    expect(problemer({ SAKSGANG_SMTP_URL: 'smtp://mail.example.no:587' })).toEqual([expect.stringContaining('SAKSGANG_SMTP_URL needs SAKSGANG_VARSLING_AVSENDER')]);
    expect(problemer({ SAKSGANG_SMTP_URL: 'http://mail.example.no', SAKSGANG_VARSLING_AVSENDER: 'a@b.no' })).toEqual([expect.stringContaining('SAKSGANG_SMTP_URL must start with smtp:// or smtps://')]);
    expect(problemer({ SAKSGANG_SMTP_URL: 'smtp://mail.example.no', SAKSGANG_VARSLING_AVSENDER: 'ikke en adresse' })).toEqual([expect.stringContaining('SAKSGANG_VARSLING_AVSENDER="ikke en adresse" is not an e-mail address')]);
    expect(problemer({ SAKSGANG_WEBHOOKS: '{' })).toEqual([expect.stringContaining('SAKSGANG_WEBHOOKS is not JSON')]);
    expect(problemer({ SAKSGANG_WEBHOOKS: JSON.stringify([{ navn: 'arkiv', url: 'http://arkiv.example.no/hook', hemmelighet: 'hemmelig' }]) })).toEqual([
      expect.stringContaining('SAKSGANG_WEBHOOKS[0].url must be https://'),
      expect.stringContaining('SAKSGANG_WEBHOOKS[0].hemmelighet must be whsec_'),
    ]);
    expect(problemer({ SAKSGANG_VARSLING_FRIST_DAGER: '7,null' })).toEqual([expect.stringContaining('SAKSGANG_VARSLING_FRIST_DAGER: "null"')]);
    expect(problemer({ SAKSGANG_SMTP_URL: 'smtps://u:p@mail.example.no:465', SAKSGANG_VARSLING_AVSENDER: 'Saksgang <saksgang@hnt.no>', SAKSGANG_WEBHOOKS: JSON.stringify([{ navn: 'arkiv', url: 'https://arkiv.example.no/hook', hemmelighet: HEMMELIGHET }]) })).toEqual([]);
  });
});
