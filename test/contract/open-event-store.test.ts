/**
 * openEventStore: the factory the app uses. PGlite in a directory keeps its events across reopen;
 * PostgreSQL that cannot be reached is a StoreUnavailableError (and unhealthy), not a crash.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';

import { afterAll, describe, expect, it } from '@jest/globals';

import { PgClient, StoreUnavailableError, openEventStore, schemaVersion, MIGRATIONS } from '@saksgang/event-store';

describe('openEventStore', () => {
  const base = mkdtempSync(join(tmpdir(), 'saksgang-open-'));
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it('pglite in a directory: migrates, keeps events across close and reopen, exposes its SqlClient', async () => {
    const dataDir = join(base, 'data');
    const stream = `sak-${randomUUID()}`;
    const event = { id: randomUUID(), type: 'SakRegistrert', data: { tittel: 'Bestilling fra PSU' }, metadata: {} };

    const first = await openEventStore({ backend: 'pglite', dataDir });
    expect(first.store.backend).toBe('pglite');
    expect(first.sql.driver).toBe('pglite');
    expect(await schemaVersion(first.sql)).toBe(MIGRATIONS.at(-1)!.version);
    await first.store.appendToStream(stream, [event], { expectedRevision: 'no_stream' });
    await first.store.close(); // closes the SqlClient too, and releases the directory

    const second = await openEventStore({ backend: 'pglite', dataDir });
    try {
      const [read] = await second.store.readStream(stream);
      expect(read).toMatchObject({ id: event.id, type: event.type, data: event.data, revision: 0n });
    } finally {
      await second.store.close();
    }
  }, 120_000);

  it('postgres that cannot be reached: StoreUnavailableError from open, query and transaction', async () => {
    const url = 'postgres://saksgang:saksgang@127.0.0.1:1/saksgang'; // nothing listens on port 1
    await expect(openEventStore({ backend: 'postgres', url })).rejects.toBeInstanceOf(StoreUnavailableError);

    const sql = new PgClient({ connectionString: url, connectionTimeoutMillis: 1000 });
    try {
      await expect(sql.query('select 1')).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(sql.transaction(async (tx) => tx.query('select 1'))).rejects.toBeInstanceOf(StoreUnavailableError);
    } finally {
      await sql.close();
    }
  }, 30_000);
});
