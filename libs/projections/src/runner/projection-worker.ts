import { SpanStatusCode, trace } from '@opentelemetry/api';
import {
  type AllSubscription,
  comparePositions,
  type EventStore,
  type Position,
  type RecordedEvent,
  type SqlClient,
  START,
  formatPosition,
} from '@saksgang/event-store';
import type { Projection, ProjectionLogger, RebuildProgressListener } from '../projection.js';
import { checkpointTable } from './checkpoint-store.js';
import { CheckpointMovedBackError, ProjectionHandlerError, ProjectionVersionMismatchError } from './errors.js';
import { EventBuffer } from './event-buffer.js';
import { BatchEventFailure } from './row-batch.js';
import type { FeedMember, Membership, SharedFeed } from './shared-feed.js';

export type ProjectionState = 'stopped' | 'running' | 'retrying' | 'rebuilding';

/** The last failure of a projection, as `status()` shows it. */
export interface ProjectionErrorInfo {
  readonly message: string;
  readonly at: Date;
  /** Failures in a row, so far (1 for the first). */
  readonly attempts: number;
  readonly eventId?: string;
  readonly eventType?: string;
  readonly streamName?: string;
  readonly position?: string;
  /** When the runner tries again (while it is retrying). */
  readonly nextRetryAt?: Date;
  /** When a later batch succeeded again, if it did. */
  readonly recoveredAt?: Date;
}

export interface WorkerSettings {
  readonly batchSize: number;
  readonly initialRetryDelayMs: number;
  readonly maxRetryDelayMs: number;
}

/** What one batch did, between the transaction of `applyWithin` and `applied`. */
interface AppliedBatch {
  readonly position: Position;
  readonly towardsTarget: number;
  readonly tracker: RebuildTracker | undefined;
}

interface RebuildTracker {
  readonly target: Position;
  readonly total: number;
  processed: number;
  readonly listeners: RebuildProgressListener[];
}

/** A span per batch, through @opentelemetry/api only (a no-op when traces are off). */
const tracer = trace.getTracer('saksgang.projections');

/** Time the subscription gets to end after `unsubscribe()` before the worker moves on without it. */
const PUMP_END_GRACE_MS = 2000;

/**
 * Runs one projection: subscribe from the stored checkpoint, write each batch of events and the new
 * checkpoint in one transaction, and on any failure record it, log it, and start over from the
 * stored checkpoint after a backoff.
 */
export class ProjectionWorker {
  private checkpoint: Position = START;
  private stopRequested = true;
  private loop: Promise<void> | undefined;
  private subscription: AllSubscription | undefined;
  private buffer: EventBuffer<RecordedEvent> | undefined;
  private retryTimer: { timer: NodeJS.Timeout; wake: () => void } | undefined;
  private failing = false;
  private error: ProjectionErrorInfo | null = null;
  private tracker: RebuildTracker | undefined;
  private readonly listeners = new Set<() => void>();
  private readonly handledTypes: ReadonlySet<string> | undefined;
  private membership: Membership | undefined;
  private readonly member: FeedMember<AppliedBatch>;

  /**
   * With a `feed` (the runner's), the worker reads the log through it once caught up: one subscription
   * and one transaction per batch for all the runner's caught-up projections. Without, or while it is
   * behind the feed, through its own subscription.
   */
  constructor(
    readonly projection: Projection,
    private readonly store: EventStore,
    private readonly sql: SqlClient,
    private readonly logger: ProjectionLogger,
    private readonly settings: WorkerSettings,
    private readonly feed?: SharedFeed,
  ) {
    this.handledTypes = projection.eventTypes ? new Set(projection.eventTypes) : undefined;
    this.member = {
      name: projection.name,
      applyWithin: (tx, batch) => this.applyWithin(tx, batch),
      committed: (result) => this.applied(result),
    };
  }

  get name(): string {
    return this.projection.name;
  }

  get isRunning(): boolean {
    return this.loop !== undefined;
  }

