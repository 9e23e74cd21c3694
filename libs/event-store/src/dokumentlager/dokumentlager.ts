import { createHash, randomUUID } from 'node:crypto';
import type { SqlClient } from '../sql/sql-client.js';

/**
 * The storage port for documents' bytes: `put` takes a stream and answers with its SHA-256 and size,
 * `get` gives the bytes back as a stream. Neither holds a whole file in memory: the bytes go in and
 * out in chunks.
 */
export interface Dokumentlager {
  /**
   * Stores the bytes of `innhold` under a new id. `maksBytes`: more bytes than this stop the upload
   * at the chunk that crosses the limit (the part stored is removed) with {@link ForStortInnholdError}.
   */
  put(innhold: AsyncIterable<Uint8Array>, options?: { readonly maksBytes?: number; readonly lagringsId?: string }): Promise<LagretInnhold>;
  /** The bytes, chunk by chunk; {@link InnholdFinnesIkkeError} when nothing is stored under the id. */
  get(lagringsId: string): AsyncIterable<Uint8Array>;
  /** Size and checksum as recorded at `put`, or undefined. */
  stat(lagringsId: string): Promise<LagretInnhold | undefined>;
  /** Removes the bytes (an upload that was refused). */
  delete(lagringsId: string): Promise<void>;
}

export interface LagretInnhold {
  readonly lagringsId: string;
  /** Lower-case hex. */
  readonly sha256: string;
  readonly size: number;
}

export class ForStortInnholdError extends Error {
  constructor(readonly maksBytes: number) {
    super(`The content is larger than ${maksBytes} bytes.`);
    this.name = 'ForStortInnholdError';
  }
}

export class InnholdFinnesIkkeError extends Error {
  constructor(readonly lagringsId: string) {
    super(`No content is stored under ${lagringsId}.`);
    this.name = 'InnholdFinnesIkkeError';
  }
}

/** Bytes per stored row (256 KiB). */
export const DOKUMENT_BLOKKSTOERRELSE = 256 * 1024;

const SKJEMA = `
create table if not exists dokument_innhold (
  lagrings_id text primary key,
  sha256 text,
  stoerrelse bigint,
  blokker integer,
  lagret timestamptz,
  startet timestamptz default now()
);
alter table dokument_innhold add column if not exists startet timestamptz default now();
create table if not exists dokument_blokk (
  lagrings_id text not null,
  nr integer not null,
  data bytea not null,
  primary key (lagrings_id, nr)
);`;

/** An unfinished content (no checksum) older than this was left by a crashed upload: 24 hours, far longer than any upload streams. */
export const UFERDIG_INNHOLD_MAKS_ALDER_SEKUNDER = 24 * 60 * 60;

/**
 * {@link Dokumentlager} in the configured database (PostgreSQL, or PGlite in the same data directory):
 * one row per stored content (`dokument_innhold`: checksum, size, number of chunks — written when
 * the last chunk is in) and the bytes in rows of {@link DOKUMENT_BLOKKSTOERRELSE} (`dokument_blokk`).
 * Each chunk is one statement, outside a transaction (on PGlite a long transaction would hold every
 * other statement back); a content whose `dokument_innhold` row has no checksum is unfinished.
 */
export class SqlDokumentlager implements Dokumentlager {
  private skjema: Promise<void> | undefined;

  constructor(
    private readonly sql: SqlClient,
    private readonly blokkstoerrelse: number = DOKUMENT_BLOKKSTOERRELSE,
  ) {}

  /** Creates the tables (idempotent). */
  ensureSchema(): Promise<void> {
    this.skjema ??= this.sql.exec(SKJEMA).catch((e: unknown) => {
      this.skjema = undefined;
      throw e;
    });
    return this.skjema;
  }

