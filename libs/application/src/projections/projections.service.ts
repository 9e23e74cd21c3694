import { hostname } from 'node:os';

import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap, Optional } from '@nestjs/common';
import { comparePositions, type EventStore, formatPosition, type Position, type SqlClient } from '@saksgang/event-store';
import {
  checkpointTable,
  lesemodeller,
  PostgresAdvisoryLease,
  type Projection,
  type ProjectionLease,
  type ProjectionLogger,
  ProjectionRunner,
  type ProjectionStatus,
  singleProcessLease,
  UnknownProjectionError,
} from '@saksgang/projections';
import type { SaksgangConfig } from '../config/config.js';
import { EVENT_STORE, SAKSGANG_CONFIG, SQL_CLIENT } from '../tokens.js';

/** Options of {@link ProjectionsService} besides the configuration (tests). */
export const PROJECTIONS_OPTIONS = Symbol('saksgang.ProjectionsOptions');

export interface ProjectionsOptions {
  /** The projections to run (default: {@link lesemodeller}). */
  readonly projections?: () => Projection[];
  /** Backoff of a failing projection. */
  readonly retry?: { readonly initialDelayMs?: number; readonly maxDelayMs?: number };
  /** Delay before a failed start is tried again (default 5 s). */
  readonly restartDelayMs?: number;
  /** How often (ms) the leases of projections run elsewhere are tried again (default: the configuration, else 1000). */
  readonly leaseRetryMs?: number;
  /** The projection lease (default: from the configuration, see {@link leaseFor}). */
  readonly lease?: ProjectionLease;
}

/**
 * The lease that decides which instance runs each projection. Read models in PostgreSQL (the
 * `postgres` backend, or `eventstoredb` with SAKSGANG_POSTGRES_URL): a session-level advisory lock per
 * projection on a dedicated connection to that database, so several API instances can share it and
 * exactly one runs each projection. Read models in PGlite: the data directory is locked to one
 * process, so that process holds every lease (nothing to coordinate).
 */
export function leaseFor(config: SaksgangConfig, sql: SqlClient, logger?: ProjectionLogger): ProjectionLease {
  const url = config.store.backend === 'postgres' ? config.store.url : config.store.backend === 'eventstoredb' ? config.store.readModelUrl : undefined;
  if (sql.driver === 'pglite') return singleProcessLease();
  if (!url) {
    throw new Error('The read models are in PostgreSQL but the configuration names no PostgreSQL URL for the projection lease (SAKSGANG_POSTGRES_URL).');
  }
  return new PostgresAdvisoryLease({
    connectionString: url,
    // Shown by `pg_stat_activity` and by the projections' status as the holder.
    instanceName: `saksgang ${hostname()}:${config.port} pid ${process.pid}`,
    ...(logger ? { logger } : {}),
  });
}

/** A rebuild asked for by an operator, running in the background. */
export interface RebuildJob {
  readonly projection: string;
  state: 'running' | 'done' | 'failed';
  readonly startedAt: Date;
  finishedAt: Date | null;
  processed: number;
  total: number;
  error: string | null;
}

export type ProjectionsStartState = 'disabled' | 'starting' | 'started' | 'failed' | 'stopped';

/** Why a query could not be answered from the read models. */
export class ReadModelsUnavailableError extends Error {
  constructor(
    message: string,
    readonly reason: 'starting' | 'lagging' | 'absent',
    /** Seconds after which a retry makes sense. */
    readonly retryAfterSeconds: number,
  ) {
    super(message);
    this.name = 'ReadModelsUnavailableError';
  }
}

/** `minPosition` lies after the newest event of the store: no write has returned it. */
export class PositionAheadOfStoreError extends Error {
  constructor(
    readonly position: Position,
    readonly head: Position,
  ) {
    super(`minPosition ${formatPosition(position)} is after the newest event in the store (${formatPosition(head)}).`);
    this.name = 'PositionAheadOfStoreError';
  }
}

/** The rebuild of this projection is already running. */
export class RebuildAlreadyRunningError extends Error {
  constructor(readonly projection: string) {
    super(`Projection '${projection}' is already being rebuilt.`);
    this.name = 'RebuildAlreadyRunningError';
  }
}

const POLL_MS = 50;
/** How long a `minPosition` ahead of the visible head is waited for before it is refused (see awaitReadable). */
const AHEAD_GRACE_MS = 1000;

/**
 * Runs saksgang's projections in this process: a {@link ProjectionRunner} with {@link lesemodeller},
 * events from EVENT_STORE, read models and checkpoints in SQL_CLIENT.
 *
 * - Started at application bootstrap (the store is open by then), in the background: the application
 *   answers at once while the projections catch up or rebuild. A failed start is retried.
 * - Stopped before the application shuts down (`beforeApplicationShutdown` runs before the store closes
 *   in `onApplicationShutdown`).
 * - With `SAKSGANG_PROJECTIONS=off` nothing runs here; status, rebuilds and read-your-writes still work
 *   (the latter by polling the stored checkpoints another process writes).
 */
