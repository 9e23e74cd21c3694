import type { Position, RecordedEvent, SqlClient } from '@saksgang/event-store';

/**
 * A projection turns the global log into SQL read models. The runner calls `handle` for each event
 * in the store's order, inside the same transaction that advances the projection's checkpoint, so
 * a read model never sees an event twice nor misses one.
 *
 * - `setup` creates the projection's tables. It runs at every start and must be idempotent
 *   (`CREATE TABLE IF NOT EXISTS`, `CREATE INDEX IF NOT EXISTS`).
 * - `reset` removes every row (or drops the tables); it must also work when the tables do not exist.
 *   A rebuild is `reset` + `setup` + replay from the start, in that order.
 * - `version` is the code version of the read model's shape and logic: when it differs from the
 *   version stored with the checkpoint, the runner rebuilds the projection at start.
 */
export interface Projection {
  readonly name: string;
  readonly version: number;
  /**
   * Event types this projection reads. Other events are not passed to `handle` (the checkpoint still
   * moves past them). Omit to receive every event.
   */
  readonly eventTypes?: readonly string[];
  /**
   * The read model's tables. A rebuild refreshes their planner statistics (`ANALYZE`) as they grow
   * from empty, so the per-batch lookups use their indexes instead of scanning tables the planner
   * still believes are empty.
   */
  readonly tables?: readonly string[];
  setup(tx: SqlClient): Promise<void>;
  reset(tx: SqlClient): Promise<void>;
  /** Applies one event. A projection has `handle` or `handleBatch` (or both: then `handleBatch` is used). */
  handle?(event: RecordedEvent, tx: SqlClient): Promise<void>;
  /**
   * Applies a batch of events (in the store's order, already filtered by `eventTypes` and past the
   * checkpoint) in one go: set-based read models load and write their rows once per batch
   * (`RowBatch`). A failure at one event should be thrown as `BatchEventFailure` naming it.
   */
  handleBatch?(events: readonly RecordedEvent[], tx: SqlClient): Promise<void>;
}

/** Where the runner reports. Compatible with NestJS' `LoggerService` and with `console`. */
export interface ProjectionLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

/** Progress of a rebuild: `processed` of `total` events replayed (total counted when it began). */
export interface RebuildProgress {
  readonly projection: string;
  readonly processed: number;
  readonly total: number;
  readonly checkpoint: Position;
  /** The head of the store when the rebuild began: the rebuild is done when the checkpoint reaches it. */
  readonly target: Position;
}

export type RebuildProgressListener = (progress: RebuildProgress) => void;
