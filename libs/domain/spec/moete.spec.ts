/**
 * The meeting workflow (issue #15, first slice): given/when/then for every step and every refusal, on
 * the PSU meeting of 15 February 2019 (seed 004) and the joint PSU/ASU meeting of 23 November 2017
 * (seed 002: PSU sak 3/17, ASU sak 16/2017).
 */
import { describe, expect, it } from '@jest/globals';
import {
  ActorNotAllowedError,
  ConflictError,
  fold,
  InvalidCommandError,
  MOETE_ARBEIDSFLYT,
  MOETE_STEG,
  type MoeteCommand,
  moeteDecider,
  type MoeteEvent,
  moetenummereringDecider,
  NotFoundError,
  StepRefusedError,
  tillatteMoetesteg,
} from '../src/index.js';
import { given } from './given.js';
import {
  ctx,
  EVENTUELT,
  FAGRAAD_LEDER,
  kjoer,
  medNumre,
  type Nummereringer,
  ORIENTERING_1_19,
  PLANLEGG_PSU_2019,
  PSU_LEDER,
  PSU_MEDLEM,
  PSU_SEKRETAER,
  SAK_1_19,
  SAK_2_19,
  SAK_3_19,
  SEKRETARIAT,
} from './moete-fixtures.js';

const UTFOERT = { personId: SEKRETARIAT.personId, organId: SEKRETARIAT.organId, rolle: SEKRETARIAT.rolle };
const leggTil = (p: object, gjelderFra = '2019-01-25'): MoeteCommand => ({ type: 'LeggTilSakslistepunkt', data: { ...p, gjelderFra } }) as MoeteCommand;
const state = (events: readonly MoeteEvent[]) => fold(moeteDecider, events)!;

const planlagt = kjoer([PLANLEGG_PSU_2019]);
const medPunkter = kjoer([leggTil(SAK_1_19), leggTil(SAK_2_19), leggTil(SAK_3_19), leggTil(ORIENTERING_1_19), leggTil(EVENTUELT)], ctx(), planlagt);

function innkalt(): { events: MoeteEvent[]; nummereringer: Nummereringer } {
  const nummereringer: Nummereringer = new Map();
  const numre = medNumre(state(medPunkter), nummereringer);
  return { events: kjoer([{ type: 'SendInnkalling', data: { numre, gjelderFra: '2019-02-01' } }], ctx(), medPunkter), nummereringer };
}
const oppmoete = (personId: string, organId = 'psu-hnt', ekstra: object = {}): MoeteCommand => ({ type: 'RegistrerOppmoete', data: { personId, organId, gjelderFra: '2019-02-15', ...ekstra } });
/** Leader and two of four members present: 3 of 5 voting seats — quorum. The observer and the secretary attend too. */
function medOppmoete(): MoeteEvent[] {
  return kjoer([oppmoete('robert-svarva'), oppmoete('ordfoerer-a'), oppmoete('ordfoerer-b'), oppmoete('tore-sandvik'), oppmoete('ks-sekretaer')], ctx(), innkalt().events);
}
const vedtak = (punktId: string, ekstra: object = {}): MoeteCommand =>
  ({ type: 'FattMoetevedtak', data: { punktId, vedtaksutfall: 'vedtatt', vedtakstekst: 'Som forslaget.', ...ekstra } }) as MoeteCommand;

describe('the declaration', () => {
  it('declares every step once, with a Norwegian name, an address and a distinct event', () => {
    expect(MOETE_STEG).toHaveLength(14);
    const hendelser = MOETE_STEG.map((s) => MOETE_ARBEIDSFLYT[s].hendelse);
    expect(new Set(hendelser).size).toBe(MOETE_STEG.length);
    for (const s of MOETE_STEG) expect(MOETE_ARBEIDSFLYT[s].tittel).toMatch(/^[A-ZÆØÅ][a-zæøå]/);
    expect(MOETE_STEG.filter((s) => MOETE_ARBEIDSFLYT[s].fra.length === 0)).toEqual(['PlanleggMoete']);
  });
  it('allows the steps of the status: planning only before, the saksliste and moving while planned', () => {
    expect(tillatteMoetesteg(null)).toEqual(['PlanleggMoete']);
    expect(tillatteMoetesteg(state(planlagt))).toEqual(expect.arrayContaining(['LeggTilSakslistepunkt', 'SendInnkalling', 'FlyttMoete', 'AvlysMoete']));
    expect(tillatteMoetesteg(state(planlagt))).not.toContain('FattMoetevedtak');
    expect(tillatteMoetesteg(state(planlagt), PSU_MEDLEM)).toEqual([]);
  });
  it('refuses an unknown step, an unknown field, and a command for another meeting on this stream', () => {
    given(moeteDecider, planlagt).when({ type: 'Noe', data: {} } as unknown as MoeteCommand, ctx()).thenThrows(InvalidCommandError, 'ukjent_steg');
    expect(given(moeteDecider, planlagt).when({ type: 'AvlysMoete', data: { begrunnelse: 'x', hemmelig: 1 } } as unknown as MoeteCommand, ctx()).thenThrows(InvalidCommandError, 'ukjent_felt').field).toBe('hemmelig');
    given(moeteDecider, planlagt).when({ type: 'AvlysMoete', data: { moeteId: 'et-annet', begrunnelse: 'x' } } as unknown as MoeteCommand, ctx()).thenThrows(InvalidCommandError, 'feil_moete');
  });
});

