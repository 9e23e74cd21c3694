/**
 * What a crashed upload leaves behind: `put` writes the content's row first and its checksum last, so
 * an upload that died mid-stream (the process killed, the database gone) leaves a `dokument_innhold`
 * row without `sha256` and some `dokument_blokk` rows that nothing refers to. They are removed when
 * older than a day — at the service's start — while finished contents and uploads still streaming
 * are left alone.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { loadConfig } from '@saksgang/application';
import { openEventStore, PgliteClient, type SqlClient, SqlDokumentlager, UFERDIG_INNHOLD_MAKS_ALDER_SEKUNDER } from '@saksgang/event-store';
import { createApp } from '../../apps/api/src/bootstrap.js';

jest.setTimeout(120_000);

async function* bytes(tekst: string): AsyncIterable<Uint8Array> {
  yield Buffer.from(tekst, 'utf8');
}

/** An upload that died after `antallBlokker` chunks, started `alderSekunder` ago. */
async function avbruttOpplasting(sql: SqlClient, lagringsId: string, alderSekunder: number, antallBlokker = 2): Promise<void> {
  await sql.query("insert into dokument_innhold (lagrings_id, startet) values ($1, now() - $2::int * interval '1 second')", [lagringsId, alderSekunder]);
  for (let nr = 0; nr < antallBlokker; nr++) await sql.query('insert into dokument_blokk (lagrings_id, nr, data) values ($1, $2, $3)', [lagringsId, nr, Buffer.from(`blokk ${nr}`)]);
}

async function innhold(sql: SqlClient): Promise<{ innhold: string[]; blokker: string[] }> {
  const i = await sql.query<{ lagrings_id: string }>('select lagrings_id from dokument_innhold order by lagrings_id');
  const b = await sql.query<{ lagrings_id: string }>('select distinct lagrings_id from dokument_blokk order by lagrings_id');
  return { innhold: i.rows.map((r) => r.lagrings_id), blokker: b.rows.map((r) => r.lagrings_id) };
}

describe('removing what crashed uploads left (SqlDokumentlager.ryddUferdige)', () => {
  let sql: PgliteClient;
  beforeAll(async () => {
    sql = await PgliteClient.open({ dataDir: 'memory://' });
  }, 60_000);
  afterAll(async () => sql.close());

  it('removes unfinished contents older than the age with their chunks, and chunks without a content; keeps finished contents, however old, and young unfinished ones', async () => {
    const lager = new SqlDokumentlager(sql, 4);
    const ferdig = await lager.put(bytes('Årsmelding 2018\n'), { lagringsId: 'ferdig' });
    await sql.query("update dokument_innhold set startet = now() - interval '30 days' where lagrings_id = 'ferdig'");
    await avbruttOpplasting(sql, 'krasjet-i-gaar', UFERDIG_INNHOLD_MAKS_ALDER_SEKUNDER + 3600);
    await avbruttOpplasting(sql, 'strommer-naa', 5);
    await sql.query("insert into dokument_blokk (lagrings_id, nr, data) values ('foreldreloes', 0, 'x'::bytea)");

    expect(await lager.ryddUferdige()).toBe(1);
    expect(await innhold(sql)).toEqual({ innhold: ['ferdig', 'strommer-naa'], blokker: ['ferdig', 'strommer-naa'] });
    // The finished content reads as before.
    const lest: Buffer[] = [];
    for await (const b of lager.get('ferdig')) lest.push(Buffer.from(b));
    expect(Buffer.concat(lest).toString('utf8')).toBe('Årsmelding 2018\n');
    expect(await lager.stat('ferdig')).toEqual(ferdig);

    // A shorter age takes the young one too; a second sweep finds nothing.
    expect(await lager.ryddUferdige(1)).toBe(1);
    expect(await lager.ryddUferdige(1)).toBe(0);
    expect(await innhold(sql)).toEqual({ innhold: ['ferdig'], blokker: ['ferdig'] });
  });

  it('a store made before the start time was kept gets the column; its unfinished rows count from then', async () => {
    const gammel = await PgliteClient.open({ dataDir: 'memory://' });
    try {
      await gammel.exec('create table dokument_innhold (lagrings_id text primary key, sha256 text, stoerrelse bigint, blokker integer, lagret timestamptz); create table dokument_blokk (lagrings_id text not null, nr integer not null, data bytea not null, primary key (lagrings_id, nr));');
      await gammel.query("insert into dokument_innhold (lagrings_id) values ('fra-foer')");
      const lager = new SqlDokumentlager(gammel);
      expect(await lager.ryddUferdige()).toBe(0);
      expect((await innhold(gammel)).innhold).toEqual(['fra-foer']);
      expect(await lager.ryddUferdige(0)).toBe(1);
    } finally {
      await gammel.close();
    }
  });
});

describe('at the service\'s start', () => {
  it('the rows a crashed upload left a day ago are gone once the API has started; a finished document and a young upload stay', async () => {
    const opened = await openEventStore({ backend: 'pglite', dataDir: 'memory://' });
    const lager = new SqlDokumentlager(opened.sql);
    await lager.ensureSchema();
    await lager.put(bytes('Saksframlegg\n'), { lagringsId: 'ferdig' });
    await avbruttOpplasting(opened.sql, 'krasjet', UFERDIG_INNHOLD_MAKS_ALDER_SEKUNDER + 60, 3);
    await avbruttOpplasting(opened.sql, 'ung', 60, 1);
    const config = loadConfig({ SAKSGANG_STORE: 'pglite', SAKSGANG_DATA_DIR: 'memory://', SAKSGANG_DEMO: 'off', SAKSGANG_PROJECTIONS: 'off', SAKSGANG_DEV_ACTOR_HEADERS: 'on', SAKSGANG_RATE_LIMIT: '0' });
    const app = await createApp({ config, store: opened, logger: false });
    try {
      await app.init();
      expect(await innhold(opened.sql)).toEqual({ innhold: ['ferdig', 'ung'], blokker: ['ferdig', 'ung'] });
    } finally {
      await app.close();
      await opened.store.close();
    }
  });
});
