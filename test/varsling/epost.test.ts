/**
 * Notifications by e-mail (issue 18): on the demo store with an SMTP server configured (a real
 * smtp-server started here, the messages parsed with mailparser), delegating an oppdrag to a fagråd
 * sends exactly one e-mail to its leader and one to its secretary — Norwegian text and HTML with
 * names, a link to the sak in the web app, a stable Message-ID — and a replay of the log, another
 * round or a rebuild of the dispatcher sends nothing more. The outbox over HTTP: a person sees their
 * own, operators all.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { VarslingService } from '@saksgang/application';
import { actor, startTestApi, type TestApi, type TestResponse } from '../api/support.js';
import { inntil, type Smtp, startSmtp } from './support.js';

jest.setTimeout(240_000);

const DRIFT = actor('operatoer', 'drift', 'drift');
const PSU_SEKRETAER = actor('ks-sekretaer', 'psu-hnt', 'sekretaer');
const AU_MEDLEM = actor('runar-asp', 'au-hnt', 'medlem');
const ASU_SEKRETAER = actor('olav-bremnes', 'asu-hnt', 'sekretaer');
const KVALITET_LEDER = actor('kari-kvalitet', 'fagraad-kvalitet', 'leder');

let api: TestApi;
let smtp: Smtp;
let varsling: VarslingService;
let sakId: string;

async function ok(method: string, url: string, headers: Record<string, string>, body?: unknown): Promise<TestResponse> {
  const res = await api.request(method, url, { headers, body });
  if (res.status >= 300) throw new Error(`${method} ${url} → ${res.status}: ${res.body}`);
  return res;
}

/** Lets the dispatcher reach the head and the sender run a round. */
async function sendUtboks(): Promise<void> {
  expect(await varsling.venterPaa(await api.opened.store.headPosition(), 60_000)).toBe(true);
  await varsling.kjoer();
}

const omEnMaaned = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  smtp = await startSmtp();
  api = await startTestApi({
    SAKSGANG_DEMO: 'auto',
    SAKSGANG_VARSLING: 'on',
    SAKSGANG_SMTP_URL: smtp.url,
    SAKSGANG_VARSLING_AVSENDER: 'Saksgang <saksgang@hnt.example.no>',
    SAKSGANG_VARSLING_BASE_URL: 'https://saksgang.hnt.example.no',
    SAKSGANG_VARSLING_EPOST_MAL: '{personId}@hnt.example.no',
    SAKSGANG_VARSLING_INTERVALL_MS: '100000',
  });
  varsling = api.app.get(VarslingService);
  // The demo's fagråd for kvalitet og pasientsikkerhet has a leader (the avvik demo's); appoint a second leader, a secretary and a member.
  await ok('POST', '/organer/fagraad-kvalitet/medlemmer', DRIFT, { personId: 'kari-kvalitet', navn: 'Kari Kvalitet', rolle: 'leder', fra: '2026-01-01' });
  await ok('POST', '/organer/fagraad-kvalitet/medlemmer', DRIFT, { personId: 'sigrid-sekretaer', navn: 'Sigrid Sekretær', rolle: 'sekretaer', fra: '2026-01-01' });
  await ok('POST', '/organer/fagraad-kvalitet/medlemmer', DRIFT, { personId: 'mons-medlem', navn: 'Mons Medlem', rolle: 'medlem', fra: '2026-01-01' });
  await sendUtboks();
}, 240_000);

afterAll(async () => {
  await api?.close();
  await smtp?.close();
});

