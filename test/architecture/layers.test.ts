/**
 * The layer rules (.dependency-cruiser.cjs, `npm run lint:deps`) hold for the real tree, and they bite:
 * a fixture tree with one forbidden import per rule is reported, each under its rule's name.
 */
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cruise, type ICruiseResult, type IViolation } from 'dependency-cruiser';
import extractDepcruiseConfig from 'dependency-cruiser/config-utl/extract-depcruise-config';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');
/** What `npm run lint:deps` cruises (checked against package.json below). */
const ROOTS = ['libs', 'apps', 'test', 'bench'];

async function cruiseTree(baseDir: string, roots: readonly string[]): Promise<ICruiseResult> {
  const { options, ...ruleSet } = await extractDepcruiseConfig(CONFIG);
  const tsConfigFile = join(baseDir, 'tsconfig.json');
  const { output } = await cruise(
    [...roots],
    { ...options, tsConfig: { fileName: tsConfigFile }, baseDir, validate: true, ruleSet, outputType: 'json' },
    {},
    { tsConfig: extractTSConfig(tsConfigFile) },
  );
  return (typeof output === 'string' ? JSON.parse(output) : output) as ICruiseResult;
}

function beskriv(v: IViolation): string {
  return `${v.rule.severity} ${v.rule.name}: ${v.from} → ${v.cycle ? v.cycle.map((c) => c.name).join(' → ') : v.to}`;
}

describe('the real tree', () => {
  it('has no violation of the layer rules, not even a warning', async () => {
    const result = await cruiseTree(ROOT, ROOTS);
    const violations = result.summary.violations;
    expect(violations.map(beskriv)).toEqual([]);
    // The rules saw the tree: the aliases resolved to the libraries' indexes.
    const application = result.modules.find((m) => m.source === 'libs/application/src/index.ts');
    expect(application).toBeDefined();
    expect(result.modules.some((m) => m.dependencies.some((d) => d.module === '@saksgang/domain' && d.resolved === 'libs/domain/src/index.ts'))).toBe(true);
  }, 60_000);

  it('is what `npm run lint:deps` checks', async () => {
    const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts['lint:deps']).toBe(`depcruise --config .dependency-cruiser.cjs ${ROOTS.join(' ')}`);
    expect(pkg.scripts['test']).toContain('npm run lint:deps');
  });
});

