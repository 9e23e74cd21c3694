/**
 * The vocabulary of a workflow declaration: who may take a step (roles, and the acting body's type,
 * level or relation to the sak), the rules on the state and on the command, where a step leads, and
 * the declaration of one step. The steps themselves are in arbeidsflyt.ts.
 */
import type { AktoerRegelFor, OrganKravFor } from '../shared/aktoerregel.js';
import type { DecisionContext } from '../shared/decider.js';
import type { Tidspunkt } from '../shared/dato.js';
import type { Felter } from '../shared/felter.js';
import type { Organ } from '../organisasjon/organ.js';
import type { HendelseFor, Sak, SakFase, SakHendelser, SakKommandoer, SakStegType } from './typer.js';

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

/** One alternative for the acting body: every given field must hold (the shared rule, shared/aktoerregel.ts, with the sak's relations). */
export type OrganKrav = OrganKravFor<Relasjon>;

/**
 * Who may take a step: the roles, the alternatives for the acting body, and whether the person must be
 * a member of the acting body in that role on the date the step takes effect (`gjelderFra`; for
 * FattVedtak the meeting date), enforced by `sakDecider` for verified actors (`context.kontrollerMedlemskap`).
 */
export type AktoerRegel = AktoerRegelFor<Relasjon>;

/** Where a step leads. The first transition whose `naar` holds (or has none) is taken. */
export interface Overgang {
  readonly til: SakFase | 'uendret';
  /** Plain description of the condition, shown in the diagram and the README. */
  readonly vilkaar?: string;
  /**
   * Evaluated after the event, on the little a transition may depend on ({@link Fasegrunnlag}) and the
   * event's data — so a read model can follow the phase without the whole sak (sak/utfall.ts).
   */
  readonly naar?: (grunnlag: Fasegrunnlag, data: Readonly<Record<string, unknown>>) => boolean;
}

/** What a transition may look at besides the event's data: counts after the event has been applied. */
export interface Fasegrunnlag {
  /** Follow-ups sent and not yet reported complete. */
  readonly aapneOppfoelginger: number;
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
  /** The field the refusal names (problem+json `errors[].field`), when the rule is about one field. */
  readonly felt?: string;
  readonly brudd: (input: VaktInput<K>) => string | false;
}

/** The declaration of one step. */
export interface StegDefinisjon<K extends SakStegType> {
  readonly steg: K;
  readonly hendelse: HendelseFor<K>;
  /** The step's name as people say it, e.g. «Bestill utredning». */
  readonly tittel: string;
  /** The fact the step records, as a person reads it in a report («Utredning bestilt»). */
  readonly hendelsesnavn: string;
  readonly beskrivelse: string;
  /**
   * The step's address relative to the saker (`:sakId/oppdrag/:oppdragId/aksept`; empty for the step
   * that creates the sak). Parameters other than `sakId` are the command's `sti` fields.
   */
  readonly rute: string;
  /** Phases the step may be taken in. Empty: the step creates the sak. */
  readonly fra: readonly SakFase[];
  readonly overganger: readonly Overgang[];
  readonly aktoer: AktoerRegel;
  readonly forutsetninger: readonly Tilstandsvakt[];
  readonly vakter: readonly Vakt<K>[];
  /**
   * The command's fields: kinds, limits, where each comes from. The validation, the request schema,
   * the bodies the command names and its planned dates (within the planning horizon) come from here.
   */
  readonly felter: Felter<Omit<SakKommandoer[K], 'gjelderFra'>>;
  /** A rule across fields, after each field is valid (e.g. a correction must change something). */
  readonly sjekk?: (data: SakKommandoer[K]) => void;
  /** The effective time when the command gives none; default `context.now`. */
  readonly standardGjelderFra?: (sak: VaktInput<K>['sak'], data: SakKommandoer[K]) => Tidspunkt | undefined;
  /** The outside parties (korrespondansepart) the command names; the command path loads them into `context.parter`. */
  readonly parter?: (data: SakKommandoer[K]) => readonly string[];
  /** The documents the command names (`dokumentId`); the command path loads them into `context.dokumenter`. */
  readonly dokumenter?: (data: SakKommandoer[K]) => readonly string[];
  /** The event's own data (the common fields are added by the decider). */
  readonly lag: (input: VaktInput<K>) => SakHendelser[HendelseFor<K>];
}

export type Arbeidsflyt = { readonly [K in SakStegType]: StegDefinisjon<K> };
