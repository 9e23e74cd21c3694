/* global process, console */
// Drill: stop and start PostgreSQL under load. A throw-away cluster (initdb into a temp dir, port 54329
// unless DRILL_PG_PORT, loopback only, trust auth) so nobody else's database is disturbed. While the
// store is away, the service must answer 503 application/problem+json with Retry-After; after the
// start it must recover by itself, without a restart of the service.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ACTORS, STEG, http, nowMs, opprettOrganer, registrerBody, sleep, startService } from '../lib.mjs';
import { check, finish } from './common.mjs';

const PORT = Number(process.env.DRILL_PG_PORT ?? 54329);
const OUTAGE_MS = 8000;

function pgBin() {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base) ? execFileSync('ls', [base]).toString().split('\n').filter(Boolean).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) if (existsSync(join(base, v, 'bin', 'pg_ctl'))) return join(base, v, 'bin');
  throw new Error('pg_ctl not found under /usr/lib/postgresql/*/bin');
}

/** Runs a PostgreSQL tool, as the postgres user when we are root (initdb refuses root). */
function pgTool(bin, args) {
  const asRoot = process.getuid?.() === 0;
  const cmd = asRoot ? 'runuser' : bin;
  const full = asRoot ? ['-u', 'postgres', '--', bin, ...args] : args;
  return execFileSync(cmd, full, { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
}

export async function drillPgRestart() {
  const failures = [];
  const bin = pgBin();
  const dir = mkdtempSync(join(tmpdir(), 'saksgang-drill-pg-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const log = join(dir, 'pg.log');
  const ctl = (action) => pgTool(join(bin, 'pg_ctl'), ['-D', data, '-l', log, '-w', '-t', '30', '-o', `-p ${PORT} -k ${dir} -c listen_addresses=127.0.0.1`, '-m', 'fast', action]);
  pgTool(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  ctl('start');
  const url = `postgres://postgres@127.0.0.1:${PORT}/postgres`;
  let svc;
  let stopping = false;
  try {
    svc = await startService({ SAKSGANG_STORE: 'postgres', SAKSGANG_POSTGRES_URL: url, SAKSGANG_PROJECTIONS: 'on' });
    await opprettOrganer(svc.base);
    const log503 = [];
    let phase = 'before';
    const statuses = { before: {}, outage: {}, after: {} };
    const load = Array.from({ length: 4 }, async (_, c) => {
      for (let s = 0; !stopping; s++) {
        const t0 = nowMs();
        const p = phase;
        try {
          const r = await http(svc.base, 'POST', '/saker', { headers: ACTORS.psu, body: registrerBody(s * 10 + c), timeoutMs: 15_000 });
          statuses[p][r.status] = (statuses[p][r.status] ?? 0) + 1;
          if (r.status === 503 && log503.length < 1000) log503.push({ ms: nowMs() - t0, type: r.headers.get('content-type'), retryAfter: r.headers.get('retry-after'), status: r.json?.status });
          if (r.status === 201 && phase !== 'before') {
            const [actor, sti, body] = STEG[0];
            await http(svc.base, 'POST', `/saker/${r.json.sakId}${sti}`, { headers: ACTORS[actor], body });
          }
        } catch (e) {
          statuses[p][`error ${e.name}`] = (statuses[p][`error ${e.name}`] ?? 0) + 1;
        }
        await sleep(50);
      }
    });
    await sleep(3000);
    console.log(`stopping PostgreSQL (port ${PORT}) for ${OUTAGE_MS / 1000} s under load`);
    ctl('stop');
    phase = 'outage';
    await sleep(OUTAGE_MS);
    const alive = svc.proc.exitCode === null && svc.proc.signalCode === null;
    check(alive, 'the service process is still running while PostgreSQL is down', failures);
    if (!alive) {
      console.error(`service exited (${svc.proc.exitCode ?? svc.proc.signalCode}); its last output:\n${svc.logs().slice(-3000)}`);
      stopping = true;
      await Promise.all(load);
      return finish('pg-restart', failures);
    }
    const health = await http(svc.base, 'GET', '/health');
    ctl('start');
    const restarted = nowMs();
    phase = 'after';
    let recoveredMs;
    while (nowMs() - restarted < 30_000) {
      const r = await http(svc.base, 'POST', '/saker', { headers: ACTORS.psu, body: registrerBody(9999) });
      if (r.status === 201) {
        recoveredMs = Math.round(nowMs() - restarted);
        break;
      }
      await sleep(200);
    }
    await sleep(2000);
    stopping = true;
    await Promise.all(load);
    console.log(`answers: ${JSON.stringify(statuses)}`);
    const okOutage = Object.keys(statuses.outage).every((k) => k === '503');
    check((statuses.before['201'] ?? 0) > 0, 'commands succeed before the outage', failures);
    check((statuses.outage['503'] ?? 0) > 0 && okOutage, `while PostgreSQL is down every command is answered 503 (${JSON.stringify(statuses.outage)})`, failures);
    check(log503.every((x) => x.type?.startsWith('application/problem+json') && x.status === 503 && Number(x.retryAfter) > 0), 'every 503 is application/problem+json with Retry-After', failures);
    const slowest = Math.max(0, ...log503.map((x) => x.ms));
    console.log(`      (503 answered within ${Math.round(slowest)} ms at the slowest)`);
    check(health.status === 503, `/health says 503 during the outage (${health.status})`, failures);
    check(recoveredMs !== undefined, `the service recovered by itself, without a restart (first 201 ${recoveredMs} ms after PostgreSQL was back)`, failures);
    check(Object.keys(statuses.after).every((k) => k === '201' || k === '503'), `after the restart only 201 (or 503 while reconnecting): ${JSON.stringify(statuses.after)}`, failures);
    const d = await http(svc.base, 'GET', '/drift/projeksjoner');
    const t0 = nowMs();
    let caught = d.json?.caughtUp === true;
    while (!caught && nowMs() - t0 < 30_000) {
      await sleep(300);
      caught = (await http(svc.base, 'GET', '/drift/projeksjoner')).json?.caughtUp === true;
    }
    check(caught, 'the projections resumed and caught up after the outage', failures);
  } finally {
    stopping = true;
    await svc?.stop();
    try {
      ctl('stop');
    } catch {
      /* already stopped */
    }
    rmSync(dir, { recursive: true, force: true });
  }
  return finish('pg-restart', failures);
}
