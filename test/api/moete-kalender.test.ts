/**
 * The calendar invitation of a meeting (issue #15 item 7): GET /moeter/{moeteId}/kalender.ics, parsed
 * back with an independent parser (node-ical). The PSU meeting of 15.02.2019 (seed 004) at 09.00–11.30
 * Europe/Oslo; the same UID in every version, SEQUENCE up when the meeting moves, METHOD:CANCEL and
 * STATUS:CANCELLED when it is called off; read like the meeting itself.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import ical, { type VEvent } from 'node-ical';
import { actor, expectProblemResponse, startTestApi, type TestApi, type TestResponse } from './support.js';

jest.setTimeout(180_000);

const ADMIN = actor('admin', 'sekretariat-hnt', 'sekretaer');
const PSU_SEKRETAER = actor('ks-sekretaer', 'psu-hnt', 'sekretaer');
const PSU_MEDLEM = actor('ordfoerer-a', 'psu-hnt', 'medlem');
const FAGRAAD = actor('fagraad-leder', 'fagraad-2', 'leder');

let api: TestApi;
let moeteId: string;

async function ok(method: string, url: string, headers: Record<string, string>, body?: unknown): Promise<TestResponse> {
  const res = await api.request(method, url, { headers, body });
  if (res.status >= 300) throw new Error(`${method} ${url} → ${res.status}: ${res.body}`);
  return res;
}

/** The .ics as the reader gets it, parsed: the calendar's METHOD and the one event. */
async function kalender(headers: Record<string, string> = PSU_MEDLEM): Promise<{ method: string | undefined; event: VEvent; tekst: string }> {
  const res = await ok('GET', `/moeter/${moeteId}/kalender.ics`, headers);
  expect(res.headers['content-type']).toMatch(/^text\/calendar; charset=utf-8/);
  const data = ical.sync.parseICS(res.body);
  const events = Object.values(data).filter((c): c is VEvent => c?.type === 'VEVENT');
  expect(events).toHaveLength(1);
  const cal = Object.values(data).find((c) => c?.type === 'VCALENDAR') as { method?: string } | undefined;
  return { method: cal?.method, event: events[0]!, tekst: res.body };
}

beforeAll(async () => {
  api = await startTestApi();
  for (const [organId, navn, organtype] of [
    ['sekretariat-hnt', 'Helsefellesskapets sekretariat', 'sekretariat'],
    ['psu-hnt', 'PSU – politisk samarbeidsutvalg', 'psu'],
    ['fagraad-2', 'Fagråd 2', 'fagraad'],
  ]) {
    await ok('POST', '/organer', ADMIN, { organId, navn, organtype, mandat: `Mandat for ${navn}`, gjelderFra: '2012-01-01' });
  }
  await ok('POST', '/organer/psu-hnt/medlemmer', ADMIN, { personId: 'ks-sekretaer', navn: 'KS (sekretær)', rolle: 'sekretaer', fra: '2016-01-01' });
  await ok('POST', '/organer/psu-hnt/medlemmer', ADMIN, { personId: 'ordfoerer-a', navn: 'Ordfører A', rolle: 'medlem', fra: '2016-01-01' });
  await ok('POST', '/organer/fagraad-2/medlemmer', ADMIN, { personId: 'fagraad-leder', navn: 'Fagrådets leder', rolle: 'leder', fra: '2012-01-01' });
  moeteId = (await ok('POST', '/moeter', PSU_SEKRETAER, { organIder: ['psu-hnt'], moetedato: '2019-02-15', starttid: '09:00', sluttid: '11:30', moetested: 'Sykehuset Levanger, Store møterom Arken', egenOrienteringsserie: ['psu-hnt'], gjelderFra: '2019-01-20' })).json.moeteId;
  await ok('POST', `/moeter/${moeteId}/saksliste`, PSU_SEKRETAER, { sakId: 'aarsmelding-2018', tittel: 'Årsmelding 2018', gjelderFra: '2019-01-25' });
  await ok('POST', `/moeter/${moeteId}/saksliste`, PSU_SEKRETAER, { sakId: 'orientering-1', tittel: 'Regionalt arbeid med samhandlingsavtaler', moetesakstype: 'orientering', gjelderFra: '2019-01-25' });
  await ok('POST', `/moeter/${moeteId}/innkalling`, PSU_SEKRETAER, { gjelderFra: '2019-02-01' });
}, 120_000);

afterAll(async () => {
  await api?.close();
});

