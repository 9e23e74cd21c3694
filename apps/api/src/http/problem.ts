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
  @ApiProperty({ example: '/saker' })
  instance!: string;
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

export function problem(
  status: number,
  code: string,
  title: string,
  detail: string,
  instance: string,
  extra: Partial<ProblemDetails> = {},
): ProblemDetails {
  return { type: `urn:saksgang:problem:${code}`, title, status, detail, instance, code, ...extra };
}
