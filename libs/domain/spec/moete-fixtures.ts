/**
 * Bodies for the meeting specs, built through the real organ decider: PSU and ASU in nordre Trøndelag
 * as seed 004 describes them in February 2019 (PSU: leader, four voting members, a vara, KS as
 * secretary, Trøndelag fylkeskommune observer «fra dags dato» 15.02.2019; ASU: leader Peter Ardon,
 * deputy leader and secretary Olav Bremnes), plus helpers that run a meeting through the deciders the
 * way the application does (numbers from each body's numbering stream, then the step on the meeting).
 */
import {
  type Aktoer,
  type DecisionContext,
  fold,
  type MoeteCommand,
  moeteDecider,
  type MoeteEvent,
  type MoeteState,
  moeteaar,
  moetenummereringDecider,
  type MoetenummereringEvent,
  type MoetenummereringState,
  nummerbehov,
  numreForMoete,
  type Organ,
  type OrganCommand,
  organDecider,
  type OrganEvent,
  type PunktData,
  type TildeltNummer,
} from '../src/index.js';

export const NAA = new Date('2022-06-01T10:00:00.000Z');
export const SEKRETARIAT: Aktoer = { personId: 'sekretariatet', organId: 'sekretariat-hnt', rolle: 'sekretaer' };

function organ(commands: OrganCommand[]): Organ {
  const events: OrganEvent[] = [];
  let state = organDecider.initialState;
  for (const c of commands) {
    const nye = organDecider.decide(c, state, { now: NAA, aktoer: SEKRETARIAT, organer: () => undefined });
    events.push(...nye);
    state = nye.reduce(organDecider.evolve, state);
  }
  return fold(organDecider, events)!;
}

const medlem = (organId: string, periodeId: string, personId: string, navn: string, rolle: string, fra: string, representerer?: string): OrganCommand =>
  ({ type: 'OppnevnMedlem', data: { organId, periodeId, personId, navn, rolle, fra, ...(representerer ? { representerer } : {}) } }) as OrganCommand;

export const PSU = organ([
  { type: 'OpprettOrgan', data: { organId: 'psu-hnt', navn: 'Politisk samarbeidsutvalg (PSU) i nordlige Trøndelag', organtype: 'psu', mandat: 'Setter retning og bestiller saker.', gjelderFra: '2012-01-01' } },
  medlem('psu-hnt', 'p1', 'robert-svarva', 'Robert Svarva', 'leder', '2016-01-01', 'KS fylkesmøte'),
  medlem('psu-hnt', 'p2', 'ordfoerer-a', 'Ordfører A', 'medlem', '2016-01-01', 'KS fylkesmøte'),
  medlem('psu-hnt', 'p3', 'ordfoerer-b', 'Ordfører B', 'medlem', '2016-01-01', 'KS fylkesmøte'),
  medlem('psu-hnt', 'p4', 'styremedlem-c', 'Styremedlem C', 'medlem', '2016-01-01', 'Helse Nord-Trøndelag HF'),
  medlem('psu-hnt', 'p5', 'styremedlem-d', 'Styremedlem D', 'medlem', '2016-01-01', 'Helse Nord-Trøndelag HF'),
  medlem('psu-hnt', 'p6', 'vara-e', 'Vara E', 'vara', '2016-01-01', 'KS fylkesmøte'),
  medlem('psu-hnt', 'p9', 'vara-f', 'Vara F', 'vara', '2016-01-01', 'Helse Nord-Trøndelag HF'),
  medlem('psu-hnt', 'p7', 'ks-sekretaer', 'KS (sekretær)', 'sekretaer', '2016-01-01', 'KS'),
  medlem('psu-hnt', 'p8', 'tore-sandvik', 'Tore O. Sandvik', 'observatoer', '2019-02-15', 'Trøndelag fylkeskommune'),
]);
export const ASU = organ([
  { type: 'OpprettOrgan', data: { organId: 'asu-hnt', navn: 'Administrativt samarbeidsutvalg (ASU)', organtype: 'asu', mandat: 'Utreder, prioriterer, delegerer og følger opp.', gjelderFra: '2012-01-01' } },
  medlem('asu-hnt', 'a1', 'peter-ardon', 'Peter Ardon', 'leder', '2017-01-01', 'Kommunene'),
  medlem('asu-hnt', 'a2', 'olav-bremnes', 'Olav Bremnes', 'sekretaer', '2017-01-01', 'Helse Nord-Trøndelag HF'),
  medlem('asu-hnt', 'a3', 'olav-bremnes', 'Olav Bremnes', 'nestleder', '2017-01-01', 'Helse Nord-Trøndelag HF'),
  medlem('asu-hnt', 'a4', 'asu-medlem', 'ASU-medlem', 'medlem', '2017-01-01', 'Kommunene'),
]);
export const SEKR = organ([
  { type: 'OpprettOrgan', data: { organId: 'sekretariat-hnt', navn: 'Helsefellesskapets sekretariat', organtype: 'sekretariat', mandat: 'Forbereder og følger opp saker på alle nivå.', gjelderFra: '2012-01-01' } },
]);
export const FAGRAAD = organ([
  { type: 'OpprettOrgan', data: { organId: 'fagraad-2', navn: 'Fagråd 2', organtype: 'fagraad', mandat: 'Tjenesteavtale 6 og 7.', gjelderFra: '2012-01-01' } },
  medlem('fagraad-2', 'f1', 'fagraad-leder', 'Fagrådets leder', 'leder', '2012-01-01'),
]);
export const NEDLAGT = organ([
  { type: 'OpprettOrgan', data: { organId: 'gammelt-utvalg', navn: 'Gammelt utvalg', organtype: 'fagraad', mandat: 'Utgått.', gjelderFra: '2012-01-01' } },
  { type: 'LeggNedOrgan', data: { organId: 'gammelt-utvalg', gjelderFra: '2018-01-01' } },
]);
export const ORGANER: readonly Organ[] = [PSU, ASU, SEKR, FAGRAAD, NEDLAGT];
export const organer = (id: string): Organ | undefined => ORGANER.find((o) => o.organId === id);

