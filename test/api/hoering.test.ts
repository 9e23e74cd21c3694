/**
 * "Sendt på høring" (seed 002): the draft action plan was handled in the joint PSU/ASU meeting of
 * 23 November 2017, sent on hearing to the municipalities, HNT and the partners, and decided by ASU
 * on 13 February 2018. The recipients are registered outside parties (GET /parter); each answer is
 * recorded against its party; the overview shows who has answered and who has not, and the missing
 * answers after the frist are restanser. And the letter of seed 001: the input to the national plan
 * sent to Helse- og omsorgsdepartementet, signed by the leaders of PSU and ASU — a letter, not the
 * closing of the sak. The steps are declared once (hoering-steg.ts); this drives them over HTTP.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { actor, countEvents, expectProblemResponse, lastOppMultipart, startTestApi, type TestApi, type TestResponse } from './support.js';

jest.setTimeout(120_000);

const ADMIN = actor('admin', 'sekretariat-hnt', 'sekretaer');
const PSU_SEKRETAER = actor('ks-sekretaer', 'psu-hnt', 'sekretaer');
const ASU_SEKRETAER = actor('olav-bremnes', 'asu-hnt', 'sekretaer');
const PSU_OBSERVATOER = actor('tore-sandvik', 'psu-hnt', 'observatoer');

let api: TestApi;
let sakId: string;
let sist = '';
let hoeringId: string;
/** The documents the steps name, uploaded to the sak first (their ids are given by the service). */
const dok: Record<string, string> = {};

/** Uploads a text document and returns its id. */
async function dokument(headers: Record<string, string>, felter: Record<string, string>, tekst: string): Promise<string> {
  const res = await lastOppMultipart(api, '/dokumenter', headers, felter, { navn: 'dokument.txt', bytes: Buffer.from(tekst, 'utf8') });
  if (res.status !== 201) throw new Error(`POST /dokumenter → ${res.status}: ${res.body}`);
  return res.json.dokumentId as string;
}

async function post(path: string, headers: Record<string, string>, body: unknown): Promise<TestResponse> {
  const res = await api.request('POST', path, { headers, body });
  if (res.status !== 201) throw new Error(`${path} → ${res.status}: ${res.body}`);
  if (res.json.position) sist = res.json.position;
  return res;
}

async function les(path: string, headers: Record<string, string> = ADMIN): Promise<TestResponse> {
  const sep = path.includes('?') ? '&' : '?';
  const res = await api.request('GET', `${path}${sep}minPosition=${encodeURIComponent(sist)}`, { headers });
  if (res.status !== 200) throw new Error(`GET ${path} → ${res.status}: ${res.body}`);
  return res;
}

const KOMMUNER = [
  ['steinkjer-kommune', 'Steinkjer kommune'],
  ['verdal-kommune', 'Verdal kommune'],
  ['levanger-kommune', 'Levanger kommune'],
] as const;

