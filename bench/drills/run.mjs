/* global process, console */
// `npm run drill -- <kill9|idempotency|conflicts|pg-restart|all>`: runs the fault drill(s); exits
// non-zero if any fails. Loopback only, bounded in time and count. See bench/README.md.
const which = process.argv[2] ?? 'all';
const drills = {
  kill9: async () => (await import('./kill9.mjs')).drillKill9(),
  idempotency: async () => (await import('./idempotency.mjs')).drillIdempotency(),
  conflicts: async () => (await import('./conflicts.mjs')).drillConflicts(),
  'pg-restart': async () => (await import('./pg-restart.mjs')).drillPgRestart(),
};
const names = which === 'all' ? Object.keys(drills) : [which];
if (names.some((n) => !drills[n])) {
  console.error(`Unknown drill '${which}'. Choose one of: ${Object.keys(drills).join(', ')}, all.`);
  process.exit(2);
}
const failed = [];
for (const n of names) {
  console.log(`\n=== drill ${n} ===`);
  const started = Date.now();
  try {
    if (!(await drills[n]())) failed.push(n);
  } catch (e) {
    console.error(`drill ${n} crashed: ${e?.stack ?? e}`);
    failed.push(n);
  }
  console.log(`(${Math.round((Date.now() - started) / 1000)} s)`);
}
console.log(failed.length ? `\nFAILED: ${failed.join(', ')}` : `\nall drills passed: ${names.join(', ')}`);
process.exit(failed.length ? 1 : 0);