export const PSU_SEKRETAER: Aktoer = { personId: 'ks-sekretaer', organId: 'psu-hnt', rolle: 'sekretaer' };
export const PSU_LEDER: Aktoer = { personId: 'robert-svarva', organId: 'psu-hnt', rolle: 'leder' };
export const PSU_MEDLEM: Aktoer = { personId: 'ordfoerer-a', organId: 'psu-hnt', rolle: 'medlem' };
export const FAGRAAD_LEDER: Aktoer = { personId: 'fagraad-leder', organId: 'fagraad-2', rolle: 'leder' };

export function ctx(aktoer: Aktoer = SEKRETARIAT, ekstra: Partial<DecisionContext> = {}): DecisionContext {
  return { now: NAA, aktoer, organer, ...ekstra };
}

/** Seed 004: PSU 15 February 2019, Sykehuset Levanger, Store møterom Arken, 09.00–11.30, orienteringssaker in their own series. */
export const PLANLEGG_PSU_2019: MoeteCommand = {
  type: 'PlanleggMoete',
  data: { moeteId: 'psu-2019-02-15', organIder: ['psu-hnt'], moetedato: '2019-02-15', starttid: '09:00', sluttid: '11:30', moetested: 'Sykehuset Levanger, Store møterom Arken', egenOrienteringsserie: ['psu-hnt'], gjelderFra: '2019-01-20' },
};

export const SAK_1_19: PunktData = {
  punktId: 'sak-1-19',
  sakId: 'aarsmelding-2018',
  tittel: 'Årsmelding 2018',
  moetesakstype: 'politisk',
  forslagTilVedtak: 'Politisk samarbeidsutvalg (PSU) i nordlige Trøndelag godkjenner årsmeldingen for arbeidet i utvalget, for 2018.',
  saksframlegg: 'Årsmeldingen ligger ved som vedlegg.',
};
export const SAK_2_19: PunktData = {
  punktId: 'sak-2-19',
  sakId: 'fylkeskommunen-helsepolitikk',
  tittel: 'Trøndelag fylkeskommune – helsepolitikk i Trøndelag',
  moetesakstype: 'politisk',
  forslagTilVedtak:
    'Politisk samarbeidsutvalg tar fylkesordførerens innlegg om fylkeskommunens rolle ift helsepolitikk i Trøndelag, til orientering. Trøndelag fylkeskommune tiltrer PSU som observatør, med møte- og talerett, fra dags dato.',
  saksframlegg: 'Saken blir lagt fram i møtet. Trøndelag fylkeskommune v/fylkesordfører Tore O. Sandvik holder et innlegg for PSU.',
};
export const SAK_3_19: PunktData = {
  punktId: 'sak-3-19',
  sakId: 'samarbeidsstruktur',
  tittel: 'Hvordan er dagens samarbeidsstruktur mellom kommunene og helseforetaket. Er vi rigget for framtidens helseutfordringer?',
  moetesakstype: 'droefting',
  leggesFramAv: 'Leder av ASU – administrativt samarbeidsutvalg, Peter Ardon',
};
export const ORIENTERING_1_19: PunktData = { punktId: 'o-1-19', sakId: 'orientering-1', tittel: 'Orientering fra helseforetaket', moetesakstype: 'orientering' };
export const EVENTUELT: PunktData = { punktId: 'eventuelt', tittel: 'Eventuelt', moetesakstype: 'eventuelt' };

/** Runs commands on one stream, returning all events. */
export function kjoer(commands: readonly MoeteCommand[], context: DecisionContext = ctx(), fra: readonly MoeteEvent[] = []): MoeteEvent[] {
  const events = [...fra];
  let state: MoeteState = fold(moeteDecider, events);
  for (const c of commands) {
    const nye = moeteDecider.decide(c, state, context);
    events.push(...nye);
    state = nye.reduce(moeteDecider.evolve, state);
  }
  return events;
}

/** The numbering streams of a test world, by `<organId>.<aar>`. */
export type Nummereringer = Map<string, MoetenummereringEvent[]>;

/**
 * What the application does for SendInnkalling (or a tilleggssak): take each body's numbers from its
 * numbering stream, then the step with the numbers. Returns the command for the meeting.
 */
export function medNumre(moete: MoeteState, nummereringer: Nummereringer, punkter?: readonly PunktData[], context: DecisionContext = ctx()): TildeltNummer[] {
  const m = moete!;
  const aar = moeteaar(m);
  const numre: TildeltNummer[] = [];
  for (const organId of m.organIder) {
    const id = `${organId}.${aar}`;
    const events = nummereringer.get(id) ?? [];
    const state: MoetenummereringState = fold(moetenummereringDecider, events);
    const behov = nummerbehov(m, punkter ?? m.punkter.filter((p) => p.trukket === undefined), organId);
    const nye = moetenummereringDecider.decide({ type: 'TildelMoetenumre', data: { organId, aar, moeteId: m.moeteId, punkter: behov } }, state, context);
    const etter = nye.reduce(moetenummereringDecider.evolve, state);
    nummereringer.set(id, [...events, ...nye]);
    numre.push(...numreForMoete(etter, m.moeteId, punkter?.map((p) => p.punktId)));
  }
  return numre;
}