describe('Planlegg møte', () => {
  it('plans the PSU meeting of 15.02.2019 at Sykehuset Levanger, 09:00–11:30, with its own series for orienteringssaker', () => {
    const { state: s } = given(moeteDecider, []).when(PLANLEGG_PSU_2019, ctx()).then([
      {
        type: 'MoetePlanlagt',
        data: {
          moeteId: 'psu-2019-02-15',
          organIder: ['psu-hnt'],
          moetedato: '2019-02-15',
          starttid: '09:00',
          sluttid: '11:30',
          moetested: 'Sykehuset Levanger, Store møterom Arken',
          egenOrienteringsserie: ['psu-hnt'],
          gjelderFra: '2019-01-20',
          utfoertAv: UTFOERT,
        },
      },
    ]);
    expect(s).toMatchObject({ status: 'planlagt', punkter: [], moetenumre: {} });
  });
  it('lets the body’s own secretary plan it', () => {
    expect(moeteDecider.decide(PLANLEGG_PSU_2019, null, ctx(PSU_SEKRETAER))).toHaveLength(1);
  });
  it('refuses a second planning of the same meeting', () => {
    given(moeteDecider, planlagt).when(PLANLEGG_PSU_2019, ctx()).thenThrows(ConflictError, 'moete_finnes_allerede');
  });
  it('refuses a step on a meeting that was never planned', () => {
    given(moeteDecider, []).when(leggTil(SAK_1_19), ctx()).thenThrows(NotFoundError, 'moete_ikke_funnet');
  });
  const med = (d: object): MoeteCommand => ({ type: 'PlanleggMoete', data: { ...PLANLEGG_PSU_2019.data, ...d } }) as MoeteCommand;
  it('refuses an unknown body, a body not active on the date, and a series for a body not in the meeting', () => {
    given(moeteDecider, []).when(med({ organIder: ['psu-hnt', 'finnes-ikke'] }), ctx()).thenThrows(NotFoundError, 'organ_ikke_funnet');
    given(moeteDecider, []).when(med({ organIder: ['gammelt-utvalg'], egenOrienteringsserie: undefined }), ctx()).thenThrows(StepRefusedError, 'organ_ikke_aktivt');
    given(moeteDecider, []).when(med({ egenOrienteringsserie: ['asu-hnt'] }), ctx()).thenThrows(InvalidCommandError, 'egen_serie_for_annet_organ');
  });
  it('refuses a bad time, an end before the start, a missing place and a date beyond the planning horizon, naming the field', () => {
    expect(given(moeteDecider, []).when(med({ starttid: '9' }), ctx()).thenThrows(InvalidCommandError, 'ugyldig_klokkeslett').field).toBe('starttid');
    expect(given(moeteDecider, []).when(med({ sluttid: '08:00' }), ctx()).thenThrows(InvalidCommandError, 'sluttid_foer_starttid').field).toBe('sluttid');
    expect(given(moeteDecider, []).when(med({ moetested: '' }), ctx()).thenThrows(InvalidCommandError, 'felt_mangler').field).toBe('moetested');
    expect(given(moeteDecider, []).when(med({ moetedato: '2040-01-01' }), ctx()).thenThrows(InvalidCommandError, 'dato_utenfor_planleggingshorisont').field).toBe('moetedato');
    expect(given(moeteDecider, []).when(med({ gjelderFra: '2030-01-01' }), ctx()).thenThrows(InvalidCommandError, 'gjelder_fra_i_fremtiden').field).toBe('gjelderFra');
  });
  it('refuses a member (not the leader or secretary) and a body that does not hold the meeting', () => {
    given(moeteDecider, []).when(PLANLEGG_PSU_2019, ctx(PSU_MEDLEM)).thenThrows(ActorNotAllowedError, 'rolle_ikke_tillatt');
    const e = given(moeteDecider, []).when(PLANLEGG_PSU_2019, ctx(FAGRAAD_LEDER)).thenThrows(ActorNotAllowedError, 'organ_ikke_tillatt');
    expect(e.message).toContain('et organ som holder møtet');
  });
  it('follows the organisation on the effective date for a verified actor', () => {
    const ikkeMedlem = { personId: 'noen-andre', organId: 'psu-hnt', rolle: 'leder' };
    given(moeteDecider, []).when(PLANLEGG_PSU_2019, ctx(ikkeMedlem, { kontrollerMedlemskap: true })).thenThrows(ActorNotAllowedError, 'ikke_medlem');
    // Robert Svarva was PSU's leader on 2019-01-20, but not in 2015.
    given(moeteDecider, []).when(med({ gjelderFra: '2015-06-01' }), ctx(PSU_LEDER, { kontrollerMedlemskap: true })).thenThrows(ActorNotAllowedError, 'ikke_medlem_paa_dato');
    expect(moeteDecider.decide(PLANLEGG_PSU_2019, null, ctx(PSU_LEDER, { kontrollerMedlemskap: true }))).toHaveLength(1);
  });
});

describe('Sett opp sakslistepunkt', () => {
  it('puts sak 3/19 on the agenda as a drøftingssak without forslag til vedtak, presented by ASU’s leader', () => {
    const { state: s } = given(moeteDecider, planlagt).when(leggTil(SAK_3_19), ctx()).then([
      { type: 'SakslistepunktLagtTil', data: { moeteId: 'psu-2019-02-15', ...SAK_3_19, rekkefoelge: 1, gjelderFra: '2019-01-25', utfoertAv: UTFOERT } },
    ]);
    expect(s!.punkter[0]).toMatchObject({ moetesakstype: 'droefting', leggesFramAv: 'Leder av ASU – administrativt samarbeidsutvalg, Peter Ardon', tilleggssak: false, numre: [] });
    expect(s!.punkter[0]!.forslagTilVedtak).toBeUndefined();
  });
  it('takes «Eventuelt» as a free item without a sak, in order after the others', () => {
    expect(state(medPunkter).punkter.map((p) => [p.rekkefoelge, p.tittel, p.sakId])).toEqual([
      [1, 'Årsmelding 2018', 'aarsmelding-2018'],
      [2, 'Trøndelag fylkeskommune – helsepolitikk i Trøndelag', 'fylkeskommunen-helsepolitikk'],
      [3, SAK_3_19.tittel, 'samarbeidsstruktur'],
      [4, 'Orientering fra helseforetaket', 'orientering-1'],
      [5, 'Eventuelt', undefined],
    ]);
  });
  it('refuses the same item id, the same sak twice, an «Eventuelt» with a sak and an item without one', () => {
    given(moeteDecider, medPunkter).when(leggTil({ ...SAK_1_19, sakId: 'annen' }), ctx()).thenThrows(ConflictError, 'punkt_finnes_allerede');
    given(moeteDecider, medPunkter).when(leggTil({ ...SAK_1_19, punktId: 'ny' }), ctx()).thenThrows(ConflictError, 'sak_allerede_paa_sakslisten');
    expect(given(moeteDecider, planlagt).when(leggTil({ ...EVENTUELT, sakId: 's' }), ctx()).thenThrows(InvalidCommandError, 'eventuelt_med_sak').field).toBe('sakId');
    expect(given(moeteDecider, planlagt).when(leggTil({ ...SAK_1_19, sakId: undefined }), ctx()).thenThrows(InvalidCommandError, 'sak_mangler').field).toBe('sakId');
  });
  it('refuses known numbers of another body or another year', () => {
    given(moeteDecider, planlagt).when(leggTil({ ...SAK_1_19, kjenteNumre: [{ organId: 'asu-hnt', moetesaksaar: 2019, moetesakssekvensnummer: 4 }] }), ctx()).thenThrows(StepRefusedError, 'kjent_nummer_feil_organ_eller_aar');
    given(moeteDecider, planlagt).when(leggTil({ ...SAK_1_19, kjenteNumre: [{ organId: 'psu-hnt', moetesaksaar: 2018, moetesakssekvensnummer: 4 }] }), ctx()).thenThrows(StepRefusedError, 'kjent_nummer_feil_organ_eller_aar');
  });
  it('refuses an ordinary item once the innkalling is sent (that is a tilleggssak)', () => {
    const e = given(moeteDecider, innkalt().events).when(leggTil({ ...SAK_1_19, punktId: 'ny', sakId: 'ny' }), ctx()).thenThrows(StepRefusedError, 'steg_ikke_tillatt_i_status');
    expect(e.allowedSteps).toContain('LeggTilTilleggssak');
    expect(e.message).toContain('«Sett opp tilleggssak»');
  });
});