describe('the demo history and an oppdrag delegated today', () => {
  it('the demo history (facts from 2017–2022 entered now) sends nothing', () => {
    expect(smtp.meldinger).toHaveLength(0);
  });

  it('an order to ASU: one e-mail each to ASU\'s leader and secretary on the day', async () => {
    sakId = (await ok('POST', '/saker', PSU_SEKRETAER, { tittel: 'Felles rutine for utskrivning av skrøpelige eldre', innmeldtAv: 'psu-hnt' })).json.sakId;
    await ok('POST', `/saker/${sakId}/nivaa`, AU_MEDLEM, { organId: 'psu-hnt', begrunnelse: 'PSU bestiller.' });
    await ok('POST', `/saker/${sakId}/bestillinger`, PSU_SEKRETAER, { tilOrganId: 'asu-hnt', mandat: 'Utrede en felles rutine.', frist: omEnMaaned });
    await sendUtboks();
    await inntil(() => smtp.meldinger.length >= 2, 30_000, 'two e-mails');
    const til = smtp.mottakere.flat().sort();
    expect(til).toEqual(['bjorn-staale-aalberg@hnt.example.no', 'olav-bremnes@hnt.example.no']);
    expect(smtp.meldinger.map((m) => m.subject)).toEqual(['Ny bestilling til Administrativt samarbeidsutvalg (ASU): Felles rutine for utskrivning av skrøpelige eldre', 'Ny bestilling til Administrativt samarbeidsutvalg (ASU): Felles rutine for utskrivning av skrøpelige eldre']);
  });

  it('delegating an oppdrag to the fagråd sends exactly one e-mail to each of its leaders and one to its secretary', async () => {
    const foer = smtp.meldinger.length;
    await ok('POST', `/saker/${sakId}/bestillinger/mottak`, ASU_SEKRETAER, { saksnummer: '7/2026' });
    await ok('POST', `/saker/${sakId}/oppdrag`, ASU_SEKRETAER, { tilOrganId: 'fagraad-kvalitet', mandat: 'Beskriv rutinen for utskrivning og overføring til kommunen.', frist: omEnMaaned });
    await sendUtboks();
    await inntil(() => smtp.meldinger.length >= foer + 3, 30_000, 'three e-mails');
    await varsling.kjoer();
    const nye = smtp.meldinger.slice(foer);
    const mottakere = smtp.mottakere.slice(foer);
    expect(mottakere.flat().sort()).toEqual(['kari-kvalitet@hnt.example.no', 'leder-fagraad-kvalitet@hnt.example.no', 'sigrid-sekretaer@hnt.example.no']);

    const kari = nye[mottakere.findIndex((m) => m.includes('kari-kvalitet@hnt.example.no'))]!;
    expect(kari.subject).toBe('Nytt oppdrag til Fagråd for kvalitet og pasientsikkerhet: Felles rutine for utskrivning av skrøpelige eldre');
    expect(kari.from?.value[0]).toMatchObject({ address: 'saksgang@hnt.example.no', name: 'Saksgang' });
    const tekst = kari.text ?? '';
    expect(tekst).toContain('Hei Kari Kvalitet,');
    expect(tekst).toContain('Administrativt samarbeidsutvalg (ASU) har gitt Fagråd for kvalitet og pasientsikkerhet et oppdrag i saken «Felles rutine for utskrivning av skrøpelige eldre» (sak 7/2026).');
    expect(tekst).toContain('Oppdraget er delegert av Olav Bremnes (samhandlingssjef).');
    expect(tekst).toContain(`Frist: ${omEnMaaned.split('-').reverse().join('.')}`);
    expect(tekst).toContain(`https://saksgang.hnt.example.no/app/saker/${sakId}`);
    // What a person reads: names and Norwegian words, never event types or the bodies' ids.
    for (const t of [tekst, String(kari.html)]) {
      expect(t).not.toMatch(/OppdragDelegert|fagraad-kvalitet|asu-hnt|olav-bremnes/);
    }
    expect(String(kari.html)).toContain(`<a href="https://saksgang.hnt.example.no/app/saker/${sakId}">Åpne saken i saksgang</a>`);
    expect(String(kari.html)).toContain('Hei Kari Kvalitet,');
    expect(kari.messageId).toMatch(/^<[0-9a-f]{32}@hnt\.example\.no>$/);

    // The member without a leading role got nothing.
    expect(smtp.mottakere.flat()).not.toContain('mons-medlem@hnt.example.no');

    // The outbox: Kari sees her own notification, sent, with the same id as the Message-ID.
    const mine = (await ok('GET', '/varsler', KVALITET_LEDER)).json;
    const oppdrag = mine.varsler.filter((v: { art: string }) => v.art === 'oppdrag_mottatt');
    expect(oppdrag).toHaveLength(1);
    expect(oppdrag[0]).toMatchObject({ status: 'sendt', statusNavn: 'Sendt', artNavn: 'Oppdrag mottatt', mottakernavn: 'Kari Kvalitet', kanal: 'epost' });
    expect(`<${oppdrag[0].id}@hnt.example.no>`).toBe(kari.messageId);
  });

  it('another round, and a rebuild of the dispatcher from the first event, send nothing twice', async () => {
    const antall = smtp.meldinger.length;
    await varsling.kjoer();
    await varsling.runner.rebuild('varsling');
    await sendUtboks();
    await new Promise((r) => setTimeout(r, 500));
    await varsling.kjoer();
    expect(smtp.meldinger).toHaveLength(antall);
    const ider = smtp.meldinger.map((m) => m.messageId);
    expect(new Set(ider).size).toBe(ider.length);
  });

  it('an exempt title stays exempt in the e-mails: after the sekretariat exempts it, the public title is used', async () => {
    const SEKRETARIATET = actor('samhandlingsleder-kommunene', 'sekretariat-hnt', 'sekretaer');
    await ok('POST', `/saker/${sakId}/skjerminger`, SEKRETARIATET, { hendelsesnummer: 0, felt: ['tittel'], skjermingshjemmel: 'Offentleglova § 13 første ledd, jf. forvaltningsloven § 13', tilgangsrestriksjon: '13', offentligTittel: 'Rutine for utskrivning (skjermet)' });
    const foer = smtp.meldinger.length;
    await ok('POST', `/saker/${sakId}/oppdrag`, ASU_SEKRETAER, { tilOrganId: 'fagraad-kvalitet', mandat: 'Vurder pasientsikkerheten i rutinen.', frist: omEnMaaned });
    await sendUtboks();
    await inntil(() => smtp.meldinger.length >= foer + 3, 30_000, 'three e-mails');
    for (const m of smtp.meldinger.slice(foer)) {
      expect(m.subject).toBe('Nytt oppdrag til Fagråd for kvalitet og pasientsikkerhet: Rutine for utskrivning (skjermet)');
      expect(`${m.text}${m.html}`).not.toContain('skrøpelige eldre');
    }
  });

  it('the outbox is read as authorised: a person sees only their own, operators all', async () => {
    const mons = (await ok('GET', '/varsler', actor('mons-medlem', 'fagraad-kvalitet', 'medlem'))).json;
    expect(mons.varsler).toEqual([]);
    const sigrid = (await ok('GET', '/varsler', actor('sigrid-sekretaer', 'fagraad-kvalitet', 'sekretaer'))).json;
    expect(sigrid.varsler.map((v: { mottaker: string }) => v.mottaker)).toEqual(['sigrid-sekretaer', 'sigrid-sekretaer']);
    const alle = (await ok('GET', '/drift/varsler', DRIFT)).json;
    expect([...new Set(alle.varsler.map((v: { mottaker: string }) => v.mottaker))].sort()).toEqual(['bjorn-staale-aalberg', 'kari-kvalitet', 'leder-fagraad-kvalitet', 'olav-bremnes', 'sigrid-sekretaer']);
    const nektet = await api.request('GET', '/drift/varsler', { headers: KVALITET_LEDER });
    expect(nektet.status).toBe(403);
    const feil = await api.request('GET', '/drift/varsler?status=tull', { headers: DRIFT });
    expect(feil.status).toBe(400);
    expect(feil.json.errors).toEqual([expect.objectContaining({ field: 'status' })]);
  });
});

