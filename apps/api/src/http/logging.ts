import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type CallHandler, type ExecutionContext, Inject, Injectable, Logger, type NestInterceptor, RequestMethod } from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import type { CommandObserver, SaksgangConfig } from '@saksgang/application';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { LoggerModule, PinoLogger } from 'nestjs-pino';
import type { DestinationStream, Level } from 'pino';
import pretty from 'pino-pretty';
import type { Observable } from 'rxjs';
import { DEV_ORGAN_HEADER, DEV_PERSON_HEADER, DEV_ROLLE_HEADER } from './actor.js';

/** What a client may send as its request or correlation id: visible ASCII, as X-Correlation-Id takes it. */
const ID = /^[\x21-\x7e]{1,200}$/;
const HEALTH = /^\/(health(\/|$)|metrics$)/;

const LEVELS: Readonly<Record<SaksgangConfig['logLevel'], Level>> = { error: 'error', warn: 'warn', log: 'info', debug: 'debug', verbose: 'trace' };

export interface LoggingOptions {
  /** No log at all (tests). */
  readonly silent?: boolean;
  /** Where the lines go instead of stdout (tests capture them). */
  readonly stream?: DestinationStream;
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  const s = (Array.isArray(v) ? v[0] : v)?.trim();
  return s && ID.test(s) ? s : undefined;
}

/** The path without its query (a search's words stay out of the log). */
function pathOf(req: IncomingMessage & { originalUrl?: string }): string {
  // (The middleware runner strips a matched path from `url`; `originalUrl` keeps it.)
  return (req.originalUrl ?? req.url ?? '').split('?')[0]!.slice(0, 500);
}

/**
 * The request's id: the client's X-Request-Id when it is usable (visible ASCII, at most 200), else a
 * new UUID. Fastify's `genReqId` (bootstrap.ts), so `request.id`, pino-http's and the answer's
 * `X-Request-Id` are one.
 */
export function requestIdOf(req: IncomingMessage): string {
  return headerValue(req, 'x-request-id') ?? randomUUID();
}

/** Sends the request id back (X-Request-Id), so a client can quote it to an operator. */
export function registerRequestIdHeader(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    void reply.header('x-request-id', req.id);
  });
}

/** SAKSGANG_LOG_FORMAT=text: pino's own pretty printer, to stdout (or `destination`), in the process. */
export function textStream(destination?: NodeJS.WritableStream): DestinationStream {
  return pretty({
    colorize: destination === undefined && Boolean(process.stdout.isTTY),
    translateTime: 'SYS:standard',
    ignore: 'pid,hostname',
    sync: true,
    ...(destination ? { destination: destination as never } : {}),
  });
}

/**
 * The log, by pino through nestjs-pino: one JSON object a line (SAKSGANG_LOG_FORMAT=json), or pino's
 * own pretty printer (`text`). Every line written while a request is handled carries its `requestId`
 * (X-Request-Id if the client sent a usable one, else a new UUID, echoed in the answer), its
 * `correlationId` (X-Correlation-Id, else the trace id when traces are on, else the request id) and — once the guard has decided — the
 * acting person (`actor`, see {@link ActorLogInterceptor}). The request is logged as method, path and
 * status only: no headers (so never a token), no query, no body (so never an exempt field).
 */
export function loggerModule(config: SaksgangConfig, options: LoggingOptions = {}) {
  const stream = options.stream ?? (config.logFormat === 'text' ? textStream() : undefined);
  const pinoHttp = {
    level: options.silent ? 'silent' : LEVELS[config.logLevel],
    base: { service: 'saksgang' },
    // Fastify gives each request its id (requestIdOf, in the adapter's options); pino-http takes it over.
    genReqId: (req: IncomingMessage) => requestIdOf(req),
    // On every line of the request (pino-http binds them to its child logger, and to the last line).
    customProps: (req: IncomingMessage) => {
      const requestId = String((req as IncomingMessage & { id?: unknown }).id ?? '');
      // With traces on (telemetri/), the request's trace id: the correlation id its events get too.
      const traceId = trace.getActiveSpan()?.spanContext().traceId;
      return { requestId, correlationId: headerValue(req, 'x-correlation-id') ?? traceId ?? requestId, ...(traceId ? { traceId } : {}) };
    },
    serializers: {
      req: (req: IncomingMessage & { id?: unknown; raw?: IncomingMessage }) => ({ method: req.method, path: pathOf(req.raw ?? req) }),
      res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
    },
    // Belt and braces: whatever someone logs later, these never leave in clear.
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization', 'authorization', 'token', '*.token', 'password', '*.password'], censor: '[skjult]' },
    customLogLevel: (req: IncomingMessage, res: ServerResponse, err?: Error) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : HEALTH.test(pathOf(req)) ? 'debug' : 'info'),
  };
  return LoggerModule.forRoot({ pinoHttp: stream ? [pinoHttp as never, stream] : (pinoHttp as never), assignResponse: true, forRoutes: [{ path: '*path', method: RequestMethod.ALL }] });
}

/**
 * After the guard: binds the acting person to every further line of the request (and to its
 * `request completed` line) — the verified token's person with the membership it acts in, or, with
 * the development headers, the person as given.
 */
@Injectable()
export class ActorLogInterceptor implements NestInterceptor {
  constructor(@Inject(PinoLogger) private readonly logger: PinoLogger) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') {
      const actor = actorOf(context.switchToHttp().getRequest<FastifyRequest>());
      if (actor) {
        try {
          this.logger.assign({ actor });
        } catch {
          // Outside a request's log context (nothing to bind to).
        }
      }
    }
    return next.handle();
  }
}

function actorOf(req: FastifyRequest): Record<string, string> | undefined {
  const auth = req.saksgangAuth;
  if (auth?.art === 'token') {
    const a = auth.aktoer;
    return { personId: auth.identitet.personId, ...(a?.autentisering === 'token' ? { organId: a.organId, rolle: a.rolle } : {}) };
  }
  if (auth?.art === 'utvikler') {
    const personId = headerValue(req.raw, DEV_PERSON_HEADER);
    if (!personId) return undefined;
    const organId = headerValue(req.raw, DEV_ORGAN_HEADER);
    const rolle = headerValue(req.raw, DEV_ROLLE_HEADER);
    return { personId, ...(organId ? { organId } : {}), ...(rolle ? { rolle } : {}), somGitt: 'utviklerhode' };
  }
  return undefined;
}

const commandLogger = new Logger('command');

/**
 * The command path's observer for the log: one `debug` line a command (category, step, outcome,
 * seconds) — inside the request, so with its ids and actor. Never the command's data.
 */
export const logCommand: CommandObserver = (o) => {
  commandLogger.debug({ msg: `command ${o.outcome}`, category: o.category, step: o.step, outcome: o.outcome, seconds: Number(o.seconds.toFixed(4)) });
};
