/**
 * The `eventstoredb` backend for the contract suite.
 *
 * 1. `SAKSGANG_TEST_ESDB_URL` set → that server (e.g. `esdb://localhost:2113?tls=false`).
 * 2. Else, a container runtime answers → a throw-away EventStoreDB 24.10 (insecure, in memory)
 *    started with testcontainers.
 * 3. Else → skipped, with the reason printed (never a silent pass).
 *
 * Each test gets a fresh store (client) on the same server; streams must be unique per test (the
 * suite uses random ids), since one EventStoreDB cannot be emptied between tests. The container is
 * started by the first factory call and stopped after the last dispose.
 *
 * Register it in backends.ts: `backendProviders = [pgliteBackend, postgresBackend, eventStoreDbBackend]`.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

import { openEventStoreDb } from '@saksgang/event-store';

import type { BackendEntry, BackendProvider, ContractSubject } from './backend-types.js';

export const ESDB_IMAGE = 'eventstore/eventstore:24.10';
const RUNTIME_PROBE_TIMEOUT_MS = 3_000;
const STARTUP_TIMEOUT_MS = 120_000;

/** Quick, dependency-free signs of a container runtime, so the common "none here" case costs nothing. */
export function containerRuntimeHints(env: NodeJS.ProcessEnv = process.env, exists: (p: string) => boolean = existsSync): string[] {
  const hints: string[] = [];
  if (env['DOCKER_HOST']) hints.push(`DOCKER_HOST=${env['DOCKER_HOST']}`);
  const sockets = [
    '/var/run/docker.sock',
    join(homedir(), '.docker/run/docker.sock'),
    join(homedir(), '.docker/desktop/docker.sock'),
    join(homedir(), '.colima/default/docker.sock'),
    join(homedir(), '.rd/docker.sock'),
    env['XDG_RUNTIME_DIR'] ? join(env['XDG_RUNTIME_DIR'], 'podman/podman.sock') : '',
  ].filter((p) => p !== '');
  for (const socket of sockets) if (exists(socket)) hints.push(socket);
  if (exists(join(homedir(), '.testcontainers.properties'))) hints.push('~/.testcontainers.properties');
  return hints;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
      timer.unref();
    }),
  ]).finally(() => clearTimeout(timer));
}

function unavailable(reason: string): BackendEntry {
  const full = `${reason}. Set SAKSGANG_TEST_ESDB_URL=esdb://host:2113?tls=false to run the EventStoreDB contract tests against a server.`;
  // Printed (once, with the suite's name) by skipBackend in test/support/skip.ts.
  return { name: 'eventstoredb', available: false, reason: full };
}

function esdbEntry(connectionString: () => Promise<string>, stopServer?: () => Promise<void>): BackendEntry {
  let users = 0;
  const release = async (): Promise<void> => {
    if (--users === 0 && stopServer) await stopServer();
  };
  return {
    name: 'eventstoredb',
    available: true,
    capabilities: { sql: false, concurrentTransactions: false },
    factory: async (): Promise<ContractSubject> => {
      users++;
      try {
        const store = await openEventStoreDb({ backend: 'eventstoredb', connectionString: await connectionString() });
        return {
          store,
          dispose: async () => {
            await store.close();
            await release();
          },
        };
      } catch (error) {
        await release();
        throw error;
      }
    },
  };
}

/** Finds or starts an EventStoreDB for the contract suite, or says why it cannot. */
export const eventStoreDbBackend: BackendProvider = async () => {
  const url = process.env['SAKSGANG_TEST_ESDB_URL']?.trim();
  if (url) {
    // The user asked for this server: a bad URL or a server that does not answer fails loudly.
    const probe = await openEventStoreDb({ backend: 'eventstoredb', connectionString: url });
    const health = await probe.health();
    await probe.close();
    if (!health.ok) throw new Error(`SAKSGANG_TEST_ESDB_URL is set but EventStoreDB does not answer: ${health.detail ?? ''}`);
    return esdbEntry(async () => url);
  }

  const hints = containerRuntimeHints();
  if (hints.length === 0) {
    return unavailable('SAKSGANG_TEST_ESDB_URL is not set and there is no container runtime (no DOCKER_HOST, no Docker/Podman socket)');
  }
  // testcontainers is loaded only now: it may not load at all (testcontainers 12 pulls undici 8,
  // which needs Node >= 22.19), and that must be a skip with a reason, not a crash of the suite.
  let tc: typeof import('testcontainers');
  try {
    tc = await import('testcontainers');
  } catch (error) {
    return unavailable(`testcontainers cannot be loaded on Node ${process.version} (${(error as Error).message})`);
  }
  try {
    await withTimeout(tc.getContainerRuntimeClient(), RUNTIME_PROBE_TIMEOUT_MS, `container runtime (${hints.join(', ')})`);
  } catch (error) {
    return unavailable(`SAKSGANG_TEST_ESDB_URL is not set and no usable container runtime answered (${(error as Error).message})`);
  }

  const { GenericContainer, Wait } = tc;
  let container: ReturnType<InstanceType<typeof GenericContainer>['start']> | undefined;
  return esdbEntry(
    async () => {
      container ??= new GenericContainer(ESDB_IMAGE)
        .withEnvironment({
          EVENTSTORE_INSECURE: 'true',
          EVENTSTORE_MEM_DB: 'true',
          EVENTSTORE_RUN_PROJECTIONS: 'None',
          EVENTSTORE_CLUSTER_SIZE: '1',
        })
        .withExposedPorts(2113)
        .withWaitStrategy(Wait.forHttp('/health/live', 2113).forStatusCodeMatching((code) => code >= 200 && code < 300))
        .withStartupTimeout(STARTUP_TIMEOUT_MS)
        .start();
      const started = await container;
      return `esdb://${started.getHost()}:${started.getMappedPort(2113)}?tls=false`;
    },
    async () => {
      const started = container;
      container = undefined;
      await (await started)?.stop();
    },
  );
};
