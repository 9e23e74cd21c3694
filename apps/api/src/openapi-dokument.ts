import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { loadConfig } from '@saksgang/application';
import { openEventStore } from '@saksgang/event-store';
import { buildOpenApi, createApp } from './bootstrap.js';

/**
 * Writes the service's OpenAPI document (what `/docs-json` serves) to a file, without a server or a
 * data directory: for the web app's generated client (`npm run build:web`).
 * Usage: node dist/apps/api/src/openapi-dokument.js <file>
 */
async function main(): Promise<void> {
  const fil = process.argv[2];
  if (!fil) throw new Error('Usage: openapi-dokument <file>');
  const config = loadConfig({ SAKSGANG_STORE: 'pglite', SAKSGANG_DATA_DIR: 'memory://', SAKSGANG_DEMO: 'off', SAKSGANG_PROJECTIONS: 'off' });
  const opened = await openEventStore({ backend: 'pglite', dataDir: 'memory://' });
  const app = await createApp({ config, store: opened, logger: false });
  await app.init();
  const document = buildOpenApi(app);
  mkdirSync(dirname(fil), { recursive: true });
  writeFileSync(fil, `${JSON.stringify(document, null, 2)}\n`);
  await app.close();
  await opened.store.close();
}

main().catch((e: unknown) => {
  process.stderr.write(`openapi-dokument: ${(e as Error)?.message ?? String(e)}\n`);
  process.exit(1);
});
