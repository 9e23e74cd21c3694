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
  hentSendt,
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

/** Every read-model table, to compare live rows with rebuilt ones. */
const TABELLER = [
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
  'aarsstatistikk_frist',
  'aarsstatistikk_behandlingstid',
  'aarsstatistikk_oppfoelging',
];

async function dump(): Promise<Record<string, string[]>> {
  const ut: Record<string, string[]> = {};
  for (const t of TABELLER) {
    const { rows } = await sql.query(`SELECT to_jsonb(x)::text AS j FROM ${t} x`);
    ut[t] = rows.map((r) => String(r['j'])).sort();
  }
  return ut;
}

async function oppdatert(): Promise<void> {
  expect(await runner.waitFor(g.last!, 30_000)).toBe(true);
}

beforeAll(async () => {
  ({ store, sql } = await openEventStore({ backend: 'pglite', dataDir: 'memory://', pollIntervalMs: 20 }));
  // Rebuilds in pages of 7 events: many pages, with the saker's events split across page boundaries.
  runner = new ProjectionRunner({ store, sql, projections: lesemodeller(), logger, retry: { initialDelayMs: 20, maxDelayMs: 200 }, rebuildBatchSize: 7 });
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

  it('PGlite (steps read as one row, one line each): refuses to answer from a damaged saksforløp rather than send a broken document', async () => {
    const sakId = 'skadet-forloep';
    await sql.query(`INSERT INTO saksforloep_sak (sak_id, tittel, sakstype, innmeldt_av) VALUES ($1, 'Skadet', 'utredning', $2)`, [sakId, o.psu]);
    try {
      await sql.query(`INSERT INTO saksforloep_steg (sak_id, revisjon, event_id, organ_id, oppdrag_id, steg) VALUES ($1, 0, gen_random_uuid(), $2, NULL, $3)`, [sakId, o.psu, '{"revisjon":0}']);
      expect((await hentSaksforloep(sql, sakId))!.steg).toEqual([expect.objectContaining({ revisjon: 0, nivaa: 'politisk' })]);
      await sql.query(`INSERT INTO saksforloep_steg (sak_id, revisjon, event_id, organ_id, oppdrag_id, steg) VALUES ($1, 1, gen_random_uuid(), $2, NULL, $3)`, [sakId, o.psu, '{"revisjon":1,\n"x":1}']);
      await expect(hentSaksforloep(sql, sakId)).rejects.toThrow(/saksforløp of sak skadet-forloep is damaged: 2 steps, 3 texts/);
    } finally {
      await sql.query(`DELETE FROM saksforloep_steg WHERE sak_id = $1`, [sakId]);
      await sql.query(`DELETE FROM saksforloep_sak WHERE sak_id = $1`, [sakId]);
    }
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
    const s2017 = await hentAarsstatistikk(sql, 2017, '2018-06-01');
    const tall = (organId: string) => s2017.organer.find((x) => x.organId === organId)!.tall;
    const organ = (organId: string) => s2017.organer.find((x) => x.organId === organId)!;
    // Ordered 2017-03-15, decided at PSU's meeting 2017-10-05: 204 days, for the orderer/decider and the receiver.
    expect(organ(o.psu).behandlingstid).toEqual({ antall: 1, medianDager: 204, minDager: 204, maksDager: 204 });
    expect(organ(o.asu).behandlingstid).toEqual({ antall: 1, medianDager: 204, minDager: 204, maksDager: 204 });
    expect(organ(o.fr2).behandlingstid).toEqual({ antall: 0, medianDager: null, minDager: null, maksDager: null });
    expect(s2017.behandlingstid).toEqual({ antall: 1, medianDager: 204, minDager: 204, maksDager: 204 });
    // o2 (frk, frist 2017-06-15) was delivered 2017-06-20: overdue. o1 met its postponed frist; ASU answered the order in time.
    expect(organ(o.frk).forfalte).toEqual({ antall: 1, bestillinger: 0, oppdrag: 1, fortsattAapne: 0, medFrist: 1 });
    expect(organ(o.fr2).forfalte).toEqual({ antall: 0, bestillinger: 0, oppdrag: 0, fortsattAapne: 0, medFrist: 1 });
    expect(organ(o.asu).forfalte).toEqual({ antall: 0, bestillinger: 0, oppdrag: 0, fortsattAapne: 0, medFrist: 1 });
    expect(s2017.forfalte).toEqual({ antall: 1, bestillinger: 0, oppdrag: 1, fortsattAapne: 0, medFrist: 3 });
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
    const live = await dump();
    expect(live['arbeidsliste_punkt']!.length).toBeGreaterThan(5);
    for (const name of runner.projectionNames) await runner.rebuild(name);
    expect(await dump()).toEqual(live);
    // All at once, from one read of the log, each page to every read model.
    const progress = new Map<string, number>();
    await runner.rebuildMany(runner.projectionNames, (p) => progress.set(p.projection, p.processed));
    expect(await dump()).toEqual(live);
    const total = (await store.readAll({ maxCount: 100_000 })).length;
    expect(Object.fromEntries(progress)).toEqual(Object.fromEntries(runner.projectionNames.map((n) => [n, total])));
    const status = await runner.status();
    expect(status.every((s) => s.caughtUp && s.lastError === null)).toBe(true);
    expect(logger.errors()).toEqual([]);
  });
});

