/**
 * Who reads and acts on an avvik, at the API with real bearer tokens (issue 19 item 2): an auditor
 * (revisor) reads the avvik, the body's list and restanser, but every step is refused with a
 * problem+json that says why, and nothing is recorded; a third municipality gets 403 for the avvik and
 * for the other party's list. And the fagråd a report is followed up by comes from the organisation:
 * the fagråd for kvalitet og pasientsikkerhet on the report's date; before it existed, a 400 naming
 * «fagraad» and nothing recorded.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { lagLokaltToken } from '../../apps/api/src/auth/lag-token.js';
import { countEvents, expectProblemResponse, startTestApi, type TestApi, type TestResponse } from '../api/support.js';

jest.setTimeout(180_000);

const SECRET = randomBytes(48).toString('base64url');
const KEY = new TextEncoder().encode(SECRET);

let api: TestApi;
let sist = '';

async function som(personId: string, organ?: string, rolle?: string, roller: ('revisor' | 'drift')[] = []): Promise<Record<string, string>> {
  return { authorization: `Bearer ${await lagLokaltToken(KEY, { personId, roller })}`, ...(organ ? { 'x-organ': organ } : {}), ...(rolle ? { 'x-rolle': rolle } : {}) };
}

async function ok(method: string, url: string, headers: Record<string, string>, body?: unknown): Promise<TestResponse> {
  const res = await api.request(method, url, { headers, body });
  if (res.status >= 300) throw new Error(`${method} ${url} → ${res.status}: ${res.body}`);
  if (typeof res.json?.position === 'string') sist = res.json.position;
  return res;
}

async function ingentingRegistrert(forespoersel: () => Promise<TestResponse>, status: number, code: string): Promise<TestResponse> {
  const foer = await countEvents(api);
  const res = await forespoersel();
  expectProblemResponse(res, status, code);
  expect(await countEvents(api)).toBe(foer);
  return res;
}

const AVVIK = {
  motpart: 'st-olavs-hf',
  tjenesteavtale: 'Tjenesteavtale 5 – utskrivningsklare pasienter',
  hvaSkjedde: 'Pasient i 80-årene ble skrevet ut en fredag kveld uten at hjemmetjenesten var varslet.',
  hendelsesdato: '2024-05-10',
  konsekvens: 'Ingen hjemmesykepleie første kveld.',
  kategori: 'utskrivning',
  gjelderFra: '2024-05-13',
};

let ORKLAND: Record<string, string>;
let STOLAV: Record<string, string>;
let HITRA: Record<string, string>;
let FAGRAAD: Record<string, string>;
let REVISOR: Record<string, string>;
let avvikId = '';

beforeAll(async () => {
  api = await startTestApi({ SAKSGANG_DEV_ACTOR_HEADERS: 'off', SAKSGANG_AUTH_SECRET: SECRET, SAKSGANG_PROJECTIONS: 'on' });
  const drift = await som('it-drift', undefined, undefined, ['drift']);
  for (const [organId, navn, organtype, fra] of [
    ['orkland-kommune', 'Orkland kommune', 'kommune', '2020-01-01'],
    ['hitra-kommune', 'Hitra kommune', 'kommune', '2012-01-01'],
    ['st-olavs-hf', 'St. Olavs hospital HF', 'helseforetak', '2012-01-01'],
    ['fagraad-digital', 'Fagråd digital samhandling', 'fagraad', '2012-01-01'],
    // Established later than the parties: a report dated before it has no fagråd to follow it up.
    ['fagraad-kvalitet', 'Fagråd for kvalitet og pasientsikkerhet', 'fagraad', '2021-01-01'],
  ]) {
    await ok('POST', '/organer', drift, { organId, navn, organtype, mandat: `Mandat for ${navn}`, gjelderFra: fra });
  }
  const medlem = (organId: string, personId: string, navn: string, rolle: string, fra = '2012-01-01') => ok('POST', `/organer/${organId}/medlemmer`, drift, { personId, navn, rolle, fra });
  await medlem('orkland-kommune', 'avvikskontakt-orkland', 'Avvikskontakt i Orkland kommune', 'medlem', '2020-01-01');
  await medlem('hitra-kommune', 'avvikskontakt-hitra', 'Avvikskontakt i Hitra kommune', 'medlem');
  await medlem('st-olavs-hf', 'kvalitet-stolav', 'Kvalitetsrådgiver, St. Olavs hospital', 'medlem');
  await medlem('fagraad-kvalitet', 'leder-fagraad', 'Leder for fagrådet', 'leder', '2021-01-01');
  ORKLAND = await som('avvikskontakt-orkland', 'orkland-kommune', 'medlem');
  HITRA = await som('avvikskontakt-hitra', 'hitra-kommune', 'medlem');
  STOLAV = await som('kvalitet-stolav', 'st-olavs-hf', 'medlem');
  FAGRAAD = await som('leder-fagraad', 'fagraad-kvalitet', 'leder');
  REVISOR = await som('riksrevisjonen', undefined, undefined, ['revisor']);
}, 120_000);

afterAll(async () => {
  await api?.close();
});

describe('the fagråd follows from the organisation on the report’s date', () => {
  it('a report that names none is followed up by the fagråd for kvalitet og pasientsikkerhet (not another fagråd), who reads it', async () => {
    const res = await ok('POST', '/avvik', ORKLAND, AVVIK);
    avvikId = res.json.avvikId as string;
    const avvik = await ok('GET', `/avvik/${avvikId}`, FAGRAAD);
    expect(avvik.json.state.fagraad).toBe('fagraad-kvalitet');
    expectProblemResponse(await api.request('GET', `/avvik/${avvikId}`, { headers: await som('ukjent', 'fagraad-digital', 'leder') }), 403);
  });

  it('before that fagråd existed there is none: 400 naming «fagraad» with the reason, and nothing recorded', async () => {
    const res = await ingentingRegistrert(() => api.request('POST', '/avvik', { headers: ORKLAND, body: { ...AVVIK, hendelsesdato: '2020-05-10', gjelderFra: '2020-05-13' } }), 400, 'avviksfagraad_finnes_ikke');
    expect(res.json.errors).toEqual([{ field: 'fagraad', reason: expect.stringContaining('kvalitet og pasientsikkerhet') }]);
    expect(res.json.detail).toContain('2020-05-13');
    // Naming a fagråd that existed then is accepted.
    const navngitt = await ok('POST', '/avvik', ORKLAND, { ...AVVIK, hendelsesdato: '2020-05-10', gjelderFra: '2020-05-13', fagraad: 'fagraad-digital' });
    expect((await ok('GET', `/avvik/${navngitt.json.avvikId as string}`, ORKLAND)).json.state.fagraad).toBe('fagraad-digital');
  });
});

describe('an auditor (revisor) reads every avvik and takes no step', () => {
  it('reads the avvik, the party’s list and the receiver’s restanser', async () => {
    const avvik = await ok('GET', `/avvik/${avvikId}`, REVISOR);
    expect({ hva: avvik.json.state.hvaSkjedde, tillatte: avvik.json.tillatteSteg }).toEqual({ hva: AVVIK.hvaSkjedde, tillatte: [] });
    const liste = await ok('GET', `/avvik/organ/orkland-kommune?minPosition=${encodeURIComponent(sist)}`, REVISOR);
    expect(liste.json.avvik.map((a: { avvikId: string }) => a.avvikId)).toContain(avvikId);
    const restanser = await ok('GET', `/avvik/organ/st-olavs-hf/restanser?idag=2024-07-01&minPosition=${encodeURIComponent(sist)}`, REVISOR);
    const rad = restanser.json.avvik.find((a: { avvikId: string }) => a.avvikId === avvikId);
    // Reported 13 May with the default frist of 21 days (3 June): 28 days over on 1 July.
    expect({ forfalt: rad?.forfalt, dager: rad?.dagerForfalt, kategori: rad?.kategorinavn }).toEqual({ forfalt: true, dager: 28, kategori: 'Utskrivning' });
  });

  it('every step, reporting and opening a forbedringssak are refused with the reason, and nothing is recorded', async () => {
    for (const [url, body] of [
      ['/avvik', AVVIK],
      [`/avvik/${avvikId}/registrering`, {}],
      [`/avvik/${avvikId}/svar`, { funn: 'Revisor fant noe.', tiltak: 'Ingen.' }],
      [`/avvik/${avvikId}/loefting`, { begrunnelse: 'Revisor vil løfte det.' }],
      ['/avvik/forbedringssaker', { avvikIder: [avvikId], tittel: 'Forbedringssak fra revisor' }],
    ] as const) {
      const res = await ingentingRegistrert(() => api.request('POST', url, { headers: REVISOR, body }), 403, 'revisor_kun_lesing');
      expect(res.json.detail).toMatch(/revisor.*endrer ingenting/);
    }
  });
});

describe('a third municipality', () => {
  it('cannot read the avvik nor the other party’s list (403 with who may), nor take a step (nothing recorded)', async () => {
    const les = await api.request('GET', `/avvik/${avvikId}`, { headers: HITRA });
    expectProblemResponse(les, 403, 'ikke_tilgang_til_avviket');
    expect(les.json.detail).toContain('partene');
    expect(les.body).not.toContain(AVVIK.hvaSkjedde);
    expectProblemResponse(await api.request('GET', '/avvik/organ/orkland-kommune', { headers: HITRA }), 403, 'ikke_tilgang_til_avvikene');
    expectProblemResponse(await api.request('GET', '/avvik/organ/st-olavs-hf/restanser', { headers: HITRA }), 403, 'ikke_tilgang_til_avvikene');
    const steg = await ingentingRegistrert(() => api.request('POST', `/avvik/${avvikId}/loefting`, { headers: HITRA, body: { begrunnelse: 'Vi vil også løfte det.' } }), 403, 'organ_ikke_tillatt');
    expect(steg.json.detail).toContain('«Løft til fagrådet»');
    // The parties themselves still do.
    await ok('POST', `/avvik/${avvikId}/registrering`, STOLAV, { gjelderFra: '2024-05-14' });
  });
});