describe('a decision that itself orders an investigation (PSU-sak 3/17: one fact with both meanings)', () => {
  it('tells ASU\'s leader and secretary of the order, once, as an order', async () => {
    const s = (await ok('POST', '/saker', PSU_SEKRETAER, { tittel: 'Handlingsplan for samhandling 2027–2030', innmeldtAv: 'psu-hnt' })).json.sakId as string;
    await ok('POST', `/saker/${s}/nivaa`, AU_MEDLEM, { organId: 'psu-hnt', begrunnelse: 'PSUs egen sak.' });
    await ok('POST', `/saker/${s}/innstilling`, PSU_SEKRETAER, { forslagTilVedtak: 'PSU ber ASU utarbeide forslag til handlingsplan.' });
    const punkt = (await ok('POST', `/saker/${s}/saksliste`, PSU_SEKRETAER, { organIder: ['psu-hnt'], moetedato: new Date().toISOString().slice(0, 10) })).json.sakslistepunktId as string;
    await sendUtboks();
    const foer = smtp.meldinger.length;
    await ok('POST', `/saker/${s}/sakslistepunkter/${punkt}/vedtak`, PSU_SEKRETAER, {
      vedtaksutfall: 'vedtatt',
      vedtakstekst: 'PSU ber ASU utarbeide forslag til handlingsplan.',
      bestillesFra: 'asu-hnt',
      mandat: 'Utarbeide forslag til handlingsplan for samhandling 2027–2030.',
      frist: omEnMaaned,
    });
    await sendUtboks();
    await inntil(() => smtp.meldinger.length >= foer + 2, 30_000, 'two e-mails');
    const nye = smtp.meldinger.slice(foer);
    expect(nye.map((m) => m.subject)).toEqual(Array(2).fill('Ny bestilling til Administrativt samarbeidsutvalg (ASU): Handlingsplan for samhandling 2027–2030'));
    expect(smtp.mottakere.slice(foer).flat().sort()).toEqual(['bjorn-staale-aalberg@hnt.example.no', 'olav-bremnes@hnt.example.no']);
    for (const m of nye) expect(m.text).toContain('Mandat: Utarbeide forslag til handlingsplan for samhandling 2027–2030.');
    await sendUtboks();
    expect(smtp.meldinger).toHaveLength(foer + 2);
  });
});
