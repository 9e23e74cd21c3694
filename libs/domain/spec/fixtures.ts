/**
 * The organisation of Helsefellesskapet i nordre Trøndelag as the seeds describe it (seed 004: PSU,
 * ASU, 6 fagråd, 9 fagnettverk; seed 001: arbeidsutvalg, sekretariat, arbeidsgruppe for barn og unge),
 * built through the real organ decider, plus helpers to run sak commands.
 */
import {
  type Aktoer,
  type DecisionContext,
  fold,
  type Organ,
  type OrganCommand,
  organDecider,
  type OrganEvent,
  type SakCommand,
  sakDecider,
  type SakEvent,
  type SakState,
} from '../src/index.js';

/** The clock of the specs: after every date of the fixtures (facts may not take effect in the future). */
export const NAA = new Date('2022-06-01T10:00:00.000Z');

function organ(commands: OrganCommand[], andre: (id: string) => Organ | undefined = () => undefined): Organ {
  const events: OrganEvent[] = [];
  let state = organDecider.initialState;
  for (const c of commands) {
    const nye = organDecider.decide(c, state, { now: NAA, aktoer: SEKRETARIAT, organer: andre });
    events.push(...nye);
    state = nye.reduce(organDecider.evolve, state);
  }
  return fold(organDecider, events)!;
}

export const SEKRETARIAT: Aktoer = { personId: 'sekretariatet', organId: 'sekretariat-hnt', rolle: 'sekretaer' };

