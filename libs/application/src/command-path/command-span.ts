import { type Attributes, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { commandOutcome } from './command-observer.js';

/** Through @opentelemetry/api only: without an SDK started (traces off) every span is a no-op. */
const tracer = trace.getTracer('saksgang.command-path');

/**
 * Runs `work` in a span of its own, a child of the request's: `command <category>.<step>` with the
 * category, the workflow step and how it ended (`saksgang.command.outcome`: accepted, refused,
 * conflict, error), and what the result tells (`describe`: counts, never the command's data). Only
 * an unexpected error marks the span as failed, by its class name (a refusal is an answer).
 */
export function traced<T>(category: string, step: string, work: () => Promise<T>, describe?: (result: T) => Attributes): Promise<T> {
  return tracer.startActiveSpan(
    `command ${category}.${step}`,
    { kind: SpanKind.INTERNAL, attributes: { 'saksgang.command.category': category, 'saksgang.command.step': step } },
    async (span) => {
      try {
        const result = await work();
        span.setAttributes({ 'saksgang.command.outcome': 'accepted', ...(describe?.(result) ?? {}) });
        return result;
      } catch (e) {
        const outcome = commandOutcome(e);
        span.setAttribute('saksgang.command.outcome', outcome);
        if (outcome === 'error') span.setStatus({ code: SpanStatusCode.ERROR, message: e instanceof Error ? e.name : 'Error' });
        throw e;
      } finally {
        span.end();
      }
    },
  );
}
