/* global process, console, setTimeout, clearTimeout */
// Projections: the rebuild rate of all six read models over ≥ 1,000,000 events (seeded through the
// store's append in large batches), on PostgreSQL and PGlite; and the latency of the saksforløp
// (GET /saker/:id/forloep) for a sak with 1,000 events.
import { randomUUID } from 'node:crypto';
import { ACTORS, STEG, appendCopies, benchPgUrl, inProcessApp, korrigering, lib, nowMs, postgresVersion, progressBar, record, registrerBody, round, sleep, summarize, table } from './lib.mjs';

const EVENTS = Number(process.env.BENCH_PROJECTION_EVENTS ?? 1_000_000);
// PGlite appends single-threaded (~1,500 events/s in batches here): 1M events would take ~15 min to seed.
const PGLITE_EVENTS = Number(process.env.BENCH_PGLITE_PROJECTION_EVENTS ?? 100_000);
const PER_SAK = 20;
const FORLOEP_REPS = 200;
const REBUILD_CAP_SECONDS = Number(process.env.BENCH_REBUILD_SECONDS ?? 150);
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const quiet = { log: () => undefined, warn: () => undefined, error: (m) => console.error(m) };

async function forloepLatency(label, backend, pgUrl) {
  const app = await inProcessApp(backend, { projections: true, pgUrl });
  try {
    const reg = await app.request('POST', '/saker', { headers: ACTORS.psu, body: registrerBody(1) });
    const sakId = reg.json.sakId;
    const k = await app.request('POST', `/saker/${sakId}/korrigeringer`, { headers: ACTORS.psu, body: korrigering('Handlingsplan 1', 'v0') });
    if (k.status !== 201) throw new Error(`korrigering → ${k.status} ${k.text}`);
    const [, template] = await app.store.readStream(`sak-${sakId}`);
    await appendCopies(app.store, `sak-${sakId}`, template, 998, (i) => ({ gammelVerdi: `v${i}`, nyVerdi: `v${i + 1}` }));
    const deadline = Date.now() + 120_000;
    let steps = 0;
    while (Date.now() < deadline) {
      const r = await app.request('GET', `/saker/${sakId}/forloep`);
      steps = r.status === 200 ? r.json.steg.length : 0;
      if (steps >= 1000) break;
      await sleep(200);
    }
    if (steps < 1000) throw new Error(`the saksforløp showed ${steps} of 1,000 steps after 2 minutes`);
    const lat = [];
    const bar = progressBar(`${label}: saksforløp, 1,000 events`, FORLOEP_REPS);
    for (let i = 0; i < FORLOEP_REPS; i++) {
      const t0 = nowMs();
      const r = await app.request('GET', `/saker/${sakId}/forloep`);
      lat.push(nowMs() - t0);
      if (r.status !== 200 || r.json.steg.length !== 1000) throw new Error(`forloep → ${r.status}`);
      bar.update(i + 1);
    }
    bar.stop();
    return { backend: label, ...summarize(lat), bytes: (await app.request('GET', `/saker/${sakId}/forloep`)).text.length };
  } finally {
    await app.close();
  }
}