export const PSU = organ([
  { type: 'OpprettOrgan', data: { organId: 'psu-hnt', navn: 'Politisk samarbeidsutvalg (PSU) i nordlige Trøndelag', organtype: 'psu', mandat: 'Setter retning og bestiller saker.', gjelderFra: '2012-01-01' } },
  { type: 'OppnevnMedlem', data: { organId: 'psu-hnt', periodeId: 'p1', personId: 'robert-svarva', navn: 'Robert Svarva', rolle: 'leder', representerer: 'KS fylkesmøte', fra: '2016-01-01' } },
  { type: 'OppnevnMedlem', data: { organId: 'psu-hnt', periodeId: 'p2', personId: 'ks-sekretaer', navn: 'KS (sekretær)', rolle: 'sekretaer', representerer: 'KS', fra: '2016-01-01' } },
  { type: 'OppnevnMedlem', data: { organId: 'psu-hnt', periodeId: 'p3', personId: 'tore-sandvik', navn: 'Tore O. Sandvik', rolle: 'observatoer', representerer: 'Trøndelag fylkeskommune', fra: '2019-02-15' } },
]);
export const ASU = organ([
  { type: 'OpprettOrgan', data: { organId: 'asu-hnt', navn: 'Administrativt samarbeidsutvalg (ASU)', organtype: 'asu', mandat: 'Utreder, prioriterer, delegerer og følger opp.', gjelderFra: '2012-01-01' } },
  { type: 'OppnevnMedlem', data: { organId: 'asu-hnt', periodeId: 'a1', personId: 'peter-ardon', navn: 'Peter Ardon', rolle: 'leder', representerer: 'Kommunene', fra: '2017-01-01' } },
  { type: 'OppnevnMedlem', data: { organId: 'asu-hnt', periodeId: 'a2', personId: 'olav-bremnes', navn: 'Olav Bremnes', rolle: 'sekretaer', representerer: 'Helse Nord-Trøndelag HF', fra: '2017-01-01' } },
  { type: 'OppnevnMedlem', data: { organId: 'asu-hnt', periodeId: 'a3', personId: 'olav-bremnes', navn: 'Olav Bremnes', rolle: 'nestleder', representerer: 'Helse Nord-Trøndelag HF', fra: '2017-01-01' } },
]);
export const AU = organ([
  { type: 'OpprettOrgan', data: { organId: 'au-hnt', navn: 'Arbeidsutvalget', organtype: 'arbeidsutvalg', mandat: 'Fordeler saker slik at de blir tildelt riktig nivå.', gjelderFra: '2017-01-01' } },
]);
export const SEKR = organ([
  { type: 'OpprettOrgan', data: { organId: 'sekretariat-hnt', navn: 'Helsefellesskapets sekretariat', organtype: 'sekretariat', mandat: 'Forbereder og følger opp saker på alle nivå.', gjelderFra: '2012-01-01' } },
]);
export const FAGRAAD_12 = organ([
  { type: 'OpprettOrgan', data: { organId: 'fagraad-kvalitet', navn: 'Fagråd for kvalitet og pasientsikkerhet', organtype: 'fagraad', mandat: 'Tjenesteavtale 12.', tjenesteavtale: 'tjenesteavtale 12', gjelderFra: '2012-01-01' } },
]);
export const FAGRAAD_2 = organ([
  { type: 'OpprettOrgan', data: { organId: 'fagraad-2', navn: 'Fagråd 2', organtype: 'fagraad', mandat: 'Tjenesteavtale 6 og 7.', tjenesteavtale: 'tjenesteavtale 6 og 7', gjelderFra: '2012-01-01' } },
]);
export const PERSONALNETTVERKET = organ([
  { type: 'OpprettOrgan', data: { organId: 'personalnettverket', navn: 'Personalnettverket', organtype: 'fagnettverk', mandat: 'Rekruttere og beholde helsepersonell.', gjelderFra: '2012-01-01' } },
]);
export const NEDLAGT_FAGRAAD = organ([
  { type: 'OpprettOrgan', data: { organId: 'fagraad-gammelt', navn: 'Gammelt fagråd', organtype: 'fagraad', mandat: 'Utgått.', gjelderFra: '2012-01-01' } },
  { type: 'LeggNedOrgan', data: { organId: 'fagraad-gammelt', begrunnelse: 'Ny fagrådsstruktur', gjelderFra: '2018-01-01' } },
]);
export const ORGANER: readonly Organ[] = [PSU, ASU, AU, SEKR, FAGRAAD_12, FAGRAAD_2, PERSONALNETTVERKET, NEDLAGT_FAGRAAD];
export const organer = (id: string): Organ | undefined => ORGANER.find((o) => o.organId === id);
export const ARBEIDSGRUPPE_BARN = organ(
  [
    {
      type: 'OpprettOrgan',
      data: { organId: 'ag-barn-unge', navn: 'Arbeidsgruppen for samarbeid om barn og unge', organtype: 'arbeidsgruppe', oppnevntAv: 'asu-hnt', mandat: 'Beskrive hvordan helsefellesskapet kan utvikle barn og unges helsetjeneste.', gjelderFra: '2021-06-01' },
    },
  ],
  organer,
);

export const PSU_LEDER: Aktoer = { personId: 'robert-svarva', organId: 'psu-hnt', rolle: 'leder' };
export const PSU_SEKRETAER: Aktoer = { personId: 'ks-sekretaer', organId: 'psu-hnt', rolle: 'sekretaer' };
export const PSU_OBSERVATOER: Aktoer = { personId: 'tore-sandvik', organId: 'psu-hnt', rolle: 'observatoer' };
export const PSU_MEDLEM: Aktoer = { personId: 'ordforer-levanger', organId: 'psu-hnt', rolle: 'medlem' };
export const ASU_LEDER: Aktoer = { personId: 'peter-ardon', organId: 'asu-hnt', rolle: 'leder' };
export const ASU_SEKRETAER: Aktoer = { personId: 'olav-bremnes', organId: 'asu-hnt', rolle: 'sekretaer' };
export const ASU_OBSERVATOER: Aktoer = { personId: 'ks-observator', organId: 'asu-hnt', rolle: 'observatoer' };
export const AU_MEDLEM: Aktoer = { personId: 'au-medlem', organId: 'au-hnt', rolle: 'medlem' };
export const AU_LEDER: Aktoer = { personId: 'robert-svarva', organId: 'au-hnt', rolle: 'leder' };
export const FAGRAAD_LEDER: Aktoer = { personId: 'fagraad-leder', organId: 'fagraad-kvalitet', rolle: 'leder' };
export const FAGRAAD2_LEDER: Aktoer = { personId: 'fagraad2-leder', organId: 'fagraad-2', rolle: 'leder' };

