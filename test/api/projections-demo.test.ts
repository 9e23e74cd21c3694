/**
 * The demo stories through the read models (issue 4, "done when"): the saksforløp of the handlingsplan
 * shows the real path PSU 3/17 → ASU 16/2017 → the joint PSU/ASU meeting → adopted in ASU on
 * 13 February 2018, with both kinds of time, and as a swimlane over the three levels.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_SAKER } from '@saksgang/application';
import { formatPosition } from '@saksgang/event-store';
import { actor, startTestApi, type TestApi } from './support.js';

/** A body's lists are for its members and the sekretariat: read as the demo's secretary of the sekretariat. */
const SEKRETARIATET = actor('samhandlingsleder-kommunene', 'sekretariat-hnt', 'sekretaer');

let api: TestApi;
let head: string;

beforeAll(async () => {
  api = await startTestApi({ SAKSGANG_DEMO: 'auto', SAKSGANG_PROJECTIONS: 'on', SAKSGANG_MIN_POSITION_WAIT_MS: '30000' });
  head = formatPosition(await api.opened.store.headPosition());
}, 90_000);

afterAll(async () => {
  await api?.close();
});

interface Steg {
  hendelsestype: string;
  organId: string;
  nivaa: string | null;
  organSaksnummer: string | null;
  gjelderFra: string;
  registrert: string;
  tilOrganIder: string[];
  moetesaksnumre: string[];
  beskrivelse: string;
}

