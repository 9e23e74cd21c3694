import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { comparePositions, type EventStore, openEventStore, type OpenedEventStore, type Position, type SqlClient, START } from '@saksgang/event-store';
import { type Projection, ProjectionRunner, type RebuildProgress } from '@saksgang/projections';
import { appendTicks, eventually, MemoryLogger, recordingProjection, redeliveringStore, rowsOf } from './helpers.js';

let opened: OpenedEventStore;
let store: EventStore;
let sql: SqlClient;

beforeAll(async () => {
  opened = await openEventStore({ backend: 'pglite', dataDir: 'memory://', pollIntervalMs: 20 });
  store = opened.store;
  sql = opened.sql;
}, 60_000);

afterAll(async () => {
  await store.close();
});

const fast = { initialDelayMs: 10, maxDelayMs: 40 };

function runner(projections: readonly Projection[], logger = new MemoryLogger(), s: EventStore = store, batchSize?: number): ProjectionRunner {
  return new ProjectionRunner({ store: s, sql, projections, logger, retry: fast, batchSize, rebuildBatchSize: batchSize });
}

async function storedCheckpoint(name: string): Promise<{ version: number; position: Position }> {
  const { rows } = await sql.query<{ version: number; commit_position: string; prepare_position: string }>(
    `SELECT version, commit_position, prepare_position FROM projection_checkpoints WHERE name = $1`,
    [name],
  );
  const r = rows[0]!;
  return { version: Number(r.version), position: { commit: BigInt(r.commit_position), prepare: BigInt(r.prepare_position) } };
}