export function ctx(aktoer: Aktoer, now: Date = NAA): DecisionContext {
  return { now, aktoer, organer };
}

/** Runs sak commands through the real decider and returns the events (the "given" history). */
export function historikk(...steg: [SakCommand, Aktoer][]): SakEvent[] {
  const events: SakEvent[] = [];
  let state: SakState = sakDecider.initialState;
  for (const [command, aktoer] of steg) {
    const nye = sakDecider.decide(command, state, ctx(aktoer));
    events.push(...nye);
    state = nye.reduce(sakDecider.evolve, state);
  }
  return events;
}

export const SAK_ID = 'sak-handlingsplan';

export const REGISTRER: SakCommand = {
  type: 'RegistrerSak',
  data: {
    sakId: SAK_ID,
    tittel: 'Handlingsplan for samhandling 2018–2021',
    beskrivelse: 'Forslag til arbeidsprosess og framdriftsplan for en handlingsplan.',
    innmeldtAv: 'psu-hnt',
    sakstype: 'beslutningssak',
    saksnummer: '3/17',
    gjelderFra: '2017-03-24',
  },
};
export const BESTILL: SakCommand = {
  type: 'BestillUtredning',
  data: { tilOrganId: 'asu-hnt', mandat: 'Utarbeide handlingsplan for samhandling.', frist: '2018-02-13', gjelderFra: '2017-03-24' },
};
export const MOTTA: SakCommand = { type: 'MottaBestilling', data: { saksnummer: '16/2017', gjelderFra: '2017-04-20' } };
export const DELEGER = (oppdragId: string, tilOrganId = 'fagraad-kvalitet'): SakCommand => ({
  type: 'DelegerOppdrag',
  data: { oppdragId, tilOrganId, mandat: 'Foreslå tiltak for kvalitet og pasientsikkerhet.', frist: '2017-10-01', gjelderFra: '2017-05-01' },
});
export const AKSEPTER = (oppdragId: string): SakCommand => ({ type: 'AksepterOppdrag', data: { oppdragId, gjelderFra: '2017-05-10' } });
export const LEVER = (oppdragId: string): SakCommand => ({ type: 'LeverOppdrag', data: { oppdragId, leveranse: 'Forslag til tiltak.', gjelderFra: '2017-09-20' } });
export const GODTA = (oppdragId: string): SakCommand => ({ type: 'GodtaLeveranse', data: { oppdragId, gjelderFra: '2017-10-05' } });
export const INNSTILL: SakCommand = {
  type: 'AvgiInnstilling',
  data: { forslagTilVedtak: 'ASU anbefaler at PSU slutter seg til handlingsplanen.', gjelderFra: '2017-11-01' },
};
export const SETT_PAA_PSU = (punkt = 'punkt-1', nummer = 3): SakCommand => ({
  type: 'SettPaaSaksliste',
  data: { sakslistepunktId: punkt, moetedato: '2019-02-15', moetested: 'Sykehuset Levanger, Store møterom Arken', organer: [{ organId: 'psu-hnt', moetesaksaar: 2019, moetesakssekvensnummer: nummer }] },
});
export const VEDTA = (punkt = 'punkt-1', vedtaksutfall: 'vedtatt' | 'tatt_til_orientering' | 'utsatt' | 'sendt_tilbake' | 'avvist' = 'vedtatt'): SakCommand => ({
  type: 'FattVedtak',
  data: { sakslistepunktId: punkt, vedtaksutfall, vedtakstekst: 'PSU slutter seg til handlingsplanen.' },
});

/** A beslutningssak registered, ordered by PSU and received by ASU (the seed 002 journey: PSU 3/17 → ASU 16/2017). */
export const UNDER_UTREDNING = (): SakEvent[] => historikk([REGISTRER, PSU_SEKRETAER], [BESTILL, PSU_SEKRETAER], [MOTTA, ASU_SEKRETAER]);
