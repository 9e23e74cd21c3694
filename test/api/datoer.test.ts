/**
 * Plausible dates and no self-appointment over HTTP (issue 13, items 2 and 7): the refusal is
 * problem+json naming the field and the limit, and nothing is recorded.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { actor, countEvents, expectProblemResponse, startTestApi, type TestApi } from './support.js';

jest.setTimeout(120_000);

const ADMIN = actor('admin', 'sekretariat-hnt', 'sekretaer');
const PSU = actor('kari.psu', 'psu-hnt', 'sekretaer');
let api: TestApi;

beforeAll(async () => {
  api = await startTestApi();
  for (const [organId, organtype] of [
    ['sekretariat-hnt', 'sekretariat'],
    ['psu-hnt', 'psu'],
    ['asu-hnt', 'asu'],
  ] as const) {
    const res = await api.request('POST', '/organer', { headers: ADMIN, body: { organId, navn: organId, organtype, mandat: 'm', gjelderFra: '2016-01-01' } });
    expect(res.status).toBe(201);
  }
}, 120_000);
afterAll(async () => api?.close());

describe('plausible dates', () => {
  it.each(['9999-12-31', '2100-01-01'])('a sak taking effect on %s → 400 naming gjelderFra; nothing recorded', async (gjelderFra) => {
    const before = await countEvents(api);
    const res = await api.request('POST', '/saker', { headers: PSU, body: { tittel: 'Sak', innmeldtAv: 'psu-hnt', gjelderFra } });
    expectProblemResponse(res, 400, 'gjelder_fra_i_fremtiden');
    expect(res.json.errors).toEqual([{ field: 'gjelderFra', reason: expect.stringMatching(/senest/) }]);
    expect(await countEvents(api)).toBe(before);
  });

  it('a frist in year 9999 → 400 naming frist; an organisation change in 1900 → 400 naming gjelderFra; nothing recorded', async () => {
    const sak = await api.request('POST', '/saker', { headers: PSU, body: { tittel: 'Sak', innmeldtAv: 'psu-hnt', gjelderFra: '2017-03-16' } });
    expect(sak.status).toBe(201);
    const before = await countEvents(api);
    const best = await api.request('POST', `/saker/${sak.json.sakId}/bestillinger`, { headers: PSU, body: { tilOrganId: 'asu-hnt', mandat: 'm', frist: '9999-02-13', gjelderFra: '2017-03-16' } });
    expectProblemResponse(best, 400, 'dato_utenfor_planleggingshorisont');
    expect(best.json.errors).toEqual([{ field: 'frist', reason: expect.stringMatching(/år frem i tid/) }]);
    const navn = await api.request('POST', '/organer/psu-hnt/navn', { headers: ADMIN, body: { navn: 'PSU', gjelderFra: '1900-01-01' } });
    expectProblemResponse(navn, 400, 'dato_foer_tidligste_dato');
    expect(navn.json.errors).toEqual([{ field: 'gjelderFra', reason: expect.stringMatching(/1990-01-01/) }]);
    expect(await countEvents(api)).toBe(before);
  });
});

describe('nobody appoints themselves', () => {
  it('the secretariat member appointing himself leder of PSU is refused, and nothing is recorded', async () => {
    const before = await countEvents(api);
    const res = await api.request('POST', '/organer/psu-hnt/medlemmer', {
      headers: ADMIN,
      body: { personId: 'admin', navn: 'Admin', rolle: 'leder', fra: '2019-01-01', oppnevntAv: { eksterntOrgan: 'KS fylkesmøte', vedtak: 'Sak 1/19', dato: '2019-01-01' } },
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.json.code).toBe('egen_oppnevning');
    expect(await countEvents(api)).toBe(before);
  });

  it('appointing another person records who appointed them, readable in the organisation view', async () => {
    const oppnevntAv = { eksterntOrgan: 'KS fylkesmøte', vedtak: 'Sak 1/19', dato: '2019-01-01' };
    const res = await api.request('POST', '/organer/psu-hnt/medlemmer', { headers: ADMIN, body: { personId: 'robert-svarva', navn: 'Robert Svarva', rolle: 'leder', fra: '2019-01-01', gjelderFra: '2019-01-01', oppnevntAv } });
    expect(res.status).toBe(201);
    const organ = await api.request('GET', '/organer/psu-hnt', { headers: ADMIN });
    expect(organ.json.state.medlemsperioder).toEqual([expect.objectContaining({ personId: 'robert-svarva', oppnevntAv })]);
    expect(organ.json.hendelser.at(-1)).toMatchObject({ type: 'MedlemOppnevnt', data: expect.objectContaining({ oppnevntAv }) });
  });
});
