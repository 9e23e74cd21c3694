/**
 * Commands, events and state of a sak (stream `sak-<sakId>`). Commands are imperative, events are
 * facts in past tense. Every event's data carries `sakId`, `gjelderFra` (when the fact took effect)
 * and `utfoertAv` (the person, body and role that took the step).
 */
import type { Aktoer, DomainCommand, DomainEvent } from '../shared/decider.js';
import type { IsoDato, Tidspunkt } from '../shared/dato.js';
import type { Signatar } from '../shared/felter.js';

export const SAKSTYPER = ['beslutningssak', 'orienteringssak', 'droeftingssak'] as const;
/** beslutningssak needs an innstilling (forslag til vedtak) before it goes on a saksliste; the others do not. */
export type Sakstype = (typeof SAKSTYPER)[number];

export const VEDTAKSUTFALL = ['vedtatt', 'tatt_til_orientering', 'droeftet', 'utsatt', 'sendt_tilbake', 'avvist'] as const;
export type Vedtaksutfall = (typeof VEDTAKSUTFALL)[number];

/** The phases (states) of a sak. */
export const SAKSFASER = [
  'registrert',
  'tildelt',
  'bestilt',
  'under_utredning',
  'innstilling_avgitt',
  'paa_saksliste',
  'utsatt',
  'vedtak_fattet',
  'avvist',
  'til_oppfoelging',
  'oppfoelging_fullfoert',
  'avsluttet',
  'trukket',
] as const;
export type SakFase = (typeof SAKSFASER)[number];

/** Phases in which the sak is closed: only `GjenaapneSak` is accepted. */
export const LUKKEDE_FASER: readonly SakFase[] = ['avsluttet', 'trukket'];

/** A body's agenda number for a sak, e.g. PSU 3/19 → `{ organId: 'psu', moetesaksaar: 2019, moetesakssekvensnummer: 3 }`. */
export interface Moetesaksnummer {
  readonly organId: string;
  readonly moetesaksaar: number;
  readonly moetesakssekvensnummer: number;
}

/** A value that may be corrected (scalar JSON). */
export type Korrigerbar = string | number | boolean | null;