describe('årsstatistikk, sendt and the level filter over many saker (figures computed by hand)', () => {
  let st: Awaited<ReturnType<typeof opprettOrganer>>;
  const sak = (n: string) => `st-${n}`;
  const agendanummer = new Map<string, number>();
  const paaSaksliste = (organId: string, moetedato: string) => {
    const aar = Number(moetedato.slice(0, 4));
    const n = (agendanummer.get(`${organId}/${aar}`) ?? 0) + 1;
    agendanummer.set(`${organId}/${aar}`, n);
    return { organId, moetesaksaar: aar, moetesakssekvensnummer: n };
  };
  const bestilt = async (n: string, dag: string, frist: string) => {
    await steg(dag, { type: 'RegistrerSak', data: { sakId: sak(n), tittel: `Sak ${n} til årsmeldingen`, beskrivelse: 'Statistikk', innmeldtAv: st.psu, sakstype: 'beslutningssak' } }, sekretaer(st.sekr), sak(n));
    await steg(dag, { type: 'BestillUtredning', data: { tilOrganId: st.asu, mandat: `Utred sak ${n}`, frist } }, leder(st.psu), sak(n));
  };
  const mottatt = (n: string, dag: string) => steg(dag, { type: 'MottaBestilling', data: {} }, leder(st.asu), sak(n));
  const innstilling = (n: string, dag: string) => steg(dag, { type: 'AvgiInnstilling', data: { forslagTilVedtak: `Forslag i sak ${n}` } }, leder(st.asu), sak(n));
  const deleger = (n: string, dag: string, oppdragId: string, tilOrganId: string, frist: string) =>
    steg(dag, { type: 'DelegerOppdrag', data: { oppdragId, tilOrganId, mandat: `Oppdrag ${oppdragId}`, frist } }, leder(st.asu), sak(n));
  const vedtak = async (n: string, dag: string, moetedato: string, vedtaksutfall: 'vedtatt' | 'tatt_til_orientering' | 'utsatt' | 'sendt_tilbake' | 'avvist', organId = st.psu) => {
    const sakslistepunktId = `${n}-${moetedato}`;
    await steg(dag, { type: 'SettPaaSaksliste', data: { sakslistepunktId, moetedato, organer: [paaSaksliste(organId, moetedato)] } }, leder(organId), sak(n));
    await steg(moetedato, { type: 'FattVedtak', data: { sakslistepunktId, vedtaksutfall, vedtakstekst: `Sak ${n}: ${vedtaksutfall}` } }, leder(organId), sak(n));
  };

  beforeAll(async () => {
    st = await opprettOrganer(g, '-st');
    // A: 2021-01-10 → decided 2021-04-15 (95 days). Oppdrag oA1 delivered late; oA2 on time after a postponement.
    await bestilt('A', '2021-01-10', '2021-04-01');
    await mottatt('A', '2021-01-12');
    await deleger('A', '2021-01-15', 'oA1', st.fr2, '2021-02-15');
    await deleger('A', '2021-01-15', 'oA2', st.fr2, '2021-02-28');
    await steg('2021-01-16', { type: 'AksepterOppdrag', data: { oppdragId: 'oA1' } }, leder(st.fr2), sak('A'));
    await steg('2021-01-16', { type: 'AksepterOppdrag', data: { oppdragId: 'oA2' } }, leder(st.fr2), sak('A'));
    await steg('2021-02-20', { type: 'LeverOppdrag', data: { oppdragId: 'oA1', leveranse: 'Notat' } }, leder(st.fr2), sak('A'));
    await steg('2021-02-20', { type: 'BeOmUtsattFrist', data: { oppdragId: 'oA2', nyFrist: '2021-03-15', begrunnelse: 'Travelt' } }, leder(st.fr2), sak('A'));
    await steg('2021-02-21', { type: 'InnvilgUtsattFrist', data: { oppdragId: 'oA2' } }, leder(st.asu), sak('A'));
    await steg('2021-03-10', { type: 'LeverOppdrag', data: { oppdragId: 'oA2', leveranse: 'Rapport' } }, leder(st.fr2), sak('A'));
    await steg('2021-03-12', { type: 'GodtaLeveranse', data: { oppdragId: 'oA1' } }, leder(st.asu), sak('A'));
    await steg('2021-03-12', { type: 'GodtaLeveranse', data: { oppdragId: 'oA2' } }, leder(st.asu), sak('A'));
    await innstilling('A', '2021-03-20');
    await vedtak('A', '2021-03-25', '2021-04-15', 'vedtatt');
    // B: answered after its frist; postponed once, then decided 2021-09-02 (213 days from 2021-02-01).
    await bestilt('B', '2021-02-01', '2021-05-01');
    await mottatt('B', '2021-02-03');
    await innstilling('B', '2021-06-10');
    await vedtak('B', '2021-06-11', '2021-06-24', 'utsatt');
    await vedtak('B', '2021-08-01', '2021-09-02', 'tatt_til_orientering');
    // C: sent back once, decided 2021-11-11 (255 days from 2021-03-01).
    await bestilt('C', '2021-03-01', '2021-08-01');
    await mottatt('C', '2021-03-02');
    await innstilling('C', '2021-05-01');
    await vedtak('C', '2021-05-02', '2021-05-20', 'sendt_tilbake');
    await innstilling('C', '2021-10-01');
    await vedtak('C', '2021-10-02', '2021-11-11', 'vedtatt');
    // E: rejected in ASU's own meeting 2021-06-30 (29 days from 2021-06-01).
    await bestilt('E', '2021-06-01', '2021-06-20');
    await mottatt('E', '2021-06-02');
    await innstilling('E', '2021-06-15');
    await vedtak('E', '2021-06-16', '2021-06-30', 'avvist', st.asu);
    // G and H: withdrawn while ordered — G after its frist had passed, H before.
    await bestilt('G', '2021-04-01', '2021-05-01');
    await steg('2021-05-20', { type: 'TrekkSak', data: { begrunnelse: 'Utgår' } }, sekretaer(st.sekr), sak('G'));
    await bestilt('H', '2021-04-01', '2021-12-31');
    await steg('2021-06-01', { type: 'TrekkSak', data: { begrunnelse: 'Utgår' } }, sekretaer(st.sekr), sak('H'));
    // F: open; oF1 never delivered (frist 2021-12-01), oF2's frist corrected into 2022, oF3 delivered and awaiting review.
    await bestilt('F', '2021-09-01', '2022-06-01');
    await mottatt('F', '2021-09-02');
    await deleger('F', '2021-09-05', 'oF1', st.frk, '2021-12-01');
    await deleger('F', '2021-09-05', 'oF2', st.fr2, '2021-10-01');
    await deleger('F', '2021-09-05', 'oF3', st.fr2, '2021-10-15');
    const oF2 = g.saker.get(sak('F'))!.hendelser.findIndex((h) => h.type === 'OppdragDelegert' && h.data['oppdragId'] === 'oF2');
    expect(oF2).toBe(4);
    await steg(
      '2021-09-20',
      { type: 'KorrigerOpplysning', data: { hendelsesnummer: oF2, hendelsestype: 'OppdragDelegert', felt: 'frist', gammelVerdi: '2021-10-01', nyVerdi: '2022-02-01', begrunnelse: 'Feil år' } },
      sekretaer(st.sekr),
      sak('F'),
    );
    await steg('2021-09-06', { type: 'AksepterOppdrag', data: { oppdragId: 'oF3' } }, leder(st.fr2), sak('F'));
    await steg('2021-10-10', { type: 'LeverOppdrag', data: { oppdragId: 'oF3', leveranse: 'Utkast' } }, leder(st.fr2), sak('F'));
    // D: ordered 2021-11-01, answered after its frist 2022-01-15, decided 2022-03-03 (122 days).
    await bestilt('D', '2021-11-01', '2022-01-15');
    await mottatt('D', '2021-11-02');
    await innstilling('D', '2022-02-01');
    await vedtak('D', '2022-02-02', '2022-03-03', 'vedtatt');
    // P: assigned to PSU itself (political level).
    await steg('2021-12-01', { type: 'RegistrerSak', data: { sakId: sak('P'), tittel: 'Sak P', beskrivelse: 'Politisk', innmeldtAv: st.psu, sakstype: 'beslutningssak' } }, sekretaer(st.sekr), sak('P'));
    await steg('2021-12-02', { type: 'TildelNivaa', data: { organId: st.psu } }, leder(st.au), sak('P'));
    await oppdatert();
  }, 60_000);

  it('median days from order to decision, per body and for the whole, in the year of the decision', async () => {
    const s2021 = await hentAarsstatistikk(sql, 2021, '2022-01-10');
    const organ = (organId: string) => s2021.organer.find((x) => x.organId === organId);
    // A 95, B 213, C 255, E 29 → median (95 + 213) / 2 = 154. Postponed and sent-back decisions do not answer an order.
    const fire = { antall: 4, medianDager: 154, minDager: 29, maksDager: 255 };
    expect(organ(st.psu)!.behandlingstid).toEqual(fire);
    expect(organ(st.asu)!.behandlingstid).toEqual(fire);
    expect(organ(st.fr2)!.behandlingstid).toEqual({ antall: 0, medianDager: null, minDager: null, maksDager: null });
    expect(s2021.behandlingstid).toEqual(fire);
    expect(organ(st.psu)!.tall).toMatchObject({ saker_meldt_inn: 9, bestillinger_sendt: 8, vedtak_vedtatt: 2, vedtak_tatt_til_orientering: 1, vedtak_utsatt: 1, vedtak_sendt_tilbake: 1 });
    expect(organ(st.asu)!.tall).toMatchObject({ bestillinger_mottatt: 8, vedtak_avvist: 1 });
    expect(organ(st.psu)!.nivaa).toBe('politisk');

    const s2022 = await hentAarsstatistikk(sql, 2022, '2022-01-10');
    expect(s2022.organer.find((x) => x.organId === st.psu)!.behandlingstid).toEqual({ antall: 1, medianDager: 122, minDager: 122, maksDager: 122 });
    expect(s2022.behandlingstid).toMatchObject({ antall: 1, medianDager: 122 });
    expect((await hentAarsstatistikk(sql, 2020, '2022-01-10')).behandlingstid).toEqual({ antall: 0, medianDager: null, minDager: null, maksDager: null });
  });

  it('overdue orders and oppdrag per owing body, in the year of their frist, open ones judged on idag', async () => {
    const s2021 = await hentAarsstatistikk(sql, 2021, '2022-01-10');
    const forfalte = (organId: string) => s2021.organer.find((x) => x.organId === organId)?.forfalte;
    // ASU's orders due in 2021: A, B, C, E, G, H; B answered late, G withdrawn after its frist.
    expect(forfalte(st.asu)).toEqual({ antall: 2, bestillinger: 2, oppdrag: 0, fortsattAapne: 0, medFrist: 6 });
    // Fagråd 2: oA1 late; oA2 in time for its postponed frist; oF3 delivered in time; oF2's frist was corrected into 2022.
    expect(forfalte(st.fr2)).toEqual({ antall: 1, bestillinger: 0, oppdrag: 1, fortsattAapne: 0, medFrist: 3 });
    // Fagråd for kvalitet: oF1 (frist 2021-12-01) still open on 2022-01-10.
    expect(forfalte(st.frk)).toEqual({ antall: 1, bestillinger: 0, oppdrag: 1, fortsattAapne: 1, medFrist: 1 });
    expect(forfalte(st.psu)).toEqual({ antall: 0, bestillinger: 0, oppdrag: 0, fortsattAapne: 0, medFrist: 0 });
    expect(s2021.forfalte).toEqual({ antall: 4, bestillinger: 2, oppdrag: 2, fortsattAapne: 1, medFrist: 10 });
    expect(s2021.organer.find((x) => x.organId === st.fr2)!.tall.oppdrag_levert_etter_frist).toBe(1);

    // An open item is overdue from the day after its frist.
    expect((await hentAarsstatistikk(sql, 2021, '2021-12-01')).organer.find((x) => x.organId === st.frk)!.forfalte.antall).toBe(0);
    expect((await hentAarsstatistikk(sql, 2021, '2021-12-02')).organer.find((x) => x.organId === st.frk)!.forfalte.antall).toBe(1);

    // 2022: D answered after its frist 2022-01-15; F's order (2022-06-01) and oF2 (2022-02-01) open and not yet due on 2022-01-10 …
    const s2022 = await hentAarsstatistikk(sql, 2022, '2022-01-10');
    expect(s2022.organer.find((x) => x.organId === st.asu)!.forfalte).toEqual({ antall: 1, bestillinger: 1, oppdrag: 0, fortsattAapne: 0, medFrist: 2 });
    expect(s2022.organer.find((x) => x.organId === st.fr2)!.forfalte).toEqual({ antall: 0, bestillinger: 0, oppdrag: 0, fortsattAapne: 0, medFrist: 1 });
    // … but oF2 is on 2022-03-01.
    expect((await hentAarsstatistikk(sql, 2022, '2022-03-01')).organer.find((x) => x.organId === st.fr2)!.forfalte).toMatchObject({ antall: 1, fortsattAapne: 1 });
    await expect(hentAarsstatistikk(sql, 2021, '10.01.2022')).rejects.toThrow(/idag/);
  });

  it('sendt: everything a body sent down, open first, closed ones with how they ended', async () => {
    const asu = await hentSendt(sql, st.asu, '2022-01-10');
    expect(asu.map((p) => [p.art, p.sakId, p.refId ?? '', p.organId, p.status, p.aapen])).toEqual([
      ['oppdrag', sak('F'), 'oF1', st.frk, 'delegert', true],
      ['oppdrag', sak('F'), 'oF2', st.fr2, 'delegert', true],
      ['oppdrag', sak('F'), 'oF3', st.asu, 'levert', true], // delivered: ASU's turn to review
      ['saksliste', sak('D'), '', st.psu, 'paa_saksliste', false],
      ['saksliste', sak('C'), '', st.psu, 'paa_saksliste', false],
      ['saksliste', sak('E'), '', st.psu, 'paa_saksliste', false],
      ['saksliste', sak('B'), '', st.psu, 'paa_saksliste', false],
      ['saksliste', sak('C'), '', st.psu, 'paa_saksliste', false],
      ['saksliste', sak('A'), '', st.psu, 'paa_saksliste', false],
      // Closed: `organId` is the body that had it last (ASU accepted the deliveries), `mottakerOrganId` the one it was sent to.
      ['oppdrag', sak('A'), 'oA1', st.asu, 'godtatt', false],
      ['oppdrag', sak('A'), 'oA2', st.asu, 'godtatt', false],
    ]);
    expect(asu[0]).toMatchObject({ frist: '2021-12-01', dagerTilFrist: -40, forfalt: true, lukket: null, lukketFordi: null });
    expect(asu[1]!.frist).toBe('2022-02-01'); // corrected
    expect(asu[9]).toMatchObject({ mottakerOrganId: st.fr2, lukket: '2021-03-12T10:00:00.000Z', lukketFordi: 'leveransen godtatt', dagerTilFrist: null, forfalt: false });
    expect((await hentSendt(sql, st.asu, '2022-01-10', 'aapen')).map((p) => p.refId)).toEqual(['oF1', 'oF2', 'oF3']);

    const psu = await hentSendt(sql, st.psu, '2022-01-10');
    expect(psu.map((p) => [p.art, p.sakId, p.status, p.aapen])).toEqual([
      ['bestilling', sak('F'), 'mottatt', true],
      ['bestilling', sak('D'), 'innstilling_avgitt', false],
      ['tilbakesendt', sak('C'), 'innstilling_avgitt', false], // PSU sent C back 2021-05-20; ASU answered again 2021-10-01
      ['bestilling', sak('E'), 'innstilling_avgitt', false],
      ['bestilling', sak('B'), 'innstilling_avgitt', false],
      ['bestilling', sak('H'), 'sak_trukket', false],
      ['bestilling', sak('G'), 'sak_trukket', false],
      ['bestilling', sak('C'), 'innstilling_avgitt', false],
      ['bestilling', sak('A'), 'innstilling_avgitt', false],
    ]);
    // The first journey: PSU's order answered and its follow-up completed; nothing it sent itself (its own agenda) is listed.
    expect((await hentSendt(sql, o.psu, '2018-03-11')).map((p) => [p.art, p.refId, p.organId, p.status, p.lukket])).toEqual([
      ['oppfoelging', 'f1', o.asu, 'fullfoert', '2018-03-10T10:00:00.000Z'],
      ['bestilling', '1', o.asu, 'innstilling_avgitt', '2017-08-20T10:00:00.000Z'],
    ]);
    expect(await hentSendt(sql, o.psu, '2018-03-11', 'aapen')).toEqual([]);
  });

  it('saksoversikt: the level filter is in SQL and pages like the others', async () => {
    const alle = await sokSaker(sql, { organId: st.asu, nivaa: 'administrativt', limit: 100 });
    expect(alle.saker.map((s) => s.sakId).sort()).toEqual(['A', 'B', 'C', 'D', 'E', 'F'].map(sak));
    const side1 = await sokSaker(sql, { organId: st.asu, nivaa: 'administrativt', limit: 4 });
    const side2 = await sokSaker(sql, { organId: st.asu, nivaa: 'administrativt', limit: 4, offset: 4 });
    expect([side1.totalt, side1.saker.length, side2.totalt, side2.saker.length]).toEqual([6, 4, 6, 2]);
    expect([...side1.saker, ...side2.saker].map((s) => s.sakId)).toEqual(alle.saker.map((s) => s.sakId));
    expect((await sokSaker(sql, { organId: st.psu, nivaa: 'politisk' })).saker.map((s) => s.sakId)).toEqual([sak('P')]);
    // G and H were withdrawn before ASU received them: no responsible body, so no level.
    expect((await sokSaker(sql, { organId: st.psu, fase: 'trukket', nivaa: 'administrativt' })).totalt).toBe(0);
    expect((await sokSaker(sql, { organId: st.psu, fase: 'trukket' })).totalt).toBe(2);
    expect((await sokSaker(sql, { organId: st.fr2, nivaa: 'faglig' })).totalt).toBe(0);
  });

  it('a rebuild gives exactly the rows of live processing, and a new version rebuilds at start', async () => {
    const live = await dump();
    expect(live['aarsstatistikk_frist']!.length).toBeGreaterThan(15);
    expect(live['aarsstatistikk_behandlingstid']!.length).toBeGreaterThan(8);
    for (const name of ['aarsstatistikk', 'arbeidsliste', 'saksoversikt']) await runner.rebuild(name);
    expect(await dump()).toEqual(live);

    // A database left by version 1 of the årsstatistikk (its table, no days from order to decision):
    // the runner sees the version change at start, drops it all and rebuilds.
    await runner.stop();
    await sql.exec(`UPDATE projection_checkpoints SET version = 1 WHERE name = 'aarsstatistikk';
      CREATE TABLE aarsstatistikk_oppdrag (sak_id text, oppdrag_id text, til_organ_id text, frist date);
      DELETE FROM aarsstatistikk_behandlingstid; DELETE FROM aarsstatistikk_frist`);
    runner = new ProjectionRunner({ store, sql, projections: lesemodeller(), logger, retry: { initialDelayMs: 20, maxDelayMs: 200 } });
    await runner.start();
    await oppdatert();
    expect(await dump()).toEqual(live);
    const { rows } = await sql.query(`SELECT to_regclass('aarsstatistikk_oppdrag') IS NULL AS borte, (SELECT version FROM projection_checkpoints WHERE name = 'aarsstatistikk') AS versjon`);
    expect(rows[0]).toEqual({ borte: true, versjon: 3 });
    expect(logger.errors()).toEqual([]);
  });
});