beforeAll(async () => {
  api = await startTestApi({ SAKSGANG_PROJECTIONS: 'on' });
  for (const [organId, navn, organtype] of [
    ['psu-hnt', 'Politisk samarbeidsutvalg (PSU)', 'psu'],
    ['asu-hnt', 'Administrativt samarbeidsutvalg (ASU)', 'asu'],
    ['sekretariat-hnt', 'Sekretariatet', 'sekretariat'],
  ] as const) {
    await post('/organer', ADMIN, { organId, navn, organtype, mandat: `Mandat for ${navn}`, gjelderFra: '2012-01-01' });
  }
  for (const [personId, navn, organId] of [
    ['hege-nordheim-viken', 'Hege Nordheim-Viken', 'psu-hnt'],
    ['bjorn-stale-aalberg', 'Bjørn Ståle Aalberg', 'asu-hnt'],
  ] as const) {
    await post(`/organer/${organId}/medlemmer`, ADMIN, { personId, navn, rolle: 'leder', fra: '2020-01-01' });
  }
  const reg = await post('/saker', PSU_SEKRETAER, { tittel: 'Handlingsplan for samhandling 2018–2021', innmeldtAv: 'psu-hnt', saksnummer: '3/17', gjelderFra: '2017-03-16' });
  sakId = reg.json.sakId;
  const s = `/saker/${sakId}`;
  await post(`${s}/bestillinger`, PSU_SEKRETAER, { tilOrganId: 'asu-hnt', mandat: 'Utarbeide forslag til handlingsplan.', frist: '2018-02-13', gjelderFra: '2017-03-16' });
  await post(`${s}/bestillinger/mottak`, ASU_SEKRETAER, { saksnummer: '16/2017', gjelderFra: '2017-04-18' });
  await post(`${s}/innstilling`, ASU_SEKRETAER, { forslagTilVedtak: 'Utkastet sendes på høring.', gjelderFra: '2017-11-15' });
  const felles = await post(`${s}/saksliste`, ASU_SEKRETAER, { organIder: ['psu-hnt', 'asu-hnt'], moetedato: '2017-11-23' });
  // The joint meeting handles the draft; the decision waits for the hearing.
  await post(`${s}/sakslistepunkter/${felles.json.sakslistepunktId}/vedtak`, ASU_SEKRETAER, { vedtaksutfall: 'utsatt', vedtakstekst: 'Utkastet sendes på høring før vedtak i ASU.' });
  dok['utkast'] = await dokument(ASU_SEKRETAER, { tittel: 'Høringsutkast: handlingsplan 2018–2021', tilknytningstype: 'sak', sakId, tilknytningsrolle: 'hoveddokument', gjelderFra: '2017-11-24' }, 'Utkast til høring\n');
  dok['innspill'] = await dokument(ASU_SEKRETAER, { tittel: 'Innspill til Nasjonal helse- og sykehusplan 2024–27', tilknytningstype: 'sak', sakId, gjelderFra: '2022-03-31' }, 'Innspill\n');
  // Another sak with an exempt document of PSU's: no step of this sak may name it.
  const annen = await post('/saker', PSU_SEKRETAER, { tittel: 'Personalsak i PSU', innmeldtAv: 'psu-hnt', gjelderFra: '2017-10-01' });
  dok['annenSak'] = await dokument(PSU_SEKRETAER, { tittel: 'Fortrolig notat', tilknytningstype: 'sak', sakId: annen.json.sakId, skjermingshjemmel: 'offl. § 13 jf. fvl. § 13 første ledd nr. 1', gjelderFra: '2017-10-02' }, 'Fortrolig\n');
});

afterAll(async () => api?.close());

describe('the register of outside parties (GET /parter)', () => {
  it('is kept by the sekretariat: registered, renamed and ended with their dates; anyone else is refused and nothing is recorded', async () => {
    const foer = await countEvents(api);
    expectProblemResponse(await api.request('POST', '/parter', { headers: ASU_SEKRETAER, body: { partId: 'hnt', navn: 'HNT', parttype: 'helseforetak' } }), 403, 'organ_ikke_tillatt');
    const feil = await api.request('POST', '/parter', { headers: ADMIN, body: { partId: 'HNT!', navn: '', parttype: 'sykehus' } });
    expectProblemResponse(feil, 400);
    expect([...new Set(feil.json.errors.map((e: { field: string }) => e.field))].sort()).toEqual(['navn', 'partId', 'parttype']);
    expect(await countEvents(api)).toBe(foer);

    for (const [partId, navn] of KOMMUNER) await post('/parter', ADMIN, { partId, navn, parttype: 'kommune', gjelderFra: '2010-01-01' });
    await post('/parter', ADMIN, { partId: 'leksvik-kommune', navn: 'Leksvik kommune', parttype: 'kommune', gjelderFra: '2010-01-01' });
    await post('/parter/leksvik-kommune/avslutning', ADMIN, { begrunnelse: 'Slått sammen med Rissa', gjelderFra: '2018-01-01' });
    await post('/parter', ADMIN, { partId: 'hnt', navn: 'Helse Nord-Trøndelag HF', parttype: 'helseforetak', organisasjonsnummer: '983974791', gjelderFra: '2010-01-01' });
    await post('/parter', ADMIN, { partId: 'fylkesmannen', navn: 'Fylkesmannen i Nord-Trøndelag', parttype: 'statsforvalter', gjelderFra: '2010-01-01' });
    await post('/parter/fylkesmannen/navn', ADMIN, { navn: 'Statsforvalteren i Trøndelag', gjelderFra: '2021-01-01' });
    await post('/parter', ADMIN, { partId: 'hod', navn: 'Helse- og omsorgsdepartementet', parttype: 'departement', gjelderFra: '2010-01-01' });
    expectProblemResponse(await api.request('POST', '/parter', { headers: ADMIN, body: { partId: 'hod', navn: 'HOD', parttype: 'departement' } }), 409, 'part_finnes_allerede');
    expectProblemResponse(await api.request('POST', '/parter/ukjent/navn', { headers: ADMIN, body: { navn: 'X' } }), 404, 'part_ikke_funnet');

    const i2017 = (await les('/parter?dato=2017-11-24')).json;
    const navn = (id: string, liste: { parter: { partId: string; navn: string; aktiv: boolean }[] }) => liste.parter.find((p) => p.partId === id);
    expect(navn('fylkesmannen', i2017)).toMatchObject({ navn: 'Fylkesmannen i Nord-Trøndelag', aktiv: true });
    expect(navn('leksvik-kommune', i2017)).toMatchObject({ aktiv: true });
    const i2022 = (await les('/parter?dato=2022-03-31')).json;
    expect(navn('fylkesmannen', i2022)).toMatchObject({ navn: 'Statsforvalteren i Trøndelag', aktiv: true });
    expect(navn('leksvik-kommune', i2022)).toMatchObject({ aktiv: false, avsluttet: '2018-01-01' });
    expectProblemResponse(await api.request('GET', '/parter?dato=2022-13-40', { headers: ADMIN }), 400);
  });
});