  get state(): ProjectionState {
    // A rebuild is driven by the runner (apply) while the worker's own loop is stopped.
    if (!this.loop) return this.tracker ? 'rebuilding' : 'stopped';
    if (this.failing) return 'retrying';
    return 'running';
  }

  get lastError(): ProjectionErrorInfo | null {
    return this.error;
  }

  /** The checkpoint as this process last saw it (read at each (re)subscription, then after each commit). */
  get currentCheckpoint(): Position {
    return this.checkpoint;
  }

  get rebuildProgress(): { readonly processed: number; readonly total: number; readonly target: Position } | null {
    const t = this.tracker;
    return t ? { processed: t.processed, total: t.total, target: t.target } : null;
  }

  start(): void {
    if (this.loop) return;
    this.stopRequested = false;
    this.loop = this.runLoop().finally(() => {
      this.loop = undefined;
      this.notify();
    });
  }

  async stop(): Promise<void> {
    this.stopRequested = true;
    this.retryTimer?.wake();
    this.buffer?.abandon();
    const sub = this.subscription;
    if (sub) await this.unsubscribe(sub);
    await this.membership?.leave();
    await this.loop;
  }

  /** Sets the in-memory checkpoint after the stored one was reset (rebuild). */
  resetTo(position: Position): void {
    this.checkpoint = position;
    this.error = null;
    this.notify();
  }

