/**
 * A meeting's decision becomes the sak's vedtak with the meeting as its basis (issue #15, item 5):
 * the sak gets the item on its saksliste with the meeting's numbers and the decision with the
 * meeting's reference («PSU-møte 15.02.2019, sak 2/19»), and its saksforløp shows the reference and
 * the decision text; a joint meeting's decision shows in both bodies' lanes with both numbers. A
 * decision the sak would refuse is refused before anything is recorded; one recorded on the meeting
 * but not yet on the sak (a failure in between) is completed by a retry or when the protokoll is
 * approved. Histories recorded with the sak's own agenda and decision steps read back as before and
 * still verify.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { CommandPath } from '@saksgang/application';
import { moeteDecider } from '@saksgang/domain';
import { formatPosition } from '@saksgang/event-store';
import { actor, countEvents, expectProblemResponse, startTestApi, type TestApi, type TestResponse } from './support.js';

jest.setTimeout(180_000);

const ADMIN = actor('admin', 'sekretariat-hnt', 'sekretaer');
const PSU_SEKRETAER = actor('ks-sekretaer', 'psu-hnt', 'sekretaer');
const DRIFT = actor('it-drift', 'drift', 'drift');

let api: TestApi;

async function ok(method: string, url: string, headers: Record<string, string>, body?: unknown): Promise<TestResponse> {
  const res = await api.request(method, url, { headers, body });
  if (res.status >= 300) throw new Error(`${method} ${url} → ${res.status}: ${res.body}`);
  return res;
}

/** The saksforløp once the read model has the sak's newest fact. */
async function forloep(sakId: string): Promise<{ steg: { hendelsestype: string; beskrivelse: string; organId: string; tilOrganIder: string[]; moete?: { moeteId: string; referanse: string; organIder: string[] } }[] }> {
  const events = await api.opened.store.readStream(`sak-${sakId}`);
  const pos = formatPosition(events[events.length - 1]!.position);
  return (await ok('GET', `/saker/${sakId}/forloep?minPosition=${encodeURIComponent(pos)}`, ADMIN)).json;
}

async function sakshendelser(sakId: string) {
  return api.opened.store.readStream(`sak-${sakId}`);
}

async function registrer(tittel: string, sakstype: string, gjelderFra = '2019-01-10'): Promise<string> {
  return (await ok('POST', '/saker', PSU_SEKRETAER, { tittel, innmeldtAv: 'psu-hnt', sakstype, gjelderFra })).json.sakId as string;
}

async function moeteMed(organIder: string[], moetedato: string, punkter: Record<string, unknown>[], gjelderFra: string, ekstra: Record<string, unknown> = {}): Promise<{ moeteId: string; punktIder: string[] }> {
  const moeteId = (await ok('POST', '/moeter', PSU_SEKRETAER, { organIder, moetedato, starttid: '09:00', sluttid: '11:30', moetested: 'Sykehuset Levanger, Store møterom Arken', gjelderFra, ...ekstra })).json.moeteId as string;
  const punktIder: string[] = [];
  for (const p of punkter) punktIder.push((await ok('POST', `/moeter/${moeteId}/saksliste`, PSU_SEKRETAER, { gjelderFra, ...p })).json.punktId as string);
  await ok('POST', `/moeter/${moeteId}/innkalling`, PSU_SEKRETAER, { gjelderFra });
  return { moeteId, punktIder };
}

async function oppmoete(moeteId: string, organId: string, personer: string[], dato: string): Promise<void> {
  for (const personId of personer) await ok('POST', `/moeter/${moeteId}/oppmoete`, PSU_SEKRETAER, { personId, organId, gjelderFra: dato });
}

