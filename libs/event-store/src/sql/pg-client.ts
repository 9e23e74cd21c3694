import pg from 'pg';

import { mapConnectionError } from './connection-errors.js';
import type { SqlClient } from './sql-client.js';
import { TransactionHandle } from './transaction-handle.js';

export interface PgClientOptions {
  /** `postgres://user:password@host:port/database` */
  readonly connectionString: string;
  /** Most connections the pool opens (default 10). */
  readonly poolSize?: number;
  /** How long to wait for a connection before failing with `StoreUnavailableError` (default 5000 ms). */
  readonly connectionTimeoutMillis?: number;
  readonly applicationName?: string;
}

/**
 * Types that must never become JS numbers (they overflow 2^53): int8, numeric and xid8 come back as
 * strings. Set on this pool only (the `types` option), never on pg's global type registry, so other
 * users of `pg` in the process are not affected.
 */
const OID_INT8 = 20;
const OID_NUMERIC = 1700;
const OID_XID8 = 5069;
const STRING_OIDS = new Set([OID_INT8, OID_NUMERIC, OID_XID8]);
const identity = (value: string): string => value;

const poolTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    STRING_OIDS.has(oid) && format !== 'binary'
      ? identity
      : pg.types.getTypeParser(oid, format ?? 'text')) as pg.CustomTypesConfig['getTypeParser'],
};


/** A {@link SqlClient} over a `pg.Pool` (a PostgreSQL server). */
export class PgClient implements SqlClient {
  readonly driver = 'pg' as const;
  private readonly pool: pg.Pool;
  private closed = false;

  constructor(options: PgClientOptions) {
    this.pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: options.connectionTimeoutMillis ?? 5000,
      idleTimeoutMillis: 30_000,
      keepAlive: true,
      application_name: options.applicationName ?? 'saksgang',
      types: poolTypes,
    });
    // An idle pooled connection that dies (server restart, 57P01) emits 'error' on the pool; without a
    // listener Node would crash the process. The pool drops that connection; the next query reconnects
    // or fails with StoreUnavailableError.
    this.pool.on('error', () => undefined);
  }

  async query<R extends Record<string, unknown> = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
  ): Promise<{ rows: R[] }> {
    try {
      const result = await this.pool.query<R>(sql, params as unknown[] | undefined);
      return { rows: result.rows };
    } catch (error) {
      throw mapConnectionError(error, 'PostgreSQL');
    }
  }

  async exec(sql: string): Promise<void> {
    try {
      await this.pool.query(sql);
    } catch (error) {
      throw mapConnectionError(error, 'PostgreSQL');
    }
  }

  async transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw mapConnectionError(error, 'PostgreSQL');
    }
    let discard = false;
    // A checked-out connection that dies emits 'error' on the client (not the pool); unhandled, that
    // would crash the process. The failing statement rejects on its own; just never reuse the client.
    const onError = (): void => {
      discard = true;
    };
    client.on('error', onError);
    const tx = new TransactionHandle('pg', { query: (q, p) => client.query(q, p), exec: async (q) => void (await client.query(q)) }, 'PostgreSQL');
    try {
      await client.query('BEGIN');
      const result = await fn(tx);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch {
        discard = true; // the connection is broken: do not give it back to the pool
      }
      throw mapConnectionError(error, 'PostgreSQL');
    } finally {
      tx.end();
      client.off('error', onError);
      client.release(discard ? true : undefined);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}

