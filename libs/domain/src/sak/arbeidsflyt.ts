/**
 * THE sak workflow, declared once as data: phases, steps, who may take each step (roles and the
 * acting body's type, level or relation to the sak), guards with a plain reason, and where each step
 * leads. `sakDecider` enforces it, `tillatteSteg` reads it, `workflowDiagram` draws it and
 * `arbeidsflytDokumentasjon` writes it out — all from this one declaration.
 */
import type { DecisionContext } from '../shared/decider.js';
import { aarAv, erIsoDato, sammenlignDato, type Tidspunkt } from '../shared/dato.js';
import { InvalidCommandError } from '../shared/errors.js';
import {
  kreverDato,
  kreverEttAv,
  kreverHeltall,
  kreverTekst,
  type RawData,
  valgfriDato,
  valgfriTekst,
} from '../shared/validering.js';
import { erAktivPaaDato, nivaaRang, type Nivaa, type Organ, type Organtype, type Rolle } from '../organisasjon/organ.js';
import {
  AAPNE_OPPDRAGSSTATUSER,
  HENDELSE_FOR_STEG,
  type HendelseFor,
  type Korrigerbar,
  type Moetesaksnummer,
  type Oppdrag,
  type Oppfoelging,
  type Sak,
  type SakFase,
  type SakHendelser,
  type SakKommandoer,
  type SakStegType,
  SAKSFASER,
  SAKSTYPER,
  type Sakslistepunkt,
  VEDTAKSUTFALL,
} from './typer.js';

// ---------- the vocabulary of the declaration ----------

/** How the acting body may be related to the sak. */
export type Relasjon =
  | 'innmelder'
  | 'ansvarlig'
  | 'bestillingsmottaker'
  | 'oppdragsmottaker'
  | 'oppdragsgiver'
  | 'sakslisteorgan'
  | 'vedtaksorgan'
  | 'oppfoelgingsmottaker'
  | 'involvert';

export const RELASJONSBESKRIVELSE: Readonly<Record<Relasjon, string>> = {
  innmelder: 'organet som meldte inn saken',
  ansvarlig: 'organet saken er tildelt',
  bestillingsmottaker: 'organet utredningen er bestilt fra',
  oppdragsmottaker: 'organet som har fått oppdraget',
  oppdragsgiver: 'organet som delegerte oppdraget',
  sakslisteorgan: 'et organ som har saken på sin saksliste',
  vedtaksorgan: 'et organ som fattet vedtaket',
  oppfoelgingsmottaker: 'organet som skal følge opp vedtaket',
  involvert: 'et organ som er involvert i saken',
};

export const ORGANTYPEBESKRIVELSE: Readonly<Record<Organtype, string>> = {
  psu: 'PSU',
  asu: 'ASU',
  arbeidsutvalg: 'arbeidsutvalget',
  fagraad: 'et fagråd',
  fagnettverk: 'et fagnettverk',
  arbeidsgruppe: 'en arbeidsgruppe',
  sekretariat: 'sekretariatet',
};

export const ROLLEBESKRIVELSE: Readonly<Record<Rolle, string>> = {
  leder: 'leder',
  nestleder: 'nestleder',
  medlem: 'medlem',
  vara: 'vara',
  observatoer: 'observatør',
  sekretaer: 'sekretær',
};

export const FASEBESKRIVELSE: Readonly<Record<SakFase, string>> = {
  registrert: 'Registrert',
  tildelt: 'Tildelt nivå',
  bestilt: 'Utredning bestilt',
  under_utredning: 'Under utredning',
  innstilling_avgitt: 'Innstilling avgitt',
  paa_saksliste: 'På saksliste',
  utsatt: 'Utsatt',
  vedtak_fattet: 'Vedtak fattet',
  avvist: 'Avvist',
  til_oppfoelging: 'Til oppfølging',
  oppfoelging_fullfoert: 'Oppfølging fullført',
  avsluttet: 'Avsluttet',
  trukket: 'Trukket',
};

/** One alternative for the acting body: every given field must hold. */
export interface OrganKrav {
  readonly organtype?: Organtype;
  readonly nivaa?: Nivaa;
  readonly relasjon?: Relasjon;
}

/** Who may take a step. */
export interface AktoerRegel {
  /** The roles (in the acting body) that may take the step. */
  readonly roller: readonly Rolle[];
  /** Alternatives for the acting body; the actor passes if any one holds. Empty: any body. */
  readonly organ: readonly OrganKrav[];
  /**
   * The person must be a member of the acting body in that role on the date the step takes effect
   * (`gjelderFra`; for FattVedtak the meeting date). Enforced by `sakDecider` for verified actors
   * (`context.kontrollerMedlemskap`), from the organ streams (see `medlemskapsBrudd`).
   */
  readonly kreverMedlemskapPaaDato: boolean;
}

/** Where a step leads. The first transition whose `naar` holds (or has none) is taken. */
export interface Overgang {
  readonly til: SakFase | 'uendret';
  /** Plain description of the condition, shown in the diagram and the README. */
  readonly vilkaar?: string;
  /** Evaluated on the state after the event's data has been applied. */
  readonly naar?: (sak: Sak, data: Readonly<Record<string, unknown>>) => boolean;
}

/** A rule on the state alone (used both by `decide` and by `tillatteSteg`). */
export interface Tilstandsvakt {
  readonly kode: string;
  readonly grunn: string;
  /** A plain explanation if the rule is broken, else false. */
  readonly brudd: (sak: Sak) => string | false;
}

/** What a guard sees. */
export interface VaktInput<K extends SakStegType> {
  readonly sak: K extends 'RegistrerSak' ? null : Sak;
  readonly data: SakKommandoer[K];
  readonly context: DecisionContext;
  readonly gjelderFra: Tidspunkt;
  /** Looks a body up in `context.organer`. */
  readonly organ: (organId: string) => Organ | undefined;
}

/** A rule on the command in its context. `art` decides the error class. */
export interface Vakt<K extends SakStegType> {
  readonly kode: string;
  readonly grunn: string;
  /** not_found and conflict guards run before the actor check; refused and invalid after. */
  readonly art: 'refused' | 'not_found' | 'conflict' | 'invalid';
  readonly brudd: (input: VaktInput<K>) => string | false;
}

/** The declaration of one step. */
export interface StegDefinisjon<K extends SakStegType> {
  readonly steg: K;
  readonly hendelse: HendelseFor<K>;
  readonly beskrivelse: string;
  /** Phases the step may be taken in. Empty: the step creates the sak. */
  readonly fra: readonly SakFase[];
  readonly overganger: readonly Overgang[];
  readonly aktoer: AktoerRegel;
  readonly forutsetninger: readonly Tilstandsvakt[];
  readonly vakter: readonly Vakt<K>[];
  /** Checks and normalises the command's data. */
  readonly valider: (raw: RawData) => SakKommandoer[K];
  /**
   * The command's planned dates (a frist, a meeting date): each must lie within the planning horizon
   * and not before the earliest date (see `planlagtDatoBrudd`). Effective times are checked for every step.
   */
  readonly planlagteDatoer?: readonly { readonly felt: keyof SakKommandoer[K] & string; readonly hva: string }[];
  /** Bodies the command itself names (loaded into `context.organer`). */
  readonly organIder: (data: SakKommandoer[K]) => string[];
  /** The effective time when the command gives none; default `context.now`. */
  readonly standardGjelderFra?: (sak: VaktInput<K>['sak'], data: SakKommandoer[K]) => Tidspunkt | undefined;
  /** The event's own data (the common fields are added by the decider). */
  readonly lag: (input: VaktInput<K>) => SakHendelser[HendelseFor<K>];
}