describe('ProjectionRunner', () => {
  it('projects given events to the expected rows, in order, and stores the checkpoint', async () => {
    const a = await appendTicks(store, 'rta', 3);
    const p = recordingProjection('rt_basic', 'rta');
    const r = runner([p]);
    await r.start();
    try {
      expect(await r.waitFor(a.position, 30_000)).toBe(true);
      const rows = await rowsOf(sql, 'rt_basic');
      expect(rows.map((x) => [x.stream, x.n])).toEqual([
        [a.stream, 0],
        [a.stream, 1],
        [a.stream, 2],
      ]);
      // Live: an event appended after catch-up arrives too.
      const b = await appendTicks(store, 'rta', 1, 10);
      expect(await r.waitFor(b.position, 30_000, 'rt_basic')).toBe(true);
      expect((await rowsOf(sql, 'rt_basic')).map((x) => x.n).sort((x, y) => x - y)).toEqual([0, 1, 2, 10]);
      const cp = await storedCheckpoint('rt_basic');
      expect(cp.version).toBe(1);
      expect(comparePositions(cp.position, b.position)).toBe(0);
      // Handler calls follow the global order.
      const positions = p.calls.map((e) => e.position);
      for (let i = 1; i < positions.length; i++) expect(comparePositions(positions[i - 1]!, positions[i]!)).toBeLessThan(0);
    } finally {
      await r.stop();
    }
  });

  it('filters re-delivered events by the checkpoint: applying again changes nothing', async () => {
    const a = await appendTicks(store, 'rtb', 4);
    const p = recordingProjection('rt_redeliver', 'rtb');
    const first = runner([p]);
    await first.start();
    expect(await first.waitFor(a.position, 30_000)).toBe(true);
    await first.stop();
    const before = await rowsOf(sql, 'rt_redeliver');
    expect(before).toHaveLength(4);

    // A store that re-delivers the whole log, whatever checkpoint the runner asks from.
    const callsBefore = p.calls.length;
    const again = runner([p], new MemoryLogger(), redeliveringStore(store));
    await again.start();
    try {
      const b = await appendTicks(store, 'rtb', 1, 100);
      expect(await again.waitFor(b.position, 30_000)).toBe(true);
      // Only the new event reached the handler; the re-delivered ones were filtered by the checkpoint.
      expect(p.calls.slice(callsBefore).map((e) => e.id)).toEqual([(await store.readStream(b.stream))[0]!.id]);
      const after = await rowsOf(sql, 'rt_redeliver');
      expect(after.filter((x) => x.stream === a.stream)).toEqual(before);
      expect(after).toHaveLength(5);
    } finally {
      await again.stop();
    }
  });

  it('rolls back a read-model write whose handler fails after writing: no double apply after the retry', async () => {
    const a = await appendTicks(store, 'rtc', 5);
    const p = recordingProjection('rt_crash', 'rtc');
    let failures = 0;
    // Write the row, then "crash" before the checkpoint is written — twice for n=2.
    p.failOn = (e) => e.streamName === a.stream && e.data['n'] === 2 && failures++ < 2;
    const logger = new MemoryLogger();
    const r = runner([p], logger, store, 1);
    await r.start();
    try {
      expect(await r.waitFor(a.position, 30_000)).toBe(true);
      expect(failures).toBe(3);
      const rows = await rowsOf(sql, 'rt_crash');
      expect(rows.map((x) => x.n)).toEqual([0, 1, 2, 3, 4]);
      // The error was logged and recorded, then recovered from.
      expect(logger.errors().some((m) => m.includes("Projection 'rt_crash'") && m.includes('handler failed on n=2'))).toBe(true);
      const [s] = await r.status();
      expect(s!.lastError?.message).toContain('handler failed on n=2');
      expect(s!.lastError?.eventType).toBe('Tick');
      expect(s!.lastError?.attempts).toBe(2);
      expect(s!.lastError?.recoveredAt).toBeInstanceOf(Date);
      expect(s!.state).toBe('running');
    } finally {
      await r.stop();
    }
  });

  it('a transaction killed by the database (a failing statement after the write) applies nothing', async () => {
    const a = await appendTicks(store, 'rtk', 3);
    const p = recordingProjection('rt_kill', 'rtk');
    let killed = false;
    const inner = p.handle.bind(p);
    const killing = {
      ...p,
      async handle(event: Parameters<typeof p.handle>[0], tx: SqlClient) {
        await inner(event, tx);
        if (event.streamName === a.stream && event.data['n'] === 1 && !killed) {
          killed = true;
          await tx.query('SELECT 1 / 0'); // aborts the transaction
        }
      },
    };
    const r = runner([killing], new MemoryLogger(), store, 100);
    await r.start();
    try {
      expect(await r.waitFor(a.position, 30_000)).toBe(true);
      expect(killed).toBe(true);
      expect((await rowsOf(sql, 'rt_kill')).map((x) => x.n)).toEqual([0, 1, 2]);
    } finally {
      await r.stop();
    }
  });

  it('does not skip a failing event: it stops there, shows the error in status, and goes on once fixed', async () => {
    const a = await appendTicks(store, 'rtf', 3);
    const p = recordingProjection('rt_stuck', 'rtf');
    p.failOn = (e) => e.streamName === a.stream && e.data['n'] === 1;
    const logger = new MemoryLogger();
    const r = runner([p], logger, store, 1);
    await r.start();
    try {
      await eventually(async () => ((await r.status())[0]!.lastError?.attempts ?? 0) >= 3, 30_000, 'three failures');
      const [s] = await r.status();
      expect(s!.state).toBe('retrying');
      expect(s!.caughtUp).toBe(false);
      expect(s!.eventsBehind).toBe(2);
      expect(s!.lastError?.message).toContain('handler failed on n=1');
      expect(s!.lastError?.nextRetryAt).toBeInstanceOf(Date);
      const first = (await store.readStream(a.stream))[0]!;
      expect(comparePositions(s!.checkpoint, first.position)).toBe(0);
      expect((await rowsOf(sql, 'rt_stuck')).map((x) => x.n)).toEqual([0]);
      expect(await r.waitFor(a.position, 100)).toBe(false);
      expect(logger.errors().length).toBeGreaterThanOrEqual(3);

      p.failOn = () => false;
      expect(await r.waitFor(a.position, 30_000)).toBe(true);
      expect((await rowsOf(sql, 'rt_stuck')).map((x) => x.n)).toEqual([0, 1, 2]);
      const [after] = await r.status();
      expect(after!.state).toBe('running');
      expect(after!.caughtUp).toBe(true);
      expect(after!.eventsBehind).toBe(0);
    } finally {
      await r.stop();
    }
  });

  it('resumes after a restart from its checkpoint', async () => {
    const a = await appendTicks(store, 'rtr', 3);
    const p1 = recordingProjection('rt_resume', 'rtr');
    const r1 = runner([p1]);
    await r1.start();
    expect(await r1.waitFor(a.position, 30_000)).toBe(true);
    await r1.stop();

    const b = await appendTicks(store, 'rtr', 2, 3);
    const r1Status = (await r1.status())[0]!;
    expect(r1Status.state).toBe('stopped');
    expect(r1Status.caughtUp).toBe(false);
    expect(r1Status.eventsBehind).toBe(2);

    const p2 = recordingProjection('rt_resume', 'rtr'); // a fresh process: new instances
    const r2 = runner([p2]);
    await r2.start();
    try {
      expect(await r2.waitFor(b.position, 30_000)).toBe(true);
      expect(p2.resets).toBe(0);
      expect(p2.calls.map((e) => e.streamName)).toEqual([b.stream, b.stream]);
      const rows = await rowsOf(sql, 'rt_resume');
      expect(rows.filter((x) => x.stream === a.stream).map((x) => x.n)).toEqual([0, 1, 2]);
      expect(rows.filter((x) => x.stream === b.stream).map((x) => x.n)).toEqual([3, 4]);
    } finally {
      await r2.stop();
    }
  });

  it('rebuild resets and replays to exactly the rows of live processing, reporting progress', async () => {
    await appendTicks(store, 'rtq', 7);
    const p = recordingProjection('rt_rebuild', 'rtq');
    const r = runner([p], new MemoryLogger(), store, 3);
    await r.start();
    try {
      const head = await store.headPosition();
      expect(await r.waitFor(head, 30_000)).toBe(true);
      const live = await rowsOf(sql, 'rt_rebuild');
      expect(live.length).toBeGreaterThanOrEqual(7);

      const all = await store.readAll({ fromPosition: START, maxCount: 100_000 });
      const progress: RebuildProgress[] = [];
      await r.rebuild('rt_rebuild', (x) => progress.push(x));
      expect(p.resets).toBe(2); // once at the first start (fresh), once for the rebuild
      expect(await rowsOf(sql, 'rt_rebuild')).toEqual(live);
      expect(progress[0]).toMatchObject({ projection: 'rt_rebuild', processed: 0, total: all.length });
      expect(progress[progress.length - 1]).toMatchObject({ processed: all.length, total: all.length });
      for (let i = 1; i < progress.length; i++) expect(progress[i]!.processed).toBeGreaterThanOrEqual(progress[i - 1]!.processed);
      expect(progress.length).toBeGreaterThan(2); // batches of 3

      // Still live after the rebuild.
      const c = await appendTicks(store, 'rtq', 1, 50);
      expect(await r.waitFor(c.position, 30_000)).toBe(true);
      expect((await rowsOf(sql, 'rt_rebuild')).length).toBe(live.length + 1);
    } finally {
      await r.stop();
    }
  });

  it('rebuild also works when the runner is not started, and leaves the projection stopped', async () => {
    const a = await appendTicks(store, 'rts', 2);
    const p = recordingProjection('rt_offline', 'rts');
    const r = runner([p]);
    await r.rebuild('rt_offline');
    expect((await rowsOf(sql, 'rt_offline')).map((x) => x.n)).toEqual([0, 1]);
    const [s] = await r.status();
    expect(s!.state).toBe('stopped');
    expect(comparePositions(s!.checkpoint, a.position)).toBeGreaterThanOrEqual(0);
    await expect(r.rebuild('no_such')).rejects.toThrow("Unknown projection 'no_such'");
  });

  it('rebuilds a projection at start when its code version differs from the stored one', async () => {
    const a = await appendTicks(store, 'rtv', 3);
    const v1 = recordingProjection('rt_version', 'rtv', 1);
    const r1 = runner([v1]);
    await r1.start();
    expect(await r1.waitFor(a.position, 30_000)).toBe(true);
    await r1.stop();
    expect((await rowsOf(sql, 'rt_version')).every((x) => x.written_by_version === 1)).toBe(true);

    // Same version again: no rebuild.
    const same = recordingProjection('rt_version', 'rtv', 1);
    const r2 = runner([same]);
    await r2.start();
    await r2.stop();
    expect(same.resets).toBe(0);

    const v2 = recordingProjection('rt_version', 'rtv', 2);
    const logger = new MemoryLogger();
    const progress: RebuildProgress[] = [];
    const r3 = new ProjectionRunner({ store, sql, projections: [v2], logger, retry: fast, onRebuildProgress: (x) => progress.push(x) });
    await r3.start();
    try {
      const head = await store.headPosition();
      expect(await r3.waitFor(head, 30_000)).toBe(true);
      expect(v2.resets).toBe(1);
      const rows = await rowsOf(sql, 'rt_version');
      expect(rows.map((x) => [x.n, x.written_by_version])).toEqual([
        [0, 2],
        [1, 2],
        [2, 2],
      ]);
      expect((await storedCheckpoint('rt_version')).version).toBe(2);
      expect(logger.lines.some((l) => l.message.includes('changed from version 1 to 2'))).toBe(true);
      await eventually(() => progress.length > 0 && progress[progress.length - 1]!.processed === progress[0]!.total, 30_000, 'rebuild progress');
    } finally {
      await r3.stop();
    }
  });

  it('rebuilds every projection whose version changed in one pass over the log, in the background, then runs them live', async () => {
    const a = await appendTicks(store, 'rtw', 5);
    const first = [recordingProjection('rt_wave_a', 'rtw', 1), recordingProjection('rt_wave_b', 'rtw', 1)];
    const r1 = runner(first);
    await r1.start();
    expect(await r1.waitFor(a.position, 30_000)).toBe(true);
    await r1.stop();

    // Both change version: count how the new runner reads the log (pages from the start, subscriptions).
    let pagesFromStart = 0;
    let subscriptions = 0;
    const counting = new Proxy(store, {
      get(target, prop, receiver) {
        if (prop === 'readAll')
          return (options?: { fromPosition?: Position }) => {
            if (!options?.fromPosition || comparePositions(options.fromPosition, START) === 0) pagesFromStart++;
            return target.readAll(options as never);
          };
        if (prop === 'subscribeToAll')
          return (options?: { fromPosition?: Position }) => {
            subscriptions++;
            return target.subscribeToAll(options as never);
          };
        const value = Reflect.get(target, prop, receiver) as unknown;
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    }) as EventStore;
    const second = [recordingProjection('rt_wave_a', 'rtw', 2), recordingProjection('rt_wave_b', 'rtw', 2)];
    const progress: RebuildProgress[] = [];
    const r2 = new ProjectionRunner({ store: counting, sql, projections: second, logger: new MemoryLogger(), retry: fast, rebuildBatchSize: 2, onRebuildProgress: (x) => progress.push(x) });
    await r2.start();
    try {
      const head = await store.headPosition();
      expect(await r2.waitFor(head, 30_000)).toBe(true);
      // One read of the log from the start for both, not one each; each reset once.
      expect(pagesFromStart).toBe(1);
      expect(second.map((p) => p.resets)).toEqual([1, 1]);
      for (const p of second) {
        const rows = await rowsOf(sql, `${p.name}`);
        expect(rows.map((x) => [x.n, x.written_by_version])).toEqual([0, 1, 2, 3, 4].map((n) => [n, 2]));
      }
      const names = new Set(progress.map((x) => x.projection));
      expect(names).toEqual(new Set(['rt_wave_a', 'rt_wave_b']));
      for (const name of names) {
        const last = progress.filter((x) => x.projection === name).at(-1)!;
        expect(last.processed).toBe(last.total);
      }
      // Then live: a new event reaches both through ONE subscription they share (the runner's feed).
      await eventually(() => subscriptions >= 1, 30_000, 'subscribed after the rebuild');
      const b = await appendTicks(store, 'rtw', 1);
      expect(await r2.waitFor(b.position, 30_000)).toBe(true);
      expect(subscriptions).toBe(1);
      expect((await r2.status()).map((x) => [x.name, x.state])).toEqual([
        ['rt_wave_a', 'running'],
        ['rt_wave_b', 'running'],
      ]);
    } finally {
      await r2.stop();
    }
  });

  it('stop() during a version-change rebuild waits for the page being written; a restart goes on from its checkpoint', async () => {
    const a = await appendTicks(store, 'rts', 30);
    const r1 = runner([recordingProjection('rt_slowwave', 'rts', 1)]);
    await r1.start();
    expect(await r1.waitFor(a.position, 30_000)).toBe(true);
    await r1.stop();

    const slow = recordingProjection('rt_slowwave', 'rts', 2);
    const handle = slow.handle.bind(slow);
    let inFlight = 0;
    slow.handle = async (event, tx) => {
      inFlight++;
      try {
        await new Promise((r) => setTimeout(r, 5));
        await handle(event, tx);
      } finally {
        inFlight--;
      }
    };
    const progress: RebuildProgress[] = [];
    const r2 = new ProjectionRunner({ store, sql, projections: [slow], logger: new MemoryLogger(), retry: fast, rebuildBatchSize: 5, onRebuildProgress: (x) => progress.push(x) });
    await r2.start();
    await eventually(() => progress.some((x) => x.processed >= 5), 30_000, 'the first page of the rebuild');
    await r2.stop();
    expect(inFlight).toBe(0);
    const calls = slow.calls.length;
    await new Promise((r) => setTimeout(r, 200));
    expect(slow.calls.length).toBe(calls); // nothing written after stop() resolved
    expect((await r2.status())[0]!.state).toBe('stopped');

    // The next start: same version, so no reset; it goes on from the checkpoint, each row once.
    const again = recordingProjection('rt_slowwave', 'rts', 2);
    const r3 = runner([again]);
    await r3.start();
    try {
      expect(await r3.waitFor(a.position, 30_000)).toBe(true);
      expect(again.resets).toBe(0);
      const rows = (await rowsOf(sql, 'rt_slowwave')).filter((x) => x.stream === a.stream);
      expect(rows.map((x) => [x.n, x.written_by_version])).toEqual(Array.from({ length: 30 }, (_, n) => [n, 2]));
    } finally {
      await r3.stop();
    }
  });

  it('runs several projections independently; waitFor waits for all of them or a named one', async () => {
    const a = await appendTicks(store, 'rtm', 2);
    const good = recordingProjection('rt_multi_good', 'rtm');
    const bad = recordingProjection('rt_multi_bad', 'rtm');
    bad.failOn = (e) => e.streamName === a.stream;
    const r = runner([good, bad]);
    await r.start();
    try {
      expect(await r.waitFor(a.position, 30_000, 'rt_multi_good')).toBe(true);
      expect(await r.waitFor(a.position, 200)).toBe(false);
      const status = await r.status();
      expect(status.find((s) => s.name === 'rt_multi_good')!.caughtUp).toBe(true);
      expect(status.find((s) => s.name === 'rt_multi_bad')!.caughtUp).toBe(false);
      expect(status.find((s) => s.name === 'rt_multi_bad')!.lastError).not.toBeNull();
    } finally {
      await r.stop();
    }
  });

  it('the caught-up projections share one subscription and one transaction per batch; a failing one is rolled back alone, the other goes on, and it rejoins once fixed', async () => {
    const a = await appendTicks(store, 'rtfeed', 2);
    let subscriptions = 0;
    let transactions = 0;
    const counting = new Proxy(store, {
      get(target, prop, receiver) {
        if (prop === 'subscribeToAll')
          return (options?: { fromPosition?: Position }) => {
            subscriptions++;
            return target.subscribeToAll(options as never);
          };
        const value = Reflect.get(target, prop, receiver) as unknown;
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    }) as EventStore;
    const countingSql = new Proxy(sql, {
      get(target, prop, receiver) {
        if (prop === 'transaction')
          return (fn: (tx: SqlClient) => Promise<unknown>) => {
            transactions++;
            return target.transaction(fn);
          };
        const value = Reflect.get(target, prop, receiver) as unknown;
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    }) as SqlClient;
    const good = recordingProjection('rt_feed_good', 'rtfeed');
    const bad = recordingProjection('rt_feed_bad', 'rtfeed');
    const r = new ProjectionRunner({ store: counting, sql: countingSql, projections: [good, bad], logger: new MemoryLogger(), retry: fast });
    const ns = async (name: string) => (await rowsOf(sql, name)).map((x) => x.n).sort((x, y) => x - y);
    const live = async (n: number) => {
      const x = await appendTicks(store, 'rtfeed', 1, n);
      expect(await r.waitFor(x.position, 30_000)).toBe(true);
      return x;
    };
    await r.start();
    try {
      expect(await r.waitFor(a.position, 30_000)).toBe(true);
      // Live events one at a time: one transaction per event for both projections, one subscription.
      const before = transactions;
      for (const n of [10, 11, 12]) await live(n);
      expect(transactions - before).toBe(3);
      expect(subscriptions).toBe(1);

      // One fails on n=20: its part is rolled back to its savepoint; the other's commits and it stays live.
      bad.failOn = (e) => e.data['n'] === 20;
      const c = await appendTicks(store, 'rtfeed', 2, 20);
      expect(await r.waitFor(c.position, 30_000, 'rt_feed_good')).toBe(true);
      await eventually(async () => ((await r.status()).find((x) => x.name === 'rt_feed_bad')!.lastError?.attempts ?? 0) >= 2, 30_000, 'two failures');
      const d = await appendTicks(store, 'rtfeed', 1, 30);
      expect(await r.waitFor(d.position, 30_000, 'rt_feed_good')).toBe(true);
      expect(await r.waitFor(c.position, 100, 'rt_feed_bad')).toBe(false);
      expect((await r.status()).map((x) => [x.name, x.state])).toEqual([
        ['rt_feed_good', 'running'],
        ['rt_feed_bad', 'retrying'],
      ]);
      expect(await ns('rt_feed_good')).toEqual([0, 1, 10, 11, 12, 20, 21, 30]);
      expect(await ns('rt_feed_bad')).toEqual([0, 1, 10, 11, 12]);

      // Fixed: it catches up (each event once, none skipped) and is back in the shared transaction.
      bad.failOn = () => false;
      expect(await r.waitFor(d.position, 30_000)).toBe(true);
      expect(await ns('rt_feed_bad')).toEqual([0, 1, 10, 11, 12, 20, 21, 30]);
      await eventually(async () => (await r.status()).every((x) => x.state === 'running'), 30_000, 'both running');
      const again = transactions;
      await live(40);
      expect(transactions - again).toBe(1);
      expect(await ns('rt_feed_bad')).toEqual([0, 1, 10, 11, 12, 20, 21, 30, 40]);
      expect(await ns('rt_feed_good')).toEqual([0, 1, 10, 11, 12, 20, 21, 30, 40]);
    } finally {
      await r.stop();
    }
  });

  it('rejects duplicate and malformed projection names', () => {
    const p = recordingProjection('rt_dupe', 'x');
    expect(() => runner([p, p])).toThrow("Two projections are named 'rt_dupe'");
    expect(() => runner([recordingProjection('Bad-Name', 'x')])).toThrow('lower-case');
  });

  it('waitFor returns false at the timeout for a position not reached', async () => {
    const p = recordingProjection(`rt_wait_${randomUUID().slice(0, 8)}`, 'none');
    const r = runner([p]);
    await r.start();
    try {
      const t0 = Date.now();
      expect(await r.waitFor({ commit: 2n ** 62n, prepare: 0n }, 150)).toBe(false);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    } finally {
      await r.stop();
    }
  });
});
