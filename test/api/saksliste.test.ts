/**
 * Agenda numbers («3/19») over HTTP: unique and without gaps per body and year, also when many
 * secretaries put saker on the same agenda at the same moment; a retry gets the same number; a crash
 * between taking the number and recording the agenda item loses nothing; a refused request takes none.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CommandPath } from '@saksgang/application';
import { moetenummereringDecider, sakslisteDecider } from '@saksgang/domain';
import { actor, countEvents, expectProblemResponse, startTestApi, type TestApi } from './support.js';

const SEKRETARIAT = actor('samhandlingsleder', 'sekretariat-hnt', 'sekretaer');
const PSU_SEKRETAER = actor('ks-sekretaer', 'psu-hnt', 'sekretaer');
const ADMIN = actor('admin', 'sekretariat-hnt', 'sekretaer');

let api: TestApi;

async function opprettOrgan(organId: string, navn: string, organtype: string) {
  const res = await api.request('POST', '/organer', { headers: ADMIN, body: { organId, navn, organtype, mandat: `Mandat for ${navn}`, gjelderFra: '2012-01-01' } });
  expect(res.status).toBe(201);
}

async function orienteringssak(tittel: string, sakstype = 'orienteringssak'): Promise<string> {
  const res = await api.request('POST', '/saker', { headers: PSU_SEKRETAER, body: { tittel, innmeldtAv: 'psu-hnt', sakstype, gjelderFra: '2019-02-01' } });
  expect(res.status).toBe(201);
  return res.json.sakId;
}

/**
 * The ordinary series of a body's agenda numbers for a year, in the order given: the old sak-level
 * series (`saksliste-…`, recorded before the one numbering), then the one numbering's (`moetenummerering-…`):
 * a sak put on the agenda by itself and a meeting's items.
 */
async function nummerPaaListe(organId: string, aar: number): Promise<number[]> {
  const gamle = await api.opened.store.readStream(`saksliste-${organId}.${aar}`).catch(() => []);
  const nye = await api.opened.store.readStream(`moetenummerering-${organId}.${aar}`).catch(() => []);
  return [
    ...gamle.map((e) => (e.data as { nummer: number }).nummer),
    ...nye.flatMap((e) =>
      e.type === 'SaksnummerTildelt'
        ? [(e.data as { nummer: number }).nummer]
        : ((e.data as { punkter: { serie: string; nummer: number }[] }).punkter ?? []).filter((p) => p.serie === 'ordinaer').map((p) => p.nummer),
    ),
  ];
}

beforeAll(async () => {
  api = await startTestApi();
  await opprettOrgan('psu-hnt', 'Politisk samarbeidsutvalg (PSU) i nordlige Trøndelag', 'psu');
  await opprettOrgan('asu-hnt', 'Administrativt samarbeidsutvalg (ASU)', 'asu');
  await opprettOrgan('sekretariat-hnt', 'Sekretariatet', 'sekretariat');
}, 60_000);

afterAll(async () => {
  await api?.close();
});

