/**
 * The meetings' read models (issue #15 item 8): each body's møtekalender (GET /organer/{organId}/moeter?aar=)
 * and «klar for saksliste» (GET /organer/{organId}/klar-for-saksliste): the saker with an innstilling
 * not yet on an agenda, on the agenda of the body whose turn it is. Checkpointed projections (read your
 * writes with minPosition), rebuildable with the same answers; read by the body's members like its
 * other lists.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { formatPosition, START } from '@saksgang/event-store';
import { actor, expectProblemResponse, startTestApi, type TestApi, type TestResponse } from './support.js';

jest.setTimeout(180_000);

const ADMIN = actor('admin', 'sekretariat-hnt', 'sekretaer');
const PSU_SEKRETAER = actor('ks-sekretaer', 'psu-hnt', 'sekretaer');
const PSU_MEDLEM = actor('ordfoerer-a', 'psu-hnt', 'medlem');
const ASU_SEKRETAER = actor('olav-bremnes', 'asu-hnt', 'sekretaer');
const ASU_LEDER = actor('peter-ardon', 'asu-hnt', 'leder');
const FAGRAAD = actor('fagraad-leder', 'fagraad-2', 'leder');
const DRIFT = actor('it-drift', 'drift', 'drift');

let api: TestApi;

async function ok(method: string, url: string, headers: Record<string, string>, body?: unknown): Promise<TestResponse> {
  const res = await api.request(method, url, { headers, body });
  if (res.status >= 300) throw new Error(`${method} ${url} → ${res.status}: ${res.body}`);
  return res;
}

/** A read after every write so far (the newest position in the store). */
async function les(url: string, headers: Record<string, string> = PSU_MEDLEM): Promise<TestResponse> {
  const alle = await api.opened.store.readAll({ fromPosition: START, maxCount: 1_000_000 });
  const pos = formatPosition(alle[alle.length - 1]!.position);
  return ok('GET', `${url}${url.includes('?') ? '&' : '?'}minPosition=${encodeURIComponent(pos)}`, headers);
}

const klar = async (organId: string, headers = PSU_MEDLEM) => ((await les(`/organer/${organId}/klar-for-saksliste`, headers)).json.saker as { tittel: string }[]).map((s) => s.tittel);

async function planlegg(organIder: string[], moetedato: string, gjelderFra: string, ekstra: Record<string, unknown> = {}): Promise<string> {
  return (await ok('POST', '/moeter', PSU_SEKRETAER, { organIder, moetedato, starttid: '09:00', sluttid: '11:30', moetested: 'Sykehuset Levanger, Store møterom Arken', gjelderFra, ...ekstra })).json.moeteId as string;
}

let handlingsplan: string;
let moeteFeb: string;

