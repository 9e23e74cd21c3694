/**
 * The protokoll (møtebok) as printable HTML and PDF (issue #15 items 6–7), made from a recorded PSU
 * meeting: who met (a vara for a member with forfall, the observer with møte- og talerett, the
 * secretary) and who had forfall, each item with its proposal, who left as inhabil, the decision and
 * the votes by name; a draft until approved, then «Godkjent … i møtet …». Names, never ids; no
 * scripts; the PDF's text extracted with pdf-parse; read like the meeting.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { formatPosition, START } from '@saksgang/event-store';
import { PDFParse } from 'pdf-parse';
import { actor, expectProblemResponse, startTestApi, type TestApi, type TestResponse } from './support.js';

jest.setTimeout(180_000);

const ADMIN = actor('admin', 'sekretariat-hnt', 'sekretaer');
const PSU_SEKRETAER = actor('ks-sekretaer', 'psu-hnt', 'sekretaer');
const PSU_LEDER = actor('robert-svarva', 'psu-hnt', 'leder');
const FAGRAAD = actor('fagraad-leder', 'fagraad-2', 'leder');

let api: TestApi;
let moeteId: string;
let neste: string;

async function ok(method: string, url: string, headers: Record<string, string>, body?: unknown): Promise<TestResponse> {
  const res = await api.request(method, url, { headers, body });
  if (res.status >= 300) throw new Error(`${method} ${url} → ${res.status}: ${res.body}`);
  return res;
}
/** The public list of meetings, after every write so far (read your writes through minPosition). */
async function offentligeMoeter(query: string): Promise<TestResponse> {
  const alle = await api.opened.store.readAll({ fromPosition: START, maxCount: 1_000_000 });
  return api.request('GET', `/offentlig/moeter?${query}&minPosition=${encodeURIComponent(formatPosition(alle[alle.length - 1]!.position))}`);
}
const enLinje = (s: string) => s.replace(/\s+/g, ' ').trim();
const tekstAv = (html: string) => enLinje(html.replace(/<[^>]+>/g, ' '));

async function pdfTekst(url: string): Promise<string> {
  const res = await api.app.getHttpAdapter().getInstance().inject({ method: 'GET', url, headers: PSU_SEKRETAER });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toBe('application/pdf');
  const parser = new PDFParse({ data: new Uint8Array(res.rawPayload) });
  const t = enLinje((await parser.getText()).text);
  await parser.destroy();
  return t;
}

