import 'reflect-metadata';
import { otlpTracesEndpoint } from './telemetri/endpoint.js';

async function main(): Promise<void> {
  // Traces first, before Nest and Fastify are loaded (the request spans patch Node's http server);
  // with no OTLP endpoint configured the SDK is not even loaded. (Relative paths only: the build
  // rewrites the `@saksgang/…` aliases of static imports, not of dynamic ones.)
  const telemetri = otlpTracesEndpoint(process.env) ? (await import('./telemetri/telemetri.js')).startTelemetri(process.env) : undefined;
  const { serve } = await import('./serve.js');
  await serve(telemetri);
}

main().catch((e: unknown) => {
  const err = e as Error;
  process.stderr.write(`saksgang failed to start: ${err?.message ?? String(e)}\n`);
  process.exit(1);
});