beforeAll(async () => {
  api = await startTestApi({ SAKSGANG_PROJECTIONS: 'on', SAKSGANG_MIN_POSITION_WAIT_MS: '5000' });
  for (const [organId, navn, organtype] of [
    ['sekretariat-hnt', 'Helsefellesskapets sekretariat', 'sekretariat'],
    ['psu-hnt', 'PSU – politisk samarbeidsutvalg', 'psu'],
    ['asu-hnt', 'ASU – administrativt samarbeidsutvalg', 'asu'],
    ['fagraad-2', 'Fagråd 2', 'fagraad'],
  ]) {
    await ok('POST', '/organer', ADMIN, { organId, navn, organtype, mandat: `Mandat for ${navn}`, gjelderFra: '2012-01-01' });
  }
  for (const [personId, navn, rolle] of [
    ['robert-svarva', 'Robert Svarva', 'leder'],
    ['ordfoerer-a', 'Ordfører A', 'medlem'],
    ['ks-sekretaer', 'KS (sekretær)', 'sekretaer'],
  ]) {
    await ok('POST', '/organer/psu-hnt/medlemmer', ADMIN, { personId, navn, rolle, fra: '2016-01-01' });
  }
  await ok('POST', '/organer/asu-hnt/medlemmer', ADMIN, { personId: 'peter-ardon', navn: 'Peter Ardon', rolle: 'leder', fra: '2016-01-01' });
  await ok('POST', '/organer/asu-hnt/medlemmer', ADMIN, { personId: 'olav-bremnes', navn: 'Olav Bremnes', rolle: 'sekretaer', fra: '2016-01-01' });
  await ok('POST', '/organer/asu-hnt/medlemmer', ADMIN, { personId: 'ks-sekretaer', navn: 'KS (sekretær)', rolle: 'sekretaer', fra: '2016-01-01' });
  await ok('POST', '/organer/fagraad-2/medlemmer', ADMIN, { personId: 'fagraad-leder', navn: 'Fagrådets leder', rolle: 'leder', fra: '2012-01-01' });

  // PSU orders the action plan from ASU; ASU gives its innstilling (seed 002: PSU sak 3/17 → ASU sak 16/2017).
  handlingsplan = (await ok('POST', '/saker', PSU_SEKRETAER, { tittel: 'Handlingsplan for samhandling 2018–2021', innmeldtAv: 'psu-hnt', gjelderFra: '2017-03-16' })).json.sakId;
  await ok('POST', `/saker/${handlingsplan}/bestillinger`, PSU_SEKRETAER, { tilOrganId: 'asu-hnt', mandat: 'Utarbeide forslag til handlingsplan.', frist: '2018-12-31', gjelderFra: '2017-03-16' });
  await ok('POST', `/saker/${handlingsplan}/bestillinger/mottak`, ASU_SEKRETAER, { saksnummer: '16/2017', gjelderFra: '2017-04-18' });
  await ok('POST', `/saker/${handlingsplan}/innstilling`, ASU_LEDER, { forslagTilVedtak: 'PSU vedtar handlingsplanen for 2018–2021.', gjelderFra: '2018-12-01' });
  // A sak ASU got from the sekretariat and decides itself.
  const egen = (await ok('POST', '/saker', ADMIN, { tittel: 'Rekruttere og beholde sykepleiere', innmeldtAv: 'sekretariat-hnt', gjelderFra: '2018-11-01' })).json.sakId;
  await ok('POST', `/saker/${egen}/nivaa`, ADMIN, { organId: 'asu-hnt', gjelderFra: '2018-11-02' });
  await ok('POST', `/saker/${egen}/innstilling`, ASU_LEDER, { forslagTilVedtak: 'ASU gir personalnettverket et oppdrag.', gjelderFra: '2018-12-05' });

  await planlegg(['psu-hnt', 'asu-hnt'], '2017-11-23', '2017-11-01', { moetested: 'Stiklestad' });
  moeteFeb = await planlegg(['psu-hnt'], '2019-02-15', '2019-01-20', { egenOrienteringsserie: ['psu-hnt'] });
  await ok('POST', `/moeter/${moeteFeb}/saksliste`, PSU_SEKRETAER, { tittel: 'Eventuelt', moetesakstype: 'eventuelt', gjelderFra: '2019-01-25' });
  await ok('POST', `/moeter/${moeteFeb}/innkalling`, PSU_SEKRETAER, { gjelderFra: '2019-02-01' });
}, 150_000);

afterAll(async () => {
  await api?.close();
});

