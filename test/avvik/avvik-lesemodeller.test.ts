/**
 * The avvik read models over HTTP (issue 19 item 3): a party's list, the receiver's restanser after
 * the frist, the public statistics per quarter and year by reporting party, receiving party, category
 * and tjenesteavtale (median answer time, overdue, answered late), the chart, and a rebuild that gives
 * the same answers. Figures are recomputed here from what the test did, not written down.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { actor, expectProblemResponse, startTestApi, type TestApi, type TestResponse } from '../api/support.js';

jest.setTimeout(180_000);

const DRIFT = actor('drift', 'drift', 'drift');
const ORKLAND = actor('kari-orkland', 'orkland-hjemmetjenesten', 'leder');
const HITRA = actor('hitra-leder', 'hitra-kommune', 'leder');
const SKAUN = actor('per-skaun', 'skaun-kommune', 'leder');
const STOLAV = actor('kvalitet-stolav', 'st-olavs-hf', 'medlem');

let api: TestApi;
let sist = '';

async function ok(method: string, url: string, headers: Record<string, string>, body?: unknown): Promise<TestResponse> {
  const res = await api.request(method, url, { headers, body });
  if (res.status >= 300) throw new Error(`${method} ${url} → ${res.status}: ${res.body}`);
  if (typeof res.json?.position === 'string') sist = res.json.position;
  return res;
}
const les = (url: string, headers: Record<string, string> = {}) => ok('GET', `${url}${url.includes('?') ? '&' : '?'}minPosition=${encodeURIComponent(sist)}`, headers);

const AVVIK = {
  motpart: 'st-olavs-hf',
  tjenesteavtale: 'Tjenesteavtale 5 – utskrivningsklare pasienter',
  hvaSkjedde: 'Psykiatrisk pasient ble skrevet raskt ut uten at kommunen var varslet.',
  konsekvens: 'Ingen oppfølging første døgn.',
  kategori: 'psykisk_helse_og_rus',
};

/** Five avvik in Q2 2024, one in Q3: answered after 7 and 14 days (one of them after the frist), one overdue, one waiting on the reporter. */
let ider: string[] = [];

beforeAll(async () => {
  api = await startTestApi({ SAKSGANG_PROJECTIONS: 'on' });
  for (const [organId, navn, organtype] of [
    ['orkland-hjemmetjenesten', 'Hjemmetjenesten i Orkland kommune (Fannrem)', 'kommune'],
    ['hitra-kommune', 'Hitra kommune, helse og omsorg', 'kommune'],
    ['skaun-kommune', 'Skaun kommune, helse og omsorg', 'kommune'],
    ['st-olavs-hf', 'St. Olavs hospital HF', 'helseforetak'],
    ['fagraad-kvalitet', 'Fagråd for kvalitet og pasientsikkerhet', 'fagraad'],
  ]) {
    await ok('POST', '/organer', DRIFT, { organId, navn, organtype, mandat: `Mandat for ${navn}`, gjelderFra: '2012-01-01' });
  }
  const meld = async (hvem: Record<string, string>, ekstra: Record<string, unknown>) => (await ok('POST', '/avvik', hvem, { ...AVVIK, ...ekstra })).json.avvikId as string;
  ider = [
    await meld(ORKLAND, { hendelsesdato: '2024-04-01', gjelderFra: '2024-04-02' }),
    await meld(ORKLAND, { hendelsesdato: '2024-04-10', gjelderFra: '2024-04-10', kategori: 'utskrivning', svarfristDager: 7 }),
    await meld(HITRA, { hendelsesdato: '2024-05-02', gjelderFra: '2024-05-02' }),
    await meld(HITRA, { hendelsesdato: '2024-05-20', gjelderFra: '2024-05-21', tjenesteavtale: 'Tjenesteavtale 11 – akuttberedskap', kategori: 'akuttberedskap' }),
    await meld(ORKLAND, { hendelsesdato: '2024-06-01', gjelderFra: '2024-06-03' }),
    await meld(ORKLAND, { hendelsesdato: '2024-07-01', gjelderFra: '2024-07-02' }),
  ];
  const svar = async (id: string, dato: string) => {
    await ok('POST', `/avvik/${id}/registrering`, STOLAV, { gjelderFra: dato });
    await ok('POST', `/avvik/${id}/svar`, STOLAV, { funn: 'Funn.', tiltak: 'Tiltak.', gjelderFra: dato });
  };
  await svar(ider[0]!, '2024-04-09'); // 7 days, within 21
  await svar(ider[1]!, '2024-04-24'); // 14 days, after the 7-day frist
  await ok('POST', `/avvik/${ider[2]!}/registrering`, STOLAV, { gjelderFra: '2024-05-03' }); // never answered: overdue after 2024-05-23
  await ok('POST', `/avvik/${ider[3]!}/registrering`, STOLAV, { gjelderFra: '2024-05-22' });
  await ok('POST', `/avvik/${ider[3]!}/spoersmaal`, STOLAV, { spoersmaal: 'Hvilken vakt?', gjelderFra: '2024-05-23' }); // waiting on the reporter: not overdue
}, 150_000);