describe('SendPaaHoering: the draft action plan on hearing to registered parties after the joint meeting', () => {
  const body = {
    hoeringsutkast: 'Utkast til handlingsplan for samhandling 2018–2021',
    mottakere: [...KOMMUNER.map(([id]) => id), 'hnt'],
    hoeringsfrist: '2018-01-15',
    dokumentId: '',
    gjelderFra: '2017-11-24',
  };
  it('is among the allowed steps, refused for an observer, an unknown or ended party, an early frist and another sak\'s document, recorded for ASU', async () => {
    body.dokumentId = dok['utkast']!; // uploaded in beforeAll
    const sak = (await les(`/saker/${sakId}`)).json;
    expect(sak.state.fase).toBe('utsatt');
    expect(sak.tillatteSteg).toContain('SendPaaHoering');

    const foer = await countEvents(api);
    expectProblemResponse(await api.request('POST', `/saker/${sakId}/hoeringer`, { headers: PSU_OBSERVATOER, body }), 403, 'rolle_ikke_tillatt');
    const tidlig = await api.request('POST', `/saker/${sakId}/hoeringer`, { headers: ASU_SEKRETAER, body: { ...body, hoeringsfrist: '2017-11-01' } });
    expectProblemResponse(tidlig, 400, 'frist_ikke_etter_gjelder_fra');
    expect(tidlig.json.errors[0].field).toBe('hoeringsfrist');
    expectProblemResponse(await api.request('POST', `/saker/${sakId}/hoeringer`, { headers: ASU_SEKRETAER, body: { ...body, mottakere: ['ukjent-kommune'] } }), 404, 'part_ikke_funnet');
    const leksvik = await api.request('POST', `/saker/${sakId}/hoeringer`, { headers: ASU_SEKRETAER, body: { ...body, mottakere: ['leksvik-kommune'], gjelderFra: '2018-01-02', hoeringsfrist: '2018-02-01' } });
    expectProblemResponse(leksvik, 422, 'part_ikke_aktiv');
    expect(leksvik.json.detail).toMatch(/Leksvik kommune/);
    // The old free-text list is no longer a field.
    const gammel = await api.request('POST', `/saker/${sakId}/hoeringer`, { headers: ASU_SEKRETAER, body: { ...body, mottakere: [], hoeringsinstanser: ['Kommunene'] } });
    expectProblemResponse(gammel, 400, 'validation_failed');
    expect(gammel.json.errors.map((e: { field: string }) => e.field).sort()).toEqual(['hoeringsinstanser', 'mottakere']);
    // The hearing document must exist and be this sak's: another sak's (exempt, PSU's) or an unknown id is 422 naming dokumentId, telling nothing of the other document.
    const annen = await api.request('POST', `/saker/${sakId}/hoeringer`, { headers: ASU_SEKRETAER, body: { ...body, dokumentId: dok['annenSak'] } });
    expectProblemResponse(annen, 422, 'dokument_ikke_i_saken');
    expect(annen.json.errors.map((e: { field: string }) => e.field)).toEqual(['dokumentId']);
    expect(annen.json.detail).toMatch(/hører ikke til denne saken/);
    expect(annen.body).not.toMatch(/Fortrolig|offl\./);
    const ukjent = await api.request('POST', `/saker/${sakId}/hoeringer`, { headers: ASU_SEKRETAER, body: { ...body, dokumentId: 'dok-finnes-ikke' } });
    expectProblemResponse(ukjent, 422, 'dokument_ikke_funnet');
    expect(ukjent.json.errors[0].field).toBe('dokumentId');
    expect(ukjent.json.detail).toMatch(/Dokumentet dok-finnes-ikke finnes ikke/);
    expect(await countEvents(api)).toBe(foer);

    const res = await post(`/saker/${sakId}/hoeringer`, ASU_SEKRETAER, body);
    expect(res.json.hendelser.map((h: { type: string }) => h.type)).toEqual(['SendtPaaHoering']);
    hoeringId = res.json.hoeringId;
    const h = (await les(`/saker/${sakId}`)).json.hendelser.at(-1);
    expect(h.data).toMatchObject({ mottakere: body.mottakere, hoeringsinstanser: ['Steinkjer kommune', 'Verdal kommune', 'Levanger kommune', 'Helse Nord-Trøndelag HF'], dokumentId: dok['utkast'] });
  });

  it('has its line in the saksforløp naming the parties', async () => {
    const forloep = (await les(`/saker/${sakId}/forloep`)).json;
    const linje = forloep.steg.find((s: { hendelsestype: string }) => s.hendelsestype === 'SendtPaaHoering');
    expect(linje.beskrivelse).toMatch(/Sendt på høring: Utkast til handlingsplan.*Steinkjer kommune, Verdal kommune, Levanger kommune, Helse Nord-Trøndelag HF.*høringsfrist 15\.01\.2018/);
  });
});

