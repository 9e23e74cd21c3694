/**
 * Whether traces are on: the standard OpenTelemetry variables, read without loading the SDK (traces
 * off cost nothing: main.ts loads telemetri.ts only when this gives an endpoint).
 */
export type Env = Record<string, string | undefined>;

const truthy = (v: string | undefined) => ['true', '1', 'on', 'yes'].includes((v ?? '').trim().toLowerCase());

/**
 * The OTLP/HTTP traces endpoint the standard variables configure, or undefined (traces off): none
 * set, `OTEL_SDK_DISABLED=true`, or `OTEL_TRACES_EXPORTER=none`.
 */
export function otlpTracesEndpoint(env: Env): string | undefined {
  if (truthy(env['OTEL_SDK_DISABLED'])) return undefined;
  if ((env['OTEL_TRACES_EXPORTER'] ?? '').split(',').map((s) => s.trim()).includes('none')) return undefined;
  const traces = env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT']?.trim();
  if (traces) return traces;
  const base = env['OTEL_EXPORTER_OTLP_ENDPOINT']?.trim();
  return base ? `${base.replace(/\/+$/, '')}/v1/traces` : undefined;
}