afterAll(async () => {
  await api?.close();
});

describe('lists and restanser', () => {
  it('a party sees its own avvik without free text; another municipality is refused', async () => {
    const liste = await les('/avvik/organ/hitra-kommune?idag=2024-06-30', HITRA);
    expect(liste.json.avvik.map((a: { avvikId: string }) => a.avvikId).sort()).toEqual([ider[2], ider[3]].sort());
    expect(liste.json.avvik[0]).toMatchObject({ meldernavn: 'Hitra kommune, helse og omsorg', motpartnavn: 'St. Olavs hospital HF' });
    expect(liste.body).not.toContain('Psykiatrisk pasient');
    expectProblemResponse(await api.request('GET', '/avvik/organ/hitra-kommune', { headers: SKAUN }), 403, 'ikke_tilgang_til_avvikene');
    expect((await les('/avvik/organ/st-olavs-hf', STOLAV)).json.antall).toBe(6);
  });
  it('the receiver’s restanser: unanswered after the frist (registered or not), oldest frist first, not those waiting on the reporter', async () => {
    const r = await les('/avvik/organ/st-olavs-hf/restanser?idag=2024-06-30', STOLAV);
    expect(r.json.avvik.map((a: { avvikId: string }) => a.avvikId)).toEqual([ider[2], ider[4]]);
    expect(r.json.avvik[0]).toMatchObject({ forfalt: true, svarfrist: '2024-05-23', statusTekst: 'Under behandling' });
    expect((await les('/avvik/organ/st-olavs-hf/restanser?idag=2024-05-23', STOLAV)).json.antall).toBe(0);
  });
});