describe('agenda numbers per body and year', () => {
  it('20 secretaries at the same moment: numbers exactly 1..20, no duplicates; a retry gets the same number', async () => {
    const saker = await Promise.all(Array.from({ length: 20 }, (_, i) => orienteringssak(`Orienteringssak ${i + 1}`)));
    const svar = await Promise.all(
      saker.map((sakId, i) =>
        api.request('POST', `/saker/${sakId}/saksliste`, {
          headers: { ...(i % 2 === 0 ? SEKRETARIAT : PSU_SEKRETAER), 'idempotency-key': `saksliste-${i}` },
          body: { organIder: ['psu-hnt'], moetedato: '2019-02-15', moetested: 'Sykehuset Levanger, Store møterom Arken' },
        }),
      ),
    );
    for (const r of svar) expect({ status: r.status, body: r.status === 201 ? '' : r.body }).toEqual({ status: 201, body: '' });
    const nummer = svar.map((r) => r.json.moetesaksnumre[0].moetesakssekvensnummer as number);
    expect([...nummer].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(svar.map((r) => r.json.moetesaksnumre[0].formatert)).toEqual(nummer.map((n) => `${n}/19`));
    // The agenda stream holds exactly those 20 numbers, once each, in order.
    expect(await nummerPaaListe('psu-hnt', 2019)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    // Each sak shows its number on its agenda item.
    const sak7 = (await api.request('GET', `/saker/${saker[7]}`)).json;
    expect(sak7.state.fase).toBe('paa_saksliste');
    expect(sak7.state.sakslistepunkter[0].organer).toEqual([{ organId: 'psu-hnt', moetesaksaar: 2019, moetesakssekvensnummer: nummer[7] }]);

    // The same request again (a timeout, a double click): the same number, nothing new recorded.
    const before = await countEvents(api);
    const igjen = await api.request('POST', `/saker/${saker[3]}/saksliste`, {
      headers: { ...PSU_SEKRETAER, 'idempotency-key': 'saksliste-3' },
      body: { organIder: ['psu-hnt'], moetedato: '2019-02-15', moetested: 'Sykehuset Levanger, Store møterom Arken' },
    });
    expect(igjen.status).toBe(201);
    expect(igjen.json.replayed).toBe(true);
    expect(igjen.json.moetesaksnumre[0].moetesakssekvensnummer).toBe(nummer[3]);
    expect(igjen.json.sakslistepunktId).toBe(svar[3]!.json.sakslistepunktId);
    expect(await countEvents(api)).toBe(before);
  }, 120_000);

  it('a crash after the number was taken: the retry gets that same number and leaves no gap', async () => {
    const sakId = await orienteringssak('Orienteringssak: Regionalt arbeid med samhandlingsavtaler');
    const neste = await orienteringssak('Orienteringssak: Samhandlingskonferanse 2020');
    // The first half of the work happened (the number was taken in the body's numbering), then the process died.
    const path = api.app.get(CommandPath);
    await path.execute(moetenummereringDecider, {
      aggregateId: 'psu-hnt.2023',
      command: { type: 'TildelSaksnummer', data: { organId: 'psu-hnt', aar: 2023, sakId } },
      commandId: 'krasj-2:moetesaksnummer',
      correlationId: 'krasj-2',
      causationId: 'krasj-2',
      aktoer: { personId: 'ks-sekretaer', organId: 'psu-hnt', rolle: 'sekretaer' },
    });
    expect(await nummerPaaListe('psu-hnt', 2023)).toEqual([1]);
    const retry = await api.request('POST', `/saker/${sakId}/saksliste`, { headers: PSU_SEKRETAER, body: { organIder: ['psu-hnt'], moetedato: '2023-03-11' } });
    expect(retry.status).toBe(201);
    expect(retry.json.moetesaksnumre[0]).toMatchObject({ moetesakssekvensnummer: 1, formatert: '1/23' });
    const etter = await api.request('POST', `/saker/${neste}/saksliste`, { headers: PSU_SEKRETAER, body: { organIder: ['psu-hnt'], moetedato: '2023-03-11' } });
    expect(etter.json.moetesaksnumre[0].moetesakssekvensnummer).toBe(2);
    expect(await nummerPaaListe('psu-hnt', 2023)).toEqual([1, 2]);
  });

  it('one series a year for a sak put on the agenda by itself and for a meeting\'s items: never the same number twice', async () => {
    const saker = await Promise.all(['Regionalt arbeid med samhandlingsavtaler', 'Samhandlingskonferanse', 'Dialogmøte med Nord Universitet', 'Rekruttere og beholde sykepleiere'].map((t) => orienteringssak(`Orienteringssak: ${t}`)));
    const moete = async (dato: string, sakIder: string[]) => {
      const m = await api.request('POST', '/moeter', { headers: PSU_SEKRETAER, body: { organIder: ['psu-hnt'], moetedato: dato, starttid: '09:00', moetested: 'Stjørdal', gjelderFra: '2024-01-03' } });
      expect({ status: m.status, body: m.status === 201 ? '' : m.body }).toEqual({ status: 201, body: '' });
      const moeteId = m.json.moeteId as string;
      for (const sakId of sakIder) {
        const p = await api.request('POST', `/moeter/${moeteId}/saksliste`, { headers: PSU_SEKRETAER, body: { sakId, tittel: 'Orienteringssak', moetesakstype: 'orientering', forslagTilVedtak: 'Tas til orientering.', gjelderFra: '2024-01-04' } });
        expect({ status: p.status, body: p.status === 201 ? '' : p.body }).toEqual({ status: 201, body: '' });
      }
      const inn = await api.request('POST', `/moeter/${moeteId}/innkalling`, { headers: PSU_SEKRETAER, body: { gjelderFra: '2024-01-05' } });
      expect({ status: inn.status, body: inn.status === 201 ? '' : inn.body }).toEqual({ status: 201, body: '' });
      return (inn.json.numre as { serie: string; nummer: number }[]).filter((n) => n.serie === 'ordinaer').map((n) => n.nummer);
    };
    // A meeting's innkalling numbers its item 1/24; a sak put on the agenda by itself then gets 2/24; the next meeting's items 3/24 and 4/24.
    expect(await moete('2024-02-10', [saker[0]!])).toEqual([1]);
    const alene = await api.request('POST', `/saker/${saker[1]}/saksliste`, { headers: PSU_SEKRETAER, body: { organIder: ['psu-hnt'], moetedato: '2024-02-10' } });
    expect(alene.status).toBe(201);
    expect(alene.json.moetesaksnumre[0]).toMatchObject({ moetesakssekvensnummer: 2, formatert: '2/24' });
    expect(await moete('2024-03-10', [saker[2]!, saker[3]!])).toEqual([3, 4]);
    expect(await nummerPaaListe('psu-hnt', 2024)).toEqual([1, 2, 3, 4]);
  }, 60_000);

  it('a number from the old sak-level series (recorded before the one numbering) stays the sak\'s, and the series goes on after it', async () => {
    const sakId = await orienteringssak('Orienteringssak: Samhandlingskonferanse 2020');
    const neste = await orienteringssak('Orienteringssak: Dialogmøte med Nord Universitet');
    // History recorded before: the number was taken in the old series `saksliste-psu-hnt.2020`.
    const path = api.app.get(CommandPath);
    await path.execute(sakslisteDecider, {
      aggregateId: 'psu-hnt.2020',
      command: { type: 'TildelMoetesaksnummer', data: { organId: 'psu-hnt', aar: 2020, sakId } },
      commandId: 'krasj-1:moetesaksnummer',
      correlationId: 'krasj-1',
      causationId: 'krasj-1',
      aktoer: { personId: 'ks-sekretaer', organId: 'psu-hnt', rolle: 'sekretaer' },
    });
    expect(await nummerPaaListe('psu-hnt', 2020)).toEqual([1]);

    const retry = await api.request('POST', `/saker/${sakId}/saksliste`, { headers: PSU_SEKRETAER, body: { organIder: ['psu-hnt'], moetedato: '2020-03-11' } });
    expect(retry.status).toBe(201);
    expect(retry.json.moetesaksnumre[0]).toMatchObject({ moetesakssekvensnummer: 1, formatert: '1/20' });
    const etter = await api.request('POST', `/saker/${neste}/saksliste`, { headers: PSU_SEKRETAER, body: { organIder: ['psu-hnt'], moetedato: '2020-03-11' } });
    expect(etter.json.moetesaksnumre[0].moetesakssekvensnummer).toBe(2);
    expect(await nummerPaaListe('psu-hnt', 2020)).toEqual([1, 2]);
  });

  it('a refused request takes no number', async () => {
    // A beslutningssak without an innstilling may not go on the agenda.
    const sakId = await orienteringssak('Sak: Årsmelding 2020', 'beslutningssak');
    const foer = await nummerPaaListe('psu-hnt', 2021);
    const before = await countEvents(api);
    const res = await api.request('POST', `/saker/${sakId}/saksliste`, { headers: PSU_SEKRETAER, body: { organIder: ['psu-hnt'], moetedato: '2021-02-15' } });
    expectProblemResponse(res, 422, 'innstilling_mangler');
    expect(res.json.allowedSteps).toEqual(expect.arrayContaining(['TildelNivaa']));
    const ukjent = await api.request('POST', `/saker/${sakId}/saksliste`, { headers: PSU_SEKRETAER, body: { organIder: ['psu-hnt', 'fagraad-99'], moetedato: '2021-02-15' } });
    expectProblemResponse(ukjent, 400, 'organ_ikke_funnet');
    expect(ukjent.json.errors[0].field).toBe('organIder');
    const stale = await api.request('POST', `/saker/${sakId}/saksliste`, { headers: { ...PSU_SEKRETAER, 'if-match': '"5"' }, body: { organIder: ['psu-hnt'], moetedato: '2021-02-15' } });
    expectProblemResponse(stale, 409, 'revision_conflict');
    expect(await nummerPaaListe('psu-hnt', 2021)).toEqual(foer);
    expect(await countEvents(api)).toBe(before);
    // The next sak that may go on the agenda gets number 1.
    const ok = await orienteringssak('Orienteringssak: Regionalt arbeid med samhandlingsavtaler');
    const res2 = await api.request('POST', `/saker/${ok}/saksliste`, { headers: { ...PSU_SEKRETAER, 'if-match': '"0"' }, body: { organIder: ['psu-hnt'], moetedato: '2021-02-15' } });
    expect(res2.status).toBe(201);
    expect(res2.json.moetesaksnumre[0].moetesakssekvensnummer).toBe(1);
  });

  it('a joint meeting of PSU and ASU: one agenda item, each body numbers it in its own series', async () => {
    const asuFoer = await orienteringssak('Orienteringssak for ASU alene');
    await api.request('POST', `/saker/${asuFoer}/saksliste`, { headers: SEKRETARIAT, body: { organIder: ['asu-hnt'], moetedato: '2022-02-01' } });
    const sakId = await orienteringssak('Innspill til Nasjonal helse- og sykehusplan 2024–27', 'droeftingssak');
    const res = await api.request('POST', `/saker/${sakId}/saksliste`, { headers: SEKRETARIAT, body: { organIder: ['psu-hnt', 'asu-hnt'], moetedato: '2022-03-30' } });
    expect(res.status).toBe(201);
    expect(res.json.moetesaksnumre).toEqual([
      { organId: 'psu-hnt', moetesaksaar: 2022, moetesakssekvensnummer: 1, formatert: '1/22' },
      { organId: 'asu-hnt', moetesaksaar: 2022, moetesakssekvensnummer: 2, formatert: '2/22' },
    ]);
    // Either body's secretary records the joint decision; it is one decision by both bodies.
    const vedtak = await api.request('POST', `/saker/${sakId}/sakslistepunkter/${res.json.sakslistepunktId}/vedtak`, {
      headers: PSU_SEKRETAER,
      body: { vedtaksutfall: 'vedtatt', vedtakstekst: 'Dette innspillet er vedtatt av felles både Politisk- og Administrativt Samarbeidsutvalg den 30. mars 2022.' },
    });
    expect(vedtak.status).toBe(201);
    const sak = (await api.request('GET', `/saker/${sakId}`)).json;
    expect(sak.hendelser.at(-1)).toMatchObject({ type: 'VedtakFattet', effectiveAt: '2022-03-30', data: { organIder: ['psu-hnt', 'asu-hnt'], vedtaksutfall: 'vedtatt' } });
  });
});
