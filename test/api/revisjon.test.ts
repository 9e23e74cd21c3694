/**
 * The auditors' read-only endpoints (issue 6): verify the hash chains, the sak on both time axes, the
 * organisation on a date, and replay against the projections — over HTTP, on PGlite.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { actor, startTestApi, type TestApi } from './support.js';

const PSU = actor('kari.psu', 'psu-hnt', 'sekretaer');
const ADMIN = actor('admin', 'sekretariat-hnt', 'sekretaer');
/** The auditors' operations are for revisor and drift (development headers: X-Dev-Organ `drift`). */
const DRIFT = actor('it-drift', 'drift', 'drift');

let api: TestApi;
let sakId: string;
let registrertMellom: string;

beforeAll(async () => {
  api = await startTestApi({ SAKSGANG_PROJECTIONS: 'on' });
  for (const [organId, navn, organtype] of [
    ['psu-hnt', 'Politisk samarbeidsutvalg', 'psu'],
    ['asu-hnt', 'Administrativt samarbeidsutvalg', 'asu'],
  ] as const) {
    const res = await api.request('POST', '/organer', { headers: ADMIN, body: { organId, navn, organtype, mandat: 'm', gjelderFra: '2016-01-01' } });
    expect(res.status).toBe(201);
  }
  const m = await api.request('POST', '/organer/psu-hnt/medlemmer', {
    headers: ADMIN,
    body: { personId: 'fylket', navn: 'Trøndelag fylkeskommune', rolle: 'observatoer', representerer: 'Trøndelag fylkeskommune', fra: '2019-02-15' },
  });
  expect(m.status).toBe(201);
  const reg = await api.request('POST', '/saker', { headers: PSU, body: { tittel: 'Handlingsplan', innmeldtAv: 'psu-hnt', gjelderFra: '2017-03-16' } });
  expect(reg.status).toBe(201);
  sakId = reg.json.sakId;
  await new Promise((r) => setTimeout(r, 20));
  registrertMellom = new Date().toISOString();
  await new Promise((r) => setTimeout(r, 20));
  const best = await api.request('POST', `/saker/${sakId}/bestillinger`, {
    headers: PSU,
    body: { tilOrganId: 'asu-hnt', mandat: 'Utarbeide forslag', frist: '2018-02-13', gjelderFra: '2017-04-20' },
  });
  expect(best.status).toBe(201);
}, 60_000);

afterAll(async () => {
  await api?.close();
});

describe('GET /revisjon/verifiser', () => {
  it('finds nothing wrong in an untouched store, and gives chain heads', async () => {
    const res = await api.request('GET', `/revisjon/verifiser?sakId=${sakId}`, { headers: DRIFT });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ ok: true, streams: 1, events: 2, issues: [], found: true });
    expect(res.json.chainHeads[0]).toMatchObject({ streamName: `sak-${sakId}`, revision: 1, hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const all = await api.request('GET', '/revisjon/verifiser', { headers: DRIFT });
    expect(all.json.ok).toBe(true);
  });

  it('names an event altered directly in the database', async () => {
    await api.opened.sql.query(`update es_events set data = jsonb_set(data, '{mandat}', '"Noe annet"') where stream_name = $1 and stream_revision = 1`, [`sak-${sakId}`]);
    try {
      const res = await api.request('GET', `/revisjon/verifiser?sakId=${sakId}`, { headers: DRIFT });
      expect(res.status).toBe(200);
      expect(res.json.ok).toBe(false);
      expect(res.json.issues).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'changed', streamName: `sak-${sakId}`, revision: 1 })]));
    } finally {
      await api.opened.sql.query(`update es_events set data = jsonb_set(data, '{mandat}', '"Utarbeide forslag"') where stream_name = $1 and stream_revision = 1`, [`sak-${sakId}`]);
    }
    expect((await api.request('GET', `/revisjon/verifiser?sakId=${sakId}`, { headers: DRIFT })).json.ok).toBe(true);
  });

  it('400 for a bad query, 404 for an unknown sak', async () => {
    expect((await api.request('GET', '/revisjon/verifiser?sakId=nope', { headers: DRIFT })).status).toBe(400);
    expect((await api.request('GET', `/revisjon/verifiser?sakId=${sakId}&fra=2020-01-01`, { headers: DRIFT })).status).toBe(400);
    expect((await api.request('GET', '/revisjon/verifiser?sakId=00000000-0000-4000-8000-000000000000', { headers: DRIFT })).status).toBe(404);
  });
});

describe('both time axes', () => {
  it('as recorded: before the order was entered, the system showed only the registration', async () => {
    const res = await api.request('GET', `/revisjon/saker/${sakId}/som-registrert?tidspunkt=${encodeURIComponent(registrertMellom)}`, { headers: DRIFT });
    expect(res.status).toBe(200);
    expect(res.json.hendelser.map((h: { type: string }) => h.type)).toEqual(['SakRegistrert']);
    expect(res.json.sak.fase).toBe('registrert');
  });

  it('in effect: on 2017-04-01 the order (effective 2017-04-20) had not yet taken effect; on 2017-05-01 it had', async () => {
    const foer = await api.request('GET', `/revisjon/saker/${sakId}/gjeldende?dato=2017-04-01`, { headers: DRIFT });
    expect(foer.status).toBe(200);
    expect(foer.json.hendelser.map((h: { type: string }) => h.type)).toEqual(['SakRegistrert']);
    const etter = await api.request('GET', `/revisjon/saker/${sakId}/gjeldende?dato=2017-05-01`, { headers: DRIFT });
    expect(etter.json.hendelser.map((h: { type: string }) => h.type)).toEqual(['SakRegistrert', 'UtredningBestilt']);
    expect(etter.json.sak.fase).toBe('bestilt');
    expect((await api.request('GET', `/revisjon/saker/${sakId}/gjeldende?dato=2017-13-01`, { headers: DRIFT })).status).toBe(400);
  });

  it('the organisation on a date: the county sits in PSU as observer from 15 February 2019, not before', async () => {
    const foer = await api.request('GET', '/revisjon/organisasjon?dato=2019-02-14', { headers: DRIFT });
    expect(foer.status).toBe(200);
    expect(foer.json.verv.filter((v: { personId: string }) => v.personId === 'fylket')).toEqual([]);
    const paa = await api.request('GET', '/revisjon/organisasjon?dato=2019-02-15', { headers: DRIFT });
    expect(paa.json.verv).toEqual(expect.arrayContaining([expect.objectContaining({ personId: 'fylket', organId: 'psu-hnt', rolle: 'observatoer', rollenavn: 'observatør' })]));
  });
});

describe('GET /revisjon/saker/{sakId}/replay', () => {
  it('the sak rebuilt from its events agrees with the event stream and the saksoversikt projection', async () => {
    const res = await api.request('GET', `/revisjon/saker/${sakId}/replay`, { headers: DRIFT });
    // The projections run in the background; retry until they have caught up (a busy machine may take a while).
    let body = res.json;
    for (const frist = Date.now() + 30_000; !body.ok && Date.now() < frist; ) {
      await new Promise((r) => setTimeout(r, 100));
      body = (await api.request('GET', `/revisjon/saker/${sakId}/replay`, { headers: DRIFT })).json;
    }
    expect(body.ok).toBe(true);
    expect(body.sammenligninger).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ projection: 'event-stream', holds: true, ok: true }),
        expect.objectContaining({ projection: 'saksoversikt', holds: true, ok: true }),
      ]),
    );
  });
});