beforeAll(async () => {
  api = await startTestApi({ SAKSGANG_PROJECTIONS: 'on', SAKSGANG_MIN_POSITION_WAIT_MS: '30000' });
  for (const [organId, navn, organtype] of [
    ['sekretariat-hnt', 'Helsefellesskapets sekretariat', 'sekretariat'],
    ['psu-hnt', 'PSU – politisk samarbeidsutvalg', 'psu'],
    ['fagraad-2', 'Fagråd 2', 'fagraad'],
  ]) {
    await ok('POST', '/organer', ADMIN, { organId, navn, organtype, mandat: `Mandat for ${navn}`, gjelderFra: '2012-01-01' });
  }
  for (const [personId, navn, rolle, fra] of [
    ['robert-svarva', 'Robert Svarva', 'leder', '2016-01-01'],
    ['ordfoerer-a', 'Ordfører A', 'medlem', '2016-01-01'],
    ['ordfoerer-b', 'Ordfører B', 'medlem', '2016-01-01'],
    ['vara-e', 'Vara E', 'vara', '2016-01-01'],
    ['ks-sekretaer', 'KS (sekretær)', 'sekretaer', '2016-01-01'],
    ['tore-sandvik', 'Tore O. Sandvik', 'observatoer', '2019-02-15'],
  ]) {
    await ok('POST', '/organer/psu-hnt/medlemmer', ADMIN, { personId, navn, rolle, fra });
  }
  await ok('POST', '/organer/fagraad-2/medlemmer', ADMIN, { personId: 'fagraad-leder', navn: 'Fagrådets leder', rolle: 'leder', fra: '2012-01-01' });

  const sak = async (tittel: string, sakstype: string) => (await ok('POST', '/saker', PSU_SEKRETAER, { tittel, innmeldtAv: 'psu-hnt', sakstype, gjelderFra: '2019-03-01' })).json.sakId as string;
  moeteId = (await ok('POST', '/moeter', PSU_SEKRETAER, { organIder: ['psu-hnt'], moetedato: '2019-04-25', starttid: '09:00', sluttid: '11:30', moetested: 'Sykehuset Levanger, Store møterom Arken', gjelderFra: '2019-03-20' })).json.moeteId;
  const p1 = (await ok('POST', `/moeter/${moeteId}/saksliste`, PSU_SEKRETAER, { sakId: await sak('Samhandlingskonferanse 2020', 'orienteringssak'), tittel: 'Samhandlingskonferanse 2020', forslagTilVedtak: 'PSU tar saken til orientering.', gjelderFra: '2019-03-25' })).json.punktId;
  const p2 = (await ok('POST', `/moeter/${moeteId}/saksliste`, PSU_SEKRETAER, { sakId: await sak('Rekruttere og beholde sykepleiere', 'droeftingssak'), tittel: 'Rekruttere og beholde sykepleiere', moetesakstype: 'droefting', gjelderFra: '2019-03-25' })).json.punktId;
  await ok('POST', `/moeter/${moeteId}/innkalling`, PSU_SEKRETAER, { gjelderFra: '2019-04-01' });
  await ok('POST', `/moeter/${moeteId}/forfall`, PSU_SEKRETAER, { personId: 'ordfoerer-b', organId: 'psu-hnt', gjelderFra: '2019-04-20' });
  for (const [personId, moeterForPersonId] of [['robert-svarva'], ['ordfoerer-a'], ['vara-e', 'ordfoerer-b'], ['tore-sandvik'], ['ks-sekretaer']] as [string, string?][]) {
    await ok('POST', `/moeter/${moeteId}/oppmoete`, PSU_SEKRETAER, { personId, organId: 'psu-hnt', ...(moeterForPersonId ? { moeterForPersonId } : {}) });
  }
  await ok('POST', `/moeter/${moeteId}/saksliste/${p1}/vedtak`, PSU_SEKRETAER, { vedtaksutfall: 'tatt_til_orientering', vedtakstekst: 'PSU tar saken til orientering.', stemmemaate: 'enstemmig' });
  await ok('POST', `/moeter/${moeteId}/saksliste/${p2}/inhabilitet`, PSU_SEKRETAER, { personId: 'ordfoerer-a', begrunnelse: 'Ansatt i et av helseforetakene.' });
  await ok('POST', `/moeter/${moeteId}/saksliste/${p2}/vedtak`, PSU_SEKRETAER, { vedtaksutfall: 'droeftet', vedtakstekst: 'PSU drøftet saken og ber ASU komme tilbake med forslag.', stemmemaate: 'votering', stemmerFor: ['robert-svarva'], stemmerMot: ['vara-e'] });
  await ok('POST', `/moeter/${moeteId}/gjennomfoering`, PSU_SEKRETAER, {});
  neste = (await ok('POST', '/moeter', PSU_SEKRETAER, { organIder: ['psu-hnt'], moetedato: '2019-06-13', starttid: '09:00', moetested: 'Stjørdal', gjelderFra: '2019-04-26' })).json.moeteId;
}, 150_000);

afterAll(async () => {
  await api?.close();
});

