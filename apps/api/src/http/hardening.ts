import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { SaksgangConfig } from '@saksgang/application';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import helmet from 'helmet';
import { erAppRute } from '../web/nettapp.js';
import { EdgeProblemError } from './edge-problem.error.js';
import { postgresRateLimitStore } from './rate-limit-store.js';

/** For the API docs (swagger-ui: its scripts are files of its own, its styles partly inline, its icons data: URIs). */
export const DOCS_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
/**
 * For the web app (apps/web): its own scripts, styles and fonts only (nothing inline, nothing from
 * elsewhere), calls to this origin, and pictures it made itself (`blob:`, the swimlane fetched with the
 * token).
 */
export const APP_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'; manifest-src 'self'";
/**
 * The web app's policy for this configuration: with an OpenID Connect sign-in configured, the app also
 * calls the provider (discovery and token endpoint), so its origin joins connect-src; the way there
 * and back is a top-level navigation, which the policy does not govern.
 */
export function appCsp(config: Pick<SaksgangConfig, 'webOidc'>): string {
  return config.webOidc ? APP_CSP.replace("connect-src 'self'", `connect-src 'self' ${new URL(config.webOidc.issuer).origin}`) : APP_CSP;
}
/** For everything else: JSON, and the SVG/HTML views of a sak's course (inline styles only). */
export const API_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Not set by helmet: the browser features no page of ours uses. */
type HelmetOpts = NonNullable<Parameters<typeof helmet>[0]>;

const PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=(), payment=()';

/** A policy written as its header text, as helmet's directives (`default-src 'self'; …` → `{ 'default-src': ["'self'"] }`). */
export function directivesOf(policy: string): Record<string, string[]> {
  return Object.fromEntries(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

/**
 * What @fastify/helmet sends on every response: its defaults (nosniff, no-referrer, same-origin
 * opener and resource policies, HSTS for a year with subdomains, no DNS prefetch, no cross-domain
 * policies, no `X-Powered-By`), framing refused (`DENY`), and the content security policy of the
 * matched route.
 */
export function helmetOptions(policy: string): HelmetOpts {
  return {
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
    contentSecurityPolicy: { useDefaults: false, directives: directivesOf(policy) },
  };
}

const HELMET: Readonly<Record<'docs' | 'app' | 'api', HelmetOpts>> = {
  docs: helmetOptions(DOCS_CSP),
  app: helmetOptions(APP_CSP),
  api: helmetOptions(API_CSP),
};

/**
 * Hardening of the HTTP edge with the ecosystem's plugins: security headers by @fastify/helmet (the
 * content security policy chosen on the route Fastify matched, never on the URL text, which may be
 * encoded, doubled …), per-client rate limiting by @fastify/rate-limit (429 problem+json with
 * Retry-After and the draft `RateLimit-*` headers; health checks exempt), and CORS for the configured
 * origins only. The body size limit (413) is Fastify's `bodyLimit` (SAKSGANG_BODY_LIMIT).
 */
export async function registerHardening(app: NestFastifyApplication, config: SaksgangConfig): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  // Not global: the one hook below applies helmet to every request, routes registered before or after
  // this and Fastify's 404 alike, with the policy of the route matched.
  await app.register(fastifyHelmet as never, { global: false, ...HELMET.api });
  const helmets = config.webOidc ? { ...HELMET, app: helmetOptions(appCsp(config)) } : HELMET;
  fastify.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    // (@fastify/helmet's types name helmet's CommonJS declarations, the same options as these.)
    reply.helmet(helmets[policyFor(req)] as never);
    void reply.header('permissions-policy', PERMISSIONS_POLICY);
  });
  if (config.rateLimitPerMinute > 0) await registerRateLimit(app, fastify, config.rateLimitPerMinute, config.rateLimitStore);
  if (config.corsOrigins.length > 0) {
    app.enableCors({
      origin: [...config.corsOrigins],
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'If-Match', 'X-Correlation-Id', 'X-Organ', 'X-Rolle'],
      exposedHeaders: ['ETag', 'Location', 'Retry-After', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'],
      credentials: false,
      maxAge: 600,
    });
  }
}

const API_HEADERS = helmet(HELMET.api);

/**
 * The API's headers for an answer Fastify's router gives before any hook has run (a malformed URL:
 * http/framework-errors.ts), by the same helmet configuration.
 */
export function applyApiHeaders(req: FastifyRequest, reply: FastifyReply): void {
  API_HEADERS(req.raw, reply.raw, () => undefined);
  void reply.header('permissions-policy', PERMISSIONS_POLICY);
}

/** Which policy a response gets: the docs', the web app's, or the API's (also for a 404). */
export function policyFor(req: FastifyRequest): 'docs' | 'app' | 'api' {
  return isDocsRoute(req) ? 'docs' : erAppRute(matchedRoute(req)) ? 'app' : 'api';
}

/** The route pattern Fastify matched (`/saker/:sakId`), or undefined when none did (a 404). */
function matchedRoute(req: FastifyRequest): string | undefined {
  return req.routeOptions?.url;
}

/** The API documentation (swagger-ui's page and files): `/docs`, `/docs/…`. */
export function isDocsRoute(req: FastifyRequest): boolean {
  const route = matchedRoute(req);
  return route !== undefined && (route === '/docs' || route.startsWith('/docs/'));
}

/** The health checks (exempt from the rate limit): `/health`, `/health/…`. */
export function isHealthRoute(req: FastifyRequest): boolean {
  const route = matchedRoute(req);
  return route !== undefined && (route === '/health' || route.startsWith('/health/'));
}

/**
 * @fastify/rate-limit over one-minute windows per client address, as one hook for every request (404s
 * included). Health checks are exempt (orchestrators poll them). Counted in the plugin's in-process
 * store by default: with several instances behind a load balancer each counts on its own. With
 * SAKSGANG_RATE_LIMIT_STORE=postgres the count is shared, in a table of the PostgreSQL database
 * (./rate-limit-store.ts); if that database does not answer, requests pass uncounted (and a warning
 * is logged) rather than fail.
 */
async function registerRateLimit(app: NestFastifyApplication, fastify: FastifyInstance, perMinute: number, store: SaksgangConfig['rateLimitStore']): Promise<void> {
  const shared = store?.kind === 'postgres' ? postgresRateLimitStore(store.url) : undefined;
  if (shared) fastify.addHook('onClose', () => shared.close());
  await app.register(fastifyRateLimit as never, {
    global: false,
    ...(shared ? { store: shared.Store, skipOnError: true } : {}),
    max: perMinute,
    timeWindow: 60_000,
    enableDraftSpec: true,
    allowList: (req: FastifyRequest) => isHealthRoute(req),
    errorResponseBuilder: (_req: FastifyRequest, context: { ttl: number }) => {
      const seconds = Math.max(1, Math.ceil(context.ttl / 1000));
      return new EdgeProblemError(
        429,
        'too_many_requests',
        'For mange forespørsler',
        `Mer enn ${perMinute} forespørsler i minuttet fra denne klienten. Prøv igjen om ${seconds} s.`,
        { 'Retry-After': String(seconds) },
      );
    },
  });
  fastify.addHook('onRequest', fastify.rateLimit());
}
