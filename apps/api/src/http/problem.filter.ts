import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { ActorNotAllowedError, DomainError } from '@saksgang/domain';
import { AuthError } from '../auth/auth-error.js';
import {
  IdempotencyMismatchError,
  InvalidAppendError,
  StoreUnavailableError,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@saksgang/event-store';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { problem, PROBLEM_CONTENT_TYPE, type ProblemDetails } from './problem.js';
import { RequestValidationError } from './request-validation.error.js';

/**
 * Every error leaves as RFC 9457 `application/problem+json`. Domain refusals map to 404/409/422,
 * bad input to 400, a lost store to 503 with Retry-After; anything unexpected to a 500 that says
 * nothing about the inside (the stack goes to the log, never to the client).
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const instance = req.url.split('?')[0] ?? req.url;
    const headers: Record<string, string> = {};
    const body = this.toProblem(exception, instance, headers);
    if (body.status >= 500) {
      this.logger.error({ msg: 'request failed', method: req.method, url: req.url, status: body.status, error: describe(exception) });
    }
    void reply.status(body.status).headers(headers).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
  }

  private toProblem(e: unknown, instance: string, headers: Record<string, string>): ProblemDetails {
    if (e instanceof RequestValidationError) {
      return problem(400, 'validation_failed', 'Ugyldig forespørsel', e.message, instance, { errors: e.errors });
    }
    if (e instanceof AuthError) {
      if (e.status === 401) headers['WWW-Authenticate'] = `Bearer realm="saksgang"${e.code === 'token_mangler' ? '' : `, error="invalid_token"`}`;
      if (e.retryAfterSeconds !== undefined) headers['Retry-After'] = String(e.retryAfterSeconds);
      return problem(e.status, e.code, e.title, e.message, instance, e.allowedSteps ? { allowedSteps: [...e.allowedSteps] } : undefined);
    }
    if (e instanceof ActorNotAllowedError) {
      // Authenticated, but this person/body/role may not take the step (role, level rules, membership on the date).
      return problem(403, e.code, 'Ikke tillatt for denne aktøren', e.message, instance, { allowedSteps: [...e.allowedSteps] });
    }
    if (e instanceof DomainError) {
      const extra = { allowedSteps: [...e.allowedSteps], ...(e.field ? { errors: [{ field: e.field, reason: e.message }] } : {}) };
      switch (e.kind) {
        case 'not_found':
          return problem(404, e.code, 'Finnes ikke', e.message, instance);
        case 'conflict':
          return problem(409, e.code, 'Konflikt', e.message, instance, extra);
        case 'refused':
          return problem(422, e.code, 'Steget er ikke tillatt', e.message, instance, extra);
        case 'invalid':
          return problem(e.field ? 400 : 422, e.code, 'Ugyldig forespørsel', e.message, instance, extra);
        default:
          return problem(422, e.code, 'Steget er ikke tillatt', e.message, instance, extra);
      }
    }
    if (e instanceof WrongExpectedVersionError) {
      const actual = e.actualRevision === 'no_stream' ? undefined : e.actualRevision.toString();
      if (actual !== undefined) headers['ETag'] = `"${actual}"`;
      return problem(
        409,
        'revision_conflict',
        'Saken er endret av noen andre',
        'The case has changed since the revision you stated. Read it again (GET) and retry with the current revision.',
        instance,
        {
          expectedRevision: typeof e.expectedRevision === 'bigint' ? e.expectedRevision.toString() : e.expectedRevision,
          ...(actual !== undefined ? { actualRevision: actual } : {}),
        },
      );
    }
    if (e instanceof IdempotencyMismatchError) {
      return problem(409, e.code, 'Konflikt', 'This request reuses an id that was already used for something else.', instance);
    }
    if (e instanceof StreamNotFoundError) return problem(404, e.code, 'Finnes ikke', 'Not found.', instance);
    if (e instanceof InvalidAppendError) return problem(400, e.code, 'Ugyldig forespørsel', e.message, instance);
    if (e instanceof StoreUnavailableError) {
      headers['Retry-After'] = '5';
      return problem(503, e.code, 'Tjenesten er midlertidig utilgjengelig', 'The event store cannot be reached now. Retry later.', instance);
    }
    if (e instanceof HttpException) {
      const status = e.getStatus();
      const response = e.getResponse();
      const message = typeof response === 'string' ? response : ((response as { message?: unknown }).message ?? e.message);
      const text = Array.isArray(message) ? message.join('; ') : String(message);
      return problem(status, codeFor(status), titleFor(status), text, instance);
    }
    // Fastify's own errors (body too large, malformed JSON, unsupported media type …) carry a statusCode.
    const fe = e as { statusCode?: unknown; code?: unknown; message?: unknown };
    if (typeof fe?.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
      const detail = fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || /JSON/i.test(String(fe.message))
        ? 'The request body is not valid JSON.'
        : String(fe.message ?? titleFor(fe.statusCode));
      return problem(fe.statusCode, codeFor(fe.statusCode), titleFor(fe.statusCode), detail, instance);
    }
    return problem(500, 'internal_error', 'Intern feil', 'An unexpected error occurred. It has been logged.', instance);
  }
}

function codeFor(status: number): string {
  switch (status) {
    case 400:
      return 'bad_request';
    case 401:
      return 'unauthenticated';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 405:
      return 'method_not_allowed';
    case 409:
      return 'conflict';
    case 413:
      return 'payload_too_large';
    case 415:
      return 'unsupported_media_type';
    case 429:
      return 'too_many_requests';
    default:
      return status >= 500 ? 'internal_error' : 'client_error';
  }
}

function titleFor(status: number): string {
  return (HttpStatus as unknown as Record<number, string>)[status]?.toString().replace(/_/g, ' ').toLowerCase() ?? 'error';
}

function describe(e: unknown): unknown {
  return e instanceof Error ? { name: e.name, message: e.message, stack: e.stack } : e;
}
