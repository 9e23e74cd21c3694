/**
 * Lists of the organisation (issue 16, item 4): the bodies with level, type and mandate and whether
 * they existed on a date (public), and the persons with their memberships (signed-in persons).
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { actor, expectProblemResponse, startTestApi, type TestApi } from './support.js';

jest.setTimeout(120_000);

const ADMIN = actor('admin', 'sekretariat-hnt', 'sekretaer');
const PSU_SEKRETAER = actor('ks-sekretaer', 'psu-hnt', 'sekretaer');

let api: TestApi;
let sist = '';

async function post(path: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await api.request('POST', path, { headers: ADMIN, body });
  if (res.status !== 201) throw new Error(`${path} → ${res.status}: ${res.body}`);
  sist = res.json.position;
  return res.json;
}

beforeAll(async () => {
  api = await startTestApi({ SAKSGANG_PROJECTIONS: 'on', SAKSGANG_MIN_POSITION_WAIT_MS: '30000' });
  await post('/organer', { organId: 'sekretariat-hnt', navn: 'Helsefellesskapets sekretariat', organtype: 'sekretariat', mandat: 'Forbereder saker.', gjelderFra: '2012-01-01' });
  await post('/organer', { organId: 'psu-hnt', navn: 'Politisk samarbeidsutvalg (PSU)', organtype: 'psu', mandat: 'Setter retning.', gjelderFra: '2012-01-01' });
  await post('/organer', { organId: 'ag-barn', navn: 'Arbeidsgruppen for barn og unge', organtype: 'arbeidsgruppe', oppnevntAv: 'psu-hnt', mandat: 'Barn og unges helse.', gjelderFra: '2021-06-01' });
  await post('/organer/psu-hnt/medlemmer', {
    personId: 'tore-sandvik',
    navn: 'Tore O. Sandvik',
    rolle: 'observatoer',
    representerer: 'Trøndelag fylkeskommune',
    fra: '2019-02-15',
    gjelderFra: '2019-02-15',
    oppnevntAv: { organId: 'psu-hnt', vedtak: 'PSU-sak 2/19', dato: '2019-02-15', sakId: 'sak-2-19' },
  });
  await post('/organer/psu-hnt/medlemmer', { personId: 'robert-svarva', navn: 'Robert Svarva', rolle: 'leder', fra: '2016-01-01', til: '2019-12-31' });
  const periode = await post('/organer/ag-barn/medlemmer', { personId: 'tore-sandvik', navn: 'Tore O. Sandvik', rolle: 'medlem', fra: '2021-06-01', gjelderFra: '2021-06-01' });
  await post(`/organer/ag-barn/medlemmer/${String(periode['periodeId'])}/avslutning`, { til: '2022-05-31', gjelderFra: '2022-05-31' });
  await post('/organer/ag-barn/nedleggelse', { begrunnelse: 'Ferdig', gjelderFra: '2022-06-01' });
});

afterAll(async () => {
  await api?.close();
});

describe('GET /organer', () => {
  it('gives level, type and mandate, and with a date whether each body existed then', async () => {
    const res = await api.request('GET', `/organer?dato=2016-06-01&minPosition=${encodeURIComponent(sist)}`);
    expect(res.status).toBe(200);
    expect(res.json.dato).toBe('2016-06-01');
    const per = new Map(res.json.organer.map((o: { organId: string }) => [o.organId, o]));
    expect(per.get('psu-hnt')).toMatchObject({ organtype: 'psu', nivaa: 'politisk', mandat: 'Setter retning.', aktivPaaDato: true });
    expect(per.get('ag-barn')).toMatchObject({ oppnevntAv: 'psu-hnt', aktivPaaDato: false });
    const senere = await api.request('GET', '/organer?dato=2021-12-01');
    expect(senere.json.organer.find((o: { organId: string }) => o.organId === 'ag-barn').aktivPaaDato).toBe(true);
    const nedlagt = await api.request('GET', '/organer?dato=2022-06-01');
    expect(nedlagt.json.organer.find((o: { organId: string }) => o.organId === 'ag-barn').aktivPaaDato).toBe(false);
    // Without a date: no verdict on any date.
    const uten = await api.request('GET', '/organer');
    expect(uten.json.organer.every((o: { aktivPaaDato?: boolean }) => o.aktivPaaDato === undefined)).toBe(true);
  });

  it('refuses a date that is not one, naming the field', async () => {
    for (const dato of ['2016-02-30', '01.06.2016', 'x']) {
      const res = await api.request('GET', `/organer?dato=${encodeURIComponent(dato)}`);
      expectProblemResponse(res, 400);
      expect(JSON.stringify(res.json)).toContain('dato');
    }
  });
});

describe('GET /personer', () => {
  it('lists each person with every membership, the role in words and the period', async () => {
    const res = await api.request('GET', `/personer?minPosition=${encodeURIComponent(sist)}`, { headers: PSU_SEKRETAER });
    expect(res.status).toBe(200);
    expect(res.json.personer.map((p: { navn: string }) => p.navn)).toEqual(['Robert Svarva', 'Tore O. Sandvik']);
    const tore = res.json.personer.find((p: { personId: string }) => p.personId === 'tore-sandvik');
    expect(tore.medlemskap).toEqual([
      { organId: 'psu-hnt', organnavn: 'Politisk samarbeidsutvalg (PSU)', rolle: 'observatoer', rollenavn: 'observatør', fra: '2019-02-15', representerer: 'Trøndelag fylkeskommune', oppnevntAv: 'PSU-sak 2/19 (15.02.2019)', oppnevntIVedtak: { organId: 'psu-hnt', sakId: 'sak-2-19' } },
      { organId: 'ag-barn', organnavn: 'Arbeidsgruppen for barn og unge', rolle: 'medlem', rollenavn: 'medlem', fra: '2021-06-01', til: '2022-05-31' },
    ]);
  });

  it('is for signed-in persons only, as the contract says (the guard is tested over every route in tilgang-rute.test.ts)', async () => {
    const op = (await api.request('GET', '/docs-json')).json.paths['/personer'].get;
    expect(op['x-saksgang-tilgang'].offentlig).toBeFalsy();
    expect(op.responses['401']).toBeDefined();
  });
});