describe('Send innkalling', () => {
  it('numbers the saker 1/19–3/19 and the orienteringssak O 1/19 in its own series, leaves «Eventuelt» unnumbered, and gives the meeting its number', () => {
    const { events } = innkalt();
    const sendt = events.at(-1)!;
    expect(sendt.type).toBe('InnkallingSendt');
    const s = state(events);
    expect(s.status).toBe('innkalling_sendt');
    expect(s.moetenumre).toEqual({ 'psu-hnt': 1 });
    expect(s.punkter.map((p) => p.numre.map((n) => `${n.serie} ${n.nummer}/${n.aar}`))).toEqual([['ordinaer 1/2019'], ['ordinaer 2/2019'], ['ordinaer 3/2019'], ['orientering 1/2019'], []]);
  });
  it('refuses an empty saksliste', () => {
    given(moeteDecider, planlagt).when({ type: 'SendInnkalling', data: { numre: [] } }, ctx()).thenThrows(StepRefusedError, 'tom_saksliste');
  });
  it('refuses numbers that do not fit the items: missing, another year, twice', () => {
    const numre = medNumre(state(medPunkter), new Map());
    given(moeteDecider, medPunkter).when({ type: 'SendInnkalling', data: { numre: numre.slice(1) } }, ctx()).thenThrows(InvalidCommandError, 'numre_stemmer_ikke');
    given(moeteDecider, medPunkter).when({ type: 'SendInnkalling', data: { numre: numre.map((n) => ({ ...n, aar: 2018 })) } }, ctx()).thenThrows(InvalidCommandError, 'numre_stemmer_ikke');
    const dobbelt = numre.map((n) => (n.punktId === 'sak-2-19' ? { ...n, nummer: 1 } : n));
    expect(given(moeteDecider, medPunkter).when({ type: 'SendInnkalling', data: { numre: dobbelt } }, ctx()).thenThrows(InvalidCommandError, 'numre_stemmer_ikke').message).toContain('to ganger');
  });
  it('gives the next meeting of the year the next numbers: meeting 2, sak 4/19, O 2/19', () => {
    const { nummereringer } = innkalt();
    const neste = kjoer(
      [
        { type: 'PlanleggMoete', data: { ...PLANLEGG_PSU_2019.data, moeteId: 'psu-2019-04', moetedato: '2019-04-25' } } as MoeteCommand,
        leggTil({ ...SAK_1_19, punktId: 'a', sakId: 'a' }),
        leggTil({ ...ORIENTERING_1_19, punktId: 'b', sakId: 'b' }),
      ],
      ctx(),
    );
    const numre = medNumre(state(neste), nummereringer);
    const s = state(kjoer([{ type: 'SendInnkalling', data: { numre } }], ctx(), neste));
    expect(s.moetenumre).toEqual({ 'psu-hnt': 2 });
    expect(s.punkter.map((p) => p.numre[0]!.nummer)).toEqual([4, 2]);
  });
});

describe('joint meeting with known numbers (23.11.2017: PSU 3/17, ASU 16/2017)', () => {
  const felles = kjoer([
    { type: 'PlanleggMoete', data: { moeteId: 'felles-2017-11-23', organIder: ['psu-hnt', 'asu-hnt'], moetedato: '2017-11-23', starttid: '10:00', moetested: 'Stiklestad', gjelderFra: '2017-11-01' } },
    leggTil(
      {
        punktId: 'handlingsplan',
        sakId: 'handlingsplan',
        tittel: 'Arbeidsprosess og framdriftsplan for en handlingsplan',
        moetesakstype: 'politisk',
        kjenteNumre: [
          { organId: 'psu-hnt', moetesaksaar: 2017, moetesakssekvensnummer: 3 },
          { organId: 'asu-hnt', moetesaksaar: 2017, moetesakssekvensnummer: 16 },
        ],
      },
      '2017-11-01',
    ),
  ]);
  it('gives the item each body’s real number', () => {
    const numre = medNumre(state(felles), new Map());
    const s = state(kjoer([{ type: 'SendInnkalling', data: { numre, gjelderFra: '2017-11-10' } }], ctx(), felles));
    expect(s.punkter[0]!.numre.map((n) => `${n.organId} ${n.nummer}/${n.aar}`)).toEqual(['psu-hnt 3/2017', 'asu-hnt 16/2017']);
    expect(s.moetenumre).toEqual({ 'psu-hnt': 1, 'asu-hnt': 1 });
  });
  it('refuses other numbers than the known ones', () => {
    const numre = medNumre(state(felles), new Map()).map((n) => (n.organId === 'asu-hnt' && n.punktId ? { ...n, nummer: 1 } : n));
    expect(given(moeteDecider, felles).when({ type: 'SendInnkalling', data: { numre } }, ctx()).thenThrows(InvalidCommandError, 'numre_stemmer_ikke').message).toContain('16');
  });
  it('refuses a known number already used in the body and year (the numbering stream)', () => {
    const n: Nummereringer = new Map();
    medNumre(state(felles), n);
    const annet = state(
      kjoer([
        { type: 'PlanleggMoete', data: { moeteId: 'psu-2017-12', organIder: ['psu-hnt'], moetedato: '2017-12-10', starttid: '10:00', moetested: 'Steinkjer', gjelderFra: '2017-11-01' } },
        leggTil({ punktId: 'x', sakId: 'x', tittel: 'X', moetesakstype: 'politisk', kjenteNumre: [{ organId: 'psu-hnt', moetesaksaar: 2017, moetesakssekvensnummer: 3 }] }, '2017-11-01'),
      ]),
    );
    expect(() => medNumre(annet, n)).toThrow(expect.objectContaining({ code: 'moetesaksnummer_i_bruk', kind: 'conflict' }));
  });
  it('records nothing when the same numbers are asked for again', () => {
    const n: Nummereringer = new Map();
    const foerst = medNumre(state(felles), n);
    const antall = n.get('psu-hnt.2017')!.length;
    expect(medNumre(state(felles), n)).toEqual(foerst);
    expect(n.get('psu-hnt.2017')).toHaveLength(antall);
    expect(() => moetenummereringDecider.decide({ type: 'TildelMoetenumre', data: { organId: 'asu-hnt', aar: 2017, moeteId: 'm', punkter: [] } }, fold(moetenummereringDecider, n.get('psu-hnt.2017')!), ctx())).toThrow(
      expect.objectContaining({ code: 'feil_nummerering' }),
    );
  });
});

