/**
 * Commands, events and state of a meeting (møte; stream `moete-<moeteId>`). Every event's data carries
 * `moeteId`, `gjelderFra` (when the fact took effect) and `utfoertAv` (the person, body and role that
 * took the step). The meeting's own numbers come from the numbering streams (nummerering.ts).
 */
import type { Aktoer, DomainCommand, DomainEvent } from '../shared/decider.js';
import type { IsoDato, Tidspunkt } from '../shared/dato.js';
import type { TildeltNummer } from '../shared/felter.js';
import type { Rolle } from '../organisasjon/organ-modell.js';
import type { Moetesaksnummer } from '../sak/typer.js';

/** The lifecycle of a meeting: planlagt → innkalling sendt → gjennomført → protokoll godkjent; or avlyst. */
export const MOETESTATUSER = ['planlagt', 'innkalling_sendt', 'gjennomfoert', 'protokoll_godkjent', 'avlyst'] as const;
export type Moetestatus = (typeof MOETESTATUSER)[number];

/** Møtesakstype in Noark/eInnsyn terms (politisk = a beslutningssak). */
export const MOETESAKSTYPER = ['politisk', 'orientering', 'droefting', 'referat', 'eventuelt'] as const;
export type Moetesakstype = (typeof MOETESAKSTYPER)[number];

/** The outcome of a decision in a meeting. */
export const MOETEVEDTAKSUTFALL = ['vedtatt', 'tatt_til_orientering', 'droeftet', 'utsatt', 'sendt_tilbake', 'avvist'] as const;
export type Moetevedtaksutfall = (typeof MOETEVEDTAKSUTFALL)[number];

/** How the votes were recorded: not given, «enstemmig», or each voting participant's vote. */
export const STEMMEMAATER = ['ikke_oppgitt', 'enstemmig', 'votering'] as const;
export type Stemmemaate = (typeof STEMMEMAATER)[number];

/** How a protokoll was approved: as an item in a later meeting, or by the leaders' signatures. */
export const GODKJENNINGSMAATER = ['i_moete', 'signatur'] as const;
export type Godkjenningsmaate = (typeof GODKJENNINGSMAATER)[number];

/**
 * The numbering series of a body and year: its meetings (`moete`), its agenda items (`ordinaer`), and —
 * for a body that numbers them apart, as PSU does (seed 004: «orienteringssaker 1/19–4/19») — its
 * orienteringssaker (`orientering`).
 */
export const NUMMERSERIER = ['moete', 'ordinaer', 'orientering'] as const;
export type Nummerserie = (typeof NUMMERSERIER)[number];

export interface PunktData {
  punktId: string;
  /** The sak the item is about; none for «Eventuelt». */
  sakId?: string;
  tittel: string;
  moetesakstype: Moetesakstype;
  /** Forslag til vedtak; left out: «Saken blir lagt fram uten forslag til vedtak». */
  forslagTilVedtak?: string;
  saksframlegg?: string;
  /** Who presents the item, e.g. «Leder av ASU, Peter Ardon». */
  leggesFramAv?: string;
  /** Known real numbers (recording history), e.g. PSU 3/17 and ASU 16/2017; checked for uniqueness. */
  kjenteNumre?: Moetesaksnummer[];
}

