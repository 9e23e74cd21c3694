import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Aktoer, SakCommand } from '@saksgang/domain';
import { type EventStore, openEventStore, type SqlClient } from '@saksgang/event-store';
import {
  hentAarsstatistikk,
  hentArbeidsliste,
  hentKommendeFrister,
  hentOrganer,
  hentRestanser,
  hentSakIOversikt,
  hentSaksforloep,
  hentVedtaksoppfoelging,
  lesemodeller,
  ProjectionRunner,
  renderSaksforloepSvg,
  sokSaker,
} from '@saksgang/projections';
import { MemoryLogger } from './helpers.js';
import { leder, opprettOrganer, Saksgang, sekretaer } from './driver.js';

let store: EventStore;
let sql: SqlClient;
let runner: ProjectionRunner;
let g: Saksgang;
let o: Awaited<ReturnType<typeof opprettOrganer>>;
const logger = new MemoryLogger();

const SAK = 'handlingsplan-2018';
const SAK2 = 'barn-og-unge';

async function steg(tid: string, command: SakCommand, aktoer: Aktoer, sakId = SAK): Promise<void> {
  g.now = new Date(`${tid}T10:00:00Z`);
  await g.sak(sakId, command, aktoer);
}

async function oppdatert(): Promise<void> {
  expect(await runner.waitFor(g.last!, 10_000)).toBe(true);
}

beforeAll(async () => {
  ({ store, sql } = await openEventStore({ backend: 'pglite', dataDir: 'memory://', pollIntervalMs: 20 }));
  runner = new ProjectionRunner({ store, sql, projections: lesemodeller(), logger, retry: { initialDelayMs: 20, maxDelayMs: 200 } });
  await runner.start();
  g = new Saksgang(store, new Date('2017-01-01T08:00:00Z'));
  o = await opprettOrganer(g, '');
}, 60_000);

afterAll(async () => {
  await runner.stop();
  await store.close();
});