describe('Sett opp tilleggssak', () => {
  const tillegg = { punktId: 'tillegg', sakId: 'tillegg-sak', tittel: 'Tilleggssak', moetesakstype: 'politisk' as const };
  it('adds an item after the innkalling with the next number, as a fact of its own', () => {
    const { events, nummereringer } = innkalt();
    const numre = medNumre(state(events), nummereringer, [tillegg]);
    expect(numre).toEqual([{ organId: 'psu-hnt', serie: 'ordinaer', aar: 2019, nummer: 4, punktId: 'tillegg' }]);
    const { state: s } = given(moeteDecider, events).when({ type: 'LeggTilTilleggssak', data: { ...tillegg, numre } }, ctx()).then([
      { type: 'TilleggssakLagtTil', data: { moeteId: 'psu-2019-02-15', ...tillegg, rekkefoelge: 6, numre, gjelderFra: NAA_ISO, utfoertAv: UTFOERT } },
    ]);
    expect(s!.punkter.at(-1)).toMatchObject({ tilleggssak: true, numre });
  });
  it('refuses a tilleggssak before the innkalling and one without its number', () => {
    given(moeteDecider, planlagt).when({ type: 'LeggTilTilleggssak', data: { ...tillegg, numre: [] } }, ctx()).thenThrows(StepRefusedError, 'steg_ikke_tillatt_i_status');
    given(moeteDecider, innkalt().events).when({ type: 'LeggTilTilleggssak', data: { ...tillegg, numre: [] } }, ctx()).thenThrows(InvalidCommandError, 'numre_stemmer_ikke');
  });
});
const NAA_ISO = '2022-06-01T10:00:00.000Z';

describe('Trekk sakslistepunkt', () => {
  it('withdraws an item as a fact; its number stays taken', () => {
    const { events } = innkalt();
    const { state: s } = given(moeteDecider, events).when({ type: 'TrekkSakslistepunkt', data: { punktId: 'sak-2-19', begrunnelse: 'Fylkesordføreren kunne ikke komme.' } }, ctx()).then([
      { type: 'SakslistepunktTrukket', data: { moeteId: 'psu-2019-02-15', punktId: 'sak-2-19', begrunnelse: 'Fylkesordføreren kunne ikke komme.', gjelderFra: NAA_ISO, utfoertAv: UTFOERT } },
    ]);
    expect(s!.punkter[1]).toMatchObject({ trukket: { begrunnelse: 'Fylkesordføreren kunne ikke komme.' }, numre: [expect.objectContaining({ nummer: 2 })] });
  });
  it('leaves a withdrawn item out of the numbering before the innkalling', () => {
    const trukket = kjoer([{ type: 'TrekkSakslistepunkt', data: { punktId: 'sak-2-19', begrunnelse: 'Utsatt' } }], ctx(), medPunkter);
    const s = state(kjoer([{ type: 'SendInnkalling', data: { numre: medNumre(state(trukket), new Map()) } }], ctx(), trukket));
    expect(s.punkter.map((p) => p.numre[0]?.nummer)).toEqual([1, undefined, 2, 1, undefined]);
  });
  it('refuses an unknown item, an item already withdrawn and an item with a decision', () => {
    given(moeteDecider, medPunkter).when({ type: 'TrekkSakslistepunkt', data: { punktId: 'nei', begrunnelse: 'x' } }, ctx()).thenThrows(NotFoundError, 'punkt_ikke_funnet');
    const trukket = kjoer([{ type: 'TrekkSakslistepunkt', data: { punktId: 'sak-2-19', begrunnelse: 'x' } }], ctx(), medPunkter);
    given(moeteDecider, trukket).when({ type: 'TrekkSakslistepunkt', data: { punktId: 'sak-2-19', begrunnelse: 'x' } }, ctx()).thenThrows(StepRefusedError, 'punkt_trukket');
    const medVedtak = kjoer([vedtak('sak-1-19')], ctx(), medOppmoete());
    given(moeteDecider, medVedtak).when({ type: 'TrekkSakslistepunkt', data: { punktId: 'sak-1-19', begrunnelse: 'x' } }, ctx()).thenThrows(StepRefusedError, 'punkt_har_vedtak');
  });
});

describe('Flytt sakslistepunkt', () => {
  const rekkefoelge = (m: ReturnType<typeof state>) => m.punkter.map((p) => p.punktId);
  it('moves an item to another place; the saksliste is in the new order and numbered in it at the innkalling', () => {
    const foer = rekkefoelge(state(medPunkter));
    expect(foer[0]).toBe('sak-1-19');
    const { state: s } = given(moeteDecider, medPunkter).when({ type: 'FlyttSakslistepunkt', data: { punktId: foer[2]!, plass: 1 } }, ctx()).then([
      { type: 'SakslistepunktFlyttet', data: { moeteId: 'psu-2019-02-15', punktId: foer[2]!, plass: 1, tidligerePlass: 3, gjelderFra: NAA_ISO, utfoertAv: UTFOERT } },
    ]);
    expect(rekkefoelge(s!)).toEqual([foer[2], foer[0], foer[1], ...foer.slice(3)]);
    expect(s!.punkter.map((p) => p.rekkefoelge)).toEqual(foer.map((_, i) => i + 1));
    const flyttet = [...medPunkter, ...moeteDecider.decide({ type: 'FlyttSakslistepunkt', data: { punktId: foer[2]!, plass: 1 } }, state(medPunkter), ctx())];
    const innkalt = state(kjoer([{ type: 'SendInnkalling', data: { numre: medNumre(state(flyttet), new Map()) } }], ctx(), flyttet));
    expect(innkalt.punkter.find((p) => p.punktId === foer[2])!.numre[0]?.nummer).toBe(1);
  });
  it('after the innkalling the numbers stay with their items', () => {
    const { events } = innkalt();
    const numre = new Map(state(events).punkter.map((p) => [p.punktId, p.numre.map((n) => n.nummer)]));
    const s = state(kjoer([{ type: 'FlyttSakslistepunkt', data: { punktId: 'sak-1-19', plass: 3 } }], ctx(), events));
    expect(s.punkter[2]!.punktId).toBe('sak-1-19');
    for (const p of s.punkter) expect(p.numre.map((n) => n.nummer)).toEqual(numre.get(p.punktId));
  });
  it('refuses an unknown or withdrawn item, a place outside the saksliste and the place it has', () => {
    given(moeteDecider, medPunkter).when({ type: 'FlyttSakslistepunkt', data: { punktId: 'nei', plass: 1 } }, ctx()).thenThrows(NotFoundError, 'punkt_ikke_funnet');
    const trukket = kjoer([{ type: 'TrekkSakslistepunkt', data: { punktId: 'sak-2-19', begrunnelse: 'x' } }], ctx(), medPunkter);
    given(moeteDecider, trukket).when({ type: 'FlyttSakslistepunkt', data: { punktId: 'sak-2-19', plass: 1 } }, ctx()).thenThrows(StepRefusedError, 'punkt_trukket');
    given(moeteDecider, trukket).when({ type: 'FlyttSakslistepunkt', data: { punktId: 'sak-1-19', plass: 5 } }, ctx()).thenThrows(InvalidCommandError, 'plass_utenfor_sakslisten');
    given(moeteDecider, medPunkter).when({ type: 'FlyttSakslistepunkt', data: { punktId: 'sak-1-19', plass: 1 } }, ctx()).thenThrows(StepRefusedError, 'allerede_paa_plassen');
    given(moeteDecider, medPunkter).when({ type: 'FlyttSakslistepunkt', data: { punktId: 'sak-1-19', plass: 0 } }, ctx()).thenThrows(InvalidCommandError, 'ugyldig_tall');
  });
});

