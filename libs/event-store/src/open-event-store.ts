import type { EventStore } from './event-store.port.js';
import { openEventStoreDb } from './eventstoredb/eventstoredb-event-store.js';
import { PostgresEventStore, type PostgresEventStoreOptions } from './postgres/postgres-event-store.js';
import { PgClient } from './sql/pg-client.js';
import { PgliteClient } from './sql/pglite-client.js';
import type { SqlClient } from './sql/sql-client.js';

/**
 * Which event store to open. A discriminated union on `backend`.
 *
 * EXTENSION POINT: the EventStoreDB backend adds a member here, e.g.
 *   `| { backend: 'eventstoredb'; connectionString: string; readModels: ReadModelSqlConfig }`
 * and a `case 'eventstoredb':` in {@link openEventStore}. The `never` check at the end of the switch
 * makes the compiler point at every place that must handle a new member.
 */
export type EventStoreConfig = PgliteStoreConfig | PostgresStoreConfig | EventStoreDbStoreConfig;

/** Events in EventStoreDB; read models and checkpoints in PostgreSQL (`readModelUrl`) or else PGlite at `dataDir`. */
export interface EventStoreDbStoreConfig extends StoreTuning {
  readonly backend: 'eventstoredb';
  readonly connectionString: string;
  readonly readModelUrl?: string;
  readonly dataDir: string;
}

export interface PgliteStoreConfig extends StoreTuning {
  readonly backend: 'pglite';
  /** A directory (created if missing; owned by one process, see PgliteClient) or `'memory://'`. */
  readonly dataDir: string;
}

export interface PostgresStoreConfig extends StoreTuning {
  readonly backend: 'postgres';
  /** `postgres://user:password@host:port/database` */
  readonly url: string;
  /** Most connections in the pool (default 10). */
  readonly poolSize?: number;
}

interface StoreTuning {
  /** How often subscriptions poll for other processes' appends (default 100 ms). */
  readonly pollIntervalMs?: number;
}

export interface OpenedEventStore {
  readonly store: EventStore;
  /**
   * The SQL connection the store runs on, for read models in the same database. Closing the store
   * closes it; do not close it separately.
   */
  readonly sql: SqlClient;
}

/** Opens the configured store: connects, creates or migrates the schema. */
export async function openEventStore(config: EventStoreConfig): Promise<OpenedEventStore> {
  switch (config.backend) {
    case 'pglite': {
      const sql = await PgliteClient.open({ dataDir: config.dataDir });
      return { store: await openOn(sql, config), sql };
    }
    case 'postgres': {
      const sql = new PgClient({ connectionString: config.url, poolSize: config.poolSize });
      return { store: await openOn(sql, config), sql };
    }
    case 'eventstoredb': {
      const sql: SqlClient = config.readModelUrl
        ? new PgClient({ connectionString: config.readModelUrl })
        : await PgliteClient.open({ dataDir: config.dataDir });
      try {
        const store = await openEventStoreDb({ backend: 'eventstoredb', connectionString: config.connectionString }, { closeWith: [sql] });
        return { store, sql };
      } catch (error) {
        await sql.close().catch(() => undefined);
        throw error;
      }
    }
    default: {
      const unknown: never = config;
      throw new Error(`Unknown event-store backend: ${JSON.stringify(unknown)}`);
    }
  }
}

async function openOn(sql: SqlClient, config: StoreTuning): Promise<EventStore> {
  const options: PostgresEventStoreOptions = { pollIntervalMs: config.pollIntervalMs, ownsClient: true };
  try {
    return await PostgresEventStore.open(sql, options);
  } catch (error) {
    await sql.close().catch(() => undefined);
    throw error;
  }
}
