import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { describeConfig, loadConfigOrReport } from '@saksgang/application';
import { createApp, startMetricsPort } from './bootstrap.js';

async function main(): Promise<void> {
  const config = loadConfigOrReport(process.env, 'saksgang cannot start.\n');
  if (!config) process.exit(2);
  const app = await createApp({ config });
  await app.listen({ port: config.port, host: config.host });
  const metricsPort = await startMetricsPort(app, config);
  const logger = new Logger('saksgang');
  logger.log({ msg: 'listening', url: await app.getUrl(), docs: `${await app.getUrl()}/docs`, ...(metricsPort !== undefined ? { metricsPort } : {}), config: describeConfig(config) });
}

main().catch((e: unknown) => {
  const err = e as Error;
  process.stderr.write(`saksgang failed to start: ${err?.message ?? String(e)}\n`);
  process.exit(1);
});