/** The data of each command, by command name. `gjelderFra` defaults to `context.now` unless noted. */
export interface SakKommandoer {
  RegistrerSak: {
    sakId: string;
    tittel: string;
    beskrivelse?: string;
    innmeldtAv: string;
    sakstype: 'beslutningssak' | 'orienteringssak' | 'droeftingssak';
    saksnummer?: string;
    /** The outside party the sak comes from (a national hearing from the ministry); the sak is still registered by `innmeldtAv`. */
    innmeldtFra?: string;
    gjelderFra?: Tidspunkt;
  };
  TildelNivaa: { organId: string; begrunnelse?: string; gjelderFra?: Tidspunkt };
  BestillUtredning: { tilOrganId: string; mandat: string; frist: IsoDato; gjelderFra?: Tidspunkt };
  MottaBestilling: { saksnummer?: string; gjelderFra?: Tidspunkt };
  DelegerOppdrag: { oppdragId: string; tilOrganId: string; mandat: string; frist: IsoDato; ansvarlige?: string[]; gjelderFra?: Tidspunkt };
  AksepterOppdrag: { oppdragId: string; gjelderFra?: Tidspunkt };
  BeOmUtsattFrist: { oppdragId: string; nyFrist: IsoDato; begrunnelse: string; gjelderFra?: Tidspunkt };
  InnvilgUtsattFrist: { oppdragId: string; gjelderFra?: Tidspunkt };
  AvslaaUtsattFrist: { oppdragId: string; begrunnelse: string; gjelderFra?: Tidspunkt };
  LeverOppdrag: { oppdragId: string; leveranse: string; gjelderFra?: Tidspunkt };
  GodtaLeveranse: { oppdragId: string; merknad?: string; gjelderFra?: Tidspunkt };
  ReturnerLeveranse: { oppdragId: string; begrunnelse: string; nyFrist?: IsoDato; gjelderFra?: Tidspunkt };
  AvgiInnstilling: { forslagTilVedtak: string; gjelderFra?: Tidspunkt };
  /** Put on the agenda of one body, or of several for a joint meeting. Numbers come from `sakslisteDecider`. */
  SettPaaSaksliste: { sakslistepunktId: string; moetedato: IsoDato; moetested?: string; organer: Moetesaksnummer[]; moeteId?: string; gjelderFra?: Tidspunkt };
  /**
   * `gjelderFra` defaults to the meeting date. `organIder` defaults to every body on the agenda item.
   * `moeteId` and `moetereferanse` are given by the service when the decision is a meeting's (never by a request).
   */
  FattVedtak: {
    sakslistepunktId: string;
    vedtaksutfall: Vedtaksutfall;
    vedtakstekst: string;
    organIder?: string[];
    moeteId?: string;
    moetereferanse?: string;
    /** A decision that itself orders an investigation: from whom, with mandate and frist. */
    bestillesFra?: string;
    mandat?: string;
    frist?: IsoDato;
    gjelderFra?: Tidspunkt;
  };
  SendTilOppfoelging: { oppfoelgingId: string; tilOrganId: string; beskrivelse: string; frist: IsoDato; gjelderFra?: Tidspunkt };
  RapporterOppfoelging: { oppfoelgingId: string; rapport: string; gjelderFra?: Tidspunkt };
  MeldOppfoelgingFullfoert: { oppfoelgingId: string; merknad?: string; gjelderFra?: Tidspunkt };
  AvsluttSak: { avskrivningsmaate?: string; begrunnelse?: string; gjelderFra?: Tidspunkt };
  TrekkSak: { begrunnelse: string; gjelderFra?: Tidspunkt };
  GjenaapneSak: { begrunnelse: string; gjelderFra?: Tidspunkt };
  /** Adds a correction of one field of an earlier event (by its number in the sak's stream, from 0). */
  KorrigerOpplysning: {
    hendelsesnummer: number;
    hendelsestype: string;
    felt: string;
    gammelVerdi: Korrigerbar;
    nyVerdi: Korrigerbar;
    begrunnelse: string;
    gjelderFra?: Tidspunkt;
  };
  /** Exempts fields of an earlier event from public access (offentleglova), with the legal basis. */
  MarkerSkjerming: {
    skjermingId: string;
    /** The event whose fields are exempt (its number in the stream, from 0); default 0, the registration. */
    hendelsesnummer: number;
    felt: string[];
    skjermingshjemmel: string;
    /** Noark 5 code, e.g. "13". */
    tilgangsrestriksjon?: string;
    /** Required when `tittel` is exempt: the title the public sees instead. */
    offentligTittel?: string;
    gjelderFra?: Tidspunkt;
  };
  OpphevSkjerming: { skjermingId: string; begrunnelse: string; gjelderFra?: Tidspunkt };
  /** Sends a draft on hearing to registered outside parties (seed 002: the draft action plan after the joint PSU/ASU meeting of 23 Nov 2017). */
  SendPaaHoering: { hoeringId: string; hoeringsutkast: string; mottakere: string[]; hoeringsfrist: IsoDato; dokumentId?: string; merknad?: string; gjelderFra?: Tidspunkt };
  /** Records one party's answer to a hearing (its document by reference). */
  RegistrerHoeringssvar: { hoeringId: string; partId: string; sammendrag?: string; dokumentId?: string; gjelderFra?: Tidspunkt };
  /** Records an outgoing letter to an outside party with its signatories (seed 001: the input to the national plan, signed by PSU's and ASU's leaders). */
  SendBrev: { brevId: string; mottaker: string; tittel: string; dokumentId?: string; signatarer: Signatar[]; merknad?: string; gjelderFra?: Tidspunkt };
}

export type SakStegType = keyof SakKommandoer;

/** Fields every sak event carries. */
export interface FellesHendelsesdata {
  readonly sakId: string;
  readonly gjelderFra: Tidspunkt;
  readonly utfoertAv: Aktoer;
}

