/**
 * Traces with OpenTelemetry (@opentelemetry/sdk-node), exported over OTLP/HTTP (JSON) when an
 * endpoint is configured by the standard variables — `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, or
 * `OTEL_EXPORTER_OTLP_ENDPOINT` (+ `/v1/traces`) — and off otherwise: no SDK, no exporter, no
 * instrumentation; the spans the code asks for through @opentelemetry/api are then no-ops.
 *
 * Started before Nest (main.ts loads this module, then serve.ts with Nest and Fastify). Spans:
 * - one per request (@opentelemetry/instrumentation-http; the caller's W3C `traceparent` continues
 *   its trace), named by method and the route Fastify matched (`POST /saker/:sakId/bestillinger`),
 *   with `http.route` and `http.response.status_code` — never a header (so never a token) and no
 *   query values (`url.query` keeps the parameter names only); health checks and `/metrics` have none;
 * - one per command (libs/application's command path: category, workflow step, outcome);
 * - one per projection batch (libs/projections' worker: projection name, number of events).
 *
 * The trace id is the correlation id recorded on a request's events when the client sends no
 * `X-Correlation-Id` (http/command-headers.ts), so an auditor's event leads to its trace.
 * Other standard variables are the SDK's own: `OTEL_SERVICE_NAME` (default `saksgang`),
 * `OTEL_EXPORTER_OTLP_HEADERS`, `OTEL_TRACES_SAMPLER`, `OTEL_BSP_*`, `OTEL_SDK_DISABLED`.
 */
import type { IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { ATTR_HTTP_ROUTE, ATTR_URL_QUERY } from '@opentelemetry/semantic-conventions';
import { type Env, otlpTracesEndpoint } from './endpoint.js';
import { routeOf } from './trace-context.js';

export interface Telemetri {
  /** Where the spans go (without any user or password in the URL). */
  readonly endpoint: string;
  /** Sends what is still buffered and stops the SDK. */
  shutdown(): Promise<void>;
}

/** A URL as it may be logged: no user or password. */
function shown(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.href;
  } catch {
    return '(not a URL)';
  }
}

/** Requests that get no span: the orchestrator's probes and the scraper. */
const UNTRACED = /^\/(health(\/|$|\?)|metrics($|\?))/;

/** `a=1&b=2` → `a=REDACTED&b=REDACTED`: which parameters, not what was searched for. */
export function redactedQuery(search: string): string {
  const names = [...new URLSearchParams(search).keys()];
  return names.map((n) => `${encodeURIComponent(n)}=REDACTED`).join('&');
}

/**
 * Starts the SDK when an endpoint is configured (see {@link otlpTracesEndpoint}); undefined when traces
 * are off (nothing is started). Call before Nest and Fastify are loaded.
 */
export function startTelemetri(env: Env = process.env): Telemetri | undefined {
  const endpoint = otlpTracesEndpoint(env);
  if (!endpoint) return undefined;
  const http = new HttpInstrumentation({
    ignoreIncomingRequestHook: (req) => UNTRACED.test(req.url ?? ''),
    // Outgoing calls (webhooks, the exporter itself) get no spans: a webhook's URL may carry a secret.
    disableOutgoingRequestInstrumentation: true,
    // No header is copied into a span (headersToSpanAttributes is not set), so no token ever is.
    startIncomingSpanHook: (req) => {
      const q = (req.url ?? '').indexOf('?');
      return q >= 0 ? { [ATTR_URL_QUERY]: redactedQuery(req.url!.slice(q + 1)) } : {};
    },
    applyCustomAttributesOnSpan: (span, req) => {
      const route = routeOf(req as IncomingMessage);
      if (!route) return;
      span.setAttribute(ATTR_HTTP_ROUTE, route);
      span.updateName(`${(req as IncomingMessage).method ?? 'GET'} ${route}`);
    },
  });
  const sdk = new NodeSDK({
    ...(env['OTEL_SERVICE_NAME']?.trim() ? {} : { serviceName: 'saksgang' }),
    // JSON over HTTP; the exporter reads the endpoint and headers from the same variables.
    traceExporter: new OTLPTraceExporter(),
    instrumentations: [http],
    // Traces only: the metrics are prom-client's (/metrics), the log is pino's.
    metricReaders: [],
    logRecordProcessors: [],
  });
  sdk.start();
  // The instrumentation patches `http` when it is required; ask for it once here, so the patch is in
  // place whoever loaded the module first (an ES module's import does not pass the require hook).
  createRequire(import.meta.url)('node:http');
  return { endpoint: shown(endpoint), shutdown: () => sdk.shutdown() };
}