describe('møtekalender per body', () => {
  it('a body’s meetings in a year, with status, number, place and time; a joint meeting in both bodies’ calendars', async () => {
    const april = await planlegg(['psu-hnt'], '2019-04-25', '2019-03-01');
    const psu2019 = (await les('/organer/psu-hnt/moeter?aar=2019')).json;
    expect(psu2019).toMatchObject({ organId: 'psu-hnt', aar: 2019, antall: 2 });
    expect(psu2019.moeter.map((m: { moeteId: string }) => m.moeteId)).toEqual([moeteFeb, april]);
    expect(psu2019.moeter[0]).toMatchObject({
      moetedato: '2019-02-15',
      starttid: '09:00',
      sluttid: '11:30',
      moetested: 'Sykehuset Levanger, Store møterom Arken',
      status: 'innkalling_sendt',
      statusTekst: 'Innkalling sendt',
      moetenummer: 1,
      organIder: ['psu-hnt'],
      organnavn: ['PSU – politisk samarbeidsutvalg'],
      fellesmoete: false,
      antallPunkter: 1,
    });
    expect(psu2019.moeter[1]).toMatchObject({ status: 'planlagt', moetenummer: null, antallPunkter: 0 });

    for (const organId of ['psu-hnt', 'asu-hnt']) {
      const [felles] = (await les(`/organer/${organId}/moeter?aar=2017`, organId === 'asu-hnt' ? ASU_SEKRETAER : PSU_MEDLEM)).json.moeter;
      expect(felles).toMatchObject({ moetedato: '2017-11-23', moetested: 'Stiklestad', fellesmoete: true, organIder: ['psu-hnt', 'asu-hnt'], organnavn: ['PSU – politisk samarbeidsutvalg', 'ASU – administrativt samarbeidsutvalg'] });
    }
    expect((await les('/organer/psu-hnt/moeter')).json.antall).toBe(3);

    // Moved to another year and called off: the calendar follows.
    await ok('POST', `/moeter/${april}/flytting`, PSU_SEKRETAER, { moetedato: '2020-01-16', begrunnelse: 'Utsatt til neste år.', gjelderFra: '2019-03-10' });
    await ok('POST', `/moeter/${april}/avlysning`, PSU_SEKRETAER, { begrunnelse: 'For få saker.', gjelderFra: '2019-03-11' });
    expect((await les('/organer/psu-hnt/moeter?aar=2019')).json.antall).toBe(1);
    expect((await les('/organer/psu-hnt/moeter?aar=2020')).json.moeter[0]).toMatchObject({ moeteId: april, moetedato: '2020-01-16', status: 'avlyst', statusTekst: 'Avlyst' });
  });
});

describe('klar for saksliste per body', () => {
  it('PSU gets the answer to its order, ASU the sak it decides itself; on a meeting’s saksliste it is not ready, withdrawn it is again', async () => {
    expect(await klar('psu-hnt')).toEqual(['Handlingsplan for samhandling 2018–2021']);
    expect(await klar('asu-hnt', ASU_SEKRETAER)).toEqual(['Rekruttere og beholde sykepleiere']);
    const [sak] = (await les('/organer/psu-hnt/klar-for-saksliste')).json.saker;
    expect(sak).toMatchObject({ sakId: handlingsplan, innstillingFra: 'asu-hnt', innstillingFraNavn: 'ASU – administrativt samarbeidsutvalg', forslagTilVedtak: 'PSU vedtar handlingsplanen for 2018–2021.', innstillingGjelderFra: '2018-12-01' });

    const mars = await planlegg(['psu-hnt'], '2019-03-21', '2019-02-20');
    const punktId = (await ok('POST', `/moeter/${mars}/saksliste`, PSU_SEKRETAER, { sakId: handlingsplan, tittel: 'Handlingsplan for samhandling 2018–2021', forslagTilVedtak: 'PSU vedtar handlingsplanen.', gjelderFra: '2019-02-21' })).json.punktId;
    expect(await klar('psu-hnt')).toEqual([]);
    await ok('POST', `/moeter/${mars}/saksliste/${punktId}/trekking`, PSU_SEKRETAER, { begrunnelse: 'Ikke ferdig.', gjelderFra: '2019-02-22' });
    expect(await klar('psu-hnt')).toEqual(['Handlingsplan for samhandling 2018–2021']);
  });

  it('decided «utsatt» in the meeting it is ready again; decided «vedtatt» it is not', async () => {
    const mai = await planlegg(['psu-hnt'], '2019-05-23', '2019-04-20');
    const punkt = (await ok('POST', `/moeter/${mai}/saksliste`, PSU_SEKRETAER, { sakId: handlingsplan, tittel: 'Handlingsplan for samhandling 2018–2021', gjelderFra: '2019-04-21' })).json.punktId;
    await ok('POST', `/moeter/${mai}/innkalling`, PSU_SEKRETAER, { gjelderFra: '2019-05-01' });
    for (const personId of ['robert-svarva', 'ordfoerer-a']) await ok('POST', `/moeter/${mai}/oppmoete`, PSU_SEKRETAER, { personId, organId: 'psu-hnt', gjelderFra: '2019-05-23' });
    expect(await klar('psu-hnt')).toEqual([]);
    await ok('POST', `/moeter/${mai}/saksliste/${punkt}/vedtak`, PSU_SEKRETAER, { vedtaksutfall: 'utsatt', vedtakstekst: 'Saken utsettes til neste møte.' });
    expect(await klar('psu-hnt')).toEqual(['Handlingsplan for samhandling 2018–2021']);

    const juni = await planlegg(['psu-hnt'], '2019-06-13', '2019-05-24');
    const p2 = (await ok('POST', `/moeter/${juni}/saksliste`, PSU_SEKRETAER, { sakId: handlingsplan, tittel: 'Handlingsplan for samhandling 2018–2021', gjelderFra: '2019-05-25' })).json.punktId;
    await ok('POST', `/moeter/${juni}/innkalling`, PSU_SEKRETAER, { gjelderFra: '2019-06-01' });
    for (const personId of ['robert-svarva', 'ordfoerer-a']) await ok('POST', `/moeter/${juni}/oppmoete`, PSU_SEKRETAER, { personId, organId: 'psu-hnt', gjelderFra: '2019-06-13' });
    await ok('POST', `/moeter/${juni}/saksliste/${p2}/vedtak`, PSU_SEKRETAER, { vedtaksutfall: 'vedtatt', vedtakstekst: 'PSU vedtar handlingsplanen for 2018–2021.' });
    expect(await klar('psu-hnt')).toEqual([]);
    expect(await klar('asu-hnt', ASU_SEKRETAER)).toEqual(['Rekruttere og beholde sykepleiere']);
  });
});