describe('Flytt møte and Avlys møte', () => {
  it('moves the meeting with a reason and keeps where it was', () => {
    const { state: s } = given(moeteDecider, planlagt).when({ type: 'FlyttMoete', data: { moetedato: '2019-02-22', moetested: 'Namsos', begrunnelse: 'Kollisjon med KS-møtet.' } }, ctx()).then([
      {
        type: 'MoeteFlyttet',
        data: { moeteId: 'psu-2019-02-15', fraDato: '2019-02-15', moetedato: '2019-02-22', starttid: '09:00', sluttid: '11:30', moetested: 'Namsos', begrunnelse: 'Kollisjon med KS-møtet.', gjelderFra: NAA_ISO, utfoertAv: UTFOERT },
      },
    ]);
    expect(s).toMatchObject({ moetedato: '2019-02-22', moetested: 'Namsos', status: 'planlagt', flyttinger: [expect.objectContaining({ fraDato: '2019-02-15' })] });
  });
  it('refuses a move that changes nothing, and a numbered meeting moved to another year', () => {
    given(moeteDecider, planlagt).when({ type: 'FlyttMoete', data: { moetedato: '2019-02-15', begrunnelse: 'x' } }, ctx()).thenThrows(InvalidCommandError, 'ingen_endring');
    given(moeteDecider, innkalt().events).when({ type: 'FlyttMoete', data: { moetedato: '2020-01-10', begrunnelse: 'x' } }, ctx()).thenThrows(StepRefusedError, 'flytting_over_aarsskifte');
  });
  it('cancels the meeting with a reason; a cancelled meeting takes no more steps', () => {
    const { state: s } = given(moeteDecider, planlagt).when({ type: 'AvlysMoete', data: { begrunnelse: 'For få saker.' } }, ctx()).then([
      { type: 'MoeteAvlyst', data: { moeteId: 'psu-2019-02-15', begrunnelse: 'For få saker.', gjelderFra: NAA_ISO, utfoertAv: UTFOERT } },
    ]);
    expect(s!.status).toBe('avlyst');
    const avlyst = kjoer([{ type: 'AvlysMoete', data: { begrunnelse: 'x' } }], ctx(), planlagt);
    given(moeteDecider, avlyst).when({ type: 'FlyttMoete', data: { moetedato: '2019-03-01', begrunnelse: 'x' } }, ctx()).thenThrows(StepRefusedError, 'moete_lukket');
    given(moeteDecider, avlyst).when({ type: 'AvlysMoete', data: { begrunnelse: 'x' } }, ctx()).thenThrows(StepRefusedError, 'moete_lukket');
  });
});