describe('RegistrerHoeringssvar, the overview and the restanser', () => {
  it('records answers against their parties with their documents; refuses a party not asked, a second answer, another body', async () => {
    const svar = (_partId: string) => `/saker/${sakId}/hoeringer/${hoeringId}/svar`;
    const svarDok = (partId: string) => ({ tittel: `Høringssvar fra ${partId}`, tilknytningstype: 'hoeringssvar', sakId, hoeringId, partId, gjelderFra: '2018-01-10' });
    dok['steinkjer'] = await dokument(ASU_SEKRETAER, svarDok('steinkjer-kommune'), 'Steinkjer støtter utkastet.\n');
    dok['hnt'] = await dokument(ADMIN, svarDok('hnt'), 'HNT svarer.\n');
    const foerDok = await countEvents(api);
    // A hearing answer's document names a hearing of the sak and a party it was sent to.
    const utenHoering = await lastOppMultipart(api, '/dokumenter', ADMIN, { ...svarDok('hnt'), hoeringId: 'ukjent-hoering' }, { navn: 'svar.txt', bytes: Buffer.from('x\n') });
    expectProblemResponse(utenHoering, 404, 'hoering_ikke_funnet');
    expectProblemResponse(await lastOppMultipart(api, '/dokumenter', ADMIN, svarDok('hod'), { navn: 'svar.txt', bytes: Buffer.from('x\n') }), 404, 'ikke_hoeringsinstans');
    // Steinkjer's answer document is not HNT's answer, and another sak's document is no answer here: 422 naming dokumentId, nothing recorded.
    const feilSvar = await api.request('POST', svar('hnt'), { headers: ADMIN, body: { partId: 'hnt', dokumentId: dok['steinkjer'], gjelderFra: '2018-01-20' } });
    expectProblemResponse(feilSvar, 422, 'dokument_ikke_i_saken');
    expect(feilSvar.json.errors[0].field).toBe('dokumentId');
    expectProblemResponse(await api.request('POST', svar('hnt'), { headers: ADMIN, body: { partId: 'hnt', dokumentId: dok['annenSak'], gjelderFra: '2018-01-20' } }), 422, 'dokument_ikke_i_saken');
    expectProblemResponse(await api.request('POST', svar('hnt'), { headers: ADMIN, body: { partId: 'hnt', dokumentId: 'dok-ukjent', gjelderFra: '2018-01-20' } }), 422, 'dokument_ikke_funnet');
    expect(await countEvents(api)).toBe(foerDok);
    await post(svar('steinkjer-kommune'), ASU_SEKRETAER, { partId: 'steinkjer-kommune', sammendrag: 'Støtter utkastet.', dokumentId: dok['steinkjer'], gjelderFra: '2018-01-10' });
    const sent = await post(svar('hnt'), ADMIN, { partId: 'hnt', dokumentId: dok['hnt'], gjelderFra: '2018-01-20' });
    expect(sent.json.hendelser.map((h: { type: string }) => h.type)).toEqual(['HoeringssvarRegistrert']);

    const foer = await countEvents(api);
    expectProblemResponse(await api.request('POST', svar('hod'), { headers: ASU_SEKRETAER, body: { partId: 'hod', gjelderFra: '2018-01-10' } }), 422, 'ikke_hoeringsinstans');
    expectProblemResponse(await api.request('POST', svar('hnt'), { headers: ASU_SEKRETAER, body: { partId: 'hnt', gjelderFra: '2018-01-21' } }), 409, 'hoeringssvar_finnes_allerede');
    expectProblemResponse(await api.request('POST', svar('verdal-kommune'), { headers: PSU_SEKRETAER, body: { partId: 'verdal-kommune', gjelderFra: '2018-01-10' } }), 422, 'ikke_hoeringens_avsender');
    expectProblemResponse(await api.request('POST', `/saker/${sakId}/hoeringer/ukjent/svar`, { headers: ASU_SEKRETAER, body: { partId: 'hnt' } }), 404, 'hoering_ikke_funnet');
    expect(await countEvents(api)).toBe(foer);
  });

  it('shows who has answered and who has not; the missing answers after the frist are restanser, on ASU\'s arbeidsliste too', async () => {
    const oversikt = (await les(`/saker/${sakId}/hoeringer`)).json;
    expect(oversikt.hoeringer).toHaveLength(1);
    const h = oversikt.hoeringer[0];
    expect(h.svart.map((x: { partnavn: string; etterFrist: boolean; dokumentId: string }) => [x.partnavn, x.etterFrist, x.dokumentId])).toEqual([
      ['Helse Nord-Trøndelag HF', true, dok['hnt']],
      ['Steinkjer kommune', false, dok['steinkjer']],
    ]);
    expect(h.ikkeSvart.map((x: { partnavn: string }) => x.partnavn)).toEqual(['Levanger kommune', 'Verdal kommune']);
    expect(h.harRestanser).toBe(true);

    const restanser = (await les('/parter/hoeringssvar/restanser?idag=2018-01-20&organId=asu-hnt')).json.restanser;
    expect(restanser.map((r: { partnavn: string; dagerOverFrist: number }) => [r.partnavn, r.dagerOverFrist])).toEqual([
      ['Levanger kommune', 5],
      ['Verdal kommune', 5],
    ]);
    expect((await les('/parter/hoeringssvar/restanser?idag=2018-01-15&organId=asu-hnt')).json.restanser).toEqual([]);
    // Only the body's members (and the sekretariat, auditors) read its restanser.
    expectProblemResponse(await api.request('GET', '/parter/hoeringssvar/restanser?organId=asu-hnt', { headers: PSU_OBSERVATOER }), 403);

    const liste = (await les('/organer/asu-hnt/arbeidsliste?idag=2018-01-20')).json;
    const hoering = liste.punkter.filter((p: { art: string }) => p.art === 'hoering');
    expect(hoering.map((p: { beskrivelse: string; forfalt: boolean; refId: string }) => [p.beskrivelse.split(':')[0], p.forfalt, p.refId])).toEqual([
      ['Høringssvar fra Levanger kommune', true, hoeringId],
      ['Høringssvar fra Verdal kommune', true, hoeringId],
    ]);
    const alle = (await les('/restanser?idag=2018-01-20&organId=asu-hnt')).json.punkter.filter((p: { art: string }) => p.art === 'hoering');
    expect(alle).toHaveLength(2);

    const forloep = (await les(`/saker/${sakId}/forloep`)).json;
    expect(forloep.steg.filter((s: { hendelsestype: string }) => s.hendelsestype === 'HoeringssvarRegistrert').map((s: { beskrivelse: string }) => s.beskrivelse)).toEqual([
      'Høringssvar fra Steinkjer kommune: Støtter utkastet.',
      'Høringssvar fra Helse Nord-Trøndelag HF (etter høringsfristen)',
    ]);
  });

  it('leaves the worklist when ASU puts the sak on its agenda and decides it on 13 February 2018', async () => {
    const punkt = await post(`/saker/${sakId}/saksliste`, ASU_SEKRETAER, { organIder: ['asu-hnt'], moetedato: '2018-02-13' });
    await post(`/saker/${sakId}/sakslistepunkter/${punkt.json.sakslistepunktId}/vedtak`, ASU_SEKRETAER, { vedtaksutfall: 'vedtatt', vedtakstekst: 'Handlingsplanen vedtas.' });
    const liste = (await les('/organer/asu-hnt/arbeidsliste?idag=2018-02-14')).json;
    expect(liste.punkter.filter((p: { art: string }) => p.art === 'hoering')).toEqual([]);
    expect((await les(`/saker/${sakId}`)).json.state.fase).toBe('vedtak_fattet');
  });
});

