import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

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

/**
 * PostgreSQL's memory settings fitted to a small embedded database. PGlite starts with the server
 * defaults (shared_buffers 128 MB, …), sized for a shared server; in one process that also runs the
 * service every touched buffer page stays resident. The demo and a helsefellesskap's real history
 * (thousands to a few hundred thousand events) fit in far less; measured with `npm run bench --
 * startup`: idle RSS of the service on an existing directory 440 → ~250 MB.
 */
export const PGLITE_MEMORY_SETTINGS: readonly string[] = [
  '-c', 'shared_buffers=16MB',
  '-c', 'work_mem=4MB',
  '-c', 'maintenance_work_mem=16MB',
  '-c', 'temp_buffers=2MB',
];

function pgliteOptions(): { parsers: typeof parsers; startParams: string[] } {
  return { parsers, startParams: [...PGlite.defaultStartParams, ...PGLITE_MEMORY_SETTINGS] };
}

/**
 * Creates the database files of a NEW data directory (initdb) in a child process, which then exits.
 * initdb in this process leaves ~400 MB resident for the life of the service (its WASM instance, the
 * file-system bundle and the heap they grew; neither freed to the OS after closing nor by a worker
 * thread), so a first start would idle at ~750 MB; from a child the service opens the directory as on
 * any restart. Returns false if the child could not do it (then PGlite creates it in this process,
 * as before): no import.meta.resolve (some test runners), no node binary to spawn, and so on.
 */
async function initialiseInChildProcess(dataDir: string): Promise<boolean> {
  let moduleUrl: string;
  try {
    moduleUrl = import.meta.resolve('@electric-sql/pglite');
  } catch {
    return false;
  }
  const script = `const { PGlite } = await import(${JSON.stringify(moduleUrl)}); const db = await PGlite.create(process.argv[1]); await db.close();`;
  return new Promise((resolve) => {
    execFile(process.execPath, ['--input-type=module', '-e', script, dataDir], { timeout: 120_000 }, (error) => {
      resolve(!error && existsSync(join(dataDir, 'PG_VERSION')));
    });
  });
}

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
      return new PgliteClient(await PGlite.create(dataDir, pgliteOptions()), undefined, dataDir);
    }
    const lock = acquireDataDirectoryLock(dataDir);
    try {
      mkdirSync(dataDir, { recursive: true });
      // A new, empty directory (and we hold its lock): initdb in a child process, into a staging
      // directory beside it that replaces it only when complete — a child killed half-way leaves the
      // data directory as it was (empty), and PGlite then initialises it here.
      if (!existsSync(join(dataDir, 'PG_VERSION')) && readdirSync(dataDir).length === 0) {
        const staging = `${dataDir}.init-${process.pid}`;
        rmSync(staging, { recursive: true, force: true });
        if (await initialiseInChildProcess(staging)) {
          rmdirSync(dataDir);
          renameSync(staging, dataDir);
        } else {
          rmSync(staging, { recursive: true, force: true });
        }
      }
      const db = await PGlite.create(dataDir, pgliteOptions());
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

