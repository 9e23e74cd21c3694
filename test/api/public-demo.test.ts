/**
 * The demo helsefellesskap driven end to end with tokens for the demo people (from the papers), and
 * public access (offentleglova): the sekretariat marks fields exempt with the legal basis and a public
 * title; reads without a token see only what is not exempt; the archive export's convention honours it.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { offentligData, samleSkjerminger } from '@saksgang/audit';
import { lagLokaltToken } from '../../apps/api/src/auth/lag-token.js';
import { countEvents, expectProblemResponse, startTestApi, type TestApi } from './support.js';

const SECRET = randomBytes(48).toString('base64url');
const KEY = new TextEncoder().encode(SECRET);
const HEMMELIG = 'Avvik i pasientforløp for navngitt pasient på Levanger';
const HJEMMEL = 'offl. § 13 jf. fvl. § 13 første ledd nr. 1';

let api: TestApi;
const som = async (personId: string, organ: string, rolle: string) => ({ authorization: `Bearer ${await lagLokaltToken(KEY, { personId })}`, 'x-organ': organ, 'x-rolle': rolle });
const SEKRETARIATET = () => som('samhandlingsleder-kommunene', 'sekretariat-hnt', 'sekretaer');
const AU = () => som('runar-asp', 'au-hnt', 'medlem');
const ASU_SEKRETAER = () => som('olav-bremnes', 'asu-hnt', 'sekretaer');

async function ok(method: string, url: string, headers: Record<string, string>, body?: unknown) {
  const res = await api.request(method, url, { headers, body });
  if (res.status >= 300) throw new Error(`${method} ${url} → ${res.status}: ${res.body}`);
  return res;
}

let sakId: string;

beforeAll(async () => {
  api = await startTestApi({ SAKSGANG_DEMO: 'auto', SAKSGANG_DEV_ACTOR_HEADERS: 'off', SAKSGANG_AUTH_SECRET: SECRET });
}, 90_000);
afterAll(async () => api?.close());

describe('the demo, driven with tokens for the demo people', () => {
  it('the sekretariat registers, the arbeidsutvalg triages, ASU recommends and puts it on its agenda, and records the decision from the minutes', async () => {
    const reg = await ok('POST', '/saker', await SEKRETARIATET(), { tittel: HEMMELIG, beskrivelse: `${HEMMELIG}: hendelsesforløp.`, innmeldtAv: 'sekretariat-hnt', sakstype: 'beslutningssak' });
    sakId = reg.json.sakId;
    await ok('POST', `/saker/${sakId}/nivaa`, await AU(), { organId: 'asu-hnt', begrunnelse: 'Administrativt nivå.' });
    await ok('POST', `/saker/${sakId}/innstilling`, await ASU_SEKRETAER(), { forslagTilVedtak: 'Avviket følges opp i fagråd for kvalitet.' });
    const punkt = await ok('POST', `/saker/${sakId}/saksliste`, await ASU_SEKRETAER(), { organIder: ['asu-hnt'], moetedato: '2026-11-05' });
    const vedtak = `/saker/${sakId}/sakslistepunkter/${punkt.json.sakslistepunktId}/vedtak`;
    const body = { vedtaksutfall: 'vedtatt', vedtakstekst: 'Innstillingen vedtas.' };

    // The PSU observer (Tore O. Sandvik: «møte- og talerett») never records a decision.
    const obs = await api.request('POST', vedtak, { headers: await som('tore-sandvik', 'psu-hnt', 'observatoer'), body });
    expectProblemResponse(obs, 403, 'rolle_ikke_tillatt');
    // ASU's leader until 29 March 2022 is not its leader on the meeting date.
    const ardon = await api.request('POST', vedtak, { headers: await som('peter-ardon', 'asu-hnt', 'leder'), body });
    expectProblemResponse(ardon, 403, 'ikke_medlem_paa_dato');
    expect(ardon.json.detail).toMatch(/2017-01-01–2022-03-29/);
    // Olav Bremnes is ASU's secretary then: he records it from the minutes.
    await ok('POST', vedtak, await ASU_SEKRETAER(), body);

    const sak = await ok('GET', `/saker/${sakId}`, await ASU_SEKRETAER());
    expect(sak.json.state.fase).toBe('vedtak_fattet');
    expect(sak.json.hendelser.map((h: { actor: { personId: string } }) => h.actor.personId)).toEqual([
      'samhandlingsleder-kommunene',
      'runar-asp',
      'olav-bremnes',
      'olav-bremnes',
      'olav-bremnes',
    ]);
    expect(sak.json.hendelser.at(-1).data.utfoertAv).toEqual({ personId: 'olav-bremnes', organId: 'asu-hnt', rolle: 'sekretaer' });
  });
});

describe('public access (offentleglova)', () => {
  it('only the sekretariat marks fields exempt; the title needs a public title', async () => {
    const before = await countEvents(api);
    const asu = await api.request('POST', `/saker/${sakId}/skjerminger`, { headers: await ASU_SEKRETAER(), body: { felt: ['tittel'], skjermingshjemmel: HJEMMEL, offentligTittel: 'x' } });
    expectProblemResponse(asu, 403, 'organ_ikke_tillatt');
    const utenTittel = await api.request('POST', `/saker/${sakId}/skjerminger`, { headers: await SEKRETARIATET(), body: { felt: ['tittel'], skjermingshjemmel: HJEMMEL } });
    expectProblemResponse(utenTittel, 400, 'offentlig_tittel_mangler');
    expectProblemResponse(await api.request('POST', `/saker/${sakId}/skjerminger`, { headers: await SEKRETARIATET(), body: { felt: ['sakId'], skjermingshjemmel: HJEMMEL } }), 422, 'felt_kan_ikke_skjermes');
    expect(await countEvents(api)).toBe(before);
  });

  it('a read without a token sees the public title and never the exempt fields — nor a correction of them; the export convention agrees', async () => {
    expect((await api.request('GET', `/offentlig/saker/${sakId}`)).json.tittel).toBe(HEMMELIG);
    const marker = await ok('POST', `/saker/${sakId}/skjerminger`, await SEKRETARIATET(), {
      felt: ['tittel', 'beskrivelse'],
      skjermingshjemmel: HJEMMEL,
      tilgangsrestriksjon: '13',
      offentligTittel: 'Avvik i pasientforløp',
    });
    const skjermingId = marker.json.skjermingId as string;
    // The exempt title is corrected afterwards; the correction's values are exempt too.
    await ok('POST', `/saker/${sakId}/korrigeringer`, await SEKRETARIATET(), {
      hendelsesnummer: 0,
      hendelsestype: 'SakRegistrert',
      felt: 'tittel',
      gammelVerdi: HEMMELIG,
      nyVerdi: `${HEMMELIG} (rettet)`,
      begrunnelse: 'Skrivefeil.',
    });

    expectProblemResponse(await api.request('GET', `/saker/${sakId}`), 401, 'token_mangler');
    const pub = await api.request('GET', `/offentlig/saker/${sakId}`);
    expect(pub.status).toBe(200);
    expect(pub.json.tittel).toBe('Avvik i pasientforløp');
    expect(pub.json.beskrivelse).toBeUndefined();
    expect(pub.body).not.toContain('navngitt pasient');
    expect(pub.json.skjerminger).toEqual([{ hendelsesnummer: 0, felt: ['tittel', 'beskrivelse'], skjermingshjemmel: HJEMMEL, tilgangsrestriksjon: '13' }]);
    expect(pub.json.hendelser[0].skjermet).toEqual({ felt: ['tittel', 'beskrivelse'], skjermingshjemmel: HJEMMEL });
    expect(pub.json.hendelser[0].data.innmeldtAv).toBe('sekretariat-hnt');
    const korr = pub.json.hendelser.find((h: { type: string }) => h.type === 'OpplysningKorrigert');
    expect(korr.data.gammelVerdi).toBeUndefined();
    expect(korr.data.nyVerdi).toBeUndefined();
    // The vedtak is not exempt and stays public.
    expect(pub.body).toContain('Innstillingen vedtas.');

    // With a token, members see everything.
    const full = await ok('GET', `/saker/${sakId}`, await ASU_SEKRETAER());
    expect(full.json.state.tittel).toBe(`${HEMMELIG} (rettet)`);

    // The archive export (libs/audit) reads the same events and leaves the same fields out.
    const events = await api.opened.store.readStream(`sak-${sakId}`);
    const skjerminger = samleSkjerminger(events);
    expect(offentligData(events[0]!, skjerminger).data['tittel']).toBeUndefined();
    expect(JSON.stringify(events.map((e) => offentligData(e, skjerminger).data))).not.toContain('navngitt pasient');

    // Lifting the exemption makes the title public again.
    expectProblemResponse(await api.request('POST', `/saker/${sakId}/skjerminger/${skjermingId}/oppheving`, { headers: await AU(), body: { begrunnelse: 'b' } }), 403, 'rolle_ikke_tillatt');
    await ok('POST', `/saker/${sakId}/skjerminger/${skjermingId}/oppheving`, await SEKRETARIATET(), { begrunnelse: 'Grunnlaget for unntak er falt bort.' });
    const etter = await api.request('GET', `/offentlig/saker/${sakId}`);
    expect(etter.json.tittel).toBe(`${HEMMELIG} (rettet)`);
    expect(etter.json.skjerminger).toEqual([]);
  });

  it('a single field of a later event can be exempt', async () => {
    const sak = await ok('GET', `/saker/${sakId}`, await ASU_SEKRETAER());
    const nr = sak.json.hendelser.findIndex((h: { type: string }) => h.type === 'InnstillingAvgitt');
    await ok('POST', `/saker/${sakId}/skjerminger`, await SEKRETARIATET(), { hendelsesnummer: nr, felt: ['forslagTilVedtak'], skjermingshjemmel: 'offl. § 14' });
    const pub = await api.request('GET', `/offentlig/saker/${sakId}`);
    expect(pub.json.hendelser[nr].data.forslagTilVedtak).toBeUndefined();
    expect(pub.json.hendelser[nr].skjermet.skjermingshjemmel).toBe('offl. § 14');
    expect(pub.body).not.toContain('Avviket følges opp i fagråd');
  });
});
