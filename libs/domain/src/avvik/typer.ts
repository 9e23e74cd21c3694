/**
 * Commands, events and state of an avvik (a samhandlingsavvik between a municipality and the hospital
 * trust, or between two municipalities; stream `avvik-<avvikId>`). Every event's data carries
 * `avvikId`, `gjelderFra` (when the fact took effect) and `utfoertAv` (the person, body and role).
 * The steps themselves are declared once in arbeidsflyt.ts.
 */
import type { Aktoer, DomainCommand, DomainEvent } from '../shared/decider.js';
import type { IsoDato, Tidspunkt } from '../shared/dato.js';

/** meldt → under behandling (⇄ venter på melder) → besvart → lukket; or løftet til fagrådet. */
export const AVVIKSSTATUSER = ['meldt', 'under_behandling', 'venter_paa_melder', 'besvart', 'loeftet', 'lukket'] as const;
export type Avviksstatus = (typeof AVVIKSSTATUSER)[number];

/**
 * What kind of deviation (the categories the fagråd counts by), each with its name in words — declared
 * once here; the form (the field's `verdinavn`), the lists, the statistics and the OpenAPI document read it.
 */
export const AVVIKSKATEGORINAVN = {
  utskrivning: 'Utskrivning',
  innleggelse: 'Innleggelse',
  informasjonsoverfoering: 'Informasjonsoverføring',
  legemidler: 'Legemidler',
  psykisk_helse_og_rus: 'Psykisk helse og rus',
  ansvarsavklaring: 'Ansvarsavklaring (hvem skal følge opp)',
  akuttberedskap: 'Akuttberedskap',
  annet: 'Annet',
} as const;
export const AVVIKSKATEGORIER = Object.keys(AVVIKSKATEGORINAVN) as readonly (keyof typeof AVVIKSKATEGORINAVN)[];
export type Avvikskategori = keyof typeof AVVIKSKATEGORINAVN;

/** A category in words (an unknown value as it is). */
export function kategorinavn(kategori: string): string {
  return (AVVIKSKATEGORINAVN as Readonly<Record<string, string>>)[kategori] ?? kategori;
}

/** The answer frist when the report gives none: three weeks. */
export const STANDARD_SVARFRIST_DAGER = 21;

/** The data of each command, by command name. `gjelderFra` defaults to `context.now`. */
export interface AvvikKommandoer {
  MeldAvvik: {
    avvikId: string;
    motpart: string;
    tjenesteavtale: string;
    hvaSkjedde: string;
    hendelsesdato: IsoDato;
    konsekvens: string;
    kategori: Avvikskategori;
    fagraad?: string;
    svarfristDager: number;
    gjelderFra?: Tidspunkt;
  };
  RegistrerAvvik: { tildeltEnhet?: string; saksbehandler?: string; svarfrist?: IsoDato; merknad?: string; gjelderFra?: Tidspunkt };
  BeOmMerInformasjon: { spoersmaal: string; gjelderFra?: Tidspunkt };
  GiMerInformasjon: { svar: string; gjelderFra?: Tidspunkt };
  SvarPaaAvvik: { funn: string; tiltak: string; gjelderFra?: Tidspunkt };
  LukkAvvik: { merknad?: string; gjelderFra?: Tidspunkt };
  LoeftTilFagraad: { begrunnelse: string; gjelderFra?: Tidspunkt };
  KnyttTilForbedringssak: { sakId: string; tittel: string; gjelderFra?: Tidspunkt };
  RapporterForbedring: { sakId: string; rapport: string; gjelderFra?: Tidspunkt };
}

export type AvvikStegType = keyof AvvikKommandoer;

