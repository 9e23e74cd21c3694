import { Logger } from '@nestjs/common';
import { describeConfig, loadConfigOrReport } from '@saksgang/application';
import { createApp, startMetricsPort } from './bootstrap.js';
import type { Telemetri } from './telemetri/telemetri.js';

/**
 * The API from the environment, listening: what `main.ts` starts once traces are (or are not) on.
 * A module of its own so that main.ts loads Nest and Fastify only after the OpenTelemetry SDK.
 */
export async function serve(telemetri: Telemetri | undefined): Promise<void> {
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
