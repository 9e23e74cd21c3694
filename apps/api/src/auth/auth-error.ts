/** A refusal at the door: 401 (who are you?), 403 (you may not), 429 (slow down). Rendered as problem+json. */
export class AuthError extends Error {
  constructor(
    readonly status: 401 | 403 | 429,
    readonly code: string,
    message: string,
    readonly options: { readonly allowedSteps?: readonly string[]; readonly retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.name = 'AuthError';
  }
  get title(): string {
    return this.status === 401 ? 'Ikke autentisert' : this.status === 403 ? 'Ikke tillatt' : 'For mange forespørsler';
  }
  get allowedSteps(): readonly string[] | undefined {
    return this.options.allowedSteps;
  }
  get retryAfterSeconds(): number | undefined {
    return this.options.retryAfterSeconds;
  }
}