/** The data of each event (besides {@link FellesHendelsesdata}), by event name. */
export interface SakHendelser {
  /** `innmeldtFra`: the outside party the sak came from, `innmeldtFraNavn` its name on the day (absent for a sak brought in by one of our bodies). */
  SakRegistrert: { tittel: string; beskrivelse: string; innmeldtAv: string; sakstype: Sakstype; saksnummer?: string; innmeldtFra?: string; innmeldtFraNavn?: string };
  NivaaTildelt: { organId: string; nivaa: string; begrunnelse?: string };
  UtredningBestilt: { bestiltAv: string; tilOrganId: string; mandat: string; frist: IsoDato };
  BestillingMottatt: { organId: string; saksnummer?: string };
  /** `ansvarlige`: the persons responsible as the decision names them; `etterVedtak`: delegated to carry out a decision (the phase stays). */
  OppdragDelegert: { oppdragId: string; fraOrganId: string; tilOrganId: string; mandat: string; frist: IsoDato; ansvarlige?: string[]; etterVedtak?: boolean };
  OppdragAkseptert: { oppdragId: string; organId: string };
  UtsattFristBedt: { oppdragId: string; organId: string; nyFrist: IsoDato; begrunnelse: string };
  UtsattFristInnvilget: { oppdragId: string; nyFrist: IsoDato; tidligereFrist: IsoDato };
  UtsattFristAvslaatt: { oppdragId: string; begrunnelse: string };
  OppdragLevert: { oppdragId: string; organId: string; leveranse: string };
  LeveranseGodtatt: { oppdragId: string; merknad?: string };
  LeveranseReturnert: { oppdragId: string; begrunnelse: string; nyFrist?: IsoDato };
  InnstillingAvgitt: { organId: string; forslagTilVedtak: string };
  /** `moeteId`: the item is the meeting's (stream `moete-<moeteId>`; the item id is the meeting's punktId). Absent in histories recorded before meetings. */
  SattPaaSaksliste: { sakslistepunktId: string; moetedato: IsoDato; moetested?: string; organer: Moetesaksnummer[]; moeteId?: string };
  /** `moeteId`, `moetereferanse`: the meeting the decision was made in, e.g. «PSU-møte 15.02.2019, sak 2/19» (its basis). */
  /** `bestilling`: the investigation the decision itself ordered (one fact with both meanings; the sak is then `bestilt`). */
  VedtakFattet: {
    sakslistepunktId: string;
    organIder: string[];
    vedtaksutfall: Vedtaksutfall;
    vedtakstekst: string;
    moetedato: IsoDato;
    moeteId?: string;
    moetereferanse?: string;
    bestilling?: Vedtaksbestilling;
  };
  SendtTilOppfoelging: { oppfoelgingId: string; fraOrganIder: string[]; tilOrganId: string; beskrivelse: string; frist: IsoDato };
  OppfoelgingRapportert: { oppfoelgingId: string; rapport: string };
  OppfoelgingFullfoert: { oppfoelgingId: string; merknad?: string };
  SakAvsluttet: { avskrivningsmaate?: string; begrunnelse?: string };
  SakTrukket: { begrunnelse: string };
  SakGjenaapnet: { begrunnelse: string; tidligereFase: SakFase };
  OpplysningKorrigert: { hendelsesnummer: number; hendelsestype: string; felt: string; gammelVerdi: Korrigerbar; nyVerdi: Korrigerbar; begrunnelse: string };
  /** `skjerming` follows the archive export's convention (libs/audit skjerming.ts), so an export leaves the fields out without knowing the workflow. */
  SkjermingMarkert: { skjermingId: string; skjerming: Skjermingsmerke; offentligTittel?: string };
  SkjermingOpphevet: { skjermingId: string; begrunnelse: string };
  /**
   * `hoeringsinstanser`: the recipients as named on the day (free text in hearings recorded before
   * parties were registered); `mottakere`: their party ids, absent in those older hearings.
   */
  SendtPaaHoering: { hoeringId: string; organId: string; hoeringsutkast: string; hoeringsinstanser: string[]; mottakere?: string[]; hoeringsfrist: IsoDato; dokumentId?: string; merknad?: string };
  /** `partnavn`: the party's name on the day; `etterFrist`: the answer came after the hearing's frist. */
  HoeringssvarRegistrert: { hoeringId: string; partId: string; partnavn: string; sammendrag?: string; dokumentId?: string; etterFrist: boolean };
  /** `organId`: the body that sent it; the signatories with their names and bodies' names on the day. */
  BrevSendt: { brevId: string; organId: string; mottaker: string; mottakernavn: string; tittel: string; dokumentId?: string; signatarer: Brevsignatar[]; merknad?: string };
}