export type Arbeidsflyt = { readonly [K in SakStegType]: StegDefinisjon<K> };

// ---------- state helpers (pure) ----------

export function erAapentOppdrag(o: Oppdrag): boolean {
  return AAPNE_OPPDRAGSSTATUSER.includes(o.status);
}

/**
 * The one body responsible for an open oppdrag now: the receiver while it works (delegert,
 * akseptert, returnert), the delegating body while a delivery awaits its assessment (levert).
 * Undefined for a closed oppdrag.
 */
export function ansvarligForOppdrag(o: Oppdrag): string | undefined {
  switch (o.status) {
    case 'delegert':
    case 'akseptert':
    case 'returnert':
      return o.tilOrganId;
    case 'levert':
      return o.fraOrganId;
    case 'godtatt':
    case 'trukket':
      return undefined;
  }
}

export function aapneOppdrag(sak: Sak): Oppdrag[] {
  return sak.oppdrag.filter(erAapentOppdrag);
}

/** The agenda item awaiting a decision, if any. */
export function gjeldendeSakslistepunkt(sak: Sak): Sakslistepunkt | undefined {
  return sak.sakslistepunkter.find((p) => p.vedtak === undefined && !p.trukket);
}

/** The agenda item of the latest decision, if any. */
export function sisteVedtakspunkt(sak: Sak): Sakslistepunkt | undefined {
  return [...sak.sakslistepunkter].reverse().find((p) => p.vedtak !== undefined);
}

export function aapneOppfoelginger(sak: Sak): Oppfoelging[] {
  return sak.oppfoelginger.filter((o) => o.fullfoert === undefined);
}

function str(data: Readonly<Record<string, unknown>> | undefined, key: string): string | undefined {
  const v = data?.[key];
  return typeof v === 'string' ? v : undefined;
}

/**
 * The bodies that stand in a relation to the sak. With the command's data the relation is
 * precise (e.g. the receiver of *this* oppdrag); without it, it covers every open case of it.
 */
export function organerIRelasjon(rel: Relasjon, sak: Sak | null, data?: Readonly<Record<string, unknown>>): string[] {
  const ids = (xs: (string | undefined)[]): string[] => [...new Set(xs.filter((x): x is string => typeof x === 'string'))];
  switch (rel) {
    case 'innmelder':
      return ids([str(data, 'innmeldtAv') ?? sak?.innmeldtAv]);
    case 'ansvarlig':
      return ids([sak?.ansvarligOrganId]);
    case 'bestillingsmottaker':
      return ids([sak?.bestillinger.at(-1)?.tilOrganId]);
    case 'oppdragsmottaker':
    case 'oppdragsgiver': {
      if (!sak) return [];
      const id = str(data, 'oppdragId');
      const oppdrag = id !== undefined ? sak.oppdrag.filter((o) => o.oppdragId === id) : aapneOppdrag(sak);
      return ids(oppdrag.map((o) => (rel === 'oppdragsmottaker' ? o.tilOrganId : o.fraOrganId)));
    }
    case 'sakslisteorgan': {
      const organer = data?.['organer'];
      if (Array.isArray(organer)) return ids(organer.map((o: unknown) => str(o as Record<string, unknown>, 'organId')));
      if (!sak) return [];
      const punktId = str(data, 'sakslistepunktId');
      const punkt = punktId !== undefined ? sak.sakslistepunkter.find((p) => p.sakslistepunktId === punktId) : gjeldendeSakslistepunkt(sak);
      return ids(punkt?.organer.map((o) => o.organId) ?? []);
    }
    case 'vedtaksorgan':
      return ids([...(sak ? (sisteVedtakspunkt(sak)?.vedtak?.organIder ?? []) : [])]);
    case 'oppfoelgingsmottaker': {
      if (!sak) return [];
      const id = str(data, 'oppfoelgingId');
      const xs = id !== undefined ? sak.oppfoelginger.filter((o) => o.oppfoelgingId === id) : aapneOppfoelginger(sak);
      return ids(xs.map((o) => o.tilOrganId));
    }
    case 'involvert':
      if (!sak) return [];
      return ids([
        sak.innmeldtAv,
        sak.ansvarligOrganId,
        ...sak.bestillinger.flatMap((b) => [b.bestiltAv, b.tilOrganId]),
        ...sak.oppdrag.flatMap((o) => [o.fraOrganId, o.tilOrganId]),
        ...sak.innstillinger.map((i) => i.organId),
        ...sak.sakslistepunkter.flatMap((p) => p.organer.map((o) => o.organId)),
        ...sak.oppfoelginger.flatMap((o) => [...o.fraOrganIder, o.tilOrganId]),
      ]);
  }
}

/** Plain description of an alternative for the acting body, e.g. "et organ på politisk nivå". */
export function beskrivOrganKrav(k: OrganKrav): string {
  const deler: string[] = [];
  if (k.relasjon) deler.push(RELASJONSBESKRIVELSE[k.relasjon]);
  if (k.organtype) deler.push(ORGANTYPEBESKRIVELSE[k.organtype]);
  if (k.nivaa) deler.push(deler.length === 0 ? `et organ på ${k.nivaa} nivå` : `(på ${k.nivaa} nivå)`);
  return deler.join(' ');
}

// ---------- guard builders ----------

const FERDIG_BEHANDLEDE = ['vedtatt', 'tatt_til_orientering'] as const;

function navn<K extends SakStegType>(input: VaktInput<K>, organId: string): string {
  const o = input.organ(organId);
  return o ? `«${o.navn}»` : organId;
}

function organFinnes<K extends SakStegType>(hent: (data: SakKommandoer[K]) => string[]): Vakt<K> {
  return {
    kode: 'organ_ikke_funnet',
    grunn: 'Organet kommandoen viser til må finnes.',
    art: 'not_found',
    brudd: (i) => {
      const ukjent = hent(i.data).filter((id) => !i.organ(id));
      return ukjent.length > 0 ? `Organet ${ukjent.join(', ')} finnes ikke.` : false;
    },
  };
}

function organAktivt<K extends SakStegType>(hent: (data: SakKommandoer[K]) => string[], dato?: (i: VaktInput<K>) => Tidspunkt): Vakt<K> {
  return {
    kode: 'organ_ikke_aktivt',
    grunn: 'Organet må være opprettet og ikke nedlagt på datoen steget gjelder fra.',
    art: 'refused',
    brudd: (i) => {
      const d = dato ? dato(i) : i.gjelderFra;
      const inaktive = hent(i.data).filter((id) => {
        const o = i.organ(id);
        return o !== undefined && !erAktivPaaDato(o, d);
      });
      return inaktive.length > 0 ? `${inaktive.map((id) => navn(i, id)).join(', ')} var ikke et aktivt organ ${d.slice(0, 10)} (ikke opprettet ennå eller lagt ned).` : false;
    },
  };
}

function fristEtterGjelderFra<K extends SakStegType>(felt: string, hent: (data: SakKommandoer[K]) => string | undefined): Vakt<K> {
  return {
    kode: 'frist_ikke_etter_gjelder_fra',
    grunn: 'Fristen må være etter datoen steget gjelder fra.',
    art: 'refused',
    brudd: (i) => {
      const frist = hent(i.data);
      return frist !== undefined && sammenlignDato(frist, i.gjelderFra) <= 0
        ? `${felt} (${frist}) må være etter datoen steget gjelder fra (${i.gjelderFra.slice(0, 10)}).`
        : false;
    },
  };
}

