/* global process, console, fetch, AbortSignal, setTimeout, clearTimeout, setInterval, clearInterval */
// Shared helpers of the benchmarks and drills: statistics, tables, recorded results, the service as a
// child process, PostgreSQL databases to wipe, and memory of a process. Plain ESM: runs with `node`
// after `nest build api` (the scripts import the compiled libraries from dist/).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, type as osType, release } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:net';
import cliProgress from 'cli-progress';
import pg from 'pg';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The built service and libraries: dist/ (what `npx nest build api` writes), or BENCH_DIST (another build's directory). */
export const DIST = process.env.BENCH_DIST ? resolve(process.env.BENCH_DIST) : join(ROOT, 'dist');
export const RESULTS = join(ROOT, 'bench', 'results');

/** Imports a compiled library (`event-store`, `projections`, …) or a file of the api from dist/. */
export async function lib(name) {
  const file = join(DIST, 'libs', name, 'src', 'index.js');
  if (!existsSync(file)) throw new Error(`${file} is missing: build first (npx nest build api), or use the npm script.`);
  return import(file);
}
export async function apiModule(rel) {
  return import(join(DIST, 'apps', 'api', 'src', rel));
}

// ---------------------------------------------------------------- statistics

export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

/** Latencies in ms → { n, p50, p99, max, mean }. */
export function summarize(latencies) {
  const s = Float64Array.from(latencies).sort();
  const sum = s.reduce((a, b) => a + b, 0);
  return { n: s.length, p50: round(percentile(s, 50)), p99: round(percentile(s, 99)), max: round(s[s.length - 1] ?? NaN), mean: round(sum / (s.length || 1)) };
}

export function round(x, digits = 2) {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

// ---------------------------------------------------------------- output

/** Prints rows (objects with the same keys) as an aligned table; returns its markdown form. */
export function table(rows, columns = Object.keys(rows[0] ?? {})) {
  const cell = (v) => (v === undefined || v === null ? '' : typeof v === 'number' ? v.toLocaleString('en-US', { maximumFractionDigits: 2 }) : String(v));
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (vals) => vals.map((v, i) => v.padEnd(widths[i])).join('  ');
  console.log(line(columns));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(columns.map((c) => cell(r[c]))));
  const md = [`| ${columns.join(' | ')} |`, `| ${columns.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${columns.map((c) => cell(r[c])).join(' | ')} |`)];
  return md.join('\n');
}

export function machine() {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model ?? 'unknown',
    cores: cpu.length,
    memoryGb: round(totalmem() / 2 ** 30, 1),
    os: `${osType()} ${release()}`,
    node: process.version,
  };
}

/** The machine's load average (1, 5, 15 min), rounded. */
export function loadAverage() {
  const [one, five, fifteen] = loadavg();
  return { one: round(one), five: round(five), fifteen: round(fifteen) };
}

/** Load average when this process started (the "before" of a run), unless a bench passes its own. */
const LOAD_AT_START = loadAverage();

/** The knobs that change a run, as they were set, for the command that reproduces it. */
const KNOBS = ['BENCH_RESULT_SUFFIX', 'BENCH_DIST', 'BENCH_BACKENDS', 'BENCH_SECONDS', 'BENCH_PROJECTION_EVENTS', 'BENCH_PGLITE_PROJECTION_EVENTS', 'BENCH_REBUILD_SECONDS', 'BENCH_NODE_ARGS', 'BENCH_STARTUP_ROUNDS', 'BENCH_SETTLE_SECONDS', 'SAKSGANG_BENCH_POSTGRES_URL'];

/** `npm run bench -- <name>` with the environment that was set (a password in a URL redacted). */
export function reproduce(name, script = 'bench') {
  const env = KNOBS.filter((k) => process.env[k]).map((k) => {
    const v = k.endsWith('_URL') ? redact(process.env[k]) : process.env[k];
    return `${k}=${/\s/.test(v) ? `'${v}'` : v}`;
  });
  return [...env, `npm run ${script} -- ${name}`].join(' ');
}

const fmtLoad = (l) => `${l.one} / ${l.five} / ${l.fifteen}`;