  /** Registers a listener called whenever the checkpoint moves or the worker stops; returns its removal. */
  onCheckpoint(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(): void {
    for (const l of [...this.listeners]) l();
  }

  private async runLoop(): Promise<void> {
    let attempts = 0;
    while (!this.stopRequested) {
      try {
        await this.runOnce(() => {
          if (attempts > 0 && this.error) this.error = { ...this.error, nextRetryAt: undefined, recoveredAt: new Date() };
          attempts = 0;
          this.failing = false;
        });
        if (this.stopRequested) break;
        throw new Error('The subscription to the global log ended unexpectedly.');
      } catch (error) {
        attempts++;
        const delay = Math.min(this.settings.maxRetryDelayMs, this.settings.initialRetryDelayMs * 2 ** (attempts - 1));
        this.recordError(error, attempts, this.stopRequested ? undefined : delay);
        if (this.stopRequested) {
          this.logger.error(`Projection '${this.name}' failed while stopping: ${messageOf(error)}`, error);
          break;
        }
        this.logger.error(
          `Projection '${this.name}' stopped on an error (failure ${attempts} in a row); retrying in ${delay} ms: ${messageOf(error)}`,
          error,
        );
        await this.sleep(delay);
      }
    }
    this.failing = false;
  }

  private recordError(error: unknown, attempts: number, delay: number | undefined): void {
    this.failing = true;
    const handler = error instanceof ProjectionHandlerError ? error : undefined;
    this.error = {
      message: messageOf(error),
      at: new Date(),
      attempts,
      ...(handler
        ? { eventId: handler.eventId, eventType: handler.eventType, streamName: handler.streamName, position: handler.position }
        : {}),
      ...(delay !== undefined ? { nextRetryAt: new Date(Date.now() + delay) } : {}),
    };
    this.notify();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.retryTimer = undefined;
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.retryTimer = { timer, wake };
    });
  }

  /**
   * From the stored checkpoint until it fails or the worker stops: in the runner's shared feed when
   * it can join it, else on its own subscription until it has caught up with the feed (then it joins).
   */
  private async runOnce(onBatchApplied: () => void): Promise<void> {
    const stored = await checkpointTable.read(this.sql, this.name);
    if (!stored || stored.version !== this.projection.version) {
      throw new ProjectionVersionMismatchError(this.name, this.projection.version, stored?.version);
    }
    this.setCheckpoint(stored.position);
    if (this.stopRequested) return;
    const membership = (await this.joinFeed(onBatchApplied)) ?? (await this.runOwn(stored.position, onBatchApplied));
    if (!membership) return;
    this.membership = membership;
    try {
      if (this.stopRequested) await membership.leave();
      // Resolves when the worker leaves (stop), rejects when its part of a batch failed.
      await membership.ended;
    } finally {
      this.membership = undefined;
    }
  }

  /**
   * Joins the shared feed if the checkpoint is where the feed has read to, or a little behind it
   * (the events between are applied here first, from the feed's recent events). Undefined when there
   * is no feed, it cannot be joined from here, or the worker was stopped.
   */
  private async joinFeed(onBatchApplied: () => void): Promise<Membership | undefined> {
    const feed = this.feed;
    if (!feed) return undefined;
    // The feed moves on while the missing events are written: a few tries, then the own subscription.
    for (let i = 0; i < 5 && !this.stopRequested; i++) {
      const missing = feed.catchUp(this.checkpoint);
      if (!missing) return undefined;
      if (missing.length === 0) return feed.join(this.member, this.checkpoint, onBatchApplied);
      for (let at = 0; at < missing.length && !this.stopRequested; at += this.settings.batchSize) {
        await this.apply(missing.slice(at, at + this.settings.batchSize));
        onBatchApplied();
      }
    }
    return undefined;
  }

  /** Its own subscription from `from`, until the worker stops (undefined) or has joined the feed (its membership). */
  private async runOwn(from: Position, onBatchApplied: () => void): Promise<Membership | undefined> {
    const buffer = new EventBuffer<RecordedEvent>(this.settings.batchSize * 2);
    const sub = this.store.subscribeToAll({ fromPosition: from });
    this.buffer = buffer;
    this.subscription = sub;
    const pump = pumpInto(sub, buffer);
    try {
      while (!this.stopRequested) {
        const batch = await buffer.take(this.settings.batchSize);
        if (batch.length === 0 || this.stopRequested) return undefined;
        await this.apply(batch);
        onBatchApplied();
        const joined = await this.joinFeed(onBatchApplied);
        if (joined) return joined;
      }
      return undefined;
    } finally {
      buffer.abandon();
      this.buffer = undefined;
      this.subscription = undefined;
      await this.unsubscribe(sub);
      await this.awaitPump(pump);
    }
  }

  /**
   * Writes the read model for a batch and the new checkpoint in one transaction. The worker's own loop
   * calls it, and so does the runner's rebuild of several projections (one page to each of them).
   */
  async apply(batch: readonly RecordedEvent[]): Promise<void> {
    // A root span (`projection <name>`, with the projection's name and the batch's size): a batch
    // belongs to no one request, and a worker started inside a request must not hang under it.
    await tracer.startActiveSpan(`projection ${this.name}`, { root: true, attributes: { 'saksgang.projection.name': this.name, 'saksgang.projection.events': batch.length } }, async (span) => {
      try {
        const result = await this.sql.transaction(async (tx) => {
          // A read model is derived data and its checkpoint commits with it, atomically: if a crash loses
          // the last few asynchronously committed transactions, read model and checkpoint go back together
          // and the events are applied again from the store. So the projection need not wait for its
          // commit to be flushed to disk (on PostgreSQL this saves an fsync per batch and projection).
          if (tx.driver === 'pg') await tx.query('SET LOCAL synchronous_commit = off');
          return this.applyWithin(tx, batch);
        });
        this.applied(result);
      } catch (error) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : 'Error' });
        throw error;
      } finally {
        span.end();
      }
    });
  }

  /**
   * The transaction's part of a batch: checks the stored checkpoint (version, not moved back), applies
   * the events past it and writes the new checkpoint.
   */
  private async applyWithin(tx: SqlClient, batch: readonly RecordedEvent[]): Promise<AppliedBatch> {
    const tracker = this.tracker;
    const stored = await checkpointTable.lock(tx, this.name);
    if (!stored || stored.version !== this.projection.version) {
      throw new ProjectionVersionMismatchError(this.name, this.projection.version, stored?.version);
    }
    // The stored checkpoint only moves back when another process reset the projection (rebuild):
    // this subscription is then ahead of it, and applying the batch would skip the events between.
    if (comparePositions(stored.position, this.checkpoint) < 0) {
      throw new CheckpointMovedBackError(this.name, formatPosition(stored.position), formatPosition(this.checkpoint));
    }
    let position = stored.position;
    let applied = 0;
    let towardsTarget = 0;
    const handled: RecordedEvent[] = [];
    for (const event of batch) {
      // Already applied (a re-delivery, or another runner got there first): the checkpoint filters it.
      if (comparePositions(event.position, position) <= 0) continue;
      if (!this.handledTypes || this.handledTypes.has(event.type)) handled.push(event);
      position = event.position;
      applied++;
      if (tracker && comparePositions(position, tracker.target) <= 0) towardsTarget++;
    }
    await this.handle(handled, tx);
    if (applied > 0) await checkpointTable.write(tx, this.name, this.projection.version, position);
    return { position, towardsTarget, tracker };
  }

  /** After the transaction of {@link applyWithin} committed: progress and the new checkpoint. */
  private applied(result: AppliedBatch): void {
    const tracker = result.tracker;
    if (tracker && this.tracker === tracker) {
      tracker.processed += result.towardsTarget;
      this.report(tracker);
    }
    this.setCheckpoint(result.position);
  }

  /**
   * Marks the projection as being rebuilt by someone else's loop (the runner's rebuild of several
   * projections at once) while its own subscription is stopped: status shows the progress, and
   * {@link apply} reports it. Ends with {@link endExternalRebuild}.
   */
  beginExternalRebuild(target: Position, total: number, onProgress?: RebuildProgressListener): void {
    if (this.loop) throw new Error(`Projection '${this.name}' is running: stop it before rebuilding it from outside.`);
    const tracker: RebuildTracker = { target, total, processed: 0, listeners: onProgress ? [onProgress] : [] };
    this.tracker = tracker;
    this.report(tracker);
  }

  endExternalRebuild(): void {
    this.tracker = undefined;
    this.notify();
  }

  private async handle(events: readonly RecordedEvent[], tx: SqlClient): Promise<void> {
    if (events.length === 0) return;
    const p = this.projection;
    if (p.handleBatch) {
      try {
        await p.handleBatch(events, tx);
      } catch (error) {
        if (error instanceof BatchEventFailure) throw new ProjectionHandlerError(this.name, error.event, error.cause);
        throw new ProjectionHandlerError(this.name, events[0]!, error);
      }
      return;
    }
    if (!p.handle) throw new Error(`Projection '${this.name}' has neither handle nor handleBatch.`);
    for (const event of events) {
      try {
        await p.handle(event, tx);
      } catch (error) {
        throw new ProjectionHandlerError(this.name, event, error);
      }
    }
  }

  private report(tracker: RebuildTracker): void {
    for (const listener of tracker.listeners) {
      try {
        listener({
          projection: this.name,
          processed: tracker.processed,
          total: tracker.total,
          checkpoint: this.checkpoint,
          target: tracker.target,
        });
      } catch (error) {
        this.logger.warn(`A progress listener of projection '${this.name}' threw: ${messageOf(error)}`);
      }
    }
  }

  private setCheckpoint(position: Position): void {
    if (comparePositions(position, this.checkpoint) === 0) return;
    this.checkpoint = position;
    this.notify();
  }

  private async unsubscribe(sub: AllSubscription): Promise<void> {
    try {
      await sub.unsubscribe();
    } catch (error) {
      this.logger.warn(`Projection '${this.name}': unsubscribing failed: ${messageOf(error)}`);
    }
  }

  private async awaitPump(pump: Promise<void>): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const ended = await Promise.race([
      pump.then(() => true),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), PUMP_END_GRACE_MS))),
    ]);
    clearTimeout(timer);
    if (!ended) this.logger.warn(`Projection '${this.name}': the subscription did not end within ${PUMP_END_GRACE_MS} ms of unsubscribe.`);
  }
}

/** Moves events from the subscription into the buffer; ends the buffer with the subscription's error, if any. */
async function pumpInto(sub: AllSubscription, buffer: EventBuffer<RecordedEvent>): Promise<void> {
  try {
    for await (const event of sub) {
      if (buffer.isClosed) break;
      await buffer.push(event);
    }
    buffer.close();
  } catch (error) {
    buffer.close(error);
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