describe('a tree with forbidden imports', () => {
  let dir: string;
  let violations: IViolation[];

  const files: Record<string, string> = {
    'tsconfig.json': JSON.stringify({
      compilerOptions: {
        // dependency-cruiser resolves `paths` from the working directory (the repository) unless the
        // tsconfig names its baseUrl: without it the aliases would lead back into the real tree.
        baseUrl: '.',
        ignoreDeprecations: '6.0',
        module: 'nodenext',
        moduleResolution: 'nodenext',
        strict: true,
        paths: {
          '@saksgang/domain': ['./libs/domain/src/index.ts'],
          '@saksgang/application': ['./libs/application/src/index.ts'],
          '@saksgang/projections': ['./libs/projections/src/index.ts'],
          '@saksgang/event-store': ['./libs/event-store/src/index.ts'],
        },
      },
      include: ['libs/**/*.ts', 'apps/**/*.ts'],
    }),
    // The domain reaches for Nest, another library (relatively) and a Node I/O module.
    'libs/domain/src/index.ts': "export * from './urent.js';\nexport * from './sak/typer.js';\n",
    'libs/domain/src/urent.ts':
      "import { Injectable } from '@nestjs/common';\nimport type { Tjeneste } from '../../application/src/index.js';\nimport { readFileSync } from 'node:fs';\nexport const urent = [Injectable, readFileSync];\nexport type T = Tjeneste;\n",
    // The known sak cycle (only a warning) and a cycle through a fourth sak file (an error).
    'libs/domain/src/sak/typer.ts': "import type { Skjerming } from './skjerming.js';\nimport type { Vakt } from './vakter.js';\nexport type Sak = { s?: Skjerming; v?: Vakt };\n",
    'libs/domain/src/sak/skjerming.ts': "import type { Sak } from './typer.js';\nexport type Skjerming = { sak?: Sak };\n",
    'libs/domain/src/sak/vakter.ts': "import type { Sak } from './typer.js';\nexport type Vakt = (sak: Sak) => boolean;\n",
    // The application uses Nest as a library (allowed) and bootstraps it (not allowed).
    'libs/application/src/index.ts': "import { Injectable } from '@nestjs/common';\nimport { NestFactory } from '@nestjs/core';\nexport type Tjeneste = number;\nexport const nest = [Injectable, NestFactory];\n",
    // Projections import the application, Nest, and the domain's internals.
    'libs/projections/src/index.ts':
      "import type { Tjeneste } from '@saksgang/application';\nimport { Module } from '@nestjs/common';\nimport { urent } from '../../domain/src/urent.js';\nexport type P = Tjeneste;\nexport const p = [Module, urent];\n",
    // A type-only cycle in the store.
    'libs/event-store/src/index.ts': "export type { A } from './a.js';\n",
    'libs/event-store/src/a.ts': "import type { B } from './b.js';\nexport type A = { b?: B };\n",
    'libs/event-store/src/b.ts': "import type { A } from './a.js';\nexport type B = { a?: A };\n",
    // An app imports a library's internals.
    'apps/api/src/main.ts': "import { urent } from '../../../libs/domain/src/urent.js';\nimport { nest } from '@saksgang/application';\nexport const main = [urent, nest];\n",
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'saksgang-layers-'));
    for (const [name, text] of Object.entries(files)) {
      await mkdir(dirname(join(dir, name)), { recursive: true });
      await writeFile(join(dir, name), text);
    }
    // The real packages, so @nestjs/* resolves as in the repository.
    await symlink(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    violations = (await cruiseTree(dir, ['libs', 'apps'])).summary.violations;
  }, 60_000);
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const reported = (rule: string, from: string, to?: RegExp): boolean =>
    violations.some((v) => v.rule.name === rule && v.from === from && (to === undefined || to.test(v.to)));

  it('the domain importing Nest, another library or node:fs breaks domain-is-pure', () => {
    expect(reported('domain-is-pure', 'libs/domain/src/urent.ts', /@nestjs\/common/)).toBe(true);
    expect(reported('domain-is-pure', 'libs/domain/src/urent.ts', /^libs\/application\/src\/index\.ts$/)).toBe(true);
    expect(reported('domain-is-pure', 'libs/domain/src/urent.ts', /^fs$/)).toBe(true);
  });

  it('projections importing the application or Nest are refused', () => {
    expect(reported('projections-not-to-application-or-audit', 'libs/projections/src/index.ts', /^libs\/application\//)).toBe(true);
    expect(reported('nest-only-in-apps', 'libs/projections/src/index.ts', /@nestjs\/common/)).toBe(true);
  });

  it('libs/application may use @nestjs/common, not bootstrap Nest', () => {
    expect(reported('application-nest-as-library', 'libs/application/src/index.ts', /@nestjs\/core/)).toBe(true);
    expect(reported('application-nest-as-library', 'libs/application/src/index.ts', /@nestjs\/common/)).toBe(false);
  });

  it("a deep import into another library's internals, or a relative path to its index, is refused", () => {
    expect(reported('libs-only-through-index', 'libs/projections/src/index.ts', /^libs\/domain\/src\/urent\.ts$/)).toBe(true);
    expect(reported('libs-only-through-index', 'apps/api/src/main.ts', /^libs\/domain\/src\/urent\.ts$/)).toBe(true);
    expect(reported('libs-by-alias', 'libs/domain/src/urent.ts', /^libs\/application\/src\/index\.ts$/)).toBe(true);
    expect(reported('libs-by-alias', 'apps/api/src/main.ts')).toBe(false);
  });

  it('a type-only cycle is a cycle, in the domain as anywhere', () => {
    expect(reported('no-circular', 'libs/event-store/src/a.ts')).toBe(true);
    const sakSyklus = violations.filter((v) => v.cycle?.every((c) => /sak\/(skjerming|typer)\.ts$/.test(c.name)));
    expect(sakSyklus.length).toBeGreaterThan(0);
    expect(sakSyklus.every((v) => v.rule.name === 'no-circular' && v.rule.severity === 'error')).toBe(true);
    const medVakter = violations.filter((v) => v.cycle?.some((c) => c.name === 'libs/domain/src/sak/vakter.ts'));
    expect(medVakter.map((v) => `${v.rule.severity} ${v.rule.name}`)).toContain('error no-circular');
  });
});