/** The investigation a decision orders: who ordered it (the political body), from whom, the mandate and the frist. */
export interface Vedtaksbestilling {
  readonly bestiltAv: string;
  readonly tilOrganId: string;
  readonly mandat: string;
  readonly frist: IsoDato;
}

/** A signatory as recorded on a letter: the person, their name, the body they signed for and their role in it. */
export interface Brevsignatar extends Signatar {
  readonly navn: string;
  readonly organnavn: string;
}

export type SakHendelseType = keyof SakHendelser;

/** The event each step records (one event per step). */
export const HENDELSE_FOR_STEG = {
  RegistrerSak: 'SakRegistrert',
  TildelNivaa: 'NivaaTildelt',
  BestillUtredning: 'UtredningBestilt',
  MottaBestilling: 'BestillingMottatt',
  DelegerOppdrag: 'OppdragDelegert',
  AksepterOppdrag: 'OppdragAkseptert',
  BeOmUtsattFrist: 'UtsattFristBedt',
  InnvilgUtsattFrist: 'UtsattFristInnvilget',
  AvslaaUtsattFrist: 'UtsattFristAvslaatt',
  LeverOppdrag: 'OppdragLevert',
  GodtaLeveranse: 'LeveranseGodtatt',
  ReturnerLeveranse: 'LeveranseReturnert',
  AvgiInnstilling: 'InnstillingAvgitt',
  SettPaaSaksliste: 'SattPaaSaksliste',
  FattVedtak: 'VedtakFattet',
  SendTilOppfoelging: 'SendtTilOppfoelging',
  RapporterOppfoelging: 'OppfoelgingRapportert',
  MeldOppfoelgingFullfoert: 'OppfoelgingFullfoert',
  AvsluttSak: 'SakAvsluttet',
  TrekkSak: 'SakTrukket',
  GjenaapneSak: 'SakGjenaapnet',
  KorrigerOpplysning: 'OpplysningKorrigert',
  MarkerSkjerming: 'SkjermingMarkert',
  OpphevSkjerming: 'SkjermingOpphevet',
  SendPaaHoering: 'SendtPaaHoering',
  RegistrerHoeringssvar: 'HoeringssvarRegistrert',
  SendBrev: 'BrevSendt',
} as const satisfies { readonly [K in SakStegType]: SakHendelseType };

export type HendelseFor<K extends SakStegType> = (typeof HENDELSE_FOR_STEG)[K];

/** A sak command, e.g. `{ type: 'RegistrerSak', data: { … } }`. */
export type SakCommand = { [K in SakStegType]: DomainCommand<K, SakKommandoer[K]> }[SakStegType];
/** A sak event, e.g. `{ type: 'SakRegistrert', data: { sakId, gjelderFra, utfoertAv, … } }`. */
export type SakEvent = { [K in SakHendelseType]: DomainEvent<K, SakHendelser[K] & FellesHendelsesdata> }[SakHendelseType];

// ---------- state ----------

export interface Bestilling {
  readonly bestiltAv: string;
  readonly tilOrganId: string;
  readonly mandat: string;
  readonly frist: IsoDato;
  readonly bestilt: Tidspunkt;
  readonly mottatt?: Tidspunkt;
}

export const OPPDRAGSSTATUSER = ['delegert', 'akseptert', 'levert', 'returnert', 'godtatt', 'trukket'] as const;
export type Oppdragsstatus = (typeof OPPDRAGSSTATUSER)[number];
/** Statuses of an open oppdrag. */
export const AAPNE_OPPDRAGSSTATUSER: readonly Oppdragsstatus[] = ['delegert', 'akseptert', 'levert', 'returnert'];

export interface Oppdrag {
  readonly oppdragId: string;
  /** The delegating body (oppdragsgiver). */
  readonly fraOrganId: string;
  /** The receiving body (oppdragsmottaker). */
  readonly tilOrganId: string;
  readonly mandat: string;
  readonly frist: IsoDato;
  readonly status: Oppdragsstatus;
  readonly delegert: Tidspunkt;
  /** A pending request for a later frist. */
  readonly utsettelse?: { readonly nyFrist: IsoDato; readonly begrunnelse: string };
  readonly leveranser: readonly { readonly leveranse: string; readonly gjelderFra: Tidspunkt }[];
}

