/**
 * Which event-store backends the integration tests run against, discovered at load time:
 * - `pglite`: always; ONE in-memory PGlite instance per test file (a new instance takes ~5 s), shared
 *   by every suite of the file — tests keep apart by using unique stream names.
 * - `postgres`: the server at SAKSGANG_TEST_POSTGRES_URL if set; else a testcontainers PostgreSQL if a
 *   container runtime answers; else skipped, with the reason printed. Each test file gets a fresh
 *   database `saksgang_test_<random>` (dropped afterwards), so reruns never collide.
 *
 * PLUGGABLE: add a provider to {@link backendProviders}. The EventStoreDB entry goes there: read
 * SAKSGANG_TEST_ESDB_URL, else testcontainers `eventstore/eventstore`, else `{ available: false, reason }`.
 */
import { randomBytes } from 'node:crypto';

import pg from 'pg';

import { PgClient, PgliteClient, PostgresEventStore } from '@saksgang/event-store';
import type { BackendEntry, BackendProvider } from './backend-types.js';
import { eventStoreDbBackend } from './eventstoredb-backend.js';

// The shapes live in backend-types.ts, so eventstoredb-backend.ts can use them without an import cycle.
export type { BackendCapabilities, BackendEntry, BackendProvider, ContractSubject } from './backend-types.js';

/** Subscriptions in tests poll often, so cross-connection appends show up fast. */
export const TEST_POLL_INTERVAL_MS = 50;

// ---------------------------------------------------------------------------------------------- pglite

let sharedPglite: { client: Promise<PgliteClient>; users: number } | undefined;

async function acquirePglite(): Promise<PgliteClient> {
  sharedPglite ??= { client: PgliteClient.open({ dataDir: 'memory://' }), users: 0 };
  sharedPglite.users++;
  return sharedPglite.client;
}

async function releasePglite(): Promise<void> {
  if (!sharedPglite) return;
  if (--sharedPglite.users > 0) return;
  const { client } = sharedPglite;
  sharedPglite = undefined;
  await (await client).close();
}

export const pgliteBackend: BackendProvider = async () => ({
  name: 'pglite',
  available: true,
  capabilities: { sql: true, concurrentTransactions: false },
  factory: async () => {
    const sql = await acquirePglite();
    const store = await PostgresEventStore.open(sql, { pollIntervalMs: TEST_POLL_INTERVAL_MS, ownsClient: false });
    return {
      store,
      sql,
      dispose: async () => {
        await store.close();
        await releasePglite();
      },
    };
  },
});

// -------------------------------------------------------------------------------------------- postgres

/** Creates a fresh database on the server at `serverUrl`; returns its URL and how to drop it. */
async function createTestDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `saksgang_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const dropper = new pg.Client({ connectionString: serverUrl });
      await dropper.connect();
      try {
        await dropper.query(`drop database if exists ${name} with (force)`);
      } finally {
        await dropper.end();
      }
    },
  };
}

function postgresEntry(serverUrl: () => Promise<string>, source: string, stopServer?: () => Promise<void>): BackendEntry {
  let users = 0;
  const release = async (): Promise<void> => {
    if (--users === 0 && stopServer) await stopServer();
  };
  return {
    name: 'postgres',
    available: true,
    capabilities: { sql: true, concurrentTransactions: true },
    factory: async () => {
      users++;
      const database = await createTestDatabase(await serverUrl());
      const sql = new PgClient({ connectionString: database.url, poolSize: 20, applicationName: `saksgang-test (${source})` });
      const store = await PostgresEventStore.open(sql, { pollIntervalMs: TEST_POLL_INTERVAL_MS, ownsClient: false });
      return {
        store,
        sql,
        freshDatabase: async () => {
          const fresh = await createTestDatabase(await serverUrl());
          const freshSql = new PgClient({ connectionString: fresh.url, poolSize: 10 });
          return {
            sql: freshSql,
            dispose: async () => {
              await freshSql.close();
              await fresh.drop();
            },
          };
        },
        dispose: async () => {
          await store.close();
          await sql.close();
          await database.drop();
          await release();
        },
      };
    },
  };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

export const postgresBackend: BackendProvider = async () => {
  const url = process.env['SAKSGANG_TEST_POSTGRES_URL'];
  if (url) return postgresEntry(async () => url, 'SAKSGANG_TEST_POSTGRES_URL');
  const skip = (why: string): BackendEntry => ({
    name: 'postgres',
    available: false,
    reason: `SAKSGANG_TEST_POSTGRES_URL is not set and ${why}`,
  });
  let testcontainers: typeof import('testcontainers');
  try {
    testcontainers = await import('testcontainers');
  } catch (error) {
    // testcontainers 12 pulls in undici 8, which needs Node >= 22.19: on Node 20 it cannot load.
    return skip(`testcontainers cannot be loaded on Node ${process.version} (${errorText(error)})`);
  }
  try {
    await withTimeout(testcontainers.getContainerRuntimeClient(), 3000, 'container runtime');
  } catch (error) {
    return skip(`no container runtime answers for testcontainers (${errorText(error)})`);
  }
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  // Started by the first factory call (so a filtered-out suite starts nothing), stopped after the last dispose.
  let container: ReturnType<InstanceType<typeof PostgreSqlContainer>['start']> | undefined;
  return postgresEntry(
    async () => {
      container ??= new PostgreSqlContainer('postgres:17-alpine').start();
      return (await container).getConnectionUri();
    },
    'testcontainers',
    async () => {
      const started = container;
      container = undefined;
      await (await started)?.stop();
    },
  );
};

// ---------------------------------------------------------------------------------------- discovery

/** Every backend the integration tests know. Add the EventStoreDB provider here. */
export const backendProviders: readonly BackendProvider[] = [pgliteBackend, postgresBackend, eventStoreDbBackend];

export async function discoverBackends(providers: readonly BackendProvider[] = backendProviders): Promise<BackendEntry[]> {
  return Promise.all(providers.map((provider) => provider()));
}
