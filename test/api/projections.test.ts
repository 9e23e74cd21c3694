/**
 * The read models over HTTP (issue 4): the projection runner in the service, every query endpoint with
 * read-your-writes (`minPosition` from the command's answer), the SVG and HTML saksforløp, filters and
 * pagination, validation, the operator rebuild, /health and /metrics.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ProjectionsService } from '@saksgang/application';
import { actor, expectProblemResponse, startTestApi, type TestApi, type TestResponse } from './support.js';

const PSU_SEKRETAER = actor('ks-sekretaer', 'psu-hnt', 'sekretaer');
const ASU_SEKRETAER = actor('olav-bremnes', 'asu-hnt', 'sekretaer');
const FAGRAAD2_LEDER = actor('fagraad2-leder', 'fagraad-2', 'leder');
const KVALITET_LEDER = actor('kvalitet-leder', 'fagraad-kvalitet', 'leder');
const ADMIN = actor('admin', 'sekretariat-hnt', 'sekretaer');
/** The operator (development headers: X-Dev-Organ `drift`). */
const DRIFT = actor('it-drift', 'drift', 'drift');
const WAIT_MS = 1500;

let api: TestApi;
/** The position of the newest write of this file (for queries that must see everything). */
let sist = '';

async function post(path: string, headers: Record<string, string>, body: unknown): Promise<TestResponse> {
  const res = await api.request('POST', path, { headers, body });
  if (res.status !== 201) throw new Error(`${path} → ${res.status}: ${res.body}`);
  expect(res.json.position).toMatch(/^C:\d+\/P:\d+$/);
  sist = res.json.position;
  return res;
}

async function get(path: string, minPosition = sist): Promise<TestResponse> {
  const sep = path.includes('?') ? '&' : '?';
  // The sekretariat reads every body's lists (a body's worklist is for its members and the sekretariat).
  return api.request('GET', minPosition ? `${path}${sep}minPosition=${encodeURIComponent(minPosition)}` : path, { headers: ADMIN });
}

async function ok(path: string, minPosition = sist): Promise<TestResponse> {
  const res = await get(path, minPosition);
  if (res.status !== 200) throw new Error(`GET ${path} → ${res.status}: ${res.body}`);
  return res;
}

function service(): ProjectionsService {
  return api.app.get(ProjectionsService);
}

/** «Handlingsplan»: PSU 3/17 orders from ASU, ASU (16/2017) delegates to fagråd 2, which has not delivered. */
let handlingsplan: string;
let oppdragId: string;
/** A sak decided by PSU on 2017-11-23 and sent to fagråd for kvalitet for follow-up by 2018-06-30. */
let vedtakssak: string;
let oppfoelgingId: string;

beforeAll(async () => {
  api = await startTestApi({ SAKSGANG_PROJECTIONS: 'on', SAKSGANG_MIN_POSITION_WAIT_MS: String(WAIT_MS) });
  const organ = (organId: string, navn: string, organtype: string) =>
    post('/organer', ADMIN, { organId, navn, organtype, mandat: `Mandat for ${navn}`, gjelderFra: '2012-01-01' });
  await organ('psu-hnt', 'Politisk samarbeidsutvalg (PSU)', 'psu');
  await organ('asu-hnt', 'Administrativt samarbeidsutvalg (ASU)', 'asu');
  await organ('sekretariat-hnt', 'Sekretariatet', 'sekretariat');
  await organ('fagraad-2', 'Fagråd 2', 'fagraad');
  await organ('fagraad-kvalitet', 'Fagråd for kvalitet og pasientsikkerhet', 'fagraad');

  const reg = await post('/saker', PSU_SEKRETAER, {
    tittel: 'Handlingsplan for samhandling 2018–2021',
    beskrivelse: 'Forslag til arbeidsprosess og framdriftsplan for en handlingsplan.',
    innmeldtAv: 'psu-hnt',
    saksnummer: '3/17',
    gjelderFra: '2017-03-16',
  });
  handlingsplan = reg.json.sakId;
  const s = `/saker/${handlingsplan}`;
  await post(`${s}/bestillinger`, PSU_SEKRETAER, { tilOrganId: 'asu-hnt', mandat: 'Utarbeide forslag til handlingsplan.', frist: '2018-02-13', gjelderFra: '2017-03-16' });
  await post(`${s}/bestillinger/mottak`, ASU_SEKRETAER, { saksnummer: '16/2017', gjelderFra: '2017-04-18' });
  const opp = await post(`${s}/oppdrag`, ASU_SEKRETAER, { tilOrganId: 'fagraad-2', mandat: 'Beskrive pasientforløp fra hjem til hjem.', frist: '2017-10-01', gjelderFra: '2017-05-01' });
  oppdragId = opp.json.oppdragId;
  await post(`${s}/oppdrag/${oppdragId}/aksept`, FAGRAAD2_LEDER, { gjelderFra: '2017-05-10' });

  const reg2 = await post('/saker', PSU_SEKRETAER, { tittel: 'Innspill til Nasjonal helse- og sykehusplan', innmeldtAv: 'psu-hnt', sakstype: 'droeftingssak', gjelderFra: '2017-09-01' });
  vedtakssak = reg2.json.sakId;
  const v = `/saker/${vedtakssak}`;
  const agenda = await post(`${v}/saksliste`, PSU_SEKRETAER, { organIder: ['psu-hnt'], moetedato: '2017-11-23' });
  await post(`${v}/sakslistepunkter/${agenda.json.sakslistepunktId}/vedtak`, PSU_SEKRETAER, { vedtaksutfall: 'vedtatt', vedtakstekst: 'PSU gir innspill.' });
  const of = await post(`${v}/oppfoelginger`, PSU_SEKRETAER, { tilOrganId: 'fagraad-kvalitet', beskrivelse: 'Følg opp innspillet.', frist: '2018-06-30', gjelderFra: '2017-11-23' });
  oppfoelgingId = of.json.oppfoelgingId;

  // A few orienteringssaker for the saksoversikt's filters and pages.
  for (const [i, aar] of [2018, 2018, 2019].entries()) {
    await post('/saker', PSU_SEKRETAER, { tittel: `Orientering om økonomi nr. ${i + 1}`, innmeldtAv: 'psu-hnt', sakstype: 'orienteringssak', gjelderFra: `${aar}-02-15` });
  }
}, 120_000);