/**
 * Writes `bench/results/<name>.json` and `<name>.md` (machine, date, command, load average before and
 * after, figures) and prints where. `sections` is a list of { title, markdown } (tables) and `notes` a
 * list of sentences. `command` defaults to the one that reproduces this run ({@link reproduce}).
 */
export function record(bench, { command = reproduce(bench), data, sections, notes = [], extraMachine = {}, loadBefore = LOAD_AT_START }) {
  mkdirSync(RESULTS, { recursive: true });
  // BENCH_RESULT_SUFFIX=before records bench/results/<name>.before.{json,md} (e.g. a build of an older commit through BENCH_DIST).
  const name = process.env.BENCH_RESULT_SUFFIX ? `${bench}.${process.env.BENCH_RESULT_SUFFIX}` : bench;
  const m = { ...machine(), ...extraMachine };
  const date = new Date().toISOString();
  const load = { before: loadBefore, after: loadAverage() };
  writeFileSync(join(RESULTS, `${name}.json`), JSON.stringify({ name, date, command, machine: m, load, data }, jsonBigint, 2) + '\n');
  const md = [
    `# Benchmark: ${name}`,
    '',
    `- Date: ${date}`,
    `- Command: \`${command}\``,
    `- Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB RAM, ${m.os}; Node ${m.node}${m.postgres ? `; ${m.postgres}` : ''}`,
    `- Load average (1 / 5 / 15 min): before ${fmtLoad(load.before)}, after ${fmtLoad(load.after)} (${m.cores} cores; above ${m.cores} means other work competed for the CPU)`,
    '',
    ...sections.flatMap((s) => [`## ${s.title}`, '', s.markdown, '']),
    ...(notes.length ? ['## Notes', '', ...notes.map((n) => `- ${n}`), ''] : []),
  ].join('\n');
  writeFileSync(join(RESULTS, `${name}.md`), md);
  console.log(`\nrecorded: bench/results/${name}.json, bench/results/${name}.md`);
}

function jsonBigint(_k, v) {
  return typeof v === 'bigint' ? v.toString() : v;
}

export function readResult(name) {
  const f = join(RESULTS, `${name}.json`);
  return existsSync(f) ? JSON.parse(readFileSync(f, 'utf8')) : undefined;
}

// ---------------------------------------------------------------- PostgreSQL

export const BENCH_PG_ENV = 'SAKSGANG_BENCH_POSTGRES_URL';

/** The benchmark database's URL, or undefined (PostgreSQL parts are then skipped, with the reason printed). */
export function benchPgUrl() {
  const url = process.env[BENCH_PG_ENV]?.trim();
  if (!url) console.log(`(${BENCH_PG_ENV} is not set: skipping PostgreSQL. Set it to a database the benchmark may wipe, e.g. postgres://user:pw@127.0.0.1:5432/saksgang_bench)`);
  return url || undefined;
}

/** Empties the database: drops and recreates the public schema (everything saksgang made). */
export async function wipeDatabase(url) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query('DROP SCHEMA IF EXISTS public CASCADE');
    await c.query('CREATE SCHEMA public');
  } finally {
    await c.end();
  }
}

export async function postgresVersion(url) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const v = (await c.query('show server_version')).rows[0].server_version;
    const sc = (await c.query('show synchronous_commit')).rows[0].synchronous_commit;
    const fs = (await c.query('show fsync')).rows[0].fsync;
    return `PostgreSQL ${v} (same host, synchronous_commit=${sc}, fsync=${fs})`;
  } finally {
    await c.end();
  }
}

export function redact(url) {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

// ---------------------------------------------------------------- the service as a child process

export async function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
    s.on('error', rej);
  });
}

/**
 * Starts `node dist/apps/api/src/main.js` with the environment and waits until `/health` answers.
 * Returns { proc, pid, base, stop(), kill9(), logs() }.
 */
