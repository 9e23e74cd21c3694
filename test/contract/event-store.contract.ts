/**
 * The event-store contract: what every backend (PGlite, PostgreSQL, EventStoreDB) must do, as the
 * port (`@saksgang/event-store`) promises. Run it with {@link describeEventStoreContract} for each
 * backend. Every test uses its own stream names / categories, so one store instance serves the file.
 */
import { randomBytes, randomUUID } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import {
  IdempotencyMismatchError,
  InvalidAppendError,
  MIGRATIONS,
  PostgresEventStore,
  START,
  SCHEMA_COMPONENT,
  StoreUnavailableError,
  StreamNotFoundError,
  WrongExpectedVersionError,
  comparePositions,
  readStreams,
  schemaVersion,
  type AllSubscription,
  type AppendResult,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type JsonObject,
  type Position,
  type RecordedEvent,
  type SqlClient,
} from '@saksgang/event-store';

import type { BackendCapabilities, ContractSubject } from '../support/backends.js';

export type { ContractSubject } from '../support/backends.js';

const SLOW = 60_000;

// ------------------------------------------------------------------------------------------- helpers

/** A category unique to one test (dash-free, as stream names require). */
export function uniqueCategory(prefix: string): string {
  return `${prefix}${randomBytes(5).toString('hex')}`;
}

export function newStream(prefix = 'kontrakt'): string {
  return `${uniqueCategory(prefix)}-${randomUUID()}`;
}

export function newEvent(type = 'SakRegistrert', data: JsonObject = {}, metadata: JsonObject = {}): EventToAppend {
  return { id: randomUUID(), type, data, metadata };
}

export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(10);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Iterates a subscription in the background, collecting what it delivers. */
export function follow(subscription: AllSubscription, keep: (e: RecordedEvent) => boolean = () => true) {
  const events: RecordedEvent[] = [];
  const state: { error: unknown; ended: boolean } = { error: undefined, ended: false };
  const finished = (async () => {
    try {
      for await (const event of subscription) if (keep(event)) events.push(event);
    } catch (error) {
      state.error = error;
    } finally {
      state.ended = true;
    }
  })();
  return { events, state, finished };
}

/** Waits until the global log (which may lag behind commits) shows `position`. */
async function visible(store: EventStore, position: Position): Promise<void> {
  await waitFor(async () => comparePositions(await store.headPosition(), position) >= 0, 10_000, 'the append to become visible in the global log');
}

async function expectWrongVersion(
  promise: Promise<unknown>,
  streamName: string,
  expected: ExpectedRevision,
  actual: bigint | 'no_stream',
): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WrongExpectedVersionError);
  const wev = error as WrongExpectedVersionError;
  expect(wev.streamName).toBe(streamName);
  expect(wev.expectedRevision).toBe(expected);
  expect(wev.actualRevision).toBe(actual);
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection, but the promise resolved');
    },
    (e: unknown) => e,
  );
}

function ids(events: readonly { id: string }[]): string[] {
  return events.map((e) => e.id);
}

function expectStrictlyIncreasing(events: readonly RecordedEvent[]): void {
  for (let i = 1; i < events.length; i++) {
    if (comparePositions(events[i - 1]!.position, events[i]!.position) >= 0) {
      throw new Error(`positions not strictly increasing at ${i}: ${JSON.stringify(events.slice(i - 1, i + 1).map((e) => String(e.position.commit) + '/' + String(e.position.prepare)))}`);
    }
  }
}

// ------------------------------------------------------------------------------------------ contract

