/* global process, console, setInterval, clearInterval */
// Command path over HTTP with autocannon: 16 concurrent clients each register a sak and take four
// workflow steps on it (triage, order, receive, delegate), again and again, against the real service
// process (node dist/apps/api/src/main.js), on PostgreSQL and on PGlite. Peak commands/s, p50/p99, the
// ratio to the raw INSERT loop (same run), p99 at half of peak (fixed rate); then the same journeys
// with the reads users make between the steps (the receiving body's arbeidsliste and the sak's
// saksforløp, each read-your-writes with minPosition of the last step); and the service's resident
// memory idle and under load.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { ACTORS, STEG, benchPgUrl, loadAverage, opprettOrganer, postgresVersion, record, redact, registrerBody, round, rssMb, sleep, startService, table, timed, wipeDatabase } from './lib.mjs';
import { rawLoop } from './store.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 16;
/** Which backends to run (comma-separated): postgres, pglite. */
const BACKENDS = (process.env.BENCH_BACKENDS ?? 'postgres,pglite').split(',').map((b) => b.trim());

/** The position of a write's answer (for the reads' minPosition: read-your-writes). */
function keepPosition(status, body, context) {
  if (status === 201) {
    try {
      context.position = JSON.parse(body).position;
    } catch {
      /* not JSON */
    }
  }
}

/**
 * One sak's journey per loop of the sequence: register, then the steps, with the sak id from the
 * first answer. With `reads`, after the order is received and after the delegation, the body that
 * now holds the sak reads its arbeidsliste, and the ordering body reads the saksforløp — each with
 * minPosition of the last step, as the web app does after a step.
 */
function requests({ reads = false, counts } = {}) {
  let n = 0;
  const tally = (kind, status) => {
    if (!counts) return;
    counts[kind] += 1;
    const k = `${kind} ${status}`;
    counts.byStatus[k] = (counts.byStatus[k] ?? 0) + 1;
  };
  const write = (r) => ({ ...r, onResponse: (status, body, context) => { tally('writes', status); if (r.onResponse) r.onResponse(status, body, context); else keepPosition(status, body, context); } });
  const read = (actor, path) => ({
    method: 'GET',
    headers: { ...ACTORS[actor] },
    setupRequest: (req, context) => ({ ...req, path: `${path(context)}?minPosition=${encodeURIComponent(context.position ?? '')}` }),
    onResponse: (status, body) => {
      tally('reads', status);
      if (status >= 300 && counts && !counts.sample) counts.sample = String(body).slice(0, 300);
    },
  });
  const steg = STEG.map(([actor, sti, body]) =>
    write({
      method: 'POST',
      headers: { 'content-type': 'application/json', ...ACTORS[actor] },
      body: JSON.stringify(body),
      setupRequest: (req, context) => ({ ...req, path: `/saker/${context.sakId}${sti}` }),
    }),
  );
  const registrer = write({
    method: 'POST',
    path: '/saker',
    headers: { 'content-type': 'application/json', ...ACTORS.psu },
    setupRequest: (req) => ({ ...req, body: JSON.stringify(registrerBody(n++)) }),
    onResponse: (status, body, context) => {
      if (status === 201) {
        const j = JSON.parse(body);
        context.sakId = j.sakId;
        context.position = j.position;
      }
    },
  });
  if (!reads) return [registrer, ...steg];
  return [
    registrer,
    steg[0],
    steg[1],
    steg[2],
    read('asu', () => '/organer/asu-hnt/arbeidsliste'),
    read('psu', (c) => `/saker/${c.sakId}/forloep`),
    steg[3],
    read('fagraad', () => '/organer/fagraad-kvalitet/arbeidsliste'),
    read('psu', (c) => `/saker/${c.sakId}/forloep`),
  ];
}

