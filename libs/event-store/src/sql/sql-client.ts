/**
 * The smallest SQL surface both drivers share: `pg` (a pooled PostgreSQL server connection) and
 * PGlite (PostgreSQL in-process). Parameters are `$1, $2, …`. Inside `transaction`, every statement
 * must go through the `tx` handle it gives: on PGlite a statement on the outer client would wait for
 * the transaction to end (deadlock), on `pg` it would run on another connection, outside it.
 */
export interface SqlClient {
  readonly driver: 'pg' | 'pglite';
  query<R extends Record<string, unknown> = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<{ rows: R[] }>;
  /** Runs several statements separated by semicolons, without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