export interface Innstilling {
  readonly organId: string;
  readonly forslagTilVedtak: string;
  readonly gjelderFra: Tidspunkt;
}

export interface Vedtak {
  readonly organIder: readonly string[];
  readonly vedtaksutfall: Vedtaksutfall;
  readonly vedtakstekst: string;
  readonly gjelderFra: Tidspunkt;
  /** The meeting's reference, e.g. «PSU-møte 15.02.2019, sak 2/19», when decided in a recorded meeting. */
  readonly moetereferanse?: string;
}

/** One agenda item: the sak on one meeting's saksliste (of one body, or several in a joint meeting). */
export interface Sakslistepunkt {
  readonly sakslistepunktId: string;
  readonly moetedato: IsoDato;
  readonly moetested?: string;
  readonly organer: readonly Moetesaksnummer[];
  /** The recorded meeting the item belongs to (its decision is recorded there, not on the sak). */
  readonly moeteId?: string;
  readonly vedtak?: Vedtak;
  /** True if the sak was withdrawn before the item was decided. */
  readonly trukket?: boolean;
}

export interface Oppfoelging {
  readonly oppfoelgingId: string;
  readonly fraOrganIder: readonly string[];
  readonly tilOrganId: string;
  readonly beskrivelse: string;
  readonly frist: IsoDato;
  readonly fullfoert?: Tidspunkt;
  readonly rapporter: readonly { readonly rapport: string; readonly gjelderFra: Tidspunkt }[];
}

/** An exemption as recorded (the export convention). */
export interface Skjermingsmerke {
  /** The event (its number in the sak's stream, from 0) whose fields are exempt. */
  readonly hendelsesnummer: number;
  /** Fields of that event's `data`. */
  readonly felt: readonly string[];
  readonly skjermingshjemmel: string;
  /** Noark 5 code, e.g. "13". */
  readonly tilgangsrestriksjon?: string;
}

/** An exemption in force on a sak. */
export interface Skjerming extends Skjermingsmerke {
  readonly skjermingId: string;
  readonly offentligTittel?: string;
  readonly gjelderFra: Tidspunkt;
}

export interface Korrigering {
  readonly hendelsesnummer: number;
  readonly hendelsestype: string;
  readonly felt: string;
  readonly gammelVerdi: Korrigerbar;
  readonly nyVerdi: Korrigerbar;
  readonly begrunnelse: string;
  readonly gjelderFra: Tidspunkt;
  readonly utfoertAv: Aktoer;
}

/** The state of a registered sak. */
export interface Sak {
  readonly sakId: string;
  readonly tittel: string;
  readonly beskrivelse: string;
  readonly sakstype: Sakstype;
  readonly innmeldtAv: string;
  readonly registrert: Tidspunkt;
  readonly fase: SakFase;
  /** The body the sak is currently assigned to (by triage, or the body an investigation was ordered from). */
  readonly ansvarligOrganId?: string;
  /** The sak's number in each body that gave one, e.g. `{ asu: '16/2017' }`. */
  readonly saksnumre: Readonly<Record<string, string>>;
  readonly bestillinger: readonly Bestilling[];
  readonly oppdrag: readonly Oppdrag[];
  readonly innstillinger: readonly Innstilling[];
  readonly sakslistepunkter: readonly Sakslistepunkt[];
  readonly oppfoelginger: readonly Oppfoelging[];
  readonly korrigeringer: readonly Korrigering[];
  /** The phase the sak had when it was closed or withdrawn. */
  readonly fasefoerLukking?: SakFase;
  /** Exemptions from public access in force (absent until the first is marked). */
  readonly skjerminger?: readonly Skjerming[];
  /** Every event of the stream in order (index = event number), for corrections. */
  readonly hendelser: readonly { readonly type: string; readonly data: Readonly<Record<string, unknown>> }[];
}

/** The decider's state: `null` before `RegistrerSak`. */
export type SakState = Sak | null;
