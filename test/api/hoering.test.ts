/**
 * "Sendt på høring" (seed 002): the draft action plan was handled in the joint PSU/ASU meeting of
 * 23 November 2017, sent on hearing to the municipalities, HNT and the partners, and decided by ASU
 * on 13 February 2018. The step is declared once (arbeidsflyt.ts); this drives it over HTTP and reads
 * its line in the saksforløp and on ASU's arbeidsliste, and its refusals.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { actor, countEvents, expectProblemResponse, startTestApi, type TestApi, type TestResponse } from './support.js';

jest.setTimeout(120_000);

const ADMIN = actor('admin', 'sekretariat-hnt', 'sekretaer');
const PSU_SEKRETAER = actor('ks-sekretaer', 'psu-hnt', 'sekretaer');
const ASU_SEKRETAER = actor('olav-bremnes', 'asu-hnt', 'sekretaer');
const PSU_OBSERVATOER = actor('tore-sandvik', 'psu-hnt', 'observatoer');

let api: TestApi;
let sakId: string;
let sist = '';
let hoeringId: string;

async function post(path: string, headers: Record<string, string>, body: unknown): Promise<TestResponse> {
  const res = await api.request('POST', path, { headers, body });
  if (res.status !== 201) throw new Error(`${path} → ${res.status}: ${res.body}`);
  sist = res.json.position;
  return res;
}

async function les(path: string): Promise<TestResponse> {
  const sep = path.includes('?') ? '&' : '?';
  const res = await api.request('GET', `${path}${sep}minPosition=${encodeURIComponent(sist)}`, { headers: ADMIN });
  if (res.status !== 200) throw new Error(`GET ${path} → ${res.status}: ${res.body}`);
  return res;
}

beforeAll(async () => {
  api = await startTestApi({ SAKSGANG_PROJECTIONS: 'on' });
  for (const [organId, navn, organtype] of [
    ['psu-hnt', 'Politisk samarbeidsutvalg (PSU)', 'psu'],
    ['asu-hnt', 'Administrativt samarbeidsutvalg (ASU)', 'asu'],
    ['sekretariat-hnt', 'Sekretariatet', 'sekretariat'],
  ] as const) {
    await post('/organer', ADMIN, { organId, navn, organtype, mandat: `Mandat for ${navn}`, gjelderFra: '2012-01-01' });
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
});

afterAll(async () => api?.close());

describe('SendPaaHoering: the draft action plan on hearing after the joint meeting', () => {
  it('is among the allowed steps, refused for an observer, recorded for ASU, with the id it created', async () => {
    const sak = (await les(`/saker/${sakId}`)).json;
    expect(sak.state.fase).toBe('utsatt');
    expect(sak.tillatteSteg).toContain('SendPaaHoering');

    const body = {
      hoeringsutkast: 'Utkast til handlingsplan for samhandling 2018–2021',
      hoeringsinstanser: ['Kommunene i Nord-Trøndelag', 'Helse Nord-Trøndelag HF', 'Samarbeidspartnere'],
      hoeringsfrist: '2018-01-15',
      gjelderFra: '2017-11-24',
    };
    const foer = await countEvents(api);
    expectProblemResponse(await api.request('POST', `/saker/${sakId}/hoeringer`, { headers: PSU_OBSERVATOER, body }), 403, 'rolle_ikke_tillatt');
    const tidlig = await api.request('POST', `/saker/${sakId}/hoeringer`, { headers: ASU_SEKRETAER, body: { ...body, hoeringsfrist: '2017-11-01' } });
    expectProblemResponse(tidlig, 400, 'frist_ikke_etter_gjelder_fra');
    expect(tidlig.json.errors[0].field).toBe('hoeringsfrist');
    const tom = await api.request('POST', `/saker/${sakId}/hoeringer`, { headers: ASU_SEKRETAER, body: { ...body, hoeringsinstanser: [], ukjent: 1 } });
    expectProblemResponse(tom, 400, 'validation_failed');
    expect(tom.json.errors.map((e: { field: string }) => e.field).sort()).toEqual(['hoeringsinstanser', 'ukjent']);
    expect(await countEvents(api)).toBe(foer);

    const res = await post(`/saker/${sakId}/hoeringer`, ASU_SEKRETAER, body);
    expect(res.json.hendelser.map((h: { type: string }) => h.type)).toEqual(['SendtPaaHoering']);
    hoeringId = res.json.hoeringId;
    expect(hoeringId).toEqual(expect.any(String));
  });

  it('has its line in the saksforløp and waits on ASU\'s arbeidsliste until the frist', async () => {
    const forloep = (await les(`/saker/${sakId}/forloep`)).json;
    const linje = forloep.steg.find((s: { hendelsestype: string }) => s.hendelsestype === 'SendtPaaHoering');
    expect(linje.beskrivelse).toMatch(/Sendt på høring: Utkast til handlingsplan.*Kommunene i Nord-Trøndelag.*høringsfrist 15\.01\.2018/);
    const liste = (await les('/organer/asu-hnt/arbeidsliste?idag=2018-01-20')).json;
    expect(liste.punkter).toEqual(expect.arrayContaining([expect.objectContaining({ sakId, art: 'hoering', refId: hoeringId, frist: '2018-01-15', forfalt: true })]));
  });

  it('leaves the worklist when ASU puts the sak on its agenda and decides it on 13 February 2018', async () => {
    const punkt = await post(`/saker/${sakId}/saksliste`, ASU_SEKRETAER, { organIder: ['asu-hnt'], moetedato: '2018-02-13' });
    await post(`/saker/${sakId}/sakslistepunkter/${punkt.json.sakslistepunktId}/vedtak`, ASU_SEKRETAER, { vedtaksutfall: 'vedtatt', vedtakstekst: 'Handlingsplanen vedtas.' });
    const liste = (await les('/organer/asu-hnt/arbeidsliste?idag=2018-02-14')).json;
    expect(liste.punkter.filter((p: { art: string }) => p.art === 'hoering')).toEqual([]);
    expect((await les(`/saker/${sakId}`)).json.state.fase).toBe('vedtak_fattet');
  });
});