describe('the demo handlingsplan in the read models', () => {
  it('the saksforløp shows PSU 3/17 → ASU 16/2017 → joint meeting → adopted in ASU on 13 February 2018, with both times', async () => {
    const res = await api.request('GET', `/saker/${DEMO_SAKER.handlingsplan}/forloep?minPosition=${head}`);
    expect(res.status).toBe(200);
    expect(res.json.saksnumre).toMatchObject({ 'psu-hnt': '3/17', 'asu-hnt': '16/2017' });
    const steg: Steg[] = res.json.steg;
    const finn = (pred: (s: Steg) => boolean): number => {
      const i = steg.findIndex(pred);
      expect(i).toBeGreaterThanOrEqual(0);
      return i;
    };
    const registrert = finn((s) => s.hendelsestype === 'SakRegistrert' && s.organId === 'psu-hnt' && s.organSaksnummer === '3/17' && s.nivaa === 'politisk');
    // PSU's decision in sak 3/17, which is also the order to ASU: one step, drawn to ASU too.
    const bestilt = finn((s) => s.hendelsestype === 'VedtakFattet' && s.organId === 'psu-hnt' && s.tilOrganIder.includes('asu-hnt') && s.beskrivelse.includes('utredning bestilt fra Administrativt samarbeidsutvalg (ASU)'));
    const mottatt = finn((s) => s.hendelsestype === 'BestillingMottatt' && s.organId === 'asu-hnt' && s.organSaksnummer === '16/2017' && s.nivaa === 'administrativt');
    const fellesmoete = finn((s) => s.hendelsestype === 'SattPaaSaksliste' && s.tilOrganIder.includes('psu-hnt') && s.tilOrganIder.includes('asu-hnt'));
    const vedtatt = finn((s) => s.hendelsestype === 'VedtakFattet' && s.organId === 'asu-hnt' && s.gjelderFra === '2018-02-13' && s.beskrivelse.includes('vedtatt'));
    const rekkefoelge = [registrert, bestilt, mottatt, fellesmoete, vedtatt];
    expect(rekkefoelge).toEqual([...rekkefoelge].sort((a, b) => a - b));
    expect(steg[fellesmoete]!.gjelderFra).toBe('2017-11-23');
    // Both kinds of time: effective from the papers, recorded when the demo was loaded.
    for (const s of steg) {
      expect(s.gjelderFra < '2019').toBe(true);
      expect(Date.parse(s.registrert)).toBeGreaterThan(Date.parse('2025-01-01'));
    }
  });

  it('the swimlane has the political, administrative and professional levels in order', async () => {
    const res = await api.request('GET', `/saker/${DEMO_SAKER.handlingsplan}/forloep.svg?minPosition=${head}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
    const lanes = [...res.body.matchAll(/<g class="lane" data-organ-id="([^"]+)"/g)].map((m) => m[1]!);
    // Political first, then the administrative bodies (the arbeidsutvalg assigned the sak, ASU investigated it), then the professional.
    expect(lanes[0]).toBe('psu-hnt');
    expect(lanes.slice(1, 3).sort()).toEqual(['asu-hnt', 'au-hnt']);
    expect(lanes).toContain('fagraad-koordinerende-enheter');
  });

  it('the follow-up the decision sent is on the receiving body’s arbeidsliste, and on ASU’s sendt list', async () => {
    const liste = (await api.request('GET', `/organer/fagraad-koordinerende-enheter/arbeidsliste?idag=2018-03-01&minPosition=${head}`, { headers: SEKRETARIATET })).json;
    expect(liste.punkter).toEqual(expect.arrayContaining([expect.objectContaining({ sakId: DEMO_SAKER.handlingsplan, art: 'oppfoelging', organId: 'fagraad-koordinerende-enheter' })]));
    const sendt = (await api.request('GET', `/organer/asu-hnt/sendt?idag=2018-03-01&minPosition=${head}`, { headers: SEKRETARIATET })).json;
    expect(sendt.punkter).toEqual(
      expect.arrayContaining([expect.objectContaining({ sakId: DEMO_SAKER.handlingsplan, art: 'oppfoelging', organId: 'fagraad-koordinerende-enheter' })]),
    );
  });
});

describe('the demo parties and the hearing of the draft action plan (seed 002)', () => {
  it('lists the municipalities with the mergers of 2018 and 2020, and the county governor by the name it had', async () => {
    const i2017 = (await api.request('GET', `/parter?dato=2017-11-24&minPosition=${head}`, { headers: SEKRETARIATET })).json;
    const part = (liste: { parter: { partId: string }[] }, id: string) => liste.parter.find((p) => p.partId === id) as { navn: string; aktiv: boolean } | undefined;
    expect(part(i2017, 'leksvik-kommune')).toMatchObject({ aktiv: true });
    expect(part(i2017, 'indre-fosen-kommune')).toMatchObject({ aktiv: false });
    expect(part(i2017, 'statsforvalteren-trondelag')).toMatchObject({ navn: 'Fylkesmannen i Nord-Trøndelag' });
    const i2022 = (await api.request('GET', `/parter?dato=2022-03-31&minPosition=${head}`, { headers: SEKRETARIATET })).json;
    expect(part(i2022, 'leksvik-kommune')).toMatchObject({ aktiv: false });
    expect(part(i2022, 'verran-kommune')).toMatchObject({ aktiv: false });
    expect(part(i2022, 'statsforvalteren-trondelag')).toMatchObject({ navn: 'Statsforvalteren i Trøndelag' });
  });

  it('shows who answered the hearing and who did not, and the missing answers after the frist as ASU’s restanser', async () => {
    const { hoeringer } = (await api.request('GET', `/saker/${DEMO_SAKER.handlingsplan}/hoeringer?minPosition=${head}`, { headers: SEKRETARIATET })).json;
    expect(hoeringer).toHaveLength(1);
    const h = hoeringer[0];
    expect(h).toMatchObject({ organId: 'asu-hnt', hoeringsfrist: '2018-01-15', harRestanser: true });
    expect(h.svart.map((x: { partnavn: string; etterFrist: boolean }) => `${x.partnavn}${x.etterFrist ? ' (for sent)' : ''}`).sort()).toEqual([
      'Helse Nord-Trøndelag HF',
      'Levanger kommune',
      'Steinkjer kommune',
      'Verdal kommune (for sent)',
    ]);
    expect(h.ikkeSvart).toHaveLength(8);
    expect(h.ikkeSvart.map((x: { partnavn: string }) => x.partnavn)).toEqual(expect.arrayContaining(['Leksvik kommune', 'KS Trøndelag', 'Brukerutvalget i Helse Nord-Trøndelag']));
    const r = (await api.request('GET', `/parter/hoeringssvar/restanser?idag=2018-01-20&organId=asu-hnt&minPosition=${head}`, { headers: SEKRETARIATET })).json;
    // On 20 January Verdal had not answered yet: nine answers missing after the frist.
    expect(r.restanser.map((x: { partnavn: string }) => x.partnavn)).toContain('Verdal kommune');
    expect(r.restanser).toHaveLength(9);
  });
});
