/**
 * The demo's PSU meeting of 15 February 2019 (issue #15 item 9, seed 004), loaded with the demo: its
 * saksliste with the notice's numbers (saker 1/19–3/19, orienteringssaker 1/19–4/19 in their own
 * series, «Eventuelt»), sak 3/19 a drøftingssak presented by ASU's leader Peter Ardon, and the
 * innkalling made from it with the notice's header, items, numbers and proposals; the joint PSU/ASU
 * meetings of 23.11.2017 (PSU 3/17, ASU 16/2017) and 30.03.2022. Loading again records nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_MOETER, DEMO_SAKER, DemoLoader } from '@saksgang/application';
import { PDFParse } from 'pdf-parse';
import { actor, countEvents, startTestApi, type TestApi } from './support.js';

const PSU_SEKRETAER = actor('ks-sekretaer', 'psu-hnt', 'sekretaer');
const enLinje = (s: string) => s.replace(/\s+/g, ' ').trim();

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi({ SAKSGANG_DEMO: 'auto' });
}, 120_000);

afterAll(async () => {
  await api?.close();
});

describe('the demo PSU meeting of 15.02.2019', () => {
  it('is held at Sykehuset Levanger, Store møterom Arken, 09.00–11.30, with the notice’s numbers', async () => {
    const res = await api.request('GET', `/moeter/${DEMO_MOETER.psu2019_02_15}`, { headers: PSU_SEKRETAER });
    expect(res.status).toBe(200);
    const m = res.json.state;
    expect(m).toMatchObject({ organIder: ['psu-hnt'], moetedato: '2019-02-15', starttid: '09:00', sluttid: '11:30', moetested: 'Sykehuset Levanger, Store møterom Arken', status: 'gjennomfoert', moetenumre: { 'psu-hnt': 1 } });
    const punkter = m.punkter as { tittel: string; sakId?: string; moetesakstype: string; leggesFramAv?: string; forslagTilVedtak?: string; numre: { serie: string; nummer: number }[] }[];
    expect(punkter.map((p) => [p.moetesakstype, p.numre.map((n) => `${n.serie} ${n.nummer}/19`).join(), p.tittel.split(' ').slice(0, 3).join(' ')])).toEqual([
      ['politisk', 'ordinaer 1/19', 'Årsmelding 2018'],
      ['politisk', 'ordinaer 2/19', 'Trøndelag fylkeskommune –'],
      ['droefting', 'ordinaer 3/19', 'Hvordan er dagens'],
      ['eventuelt', '', 'Eventuelt'],
      ['orientering', 'orientering 1/19', 'Regionalt arbeid med'],
      ['orientering', 'orientering 2/19', 'Samhandlingskonferanse 2020'],
      ['orientering', 'orientering 3/19', 'Dialogmøte mellom Nord'],
      ['orientering', 'orientering 4/19', 'Oppfølging etter felles'],
    ]);
    expect(punkter.map((p) => p.sakId)).toEqual([DEMO_SAKER.psu1_19, DEMO_SAKER.psu2_19, DEMO_SAKER.psu3_19, undefined, DEMO_SAKER.psuO1_19, DEMO_SAKER.psuO2_19, DEMO_SAKER.psuO3_19, DEMO_SAKER.psuO4_19]);
    expect(punkter[2]).toMatchObject({ leggesFramAv: 'Leder av ASU – administrativt samarbeidsutvalg, Peter Ardon,' });
    expect(punkter[2]!.forslagTilVedtak).toBeUndefined();
  });

  it('gives the notice’s innkalling (HTML and PDF): header, items, numbers and proposals', async () => {
    const html = await api.request('GET', `/moeter/${DEMO_MOETER.psu2019_02_15}/innkalling.html`, { headers: PSU_SEKRETAER });
    expect(html.status).toBe(200);
    const tekst = enLinje(html.body.replace(/<[^>]+>/g, ' '));
    const pdf = (await api.app.getHttpAdapter().getInstance().inject({ method: 'GET', url: `/moeter/${DEMO_MOETER.psu2019_02_15}/innkalling.pdf`, headers: PSU_SEKRETAER })).rawPayload;
    const parser = new PDFParse({ data: new Uint8Array(pdf) });
    const pdfTekst = enLinje((await parser.getText()).text);
    await parser.destroy();
    for (const t of [tekst, pdfTekst]) {
      for (const del of [
        'Innkalling, møte i Politisk samarbeidsutvalg (PSU) i nordlige Trøndelag, 15. februar 2019,',
        'Sykehuset Levanger, Store møterom Arken, 09.00–11.30',
        'Sak 1/19 Årsmelding 2018 Forslag til vedtak: Politisk samarbeidsutvalg (PSU) i nordlige Trøndelag godkjenner årsmeldingen for arbeidet i utvalget, for 2018. Saksframlegg: Årsmeldingen ligger ved som vedlegg.',
        'Sak 2/19 Trøndelag fylkeskommune – helsepolitikk i Trøndelag Forslag til vedtak: Politisk samarbeidsutvalg tar fylkesordførerens innlegg',
        'Sak 3/19 Hvordan er dagens samarbeidsstruktur mellom kommunene og helseforetaket. Er vi rigget for framtidens helseutfordringer? Forslag til vedtak: Saken blir lagt fram uten forslag til vedtak. Saksframlegg: Leder av ASU – administrativt samarbeidsutvalg, Peter Ardon, legger fram saken i møtet.',
        'Orienteringssaker Sak 1/19 Regionalt arbeid med samhandlingsavtaler Forslag til vedtak: Politisk samarbeidsutvalg i nordlige Trøndelag, tar saken til orientering.',
        'Sak 4/19 Oppfølging etter felles møte mellom PSU og ASU 23/10-18. Rekruttere og beholde sykepleiere og leger i regionen. Forslag til vedtak: Politisk samarbeidsutvalg i nordlige Trøndelag tar saken til orientering.',
        'Robert Svarva, leder av PSU',
      ]) {
        expect({ del, funnet: t.includes(del) }).toEqual({ del, funnet: true });
      }
    }
  });

  it('the joint meetings of 23.11.2017 and 30.03.2022 are in both bodies’ numbering, 2017 with the real numbers PSU 3/17 and ASU 16/2017', async () => {
    const felles = (await api.request('GET', `/moeter/${DEMO_MOETER.felles2017_11_23}`, { headers: PSU_SEKRETAER })).json.state;
    expect(felles).toMatchObject({ organIder: ['psu-hnt', 'asu-hnt'], moetedato: '2017-11-23', status: 'gjennomfoert' });
    expect(felles.punkter[0].sakId).toBe(DEMO_SAKER.handlingsplan);
    expect(felles.punkter[0].numre.map((n: { organId: string; nummer: number; aar: number }) => `${n.organId} ${n.nummer}/${n.aar}`)).toEqual(['psu-hnt 3/2017', 'asu-hnt 16/2017']);
    const html = (await api.request('GET', `/moeter/${DEMO_MOETER.felles2017_11_23}/innkalling.html`, { headers: PSU_SEKRETAER })).body;
    expect(enLinje(html.replace(/<[^>]+>/g, ' '))).toContain('Innkalling, fellesmøte i Politisk samarbeidsutvalg (PSU) i nordlige Trøndelag og Administrativt samarbeidsutvalg (ASU), 23. november 2017');
    expect(html).toContain('PSU sak 3/17, ASU sak 16/17 Handlingsplan for samhandling');
    const m2022 = (await api.request('GET', `/moeter/${DEMO_MOETER.felles2022_03_30}`, { headers: PSU_SEKRETAER })).json.state;
    expect(m2022).toMatchObject({ organIder: ['psu-hnt', 'asu-hnt'], moetedato: '2022-03-30', status: 'gjennomfoert' });
    expect(m2022.punkter[0].sakId).toBe(DEMO_SAKER.innspillNhsp);
    expect(m2022.punkter[0].numre.map((n: { organId: string }) => n.organId)).toEqual(['psu-hnt', 'asu-hnt']);
  });

  it('loading again records nothing new', async () => {
    const foer = await countEvents(api);
    const r = await api.app.get(DemoLoader).load();
    expect(r.recordedEvents).toBe(0);
    expect(await countEvents(api)).toBe(foer);
  });
});
