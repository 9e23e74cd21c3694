/**
 * A refusal of the HTTP edge itself (body parsing, URL, headers), before the request reaches a
 * controller: carries the problem's status, code, title and detail as they are sent.
 */
export class EdgeProblemError extends Error {
  /** The fields the refusal is about, when it is about some (sent as `errors`, whatever the status). */
  readonly errors?: readonly { readonly field: string; readonly reason: string }[];

  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(detail);
    this.name = 'EdgeProblemError';
  }
}
