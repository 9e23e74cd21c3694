/**
 * Outside parties (korrespondansepart, Noark 5): the municipalities, the hospital trust, the ministry,
 * Statsforvalteren, user organisations and others the helsefellesskap sends hearings and letters to
 * and receives cases and answers from. They are not our bodies: they take no steps, they are
 * recipients and origins. Types and constants only, so the decider's context can name a party's
 * state without importing the decider (korrespondansepart.ts), which imports the context.
 */
import type { Tidspunkt } from '../shared/dato.js';

/** The kinds of outside parties. */
export const PARTTYPER = [
  'kommune',
  'helseforetak',
  'departement',
  'direktorat',
  'statsforvalter',
  'fylkeskommune',
  'brukerorganisasjon',
  'interesseorganisasjon',
  'utdanningsinstitusjon',
  'annen',
] as const;
export type Parttype = (typeof PARTTYPER)[number];

/** How a person names each kind. */
export const PARTTYPEBESKRIVELSE: Readonly<Record<Parttype, string>> = {
  kommune: 'kommune',
  helseforetak: 'helseforetak',
  departement: 'departement',
  direktorat: 'direktorat',
  statsforvalter: 'statsforvalter',
  fylkeskommune: 'fylkeskommune',
  brukerorganisasjon: 'brukerorganisasjon',
  interesseorganisasjon: 'interesseorganisasjon (f.eks. KS)',
  utdanningsinstitusjon: 'utdanningsinstitusjon',
  annen: 'annen part',
};

/** One outside party as recorded (stream `korrespondansepart-<partId>`). */
export interface Korrespondansepart {
  readonly partId: string;
  readonly navn: string;
  readonly parttype: Parttype;
  /** Organisasjonsnummer (Enhetsregisteret), nine digits, when known. */
  readonly organisasjonsnummer?: string;
  /** When the party was registered as a party (the date it took effect). */
  readonly registrert: Tidspunkt;
  /** When it ended (a municipality merged into another, an organisation dissolved); absent while it exists. */
  readonly avsluttet?: Tidspunkt;
  /** The party it was merged into, when it ended that way. */
  readonly erstattetAv?: string;
  /** Every name with the date it took effect, oldest first. */
  readonly navnehistorikk: readonly { readonly verdi: string; readonly fra: Tidspunkt }[];
}

export type KorrespondansepartState = Korrespondansepart | null;