afterAll(async () => {
  await api?.close();
});

describe('read-your-writes', () => {
  it('a query with the position a command returned sees that command, even when the projections are behind', async () => {
    // Stop the projections, write, and ask with minPosition: the query waits …
    await service().runner.stop();
    const reg = await post('/saker', PSU_SEKRETAER, { tittel: 'Ventesak', innmeldtAv: 'psu-hnt', gjelderFra: '2020-01-01' });
    const sakId: string = reg.json.sakId;
    // … without minPosition the read model answers at once, and does not know the sak yet …
    expectProblemResponse(await get(`/saker/${sakId}/forloep`, ''), 404, 'not_found');
    const pending = get(`/saker/${sakId}/forloep`, reg.json.position);
    await new Promise((r) => setTimeout(r, 200));
    await service().runner.start();
    // … and answers with the write once the projections reach it.
    const res = await pending;
    expect(res.status).toBe(200);
    expect(res.json.steg.map((s: { hendelsestype: string }) => s.hendelsestype)).toEqual(['SakRegistrert']);
  });

  it('503 with Retry-After when the read models do not reach the position within the wait', async () => {
    await service().runner.stop();
    try {
      const reg = await post('/saker', PSU_SEKRETAER, { tittel: 'Sak som venter for lenge', innmeldtAv: 'psu-hnt' });
      const started = Date.now();
      const res = await get(`/saker/${reg.json.sakId}/forloep`, reg.json.position);
      expectProblemResponse(res, 503, 'read_model_behind');
      expect(res.headers['retry-after']).toBe('1');
      expect(Date.now() - started).toBeGreaterThanOrEqual(WAIT_MS - 50);
      expect(res.json.detail).toContain(reg.json.position);
    } finally {
      await service().runner.start();
    }
    // Caught up again, the same query answers.
    expect((await ok('/saker?q=lenge')).json.totalt).toBe(1);
  });

  it('400 for a malformed minPosition, and for one after the newest event', async () => {
    for (const bad of ['C:1', 'tull', 'C:1/P:x']) {
      const res = await get(`/saker/${handlingsplan}/forloep`, bad);
      expectProblemResponse(res, 400, 'validation_failed');
      expect(res.json.errors).toEqual([expect.objectContaining({ field: 'minPosition' })]);
    }
    const ahead = await get(`/saker/${handlingsplan}/forloep`, 'C:99999999999/P:99999999999');
    expectProblemResponse(ahead, 400, 'validation_failed');
    expect(ahead.json.errors[0].field).toBe('minPosition');
  });
});

