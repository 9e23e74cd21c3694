import { SpanStatusCode, trace } from '@opentelemetry/api';
import { type AllSubscription, comparePositions, type EventStore, type Position, type RecordedEvent, type SqlClient } from '@saksgang/event-store';
import type { ProjectionLogger } from '../projection.js';
import { EventBuffer } from './event-buffer.js';

/** What the feed needs of a worker: apply a batch inside a given transaction, then learn it committed. */
export interface FeedMember<R> {
  readonly name: string;
  /** The transaction's part of a batch (checkpoint check, read model, new checkpoint); throws on failure. */
  applyWithin(tx: SqlClient, batch: readonly RecordedEvent[]): Promise<R>;
  /** The transaction with this member's part committed. */
  committed(result: R): void;
}

/** A member's place in the feed. */
export interface Membership {
  /** Settles when the member is out of the feed: resolved when it left, rejected with the failure that put it out. */
  readonly ended: Promise<void>;
  /** Takes the member out; resolves once no transaction of the feed still writes its part. */
  leave(): Promise<void>;
}

/** How many of the latest events the feed keeps, so a worker just behind it can catch up from memory and join. */
const RECENT = 1000;

/** Time the subscription gets to end after `unsubscribe()` (as ProjectionWorker's own). */
const PUMP_END_GRACE_MS = 2000;

/** A span per projection and batch, as ProjectionWorker.apply makes (a no-op when traces are off). */
const tracer = trace.getTracer('saksgang.projections');

interface Entry {
  readonly member: FeedMember<unknown>;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
  /** A batch of this member committed (its worker resets its failure count). */
  readonly onBatch: () => void;
}

/**
 * One read of the global log for the caught-up projections of a runner: ONE subscription, and each
 * batch written for all of them in ONE transaction, each projection's part (its rows and its
 * checkpoint) in a savepoint of its own. A part that fails is rolled back to its savepoint and the
 * others commit; the failing projection leaves the feed with the error and goes on on its own (its
 * worker's backoff, then its stored checkpoint) until it has caught up again and rejoins.
 *
 * No event lost: a worker joins only when its checkpoint is exactly where the feed has read the log
 * to (it catches up from the feed's recent events, or its own subscription, first), and from then on
 * it gets every batch the feed takes. Events at or before a member's checkpoint are filtered out by
 * the worker, as for any re-delivery.
 */
export class SharedFeed {
  private session: FeedSession | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly sql: SqlClient,
    private readonly logger: ProjectionLogger,
    private readonly batchSize: number,
  ) {}

  /** How many projections the feed writes for now. */
  get size(): number {
    return this.session?.members.size ?? 0;
  }

  /**
   * The events after `checkpoint` a worker must apply itself before it may join: `[]` when it may
   * join now, `undefined` when the feed cannot bring it there (the feed is behind the checkpoint, or
   * the checkpoint is older than the recent events kept).
   */
  catchUp(checkpoint: Position): readonly RecordedEvent[] | undefined {
    const s = this.session;
    if (!s) return [];
    const cmp = comparePositions(checkpoint, s.position);
    if (cmp === 0) return [];
    // Past the feed: it would wait for the feed to get there. Older than what is kept: a gap.
    if (cmp > 0 || comparePositions(checkpoint, s.recentFrom) < 0) return undefined;
    return s.recent.filter((e) => comparePositions(e.position, checkpoint) > 0);
  }

  /**
   * Joins a worker at `checkpoint`: call only when {@link catchUp} gave `[]` for it, in the same
   * synchronous stretch. Without a feed running, one starts at that checkpoint.
   */
  join<R>(member: FeedMember<R>, checkpoint: Position, onBatch: () => void): Membership {
    const s = this.session ?? this.open(checkpoint);
    let resolve!: () => void;
    let reject!: (error: unknown) => void;
    const ended = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    ended.catch(() => undefined);
    const entry: Entry = { member: member as FeedMember<unknown>, resolve, reject, onBatch };
    s.members.add(entry);
    return { ended, leave: () => s.leave(entry) };
  }

  private open(from: Position): FeedSession {
    const session = new FeedSession(this.store, this.sql, this.logger, this.batchSize, from, () => {
      if (this.session === session) this.session = undefined;
    });
    this.session = session;
    return session;
  }
}

/** One subscription of the feed, from when its first member joins until its last leaves (or it fails). */
class FeedSession {
  readonly members = new Set<Entry>();
  /** The last event received from the subscription (or where it started). */
  position: Position;
  /** Every event after `recentFrom` up to `position`, in order. */
  recent: RecordedEvent[] = [];
  recentFrom: Position;
  private readonly buffer: EventBuffer<RecordedEvent>;
  private readonly subscription: AllSubscription;
  private ended = false;
  /** Settles once the session has ended and its subscription with it. */
  private readonly finished: Promise<void>;
  /** The batch being written and the members whose parts it writes. */
  private inFlight: { readonly done: Promise<void>; readonly members: ReadonlySet<Entry> } | undefined;

