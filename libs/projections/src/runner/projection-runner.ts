import {
  comparePositions,
  type EventStore,
  formatPosition,
  type Position,
  type SqlClient,
  START,
} from '@saksgang/event-store';
import type { Projection, ProjectionLogger, RebuildProgressListener } from '../projection.js';
import { checkpointTable } from './checkpoint-store.js';
import { ProjectionLeaseNotHeldError, UnknownProjectionError } from './errors.js';
import { ident } from './row-batch.js';
import { leaseKey, type ProjectionLease, singleProcessLease } from './lease.js';
import { messageOf, type ProjectionErrorInfo, type ProjectionState, ProjectionWorker } from './projection-worker.js';
import { SharedFeed } from './shared-feed.js';

export interface ProjectionRunnerOptions {
  /** Where the events come from (any backend of the port). */
  readonly store: EventStore;
  /** Where the read models and the checkpoints live; may be another database than the store's. */
  readonly sql: SqlClient;
  readonly projections: readonly Projection[];
  readonly logger?: ProjectionLogger;
  /** Most events written in one transaction (default 100). Live events go one by one. */
  readonly batchSize?: number;
  /**
   * Most events per transaction in a rebuild (default 2,000): the read models write set-based per
   * batch, so larger batches mean fewer round trips per event.
   */
  readonly rebuildBatchSize?: number;
  /** Backoff after a failure: doubles from `initialDelayMs` (default 200) up to `maxDelayMs` (default 30 s). */
  readonly retry?: { readonly initialDelayMs?: number; readonly maxDelayMs?: number };
  /** Progress of the rebuilds `start()` begins because a projection's version changed. */
  readonly onRebuildProgress?: RebuildProgressListener;
  /** `status()` counts the events a projection is behind up to this many (default 10 000). */
  readonly countBehindLimit?: number;
  /**
   * Who may run each projection when several instances share the read models (default: a
   * {@link singleProcessLease}, right for PGlite and for one process). A projection runs here only
   * while this instance holds its lease.
   */
  readonly lease?: ProjectionLease;
  /** How often (ms) the leases held elsewhere are tried again, and the held ones verified (default 1000). */
  readonly leaseRetryMs?: number;
}

/** The lease of a projection as this instance sees it. */
export interface ProjectionLeaseStatus {
  readonly kind: ProjectionLease['kind'];
  /** This instance holds the lease, so it runs the projection. */
  readonly held: boolean;
  /** The holder's name (`application_name` of its lease session), where it can be seen. */
  readonly holder: string | null;
}

export interface ProjectionStatus {
  readonly name: string;
  /** The version of the projection's code. */
  readonly version: number;
  /** The version stored with the checkpoint (differs from `version` until the rebuild at start). */
  readonly storedVersion: number | null;
  readonly state: ProjectionState;
  /** Position of the last event applied (as stored). */
  readonly checkpoint: Position;
  /** The store's head position when the status was taken. */
  readonly head: Position;
  readonly caughtUp: boolean;
  /** Events between the checkpoint and the head; a lower bound when `eventsBehindCapped`. */
  readonly eventsBehind: number;
  readonly eventsBehindCapped: boolean;
  readonly checkpointUpdatedAt: Date | null;
  readonly lastError: ProjectionErrorInfo | null;
  readonly rebuild: { readonly processed: number; readonly total: number; readonly target: Position } | null;
  readonly lease: ProjectionLeaseStatus;
}

/**
 * Runs projections from the global log into SQL read models: one worker per projection, each with
 * its own checkpoint in `projection_checkpoints`, each event (or batch) and its checkpoint written
 * in one transaction. The caught-up workers share one subscription and write each batch in one
 * transaction, each projection's part in a savepoint of its own ({@link SharedFeed}); a worker that
 * is behind, or whose part failed, goes on on its own until it has caught up again. No state outside the instance: create one per process (or per test).
 *
 * Several instances on one read-model database: a projection runs only in the instance that holds
 * its {@link ProjectionLease}. The others try again every `leaseRetryMs` and take it over when the
 * holder stops or dies; a lost lease stops the projection here at once.
 */
