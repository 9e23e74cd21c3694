/** The shapes of the backend registry (backends.ts) and its providers (e.g. eventstoredb-backend.ts). */
import type { EventStore, SqlClient } from '@saksgang/event-store';

export interface ContractSubject {
  readonly store: EventStore;
  /** The SQL connection under the store, for backends that have one (PostgreSQL-specific tests). */
  readonly sql?: SqlClient;
  /** PostgreSQL only: a second, fresh and empty database on the same server (concurrent-migration test). */
  readonly freshDatabase?: () => Promise<{ sql: SqlClient; dispose(): Promise<void> }>;
  dispose(): Promise<void>;
}

export interface BackendCapabilities {
  /** The backend runs on SQL (`subject.sql` is set): migration and SQL-level tests apply. */
  readonly sql: boolean;
  /**
   * Several SQL transactions can be open at once (a pooled server, not PGlite's single connection):
   * the late-commit and concurrent-migration tests apply.
   */
  readonly concurrentTransactions: boolean;
}

export type BackendEntry =
  | {
      readonly name: string;
      readonly available: true;
      readonly capabilities: BackendCapabilities;
      readonly factory: () => Promise<ContractSubject>;
    }
  | { readonly name: string; readonly available: false; readonly reason: string };

export type BackendProvider = () => Promise<BackendEntry>;