describe('Registrer oppmøte and Meld forfall', () => {
  it('records a participant in the role the organisation gave them on the meeting date', () => {
    given(moeteDecider, innkalt().events).when(oppmoete('robert-svarva'), ctx()).then([
      {
        type: 'OppmoeteRegistrert',
        data: { moeteId: 'psu-2019-02-15', personId: 'robert-svarva', navn: 'Robert Svarva', organId: 'psu-hnt', rolle: 'leder', stemmerett: true, gjelderFra: '2019-02-15', utfoertAv: UTFOERT },
      },
    ]);
  });
  it('records the observer (Trøndelag fylkeskommune, from that day) and the secretary without a vote', () => {
    const s = state(medOppmoete());
    expect(s.deltakere.map((d) => [d.navn, d.rolle, d.stemmerett])).toEqual([
      ['Robert Svarva', 'leder', true],
      ['Ordfører A', 'medlem', true],
      ['Ordfører B', 'medlem', true],
      ['Tore O. Sandvik', 'observatoer', false],
      ['KS (sekretær)', 'sekretaer', false],
    ]);
  });
  it('takes a person holding several roles in the voting one (ASU: Olav Bremnes, sekretær and nestleder)', () => {
    const felles = kjoer(
      [{ type: 'PlanleggMoete', data: { moeteId: 'f', organIder: ['psu-hnt', 'asu-hnt'], moetedato: '2019-06-01', starttid: '10:00', moetested: 'Levanger', gjelderFra: '2019-05-01' } }, leggTil(SAK_1_19, '2019-05-01')],
    );
    const sendt = kjoer([{ type: 'SendInnkalling', data: { numre: medNumre(state(felles), new Map()), gjelderFra: '2019-05-02' } }], ctx(), felles);
    const s = state(kjoer([oppmoete('olav-bremnes', 'asu-hnt', { gjelderFra: '2019-06-01' })], ctx(), sendt));
    expect(s.deltakere[0]).toMatchObject({ rolle: 'nestleder', stemmerett: true });
  });
  it('lets a vara vote when meeting for a member with forfall, and not otherwise', () => {
    const events = kjoer([{ type: 'MeldForfall', data: { personId: 'ordfoerer-a', organId: 'psu-hnt', merknad: 'Kommunestyremøte' } }, oppmoete('vara-e', 'psu-hnt', { moeterForPersonId: 'ordfoerer-a' })], ctx(), innkalt().events);
    const s = state(events);
    expect(s.forfall).toEqual([{ personId: 'ordfoerer-a', navn: 'Ordfører A', organId: 'psu-hnt', rolle: 'medlem', merknad: 'Kommunestyremøte' }]);
    expect(s.deltakere[0]).toMatchObject({ personId: 'vara-e', rolle: 'vara', stemmerett: true, moeterForPersonId: 'ordfoerer-a' });
    expect(state(kjoer([oppmoete('vara-e')], ctx(), innkalt().events)).deltakere[0]).toMatchObject({ rolle: 'vara', stemmerett: false });
  });
  it('refuses twice, a body not holding the meeting, someone not in the body on the date, and someone with forfall', () => {
    const m = medOppmoete();
    given(moeteDecider, m).when(oppmoete('robert-svarva'), ctx()).thenThrows(ConflictError, 'allerede_registrert');
    given(moeteDecider, m).when(oppmoete('peter-ardon', 'asu-hnt'), ctx()).thenThrows(StepRefusedError, 'organ_ikke_i_moetet');
    given(moeteDecider, m).when(oppmoete('peter-ardon'), ctx()).thenThrows(StepRefusedError, 'ikke_medlem_paa_moetedato');
    const forfall = kjoer([{ type: 'MeldForfall', data: { personId: 'ordfoerer-a', organId: 'psu-hnt' } }], ctx(), innkalt().events);
    given(moeteDecider, forfall).when(oppmoete('ordfoerer-a'), ctx()).thenThrows(StepRefusedError, 'har_meldt_forfall');
  });
  it('refuses «meeting for» from someone who is not a vara, for a member without forfall, and a second vara for the same member', () => {
    const { events } = innkalt();
    given(moeteDecider, events).when(oppmoete('ordfoerer-b', 'psu-hnt', { moeterForPersonId: 'ordfoerer-a' }), ctx()).thenThrows(StepRefusedError, 'moeter_for_uten_vara');
    given(moeteDecider, events).when(oppmoete('vara-e', 'psu-hnt', { moeterForPersonId: 'ordfoerer-a' }), ctx()).thenThrows(StepRefusedError, 'vara_uten_forfall');
    const enVara = kjoer([{ type: 'MeldForfall', data: { personId: 'ordfoerer-a', organId: 'psu-hnt' } }, oppmoete('vara-e', 'psu-hnt', { moeterForPersonId: 'ordfoerer-a' })], ctx(), events);
    expect(given(moeteDecider, enVara).when(oppmoete('vara-f', 'psu-hnt', { moeterForPersonId: 'ordfoerer-a' }), ctx()).thenThrows(StepRefusedError, 'vara_uten_forfall').message).toContain('Vara E møter allerede');
  });
  it('takes the organisation on the meeting date: the county observer joined PSU on 15.02.2019, so not at a meeting the day before', () => {
    const dagenFoer = kjoer([
      { type: 'PlanleggMoete', data: { ...PLANLEGG_PSU_2019.data, moeteId: 'psu-2019-02-14', moetedato: '2019-02-14' } } as MoeteCommand,
      leggTil(SAK_1_19),
    ]);
    const sendt = kjoer([{ type: 'SendInnkalling', data: { numre: medNumre(state(dagenFoer), new Map()), gjelderFra: '2019-02-01' } }], ctx(), dagenFoer);
    given(moeteDecider, sendt).when(oppmoete('tore-sandvik', 'psu-hnt', { gjelderFra: '2019-02-14' }), ctx()).thenThrows(StepRefusedError, 'ikke_medlem_paa_moetedato');
    expect(state(kjoer([oppmoete('tore-sandvik')], ctx(), innkalt().events)).deltakere[0]).toMatchObject({ rolle: 'observatoer', stemmerett: false });
  });
  it('refuses forfall twice, and forfall from someone registered present', () => {
    const forfall = kjoer([{ type: 'MeldForfall', data: { personId: 'ordfoerer-a', organId: 'psu-hnt' } }], ctx(), innkalt().events);
    given(moeteDecider, forfall).when({ type: 'MeldForfall', data: { personId: 'ordfoerer-a', organId: 'psu-hnt' } }, ctx()).thenThrows(ConflictError, 'forfall_allerede_meldt');
    given(moeteDecider, medOppmoete()).when({ type: 'MeldForfall', data: { personId: 'ordfoerer-a', organId: 'psu-hnt' } }, ctx()).thenThrows(StepRefusedError, 'allerede_til_stede');
    given(moeteDecider, medOppmoete()).when({ type: 'MeldForfall', data: { personId: 'ukjent', organId: 'psu-hnt' } }, ctx()).thenThrows(StepRefusedError, 'ikke_medlem_paa_moetedato');
  });
  it('refuses attendance before the innkalling, and attendance effective before the meeting date; by default it takes effect on the meeting date', () => {
    given(moeteDecider, medPunkter).when(oppmoete('robert-svarva'), ctx()).thenThrows(StepRefusedError, 'steg_ikke_tillatt_i_status');
    given(moeteDecider, innkalt().events).when(oppmoete('robert-svarva', 'psu-hnt', { gjelderFra: '2019-02-14' }), ctx()).thenThrows(StepRefusedError, 'foer_moetet');
    const [e] = moeteDecider.decide({ type: 'RegistrerOppmoete', data: { personId: 'robert-svarva', organId: 'psu-hnt' } }, state(innkalt().events), ctx());
    expect(e!.data.gjelderFra).toBe('2019-02-15');
  });
});

describe('Meld inhabilitet', () => {
  it('records that a member leaves for one item', () => {
    const { state: s } = given(moeteDecider, medOppmoete()).when({ type: 'MeldInhabilitet', data: { punktId: 'sak-1-19', personId: 'ordfoerer-b', begrunnelse: 'Nær familie i styret.' } }, ctx()).then([
      { type: 'InhabilitetMeldt', data: { moeteId: 'psu-2019-02-15', punktId: 'sak-1-19', personId: 'ordfoerer-b', begrunnelse: 'Nær familie i styret.', gjelderFra: '2019-02-15', utfoertAv: UTFOERT } },
    ]);
    expect(s!.punkter[0]!.inhabile).toEqual(['ordfoerer-b']);
    expect(s!.punkter[1]!.inhabile).toEqual([]);
  });
  it('refuses an unknown item, twice, and someone not present', () => {
    const m = medOppmoete();
    given(moeteDecider, m).when({ type: 'MeldInhabilitet', data: { punktId: 'nei', personId: 'ordfoerer-b' } }, ctx()).thenThrows(NotFoundError, 'punkt_ikke_funnet');
    const inhabil = kjoer([{ type: 'MeldInhabilitet', data: { punktId: 'sak-1-19', personId: 'ordfoerer-b' } }], ctx(), m);
    given(moeteDecider, inhabil).when({ type: 'MeldInhabilitet', data: { punktId: 'sak-1-19', personId: 'ordfoerer-b' } }, ctx()).thenThrows(ConflictError, 'allerede_inhabil');
    given(moeteDecider, m).when({ type: 'MeldInhabilitet', data: { punktId: 'sak-1-19', personId: 'styremedlem-c' } }, ctx()).thenThrows(StepRefusedError, 'ikke_til_stede');
    const medVedtak = kjoer([vedtak('sak-1-19')], ctx(), m);
    given(moeteDecider, medVedtak).when({ type: 'MeldInhabilitet', data: { punktId: 'sak-1-19', personId: 'ordfoerer-b' } }, ctx()).thenThrows(StepRefusedError, 'punkt_har_vedtak');
  });
});

