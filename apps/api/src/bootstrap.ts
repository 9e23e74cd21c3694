import { ConsoleLogger, type INestApplication, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { authProblem, ConfigError, type SaksgangModuleOptions } from '@saksgang/application';
import { AppModule } from './app.module.js';
import { registerHardening } from './http/hardening.js';
import { ProblemFilter } from './http/problem.filter.js';
import { RequestValidationError } from './http/request-validation.error.js';

export interface CreateAppOptions extends SaksgangModuleOptions {
  /** Quiet logs (tests). */
  readonly logger?: false | ConsoleLogger;
}

/** Builds the HTTP application (not listening yet): Fastify, validation, problem+json, OpenAPI at /docs. */
export async function createApp(options: CreateAppOptions): Promise<NestFastifyApplication> {
  const { config } = options;
  const problem = authProblem(config);
  if (problem) throw new ConfigError([problem]);
  const adapter = new FastifyAdapter({ bodyLimit: config.bodyLimitBytes, trustProxy: false });
  const logger =
    options.logger === undefined
      ? new ConsoleLogger({ json: config.logFormat === 'json', logLevels: levelsFrom(config.logLevel), prefix: 'saksgang' })
      : options.logger;
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(options), adapter, {
    logger: logger === false ? false : logger,
    bufferLogs: false,
  });
  registerHardening(app, config);
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

export function buildOpenApi(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('saksgang')
    .setDescription(
      'Event-sourced case handling between the levels of a helsefellesskap (PSU → ASU → fagråd and back). ' +
        'Every error is RFC 9457 application/problem+json.',
    )
    .setVersion('0.1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'OpenID Connect access token (or `npm run token -- --person <id>` locally).' })
    .addSecurityRequirements('bearer')
    .build();
  return completeOpenApi(SwaggerModule.createDocument(app, config));
}

/** Paths that need no token (the auth guard lets them through). */
const PUBLIC_PATHS = /^\/(health|metrics|docs|offentlig)(\/|$)/;

/**
 * What the guards and hooks add to every operation, written into the document so it stays true:
 * public operations need no token; every other one may answer 401 (no or invalid token) and 403 (not
 * allowed), and every operation but /health 429 (rate limit) — all as problem+json.
 */
export function completeOpenApi(document: OpenAPIObject): OpenAPIObject {
  const problem = { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetails' } } };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      const op = item[method];
      if (!op) continue;
      const add = (status: string, description: string) => {
        op.responses[status] ??= { description, content: problem };
      };
      if (PUBLIC_PATHS.test(path)) {
        op.security = [];
      } else {
        add('401', 'No valid bearer token (missing, expired, forged, wrong issuer or audience).');
        add('403', 'Authenticated, but not allowed: role, body, membership on the effective date, or a read-only auditor changing something.');
      }
      // The rate limit spares /health (probes must always get through).
      if (!path.startsWith('/health')) add('429', 'Too many requests from this client; retry after `Retry-After` seconds.');
    }
  }
  return document;
}

function levelsFrom(level: string): ('error' | 'warn' | 'log' | 'debug' | 'verbose')[] {
  const all = ['error', 'warn', 'log', 'debug', 'verbose'] as const;
  return all.slice(0, all.indexOf(level as (typeof all)[number]) + 1);
}
