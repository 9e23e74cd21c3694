/**
 * The vocabulary of the meeting workflow's declaration (moete/arbeidsflyt.ts), the same shape as the
 * sak workflow's (sak/vokabular.ts): a step's Norwegian name, its address, its fields (shared/felter.ts),
 * the statuses it may be taken in and where it leads, who may take it (shared/aktoerregel.ts, with the
 * meeting's relation), and its guards with a plain reason.
 */
import type { AktoerRegelFor, OrganKravFor } from '../shared/aktoerregel.js';
import type { DecisionContext } from '../shared/decider.js';
import type { Tidspunkt } from '../shared/dato.js';
import type { Felter } from '../shared/felter.js';
import type { Organ } from '../organisasjon/organ-modell.js';
import type { Moete, MoeteHendelseFor, MoeteHendelser, MoeteKommandoer, Moetestatus, MoeteStegType } from './typer.js';

/** How the acting body may be related to the meeting: one of the bodies holding it. */
export type MoeteRelasjon = 'moeteorgan';
export type MoeteOrganKrav = OrganKravFor<MoeteRelasjon>;
export type MoeteAktoerRegel = AktoerRegelFor<MoeteRelasjon>;

/** What a guard sees. */
export interface MoeteVaktInput<K extends MoeteStegType> {
  readonly moete: K extends 'PlanleggMoete' ? null : Moete;
  readonly data: MoeteKommandoer[K];
  readonly context: DecisionContext;
  readonly gjelderFra: Tidspunkt;
  readonly organ: (organId: string) => Organ | undefined;
}

/** A rule on the command in its context. not_found and conflict guards run before the actor check. */
export interface MoeteVakt<K extends MoeteStegType> {
  readonly kode: string;
  readonly grunn: string;
  readonly art: 'refused' | 'not_found' | 'conflict' | 'invalid';
  readonly brudd: (input: MoeteVaktInput<K>) => string | false;
}

/** The declaration of one step of a meeting. */
export interface MoeteStegDefinisjon<K extends MoeteStegType> {
  readonly steg: K;
  readonly hendelse: MoeteHendelseFor<K>;
  readonly tittel: string;
  readonly beskrivelse: string;
  /** The address relative to the meetings (`:moeteId/innkalling`; empty for the step that plans the meeting). */
  readonly rute: string;
  /** Statuses the step may be taken in. Empty: the step creates the meeting. */
  readonly fra: readonly Moetestatus[];
  readonly til: Moetestatus | 'uendret';
  readonly aktoer: MoeteAktoerRegel;
  readonly vakter: readonly MoeteVakt<K>[];
  readonly felter: Felter<Omit<MoeteKommandoer[K], 'gjelderFra'>>;
  /** A rule across fields, after each field is valid. */
  readonly sjekk?: (data: MoeteKommandoer[K]) => void;
  /** The effective time when the command gives none; default `context.now`. */
  readonly standardGjelderFra?: (moete: MoeteVaktInput<K>['moete']) => Tidspunkt | undefined;
  /** The event's own data (moeteId, gjelderFra and utfoertAv are added by the decider). */
  readonly lag: (input: MoeteVaktInput<K>) => MoeteHendelser[MoeteHendelseFor<K>];
}

export type MoeteArbeidsflyt = { readonly [K in MoeteStegType]: MoeteStegDefinisjon<K> };