beforeAll(async () => {
  api = await startTestApi({ SAKSGANG_PROJECTIONS: 'on', SAKSGANG_MIN_POSITION_WAIT_MS: '30000' });
  for (const [organId, navn, organtype] of [
    ['sekretariat-hnt', 'Helsefellesskapets sekretariat', 'sekretariat'],
    ['psu-hnt', 'Politisk samarbeidsutvalg (PSU) i nordlige Trøndelag', 'psu'],
    ['asu-hnt', 'Administrativt samarbeidsutvalg (ASU)', 'asu'],
  ]) {
    await ok('POST', '/organer', ADMIN, { organId, navn, organtype, mandat: `Mandat for ${navn}`, gjelderFra: '2012-01-01' });
  }
  for (const [personId, navn, rolle] of [
    ['robert-svarva', 'Robert Svarva', 'leder'],
    ['ordfoerer-a', 'Ordfører A', 'medlem'],
    ['ordfoerer-b', 'Ordfører B', 'medlem'],
    ['ks-sekretaer', 'KS (sekretær)', 'sekretaer'],
  ]) {
    await ok('POST', '/organer/psu-hnt/medlemmer', ADMIN, { personId, navn, rolle, fra: '2016-01-01' });
  }
  for (const [personId, navn, rolle] of [
    ['peter-ardon', 'Peter Ardon', 'leder'],
    ['asu-medlem', 'Kommuneoverlege C', 'medlem'],
    ['ks-sekretaer', 'KS (sekretær)', 'sekretaer'],
  ]) {
    await ok('POST', '/organer/asu-hnt/medlemmer', ADMIN, { personId, navn, rolle, fra: '2016-01-01' });
  }
}, 120_000);

afterAll(async () => {
  await api?.close();
});