export async function startService(env, { port, waitMs = 60_000, quiet = true, nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean) } = {}) {
  const p = port ?? (await freePort());
  const main = join(DIST, 'apps', 'api', 'src', 'main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: build first (npx nest build api).`);
  const out = [];
  const proc = spawn(process.execPath, [...nodeArgs, main], {
    // A variable given as null is left unset (e.g. SAKSGANG_AUTH_SECRET: null for the local sign-in of the web bench).
    env: Object.fromEntries(Object.entries({
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: String(p),
      HOST: '127.0.0.1',
      SAKSGANG_DEMO: 'off',
      SAKSGANG_DEV_ACTOR_HEADERS: 'on',
      SAKSGANG_LOG_LEVEL: 'warn',
      // A throw-away signing secret (authentication must be configured on PostgreSQL); the load uses the dev headers.
      SAKSGANG_AUTH_SECRET: randomBytes(32).toString('hex'),
      // The load comes from one address (loopback): no per-client rate limit.
      SAKSGANG_RATE_LIMIT: '0',
      ...env,
    }).filter(([, v]) => v !== null)),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (d) => {
    out.push(d.toString());
    if (out.length > 200) out.shift();
    if (!quiet) process.stderr.write(d);
  };
  proc.stdout.on('data', keep);
  proc.stderr.on('data', keep);
  const exited = new Promise((r) => proc.once('exit', (code, signal) => r({ code, signal })));
  const base = `http://127.0.0.1:${p}`;
  const deadline = Date.now() + waitMs;
  let up = false;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null || proc.signalCode !== null) break;
    try {
      const r = await fetch(`${base}/health`, { signal: AbortSignal.timeout(1000) });
      if (r.status < 500) {
        up = true;
        break;
      }
    } catch {
      /* not yet */
    }
    await sleep(100);
  }
  if (!up) {
    proc.kill('SIGKILL');
    throw new Error(`The service did not come up on ${base}:\n${out.join('')}`);
  }
  return {
    proc,
    pid: proc.pid,
    port: p,
    base,
    exited,
    logs: () => out.join(''),
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      const t = setTimeout(() => proc.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(t);
    },
    async kill9() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      await exited;
    },
  };
}

/** Share of the machine's CPU time that was busy or waiting for the disk over `ms` (from /proc/stat; NaN where there is none). */
export async function cpuBusy(ms = 1000) {
  const read = () => {
    if (!existsSync('/proc/stat')) return undefined;
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    // idle only: time waiting for the disk (iowait, f[4]) counts as busy.
    return { idle: f[3], total: f.reduce((a, b) => a + b, 0) };
  };
  const a = read();
  await sleep(ms);
  const b = read();
  if (!a || !b || b.total === a.total) return NaN;
  return 1 - (b.idle - a.idle) / (b.total - a.total);
}

/**
 * Waits (at most `maxMs`) until the machine has been quiet, under 10 % busy, for two seconds in a row:
 * after a heavy phase (a million-event rebuild), PostgreSQL's checkpointer and autovacuum work on for
 * a while and would be timed as latency. Returns how long it waited.
 */
export async function waitForQuiet(label, maxMs = 180_000) {
  const t0 = Date.now();
  let quietSeconds = 0;
  while (Date.now() - t0 < maxMs && quietSeconds < 2) {
    const busy = await cpuBusy(1000);
    if (Number.isNaN(busy)) return 0;
    quietSeconds = busy < 0.1 ? quietSeconds + 1 : 0;
    if (quietSeconds === 0) process.stderr.write(`${label}: waiting for a quiet machine (${Math.round(busy * 100)} % busy)\r`);
  }
  if (quietSeconds < 2) process.stderr.write(`${label}: the machine did not become quiet in ${maxMs / 1000} s; measuring anyway\n`);
  return Math.round((Date.now() - t0) / 1000);
}

