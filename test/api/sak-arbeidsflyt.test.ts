/**
 * The whole sak workflow over HTTP (issue 3): every step of SAK_ARBEIDSFLYT through its endpoint, the
 * allowed steps for an actor, each kind of refusal (with reason and allowedSteps, recording nothing),
 * and the workflow declaration and diagrams served from the same declaration the engine enforces.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SAK_STEG } from '@saksgang/domain';
import { actor, countEvents, expectProblemResponse, lastOppMultipart, startTestApi, type TestApi, type TestResponse } from './support.js';

const PSU_SEKRETAER = actor('ks-sekretaer', 'psu-hnt', 'sekretaer');
const PSU_OBSERVATOER = actor('tore-sandvik', 'psu-hnt', 'observatoer');
const ASU_SEKRETAER = actor('olav-bremnes', 'asu-hnt', 'sekretaer');
const AU_MEDLEM = actor('runar-asp', 'au-hnt', 'medlem');
const KVALITET_LEDER = actor('kvalitet-leder', 'fagraad-kvalitet', 'leder');
const FAGRAAD2_LEDER = actor('fagraad2-leder', 'fagraad-2', 'leder');
const ADMIN = actor('admin', 'sekretariat-hnt', 'sekretaer');

let api: TestApi;

async function opprettOrgan(organId: string, navn: string, organtype: string) {
  const res = await api.request('POST', '/organer', { headers: ADMIN, body: { organId, navn, organtype, mandat: `Mandat for ${navn}`, gjelderFra: '2012-01-01' } });
  expect(res.status).toBe(201);
}

/** Takes a step and expects it recorded (201) with exactly the given event. */
async function steg(path: string, headers: Record<string, string>, body: unknown, hendelse: string): Promise<TestResponse> {
  const res = await api.request('POST', path, { headers, body });
  if (res.status !== 201) throw new Error(`${path} → ${res.status}: ${res.body}`);
  expect(res.json.hendelser.map((h: { type: string }) => h.type)).toEqual([hendelse]);
  return res;
}

async function les(sakId: string, headers?: Record<string, string>) {
  const res = await api.request('GET', `/saker/${sakId}`, headers ? { headers } : {});
  expect(res.status).toBe(200);
  return res.json;
}

async function fase(sakId: string): Promise<string> {
  return (await les(sakId)).state.fase;
}

async function registrer(extra: Record<string, unknown> = {}): Promise<string> {
  const res = await api.request('POST', '/saker', {
    headers: PSU_SEKRETAER,
    body: { tittel: 'Handlingsplan for samhandling 2018–2021', innmeldtAv: 'psu-hnt', gjelderFra: '2017-03-24', ...extra },
  });
  expect(res.status).toBe(201);
  return res.json.sakId;
}

async function expectNothingRecorded(action: () => Promise<void>): Promise<void> {
  const before = await countEvents(api);
  await action();
  expect(await countEvents(api)).toBe(before);
}

beforeAll(async () => {
  api = await startTestApi();
  await opprettOrgan('psu-hnt', 'Politisk samarbeidsutvalg (PSU) i nordlige Trøndelag', 'psu');
  await opprettOrgan('asu-hnt', 'Administrativt samarbeidsutvalg (ASU)', 'asu');
  await opprettOrgan('au-hnt', 'Arbeidsutvalget', 'arbeidsutvalg');
  await opprettOrgan('sekretariat-hnt', 'Sekretariatet', 'sekretariat');
  await opprettOrgan('fagraad-kvalitet', 'Fagråd for kvalitet og pasientsikkerhet', 'fagraad');
  await opprettOrgan('fagraad-2', 'Fagråd 2', 'fagraad');
}, 60_000);

afterAll(async () => {
  await api?.close();
});