describe('the PSU meeting of 15.02.2019 (seed 004): sak 2/19 decided in the meeting', () => {
  let sakId: string;
  let moeteId: string;
  let punktId: string;
  const VEDTAK =
    'Politisk samarbeidsutvalg tar fylkesordførerens innlegg om fylkeskommunens rolle ift helsepolitikk i Trøndelag, til orientering. Trøndelag fylkeskommune tiltrer PSU som observatør, med møte- og talerett, fra dags dato.';

  beforeAll(async () => {
    const aarsmelding = await registrer('Årsmelding 2018', 'orienteringssak');
    sakId = await registrer('Trøndelag fylkeskommune – helsepolitikk i Trøndelag', 'orienteringssak');
    const m = await moeteMed(
      ['psu-hnt'],
      '2019-02-15',
      [
        { sakId: aarsmelding, tittel: 'Årsmelding 2018', forslagTilVedtak: 'Politisk samarbeidsutvalg (PSU) i nordlige Trøndelag godkjenner årsmeldingen for arbeidet i utvalget, for 2018.' },
        { sakId, tittel: 'Trøndelag fylkeskommune – helsepolitikk i Trøndelag', forslagTilVedtak: VEDTAK },
      ],
      '2019-02-01',
    );
    moeteId = m.moeteId;
    punktId = m.punktIder[1]!;
    await oppmoete(moeteId, 'psu-hnt', ['robert-svarva', 'ordfoerer-a', 'ordfoerer-b', 'ks-sekretaer'], '2019-02-15');
  });

  it('the sak has nothing of the meeting before the decision', async () => {
    expect((await sakshendelser(sakId)).map((e) => e.type)).toEqual(['SakRegistrert']);
  });

  it('the decision is the sak’s vedtak with the meeting as its basis; a retry records nothing new', async () => {
    const body = { vedtaksutfall: 'vedtatt', vedtakstekst: VEDTAK, stemmemaate: 'enstemmig' };
    const headers = { ...PSU_SEKRETAER, 'idempotency-key': 'psu-2019-02-15-sak-2' };
    const fattet = await ok('POST', `/moeter/${moeteId}/saksliste/${punktId}/vedtak`, headers, body);
    expect(fattet.json.hendelser.map((h: { type: string }) => h.type)).toEqual(['MoetevedtakFattet']);

    const sak = await sakshendelser(sakId);
    expect(sak.map((e) => e.type)).toEqual(['SakRegistrert', 'SattPaaSaksliste', 'VedtakFattet']);
    expect(sak[1]!.data).toMatchObject({ sakslistepunktId: punktId, moetedato: '2019-02-15', moeteId, organer: [{ organId: 'psu-hnt', moetesaksaar: 2019, moetesakssekvensnummer: 2 }], gjelderFra: '2019-02-01' });
    expect(sak[2]!.data).toMatchObject({ sakslistepunktId: punktId, vedtaksutfall: 'vedtatt', vedtakstekst: VEDTAK, moeteId, moetereferanse: 'PSU-møte 15.02.2019, sak 2/19', organIder: ['psu-hnt'] });
    // The sak's facts are caused by the meeting's decision (its event id).
    expect((sak[2]!.metadata as { causationId: string }).causationId).toBe(fattet.json.hendelser[0].eventId);
    expect(fattet.json.position).toBe(formatPosition(sak[2]!.position));

    const foer = await countEvents(api);
    const igjen = await ok('POST', `/moeter/${moeteId}/saksliste/${punktId}/vedtak`, headers, body);
    expect(igjen.json.replayed).toBe(true);
    expect(await countEvents(api)).toBe(foer);

    const lest = await ok('GET', `/saker/${sakId}`, ADMIN);
    expect(lest.json.state.fase).toBe('vedtak_fattet');
    expect(lest.json.state.sakslistepunkter[0]).toMatchObject({ moeteId, vedtak: { moetereferanse: 'PSU-møte 15.02.2019, sak 2/19', vedtakstekst: VEDTAK } });
  });

  it('the saksforløp says «PSU-møte 15.02.2019, sak 2/19» and shows the decision text', async () => {
    const f = await forloep(sakId);
    const vedtak = f.steg.find((s) => s.hendelsestype === 'VedtakFattet')!;
    expect(vedtak.beskrivelse).toBe(`Vedtak i PSU-møte 15.02.2019, sak 2/19 (vedtatt): ${VEDTAK}`);
    expect(vedtak.moete).toEqual({ moeteId, referanse: 'PSU-møte 15.02.2019, sak 2/19', organIder: ['psu-hnt'] });
    expect(f.steg.find((s) => s.hendelsestype === 'SattPaaSaksliste')!.beskrivelse).toContain('sak 2/19 i Politisk samarbeidsutvalg (PSU) i nordlige Trøndelag');
  });

  it('the sak’s own decision step does not decide the item again', async () => {
    const res = await api.request('POST', `/saker/${sakId}/sakslistepunkter/${punktId}/vedtak`, { headers: PSU_SEKRETAER, body: { vedtaksutfall: 'avvist', vedtakstekst: 'Nei.' } });
    expectProblemResponse(res, 422, 'steg_ikke_tillatt_i_fase');
  });

  it('the hash chains of the sak and the meeting verify', async () => {
    const r = await ok('GET', `/revisjon/verifiser?sakId=${sakId}`, DRIFT);
    expect(r.json.ok).toBe(true);
    const alt = await ok('GET', '/revisjon/verifiser', DRIFT);
    expect(alt.json.ok).toBe(true);
  });
});

describe('a decision the sak would refuse is refused in the meeting, and nothing is recorded', () => {
  it('a beslutningssak without an innstilling; an item about a sak that does not exist', async () => {
    const uten = await registrer('Handlingsplan uten innstilling', 'beslutningssak');
    const { moeteId, punktIder } = await moeteMed(
      ['psu-hnt'],
      '2019-04-25',
      [
        { sakId: uten, tittel: 'Handlingsplan', forslagTilVedtak: 'Godkjennes.' },
        { sakId: '00000000-0000-4000-8000-00000000abcd', tittel: 'Sak som ikke finnes', moetesakstype: 'orientering' },
      ],
      '2019-04-01',
    );
    await oppmoete(moeteId, 'psu-hnt', ['robert-svarva', 'ordfoerer-a'], '2019-04-25');
    for (const [punktId, status, code] of [
      [punktIder[0]!, 422, 'innstilling_mangler'],
      [punktIder[1]!, 404, 'sak_ikke_funnet'],
    ] as const) {
      const foer = await countEvents(api);
      const res = await api.request('POST', `/moeter/${moeteId}/saksliste/${punktId}/vedtak`, { headers: PSU_SEKRETAER, body: { vedtaksutfall: 'vedtatt', vedtakstekst: 'Godkjennes.' } });
      expectProblemResponse(res, status, code);
      expect(await countEvents(api)).toBe(foer);
    }
    const les = await ok('GET', `/moeter/${moeteId}`, PSU_SEKRETAER);
    expect(les.json.state.punkter.map((p: { vedtak?: unknown }) => p.vedtak)).toEqual([undefined, undefined]);
  });
});

