import { mkdirSync } from 'node:fs';

import { PGlite } from '@electric-sql/pglite';

import { mapConnectionError } from './connection-errors.js';
import { acquireDataDirectoryLock, type DataDirectoryLock } from './data-dir-lock.js';
import type { SqlClient } from './sql-client.js';
import { TransactionHandle } from './transaction-handle.js';

export interface PgliteClientOptions {
  /**
   * Directory of the database files, created if missing; `'memory://'` for an in-memory database
   * (no lock, gone on close). A directory is owned by one process: see {@link acquireDataDirectoryLock}
   * (the lock file is `<dataDir>.lock`, beside the directory).
   */
  readonly dataDir: string;
}

/** int8, numeric and xid8 come back as strings (never lossy JS numbers), as with the pg driver. */
const parsers = { 20: (v: string) => v, 1700: (v: string) => v, 5069: (v: string) => v };

export function isInMemory(dataDir: string): boolean {
  return dataDir.startsWith('memory://');
}

/**
 * A {@link SqlClient} over PGlite (PostgreSQL compiled to WebAssembly, in this process). PGlite has
 * ONE connection: statements run one at a time, and a transaction holds that connection until it
 * ends, so inside `transaction` use only the `tx` handle.
 */
export class PgliteClient implements SqlClient {
  readonly driver = 'pglite' as const;
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly db: PGlite,
    private readonly lock: DataDirectoryLock | undefined,
    readonly dataDir: string,
  ) {}

  /**
   * Opens (creating if needed) the database. Throws {@link DataDirectoryLockedError} if another live
   * process owns the directory. The lock is taken BEFORE PGlite touches the files.
   */
  static async open(options: PgliteClientOptions): Promise<PgliteClient> {
    const { dataDir } = options;
    if (isInMemory(dataDir)) {
      return new PgliteClient(await PGlite.create(dataDir, { parsers }), undefined, dataDir);
    }
    const lock = acquireDataDirectoryLock(dataDir);
    try {
      mkdirSync(dataDir, { recursive: true });
      const db = await PGlite.create(dataDir, { parsers });
      return new PgliteClient(db, lock, dataDir);
    } catch (error) {
      lock.release();
      throw error;
    }
  }

  /** Path of the lock file, or undefined for an in-memory database. */
  get lockFile(): string | undefined {
    return this.lock?.lockFile;
  }

  async query<R extends Record<string, unknown> = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
  ): Promise<{ rows: R[] }> {
    try {
      const result = await this.db.query<R>(sql, params as unknown[] | undefined);
      return { rows: result.rows };
    } catch (error) {
      throw mapConnectionError(error, 'PGlite');
    }
  }

  async exec(sql: string): Promise<void> {
    try {
      await this.db.exec(sql);
    } catch (error) {
      throw mapConnectionError(error, 'PGlite');
    }
  }

  async transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
    try {
      return await this.db.transaction(async (tx) => {
        const handle = new TransactionHandle('pglite', { query: (q, p) => tx.query(q, p), exec: async (q) => void (await tx.exec(q)) }, 'PGlite');
        try {
          return await fn(handle);
        } finally {
          handle.end();
        }
      });
    } catch (error) {
      throw mapConnectionError(error, 'PGlite');
    }
  }

  /** Closes the database (flushing it to disk) and releases the data-directory lock. Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      try {
        if (!this.db.closed) await this.db.close();
      } finally {
        this.lock?.release();
      }
    })();
    return this.closing;
  }
}

