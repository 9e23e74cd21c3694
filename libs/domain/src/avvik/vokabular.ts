/**
 * The vocabulary of the avvik workflow's declaration (avvik/arbeidsflyt.ts), the same shape as the
 * meeting workflow's (moete/vokabular.ts): a step's Norwegian name, its address, its fields
 * (shared/felter.ts), the statuses it may be taken in and where it leads, who may take it
 * (shared/aktoerregel.ts, with the avvik's relations), and its guards with a plain reason.
 */
import type { AktoerRegelFor, OrganKravFor } from '../shared/aktoerregel.js';
import type { DecisionContext } from '../shared/decider.js';
import type { Tidspunkt } from '../shared/dato.js';
import type { Felter } from '../shared/felter.js';
import type { Organ } from '../organisasjon/organ-modell.js';
import type { Avvik, AvvikHendelseFor, AvvikHendelser, AvvikKommandoer, Avviksstatus, AvvikStegType } from './typer.js';

/** How the acting body may be related to the avvik: the reporter, the receiving party (or its assigned unit), the fagråd. */
export type AvvikRelasjon = 'melder' | 'mottaker' | 'fagraad';
export type AvvikOrganKrav = OrganKravFor<AvvikRelasjon>;
export type AvvikAktoerRegel = AktoerRegelFor<AvvikRelasjon>;

/** What a guard sees. */
export interface AvvikVaktInput<K extends AvvikStegType> {
  readonly avvik: K extends 'MeldAvvik' ? null : Avvik;
  readonly data: AvvikKommandoer[K];
  readonly context: DecisionContext;
  readonly gjelderFra: Tidspunkt;
  readonly organ: (organId: string) => Organ | undefined;
}

/** A rule on the command in its context. not_found and conflict guards run before the actor check. */
export interface AvvikVakt<K extends AvvikStegType> {
  readonly kode: string;
  readonly grunn: string;
  readonly art: 'refused' | 'not_found' | 'conflict' | 'invalid';
  readonly brudd: (input: AvvikVaktInput<K>) => string | false;
}

/** The declaration of one step of an avvik. */
export interface AvvikStegDefinisjon<K extends AvvikStegType> {
  readonly steg: K;
  readonly hendelse: AvvikHendelseFor<K>;
  readonly tittel: string;
  readonly beskrivelse: string;
  /** The address relative to `/avvik` (`:avvikId/svar`; empty for the step that reports the avvik). */
  readonly rute: string;
  /** Statuses the step may be taken in. Empty: the step creates the avvik. */
  readonly fra: readonly Avviksstatus[];
  readonly til: Avviksstatus | 'uendret';
  readonly aktoer: AvvikAktoerRegel;
  /** A rule on the avvik alone (checked for the allowed steps too), e.g. a forbedringssak to report from. */
  readonly forutsetning?: { readonly kode: string; readonly grunn: string; readonly holder: (avvik: Avvik) => boolean };
  readonly vakter: readonly AvvikVakt<K>[];
  readonly felter: Felter<Omit<AvvikKommandoer[K], 'gjelderFra'>>;
  /** The event's own data (avvikId, gjelderFra and utfoertAv are added by the decider). */
  readonly lag: (input: AvvikVaktInput<K>) => AvvikHendelser[AvvikHendelseFor<K>];
}

export type AvvikArbeidsflyt = { readonly [K in AvvikStegType]: AvvikStegDefinisjon<K> };