describe('the sekretariat records a meeting’s decision from the protokoll', () => {
  it('the sak gets the vedtak, recorded by the sekretariat, in PSU’s name', async () => {
    const sakId = await registrer('Dialogmøte mellom Nord Universitet, kommunene og KS', 'orienteringssak');
    const { moeteId, punktIder } = await moeteMed(['psu-hnt'], '2019-09-12', [{ sakId, tittel: 'Dialogmøte mellom Nord Universitet, kommunene og KS', moetesakstype: 'orientering' }], '2019-09-01');
    await oppmoete(moeteId, 'psu-hnt', ['robert-svarva', 'ordfoerer-a'], '2019-09-12');
    await ok('POST', `/moeter/${moeteId}/saksliste/${punktIder[0]}/vedtak`, ADMIN, { vedtaksutfall: 'tatt_til_orientering', vedtakstekst: 'PSU tar saken til orientering.' });
    const [, , vedtak] = await sakshendelser(sakId);
    expect(vedtak!.data).toMatchObject({ organIder: ['psu-hnt'], utfoertAv: { organId: 'sekretariat-hnt' }, vedtaksutfall: 'tatt_til_orientering' });
    expect(vedtak!.data['moetereferanse']).toMatch(/^PSU-møte 12\.09\.2019, sak \d+\/19$/);
  });
});

describe('a joint meeting (PSU and ASU, 23.11.2017): one decision in both bodies’ histories, with both numbers', () => {
  it('PSU 3/17 and ASU 16/2017: both lanes, both numbers', async () => {
    const sakId = await registrer('Arbeidsprosess og framdriftsplan for en handlingsplan', 'droeftingssak', '2017-03-16');
    const { moeteId, punktIder } = await moeteMed(
      ['psu-hnt', 'asu-hnt'],
      '2017-11-23',
      [{ sakId, tittel: 'Arbeidsprosess og framdriftsplan for en handlingsplan', forslagTilVedtak: 'Forslaget vedtas.', kjenteNumre: [{ organId: 'psu-hnt', moetesaksaar: 2017, moetesakssekvensnummer: 3 }, { organId: 'asu-hnt', moetesaksaar: 2017, moetesakssekvensnummer: 16 }] }],
      '2017-11-01',
    );
    await oppmoete(moeteId, 'psu-hnt', ['robert-svarva', 'ordfoerer-a'], '2017-11-23');
    await oppmoete(moeteId, 'asu-hnt', ['peter-ardon', 'asu-medlem'], '2017-11-23');
    const tekst = 'PSU og ASU vedtar forslag til arbeidsprosess og framdriftsplan for en handlingsplan og oversender saken til ASU for videre oppfølging.';
    await ok('POST', `/moeter/${moeteId}/saksliste/${punktIder[0]}/vedtak`, PSU_SEKRETAER, { vedtaksutfall: 'vedtatt', vedtakstekst: tekst });

    const [, paa, vedtak] = await sakshendelser(sakId);
    expect(paa!.data['organer']).toEqual([
      { organId: 'psu-hnt', moetesaksaar: 2017, moetesakssekvensnummer: 3 },
      { organId: 'asu-hnt', moetesaksaar: 2017, moetesakssekvensnummer: 16 },
    ]);
    expect(vedtak!.data).toMatchObject({ organIder: ['psu-hnt', 'asu-hnt'], moetereferanse: 'PSU/ASU-møte 23.11.2017, PSU sak 3/17, ASU sak 16/17' });

    const f = await forloep(sakId);
    const steg = f.steg.find((s) => s.hendelsestype === 'VedtakFattet')!;
    expect(steg.beskrivelse).toBe(`Vedtak i PSU/ASU-møte 23.11.2017, PSU sak 3/17, ASU sak 16/17 (vedtatt): ${tekst}`);
    expect(steg.moete?.organIder).toEqual(['psu-hnt', 'asu-hnt']);

    // The swimlane draws the decision in both lanes (the recording body's, and the other's joined to it).
    const events = await sakshendelser(sakId);
    const svg = (await ok('GET', `/saker/${sakId}/forloep.svg?minPosition=${encodeURIComponent(formatPosition(events[events.length - 1]!.position))}`, ADMIN)).body;
    const stegSvg = svg.split('<g class="step"').find((g) => g.includes('data-event-type="VedtakFattet"'))!;
    expect(stegSvg).toContain('data-organ-id="psu-hnt"');
    expect(stegSvg).toMatch(/<circle class="joint" data-organ-id="asu-hnt"/);
  });
});