describe('Før vedtak', () => {
  it('records the decision of sak 1/19 with the quorum it had, effective on the meeting date', () => {
    given(moeteDecider, medOppmoete()).when(vedtak('sak-1-19', { stemmemaate: 'enstemmig' }), ctx()).then([
      {
        type: 'MoetevedtakFattet',
        data: {
          moeteId: 'psu-2019-02-15',
          punktId: 'sak-1-19',
          sakId: 'aarsmelding-2018',
          organIder: ['psu-hnt'],
          vedtaksutfall: 'vedtatt',
          vedtakstekst: 'Som forslaget.',
          stemmemaate: 'enstemmig',
          vedtaksfoerhet: [{ organId: 'psu-hnt', stemmeberettigedeMedlemmer: 5, tilStede: 3, vedtaksfoer: true }],
          gjelderFra: '2019-02-15',
          utfoertAv: UTFOERT,
        },
      },
    ]);
  });
  it('records a drøftingssak as «drøftet» and the votes of a votering', () => {
    const { state: s } = given(moeteDecider, medOppmoete())
      .when(vedtak('sak-2-19', { stemmemaate: 'votering', stemmerFor: ['robert-svarva', 'ordfoerer-a'], stemmerMot: ['ordfoerer-b'] }), ctx())
      .then([expect.objectContaining({ type: 'MoetevedtakFattet' }) as unknown as MoeteEvent]);
    expect(s!.punkter[1]!.vedtak!.stemmer).toEqual({ for: ['robert-svarva', 'ordfoerer-a'], mot: ['ordfoerer-b'], blank: [] });
    const d = kjoer([vedtak('sak-3-19', { vedtaksutfall: 'droeftet', vedtakstekst: 'Saken ble drøftet.' })], ctx(), medOppmoete());
    expect(state(d).punkter[2]!.vedtak!.vedtaksutfall).toBe('droeftet');
  });
  it('refuses a decision without quorum, with the reason (2 of 5 present)', () => {
    const to = kjoer([oppmoete('robert-svarva'), oppmoete('ordfoerer-a'), oppmoete('tore-sandvik'), oppmoete('ks-sekretaer')], ctx(), innkalt().events);
    const e = given(moeteDecider, to).when(vedtak('sak-1-19'), ctx()).thenThrows(StepRefusedError, 'ikke_vedtaksfoer');
    expect(e.message).toContain('2 av 5');
    expect(e.message).toContain('minst 3');
  });
  it('counts an inhabil member out of the quorum for that item only', () => {
    const inhabil = kjoer([{ type: 'MeldInhabilitet', data: { punktId: 'sak-1-19', personId: 'ordfoerer-b' } }], ctx(), medOppmoete());
    given(moeteDecider, inhabil).when(vedtak('sak-1-19'), ctx()).thenThrows(StepRefusedError, 'ikke_vedtaksfoer');
    expect(moeteDecider.decide(vedtak('sak-2-19'), state(inhabil), ctx())).toHaveLength(1);
  });
  it('never lets an observer vote, nor the secretary, an absent or an inhabil member', () => {
    const m = medOppmoete();
    const e = given(moeteDecider, m).when(vedtak('sak-1-19', { stemmemaate: 'votering', stemmerFor: ['robert-svarva', 'tore-sandvik'] }), ctx()).thenThrows(StepRefusedError, 'observatoer_kan_ikke_stemme');
    expect(e.message).toContain('Tore O. Sandvik');
    given(moeteDecider, m).when(vedtak('sak-1-19', { stemmemaate: 'votering', stemmerBlank: ['ks-sekretaer'] }), ctx()).thenThrows(StepRefusedError, 'ikke_stemmeberettiget');
    given(moeteDecider, m).when(vedtak('sak-1-19', { stemmemaate: 'votering', stemmerFor: ['styremedlem-c'] }), ctx()).thenThrows(StepRefusedError, 'ikke_stemmeberettiget');
    const inhabil = kjoer([oppmoete('styremedlem-c'), { type: 'MeldInhabilitet', data: { punktId: 'sak-1-19', personId: 'ordfoerer-b' } }], ctx(), m);
    given(moeteDecider, inhabil).when(vedtak('sak-1-19', { stemmemaate: 'votering', stemmerMot: ['ordfoerer-b'] }), ctx()).thenThrows(StepRefusedError, 'ikke_stemmeberettiget');
  });
  it('refuses votes without a votering, a votering without votes, and a vote twice', () => {
    const m = medOppmoete();
    given(moeteDecider, m).when(vedtak('sak-1-19', { stemmerFor: ['robert-svarva'] }), ctx()).thenThrows(InvalidCommandError, 'stemmer_uten_votering');
    given(moeteDecider, m).when(vedtak('sak-1-19', { stemmemaate: 'votering' }), ctx()).thenThrows(InvalidCommandError, 'votering_uten_stemmer');
    given(moeteDecider, m).when(vedtak('sak-1-19', { stemmemaate: 'votering', stemmerFor: ['robert-svarva'], stemmerMot: ['robert-svarva'] }), ctx()).thenThrows(InvalidCommandError, 'stemte_flere_ganger');
    expect(given(moeteDecider, m).when(vedtak('sak-1-19', { vedtaksutfall: 'godkjent' }), ctx()).thenThrows(InvalidCommandError, 'ugyldig_verdi').field).toBe('vedtaksutfall');
  });
  it('refuses a second decision, a decision before the meeting, on an unknown or withdrawn item', () => {
    const m = medOppmoete();
    given(moeteDecider, kjoer([vedtak('sak-1-19')], ctx(), m)).when(vedtak('sak-1-19'), ctx()).thenThrows(StepRefusedError, 'vedtak_allerede_fattet');
    given(moeteDecider, m).when(vedtak('sak-1-19', { gjelderFra: '2019-02-14' }), ctx()).thenThrows(StepRefusedError, 'foer_moetet');
    given(moeteDecider, m).when(vedtak('nei'), ctx()).thenThrows(NotFoundError, 'punkt_ikke_funnet');
    given(moeteDecider, kjoer([{ type: 'TrekkSakslistepunkt', data: { punktId: 'sak-2-19', begrunnelse: 'x' } }], ctx(), m)).when(vedtak('sak-2-19'), ctx()).thenThrows(StepRefusedError, 'punkt_trukket');
  });
  it('requires quorum in each body of a joint meeting, and records the decision for both', () => {
    const felles = kjoer([
      { type: 'PlanleggMoete', data: { moeteId: 'f', organIder: ['psu-hnt', 'asu-hnt'], moetedato: '2019-06-01', starttid: '10:00', moetested: 'Levanger', gjelderFra: '2019-05-01' } },
      leggTil(SAK_1_19, '2019-05-01'),
    ]);
    const sendt = kjoer([{ type: 'SendInnkalling', data: { numre: medNumre(state(felles), new Map()), gjelderFra: '2019-05-02' } }], ctx(), felles);
    const psu = kjoer([oppmoete('robert-svarva', 'psu-hnt', { gjelderFra: '2019-06-01' }), oppmoete('ordfoerer-a', 'psu-hnt', { gjelderFra: '2019-06-01' }), oppmoete('ordfoerer-b', 'psu-hnt', { gjelderFra: '2019-06-01' })], ctx(), sendt);
    expect(given(moeteDecider, psu).when(vedtak('sak-1-19'), ctx()).thenThrows(StepRefusedError, 'ikke_vedtaksfoer').message).toContain('ASU');
    const begge = kjoer([oppmoete('peter-ardon', 'asu-hnt', { gjelderFra: '2019-06-01' }), oppmoete('olav-bremnes', 'asu-hnt', { gjelderFra: '2019-06-01' })], ctx(), psu);
    const [e] = moeteDecider.decide(vedtak('sak-1-19'), state(begge), ctx());
    expect(e!.data).toMatchObject({ organIder: ['psu-hnt', 'asu-hnt'], vedtaksfoerhet: [{ organId: 'psu-hnt', tilStede: 3 }, { organId: 'asu-hnt', stemmeberettigedeMedlemmer: 3, tilStede: 2, vedtaksfoer: true }] });
  });
});

