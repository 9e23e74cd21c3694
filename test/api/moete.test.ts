/**
 * Meetings over HTTP (issue #15, first slice): the PSU meeting of 15 February 2019 as in seed 004 —
 * Sykehuset Levanger, Store møterom Arken, 09.00–11.30, saker 1/19–3/19 and orienteringssaker
 * 1/19–4/19 in their own series, sak 3/19 a drøftingssak presented by ASU's leader, Trøndelag
 * fylkeskommune observing from that day — through the operations made from MOETE_ARBEIDSFLYT.
 * Every refused request records nothing (no meeting fact, no number).
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { MOETE_ARBEIDSFLYT, MOETE_STEG } from '@saksgang/domain';
import { actor, countEvents, expectProblemResponse, startTestApi, type TestApi, type TestResponse } from './support.js';

jest.setTimeout(180_000);

const ADMIN = actor('admin', 'sekretariat-hnt', 'sekretaer');
const PSU_SEKRETAER = actor('ks-sekretaer', 'psu-hnt', 'sekretaer');
const PSU_LEDER = actor('robert-svarva', 'psu-hnt', 'leder');
const PSU_MEDLEM = actor('ordfoerer-a', 'psu-hnt', 'medlem');
const FAGRAAD = actor('fagraad-leder', 'fagraad-2', 'leder');

let api: TestApi;

async function ok(method: string, url: string, headers: Record<string, string>, body?: unknown): Promise<TestResponse> {
  const res = await api.request(method, url, { headers, body });
  if (res.status >= 300) throw new Error(`${method} ${url} → ${res.status}: ${res.body}`);
  return res;
}

async function ingentingRegistrert(forespoersel: () => Promise<TestResponse>, status: number, code: string): Promise<TestResponse> {
  const foer = await countEvents(api);
  const res = await forespoersel();
  expectProblemResponse(res, status, code);
  expect(await countEvents(api)).toBe(foer);
  return res;
}

async function nummerering(organId: string, aar: number): Promise<unknown[]> {
  const events = await api.opened.store.readStream(`moetenummerering-${organId}.${aar}`).catch(() => []);
  return events.map((e) => e.data);
}

const MOETE = { organIder: ['psu-hnt'], moetedato: '2019-02-15', starttid: '09:00', sluttid: '11:30', moetested: 'Sykehuset Levanger, Store møterom Arken', egenOrienteringsserie: ['psu-hnt'], gjelderFra: '2019-01-20' };

async function planlegg(body: Record<string, unknown> = MOETE): Promise<string> {
  return (await ok('POST', '/moeter', PSU_SEKRETAER, body)).json.moeteId as string;
}
const punkt = (moeteId: string, body: Record<string, unknown>) => ok('POST', `/moeter/${moeteId}/saksliste`, PSU_SEKRETAER, { gjelderFra: '2019-01-25', ...body });

beforeAll(async () => {
  api = await startTestApi();
  for (const [organId, navn, organtype] of [
    ['sekretariat-hnt', 'Helsefellesskapets sekretariat', 'sekretariat'],
    ['psu-hnt', 'Politisk samarbeidsutvalg (PSU) i nordlige Trøndelag', 'psu'],
    ['asu-hnt', 'Administrativt samarbeidsutvalg (ASU)', 'asu'],
    ['fagraad-2', 'Fagråd 2', 'fagraad'],
  ]) {
    await ok('POST', '/organer', ADMIN, { organId, navn, organtype, mandat: `Mandat for ${navn}`, gjelderFra: '2012-01-01' });
  }
  for (const [personId, navn, rolle, fra] of [
    ['robert-svarva', 'Robert Svarva', 'leder', '2016-01-01'],
    ['ordfoerer-a', 'Ordfører A', 'medlem', '2016-01-01'],
    ['ordfoerer-b', 'Ordfører B', 'medlem', '2016-01-01'],
    ['styremedlem-c', 'Styremedlem C', 'medlem', '2016-01-01'],
    ['styremedlem-d', 'Styremedlem D', 'medlem', '2016-01-01'],
    ['ks-sekretaer', 'KS (sekretær)', 'sekretaer', '2016-01-01'],
    ['tore-sandvik', 'Tore O. Sandvik', 'observatoer', '2019-02-15'],
  ]) {
    await ok('POST', '/organer/psu-hnt/medlemmer', ADMIN, { personId, navn, rolle, fra });
  }
  await ok('POST', '/organer/asu-hnt/medlemmer', ADMIN, { personId: 'peter-ardon', navn: 'Peter Ardon', rolle: 'leder', fra: '2017-01-01' });
  await ok('POST', '/organer/fagraad-2/medlemmer', ADMIN, { personId: 'fagraad-leder', navn: 'Fagrådets leder', rolle: 'leder', fra: '2012-01-01' });
}, 120_000);

afterAll(async () => {
  await api?.close();
});

describe('the operations come from the declaration', () => {
  it('one POST per step under /moeter, with its request schema and its Norwegian name', async () => {
    const doc = (await api.request('GET', '/docs-json')).json as { paths: Record<string, Record<string, { operationId: string; summary: string; requestBody?: unknown }>> };
    for (const steg of MOETE_STEG) {
      const sti = `/moeter${MOETE_ARBEIDSFLYT[steg].rute ? `/${MOETE_ARBEIDSFLYT[steg].rute}` : ''}`.replace(/:([A-Za-z]+)/g, '{$1}');
      const op = doc.paths[sti]?.['post'];
      expect({ steg, operationId: op?.operationId, summary: op?.summary?.startsWith(MOETE_ARBEIDSFLYT[steg].tittel), body: op?.requestBody !== undefined }).toEqual({ steg, operationId: steg, summary: true, body: true });
    }
  });
});

describe('the PSU meeting of 15.02.2019 (seed 004)', () => {
  it('is planned, gets its saksliste and its numbers when the innkalling is sent: saker 1/19–3/19, orienteringssaker 1/19–4/19, «Eventuelt» without', async () => {
    const moeteId = await planlegg();
    await punkt(moeteId, { sakId: 'aarsmelding-2018', tittel: 'Årsmelding 2018', forslagTilVedtak: 'Politisk samarbeidsutvalg (PSU) i nordlige Trøndelag godkjenner årsmeldingen for arbeidet i utvalget, for 2018.', saksframlegg: 'Årsmeldingen ligger ved som vedlegg.' });
    await punkt(moeteId, { sakId: 'fylkeskommunen', tittel: 'Trøndelag fylkeskommune – helsepolitikk i Trøndelag', forslagTilVedtak: 'Trøndelag fylkeskommune tiltrer PSU som observatør, med møte- og talerett, fra dags dato.' });
    const tre = await punkt(moeteId, { sakId: 'samarbeidsstruktur', tittel: 'Hvordan er dagens samarbeidsstruktur mellom kommunene og helseforetaket. Er vi rigget for framtidens helseutfordringer?', moetesakstype: 'droefting', leggesFramAv: 'Leder av ASU – administrativt samarbeidsutvalg, Peter Ardon' });
    expect(tre.json.punktId).toEqual(expect.any(String));
    for (let i = 1; i <= 4; i++) await punkt(moeteId, { sakId: `orientering-${i}`, tittel: `Orienteringssak ${i}`, moetesakstype: 'orientering' });
    await punkt(moeteId, { tittel: 'Eventuelt', moetesakstype: 'eventuelt' });

    const sendt = await ok('POST', `/moeter/${moeteId}/innkalling`, { ...PSU_SEKRETAER, 'idempotency-key': 'innkalling-psu-2019-02-15' }, { gjelderFra: '2019-02-01' });
    expect(sendt.status).toBe(201);
    expect(sendt.json.hendelser.map((h: { type: string }) => h.type)).toEqual(['InnkallingSendt']);
    expect(sendt.json.numre.map((n: { formatert: string }) => n.formatert)).toEqual([
      'Møte 1/19',
      'Sak 1/19',
      'Sak 2/19',
      'Sak 3/19',
      'Orienteringssak 1/19',
      'Orienteringssak 2/19',
      'Orienteringssak 3/19',
      'Orienteringssak 4/19',
    ]);
    expect(await nummerering('psu-hnt', 2019)).toHaveLength(1);

    // A retry with the same key: the same answer, nothing new recorded.
    const foer = await countEvents(api);
    const igjen = await ok('POST', `/moeter/${moeteId}/innkalling`, { ...PSU_SEKRETAER, 'idempotency-key': 'innkalling-psu-2019-02-15' }, { gjelderFra: '2019-02-01' });
    expect(igjen.json.replayed).toBe(true);
    expect(igjen.json.numre).toEqual(sendt.json.numre);
    expect(await countEvents(api)).toBe(foer);
  });

  it('records attendance from the organisation on the date, refuses a decision without quorum and an observer’s vote, records the decision and approves the protokoll', async () => {
    const moeteId = await planlegg({ ...MOETE, moetedato: '2019-04-25' });
    // The decision becomes the sak's vedtak (test/api/moete-vedtak.test.ts): a beslutningssak with ASU's innstilling.
    const sakId = (await ok('POST', '/saker', PSU_SEKRETAER, { tittel: 'Handlingsplan', innmeldtAv: 'psu-hnt', sakstype: 'beslutningssak', gjelderFra: '2019-03-01' })).json.sakId as string;
    await ok('POST', `/saker/${sakId}/nivaa`, ADMIN, { organId: 'asu-hnt', gjelderFra: '2019-03-02' });
    await ok('POST', `/saker/${sakId}/innstilling`, actor('peter-ardon', 'asu-hnt', 'leder'), { forslagTilVedtak: 'Godkjennes.', gjelderFra: '2019-03-20' });
    const punktId = (await punkt(moeteId, { sakId, tittel: 'Handlingsplan', forslagTilVedtak: 'Godkjennes.' })).json.punktId as string;
    const sendt = await ok('POST', `/moeter/${moeteId}/innkalling`, PSU_SEKRETAER, { gjelderFra: '2019-04-01' });
    expect(sendt.json.numre.map((n: { formatert: string }) => n.formatert)).toEqual(['Møte 2/19', 'Sak 4/19']);

    const oppmoete = (personId: string) => ok('POST', `/moeter/${moeteId}/oppmoete`, PSU_SEKRETAER, { personId, organId: 'psu-hnt', gjelderFra: '2019-04-25' });
    await oppmoete('robert-svarva');
    await oppmoete('tore-sandvik');
    await oppmoete('ks-sekretaer');
    const vedtak = (body: Record<string, unknown>) => api.request('POST', `/moeter/${moeteId}/saksliste/${punktId}/vedtak`, { headers: PSU_SEKRETAER, body: { vedtaksutfall: 'vedtatt', vedtakstekst: 'Handlingsplanen godkjennes.', ...body } });
    const uten = await ingentingRegistrert(() => vedtak({}), 422, 'ikke_vedtaksfoer');
    expect(uten.json.detail).toContain('1 av 5');

    await oppmoete('ordfoerer-a');
    await oppmoete('ordfoerer-b');
    const obs = await ingentingRegistrert(() => vedtak({ stemmemaate: 'votering', stemmerFor: ['robert-svarva', 'tore-sandvik'] }), 422, 'observatoer_kan_ikke_stemme');
    expect(obs.json.detail).toContain('Tore O. Sandvik');

    const fattet = await ok('POST', `/moeter/${moeteId}/saksliste/${punktId}/vedtak`, PSU_SEKRETAER, { vedtaksutfall: 'vedtatt', vedtakstekst: 'Handlingsplanen godkjennes.', stemmemaate: 'votering', stemmerFor: ['robert-svarva', 'ordfoerer-a'], stemmerMot: ['ordfoerer-b'] });
    expect(fattet.json.hendelser[0].type).toBe('MoetevedtakFattet');
    const [e] = await api.opened.store.readStream(`moete-${moeteId}`).then((es) => es.filter((x) => x.type === 'MoetevedtakFattet'));
    expect(e!.data).toMatchObject({ stemmer: { for: ['robert-svarva', 'ordfoerer-a'], mot: ['ordfoerer-b'], blank: [] }, vedtaksfoerhet: [{ organId: 'psu-hnt', stemmeberettigedeMedlemmer: 5, tilStede: 3, vedtaksfoer: true }] });

    await ok('POST', `/moeter/${moeteId}/gjennomfoering`, PSU_SEKRETAER, {});
    await ingentingRegistrert(() => api.request('POST', `/moeter/${moeteId}/protokoll/godkjenning`, { headers: PSU_MEDLEM, body: { godkjenningsmaate: 'signatur', signertAv: ['Ordfører A'] } }), 403, 'rolle_ikke_tillatt');
    await ok('POST', `/moeter/${moeteId}/protokoll/godkjenning`, PSU_LEDER, { godkjenningsmaate: 'signatur', signertAv: ['Robert Svarva'], gjelderFra: '2019-04-30' });
    const lukket = await ingentingRegistrert(() => vedtak({}), 422, 'moete_lukket');
    expect(lukket.json.detail).toContain('endres ikke');
  });
});

describe('a refused request records nothing — no meeting fact and no number', () => {
  it('an innkalling with an empty saksliste, by a member, by a body not holding the meeting, on an unknown meeting', async () => {
    const moeteId = await planlegg({ ...MOETE, moetedato: '2019-06-13' });
    const foer = await nummerering('psu-hnt', 2019);
    await ingentingRegistrert(() => api.request('POST', `/moeter/${moeteId}/innkalling`, { headers: PSU_SEKRETAER, body: {} }), 422, 'tom_saksliste');
    await punkt(moeteId, { sakId: 'x-juni', tittel: 'Sak i juni' });
    await ingentingRegistrert(() => api.request('POST', `/moeter/${moeteId}/innkalling`, { headers: PSU_MEDLEM, body: {} }), 403, 'rolle_ikke_tillatt');
    await ingentingRegistrert(() => api.request('POST', `/moeter/${moeteId}/innkalling`, { headers: FAGRAAD, body: {} }), 403, 'organ_ikke_tillatt');
    await ingentingRegistrert(() => api.request('POST', `/moeter/00000000-0000-4000-8000-000000000000/innkalling`, { headers: PSU_SEKRETAER, body: {} }), 404, 'moete_ikke_funnet');
    expect(await nummerering('psu-hnt', 2019)).toEqual(foer);
  });

  it('a known number already used (PSU 3/17 twice) is a conflict, and takes no number', async () => {
    const kjent = [{ organId: 'psu-hnt', moetesaksaar: 2017, moetesakssekvensnummer: 3 }];
    const a = await planlegg({ organIder: ['psu-hnt', 'asu-hnt'], moetedato: '2017-11-23', starttid: '10:00', moetested: 'Stiklestad', gjelderFra: '2017-11-01' });
    await punkt(a, { sakId: 'handlingsplan-2017', tittel: 'Arbeidsprosess og framdriftsplan for en handlingsplan', kjenteNumre: [...kjent, { organId: 'asu-hnt', moetesaksaar: 2017, moetesakssekvensnummer: 16 }], gjelderFra: '2017-11-01' });
    const sendt = await ok('POST', `/moeter/${a}/innkalling`, PSU_SEKRETAER, { gjelderFra: '2017-11-10' });
    expect(sendt.json.numre.map((n: { organId: string; formatert: string }) => `${n.organId} ${n.formatert}`)).toEqual(['psu-hnt Møte 1/17', 'psu-hnt Sak 3/17', 'asu-hnt Møte 1/17', 'asu-hnt Sak 16/17']);

    const b = await planlegg({ organIder: ['psu-hnt'], moetedato: '2017-12-07', starttid: '10:00', moetested: 'Steinkjer', gjelderFra: '2017-11-01' });
    await punkt(b, { sakId: 'annen-2017', tittel: 'Annen sak', kjenteNumre: kjent, gjelderFra: '2017-11-01' });
    const foer = await nummerering('psu-hnt', 2017);
    await ingentingRegistrert(() => api.request('POST', `/moeter/${b}/innkalling`, { headers: PSU_SEKRETAER, body: { gjelderFra: '2017-11-10' } }), 409, 'moetesaksnummer_i_bruk');
    expect(await nummerering('psu-hnt', 2017)).toEqual(foer);
  });

  it('bad input answers 400 naming the field: an unknown field, a bad møtesakstype, a bad time, the numbers given by the client', async () => {
    const moeteId = await planlegg({ ...MOETE, moetedato: '2019-09-12' });
    const r1 = await ingentingRegistrert(() => api.request('POST', `/moeter/${moeteId}/saksliste`, { headers: PSU_SEKRETAER, body: { sakId: 's', tittel: 'T', moetesakstype: 'hemmelig' } }), 400, 'validation_failed');
    expect(JSON.stringify(r1.json.errors)).toContain('moetesakstype');
    const r2 = await ingentingRegistrert(() => api.request('POST', '/moeter', { headers: PSU_SEKRETAER, body: { ...MOETE, starttid: '25:00' } }), 400, 'ugyldig_klokkeslett');
    expect(r2.json.errors?.[0]?.field ?? JSON.stringify(r2.json)).toContain('starttid');
    const r3 = await ingentingRegistrert(() => api.request('POST', `/moeter/${moeteId}/innkalling`, { headers: PSU_SEKRETAER, body: { numre: [{ organId: 'psu-hnt', serie: 'ordinaer', aar: 2019, nummer: 1 }] } }), 400, 'validation_failed');
    expect(JSON.stringify(r3.json.errors)).toContain('numre');
    await ingentingRegistrert(() => api.request('POST', '/moeter', { headers: PSU_SEKRETAER, body: { ...MOETE, organIder: ['finnes-ikke'] } }), 400, 'organ_ikke_funnet');
    await ingentingRegistrert(() => api.request('POST', '/moeter/ikke-en-uuid/innkalling', { headers: PSU_SEKRETAER, body: {} }), 400, 'validation_failed');
  });
});

describe('reading a meeting', () => {
  it('the sekretariat and the meeting’s bodies read the saksliste with its numbers, who met and the decisions; others are refused', async () => {
    const moeteId = await planlegg({ ...MOETE, moetedato: '2019-11-14' });
    await punkt(moeteId, { sakId: 'les-1', tittel: 'Årsplan 2020', forslagTilVedtak: 'Årsplanen godkjennes.' });
    await punkt(moeteId, { sakId: 'les-o', tittel: 'Orientering om fastlegeordningen', moetesakstype: 'orientering' });
    await ok('POST', `/moeter/${moeteId}/innkalling`, PSU_SEKRETAER, { gjelderFra: '2019-11-01' });

    const les = await ok('GET', `/moeter/${moeteId}`, PSU_SEKRETAER);
    expect(les.headers['etag']).toBe(`"${les.json.revision}"`);
    expect(les.json.state).toMatchObject({ status: 'innkalling_sendt', moetested: 'Sykehuset Levanger, Store møterom Arken', starttid: '09:00', sluttid: '11:30' });
    const punkter = les.json.state.punkter as { tittel: string; forslagTilVedtak?: string; numre: { serie: string; nummer: number }[] }[];
    // PSU's third meeting of 2019 in this file: after saker 1/19–4/19 and orienteringssaker 1/19–4/19 above (the refused innkalling in June took none).
    expect(les.json.state.moetenumre).toEqual({ 'psu-hnt': 3 });
    expect(punkter.map((p) => [p.tittel, p.forslagTilVedtak, p.numre.map((n) => `${n.serie} ${n.nummer}`)])).toEqual([
      ['Årsplan 2020', 'Årsplanen godkjennes.', ['ordinaer 5']],
      ['Orientering om fastlegeordningen', undefined, ['orientering 5']],
    ]);
    expect(les.json.tillatteSteg).toEqual(expect.arrayContaining(['RegistrerOppmoete', 'LeggTilTilleggssak', 'AvlysMoete']));
    expect(les.json.tillatteSteg).not.toContain('SendInnkalling');

    expect((await ok('GET', `/moeter/${moeteId}`, ADMIN)).json.moeteId).toBe(moeteId);
    const nektet = await api.request('GET', `/moeter/${moeteId}`, { headers: FAGRAAD });
    expectProblemResponse(nektet, 403, 'ikke_tilgang_til_moetet');
    expect(nektet.body).not.toContain('Årsplan');
    expectProblemResponse(await api.request('GET', '/moeter/00000000-0000-4000-8000-000000000000', { headers: PSU_SEKRETAER }), 404, 'moete_ikke_funnet');
    expectProblemResponse(await api.request('GET', '/moeter/ikke-en-uuid', { headers: PSU_SEKRETAER }), 400);
  });
});

describe('the saksliste in the order the secretary sets', () => {
  it('an item moved before the innkalling takes the number of its new place; the innkalling lists it there; a bad place is refused', async () => {
    const moeteId = await planlegg({ ...MOETE, moetedato: '2019-05-10', gjelderFra: '2019-04-01' });
    const a = (await punkt(moeteId, { sakId: 'flytt-a', tittel: 'Første sak', gjelderFra: '2019-04-02' })).json.punktId as string;
    await punkt(moeteId, { sakId: 'flytt-b', tittel: 'Andre sak', gjelderFra: '2019-04-02' });
    const c = (await punkt(moeteId, { sakId: 'flytt-c', tittel: 'Tredje sak', gjelderFra: '2019-04-02' })).json.punktId as string;
    const flyttet = await ok('POST', `/moeter/${moeteId}/saksliste/${c}/plass`, PSU_SEKRETAER, { plass: 1, gjelderFra: '2019-04-03' });
    expect(flyttet.json.hendelser.map((h: { type: string }) => h.type)).toEqual(['SakslistepunktFlyttet']);
    await ingentingRegistrert(() => api.request('POST', `/moeter/${moeteId}/saksliste/${a}/plass`, { headers: PSU_SEKRETAER, body: { plass: 9 } }), 422, 'plass_utenfor_sakslisten');
    await ingentingRegistrert(() => api.request('POST', `/moeter/${moeteId}/saksliste/${a}/plass`, { headers: PSU_SEKRETAER, body: { plass: 'først' } }), 400, 'validation_failed');
    await ingentingRegistrert(() => api.request('POST', `/moeter/${moeteId}/saksliste/${c}/plass`, { headers: PSU_MEDLEM, body: { plass: 2 } }), 403, 'rolle_ikke_tillatt');

    const lest = await ok('GET', `/moeter/${moeteId}`, PSU_SEKRETAER);
    expect(lest.json.state.punkter.map((p: { tittel: string }) => p.tittel)).toEqual(['Tredje sak', 'Første sak', 'Andre sak']);
    const sendt = await ok('POST', `/moeter/${moeteId}/innkalling`, PSU_SEKRETAER, { gjelderFra: '2019-04-20' });
    const nummerTil = (punktId: string) => sendt.json.numre.find((n: { punktId?: string; serie: string }) => n.punktId === punktId && n.serie !== 'moete')?.nummer;
    expect([nummerTil(c), nummerTil(a)]).toEqual([expect.any(Number), expect.any(Number)]);
    expect(nummerTil(c)).toBeLessThan(nummerTil(a));
    const html = await ok('GET', `/moeter/${moeteId}/innkalling.html`, PSU_SEKRETAER);
    expect(html.body.indexOf('Tredje sak')).toBeLessThan(html.body.indexOf('Første sak'));
  });
});
