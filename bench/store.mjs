/* global process, console */
// Store level: single-event appends per second and p50/p99 at 1 and 16 concurrent writers (each on its
// own streams), on PGlite and PostgreSQL, beside a raw single-event INSERT-transaction loop
// (BEGIN; INSERT; COMMIT) on the same PostgreSQL in the same run: the durable-commit limit.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { benchPgUrl, lib, nowMs, postgresVersion, record, round, summarize, table, timed, wipeDatabase } from './lib.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
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
  return { appendsPerSecond: round(count / SECONDS, 0), ...summarize(latencies) };
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
  const { openEventStore } = await lib('event-store');
  const url = benchPgUrl();
  const rows = [];
  const raw = {};
  let pgInfo;

  if (url) {
    pgInfo = await postgresVersion(url);
    await wipeDatabase(url);
    for (const w of WRITERS) raw[w] = await rawLoop(url, w);
    for (const w of WRITERS) rows.push({ backend: 'raw INSERT tx (pg)', writers: w, ...raw[w], ratio: 1 });
    await wipeDatabase(url);
    const { store } = await openEventStore({ backend: 'postgres', url, poolSize: 20 });
    for (const w of WRITERS) {
      const r = await appendLoop(store, w, 'PostgreSQL store');
      rows.push({ backend: 'saksgang store (PostgreSQL)', writers: w, ...r, ratio: round(r.appendsPerSecond / raw[w].appendsPerSecond, 2) });
    }
    await store.close();
  }

  const dir = mkdtempSync(join(tmpdir(), 'saksgang-bench-pglite-'));
  try {
    const { store } = await openEventStore({ backend: 'pglite', dataDir: join(dir, 'data') });
    for (const w of WRITERS) {
      const r = await appendLoop(store, w, 'PGlite store');
      rows.push({ backend: 'saksgang store (PGlite)', writers: w, ...r, ratio: raw[w] ? round(r.appendsPerSecond / raw[w].appendsPerSecond, 2) : undefined });
    }
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  console.log('');
  const md = table(rows, ['backend', 'writers', 'appendsPerSecond', 'p50', 'p99', 'max', 'n', 'ratio']);
  const at16 = rows.find((r) => r.backend === 'saksgang store (PostgreSQL)' && r.writers === 16);
  const notes = [
    `Each writer appends one event per call to its own streams (a new stream every ${EVENTS_PER_STREAM} events) with the expected revision; ${SECONDS} s per row; latencies in ms.`,
    '`ratio` = appends/s ÷ the raw loop\'s rate at the same number of writers (PGlite is compared with the PostgreSQL raw loop).',
    'Target: ≥ 2,600 appends/s with 16 writers on PostgreSQL.' + (at16 ? ` Measured: ${at16.appendsPerSecond.toLocaleString('en-US')}/s → ${at16.appendsPerSecond >= 2600 ? 'met' : `MISSED by ${round(100 - (100 * at16.appendsPerSecond) / 2600, 0)} %`}.` : ''),
  ];
  record('store', { command: 'npm run bench -- store', data: { seconds: SECONDS, rows }, sections: [{ title: 'Single-event appends', markdown: md }], notes, extraMachine: { postgres: pgInfo } });
  return rows;
}
