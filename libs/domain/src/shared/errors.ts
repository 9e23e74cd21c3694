/**
 * Refusals are typed domain errors. Each one says in plain words why, and (where it applies) which
 * steps are allowed instead. The HTTP edge maps `kind` to a status: `not_found` → 404,
 * `conflict` → 409, `refused` → 422, `invalid` → 400.
 */
export type DomainErrorKind = 'invalid' | 'not_found' | 'conflict' | 'refused';

/** Extra facts a refusal carries. */
export interface DomainErrorOptions {
  /** Steps (command names) that are allowed now instead. */
  readonly allowedSteps?: readonly string[];
  /** Field the error is about, for input errors. */
  readonly field?: string;
  /** Every invalid field with its reason, when a command has several (the first is `field`). */
  readonly errors?: readonly { readonly field: string; readonly reason: string }[];
}

export abstract class DomainError extends Error {
  /** Stable machine-readable code, e.g. `sak_finnes_allerede`. */
  abstract readonly code: string;
  abstract readonly kind: DomainErrorKind;
  /** Steps that are allowed now instead (names of commands), when that is meaningful. */
  readonly allowedSteps: readonly string[];
  /** Field the error is about, for input errors. */
  readonly field?: string;
  /** Every invalid field with its reason (at least `field`'s, for input errors). */
  readonly errors?: readonly { readonly field: string; readonly reason: string }[];

  constructor(message: string, options: DomainErrorOptions = {}) {
    super(message);
    this.name = new.target.name;
    this.allowedSteps = options.allowedSteps ?? [];
    this.field = options.field;
    this.errors = options.errors ?? (options.field ? [{ field: options.field, reason: message }] : undefined);
  }
}

/** The workflow refuses this step in the case's current state (HTTP 422). */
export class StepRefusedError extends DomainError {
  readonly kind = 'refused' as const;
  constructor(
    readonly code: string,
    message: string,
    options: DomainErrorOptions = {},
  ) {
    super(message, options);
  }
}

/**
 * The actor may not take this step: wrong role (e.g. an observatør recording a decision) or a body
 * of the wrong type, level or relation to the case (HTTP 422, like every workflow refusal).
 */
export class ActorNotAllowedError extends DomainError {
  readonly kind = 'refused' as const;
  constructor(
    readonly code: string,
    message: string,
    options: DomainErrorOptions = {},
  ) {
    super(message, options);
  }
}

/** A command's content is invalid in a way only the domain can tell (HTTP 400/422). */
export class InvalidCommandError extends DomainError {
  readonly kind = 'invalid' as const;
  constructor(
    readonly code: string,
    message: string,
    options: DomainErrorOptions = {},
  ) {
    super(message, options);
  }
}

/** The thing the command is about does not exist (HTTP 404). */
export class NotFoundError extends DomainError {
  readonly kind = 'not_found' as const;
  constructor(
    readonly code: string,
    message: string,
    options: DomainErrorOptions = {},
  ) {
    super(message, options);
  }
}

/** The thing the command would create exists already (HTTP 409). */
export class ConflictError extends DomainError {
  readonly kind = 'conflict' as const;
  constructor(
    readonly code: string,
    message: string,
    options: DomainErrorOptions = {},
  ) {
    super(message, options);
  }
}