describe('meetings in the årsstatistikk', () => {
  it('counts the meetings a body held in the year (joint ones too), called off, and not held yet', async () => {
    const mars = await planlegg(['psu-hnt'], '2019-10-10', '2019-09-01');
    await ok('POST', `/moeter/${mars}/avlysning`, PSU_SEKRETAER, { begrunnelse: 'Ingen saker.', gjelderFra: '2019-09-02' });
    const statistikk = (await les('/statistikk/psu-hnt/2019')).json;
    // Not held yet: February, May and June (innkalling sent, not marked held), March (planned); called off: October.
    expect(statistikk.moeter).toEqual({ holdt: 0, fellesmoeter: 0, avlyst: 1, ikkeHoldt: 4 });
    await ok('POST', `/moeter/${moeteFeb}/gjennomfoering`, PSU_SEKRETAER, { gjelderFra: '2019-02-15' });
    expect((await les('/statistikk/psu-hnt/2019')).json.moeter).toEqual({ holdt: 1, fellesmoeter: 0, avlyst: 1, ikkeHoldt: 3 });
    expect((await les('/statistikk/asu-hnt/2017', ASU_SEKRETAER)).json.moeter).toEqual({ holdt: 0, fellesmoeter: 0, avlyst: 0, ikkeHoldt: 1 });
  });
});