describe('read models over a real journey (PSU sak 3/17 → ASU sak 16/2017 → fagråd → vedtak → oppfølging)', () => {
  it('registers, orders and delegates: arbeidsliste per body, sent-down view, frister and restanser', async () => {
    await steg(
      '2017-03-01',
      {
        type: 'RegistrerSak',
        data: {
          sakId: SAK,
          tittel: 'Handlingsplan for helsefellesskapet 2018–2021',
          beskrivelse: 'Forslag til arbeidsprosess og framdriftsplan for en handlingsplan; utredningene skal se på samhandling.',
          innmeldtAv: o.psu,
          sakstype: 'beslutningssak',
          saksnummer: '3/17',
        },
      },
      sekretaer(o.sekr),
    );
    await steg('2017-03-02', { type: 'TildelNivaa', data: { organId: o.psu } }, leder(o.au));
    await steg('2017-03-15', { type: 'BestillUtredning', data: { tilOrganId: o.asu, mandat: 'Utred handlingsplan', frist: '2017-09-01' } }, leder(o.psu, 'ola'));
    await steg('2017-03-20', { type: 'MottaBestilling', data: { saksnummer: '16/2017' } }, leder(o.asu, 'kari'));
    await steg('2017-04-01', { type: 'DelegerOppdrag', data: { oppdragId: 'o1', tilOrganId: o.fr2, mandat: 'Beskriv tiltak', frist: '2017-06-01' } }, leder(o.asu, 'kari'));
    await steg('2017-04-02', { type: 'DelegerOppdrag', data: { oppdragId: 'o2', tilOrganId: o.frk, mandat: 'Pasientsikkerhet', frist: '2017-06-15' } }, leder(o.asu, 'kari'));
    await steg('2017-04-05', { type: 'AksepterOppdrag', data: { oppdragId: 'o1' } }, leder(o.fr2));
    await steg('2017-05-20', { type: 'BeOmUtsattFrist', data: { oppdragId: 'o1', nyFrist: '2017-07-01', begrunnelse: 'Ferie' } }, leder(o.fr2));
    await oppdatert();

    const fr2 = await hentArbeidsliste(sql, o.fr2, '2017-06-10');
    expect(fr2.venter.map((p) => [p.art, p.refId, p.status, p.frist, p.forfalt, p.dagerTilFrist])).toEqual([['oppdrag', 'o1', 'akseptert', '2017-06-01', true, -9]]);
    expect(fr2.venter[0]!.sakTittel).toBe('Handlingsplan for helsefellesskapet 2018–2021');

    const asu = await hentArbeidsliste(sql, o.asu, '2017-06-10');
    expect(asu.venter.map((p) => [p.art, p.status, p.frist])).toEqual([
      ['bestilling', 'mottatt', '2017-09-01'],
      ['utsettelse', 'bedt', null],
    ]);
    expect(asu.sendtNedover.map((p) => [p.art, p.refId, p.organId, p.frist])).toEqual([
      ['oppdrag', 'o1', o.fr2, '2017-06-01'],
      ['oppdrag', 'o2', o.frk, '2017-06-15'],
    ]);
    const psu = await hentArbeidsliste(sql, o.psu, '2017-06-10');
    expect(psu.venter).toEqual([]); // tildelt item closed when PSU ordered the investigation
    expect(psu.sendtNedover.map((p) => [p.art, p.organId, p.status])).toEqual([['bestilling', o.asu, 'mottatt']]);

    const restanser = await hentRestanser(sql, '2017-06-10');
    expect(restanser.map((p) => [p.organId, p.refId])).toEqual([[o.fr2, 'o1']]);
    expect((await hentRestanser(sql, '2017-06-20')).map((p) => p.refId)).toEqual(['o1', 'o2']);
    expect((await hentRestanser(sql, '2017-06-20', o.frk)).map((p) => p.refId)).toEqual(['o2']);
    expect((await hentKommendeFrister(sql, '2017-06-10', 10)).map((p) => p.refId)).toEqual(['o2']);
  });

  it('moves an oppdrag between receiver and giver as it is delivered, returned and accepted', async () => {
    await steg('2017-05-22', { type: 'InnvilgUtsattFrist', data: { oppdragId: 'o1' } }, leder(o.asu));
    await oppdatert();
    let fr2 = await hentArbeidsliste(sql, o.fr2, '2017-06-10');
    expect(fr2.venter.map((p) => [p.refId, p.frist, p.forfalt])).toEqual([['o1', '2017-07-01', false]]);
    expect((await hentArbeidsliste(sql, o.asu, '2017-06-10')).venter.map((p) => p.art)).toEqual(['bestilling']);

    await steg('2017-06-25', { type: 'LeverOppdrag', data: { oppdragId: 'o1', leveranse: 'Rapport' } }, leder(o.fr2));
    await oppdatert();
    fr2 = await hentArbeidsliste(sql, o.fr2, '2017-06-26');
    expect(fr2.venter).toEqual([]);
    expect(fr2.sendtNedover).toEqual([]);
    const asu = await hentArbeidsliste(sql, o.asu, '2017-06-26');
    expect(asu.venter.map((p) => [p.art, p.refId, p.status, p.mottakerOrganId])).toEqual([
      ['bestilling', '1', 'mottatt', o.asu],
      ['oppdrag', 'o1', 'levert', o.fr2],
    ]);

    await steg('2017-06-28', { type: 'ReturnerLeveranse', data: { oppdragId: 'o1', begrunnelse: 'Mer om barn', nyFrist: '2017-07-15' } }, leder(o.asu));
    await oppdatert();
    fr2 = await hentArbeidsliste(sql, o.fr2, '2017-06-29');
    expect(fr2.venter.map((p) => [p.refId, p.status, p.frist])).toEqual([['o1', 'returnert', '2017-07-15']]);

    await steg('2017-07-10', { type: 'LeverOppdrag', data: { oppdragId: 'o1', leveranse: 'Rapport v2' } }, leder(o.fr2));
    await steg('2017-07-12', { type: 'GodtaLeveranse', data: { oppdragId: 'o1' } }, leder(o.asu));
    await steg('2017-04-10', { type: 'AksepterOppdrag', data: { oppdragId: 'o2' } }, leder(o.frk));
    await steg('2017-06-20', { type: 'LeverOppdrag', data: { oppdragId: 'o2', leveranse: 'Notat' } }, leder(o.frk));
    await steg('2017-07-13', { type: 'GodtaLeveranse', data: { oppdragId: 'o2' } }, leder(o.asu));
    await oppdatert();
    expect((await hentArbeidsliste(sql, o.asu, '2017-07-14')).sendtNedover).toEqual([]);
    expect((await hentRestanser(sql, '2017-07-14')).filter((p) => p.sakId === SAK)).toEqual([]);
  });

  it('innstilling → agenda → vedtak → oppfølging, and the vedtaksoppfølging read model', async () => {
    await steg('2017-08-20', { type: 'AvgiInnstilling', data: { forslagTilVedtak: 'PSU vedtar arbeidsprosessen' } }, leder(o.asu));
    await oppdatert();
    expect((await hentArbeidsliste(sql, o.asu, '2017-08-21')).venter).toEqual([]); // the order is answered
    expect((await hentArbeidsliste(sql, o.psu, '2017-08-21')).venter.map((p) => [p.art, p.status])).toEqual([['saksliste', 'innstilling_avgitt']]);

    await steg(
      '2017-09-01',
      { type: 'SettPaaSaksliste', data: { sakslistepunktId: 'p1', moetedato: '2017-10-05', moetested: 'Stjørdal', organer: [{ organId: o.psu, moetesaksaar: 2017, moetesakssekvensnummer: 3 }] } },
      leder(o.psu),
    );
    await oppdatert();
    const psu = await hentArbeidsliste(sql, o.psu, '2017-09-02');
    expect(psu.venter.map((p) => [p.art, p.frist, p.beskrivelse])).toEqual([['behandling', '2017-10-05', `Sak ${o.psu} 3/17 i møtet 2017-10-05, Stjørdal`]]);

    await steg('2017-10-20', { type: 'FattVedtak', data: { sakslistepunktId: 'p1', vedtaksutfall: 'vedtatt', vedtakstekst: 'Arbeidsprosessen vedtas.', gjelderFra: '2017-10-05' } }, leder(o.psu));
    await steg('2017-10-21', { type: 'SendTilOppfoelging', data: { oppfoelgingId: 'f1', tilOrganId: o.asu, beskrivelse: 'Følg opp handlingsplanen', frist: '2018-03-01' } }, leder(o.psu));
    await oppdatert();
    expect((await hentArbeidsliste(sql, o.asu, '2018-03-02')).venter.map((p) => [p.art, p.forfalt])).toEqual([['oppfoelging', true]]);

    let vedtak = await hentVedtaksoppfoelging(sql, '2018-03-02', { sakId: SAK });
    expect(vedtak).toHaveLength(1);
    expect(vedtak[0]).toMatchObject({ vedtaksutfall: 'vedtatt', moetedato: '2017-10-05', moetesaksnumre: [`${o.psu} 3/17`], organIder: [o.psu] });
    expect(vedtak[0]!.oppfoelginger.map((x) => [x.oppfoelgingId, x.tilOrganId, x.status])).toEqual([['f1', o.asu, 'forfalt']]);
    expect(await hentVedtaksoppfoelging(sql, '2018-03-02', { organId: o.asu })).toHaveLength(1);
    expect(await hentVedtaksoppfoelging(sql, '2018-03-02', { organId: o.fr2 })).toHaveLength(0);

    await steg('2018-02-01', { type: 'RapporterOppfoelging', data: { oppfoelgingId: 'f1', rapport: 'Halvveis' } }, leder(o.asu));
    await steg('2018-03-10', { type: 'MeldOppfoelgingFullfoert', data: { oppfoelgingId: 'f1' } }, leder(o.asu));
    await oppdatert();
    vedtak = await hentVedtaksoppfoelging(sql, '2018-03-11', { sakId: SAK });
    expect(vedtak[0]!.oppfoelginger[0]).toMatchObject({ status: 'fullfoert', antallRapporter: 1, sisteRapport: 'Halvveis', fullfoert: '2018-03-10T10:00:00.000Z' });
    expect((await hentArbeidsliste(sql, o.asu, '2018-03-11')).venter).toEqual([]);
    expect((await hentSakIOversikt(sql, SAK))!.fase).toBe('oppfoelging_fullfoert');
  });

  it('saksforløp: every step in order, with level, body, the body’s case number, actor and both times; oppdrag with their own steps', async () => {
    const f = (await hentSaksforloep(sql, SAK))!;
    expect(f.tittel).toBe('Handlingsplan for helsefellesskapet 2018–2021');
    expect(f.saksnumre).toEqual({ [o.psu]: '3/17', [o.asu]: '16/2017' });
    expect(f.steg.map((s) => s.hendelsestype)).toEqual([
      'SakRegistrert',
      'NivaaTildelt',
      'UtredningBestilt',
      'BestillingMottatt',
      'OppdragDelegert',
      'OppdragDelegert',
      'OppdragAkseptert',
      'UtsattFristBedt',
      'UtsattFristInnvilget',
      'OppdragLevert',
      'LeveranseReturnert',
      'OppdragLevert',
      'LeveranseGodtatt',
      'OppdragAkseptert',
      'OppdragLevert',
      'LeveranseGodtatt',
      'InnstillingAvgitt',
      'SattPaaSaksliste',
      'VedtakFattet',
      'SendtTilOppfoelging',
      'OppfoelgingRapportert',
      'OppfoelgingFullfoert',
    ]);
    expect(f.steg.map((s) => s.revisjon)).toEqual(f.steg.map((_, i) => i));
    const bestilt = f.steg[2]!;
    expect(bestilt).toMatchObject({
      organId: o.psu,
      organNavn: 'PSU Helsefellesskapet i nordre Trøndelag',
      nivaa: 'politisk',
      organSaksnummer: '3/17',
      tilOrganIder: [o.asu],
      personId: 'ola',
      rolle: 'leder',
      gjelderFra: '2017-03-15T10:00:00.000Z',
    });
    expect(f.steg[3]).toMatchObject({ organId: o.asu, nivaa: 'administrativt', organSaksnummer: '16/2017', personId: 'kari' });
    const vedtak = f.steg.find((s) => s.hendelsestype === 'VedtakFattet')!;
    expect(vedtak.gjelderFra).toBe('2017-10-05'); // the meeting date …
    expect(vedtak.registrert).toBe('2017-10-20T10:00:00.000Z'); // … recorded when the minutes were entered
    expect(f.steg.find((s) => s.hendelsestype === 'SattPaaSaksliste')!.moetesaksnumre).toEqual([`${o.psu} 3/17`]);

    expect(f.oppdrag.map((x) => [x.oppdragId, x.tilOrganId, x.status, x.frist])).toEqual([
      ['o1', o.fr2, 'godtatt', '2017-07-15'],
      ['o2', o.frk, 'godtatt', '2017-06-15'],
    ]);
    expect(f.oppdrag[0]!.steg.map((s) => [s.hendelsestype, s.organId, s.nivaa])).toEqual([
      ['OppdragDelegert', o.asu, 'administrativt'],
      ['OppdragAkseptert', o.fr2, 'faglig'],
      ['UtsattFristBedt', o.fr2, 'faglig'],
      ['UtsattFristInnvilget', o.asu, 'administrativt'],
      ['OppdragLevert', o.fr2, 'faglig'],
      ['LeveranseReturnert', o.asu, 'administrativt'],
      ['OppdragLevert', o.fr2, 'faglig'],
      ['LeveranseGodtatt', o.asu, 'administrativt'],
    ]);
    expect(await hentSaksforloep(sql, 'finnes-ikke')).toBeUndefined();
  });

  it('renders the saksforløp as an SVG swimlane: one lane per body by level, every step in its lane', async () => {
    const f = (await hentSaksforloep(sql, SAK))!;
    const svg = renderSaksforloepSvg(f);
    expect(svg.startsWith('<svg')).toBe(true);
    const lanes = [...svg.matchAll(/<g class="lane" data-organ-id="([^"]+)">/g)].map((m) => m[1]);
    // politisk, then administrativt, then faglig (each by first appearance).
    expect(lanes).toEqual([o.psu, o.sekr, o.au, o.asu, o.fr2, o.frk]);
    const steps = [...svg.matchAll(/<g class="step" data-event-type="([^"]+)" data-organ-id="([^"]+)"/g)].map((m) => [m[1], m[2]]);
    expect(steps).toEqual(f.steg.map((s) => [s.hendelsestype, s.organId]));
    expect(svg).toContain('PSU Helsefellesskapet i nordre Trøndelag');
    expect(svg).toContain('Fagråd for kvalitet og pasientsikkerhet');
    expect(svg).toContain('Handlingsplan for helsefellesskapet 2018–2021');
    expect((svg.match(/<rect x="[^"]+" y="[^"]+" width="16"/g) ?? []).length).toBe(f.steg.filter((s) => s.oppdragId).length);
    expect(svg).toContain('marker-end="url(#pil)"');
    // Text is escaped.
    const ondsinnet = renderSaksforloepSvg({ sakId: 'x', tittel: '<script>alert("x")</script> & co', steg: [] });
    expect(ondsinnet).not.toContain('<script>');
    expect(ondsinnet).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co');
  });

  it('saksoversikt: filters and Norwegian full-text search', async () => {
    await steg(
      '2019-02-15',
      {
        type: 'RegistrerSak',
        data: { sakId: SAK2, tittel: 'Arbeidsgruppe for barn og unge', beskrivelse: 'Beskrive hvordan helsefellesskapet kan utvikle tjenestene', innmeldtAv: o.asu, sakstype: 'droeftingssak' },
      },
      sekretaer(o.sekr),
      SAK2,
    );
    await steg('2019-02-20', { type: 'TrekkSak', data: { begrunnelse: 'Slått sammen med annen sak' } }, sekretaer(o.sekr), SAK2);
    await oppdatert();

    expect((await sokSaker(sql, { tekst: 'utredning' })).saker.map((s) => s.sakId)).toEqual([SAK]); // «utredningene» stemmed
    expect((await sokSaker(sql, { tekst: 'helsefellesskap' })).saker.map((s) => s.sakId).sort()).toEqual([SAK, SAK2].sort());
    expect((await sokSaker(sql, { tekst: 'Arbeidsgrup' })).saker.map((s) => s.sakId)).toEqual([SAK2]); // partial title (ILIKE)
    expect((await sokSaker(sql, { tekst: '16/2017' })).saker.map((s) => s.sakId)).toEqual([SAK]);
    expect((await sokSaker(sql, { aapen: true })).saker.map((s) => s.sakId)).toEqual([SAK]);
    expect((await sokSaker(sql, { aapen: false })).saker.map((s) => s.sakId)).toEqual([SAK2]);
    expect((await sokSaker(sql, { fase: 'trukket' })).totalt).toBe(1);
    expect((await sokSaker(sql, { organId: o.fr2 })).saker.map((s) => s.sakId)).toEqual([SAK]);
    expect((await sokSaker(sql, { aar: 2019 })).saker.map((s) => s.sakId)).toEqual([SAK2]);
    expect((await sokSaker(sql, { sakstype: 'beslutningssak', limit: 1 })).totalt).toBe(1);
    const sak = (await hentSakIOversikt(sql, SAK))!;
    expect(sak).toMatchObject({ ansvarligOrganId: o.asu, saksnumre: { [o.psu]: '3/17', [o.asu]: '16/2017' }, moetesaksnumre: [`${o.psu} 3/17`] });
    expect(sak.organer).toEqual([o.asu, o.frk, o.fr2, o.psu].sort());
  });

  it('aarsstatistikk per body and year', async () => {
    const s2017 = await hentAarsstatistikk(sql, 2017);
    const tall = (organId: string) => s2017.organer.find((x) => x.organId === organId)!.tall;
    expect(tall(o.psu)).toMatchObject({ saker_meldt_inn: 1, bestillinger_sendt: 1, saker_paa_saksliste: 1, vedtak_vedtatt: 1 });
    expect(tall(o.asu)).toMatchObject({ bestillinger_mottatt: 1, oppdrag_delegert: 2, leveranser_returnert: 1, innstillinger_avgitt: 1, oppfoelginger_mottatt: 1 });
    expect(tall(o.fr2)).toMatchObject({ oppdrag_mottatt: 1, oppdrag_levert: 2, frister_utsatt: 1, oppdrag_levert_etter_frist: 0 });
    expect(tall(o.frk)).toMatchObject({ oppdrag_mottatt: 1, oppdrag_levert: 1, oppdrag_levert_etter_frist: 1 });
    expect(s2017.totalt.oppdrag_levert).toBe(3);
    expect(s2017.organer[0]!.nivaa).toBe('politisk');
    const s2018 = await hentAarsstatistikk(sql, 2018);
    expect(s2018.organer.find((x) => x.organId === o.asu)!.tall.oppfoelginger_fullfoert).toBe(1);
    const s2019 = await hentAarsstatistikk(sql, 2019);
    expect(s2019.totalt).toMatchObject({ saker_meldt_inn: 1, saker_trukket: 1 });
    expect((await hentOrganer(sql)).map((x) => x.organId)).toContain(o.fr2);
  });

  it('rebuilding every read model gives exactly the rows live processing wrote', async () => {
    const tabeller = [
      'organ_register',
      'saksforloep_sak',
      'saksforloep_steg',
      'saksforloep_saksnummer',
      'saksforloep_oppdrag',
      'arbeidsliste_sak',
      'arbeidsliste_punkt',
      'saksoversikt',
      'vedtak_sak',
      'vedtak_sakslistepunkt',
      'vedtak',
      'vedtak_oppfoelging',
      'aarsstatistikk',
      'aarsstatistikk_oppdrag',
      'aarsstatistikk_oppfoelging',
    ];
    const dump = async () => {
      const ut: Record<string, string[]> = {};
      for (const t of tabeller) {
        const { rows } = await sql.query(`SELECT to_jsonb(x)::text AS j FROM ${t} x`);
        ut[t] = rows.map((r) => String(r['j'])).sort();
      }
      return ut;
    };
    const live = await dump();
    expect(live['arbeidsliste_punkt']!.length).toBeGreaterThan(5);
    for (const name of runner.projectionNames) await runner.rebuild(name);
    expect(await dump()).toEqual(live);
    const status = await runner.status();
    expect(status.every((s) => s.caughtUp && s.lastError === null)).toBe(true);
    expect(logger.errors()).toEqual([]);
  });
});
