import { mapConnectionError } from './connection-errors.js';
import { withSavepoint } from './savepoint.js';
import type { SqlClient } from './sql-client.js';

/** What a driver's transaction offers: a parameterised query and a multi-statement exec. */
export interface TransactionConnection {
  query<R extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: R[] }>;
  exec(sql: string): Promise<void>;
}

/**
 * The handle given to `transaction` callbacks (both drivers): every statement on the transaction's
 * own connection; nested transactions are savepoints; unusable once the transaction has ended.
 */
export class TransactionHandle implements SqlClient {
  private ended = false;
  private savepoints = 0;

  constructor(
    readonly driver: 'pg' | 'pglite',
    private readonly connection: TransactionConnection,
    private readonly label: string,
  ) {}

  end(): void {
    this.ended = true;
  }

  private check(): void {
    if (this.ended) throw new Error('This transaction has ended; its handle can no longer be used.');
  }

  async query<R extends Record<string, unknown> = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<{ rows: R[] }> {
    this.check();
    try {
      const result = await this.connection.query<R>(sql, params as unknown[] | undefined);
      return { rows: result.rows };
    } catch (error) {
      throw mapConnectionError(error, this.label);
    }
  }

  async exec(sql: string): Promise<void> {
    this.check();
    try {
      await this.connection.exec(sql);
    } catch (error) {
      throw mapConnectionError(error, this.label);
    }
  }

  /** A nested transaction is a savepoint. */
  async transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
    return withSavepoint(this, `sp_${++this.savepoints}`, fn);
  }

  async close(): Promise<void> {
    throw new Error('Close the client, not a transaction handle.');
  }
}
