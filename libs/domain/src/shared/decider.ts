import type { Tilknytning } from '../dokument/tilknytning.js';
import type { Korrespondansepart } from '../korrespondansepart/part-modell.js';
import type { Organ } from '../organisasjon/organ-modell.js';
import type { Datogrenser } from './dato.js';

/**
 * The pure core of every aggregate: `decide(command, state, context) → events` and
 * `evolve(state, event) → state`. No framework, no I/O; the clock and the actor come in the context.
 */

/** Who takes a step: a person acting for a body in a role. */
export interface Aktoer {
  /** Stable id of the person (e.g. a user id or an e-mail). */
  readonly personId: string;
  /** The body (organ) the person acts for, e.g. `psu-hnt`. */
  readonly organId: string;
  /** The role the person holds in that body, e.g. `sekretaer`. */
  readonly rolle: string;
}

/** Everything a decision may depend on besides the command and the state. */
export interface DecisionContext {
  /** The injected clock: the time the command is handled (the time the fact is recorded). */
  readonly now: Date;
  readonly aktoer: Aktoer;
  /**
   * The bodies a command refers to, as currently recorded (folded from their `organ-<id>` streams by
   * the command path before it calls `decide`). Returns undefined (or null) for an unknown body.
   * The state type is the organisation aggregate's ({@link Organ}, see `organisasjon/`).
   */
  readonly organer: (organId: string) => Organ | null | undefined;
  /**
   * True when the actor comes from a verified identity (a bearer token): the decider then checks that
   * the person held the role in the acting body on the date the step takes effect (steps declared with
   * `kreverMedlemskapPaaDato`), and who may change the organisation data. Absent or false: the actor
   * is taken as given (the development headers, trusted loaders, pure tests).
   */
  readonly kontrollerMedlemskap?: boolean;
  /**
   * The outside parties (korrespondansepart) a command refers to, folded from their
   * `korrespondansepart-<id>` streams by the command path (the decider's `referencedPartIds`).
   * Absent or undefined for an unknown party.
   */
  readonly parter?: (partId: string) => Korrespondansepart | null | undefined;
  /**
   * The documents a command names by `dokumentId`, folded from their `dokument-<id>` streams by the
   * command path (the decider's `referencedDokumentIds`). Absent or undefined for an unknown document.
   */
  readonly dokumenter?: (dokumentId: string) => { readonly tilknytning: Tilknytning } | null | undefined;
  /**
   * How far ahead dates may lie (the configuration's `futureToleranceSeconds` and
   * `planningHorizonYears`, filled in by the command path). Absent: {@link STANDARD_DATOGRENSER}.
   */
  readonly grenser?: Partial<Datogrenser>;
}

/**
 * The acting body and role of the operator (a verified token with the system role `drift`, acting
 * for no body: setting up the organisation). Recorded as such on every fact.
 */
export const DRIFT_ORGAN = 'drift';
export const DRIFT_ROLLE = 'drift';

/** True when the actor is the operator ({@link DRIFT_ORGAN} in the role {@link DRIFT_ROLLE}). */
export function erDrift(aktoer: Aktoer): boolean {
  return aktoer.organId === DRIFT_ORGAN && aktoer.rolle === DRIFT_ROLLE;
}

/** A domain event: a fact in past tense. `data` must be plain JSON. */
export interface DomainEvent<Type extends string = string, Data extends object = object> {
  readonly type: Type;
  readonly data: Data;
}

export interface DomainCommand<Type extends string = string, Data extends object = object> {
  readonly type: Type;
  readonly data: Data;
}

export interface Decider<Command extends DomainCommand, State, Event extends DomainEvent> {
  /** Name of the stream category, dash-free, e.g. `sak`. */
  readonly category: string;
  readonly initialState: State;
  decide(command: Command, state: State, context: DecisionContext): Event[];
  /**
   * Ids of the bodies the command refers to; the command path loads them into `context.organer`.
   * Pass the actor too, so its own body (whose type and level the role rules check) is included.
   */
  referencedOrganIds?(command: Command, state: State, aktoer?: Aktoer): string[];
  /** Ids of the outside parties the command refers to; the command path loads them into `context.parter`. */
  referencedPartIds?(command: Command, state: State): string[];
  /** Ids of the documents the command names; the command path loads them into `context.dokumenter`. */
  referencedDokumentIds?(command: Command, state: State): string[];
  evolve(state: State, event: Event): State;
}

/** Folds events into state. */
export function fold<S, E extends DomainEvent>(decider: Pick<Decider<never, S, E>, 'evolve' | 'initialState'>, events: readonly E[]): S {
  return events.reduce((s, e) => decider.evolve(s, e), decider.initialState);
}

/** Exhaustiveness guard for `switch` statements: compile error if a case is missing. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`);
}