describe('SendBrev and a sak from an outside party (seed 001)', () => {
  it('registers a sak that came from the ministry, still registered by PSU', async () => {
    const foer = await countEvents(api);
    expectProblemResponse(await api.request('POST', '/saker', { headers: PSU_SEKRETAER, body: { tittel: 'X', innmeldtAv: 'psu-hnt', innmeldtFra: 'ukjent-dep' } }), 404, 'part_ikke_funnet');
    expect(await countEvents(api)).toBe(foer);
    const reg = await post('/saker', PSU_SEKRETAER, { tittel: 'Innspill til Nasjonal helse- og sykehusplan 2024–27', innmeldtAv: 'psu-hnt', innmeldtFra: 'hod', gjelderFra: '2022-01-11' });
    const h = (await les(`/saker/${reg.json.sakId}`)).json.hendelser[0];
    expect(h.data).toMatchObject({ innmeldtAv: 'psu-hnt', innmeldtFra: 'hod', innmeldtFraNavn: 'Helse- og omsorgsdepartementet' });
  });

  it('records the letter to the ministry signed by both leaders, and the sak stays where it was', async () => {
    const brev = {
      mottaker: 'hod',
      tittel: 'Innspill til Nasjonal helse- og sykehusplan 2024–27 fra helsefellesskapet i nordre Trøndelag',
      dokumentId: dok['innspill'],
      signatarer: [
        { personId: 'hege-nordheim-viken', organId: 'psu-hnt', rolle: 'leder' },
        { personId: 'bjorn-stale-aalberg', organId: 'asu-hnt', rolle: 'leder' },
      ],
      gjelderFra: '2022-03-31',
    };
    const foer = await countEvents(api);
    const ikke = await api.request('POST', `/saker/${sakId}/brev`, { headers: ASU_SEKRETAER, body: { ...brev, gjelderFra: '2019-03-31' } });
    expectProblemResponse(ikke, 422, 'signatar_ikke_medlem');
    const ugyldig = await api.request('POST', `/saker/${sakId}/brev`, { headers: ASU_SEKRETAER, body: { ...brev, signatarer: [{ personId: 'x' }] } });
    expectProblemResponse(ugyldig, 400);
    expect(ugyldig.json.errors[0].field).toBe('signatarer');
    const annenSak = await api.request('POST', `/saker/${sakId}/brev`, { headers: ASU_SEKRETAER, body: { ...brev, dokumentId: dok['annenSak'] } });
    expectProblemResponse(annenSak, 422, 'dokument_ikke_i_saken');
    expect(annenSak.json.errors[0].field).toBe('dokumentId');
    expect(await countEvents(api)).toBe(foer);

    const fase = (await les(`/saker/${sakId}`)).json.state.fase;
    const res = await post(`/saker/${sakId}/brev`, ASU_SEKRETAER, brev);
    expect(res.json.brevId).toEqual(expect.any(String));
    const sak = (await les(`/saker/${sakId}`)).json;
    expect(sak.state.fase).toBe(fase);
    expect(sak.hendelser.at(-1).data.signatarer.map((x: { navn: string }) => x.navn)).toEqual(['Hege Nordheim-Viken', 'Bjørn Ståle Aalberg']);
    const forloep = (await les(`/saker/${sakId}/forloep`)).json;
    expect(forloep.steg.find((s: { hendelsestype: string }) => s.hendelsestype === 'BrevSendt').beskrivelse).toBe(
      'Brev sendt til Helse- og omsorgsdepartementet: «Innspill til Nasjonal helse- og sykehusplan 2024–27 fra helsefellesskapet i nordre Trøndelag» — signert av Hege Nordheim-Viken, leder i Politisk samarbeidsutvalg (PSU) og Bjørn Ståle Aalberg, leder i Administrativt samarbeidsutvalg (ASU)',
    );
  });
});
