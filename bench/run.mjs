/* global process, console */
// `npm run bench -- <store|http|history|projections|startup|web|all>`: runs the benchmark(s), prints a table, and
// records bench/results/<name>.json and .md. See bench/README.md.
const which = process.argv[2] ?? 'all';
const benches = {
  store: async () => (await import('./store.mjs')).runStore(),
  http: async () => (await import('./http.mjs')).runHttp(),
  history: async () => (await import('./history.mjs')).runHistory(),
  projections: async () => (await import('./projections.mjs')).runProjections(),
  startup: async () => (await import('./startup.mjs')).runStartup(),
  web: async () => (await import('./web.mjs')).runWeb(),
};
const names = which === 'all' ? Object.keys(benches) : [which];
for (const n of names) {
  if (!benches[n]) {
    console.error(`Unknown benchmark '${n}'. Choose one of: ${Object.keys(benches).join(', ')}, all.`);
    process.exit(2);
  }
}
for (const n of names) {
  console.log(`\n=== bench ${n} ===`);
  await benches[n]();
}
process.exit(process.exitCode ?? 0);
