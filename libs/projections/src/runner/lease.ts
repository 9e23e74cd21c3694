import { createHash } from 'node:crypto';

import pg from 'pg';

import type { ProjectionLogger } from '../projection.js';

/**
 * Who may run a projection. Several API instances share one store and one read-model database; each
 * projection must be active in exactly one of them at a time. The runner asks the lease before it
 * starts a projection, retries the ones held elsewhere, and stops a projection whose lease was lost.
 *
 * The lease is the first line of defence, not the only one: even if two instances ran a projection
 * at once for a moment (a lease lost but its holder not yet stopped), each batch is written in one
 * transaction that first locks the projection's checkpoint row (`SELECT … FOR UPDATE`) and skips
 * every event at or before the stored position. The two writers serialise on that row lock and the
 * second sees the first one's checkpoint, so no event is applied twice; a worker whose stored
 * checkpoint went backwards starts over from it (see ProjectionWorker.apply), so none is skipped.
 */
export interface ProjectionLease {
  /** `postgres-advisory-lock`: shared between processes; `single-process`: PGlite, trivially held. */
  readonly kind: 'postgres-advisory-lock' | 'single-process';
  /** Takes the lease of projection `name` if no one holds it; true when this instance holds it. */
  tryAcquire(name: string): Promise<boolean>;
  /** Whether this instance holds the lease of `name` (as far as it knows: see {@link onLost}). */
  holds(name: string): boolean;
  /** Gives the lease of `name` back, so another instance can take it. */
  release(name: string): Promise<void>;
  /** Called with the names whose leases were lost together (the lease connection failed). */
  onLost(listener: (names: readonly string[]) => void): () => void;
  /** Checks that the leases are still held (the connection answers); false when they were lost. */
  verify(): Promise<boolean>;
  /** Which instance holds each projection's lease, where that can be seen (`application_name`). */
  holders(names: readonly string[]): Promise<Map<string, string | null>>;
  /** Releases every lease and closes the connection. The lease can be used again afterwards. */
  close(): Promise<void>;
}

/**
 * The lease on PGlite: PGlite runs inside one process and its data directory is locked to that
 * process (`<dataDir>.lock`), so no other instance can run on the same read models — whoever opened
 * them holds every lease. Nothing to take, nothing to lose.
 */
export function singleProcessLease(): ProjectionLease {
  const held = new Set<string>();
  return {
    kind: 'single-process',
    tryAcquire: (name) => {
      held.add(name);
      return Promise.resolve(true);
    },
    holds: (name) => held.has(name),
    release: (name) => {
      held.delete(name);
      return Promise.resolve();
    },
    onLost: () => () => undefined,
    verify: () => Promise.resolve(true),
    holders: (names) => Promise.resolve(new Map(names.map((n) => [n, held.has(n) ? 'this process' : null] as const))),
    close: () => {
      held.clear();
      return Promise.resolve();
    },
  };
}

export interface PostgresAdvisoryLeaseOptions {
  /** The read-model database (where the checkpoints are): `postgres://user:password@host:port/db`. */
  readonly connectionString: string;
  /** Shown as `application_name` of the lease session, so status and `pg_stat_activity` name the holder. */
  readonly instanceName?: string;
  /** Longest wait to connect (default 5000 ms). */
  readonly connectTimeoutMs?: number;
  /** Longest a lease statement may run before the connection is judged dead (default 5000 ms). */
  readonly statementTimeoutMs?: number;
  readonly logger?: ProjectionLogger;
}

/** Namespace of the keys, so they do not meet other advisory locks of the database. */
const KEY_PREFIX = 'saksgang.projection-lease:';

/** The 64-bit advisory-lock key of a projection: the first 8 bytes of SHA-256 (stable across versions). */
export function leaseKey(name: string): bigint {
  return createHash('sha256').update(KEY_PREFIX + name).digest().readBigInt64BE(0);
}

/**
 * The lease as a PostgreSQL session-level advisory lock, `pg_try_advisory_lock(key)`, held on ONE
 * dedicated connection (not from the pool: a pooled connection goes back to the pool, and the lock
 * with it, to whoever checks it out next) for as long as this instance runs the projection.
 *
 * When the process dies — even by SIGKILL — its socket closes, the server ends the session, and the
 * session's advisory locks are released with it; another instance's next `tryAcquire` gets them. A
 * network partition is noticed by TCP keep-alive on both sides (the server's `tcp_keepalives_*`
 * settings bound how long a dead holder keeps its locks).
 *
 * When the connection fails here (an `error` or `end` event, or a statement that fails), every lease
 * is reported lost through {@link onLost}; the next `tryAcquire` opens a new connection.
 */
