/**
 * The demo helsefellesskap (Helsefellesskapet i nordre Trøndelag): loaded automatically on the first
 * start of an empty embedded store, read back over HTTP story by story with both times (effective
 * from the papers, recorded now), and loaded again without recording anything new.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_AVVIKSSTEG, DEMO_DOKUMENTER, DEMO_MOETESTEG, DEMO_SAKER, DEMO_STEG, DemoLoader, type DemoSteg } from '@saksgang/application';
import { countEvents, startTestApi, type TestApi } from './support.js';

let api: TestApi;
const startet = Date.now();

interface Hendelse {
  type: string;
  effectiveAt: string;
  recordedAt: string;
  commandId: string;
  correlationId: string;
  causationId: string;
  actor: { personId: string; organId: string; rolle: string };
  data: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function sak(sakId: string) {
  const res = await api.request('GET', `/saker/${sakId}`);
  expect(res.status).toBe(200);
  return res.json as { state: Record<string, any>; hendelser: Hendelse[]; tillatteSteg: string[] }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

function recordedNow(h: Hendelse): void {
  expect(Date.parse(h.recordedAt)).toBeGreaterThanOrEqual(startet - 1000);
  expect(h.commandId).toMatch(/^demo:/);
}

beforeAll(async () => {
  // SAKSGANG_DEMO=auto and an empty store: the demo is loaded while the application starts.
  api = await startTestApi({ SAKSGANG_DEMO: 'auto' });
}, 60_000);

afterAll(async () => {
  await api?.close();
});

describe('the organisation, as the PSU notice of 15 February 2019 describes it', () => {
  it('has PSU, ASU, the arbeidsutvalg, six fagråd with their tjenesteavtaler, nine fagnettverk, the working group and the sekretariat', async () => {
    const organer = DEMO_STEG.filter((s): s is Extract<DemoSteg, { art: 'organ' }> => s.art === 'organ' && s.command.type === 'OpprettOrgan').map((s) => (s.command.data as { organtype: string }).organtype);
    expect(organer.filter((t) => t === 'fagraad')).toHaveLength(6);
    expect(organer.filter((t) => t === 'fagnettverk')).toHaveLength(9);
    for (const t of ['psu', 'asu', 'arbeidsutvalg', 'arbeidsgruppe', 'sekretariat']) expect(organer).toContain(t);

    const kvalitet = (await api.request('GET', '/organer/fagraad-kvalitet')).json;
    expect(kvalitet.state).toMatchObject({ navn: 'Fagråd for kvalitet og pasientsikkerhet', organtype: 'fagraad', nivaa: 'faglig', tjenesteavtale: 'tjenesteavtale 12' });
    const gruppe = (await api.request('GET', '/organer/ag-barn-unge')).json;
    expect(gruppe.state).toMatchObject({ organtype: 'arbeidsgruppe', oppnevntAv: 'asu-hnt' });
    expect(gruppe.state.mandat).toMatch(/sammenhengende helsetjeneste for barn og unge/);
  });

  it('knows who sat where on a date: the county joins PSU as an observer by sak 2/19, «fra dags dato»', async () => {
    const foer = (await api.request('GET', '/organer/psu-hnt/medlemmer?dato=2019-02-14')).json;
    expect(foer.medlemmer.map((m: { personId: string }) => m.personId)).not.toContain('tore-sandvik');
    const dagen = (await api.request('GET', '/organer/psu-hnt/medlemmer?dato=2019-02-15')).json;
    expect(dagen.medlemmer).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ personId: 'robert-svarva', rolle: 'leder' }),
        expect.objectContaining({ personId: 'tore-sandvik', rolle: 'observatoer', representerer: 'Trøndelag fylkeskommune', fra: '2019-02-15' }),
      ]),
    );
    const asu2022 = (await api.request('GET', '/organer/asu-hnt/medlemmer?dato=2022-03-30')).json;
    expect(asu2022.medlemmer.filter((m: { rolle: string }) => m.rolle === 'leder').map((m: { navn: string }) => m.navn)).toEqual(['Bjørn Ståle Aalberg']);

    // The membership was caused by the decision in sak 2/19.
    const psu = (await api.request('GET', '/organer/psu-hnt')).json;
    const observatoer = psu.hendelser.find((h: Hendelse) => h.type === 'MedlemOppnevnt' && h.data['personId'] === 'tore-sandvik');
    expect(observatoer).toMatchObject({ effectiveAt: '2019-02-15', causationId: 'demo:sak:psu-2-19:vedtak', correlationId: 'demo:psu-2019-02-15' });
    const sak2 = await sak(DEMO_SAKER.psu2_19);
    expect(sak2.hendelser.find((h) => h.type === 'VedtakFattet')?.data['vedtakstekst']).toMatch(/tiltrer PSU som observatør, med møte- og talerett, fra dags dato/);
  });
});

describe('the cases, read back with both times', () => {
  it('PSU sak 3/17 (the decision that orders ASU) → ASU sak 16/2017 → joint meeting 23.11.2017 → hearing → adopted in ASU 13.02.2018 → follow-up', async () => {
    const s = await sak(DEMO_SAKER.handlingsplan);
    expect(s.hendelser.map((h) => [h.type, h.effectiveAt])).toEqual([
      ['SakRegistrert', '2017-03-24'],
      ['NivaaTildelt', '2017-03-24'],
      ['InnstillingAvgitt', '2017-03-24'],
      ['SattPaaSaksliste', '2017-03-24'],
      ['VedtakFattet', '2017-03-24'],
      ['BestillingMottatt', '2017-04-18'],
      ['InnstillingAvgitt', '2017-11-23'],
      ['SattPaaSaksliste', '2017-11-23'],
      ['VedtakFattet', '2017-11-23'],
      ['SendtPaaHoering', '2017-11-24'],
      ['HoeringssvarRegistrert', '2018-01-10'],
      ['HoeringssvarRegistrert', '2018-01-15'],
      ['HoeringssvarRegistrert', '2018-01-15'],
      ['HoeringssvarRegistrert', '2018-01-22'],
      ['InnstillingAvgitt', '2018-02-13'],
      ['SattPaaSaksliste', '2018-02-13'],
      ['VedtakFattet', '2018-02-13'],
      ['SendtTilOppfoelging', '2018-02-13'],
      ['SendtTilOppfoelging', '2018-02-13'],
    ]);
    s.hendelser.forEach(recordedNow);
    expect(s.state).toMatchObject({ fase: 'til_oppfoelging', saksnumre: { 'psu-hnt': '3/17', 'asu-hnt': '16/2017' } });
    // One fact with both meanings: PSU's decision in sak 3/17 is also the order to ASU.
    const psu317 = s.hendelser[4]!;
    expect(psu317.data['vedtakstekst']).toMatch(/PSU vedtok i sak 3\/17/);
    expect(psu317.data).toMatchObject({ vedtaksutfall: 'vedtatt', organIder: ['psu-hnt'], bestilling: { bestiltAv: 'psu-hnt', tilOrganId: 'asu-hnt', frist: '2018-02-13' } });
    const [strategisamling, felles, asu] = s.hendelser.filter((h) => h.type === 'SattPaaSaksliste');
    expect(strategisamling!.data['organer'].map((o: { organId: string }) => o.organId)).toEqual(['psu-hnt']);
    expect(felles!.data['organer'].map((o: { organId: string }) => o.organId)).toEqual(['psu-hnt', 'asu-hnt']);
    expect(asu!.data['organer'].map((o: { organId: string }) => o.organId)).toEqual(['asu-hnt']);
    const [, hoering, vedtatt] = s.hendelser.filter((h) => h.type === 'VedtakFattet');
    expect(hoering!.data).toMatchObject({ vedtaksutfall: 'sendt_tilbake', organIder: ['psu-hnt', 'asu-hnt'] });
    expect(hoering!.data['vedtakstekst']).toMatch(/sendt ut på høring før vedtak i ASU 13. februar 2018/);
    expect(vedtatt!.data).toMatchObject({ vedtaksutfall: 'vedtatt', organIder: ['asu-hnt'] });
    // The causal chain of the story: each step caused by the previous one.
    expect(s.hendelser[1]!.causationId).toBe(s.hendelser[0]!.commandId);
  });

  it('the PSU meeting of 15 February 2019: saker 1/19–4/19 and the orienteringssaker', async () => {
    const forventet: [string, number, string, string][] = [
      [DEMO_SAKER.psu1_19, 1, 'vedtak_fattet', 'Sak 1/19 Årsmelding 2018'],
      [DEMO_SAKER.psu2_19, 2, 'vedtak_fattet', 'Sak 2/19 Trøndelag fylkeskommune – helsepolitikk i Trøndelag'],
      [DEMO_SAKER.psu3_19, 3, 'paa_saksliste', 'Sak 3/19 Hvordan er dagens samarbeidsstruktur mellom kommunene og helseforetaket. Er vi rigget for framtidens helseutfordringer?'],
      [DEMO_SAKER.psu4_19, 4, 'paa_saksliste', 'Sak 4/19 Ev.'],
      [DEMO_SAKER.psuO1_19, 5, 'vedtak_fattet', 'Orienteringssak 1/19 Regionalt arbeid med samhandlingsavtaler'],
      [DEMO_SAKER.psuO2_19, 6, 'vedtak_fattet', 'Orienteringssak 2/19 Samhandlingskonferanse 2020'],
      [DEMO_SAKER.psuO3_19, 7, 'vedtak_fattet', 'Orienteringssak 3/19 Dialogmøte mellom Nord Universitet, kommunene og KS'],
      [DEMO_SAKER.psuO4_19, 8, 'til_oppfoelging', 'Orienteringssak 4/19 Oppfølging etter felles møte mellom PSU og ASU 23/10-18. Rekruttere og beholde sykepleiere og leger i regionen.'],
    ];
    for (const [sakId, nummer, fase, tittel] of forventet) {
      const s = await sak(sakId);
      expect({ tittel: s.state['tittel'], fase: s.state['fase'] }).toEqual({ tittel, fase });
      const punkt = s.hendelser.find((h) => h.type === 'SattPaaSaksliste')!;
      expect(punkt).toMatchObject({ effectiveAt: '2019-02-15', data: { moetedato: '2019-02-15', moetested: 'Sykehuset Levanger, Store møterom Arken' } });
      expect(punkt.data['organer']).toEqual([{ organId: 'psu-hnt', moetesaksaar: 2019, moetesakssekvensnummer: nummer }]);
      s.hendelser.forEach(recordedNow);
    }
    const s3 = await sak(DEMO_SAKER.psu3_19);
    expect(s3.state['sakstype']).toBe('droeftingssak');
    expect(s3.state['innstillinger']).toEqual([]);
    expect(s3.state['beskrivelse']).toMatch(/«bestiller»/);
    const o1 = await sak(DEMO_SAKER.psuO1_19);
    expect(o1.hendelser.at(-1)!.data).toMatchObject({ vedtaksutfall: 'tatt_til_orientering', vedtakstekst: '«Politisk samarbeidsutvalg i nordlige Trøndelag, tar saken til orientering.»' });
    // PSU's one numbering for 2019: the saker put on the agenda by themselves took 1..8 (the orienteringssaker
    // 5..8 there; ANTAKELSE of the demo, kept in the titles); the meeting's items kept the saker's 1/19–3/19 and
    // numbered the orienteringssaker 1/19–4/19 in their own series, as the notice does.
    const nummerering = await api.opened.store.readStream('moetenummerering-psu-hnt.2019');
    expect(nummerering.filter((e) => e.type === 'SaksnummerTildelt').map((e) => (e.data as { nummer: number }).nummer)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const moetets = nummerering.filter((e) => e.type === 'MoetenumreTildelt').flatMap((e) => (e.data as { punkter: { serie: string; nummer: number }[] }).punkter.map((p) => `${p.serie} ${p.nummer}`));
    expect(moetets).toEqual(['ordinaer 1', 'ordinaer 2', 'ordinaer 3', 'orientering 1', 'orientering 2', 'orientering 3', 'orientering 4']);
  });

  it('the draft action plan on hearing to the municipalities, HNT, KS and the users’ council, with four answers (seed 002)', async () => {
    const s = await sak(DEMO_SAKER.handlingsplan);
    const hoering = s.hendelser.find((h) => h.type === 'SendtPaaHoering')!;
    expect(hoering).toMatchObject({ effectiveAt: '2017-11-24', data: { organId: 'asu-hnt', hoeringsfrist: '2018-01-15' } });
    expect(hoering.data['mottakere']).toHaveLength(12);
    expect(hoering.data['hoeringsinstanser']).toEqual(expect.arrayContaining(['Steinkjer kommune', 'Leksvik kommune', 'Helse Nord-Trøndelag HF', 'KS Trøndelag']));
    const svar = s.hendelser.filter((h) => h.type === 'HoeringssvarRegistrert').map((h) => [h.data['partnavn'], h.data['etterFrist']]);
    expect(svar).toEqual([
      ['Steinkjer kommune', false],
      ['Levanger kommune', false],
      ['Helse Nord-Trøndelag HF', false],
      ['Verdal kommune', true],
    ]);
  });

  it('the input to the national plan, adopted in a joint PSU and ASU meeting on 30 March 2022 and sent on 31 March', async () => {
    const s = await sak(DEMO_SAKER.innspillNhsp);
    expect(s.state['tittel']).toBe('Innspill til Nasjonal helse- og sykehusplan 2024–27 fra helsefellesskapet i nordre Trøndelag');
    expect(s.state['fase']).toBe('avsluttet');
    expect(s.hendelser.map((h) => [h.type, h.effectiveAt.slice(0, 10)])).toEqual([
      ['SakRegistrert', '2022-03-30'],
      ['NivaaTildelt', '2022-03-30'],
      ['InnstillingAvgitt', '2022-03-30'],
      ['SattPaaSaksliste', '2022-03-30'],
      ['VedtakFattet', '2022-03-30'],
      ['BrevSendt', '2022-03-31'],
      ['SakAvsluttet', '2022-03-31'],
    ]);
    // It came from the ministry (its request for input), and went back to it as a letter signed by both leaders.
    expect(s.hendelser[0]!.data).toMatchObject({ innmeldtAv: 'sekretariat-hnt', innmeldtFra: 'helse-og-omsorgsdepartementet', innmeldtFraNavn: 'Helse- og omsorgsdepartementet' });
    const brev = s.hendelser.find((h) => h.type === 'BrevSendt')!;
    expect(brev.data).toMatchObject({ mottaker: 'helse-og-omsorgsdepartementet', mottakernavn: 'Helse- og omsorgsdepartementet' });
    expect(brev.data['signatarer']).toEqual([
      { personId: 'hege-nordheim-viken', navn: 'Hege Nordheim-Viken', organId: 'psu-hnt', organnavn: 'Politisk samarbeidsutvalg (PSU) i nordlige Trøndelag', rolle: 'leder' },
      { personId: 'bjorn-staale-aalberg', navn: 'Bjørn Ståle Aalberg', organId: 'asu-hnt', organnavn: 'Administrativt samarbeidsutvalg (ASU)', rolle: 'leder' },
    ]);
    s.hendelser.forEach(recordedNow);
    const vedtak = s.hendelser.find((h) => h.type === 'VedtakFattet')!;
    expect(vedtak.data).toMatchObject({ organIder: ['psu-hnt', 'asu-hnt'], vedtaksutfall: 'vedtatt' });
    expect(vedtak.data['vedtakstekst']).toMatch(/vedtatt av felles både Politisk- og Administrativt Samarbeidsutvalg den 30. mars 2022/);
    expect(vedtak.actor).toEqual({ personId: 'bjorn-staale-aalberg', organId: 'asu-hnt', rolle: 'leder' });
    const punkt = s.hendelser.find((h) => h.type === 'SattPaaSaksliste')!;
    expect(punkt.data['organer'].map((o: { organId: string; moetesaksaar: number }) => [o.organId, o.moetesaksaar])).toEqual([
      ['psu-hnt', 2022],
      ['asu-hnt', 2022],
    ]);
  });
});

describe('loading is idempotent', () => {
  it('loading again records nothing new', async () => {
    const before = await countEvents(api);
    expect(before).toBeGreaterThan(DEMO_STEG.length);
    const progress: number[] = [];
    const result = await api.app.get(DemoLoader).load((p) => progress.push(p.done));
    // The saker and the organisation, then the meetings (demo-moeter.ts).
    const alle = DEMO_STEG.length + DEMO_MOETESTEG.length + DEMO_AVVIKSSTEG.length + DEMO_DOKUMENTER.length;
    expect(result).toEqual({ total: alle, recordedEvents: 0, alreadyLoaded: alle });
    expect(progress).toHaveLength(alle);
    expect(progress.at(-1)).toBe(alle);
    expect(await countEvents(api)).toBe(before);
  });
});
