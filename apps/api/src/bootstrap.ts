import { ConsoleLogger, type INestApplication, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { authProblem, ConfigError, dokumentMaksBytes, ProjectionsService, type SaksgangConfig, type SaksgangModuleOptions } from '@saksgang/application';
import { Logger as PinoLogger } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AppModule } from './app.module.js';
import { type Rutetilgang, rutetilganger, systemrolleKode, tilgangsbeskrivelse } from './auth/tilgang.js';
import { clientErrorHandler, frameworkErrors } from './http/framework-errors.js';
import { registerHardening } from './http/hardening.js';
import { registerMultipart } from './dokumenter/multipart.js';
import { createJsonBodyParser } from './http/json-parser.js';
import { registerRequestIdHeader, requestIdOf } from './http/logging.js';
import { ProblemFilter } from './http/problem.filter.js';
import { RequestValidationError } from './http/request-validation.error.js';
import { Metrics } from './metrics/metrics.js';
import { registerTraceHooks } from './telemetri/trace-context.js';
import { registerWebApp } from './web/nettapp.js';

export interface CreateAppOptions extends SaksgangModuleOptions {
  /** `false`: no log at all (tests); a ConsoleLogger: that instead of pino. */
  readonly logger?: false | ConsoleLogger;
  /** Where pino writes its lines instead of stdout (tests capture them). */
  readonly logStream?: DestinationStream;
}

/** Builds the HTTP application (not listening yet): Fastify, validation, problem+json, OpenAPI at /docs. */
export async function createApp(options: CreateAppOptions): Promise<NestFastifyApplication> {
  const { config } = options;
  const problem = authProblem(config);
  if (problem) throw new ConfigError([problem]);
  const jsonMaxDepth = config.jsonMaxDepth;
  if (jsonMaxDepth === undefined) throw new ConfigError(['SAKSGANG_JSON_MAX_DEPTH: not set (the configuration must come from loadConfig)']);
  // The input limits act in Fastify, before a body or URL reaches Nest: the size (413), the router's
  // refusals and Node's parser errors as problem+json (framework-errors.ts), the JSON parser below.
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    trustProxy: false,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    frameworkErrors,
    clientErrorHandler,
    genReqId: requestIdOf,
  });
  // The log is pino's (http/logging.ts), unless a test hands in a ConsoleLogger.
  const consoleLogger = options.logger instanceof ConsoleLogger ? options.logger : undefined;
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(options, { silent: options.logger === false, ...(options.logStream ? { stream: options.logStream } : {}) }), adapter, {
    ...(consoleLogger ? { logger: consoleLogger } : {}),
    // Until pino takes over (below), what Nest logs while starting waits for it.
    bufferLogs: consoleLogger === undefined,
    // No body parsers of Nest's own (it would add application/x-www-form-urlencoded): bodies are JSON only.
    bodyParser: false,
  });
  if (!consoleLogger) app.useLogger(app.get(PinoLogger));
  registerRequestIdHeader(app.getHttpAdapter().getInstance() as never);
  // The request span's route and context (telemetri/): nothing when traces are off.
  registerTraceHooks(app.getHttpAdapter().getInstance() as never);
  const metrics = app.get(Metrics);
  metrics.readProjectionsFrom(app.get(ProjectionsService));
  metrics.registerHttpHook(app.getHttpAdapter().getInstance() as never);
  app.getHttpAdapter().getInstance().addHook('onClose', () => metrics.close());
  await registerHardening(app, config);
  await registerWebApp(app, config);
  // Nesting depth (json_for_dypt) and prototype poisoning are refused before JSON.parse/class-transformer.
  // Only application/json is parsed: Fastify's own text/plain parser goes, so any other body is 415.
  app.getHttpAdapter().getInstance().removeAllContentTypeParsers();
  app.useBodyParser('application/json', { bodyLimit: config.bodyLimitBytes }, createJsonBodyParser({ maxDepth: jsonMaxDepth }));
  // Documents' uploads only (dokumenter/multipart.ts): multipart/form-data, streamed, with the size limit.
  await registerMultipart(app, dokumentMaksBytes());
  app.useGlobalFilters(new ProblemFilter());
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      transform: true,
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => RequestValidationError.fromValidationErrors(errors),
    }),
  );
  app.enableShutdownHooks();
  const document = buildOpenApi(app);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}

