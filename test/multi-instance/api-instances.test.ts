/**
 * Several API instances on one store (issue 5, item 4), as separate processes on one PostgreSQL
 * database: commands go to any instance; each projection runs in exactly one instance (its lease);
 * the read models hold every fact once; when the holder is killed with SIGKILL another instance takes
 * its projections over, and the time that takes is measured (docker/SCALING.md records it).
 *
 *   SAKSGANG_TEST_POSTGRES_URL=postgres://… node --experimental-vm-modules node_modules/jest/bin/jest.js test/multi-instance
 *
 * The instances run the API from its sources (apps/cli/dev/register.mjs); set
 * SAKSGANG_MULTI_INSTANCE_MAIN=dist/apps/api/src/main.js to run a build instead.
 */
import { randomBytes } from 'node:crypto';

import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { describeUnless, postgresUrlOrSkip } from '../support/skip.js';
import { actor, createDatabase, freePort, http, type Instance, startInstance, until, withClient } from './support.js';

const server = postgresUrlOrSkip();
const d = describeUnless(server.skip, 'the multi-instance API test (3 processes on one PostgreSQL database)');

const LEASE_RETRY_MS = Number(process.env['SAKSGANG_PROJECTION_LEASE_RETRY_MS'] ?? 1000);
const ADMIN = actor('admin', 'sekretariat-mi', 'sekretaer');
const PSU = actor('kari.psu', 'psu-mi', 'sekretaer');

let db: { url: string; drop: () => Promise<void> };
const instances: Instance[] = [];

interface ProjectionHealth {
  name: string;
  state: string;
  caughtUp: boolean;
  lastError: string | null;
  leaseHeld: boolean;
  leaseHolder: string | null;
}

async function health(i: Instance): Promise<{ status: string; projections: { runner: string; caughtUp: boolean; projections: ProjectionHealth[] } }> {
  const res = await http('GET', `${i.url}/health`);
  if (res.status !== 200) throw new Error(`${i.name}: /health answered ${res.status}`);
  return res.json;
}

/** Per projection, the instances that say they hold its lease (and run it). */
async function leaseMap(of: readonly Instance[]): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>();
  for (const i of of) {
    const h = await health(i);
    for (const p of h.projections.projections) {
      const list = map.get(p.name) ?? [];
      if (p.leaseHeld) {
        list.push(i.name);
        // Holding the lease and running are the same thing.
        if (p.state === 'stopped') throw new Error(`${i.name} holds the lease of ${p.name} but does not run it`);
      } else if (p.state !== 'stopped') {
        throw new Error(`${i.name} runs ${p.name} (${p.state}) without its lease`);
      }
      map.set(p.name, list);
    }
  }
  return map;
}

const exactlyOneEach = (m: Map<string, string[]>): boolean => m.size > 0 && [...m.values()].every((holders) => holders.length === 1);

async function command(i: Instance, path: string, headers: Record<string, string>, body: unknown): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const res = await http('POST', `${i.url}${path}`, { headers, body });
  if (res.status !== 201) throw new Error(`${i.name} POST ${path} → ${res.status}: ${JSON.stringify(res.json)}`);
  return res.json;
}

/** Registers a sak and orders a study from ASU: two events, each one fact in the read models. */
async function sakMedBestilling(i: Instance, n: number): Promise<string> {
  const reg = await command(i, '/saker', PSU, { tittel: `Sak ${n} via ${i.name}`, innmeldtAv: 'psu-mi', gjelderFra: '2021-03-01' });
  await command(i, `/saker/${reg.sakId}/bestillinger`, PSU, { tilOrganId: 'asu-mi', mandat: `Utred ${n}`, frist: '2031-01-01', gjelderFra: '2021-03-02' });
  return reg.sakId as string;
}

/** The facts as the read models hold them, straight from the database. */
async function readModelCounts(): Promise<{ innmeldt: number; bestilt: number; oversikt: number; steg: number; stegDistinct: number }> {
  return withClient(db.url, async (c) => {
    const one = async (sql: string): Promise<number> => Number((await c.query(sql)).rows[0]?.n ?? 0);
    return {
      innmeldt: await one(`SELECT coalesce(sum(antall), 0) AS n FROM aarsstatistikk WHERE organ_id = 'psu-mi' AND maal = 'saker_meldt_inn'`),
      bestilt: await one(`SELECT coalesce(sum(antall), 0) AS n FROM aarsstatistikk WHERE organ_id = 'psu-mi' AND maal = 'bestillinger_sendt'`),
      oversikt: await one(`SELECT count(*) AS n FROM saksoversikt WHERE innmeldt_av = 'psu-mi'`),
      steg: await one(`SELECT count(*) AS n FROM saksforloep_steg WHERE organ_id = 'psu-mi'`),
      stegDistinct: await one(`SELECT count(DISTINCT (sak_id, revisjon)) AS n FROM saksforloep_steg WHERE organ_id = 'psu-mi'`),
    };
  });
}

function dumpLogs(): string {
  return instances.map((i) => `----- ${i.name} (port ${i.port})\n${i.output().slice(-4000)}`).join('\n');
}

beforeAll(async () => {
  if (!server.url) return;
  db = await createDatabase(server.url, 'saksgang_mi');
  const env = {
    SAKSGANG_STORE: 'postgres',
    SAKSGANG_POSTGRES_URL: db.url,
    SAKSGANG_POSTGRES_POOL_SIZE: '5',
    SAKSGANG_PROJECTION_LEASE_RETRY_MS: String(LEASE_RETRY_MS),
    // A server store needs authentication configured; the test acts through the development headers.
    SAKSGANG_AUTH_SECRET: randomBytes(48).toString('base64'),
  };
  for (const name of ['api-1', 'api-2', 'api-3']) instances.push(startInstance(name, await freePort(), env));
  try {
    await Promise.all(
      instances.map((i) =>
        Promise.race([
          until(`${i.name} to answer /health`, () => health(i).then(() => true), 90_000, 200),
          i.exited.then((code) => Promise.reject(new Error(`${i.name} exited with code ${code} before answering`))),
        ]),
      ),
    );
  } catch (error) {
    throw new Error(`${String(error)}\n${dumpLogs()}`, { cause: error });
  }
}, 120_000);

