import { STATUS_CODES } from 'node:http';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
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
import { EdgeProblemError } from './edge-problem.error.js';
import { capped, instanceFor, MAX_INSTANCE_LENGTH, problem, PROBLEM_CONTENT_TYPE, type ProblemDetails } from './problem.js';
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
    const instance = instanceFor(req.url);
    const headers: Record<string, string> = {};
    const body = this.toProblem(exception, instance, headers, req);
    if (body.status >= 500) {
      this.logger.error({ msg: 'request failed', method: req.method, url: capped(req.url, MAX_INSTANCE_LENGTH), status: body.status, error: describe(exception) });
    }
    sendProblem(reply, body, headers);
  }

  private toProblem(e: unknown, instance: string | undefined, headers: Record<string, string>, req: FastifyRequest): ProblemDetails {
    if (e instanceof EdgeProblemError) {
      Object.assign(headers, e.headers);
      return problem(e.status, e.code, e.title, e.detail, instance, e.errors ? { errors: [...e.errors] } : undefined);
    }
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
      const extra = { allowedSteps: [...e.allowedSteps], ...(e.errors ? { errors: e.errors.map((x) => ({ field: x.field, reason: x.reason })) } : {}) };
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
        'Saken er endret siden revisjonen du oppga. Les den på nytt (GET) og prøv igjen med den gjeldende revisjonen.',
        instance,
        {
          expectedRevision: typeof e.expectedRevision === 'bigint' ? e.expectedRevision.toString() : e.expectedRevision,
          ...(actual !== undefined ? { actualRevision: actual } : {}),
        },
      );
    }
    if (e instanceof IdempotencyMismatchError) {
      return problem(409, e.code, 'Konflikt', 'Forespørselen bruker en id (Idempotency-Key) som allerede er brukt for en annen forespørsel.', instance);
    }
    if (e instanceof StreamNotFoundError) return problem(404, e.code, 'Finnes ikke', 'Finnes ikke.', instance);
    if (e instanceof InvalidAppendError) {
      // The store refused what the domain let through (e.g. a character jsonb cannot hold). Its message
      // is the store's (English, names the stream, quotes the database): logged, never sent.
      this.logger.warn({ msg: 'append refused by the store', method: req.method, url: capped(req.url, MAX_INSTANCE_LENGTH), error: e.message });
      return problem(400, e.code, 'Ugyldig forespørsel', 'Innholdet kan ikke lagres: en tekst har et tegn som ikke kan lagres (for eksempel et NUL-tegn eller et ufullstendig Unicode-tegn).', instance);
    }
    if (e instanceof StoreUnavailableError) {
      headers['Retry-After'] = '5';
      return problem(503, e.code, 'Tjenesten er midlertidig utilgjengelig', 'Hendelseslageret kan ikke nås nå. Prøv igjen senere.', instance);
    }
    if (e instanceof HttpException) {
      // Fastify's own refusals (body too large, media type …) reach the filter wrapped by Nest, with
      // Fastify's English message: answered from the error underneath.
      const underneath = frameworkProblem(e.cause, instance, req);
      if (underneath) return underneath;
      const status = e.getStatus();
      if (status === 404 && !req.routeOptions?.url) {
        // Nest's answer for a path no route matches ("Cannot GET /…", which would echo the whole URL),
        // or 405 when the path has operations, only not for this method.
        const allowed = allowedMethods(req);
        if (allowed.length > 0) {
          headers['Allow'] = allowed.join(', ');
          return problem(
            405,
            'metode_ikke_tillatt',
            'Metoden er ikke tillatt her',
            `Adressen har ingen operasjon ${capped(req.method, 20)}; den tar imot ${allowed.join(', ')}.`,
            instance,
          );
        }
        return problem(404, 'not_found', 'Finnes ikke', `Ingen operasjon ${capped(req.method, 20)} finnes på denne adressen.`, instance);
      }
      const response = e.getResponse();
      const message = typeof response === 'string' ? response : ((response as { message?: unknown }).message ?? e.message);
      const text = Array.isArray(message) ? message.join('; ') : String(message);
      // Nest's own exceptions carry the English status text ("Not Found", "Bad Request"): the Norwegian title then.
      const detail = text === '' || text === STATUS_CODES[status] ? `${titleFor(status)}.` : text;
      return problem(status, codeFor(status), titleFor(status), detail, instance);
    }
    const framework = frameworkProblem(e, instance, req);
    if (framework) return framework;
    return problem(500, 'internal_error', 'Intern feil', 'En uventet feil oppstod. Den er logget.', instance);
  }
}

