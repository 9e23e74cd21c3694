import { type Position, type SqlClient, START } from '@saksgang/event-store';

/** A projection's stored checkpoint: the position of the last event it applied. */
export interface StoredCheckpoint {
  readonly name: string;
  readonly version: number;
  readonly position: Position;
  readonly updatedAt: Date;
}

type CheckpointRow = {
  name: string;
  version: unknown;
  commit_position: unknown;
  prepare_position: unknown;
  updated_at: unknown;
};

/**
 * The table `projection_checkpoints`. Every function takes the SQL handle to use, so the runner can
 * pass the transaction in which it writes the read model.
 */
export const checkpointTable = {
  async ensure(sql: SqlClient): Promise<void> {
    await sql.exec(`
      CREATE TABLE IF NOT EXISTS projection_checkpoints (
        name             text PRIMARY KEY,
        version          integer NOT NULL,
        commit_position  bigint NOT NULL,
        prepare_position bigint NOT NULL,
        updated_at       timestamptz NOT NULL DEFAULT now()
      )`);
  },

  /** Inserts the row at {@link START} if there is none; true when it was inserted. */
  async insertIfMissing(tx: SqlClient, name: string, version: number): Promise<boolean> {
    const { rows } = await tx.query(
      `INSERT INTO projection_checkpoints (name, version, commit_position, prepare_position, updated_at)
       VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (name) DO NOTHING
       RETURNING name`,
      [name, version, START.commit.toString(), START.prepare.toString()],
    );
    return rows.length === 1;
  },

  /** Reads the row and locks it until the transaction ends (serialises runners in several processes). */
  async lock(tx: SqlClient, name: string): Promise<StoredCheckpoint | undefined> {
    const { rows } = await tx.query<CheckpointRow>(
      `SELECT name, version, commit_position, prepare_position, updated_at
         FROM projection_checkpoints WHERE name = $1 FOR UPDATE`,
      [name],
    );
    return rows[0] ? toCheckpoint(rows[0]) : undefined;
  },

  async read(sql: SqlClient, name: string): Promise<StoredCheckpoint | undefined> {
    const { rows } = await sql.query<CheckpointRow>(
      `SELECT name, version, commit_position, prepare_position, updated_at
         FROM projection_checkpoints WHERE name = $1`,
      [name],
    );
    return rows[0] ? toCheckpoint(rows[0]) : undefined;
  },

  async readAll(sql: SqlClient): Promise<Map<string, StoredCheckpoint>> {
    const { rows } = await sql.query<CheckpointRow>(
      `SELECT name, version, commit_position, prepare_position, updated_at FROM projection_checkpoints`,
    );
    return new Map(rows.map((r) => [r.name, toCheckpoint(r)]));
  },

  async write(tx: SqlClient, name: string, version: number, position: Position): Promise<void> {
    const { rows } = await tx.query(
      `UPDATE projection_checkpoints
          SET version = $2, commit_position = $3, prepare_position = $4, updated_at = now()
        WHERE name = $1
        RETURNING name`,
      [name, version, position.commit.toString(), position.prepare.toString()],
    );
    if (rows.length !== 1) throw new Error(`The checkpoint row of projection '${name}' is missing.`);
  },
};

function toCheckpoint(r: CheckpointRow): StoredCheckpoint {
  return {
    name: r.name,
    version: Number(r.version),
    position: { commit: toBigInt(r.commit_position), prepare: toBigInt(r.prepare_position) },
    updatedAt: r.updated_at instanceof Date ? r.updated_at : new Date(String(r.updated_at)),
  };
}

/** `pg` returns int8 as a string, PGlite as a bigint. */
function toBigInt(v: unknown): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' || typeof v === 'string') return BigInt(v);
  throw new Error(`Not an integer: ${String(v)}`);
}