describe('recovery: a decision recorded on the meeting but not on the sak', () => {
  it('is recorded on the sak when the protokoll is approved, once', async () => {
    const sakId = await registrer('Samhandlingskonferanse 2020', 'orienteringssak');
    const { moeteId, punktIder } = await moeteMed(['psu-hnt'], '2019-06-13', [{ sakId, tittel: 'Samhandlingskonferanse 2020', moetesakstype: 'orientering' }], '2019-06-01', { egenOrienteringsserie: ['psu-hnt'] });
    await oppmoete(moeteId, 'psu-hnt', ['robert-svarva', 'ordfoerer-a'], '2019-06-13');
    // The meeting's decision alone, as if the service had stopped before the sak's facts.
    await api.app.get(CommandPath).execute(moeteDecider, {
      aggregateId: moeteId,
      command: { type: 'FattMoetevedtak', data: { punktId: punktIder[0]!, vedtaksutfall: 'tatt_til_orientering', vedtakstekst: 'PSU tar saken til orientering.', stemmemaate: 'ikke_oppgitt' } },
      commandId: 'avbrutt-vedtak',
      correlationId: 'avbrutt-vedtak',
      causationId: 'avbrutt-vedtak',
      aktoer: { personId: 'ks-sekretaer', organId: 'psu-hnt', rolle: 'sekretaer' },
    });
    expect((await sakshendelser(sakId)).map((e) => e.type)).toEqual(['SakRegistrert']);

    await ok('POST', `/moeter/${moeteId}/gjennomfoering`, PSU_SEKRETAER, {});
    await ok('POST', `/moeter/${moeteId}/protokoll/godkjenning`, actor('robert-svarva', 'psu-hnt', 'leder'), { godkjenningsmaate: 'signatur', signertAv: ['Robert Svarva'], gjelderFra: '2019-06-20' });
    const sak = await sakshendelser(sakId);
    expect(sak.map((e) => e.type)).toEqual(['SakRegistrert', 'SattPaaSaksliste', 'VedtakFattet']);
    expect(sak[2]!.data).toMatchObject({ vedtaksutfall: 'tatt_til_orientering', moetereferanse: 'PSU-møte 13.06.2019, orienteringssak 1/19' });
    expect((await ok('GET', `/moeter/${moeteId}`, PSU_SEKRETAER)).json.state.status).toBe('protokoll_godkjent');
    // Nothing twice: a second approval is refused and the sak keeps its three facts.
    expectProblemResponse(await api.request('POST', `/moeter/${moeteId}/protokoll/godkjenning`, { headers: actor('robert-svarva', 'psu-hnt', 'leder'), body: { godkjenningsmaate: 'signatur', signertAv: ['Robert Svarva'] } }), 422, 'moete_lukket');
    expect(await sakshendelser(sakId)).toHaveLength(3);
  });
});

