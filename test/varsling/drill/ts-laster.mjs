/* global process, URL */
// A module loader for the drill's child process: TypeScript by @swc/core (the compiler jest uses),
// `@saksgang/x` to libs/x/src/index.ts and `./y.js` to `./y.ts`, so the child runs the service from
// source like the tests do — and can be killed with SIGKILL like a real process.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve as resolvePath } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { transformSync } from '@swc/core';

const ROOT = resolvePath(dirname(fileURLToPath(import.meta.url)), '../../..');

export async function resolve(specifier, context, next) {
  const alias = /^@saksgang\/([a-z-]+)$/.exec(specifier);
  if (alias) return { url: pathToFileURL(join(ROOT, 'libs', alias[1], 'src', 'index.ts')).href, shortCircuit: true };
  if ((specifier.startsWith('.') || specifier.startsWith('/')) && specifier.endsWith('.js') && context.parentURL?.startsWith('file:')) {
    const ts = fileURLToPath(new URL(specifier.replace(/\.js$/, '.ts'), context.parentURL));
    if (existsSync(ts)) return { url: pathToFileURL(ts).href, shortCircuit: true };
  }
  return next(specifier, context);
}

export async function load(url, context, next) {
  if (url.startsWith('file:') && url.endsWith('.ts')) {
    const source = readFileSync(fileURLToPath(url), 'utf8');
    const { code } = transformSync(source, {
      filename: fileURLToPath(url),
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
        target: 'es2022',
        keepClassNames: true,
      },
      module: { type: 'es6' },
      sourceMaps: 'inline',
    });
    return { format: 'module', source: code, shortCircuit: true };
  }
  return next(url, context);
}

if (process.env.SAKSGANG_DRILL_LASTER_TEST) process.stdout.write('ok\n');