function cannon(base, opts) {
  return new Promise((resolve, reject) => {
    const { reads, counts, ...rest } = opts;
    const inst = autocannon({ url: base, connections: CONNECTIONS, duration: SECONDS, requests: requests({ reads, counts }), timeout: 20, ...rest }, (err, res) => (err ? reject(err) : resolve(res)));
    autocannon.track(inst, { renderProgressBar: false, renderResultsTable: false, renderLatencyTable: false });
  });
}

function figures(res) {
  const total = res.requests.total;
  return {
    commandsPerSecond: round(total / (res.duration || SECONDS), 0),
    p50: res.latency.p50,
    p99: res.latency.p99,
    max: res.latency.max,
    requests: total,
    non2xx: res.non2xx,
    errors: res.errors + res.timeouts,
  };
}

async function runOne(label, env, rawRate) {
  const svc = await startService(env, { waitMs: 120_000 });
  try {
    await opprettOrganer(svc.base);
    await sleep(3000);
    const idle = rssMb(svc.pid);
    let peakRss = idle;
    const sampler = setInterval(() => {
      try {
        peakRss = Math.max(peakRss, rssMb(svc.pid));
      } catch {
        /* gone */
      }
    }, 200);
    // Warm-up (JIT, pool), then the peak run, then half of peak at a fixed rate.
    await cannon(svc.base, { duration: 3 });
    const peak = await timed(`${label}: peak, ${CONNECTIONS} clients`, SECONDS * 1000, () => cannon(svc.base, {}));
    const p = figures(peak);
    const halfRate = Math.max(1, Math.round(p.commandsPerSecond / 2));
    const half = await timed(`${label}: half of peak (${halfRate}/s)`, SECONDS * 1000, () => cannon(svc.base, { overallRate: halfRate }));
    const h = figures(half);
    const counts = { writes: 0, reads: 0, byStatus: {} };
    const mixed = await timed(`${label}: writes + reads, ${CONNECTIONS} clients`, SECONDS * 1000, () => cannon(svc.base, { reads: true, counts }));
    const m = figures(mixed);
    const secs = mixed.duration || SECONDS;
    clearInterval(sampler);
    await sleep(3000);
    const idleAfter = rssMb(svc.pid);
    return {
      peak: { backend: label, load: `peak, ${CONNECTIONS} clients`, ...p, ratioToRaw: rawRate ? round(p.commandsPerSecond / rawRate, 2) : undefined },
      half: { backend: label, load: `fixed ${halfRate}/s (½ peak)`, ...h, ratioToRaw: undefined },
      mixed: { backend: label, load: `writes + reads, ${CONNECTIONS} clients`, ...m, requestsPerSecond: m.commandsPerSecond, commandsPerSecond: round(counts.writes / secs, 0), readsPerSecond: round(counts.reads / secs, 0), ratioToRaw: undefined, byStatus: counts.byStatus, sample: counts.sample },
      memory: { backend: label, idleRssMb: idle, peakRssUnderLoadMb: peakRss, idleAfterLoadRssMb: idleAfter },
    };
  } finally {
    await svc.stop();
  }
}

