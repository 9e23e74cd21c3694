import 'reflect-metadata';

import { run } from './cli.js';

run(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`saksgang: ${(e as Error)?.stack ?? String(e)}\n`);
    process.exitCode = 3;
  },
);
