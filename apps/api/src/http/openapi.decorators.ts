import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiHeader, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { ProblemDetails } from './problem.js';

export interface ProblemSpec {
  readonly status: number;
  readonly description: string;
}

/**
 * The errors of a command endpoint (a step on an aggregate). 401, 403 and 429 are added to every
 * operation by `completeOpenApi` in bootstrap.ts; pass more specific texts here where they help.
 */
export function commandProblems(texts: { readonly badRequest: string; readonly notFound: string; readonly conflict: string; readonly refused: string }): ProblemSpec[] {
  return [
    { status: 400, description: texts.badRequest },
    { status: 404, description: texts.notFound },
    { status: 409, description: texts.conflict },
    { status: 413, description: 'Body too large.' },
    { status: 422, description: texts.refused },
    { status: 503, description: 'The event store is unavailable; retry after `Retry-After` seconds.' },
  ];
}

/** Documents problem+json responses for the given statuses. */
export function ApiProblems(...statuses: ProblemSpec[]) {
  return applyDecorators(
    ApiExtraModels(ProblemDetails),
    ...statuses.map((s) =>
      ApiResponse({
        status: s.status,
        description: s.description,
        content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDetails) } } },
      }),
    ),
  );
}

/** The development actor headers and the command headers. */
export function ApiCommandHeaders(options: { ifMatch?: boolean } = {}) {
  const headers = [
    ApiHeader({ name: 'X-Organ', required: false, description: 'The body you act for (one of your memberships); checked against the organisation data on the date the step takes effect. Required with a bearer token, except for operators (`drift`) setting up the organisation.', example: 'asu-hnt' }),
    ApiHeader({ name: 'X-Rolle', required: false, description: 'Your role in that body (leder, nestleder, medlem, vara, observatoer, sekretaer); sent together with X-Organ.', example: 'sekretaer' }),
    ApiHeader({ name: 'X-Dev-Person', required: false, description: 'Development only (SAKSGANG_DEV_ACTOR_HEADERS=on, off by default): the acting person, instead of a token.', example: 'kari.nordmann' }),
    ApiHeader({ name: 'X-Dev-Organ', required: false, description: 'Development only: the body the person acts for.', example: 'psu-hnt' }),
    ApiHeader({ name: 'X-Dev-Rolle', required: false, description: 'Development only: the role in that body.', example: 'sekretaer' }),
    ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Sending the same key again records nothing new and returns the same answer.' }),
    ApiHeader({ name: 'X-Correlation-Id', required: false, description: 'Correlates this command with others; defaults to the command id.' }),
  ];
  if (options.ifMatch) {
    headers.push(ApiHeader({ name: 'If-Match', required: false, description: 'The revision you saw (the ETag, e.g. "3"); the step is refused with 409 if the case has changed since.' }));
  }
  return applyDecorators(...headers);
}
