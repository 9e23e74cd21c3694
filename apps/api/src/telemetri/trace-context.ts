/**
 * What the request's span needs from Fastify and what the rest of the API needs from the span:
 * @opentelemetry/api only (no SDK), so harmless and without cost when traces are off.
 */
import type { IncomingMessage } from 'node:http';
import { type Span, type SpanContext, isSpanContextValid, trace } from '@opentelemetry/api';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** The route Fastify matched for a request (set by {@link registerTraceHooks}), and the request's span context. */
const ROUTES = new WeakMap<IncomingMessage, string>();
const SPANS = new WeakMap<IncomingMessage, SpanContext>();

/** The route pattern Fastify matched for the request (`/saker/:sakId`), once {@link registerTraceHooks} saw it. */
export function routeOf(req: IncomingMessage): string | undefined {
  return ROUTES.get(req);
}

/**
 * On every request: remembers the route Fastify matched (the request span's name and `http.route`)
 * and the request span's context (the correlation id's source, {@link traceIdOf}). Harmless when
 * traces are off (no span: nothing is kept).
 */
export function registerTraceHooks(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', async (req: FastifyRequest) => {
    const span: Span | undefined = trace.getActiveSpan();
    if (!span) return;
    const route = req.routeOptions?.url;
    if (route) ROUTES.set(req.raw, route);
    SPANS.set(req.raw, span.spanContext());
  });
}

/** The trace id of the request's span (32 hex digits), or undefined when the request has none (traces off). */
export function traceIdOf(req: FastifyRequest): string | undefined {
  const ctx = SPANS.get(req.raw) ?? trace.getActiveSpan()?.spanContext();
  return ctx && isSpanContextValid(ctx) ? ctx.traceId : undefined;
}