/** A template journey of PER_SAK events, cloned with fresh ids into `count` saker. */
async function seed(label, app, total) {
  const { sealEvents } = await lib('event-store');
  const reg = await app.request('POST', '/saker', { headers: ACTORS.psu, body: registrerBody(0) });
  const sakId = reg.json.sakId;
  for (const [actor, sti, body] of STEG) {
    const r = await app.request('POST', `/saker/${sakId}${sti}`, { headers: ACTORS[actor], body });
    if (r.status !== 201) throw new Error(`${sti} → ${r.status} ${r.text}`);
  }
  let title = 'Handlingsplan 0';
  for (let i = 0; i < PER_SAK - 1 - STEG.length; i++) {
    const r = await app.request('POST', `/saker/${sakId}/korrigeringer`, { headers: ACTORS.psu, body: korrigering(title, `t${i}`, i) });
    if (r.status !== 201) throw new Error(`korrigering → ${r.status} ${r.text}`);
    title = `t${i}`;
  }
  const template = (await app.store.readStream(`sak-${sakId}`)).map((e) => {
    const { hash: _h, previousHash: _p, ...metadata } = e.metadata;
    return JSON.stringify({ id: e.id, type: e.type, data: e.data, metadata });
  });
  const head = await app.store.readAll({ maxCount: 1_000_000 });
  const saker = Math.ceil((total - head.length) / PER_SAK);
  const bar = progressBar(`${label}: seeding ${saker * PER_SAK + head.length} events`, saker * PER_SAK + head.length);
  let done = 0;
  const t0 = nowMs();
  const concurrency = 8;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      for (let s = w; s < saker; s += concurrency) {
        const ids = new Map();
        const fresh = (u) => {
          let v = ids.get(u);
          if (!v) ids.set(u, (v = randomUUID()));
          return v;
        };
        const events = template.map((t) => JSON.parse(t.replace(UUID, fresh)));
        const stream = `sak-${fresh(sakId)}`;
        await app.store.appendToStream(stream, sealEvents(stream, 0n, null, events), { expectedRevision: 'no_stream' });
        done += events.length;
        if (s % 50 === 0) bar.update(done + head.length);
      }
    }),
  );
  bar.update(done + head.length);
  bar.stop();
  return { events: done + head.length, seedSeconds: round((nowMs() - t0) / 1000, 1) };
}

async function rebuild(label, backend, pgUrl, total) {
  const { ProjectionRunner, checkpointTable, lesemodeller } = await lib('projections');
  const app = await inProcessApp(backend, { pgUrl });
  try {
    const seeded = await seed(label, app, total);
    const runner = new ProjectionRunner({ store: app.store, sql: app.sql, projections: lesemodeller(), logger: quiet });
    const names = runner.projectionNames;
    // Concurrent rebuild() calls race on CREATE TABLE IF NOT EXISTS of the checkpoint table (a unique
    // violation in pg_type on PostgreSQL): create it first.
    await checkpointTable.ensure(app.sql);
    const processed = new Map(names.map((n) => [n, 0]));
    const perProjection = {};
    const bar = progressBar(`${label}: rebuilding ${names.length} read models`, seeded.events * names.length);
    const t0 = nowMs();
    let capped = false;
    // All six at once, as an operator's `saksgang rebuild` does: the log is read once, each page of
    // 2,000 events goes to every read model (each in its own transaction, in parallel).
    const all = runner
      .rebuildMany(names, (p) => {
        processed.set(p.projection, p.processed);
        if (p.processed === p.total) perProjection[p.projection] ??= round((nowMs() - t0) / 1000, 1);
        bar.update([...processed.values()].reduce((a, b) => a + b, 0));
      });
    // Bounded: after REBUILD_CAP_SECONDS the rate is taken from the events processed so far.
    let timer;
    const cap = new Promise((r) => (timer = setTimeout(() => r('cap'), REBUILD_CAP_SECONDS * 1000)));
    if ((await Promise.race([all.then(() => 'done'), cap])) === 'cap') capped = true;
    clearTimeout(timer);
    const seconds = (nowMs() - t0) / 1000;
    bar.stop();
    await runner.stop();
    // A stopped rebuild never settles (it resolves when the head is reached): do not wait for a cut-off one.
    all.catch(() => undefined);
    const avgProcessed = [...processed.values()].reduce((a, b) => a + b, 0) / names.length;
    const sakerInModel = Number((await app.sql.query('SELECT count(*)::int AS n FROM saksforloep_sak')).rows[0].n);
    return {
      backend: label,
      events: seeded.events,
      seedSeconds: seeded.seedSeconds,
      readModels: names.length,
      rebuildSeconds: round(seconds, 1),
      processedPerReadModel: round(avgProcessed, 0),
      completed: !capped,
      eventsPerSecond: round((capped ? avgProcessed : seeded.events) / seconds, 0),
      sakerInModel,
      perProjection: Object.fromEntries(names.map((n) => [n, perProjection[n] ?? `${processed.get(n)} events in ${round(seconds, 0)} s (cut off)`])),
    };
  } finally {
    await app.close();
  }
}

