// Jest runs in native ESM mode (NestJS 12 packages are ESM-only): see the `test` script.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'es6' },
    sourceMaps: 'inline',
  },
];

// ESM-only packages that CommonJS packages `require` (e.g. @fastify/static → content-disposition):
// Node 20's require(esm) is not available inside Jest's module loader, so Jest compiles them to CommonJS.
const esmRequiredFromCjs = ['content-disposition', 'cookie'];
const swcToCjs = ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }];

const base = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': swc,
    [`node_modules/(${esmRequiredFromCjs.join('|')})/.+\\.js$`]: swcToCjs,
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmRequiredFromCjs.join('|')})/)`],
  moduleNameMapper: {
    '^@saksgang/([a-z-]+)$': '<rootDir>/libs/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  rootDir: '.',
};

export default {
  // Two test files at a time, also on two cores: most of a file's time is spent waiting for a server, a
  // database or Chromium, so two workers take the suite from ~32 to ~20 minutes (measured). The tests
  // are written to hold on a loaded machine (timeouts, no shared database between files).
  maxWorkers: 2,
  projects: [
    // test/architecture: the layer rules (dependency-cruiser), fast and without a store, so they run with the unit tests.
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts', '<rootDir>/test/architecture/**/*.test.ts'] },
    {
      ...base,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/architecture/'],
      slowTestThreshold: 30,
      // Integration tests start services and stores: jest's 5 s do not hold on a busy two-core machine.
      testTimeout: 60_000,
    },
  ],
};