describe('statistics (public, figures only)', () => {
  it('per quarter: in total and by reporting party, receiving party, category and tjenesteavtale', async () => {
    const s = (await les('/offentlig/avvik/statistikk?aar=2024&kvartal=2&idag=2024-06-30')).json;
    expect({ fra: s.fra, til: s.til }).toEqual({ fra: '2024-04-01', til: '2024-06-30' });
    expect(s.totalt).toEqual({ antall: 5, besvart: 2, medianSvartidDager: 10.5, forfalt: 2, besvartEtterFrist: 1, lukket: 0, loeftet: 0, medForbedringssak: 0 });
    // ider[4] (reported 2024-06-03, frist 2024-06-24, never registered) is overdue too.
    const melder = Object.fromEntries(s.etter.melder.map((g: { noekkel: string; antall: number; navn: string }) => [g.navn, g.antall]));
    expect(melder).toEqual({ 'Hjemmetjenesten i Orkland kommune (Fannrem)': 3, 'Hitra kommune, helse og omsorg': 2 });
    expect(s.etter.mottaker).toEqual([expect.objectContaining({ noekkel: 'st-olavs-hf', navn: 'St. Olavs hospital HF', antall: 5 })]);
    expect(s.etter.kategori.find((g: { noekkel: string }) => g.noekkel === 'utskrivning')).toMatchObject({ navn: 'Utskrivning', antall: 1, besvartEtterFrist: 1, medianSvartidDager: 14 });
    expect(s.etter.tjenesteavtale.map((g: { noekkel: string }) => g.noekkel)).toEqual(['Tjenesteavtale 5 – utskrivningsklare pasienter', 'Tjenesteavtale 11 – akuttberedskap']);
    expect(JSON.stringify(s)).not.toContain('Psykiatrisk');
  });
  it('per year, and bad input is a problem naming the field', async () => {
    expect((await les('/offentlig/avvik/statistikk?aar=2024&idag=2024-12-31')).json.totalt.antall).toBe(6);
    expect((await les('/offentlig/avvik/statistikk?aar=2023')).json.totalt).toMatchObject({ antall: 0, medianSvartidDager: null });
    const feil = await api.request('GET', '/offentlig/avvik/statistikk?aar=2024&kvartal=5');
    expectProblemResponse(feil, 400);
    expect(feil.body).toContain('kvartal');
    expectProblemResponse(await api.request('GET', '/offentlig/avvik/statistikk'), 400);
  });
  it('as a chart (SVG) with a title and the figures', async () => {
    const svg = await les('/offentlig/avvik/statistikk.svg?aar=2024&kvartal=2&idag=2024-06-30');
    expect(String(svg.headers['content-type'])).toContain('image/svg+xml');
    expect(svg.body).toContain('<title id="t">Samhandlingsavvik 2. kvartal 2024 etter mottaker</title>');
    expect(svg.body).toContain('St. Olavs hospital HF');
    expect(svg.body).toContain('5 avvik, 2 besvart, 2 forfalt, median 10,5 dager.');
  });
  it('a rebuild gives the same answers', async () => {
    const foer = (await les('/offentlig/avvik/statistikk?aar=2024&kvartal=2&idag=2024-06-30')).body;
    const res = await api.request('POST', '/drift/projeksjoner/avvik/rebuild', { headers: DRIFT });
    expect(res.status).toBe(202);
    const frist = Date.now() + 30_000;
    for (;;) {
      const st = await api.request('GET', '/drift/projeksjoner', { headers: DRIFT });
      const p = st.json.projections.find((x: { name: string }) => x.name === 'avvik');
      if (p?.rebuild?.state === 'done' || Date.now() > frist) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect((await les('/offentlig/avvik/statistikk?aar=2024&kvartal=2&idag=2024-06-30')).body).toBe(foer);
  });
});

describe('the forbedringssak side of the link', () => {
  it('a sak shows the avvik it follows up: all counted, only those the reader may read listed', async () => {
    const FAGRAAD = actor('fagraad-leder', 'fagraad-kvalitet', 'leder');
    const res = await ok('POST', '/avvik/forbedringssaker', FAGRAAD, { avvikIder: [ider[0], ider[2]], tittel: 'Forbedringssak: raske utskrivninger i psykisk helsevern' });
    const sakId = res.json.sakId as string;
    sist = res.json.lenker[1].position;
    const hitra = (await les(`/avvik/forbedringssaker/${sakId}`, HITRA)).json;
    expect({ antall: hitra.antall, avvik: hitra.avvik.map((a: { avvikId: string }) => a.avvikId) }).toEqual({ antall: 2, avvik: [ider[2]] });
    expect((await les(`/avvik/forbedringssaker/${sakId}`, FAGRAAD)).json.avvik).toHaveLength(2);
    const s = (await les('/offentlig/avvik/statistikk?aar=2024&kvartal=2&idag=2024-06-30')).json;
    expect(s.totalt.medForbedringssak).toBe(2);
  });
});