describe('a checkpointed projection', () => {
  it('rebuilt from the log, it answers the same', async () => {
    const foer = [(await les('/organer/psu-hnt/moeter')).body, (await les('/organer/asu-hnt/klar-for-saksliste', ASU_SEKRETAER)).body];
    const res = await api.request('POST', '/drift/projeksjoner/moeter/rebuild', { headers: DRIFT });
    expect(res.status).toBe(202);
    const frist = Date.now() + 30_000;
    for (;;) {
      const status = await ok('GET', '/drift/projeksjoner', DRIFT);
      const p = status.json.projections.find((x: { name: string }) => x.name === 'moeter');
      if (p.rebuild?.state === 'done' || Date.now() > frist) {
        expect(p.rebuild).toMatchObject({ state: 'done', error: null });
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    expect([(await les('/organer/psu-hnt/moeter')).body, (await les('/organer/asu-hnt/klar-for-saksliste', ASU_SEKRETAER)).body]).toEqual(foer);
  });
});

describe('read like a body’s other lists', () => {
  it('another body’s members are refused; a bad year and an unknown body answer problem+json', async () => {
    for (const url of ['/organer/psu-hnt/moeter?aar=2019', '/organer/psu-hnt/klar-for-saksliste']) {
      const nektet = await api.request('GET', url, { headers: FAGRAAD });
      expectProblemResponse(nektet, 403);
      expect(nektet.body).not.toContain('Handlingsplan');
    }
    const feil = await api.request('GET', '/organer/psu-hnt/moeter?aar=tjuenitten', { headers: PSU_MEDLEM });
    expectProblemResponse(feil, 400);
    expect(feil.body).toContain('aar');
    expectProblemResponse(await api.request('GET', '/organer/finnes-ikke/moeter', { headers: ADMIN }), 404);
    expect((await les('/organer/psu-hnt/moeter', ADMIN)).json.organId).toBe('psu-hnt');
  });
});

describe('a person’s own meetings (GET /meg/moeter)', () => {
  it('the meetings of the bodies the person belonged to on each date, a joint meeting once with every role; others’ meetings not', async () => {
    // KS's secretary serves both PSU and ASU: the joint meeting of 23.11.2017 is theirs twice over, listed once.
    const ks = (await les('/meg/moeter?fra=2017-01-01', PSU_SEKRETAER)).json;
    expect(ks.personId).toBe('ks-sekretaer');
    const felles = ks.moeter.find((m: { moetedato: string }) => m.moetedato === '2017-11-23');
    expect(felles).toMatchObject({ fellesmoete: true, moetested: 'Stiklestad', organnavn: ['PSU – politisk samarbeidsutvalg', 'ASU – administrativt samarbeidsutvalg'] });
    expect([...felles.somRolle].sort()).toEqual(['sekretær i ASU – administrativt samarbeidsutvalg', 'sekretær i PSU – politisk samarbeidsutvalg']);
    expect(ks.moeter.filter((m: { moeteId: string }) => m.moeteId === felles.moeteId)).toHaveLength(1);
    expect(ks.moeter.map((m: { moetedato: string }) => m.moetedato)).toEqual([...ks.moeter.map((m: { moetedato: string }) => m.moetedato)].sort());
    // ASU's leader: the joint meeting, not PSU's own of 15.02.2019.
    const asu = (await les('/meg/moeter?fra=2017-01-01', ASU_LEDER)).json;
    expect(asu.moeter.map((m: { moetedato: string }) => m.moetedato)).toContain('2017-11-23');
    expect(asu.moeter.map((m: { moetedato: string }) => m.moetedato)).not.toContain('2019-02-15');
    expect(asu.moeter.find((m: { moetedato: string }) => m.moetedato === '2017-11-23').somRolle).toEqual(['leder i ASU – administrativt samarbeidsutvalg']);
    // A window: only 2019.
    const psu2019 = (await les('/meg/moeter?fra=2019-01-01&til=2019-12-31', PSU_MEDLEM)).json;
    expect(psu2019.moeter.every((m: { moetedato: string }) => m.moetedato.startsWith('2019'))).toBe(true);
    expect(psu2019.moeter.map((m: { moeteId: string }) => m.moeteId)).toContain(moeteFeb);
    // A fagråd's leader holds no membership in PSU or ASU: none of theirs.
    expect((await les('/meg/moeter?fra=2012-01-01', FAGRAAD)).json.moeter).toEqual([]);
    // From today (the default): the meetings of 2017 and 2019 are past.
    expect((await les('/meg/moeter', PSU_SEKRETAER)).json.moeter.map((m: { moetedato: string }) => m.moetedato)).not.toContain('2017-11-23');
    const feil = await api.request('GET', '/meg/moeter?fra=23.11.2017', { headers: PSU_SEKRETAER });
    expectProblemResponse(feil, 400);
    expect(feil.body).toContain('fra');
  });
});