describe('Marker gjennomført and Godkjenn protokoll', () => {
  it('marks the meeting held, effective on the meeting date; not before it; not before the innkalling', () => {
    const { state: s } = given(moeteDecider, medOppmoete()).when({ type: 'MarkerGjennomfoert', data: {} }, ctx()).then([
      { type: 'MoeteGjennomfoert', data: { moeteId: 'psu-2019-02-15', gjelderFra: '2019-02-15', utfoertAv: UTFOERT } },
    ]);
    expect(s!.status).toBe('gjennomfoert');
    given(moeteDecider, medOppmoete()).when({ type: 'MarkerGjennomfoert', data: { gjelderFra: '2019-02-10' } }, ctx()).thenThrows(StepRefusedError, 'foer_moetet');
    given(moeteDecider, medPunkter).when({ type: 'MarkerGjennomfoert', data: {} }, ctx()).thenThrows(StepRefusedError, 'steg_ikke_tillatt_i_status');
  });
  it('still takes decisions and attendance after the meeting is marked held (minutes entered afterwards)', () => {
    const holdt = kjoer([{ type: 'MarkerGjennomfoert', data: {} }], ctx(), medOppmoete());
    expect(moeteDecider.decide(vedtak('sak-1-19'), state(holdt), ctx())).toHaveLength(1);
  });
  const holdt = () => kjoer([vedtak('sak-1-19'), { type: 'MarkerGjennomfoert', data: {} }], ctx(), medOppmoete());
  it('approves the protokoll by the leader’s signature; an approved protokoll takes nothing more', () => {
    const { state: s } = given(moeteDecider, holdt()).when({ type: 'GodkjennProtokoll', data: { godkjenningsmaate: 'signatur', signertAv: ['Robert Svarva'], gjelderFra: '2019-02-20' } }, ctx(PSU_LEDER)).then([
      {
        type: 'ProtokollGodkjent',
        data: { moeteId: 'psu-2019-02-15', godkjenningsmaate: 'signatur', signertAv: ['Robert Svarva'], gjelderFra: '2019-02-20', utfoertAv: { personId: 'robert-svarva', organId: 'psu-hnt', rolle: 'leder' } },
      },
    ]);
    expect(s!.status).toBe('protokoll_godkjent');
    const godkjent = kjoer([{ type: 'GodkjennProtokoll', data: { godkjenningsmaate: 'i_moete', godkjentIMoeteId: 'psu-2019-04', gjelderFra: '2019-04-25' } }], ctx(), holdt());
    const e = given(moeteDecider, godkjent).when(vedtak('sak-2-19'), ctx()).thenThrows(StepRefusedError, 'moete_lukket');
    expect(e.message).toContain('endres ikke');
  });
  it('refuses an approval without its basis, in the meeting itself, before the meeting is held, and by a member', () => {
    given(moeteDecider, holdt()).when({ type: 'GodkjennProtokoll', data: { godkjenningsmaate: 'i_moete' } }, ctx()).thenThrows(InvalidCommandError, 'godkjenning_mangler_grunnlag');
    given(moeteDecider, holdt()).when({ type: 'GodkjennProtokoll', data: { godkjenningsmaate: 'signatur' } }, ctx()).thenThrows(InvalidCommandError, 'godkjenning_mangler_grunnlag');
    given(moeteDecider, holdt()).when({ type: 'GodkjennProtokoll', data: { godkjenningsmaate: 'i_moete', godkjentIMoeteId: 'psu-2019-02-15' } }, ctx()).thenThrows(InvalidCommandError, 'godkjenning_mangler_grunnlag');
    given(moeteDecider, medOppmoete()).when({ type: 'GodkjennProtokoll', data: { godkjenningsmaate: 'signatur', signertAv: ['x'] } }, ctx()).thenThrows(StepRefusedError, 'steg_ikke_tillatt_i_status');
    given(moeteDecider, holdt()).when({ type: 'GodkjennProtokoll', data: { godkjenningsmaate: 'signatur', signertAv: ['x'] } }, ctx(PSU_MEDLEM)).thenThrows(ActorNotAllowedError, 'rolle_ikke_tillatt');
  });
});