/** Resident memory of a process in MB (VmRSS of /proc/<pid>/status). */
export function rssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /VmRSS:\s+(\d+)\s+kB/.exec(status);
  return m ? round(Number(m[1]) / 1024, 1) : NaN;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- HTTP helpers (the domain's requests)

export const ACTORS = {
  admin: { 'x-dev-person': 'admin', 'x-dev-organ': 'sekretariat-hnt', 'x-dev-rolle': 'sekretaer' },
  psu: { 'x-dev-person': 'ks-sekretaer', 'x-dev-organ': 'psu-hnt', 'x-dev-rolle': 'sekretaer' },
  asu: { 'x-dev-person': 'olav-bremnes', 'x-dev-organ': 'asu-hnt', 'x-dev-rolle': 'sekretaer' },
  au: { 'x-dev-person': 'runar-asp', 'x-dev-organ': 'au-hnt', 'x-dev-rolle': 'medlem' },
  fagraad: { 'x-dev-person': 'kvalitet-leder', 'x-dev-organ': 'fagraad-kvalitet', 'x-dev-rolle': 'leder' },
};

export const ORGANER = [
  ['psu-hnt', 'Politisk samarbeidsutvalg (PSU)', 'psu'],
  ['asu-hnt', 'Administrativt samarbeidsutvalg (ASU)', 'asu'],
  ['au-hnt', 'Arbeidsutvalget', 'arbeidsutvalg'],
  ['sekretariat-hnt', 'Sekretariatet', 'sekretariat'],
  ['fagraad-kvalitet', 'Fagråd for kvalitet og pasientsikkerhet', 'fagraad'],
];

/** A request with JSON; returns { status, headers, json, text }. */
export async function http(base, method, path, { headers = {}, body, timeoutMs = 10_000 } = {}) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, json, text };
}

/** Creates the bodies the workload uses (idempotent: 201 or 409 are both fine). */
export async function opprettOrganer(base) {
  for (const [organId, navn, organtype] of ORGANER) {
    const r = await http(base, 'POST', '/organer', { headers: ACTORS.admin, body: { organId, navn, organtype, mandat: `Mandat for ${navn}`, gjelderFra: '2012-01-01' } });
    if (r.status !== 201 && r.status !== 409) throw new Error(`POST /organer ${organId} → ${r.status}: ${r.text}`);
  }
}

/** The workflow steps of the load: [actor, path after /saker/<id>, body, If-Match allowed]. */
export function registrerBody(i = 0) {
  return { tittel: `Handlingsplan ${i}`, innmeldtAv: 'psu-hnt', gjelderFra: '2017-03-24' };
}
export const STEG = [
  ['au', '/nivaa', { organId: 'psu-hnt', begrunnelse: 'PSU skal bestille utredningen.', gjelderFra: '2017-03-24' }],
  ['psu', '/bestillinger', { tilOrganId: 'asu-hnt', mandat: 'Forslag til arbeidsprosess.', frist: '2018-02-13', gjelderFra: '2017-03-24' }],
  ['asu', '/bestillinger/mottak', { saksnummer: '16/2017', gjelderFra: '2017-04-18' }],
  ['asu', '/oppdrag', { tilOrganId: 'fagraad-kvalitet', mandat: 'Forbedringsarbeid.', frist: '2017-10-01', gjelderFra: '2017-05-01' }],
];

export function korrigering(fra, til, n = 0) {
  return { hendelsesnummer: 0, hendelsestype: 'SakRegistrert', felt: 'tittel', gammelVerdi: fra, nyVerdi: til, begrunnelse: `Retting ${n}` };
}

export function fail(message) {
  console.error(`\nFAILED: ${message}`);
  process.exitCode = 1;
  throw new Error(message);
}

// ---------------------------------------------------------------- progress


