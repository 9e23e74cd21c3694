import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { SaksgangConfig } from '@saksgang/application';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { erAppRute } from '../web/nettapp.js';
import { instanceFor, problem, PROBLEM_CONTENT_TYPE } from './problem.js';

/** For the API docs (swagger-ui: its scripts are files of its own, its styles partly inline, its icons data: URIs). */
export const DOCS_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
/**
 * For the web app (apps/web): its own scripts, styles and fonts only (nothing inline, nothing from
 * elsewhere), calls to this origin, and pictures it made itself (`blob:`, the swimlane fetched with the
 * token).
 */
export const APP_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'; manifest-src 'self'";
/** For everything else: JSON, and the SVG/HTML views of a sak's course (inline styles only). */
export const API_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-dns-prefetch-control': 'off',
  'x-permitted-cross-domain-policies': 'none',
};

/**
 * Hardening of the HTTP edge, as Fastify hooks (no extra dependencies): security headers on every
 * response, per-client rate limiting (429 problem+json with Retry-After), and CORS for the configured
 * origins only. The body size limit (413) is Fastify's `bodyLimit` (SAKSGANG_BODY_LIMIT).
 */
export function registerHardening(app: NestFastifyApplication, config: SaksgangConfig): void {
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  fastify.addHook('onSend', async (req: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) if (!reply.hasHeader(k)) void reply.header(k, v);
    // Decided on the route Fastify matched, never on the URL text (which may be encoded, doubled …).
    void reply.header('content-security-policy', isDocsRoute(req) ? DOCS_CSP : erAppRute(matchedRoute(req)) ? APP_CSP : API_CSP);
    void reply.removeHeader('x-powered-by');
    return payload;
  });
  if (config.rateLimitPerMinute > 0) registerRateLimit(fastify, config.rateLimitPerMinute);
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
 * Fixed one-minute windows per client address. Health checks are exempt (orchestrators poll them).
 * In-process: with several instances behind a load balancer, each counts on its own.
 */
function registerRateLimit(fastify: FastifyInstance, perMinute: number): void {
  const windows = new Map<string, { count: number; resetAt: number }>();
  let lastSweep = Date.now();
  fastify.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    if (isHealthRoute(req)) return;
    const now = Date.now();
    if (now - lastSweep > 60_000) {
      for (const [k, w] of windows) if (w.resetAt <= now) windows.delete(k);
      lastSweep = now;
    }
    const key = req.ip || 'unknown';
    let w = windows.get(key);
    if (!w || w.resetAt <= now) {
      w = { count: 0, resetAt: now + 60_000 };
      windows.set(key, w);
    }
    w.count++;
    const resetSeconds = Math.max(1, Math.ceil((w.resetAt - now) / 1000));
    void reply.header('ratelimit-limit', String(perMinute));
    void reply.header('ratelimit-remaining', String(Math.max(0, perMinute - w.count)));
    void reply.header('ratelimit-reset', String(resetSeconds));
    if (w.count > perMinute) {
      const body = problem(429, 'too_many_requests', 'For mange forespørsler', `Mer enn ${perMinute} forespørsler i minuttet fra denne klienten. Prøv igjen om ${resetSeconds} s.`, instanceFor(req.url));
      return reply.status(429).header('retry-after', String(resetSeconds)).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
    }
    return undefined;
  });
}
