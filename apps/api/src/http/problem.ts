import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** One invalid field of a request. */
export class FieldProblem {
  @ApiProperty({ example: 'tittel', description: 'The field (dot path for nested fields), or the header/parameter name.' })
  field!: string;
  @ApiProperty({ example: 'tittel must be shorter than or equal to 300 characters' })
  reason!: string;
}

/** RFC 9457 problem details, as every error of this API is returned (`application/problem+json`). */
export class ProblemDetails {
  @ApiProperty({ example: 'urn:saksgang:problem:validation_failed', description: 'Identifies the kind of problem.' })
  type!: string;
  @ApiProperty({ example: 'Ugyldig forespørsel' })
  title!: string;
  @ApiProperty({ example: 400 })
  status!: number;
  @ApiProperty({ example: 'Feltet tittel er for langt.' })
  detail!: string;
  @ApiPropertyOptional({ example: '/saker', description: 'The path of the request (without the query); left out when it is longer than 200 characters.' })
  instance?: string;
  @ApiProperty({ example: 'validation_failed', description: 'Stable machine-readable code.' })
  code!: string;
  @ApiPropertyOptional({ type: [FieldProblem], description: 'For 400: every invalid field with the reason.' })
  errors?: FieldProblem[];
  @ApiPropertyOptional({ type: [String], description: 'For 422: the steps the workflow allows now instead.' })
  allowedSteps?: string[];
  @ApiPropertyOptional({ example: '3', description: 'For 409: the revision the client said it saw.' })
  expectedRevision?: string;
  @ApiPropertyOptional({ example: '4', description: 'For 409: the current revision (also in the ETag header).' })
  actualRevision?: string;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** The longest path a problem repeats as its `instance`; a longer one is left out (never echoed unbounded). */
export const MAX_INSTANCE_LENGTH = 200;
/** The longest `detail` (a longer one is cut, ending in «…»). */
export const MAX_DETAIL_LENGTH = 1000;
/** At most this many field problems are listed (a body with thousands of unknown fields gets the first ones). */
export const MAX_FIELD_PROBLEMS = 50;

/** The problem's `instance` for a request URL: its path without the query, or nothing when it is too long. */
export function instanceFor(url: string | undefined): string | undefined {
  const path = (url ?? '').split('?')[0] ?? '';
  return path.length > 0 && path.length <= MAX_INSTANCE_LENGTH ? path : undefined;
}

/** Text from the request or from a message that may quote it, cut to `max` characters. */
export function capped(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function problem(
  status: number,
  code: string,
  title: string,
  detail: string,
  instance: string | undefined,
  extra: Partial<ProblemDetails> = {},
): ProblemDetails {
  const errors = extra.errors?.slice(0, MAX_FIELD_PROBLEMS).map((e) => ({ field: capped(e.field, MAX_INSTANCE_LENGTH), reason: capped(e.reason, MAX_INSTANCE_LENGTH) }));
  return {
    type: `urn:saksgang:problem:${code}`,
    title,
    status,
    detail: capped(detail, MAX_DETAIL_LENGTH),
    ...(instance !== undefined ? { instance } : {}),
    code,
    ...extra,
    ...(errors ? { errors } : {}),
  };
}