function finnOppdrag(sak: Sak, oppdragId: string): Oppdrag | undefined {
  return sak.oppdrag.find((o) => o.oppdragId === oppdragId);
}

function oppdragFinnes<K extends SakStegType>(): Vakt<K> {
  return {
    kode: 'oppdrag_ikke_funnet',
    grunn: 'Oppdraget må finnes i saken.',
    art: 'not_found',
    brudd: (i) => {
      const id = (i.data as { oppdragId: string }).oppdragId;
      return finnOppdrag(i.sak as Sak, id) ? false : `Saken har ikke noe oppdrag ${id}.`;
    },
  };
}

/** The receiver must have asked for a later frist (granting or refusing it). */
function utsettelseBedt<K extends 'InnvilgUtsattFrist' | 'AvslaaUtsattFrist'>(): Vakt<K> {
  return {
    kode: 'ingen_utsettelse_bedt',
    grunn: 'Mottakeren må ha bedt om utsatt frist.',
    art: 'refused',
    brudd: (i) => (finnOppdrag(i.sak, i.data.oppdragId)?.utsettelse ? false : `Ingen har bedt om utsatt frist for oppdraget ${i.data.oppdragId}.`),
  };
}

function oppdragStatus<K extends SakStegType>(kode: string, grunn: string, lovlige: readonly Oppdrag['status'][]): Vakt<K> {
  return {
    kode,
    grunn,
    art: 'refused',
    brudd: (i) => {
      const o = finnOppdrag(i.sak as Sak, (i.data as { oppdragId: string }).oppdragId);
      return o && !lovlige.includes(o.status) ? `${grunn} Oppdraget ${o.oppdragId} har status «${o.status}».` : false;
    },
  };
}

function noenOppdrag(kode: string, grunn: string, hvilke: (o: Oppdrag) => boolean): Tilstandsvakt {
  return { kode, grunn, brudd: (sak) => (sak.oppdrag.some(hvilke) ? false : grunn) };
}

function finnOppfoelging(sak: Sak, id: string): Oppfoelging | undefined {
  return sak.oppfoelginger.find((o) => o.oppfoelgingId === id);
}

function oppfoelgingFinnesOgErAapen<K extends 'RapporterOppfoelging' | 'MeldOppfoelgingFullfoert'>(): Vakt<K>[] {
  return [
    {
      kode: 'oppfoelging_ikke_funnet',
      grunn: 'Oppfølgingen må finnes i saken.',
      art: 'not_found',
      brudd: (i) => (finnOppfoelging(i.sak as Sak, i.data.oppfoelgingId) ? false : `Saken har ingen oppfølging ${i.data.oppfoelgingId}.`),
    },
    {
      kode: 'oppfoelging_allerede_fullfoert',
      grunn: 'Oppfølgingen må være åpen.',
      art: 'refused',
      brudd: (i) => {
        const o = finnOppfoelging(i.sak as Sak, i.data.oppfoelgingId);
        return o?.fullfoert !== undefined ? `Oppfølgingen ${o.oppfoelgingId} ble meldt fullført ${o.fullfoert}.` : false;
      },
    },
  ];
}

const LEDELSE: readonly Rolle[] = ['leder', 'nestleder', 'sekretaer'];
const AAPNE_FASER: readonly SakFase[] = SAKSFASER.filter((f) => f !== 'avsluttet' && f !== 'trukket');

function aktoer(roller: readonly Rolle[], organ: readonly OrganKrav[]): AktoerRegel {
  return { roller, organ, kreverMedlemskapPaaDato: true };
}

function ingenOrgan(): string[] {
  return [];
}

/** Fields of an event that may never be corrected (identity and workflow-deciding fields). */
export const IKKE_KORRIGERBARE_FELT: readonly string[] = [
  'sakId',
  'utfoertAv',
  'sakstype',
  'vedtaksutfall',
  'innmeldtAv',
  'bestiltAv',
  'nivaa',
  'tidligereFase',
  'organer',
  'organIder',
  'fraOrganIder',
];

