/* global process, console, setTimeout, clearTimeout, Buffer, fetch */
// Projections: the rebuild rate of all six read models over ≥ 1,000,000 events (seeded through the
// store's append on PostgreSQL, the same log copied into PGlite), on PostgreSQL and PGlite; and the
// latency of the saksforløp (GET /saker/:id/forloep) for a sak with 1,000 events, over HTTP.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { ACTORS, ROOT, STEG, appendCopies, benchPgUrl, inProcessApp, korrigering, lib, nowMs, postgresVersion, progressBar, record, registrerBody, round, sleep, startService, summarize, table, waitForQuiet, wipeDatabase } from './lib.mjs';

const EVENTS = Number(process.env.BENCH_PROJECTION_EVENTS ?? 1_000_000);
// PGlite appends single-threaded (~1,500 events/s in batches here): 1M events would take ~15 min to seed.
const PGLITE_EVENTS = Number(process.env.BENCH_PGLITE_PROJECTION_EVENTS ?? 100_000);
const PER_SAK = 20;
// 1,000 timed requests, so that p99 is the tenth slowest, not the second; after a warm-up (JIT, pools).
const FORLOEP_REPS = 1000;
const WARMUP = 50;
const REBUILD_CAP_SECONDS = Number(process.env.BENCH_REBUILD_SECONDS ?? 150);
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const quiet = { log: () => undefined, warn: () => undefined, error: (m) => console.error(m) };

/**
 * Times `reps` GETs of `path` after `warmup` untimed ones, from a client in a process of its own
 * (bench/latency-client.mjs): the time to the last byte of each body, over one kept-alive connection.
 */
