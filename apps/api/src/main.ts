import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigError, describeConfig, loadConfig } from '@saksgang/application';
import { createApp } from './bootstrap.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`saksgang cannot start.\n${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  const app = await createApp({ config });
  await app.listen({ port: config.port, host: config.host });
  const logger = new Logger('saksgang');
  logger.log({ msg: 'listening', url: await app.getUrl(), docs: `${await app.getUrl()}/docs`, config: describeConfig(config) });
}

main().catch((e: unknown) => {
  const err = e as Error;
  process.stderr.write(`saksgang failed to start: ${err?.message ?? String(e)}\n`);
  process.exit(1);
});