export class ProjectionRunner {
  private readonly workers = new Map<string, ProjectionWorker>();
  private readonly store: EventStore;
  private readonly sql: SqlClient;
  private readonly logger: ProjectionLogger;
  private readonly countBehindLimit: number;
  private readonly onRebuildProgress: RebuildProgressListener | undefined;
  private readonly rebuilding = new Set<string>();
  /** Rebuilds under way (each ends after its current page once `stop()` is called, which waits for them). */
  private readonly replays = new Set<Promise<void>>();
  private started = false;
  private tableReady = false;
  private readonly lease: ProjectionLease;
  private readonly leaseRetryMs: number;
  private leaseTimer: NodeJS.Timeout | undefined;
  private round: Promise<void> | undefined;
  private readonly removeLostListener: () => void;
  private lastRoundError: string | undefined;
  private readonly rebuildBatchSize: number;
  /** Counts `stop()` calls: a rebuild that sees it change ends (rejects) instead of running on. */
  private stops = 0;

  constructor(options: ProjectionRunnerOptions) {
    this.store = options.store;
    this.sql = options.sql;
    this.logger = options.logger ?? consoleLogger();
    this.countBehindLimit = options.countBehindLimit ?? 10_000;
    this.onRebuildProgress = options.onRebuildProgress;
    this.lease = options.lease ?? singleProcessLease();
    this.leaseRetryMs = options.leaseRetryMs ?? 1000;
    if (!Number.isFinite(this.leaseRetryMs) || this.leaseRetryMs < 10) throw new Error(`leaseRetryMs must be at least 10, got ${this.leaseRetryMs}`);
    this.removeLostListener = this.lease.onLost((names) => this.leasesLost(names));
    const batchSize = options.batchSize ?? 100;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`batchSize must be a positive integer, got ${batchSize}`);
    const rebuildBatchSize = options.rebuildBatchSize ?? 2000;
    if (!Number.isInteger(rebuildBatchSize) || rebuildBatchSize < 1) throw new Error(`rebuildBatchSize must be a positive integer, got ${rebuildBatchSize}`);
    this.rebuildBatchSize = rebuildBatchSize;
    const settings = {
      batchSize,
      initialRetryDelayMs: options.retry?.initialDelayMs ?? 200,
      maxRetryDelayMs: options.retry?.maxDelayMs ?? 30_000,
    };
    // One subscription and one transaction per batch for all the caught-up projections (see SharedFeed).
    const feed = new SharedFeed(this.store, this.sql, this.logger, batchSize);
    for (const projection of options.projections) {
      if (!/^[a-z][a-z0-9_]*$/.test(projection.name)) {
        throw new Error(`Projection name '${projection.name}' must be lower-case letters, digits and underscores.`);
      }
      if (this.workers.has(projection.name)) throw new Error(`Two projections are named '${projection.name}'.`);
      if (!Number.isInteger(projection.version)) throw new Error(`Projection '${projection.name}' needs an integer version.`);
      this.workers.set(projection.name, new ProjectionWorker(projection, this.store, this.sql, this.logger, settings, feed));
    }
  }

  get projectionNames(): string[] {
    return [...this.workers.keys()];
  }

  /**
   * Creates the checkpoint table, then, for each projection whose lease this instance gets: creates
   * its tables, rebuilds it if its version changed, and starts it (catch-up, then live). The others
   * are tried again every `leaseRetryMs`. Resolves once the first round is done, not caught up: use
   * {@link waitFor} for that.
   */
  async start(): Promise<void> {
    if (this.started) return;
    await this.ensureTable();
    this.started = true;
    try {
      await this.acquireRound(true);
    } catch (error) {
      this.started = false;
      await this.stopAll();
      throw error;
    }
    this.leaseTimer = setInterval(() => void this.backgroundRound(), this.leaseRetryMs);
    this.leaseTimer.unref();
  }

  /** Stops every projection after its current transaction and gives up their leases. */
  async stop(): Promise<void> {
    this.started = false;
    this.stops++;
    clearInterval(this.leaseTimer);
    this.leaseTimer = undefined;
    await this.round;
    await Promise.allSettled([...this.replays]);
    await this.stopAll();
  }

  /** Whether this instance holds the lease of `name` (and so runs it while started). */
  holdsLease(name: string): boolean {
    this.worker(name);
    return this.lease.holds(name);
  }

  /** Stops the runner for good: also stops listening to its lease. */
  async close(): Promise<void> {
    await this.stop();
    this.removeLostListener();
  }

  private async stopAll(): Promise<void> {
    await Promise.all([...this.workers.values()].map((w) => w.stop()));
    await this.lease.close();
  }

  /**
   * One round: checks that the held leases are still held, then tries to take the lease of every
   * projection not running here and starts those it gets. Rounds never overlap.
   */
  private acquireRound(initial: boolean): Promise<void> {
    if (this.round) return this.round;
    this.round = (async () => {
      if (!initial) await this.lease.verify();
      const changed: ProjectionWorker[] = [];
      try {
        for (const worker of this.workers.values()) {
          if (!this.started) return;
          if (worker.isRunning || this.rebuilding.has(worker.name)) continue;
          if (!this.lease.holds(worker.name) && !(await this.lease.tryAcquire(worker.name))) continue;
          try {
            if ((await this.activate(worker)) === 'rebuild') changed.push(worker);
          } catch (error) {
            await this.lease.release(worker.name);
            throw error;
          }
        }
      } finally {
        // Those whose version changed are rebuilt together, in the background: one read of the log for all.
        if (changed.length > 0) {
          const list = changed.map((w) => `'${w.name}'`).join(', ');
          // A failure or a stop is logged; each projection then goes on from its checkpoint when it starts again.
          this.replayMarked(changed, this.onRebuildProgress, this.stops, 'new version').catch((error: unknown) =>
            this.logger.warn(`The rebuild of ${list} was interrupted: ${messageOf(error)}`),
          );
        }
      }
    })().finally(() => {
      this.round = undefined;
    });
    return this.round;
  }

  private async backgroundRound(): Promise<void> {
    if (!this.started) return;
    try {
      await this.acquireRound(false);
      if (this.lastRoundError) this.logger.log('Projection leases: working again.');
      this.lastRoundError = undefined;
    } catch (error) {
      const message = messageOf(error);
      // The same failure every second would flood the log: report it when it changes.
      if (message !== this.lastRoundError) this.logger.warn(`Projection leases: a round failed, trying again every ${this.leaseRetryMs} ms: ${message}`);
      this.lastRoundError = message;
    }
  }

  /**
   * This instance now holds the lease of the worker's projection: prepare it and run it. When its
   * version changed, its tables are reset here and the worker is marked as rebuilding but not started:
   * `'rebuild'` tells the round to rebuild it (with the others that changed) and start it then.
   */
  private async activate(worker: ProjectionWorker): Promise<'started' | 'rebuild' | 'lease lost'> {
    const changed = await this.prepare(worker.projection);
    if (changed) worker.resetTo(START);
    // The lease may have been lost meanwhile (the lost handler only stops running workers). From this
    // check to `start()` all is synchronous, so it cannot be lost in between unnoticed.
    if (!this.started || !this.lease.holds(worker.name)) return 'lease lost';
    if (changed) {
      this.rebuilding.add(worker.name);
      return 'rebuild';
    }
    worker.start();
    if (this.lease.kind !== 'single-process') this.logger.log(`Projection '${worker.name}' runs in this instance (it holds the lease).`);
    return 'started';
  }

  private leasesLost(names: readonly string[]): void {
    for (const name of names) {
      const worker = this.workers.get(name);
      if (!worker?.isRunning) continue;
      this.logger.warn(`Projection '${name}': this instance lost its lease; stopping it here (another instance may take it over).`);
      void worker.stop();
    }
  }

  /**
   * Resets a projection and replays the whole log into it. Reports `processed / total` after each
   * batch; resolves when it has reached the head as of the call, and rejects on the first failure (the
   * projection then goes on from its checkpoint as always, if the runner is started).
   */
  rebuild(name: string, onProgress?: RebuildProgressListener): Promise<void> {
    return this.rebuildMany([name], onProgress);
  }

  /**
   * Rebuilds several projections together (default: all): resets them, then reads the log ONCE, in
   * pages of `rebuildBatchSize` events, and applies each page to every one of them (each in its own
   * transaction with its own checkpoint, in parallel). Reading the log once instead of once per projection, and writing
   * set-based per page, is what makes a rebuild of every read model fast. Once at the head as of the
   * call, the projections go live again (if the runner is started). Progress is reported per projection.
   */
  async rebuildMany(names: readonly string[] = this.projectionNames, onProgress?: RebuildProgressListener): Promise<void> {
    const stops = this.stops;
    const workers = [...new Set(names)].map((n) => this.worker(n));
    const busy = workers.find((w) => this.rebuilding.has(w.name));
    if (busy) throw new Error(`Projection '${busy.name}' is already being rebuilt.`);
    for (const w of workers) this.rebuilding.add(w.name);
    const leasedHere: string[] = [];
    let replaying = false;
    try {
      await this.round;
      for (const w of workers) {
        if (this.lease.holds(w.name)) continue;
        if (!(await this.lease.tryAcquire(w.name))) {
          const holder = (await this.lease.holders([w.name]).catch(() => undefined))?.get(w.name) ?? null;
          throw new ProjectionLeaseNotHeldError(w.name, holder);
        }
        leasedHere.push(w.name);
      }
      await Promise.all(workers.map((w) => w.stop()));
      await this.ensureTable();
      await this.sql.transaction(async (tx) => {
        await lockSetup(tx);
        for (const w of workers) {
          await checkpointTable.insertIfMissing(tx, w.name, w.projection.version);
          await checkpointTable.lock(tx, w.name);
          await w.projection.reset(tx);
          await w.projection.setup(tx);
          await checkpointTable.write(tx, w.name, w.projection.version, START);
        }
      });
      for (const w of workers) w.resetTo(START);
      replaying = true;
      await this.replayMarked(workers, onProgress, stops, 'requested');
    } finally {
      if (!replaying) this.unmarkAndStart(workers);
      if (!this.started) for (const name of leasedHere) await this.lease.release(name);
    }
  }

  /**
   * Replays the log, up to its head as of now, into `workers` (reset to the start, marked as
   * rebuilding, not running), reporting progress; then unmarks them and, if the runner is started and
   * still holds their leases, starts them. Rejects on the first failure (after the same unmarking and
   * starting). `stop()` waits for it: the page being written ends before the connections may close.
   */
  private async replayMarked(workers: readonly ProjectionWorker[], onProgress: RebuildProgressListener | undefined, stops: number, why: string): Promise<void> {
    const list = workers.map((w) => `'${w.name}'`).join(', ');
    const replay = (async () => {
      const head = await this.store.headPosition();
      const total = await countEvents(this.store, START, head, Number.POSITIVE_INFINITY);
      this.logger.log(`Rebuilding ${workers.length === 1 ? 'projection' : 'projections'} ${list} (${why}) from ${total} events.`);
      for (const w of workers) w.beginExternalRebuild(head, total, onProgress);
      await this.replayInto(workers, head, stops);
      this.logger.log(`Rebuilt ${list} (${total} events).`);
    })();
    this.replays.add(replay);
    try {
      await replay;
    } finally {
      this.replays.delete(replay);
      for (const w of workers) w.endExternalRebuild();
      this.unmarkAndStart(workers);
    }
  }

  /** Ends the workers' rebuilding mark and, if the runner is started and holds their leases, starts them. */
  private unmarkAndStart(workers: readonly ProjectionWorker[]): void {
    for (const w of workers) this.rebuilding.delete(w.name);
    if (this.started) for (const w of workers) if (this.lease.holds(w.name)) w.start();
  }

  /**
   * Reads the log from the start up to `head` once, page by page, applying each page to every worker.
   * Ends with an error before the next page once the runner was stopped since `stops` was read.
   */
  private async replayInto(workers: readonly ProjectionWorker[], head: Position, stops: number): Promise<void> {
    const read = (from: Position) => this.store.readAll({ fromPosition: from, maxCount: this.rebuildBatchSize });
    let pages = 0;
    let position: Position = START;
    let next = comparePositions(position, head) < 0 ? read(position) : undefined;
    while (next) {
      if (this.stops !== stops) throw new Error(`The runner was stopped before the rebuild of ${workers.map((w) => `'${w.name}'`).join(', ')} finished.`);
      const page = (await next).filter((e) => comparePositions(e.position, head) <= 0);
      if (page.length === 0) throw new Error(`The log ended at ${formatPosition(position)} before the head ${formatPosition(head)} the rebuild began at.`);
      position = page[page.length - 1]!.position;
      // Read the next page while this one is written.
      next = comparePositions(position, head) < 0 ? read(position) : undefined;
      next?.catch(() => undefined);
      // Tables rebuilt from empty have no planner statistics: refresh them at pages 2, 4, 8, 16, …
      pages++;
      const analyze = pages >= 2 && (pages & (pages - 1)) === 0;
      // Each projection writes the page in its own transaction (its own connection on a pool), all at
      // once: the database works on several read models in parallel, and one failing projection does
      // not hold back the others' checkpoints. The rebuild as a whole fails on the first failure.
      const settled = await Promise.allSettled(
        workers.map(async (w) => {
          if (analyze) await analyzeTables(this.sql, w.projection);
          await w.apply(page);
        }),
      );
      // Every transaction has ended before the first failure is thrown (no write still in flight).
      const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
    }
    for (const w of workers) await analyzeTables(this.sql, w.projection);
  }

  /** Per projection: checkpoint, head, lag, state and last error. */
  async status(): Promise<ProjectionStatus[]> {
    const head = await this.store.headPosition();
    const stored = this.tableReady || (await this.tableExists()) ? await checkpointTable.readAll(this.sql) : new Map();
    const holders = await this.lease.holders(this.projectionNames).catch((error: unknown) => {
      this.logger.warn(`Projection leases: could not read the holders: ${messageOf(error)}`);
      return new Map<string, string | null>();
    });
    const result: ProjectionStatus[] = [];
    for (const worker of this.workers.values()) {
      const row = stored.get(worker.name);
      const checkpoint = row?.position ?? START;
      const caughtUp = comparePositions(checkpoint, head) >= 0;
      const behind = caughtUp ? 0 : await countEvents(this.store, checkpoint, head, this.countBehindLimit);
      result.push({
        name: worker.name,
        version: worker.projection.version,
        storedVersion: row?.version ?? null,
        state: worker.state,
        checkpoint,
        head,
        caughtUp,
        eventsBehind: behind,
        eventsBehindCapped: behind >= this.countBehindLimit,
        checkpointUpdatedAt: row?.updatedAt ?? null,
        lastError: worker.lastError,
        rebuild: worker.rebuildProgress,
        lease: { kind: this.lease.kind, held: this.lease.holds(worker.name), holder: holders.get(worker.name) ?? null },
      });
    }
    return result;
  }

  /**
   * Read-your-writes: resolves `true` once every projection (or the named one) has applied the log up
   * to `position` in this process, `false` if that has not happened within `timeoutMs`.
   */
  waitFor(position: Position, timeoutMs: number, projection?: string): Promise<boolean> {
    const workers = projection === undefined ? [...this.workers.values()] : [this.worker(projection)];
    const reached = (): boolean => workers.every((w) => comparePositions(w.currentCheckpoint, position) >= 0);
    if (reached()) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      const removals: (() => void)[] = [];
      const finish = (value: boolean): void => {
        clearTimeout(timer);
        for (const remove of removals) remove();
        resolve(value);
      };
      const timer = setTimeout(() => finish(false), timeoutMs);
      for (const w of workers) removals.push(w.onCheckpoint(() => reached() && finish(true)));
    });
  }

  private worker(name: string): ProjectionWorker {
    const worker = this.workers.get(name);
    if (!worker) throw new UnknownProjectionError(name);
    return worker;
  }

  private async ensureTable(): Promise<void> {
    if (this.tableReady) return;
    // Several instances starting at once: concurrent CREATE TABLE IF NOT EXISTS can still collide.
    await this.sql.transaction(async (tx) => {
      await lockSetup(tx);
      await checkpointTable.ensure(tx);
    });
    this.tableReady = true;
  }

  private async tableExists(): Promise<boolean> {
    const { rows } = await this.sql.query(`SELECT to_regclass('projection_checkpoints') IS NOT NULL AS present`);
    return rows[0]?.['present'] === true;
  }

  /**
   * Creates the projection's tables and checkpoint row; resets them when the stored version differs
   * (or when there was no checkpoint, so leftover rows are never replayed onto). True when reset.
   */
  private async prepare(projection: Projection): Promise<boolean> {
    return this.sql.transaction(async (tx) => {
      await lockSetup(tx);
      const inserted = await checkpointTable.insertIfMissing(tx, projection.name, projection.version);
      const stored = await checkpointTable.lock(tx, projection.name);
      if (!stored) throw new Error(`The checkpoint row of projection '${projection.name}' vanished.`);
      if (inserted || stored.version !== projection.version) {
        if (!inserted) {
          this.logger.log(
            `Projection '${projection.name}' changed from version ${stored.version} to ${projection.version}: rebuilding.`,
          );
        }
        await projection.reset(tx);
        await projection.setup(tx);
        await checkpointTable.write(tx, projection.name, projection.version, START);
        return !inserted;
      }
      await projection.setup(tx);
      return false;
    });
  }
}

