/**
 * The service as the drill runs it in a child process (from source, see ts-laster.mjs): the whole
 * HTTP application on a PGlite data directory, listening on PORT; writes «klar <port>» when it answers.
 * The configuration comes from the environment, as in production.
 */
import { createApp } from '../../../apps/api/src/bootstrap.js';
import { loadConfig } from '@saksgang/application';

const config = loadConfig(process.env);
const app = await createApp({ config, logger: false });
await app.listen({ port: config.port, host: '127.0.0.1' });
process.stdout.write(`klar ${config.port}\n`);
