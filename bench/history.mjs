/* global console */
// History growth: the time to load and decide on a sak with 10, 1,000 and 10,000 events, through the
// real command path (in-process HTTP via inject: validation, load + fold, decide, hash chain, append),
// and the time to load and fold it for a read (GET /saker/:id). Decides whether snapshots are needed.
import { ACTORS, appendCopies, benchPgUrl, inProcessApp, korrigering, nowMs, postgresVersion, progressBar, record, registrerBody, summarize, table } from './lib.mjs';

const SIZES = [10, 1_000, 10_000];
const REPS = 40;

async function backendRows(label, app) {
  const rows = [];
  for (const size of SIZES) {
    const reg = await app.request('POST', '/saker', { headers: ACTORS.psu, body: registrerBody(size) });
    if (reg.status !== 201) throw new Error(`register → ${reg.status} ${reg.text}`);
    const sakId = reg.json.sakId;
    const first = await app.request('POST', `/saker/${sakId}/korrigeringer`, { headers: ACTORS.psu, body: korrigering(`Handlingsplan ${size}`, 'v0') });
    if (first.status !== 201) throw new Error(`korrigering → ${first.status} ${first.text}`);
    const stream = `sak-${sakId}`;
    const [, template] = await app.store.readStream(stream);
    // size events in all: SakRegistrert + (size - 1) corrections, the title going v0 → v1 → …
    await appendCopies(app.store, stream, template, size - 2, (i) => ({ gammelVerdi: `v${i}`, nyVerdi: `v${i + 1}` }));
    let title = `v${size - 2}`;
    const decide = [];
    const read = [];
    const bar = progressBar(`${label}: ${size} events`, REPS);
    for (let r = 0; r < REPS; r++) {
      let t0 = nowMs();
      const g = await app.request('GET', `/saker/${sakId}`, { headers: ACTORS.psu });
      read.push(nowMs() - t0);
      if (g.status !== 200) throw new Error(`GET → ${g.status}`);
      const next = `x${r}`;
      t0 = nowMs();
      const c = await app.request('POST', `/saker/${sakId}/korrigeringer`, { headers: ACTORS.psu, body: korrigering(title, next, r) });
      decide.push(nowMs() - t0);
      if (c.status !== 201) throw new Error(`korrigering at ${size} → ${c.status} ${c.text}`);
      title = next;
      bar.update(r + 1);
    }
    bar.stop();
    const d = summarize(decide);
    const g = summarize(read);
    rows.push({ backend: label, events: size, 'command p50': d.p50, 'command p99': d.p99, 'read p50': g.p50, 'read p99': g.p99 });
  }
  return rows;
}

export async function runHistory() {
  const url = benchPgUrl();
  const rows = [];
  let pgInfo;
  if (url) {
    pgInfo = await postgresVersion(url);
    const app = await inProcessApp('postgres', { pgUrl: url });
    try {
      rows.push(...(await backendRows('PostgreSQL', app)));
    } finally {
      await app.close();
    }
  }
  const app = await inProcessApp('pglite');
  try {
    rows.push(...(await backendRows('PGlite', app)));
  } finally {
    await app.close();
  }
  console.log('');
  const md = table(rows);
  const at = (b, n) => rows.find((r) => r.backend === b && r.events === n);
  const pg10k = at('PostgreSQL', 10_000) ?? at('PGlite', 10_000);
  const notes = [
    `One sak per size: SakRegistrert plus corrections (seeded through the store's append, sealed into the hash chain), then ${REPS} × (GET /saker/:id, POST /saker/:id/korrigeringer) sequentially, in-process through Fastify inject. Latencies in ms.`,
    '`command` = validation, read the whole stream, fold, decide, seal, append; `read` = read the whole stream, fold, allowed steps.',
    `Snapshots: a sak in this domain has tens of events (a full journey through every step is ~30); at 1,000 events a command takes ${at('PostgreSQL', 1_000)?.['command p50'] ?? at('PGlite', 1_000)?.['command p50']} ms (p50), so snapshots are not needed for real saker. At 10,000 events the cost (${pg10k?.['command p50']} ms p50) grows linearly with the history: reading and folding every event on every command. If saker with thousands of events ever appear, a snapshot (state + revision, per decider version) would bound it.`,
  ];
  record('history', { data: { reps: REPS, rows }, sections: [{ title: 'Load and decide by history length', markdown: md }], notes, extraMachine: { postgres: pgInfo } });
}