  async put(innhold: AsyncIterable<Uint8Array>, options: { readonly maksBytes?: number; readonly lagringsId?: string } = {}): Promise<LagretInnhold> {
    await this.ensureSchema();
    const lagringsId = options.lagringsId ?? randomUUID();
    await this.sql.query('insert into dokument_innhold (lagrings_id) values ($1)', [lagringsId]);
    const hash = createHash('sha256');
    let size = 0;
    let nr = 0;
    let buffer: Buffer[] = [];
    let buffered = 0;
    const flush = async (alt: boolean) => {
      while (buffered >= this.blokkstoerrelse || (alt && buffered > 0)) {
        const samlet = Buffer.concat(buffer, buffered);
        const blokk = samlet.subarray(0, Math.min(this.blokkstoerrelse, samlet.length));
        const rest = samlet.subarray(blokk.length);
        await this.sql.query('insert into dokument_blokk (lagrings_id, nr, data) values ($1, $2, $3)', [lagringsId, nr++, Buffer.from(blokk)]);
        buffer = rest.length > 0 ? [Buffer.from(rest)] : [];
        buffered = rest.length;
      }
    };
    try {
      for await (const del of innhold) {
        const b = Buffer.isBuffer(del) ? del : Buffer.from(del.buffer, del.byteOffset, del.byteLength);
        size += b.length;
        if (options.maksBytes !== undefined && size > options.maksBytes) throw new ForStortInnholdError(options.maksBytes);
        hash.update(b);
        buffer.push(b);
        buffered += b.length;
        await flush(false);
      }
      await flush(true);
      const sha256 = hash.digest('hex');
      await this.sql.query('update dokument_innhold set sha256 = $2, stoerrelse = $3, blokker = $4, lagret = now() where lagrings_id = $1', [lagringsId, sha256, size, nr]);
      return { lagringsId, sha256, size };
    } catch (e) {
      await this.delete(lagringsId).catch(() => undefined);
      throw e;
    }
  }

  async *get(lagringsId: string): AsyncIterable<Uint8Array> {
    const stat = await this.blokker(lagringsId);
    if (stat === undefined) throw new InnholdFinnesIkkeError(lagringsId);
    for (let nr = 0; nr < stat; nr++) {
      const { rows } = await this.sql.query<{ data: Uint8Array }>('select data from dokument_blokk where lagrings_id = $1 and nr = $2', [lagringsId, nr]);
      const data = rows[0]?.data;
      if (data === undefined) throw new InnholdFinnesIkkeError(lagringsId);
      yield Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    }
  }

  async stat(lagringsId: string): Promise<LagretInnhold | undefined> {
    await this.ensureSchema();
    const { rows } = await this.sql.query<{ sha256: string | null; stoerrelse: string | number | null }>('select sha256, stoerrelse from dokument_innhold where lagrings_id = $1', [lagringsId]);
    const r = rows[0];
    return r && r.sha256 !== null ? { lagringsId, sha256: r.sha256, size: Number(r.stoerrelse) } : undefined;
  }

  async delete(lagringsId: string): Promise<void> {
    await this.ensureSchema();
    await this.sql.query('delete from dokument_blokk where lagrings_id = $1', [lagringsId]);
    await this.sql.query('delete from dokument_innhold where lagrings_id = $1', [lagringsId]);
  }

  /**
   * Removes what crashed uploads left: contents without a checksum (`put` never finished) started more
   * than `eldreEnnSekunder` ago, with their chunks, and chunks without a content row. A finished
   * content is never touched; an upload still streaming is younger than the age. Answers the number
   * of contents removed.
   */
  async ryddUferdige(eldreEnnSekunder: number = UFERDIG_INNHOLD_MAKS_ALDER_SEKUNDER): Promise<number> {
    await this.ensureSchema();
    const { rows } = await this.sql.query<{ lagrings_id: string }>(
      "select lagrings_id from dokument_innhold where sha256 is null and (startet is null or startet < now() - $1::int * interval '1 second')",
      [Math.max(0, Math.floor(eldreEnnSekunder))],
    );
    for (const r of rows) await this.delete(r.lagrings_id);
    await this.sql.query('delete from dokument_blokk b where not exists (select 1 from dokument_innhold i where i.lagrings_id = b.lagrings_id)');
    return rows.length;
  }

  /**
   * Reads the stored bytes again and hashes them (verify): the SHA-256 and size of what is stored
   * now, or undefined when nothing (finished) is stored under the id.
   */
  async rehash(lagringsId: string): Promise<{ readonly sha256: string; readonly size: number } | undefined> {
    if ((await this.blokker(lagringsId)) === undefined) return undefined;
    const hash = createHash('sha256');
    let size = 0;
    try {
      for await (const b of this.get(lagringsId)) {
        hash.update(b);
        size += b.length;
      }
    } catch (e) {
      if (e instanceof InnholdFinnesIkkeError) return undefined;
      throw e;
    }
    return { sha256: hash.digest('hex'), size };
  }

  private async blokker(lagringsId: string): Promise<number | undefined> {
    await this.ensureSchema();
    const { rows } = await this.sql.query<{ blokker: number | null; sha256: string | null }>('select blokker, sha256 from dokument_innhold where lagrings_id = $1', [lagringsId]);
    const r = rows[0];
    return r && r.sha256 !== null && r.blokker !== null ? Number(r.blokker) : undefined;
  }
}
