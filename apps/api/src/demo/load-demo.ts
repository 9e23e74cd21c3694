/**
 * Loads the demo helsefellesskap (Helsefellesskapet i nordre Trøndelag) into the configured store —
 * pglite, postgres or eventstoredb, from the same environment variables as the server:
 *
 *     npm run demo:load
 *
 * Idempotent: loading again records nothing new. Exits non-zero on failure.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { DemoLoader, loadConfigOrReport, SaksgangModule } from '@saksgang/application';
import cliProgress from 'cli-progress';

async function main(): Promise<number> {
  const config = loadConfigOrReport(process.env);
  if (!config) return 2;
  // The same wiring as the server (store, clock, command path), without HTTP.
  const app = await NestFactory.createApplicationContext(SaksgangModule.forRoot({ config }), { logger: ['error', 'warn'] });
  const bar = new cliProgress.SingleBar({ format: 'demo [{bar}] {value}/{total} {steg}', hideCursor: true }, cliProgress.Presets.shades_classic);
  try {
    const loader = app.get(DemoLoader);
    let started = false;
    const result = await loader.load(({ done, total, steg }) => {
      if (!started) {
        bar.start(total, 0, { steg: '' });
        started = true;
      }
      bar.update(done, { steg });
    });
    bar.stop();
    process.stdout.write(
      `Demo helsefellesskap loaded into ${config.store.backend}: ${result.total} steps, ${result.recordedEvents} events recorded, ${result.alreadyLoaded} steps were already there.\n`,
    );
    return 0;
  } catch (e) {
    bar.stop();
    process.stderr.write(`Loading the demo failed: ${(e as Error)?.message ?? String(e)}\n`);
    return 1;
  } finally {
    await app.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`Loading the demo failed: ${(e as Error)?.message ?? String(e)}\n`);
    process.exit(1);
  },
);