function erKorrigerbar(v: unknown): v is Korrigerbar {
  return v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

/** The value a field of an event has now: the latest correction, else the recorded value. */
export function gjeldendeVerdi(sak: Sak, hendelsesnummer: number, felt: string): unknown {
  const k = [...sak.korrigeringer].reverse().find((x) => x.hendelsesnummer === hendelsesnummer && x.felt === felt);
  return k ? k.nyVerdi : sak.hendelser[hendelsesnummer]?.data[felt];
}

function moetesaksnumre(raw: RawData): Moetesaksnummer[] {
  const organer = raw['organer'];
  if (!Array.isArray(organer) || organer.length === 0) {
    throw new InvalidCommandError('felt_mangler', 'organer må være en liste med minst ett organ og dets møtesaksnummer.', { field: 'organer' });
  }
  const svar = organer.map((o: unknown) => {
    const r = (o ?? {}) as RawData;
    return {
      organId: kreverTekst(r, 'organId', 200),
      moetesaksaar: kreverHeltall(r, 'moetesaksaar', 1900, 9999),
      moetesakssekvensnummer: kreverHeltall(r, 'moetesakssekvensnummer', 1, 1_000_000),
    };
  });
  if (new Set(svar.map((o) => o.organId)).size !== svar.length) {
    throw new InvalidCommandError('organ_gjentatt', 'Hvert organ kan stå bare én gang på et sakslistepunkt.', { field: 'organer' });
  }
  return svar;
}

// ---------- THE DECLARATION ----------

/** The sak workflow. Keys are in the order of a typical journey. */
export const SAK_ARBEIDSFLYT: Arbeidsflyt = {
  RegistrerSak: {
    steg: 'RegistrerSak',
    hendelse: HENDELSE_FOR_STEG.RegistrerSak,
    beskrivelse: 'Registrer en ny sak (sekretariatet, et organ, en kommune eller HF melder den inn).',
    fra: [],
    overganger: [{ til: 'registrert' }],
    aktoer: aktoer(LEDELSE, [{ relasjon: 'innmelder' }, { organtype: 'sekretariat' }]),
    forutsetninger: [],
    vakter: [organFinnes((d) => [d.innmeldtAv]), organAktivt((d) => [d.innmeldtAv])],
    valider: (r) => ({
      sakId: kreverTekst(r, 'sakId', 200),
      tittel: kreverTekst(r, 'tittel', 300, 'Tittelen'),
      beskrivelse: valgfriTekst(r, 'beskrivelse', 20000, 'Beskrivelsen'),
      innmeldtAv: kreverTekst(r, 'innmeldtAv', 200),
      sakstype: kreverEttAv(r, 'sakstype', SAKSTYPER),
      saksnummer: valgfriTekst(r, 'saksnummer', 50, 'Saksnummeret'),
    }),
    organIder: (d) => [d.innmeldtAv],
    lag: ({ data }) => ({ tittel: data.tittel, beskrivelse: data.beskrivelse ?? '', innmeldtAv: data.innmeldtAv, sakstype: data.sakstype, saksnummer: data.saksnummer }),
  },

  TildelNivaa: {
    steg: 'TildelNivaa',
    hendelse: HENDELSE_FOR_STEG.TildelNivaa,
    beskrivelse: 'Arbeidsutvalget fordeler saken «slik at den blir tildelt riktig nivå» (et organ).',
    fra: ['registrert', 'tildelt'],
    overganger: [{ til: 'tildelt' }],
    aktoer: aktoer(['leder', 'nestleder', 'medlem', 'sekretaer'], [{ organtype: 'arbeidsutvalg' }, { organtype: 'sekretariat' }]),
    forutsetninger: [],
    vakter: [
      organFinnes((d) => [d.organId]),
      organAktivt((d) => [d.organId]),
      {
        kode: 'allerede_tildelt',
        grunn: 'Saken er allerede tildelt dette organet.',
        art: 'refused',
        brudd: (i) => (i.sak.ansvarligOrganId === i.data.organId ? `Saken er allerede tildelt ${navn(i, i.data.organId)}.` : false),
      },
    ],
    valider: (r) => ({ organId: kreverTekst(r, 'organId', 200), begrunnelse: valgfriTekst(r, 'begrunnelse', 20000) }),
    organIder: (d) => [d.organId],
    lag: ({ data, organ }) => ({ organId: data.organId, nivaa: organ(data.organId)?.nivaa ?? 'ukjent', begrunnelse: data.begrunnelse }),
  },

  BestillUtredning: {
    steg: 'BestillUtredning',
    hendelse: HENDELSE_FOR_STEG.BestillUtredning,
    beskrivelse: 'PSU (politisk nivå) bestiller en utredning fra ASU (administrativt nivå), med mandat og frist.',
    fra: ['registrert', 'tildelt'],
    overganger: [{ til: 'bestilt' }],
    aktoer: aktoer(LEDELSE, [{ nivaa: 'politisk' }]),
    forutsetninger: [],
    vakter: [
      organFinnes((d) => [d.tilOrganId]),
      organAktivt((d) => [d.tilOrganId]),
      {
        kode: 'mottaker_ikke_administrativt',
        grunn: 'En utredning bestilles fra et organ på administrativt nivå (ASU).',
        art: 'refused',
        brudd: (i) => {
          const o = i.organ(i.data.tilOrganId);
          return o && o.nivaa !== 'administrativt'
            ? `En utredning bestilles fra et organ på administrativt nivå (ASU); ${navn(i, o.organId)} er på ${o.nivaa} nivå.`
            : false;
        },
      },
      fristEtterGjelderFra('Fristen', (d) => d.frist),
    ],
    valider: (r) => ({ tilOrganId: kreverTekst(r, 'tilOrganId', 200), mandat: kreverTekst(r, 'mandat', 20000, 'Mandatet'), frist: kreverDato(r, 'frist', 'Fristen') }),
    planlagteDatoer: [{ felt: 'frist', hva: 'Fristen' }],
    organIder: (d) => [d.tilOrganId],
    lag: ({ data, context }) => ({ bestiltAv: context.aktoer.organId, tilOrganId: data.tilOrganId, mandat: data.mandat, frist: data.frist }),
  },

  MottaBestilling: {
    steg: 'MottaBestilling',
    hendelse: HENDELSE_FOR_STEG.MottaBestilling,
    beskrivelse: 'ASU tar imot bestillingen og kan gi saken sitt eget saksnummer (f.eks. «16/2017»).',
    fra: ['bestilt'],
    overganger: [{ til: 'under_utredning' }],
    aktoer: aktoer(LEDELSE, [{ relasjon: 'bestillingsmottaker' }]),
    forutsetninger: [],
    vakter: [],
    valider: (r) => ({ saksnummer: valgfriTekst(r, 'saksnummer', 50, 'Saksnummeret') }),
    organIder: ingenOrgan,
    lag: ({ sak, data }) => ({ organId: sak.bestillinger.at(-1)!.tilOrganId, saksnummer: data.saksnummer }),
  },

  DelegerOppdrag: {
    steg: 'DelegerOppdrag',
    hendelse: HENDELSE_FOR_STEG.DelegerOppdrag,
    beskrivelse: 'ASU delegerer et oppdrag (mandat, frist) til et fagråd, fagnettverk eller en arbeidsgruppe; flere kan gå parallelt.',
    fra: ['tildelt', 'under_utredning'],
    overganger: [{ til: 'under_utredning' }],
    aktoer: aktoer(LEDELSE, [{ relasjon: 'ansvarlig', nivaa: 'administrativt' }]),
    forutsetninger: [],
    vakter: [
      {
        kode: 'oppdrag_finnes_allerede',
        grunn: 'Hvert oppdrag har sin egen id.',
        art: 'conflict',
        brudd: (i) => (finnOppdrag(i.sak, i.data.oppdragId) ? `Saken har allerede et oppdrag ${i.data.oppdragId}.` : false),
      },
      organFinnes((d) => [d.tilOrganId]),
      organAktivt((d) => [d.tilOrganId]),
      {
        kode: 'delegering_ikke_nedover',
        grunn: 'Et oppdrag kan bare delegeres nedover: mottakeren må være på et lavere nivå enn organet som delegerer.',
        art: 'refused',
        brudd: (i) => {
          const fra = i.organ(i.context.aktoer.organId);
          const til = i.organ(i.data.tilOrganId);
          if (!fra || !til) return false;
          return nivaaRang(til.nivaa) < nivaaRang(fra.nivaa)
            ? false
            : `Et oppdrag kan bare delegeres nedover: ${navn(i, til.organId)} er på ${til.nivaa} nivå, ikke under ${navn(i, fra.organId)} (${fra.nivaa}).`;
        },
      },
      fristEtterGjelderFra('Fristen', (d) => d.frist),
    ],
    valider: (r) => ({
      oppdragId: kreverTekst(r, 'oppdragId', 200),
      tilOrganId: kreverTekst(r, 'tilOrganId', 200),
      mandat: kreverTekst(r, 'mandat', 20000, 'Mandatet'),
      frist: kreverDato(r, 'frist', 'Fristen'),
    }),
    planlagteDatoer: [{ felt: 'frist', hva: 'Fristen' }],
    organIder: (d) => [d.tilOrganId],
    lag: ({ data, context }) => ({ oppdragId: data.oppdragId, fraOrganId: context.aktoer.organId, tilOrganId: data.tilOrganId, mandat: data.mandat, frist: data.frist }),
  },

  AksepterOppdrag: {
    steg: 'AksepterOppdrag',
    hendelse: HENDELSE_FOR_STEG.AksepterOppdrag,
    beskrivelse: 'Organet som har fått oppdraget, aksepterer det.',
    fra: ['under_utredning'],
    overganger: [{ til: 'uendret' }],
    aktoer: aktoer(LEDELSE, [{ relasjon: 'oppdragsmottaker' }]),
    forutsetninger: [noenOppdrag('ingen_oppdrag_aa_akseptere', 'Det finnes ikke noe delegert oppdrag som venter på aksept.', (o) => o.status === 'delegert')],
    vakter: [oppdragFinnes(), oppdragStatus('oppdrag_ikke_delegert', 'Bare et nylig delegert oppdrag kan aksepteres.', ['delegert'])],
    valider: (r) => ({ oppdragId: kreverTekst(r, 'oppdragId', 200) }),
    organIder: ingenOrgan,
    lag: ({ data, sak }) => ({ oppdragId: data.oppdragId, organId: finnOppdrag(sak, data.oppdragId)!.tilOrganId }),
  },

  BeOmUtsattFrist: {
    steg: 'BeOmUtsattFrist',
    hendelse: HENDELSE_FOR_STEG.BeOmUtsattFrist,
    beskrivelse: 'Mottakeren av et oppdrag ber om en senere frist.',
    fra: ['under_utredning'],
    overganger: [{ til: 'uendret' }],
    aktoer: aktoer(LEDELSE, [{ relasjon: 'oppdragsmottaker' }]),
    forutsetninger: [
      noenOppdrag('ingen_oppdrag_under_arbeid', 'Det finnes ikke noe oppdrag under arbeid som kan få utsatt frist.', (o) => ['delegert', 'akseptert', 'returnert'].includes(o.status) && !o.utsettelse),
    ],
    vakter: [
      oppdragFinnes(),
      oppdragStatus('oppdrag_ikke_under_arbeid', 'Bare et oppdrag under arbeid kan få utsatt frist.', ['delegert', 'akseptert', 'returnert']),
      {
        kode: 'utsettelse_allerede_bedt',
        grunn: 'Det kan bare være én ubesvart anmodning om utsatt frist om gangen.',
        art: 'refused',
        brudd: (i) => {
          const o = finnOppdrag(i.sak, i.data.oppdragId);
          return o?.utsettelse ? `Det er allerede bedt om utsatt frist til ${o.utsettelse.nyFrist}; den må innvilges eller avslås først.` : false;
        },
      },
      {
        kode: 'ny_frist_ikke_senere',
        grunn: 'Den nye fristen må være senere enn den gjeldende.',
        art: 'refused',
        brudd: (i) => {
          const o = finnOppdrag(i.sak, i.data.oppdragId);
          return o && i.data.nyFrist <= o.frist ? `Den nye fristen (${i.data.nyFrist}) må være senere enn den gjeldende (${o.frist}).` : false;
        },
      },
    ],
    valider: (r) => ({ oppdragId: kreverTekst(r, 'oppdragId', 200), nyFrist: kreverDato(r, 'nyFrist', 'Den nye fristen'), begrunnelse: kreverTekst(r, 'begrunnelse', 20000, 'Begrunnelsen') }),
    planlagteDatoer: [{ felt: 'nyFrist', hva: 'Den nye fristen' }],
    organIder: ingenOrgan,
    lag: ({ data, sak }) => ({ oppdragId: data.oppdragId, organId: finnOppdrag(sak, data.oppdragId)!.tilOrganId, nyFrist: data.nyFrist, begrunnelse: data.begrunnelse }),
  },

  InnvilgUtsattFrist: {
    steg: 'InnvilgUtsattFrist',
    hendelse: HENDELSE_FOR_STEG.InnvilgUtsattFrist,
    beskrivelse: 'Organet som delegerte oppdraget, innvilger den utsatte fristen.',
    fra: ['under_utredning'],
    overganger: [{ til: 'uendret' }],
    aktoer: aktoer(LEDELSE, [{ relasjon: 'oppdragsgiver' }]),
    forutsetninger: [noenOppdrag('ingen_utsettelse_bedt', 'Ingen har bedt om utsatt frist.', (o) => o.utsettelse !== undefined)],
    vakter: [
      oppdragFinnes(),
      utsettelseBedt(),
    ],
    valider: (r) => ({ oppdragId: kreverTekst(r, 'oppdragId', 200) }),
    organIder: ingenOrgan,
    lag: ({ data, sak }) => {
      const o = finnOppdrag(sak, data.oppdragId)!;
      return { oppdragId: data.oppdragId, nyFrist: o.utsettelse!.nyFrist, tidligereFrist: o.frist };
    },
  },

  AvslaaUtsattFrist: {
    steg: 'AvslaaUtsattFrist',
    hendelse: HENDELSE_FOR_STEG.AvslaaUtsattFrist,
    beskrivelse: 'Organet som delegerte oppdraget, avslår den utsatte fristen; den gamle fristen gjelder.',
    fra: ['under_utredning'],
    overganger: [{ til: 'uendret' }],
    aktoer: aktoer(LEDELSE, [{ relasjon: 'oppdragsgiver' }]),
    forutsetninger: [noenOppdrag('ingen_utsettelse_bedt', 'Ingen har bedt om utsatt frist.', (o) => o.utsettelse !== undefined)],
    vakter: [
      oppdragFinnes(),
      utsettelseBedt(),
    ],
    valider: (r) => ({ oppdragId: kreverTekst(r, 'oppdragId', 200), begrunnelse: kreverTekst(r, 'begrunnelse', 20000, 'Begrunnelsen') }),
    organIder: ingenOrgan,
    lag: ({ data }) => ({ oppdragId: data.oppdragId, begrunnelse: data.begrunnelse }),
  },

  LeverOppdrag: {
    steg: 'LeverOppdrag',
    hendelse: HENDELSE_FOR_STEG.LeverOppdrag,
    beskrivelse: 'Mottakeren leverer oppdraget tilbake til organet som delegerte det.',
    fra: ['under_utredning'],
    overganger: [{ til: 'uendret' }],
    aktoer: aktoer(LEDELSE, [{ relasjon: 'oppdragsmottaker' }]),
    forutsetninger: [noenOppdrag('ingen_oppdrag_aa_levere', 'Det finnes ikke noe akseptert oppdrag som kan leveres.', (o) => o.status === 'akseptert' || o.status === 'returnert')],
    vakter: [
      oppdragFinnes(),
      oppdragStatus('oppdrag_ikke_akseptert', 'Oppdraget må aksepteres før det kan leveres.', ['akseptert', 'returnert', 'levert', 'godtatt', 'trukket']),
      oppdragStatus('oppdrag_ikke_under_arbeid', 'Bare et oppdrag under arbeid kan leveres.', ['akseptert', 'returnert']),
    ],
    valider: (r) => ({ oppdragId: kreverTekst(r, 'oppdragId', 200), leveranse: kreverTekst(r, 'leveranse', 20000, 'Leveransen') }),
    organIder: ingenOrgan,
    lag: ({ data, sak }) => ({ oppdragId: data.oppdragId, organId: finnOppdrag(sak, data.oppdragId)!.tilOrganId, leveranse: data.leveranse }),
  },

  GodtaLeveranse: {
    steg: 'GodtaLeveranse',
    hendelse: HENDELSE_FOR_STEG.GodtaLeveranse,
    beskrivelse: 'ASU godtar leveransen; oppdraget er ferdig.',
    fra: ['under_utredning'],
    overganger: [{ til: 'uendret' }],
    aktoer: aktoer(LEDELSE, [{ relasjon: 'oppdragsgiver' }]),
    forutsetninger: [noenOppdrag('ingen_leveranse', 'Ingen leveranse venter på vurdering.', (o) => o.status === 'levert')],
    vakter: [oppdragFinnes(), oppdragStatus('oppdrag_ikke_levert', 'Oppdraget må være levert.', ['levert'])],
    valider: (r) => ({ oppdragId: kreverTekst(r, 'oppdragId', 200), merknad: valgfriTekst(r, 'merknad', 20000) }),
    organIder: ingenOrgan,
    lag: ({ data }) => ({ oppdragId: data.oppdragId, merknad: data.merknad }),
  },

  ReturnerLeveranse: {
    steg: 'ReturnerLeveranse',
    hendelse: HENDELSE_FOR_STEG.ReturnerLeveranse,
    beskrivelse: 'ASU sender leveransen tilbake for mer arbeid (eventuelt med ny frist).',
    fra: ['under_utredning'],
    overganger: [{ til: 'uendret' }],
    aktoer: aktoer(LEDELSE, [{ relasjon: 'oppdragsgiver' }]),
    forutsetninger: [noenOppdrag('ingen_leveranse', 'Ingen leveranse venter på vurdering.', (o) => o.status === 'levert')],
    vakter: [oppdragFinnes(), oppdragStatus('oppdrag_ikke_levert', 'Oppdraget må være levert.', ['levert']), fristEtterGjelderFra('Den nye fristen', (d) => d.nyFrist)],
    valider: (r) => ({ oppdragId: kreverTekst(r, 'oppdragId', 200), begrunnelse: kreverTekst(r, 'begrunnelse', 20000, 'Begrunnelsen'), nyFrist: valgfriDato(r, 'nyFrist', 'Den nye fristen') }),
    planlagteDatoer: [{ felt: 'nyFrist', hva: 'Den nye fristen' }],
    organIder: ingenOrgan,
    lag: ({ data }) => ({ oppdragId: data.oppdragId, begrunnelse: data.begrunnelse, nyFrist: data.nyFrist }),
  },

  AvgiInnstilling: {
    steg: 'AvgiInnstilling',
    hendelse: HENDELSE_FOR_STEG.AvgiInnstilling,
    beskrivelse: 'Organet saken er tildelt (ASU), gir sin innstilling: forslag til vedtak.',
    fra: ['tildelt', 'under_utredning'],
    overganger: [{ til: 'innstilling_avgitt' }],
    aktoer: aktoer(LEDELSE, [
      { relasjon: 'ansvarlig', nivaa: 'administrativt' },
      { relasjon: 'ansvarlig', nivaa: 'faglig' },
    ]),
    forutsetninger: [
      {
        kode: 'aapne_oppdrag',
        grunn: 'Alle oppdrag må være levert og godtatt før innstillingen avgis.',
        brudd: (sak) => {
          const aapne = aapneOppdrag(sak);
          return aapne.length > 0
            ? `Alle oppdrag må være levert og godtatt før innstillingen avgis; åpne: ${aapne.map((o) => `${o.oppdragId} (${o.tilOrganId}, ${o.status})`).join(', ')}.`
            : false;
        },
      },
    ],
    vakter: [],
    valider: (r) => ({ forslagTilVedtak: kreverTekst(r, 'forslagTilVedtak', 20000, 'Forslaget til vedtak') }),
    organIder: ingenOrgan,
    lag: ({ data, context }) => ({ organId: context.aktoer.organId, forslagTilVedtak: data.forslagTilVedtak }),
  },

  SettPaaSaksliste: {
    steg: 'SettPaaSaksliste',
    hendelse: HENDELSE_FOR_STEG.SettPaaSaksliste,
    beskrivelse:
      'Sett saken på sakslisten til et møte, med møtesaksnummeret organet har tildelt for året (f.eks. 3/19); et felles møte (PSU og ASU) er ett punkt med flere organer.',
    fra: ['registrert', 'tildelt', 'innstilling_avgitt', 'utsatt'],
    overganger: [{ til: 'paa_saksliste' }],
    aktoer: aktoer(LEDELSE, [{ relasjon: 'sakslisteorgan' }, { organtype: 'sekretariat' }]),
    forutsetninger: [],
    vakter: [
      {
        kode: 'sakslistepunkt_finnes_allerede',
        grunn: 'Hvert sakslistepunkt har sin egen id.',
        art: 'conflict',
        brudd: (i) =>
          i.sak.sakslistepunkter.some((p) => p.sakslistepunktId === i.data.sakslistepunktId) ? `Saken har allerede sakslistepunktet ${i.data.sakslistepunktId}.` : false,
      },
      organFinnes((d) => d.organer.map((o) => o.organId)),
      organAktivt(
        (d) => d.organer.map((o) => o.organId),
        (i) => i.data.moetedato,
      ),
      {
        kode: 'moetesaksaar_stemmer_ikke',
        grunn: 'Møtesaksåret må være året for møtedatoen.',
        art: 'refused',
        brudd: (i) => {
          const feil = i.data.organer.filter((o) => o.moetesaksaar !== aarAv(i.data.moetedato));
          return feil.length > 0 ? `Møtesaksåret (${feil[0]!.moetesaksaar}) må være året for møtedatoen (${i.data.moetedato}).` : false;
        },
      },
      {
        kode: 'innstilling_mangler',
        grunn: 'En beslutningssak må ha en innstilling (forslag til vedtak) før den settes på sakslisten; orienterings- og drøftingssaker trenger det ikke.',
        art: 'refused',
        brudd: (i) =>
          i.sak.sakstype === 'beslutningssak' && i.sak.innstillinger.length === 0
            ? 'En beslutningssak må ha en innstilling (forslag til vedtak) før den settes på sakslisten. Avgi innstilling først, eller registrer saken som orienterings- eller drøftingssak.'
            : false,
      },
    ],
    valider: (r) => ({
      sakslistepunktId: kreverTekst(r, 'sakslistepunktId', 200),
      moetedato: kreverDato(r, 'moetedato', 'Møtedatoen'),
      moetested: valgfriTekst(r, 'moetested', 300, 'Møtestedet'),
      organer: moetesaksnumre(r),
    }),
    planlagteDatoer: [{ felt: 'moetedato', hva: 'Møtedatoen' }],
    organIder: (d) => d.organer.map((o) => o.organId),
    lag: ({ data }) => ({ sakslistepunktId: data.sakslistepunktId, moetedato: data.moetedato, moetested: data.moetested, organer: data.organer }),
  },

  FattVedtak: {
    steg: 'FattVedtak',
    hendelse: HENDELSE_FOR_STEG.FattVedtak,
    beskrivelse:
      'Før vedtaket fra møtet (sekretæren fører det fra protokollen): vedtatt, tatt til orientering, utsatt, sendt tilbake eller avvist. Gjelder fra møtedatoen.',
    fra: ['paa_saksliste'],
    overganger: [
      { til: 'vedtak_fattet', vilkaar: 'vedtatt / tatt til orientering', naar: (_s, d) => (FERDIG_BEHANDLEDE as readonly unknown[]).includes(d['vedtaksutfall']) },
      { til: 'utsatt', vilkaar: 'utsatt', naar: (_s, d) => d['vedtaksutfall'] === 'utsatt' },
      { til: 'under_utredning', vilkaar: 'sendt tilbake', naar: (_s, d) => d['vedtaksutfall'] === 'sendt_tilbake' },
      { til: 'avvist', vilkaar: 'avvist', naar: (_s, d) => d['vedtaksutfall'] === 'avvist' },
    ],
    aktoer: aktoer(LEDELSE, [{ relasjon: 'sakslisteorgan' }]),
    forutsetninger: [],
    vakter: [
      {
        kode: 'sakslistepunkt_ikke_funnet',
        grunn: 'Sakslistepunktet må finnes.',
        art: 'not_found',
        brudd: (i) =>
          i.sak.sakslistepunkter.some((p) => p.sakslistepunktId === i.data.sakslistepunktId) ? false : `Saken har ikke noe sakslistepunkt ${i.data.sakslistepunktId}.`,
      },
      {
        kode: 'vedtak_allerede_fattet',
        grunn: 'Det fattes ett vedtak per sakslistepunkt.',
        art: 'refused',
        brudd: (i) => {
          const p = i.sak.sakslistepunkter.find((x) => x.sakslistepunktId === i.data.sakslistepunktId);
          return p?.vedtak
            ? `Sakslistepunktet ${p.sakslistepunktId} (${p.moetedato}) har allerede et vedtak (${p.vedtak.vedtaksutfall}). Rett en feil med KorrigerOpplysning.`
            : p?.trukket
              ? `Sakslistepunktet ${p.sakslistepunktId} ble trukket.`
              : false;
        },
      },
      {
        kode: 'organ_ikke_paa_sakslistepunkt',
        grunn: 'Bare organene som har saken på sakslisten, kan fatte vedtaket.',
        art: 'refused',
        brudd: (i) => {
          const p = i.sak.sakslistepunkter.find((x) => x.sakslistepunktId === i.data.sakslistepunktId);
          const ids = p?.organer.map((o) => o.organId) ?? [];
          const feil = (i.data.organIder ?? []).filter((id) => !ids.includes(id));
          return feil.length > 0 ? `${feil.join(', ')} har ikke saken på sakslistepunktet ${i.data.sakslistepunktId}.` : false;
        },
      },
      {
        kode: 'vedtak_foer_moetet',
        grunn: 'Et vedtak kan ikke gjelde fra før møtedatoen.',
        art: 'refused',
        brudd: (i) => {
          const p = i.sak.sakslistepunkter.find((x) => x.sakslistepunktId === i.data.sakslistepunktId);
          return p && sammenlignDato(i.gjelderFra, p.moetedato) < 0 ? `Vedtaket kan ikke gjelde fra ${i.gjelderFra.slice(0, 10)}, før møtet ${p.moetedato}.` : false;
        },
      },
    ],
    valider: (r) => {
      const organIder = r['organIder'];
      if (organIder !== undefined && (!Array.isArray(organIder) || organIder.length === 0 || organIder.some((x) => typeof x !== 'string' || x.length === 0))) {
        throw new InvalidCommandError('ugyldig_verdi', 'organIder må være en ikke-tom liste med organ-id-er.', { field: 'organIder' });
      }
      return {
        sakslistepunktId: kreverTekst(r, 'sakslistepunktId', 200),
        vedtaksutfall: kreverEttAv(r, 'vedtaksutfall', VEDTAKSUTFALL),
        vedtakstekst: kreverTekst(r, 'vedtakstekst', 20000, 'Vedtaksteksten'),
        organIder: organIder as string[] | undefined,
      };
    },
    organIder: (d) => d.organIder ?? [],
    standardGjelderFra: (sak, data) => sak.sakslistepunkter.find((p) => p.sakslistepunktId === data.sakslistepunktId)?.moetedato,
    lag: ({ data, sak }) => {
      const p = sak.sakslistepunkter.find((x) => x.sakslistepunktId === data.sakslistepunktId)!;
      return {
        sakslistepunktId: data.sakslistepunktId,
        organIder: data.organIder ?? p.organer.map((o) => o.organId),
        vedtaksutfall: data.vedtaksutfall,
        vedtakstekst: data.vedtakstekst,
        moetedato: p.moetedato,
      };
    },
  },

  SendTilOppfoelging: {
    steg: 'SendTilOppfoelging',
    hendelse: HENDELSE_FOR_STEG.SendTilOppfoelging,
    beskrivelse: 'Send vedtaket videre til et organ for oppfølging, med frist.',
    fra: ['vedtak_fattet', 'til_oppfoelging', 'oppfoelging_fullfoert'],
    overganger: [{ til: 'til_oppfoelging' }],
    aktoer: aktoer(LEDELSE, [{ relasjon: 'vedtaksorgan' }]),
    forutsetninger: [],
    vakter: [
      {
        kode: 'oppfoelging_finnes_allerede',
        grunn: 'Hver oppfølging har sin egen id.',
        art: 'conflict',
        brudd: (i) => (finnOppfoelging(i.sak, i.data.oppfoelgingId) ? `Saken har allerede en oppfølging ${i.data.oppfoelgingId}.` : false),
      },
      organFinnes((d) => [d.tilOrganId]),
      organAktivt((d) => [d.tilOrganId]),
      fristEtterGjelderFra('Fristen', (d) => d.frist),
    ],
    valider: (r) => ({
      oppfoelgingId: kreverTekst(r, 'oppfoelgingId', 200),
      tilOrganId: kreverTekst(r, 'tilOrganId', 200),
      beskrivelse: kreverTekst(r, 'beskrivelse', 20000, 'Beskrivelsen'),
      frist: kreverDato(r, 'frist', 'Fristen'),
    }),
    planlagteDatoer: [{ felt: 'frist', hva: 'Fristen' }],
    organIder: (d) => [d.tilOrganId],
    lag: ({ data, sak }) => ({
      oppfoelgingId: data.oppfoelgingId,
      fraOrganIder: [...(sisteVedtakspunkt(sak)?.vedtak?.organIder ?? [])],
      tilOrganId: data.tilOrganId,
      beskrivelse: data.beskrivelse,
      frist: data.frist,
    }),
  },

  RapporterOppfoelging: {
    steg: 'RapporterOppfoelging',
    hendelse: HENDELSE_FOR_STEG.RapporterOppfoelging,
    beskrivelse: 'Organet som følger opp, rapporterer status.',
    fra: ['til_oppfoelging'],
    overganger: [{ til: 'uendret' }],
    aktoer: aktoer(['leder', 'nestleder', 'medlem', 'sekretaer'], [{ relasjon: 'oppfoelgingsmottaker' }]),
    forutsetninger: [],
    vakter: oppfoelgingFinnesOgErAapen<'RapporterOppfoelging'>(),
    valider: (r) => ({ oppfoelgingId: kreverTekst(r, 'oppfoelgingId', 200), rapport: kreverTekst(r, 'rapport', 20000, 'Rapporten') }),
    organIder: ingenOrgan,
    lag: ({ data }) => ({ oppfoelgingId: data.oppfoelgingId, rapport: data.rapport }),
  },

  MeldOppfoelgingFullfoert: {
    steg: 'MeldOppfoelgingFullfoert',
    hendelse: HENDELSE_FOR_STEG.MeldOppfoelgingFullfoert,
    beskrivelse: 'Organet som følger opp, melder oppfølgingen fullført.',
    fra: ['til_oppfoelging'],
    overganger: [
      { til: 'uendret', vilkaar: 'andre oppfølginger er fortsatt åpne', naar: (sak) => aapneOppfoelginger(sak).length > 0 },
      { til: 'oppfoelging_fullfoert', vilkaar: 'den siste åpne oppfølgingen' },
    ],
    aktoer: aktoer(LEDELSE, [{ relasjon: 'oppfoelgingsmottaker' }]),
    forutsetninger: [],
    vakter: oppfoelgingFinnesOgErAapen<'MeldOppfoelgingFullfoert'>(),
    valider: (r) => ({ oppfoelgingId: kreverTekst(r, 'oppfoelgingId', 200), merknad: valgfriTekst(r, 'merknad', 20000) }),
    organIder: ingenOrgan,
    lag: ({ data }) => ({ oppfoelgingId: data.oppfoelgingId, merknad: data.merknad }),
  },

  AvsluttSak: {
    steg: 'AvsluttSak',
    hendelse: HENDELSE_FOR_STEG.AvsluttSak,
    beskrivelse: 'Avslutt saken (med avskrivningsmåte, f.eks. «Tatt til orientering»).',
    fra: ['vedtak_fattet', 'oppfoelging_fullfoert', 'avvist'],
    overganger: [{ til: 'avsluttet' }],
    aktoer: aktoer(LEDELSE, [{ relasjon: 'involvert' }, { organtype: 'sekretariat' }]),
    forutsetninger: [],
    vakter: [],
    valider: (r) => ({ avskrivningsmaate: valgfriTekst(r, 'avskrivningsmaate', 300), begrunnelse: valgfriTekst(r, 'begrunnelse', 20000) }),
    organIder: ingenOrgan,
    lag: ({ data }) => ({ avskrivningsmaate: data.avskrivningsmaate, begrunnelse: data.begrunnelse }),
  },

  TrekkSak: {
    steg: 'TrekkSak',
    hendelse: HENDELSE_FOR_STEG.TrekkSak,
    beskrivelse: 'Trekk saken før den er avgjort; åpne oppdrag og sakslistepunkter trekkes med den.',
    fra: ['registrert', 'tildelt', 'bestilt', 'under_utredning', 'innstilling_avgitt', 'paa_saksliste', 'utsatt'],
    overganger: [{ til: 'trukket' }],
    aktoer: aktoer(LEDELSE, [{ relasjon: 'innmelder' }, { organtype: 'arbeidsutvalg' }, { organtype: 'sekretariat' }]),
    forutsetninger: [],
    vakter: [],
    valider: (r) => ({ begrunnelse: kreverTekst(r, 'begrunnelse', 20000, 'Begrunnelsen') }),
    organIder: ingenOrgan,
    lag: ({ data }) => ({ begrunnelse: data.begrunnelse }),
  },

  GjenaapneSak: {
    steg: 'GjenaapneSak',
    hendelse: HENDELSE_FOR_STEG.GjenaapneSak,
    beskrivelse: 'Gjenåpne en avsluttet eller trukket sak, med begrunnelse; den fordeles på nytt.',
    fra: ['avsluttet', 'trukket'],
    overganger: [{ til: 'registrert' }],
    aktoer: aktoer(LEDELSE, [{ relasjon: 'involvert' }, { organtype: 'arbeidsutvalg' }, { organtype: 'sekretariat' }]),
    forutsetninger: [],
    vakter: [],
    valider: (r) => ({ begrunnelse: kreverTekst(r, 'begrunnelse', 20000, 'Begrunnelsen') }),
    organIder: ingenOrgan,
    lag: ({ data, sak }) => ({ begrunnelse: data.begrunnelse, tidligereFase: sak.fase }),
  },

  KorrigerOpplysning: {
    steg: 'KorrigerOpplysning',
    hendelse: HENDELSE_FOR_STEG.KorrigerOpplysning,
    beskrivelse: 'Rett en opplysning i en tidligere hendelse. Rettelsen legges til som en ny hendelse; historikken skrives aldri om.',
    fra: AAPNE_FASER,
    overganger: [{ til: 'uendret' }],
    aktoer: aktoer(LEDELSE, [{ relasjon: 'involvert' }, { organtype: 'sekretariat' }]),
    forutsetninger: [],
    vakter: [
      {
        kode: 'hendelse_ikke_funnet',
        grunn: 'Hendelsen som rettes, må finnes i saken med den oppgitte typen.',
        art: 'not_found',
        brudd: (i) => {
          const h = i.sak.hendelser[i.data.hendelsesnummer];
          return h && h.type === i.data.hendelsestype
            ? false
            : `Saken har ingen hendelse nr. ${i.data.hendelsesnummer} av typen ${i.data.hendelsestype}${h ? ` (nr. ${i.data.hendelsesnummer} er ${h.type})` : ''}.`;
        },
      },
      {
        kode: 'felt_ikke_korrigerbart',
        grunn: `Id-er, organer, sakstype, vedtaksutfall og hvem som utførte steget kan ikke rettes (${IKKE_KORRIGERBARE_FELT.join(', ')}); et annet utfall krever et nytt steg.`,
        art: 'refused',
        brudd: (i) => {
          const h = i.sak.hendelser[i.data.hendelsesnummer]!;
          const felt = i.data.felt;
          if (IKKE_KORRIGERBARE_FELT.includes(felt) || felt.endsWith('Id')) return `Feltet ${felt} kan ikke rettes.`;
          if (!(felt in h.data)) return `Hendelsen ${h.type} har ikke noe felt ${felt}.`;
          return erKorrigerbar(h.data[felt]) ? false : `Feltet ${felt} er ikke en enkeltverdi og kan ikke rettes.`;
        },
      },
      {
        kode: 'ugyldig_dato',
        grunn: 'En dato (en frist, en møtedato) kan bare rettes til en gyldig dato på formen ÅÅÅÅ-MM-DD.',
        art: 'invalid',
        brudd: (i) => {
          const naa = gjeldendeVerdi(i.sak, i.data.hendelsesnummer, i.data.felt);
          return erIsoDato(naa) && !erIsoDato(i.data.nyVerdi)
            ? `${i.data.felt} er en dato; ${JSON.stringify(i.data.nyVerdi)} er ikke en dato på formen ÅÅÅÅ-MM-DD.`
            : false;
        },
      },
      {
        kode: 'gammel_verdi_stemmer_ikke',
        grunn: 'Den gamle verdien må være den som gjelder nå (etter tidligere rettelser).',
        art: 'refused',
        brudd: (i) => {
          const naa = gjeldendeVerdi(i.sak, i.data.hendelsesnummer, i.data.felt);
          return JSON.stringify(naa) === JSON.stringify(i.data.gammelVerdi)
            ? false
            : `Gammel verdi ${JSON.stringify(i.data.gammelVerdi)} stemmer ikke; ${i.data.felt} er nå ${JSON.stringify(naa)}.`;
        },
      },
    ],
    valider: (r) => {
      const gammelVerdi = r['gammelVerdi'];
      const nyVerdi = r['nyVerdi'];
      if (!erKorrigerbar(gammelVerdi)) throw new InvalidCommandError('ugyldig_verdi', 'gammelVerdi må være tekst, tall, sann/usann eller null.', { field: 'gammelVerdi' });
      if (!erKorrigerbar(nyVerdi)) throw new InvalidCommandError('ugyldig_verdi', 'nyVerdi må være tekst, tall, sann/usann eller null.', { field: 'nyVerdi' });
      if (JSON.stringify(gammelVerdi) === JSON.stringify(nyVerdi)) {
        throw new InvalidCommandError('ingen_endring', 'Ny verdi er lik den gamle; det er ingenting å rette.', { field: 'nyVerdi' });
      }
      return {
        hendelsesnummer: kreverHeltall(r, 'hendelsesnummer', 0, Number.MAX_SAFE_INTEGER),
        hendelsestype: kreverTekst(r, 'hendelsestype', 100),
        felt: kreverTekst(r, 'felt', 100),
        gammelVerdi,
        nyVerdi,
        begrunnelse: kreverTekst(r, 'begrunnelse', 20000, 'Begrunnelsen'),
      };
    },
    organIder: ingenOrgan,
    lag: ({ data }) => ({ ...data }),
  },
};

/** The steps in declaration order. */
export const SAK_STEG: readonly SakStegType[] = Object.keys(SAK_ARBEIDSFLYT) as SakStegType[];

/** The declaration of one step (typed by the step's name). */
export function stegDefinisjon<K extends SakStegType>(steg: K): StegDefinisjon<K> {
  return SAK_ARBEIDSFLYT[steg] as StegDefinisjon<K>;
}