export async function runProjections() {
  const url = benchPgUrl();
  let pgInfo;
  const forloep = [];
  const rebuilds = [];
  if (url) {
    pgInfo = await postgresVersion(url);
    forloep.push(await forloepLatency('PostgreSQL', 'postgres', url));
    rebuilds.push(await rebuild('PostgreSQL', 'postgres', url, EVENTS));
  }
  forloep.push(await forloepLatency('PGlite', 'pglite'));
  if (process.env.BENCH_SKIP_PGLITE_REBUILD !== '1') rebuilds.push(await rebuild('PGlite', 'pglite', undefined, PGLITE_EVENTS));
  console.log('');
  const mdRebuild = table(rebuilds, ['backend', 'events', 'readModels', 'rebuildSeconds', 'completed', 'processedPerReadModel', 'eventsPerSecond', 'seedSeconds', 'sakerInModel']);
  console.log('');
  const mdForloep = table(forloep, ['backend', 'n', 'p50', 'p99', 'max', 'bytes']);
  const pgR = rebuilds.find((r) => r.backend === 'PostgreSQL');
  const notes = [
    `Seeded ${EVENTS.toLocaleString('en-US')}+ events on PostgreSQL and ${PGLITE_EVENTS.toLocaleString('en-US')}+ on PGlite (BENCH_PGLITE_PROJECTION_EVENTS; PGlite seeds too slowly for 1M in minutes): a template journey of ${PER_SAK} events (register, triage, order, receive, delegate, corrections) recorded through the command path, cloned with fresh ids into new saker and appended one sak per append (8 concurrent), sealed into each stream's hash chain.`,
    `Rebuild: all six read models rebuilt at once (ProjectionRunner.rebuildMany, as the CLI's rebuild does): the log is read once in pages of 2,000 events, and each page is applied to every read model set-based (RowBatch: one load and one write statement per read model and page), each read model in its own transaction, in parallel; eventsPerSecond = events in the log ÷ wall time until all six reached the head. The rebuild is cut off after ${REBUILD_CAP_SECONDS} s (BENCH_REBUILD_SECONDS) to keep the run to minutes; then (completed = false) the rate is the events each read model processed on average ÷ that time.`,
    `Per read model, seconds until done: ${rebuilds.map((r) => `${r.backend}: ${Object.entries(r.perProjection).map(([k, v]) => `${k} ${v}`).join(', ')}`).join('; ')}.`,
    `Saksforløp: GET /saker/:id/forloep in-process (Fastify inject) for a sak with 1,000 events, ${FORLOEP_REPS} times; ms.`,
    `Targets: rebuild ≥ 20,000 events/s on PostgreSQL${pgR ? ` (measured ${pgR.eventsPerSecond.toLocaleString('en-US')} → ${pgR.eventsPerSecond >= 20000 ? 'met' : `MISSED by ${round(100 - (100 * pgR.eventsPerSecond) / 20000, 0)} %`})` : ''}; saksforløp p99 ≤ 20 ms (${forloep.map((f) => `${f.backend} ${f.p99} ms → ${f.p99 <= 20 ? 'met' : 'MISSED'}`).join(', ')}).`,
  ];
  record('projections', { command: 'npm run bench -- projections', data: { events: EVENTS, rebuilds, forloep }, sections: [{ title: 'Rebuild of the read models', markdown: mdRebuild }, { title: 'Saksforløp latency, sak with 1,000 events', markdown: mdForloep }], notes, extraMachine: { postgres: pgInfo } });
}