async function overHttp(base, path, warmup, reps, bar) {
  const child = spawn(process.execPath, [join(ROOT, 'bench', 'latency-client.mjs'), `${base}${path}`, String(warmup), String(reps)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let pending = '';
  let err = '';
  child.stdout.on('data', (d) => {
    out += d;
    pending += d;
    const lines = pending.split('\n');
    pending = lines.pop();
    for (const line of lines) {
      const m = /^progress (\d+)$/.exec(line);
      if (m) bar.update(Number(m[1]));
    }
  });
  child.stderr.on('data', (d) => (err += d));
  const code = await new Promise((r) => child.once('exit', r));
  if (code !== 0) throw new Error(`the latency client failed (${code}): ${err}`);
  // Progress lines first; the result is the last line.
  const result = JSON.parse(out.trim().split('\n').pop());
  if (result.status !== 200 || result.type !== 'application/json; charset=utf-8') throw new Error(`GET ${path} → ${result.status} ${result.type}`);
  if (JSON.parse(result.body).steg.length !== 1000) throw new Error(`GET ${path} did not show 1,000 steps`);
  return { lat: result.lat, bytes: result.bytes };
}

/**
 * Saksforløp of a sak with 1,000 events. The sak is made and projected in this process; then the
 * real service (node dist/apps/api/src/main.js, projections on) is started on the same store and
 * timed over loopback HTTP by a client in a process of its own: the time a client waits for the
 * whole document. The earlier in-process measure (Fastify inject, the client's JSON.parse of the
 * body included) is kept for comparison.
 */
async function forloepLatency(label, backend, pgUrl) {
  const dir = backend === 'pglite' ? mkdtempSync(join(tmpdir(), 'saksgang-bench-forloep-')) : undefined;
  const dataDir = dir && join(dir, 'data');
  let sakId;
  let inject;
  const app = await inProcessApp(backend, { projections: true, pgUrl, dataDir });
  try {
    const reg = await app.request('POST', '/saker', { headers: ACTORS.psu, body: registrerBody(1) });
    sakId = reg.json.sakId;
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
    for (let i = 0; i < WARMUP; i++) await app.request('GET', `/saker/${sakId}/forloep`);
    await waitForQuiet(label);
    const lat = [];
    const bar = progressBar(`${label}: saksforløp in-process (inject), 1,000 events`, FORLOEP_REPS);
    for (let i = 0; i < FORLOEP_REPS; i++) {
      const t0 = nowMs();
      const r = await app.request('GET', `/saker/${sakId}/forloep`);
      lat.push(nowMs() - t0);
      if (r.status !== 200 || r.json.steg.length !== 1000) throw new Error(`forloep → ${r.status}`);
      bar.update(i + 1);
    }
    bar.stop();
    inject = { backend: label, measure: 'in-process inject, with the client’s JSON.parse', ...summarize(lat), bytes: Buffer.byteLength((await app.request('GET', `/saker/${sakId}/forloep`)).text) };
  } finally {
    await app.close();
  }
  const env = { SAKSGANG_PROJECTIONS: 'on', ...(backend === 'postgres' ? { SAKSGANG_STORE: 'postgres', SAKSGANG_POSTGRES_URL: pgUrl } : { SAKSGANG_STORE: 'pglite', SAKSGANG_DATA_DIR: dataDir }) };
  const service = await startService(env);
  try {
    const waited = await waitForQuiet(label);
    const bar = progressBar(`${label}: saksforløp over HTTP, 1,000 events`, FORLOEP_REPS);
    const { lat, bytes } = await overHttp(service.base, `/saker/${sakId}/forloep`, WARMUP, FORLOEP_REPS, bar);
    bar.stop();
    return [{ backend: label, measure: 'HTTP, the service in its own process (target)', ...summarize(lat), bytes, quietAfterSeconds: waited }, inject];
  } finally {
    await service.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
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

const COPY_PAGE = 5000;

/**
 * Copies the whole event log of the PostgreSQL bench database, in the log's order, into `sql` (a
 * fresh PGlite store): the same streams, revisions, ids, data and metadata (so every stream's hash
 * chain stays intact); positions are given anew by the receiving store. PGlite appends single-threaded
 * (about 1,500 events/s through es_append): a million events would take a quarter of an hour to
 * seed that way, and minutes to copy.
 */
async function copyLog(label, fromUrl, sql) {
  const src = new pg.Client({ connectionString: fromUrl });
  await src.connect();
  try {
    const total = Number((await src.query('SELECT count(*)::bigint AS n FROM es_events')).rows[0].n);
    const bar = progressBar(`${label}: copying ${total} events from PostgreSQL`, total);
    const t0 = nowMs();
    // One page as one JSON text, made by PostgreSQL: nothing is parsed on the way through Node.
    const page = (tx, pos) =>
      src.query(
        `WITH p AS (
           SELECT transaction_id, global_position, stream_name, stream_revision, event_id, event_type, data, metadata, recorded_at
             FROM es_events WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
            ORDER BY transaction_id, global_position LIMIT ${COPY_PAGE})
         SELECT count(*)::int AS n,
                json_agg(json_build_object('s', stream_name, 'r', stream_revision, 'i', event_id, 't', event_type, 'd', data, 'm', metadata, 'at', recorded_at)
                         ORDER BY transaction_id, global_position)::text AS rows,
                -- The page's last row. (Qualified: an unqualified name in ORDER BY would sort by the text output column.)
                (SELECT ARRAY[l.transaction_id::text, l.global_position::text] FROM p l ORDER BY l.transaction_id DESC, l.global_position DESC LIMIT 1) AS last
           FROM p`,
        [tx, pos],
      );
    let copied = 0;
    let next = page('0', '0');
    for (;;) {
      const { n, rows, last } = (await next).rows[0];
      if (n === 0) break;
      next = page(last[0], last[1]);
      await sql.query(
        `INSERT INTO es_events (stream_name, stream_revision, event_id, event_type, data, metadata, recorded_at)
         SELECT v->>'s', (v->>'r')::bigint, (v->>'i')::uuid, v->>'t', v->'d', v->'m', (v->>'at')::timestamptz
           FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(v, n) ORDER BY n`,
        [rows],
      );
      copied += n;
      bar.update(copied);
    }
    await sql.query('INSERT INTO es_streams (stream_name, revision) SELECT stream_name, max(stream_revision) FROM es_events GROUP BY stream_name');
    bar.stop();
    if (copied !== total) throw new Error(`copied ${copied} of ${total} events`);
    return { events: copied, seedSeconds: round((nowMs() - t0) / 1000, 1) };
  } finally {
    await src.end();
  }
}

/**
 * Rebuild of all read models over `total` events seeded through the store (or, with `copyFrom`, over
 * the PostgreSQL bench database's log copied into a fresh PGlite store).
 */
async function rebuild(label, backend, pgUrl, total, { copyFrom } = {}) {
  const { ProjectionRunner, checkpointTable, lesemodeller } = await lib('projections');
  let app;
  let seeded;
  if (copyFrom) {
    const { openEventStore } = await lib('event-store');
    const dir = mkdtempSync(join(tmpdir(), 'saksgang-bench-copy-'));
    const opened = await openEventStore({ backend: 'pglite', dataDir: join(dir, 'data') });
    app = {
      store: opened.store,
      sql: opened.sql,
      async close() {
        await opened.store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } else {
    app = await inProcessApp(backend, { pgUrl });
  }
  try {
    seeded = copyFrom ? await copyLog(label, copyFrom, app.sql) : await seed(label, app, total);
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
      seeded: copyFrom ? 'copied from PostgreSQL' : 'appended',
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

/**
 * An upgrade: every read model's stored version made one lower than the code's, over the log the
 * PostgreSQL rebuild left, then the service started; seconds until `/health` shows all caught up
 * (the read models that changed are rebuilt together, from one read of the log).
 */
async function upgradeAtStart(label, url, events) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query('UPDATE projection_checkpoints SET version = version - 1');
  } finally {
    await c.end();
  }
  const t0 = nowMs();
  const service = await startService({ SAKSGANG_PROJECTIONS: 'on', SAKSGANG_STORE: 'postgres', SAKSGANG_POSTGRES_URL: url }, { waitMs: 300_000 });
  try {
    const bar = progressBar(`${label}: upgrade, all read models at a new version`, events);
    for (;;) {
      // The operator status has each rebuild's progress (/health only a capped lag).
      const p = await (await fetch(`${service.base}/drift/projeksjoner`)).json();
      if (p.caughtUp) break;
      const failing = (p.projections ?? []).filter((x) => x.lastError);
      if (failing.length) throw new Error(`read models failing after the upgrade: ${failing.map((x) => `${x.name}: ${x.lastError.message}`).join('; ')}`);
      if (nowMs() - t0 > 600_000) throw new Error('the read models were not caught up 10 minutes after the upgrade');
      bar.update(Math.min(...(p.projections ?? []).map((x) => (x.caughtUp ? events : (x.rebuild?.processed ?? 0)))));
      await sleep(500);
    }
    bar.update(events);
    bar.stop();
    return { backend: label, events, readModels: 6, caughtUpSeconds: round((nowMs() - t0) / 1000, 1) };
  } finally {
    await service.stop();
  }
}

export async function runProjections() {
  const url = benchPgUrl();
  let pgInfo;
  const forloep = [];
  const rebuilds = [];
  // Latency first, on a quiet machine; then the heavy rebuilds.
  if (url) {
    pgInfo = await postgresVersion(url);
    forloep.push(...(await forloepLatency('PostgreSQL', 'postgres', url)));
  }
  forloep.push(...(await forloepLatency('PGlite', 'pglite')));
  const upgrades = [];
  if (url) {
    const pgRebuild = await rebuild('PostgreSQL', 'postgres', url, EVENTS);
    rebuilds.push(pgRebuild);
    upgrades.push(await upgradeAtStart('PostgreSQL', url, pgRebuild.events));
  }
  // PGlite over the same million events, copied from PostgreSQL; without PostgreSQL, PGLITE_EVENTS seeded through PGlite's own appends.
  if (process.env.BENCH_SKIP_PGLITE_REBUILD !== '1') rebuilds.push(await rebuild('PGlite', 'pglite', undefined, PGLITE_EVENTS, { copyFrom: url }));
  // Leave the bench database empty: dropping a million events makes PostgreSQL work for a while, and
  // that belongs to this run, not to the latency measured at the start of the next one.
  if (url) await wipeDatabase(url);
  console.log('');
  const mdRebuild = table(rebuilds, ['backend', 'events', 'readModels', 'rebuildSeconds', 'completed', 'processedPerReadModel', 'eventsPerSecond', 'seeded', 'seedSeconds', 'sakerInModel']);
  console.log('');
  const mdUpgrade = upgrades.length ? table(upgrades, ['backend', 'events', 'readModels', 'caughtUpSeconds']) : '';
  if (upgrades.length) console.log('');
  const mdForloep = table(forloep, ['backend', 'measure', 'n', 'p50', 'p99', 'max', 'bytes']);
  const pgR = rebuilds.find((r) => r.backend === 'PostgreSQL');
  const notes = [
    ...(upgrades.length ? [`Upgrade: over the log the PostgreSQL rebuild left, every read model's stored version set one lower (as after a release that changes them all), then the service started with projections on; caughtUpSeconds = from starting the process until /health shows every read model caught up. The read models whose version changed are reset and rebuilt together in the background, from one read of the log (before: each read the log on its own, 97 s in a trial at this size).`] : []),
    `Seeded ${EVENTS.toLocaleString('en-US')}+ events on PostgreSQL: a template journey of ${PER_SAK} events (register, triage, order, receive, delegate, corrections) recorded through the command path, cloned with fresh ids into new saker and appended one sak per append (8 concurrent), sealed into each stream's hash chain. PGlite gets the same log copied from PostgreSQL in pages of ${COPY_PAGE.toLocaleString('en-US')} (streams, revisions, ids, data and metadata as they are, so the chains stay intact; positions given anew): PGlite appends single-threaded, about 1,500 events/s, so seeding a million through it would take a quarter of an hour. Without PostgreSQL, PGlite seeds ${PGLITE_EVENTS.toLocaleString('en-US')}+ events through its own appends (BENCH_PGLITE_PROJECTION_EVENTS).`,
    `Rebuild: all six read models rebuilt at once (ProjectionRunner.rebuildMany, as the CLI's rebuild does): the log is read once in pages of 2,000 events, and each page is applied to every read model set-based (RowBatch: one load and one write statement per read model and page), each read model in its own transaction, in parallel; eventsPerSecond = events in the log ÷ wall time until all six reached the head. The rebuild is cut off after ${REBUILD_CAP_SECONDS} s (BENCH_REBUILD_SECONDS) to keep the run to minutes; then (completed = false) the rate is the events each read model processed on average ÷ that time.`,
    `Per read model, seconds until done: ${rebuilds.map((r) => `${r.backend}: ${Object.entries(r.perProjection).map(([k, v]) => `${k} ${v}`).join(', ')}`).join('; ')}.`,
    `Saksforløp: GET /saker/:id/forloep for a sak with 1,000 events, ${FORLOEP_REPS} times one after another after ${WARMUP} unmeasured; ms. Timed before the rebuilds, once the machine is quiet (under 10 % of CPU time busy or waiting for the disk, 2 s in a row; quietAfterSeconds in the JSON: how long that took); the bench database is emptied at the end of a run, so the next run does not start with PostgreSQL dropping a million events. Target measure: the service started as its own process (node dist/apps/api/src/main.js, projections on) on the same store, timed over loopback HTTP by a client in a process of its own (bench/latency-client.mjs: not this process, whose heap holds the seeding and the in-process measure) with one kept-alive connection, from sending the request to the last byte of the body (each body checked after its timing). For comparison, the earlier measure: the application in this process through Fastify inject, which also converts the body twice in the test harness and includes the client's JSON.parse of it.`,
    `Targets: rebuild ≥ 20,000 events/s on PostgreSQL${pgR ? ` (measured ${pgR.eventsPerSecond.toLocaleString('en-US')} → ${pgR.eventsPerSecond >= 20000 ? 'met' : `MISSED by ${round(100 - (100 * pgR.eventsPerSecond) / 20000, 0)} %`})` : ''}; saksforløp p99 ≤ 20 ms over HTTP (${forloep.filter((f) => f.measure.startsWith('HTTP')).map((f) => `${f.backend} ${f.p99} ms → ${f.p99 <= 20 ? 'met' : 'MISSED'}`).join(', ')}).`,
  ];
  record('projections', { data: { events: EVENTS, rebuilds, upgrades, forloep }, sections: [{ title: 'Rebuild of the read models', markdown: mdRebuild }, ...(upgrades.length ? [{ title: 'Upgrade: every read model at a new version, service started', markdown: mdUpgrade }] : []), { title: 'Saksforløp latency, sak with 1,000 events', markdown: mdForloep }], notes, extraMachine: { postgres: pgInfo } });
}