  constructor(
    store: EventStore,
    private readonly sql: SqlClient,
    private readonly logger: ProjectionLogger,
    private readonly batchSize: number,
    from: Position,
    private readonly onEnd: () => void,
  ) {
    this.position = from;
    this.recentFrom = from;
    this.buffer = new EventBuffer<RecordedEvent>(batchSize * 2);
    this.subscription = store.subscribeToAll({ fromPosition: from });
    const pump = this.pump();
    this.finished = this.run()
      .catch((error: unknown) => {
        for (const entry of this.members) entry.reject(error);
        this.members.clear();
      })
      .finally(async () => {
        this.end();
        await this.unsubscribe();
        let timer: NodeJS.Timeout | undefined;
        const ended = await Promise.race([pump.then(() => true), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), PUMP_END_GRACE_MS)))]);
        clearTimeout(timer);
        if (!ended) this.logger.warn(`The projections' shared subscription did not end within ${PUMP_END_GRACE_MS} ms of unsubscribe.`);
      });
  }

  /** No member joins this session any more (a new one is opened); the subscription is ended by run's end. */
  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.onEnd();
    this.buffer.abandon();
  }

  async leave(entry: Entry): Promise<void> {
    if (!this.members.delete(entry)) return;
    if (this.members.size === 0) this.end();
    const flight = this.inFlight;
    if (flight?.members.has(entry)) await flight.done.catch(() => undefined);
    // The last one out waits for the subscription to end too (the runner's stop() leaves nothing reading).
    if (this.ended) await this.finished;
    entry.resolve();
  }

  /** Receives the subscription's events: the recent events and `position` move with each, then it is queued. */
  private async pump(): Promise<void> {
    try {
      for await (const event of this.subscription) {
        if (this.buffer.isClosed) break;
        this.recent.push(event);
        this.position = event.position;
        if (this.recent.length > RECENT) this.recentFrom = this.recent.splice(0, this.recent.length - RECENT).at(-1)!.position;
        await this.buffer.push(event);
      }
      this.buffer.close();
    } catch (error) {
      this.buffer.close(error);
    }
  }

  private async run(): Promise<void> {
    while (!this.ended) {
      const batch = await this.buffer.take(this.batchSize);
      if (this.ended || this.members.size === 0) return;
      if (batch.length === 0) throw new Error('The subscription to the global log ended unexpectedly.');
      const members = new Set(this.members);
      const done = this.write(batch, members);
      this.inFlight = { done, members };
      try {
        await done;
      } finally {
        this.inFlight = undefined;
      }
    }
  }

  /**
   * One transaction for the batch: each member's part in a savepoint (and a span) of its own. Then the
   * committed parts are reported and the failed members leave the feed with their error.
   */
  private async write(batch: readonly RecordedEvent[], members: ReadonlySet<Entry>): Promise<void> {
    const done = new Map<Entry, unknown>();
    const failed = new Map<Entry, unknown>();
    try {
      await this.sql.transaction(async (tx) => {
        // Derived data, committed with its checkpoints: see ProjectionWorker.apply.
        if (tx.driver === 'pg') await tx.query('SET LOCAL synchronous_commit = off');
        for (const entry of members) {
          const name = entry.member.name;
          await tracer.startActiveSpan(`projection ${name}`, { root: true, attributes: { 'saksgang.projection.name': name, 'saksgang.projection.events': batch.length } }, async (span) => {
            try {
              done.set(entry, await tx.transaction((part) => entry.member.applyWithin(part, batch)));
            } catch (error) {
              span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : 'Error' });
              failed.set(entry, error);
            } finally {
              span.end();
            }
          });
        }
      });
    } catch (error) {
      // The transaction itself failed (commit, connection): none of its parts holds.
      for (const entry of done.keys()) failed.set(entry, error);
      done.clear();
    }
    for (const [entry, result] of done) {
      entry.member.committed(result);
      entry.onBatch();
    }
    for (const [entry, error] of failed) {
      if (this.members.delete(entry)) entry.reject(error);
      else entry.resolve();
    }
    if (this.members.size === 0) this.end();
  }

  private async unsubscribe(): Promise<void> {
    try {
      await this.subscription.unsubscribe();
    } catch (error) {
      this.logger.warn(`The projections' shared subscription: unsubscribing failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