export const AVVIKSHENDELSE_FOR_STEG = {
  MeldAvvik: 'AvvikMeldt',
  RegistrerAvvik: 'AvvikRegistrert',
  BeOmMerInformasjon: 'MerInformasjonEtterspurt',
  GiMerInformasjon: 'MerInformasjonGitt',
  SvarPaaAvvik: 'AvvikBesvart',
  LukkAvvik: 'AvvikLukket',
  LoeftTilFagraad: 'AvvikLoeftetTilFagraad',
  KnyttTilForbedringssak: 'ForbedringssakKnyttet',
  RapporterForbedring: 'ForbedringRapportert',
} as const satisfies Record<AvvikStegType, string>;
export type AvvikHendelseFor<K extends AvvikStegType> = (typeof AVVIKSHENDELSE_FOR_STEG)[K];

/** The data of each event (besides avvikId, gjelderFra, utfoertAv), by event name. */
export interface AvvikHendelser {
  AvvikMeldt: {
    melder: string;
    motpart: string;
    fagraad: string;
    tjenesteavtale: string;
    hvaSkjedde: string;
    hendelsesdato: IsoDato;
    konsekvens: string;
    kategori: Avvikskategori;
    svarfrist: IsoDato;
  };
  AvvikRegistrert: { tildeltEnhet: string; saksbehandler?: string; svarfrist: IsoDato; merknad?: string };
  MerInformasjonEtterspurt: { spoersmaal: string };
  MerInformasjonGitt: { svar: string };
  AvvikBesvart: { funn: string; tiltak: string };
  AvvikLukket: { merknad?: string };
  AvvikLoeftetTilFagraad: { fagraad: string; begrunnelse: string };
  ForbedringssakKnyttet: { sakId: string; tittel: string };
  ForbedringRapportert: { sakId: string; rapport: string };
}
export type AvvikHendelsestype = keyof AvvikHendelser;

interface Felles {
  readonly avvikId: string;
  readonly gjelderFra: Tidspunkt;
  readonly utfoertAv: Aktoer;
}

export type AvvikCommand = { [K in AvvikStegType]: DomainCommand<K, AvvikKommandoer[K]> }[AvvikStegType];
export type AvvikEvent = { [T in AvvikHendelsestype]: DomainEvent<T, AvvikHendelser[T] & Felles> }[AvvikHendelsestype];

/** One exchange on the avvik: a question, an answer, a finding, in order. */
export interface Avviksdialog {
  readonly hva: 'spoersmaal' | 'svar' | 'funn_og_tiltak' | 'merknad' | 'loeftet' | 'forbedring';
  readonly tekst: string;
  readonly organId: string;
  readonly gjelderFra: Tidspunkt;
}

export interface Forbedringssak {
  readonly sakId: string;
  readonly tittel: string;
  readonly knyttet: Tidspunkt;
  readonly rapport?: string;
  readonly rapportert?: Tidspunkt;
}

export interface Avvik {
  readonly avvikId: string;
  /** The reporting body (a unit of a municipality or of the hospital trust). */
  readonly melder: string;
  /** The other party: the body the avvik is reported to. */
  readonly motpart: string;
  /** The unit of the receiving party that handles it (the motpart until it is assigned). */
  readonly tildeltEnhet: string;
  readonly saksbehandler?: string;
  /** The fagråd that follows avvik up (statistics, escalation, forbedringssaker). */
  readonly fagraad: string;
  readonly tjenesteavtale: string;
  readonly hvaSkjedde: string;
  readonly hendelsesdato: IsoDato;
  readonly konsekvens: string;
  readonly kategori: Avvikskategori;
  readonly status: Avviksstatus;
  readonly meldt: Tidspunkt;
  readonly svarfrist: IsoDato;
  readonly besvart?: Tidspunkt;
  readonly funn?: string;
  readonly tiltak?: string;
  readonly lukket?: Tidspunkt;
  readonly loeftet?: { readonly begrunnelse: string; readonly gjelderFra: Tidspunkt };
  readonly dialog: readonly Avviksdialog[];
  readonly forbedringssaker: readonly Forbedringssak[];
}

export type AvvikState = Avvik | null;
