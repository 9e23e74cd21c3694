export * from './event-store.port.js';
export * from './errors.js';
export type { SqlClient } from './sql/sql-client.js';
export { PgClient, type PgClientOptions } from './sql/pg-client.js';
export { PgliteClient, type PgliteClientOptions } from './sql/pglite-client.js';
export { lockFileFor } from './sql/data-dir-lock.js';
export { isConnectionFailure } from './sql/connection-errors.js';
export { PostgresEventStore, type PostgresEventStoreOptions } from './postgres/postgres-event-store.js';
export { MIGRATIONS, SCHEMA_COMPONENT, migrate, schemaVersion, type Migration } from './postgres/schema.js';
export { isUuid, isValidStreamName, validateAppend, validateStreamName } from './validation.js';
export { installSignalHandlers, type SignalHandlerOptions } from './shutdown.js';
export {
  openEventStore,
  type EventStoreConfig,
  type OpenedEventStore,
  type PgliteStoreConfig,
  type PostgresStoreConfig,
  type EventStoreDbStoreConfig,
} from './open-event-store.js';
export {
  DEFAULT_IDEMPOTENCY_WINDOW,
  EventStoreDbEventStore,
  createEsdbClient,
  openEventStoreDb,
  type EventStoreDbEventStoreOptions,
} from './eventstoredb/eventstoredb-event-store.js';
export {
  EventStoreDbConfigError,
  parseEsdbConnectionString,
  redactConnectionString,
  validateEventStoreDbConfig,
  type EventStoreDbConfig,
  type ParsedConnectionString,
} from './eventstoredb/eventstoredb-mapping.js';
export * from './integrity.js';
export {
  DOKUMENT_BLOKKSTOERRELSE,
  type Dokumentlager,
  ForStortInnholdError,
  InnholdFinnesIkkeError,
  type LagretInnhold,
  SqlDokumentlager,
  UFERDIG_INNHOLD_MAKS_ALDER_SEKUNDER,
} from './dokumentlager/dokumentlager.js';