/** The data of each command, by command name. `gjelderFra` defaults to `context.now` unless noted. */
export interface MoeteKommandoer {
  PlanleggMoete: {
    moeteId: string;
    organIder: string[];
    moetedato: IsoDato;
    starttid: string;
    sluttid?: string;
    moetested: string;
    /** The bodies of the meeting that number orienteringssaker in a series of their own. */
    egenOrienteringsserie?: string[];
    gjelderFra?: Tidspunkt;
  };
  LeggTilSakslistepunkt: PunktData & { gjelderFra?: Tidspunkt };
  SendInnkalling: { numre: TildeltNummer[]; gjelderFra?: Tidspunkt };
  LeggTilTilleggssak: PunktData & { numre: TildeltNummer[]; gjelderFra?: Tidspunkt };
  TrekkSakslistepunkt: { punktId: string; begrunnelse: string; gjelderFra?: Tidspunkt };
  /** Moves an item to another place in the saksliste (1 = first of the items not withdrawn); its numbers stay. */
  FlyttSakslistepunkt: { punktId: string; plass: number; gjelderFra?: Tidspunkt };
  FlyttMoete: { moetedato: IsoDato; starttid?: string; sluttid?: string; moetested?: string; begrunnelse: string; gjelderFra?: Tidspunkt };
  AvlysMoete: { begrunnelse: string; gjelderFra?: Tidspunkt };
  RegistrerOppmoete: { personId: string; organId: string; moeterForPersonId?: string; gjelderFra?: Tidspunkt };
  MeldForfall: { personId: string; organId: string; merknad?: string; gjelderFra?: Tidspunkt };
  MeldInhabilitet: { punktId: string; personId: string; begrunnelse?: string; gjelderFra?: Tidspunkt };
  MarkerGjennomfoert: { gjelderFra?: Tidspunkt };
  FattMoetevedtak: {
    punktId: string;
    vedtaksutfall: Moetevedtaksutfall;
    vedtakstekst: string;
    stemmemaate: Stemmemaate;
    stemmerFor?: string[];
    stemmerMot?: string[];
    stemmerBlank?: string[];
    /** A decision that itself orders an investigation (carried to the sak's decision). */
    bestillesFra?: string;
    mandat?: string;
    frist?: IsoDato;
    gjelderFra?: Tidspunkt;
  };
  GodkjennProtokoll: { godkjenningsmaate: Godkjenningsmaate; godkjentIMoeteId?: string; signertAv?: string[]; gjelderFra?: Tidspunkt };
}

export type MoeteStegType = keyof MoeteKommandoer;

export const MOETEHENDELSE_FOR_STEG = {
  PlanleggMoete: 'MoetePlanlagt',
  LeggTilSakslistepunkt: 'SakslistepunktLagtTil',
  SendInnkalling: 'InnkallingSendt',
  LeggTilTilleggssak: 'TilleggssakLagtTil',
  TrekkSakslistepunkt: 'SakslistepunktTrukket',
  FlyttSakslistepunkt: 'SakslistepunktFlyttet',
  FlyttMoete: 'MoeteFlyttet',
  AvlysMoete: 'MoeteAvlyst',
  RegistrerOppmoete: 'OppmoeteRegistrert',
  MeldForfall: 'ForfallMeldt',
  MeldInhabilitet: 'InhabilitetMeldt',
  MarkerGjennomfoert: 'MoeteGjennomfoert',
  FattMoetevedtak: 'MoetevedtakFattet',
  GodkjennProtokoll: 'ProtokollGodkjent',
} as const satisfies Record<MoeteStegType, string>;
export type MoeteHendelseFor<K extends MoeteStegType> = (typeof MOETEHENDELSE_FOR_STEG)[K];

/** One participant as recorded: from the organisation on the meeting date. */
export interface Deltaker {
  readonly personId: string;
  readonly navn: string;
  readonly organId: string;
  readonly rolle: Rolle;
  /** May vote (member, leader, deputy leader; a vara meeting for a member). Never an observer or the secretary. */
  readonly stemmerett: boolean;
  /** The member a vara met for. */
  readonly moeterForPersonId?: string;
}

export interface Stemmer {
  readonly for: readonly string[];
  readonly mot: readonly string[];
  readonly blank: readonly string[];
}