describe('the protokoll', () => {
  it('as a draft: who met and who had forfall, each item with proposal, inhabilitet, decision and votes by name', async () => {
    const res = await ok('GET', `/moeter/${moeteId}/protokoll.html`, PSU_SEKRETAER);
    expect(res.headers['content-type']).toMatch(/^text\/html; charset=utf-8/);
    expect(res.body).not.toMatch(/<script|\son[a-z]+=/i);
    expect(res.body).not.toMatch(/psu-hnt|robert-svarva|ordfoerer-|vara-e|[0-9a-f]{8}-[0-9a-f]{4}-/);
    const html = tekstAv(res.body);
    const pdf = await pdfTekst(`/moeter/${moeteId}/protokoll.pdf`);
    for (const t of [html, pdf]) {
      for (const del of [
        'Protokoll, møte i PSU – politisk samarbeidsutvalg, 25. april 2019,',
        'Sykehuset Levanger, Store møterom Arken, 09.00–11.30',
        'Utkast (ikke godkjent)',
        'Robert Svarva (leder), Ordfører A (medlem), Vara E (vara for Ordfører B), Tore O. Sandvik (observatør, møte- og talerett), KS (sekretær) (sekretær)',
        'Forfall: Ordfører B (medlem)',
        'Sak 1/19 Samhandlingskonferanse 2020 Forslag til vedtak: PSU tar saken til orientering. Vedtak (Tatt til orientering): PSU tar saken til orientering. Enstemmig.',
        'Sak 2/19 Rekruttere og beholde sykepleiere Forslag til vedtak: Saken blir lagt fram uten forslag til vedtak. Ordfører A gikk fra som inhabil. Vedtak (Drøftet): PSU drøftet saken og ber ASU komme tilbake med forslag. For: Robert Svarva. Mot: Vara E.',
      ]) {
        expect({ del, funnet: t.includes(del) }).toEqual({ del, funnet: true });
      }
    }
  });

  it('innsyn before approval: the meeting and its innkalling are public without a token, the draft protokoll is not; a meeting not yet called is unknown', async () => {
    const offentlig = (url: string) => api.request('GET', url);
    const liste = await offentligeMoeter('aar=2019');
    expect(liste.status).toBe(200);
    const moete = liste.json.moeter.find((m: { moeteId: string }) => m.moeteId === moeteId);
    expect(moete).toMatchObject({ moetedato: '2019-04-25', organnavn: ['PSU – politisk samarbeidsutvalg'], statusTekst: 'Gjennomført', innkalling: `/offentlig/moeter/${moeteId}/innkalling.html`, protokoll: null });
    // The next meeting is planned, its innkalling not sent: not listed, and its documents unknown to the public.
    expect(liste.json.moeter.map((m: { moeteId: string }) => m.moeteId)).not.toContain(neste);
    expectProblemResponse(await offentlig(`/offentlig/moeter/${neste}/innkalling.html`), 404, 'moete_ikke_offentlig');
    const innkalling = await offentlig(`/offentlig/moeter/${moeteId}/innkalling.html`);
    expect(innkalling.status).toBe(200);
    expect(innkalling.headers['content-type']).toMatch(/^text\/html; charset=utf-8/);
    expect(tekstAv(innkalling.body)).toContain('Samhandlingskonferanse 2020');
    expect(innkalling.body).not.toMatch(/<script/i);
    const pdf = await api.app.getHttpAdapter().getInstance().inject({ method: 'GET', url: `/offentlig/moeter/${moeteId}/innkalling.pdf` });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    for (const fil of ['protokoll.html', 'protokoll.pdf']) expectProblemResponse(await offentlig(`/offentlig/moeter/${moeteId}/${fil}`), 404, 'protokoll_ikke_offentlig');
    expectProblemResponse(await offentlig('/offentlig/moeter/ikke-en-uuid/innkalling.html'), 400);
    expectProblemResponse(await offentlig('/offentlig/moeter?aar=tjue'), 400);
  });

  it('approved in the next meeting: «Godkjent … i møtet 13. juni 2019»', async () => {
    await ok('POST', `/moeter/${moeteId}/protokoll/godkjenning`, PSU_LEDER, { godkjenningsmaate: 'i_moete', godkjentIMoeteId: neste, gjelderFra: '2019-06-13' });
    const html = tekstAv((await ok('GET', `/moeter/${moeteId}/protokoll.html`, PSU_SEKRETAER)).body);
    expect(html).toContain('Godkjent 13. juni 2019 i møtet 13. juni 2019');
    expect(html).not.toContain('Utkast');
  });

  it('is read like the meeting; in the OpenAPI document', async () => {
    for (const fil of ['protokoll.html', 'protokoll.pdf']) {
      const nektet = await api.request('GET', `/moeter/${moeteId}/${fil}`, { headers: FAGRAAD });
      expectProblemResponse(nektet, 403, 'ikke_tilgang_til_moetet');
      expect(nektet.body).not.toContain('Samhandlingskonferanse');
      expectProblemResponse(await api.request('GET', `/moeter/00000000-0000-4000-8000-000000000000/${fil}`, { headers: PSU_SEKRETAER }), 404, 'moete_ikke_funnet');
    }
    const doc = (await api.request('GET', '/docs-json')).json;
    expect(Object.keys(doc.paths['/moeter/{moeteId}/protokoll.pdf'].get.responses['200'].content)).toEqual(['application/pdf']);
    expect(Object.keys(doc.paths['/moeter/{moeteId}/protokoll.html'].get.responses['200'].content)).toEqual(['text/html']);
  });
});

describe('innsyn after approval', () => {
  it('the approved protokoll is public, linked from the list of public meetings', async () => {
    const liste = await offentligeMoeter('organId=psu-hnt');
    expect(liste.json.moeter.find((m: { moeteId: string }) => m.moeteId === moeteId).protokoll).toBe(`/offentlig/moeter/${moeteId}/protokoll.html`);
    const html = await api.request('GET', `/offentlig/moeter/${moeteId}/protokoll.html`);
    expect(html.status).toBe(200);
    expect(tekstAv(html.body)).toContain('Godkjent 13. juni 2019 i møtet 13. juni 2019');
    expect(html.body).not.toMatch(/psu-hnt|robert-svarva|[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect((await offentligeMoeter('organId=fagraad-2')).json.moeter).toEqual([]);
  });
});
