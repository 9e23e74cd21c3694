/**
 * The organisation's data model: the kinds of bodies, levels and roles, and the state of one body
 * ({@link Organ}). Types and constants only, so the decider's context (shared/decider.ts) can name a
 * body's state without importing the organisation decider (organ.ts), which imports the context.
 */
import type { IsoDato, Tidspunkt } from '../shared/dato.js';

/** The kinds of bodies. */
export const ORGANTYPER = ['psu', 'asu', 'arbeidsutvalg', 'fagraad', 'fagnettverk', 'arbeidsgruppe', 'sekretariat', 'kommune', 'helseforetak'] as const;
export type Organtype = (typeof ORGANTYPER)[number];

/** The levels, highest first. */
export const NIVAAER = ['politisk', 'administrativt', 'faglig'] as const;
export type Nivaa = (typeof NIVAAER)[number];

/** The usual level of each type of body (used when `OpprettOrgan` gives none). */
export const STANDARD_NIVAA: Readonly<Record<Organtype, Nivaa>> = {
  psu: 'politisk',
  asu: 'administrativt',
  arbeidsutvalg: 'administrativt',
  fagraad: 'faglig',
  fagnettverk: 'faglig',
  arbeidsgruppe: 'faglig',
  sekretariat: 'administrativt',
  // The parties themselves (a municipality or the hospital trust, or a unit of one), e.g. the two sides of an avvik.
  kommune: 'administrativt',
  helseforetak: 'administrativt',
};

/** Roles a member can hold in a body. */
export const ROLLER = ['leder', 'nestleder', 'medlem', 'vara', 'observatoer', 'sekretaer'] as const;
export type Rolle = (typeof ROLLER)[number];

/** What each role may do in a meeting. An observatør has «møte- og talerett» but no vote. */
export const ROLLERETTIGHETER: Readonly<Record<Rolle, { readonly moeterett: boolean; readonly talerett: boolean; readonly stemmerett: boolean; readonly beskrivelse: string }>> = {
  leder: { moeterett: true, talerett: true, stemmerett: true, beskrivelse: 'leder' },
  nestleder: { moeterett: true, talerett: true, stemmerett: true, beskrivelse: 'nestleder' },
  medlem: { moeterett: true, talerett: true, stemmerett: true, beskrivelse: 'medlem' },
  vara: { moeterett: true, talerett: true, stemmerett: true, beskrivelse: 'varamedlem (stemmer når det møter for et medlem)' },
  observatoer: { moeterett: true, talerett: true, stemmerett: false, beskrivelse: 'observatør (møte- og talerett, ikke stemmerett)' },
  sekretaer: { moeterett: true, talerett: true, stemmerett: false, beskrivelse: 'sekretær (forbereder saker og fører protokoll)' },
};

/**
 * Who appointed a member: a decision of a body in the organisation (`organId`, e.g. PSU in sak 2/19),
 * a decision of a body outside it (`eksterntOrgan`, e.g. «KS fylkesmøte» or the hospital trust's
 * board), or the operator setting the organisation up (`drift`, only when the operator acts).
 * Required for the roles with decision rights ({@link ROLLERETTIGHETER} `stemmerett`).
 */
export type Oppnevning =
  | { readonly organId: string; readonly vedtak: string; readonly dato: IsoDato; readonly sakId?: string }
  | { readonly eksterntOrgan: string; readonly vedtak: string; readonly dato: IsoDato }
  | { readonly drift: true };

/** One period in which a person holds a role in a body. `til` is the last day (inclusive). */
export interface Medlemsperiode {
  readonly periodeId: string;
  readonly personId: string;
  readonly navn: string;
  readonly rolle: Rolle;
  /** Whom the member represents, e.g. "Levanger kommune", "Helse Nord-Trøndelag HF". */
  readonly representerer?: string;
  readonly fra: IsoDato;
  readonly til?: IsoDato;
  /** Who appointed the member (absent on periods recorded before saksgang required it). */
  readonly oppnevntAv?: Oppnevning;
  /** True once the period has been ended by `MedlemsperiodeAvsluttet`. */
  readonly avsluttet: boolean;
}

/** A value with the date it took effect (for names and mandates). */
export interface Historisk<T> {
  readonly verdi: T;
  readonly fra: Tidspunkt;
}

/** The state of one body. */
export interface Organ {
  readonly organId: string;
  readonly organtype: Organtype;
  readonly nivaa: Nivaa;
  /** The body that appointed this one (e.g. ASU appoints an arbeidsgruppe). */
  readonly oppnevntAv?: string;
  /** Current name. */
  readonly navn: string;
  /** Current mandate. */
  readonly mandat: string;
  /** The tjenesteavtale a fagråd is tied to, e.g. "tjenesteavtale 12". */
  readonly tjenesteavtale?: string;
  readonly opprettet: Tidspunkt;
  readonly nedlagt?: Tidspunkt;
  readonly navnehistorikk: readonly Historisk<string>[];
  readonly mandathistorikk: readonly Historisk<string>[];
  readonly medlemsperioder: readonly Medlemsperiode[];
}

/** The decider's state: `null` before the body is established. */
export type OrganState = Organ | null;
