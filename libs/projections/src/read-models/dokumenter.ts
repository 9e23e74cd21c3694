/**
 * Documents (#16 item 1) as a read model: which documents belong to which sak (its own, its oppdrag's
 * deliveries, its hearing answers) and to which meeting item, in the order they were registered. The
 * documents themselves (versions, exemption) are read from their streams; this only finds them.
 * Checkpointed and rebuildable like the others.
 */
import type { Tilknytning } from '@saksgang/domain';
import type { RecordedEvent, SqlClient } from '@saksgang/event-store';
import { formatPosition } from '@saksgang/event-store';
import type { Projection } from '../projection.js';
import { dropTables } from './felles.js';

export class DokumenterProjection implements Projection {
  readonly name = 'dokumenter';
  readonly version = 1;
  readonly eventTypes: readonly string[] = ['DokumentRegistrert'];
  readonly tables = ['dokument_tilknytning'];

  async setup(tx: SqlClient): Promise<void> {
    await tx.exec(`
      CREATE TABLE IF NOT EXISTS dokument_tilknytning (
        dokument_id  text PRIMARY KEY,
        type         text NOT NULL,
        sak_id       text,
        moete_id     text,
        punkt_id     text,
        global_pos   text NOT NULL,
        nr           bigserial
      );
      CREATE INDEX IF NOT EXISTS dokument_tilknytning_sak ON dokument_tilknytning (sak_id, nr);
      CREATE INDEX IF NOT EXISTS dokument_tilknytning_moete ON dokument_tilknytning (moete_id, nr);
    `);
  }

  async reset(tx: SqlClient): Promise<void> {
    await dropTables(tx, this.tables);
  }

  async handle(event: RecordedEvent, tx: SqlClient): Promise<void> {
    const d = event.data as { dokumentId?: unknown; tilknytning?: Tilknytning };
    const t = d.tilknytning;
    if (typeof d.dokumentId !== 'string' || !t) return;
    await tx.query('INSERT INTO dokument_tilknytning (dokument_id, type, sak_id, moete_id, punkt_id, global_pos) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (dokument_id) DO NOTHING', [
      d.dokumentId,
      t.type,
      t.type === 'moetepunkt' ? null : t.sakId,
      t.type === 'moetepunkt' ? t.moeteId : null,
      t.type === 'moetepunkt' ? t.punktId : null,
      formatPosition(event.position),
    ]);
  }
}

/** The ids of a sak's documents (its own, its deliveries', its hearing answers'), oldest first. */
export async function dokumenterForSak(sql: SqlClient, sakId: string): Promise<string[]> {
  const { rows } = await sql.query<{ dokument_id: string }>('SELECT dokument_id FROM dokument_tilknytning WHERE sak_id = $1 ORDER BY nr', [sakId]);
  return rows.map((r) => r.dokument_id);
}
