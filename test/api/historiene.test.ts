/**
 * The steps the real stories need (issue 16, item 3), over HTTP: PSU's secretary prepares the proposal
 * for PSU's own agenda (no detour through ASU); after PSU's decision the carrying out is delegated with
 * the persons responsible named (seed 004 O-sak 4/19), and the saksforløp says so in words; ASU gives
 * the arbeidsutvalg a coordinating task (seed 001, seed 002). Refusals answer with the reason and record nothing.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { actor, countEvents, expectProblemResponse, startTestApi, type TestApi, type TestResponse } from './support.js';

jest.setTimeout(120_000);

const ADMIN = actor('admin', 'sekretariat-hnt', 'sekretaer');
const PSU_SEKRETAER = actor('ks-sekretaer', 'psu-hnt', 'sekretaer');
const PSU_LEDER = actor('robert-svarva', 'psu-hnt', 'leder');
const AU_MEDLEM = actor('runar-asp', 'au-hnt', 'medlem');
const ASU_SEKRETAER = actor('olav-bremnes', 'asu-hnt', 'sekretaer');
const KVALITET_LEDER = actor('kvalitet-leder', 'fagraad-kvalitet', 'leder');

let api: TestApi;
let sist = '';

async function steg(path: string, headers: Record<string, string>, body: unknown): Promise<TestResponse> {
  const res = await api.request('POST', path, { headers, body });
  if (res.status !== 201) throw new Error(`${path} → ${res.status}: ${res.body}`);
  sist = res.json.position;
  return res;
}

async function nektet(path: string, headers: Record<string, string>, body: unknown, status: number, kode: string): Promise<TestResponse> {
  const foer = await countEvents(api);
  const res = await api.request('POST', path, { headers, body });
  expectProblemResponse(res, status, kode);
  expect(await countEvents(api)).toBe(foer);
  return res;
}

beforeAll(async () => {
  api = await startTestApi({ SAKSGANG_PROJECTIONS: 'on', SAKSGANG_MIN_POSITION_WAIT_MS: '30000' });
  for (const [organId, navn, organtype] of [
    ['sekretariat-hnt', 'Helsefellesskapets sekretariat', 'sekretariat'],
    ['psu-hnt', 'Politisk samarbeidsutvalg (PSU) i nordlige Trøndelag', 'psu'],
    ['asu-hnt', 'Administrativt samarbeidsutvalg (ASU)', 'asu'],
    ['au-hnt', 'Arbeidsutvalget', 'arbeidsutvalg'],
    ['fagraad-kvalitet', 'Fagråd for kvalitet og pasientsikkerhet', 'fagraad'],
  ]) {
    const res = await api.request('POST', '/organer', { headers: ADMIN, body: { organId, navn, organtype, mandat: `Mandat for ${navn}`, gjelderFra: '2012-01-01' } });
    expect(res.status).toBe(201);
  }
});

afterAll(async () => {
  await api?.close();
});

describe("PSU's own sak, prepared by PSU's secretary and carried out after the decision", () => {
  let s = '';

  it("PSU's secretary gives the innstilling for PSU's agenda; PSU's leader is told who prepares it", async () => {
    const reg = await steg('/saker', PSU_SEKRETAER, { tittel: 'Årsmelding 2018', innmeldtAv: 'psu-hnt', gjelderFra: '2019-01-05' });
    s = `/saker/${reg.json.sakId}`;
    await steg(`${s}/nivaa`, AU_MEDLEM, { organId: 'psu-hnt', begrunnelse: 'PSUs egen sak', gjelderFra: '2019-01-10' });
    const nei = await nektet(`${s}/innstilling`, PSU_LEDER, { forslagTilVedtak: 'PSU godkjenner årsmeldingen.', gjelderFra: '2019-01-20' }, 422, 'innstilling_fra_sekretaer');
    expect(nei.json.detail).toContain('sekretær');
    await steg(`${s}/innstilling`, PSU_SEKRETAER, { forslagTilVedtak: 'PSU godkjenner årsmeldingen.', gjelderFra: '2019-01-20' });
    const punkt = await steg(`${s}/saksliste`, PSU_SEKRETAER, { organIder: ['psu-hnt'], moetedato: '2019-02-15', gjelderFra: '2019-02-01' });
    await steg(`${s}/sakslistepunkter/${punkt.json.sakslistepunktId}/vedtak`, PSU_SEKRETAER, { vedtaksutfall: 'vedtatt', vedtakstekst: 'PSU godkjenner årsmeldingen.' });
  });

  it('after the decision PSU delegates carrying it out, naming the persons responsible; the sak cannot close until it is done', async () => {
    const nei = await nektet(
      `${s}/oppdrag`,
      ASU_SEKRETAER,
      { tilOrganId: 'fagraad-kvalitet', mandat: 'Følge opp vedtaket.', frist: '2019-12-31', gjelderFra: '2019-02-20' },
      403,
      'organ_ikke_tillatt',
    );
    expect(nei.json.detail).toBeTruthy();
    const oppdrag = await steg(`${s}/oppdrag`, PSU_SEKRETAER, {
      tilOrganId: 'fagraad-kvalitet',
      mandat: 'Følge opp vedtaket i kommunene og HNT.',
      frist: '2019-12-31',
      ansvarlige: ['Samhandlingssjef HNT', 'Daglig leder KS'],
      gjelderFra: '2019-02-20',
    });
    const oppdragId: string = oppdrag.json.oppdragId;
    expect((await api.request('GET', s)).json.state.fase).toBe('vedtak_fattet');
    await nektet(`${s}/avslutning`, PSU_SEKRETAER, { avskrivningsmaate: 'Vedtatt' }, 422, 'aapne_oppdrag');
    await steg(`${s}/oppdrag/${oppdragId}/aksept`, KVALITET_LEDER, { gjelderFra: '2019-03-01' });
    await steg(`${s}/oppdrag/${oppdragId}/leveranser`, KVALITET_LEDER, { leveranse: 'Fulgt opp i alle kommunene.', gjelderFra: '2019-11-01' });
    await steg(`${s}/oppdrag/${oppdragId}/leveranser/godtakelse`, PSU_SEKRETAER, { gjelderFra: '2019-11-10' });
    await steg(`${s}/avslutning`, PSU_SEKRETAER, { avskrivningsmaate: 'Vedtatt og gjennomført', gjelderFra: '2019-11-11' });

    const forloep = await api.request('GET', `${s}/forloep?minPosition=${encodeURIComponent(sist)}`, { headers: PSU_SEKRETAER });
    expect([forloep.status, forloep.status === 200 ? "" : forloep.body]).toEqual([200, ""]);
    const tekster = JSON.stringify(forloep.json);
    expect(tekster).toContain('Gjennomføringen av vedtaket delegert til Fagråd for kvalitet og pasientsikkerhet');
    expect(tekster).toContain('ansvarlige: Samhandlingssjef HNT, Daglig leder KS');
  });
});

describe('the arbeidsutvalg coordinates ASU\'s work', () => {
  it("ASU gives the arbeidsutvalg a coordinating task; a sideways task to another body on ASU's level is still refused", async () => {
    const reg = await steg('/saker', ASU_SEKRETAER, { tittel: 'Innspill til nasjonal helse- og samhandlingsplan', innmeldtAv: 'asu-hnt', gjelderFra: '2022-01-05' });
    const s = `/saker/${reg.json.sakId}`;
    await steg(`${s}/nivaa`, AU_MEDLEM, { organId: 'asu-hnt', gjelderFra: '2022-01-06' });
    const oppdrag = await steg(`${s}/oppdrag`, ASU_SEKRETAER, { tilOrganId: 'au-hnt', mandat: 'Koordinere innspillene fra fagrådene.', frist: '2022-03-01', gjelderFra: '2022-01-10' });
    expect(oppdrag.json.oppdragId).toBeTruthy();
    const sak = (await api.request('GET', s)).json.state;
    expect(sak.oppdrag.map((o: { tilOrganId: string; status: string }) => [o.tilOrganId, o.status])).toEqual([['au-hnt', 'delegert']]);
    await nektet(`${s}/oppdrag`, ASU_SEKRETAER, { tilOrganId: 'sekretariat-hnt', mandat: 'x', frist: '2022-03-01', gjelderFra: '2022-01-10' }, 422, 'delegering_ikke_nedover');
  });
});

describe('PSU-sak 3/17: the decision that itself sends the work to ASU is one fact', () => {
  it("records the decision with its order; the order is on ASU's arbeidsliste and in the saksforløp, and ASU receives it", async () => {
    const reg = await steg('/saker', PSU_SEKRETAER, { tittel: 'Handlingsplan for samhandling', innmeldtAv: 'psu-hnt', sakstype: 'droeftingssak', saksnummer: '3/17', gjelderFra: '2017-03-10' });
    const s = `/saker/${reg.json.sakId}`;
    const punkt = await steg(`${s}/saksliste`, PSU_SEKRETAER, { organIder: ['psu-hnt'], moetedato: '2017-03-24', gjelderFra: '2017-03-10' });
    const vedtak = `${s}/sakslistepunkter/${punkt.json.sakslistepunktId}/vedtak`;
    await nektet(vedtak, PSU_SEKRETAER, { vedtaksutfall: 'vedtatt', vedtakstekst: 'x', bestillesFra: 'asu-hnt', mandat: 'Utarbeide forslag.' }, 422, 'bestilling_i_vedtak_ugyldig');
    const res = await steg(vedtak, PSU_SEKRETAER, {
      vedtaksutfall: 'vedtatt',
      vedtakstekst: 'PSU ber ASU utarbeide forslag til handlingsplan for samhandling.',
      bestillesFra: 'asu-hnt',
      mandat: 'Utarbeide forslag til handlingsplan for samhandling 2018–2021.',
      frist: '2018-02-13',
    });
    expect(res.json.hendelser.map((h: { type: string }) => h.type)).toEqual(['VedtakFattet']);
    expect((await api.request('GET', s)).json.state.fase).toBe('bestilt');

    const liste = await api.request('GET', `/organer/asu-hnt/arbeidsliste?minPosition=${encodeURIComponent(sist)}`, { headers: ASU_SEKRETAER });
    expect(liste.status).toBe(200);
    expect(JSON.stringify(liste.json)).toContain('Utarbeide forslag til handlingsplan for samhandling 2018–2021.');
    const forloep = await api.request('GET', `${s}/forloep?minPosition=${encodeURIComponent(sist)}`, { headers: PSU_SEKRETAER });
    expect(JSON.stringify(forloep.json)).toContain('utredning bestilt fra Administrativt samarbeidsutvalg (ASU), frist 13.02.2018');

    await steg(`${s}/bestillinger/mottak`, ASU_SEKRETAER, { saksnummer: '16/2017', gjelderFra: '2017-04-20' });
    expect((await api.request('GET', s)).json.state.fase).toBe('under_utredning');
  });
});
