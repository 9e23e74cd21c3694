/* global module -- a CommonJS config file (the package is ESM) */
/**
 * Layer rules for every package, checked by `npm run lint:deps` (part of `npm test`) and by
 * test/architecture/layers.test.ts (which also shows that a forbidden import fails).
 *
 *   apps/*            entry points; the only place that wires Nest (plus libs/application, see below)
 *   libs/application  command path, CQRS handlers, configuration → domain, event-store, projections
 *   libs/audit        auditors' tools                             → domain, event-store, projections
 *   libs/projections  read models                                 → domain, event-store
 *   libs/event-store  the store port and its backends             → nothing of ours
 *   libs/domain       pure: decide/evolve                         → nothing outside itself
 *
 * Paths are relative to the repository root. Type-only imports count (tsPreCompilationDeps), so a
 * cycle made of `import type` is a cycle too.
 */

/** Another library, seen from the importing module's own library `$1` (a group of `from.path`). */
const OTHER_LIB = '^libs/[^/]+/';
const LIB_INDEX = '^libs/[^/]+/src/index\\.ts$';
/** Nest packages, resolved (node_modules/@nestjs/…) or not (a tree without node_modules). */
const NEST = '(^|/)node_modules/@nestjs/|^@nestjs/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment:
        'libs/domain imports nothing outside itself: no other library, no Nest, no npm package, no Node module (not even node:crypto — it uses none). The clock, ids and the bodies come in the DecisionContext.',
      severity: 'error',
      from: { path: '^libs/domain/src/' },
      to: { pathNot: '^libs/domain/src/' },
    },
    {
      name: 'domain-specs-only-domain-and-test-tools',
      comment: "libs/domain's specs use the domain (through its index) and the test tools, nothing else.",
      severity: 'error',
      from: { path: '^libs/domain/spec/' },
      to: { pathNot: ['^libs/domain/(src|spec)/', '(^|/)node_modules/(@jest/globals|fast-check)/'] },
    },
    {
      name: 'event-store-imports-no-other-lib',
      comment: 'libs/event-store is the bottom of the infrastructure: it knows no domain, projection, application or audit code.',
      severity: 'error',
      from: { path: '^libs/event-store/' },
      to: { path: OTHER_LIB, pathNot: '^libs/event-store/' },
    },
    {
      name: 'projections-not-to-application-or-audit',
      comment: 'libs/projections builds read models from the domain and the store; the application (and audit) use it, not the other way round.',
      severity: 'error',
      from: { path: '^libs/projections/' },
      to: { path: '^libs/(application|audit)/' },
    },
    {
      name: 'audit-not-to-application',
      comment: 'libs/audit reads the store directly (verify, replay, export); it does not go through the command side.',
      severity: 'error',
      from: { path: '^libs/audit/' },
      to: { path: '^libs/application/' },
    },
    {
      name: 'libs-not-to-apps-or-tests',
      comment: 'Libraries never import the entry points or the tests.',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^(apps|test|bench)/' },
    },
    {
      name: 'nest-only-in-apps',
      comment:
        'Only apps/ wire Nest. Exception: libs/application, which today is a Nest module itself (SaksgangModule, @Injectable services, CQRS handlers) — see application-nest-as-library.',
      severity: 'error',
      from: { path: '^libs/', pathNot: '^libs/application/' },
      to: { path: NEST },
    },
    {
      name: 'application-nest-as-library',
      comment:
        'libs/application may use @nestjs/common (DI decorators, Logger, lifecycle hooks, DynamicModule) and @nestjs/cqrs (Command/Query, handlers, CqrsModule) — no HTTP, platform, swagger or bootstrap (@nestjs/core): those belong in apps/.',
      severity: 'error',
      from: { path: '^libs/application/' },
      to: { path: NEST, pathNot: '(^|/)node_modules/@nestjs/(common|cqrs)/|^@nestjs/(common|cqrs)(/|$)' },
    },
    {
      name: 'libs-only-through-index',
      comment: "Another library is imported through its index (`@saksgang/x` → libs/x/src/index.ts), never a deep path into its internals.",
      severity: 'error',
      from: { path: '^(libs/[^/]+|apps/[^/]+|test|bench)/' },
      to: { path: OTHER_LIB, pathNot: ['^$1/', LIB_INDEX] },
    },
    {
      name: 'libs-by-alias',
      comment: 'Another library is imported by its alias `@saksgang/x`, not by a relative path to its index.',
      severity: 'error',
      from: { path: '^(libs/[^/]+|apps/[^/]+|test|bench)/' },
      to: { path: LIB_INDEX, pathNot: '^$1/', dependencyTypesNot: ['aliased-tsconfig-paths'] },
    },
    {
      name: 'no-circular',
      comment: 'No import cycles, type-only ones included.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment:
        'Every import resolves — otherwise the rules above could not see where it goes. (Except the OpenAPI client types, which test/api/openapi-client.test.ts generates from the running service.)',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true, pathNot: '^\\./schema\\.generated\\.js$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|coverage|data|node_modules)/|^bench/results/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: true,
    reporterOptions: { text: { highlightFocused: true } },
  },
};
