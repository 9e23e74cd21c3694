import { Logger } from '@nestjs/common';
import pg from 'pg';

/** The table the shared count lives in (UNLOGGED: counts are no facts, a crash may forget them). */
export const RATE_LIMIT_TABLE = 'saksgang_rate_limit';

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/** The store interface of @fastify/rate-limit (its `store` option takes the constructor). */
export interface RateLimitStore {
  incr(key: string, callback: Callback, timeWindow: number, max: number): void;
  read(key: string, callback: Callback, timeWindow: number, max?: number): void;
  child(routeOptions: { routeInfo?: { method?: string | string[]; url?: string } }): RateLimitStore;
}

export interface SharedRateLimit {
  /** For @fastify/rate-limit's `store` option. */
  readonly Store: new (globalParams: unknown) => RateLimitStore;
  /** Ends the store's connections (with the app). */
  close(): Promise<void>;
}

/**
 * One atomic statement per request: a client's count in the current window, started again once the
 * window has passed, on the database server's clock (the instances' clocks need not agree). Returns
 * the count and the milliseconds left of the window.
 */
const INCR = `
INSERT INTO ${RATE_LIMIT_TABLE} AS r (key, hits, window_start) VALUES ($1, 1, now())
ON CONFLICT (key) DO UPDATE SET
  hits = CASE WHEN r.window_start <= now() - $2::double precision * interval '1 millisecond' THEN 1 ELSE r.hits + 1 END,
  window_start = CASE WHEN r.window_start <= now() - $2::double precision * interval '1 millisecond' THEN now() ELSE r.window_start END
RETURNING hits, GREATEST(0, CEIL(EXTRACT(EPOCH FROM (window_start + $2::double precision * interval '1 millisecond' - now())) * 1000))::bigint AS ttl_ms`;

const READ = `
SELECT hits, GREATEST(0, CEIL(EXTRACT(EPOCH FROM (window_start + $2::double precision * interval '1 millisecond' - now())) * 1000))::bigint AS ttl_ms
FROM ${RATE_LIMIT_TABLE} WHERE key = $1 AND window_start > now() - $2::double precision * interval '1 millisecond'`;

/** How often windows long past are deleted (one statement; any instance may do it). */
const SWEEP_MS = 60_000;
/** At most one warning this often when the database does not answer (requests then pass: fail open). */
const WARN_EVERY_MS = 30_000;

/**
 * A @fastify/rate-limit store counting in the PostgreSQL database at `url`, so several instances on
 * one database share one count per client (SAKSGANG_RATE_LIMIT_STORE=postgres). A small pool of its
 * own (the event store's pool is not borrowed). The table is created on first use. Counts a fixed
 * window per key, as the plugin's own in-memory store does (its `continueExceeding` and
 * `exponentialBackoff` are not used by saksgang, and not supported here).
 */
export function postgresRateLimitStore(url: string): SharedRateLimit {
  const logger = new Logger('rate-limit');
  const pool = new pg.Pool({ connectionString: url, max: 4, idleTimeoutMillis: 30_000, connectionTimeoutMillis: 5_000, query_timeout: 5_000, application_name: 'saksgang rate-limit' });
  pool.on('error', () => undefined);
  let ready: Promise<void> | undefined;
  let lastWarning = 0;
  let windowMs = 60_000;
  let closed = false;

  const ensureTable = (): Promise<void> =>
    (ready ??= (async () => {
      const client = await pool.connect();
      try {
        // Two instances starting together must not both create it (CREATE … IF NOT EXISTS is not safe under concurrency).
        await client.query('BEGIN');
        await client.query(`SELECT pg_advisory_xact_lock(hashtext('${RATE_LIMIT_TABLE}'))`);
        await client.query(`CREATE UNLOGGED TABLE IF NOT EXISTS ${RATE_LIMIT_TABLE} (key text PRIMARY KEY, hits bigint NOT NULL, window_start timestamptz NOT NULL)`);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    })().catch((error: unknown) => {
      ready = undefined;
      throw error;
    }));

  const run = async (sql: string, key: string, timeWindow: number): Promise<{ current: number; ttl: number }> => {
    windowMs = timeWindow;
    await ensureTable();
    const { rows } = await pool.query<{ hits: string; ttl_ms: string }>(sql, [key, timeWindow]);
    const row = rows[0];
    return row ? { current: Number(row.hits), ttl: Number(row.ttl_ms) } : { current: 0, ttl: 0 };
  };

  const answer = (promise: Promise<{ current: number; ttl: number }>, callback: Callback): void => {
    promise.then(
      (result) => callback(null, result),
      (error: unknown) => {
        if (Date.now() - lastWarning > WARN_EVERY_MS) {
          lastWarning = Date.now();
          logger.warn({ msg: 'rate limit: the PostgreSQL count did not answer; requests pass uncounted meanwhile', error: error instanceof Error ? error.message : String(error) });
        }
        callback(error instanceof Error ? error : new Error(String(error)));
      },
    );
  };

  const sweep = setInterval(() => {
    if (!ready) return;
    void pool.query(`DELETE FROM ${RATE_LIMIT_TABLE} WHERE window_start < now() - $1::double precision * interval '1 millisecond'`, [2 * windowMs]).catch(() => undefined);
  }, SWEEP_MS);
  sweep.unref();

  class PostgresRateLimitStore implements RateLimitStore {
    /** A route's own limit (the plugin's per-route `config.rateLimit`) counts under the route's name. */
    constructor(
      _globalParams?: unknown,
      private readonly prefix = '',
    ) {}

    incr(key: string, callback: Callback, timeWindow: number): void {
      answer(run(INCR, this.prefix + key, timeWindow), callback);
    }

    read(key: string, callback: Callback, timeWindow: number): void {
      answer(run(READ, this.prefix + key, timeWindow), callback);
    }

    child(routeOptions: { routeInfo?: { method?: string | string[]; url?: string } }): RateLimitStore {
      const info = routeOptions.routeInfo;
      return new PostgresRateLimitStore(undefined, `${this.prefix}${[info?.method ?? ''].flat().join(',')} ${info?.url ?? ''}|`);
    }
  }

  return {
    Store: PostgresRateLimitStore,
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(sweep);
      await pool.end().catch(() => undefined);
    },
  };
}
