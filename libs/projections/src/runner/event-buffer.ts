/**
 * A bounded hand-over between one producer (the subscription) and one consumer (the transaction
 * loop). While the consumer writes one batch, the producer fills the next, so catch-up runs in
 * batches and live events go one by one without waiting.
 */
export class EventBuffer<T> {
  private items: T[] = [];
  private closed = false;
  private failure: { readonly error: unknown } | undefined;
  private dataWaiter: (() => void) | undefined;
  private spaceWaiter: (() => void) | undefined;

  constructor(private readonly highWater: number) {
    if (highWater < 1) throw new Error('highWater must be at least 1');
  }

  /** Adds an item; resolves once there is room for more (or the buffer is closed). */
  async push(item: T): Promise<void> {
    if (this.closed) return;
    this.items.push(item);
    this.wake('data');
    while (this.items.length >= this.highWater && !this.closed) {
      await new Promise<void>((resolve) => (this.spaceWaiter = resolve));
    }
  }

  /** Ends the buffer: `take` drains what is left, then returns `[]` (or throws `error`). */
  close(error?: unknown): void {
    if (this.closed) return;
    this.closed = true;
    if (error !== undefined) this.failure = { error };
    this.wake('data');
    this.wake('space');
  }

  /** Ends the buffer and drops what is in it. */
  abandon(): void {
    this.items = [];
    this.close();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Waits for at least one item and returns up to `max`; `[]` when closed and drained. */
  async take(max: number): Promise<T[]> {
    while (this.items.length === 0) {
      if (this.closed) {
        if (this.failure) throw this.failure.error;
        return [];
      }
      await new Promise<void>((resolve) => (this.dataWaiter = resolve));
    }
    const batch = this.items.splice(0, max);
    this.wake('space');
    return batch;
  }

  private wake(which: 'data' | 'space'): void {
    const waiter = which === 'data' ? this.dataWaiter : this.spaceWaiter;
    if (which === 'data') this.dataWaiter = undefined;
    else this.spaceWaiter = undefined;
    waiter?.();
  }
}
