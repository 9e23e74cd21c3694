/**
 * The demo's avvik (issue 19 item 5): the eight municipalities of seed 003 and St. Olavs hospital as
 * parties, avvik on the seed's themes in every status, a forbedringssak from the three discharge avvik,
 * figures for the fagråd — and no identity number anywhere in them.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { DEMO_AVVIKSSTEG } from '@saksgang/application';
import { harFoedselsEllerDnummer } from '@saksgang/domain';
import { START } from '@saksgang/event-store';
import { actor, startTestApi, type TestApi } from '../api/support.js';

jest.setTimeout(240_000);

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi({ SAKSGANG_DEMO: 'auto', SAKSGANG_PROJECTIONS: 'on' });
}, 200_000);
afterAll(async () => api?.close());

async function vent(url: string, headers: Record<string, string> = {}, holder: (json: any) => boolean = () => true): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const frist = Date.now() + 60_000;
  for (;;) {
    const res = await api.request('GET', url, { headers });
    if (res.status === 200 && holder(res.json)) return res.json;
    if (Date.now() > frist) throw new Error(`${url} → ${res.status}: ${res.body}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('the demo avvik', () => {
  it('are recorded between the eight municipalities and the hospital trust, in every status, with no identity number', async () => {
    const alle = await api.opened.store.readAll({ fromPosition: START, maxCount: 1_000_000 });
    const avvik = alle.filter((e) => e.streamName.startsWith('avvik-'));
    const meldere = new Set(avvik.filter((e) => e.type === 'AvvikMeldt').map((e) => (e.data as { melder: string }).melder));
    expect([...meldere].sort()).toEqual(['froya-kommune', 'heim-kommune', 'hitra-kommune', 'orkland-kommune', 'rennebu-kommune', 'rindal-kommune', 'skaun-kommune', 'st-olavs-hf', 'surnadal-kommune']);
    expect(new Set(avvik.map((e) => e.type))).toEqual(new Set(['AvvikMeldt', 'AvvikRegistrert', 'MerInformasjonEtterspurt', 'MerInformasjonGitt', 'AvvikBesvart', 'AvvikLukket', 'AvvikLoeftetTilFagraad', 'ForbedringssakKnyttet']));
    for (const e of avvik) expect(harFoedselsEllerDnummer(JSON.stringify(e.data))).toBe(false);
    expect(DEMO_AVVIKSSTEG.length).toBeGreaterThan(30);
  });

  it('give the fagråd its quarter’s figures and a forbedringssak linked to three avvik', async () => {
    const s = await vent('/offentlig/avvik/statistikk?aar=2022&kvartal=4&idag=2023-03-01', {}, (j) => j.totalt.antall > 0);
    const meldtIKvartalet = DEMO_AVVIKSSTEG.filter((x) => x.art === 'avvik' && x.steg === 'MeldAvvik' && String(x.data['gjelderFra']) >= '2022-10-01' && String(x.data['gjelderFra']) <= '2022-12-31');
    expect(s.totalt.antall).toBe(meldtIKvartalet.length);
    expect(s.etter.mottaker.map((g: { navn: string }) => g.navn)).toContain('St. Olavs hospital HF');
    expect(s.etter.kategori.map((g: { noekkel: string }) => g.noekkel)).toEqual(expect.arrayContaining(['utskrivning', 'psykisk_helse_og_rus', 'ansvarsavklaring']));
    const fagraad = actor('leder-fagraad-kvalitet', 'fagraad-kvalitet', 'leder');
    const liste = await vent('/avvik/organ/fagraad-kvalitet', fagraad, (j) => j.antall >= 9);
    const medSak = liste.avvik.filter((a: { forbedringssaker: unknown[] }) => a.forbedringssaker.length > 0);
    expect(medSak.map((a: { meldernavn: string }) => a.meldernavn).sort()).toEqual(['Heim kommune, helse og omsorg', 'Orkland kommune, helse og omsorg', 'Skaun kommune, helse og omsorg']);
    const sakId = medSak[0].forbedringssaker[0].sakId as string;
    expect((await api.request('GET', `/saker/${sakId}`, { headers: fagraad })).json.state.tittel).toBe('Forbedringssak: utskrivning før hjemmeforhold og hjemmetjenester er vurdert');
    expect((await vent(`/avvik/forbedringssaker/${sakId}`, fagraad)).antall).toBe(3);
  });
});
