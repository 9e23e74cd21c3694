import 'reflect-metadata';
import { otlpTracesEndpoint } from './telemetri/endpoint.js';

async function main(): Promise<void> {
  // Traces first, before Nest and Fastify are loaded (the request spans patch Node's http server);
  // with no OTLP endpoint configured the SDK is not even loaded.
  const telemetri = otlpTracesEndpoint(process.env) ? (await import('./telemetri/telemetri.js')).startTelemetri(process.env) : undefined;
  const { Logger } = await import('@nestjs/common');
  const { describeConfig, loadConfigOrReport } = await import('@saksgang/application');
  const { createApp, startMetricsPort } = await import('./bootstrap.js');
  const config = loadConfigOrReport(process.env, 'saksgang cannot start.\n');
  if (!config) process.exit(2);
  const app = await createApp({ config });
  // Spans still buffered go out when the app closes (SIGTERM: enableShutdownHooks).
  if (telemetri) app.getHttpAdapter().getInstance().addHook('onClose', () => telemetri.shutdown().catch(() => undefined));
  await app.listen({ port: config.port, host: config.host });
  const metricsPort = await startMetricsPort(app, config);
  const logger = new Logger('saksgang');
  logger.log({ msg: 'listening', url: await app.getUrl(), docs: `${await app.getUrl()}/docs`, ...(metricsPort !== undefined ? { metricsPort } : {}), traces: telemetri ? telemetri.endpoint : 'off', config: describeConfig(config) });
}

main().catch((e: unknown) => {
  const err = e as Error;
  process.stderr.write(`saksgang failed to start: ${err?.message ?? String(e)}\n`);
  process.exit(1);
});