/**
 * `GET /metrics` on a port of its own when SAKSGANG_METRICS_PORT is set (closed with the app): the
 * port it listens on, or undefined.
 */
export async function startMetricsPort(app: NestFastifyApplication, config: SaksgangConfig): Promise<number | undefined> {
  if (config.metricsPort === undefined) return undefined;
  return app.get(Metrics).listen(config.metricsPort, config.host);
}

export function buildOpenApi(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('saksgang')
    .setDescription(
      'Event-sourced case handling between the levels of a helsefellesskap (PSU → ASU → fagråd and back). ' +
        'Every error is RFC 9457 application/problem+json.\n\n' +
        '**Who is asking.** A bearer token (OpenID Connect: `iss`, `aud`, `exp`, `iat`, `sub` = the person\'s id in the organisation data). ' +
        'A step is taken by that person acting for a body in a role: send `X-Organ` and `X-Rolle` naming one of the person\'s memberships; ' +
        'saksgang checks them against the organisation on the date the step takes effect. ' +
        'System roles come from the token\'s `roles` claim: `revisor` reads everything and changes nothing; `drift` (the operator) rebuilds projections and sets up the organisation without a membership.\n\n' +
        '**An empty installation** gets its first operator from whoever controls the identity provider (a token with `roles: ["drift"]`), ' +
        'or, on the embedded store with no provider, from the local token command (`npm run token -- --person <id> --roles drift`); ' +
        'the operator establishes the bodies (`POST /organer`) and appoints their first members, naming who appointed them.',
    )
    .setVersion('0.1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'OpenID Connect access token (or `npm run token -- --person <id>` locally).' })
    .addSecurityRequirements('bearer')
    .build();
  return completeOpenApi(SwaggerModule.createDocument(app, config), rutetilganger(app));
}

/**
 * What the guards and hooks add to every operation, written into the document so it stays true. Who
 * may call each operation comes from the same route metadata the auth guard decides on
 * ({@link rutetilganger}): public operations need no token; every other one says who may call it
 * (`x-saksgang-tilgang` and a sentence in the description) and may answer 401 (no or invalid token)
 * and 403 (not allowed); every operation but /health 429 (rate limit) — all as problem+json. An
 * operation without a route behind it is an error (the document would otherwise guess).
 */
export function completeOpenApi(document: OpenAPIObject, ruter: readonly Rutetilgang[]): OpenAPIObject {
  const problem = { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetails' } } };
  const regler = new Map(ruter.map((r) => [`${r.metode} ${r.sti}`, r.regel]));
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      const op = item[method];
      if (!op) continue;
      const regel = regler.get(`${method} ${path}`);
      if (!regel) throw new Error(`OpenAPI: no route behind ${method.toUpperCase()} ${path}; cannot say who may call it.`);
      const add = (status: string, description: string) => {
        op.responses[status] ??= { description, content: problem };
      };
      const tilgang = tilgangsbeskrivelse(regel, method);
      op.description = op.description ? `${tilgang} ${op.description}` : tilgang;
      (op as unknown as Record<string, unknown>)['x-saksgang-tilgang'] = {
        offentlig: regel.offentlig === true,
        ...(regel.systemroller ? { systemroller: [...regel.systemroller] } : {}),
        ...(regel.organetsLister ? { organetsLister: { ...regel.organetsLister } } : {}),
        ...(regel.driftUtenMedlemskap ? { driftUtenMedlemskap: true } : {}),
      };
      if (regel.offentlig) {
        op.security = [];
      } else {
        add('401', 'No valid bearer token (missing, expired, forged, wrong issuer or audience, or living longer than allowed).');
        add(
          '403',
          regel.systemroller
            ? `The token lacks the system role needed (\`${systemrolleKode(regel.systemroller)}\`), or a read-only auditor changing something.`
            : 'Authenticated, but not allowed: role, body, membership on the effective date, or a read-only auditor changing something.',
        );
      }
      // The rate limit spares /health (probes must always get through).
      if (!path.startsWith('/health')) add('429', 'Too many requests from this client; retry after `Retry-After` seconds.');
      // 429 and 503 say when to come back.
      for (const status of ['429', '503']) {
        const r = op.responses[status] as { headers?: Record<string, unknown> } | undefined;
        if (r && !('$ref' in r)) r.headers = { ...(r.headers ?? {}), 'Retry-After': { description: 'Seconds to wait before trying again.', schema: { type: 'integer' } } };
      }
    }
  }
  return document;
}
