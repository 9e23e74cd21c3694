/* global process, console */
// Store level: single-event appends per second and p50/p99 at 1 and 16 concurrent writers (each on its
// own streams), on PostgreSQL: saksgang's store beside its peer, Emmett's PostgreSQL event store
// (@event-driven-io/emmett-postgresql), appending the same events in the same run (alternating, so a
// noisy moment hits both), and a raw single-event INSERT-transaction loop (BEGIN; INSERT; COMMIT) on
// the same PostgreSQL, the durable-commit limit. Then saksgang's store on PGlite.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { benchPgUrl, lib, loadAverage, nowMs, postgresVersion, record, round, summarize, table, timed, wipeDatabase } from './lib.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const WRITERS = [1, 16];
const EVENTS_PER_STREAM = 50;

function event(i) {
  return {
    id: randomUUID(),
    type: 'OpplysningKorrigert',
    data: { sakId: randomUUID(), felt: 'tittel', gammelVerdi: `Handlingsplan ${i}`, nyVerdi: `Handlingsplan for samhandling ${i}`, begrunnelse: 'Skrivefeil i tittelen.' },
    metadata: { commandId: randomUUID(), correlationId: randomUUID(), actor: { personId: 'ks-sekretaer', organId: 'psu-hnt', rolle: 'sekretaer' }, effectiveAt: new Date().toISOString(), schemaVersion: 1 },
  };
}

/** `writers` loops, each appending one event at a time to its own streams (new stream every 50 events). */
async function appendLoop(store, writers, label) {
  const run = randomUUID().slice(0, 8);
  const latencies = [];
  let count = 0;
  await timed(`${label} ${writers} writer(s)`, SECONDS * 1000, async (stopAt) => {
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        let stream = 0;
        let revision = 'no_stream';
        while (nowMs() < stopAt) {
          const t0 = nowMs();
          const r = await store.appendToStream(`benchsak-${run}w${w}s${stream}`, [event(count)], { expectedRevision: revision });
          latencies.push(nowMs() - t0);
          count++;
          revision = r.nextExpectedRevision;
          if (revision + 1n >= EVENTS_PER_STREAM) {
            stream++;
            revision = 'no_stream';
          }
        }
      }),
    );
  });
  return { appendsPerSecond: round(count / SECONDS, 0), ...summarize(latencies), latencies };
}

/** Two halves of one measurement (A B B A) as one row: the mean rate and the percentiles over both. */
function merge(x, y) {
  const latencies = x.latencies.concat(y.latencies);
  return { appendsPerSecond: round((x.appendsPerSecond + y.appendsPerSecond) / 2, 0), ...summarize(latencies), halves: [x.appendsPerSecond, y.appendsPerSecond] };
}

/**
 * The peer: Emmett's PostgreSQL event store, the same events (type, data, metadata) and the same
 * pattern — one event per call, its own streams, a new stream every 50 events, the expected version.
 * Its pool gets as many connections as ours (pg's default of 10 would throttle it at 16 writers).
 */
async function emmettLoop(store, writers, label) {
  const { STREAM_DOES_NOT_EXIST } = await import('@event-driven-io/emmett');
  const run = randomUUID().slice(0, 8);
  const latencies = [];
  let count = 0;
  await timed(`${label} ${writers} writer(s)`, SECONDS * 1000, async (stopAt) => {
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        let stream = 0;
        let version = STREAM_DOES_NOT_EXIST;
        let n = 0;
        while (nowMs() < stopAt) {
          const e = event(count);
          const t0 = nowMs();
          const r = await store.appendToStream(`benchsak-${run}w${w}s${stream}`, [{ type: e.type, data: e.data, metadata: e.metadata }], { expectedStreamVersion: version });
          latencies.push(nowMs() - t0);
          count++;
          version = r.nextExpectedStreamVersion;
          if (++n >= EVENTS_PER_STREAM) {
            stream++;
            n = 0;
            version = STREAM_DOES_NOT_EXIST;
          }
        }
      }),
    );
  });
  return { appendsPerSecond: round(count / SECONDS, 0), ...summarize(latencies), latencies };
}

async function openEmmett(url) {
  const { getPostgreSQLEventStore } = await import('@event-driven-io/emmett-postgresql');
  const pool = new pg.Pool({ connectionString: url, max: 20 });
  const store = getPostgreSQLEventStore(url, { connectionOptions: { pool } });
  await store.schema.migrate();
  return {
    store,
    async close() {
      await store.close();
      await pool.end().catch(() => undefined);
    },
  };
}

/** The durable-commit limit: each client BEGIN; INSERT one event row; COMMIT, in a loop. */
export async function rawLoop(url, writers) {
  const setup = new pg.Client({ connectionString: url });
  await setup.connect();
  await setup.query(`CREATE TABLE IF NOT EXISTS bench_raw (id bigserial PRIMARY KEY, stream text NOT NULL, event_id uuid NOT NULL UNIQUE, type text NOT NULL,
    data jsonb NOT NULL, metadata jsonb NOT NULL, recorded_at timestamptz NOT NULL DEFAULT now())`);
  await setup.query('TRUNCATE bench_raw');
  await setup.end();
  const clients = await Promise.all(Array.from({ length: writers }, async () => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    return c;
  }));
  const latencies = [];
  let count = 0;
  await timed(`raw INSERT loop ${writers} client(s)`, SECONDS * 1000, async (stopAt) => {
    await Promise.all(clients.map(async (c, w) => {
      while (nowMs() < stopAt) {
        const e = event(count);
        const t0 = nowMs();
        await c.query('BEGIN');
        await c.query('INSERT INTO bench_raw (stream, event_id, type, data, metadata) VALUES ($1, $2, $3, $4, $5)', [`raw-${w}`, e.id, e.type, e.data, e.metadata]);
        await c.query('COMMIT');
        latencies.push(nowMs() - t0);
        count++;
      }
    }));
  });
  await Promise.all(clients.map((c) => c.end()));
  return { appendsPerSecond: round(count / SECONDS, 0), ...summarize(latencies) };
}