describe('saksforløp', () => {
  it('JSON: every step in order with level, body, the body’s own case number, actor and both times, and the oppdrag', async () => {
    const res = await ok(`/saker/${handlingsplan}/forloep`);
    // Sent as UTF-8 bytes put together by the read model: the declared type and length must be those of the body.
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.body, 'utf8'));
    expect(res.body).toContain('Handlingsplan for samhandling 2018–2021'); // not Latin-1: encoded as UTF-8, not mangled
    const f = res.json;
    expect(f).toMatchObject({ sakId: handlingsplan, tittel: 'Handlingsplan for samhandling 2018–2021', innmeldtAv: 'psu-hnt', saksnumre: { 'psu-hnt': '3/17', 'asu-hnt': '16/2017' } });
    expect(f.steg.map((s: Record<string, unknown>) => [s['hendelsestype'], s['organId'], s['nivaa'], s['organSaksnummer'], s['gjelderFra']])).toEqual([
      ['SakRegistrert', 'psu-hnt', 'politisk', '3/17', '2017-03-16'],
      ['UtredningBestilt', 'psu-hnt', 'politisk', '3/17', '2017-03-16'],
      ['BestillingMottatt', 'asu-hnt', 'administrativt', '16/2017', '2017-04-18'],
      ['OppdragDelegert', 'asu-hnt', 'administrativt', '16/2017', '2017-05-01'],
      ['OppdragAkseptert', 'fagraad-2', 'faglig', null, '2017-05-10'],
    ]);
    const bestilt = f.steg[1];
    expect(bestilt).toMatchObject({ personId: 'ks-sekretaer', rolle: 'sekretaer', tilOrganIder: ['asu-hnt'], organNavn: 'Politisk samarbeidsutvalg (PSU)' });
    expect(new Date(bestilt.registrert).getFullYear()).toBeGreaterThanOrEqual(2025);
    expect(f.oppdrag).toEqual([
      expect.objectContaining({ oppdragId, fraOrganId: 'asu-hnt', tilOrganId: 'fagraad-2', frist: '2017-10-01', status: 'akseptert' }),
    ]);
    expect(f.oppdrag[0].steg.map((s: { hendelsestype: string }) => s.hendelsestype)).toEqual(['OppdragDelegert', 'OppdragAkseptert']);
  });

  it('SVG: a swimlane with one lane per body, ordered by level, and one mark per step', async () => {
    const res = await ok(`/saker/${handlingsplan}/forloep.svg`);
    expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(res.body.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    const lanes = [...res.body.matchAll(/<g class="lane" data-organ-id="([^"]+)"/g)].map((m) => m[1]);
    expect(lanes).toEqual(['psu-hnt', 'asu-hnt', 'fagraad-2']);
    expect(res.body.match(/<g class="step"/g)).toHaveLength(5);
    expect(res.body).toContain('Handlingsplan for samhandling 2018–2021');
  });

  it('HTML: a printable page with the swimlane and the step table with both times', async () => {
    const res = await ok(`/saker/${handlingsplan}/forloep.html`);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toMatch(/^<!doctype html>/);
    expect(res.body).toContain('@media print');
    expect(res.body).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
    expect(res.body).toContain('<th>Gjelder fra</th><th>Registrert</th>');
    const f = (await ok(`/saker/${handlingsplan}/forloep`)).json;
    const rows = res.body.split('<tbody>')[1]!.split('</tbody>')[0]!.match(/<tr>/g);
    expect(rows).toHaveLength(f.steg.length);
    // Both times as Norwegians write them; the recorded one in Norwegian time, to the minute.
    const oslo = (iso: string) => {
      const d = Object.fromEntries(new Intl.DateTimeFormat('nb-NO', { timeZone: 'Europe/Oslo', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
      return `${d['day']}.${d['month']}.${d['year']} kl. ${d['hour']}.${d['minute']}`;
    };
    for (const s of f.steg) expect(res.body).toContain(`<td class="tid">${oslo(s.registrert)}</td>`);
    expect(res.body).toContain('<td class="tid">18.04.2017</td>');
    // People by name where the organisation knows them, and the role in words.
    for (const s of f.steg) expect(res.body).toContain(`<td>${s.personNavn ?? s.personId}<br><span class="liten">${s.rollenavn}</span></td>`);
    expect(f.steg.map((s: { rollenavn: string }) => s.rollenavn)).not.toContain('sekretaer');
    expect(res.body).toContain('sak 16/2017');
    expect(res.body).not.toContain('<script');
  });

  it('404 for an unknown sak, 400 for a sak id that is not a UUID', async () => {
    for (const suffix of ['forloep', 'forloep.svg', 'forloep.html']) {
      expectProblemResponse(await get(`/saker/${randomUUID()}/${suffix}`), 404, 'not_found');
    }
    const bad = await get('/saker/ikke-en-uuid/forloep');
    expectProblemResponse(bad, 400, 'validation_failed');
    expect(bad.json.errors[0].field).toBe('sakId');
  });
});

describe('arbeidsliste, sendt and restanser', () => {
  it('the fagråd sees the oppdrag with frist and days left; after the frist it is overdue', async () => {
    const foer = (await ok('/organer/fagraad-2/arbeidsliste?idag=2017-09-21')).json;
    expect(foer).toMatchObject({ organId: 'fagraad-2', idag: '2017-09-21', antall: 1, antallForfalt: 0 });
    expect(foer.punkter[0]).toMatchObject({ sakId: handlingsplan, art: 'oppdrag', refId: oppdragId, organId: 'fagraad-2', frist: '2017-10-01', dagerTilFrist: 10, forfalt: false });
    const etter = (await ok('/organer/fagraad-2/arbeidsliste?idag=2017-10-04')).json;
    expect(etter.antallForfalt).toBe(1);
    expect(etter.punkter[0]).toMatchObject({ dagerTilFrist: -3, forfalt: true });
  });

  it('the other direction: what ASU delegated and where it stands', async () => {
    const sendt = (await ok('/organer/asu-hnt/sendt?idag=2017-09-21')).json;
    expect(sendt.punkter).toEqual([expect.objectContaining({ sakId: handlingsplan, art: 'oppdrag', organId: 'fagraad-2', fraOrganIder: ['asu-hnt'], status: 'akseptert' })]);
    // The oppdrag is on exactly one body's list.
    for (const organ of ['psu-hnt', 'asu-hnt', 'sekretariat-hnt', 'fagraad-kvalitet']) {
      const liste = (await ok(`/organer/${organ}/arbeidsliste?idag=2017-09-21`)).json;
      expect(liste.punkter.filter((p: { refId: string }) => p.refId === oppdragId)).toEqual([]);
    }
  });

  it('restanser: overdue oppdrag and follow-ups, for all or one body', async () => {
    const alle = (await ok('/restanser?idag=2018-07-15')).json;
    expect(alle.idag).toBe('2018-07-15');
    const refs = alle.punkter.map((p: { refId: string }) => p.refId);
    expect(refs).toEqual(expect.arrayContaining([oppdragId, oppfoelgingId]));
    expect(alle.perArt).toMatchObject({ oppdrag: 1, oppfoelging: 1 });
    expect(alle.punkter.every((p: { forfalt: boolean }) => p.forfalt)).toBe(true);
    const kvalitet = (await ok('/restanser?idag=2018-07-15&organId=fagraad-kvalitet')).json;
    expect(kvalitet.punkter.map((p: { refId: string }) => p.refId)).toEqual([oppfoelgingId]);
    expect((await ok('/restanser?idag=2017-09-01')).json.antall).toBe(0);
  });

  it('404 for an unknown body; 400 for a bad date or id', async () => {
    expectProblemResponse(await get('/organer/finnes-ikke/arbeidsliste'), 404, 'not_found');
    const dato = await get('/organer/asu-hnt/arbeidsliste?idag=2017-02-30');
    expectProblemResponse(dato, 400, 'validation_failed');
    expect(dato.json.errors[0].field).toBe('idag');
    expectProblemResponse(await get('/organer/ASU!/sendt'), 400, 'validation_failed');
    expect((await get('/restanser?idag=i-dag')).json.errors[0].field).toBe('idag');
  });
});

describe('saksoversikt: GET /saker next to POST /saker', () => {
  it('filters by status, body, level, year and type, searches, and pages with the total count', async () => {
    const alle = (await ok('/saker?perSide=100')).json;
    expect(alle.totalt).toBe(alle.saker.length);
    expect(alle.totalt).toBeGreaterThanOrEqual(7);

    const orientering = (await ok('/saker?sakstype=orienteringssak&perSide=2')).json;
    expect(orientering).toMatchObject({ totalt: 3, side: 1, perSide: 2, antallSider: 2 });
    expect(orientering.saker).toHaveLength(2);
    const side2 = (await ok('/saker?sakstype=orienteringssak&perSide=2&side=2')).json;
    expect(side2.saker).toHaveLength(1);
    const ider = [...orientering.saker, ...side2.saker].map((s: { sakId: string }) => s.sakId);
    expect(new Set(ider).size).toBe(3);

    expect((await ok('/saker?sakstype=orienteringssak&aar=2019')).json.totalt).toBe(1);
    expect((await ok('/saker?status=under_utredning')).json.saker.map((s: { sakId: string }) => s.sakId)).toEqual([handlingsplan]);
    expect((await ok('/saker?status=under_utredning,til_oppfoelging')).json.totalt).toBe(2);
    expect((await ok('/saker?organId=fagraad-2')).json.saker.map((s: { sakId: string }) => s.sakId)).toEqual([handlingsplan]);
    // Full text with Norwegian stemming: «handlingsplanen» finds «handlingsplan».
    expect((await ok('/saker?q=handlingsplanen')).json.saker.map((s: { sakId: string }) => s.sakId)).toEqual([handlingsplan]);
    // Level: the level of the body responsible now (ASU has the handlingsplan).
    const adm = (await ok('/saker?nivaa=administrativt')).json;
    expect(adm.saker.map((s: { sakId: string }) => s.sakId)).toContain(handlingsplan);
    expect(adm.saker.every((s: { ansvarligOrganId: string }) => s.ansvarligOrganId === 'asu-hnt')).toBe(true);
    expect((await ok('/saker?nivaa=faglig')).json.totalt).toBe(0);
  });

  it('the level filter pages in SQL: more than one page of saker at the administrative level', async () => {
    // Three more saker triaged to ASU (registered by the secretariat in 2016, so the other figures stay as they are).
    const nye: string[] = [];
    for (const i of [1, 2, 3]) {
      const reg = await post('/saker', ADMIN, { tittel: `Triagert sak ${i}`, innmeldtAv: 'sekretariat-hnt', gjelderFra: `2016-05-0${i}` });
      nye.push(reg.json.sakId);
      await post(`/saker/${reg.json.sakId}/nivaa`, ADMIN, { organId: 'asu-hnt', gjelderFra: `2016-05-0${i}` });
    }
    const side1 = (await ok('/saker?nivaa=administrativt&perSide=2')).json;
    expect(side1).toMatchObject({ totalt: 4, side: 1, perSide: 2, antallSider: 2 });
    const side2 = (await ok('/saker?nivaa=administrativt&perSide=2&side=2')).json;
    expect(side2).toMatchObject({ totalt: 4, side: 2, antallSider: 2 });
    const ider = [...side1.saker, ...side2.saker].map((s: { sakId: string }) => s.sakId);
    expect(ider).toHaveLength(4);
    expect([...ider].sort()).toEqual([handlingsplan, ...nye].sort());
    expect([...side1.saker, ...side2.saker].every((s: { ansvarligOrganId: string }) => s.ansvarligOrganId === 'asu-hnt')).toBe(true);
    // The same order as without the level filter (latest change first: the handlingsplan's 2017 steps, then the saker triaged last).
    expect(ider).toEqual([handlingsplan, ...[...nye].reverse()]);
    const uten = (await ok('/saker?perSide=100')).json.saker.map((s: { sakId: string }) => s.sakId);
    expect(uten.filter((id: string) => ider.includes(id))).toEqual(ider);
    expect((await ok('/saker?nivaa=administrativt&perSide=2&side=3')).json).toMatchObject({ totalt: 4, saker: [] });
    // Combined with other filters, still counted in SQL.
    const tildelt = (await ok('/saker?nivaa=administrativt&status=tildelt&perSide=2&side=2')).json;
    expect(tildelt).toMatchObject({ totalt: 3, antallSider: 2 });
    expect(tildelt.saker.map((s: { sakId: string }) => s.sakId)).toEqual([nye[0]]);
    expect((await ok('/saker?nivaa=politisk&status=tildelt')).json.totalt).toBe(0);
  });

  it('400 naming the field for bad parameters and for unknown ones', async () => {
    const cases: [string, string][] = [
      ['perSide=0', 'perSide'],
      ['perSide=101', 'perSide'],
      ['side=x', 'side'],
      ['status=bortkommet', 'status'],
      ['aar=tjuesytten', 'aar'],
      ['nivaa=kommunalt', 'nivaa'],
      ['sakstype=x', 'sakstype'],
      ['organId=Store%20Bokstaver', 'organId'],
      ['sortering=tittel', 'sortering'],
    ];
    for (const [query, field] of cases) {
      const res = await get(`/saker?${query}`);
      expectProblemResponse(res, 400, 'validation_failed');
      expect(res.json.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
  });
});

describe('vedtaksoppfølging and årsstatistikk', () => {
  it('decisions with their follow-up state, filtered by body and state', async () => {
    const alle = (await ok('/vedtak?idag=2018-07-15')).json;
    expect(alle.vedtak).toEqual([
      expect.objectContaining({
        sakId: vedtakssak,
        organIder: ['psu-hnt'],
        moetedato: '2017-11-23',
        vedtaksutfall: 'vedtatt',
        oppfoelginger: [expect.objectContaining({ oppfoelgingId, tilOrganId: 'fagraad-kvalitet', frist: '2018-06-30', status: 'forfalt' })],
      }),
    ]);
    expect((await ok('/vedtak?idag=2018-01-01&status=aapen')).json.antall).toBe(1);
    expect((await ok('/vedtak?idag=2018-01-01&status=forfalt')).json.antall).toBe(0);
    expect((await ok('/vedtak?status=uten_oppfoelging')).json.antall).toBe(0);
    expect((await ok('/vedtak?organId=fagraad-kvalitet')).json.antall).toBe(1);
    expect((await ok('/vedtak?organId=fagraad-2')).json.antall).toBe(0);
    expectProblemResponse(await get('/vedtak?status=glemt'), 400, 'validation_failed');
  });

  it('counts per body and year; 404 unknown body; 400 bad year', async () => {
    const psu = (await ok('/statistikk/psu-hnt/2017')).json;
    expect(psu).toMatchObject({ organId: 'psu-hnt', aar: 2017, nivaa: 'politisk', organNavn: 'Politisk samarbeidsutvalg (PSU)' });
    expect(psu.tall).toMatchObject({ saker_meldt_inn: 2, bestillinger_sendt: 1, saker_paa_saksliste: 1, vedtak_vedtatt: 1 });
    const asu = (await ok('/statistikk/asu-hnt/2017')).json;
    expect(asu.tall).toMatchObject({ bestillinger_mottatt: 1, oppdrag_delegert: 1 });
    expect((await ok('/statistikk/asu-hnt/2016')).json.tall.bestillinger_mottatt).toBe(0);
    expectProblemResponse(await get('/statistikk/ukjent-organ/2017'), 404, 'not_found');
    const aar = await get('/statistikk/psu-hnt/tjuesytten');
    expectProblemResponse(aar, 400, 'validation_failed');
    expect(aar.json.errors[0].field).toBe('aar');
  });
});

describe('årsstatistikk figures and the sendt list over HTTP', () => {
  /** «Legevaktsamarbeid» (2016): PSU orders 2016-01-04, fagråd for kvalitet delivers its oppdrag late, PSU decides 2016-03-10. */
  let legevakt: string;
  let legevaktOppdrag: string;

  beforeAll(async () => {
    const reg = await post('/saker', PSU_SEKRETAER, { tittel: 'Legevaktsamarbeid', innmeldtAv: 'psu-hnt', gjelderFra: '2016-01-04' });
    legevakt = reg.json.sakId;
    const s = `/saker/${legevakt}`;
    await post(`${s}/bestillinger`, PSU_SEKRETAER, { tilOrganId: 'asu-hnt', mandat: 'Utred felles legevakt.', frist: '2016-03-01', gjelderFra: '2016-01-04' });
    await post(`${s}/bestillinger/mottak`, ASU_SEKRETAER, { gjelderFra: '2016-01-10' });
    const opp = await post(`${s}/oppdrag`, ASU_SEKRETAER, { tilOrganId: 'fagraad-kvalitet', mandat: 'Vurder pasientsikkerheten.', frist: '2016-02-01', gjelderFra: '2016-01-15' });
    legevaktOppdrag = opp.json.oppdragId;
    await post(`${s}/oppdrag/${legevaktOppdrag}/aksept`, KVALITET_LEDER, { gjelderFra: '2016-01-16' });
    await post(`${s}/oppdrag/${legevaktOppdrag}/leveranser`, KVALITET_LEDER, { leveranse: 'Vurdering', gjelderFra: '2016-02-10' });
    await post(`${s}/oppdrag/${legevaktOppdrag}/leveranser/godtakelse`, ASU_SEKRETAER, { gjelderFra: '2016-02-12' });
    await post(`${s}/innstilling`, ASU_SEKRETAER, { forslagTilVedtak: 'PSU slutter seg til felles legevakt.', gjelderFra: '2016-02-20' });
    const agenda = await post(`${s}/saksliste`, PSU_SEKRETAER, { organIder: ['psu-hnt'], moetedato: '2016-03-10', gjelderFra: '2016-02-25' });
    await post(`${s}/sakslistepunkter/${agenda.json.sakslistepunktId}/vedtak`, PSU_SEKRETAER, { vedtaksutfall: 'vedtatt', vedtakstekst: 'Felles legevakt vedtas.' });
  }, 60_000);

  it('median days from order to decision and overdue counts per body and year', async () => {
    // 2016-01-04 → 2016-03-10 (a leap year): 27 + 29 + 10 = 66 days.
    const psu = (await ok('/statistikk/psu-hnt/2016?idag=2016-12-31')).json;
    expect(psu).toMatchObject({ organId: 'psu-hnt', aar: 2016, idag: '2016-12-31' });
    expect(psu.behandlingstid).toEqual({ antall: 1, medianDager: 66, minDager: 66, maksDager: 66 });
    expect(psu.forfalte).toEqual({ antall: 0, bestillinger: 0, oppdrag: 0, fortsattAapne: 0, medFrist: 0 });
    expect(psu.tall).toMatchObject({ bestillinger_sendt: 1, vedtak_vedtatt: 1 });
    const asu = (await ok('/statistikk/asu-hnt/2016?idag=2016-12-31')).json;
    expect(asu.behandlingstid).toEqual({ antall: 1, medianDager: 66, minDager: 66, maksDager: 66 });
    expect(asu.forfalte).toEqual({ antall: 0, bestillinger: 0, oppdrag: 0, fortsattAapne: 0, medFrist: 1 }); // answered 2016-02-20, frist 2016-03-01
    const kvalitet = (await ok('/statistikk/fagraad-kvalitet/2016?idag=2016-12-31')).json;
    expect(kvalitet.forfalte).toEqual({ antall: 1, bestillinger: 0, oppdrag: 1, fortsattAapne: 0, medFrist: 1 }); // delivered 2016-02-10, frist 2016-02-01
    expect(kvalitet.tall.oppdrag_levert_etter_frist).toBe(1);
    expect(kvalitet.behandlingstid).toEqual({ antall: 0, medianDager: null, minDager: null, maksDager: null });
    expect((await ok('/statistikk/sekretariat-hnt/2015')).json).toMatchObject({
      behandlingstid: { antall: 0, medianDager: null },
      forfalte: { antall: 0, medFrist: 0 },
    });

    // Open items are overdue relative to idag: the handlingsplan's oppdrag (frist 2017-10-01) and order (frist 2018-02-13).
    expect((await ok('/statistikk/fagraad-2/2017?idag=2017-10-01')).json.forfalte).toEqual({ antall: 0, bestillinger: 0, oppdrag: 0, fortsattAapne: 0, medFrist: 1 });
    expect((await ok('/statistikk/fagraad-2/2017?idag=2017-10-04')).json.forfalte).toEqual({ antall: 1, bestillinger: 0, oppdrag: 1, fortsattAapne: 1, medFrist: 1 });
    expect((await ok('/statistikk/asu-hnt/2018?idag=2018-03-01')).json.forfalte).toEqual({ antall: 1, bestillinger: 1, oppdrag: 0, fortsattAapne: 1, medFrist: 1 });
    expect((await ok('/statistikk/psu-hnt/2017?idag=2018-03-01')).json.behandlingstid.antall).toBe(0); // the handlingsplan is not decided here
    const dato = await get('/statistikk/asu-hnt/2018?idag=2018-02-30');
    expectProblemResponse(dato, 400, 'validation_failed');
    expect(dato.json.errors[0].field).toBe('idag');
  });

  it('sendt lists open items first, then delivered, accepted and answered ones with their status; status=aapen the open ones', async () => {
    const asu = (await ok('/organer/asu-hnt/sendt?idag=2016-12-31')).json;
    expect(asu).toMatchObject({ organId: 'asu-hnt', idag: '2016-12-31', status: 'alle', antall: 3, antallAapne: 1 });
    expect(asu.punkter.map((p: Record<string, unknown>) => [p['sakId'], p['art'], p['mottakerOrganId'], p['status'], p['aapen'], p['lukket']])).toEqual([
      [handlingsplan, 'oppdrag', 'fagraad-2', 'akseptert', true, null],
      [legevakt, 'saksliste', 'psu-hnt', 'paa_saksliste', false, '2016-02-25'],
      [legevakt, 'oppdrag', 'fagraad-kvalitet', 'godtatt', false, '2016-02-12'],
    ]);
    expect(asu.punkter[0]).toMatchObject({ refId: oppdragId, organId: 'fagraad-2', frist: '2017-10-01', forfalt: false, lukketFordi: null });
    expect(asu.punkter[2]).toMatchObject({ refId: legevaktOppdrag, lukketFordi: 'leveransen godtatt', dagerTilFrist: null, forfalt: false });
    const aapne = (await ok('/organer/asu-hnt/sendt?idag=2016-12-31&status=aapen')).json;
    expect(aapne).toMatchObject({ status: 'aapen', antall: 1, antallAapne: 1 });
    expect(aapne.punkter.map((p: { refId: string }) => p.refId)).toEqual([oppdragId]);

    // PSU: “what happened to what we ordered?” — the open order and follow-up by frist, then the answered order.
    const psu = (await ok('/organer/psu-hnt/sendt?idag=2018-03-01')).json;
    expect(psu.punkter.map((p: Record<string, unknown>) => [p['sakId'], p['art'], p['status'], p['aapen'], p['forfalt']])).toEqual([
      [handlingsplan, 'bestilling', 'mottatt', true, true],
      [vedtakssak, 'oppfoelging', 'til_oppfoelging', true, false],
      [legevakt, 'bestilling', 'innstilling_avgitt', false, false],
    ]);
    const feil = await get('/organer/psu-hnt/sendt?status=lukket');
    expectProblemResponse(feil, 400, 'validation_failed');
    expect(feil.json.errors[0].field).toBe('status');
  });
});

describe('operations: rebuild, status, /health, /metrics, OpenAPI', () => {
  it('a rebuild runs in the background (202) and gives exactly the same answers', async () => {
    const queries = [
      `/saker/${handlingsplan}/forloep`,
      `/saker/${handlingsplan}/forloep.svg`,
      '/organer/fagraad-2/arbeidsliste?idag=2017-10-04',
      '/organer/asu-hnt/sendt?idag=2017-10-04',
      '/restanser?idag=2018-07-15',
      '/saker?perSide=100',
      '/vedtak?idag=2018-07-15',
      '/statistikk/psu-hnt/2017',
    ];
    const foer = await Promise.all(queries.map(async (q) => (await ok(q)).body));
    const navn = service().projectionNames;
    expect(navn).toEqual(expect.arrayContaining(['organer', 'saksforloep', 'arbeidsliste', 'saksoversikt', 'vedtaksoppfoelging', 'aarsstatistikk', 'moeter']));
    for (const n of navn) {
      const res = await api.request('POST', `/drift/projeksjoner/${n}/rebuild`, { headers: DRIFT });
      expect(res.status).toBe(202);
      expect(res.headers['location']).toBe('/drift/projeksjoner');
      expect(res.json.rebuild).toMatchObject({ projection: n, state: 'running' });
    }
    // A second request while one runs is refused.
    const again = await api.request('POST', '/drift/projeksjoner/saksforloep/rebuild', { headers: DRIFT });
    if (again.status !== 202) expectProblemResponse(again, 409, 'rebuild_running');

    const deadline = Date.now() + 30_000;
    let status: TestResponse;
    for (;;) {
      status = await api.request('GET', '/drift/projeksjoner', { headers: DRIFT });
      const ferdig = status.json.projections.every((p: { rebuild: { state: string } | null }) => p.rebuild?.state === 'done');
      if (ferdig || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    for (const p of status.json.projections) {
      expect(p.rebuild).toMatchObject({ state: 'done', error: null });
      expect(p.rebuild.processed).toBe(p.rebuild.total);
      expect(p.rebuild.total).toBeGreaterThan(10);
    }
    const etter = await Promise.all(queries.map(async (q) => (await ok(q)).body));
    expect(etter).toEqual(foer);
  });

  it('404 for an unknown projection, 400 for a malformed name', async () => {
    expectProblemResponse(await api.request('POST', '/drift/projeksjoner/finnes_ikke/rebuild', { headers: DRIFT }), 404, 'unknown_projection');
    expectProblemResponse(await api.request('POST', '/drift/projeksjoner/Ikke-Gyldig/rebuild', { headers: DRIFT }), 400, 'validation_failed');
  });

  it('status, /health and /metrics show every projection and its lag', async () => {
    await ok(`/saker/${handlingsplan}/forloep`); // caught up with every write of this file
    const status = (await api.request('GET', '/drift/projeksjoner', { headers: DRIFT })).json;
    expect(status).toMatchObject({ enabled: true, runner: 'started', caughtUp: true });
    for (const p of status.projections) {
      expect(p).toMatchObject({ state: 'running', caughtUp: true, eventsBehind: 0, lastError: null, version: expect.any(Number) });
      expect(p.checkpoint).toBe(p.head);
    }

    const health = await api.request('GET', '/health');
    expect(health.status).toBe(200);
    expect(health.json.status).toBe('ok');
    expect(health.json.projections).toMatchObject({ enabled: true, runner: 'started', caughtUp: true, failing: [] });
    expect(health.json.projections.projections).toHaveLength(service().projectionNames.length);

    const metrics = await api.request('GET', '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(metrics.body).toContain('# TYPE saksgang_projection_lag_events gauge');
    const head = /^saksgang_store_head_commit (\d+)$/m.exec(metrics.body)![1];
    for (const p of status.projections) {
      expect(metrics.body).toContain(`saksgang_projection_lag_events{projection="${p.name}"} 0`);
      expect(metrics.body).toContain(`saksgang_projection_checkpoint_commit{projection="${p.name}"} ${head}`);
      expect(metrics.body).toContain(`saksgang_projection_failing{projection="${p.name}"} 0`);
    }
  });

  it('the OpenAPI document describes the read endpoints, their parameters, responses and problems', async () => {
    const doc = (await api.request('GET', '/docs-json')).json;
    expect(doc.paths['/saker'].get).toBeDefined();
    expect(doc.paths['/saker'].post).toBeDefined();
    const params = doc.paths['/saker'].get.parameters.map((p: { name: string }) => p.name);
    expect(params).toEqual(expect.arrayContaining(['status', 'organId', 'nivaa', 'aar', 'sakstype', 'q', 'side', 'perSide', 'minPosition']));
    for (const [path, ref] of [
      ['/saker/{sakId}/forloep', 'SaksforloepDto'],
      ['/organer/{organId}/arbeidsliste', 'ArbeidslisteDto'],
      ['/organer/{organId}/sendt', 'SendtDto'],
      ['/restanser', 'RestanserDto'],
      ['/vedtak', 'VedtaksoppfoelgingDto'],
      ['/statistikk/{organId}/{aar}', 'AarsstatistikkDto'],
      ['/drift/projeksjoner', 'ProjeksjonerDto'],
    ] as const) {
      const op = doc.paths[path].get;
      expect(op.responses['200'].content['application/json'].schema.$ref).toBe(`#/components/schemas/${ref}`);
      expect(op.responses['503']).toBeDefined();
    }
    expect(doc.paths['/saker/{sakId}/forloep.svg'].get.responses['200'].content['image/svg+xml']).toBeDefined();
    expect(doc.paths['/saker/{sakId}/forloep'].get.responses['404']).toBeDefined();
    expect(doc.paths['/drift/projeksjoner/{name}/rebuild'].post.responses['202']).toBeDefined();
    // What the document says of access is what the guard does: /drift needs the operator role, /metrics is public.
    for (const op of [doc.paths['/drift/projeksjoner'].get, doc.paths['/drift/projeksjoner/{name}/rebuild'].post]) {
      expect(op.description).toMatch(/operator role \(`drift`\), else 403 `krever_drift`/);
      expect(op.security).not.toEqual([]);
      expect(op.responses['403']).toBeDefined();
    }
    expect(doc.paths['/metrics'].get.security).toEqual([]);
    expect(doc.paths['/metrics'].get.description).toMatch(/No token needed/);
    expect(Object.keys(doc.components.schemas.AarsstatistikkTallDto.properties)).toEqual(expect.arrayContaining(['saker_meldt_inn', 'oppdrag_levert_etter_frist', 'vedtak_vedtatt']));
    expect(doc.components.schemas.AarsstatistikkDto.properties.behandlingstid.$ref ?? doc.components.schemas.AarsstatistikkDto.properties.behandlingstid.allOf?.[0]?.$ref).toBe('#/components/schemas/BehandlingstidDto');
    expect(Object.keys(doc.components.schemas.BehandlingstidDto.properties)).toEqual(['antall', 'medianDager', 'minDager', 'maksDager']);
    expect(Object.keys(doc.components.schemas.ForfalteDto.properties)).toEqual(['antall', 'bestillinger', 'oppdrag', 'fortsattAapne', 'medFrist']);
    expect(doc.paths['/statistikk/{organId}/{aar}'].get.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['idag', 'minPosition']));
    const sendtStatus = doc.paths['/organer/{organId}/sendt'].get.parameters.find((p: { name: string }) => p.name === 'status');
    expect(sendtStatus.schema).toMatchObject({ enum: ['aapen', 'alle'], default: 'alle' });
    expect(Object.keys(doc.components.schemas.SendtPunktDto.properties)).toEqual(expect.arrayContaining(['status', 'aapen', 'lukket', 'lukketFordi', 'mottakerOrganId']));
  });

  it('a failing projection makes /health degraded (still 200) and shows in /metrics', async () => {
    // A delivery of an oppdrag no read model has heard of: the saksforløp refuses it and retries.
    await api.opened.store.appendToStream(`sak-${randomUUID()}`, [
      { id: randomUUID(), type: 'OppdragLevert', data: { sakId: randomUUID(), oppdragId: 'x', organId: 'fagraad-2', leveranse: 'x', gjelderFra: '2020-01-01', utfoertAv: { personId: 'p', organId: 'fagraad-2', rolle: 'leder' } }, metadata: {} },
    ], { expectedRevision: 'no_stream' });
    const deadline = Date.now() + 30_000;
    let health: TestResponse;
    do {
      await new Promise((r) => setTimeout(r, 50));
      health = await api.request('GET', '/health');
    } while (health.json.status !== 'degraded' && Date.now() < deadline);
    expect(health.status).toBe(200);
    expect(health.json.status).toBe('degraded');
    expect(health.json.projections.failing).toContain('saksforloep');
    const failing = health.json.projections.projections.find((p: { name: string }) => p.name === 'saksforloep');
    expect(failing).toMatchObject({ state: 'retrying', caughtUp: false, eventsBehind: 1, lastError: expect.stringContaining('OppdragLevert') });
    const metrics = (await api.request('GET', '/metrics')).body;
    expect(metrics).toContain('saksgang_projection_failing{projection="saksforloep"} 1');
    expect(metrics).toContain('saksgang_projection_lag_events{projection="saksforloep"} 1');
  });
});
