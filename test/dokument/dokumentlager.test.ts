import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ForStortInnholdError, InnholdFinnesIkkeError, PgliteClient, SqlDokumentlager } from '@saksgang/event-store';
import fc from 'fast-check';

/** The bytes cut into the given pieces (the way a request body arrives: any boundary). */
async function* i(bytes: Uint8Array, kutt: readonly number[]): AsyncIterable<Uint8Array> {
  let pos = 0;
  for (const k of kutt) {
    if (pos >= bytes.length) break;
    yield bytes.subarray(pos, Math.min(bytes.length, pos + k));
    pos += k;
  }
  if (pos < bytes.length) yield bytes.subarray(pos);
}

async function les(lager: SqlDokumentlager, id: string): Promise<{ bytes: Buffer; biter: number[] }> {
  const biter: Buffer[] = [];
  for await (const b of lager.get(id)) biter.push(Buffer.from(b));
  return { bytes: Buffer.concat(biter), biter: biter.map((b) => b.length) };
}

describe('the chunked document store (PGlite)', () => {
  let sql: PgliteClient;
  beforeAll(async () => {
    sql = await PgliteClient.open({ dataDir: 'memory://' });
  }, 60_000);
  afterAll(async () => {
    await sql.close();
  });

  it('gives back exactly the bytes it was given, with their SHA-256 and size, for any byte sequence, any cut of the input and any chunk size', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 0, maxLength: 3000 }), fc.array(fc.integer({ min: 1, max: 700 }), { maxLength: 20 }), fc.integer({ min: 1, max: 1024 }), async (bytes, kutt, blokk) => {
        const lager = new SqlDokumentlager(sql, blokk);
        const lagret = await lager.put(i(bytes, kutt));
        expect(lagret.size).toBe(bytes.length);
        expect(lagret.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
        const { bytes: tilbake, biter } = await les(lager, lagret.lagringsId);
        expect(Buffer.compare(tilbake, Buffer.from(bytes))).toBe(0);
        // Streamed in stored chunks: none larger than the chunk size, all full but the last.
        expect(biter.every((n) => n <= blokk)).toBe(true);
        expect(biter.slice(0, -1).every((n) => n === blokk)).toBe(true);
        expect(biter.length).toBe(Math.ceil(bytes.length / blokk));
        expect(await lager.stat(lagret.lagringsId)).toEqual(lagret);
        expect(await lager.rehash(lagret.lagringsId)).toEqual({ sha256: lagret.sha256, size: lagret.size });
      }),
      { numRuns: 60 },
    );
  }, 120_000);

  it('stops at the chunk that crosses the limit, without reading the rest, and keeps nothing of it', async () => {
    const lager = new SqlDokumentlager(sql, 1024);
    let lest = 0;
    async function* uendelig(): AsyncIterable<Uint8Array> {
      for (;;) {
        lest += 1000;
        yield new Uint8Array(1000).fill(7);
      }
    }
    await expect(lager.put(uendelig(), { maksBytes: 10_000, lagringsId: 'for-stor' })).rejects.toBeInstanceOf(ForStortInnholdError);
    expect(lest).toBe(11_000);
    expect(await lager.stat('for-stor')).toBeUndefined();
    const { rows } = await sql.query<{ n: number }>("select count(*)::int as n from dokument_blokk where lagrings_id = 'for-stor'");
    expect(rows[0]!.n).toBe(0);
    await expect(les(lager, 'for-stor')).rejects.toBeInstanceOf(InnholdFinnesIkkeError);
  });

  it('tells a changed stored byte by re-hashing', async () => {
    const lager = new SqlDokumentlager(sql, 16);
    const bytes = Buffer.from('Årsmelding 2018 for Helsefellesskapet — ligger ved som vedlegg.');
    const lagret = await lager.put(i(bytes, [5, 5]));
    await sql.query("update dokument_blokk set data = set_byte(data, 3, 0) where lagrings_id = $1 and nr = 1", [lagret.lagringsId]);
    const etter = await lager.rehash(lagret.lagringsId);
    expect(etter?.size).toBe(bytes.length);
    expect(etter?.sha256).not.toBe(lagret.sha256);
  });
});