export async function runStore() {
  const loadBefore = loadAverage();
  const { openEventStore } = await lib('event-store');
  const url = benchPgUrl();
  const rows = [];
  const raw = {};
  const peer = {};
  let pgInfo;

  if (url) {
    pgInfo = await postgresVersion(url);
    await wipeDatabase(url);
    for (const w of WRITERS) raw[w] = await rawLoop(url, w);
    for (const w of WRITERS) rows.push({ backend: 'raw INSERT tx (pg)', writers: w, ...raw[w], ratioToRaw: 1 });
    await wipeDatabase(url);
    const { store } = await openEventStore({ backend: 'postgres', url, poolSize: 20 });
    const emmett = await openEmmett(url);
    // Alternating per writer count, A B B A (saksgang, Emmett, Emmett, saksgang): a noisy moment on
    // the shared machine hits both, and neither always runs first; the rows merge both halves.
    const ours = {};
    for (const w of WRITERS) {
      const a1 = await appendLoop(store, w, 'saksgang (PostgreSQL)');
      const b1 = await emmettLoop(emmett.store, w, 'Emmett (PostgreSQL)');
      const b2 = await emmettLoop(emmett.store, w, 'Emmett (PostgreSQL)');
      const a2 = await appendLoop(store, w, 'saksgang (PostgreSQL)');
      ours[w] = merge(a1, a2);
      peer[w] = merge(b1, b2);
    }
    for (const w of WRITERS) {
      rows.push({ backend: 'saksgang store (PostgreSQL)', writers: w, ...ours[w], ratioToRaw: round(ours[w].appendsPerSecond / raw[w].appendsPerSecond, 2), ratioToEmmett: round(ours[w].appendsPerSecond / peer[w].appendsPerSecond, 2) });
      rows.push({ backend: 'Emmett (PostgreSQL)', writers: w, ...peer[w], ratioToRaw: round(peer[w].appendsPerSecond / raw[w].appendsPerSecond, 2), ratioToEmmett: 1 });
    }
    await emmett.close();
    await store.close();
    await wipeDatabase(url);
  }

  const dir = mkdtempSync(join(tmpdir(), 'saksgang-bench-pglite-'));
  try {
    const { store } = await openEventStore({ backend: 'pglite', dataDir: join(dir, 'data') });
    for (const w of WRITERS) {
      const { latencies: _l, ...r } = await appendLoop(store, w, 'PGlite store');
      rows.push({ backend: 'saksgang store (PGlite)', writers: w, ...r });
    }
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  console.log('');
  const md = table(rows.map((r) => ({ ...r, halves: r.halves?.join(' / ') })), ['backend', 'writers', 'appendsPerSecond', 'halves', 'p50', 'p99', 'max', 'n', 'ratioToRaw', 'ratioToEmmett']);
  const verdict = (w, target) => {
    const r = rows.find((x) => x.backend === 'saksgang store (PostgreSQL)' && x.writers === w);
    if (!r) return `${w} writer(s): not measured (no PostgreSQL).`;
    return `${w} writer(s): saksgang ${r.appendsPerSecond.toLocaleString('en-US')}/s, Emmett ${peer[w].appendsPerSecond.toLocaleString('en-US')}/s → ratio ${r.ratioToEmmett}, target ≥ ${target} → ${r.ratioToEmmett >= target ? 'met' : `MISSED by ${round(100 - (100 * r.ratioToEmmett) / target, 0)} %`}.`;
  };
  const notes = [
    `Each writer appends one event per call to its own streams (a new stream every ${EVENTS_PER_STREAM} events) with the expected revision; ${SECONDS} s per row; latencies in ms.`,
    'Emmett: getPostgreSQLEventStore with a pg pool of 20 connections (saksgang\'s pool has 20 too), the same events. At each writer count the two run A B B A (saksgang, Emmett, Emmett, saksgang), each part SECONDS long; `appendsPerSecond` is the mean of the two halves (shown in `halves`), p50/p99 over both.',
    '`ratioToRaw` = appends/s ÷ the raw loop\'s rate at the same number of writers; `ratioToEmmett` = appends/s ÷ Emmett\'s in the same run.',
    `Targets: ≥ 1.1 × Emmett at 16 writers, ≥ 1.0 × at 1 writer. ${verdict(16, 1.1)} ${verdict(1, 1.0)}`,
  ];
  record('store', { data: { seconds: SECONDS, rows }, sections: [{ title: 'Single-event appends', markdown: md }], notes, extraMachine: { postgres: pgInfo }, loadBefore });
  return rows;
}