/** The data of each event (besides moeteId, gjelderFra, utfoertAv), by event name. */
export interface MoeteHendelser {
  MoetePlanlagt: { organIder: string[]; moetedato: IsoDato; starttid: string; sluttid?: string; moetested: string; egenOrienteringsserie: string[] };
  SakslistepunktLagtTil: PunktData & { rekkefoelge: number };
  InnkallingSendt: { numre: TildeltNummer[] };
  TilleggssakLagtTil: PunktData & { rekkefoelge: number; numre: TildeltNummer[] };
  SakslistepunktTrukket: { punktId: string; begrunnelse: string };
  SakslistepunktFlyttet: { punktId: string; plass: number; tidligerePlass: number };
  MoeteFlyttet: { fraDato: IsoDato; moetedato: IsoDato; starttid: string; sluttid?: string; moetested: string; begrunnelse: string };
  MoeteAvlyst: { begrunnelse: string };
  OppmoeteRegistrert: Deltaker;
  ForfallMeldt: { personId: string; navn: string; organId: string; rolle: Rolle; merknad?: string };
  InhabilitetMeldt: { punktId: string; personId: string; begrunnelse?: string };
  MoeteGjennomfoert: Record<never, never>;
  MoetevedtakFattet: {
    punktId: string;
    sakId?: string;
    organIder: string[];
    vedtaksutfall: Moetevedtaksutfall;
    vedtakstekst: string;
    stemmemaate: Stemmemaate;
    stemmer?: Stemmer;
    /** Voting members present (not inhabil) and seats, per body, when decided. */
    vedtaksfoerhet: Vedtaksfoerhet[];
    /** The investigation the decision orders, if it does. */
    bestilling?: { tilOrganId: string; mandat: string; frist: IsoDato };
  };
  ProtokollGodkjent: { godkjenningsmaate: Godkjenningsmaate; godkjentIMoeteId?: string; signertAv?: string[] };
}

export type MoeteHendelsestype = keyof MoeteHendelser;

/** Quorum of one body for one item. */
export interface Vedtaksfoerhet {
  readonly organId: string;
  /** Voting seats on the meeting date (leder, nestleder, medlem). */
  readonly stemmeberettigedeMedlemmer: number;
  /** Voting participants present and not inhabil for the item. */
  readonly tilStede: number;
  readonly vedtaksfoer: boolean;
}

interface Felles {
  readonly moeteId: string;
  readonly gjelderFra: Tidspunkt;
  readonly utfoertAv: Aktoer;
}

export type MoeteCommand = { [K in MoeteStegType]: DomainCommand<K, MoeteKommandoer[K]> }[MoeteStegType];
export type MoeteEvent = { [T in MoeteHendelsestype]: DomainEvent<T, MoeteHendelser[T] & Felles> }[MoeteHendelsestype];

export interface Moetevedtak {
  readonly organIder: readonly string[];
  readonly vedtaksutfall: Moetevedtaksutfall;
  readonly vedtakstekst: string;
  readonly stemmemaate: Stemmemaate;
  readonly stemmer?: Stemmer;
  readonly bestilling?: { readonly tilOrganId: string; readonly mandat: string; readonly frist: IsoDato };
  readonly gjelderFra: Tidspunkt;
}

export interface Moetepunkt extends PunktData {
  readonly rekkefoelge: number;
  /** Added after the innkalling was sent. */
  readonly tilleggssak: boolean;
  /** When the item was put on the saksliste (effective time). */
  readonly lagtTil: Tidspunkt;
  /** The numbers of the item, one per body (none before the innkalling, none for «Eventuelt»). */
  readonly numre: readonly TildeltNummer[];
  readonly trukket?: { readonly begrunnelse: string; readonly gjelderFra: Tidspunkt };
  /** Participants who left for this item (inhabil). */
  readonly inhabile: readonly string[];
  readonly vedtak?: Moetevedtak;
}

export interface Moete {
  readonly moeteId: string;
  readonly organIder: readonly string[];
  readonly moetedato: IsoDato;
  readonly starttid: string;
  readonly sluttid?: string;
  readonly moetested: string;
  readonly egenOrienteringsserie: readonly string[];
  readonly status: Moetestatus;
  /** When the innkalling was sent (effective time). */
  readonly innkallingSendt?: Tidspunkt;
  /** The meeting's number per body in its year (from the innkalling). */
  readonly moetenumre: Readonly<Record<string, number>>;
  readonly punkter: readonly Moetepunkt[];
  readonly deltakere: readonly Deltaker[];
  readonly forfall: readonly MoeteHendelser['ForfallMeldt'][];
  readonly flyttinger: readonly MoeteHendelser['MoeteFlyttet'][];
  readonly avlyst?: { readonly begrunnelse: string; readonly gjelderFra: Tidspunkt };
  readonly protokoll?: MoeteHendelser['ProtokollGodkjent'] & { readonly gjelderFra: Tidspunkt };
  readonly planlagt: Tidspunkt;
}

export type MoeteState = Moete | null;
