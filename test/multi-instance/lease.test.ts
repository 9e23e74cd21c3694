/**
 * The projection lease on PostgreSQL (issue 5, item 4), in one test process: advisory-lock leases on
 * dedicated connections, their loss when the server ends the session, and two runners on one
 * database of which exactly one runs each projection. The multi-process proof (SIGKILL) is in
 * api-instances.test.ts.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { openEventStore, type OpenedEventStore } from '@saksgang/event-store';
import { leaseKey, PostgresAdvisoryLease, ProjectionLeaseNotHeldError, ProjectionRunner } from '@saksgang/projections';
import { appendTicks, eventually, MemoryLogger, recordingProjection, rowsOf } from '../projections/helpers.js';
import { describeUnless, postgresUrlOrSkip } from '../support/skip.js';
import { createDatabase, withClient } from './support.js';

const server = postgresUrlOrSkip();
const d = describeUnless(server.skip, 'the PostgreSQL projection-lease tests');

let db: { url: string; drop: () => Promise<void> };
let opened: OpenedEventStore;

beforeAll(async () => {
  if (!server.url) return;
  db = await createDatabase(server.url, 'saksgang_lease');
  opened = await openEventStore({ backend: 'postgres', url: db.url, pollIntervalMs: 20 });
}, 120_000);

afterAll(async () => {
  await opened?.store.close();
  await db?.drop();
});

/** Ends the server session of every lease connection with this application_name (as a crash would). */
async function terminateSession(applicationName: string): Promise<number> {
  return withClient(db.url, async (c) => {
    const { rows } = await c.query(`SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name = $1`, [applicationName]);
    return rows.length;
  });
}

async function advisoryHolders(name: string): Promise<string[]> {
  const key = leaseKey(name);
  return withClient(db.url, async (c) => {
    const { rows } = await c.query<{ application_name: string }>(
      `SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
          AND l.classid = (($1::bigint >> 32) & 4294967295)::oid AND l.objid = ($1::bigint & 4294967295)::oid`,
      [key.toString()],
    );
    return rows.map((r) => r.application_name);
  });
}