afterAll(async () => {
  for (const i of instances) if (i.process.exitCode === null && i.process.signalCode === null) i.process.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([Promise.all(instances.map((i) => i.exited)), new Promise((r) => (timer = setTimeout(r, 10_000)))]);
  clearTimeout(timer);
  for (const i of instances) if (i.process.exitCode === null && i.process.signalCode === null) i.process.kill('SIGKILL');
  await db?.drop();
}, 30_000);

d('Three API instances on one PostgreSQL database', () => {
  it('take commands on any instance, run each projection in exactly one, and take over within seconds of a SIGKILL', async () => {
    try {
      // 1. Every projection is held by exactly one instance.
      const initial = await until('every projection to have exactly one holder', async () => {
        const m = await leaseMap(instances);
        return exactlyOneEach(m) ? m : undefined;
      }, 30_000);
      expect(initial.size).toBeGreaterThanOrEqual(6);

      // 2. Commands to all three instances (in parallel, round robin).
      await command(instances[0]!, '/organer', ADMIN, { organId: 'psu-mi', navn: 'PSU', organtype: 'psu', mandat: 'm', gjelderFra: '2016-01-01' });
      await command(instances[1]!, '/organer', ADMIN, { organId: 'asu-mi', navn: 'ASU', organtype: 'asu', mandat: 'm', gjelderFra: '2016-01-01' });
      const N = 30;
      await Promise.all(Array.from({ length: N }, (_, n) => sakMedBestilling(instances[n % 3]!, n)));
      await until('the read models to hold the first commands', async () => {
        const c = await readModelCounts().catch(() => undefined);
        return c && c.innmeldt === N && c.bestilt === N && c.oversikt === N && c.steg === 2 * N ? c : undefined;
      }, 30_000);
      // Every instance sees the same read models, caught up; nothing failed; still one holder each.
      for (const i of instances) {
        const h = await until(`${i.name} to report caught up`, async () => ((await health(i)).projections.caughtUp ? health(i) : undefined), 30_000);
        expect(h.status).toBe('ok');
        expect(h.projections.projections.filter((p) => p.lastError)).toEqual([]);
      }
      expect(exactlyOneEach(await leaseMap(instances))).toBe(true);

      // 3. SIGKILL the instance that holds the most leases.
      const held = await leaseMap(instances);
      const count = (i: Instance) => [...held.values()].filter((h) => h[0] === i.name).length;
      const victim = [...instances].sort((x, y) => count(y) - count(x))[0]!;
      const survivors = instances.filter((i) => i !== victim);
      const victimProjections = [...held.entries()].filter(([, h]) => h[0] === victim.name).map(([p]) => p);
      expect(victimProjections.length).toBeGreaterThan(0);
      const killedAt = Date.now();
      victim.process.kill('SIGKILL');
      await victim.exited;

      // Commands keep working on the survivors at once (the API is stateless)…
      const M = 10;
      const more = Promise.all(Array.from({ length: M }, (_, n) => sakMedBestilling(survivors[n % 2]!, N + n))).then(() => Date.now() - killedAt);
      // …while the survivors take the leases over.
      const takeover = await until('the survivors to take every lease over', async () => {
        const m = await leaseMap(survivors);
        return exactlyOneEach(m) ? m : undefined;
      }, 30_000, 25);
      const takeoverMs = Date.now() - killedAt;
      const commandsDoneMs = await more;
      await until('the read models to catch up with the commands sent after the kill', async () => {
        const c = await readModelCounts();
        return c.innmeldt === N + M && c.bestilt === N + M && c.oversikt === N + M && c.steg === 2 * (N + M) ? c : undefined;
      }, 30_000, 25);
      const caughtUpMs = Date.now() - killedAt;

      // Exactly once: the counters (which would count an event applied twice) match the facts.
      const final = await readModelCounts();
      expect(final).toEqual({ innmeldt: N + M, bestilt: N + M, oversikt: N + M, steg: 2 * (N + M), stegDistinct: 2 * (N + M) });
      expect([...takeover.keys()].sort()).toEqual([...initial.keys()].sort());
      for (const s of survivors) {
        const h = await until(`${s.name} to report caught up`, async () => ((await health(s)).projections.caughtUp ? health(s) : undefined), 30_000);
        expect(h.projections.projections.filter((p) => p.lastError)).toEqual([]);
      }
      // The dead instance's lease session is gone from the server.
      const victimSessions = await withClient(db.url, async (c) =>
        (await c.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name LIKE $1`, [`saksgang %:${victim.port} pid ${victim.process.pid}`])).rows[0].n,
      );
      expect(victimSessions).toBe(0);

      const report = {
        leaseRetryMs: LEASE_RETRY_MS,
        killed: victim.name,
        projectionsTakenOver: victimProjections,
        takeoverMs,
        commandsAfterKill: M,
        commandsAcceptedWithinMs: commandsDoneMs,
        readModelsCaughtUpMs: caughtUpMs,
      };
      console.log(`[multi-instance] take-over after SIGKILL: ${JSON.stringify(report)}`);
      expect(takeoverMs).toBeLessThan(LEASE_RETRY_MS + 10_000);
    } catch (error) {
      throw new Error(`${String(error)}\n${dumpLogs()}`, { cause: error });
    }
  }, 180_000);
});
