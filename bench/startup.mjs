/* global process, console, fetch, AbortSignal */
// Startup and memory of the embedded store (PGlite), as a newcomer meets it: the built service
// (node dist/apps/api/src/main.js) on a fresh SAKSGANG_DATA_DIR with the demo (SAKSGANG_DEMO=auto),
// time from launch to a healthy GET /health/ready; then, after it has settled, its resident memory;
// then stopped (SIGTERM) and started again on the same directory: time to ready and idle memory.
// Targets: first start with the demo ≤ 15 s, restart ≤ 5 s, idle RSS ≤ 300 MB.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAverage, nowMs, record, round, rssMb, sleep, startService, table } from './lib.mjs';

const ROUNDS = Number(process.env.BENCH_STARTUP_ROUNDS ?? 1);
/** How long the service is left alone before its memory is read (the demo's projections, JIT, GC). */
const SETTLE_MS = Number(process.env.BENCH_SETTLE_SECONDS ?? 10) * 1000;

async function untilReady(base, deadline) {
  while (nowMs() < deadline) {
    try {
      const r = await fetch(`${base}/health/ready`, { signal: AbortSignal.timeout(2000) });
      if (r.status === 200) return true;
    } catch {
      /* not yet */
    }
    await sleep(50);
  }
  return false;
}

async function start(label, dataDir) {
  const t0 = nowMs();
  const svc = await startService({ SAKSGANG_STORE: 'pglite', SAKSGANG_DATA_DIR: dataDir, SAKSGANG_DEMO: 'auto' }, { waitMs: 120_000 });
  const healthMs = nowMs() - t0;
  const ok = await untilReady(svc.base, t0 + 120_000);
  const readyMs = nowMs() - t0;
  if (!ok) {
    await svc.stop();
    throw new Error(`${label}: /health/ready was not 200 within 120 s:\n${svc.logs()}`);
  }
  const rssAtReady = rssMb(svc.pid);
  await sleep(SETTLE_MS);
  const idleRss = rssMb(svc.pid);
  await svc.stop();
  return { start: label, toHealthS: round(healthMs / 1000, 2), toReadyS: round(readyMs / 1000, 2), rssAtReadyMb: rssAtReady, idleRssMb: idleRss };
}

export async function runStartup() {
  const loadBefore = loadAverage();
  const rows = [];
  for (let i = 0; i < ROUNDS; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'saksgang-bench-startup-'));
    try {
      const dataDir = join(dir, 'data');
      rows.push(await start('first, with the demo', dataDir));
      rows.push(await start('restart, same directory', dataDir));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  console.log('');
  const md = table(rows, ['start', 'toHealthS', 'toReadyS', 'rssAtReadyMb', 'idleRssMb']);
  const worst = (label, key) => Math.max(...rows.filter((r) => r.start === label).map((r) => r[key]));
  const first = worst('first, with the demo', 'toReadyS');
  const again = worst('restart, same directory', 'toReadyS');
  const rss = Math.max(...rows.map((r) => r.idleRssMb));
  const verdict = (v, t, unit) => `${v} ${unit} (target ≤ ${t} ${unit}) → ${v <= t ? 'met' : `MISSED by ${round(v - t, 1)} ${unit}`}`;
  const notes = [
    `The built service, PGlite on a fresh temporary SAKSGANG_DATA_DIR, SAKSGANG_DEMO=auto (the demo helsefellesskap is loaded on the first start), projections on. Times from launching node to the first 200 from /health (toHealthS) and from /health/ready (toReadyS, the projections caught up); memory is VmRSS at ready and after ${SETTLE_MS / 1000} s idle. ${ROUNDS} round(s); the verdicts take the worst.`,
    `First start with the demo: ${verdict(first, 15, 's')}. Restart: ${verdict(again, 5, 's')}. Idle RSS: ${verdict(rss, 300, 'MB')}.`,
  ];
  record('startup', { data: { rounds: ROUNDS, settleMs: SETTLE_MS, rows }, sections: [{ title: 'Startup and memory, PGlite', markdown: md }], notes, loadBefore });
  return rows;
}