describe('a beslutningssak through every step over HTTP', () => {
  it('register → triage → order → receive → delegate to two fagråd → … → close → reopen → correct → withdraw', async () => {
    const sakId = await registrer({ saksnummer: '3/17' });
    const s = `/saker/${sakId}`;
    expect(await fase(sakId)).toBe('registrert');

    // The arbeidsutvalg assigns it «til riktig nivå»; PSU orders an investigation from ASU; ASU receives it.
    await steg(`${s}/nivaa`, { ...AU_MEDLEM, 'if-match': '"0"' }, { organId: 'psu-hnt', begrunnelse: 'PSU skal bestille utredningen.', gjelderFra: '2017-03-24' }, 'NivaaTildelt');
    expect(await fase(sakId)).toBe('tildelt');
    await steg(`${s}/bestillinger`, PSU_SEKRETAER, { tilOrganId: 'asu-hnt', mandat: 'Forslag til arbeidsprosess og framdriftsplan for en handlingsplan.', frist: '2018-02-13', gjelderFra: '2017-03-24' }, 'UtredningBestilt');
    expect(await fase(sakId)).toBe('bestilt');
    await steg(`${s}/bestillinger/mottak`, ASU_SEKRETAER, { saksnummer: '16/2017', gjelderFra: '2017-04-18' }, 'BestillingMottatt');
    expect(await fase(sakId)).toBe('under_utredning');

    // ASU delegates to two fagråd at the same moment: both oppdrag are recorded, each with its own id.
    const [d1, d2] = await Promise.all([
      steg(`${s}/oppdrag`, ASU_SEKRETAER, { tilOrganId: 'fagraad-kvalitet', mandat: 'Forbedringsarbeid ut fra samhandlingsavvik.', frist: '2017-10-01', gjelderFra: '2017-05-01' }, 'OppdragDelegert'),
      steg(`${s}/oppdrag`, ASU_SEKRETAER, { tilOrganId: 'fagraad-2', mandat: 'Beskrive helhetlige pasientforløp fra hjem til hjem.', frist: '2017-10-01', gjelderFra: '2017-05-01' }, 'OppdragDelegert'),
    ]);
    const kvalitet: string = d1!.json.oppdragId;
    const fagraad2: string = d2!.json.oppdragId;
    expect(kvalitet).toMatch(/^[0-9a-f-]{36}$/);
    expect(fagraad2).not.toBe(kvalitet);

    // Each receiver sees its own next step.
    expect((await les(sakId, KVALITET_LEDER)).tillatteSteg).toEqual(expect.arrayContaining(['AksepterOppdrag', 'BeOmUtsattFrist']));
    expect((await les(sakId, KVALITET_LEDER)).tillatteSteg).not.toContain('DelegerOppdrag');
    expect((await les(sakId, ASU_SEKRETAER)).tillatteSteg).toEqual(expect.arrayContaining(['DelegerOppdrag']));

    await steg(`${s}/oppdrag/${kvalitet}/aksept`, KVALITET_LEDER, { gjelderFra: '2017-05-10' }, 'OppdragAkseptert');
    await steg(`${s}/oppdrag/${fagraad2}/aksept`, FAGRAAD2_LEDER, {}, 'OppdragAkseptert');
    await steg(`${s}/oppdrag/${fagraad2}/utsettelse`, FAGRAAD2_LEDER, { nyFrist: '2017-11-01', begrunnelse: 'Trenger innspill fra kommunene.', gjelderFra: '2017-09-01' }, 'UtsattFristBedt');
    await steg(`${s}/oppdrag/${fagraad2}/utsettelse/innvilgelse`, ASU_SEKRETAER, { gjelderFra: '2017-09-05' }, 'UtsattFristInnvilget');
    await steg(`${s}/oppdrag/${kvalitet}/leveranser`, KVALITET_LEDER, { leveranse: 'Forslag til tiltak.', gjelderFra: '2017-09-20' }, 'OppdragLevert');
    await steg(`${s}/oppdrag/${fagraad2}/leveranser`, FAGRAAD2_LEDER, { leveranse: 'Utkast til pasientforløp.', gjelderFra: '2017-10-20' }, 'OppdragLevert');
    await steg(`${s}/oppdrag/${kvalitet}/leveranser/godtakelse`, ASU_SEKRETAER, { merknad: 'Tas inn i planen.', gjelderFra: '2017-10-25' }, 'LeveranseGodtatt');
    await steg(`${s}/oppdrag/${fagraad2}/leveranser/retur`, ASU_SEKRETAER, { begrunnelse: 'Beskriv overgangen sykehus–kommune.', nyFrist: '2017-11-15', gjelderFra: '2017-10-25' }, 'LeveranseReturnert');
    await steg(`${s}/oppdrag/${fagraad2}/utsettelse`, FAGRAAD2_LEDER, { nyFrist: '2017-12-15', begrunnelse: 'Mer tid.', gjelderFra: '2017-10-30' }, 'UtsattFristBedt');
    await steg(`${s}/oppdrag/${fagraad2}/utsettelse/avslag`, ASU_SEKRETAER, { begrunnelse: 'Felles møte 23.11.2017.', gjelderFra: '2017-10-31' }, 'UtsattFristAvslaatt');
    await steg(`${s}/oppdrag/${fagraad2}/leveranser`, FAGRAAD2_LEDER, { leveranse: 'Revidert pasientforløp.', gjelderFra: '2017-11-10' }, 'OppdragLevert');
    await steg(`${s}/oppdrag/${fagraad2}/leveranser/godtakelse`, ASU_SEKRETAER, { gjelderFra: '2017-11-12' }, 'LeveranseGodtatt');

    const etterOppdrag = await les(sakId);
    expect(etterOppdrag.state.oppdrag.map((o: { tilOrganId: string; status: string; frist: string }) => [o.tilOrganId, o.status, o.frist])).toEqual([
      ['fagraad-kvalitet', 'godtatt', '2017-10-01'],
      ['fagraad-2', 'godtatt', '2017-11-15'],
    ]);

    await steg(`${s}/innstilling`, ASU_SEKRETAER, { forslagTilVedtak: 'ASU anbefaler at PSU slutter seg til handlingsplanen.', gjelderFra: '2017-11-15' }, 'InnstillingAvgitt');
    for (const [partId, navn, parttype] of [['kommunene-nt', 'Kommunene i Nord-Trøndelag', 'kommune'], ['hnt', 'Helse Nord-Trøndelag HF', 'helseforetak']] as const) {
      expect((await api.request('POST', '/parter', { headers: ADMIN, body: { partId, navn, parttype, gjelderFra: '2012-01-01' } })).status).toBe(201);
    }
    const hoering = await steg(`${s}/hoeringer`, ASU_SEKRETAER, { hoeringsutkast: 'Utkast til handlingsplan', mottakere: ['kommunene-nt', 'hnt'], hoeringsfrist: '2018-01-15', gjelderFra: '2017-11-16' }, 'SendtPaaHoering');
    const svarDok = await lastOppMultipart(api, '/dokumenter', ASU_SEKRETAER, { tittel: 'Høringssvar fra HNT', tilknytningstype: 'hoeringssvar', sakId, hoeringId: hoering.json.hoeringId, partId: 'hnt', gjelderFra: '2018-01-10' }, { navn: 'svar.txt', bytes: Buffer.from('HNT svarer.\n') });
    expect(svarDok.status).toBe(201);
    await steg(`${s}/hoeringer/${hoering.json.hoeringId}/svar`, ASU_SEKRETAER, { partId: 'hnt', dokumentId: svarDok.json.dokumentId, gjelderFra: '2018-01-10' }, 'HoeringssvarRegistrert');
    expect((await api.request('POST', '/organer/asu-hnt/medlemmer', { headers: ADMIN, body: { personId: 'peter-ardon', navn: 'Peter Ardon', rolle: 'leder', fra: '2017-01-01' } })).status).toBe(201);
    await steg(`${s}/brev`, ASU_SEKRETAER, { mottaker: 'hnt', tittel: 'Utkastet til handlingsplan', signatarer: [{ personId: 'peter-ardon', organId: 'asu-hnt', rolle: 'leder' }], gjelderFra: '2017-11-16' }, 'BrevSendt');
    expect(await fase(sakId)).toBe('innstilling_avgitt');

    const agenda = await steg(`${s}/saksliste`, PSU_SEKRETAER, { organIder: ['psu-hnt'], moetedato: '2017-11-23', moetested: 'Sykehuset Levanger' }, 'SattPaaSaksliste');
    expect(agenda.json.moetesaksnumre).toEqual([{ organId: 'psu-hnt', moetesaksaar: 2017, moetesakssekvensnummer: 1, formatert: '1/17' }]);
    const punkt: string = agenda.json.sakslistepunktId;

    // The minutes are entered afterwards: the decision takes effect on the meeting date.
    await steg(`${s}/sakslistepunkter/${punkt}/vedtak`, PSU_SEKRETAER, { vedtaksutfall: 'vedtatt', vedtakstekst: 'PSU slutter seg til handlingsplanen.' }, 'VedtakFattet');
    expect(await fase(sakId)).toBe('vedtak_fattet');

    const opp = await steg(`${s}/oppfoelginger`, PSU_SEKRETAER, { tilOrganId: 'fagraad-kvalitet', beskrivelse: 'Følg opp tiltakene.', frist: '2018-06-30', gjelderFra: '2017-11-23' }, 'SendtTilOppfoelging');
    const oppfoelgingId: string = opp.json.oppfoelgingId;
    await steg(`${s}/oppfoelginger/${oppfoelgingId}/rapporter`, KVALITET_LEDER, { rapport: 'Halvparten av tiltakene er i gang.', gjelderFra: '2018-03-01' }, 'OppfoelgingRapportert');
    await steg(`${s}/oppfoelginger/${oppfoelgingId}/fullfoering`, KVALITET_LEDER, { merknad: 'Ferdig.', gjelderFra: '2018-06-01' }, 'OppfoelgingFullfoert');
    expect(await fase(sakId)).toBe('oppfoelging_fullfoert');

    await steg(`${s}/avslutning`, PSU_SEKRETAER, { avskrivningsmaate: 'Vedtak fulgt opp', gjelderFra: '2018-06-02' }, 'SakAvsluttet');
    const lukket = await les(sakId, PSU_SEKRETAER);
    expect(lukket.state.fase).toBe('avsluttet');
    expect(lukket.tillatteSteg).toEqual(['GjenaapneSak']);

    await steg(`${s}/gjenaapning`, PSU_SEKRETAER, { begrunnelse: 'Planen skal rulleres.', gjelderFra: '2019-01-10' }, 'SakGjenaapnet');
    expect(await fase(sakId)).toBe('registrert');

    // A correction adds a fact; the original event stays as it was recorded.
    await steg(`${s}/korrigeringer`, PSU_SEKRETAER, {
      hendelsesnummer: 0,
      hendelsestype: 'SakRegistrert',
      felt: 'tittel',
      gammelVerdi: 'Handlingsplan for samhandling 2018–2021',
      nyVerdi: 'Handlingsplan for samhandling mellom kommunene og HNT 2018–2021',
      begrunnelse: 'Fullstendig tittel.',
    }, 'OpplysningKorrigert');
    // The sekretariat exempts the description from public access, and lifts it again (steps of the same workflow).
    const skjerming = await steg(`${s}/skjerminger`, ADMIN, { felt: ['beskrivelse'], skjermingshjemmel: 'offl. § 14 første ledd' }, 'SkjermingMarkert');
    expect(skjerming.json.skjermingId).toEqual(expect.any(String));
    expect((await les(sakId)).tillatteSteg).toEqual(expect.arrayContaining(['MarkerSkjerming', 'OpphevSkjerming']));
    await steg(`${s}/skjerminger/${skjerming.json.skjermingId}/oppheving`, ADMIN, { begrunnelse: 'Organinternt dokument er ferdigbehandlet.' }, 'SkjermingOpphevet');
    await steg(`${s}/trekking`, PSU_SEKRETAER, { begrunnelse: 'Erstattes av ny plan.' }, 'SakTrukket');

    const slutt = await les(sakId);
    expect(slutt.state.fase).toBe('trukket');
    expect(slutt.state.tittel).toBe('Handlingsplan for samhandling mellom kommunene og HNT 2018–2021');
    expect(slutt.hendelser[0].data.tittel).toBe('Handlingsplan for samhandling 2018–2021');
    expect(slutt.state.saksnumre).toEqual({ 'psu-hnt': '3/17', 'asu-hnt': '16/2017' });
    // Every step of the declaration was taken over HTTP.
    const hendelser: string[] = slutt.hendelser.map((h: { type: string }) => h.type);
    const arbeidsflyt = (await api.request('GET', '/arbeidsflyt')).json;
    for (const st of arbeidsflyt.steg) expect(hendelser).toContain(st.hendelse);
    // Both times on every fact: effective from the papers' dates, recorded now.
    const vedtak = slutt.hendelser.find((h: { type: string }) => h.type === 'VedtakFattet');
    expect(vedtak.effectiveAt).toBe('2017-11-23');
    expect(new Date(vedtak.recordedAt).getTime()).toBeGreaterThan(Date.parse('2020-01-01'));
  });
});

