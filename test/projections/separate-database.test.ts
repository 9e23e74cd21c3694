import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type EventStore, openEventStore, PgliteClient, type SqlClient } from '@saksgang/event-store';
import { ProjectionRunner } from '@saksgang/projections';
import { appendTicks, MemoryLogger, recordingProjection, rowsOf } from './helpers.js';

// Events in one database, read models and checkpoints in another (as with EventStoreDB + PostgreSQL).
let store: EventStore;
let storeSql: SqlClient;
let readModels: PgliteClient;

beforeAll(async () => {
  ({ store, sql: storeSql } = await openEventStore({ backend: 'pglite', dataDir: 'memory://', pollIntervalMs: 20 }));
  readModels = await PgliteClient.open({ dataDir: 'memory://' });
}, 180_000);

afterAll(async () => {
  await store.close();
  await readModels.close();
});

describe('ProjectionRunner with the read models in another database than the events', () => {
  it('writes rows and checkpoints only to the read-model database, and resumes from there', async () => {
    const a = await appendTicks(store, 'sep', 3);
    const p = recordingProjection('sep_rows', 'sep');
    const r1 = new ProjectionRunner({ store, sql: readModels, projections: [p], logger: new MemoryLogger() });
    await r1.start();
    expect(await r1.waitFor(a.position, 30_000)).toBe(true);
    await r1.stop();
    expect((await rowsOf(readModels, 'sep_rows')).map((x) => x.n)).toEqual([0, 1, 2]);
    const inStore = await storeSql.query(`SELECT to_regclass('projection_checkpoints') IS NOT NULL AS t, to_regclass('sep_rows_rows') IS NOT NULL AS r`);
    expect(inStore.rows[0]).toEqual({ t: false, r: false });

    const b = await appendTicks(store, 'sep', 1, 3);
    const p2 = recordingProjection('sep_rows', 'sep');
    const r2 = new ProjectionRunner({ store, sql: readModels, projections: [p2], logger: new MemoryLogger() });
    await r2.start();
    try {
      expect(await r2.waitFor(b.position, 30_000)).toBe(true);
      expect(p2.calls.map((e) => e.streamName)).toEqual([b.stream]);
      expect((await rowsOf(readModels, 'sep_rows')).map((x) => x.n).sort()).toEqual([0, 1, 2, 3]);
    } finally {
      await r2.stop();
    }
  });
});
