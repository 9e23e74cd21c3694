// Runs the CLI from its TypeScript sources without a build (tests, development):
//   node --import ./apps/cli/dev/register.mjs apps/cli/src/main.ts verify
// Resolves the @saksgang/* aliases to libs/<name>/src/index.ts and `./x.js` to `./x.ts`, and
// compiles TypeScript with @swc/core (the same settings as jest.config.js).
import { register } from 'node:module';

register('./swc-loader.mjs', import.meta.url);