/** The methods checked for a 405 (OPTIONS is left out: a CORS preflight route would claim every path). */
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/**
 * The methods the router has an operation for at the request's path (asked of Fastify's router, which
 * matches the path as it does for a request: decoded, parameters filled in). Empty for a path that
 * does not decode (the router would answer it with its bad-URL handler) or that nothing matches.
 */
export function allowedMethods(req: FastifyRequest): string[] {
  const server = req.server as (FastifyRequest['server'] & { findRoute?: (o: { method: string; url: string }) => unknown }) | undefined;
  if (!server?.findRoute) return [];
  const path = (req.url ?? '').split('?')[0] ?? '';
  try {
    decodeURIComponent(path);
  } catch {
    return [];
  }
  return METHODS.filter((method) => {
    try {
      return method !== req.method && server.findRoute!({ method, url: path }) !== null;
    } catch {
      return false;
    }
  });
}

/** Sends a problem as `application/problem+json` (the one way every error of the HTTP layer leaves). */
export function sendProblem(reply: FastifyReply, body: ProblemDetails, headers: Record<string, string> = {}): void {
  void reply.status(body.status).headers(headers).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
}

/**
 * Fastify's own errors (body too large, wrong media type, malformed URL, over-long path parameter …)
 * carry a `statusCode` and a `FST_ERR_…` code: a Norwegian problem for each, never their message
 * (which quotes the URL). Anything else with a 4xx `statusCode` gets the status's own text.
 * `undefined` for what is not a client error of the framework.
 */
export function frameworkProblem(e: unknown, instance: string | undefined, req: FastifyRequest | undefined): ProblemDetails | undefined {
  const fe = e as { statusCode?: unknown; code?: unknown } | null | undefined;
  const status = fe?.statusCode;
  if (typeof status !== 'number' || status < 400 || status >= 500) return undefined;
  const initial = req?.server?.initialConfig as { bodyLimit?: number; maxParamLength?: number; routerOptions?: { maxParamLength?: number } } | undefined;
  switch (fe?.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE': {
      const limit = req?.routeOptions?.bodyLimit ?? initial?.bodyLimit;
      return problem(413, 'innhold_for_stort', 'Forespørselen er for stor', `Innholdet er større enn grensen${limit ? ` på ${limit} byte` : ''}.`, instance);
    }
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return problem(415, 'innholdstype_ikke_stoettet', 'Innholdstypen støttes ikke', 'Innholdstypen (Content-Type) støttes ikke: send application/json.', instance);
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return problem(400, 'innholdslengde_feil', 'Ugyldig forespørsel', 'Content-Length stemmer ikke med innholdet.', instance);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return problem(400, 'json_tomt', 'Ugyldig forespørsel', 'Forespørselen sier at innholdet er JSON (application/json), men innholdet er tomt.', instance);
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return problem(400, 'json_ugyldig', 'Ugyldig forespørsel', 'Innholdet er ikke gyldig JSON.', instance);
    case 'FST_ERR_BAD_URL':
      return problem(400, 'ugyldig_adresse', 'Ugyldig adresse', 'Adressen er ikke gyldig (for eksempel en ufullstendig prosentkoding som «%E0%A4%A»).', instance);
    case 'FST_ERR_MAX_PARAM_LENGTH': {
      const max = initial?.routerOptions?.maxParamLength ?? initial?.maxParamLength;
      return problem(414, 'adresse_for_lang', 'Adressen er for lang', `En del av adressen er lengre enn grensen${max ? ` på ${max} tegn` : ''}.`, instance);
    }
    default:
      return problem(status, codeFor(status), titleFor(status), `${titleFor(status)}.`, instance);
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

const TITLES: Readonly<Record<number, string>> = {
  400: 'Ugyldig forespørsel',
  401: 'Ikke autentisert',
  403: 'Ikke tillatt',
  404: 'Finnes ikke',
  405: 'Metoden er ikke tillatt her',
  406: 'Kan ikke svare i formatet som ble bedt om',
  408: 'Forespørselen tok for lang tid',
  409: 'Konflikt',
  411: 'Lengden mangler',
  413: 'Forespørselen er for stor',
  414: 'Adressen er for lang',
  415: 'Innholdstypen støttes ikke',
  422: 'Kan ikke behandles',
  429: 'For mange forespørsler',
  431: 'Hodefeltene er for store',
  500: 'Intern feil',
  503: 'Tjenesten er midlertidig utilgjengelig',
};

/** The Norwegian title of a status (a problem's `title` is read by people). */
export function titleFor(status: number): string {
  return TITLES[status] ?? (status >= 500 ? 'Intern feil' : 'Ugyldig forespørsel');
}

function describe(e: unknown): unknown {
  return e instanceof Error ? { name: e.name, message: e.message, stack: e.stack } : e;
}