export class PostgresAdvisoryLease implements ProjectionLease {
  readonly kind = 'postgres-advisory-lock' as const;
  private client: pg.Client | undefined;
  private connecting: Promise<pg.Client> | undefined;
  private readonly held = new Set<string>();
  private readonly listeners = new Set<(names: readonly string[]) => void>();
  /** Statements on the one connection run one at a time (pg queues them anyway; this keeps `held` in step). */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: PostgresAdvisoryLeaseOptions) {}

  async tryAcquire(name: string): Promise<boolean> {
    return this.serial(async () => {
      if (this.held.has(name)) return true;
      const client = await this.connect();
      const { rows } = await this.run(client, 'SELECT pg_try_advisory_lock($1::bigint) AS ok', [leaseKey(name).toString()]);
      const ok = rows[0]?.['ok'] === true;
      // Only record it if the connection that took it is still ours (it may have failed meanwhile).
      if (ok && this.client === client) this.held.add(name);
      return ok && this.client === client;
    });
  }

  holds(name: string): boolean {
    return this.held.has(name);
  }

  async release(name: string): Promise<void> {
    await this.serial(async () => {
      if (!this.held.delete(name)) return;
      const client = this.client;
      if (!client) return;
      try {
        await this.run(client, 'SELECT pg_advisory_unlock($1::bigint)', [leaseKey(name).toString()]);
      } catch (error) {
        // The connection is gone, and the lock with it.
        this.options.logger?.warn(`Releasing the lease of projection '${name}' failed: ${String(error)}`);
      }
    });
  }

  onLost(listener: (names: readonly string[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Checks that the lease connection still answers (a dead connection otherwise goes unnoticed until
   * TCP gives up). A failure reports every lease lost.
   */
  async verify(): Promise<boolean> {
    return this.serial(async () => {
      const client = this.client;
      if (!client) return this.held.size === 0;
      try {
        await this.run(client, 'SELECT 1');
        return true;
      } catch {
        return false; // run() has reported the loss
      }
    });
  }

  async holders(names: readonly string[]): Promise<Map<string, string | null>> {
    return this.serial(async () => {
      const result = new Map<string, string | null>(names.map((n) => [n, null]));
      const byKey = new Map(names.map((n) => [leaseKey(n), n]));
      const client = await this.connect();
      const { rows } = await this.run(
        client,
        `SELECT l.classid::text AS classid, l.objid::text AS objid, a.application_name, l.pid
           FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
          WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
            AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      );
      for (const row of rows) {
        // A bigint key is shown as classid = its high 32 bits, objid = its low 32 bits (unsigned oids).
        const key = BigInt.asIntN(64, (BigInt(String(row['classid'])) << 32n) | BigInt(String(row['objid'])));
        const name = byKey.get(key);
        if (name !== undefined) result.set(name, typeof row['application_name'] === 'string' && row['application_name'] ? row['application_name'] : `pid ${String(row['pid'])}`);
      }
      return result;
    });
  }

  async close(): Promise<void> {
    await this.serial(async () => {
      const client = this.client;
      this.client = undefined;
      this.held.clear();
      // Ending the session releases all its advisory locks at once.
      if (client) await client.end().catch(() => undefined);
    });
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private clientConfig(applicationName: string): pg.ClientConfig {
    return {
      connectionString: this.options.connectionString,
      application_name: applicationName.slice(0, 63),
      connectionTimeoutMillis: this.options.connectTimeoutMs ?? 5000,
      query_timeout: this.options.statementTimeoutMs ?? 5000,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    };
  }

  private async connect(): Promise<pg.Client> {
    if (this.client) return this.client;
    this.connecting ??= (async () => {
      const client = new pg.Client(this.clientConfig(this.options.instanceName ?? 'saksgang-lease'));
      // Without an 'error' listener a dropped connection would crash the process.
      client.on('error', (error) => this.lost(client, error));
      client.on('end', () => this.lost(client, new Error('The lease connection ended.')));
      try {
        await client.connect();
      } catch (error) {
        client.removeAllListeners('end');
        await client.end().catch(() => undefined);
        throw error;
      }
      this.client = client;
      return client;
    })().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async run(client: pg.Client, sql: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }> {
    try {
      return await client.query(sql, params);
    } catch (error) {
      // A statement on the lease connection failing means the session can no longer be trusted: end
      // it (releasing whatever it still holds on the server) and report the leases lost.
      this.lost(client, error);
      await client.end().catch(() => undefined);
      throw error;
    }
  }

  /** The connection `client` failed: forget it and report what it held as lost (once). */
  private lost(client: pg.Client, error: unknown): void {
    if (this.client !== client) return;
    this.client = undefined;
    const names = [...this.held];
    this.held.clear();
    if (names.length === 0) return;
    this.options.logger?.warn(`The projection lease connection failed (${error instanceof Error ? error.message : String(error)}); lost: ${names.join(', ')}.`);
    for (const listener of [...this.listeners]) listener(names);
  }
}