export function describeEventStoreContract(
  backendName: string,
  factory: () => Promise<ContractSubject>,
  capabilities: BackendCapabilities = { sql: false, concurrentTransactions: false },
): void {
  describe(`EventStore contract: ${backendName}`, () => {
    let subject: ContractSubject;
    let store: EventStore;

    beforeAll(async () => {
      subject = await factory();
      store = subject.store;
    }, 180_000);

    afterAll(async () => {
      await subject?.dispose();
    }, 60_000);

    it('reports its backend and is healthy', async () => {
      const health = await store.health();
      expect(health).toMatchObject({ ok: true, backend: store.backend });
      expect(store.backend).toBe(backendName);
    });

    // ------------------------------------------------------------------ expected revision matrix
    describe('expected-state matrix', () => {
      type Outcome = { ok: bigint } | { conflict: bigint | 'no_stream' };
      // The stream is either absent or present with 3 events (revision 2); each append writes 2 events.
      const cases: Array<[state: 'absent' | 'present', expected: ExpectedRevision, outcome: Outcome]> = [
        ['absent', 'no_stream', { ok: 1n }],
        ['absent', 'stream_exists', { conflict: 'no_stream' }],
        ['absent', 'any', { ok: 1n }],
        // an absent stream has no right exact revision: every exact revision is wrong
        ['absent', 0n, { conflict: 'no_stream' }],
        ['absent', 5n, { conflict: 'no_stream' }],
        ['present', 'no_stream', { conflict: 2n }],
        ['present', 'stream_exists', { ok: 4n }],
        ['present', 'any', { ok: 4n }],
        ['present', 2n, { ok: 4n }],
        ['present', 1n, { conflict: 2n }],
        ['present', 3n, { conflict: 2n }],
      ];

      it.each(cases)('stream %s, expected %p', async (state, expected, outcome) => {
        const stream = newStream('matrise');
        const seeded = [newEvent('A'), newEvent('B'), newEvent('C')];
        if (state === 'present') await store.appendToStream(stream, seeded, { expectedRevision: 'no_stream' });
        const batch = [newEvent('D', { n: 1 }), newEvent('E', { n: 2 })];

        if ('ok' in outcome) {
          const result = await store.appendToStream(stream, batch, { expectedRevision: expected });
          expect(result.nextExpectedRevision).toBe(outcome.ok);
          expect(result.idempotentReplay).toBe(false);
          const events = await store.readStream(stream);
          expect(ids(events)).toEqual(ids(state === 'present' ? [...seeded, ...batch] : batch));
          expect(events.at(-1)!.position).toEqual(result.position);
          return;
        }

        await expectWrongVersion(store.appendToStream(stream, batch, { expectedRevision: expected }), stream, expected, outcome.conflict);
        // nothing was written …
        if (state === 'present') {
          expect(ids(await store.readStream(stream))).toEqual(ids(seeded));
        } else {
          await expect(store.readStream(stream)).rejects.toBeInstanceOf(StreamNotFoundError);
        }
        // … not even the event ids: appending the same events properly is a first append, not a replay
        const retry = await store.appendToStream(stream, batch, { expectedRevision: state === 'present' ? 2n : 'no_stream' });
        expect(retry.idempotentReplay).toBe(false);
        expect(retry.nextExpectedRevision).toBe(state === 'present' ? 4n : 1n);
      });
    });

    // -------------------------------------------------------------------------------- concurrency
    describe('concurrent writers', () => {
      it('50 concurrent appends with the same expected revision: exactly one wins', async () => {
        const stream = newStream('samtidig');
        const first = newEvent('Opprettet');
        await store.appendToStream(stream, [first], { expectedRevision: 'no_stream' });
        const batches = Array.from({ length: 50 }, (_, i) => [newEvent('Endret', { i }), newEvent('Endret', { i, del: 2 })]);

        const results = await Promise.allSettled(batches.map((b) => store.appendToStream(stream, b, { expectedRevision: 0n })));

        const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [{ i, result: r.value }] : []));
        const lost = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(49);
        for (const error of lost) {
          expect(error).toBeInstanceOf(WrongExpectedVersionError);
          expect((error as WrongExpectedVersionError).expectedRevision).toBe(0n);
          expect((error as WrongExpectedVersionError).actualRevision).toBe(2n);
        }
        expect(won[0]!.result.nextExpectedRevision).toBe(2n);
        const events = await store.readStream(stream);
        expect(ids(events)).toEqual([first.id, ...ids(batches[won[0]!.i]!)]);
        expect(events.map((e) => e.revision)).toEqual([0n, 1n, 2n]);
      }, SLOW);

      it('20 concurrent creations with no_stream: exactly one creates the stream', async () => {
        const stream = newStream('opprett');
        const batches = Array.from({ length: 20 }, (_, i) => [newEvent('Opprettet', { i })]);
        const results = await Promise.allSettled(batches.map((b) => store.appendToStream(stream, b, { expectedRevision: 'no_stream' })));
        const winners = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
        expect(winners).toHaveLength(1);
        for (const r of results) {
          if (r.status === 'rejected') {
            expect(r.reason).toBeInstanceOf(WrongExpectedVersionError);
            expect((r.reason as WrongExpectedVersionError).actualRevision).toBe(0n);
          }
        }
        expect(ids(await store.readStream(stream))).toEqual(ids(batches[winners[0]!]!));
      }, SLOW);

      it('many writers on many streams: a subscriber from START sees every event once, in order; so does one from a mid checkpoint', async () => {
        const category = uniqueCategory('mange');
        const streams = Array.from({ length: 10 }, (_, i) => `${category}-${i}`);
        const writers = 8;
        const rounds = 3;
        const caughtUp: Position[] = [];
        const sub = store.subscribeToAll({
          fromPosition: START,
          filter: { streamNamePrefixes: [`${category}-`] },
          onCaughtUp: (p) => caughtUp.push(p),
        });
        const followed = follow(sub);

        const appended: EventToAppend[] = [];
        await Promise.all(
          Array.from({ length: writers }, async (_, w) => {
            for (let round = 0; round < rounds; round++) {
              for (let s = 0; s < streams.length; s++) {
                const batch = Array.from({ length: 1 + ((w + s + round) % 2) }, (_, k) => newEvent('Skrevet', { w, round, s, k }));
                appended.push(...batch);
                await store.appendToStream(streams[s]!, batch, { expectedRevision: 'any' });
              }
            }
          }),
        );

        await waitFor(() => followed.events.length >= appended.length || followed.state.ended, 30_000, `${appended.length} events`);
        await sleep(200); // anything extra (a duplicate) would arrive now
        await sub.unsubscribe();
        await followed.finished;
        expect(followed.state.error).toBeUndefined();

        const received = followed.events;
        expect(received).toHaveLength(appended.length);
        expect(new Set(ids(received)).size).toBe(appended.length);
        expect(new Set(ids(received))).toEqual(new Set(ids(appended)));
        expectStrictlyIncreasing(received);
        // per stream: revisions 0, 1, 2, … in delivery order, and each writer's own appends in its order
        for (const stream of streams) {
          const own = received.filter((e) => e.streamName === stream);
          expect(own.map((e) => e.revision)).toEqual(own.map((_, i) => BigInt(i)));
          for (let w = 0; w < writers; w++) {
            const rounds = own.filter((e) => e.data['w'] === w).map((e) => e.data['round'] as number);
            expect(rounds).toEqual([...rounds].sort((a, b) => a - b));
          }
        }
        // the subscription reported being caught up, at (or after) the last event
        expect(caughtUp.length).toBeGreaterThan(0);
        expect(comparePositions(caughtUp.at(-1)!, received.at(-1)!.position)).toBeGreaterThanOrEqual(0);
        // the same order as reading the global log
        const log = await store.readAll({ filter: { streamNamePrefixes: [`${category}-`] } });
        expect(ids(log)).toEqual(ids(received));

        // a subscriber from a checkpoint in the middle gets exactly the rest
        const mid = Math.floor(received.length / 2);
        const rest = follow(store.subscribeToAll({ fromPosition: received[mid]!.position }), (e) => e.streamName.startsWith(`${category}-`));
        await waitFor(() => rest.events.length >= received.length - mid - 1, 10_000, 'the rest of the events');
        await sleep(100);
        expect(ids(rest.events)).toEqual(ids(received.slice(mid + 1)));
        expect(rest.events.map((e) => e.position)).toEqual(received.slice(mid + 1).map((e) => e.position));
      }, SLOW);

      it('hot streams: many writers on two streams; the global log keeps each stream in revision order', async () => {
        const category = uniqueCategory('het');
        const streams = [`${category}-a`, `${category}-b`];
        await Promise.all(
          Array.from({ length: 16 }, async (_, w) => {
            for (let i = 0; i < 10; i++) {
              await store.appendToStream(streams[(w + i) % 2]!, [newEvent('Het', { w, i })], { expectedRevision: 'any' });
            }
          }),
        );
        const head = await store.headPosition();
        const last = await store.readStream(streams[1]!, { direction: 'backwards', maxCount: 1 });
        await visible(store, comparePositions(head, last[0]!.position) > 0 ? head : last[0]!.position);
        const log = await store.readAll({ filter: { streamNamePrefixes: [`${category}-`] } });
        expect(log).toHaveLength(160);
        expectStrictlyIncreasing(log);
        for (const stream of streams) {
          const own = log.filter((e) => e.streamName === stream);
          expect(own.map((e) => e.revision)).toEqual(own.map((_, i) => BigInt(i)));
        }
      }, SLOW);

      if (capabilities.concurrentTransactions) {
        it('a writer waiting for a stream gets its transaction id only when it has the stream (stream order = log order)', async () => {
          const sql = subject.sql!;
          const category = uniqueCategory('rekkefolge');
          const contended = `${category}-omstridt`;
          const elsewhere = `${category}-annen`;
          let appended!: () => void;
          const holderAppended = new Promise<void>((resolve) => (appended = resolve));
          let release!: () => void;
          const released = new Promise<void>((resolve) => (release = resolve));
          await store.appendToStream(contended, [newEvent('Opprettet')], { expectedRevision: 'no_stream' });
          // The holder appends to the contended stream and keeps its transaction open.
          const holder = sql.transaction(async (tx) => {
            await tx.query(`select * from es_append($1, 'any', null, $2::jsonb)`, [contended, JSON.stringify([newEvent('Foerst')])]);
            appended();
            await released;
          });
          await holderAppended;
          let waiter: Promise<AppendResult> | undefined;
          try {
            // ('stream_exists' is an UPDATE of the stream row, which takes a transaction id before it waits)
            waiter = store.appendToStream(contended, [newEvent('Venter')], { expectedRevision: 'stream_exists' });
            // wait until the waiter is really blocked on a lock in this database
            await waitFor(
              async () =>
                Number(
                  (
                    await sql.query<{ n: string }>(
                      `select count(*)::text as n from pg_locks l join pg_stat_activity a on a.pid = l.pid
                        where not l.granted and a.datname = current_database()`,
                    )
                  ).rows[0]!.n,
                ) > 0,
              5000,
              'the second writer to wait for the stream',
            );
            // Meanwhile a writer of another stream takes a transaction id and commits.
            const other = await store.appendToStream(elsewhere, [newEvent('Imens')], { expectedRevision: 'no_stream' });
            release();
            await holder;
            const waited = await waiter;
            // Had the waiter taken its id before waiting, its id would be older than `other`'s, and a
            // third writer could then have overtaken it within the stream.
            expect(waited.position.commit > other.position.commit).toBe(true);
            expect(waited.nextExpectedRevision).toBe(2n);
          } finally {
            release();
            await holder.catch(() => undefined);
            await waiter?.catch(() => undefined);
          }
        }, SLOW);

        it('a connection killed by the server (57P01) surfaces as StoreUnavailableError; the pool recovers', async () => {
          const sql = subject.sql!;
          const error = await rejection(
            sql.transaction(async (tx) => {
              const { rows } = await tx.query<{ pid: number }>('select pg_backend_pid() as pid');
              const sleeping = tx.query('select pg_sleep(30)');
              await sleep(100);
              await sql.query('select pg_terminate_backend($1)', [rows[0]!.pid]);
              await sleeping;
            }),
          );
          expect(error).toBeInstanceOf(StoreUnavailableError);
          // the broken connection was discarded: the store keeps working
          const stream = newStream('etterbrudd');
          await store.appendToStream(stream, [newEvent()], { expectedRevision: 'no_stream' });
          expect(await store.readStream(stream)).toHaveLength(1);
          expect((await store.health()).ok).toBe(true);
        }, SLOW);

        it('refuses es_append in a transaction that already has a transaction id', async () => {
          const sql = subject.sql!;
          const stream = newStream('sentid');
          const error = await rejection(
            sql.transaction(async (tx) => {
              await tx.query('select pg_current_xact_id()'); // assigns the id
              await tx.query(`select * from es_append($1, 'any', null, $2::jsonb)`, [stream, JSON.stringify([newEvent()])]);
            }),
          );
          expect(String((error as Error).message)).toMatch(/first write of its transaction/);
          await expect(store.readStream(stream)).rejects.toBeInstanceOf(StreamNotFoundError);
        });

        it('an append whose transaction commits late is neither skipped nor overtaken in the global log', async () => {
          const sql = subject.sql!;
          const category = uniqueCategory('sein');
          const slowStream = `${category}-slow`;
          const fastStream = `${category}-fast`;
          const headBefore = await store.headPosition();
          const sub = store.subscribeToAll({ fromPosition: headBefore, filter: { streamNamePrefixes: [`${category}-`] } });
          const followed = follow(sub);

          // A transaction that appends (taking its transaction id now) and commits only when told.
          const slowEvent = newEvent('Treg', { note: 'committed late' });
          let appendedInSlowTx!: () => void;
          const slowAppended = new Promise<void>((resolve) => (appendedInSlowTx = resolve));
          let commitSlowTx!: () => void;
          const commitSignal = new Promise<void>((resolve) => (commitSlowTx = resolve));
          const slowTx = sql.transaction(async (tx) => {
            const { rows } = await tx.query<{ o_result: string; o_commit: string }>(
              `select o_result, o_commit::text as o_commit from es_append($1, 'any', null, $2::jsonb)`,
              [slowStream, JSON.stringify([slowEvent])],
            );
            expect(rows[0]!.o_result).toBe('ok');
            appendedInSlowTx();
            await commitSignal;
            return BigInt(rows[0]!.o_commit);
          });
          await slowAppended;
          // Later appends commit while the slow transaction is still open.
          const fast: AppendResult[] = [];
          let headDuring: Position | undefined;
          const fastEvents = [newEvent('Rask', { i: 0 }), newEvent('Rask', { i: 1 }), newEvent('Rask', { i: 2 })];
          try {
            for (const event of fastEvents) fast.push(await store.appendToStream(fastStream, [event], { expectedRevision: 'any' }));
            // They are committed: a stream read shows them at once …
            expect(ids(await store.readStream(fastStream))).toEqual(ids(fastEvents));
            // … but the global log must not: showing them now would let a reader's checkpoint pass the
            // slow transaction's event, which would then be skipped.
            await sleep(500); // ten poll intervals and the in-process wake-ups of the three appends
            expect(followed.events).toEqual([]);
            headDuring = await store.headPosition();
            expect(await store.readAll({ fromPosition: headBefore, filter: { streamNamePrefixes: [`${category}-`] } })).toEqual([]);
          } finally {
            commitSlowTx(); // also when an expectation failed: an open transaction would hold the server's xmin
          }
          const slowCommit = await slowTx;
          expect(slowCommit < fast[0]!.position.commit).toBe(true);
          // While the slow transaction was open the head stayed before it (an older event of another writer may
          // have become visible meanwhile; the head must not pass the slow event's place).
          expect(headDuring!.commit < slowCommit).toBe(true);

          await waitFor(() => followed.events.length >= 4, 10_000, 'all four events after the commit');
          await sleep(100);
          // everything, once, the slow transaction's event first (its transaction id is older)
          expect(ids(followed.events)).toEqual([slowEvent.id, ...ids(fastEvents)]);
          expectStrictlyIncreasing(followed.events);
          expect(followed.events.slice(1).map((e) => e.position)).toEqual(fast.map((r) => r.position));
          const log = await store.readAll({ fromPosition: headBefore, filter: { streamNamePrefixes: [`${category}-`] } });
          expect(ids(log)).toEqual(ids(followed.events));
          await sub.unsubscribe();
          await followed.finished;
        }, SLOW);
      }
    });

    // -------------------------------------------------------------------------------- idempotency
    describe('idempotency', () => {
      it('re-appending the same events is a replay: nothing twice, the original result, whatever the expected revision', async () => {
        const stream = newStream('idem');
        const e1 = newEvent('SakRegistrert', { tittel: 'Handlingsplan' });
        const e2 = newEvent('SakBestilt', { av: 'PSU' });
        const original = await store.appendToStream(stream, [e1, e2], { expectedRevision: 'no_stream' });
        expect(original).toMatchObject({ nextExpectedRevision: 1n, idempotentReplay: false });

        for (const expectedRevision of ['no_stream', 'any', 'stream_exists', 1n, 0n, 7n] as ExpectedRevision[]) {
          const replay = await store.appendToStream(stream, [e1, e2], { expectedRevision });
          expect(replay).toEqual({ ...original, idempotentReplay: true });
        }

        const e3 = newEvent('SakUtredet');
        const third = await store.appendToStream(stream, [e3], { expectedRevision: 1n });
        expect(third.nextExpectedRevision).toBe(2n);
        // a retry arriving after later appends: its expected revision is stale, still a replay
        expect(await store.appendToStream(stream, [e1, e2], { expectedRevision: 1n })).toEqual({ ...original, idempotentReplay: true });
        expect(await store.appendToStream(stream, [e3], { expectedRevision: 'no_stream' })).toEqual({ ...third, idempotentReplay: true });
        // a tail of an earlier append, recorded consecutively, is a replay of that part
        const tail = await store.appendToStream(stream, [e2], { expectedRevision: 'any' });
        expect(tail).toMatchObject({ nextExpectedRevision: 1n, idempotentReplay: true, position: original.position });

        expect(ids(await store.readStream(stream))).toEqual([e1.id, e2.id, e3.id]);
      });

      it('partial or different overlap is an IdempotencyMismatchError and writes nothing', async () => {
        const stream = newStream('idem');
        const e1 = newEvent('A');
        const e2 = newEvent('B');
        await store.appendToStream(stream, [e1, e2], { expectedRevision: 'no_stream' });
        const fresh = newEvent('C');
        const other = newStream('idem');

        const attempts: Array<[string, readonly EventToAppend[]]> = [
          [stream, [e2, fresh]], // starts with a recorded id, continues with a new one
          [stream, [fresh, e1]], // new first, then a recorded one
          [stream, [e2, e1]], // the right ids in the wrong order
          [stream, [{ ...e1, type: 'Annen' }, e2]], // same ids, another type
          [other, [e1, e2]], // recorded, but in another stream
        ];
        for (const [target, events] of attempts) {
          const error = await rejection(store.appendToStream(target, events, { expectedRevision: 'any' }));
          expect(error).toBeInstanceOf(IdempotencyMismatchError);
          expect((error as IdempotencyMismatchError).streamName).toBe(target);
        }
        expect(ids(await store.readStream(stream))).toEqual([e1.id, e2.id]);
        await expect(store.readStream(other)).rejects.toBeInstanceOf(StreamNotFoundError);
        // the new event was not recorded by the refused appends
        const later = await store.appendToStream(stream, [fresh], { expectedRevision: 1n });
        expect(later.idempotentReplay).toBe(false);
      });

      it('tells the stream an event id is recorded in (streamsOfEvents, where ids are unique across streams)', async () => {
        // EventStoreDB has no index by event id and leaves the method out.
        if (capabilities.sql) expect(typeof store.streamsOfEvents).toBe('function');
        if (!store.streamsOfEvents) return;
        const stream = newStream('hvor');
        const e1 = newEvent('A');
        const e2 = newEvent('B');
        await store.appendToStream(stream, [e1, e2], { expectedRevision: 'no_stream' });
        const found = await store.streamsOfEvents([e1.id.toUpperCase(), e2.id, newEvent('C').id, 'ikke-en-uuid']);
        expect(found).toEqual(new Map([[e1.id.toLowerCase(), stream], [e2.id.toLowerCase(), stream]]));
        expect(await store.streamsOfEvents([])).toEqual(new Map());
      });

      it.each([['any'], ['no_stream'], ['exact']] as const)(
        'concurrent identical appends (expected %s) are recorded once; the others are replays',
        async (kind) => {
          const stream = newStream('idemsamtidig');
          const expectedRevision: ExpectedRevision = kind === 'exact' ? 0n : kind;
          if (kind === 'exact') await store.appendToStream(stream, [newEvent('Forrige')], { expectedRevision: 'no_stream' });
          const batch = [newEvent('Samme', { n: 1 }), newEvent('Samme', { n: 2 })];
          const results = await Promise.all(Array.from({ length: 12 }, () => store.appendToStream(stream, batch, { expectedRevision })));
          expect(results.filter((r) => !r.idempotentReplay)).toHaveLength(1);
          const last = kind === 'exact' ? 2n : 1n;
          for (const r of results) {
            expect(r.nextExpectedRevision).toBe(last);
            expect(r.position).toEqual(results[0]!.position);
          }
          const events = await store.readStream(stream);
          expect(ids(events.slice(-2))).toEqual(ids(batch));
          expect(events).toHaveLength(kind === 'exact' ? 3 : 2);
        },
        SLOW,
      );
    });

    // ---------------------------------------------------------------------------------- validation
    describe('validation', () => {
      it.each(['nodash', '-abc', 'abc-', '', 'a b-c', '$all-x'])('refuses the stream name %p', async (name) => {
        await expect(store.appendToStream(name, [newEvent()], { expectedRevision: 'any' })).rejects.toBeInstanceOf(InvalidAppendError);
      });

      it('refuses an empty append, a non-UUID id, an id twice and a negative revision', async () => {
        const stream = newStream('ugyldig');
        await expect(store.appendToStream(stream, [], { expectedRevision: 'any' })).rejects.toBeInstanceOf(InvalidAppendError);
        await expect(store.appendToStream(stream, [{ ...newEvent(), id: 'sak-1' }], { expectedRevision: 'any' })).rejects.toBeInstanceOf(
          InvalidAppendError,
        );
        const twice = newEvent();
        await expect(store.appendToStream(stream, [twice, twice], { expectedRevision: 'any' })).rejects.toBeInstanceOf(InvalidAppendError);
        await expect(store.appendToStream(stream, [newEvent()], { expectedRevision: -1n })).rejects.toBeInstanceOf(InvalidAppendError);
        await expect(store.readStream(stream)).rejects.toBeInstanceOf(StreamNotFoundError);
      });
    });

    // ------------------------------------------------------------------------------------- reading
    describe('reading', () => {
      it('reads a stream forwards and backwards, from the middle, with maxCount', async () => {
        const stream = newStream('les');
        const events = Array.from({ length: 10 }, (_, i) => newEvent('Punkt', { i }));
        await store.appendToStream(stream, events.slice(0, 4), { expectedRevision: 'no_stream' });
        await store.appendToStream(stream, events.slice(4), { expectedRevision: 3n });
        const revs = (es: RecordedEvent[]) => es.map((e) => Number(e.revision));

        expect(revs(await store.readStream(stream))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        expect(ids(await store.readStream(stream))).toEqual(ids(events));
        expect(revs(await store.readStream(stream, { fromRevision: 3n, maxCount: 4 }))).toEqual([3, 4, 5, 6]);
        expect(revs(await store.readStream(stream, { fromRevision: 'start', maxCount: 2 }))).toEqual([0, 1]);
        expect(revs(await store.readStream(stream, { direction: 'backwards', fromRevision: 6n, maxCount: 3 }))).toEqual([6, 5, 4]);
        expect(revs(await store.readStream(stream, { direction: 'backwards', maxCount: 2 }))).toEqual([9, 8]);
        expect(revs(await store.readStream(stream, { direction: 'backwards', fromRevision: 'end' }))).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
        expect(revs(await store.readStream(stream, { fromRevision: 8n }))).toEqual([8, 9]);
        expect(await store.readStream(stream, { fromRevision: 10n })).toEqual([]);
      });

      it('throws StreamNotFoundError for a stream without events', async () => {
        const stream = newStream('finnesikke');
        const error = await rejection(store.readStream(stream));
        expect(error).toBeInstanceOf(StreamNotFoundError);
        expect((error as StreamNotFoundError).streamName).toBe(stream);
        await expect(store.readStream(stream, { direction: 'backwards' })).rejects.toBeInstanceOf(StreamNotFoundError);
      });

      it('reads several streams at once (readStreams): whole streams in revision order, absent when empty', async () => {
        const a = newStream('flere');
        const b = newStream('flere');
        const missing = newStream('flere');
        const ea = Array.from({ length: 3 }, (_, i) => newEvent('A', { i }));
        const eb = [newEvent('B', { i: 0 })];
        await store.appendToStream(a, ea, { expectedRevision: 'no_stream' });
        await store.appendToStream(b, eb, { expectedRevision: 'no_stream' });
        const read = await readStreams(store, [a, b, missing, a]);
        expect([...read.keys()].sort()).toEqual([a, b].sort());
        expect(ids(read.get(a)!)).toEqual(ids(ea));
        expect(read.get(a)!.map((e) => Number(e.revision))).toEqual([0, 1, 2]);
        expect(ids(read.get(b)!)).toEqual(ids(eb));
        expect(read.get(a)).toEqual(await store.readStream(a));
      });

      it('counts the events of the global log between two positions (countEvents) as reading them would', async () => {
        if (!store.countEvents) return; // optional: backends without it are counted by reading
        const stream = newStream('telle');
        const before = await store.headPosition();
        const r1 = await store.appendToStream(stream, [newEvent('T', {}), newEvent('T', {})], { expectedRevision: 'no_stream' });
        const r2 = await store.appendToStream(stream, [newEvent('T', {})], { expectedRevision: 1n });
        const read = async (from: Position, to: Position) => (await store.readAll({ fromPosition: from, maxCount: 100_000 })).filter((e) => comparePositions(e.position, to) <= 0).length;
        expect(await store.countEvents(before, r2.position)).toBe(await read(before, r2.position));
        expect(await store.countEvents(r1.position, r2.position)).toBe(1);
        expect(await store.countEvents(r2.position, r2.position)).toBe(0);
        expect(await store.countEvents(START, r2.position)).toBe(await read(START, r2.position));
      });

      it('reads the global log forwards and backwards, with filters, positions and maxCount', async () => {
        const a = uniqueCategory('allea');
        const b = uniqueCategory('alleb');
        const results: AppendResult[] = [];
        const appended: EventToAppend[] = [];
        for (let i = 0; i < 5; i++) {
          const event = newEvent(i % 2 === 0 ? 'Partall' : 'Oddetall', { i });
          appended.push(event);
          results.push(await store.appendToStream(`${a}-1`, [event], { expectedRevision: 'any' }));
          if (i < 3) await store.appendToStream(`${b}-1`, [newEvent('Partall', { i })], { expectedRevision: 'any' });
        }
        await visible(store, results.at(-1)!.position);
        const onlyA = { streamNamePrefixes: [`${a}-`] };

        const forwards = await store.readAll({ filter: onlyA });
        expect(ids(forwards)).toEqual(ids(appended));
        expect(forwards.map((e) => e.position)).toEqual(results.map((r) => r.position));
        expect(await store.readAll({ filter: { streamNamePrefixes: [`${a}-`, `${b}-`] } })).toHaveLength(8);
        expect(ids(await store.readAll({ filter: { ...onlyA, eventTypes: ['Oddetall'] } }))).toEqual([appended[1]!.id, appended[3]!.id]);
        expect(ids(await store.readAll({ filter: onlyA, maxCount: 2 }))).toEqual(ids(appended.slice(0, 2)));
        // strictly after a position
        expect(ids(await store.readAll({ filter: onlyA, fromPosition: results[1]!.position }))).toEqual(ids(appended.slice(2)));

        const backwards = await store.readAll({ direction: 'backwards', filter: onlyA, maxCount: 3 });
        expect(ids(backwards)).toEqual(ids(appended.slice(2).reverse()));
        // backwards strictly before a position
        expect(ids(await store.readAll({ direction: 'backwards', filter: onlyA, fromPosition: results[3]!.position }))).toEqual(
          ids(appended.slice(0, 3).reverse()),
        );
        // unfiltered, the log ends with the last append; START reads from the beginning
        const lastB = await store.appendToStream(`${b}-1`, [newEvent('Slutt')], { expectedRevision: 'any' });
        await visible(store, lastB.position);
        expect((await store.readAll({ direction: 'backwards', maxCount: 1 }))[0]!.position).toEqual(lastB.position);
        expect(await store.headPosition()).toEqual(lastB.position);
        const firstOfAll = await store.readAll({ fromPosition: START, maxCount: 1 });
        expect(firstOfAll).toHaveLength(1);
        expect(comparePositions(firstOfAll[0]!.position, START)).toBeGreaterThan(0);
      });

      it('recorded events carry id, type, stream, revision, position, data, metadata and recordedAt', async () => {
        const stream = newStream('felt');
        const before = Date.now();
        const e1 = newEvent('SakRegistrert', { sak: '3/17', frist: '2017-06-01' }, { korrelasjonId: 'k-1', aktoer: 'sekretariat' });
        const e2 = newEvent('SakBestilt', { organ: 'PSU' }, {});
        const result = await store.appendToStream(stream, [e1, e2], { expectedRevision: 'no_stream' });
        const after = Date.now();
        const events = await store.readStream(stream);
        expect(events).toHaveLength(2);
        events.forEach((recorded, i) => {
          const sent = [e1, e2][i]!;
          expect(recorded.id).toBe(sent.id);
          expect(recorded.type).toBe(sent.type);
          expect(recorded.streamName).toBe(stream);
          expect(recorded.revision).toBe(BigInt(i));
          expect(recorded.data).toEqual(sent.data);
          expect(recorded.metadata).toEqual(sent.metadata);
          expect(recorded.recordedAt).toBeInstanceOf(Date);
          // server clock: allow for skew between this machine and the server
          expect(recorded.recordedAt.getTime()).toBeGreaterThan(before - 5 * 60_000);
          expect(recorded.recordedAt.getTime()).toBeLessThan(after + 5 * 60_000);
          expect(typeof recorded.position.commit).toBe('bigint');
          expect(typeof recorded.position.prepare).toBe('bigint');
        });
        expect(comparePositions(events[0]!.position, events[1]!.position)).toBeLessThan(0);
        expect(events[1]!.position).toEqual(result.position);
        await visible(store, result.position);
        const viaLog = await store.readAll({ filter: { streamNamePrefixes: [stream] } });
        expect(viaLog).toEqual(events);
      });

      it('round-trips a 2 MB body', async () => {
        const stream = newStream('stor');
        const big = 'Fagråd 2 – '.repeat(200_000).slice(0, 2 * 1024 * 1024);
        const event = newEvent('StortVedlegg', { tekst: big, liste: Array.from({ length: 1000 }, (_, i) => i) }, { storrelse: big.length });
        const result = await store.appendToStream(stream, [event], { expectedRevision: 'no_stream' });
        const [read] = await store.readStream(stream);
        expect(read!.data['tekst']).toBe(big);
        expect(read!.data).toEqual(event.data);
        await visible(store, result.position);
        const [viaLog] = await store.readAll({ filter: { streamNamePrefixes: [stream] } });
        expect((viaLog!.data['tekst'] as string).length).toBe(big.length);
        expect(viaLog!.data['tekst']).toBe(big);
      }, SLOW);

      it('round-trips Unicode exactly in data, metadata, type and stream name', async () => {
        const stream = `${uniqueCategory('unicode')}-fagråd-æøå-🙂-${randomUUID()}`;
        const text = 'Æ Ø Å æ ø å — «Helsefellesskapet i nordre Trøndelag» 😀👩🏽‍⚕️ 𝄞 ﷽ e\u0301 \u2028 \t "sitat" \\ backslash';
        const event = newEvent(
          'SakOversendtTilFagråd_æøå_✓',
          { tekst: text, 'nøkkel_åæø 🙂': [text, 1.5, -3, true, false, null, { indre: 'Ærlig' }] },
          { 'aktør': 'Sekretær Åse Øvergård', tekst: text },
        );
        const result = await store.appendToStream(stream, [event], { expectedRevision: 'no_stream' });
        const [read] = await store.readStream(stream);
        expect(read!.type).toBe(event.type);
        expect(read!.streamName).toBe(stream);
        expect(read!.data).toEqual(event.data);
        expect(read!.metadata).toEqual(event.metadata);
        expect(read!.data['tekst']).toBe(text);
        await visible(store, result.position);
        const [viaLog] = await store.readAll({ filter: { streamNamePrefixes: [stream], eventTypes: [event.type] } });
        expect(viaLog).toEqual(read);
      });
    });

    // -------------------------------------------------------------------------------- subscriptions
    describe('subscriptions', () => {
      it('delivers history, then live appends; unsubscribe ends the iteration and nothing more arrives', async () => {
        const category = uniqueCategory('abonnement');
        const history = [newEvent('Historie', { i: 0 }), newEvent('Historie', { i: 1 })];
        const h = await store.appendToStream(`${category}-1`, history, { expectedRevision: 'no_stream' });
        await visible(store, h.position);
        let caughtUp = 0;
        const sub = store.subscribeToAll({ filter: { streamNamePrefixes: [`${category}-`] }, onCaughtUp: () => caughtUp++ });
        const followed = follow(sub);
        await waitFor(() => followed.events.length === 2 && caughtUp > 0, 10_000, 'history');

        const live = newEvent('Live');
        await store.appendToStream(`${category}-2`, [live], { expectedRevision: 'no_stream' });
        await waitFor(() => followed.events.length === 3, 10_000, 'the live event');
        expect(ids(followed.events)).toEqual([...ids(history), live.id]);

        const unsubscribedAt = Date.now();
        await sub.unsubscribe();
        await followed.finished;
        expect(Date.now() - unsubscribedAt).toBeLessThan(2000);
        expect(followed.state.error).toBeUndefined();
        await store.appendToStream(`${category}-2`, [newEvent('Etterpå')], { expectedRevision: 0n });
        await sleep(200);
        expect(followed.events).toHaveLength(3);
      });

      it('a consumer that breaks out of the loop ends the subscription; a slow consumer gets everything in order', async () => {
        const category = uniqueCategory('treg');
        const events = Array.from({ length: 30 }, (_, i) => newEvent('Steg', { i }));
        let last: AppendResult | undefined;
        for (let i = 0; i < events.length; i += 5) {
          last = await store.appendToStream(`${category}-1`, events.slice(i, i + 5), { expectedRevision: 'any' });
        }
        await visible(store, last!.position);

        const seen: RecordedEvent[] = [];
        for await (const event of store.subscribeToAll({ filter: { streamNamePrefixes: [`${category}-`] } })) {
          seen.push(event);
          await sleep(5); // a slow consumer: the subscription waits for it
          if (seen.length === 30) break;
        }
        expect(ids(seen)).toEqual(ids(events));
        expectStrictlyIncreasing(seen);
      });
    });

    // ------------------------------------------------------------------------- SQL-backed stores
    if (capabilities.sql) {
      describe('SQL backend: schema and subscription mechanics', () => {
        it('records the schema version; opening again (also several at once) is a no-op', async () => {
          const sql = subject.sql!;
          const latest = MIGRATIONS.at(-1)!.version;
          expect(await schemaVersion(sql)).toBe(latest);
          const rowsBefore = (
            await sql.query<{ version: number; applied_at: Date }>(
              'select version, applied_at from saksgang_schema_version where component = $1 order by version',
              [SCHEMA_COMPONENT],
            )
          ).rows;
          expect(rowsBefore.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));

          const stream = newStream('migrering');
          const event = newEvent('FoerGjenaapning');
          await store.appendToStream(stream, [event], { expectedRevision: 'no_stream' });
          const again = await Promise.all([1, 2, 3].map(() => PostgresEventStore.open(sql, { ownsClient: false })));
          const rowsAfter = (
            await sql.query('select version, applied_at from saksgang_schema_version where component = $1 order by version', [SCHEMA_COMPONENT])
          ).rows;
          expect(rowsAfter).toEqual(rowsBefore);
          expect(ids(await again[0]!.readStream(stream))).toEqual([event.id]);
          await Promise.all(again.map((s) => s.close()));
        });

        if (capabilities.concurrentTransactions) {
          it('migrates a fresh database once when several processes start at once', async () => {
            const fresh = await subject.freshDatabase!();
            try {
              const stores = await Promise.all(Array.from({ length: 5 }, () => PostgresEventStore.open(fresh.sql, { ownsClient: false })));
              const { rows } = await fresh.sql.query<{ version: number }>(
                'select version from saksgang_schema_version where component = $1 order by version',
                [SCHEMA_COMPONENT],
              );
              expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
              const stream = newStream('ny');
              await stores[4]!.appendToStream(stream, [newEvent()], { expectedRevision: 'no_stream' });
              expect(await stores[0]!.readStream(stream)).toHaveLength(1);
              await Promise.all(stores.map((s) => s.close()));
            } finally {
              await fresh.dispose();
            }
          }, SLOW);
        }

        it('ends a subscription by throwing when the store fails (never swallowed)', async () => {
          const sql = subject.sql!;
          let failing = false;
          const failingSql: SqlClient = {
            driver: sql.driver,
            query: (text, params) => (failing ? Promise.reject(new StoreUnavailableError('simulated outage')) : sql.query(text, params)),
            exec: (text) => sql.exec(text),
            transaction: (fn) => sql.transaction(fn),
            close: async () => undefined,
          };
          const flaky = await PostgresEventStore.open(failingSql, { ownsClient: false, pollIntervalMs: 20 });
          let caughtUp = false;
          const followed = follow(flaky.subscribeToAll({ fromPosition: await flaky.headPosition(), onCaughtUp: () => (caughtUp = true) }));
          await waitFor(() => caughtUp, 10_000, 'caught up');
          failing = true;
          await followed.finished;
          expect(followed.state.error).toBeInstanceOf(StoreUnavailableError);
          await flaky.close();
        });

        it('wakes at once on appends through the same store; finds other instances\' appends by polling; unsubscribes promptly', async () => {
          const sql = subject.sql!;
          const slowPoller = await PostgresEventStore.open(sql, { ownsClient: false, pollIntervalMs: 60_000 });
          const other = await PostgresEventStore.open(sql, { ownsClient: false, pollIntervalMs: 60_000 });
          const category = uniqueCategory('vekk');
          let caughtUp = 0;
          const sub = slowPoller.subscribeToAll({
            fromPosition: await slowPoller.headPosition(),
            filter: { streamNamePrefixes: [`${category}-`] },
            onCaughtUp: () => caughtUp++,
          });
          const followed = follow(sub);
          await waitFor(() => caughtUp > 0, 10_000, 'caught up');

          // through the same instance: delivered long before the 60 s poll
          const startedAt = Date.now();
          await slowPoller.appendToStream(`${category}-1`, [newEvent('Samme')], { expectedRevision: 'no_stream' });
          await waitFor(() => followed.events.length === 1, 5000, 'the in-process wake-up');
          expect(Date.now() - startedAt).toBeLessThan(5000);

          // through another instance (as another process would): only the poll finds it
          const quick = await PostgresEventStore.open(sql, { ownsClient: false, pollIntervalMs: 30 });
          const quickFollowed = follow(quick.subscribeToAll({ fromPosition: await quick.headPosition(), filter: { streamNamePrefixes: [`${category}-`] } }));
          await sleep(100);
          await other.appendToStream(`${category}-2`, [newEvent('Annen')], { expectedRevision: 'no_stream' });
          await waitFor(() => quickFollowed.events.length === 1, 5000, 'the polled append');
          await sleep(300);
          expect(followed.events).toHaveLength(1); // the 60 s poller has not looked yet

          // unsubscribe wakes the sleeping subscription at once
          const unsubscribedAt = Date.now();
          await sub.unsubscribe();
          await followed.finished;
          expect(Date.now() - unsubscribedAt).toBeLessThan(1000);
          // close() ends a store's subscriptions
          await quick.close();
          await quickFollowed.finished;
          expect(quickFollowed.state.error).toBeUndefined();
          await slowPoller.close();
          await other.close();
        }, SLOW);
      });
    }
  });
}