@Injectable()
export class ProjectionsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly runner: ProjectionRunner;
  readonly enabled: boolean;
  private readonly logger = new Logger('projections');
  private startState: ProjectionsStartState;
  private startError: string | null = null;
  private starting: Promise<void> | undefined;
  private restartTimer: NodeJS.Timeout | undefined;
  private stopping = false;
  private readonly jobs = new Map<string, RebuildJob>();
  private readonly jobPromises = new Set<Promise<void>>();
  private readonly readyListeners = new Set<() => void>();
  private readonly restartDelayMs: number;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
    @Inject(SAKSGANG_CONFIG) private readonly config: SaksgangConfig,
    @Optional() @Inject(PROJECTIONS_OPTIONS) options: ProjectionsOptions = {},
  ) {
    this.enabled = config.projections;
    this.startState = this.enabled ? 'stopped' : 'disabled';
    this.restartDelayMs = options.restartDelayMs ?? 5000;
    const logger = nestLogger(this.logger);
    this.runner = new ProjectionRunner({
      store,
      sql,
      projections: (options.projections ?? lesemodeller)(),
      logger,
      ...(options.retry ? { retry: options.retry } : {}),
      // With SAKSGANG_PROJECTIONS=off nothing runs here, so nothing needs a lease either.
      lease: options.lease ?? (this.enabled ? leaseFor(config, sql, logger) : singleProcessLease()),
      leaseRetryMs: options.leaseRetryMs ?? config.projectionLeaseRetryMs ?? 1000,
    });
  }

  /** The configured longest wait for `minPosition`, in ms. */
  get maxWaitMs(): number {
    return this.config.minPositionWaitMs;
  }

  get state(): ProjectionsStartState {
    return this.startState;
  }

  get lastStartError(): string | null {
    return this.startError;
  }

  get projectionNames(): string[] {
    return this.runner.projectionNames;
  }

  onApplicationBootstrap(): void {
    if (!this.enabled) return;
    this.startInBackground();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    // A start in progress finishes first (it cannot be interrupted), then everything stops.
    await this.starting;
    await this.runner.stop();
    await Promise.allSettled([...this.jobPromises]);
    if (this.enabled) this.startState = 'stopped';
    this.notifyReady();
  }

  private startInBackground(): void {
    if (this.stopping) return;
    this.startState = 'starting';
    this.starting = this.runner.start().then(
      () => {
        this.startState = 'started';
        this.startError = null;
        this.logger.log(`Projections started: ${this.runner.projectionNames.join(', ')}.`);
        this.notifyReady();
      },
      (error: unknown) => {
        this.startState = 'failed';
        this.startError = error instanceof Error ? error.message : String(error);
        this.logger.error(`The projections could not start; retrying in ${this.restartDelayMs} ms: ${this.startError}`);
        this.notifyReady();
        if (!this.stopping) {
          this.restartTimer = setTimeout(() => this.startInBackground(), this.restartDelayMs);
          this.restartTimer.unref();
        }
      },
    );
  }

  /** Whether this instance holds the lease of projection `name`, so runs it. */
  holdsLease(name: string): boolean {
    return this.runner.holdsLease(name);
  }

  /** Per projection: checkpoint, head, lag, state, last error, a running rebuild, and its lease. */
  status(): Promise<ProjectionStatus[]> {
    return this.runner.status();
  }

  /** The operator rebuilds the service knows of (running and finished), by projection. */
  rebuildJobs(): RebuildJob[] {
    return [...this.jobs.values()].map((j) => ({ ...j }));
  }

  /**
   * Starts a rebuild of the named projection in the background and returns at once. Progress is in
   * {@link rebuildJobs} and in {@link status}.
   * @throws UnknownProjectionError, RebuildAlreadyRunningError
   */
  startRebuild(name: string): RebuildJob {
    if (!this.runner.projectionNames.includes(name)) throw new UnknownProjectionError(name);
    if (this.jobs.get(name)?.state === 'running') throw new RebuildAlreadyRunningError(name);
    if (this.stopping) throw new ReadModelsUnavailableError('The service is shutting down.', 'starting', 5);
    const job: RebuildJob = { projection: name, state: 'running', startedAt: new Date(), finishedAt: null, processed: 0, total: 0, error: null };
    this.jobs.set(name, job);
    const run = (async () => {
      // A rebuild must not race the start (which may itself reset the projection).
      await this.starting;
      await this.runner.rebuild(name, (p) => {
        job.processed = p.processed;
        job.total = p.total;
      });
    })().then(
      () => {
        job.state = 'done';
        job.finishedAt = new Date();
      },
      (error: unknown) => {
        job.state = 'failed';
        job.finishedAt = new Date();
        job.error = error instanceof Error ? error.message : String(error);
        this.logger.error(`The rebuild of projection '${name}' failed: ${job.error}`);
      },
    );
    this.jobPromises.add(run);
    void run.finally(() => this.jobPromises.delete(run));
    return { ...job };
  }

  /**
   * Waits until the read models can be queried and, with `minPosition`, until the named projections
   * (default: all) have applied the log up to it — at most `timeoutMs` (default the configured wait).
   * @throws ReadModelsUnavailableError when that does not happen in time; PositionAheadOfStoreError
   *   when `minPosition` is after the store's newest event.
   */
  async awaitReadable(minPosition: Position | undefined, projections?: readonly string[], timeoutMs = this.maxWaitMs): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    await this.awaitStarted(deadline);
    if (!minPosition) return;
    const names = projections ?? this.runner.projectionNames;
    if (await this.reached(minPosition, names)) return;
    // A position a write returned is committed, but on PostgreSQL it enters the global log only once
    // every older transaction has ended (the gap-free order's visibility rule): under concurrent
    // writes it can be briefly ahead of the head. Wait for it a moment before calling it a position
    // no write returned.
    const aheadUntil = Math.min(deadline, Date.now() + AHEAD_GRACE_MS);
    let head = await this.store.headPosition();
    while (comparePositions(minPosition, head) > 0) {
      if (Date.now() >= aheadUntil) throw new PositionAheadOfStoreError(minPosition, head);
      await new Promise((r) => setTimeout(r, Math.min(POLL_MS, Math.max(0, aheadUntil - Date.now()))));
      head = await this.store.headPosition();
    }
    // The projections running here report each commit; those another instance runs (it holds their
    // lease) are followed through their stored checkpoints.
    const local = this.startState === 'started' ? names.filter((n) => this.runner.holdsLease(n)) : [];
    const elsewhere = names.filter((n) => !local.includes(n));
    const ok =
      (local.length === 0 || (await this.waitInProcess(minPosition, local, deadline))) &&
      (elsewhere.length === 0 || (await this.reached(minPosition, elsewhere)) || (await this.poll(minPosition, elsewhere, deadline)));
    if (!ok) {
      throw new ReadModelsUnavailableError(
        `The read models have not reached position ${formatPosition(minPosition)} within ${timeoutMs} ms; retry shortly.`,
        'lagging',
        1,
      );
    }
  }

  private async awaitStarted(deadline: number): Promise<void> {
    if (!this.enabled) {
      // Someone else runs the projections: the read models are there once their checkpoints are.
      if (!(await this.tablesPresent())) {
        throw new ReadModelsUnavailableError('The read models do not exist yet: no process has run the projections (SAKSGANG_PROJECTIONS=off here).', 'absent', 30);
      }
      return;
    }
    while (this.startState !== 'started') {
      const left = deadline - Date.now();
      if (left <= 0 || this.startState === 'stopped' || this.stopping) {
        const why = this.startState === 'failed' ? ` (last error: ${this.startError})` : '';
        throw new ReadModelsUnavailableError(`The read models are not ready yet${why}; retry shortly.`, 'starting', this.startState === 'failed' ? 5 : 1);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, left);
        function done(): void {
          clearTimeout(timer);
          resolve();
        }
        this.readyListeners.add(done);
      });
    }
  }

  private notifyReady(): void {
    for (const l of [...this.readyListeners]) l();
    this.readyListeners.clear();
  }

  private async reached(position: Position, names: readonly string[]): Promise<boolean> {
    const stored = await checkpointTable.readAll(this.sql);
    return names.every((n) => {
      const c = stored.get(n);
      return c !== undefined && comparePositions(c.position, position) >= 0;
    });
  }

  private async waitInProcess(position: Position, names: readonly string[], deadline: number): Promise<boolean> {
    const results = await Promise.all(names.map((n) => this.runner.waitFor(position, Math.max(0, deadline - Date.now()), n)));
    return results.every(Boolean);
  }

  private async poll(position: Position, names: readonly string[], deadline: number): Promise<boolean> {
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, Math.min(POLL_MS, Math.max(0, deadline - Date.now()))));
      if (await this.reached(position, names)) return true;
    }
    return false;
  }

  private async tablesPresent(): Promise<boolean> {
    const { rows } = await this.sql.query(`SELECT to_regclass('projection_checkpoints') IS NOT NULL AS present`);
    return rows[0]?.['present'] === true;
  }
}

function nestLogger(logger: Logger): ProjectionLogger {
  return {
    log: (message) => logger.log(message),
    warn: (message) => logger.warn(message),
    error: (message, error) => logger.error(message, error instanceof Error ? error.stack : undefined),
  };
}