export async function runHttp() {
  const loadBefore = loadAverage();
  const url = benchPgUrl();
  const results = [];
  let raw;
  let pgInfo;
  if (url && BACKENDS.includes('postgres')) {
    pgInfo = await postgresVersion(url);
    await wipeDatabase(url);
    raw = await rawLoop(url, CONNECTIONS);
    await wipeDatabase(url);
    results.push(await runOne('PostgreSQL', { SAKSGANG_STORE: 'postgres', SAKSGANG_POSTGRES_URL: url }, raw.appendsPerSecond));
  }
  const dir = mkdtempSync(join(tmpdir(), 'saksgang-bench-http-'));
  try {
    if (BACKENDS.includes('pglite')) results.push(await runOne('PGlite', { SAKSGANG_STORE: 'pglite', SAKSGANG_DATA_DIR: join(dir, 'data') }, raw?.appendsPerSecond));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  console.log('');
  const rows = results.flatMap((r) => [r.peak, r.half, r.mixed]);
  if (raw) rows.unshift({ backend: 'raw INSERT tx (pg)', load: `${CONNECTIONS} clients`, commandsPerSecond: raw.appendsPerSecond, p50: raw.p50, p99: raw.p99, max: raw.max, requests: raw.n, ratioToRaw: 1 });
  const md = table(rows, ['backend', 'load', 'commandsPerSecond', 'readsPerSecond', 'p50', 'p99', 'max', 'requests', 'non2xx', 'errors', 'ratioToRaw']);
  console.log('');
  const mem = results.map((r) => r.memory);
  const mdMem = table(mem, ['backend', 'idleRssMb', 'peakRssUnderLoadMb', 'idleAfterLoadRssMb']);
  const notes = [
    `autocannon, ${CONNECTIONS} connections, ${SECONDS} s per row (after a 3 s warm-up); each connection loops: POST /saker, then POST …/nivaa, …/bestillinger, …/bestillinger/mottak, …/oppdrag on that sak (5 commands per sak). Latencies in ms. Projections run in the service (the default).`,
    'Writes + reads: the same journey with, after the order is received, GET /organer/asu-hnt/arbeidsliste (ASU) and GET /saker/:id/forloep (PSU), and after the delegation GET /organer/fagraad-kvalitet/arbeidsliste (the fagråd) and the saksforløp again — each with minPosition of the last step (read-your-writes: the read waits for the projection). 5 writes and 4 reads per sak; p50/p99 over both kinds.',
    'The raw loop is BEGIN; INSERT one event row; COMMIT with 16 pg clients on the same server, in the same run.',
    'Memory: VmRSS of the service process (/proc/<pid>/status), idle 3 s after start, the highest sample (every 200 ms) under load, and 3 s after the load.',
    ...results.map((r) => `${r.mixed.backend}, writes + reads, answers by kind and status: ${Object.entries(r.mixed.byStatus).map(([k, v]) => `${k}: ${v}`).join(', ')}.`),
    ...results.map((r) => {
      const t = [];
      if (raw) t.push(`≥ ½ raw loop: ${r.peak.commandsPerSecond} vs ${round(raw.appendsPerSecond / 2, 0)} → ${r.peak.commandsPerSecond >= raw.appendsPerSecond / 2 ? 'met' : `MISSED (${r.peak.ratioToRaw} of raw)`}`);
      if (r.peak.backend === 'PostgreSQL') t.push(`p99 at ½ peak ≤ 25 ms: ${r.half.p99} ms → ${r.half.p99 <= 25 ? 'met' : 'MISSED'}`);
      if (r.peak.backend === 'PGlite') {
        t.push(`≥ 250 commands/s: ${r.peak.commandsPerSecond} → ${r.peak.commandsPerSecond >= 250 ? 'met' : 'MISSED'}`);
        t.push(`p99 ≤ 150 ms at 16 clients: ${r.peak.p99} ms → ${r.peak.p99 <= 150 ? 'met' : 'MISSED'}`);
      }
      t.push(`idle RSS (${r.peak.backend === 'PGlite' ? '≤ 300 MB' : '≤ 250 MB'}): ${r.memory.idleRssMb} MB → ${r.memory.idleRssMb <= (r.peak.backend === 'PGlite' ? 300 : 250) ? 'met' : 'MISSED'}`);
      return `${r.peak.backend}: ${t.join('; ')}.`;
    }),
  ];
  record('http', {
    loadBefore,
    data: { seconds: SECONDS, connections: CONNECTIONS, raw, results, postgresUrl: url ? redact(url) : undefined },
    sections: [
      { title: 'Commands over HTTP', markdown: md },
      { title: 'Memory of the service process', markdown: mdMem },
    ],
    notes,
    extraMachine: { postgres: pgInfo },
  });
  return results;
}
