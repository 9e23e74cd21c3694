import { type ArgumentsHost, Catch, Inject, Injectable, ParseIntPipe, ParseUUIDPipe, applyDecorators } from '@nestjs/common';
import {
  CLOCK,
  type Clock,
  PositionAheadOfStoreError,
  ProjectionsService,
  ReadModelsUnavailableError,
  RebuildAlreadyRunningError,
  SQL_CLIENT,
} from '@saksgang/application';
import { parsePosition, type SqlClient } from '@saksgang/event-store';
import { UnknownProjectionError } from '@saksgang/projections';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiProblems } from '../http/openapi.decorators.js';
import { ProblemFilter } from '../http/problem.filter.js';
import { problem, PROBLEM_CONTENT_TYPE, type ProblemDetails } from '../http/problem.js';
import { RequestValidationError } from '../http/request-validation.error.js';
import { ORGAN_ID_PATTERN } from './projections.dto.js';

/** The projections a read model's queries need (its own and `organer`, which they join for names and levels). */
export const TRENGER = {
  saksforloep: ['saksforloep', 'organer'],
  arbeidsliste: ['arbeidsliste', 'organer'],
  saksoversikt: ['saksoversikt', 'organer'],
  vedtaksoppfoelging: ['vedtaksoppfoelging'],
  aarsstatistikk: ['aarsstatistikk', 'organer', 'moeter'],
  organer: ['organer'],
  moeter: ['moeter', 'organer'],
} as const satisfies Record<string, readonly string[]>;

/**
 * Access to the read models for the query endpoints: read-your-writes (`minPosition`) and "today".
 */
@Injectable()
export class Lesemodeller {
  constructor(
    @Inject(ProjectionsService) private readonly projections: ProjectionsService,
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * The SQL client of the read models, once they can be read and (with `minPosition`) have applied the
   * log up to it. Throws what {@link ReadModelProblemFilter} turns into 400/503.
   */
  async klar(minPosition: string | undefined, trenger: readonly string[]): Promise<SqlClient> {
    let position;
    if (minPosition !== undefined) {
      position = parsePosition(minPosition);
      if (!position) throw new RequestValidationError([{ field: 'minPosition', reason: 'minPosition must be a position as a command returns it, e.g. C:1234/P:1234' }]);
    }
    await this.projections.awaitReadable(position, trenger);
    return this.sql;
  }

  /** `idag` as given, else today's date in Norway. */
  idag(idag: string | undefined): string {
    return idag ?? osloDato(this.clock.now());
  }
}

export function osloDato(d: Date): string {
  // sv-SE formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Oslo', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}

export const sakIdPipe = new ParseUUIDPipe({
  exceptionFactory: () => new RequestValidationError([{ field: 'sakId', reason: 'sakId must be a UUID' }]),
});

export const aarPipe = new ParseIntPipe({
  exceptionFactory: () => new RequestValidationError([{ field: 'aar', reason: 'aar must be a year (a whole number 1900–2200)' }]),
});

export function organIdParam(id: string): string {
  if (!ORGAN_ID_PATTERN.test(id)) throw new RequestValidationError([{ field: 'organId', reason: 'organId must be lower-case letters, digits, . _ - (at most 100)' }]);
  return id;
}

/** The problems every read-model query can answer with, plus the given ones. */
export function ApiLesemodellProblems(...extra: { status: number; description: string }[]) {
  return applyDecorators(
    ApiProblems(
      { status: 400, description: 'Invalid query parameter or path: every invalid field is named (also a malformed `minPosition`, or one after the newest event).' },
      ...extra,
      {
        status: 503,
        description:
          'The read models have not reached `minPosition` within the wait (SAKSGANG_MIN_POSITION_WAIT_MS), are still starting, or the store is unavailable. ' +
          'Retry after `Retry-After` seconds.',
      },
    ),
  );
}

/**
 * The problem filter plus the read models' own errors: not there yet → 503 with Retry-After,
 * `minPosition` after the head → 400, unknown projection → 404, rebuild already running → 409.
 */
@Catch()
export class ReadModelProblemFilter extends ProblemFilter {
  override catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const instance = req.url.split('?')[0] ?? req.url;
    const headers: Record<string, string> = {};
    let body: ProblemDetails | undefined;
    if (exception instanceof ReadModelsUnavailableError) {
      headers['Retry-After'] = String(exception.retryAfterSeconds);
      body = problem(
        503,
        exception.reason === 'lagging' ? 'read_model_behind' : 'read_model_unavailable',
        'Lesemodellen er ikke oppdatert ennå',
        exception.message,
        instance,
      );
    } else if (exception instanceof PositionAheadOfStoreError) {
      body = problem(400, 'validation_failed', 'Ugyldig forespørsel', exception.message, instance, {
        errors: [{ field: 'minPosition', reason: exception.message }],
      });
    } else if (exception instanceof UnknownProjectionError) {
      body = problem(404, 'unknown_projection', 'Finnes ikke', exception.message, instance);
    } else if (exception instanceof RebuildAlreadyRunningError) {
      body = problem(409, 'rebuild_running', 'Konflikt', `${exception.message} Follow it at /drift/projeksjoner.`, instance);
    }
    if (!body) return super.catch(exception, host);
    void reply.status(body.status).headers(headers).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
  }
}