d('PostgresAdvisoryLease', () => {
  it('is held by one instance at a time, is visible as a PostgreSQL advisory lock, and passes on when released', async () => {
    const a = new PostgresAdvisoryLease({ connectionString: db.url, instanceName: 'lease-test-a' });
    const b = new PostgresAdvisoryLease({ connectionString: db.url, instanceName: 'lease-test-b' });
    try {
      expect(await a.tryAcquire('p_one')).toBe(true);
      expect(await a.tryAcquire('p_one')).toBe(true); // re-entrant for its holder, not counted twice
      expect(await b.tryAcquire('p_one')).toBe(false);
      expect(a.holds('p_one')).toBe(true);
      expect(b.holds('p_one')).toBe(false);
      expect(await advisoryHolders('p_one')).toEqual(['lease-test-a']);
      expect((await b.holders(['p_one', 'p_none'])).get('p_one')).toBe('lease-test-a');
      expect((await b.holders(['p_one', 'p_none'])).get('p_none')).toBeNull();
      // Another projection is another lock.
      expect(await b.tryAcquire('p_two')).toBe(true);

      await a.release('p_one');
      expect(a.holds('p_one')).toBe(false);
      expect(await advisoryHolders('p_one')).toEqual([]);
      expect(await b.tryAcquire('p_one')).toBe(true);
      expect(await a.tryAcquire('p_one')).toBe(false);

      // Closing ends the session: every lock goes at once.
      await b.close();
      expect(await advisoryHolders('p_one')).toEqual([]);
      expect(await advisoryHolders('p_two')).toEqual([]);
      expect(await a.tryAcquire('p_two')).toBe(true);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('reports its leases lost when the server ends its session, and another instance takes them', async () => {
    const a = new PostgresAdvisoryLease({ connectionString: db.url, instanceName: 'lease-test-lost-a' });
    const b = new PostgresAdvisoryLease({ connectionString: db.url, instanceName: 'lease-test-lost-b' });
    const lost: string[][] = [];
    a.onLost((names) => lost.push([...names]));
    try {
      expect(await a.tryAcquire('p_lost_1')).toBe(true);
      expect(await a.tryAcquire('p_lost_2')).toBe(true);
      expect(await b.tryAcquire('p_lost_1')).toBe(false);
      expect(await terminateSession('lease-test-lost-a')).toBe(1);
      await eventually(() => lost.length === 1, 20_000, 'the lease loss to be reported');
      expect(lost[0]!.sort()).toEqual(['p_lost_1', 'p_lost_2']);
      expect(a.holds('p_lost_1')).toBe(false);
      expect(await b.tryAcquire('p_lost_1')).toBe(true);
      expect(await b.tryAcquire('p_lost_2')).toBe(true);
      // The lost holder connects anew on its next attempt, and finds them taken.
      expect(await a.tryAcquire('p_lost_1')).toBe(false);
      expect(await a.tryAcquire('p_lost_3')).toBe(true);
    } finally {
      await a.close();
      await b.close();
    }
  });
});

d('Two ProjectionRunners on one PostgreSQL database', () => {
  it('run each projection in exactly one of them, take over when the holder loses its lease or stops, and apply every event once', async () => {
    const category = 'leasetick';
    const projection = () => recordingProjection('mi_lease_rows', category);
    const logA = new MemoryLogger();
    const logB = new MemoryLogger();
    const make = (instance: string, logger: MemoryLogger, p = projection()) => ({
      p,
      runner: new ProjectionRunner({
        store: opened.store,
        sql: opened.sql,
        projections: [p],
        logger,
        retry: { initialDelayMs: 10, maxDelayMs: 100 },
        lease: new PostgresAdvisoryLease({ connectionString: db.url, instanceName: instance, logger }),
        leaseRetryMs: 100,
      }),
    });
    const a = make('runner-a', logA);
    const b = make('runner-b', logB);
    const runningIn = async (): Promise<string[]> => {
      const [sa, sb] = await Promise.all([a.runner.status(), b.runner.status()]);
      return [...(sa[0]!.state !== 'stopped' ? ['a'] : []), ...(sb[0]!.state !== 'stopped' ? ['b'] : [])];
    };
    const expectExactlyOnce = async (events: number): Promise<void> => {
      const rows = await rowsOf(opened.sql, 'mi_lease_rows');
      expect(rows).toHaveLength(events);
      expect(new Set(rows.map((r) => r.event_id)).size).toBe(events);
    };
    await Promise.all([a.runner.start(), b.runner.start()]);
    try {
      let events = 0;
      const w1 = await appendTicks(opened.store, category, 20);
      events += 20;
      const holder = a.runner.holdsLease('mi_lease_rows') ? a : b;
      const other = holder === a ? b : a;
      expect(other.runner.holdsLease('mi_lease_rows')).toBe(false);
      expect(await holder.runner.waitFor(w1.position, 30_000)).toBe(true);
      expect(await runningIn()).toHaveLength(1);
      const [statusOther] = await other.runner.status();
      expect(statusOther!.lease).toEqual({ kind: 'postgres-advisory-lock', held: false, holder: holder === a ? 'runner-a' : 'runner-b' });
      expect(statusOther!.caughtUp).toBe(true); // the checkpoint is shared: the standby sees the holder's progress
      expect(other.p.calls).toHaveLength(0);
      await expectExactlyOnce(events);

      // 1. The holder's lease session is ended by the server (as when its process dies): it stops the
      //    projection, and the other instance takes it over within a few retry intervals.
      const holderName = holder === a ? 'runner-a' : 'runner-b';
      await terminateSession(holderName);
      await eventually(() => other.runner.holdsLease('mi_lease_rows'), 20_000, 'the other runner to take the lease over');
      await eventually(async () => (await runningIn()).length === 1, 20_000, 'exactly one runner to run the projection');
      const w2 = await appendTicks(opened.store, category, 15);
      events += 15;
      expect(await other.runner.waitFor(w2.position, 30_000)).toBe(true);
      expect(other.p.calls.length).toBeGreaterThanOrEqual(15);
      await expectExactlyOnce(events);
      expect((holder === a ? logA : logB).lines.some((l) => l.message.includes('lost its lease'))).toBe(true);

      // 2. A graceful stop releases the lease at once: the first runner takes it back.
      await other.runner.stop();
      await eventually(() => holder.runner.holdsLease('mi_lease_rows'), 20_000, 'the first runner to take the lease back');
      const w3 = await appendTicks(opened.store, category, 5);
      events += 5;
      expect(await holder.runner.waitFor(w3.position, 30_000)).toBe(true);
      await expectExactlyOnce(events);

      // 3. A rebuild asked of an instance that does not hold the lease is refused with the holder named.
      await other.runner.start();
      expect(other.runner.holdsLease('mi_lease_rows')).toBe(false);
      const refused = await other.runner.rebuild('mi_lease_rows').catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(ProjectionLeaseNotHeldError);
      expect((refused as Error).message).toContain(holderName);
      // …and done by the holder, once.
      await holder.runner.rebuild('mi_lease_rows');
      await expectExactlyOnce(events);
    } finally {
      await Promise.all([a.runner.close(), b.runner.close()]);
    }
  }, 60_000);
});
