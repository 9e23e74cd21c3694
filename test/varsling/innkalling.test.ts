/**
 * Meeting notifications by e-mail (issue 18): sending an innkalling gives every invited member one
 * e-mail with the calendar file (parsed by an independent parser, node-ical); a member's forfall calls
 * in the vara with the invitation; moving the meeting tells everyone invited, with the updated
 * invitation (same UID, SEQUENCE 1) — except the one who opted out of that kind, whose notification
 * says so in the outbox. A real SMTP server receives the messages (mailparser).
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { VarslingService } from '@saksgang/application';
import ical, { type VEvent } from 'node-ical';
import { actor, startTestApi, type TestApi, type TestResponse } from '../api/support.js';
import { inntil, type Smtp, startSmtp } from './support.js';

jest.setTimeout(240_000);

const ADMIN = actor('admin', 'sekretariat-hnt', 'sekretaer');
const PSU_SEKRETAER = actor('ks-sekretaer', 'psu-hnt', 'sekretaer');
const OBSERVATOER = actor('tore-sandvik', 'psu-hnt', 'observatoer');

let api: TestApi;
let smtp: Smtp;
let varsling: VarslingService;
let moeteId: string;
const omDager = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10);
// A move keeps the meeting in its year (its numbers are that year's): both dates in one year.
const [moetedato, nyDato] = omDager(5).slice(0, 4) === omDager(9).slice(0, 4) ? [omDager(5), omDager(9)] : [omDager(15), omDager(19)];
const norsk = (d: string) => d.split('-').reverse().join('.');

async function ok(method: string, url: string, headers: Record<string, string>, body?: unknown): Promise<TestResponse> {
  const res = await api.request(method, url, { headers, body });
  if (res.status >= 300) throw new Error(`${method} ${url} → ${res.status}: ${res.body}`);
  return res;
}

async function runde(): Promise<void> {
  expect(await varsling.venterPaa(await api.opened.store.headPosition(), 60_000)).toBe(true);
  await varsling.kjoer();
}

function kalender(ics: string): { method: string | undefined; event: VEvent } {
  const data = ical.sync.parseICS(ics);
  const events = Object.values(data).filter((c): c is VEvent => c?.type === 'VEVENT');
  expect(events).toHaveLength(1);
  return { method: (Object.values(data).find((c) => c?.type === 'VCALENDAR') as { method?: string } | undefined)?.method, event: events[0]! };
}

beforeAll(async () => {
  smtp = await startSmtp();
  api = await startTestApi({
    SAKSGANG_VARSLING: 'on',
    SAKSGANG_SMTP_URL: smtp.url,
    SAKSGANG_VARSLING_AVSENDER: 'Saksgang <saksgang@hnt.example.no>',
    SAKSGANG_VARSLING_EPOST_MAL: '{personId}@hnt.example.no',
    SAKSGANG_VARSLING_INTERVALL_MS: '100000',
  });
  varsling = api.app.get(VarslingService);
  await ok('POST', '/organer', ADMIN, { organId: 'sekretariat-hnt', navn: 'Sekretariatet', organtype: 'sekretariat', mandat: 'Sekretariat', gjelderFra: '2012-01-01' });
  await ok('POST', '/organer', ADMIN, { organId: 'psu-hnt', navn: 'Politisk samarbeidsutvalg (PSU) i nordlige Trøndelag', organtype: 'psu', mandat: 'PSU', gjelderFra: '2012-01-01' });
  for (const [personId, navn, rolle] of [
    ['robert-svarva', 'Robert Svarva', 'leder'],
    ['ordfoerer-a', 'Ordfører Anne', 'medlem'],
    ['tore-sandvik', 'Tore Sandvik', 'observatoer'],
    ['ks-sekretaer', 'KS (sekretær for PSU)', 'sekretaer'],
    ['vara-vidar', 'Vidar Vara', 'vara'],
  ]) {
    await ok('POST', '/organer/psu-hnt/medlemmer', ADMIN, { personId, navn, rolle, fra: '2016-01-01' });
  }
  moeteId = (await ok('POST', '/moeter', PSU_SEKRETAER, { organIder: ['psu-hnt'], moetedato, starttid: '09:00', sluttid: '11:30', moetested: 'Sykehuset Levanger, Store møterom Arken' })).json.moeteId;
  await ok('POST', `/moeter/${moeteId}/saksliste`, PSU_SEKRETAER, { sakId: 'aarsmelding', tittel: 'Årsmelding for helsefellesskapet' });
}, 240_000);

afterAll(async () => {
  await api?.close();
  await smtp?.close();
});

describe('innkalling, forfall and a moved meeting', () => {
  it('the innkalling: every invited member (not the vara) one e-mail with a calendar file node-ical accepts', async () => {
    await ok('POST', `/moeter/${moeteId}/innkalling`, PSU_SEKRETAER, {});
    await runde();
    await inntil(() => smtp.meldinger.length >= 4, 30_000, 'four innkallinger');
    await varsling.kjoer();
    expect(smtp.mottakere.flat().sort()).toEqual(['ks-sekretaer@hnt.example.no', 'ordfoerer-a@hnt.example.no', 'robert-svarva@hnt.example.no', 'tore-sandvik@hnt.example.no']);
    for (const m of smtp.meldinger) {
      expect(m.subject).toBe(`Innkalling: Møte i Politisk samarbeidsutvalg (PSU) i nordlige Trøndelag ${norsk(moetedato)}`);
      expect(m.text).toContain(`Du er kalt inn til møtet i Politisk samarbeidsutvalg (PSU) i nordlige Trøndelag ${norsk(moetedato)} kl. 09:00–11:30, Sykehuset Levanger, Store møterom Arken.`);
      expect(m.text).toContain('– Årsmelding for helsefellesskapet');
      const vedlegg = m.attachments.find((a) => a.filename === 'invitasjon.ics');
      expect(vedlegg?.contentType).toBe('text/calendar');
      const { method, event } = kalender(vedlegg!.content.toString('utf8'));
      expect(method).toBe('REQUEST');
      expect(event.uid).toBe(`moete-${moeteId}@saksgang`);
      expect(event.location).toBe('Sykehuset Levanger, Store møterom Arken');
      expect(event.summary).toBe('Møte i Politisk samarbeidsutvalg (PSU) i nordlige Trøndelag');
    }
    expect(smtp.meldinger.find((m) => m.text?.startsWith('Hei Tore Sandvik,'))).toBeDefined();
  });

  it('a member reports forfall: the vara is called in, with the invitation', async () => {
    const foer = smtp.meldinger.length;
    await ok('POST', `/moeter/${moeteId}/forfall`, PSU_SEKRETAER, { personId: 'ordfoerer-a', organId: 'psu-hnt' });
    await runde();
    await inntil(() => smtp.meldinger.length >= foer + 1, 30_000, 'the vara\'s innkalling');
    expect(smtp.mottakere.slice(foer)).toEqual([['vara-vidar@hnt.example.no']]);
    const m = smtp.meldinger.at(-1)!;
    expect(m.subject).toBe(`Innkalling som vara: Møte i Politisk samarbeidsutvalg (PSU) i nordlige Trøndelag ${norsk(moetedato)}`);
    expect(m.text).toContain('Ordfører Anne har meldt forfall');
    expect(m.text).toContain('Du er kalt inn som vara for Politisk samarbeidsutvalg (PSU) i nordlige Trøndelag.');
    expect(m.attachments.map((a) => a.filename)).toEqual(['invitasjon.ics']);
  });

  it('the meeting moves: everyone invited gets the updated invitation (SEQUENCE 1) — except the one who opted out', async () => {
    await ok('PUT', '/varsler/innstillinger', OBSERVATOER, { avmeldt: ['moete_flyttet'] });
    const foer = smtp.meldinger.length;
    await ok('POST', `/moeter/${moeteId}/flytting`, PSU_SEKRETAER, { moetedato: nyDato, begrunnelse: 'Kollisjon med kommunestyremøter.' });
    await runde();
    await inntil(() => smtp.meldinger.length >= foer + 4, 30_000, 'four notices of the move');
    await varsling.kjoer();
    expect(smtp.mottakere.slice(foer).flat().sort()).toEqual(['ks-sekretaer@hnt.example.no', 'ordfoerer-a@hnt.example.no', 'robert-svarva@hnt.example.no', 'vara-vidar@hnt.example.no']);
    const m = smtp.meldinger.at(-1)!;
    expect(m.subject).toBe(`Møtet er flyttet: Politisk samarbeidsutvalg (PSU) i nordlige Trøndelag ${norsk(nyDato)}`);
    expect(m.text).toContain('Begrunnelse: Kollisjon med kommunestyremøter.');
    const { event } = kalender(m.attachments[0]!.content.toString('utf8'));
    expect(event.sequence).toBe(1);
    expect(event.uid).toBe(`moete-${moeteId}@saksgang`);
    const tore = (await ok('GET', '/varsler', OBSERVATOER)).json.varsler;
    expect(tore.find((v: { art: string }) => v.art === 'moete_flyttet')).toMatchObject({ status: 'avmeldt', statusNavn: 'Ikke sendt (du har meldt deg av)' });
    expect(tore.find((v: { art: string }) => v.art === 'innkalling')).toMatchObject({ status: 'sendt', medKalender: true });
  });

  it('the meeting is cancelled: everyone invited is told, with a cancelling invitation (METHOD:CANCEL, STATUS:CANCELLED)', async () => {
    const foer = smtp.meldinger.length;
    await ok('POST', `/moeter/${moeteId}/avlysning`, PSU_SEKRETAER, { begrunnelse: 'Sakene utsettes til neste møte.' });
    await runde();
    await inntil(() => smtp.meldinger.length >= foer + 5, 30_000, 'five notices of the cancellation');
    await varsling.kjoer();
    expect(smtp.mottakere.slice(foer).flat().sort()).toEqual(['ks-sekretaer@hnt.example.no', 'ordfoerer-a@hnt.example.no', 'robert-svarva@hnt.example.no', 'tore-sandvik@hnt.example.no', 'vara-vidar@hnt.example.no']);
    const m = smtp.meldinger.at(-1)!;
    expect(m.subject).toBe(`Møtet er avlyst: Politisk samarbeidsutvalg (PSU) i nordlige Trøndelag ${norsk(nyDato)}`);
    expect(m.text).toContain('Begrunnelse: Sakene utsettes til neste møte.');
    const { method, event } = kalender(m.attachments[0]!.content.toString('utf8'));
    expect(method).toBe('CANCEL');
    expect(String(event.status)).toBe('CANCELLED');
    expect(m.attachments[0]!.contentType).toBe('text/calendar');
  });

  it('a meeting held: its leader and secretary are told the protokoll is ready for approval', async () => {
    const idag = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Oslo' }).format(new Date());
    const id = (await ok('POST', '/moeter', PSU_SEKRETAER, { organIder: ['psu-hnt'], moetedato: idag, starttid: '00:01', sluttid: '00:30', moetested: 'Teams' })).json.moeteId;
    await ok('POST', `/moeter/${id}/saksliste`, PSU_SEKRETAER, { sakId: 'budsjett', tittel: 'Budsjett for helsefellesskapet' });
    await ok('POST', `/moeter/${id}/innkalling`, PSU_SEKRETAER, {});
    await runde();
    const foer = smtp.meldinger.length;
    await ok('POST', `/moeter/${id}/gjennomfoering`, PSU_SEKRETAER, {});
    await runde();
    await inntil(() => smtp.meldinger.length >= foer + 2, 30_000, 'two notices of the protokoll');
    await varsling.kjoer();
    expect(smtp.mottakere.slice(foer).flat().sort()).toEqual(['ks-sekretaer@hnt.example.no', 'robert-svarva@hnt.example.no']);
    expect(smtp.meldinger.at(-1)!.subject).toBe(`Protokoll klar til godkjenning: Politisk samarbeidsutvalg (PSU) i nordlige Trøndelag ${norsk(idag)}`);
    expect(smtp.meldinger.at(-1)!.text).toContain('er gjennomført, og protokollen er klar til godkjenning.');
  });
});