describe('allowed steps are exact for the asking actor', () => {
  it('uses the actor\'s body (type, level) and relation to the sak', async () => {
    const sakId = await registrer();
    await steg(`/saker/${sakId}/nivaa`, AU_MEDLEM, { organId: 'psu-hnt' }, 'NivaaTildelt');
    expect((await les(sakId, PSU_SEKRETAER)).tillatteSteg).toContain('BestillUtredning');
    // A fagråd leader is a leader, but of a body on the faglig level: it may not order an investigation.
    expect((await les(sakId, FAGRAAD2_LEDER)).tillatteSteg).not.toContain('BestillUtredning');
    // An observer may attend and speak, never act.
    expect((await les(sakId, PSU_OBSERVATOER)).tillatteSteg).toEqual([]);
    // Without an actor: what the phase allows.
    expect((await les(sakId)).tillatteSteg).toEqual(expect.arrayContaining(['BestillUtredning', 'TildelNivaa', 'TrekkSak']));
  });
});

describe('every refusal is a clear 4xx with the reason and records nothing', () => {
  it('422 when the phase does not allow the step, with the steps allowed now', async () => {
    const sakId = await registrer();
    await expectNothingRecorded(async () => {
      const res = await api.request('POST', `/saker/${sakId}/sakslistepunkter/p-1/vedtak`, { headers: PSU_SEKRETAER, body: { vedtaksutfall: 'vedtatt', vedtakstekst: 'x' } });
      expectProblemResponse(res, 422, 'steg_ikke_tillatt_i_fase');
      expect(res.json.detail).toMatch(/Registrert/);
      expect(res.json.allowedSteps).toEqual(expect.arrayContaining(['TildelNivaa', 'BestillUtredning']));
    });
  });

  // Issue 7: the actor is authenticated but may not take the step → 403 (was 422).
  it('403 for the wrong role and for a body that may not take the step', async () => {
    const sakId = await registrer();
    await expectNothingRecorded(async () => {
      const res = await api.request('POST', `/saker/${sakId}/bestillinger`, { headers: PSU_OBSERVATOER, body: { tilOrganId: 'asu-hnt', mandat: 'm', frist: '2030-01-01' } });
      expectProblemResponse(res, 403, 'rolle_ikke_tillatt');
      expect(res.json.detail).toMatch(/observatør/);
    });
    await expectNothingRecorded(async () => {
      const res = await api.request('POST', `/saker/${sakId}/bestillinger`, { headers: FAGRAAD2_LEDER, body: { tilOrganId: 'asu-hnt', mandat: 'm', frist: '2030-01-01' } });
      expectProblemResponse(res, 403, 'organ_ikke_tillatt');
      expect(res.json.allowedSteps).toEqual([]);
    });
  });

  it('422 for a precondition (open oppdrag), a body of the wrong level, and a closed sak', async () => {
    const sakId = await registrer();
    await steg(`/saker/${sakId}/bestillinger`, PSU_SEKRETAER, { tilOrganId: 'asu-hnt', mandat: 'm', frist: '2031-01-01' }, 'UtredningBestilt');
    await steg(`/saker/${sakId}/bestillinger/mottak`, ASU_SEKRETAER, {}, 'BestillingMottatt');
    await steg(`/saker/${sakId}/oppdrag`, ASU_SEKRETAER, { tilOrganId: 'fagraad-2', mandat: 'm', frist: '2030-01-01' }, 'OppdragDelegert');
    await expectNothingRecorded(async () => {
      const res = await api.request('POST', `/saker/${sakId}/innstilling`, { headers: ASU_SEKRETAER, body: { forslagTilVedtak: 'f' } });
      expectProblemResponse(res, 422, 'aapne_oppdrag');
      expect(res.json.detail).toMatch(/fagraad-2/);
    });
    // Only downward: PSU is above ASU.
    await expectNothingRecorded(async () => {
      const res = await api.request('POST', `/saker/${sakId}/oppdrag`, { headers: ASU_SEKRETAER, body: { tilOrganId: 'psu-hnt', mandat: 'm', frist: '2030-01-01' } });
      expectProblemResponse(res, 422, 'delegering_ikke_nedover');
      expect(res.json.detail).toMatch(/nedover/);
    });
    await steg(`/saker/${sakId}/trekking`, PSU_SEKRETAER, { begrunnelse: 'Ikke aktuell.' }, 'SakTrukket');
    await expectNothingRecorded(async () => {
      const res = await api.request('POST', `/saker/${sakId}/innstilling`, { headers: ASU_SEKRETAER, body: { forslagTilVedtak: 'f' } });
      expectProblemResponse(res, 422, 'sak_lukket');
      // A closed sak may be reopened, and its information still exempted from public access.
      expect(res.json.allowedSteps).toEqual(['GjenaapneSak', 'MarkerSkjerming']);
    });
  });

  it('404 for an unknown oppdrag; 409 for a stale If-Match', async () => {
    const sakId = await registrer();
    await steg(`/saker/${sakId}/bestillinger`, PSU_SEKRETAER, { tilOrganId: 'asu-hnt', mandat: 'm', frist: '2031-01-01' }, 'UtredningBestilt');
    await steg(`/saker/${sakId}/bestillinger/mottak`, ASU_SEKRETAER, {}, 'BestillingMottatt');
    const d = await steg(`/saker/${sakId}/oppdrag`, ASU_SEKRETAER, { tilOrganId: 'fagraad-2', mandat: 'm', frist: '2030-01-01' }, 'OppdragDelegert');
    await expectNothingRecorded(async () => {
      expectProblemResponse(await api.request('POST', `/saker/${sakId}/oppdrag/finnes-ikke/aksept`, { headers: FAGRAAD2_LEDER, body: {} }), 404, 'oppdrag_ikke_funnet');
    });
    await expectNothingRecorded(async () => {
      const res = await api.request('POST', `/saker/${sakId}/oppdrag/${d.json.oppdragId}/aksept`, { headers: { ...FAGRAAD2_LEDER, 'if-match': '"1"' }, body: {} });
      expectProblemResponse(res, 409, 'revision_conflict');
      expect(res.headers['etag']).toBe('"3"');
    });
    // With the current revision it goes through.
    await steg(`/saker/${sakId}/oppdrag/${d.json.oppdragId}/aksept`, { ...FAGRAAD2_LEDER, 'if-match': '"3"' }, {}, 'OppdragAkseptert');
  });

  it('400 for an unknown body, naming the field', async () => {
    const sakId = await registrer();
    await expectNothingRecorded(async () => {
      const res = await api.request('POST', `/saker/${sakId}/bestillinger`, { headers: PSU_SEKRETAER, body: { tilOrganId: 'finnes-ikke', mandat: 'm', frist: '2030-01-01' } });
      expectProblemResponse(res, 400, 'organ_ikke_funnet');
      expect(res.json.errors).toEqual([{ field: 'tilOrganId', reason: expect.stringContaining('finnes-ikke') }]);
    });
    await expectNothingRecorded(async () => {
      const res = await api.request('POST', `/saker/${sakId}/nivaa`, { headers: AU_MEDLEM, body: { organId: 'fagraad-99' } });
      expectProblemResponse(res, 400, 'organ_ikke_funnet');
      expect(res.json.errors[0].field).toBe('organId');
    });
  });

  it('400 for a deadline before the order', async () => {
    const sakId = await registrer();
    for (const [path, headers, body, field] of [
      [`/saker/${sakId}/bestillinger`, PSU_SEKRETAER, { tilOrganId: 'asu-hnt', mandat: 'm', frist: '2017-03-01', gjelderFra: '2017-03-24' }, 'frist'],
      [`/saker/${sakId}/bestillinger`, PSU_SEKRETAER, { tilOrganId: 'asu-hnt', mandat: 'm', frist: '2017-03-24', gjelderFra: '2017-03-24' }, 'frist'],
    ] as const) {
      await expectNothingRecorded(async () => {
        const res = await api.request('POST', path, { headers, body });
        expectProblemResponse(res, 400, 'frist_ikke_etter_gjelder_fra');
        expect(res.json.errors[0].field).toBe(field);
      });
    }
  });

  it('400 for empty or oversize texts, unknown fields, malformed dates and bad path ids', async () => {
    const sakId = await registrer();
    const s = `/saker/${sakId}`;
    const cases: [string, Record<string, string>, unknown, string][] = [
      [`${s}/bestillinger`, PSU_SEKRETAER, { tilOrganId: 'asu-hnt', mandat: '', frist: '2030-01-01' }, 'mandat'],
      [`${s}/bestillinger`, PSU_SEKRETAER, { tilOrganId: 'asu-hnt', mandat: '   ', frist: '2030-01-01' }, 'mandat'],
      [`${s}/innstilling`, ASU_SEKRETAER, { forslagTilVedtak: 'x'.repeat(20001) }, 'forslagTilVedtak'],
      [`${s}/nivaa`, AU_MEDLEM, { organId: 'asu-hnt', prioritet: 'høy' }, 'prioritet'],
      [`${s}/saksliste`, PSU_SEKRETAER, { organIder: ['psu-hnt'], moetedato: '15.02.2019' }, 'moetedato'],
      [`${s}/saksliste`, PSU_SEKRETAER, { organIder: ['psu-hnt'], moetedato: '2019-02-30' }, 'moetedato'],
      [`${s}/saksliste`, PSU_SEKRETAER, { organIder: [], moetedato: '2019-02-15' }, 'organIder'],
      [`${s}/saksliste`, PSU_SEKRETAER, { organIder: ['psu-hnt', 'psu-hnt'], moetedato: '2019-02-15' }, 'organIder'],
      [`${s}/trekking`, PSU_SEKRETAER, {}, 'begrunnelse'],
      [`${s}/avslutning`, PSU_SEKRETAER, { gjelderFra: 'i går' }, 'gjelderFra'],
      [`${s}/korrigeringer`, PSU_SEKRETAER, { hendelsesnummer: -1, hendelsestype: 'SakRegistrert', felt: 'tittel', gammelVerdi: 'a', nyVerdi: { x: 1 }, begrunnelse: 'b' }, 'nyVerdi'],
      [`${s}/sakslistepunkter/${encodeURIComponent('ikke gyldig!')}/vedtak`, PSU_SEKRETAER, { vedtaksutfall: 'vedtatt', vedtakstekst: 'x' }, 'sakslistepunktId'],
      [`${s}/sakslistepunkter/p-1/vedtak`, PSU_SEKRETAER, { vedtaksutfall: 'godkjent', vedtakstekst: 'x' }, 'vedtaksutfall'],
    ];
    for (const [path, headers, body, field] of cases) {
      await expectNothingRecorded(async () => {
        const res = await api.request('POST', path, { headers, body });
        expectProblemResponse(res, 400);
        expect(res.json.errors.map((e: { field: string }) => e.field)).toContain(field);
      });
    }
  });
});

