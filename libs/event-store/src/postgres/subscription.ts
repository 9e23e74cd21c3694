import { START, type AllSubscription, type Position, type RecordedEvent, type SubscribeToAllOptions } from '../event-store.port.js';

/**
 * Wakes waiting subscriptions when this process appends. Other processes' appends are found by
 * polling. The generation counter closes the race "append lands while the subscription is reading,
 * before it starts waiting": a waiter that saw an older generation does not wait at all.
 */
export class AppendSignal {
  private generationValue = 0;
  private readonly waiters = new Set<() => void>();

  get generation(): number {
    return this.generationValue;
  }

  notify(): void {
    this.generationValue++;
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiters) wake();
  }

  /** Registers a one-shot wake-up; returns its removal. */
  onNext(wake: () => void): () => void {
    this.waiters.add(wake);
    return () => {
      this.waiters.delete(wake);
    };
  }
}

export interface SubscriptionPage {
  /** The events to deliver, in order (already filtered). */
  readonly events: readonly RecordedEvent[];
  /**
   * How far the read looked: the next read starts strictly after this. At least the last event's
   * position; further when events after it were scanned and filtered out. Undefined when the read
   * found nothing at all (caught up).
   */
  readonly scannedTo: Position | undefined;
}

export interface PollingSubscriptionDeps {
  readPage(after: Position, limit: number): Promise<SubscriptionPage>;
  readonly signal: AppendSignal;
  readonly pollIntervalMs: number;
  readonly batchSize: number;
  /** Called once when the subscription ends, however it ends. */
  onEnd(subscription: PollingAllSubscription): void;
}

/**
 * A pull-based catch-up subscription: it reads a page (at most `batchSize` events) only when the
 * consumer has taken every event of the previous one, so a slow consumer slows the reads and
 * nothing is buffered beyond one page. When a read finds nothing it waits for an append in this
 * process or `pollIntervalMs`, whichever comes first.
 */
export class PollingAllSubscription implements AllSubscription {
  private stopped = false;
  private iterated = false;
  private wakeSleeper: (() => void) | undefined;

  constructor(
    private readonly deps: PollingSubscriptionDeps,
    private readonly options: SubscribeToAllOptions,
  ) {}

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    if (this.iterated) throw new Error('A subscription can be iterated only once.');
    this.iterated = true;
    return this.run();
  }

  async unsubscribe(): Promise<void> {
    this.stop();
  }

  /** Ends the subscription: a pending or the next `next()` returns done. */
  stop(): void {
    this.stopped = true;
    this.wakeSleeper?.();
  }

  private async *run(): AsyncGenerator<RecordedEvent, void, undefined> {
    let checkpoint = this.options.fromPosition ?? START;
    let caughtUpReported = false;
    try {
      while (!this.stopped) {
        const generation = this.deps.signal.generation;
        const page = await this.deps.readPage(checkpoint, this.deps.batchSize);
        if (this.stopped) return;
        for (const event of page.events) {
          checkpoint = event.position;
          caughtUpReported = false;
          yield event;
          if (this.stopped) return;
        }
        if (page.scannedTo !== undefined) {
          checkpoint = page.scannedTo;
          continue; // there may be more: read again at once
        }
        if (!caughtUpReported) {
          caughtUpReported = true;
          this.options.onCaughtUp?.(checkpoint);
        }
        await this.sleep(generation);
      }
    } finally {
      this.stopped = true;
      this.deps.onEnd(this);
    }
  }

  private async sleep(seenGeneration: number): Promise<void> {
    if (this.stopped || this.deps.signal.generation !== seenGeneration) return;
    await new Promise<void>((resolve) => {
      let removeWaiter: () => unknown = () => undefined;
      const timer = setTimeout(done, this.deps.pollIntervalMs);
      function done(): void {
        clearTimeout(timer);
        removeWaiter();
        resolve();
      }
      removeWaiter = this.deps.signal.onNext(done);
      this.wakeSleeper = done;
    });
    this.wakeSleeper = undefined;
  }
}