describe('histories recorded with the sak’s own agenda and decision steps', () => {
  it('read back as before (no meeting, the same text) and verify', async () => {
    const sakId = await registrer('Innspill til Nasjonal helse- og sykehusplan', 'droeftingssak', '2017-09-01');
    const agenda = await ok('POST', `/saker/${sakId}/saksliste`, PSU_SEKRETAER, { organIder: ['psu-hnt'], moetedato: '2017-11-23' });
    await ok('POST', `/saker/${sakId}/sakslistepunkter/${agenda.json.sakslistepunktId}/vedtak`, PSU_SEKRETAER, { vedtaksutfall: 'vedtatt', vedtakstekst: 'PSU gir innspill.' });
    const sak = await sakshendelser(sakId);
    expect(Object.keys(sak[1]!.data).sort()).toEqual(['gjelderFra', 'moetedato', 'organer', 'sakId', 'sakslistepunktId', 'utfoertAv']);
    expect(Object.keys(sak[2]!.data).sort()).toEqual(['gjelderFra', 'moetedato', 'organIder', 'sakId', 'sakslistepunktId', 'utfoertAv', 'vedtakstekst', 'vedtaksutfall']);
    const f = await forloep(sakId);
    const vedtak = f.steg.find((s) => s.hendelsestype === 'VedtakFattet')!;
    expect(vedtak.beskrivelse).toBe('Vedtak (vedtatt) i møtet 23.11.2017: PSU gir innspill.');
    expect('moete' in vedtak).toBe(false);
    expect((await ok('GET', `/revisjon/verifiser?sakId=${sakId}`, DRIFT)).json.ok).toBe(true);
  });
});

describe('a meeting decision that itself orders an investigation (PSU-sak 3/17)', () => {
  it('the meeting records it, and the sak gets one VedtakFattet with the order: ordered from ASU', async () => {
    const sakId = await registrer('Handlingsplan for samhandling', 'droeftingssak', '2017-03-01');
    const m = await moeteMed(['psu-hnt'], '2017-03-24', [{ sakId, tittel: 'Handlingsplan for samhandling', moetesakstype: 'droefting' }], '2017-03-10');
    await oppmoete(m.moeteId, 'psu-hnt', ['robert-svarva', 'ordfoerer-a', 'ks-sekretaer'], '2017-03-24');
    const sti = `/moeter/${m.moeteId}/saksliste/${m.punktIder[0]}/vedtak`;
    const vedtak = { vedtaksutfall: 'vedtatt', vedtakstekst: 'PSU ber ASU utarbeide forslag til handlingsplan.', stemmemaate: 'enstemmig' };

    // Half an order, or one the sak would refuse (a body not on the administrative level): refused, nothing recorded.
    const foer = await countEvents(api);
    const halv = await api.request('POST', sti, { headers: PSU_SEKRETAER, body: { ...vedtak, bestillesFra: 'asu-hnt', mandat: 'Utarbeide forslag.' } });
    expectProblemResponse(halv, 400, 'bestilling_i_vedtak_ugyldig');
    expect(JSON.stringify(halv.json)).toContain('frist');
    const feilNivaa = await api.request('POST', sti, { headers: PSU_SEKRETAER, body: { ...vedtak, bestillesFra: 'psu-hnt', mandat: 'Utarbeide forslag.', frist: '2018-02-13' } });
    expectProblemResponse(feilNivaa, 422, 'bestilling_i_vedtak_ugyldig');
    expect(await countEvents(api)).toBe(foer);

    await ok('POST', sti, PSU_SEKRETAER, { ...vedtak, bestillesFra: 'asu-hnt', mandat: 'Utarbeide forslag til handlingsplan for samhandling 2018–2021.', frist: '2018-02-13' });
    const sak = await sakshendelser(sakId);
    expect(sak.map((e) => e.type)).toEqual(['SakRegistrert', 'SattPaaSaksliste', 'VedtakFattet']);
    expect(sak[2]!.data).toMatchObject({ bestilling: { bestiltAv: 'psu-hnt', tilOrganId: 'asu-hnt', mandat: 'Utarbeide forslag til handlingsplan for samhandling 2018–2021.', frist: '2018-02-13' } });
    expect((await ok('GET', `/saker/${sakId}`, ADMIN)).json.state.fase).toBe('bestilt');
  });
});