describe('the workflow as data and pictures, from the one declaration', () => {
  it('GET /arbeidsflyt lists every step with who may take it, its rules and its endpoint', async () => {
    const res = await api.request('GET', '/arbeidsflyt');
    expect(res.status).toBe(200);
    expect(res.json.steg.map((s: { steg: string }) => s.steg)).toEqual([...SAK_STEG]);
    const bestill = res.json.steg.find((s: { steg: string }) => s.steg === 'BestillUtredning');
    expect(bestill).toMatchObject({
      hendelse: 'UtredningBestilt',
      fra: ['registrert', 'tildelt'],
      hvem: { roller: ['leder', 'nestleder', 'sekretaer'], organ: [{ nivaa: 'politisk', beskrivelse: 'et organ på politisk nivå' }] },
      http: { method: 'POST', path: '/saker/{sakId}/bestillinger' },
    });
    expect(bestill.regler).toEqual(expect.arrayContaining([{ kode: 'frist_ikke_etter_gjelder_fra', grunn: expect.stringMatching(/Fristen/), art: 'refused' }]));
    expect(res.json.faser.map((f: { fase: string }) => f.fase)).toContain('til_oppfoelging');

    // Every step's endpoint is in the OpenAPI document, with a DTO, If-Match and the problem responses.
    const doc = (await api.request('GET', '/docs-json')).json;
    for (const st of res.json.steg) {
      const op = doc.paths[st.http.path]?.post;
      expect({ steg: st.steg, documented: op !== undefined }).toEqual({ steg: st.steg, documented: true });
      expect(op.operationId).toBe(st.steg);
      for (const status of ['201', '400', '401', '413', '422', '503']) expect(op.responses[status]).toBeDefined();
      if (st.steg !== 'RegistrerSak') {
        for (const status of ['404', '409']) expect(op.responses[status]).toBeDefined();
        expect(op.parameters.map((p: { name: string }) => p.name)).toContain('If-Match');
      }
      // The request schema comes from the step's declared fields: no unknown field, gjelderFra on every step.
      const schema = op.requestBody.content['application/json'].schema;
      expect(schema).toMatchObject({ type: 'object', additionalProperties: false });
      expect(Object.keys(schema.properties)).toContain('gjelderFra');
    }
    const body = (steg: string) => doc.paths[res.json.steg.find((s: { steg: string }) => s.steg === steg).http.path].post.requestBody.content['application/json'].schema;
    expect(body('DelegerOppdrag')).toMatchObject({ required: ['tilOrganId', 'mandat', 'frist'], properties: { frist: { format: 'date' }, tilOrganId: { maxLength: 100 } } });
    expect(body('SettPaaSaksliste').required).toEqual(['moetedato', 'organIder']);
    expect(body('FattVedtak').properties.vedtaksutfall.enum).toEqual(['vedtatt', 'tatt_til_orientering', 'droeftet', 'utsatt', 'sendt_tilbake', 'avvist']);
    expect(Object.keys(body('KorrigerOpplysning').properties)).toEqual(['hendelsesnummer', 'hendelsestype', 'felt', 'gammelVerdi', 'nyVerdi', 'begrunnelse', 'gjelderFra']);
  });

  it('serves the diagram as SVG and Mermaid, drawing every step', async () => {
    const svg = await api.request('GET', '/arbeidsflyt/diagram.svg');
    expect(svg.status).toBe(200);
    expect(String(svg.headers['content-type'])).toMatch(/^image\/svg\+xml/);
    expect(svg.body).toMatch(/^<svg|<\?xml/);
    const mmd = await api.request('GET', '/arbeidsflyt/diagram.mmd');
    expect(mmd.status).toBe(200);
    expect(mmd.body.startsWith('stateDiagram-v2')).toBe(true);
    for (const st of SAK_STEG) {
      expect(mmd.body).toContain(st);
      expect(svg.body).toContain(st);
    }
  });
});
