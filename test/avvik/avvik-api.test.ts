/**
 * Avvik over HTTP (issue 19): the operations made from AVVIK_ARBEIDSFLYT; Orkland's home services
 * report to St. Olavs hospital, the trust registers, asks, answers, the reporter closes; a third
 * municipality can neither read nor act; a national identity number is refused naming the field; the
 * fagråd opens a forbedringssak from three avvik — a sak in the main workflow, linked from each avvik.
 * Every refused request records nothing.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { AVVIK_ARBEIDSFLYT, AVVIK_STEG } from '@saksgang/domain';
import { actor, countEvents, expectProblemResponse, startTestApi, type TestApi, type TestResponse } from '../api/support.js';
import { lagFoedselsnummer } from './fixtures.js';

jest.setTimeout(180_000);

const DRIFT = actor('drift', 'drift', 'drift');
const ORKLAND = actor('kari-orkland', 'orkland-hjemmetjenesten', 'leder');
const SKAUN = actor('per-skaun', 'skaun-kommune', 'leder');
const STOLAV = actor('kvalitet-stolav', 'st-olavs-hf', 'medlem');
const FAGRAAD = actor('fagraad-leder', 'fagraad-kvalitet', 'leder');

let api: TestApi;

async function ok(method: string, url: string, headers: Record<string, string>, body?: unknown): Promise<TestResponse> {
  const res = await api.request(method, url, { headers, body });
  if (res.status >= 300) throw new Error(`${method} ${url} → ${res.status}: ${res.body}`);
  return res;
}

async function ingentingRegistrert(forespoersel: () => Promise<TestResponse>, status: number, code?: string): Promise<TestResponse> {
  const foer = await countEvents(api);
  const res = await forespoersel();
  expectProblemResponse(res, status, code);
  expect(await countEvents(api)).toBe(foer);
  return res;
}

const AVVIK = {
  motpart: 'st-olavs-hf',
  tjenesteavtale: 'Tjenesteavtale 5 – utskrivningsklare pasienter',
  hvaSkjedde: 'Pasient i 80-årene ble meldt utskrivningsklar med krav om korttidsopphold før hjemmeforhold og tjenester fra hjemmetjenesten var undersøkt.',
  hendelsesdato: '2024-05-10',
  konsekvens: 'Korttidsplass ble brukt unødig i fem døgn.',
  kategori: 'utskrivning',
  gjelderFra: '2024-05-13',
};

async function meld(body: Record<string, unknown> = AVVIK, hvem = ORKLAND): Promise<string> {
  return (await ok('POST', '/avvik', hvem, body)).json.avvikId as string;
}

beforeAll(async () => {
  api = await startTestApi();
  for (const [organId, navn, organtype] of [
    ['orkland-hjemmetjenesten', 'Hjemmetjenesten i Orkland kommune (Fannrem)', 'kommune'],
    ['skaun-kommune', 'Skaun kommune, helse og omsorg', 'kommune'],
    ['st-olavs-hf', 'St. Olavs hospital HF', 'helseforetak'],
    ['fagraad-kvalitet', 'Fagråd for kvalitet og pasientsikkerhet', 'fagraad'],
    ['sekretariat-hnt', 'Sekretariatet for helsefellesskapet', 'sekretariat'],
    ['asu-hnt', 'Administrativt samarbeidsutvalg (ASU)', 'asu'],
  ]) {
    await ok('POST', '/organer', DRIFT, { organId, navn, organtype, mandat: `Mandat for ${navn}`, gjelderFra: '2012-01-01' });
  }
}, 120_000);

afterAll(async () => {
  await api?.close();
});

describe('the operations come from the declaration', () => {
  it('one POST per step under /avvik, with its request schema and its Norwegian name; the reading and the forbedringssak too', async () => {
    const doc = (await api.request('GET', '/docs-json')).json as { paths: Record<string, Record<string, { operationId: string; summary: string; requestBody?: unknown }>> };
    for (const steg of AVVIK_STEG) {
      const sti = `/avvik${AVVIK_ARBEIDSFLYT[steg].rute ? `/${AVVIK_ARBEIDSFLYT[steg].rute}` : ''}`.replace(/:([A-Za-z]+)/g, '{$1}');
      const op = doc.paths[sti]?.['post'];
      expect({ steg, operationId: op?.operationId, summary: op?.summary?.startsWith(AVVIK_ARBEIDSFLYT[steg].tittel), body: op?.requestBody !== undefined }).toEqual({ steg, operationId: steg, summary: true, body: true });
    }
    expect(doc.paths['/avvik/{avvikId}']?.['get']?.operationId).toBe('HentAvvik');
    expect(doc.paths['/avvik/forbedringssaker']?.['post']?.operationId).toBe('AapneForbedringssak');
  });
  it('the declaration is public: steps, fields and addresses for the forms, and a diagram made from it', async () => {
    const flyt = (await api.request('GET', '/avvik/arbeidsflyt')).json as { steg: { steg: string; tittel: string; felter: { navn: string }[]; http: { path: string } }[] };
    expect(flyt.steg.map((s) => s.steg)).toEqual([...AVVIK_STEG]);
    const meld = flyt.steg.find((s) => s.steg === 'MeldAvvik')!;
    expect(meld.felter.map((f) => f.navn)).toEqual(expect.arrayContaining(['motpart', 'tjenesteavtale', 'hvaSkjedde', 'hendelsesdato', 'konsekvens', 'kategori', 'svarfristDager']));
    expect(meld.felter.map((f) => f.navn)).not.toContain('avvikId');
    expect(flyt.steg.find((s) => s.steg === 'RapporterForbedring')!.http.path).toBe('/avvik/{avvikId}/forbedringssaker/{sakId}/rapport');
    const mmd = (await api.request('GET', '/avvik/arbeidsflyt/diagram.mmd')).body;
    for (const s of AVVIK_STEG) expect(mmd).toContain(AVVIK_ARBEIDSFLYT[s].tittel);
    expect(mmd).toContain('besvart --> lukket: Godta svaret og lukk');
  });
});

describe('an avvik from Orkland to St. Olav, answered and closed', () => {
  it('is reported, registered, asked about, answered and closed; only the parties read it', async () => {
    const avvikId = await meld();
    const lest = await ok('GET', `/avvik/${avvikId}`, ORKLAND);
    expect({ status: lest.json.state.status, svarfrist: lest.json.state.svarfrist, tillatte: lest.json.tillatteSteg }).toEqual({ status: 'meldt', svarfrist: '2024-06-03', tillatte: ['LoeftTilFagraad'] });
    expect((await ok('GET', `/avvik/${avvikId}`, STOLAV)).json.tillatteSteg).toEqual(['RegistrerAvvik', 'LoeftTilFagraad']);

    await ok('POST', `/avvik/${avvikId}/registrering`, STOLAV, { saksbehandler: 'Kvalitetsrådgiver', gjelderFra: '2024-05-14' });
    await ok('POST', `/avvik/${avvikId}/spoersmaal`, STOLAV, { spoersmaal: 'Når kom meldingen om utskrivningsklar pasient?', gjelderFra: '2024-05-15' });
    await ok('POST', `/avvik/${avvikId}/tilleggsinformasjon`, ORKLAND, { svar: 'Fredag kl. 15.40.', gjelderFra: '2024-05-16' });
    await ok('POST', `/avvik/${avvikId}/svar`, STOLAV, { funn: 'Behovet ble vurdert uten dialog med hjemmetjenesten.', tiltak: 'Hjemmetjenesten kontaktes før behov for korttidsplass meldes.', gjelderFra: '2024-05-20' });
    const lukket = await ok('POST', `/avvik/${avvikId}/lukking`, ORKLAND, { gjelderFra: '2024-05-22' });
    expect(lukket.json.hendelser.map((h: { type: string }) => h.type)).toEqual(['AvvikLukket']);
    const etter = (await ok('GET', `/avvik/${avvikId}`, ORKLAND)).json.state;
    expect({ status: etter.status, besvart: etter.besvart, dialog: etter.dialog.map((d: { hva: string }) => d.hva) }).toEqual({ status: 'lukket', besvart: '2024-05-20', dialog: ['spoersmaal', 'svar', 'funn_og_tiltak'] });
  });

  it('a third municipality can neither read nor act (403), nothing recorded; without a reader, 401 or 403', async () => {
    const avvikId = await meld();
    const les = await api.request('GET', `/avvik/${avvikId}`, { headers: SKAUN });
    expectProblemResponse(les, 403, 'ikke_tilgang_til_avviket');
    expect(les.body).not.toContain('korttidsopphold');
    await ingentingRegistrert(() => api.request('POST', `/avvik/${avvikId}/registrering`, { headers: SKAUN, body: {} }), 403, 'organ_ikke_tillatt');
    expect([401, 403]).toContain((await api.request('GET', `/avvik/${avvikId}`)).status);
    expect((await api.request('GET', `/avvik/${avvikId}`, { headers: FAGRAAD })).status).toBe(200);
  });

  it('refuses a fødselsnummer in a free text with «fjern personopplysninger», naming the field, recording nothing', async () => {
    const nr = lagFoedselsnummer('150845', '123') ?? lagFoedselsnummer('150845', '124')!;
    const res = await ingentingRegistrert(() => api.request('POST', '/avvik', { headers: ORKLAND, body: { ...AVVIK, konsekvens: `Gjelder ${nr.slice(0, 6)} ${nr.slice(6)}.` } }), 400, 'personopplysninger');
    expect(res.json.errors).toEqual([{ field: 'konsekvens', reason: expect.stringContaining('fjern personopplysninger') }]);
    expect(res.body).not.toContain(nr.slice(6));
  });

  it('bad input is RFC 9457 problem+json naming every field, and records nothing', async () => {
    const res = await ingentingRegistrert(() => api.request('POST', '/avvik', { headers: ORKLAND, body: { motpart: 'st-olavs-hf', kategori: 'ukjent', hemmelig: 1 } }), 400);
    expect(res.json.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['tjenesteavtale', 'hvaSkjedde', 'kategori', 'hemmelig']));
    await ingentingRegistrert(() => api.request('POST', '/avvik', { headers: ORKLAND, body: { ...AVVIK, motpart: 'ukjent-hf' } }), 400, 'motpart_ikke_funnet');
    await ingentingRegistrert(() => api.request('POST', '/avvik/ikke-en-uuid/svar', { headers: STOLAV, body: { funn: 'x', tiltak: 'y' } }), 400);
    await ingentingRegistrert(() => api.request('POST', '/avvik', { headers: ORKLAND, rawBody: '[1,2]', }), 400);
    await ingentingRegistrert(() => api.request('POST', `/avvik/00000000-0000-4000-8000-000000000000/svar`, { headers: STOLAV, body: { funn: 'x', tiltak: 'y' } }), 404, 'avvik_ikke_funnet');
  });
});

describe('forbedringssak from three avvik', () => {
  it('the fagråd opens a sak in the main workflow from three avvik, linked both ways, and reports back when done', async () => {
    const ider = [await meld(), await meld({ ...AVVIK, hendelsesdato: '2024-05-11' }), await meld({ ...AVVIK, hendelsesdato: '2024-05-12' }, SKAUN)];
    await ok('POST', `/avvik/${ider[0]}/loefting`, ORKLAND, { begrunnelse: 'Samme svikt gjentar seg.', gjelderFra: '2024-05-20' });
    // A party may not open it, and a refusal records nothing (no sak, no link).
    await ingentingRegistrert(() => api.request('POST', '/avvik/forbedringssaker', { headers: ORKLAND, body: { avvikIder: ider, tittel: 'Forbedringssak' } }), 403, 'organ_ikke_tillatt');
    const res = await ok('POST', '/avvik/forbedringssaker', { ...FAGRAAD, 'idempotency-key': 'forbedring-utskrivning' }, { avvikIder: ider, tittel: 'Forbedringssak: utskrivning før hjemmeforhold er undersøkt' });
    const sakId = res.json.sakId as string;
    expect(res.json.lenker.map((l: { hendelser: { type: string }[] }) => l.hendelser[0]!.type)).toEqual(['ForbedringssakKnyttet', 'ForbedringssakKnyttet', 'ForbedringssakKnyttet']);
    const sak = await ok('GET', `/saker/${sakId}`, FAGRAAD);
    expect(JSON.stringify(sak.json)).toContain('Forbedringssak: utskrivning før hjemmeforhold er undersøkt');
    expect(JSON.stringify(sak.json)).not.toContain('korttidsopphold');
    for (const id of ider) expect((await ok('GET', `/avvik/${id}`, FAGRAAD)).json.state.forbedringssaker).toEqual([expect.objectContaining({ sakId })]);

    // The same request again: the same sak, nothing new.
    const foer = await countEvents(api);
    const igjen = await ok('POST', '/avvik/forbedringssaker', { ...FAGRAAD, 'idempotency-key': 'forbedring-utskrivning' }, { avvikIder: ider, tittel: 'Forbedringssak: utskrivning før hjemmeforhold er undersøkt' });
    expect({ sakId: igjen.json.sakId, replayed: igjen.json.replayed }).toEqual({ sakId, replayed: true });
    expect(await countEvents(api)).toBe(foer);

    // The forbedringssak is a sak like any other: the sekretariat assigns it to ASU.
    const tildelt = await ok('POST', `/saker/${sakId}/nivaa`, actor('sekretaeren', 'sekretariat-hnt', 'sekretaer'), { organId: 'asu-hnt' });
    expect(tildelt.json.hendelser[0].type).toBe('NivaaTildelt');

    const rapport = await ok('POST', `/avvik/${ider[0]}/forbedringssaker/${sakId}/rapport`, FAGRAAD, { rapport: 'Ny felles utskrivningsrutine vedtatt i ASU.' });
    expect(rapport.json.hendelser[0].type).toBe('ForbedringRapportert');
    expect((await ok('GET', `/avvik/${ider[0]}`, ORKLAND)).json.state.status).toBe('lukket');
  });

  it('a fødselsnummer in the (public) sak title is refused too', async () => {
    const id = await meld();
    const nr = lagFoedselsnummer('010180', '123') ?? lagFoedselsnummer('010180', '124')!;
    const res = await ingentingRegistrert(() => api.request('POST', '/avvik/forbedringssaker', { headers: FAGRAAD, body: { avvikIder: [id], tittel: `Sak om ${nr}` } }), 400);
    expect(res.json.errors[0].field).toBe('tittel');
  });
});