describe('the invitation', () => {
  it('the meeting in Europe/Oslo: 09.00–11.30 on 15.02.2019, the place, Norwegian text with the saksliste and its numbers', async () => {
    const { method, event, tekst } = await kalender();
    expect(method).toBe('REQUEST');
    expect(event.uid).toBe(`moete-${moeteId}@saksgang`);
    expect(event.sequence).toBe(0);
    expect(new Date(event.start).toISOString()).toBe('2019-02-15T08:00:00.000Z');
    expect(new Date(event.end!).toISOString()).toBe('2019-02-15T10:30:00.000Z');
    expect(tekst).toContain('DTSTART;TZID=Europe/Oslo:20190215T090000');
    expect(tekst).toMatch(/BEGIN:VTIMEZONE\r\nTZID:Europe\/Oslo/);
    expect(event.location).toBe('Sykehuset Levanger, Store møterom Arken');
    expect(event.summary).toBe('Møte i PSU – politisk samarbeidsutvalg');
    expect(String(event.status)).toBe('CONFIRMED');
    const beskrivelse = String(event.description);
    expect(beskrivelse).toContain('Møte i PSU – politisk samarbeidsutvalg, 15.02.2019, Sykehuset Levanger, Store møterom Arken, kl. 09:00–11:30.');
    expect(beskrivelse).toContain('Sak 1/19 Årsmelding 2018');
    expect(beskrivelse).toContain('Orienteringssak 1/19 Regionalt arbeid med samhandlingsavtaler');
    expect(beskrivelse).not.toContain('psu-hnt');
  });

  it('the meeting moves (summer time): the same UID, SEQUENCE 1, the new time', async () => {
    await ok('POST', `/moeter/${moeteId}/flytting`, PSU_SEKRETAER, { moetedato: '2019-06-13', starttid: '10:00', sluttid: '12:00', begrunnelse: 'Fylkesordføreren kan ikke i februar.', gjelderFra: '2019-02-05' });
    const { method, event } = await kalender();
    expect(method).toBe('REQUEST');
    expect(event.uid).toBe(`moete-${moeteId}@saksgang`);
    expect(event.sequence).toBe(1);
    expect(new Date(event.start).toISOString()).toBe('2019-06-13T08:00:00.000Z');
    expect(new Date(event.end!).toISOString()).toBe('2019-06-13T10:00:00.000Z');
    expect(String(event.description)).toContain('Møtet er flyttet fra 15.02.2019: Fylkesordføreren kan ikke i februar.');
  });

  it('the meeting is called off: METHOD:CANCEL, STATUS:CANCELLED, SEQUENCE 2, the same UID', async () => {
    await ok('POST', `/moeter/${moeteId}/avlysning`, PSU_SEKRETAER, { begrunnelse: 'For få saker.', gjelderFra: '2019-06-01' });
    const { method, event } = await kalender();
    expect(method).toBe('CANCEL');
    expect(String(event.status)).toBe('CANCELLED');
    expect(event.sequence).toBe(2);
    expect(event.uid).toBe(`moete-${moeteId}@saksgang`);
    expect(event.summary).toContain('Avlyst');
    expect(String(event.description)).toContain('Møtet er avlyst: For få saker.');
  });

  it('is read like the meeting: a body not holding it is refused (problem+json, nothing of the meeting), unknown and bad ids', async () => {
    const nektet = await api.request('GET', `/moeter/${moeteId}/kalender.ics`, { headers: FAGRAAD });
    expectProblemResponse(nektet, 403, 'ikke_tilgang_til_moetet');
    expect(nektet.body).not.toContain('Årsmelding');
    expectProblemResponse(await api.request('GET', '/moeter/00000000-0000-4000-8000-000000000000/kalender.ics', { headers: PSU_MEDLEM }), 404, 'moete_ikke_funnet');
    expectProblemResponse(await api.request('GET', '/moeter/ikke-en-uuid/kalender.ics', { headers: PSU_MEDLEM }), 400);
    expect((await kalender(ADMIN)).event.uid).toBe(`moete-${moeteId}@saksgang`);
  });

  it('is in the OpenAPI document as text/calendar', async () => {
    const doc = (await api.request('GET', '/docs-json')).json;
    const op = doc.paths['/moeter/{moeteId}/kalender.ics'].get;
    expect(Object.keys(op.responses['200'].content)).toEqual(['text/calendar']);
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['400', '401', '403', '404']));
  });
});