/** Refreshes the planner statistics of a projection's tables (`Projection.tables`), if it names them. */
async function analyzeTables(sql: SqlClient, projection: Projection): Promise<void> {
  const tables = (projection.tables ?? []).map(ident);
  if (tables.length > 0) await sql.exec(`ANALYZE ${tables.join(', ')}`);
}

/**
 * Serialises schema work (CREATE TABLE, resets) of all instances until the transaction ends: DDL of
 * several projections starting in several instances at once would otherwise collide in the catalog.
 */
async function lockSetup(tx: SqlClient): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1::bigint)', [leaseKey('$schema').toString()]);
}

/** Counts the events after `from` up to and including `to`, reading at most `limit` of them. */
export async function countEvents(store: EventStore, from: Position, to: Position, limit: number): Promise<number> {
  if (store.countEvents) return Math.min(limit, await store.countEvents(from, to));
  const pageSize = 1000;
  let count = 0;
  let position = from;
  while (count < limit) {
    const want = Math.min(pageSize, limit - count);
    const page = await store.readAll({ fromPosition: position, maxCount: want });
    for (const event of page) {
      if (comparePositions(event.position, to) > 0) return count;
      count++;
    }
    const last = page[page.length - 1];
    if (!last || page.length < want) return count;
    position = last.position;
  }
  return count;
}

function consoleLogger(): ProjectionLogger {
  return {
    log: (message) => console.log(`[projections] ${message}`),
    warn: (message) => console.warn(`[projections] ${message}`),
    error: (message, error) => console.error(`[projections] ${message}`, error),
  };
}