/** A progress bar (cli-progress) on stderr: `bar.update(n)`, `bar.stop()`. */
export function progressBar(label, total, unit = '') {
  const bar = new cliProgress.SingleBar(
    { format: `${label.padEnd(34)} [{bar}] {percentage}% | {value}/{total}${unit} | {eta_formatted}`, hideCursor: true, clearOnComplete: false, stream: process.stderr, etaBuffer: 50, noTTYOutput: true, notTTYSchedule: 10_000 },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return bar;
}

/** Runs `fn(stopAt)` for `ms` with a time progress bar; `fn` must return by itself once `nowMs() >= stopAt`. */
export async function timed(label, ms, fn) {
  const bar = progressBar(label, Math.round(ms / 1000), ' s');
  const start = nowMs();
  const tick = setInterval(() => bar.update(Math.min(Math.round(ms / 1000), Math.round((nowMs() - start) / 1000))), 250);
  try {
    return await fn(start + ms);
  } finally {
    clearInterval(tick);
    bar.update(Math.round(ms / 1000));
    bar.stop();
  }
}

// ---------------------------------------------------------------- the application in-process

/**
 * The HTTP application in this process on a fresh store (`postgres` wipes the benchmark database;
 * `pglite` uses a new directory under the temp dir), requests through Fastify's inject (no socket).
 */
/**
 * The whole application in this process (Fastify inject for requests), on a wiped PostgreSQL
 * database or a PGlite data directory: a fresh temporary one (removed on close), or `dataDir` (kept).
 */
export async function inProcessApp(backend, { projections = false, pgUrl, dataDir } = {}) {
  await import('reflect-metadata');
  const { openEventStore } = await lib('event-store');
  const { loadConfig } = await lib('application');
  const { createApp } = await apiModule('bootstrap.js');
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  let dir;
  let opened;
  const env = { SAKSGANG_DEMO: 'off', SAKSGANG_PROJECTIONS: projections ? 'on' : 'off', SAKSGANG_DEV_ACTOR_HEADERS: 'on', SAKSGANG_LOG_LEVEL: 'warn', SAKSGANG_AUTH_SECRET: randomBytes(32).toString('hex'), SAKSGANG_RATE_LIMIT: '0' };
  if (backend === 'postgres') {
    await wipeDatabase(pgUrl);
    opened = await openEventStore({ backend: 'postgres', url: pgUrl, poolSize: 16 });
    Object.assign(env, { SAKSGANG_STORE: 'postgres', SAKSGANG_POSTGRES_URL: pgUrl });
  } else {
    if (!dataDir) dir = mkdtempSync(join(tmpdir(), 'saksgang-bench-'));
    const data = dataDir ?? join(dir, 'data');
    opened = await openEventStore({ backend: 'pglite', dataDir: data });
    Object.assign(env, { SAKSGANG_STORE: 'pglite', SAKSGANG_DATA_DIR: data });
  }
  const app = await createApp({ config: loadConfig(env), store: opened, logger: false });
  await app.init();
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.ready();
  const request = async (method, url, { headers = {}, body } = {}) => {
    const r = await fastify.inject({ method, url, headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers }, payload: body === undefined ? undefined : JSON.stringify(body) });
    let json;
    try {
      json = r.body ? JSON.parse(r.body) : undefined;
    } catch {
      json = undefined;
    }
    return { status: r.statusCode, headers: r.headers, json, text: r.body };
  };
  for (const [organId, navn, organtype] of ORGANER) {
    const r = await request('POST', '/organer', { headers: ACTORS.admin, body: { organId, navn, organtype, mandat: `Mandat for ${navn}`, gjelderFra: '2012-01-01' } });
    if (r.status !== 201) throw new Error(`POST /organer → ${r.status} ${r.text}`);
  }
  return {
    app,
    opened,
    store: opened.store,
    sql: opened.sql,
    request,
    async close() {
      await app.close();
      await opened.store.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Appends `count` copies of `template` (an event of the stream, e.g. a correction) to `streamName`,
 * sealed into the stream's hash chain, in batches: a long history in seconds instead of hours.
 * `vary(i)` gives each copy's data.
 */
export async function appendCopies(store, streamName, template, count, vary, batch = 1000) {
  const { sealEvents, chainHeadOf } = await lib('event-store');
  const { randomUUID } = await import('node:crypto');
  const events = await store.readStream(streamName);
  const last = events[events.length - 1];
  let revision = last.revision;
  let head = chainHeadOf(last);
  for (let done = 0; done < count; ) {
    const n = Math.min(batch, count - done);
    const toAppend = Array.from({ length: n }, (_, k) => {
      const { hash: _h, previousHash: _p, ...metadata } = template.metadata;
      const id = randomUUID();
      return { id, type: template.type, data: { ...template.data, ...vary(done + k) }, metadata: { ...metadata, commandId: randomUUID(), eventId: id } };
    });
    const sealed = sealEvents(streamName, revision + 1n, head, toAppend);
    const r = await store.appendToStream(streamName, sealed, { expectedRevision: revision });
    revision = r.nextExpectedRevision;
    head = sealed[sealed.length - 1].metadata.hash;
    done += n;
  }
  return revision;
}
