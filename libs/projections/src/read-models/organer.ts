import { assertNever } from '@saksgang/domain';
import type { RecordedEvent, SqlClient } from '@saksgang/event-store';
import type { Projection } from '../projection.js';
import { dropTables, ORGAN_HENDELSESTYPER, somOrganHendelse, valgfri } from './felles.js';

/** The register of bodies (name, type, level), for the other read models' queries to show names and levels. */
export class OrganerProjection implements Projection {
  readonly name = 'organer';
  readonly version = 1;
  readonly eventTypes = ORGAN_HENDELSESTYPER;

  async setup(tx: SqlClient): Promise<void> {
    await tx.exec(`
      CREATE TABLE IF NOT EXISTS organ_register (
        organ_id     text PRIMARY KEY,
        navn         text NOT NULL,
        organtype    text NOT NULL,
        nivaa        text NOT NULL,
        oppnevnt_av  text,
        mandat       text NOT NULL,
        opprettet    text NOT NULL,
        nedlagt      text,
        antall_medlemsperioder integer NOT NULL DEFAULT 0
      )`);
  }

  async reset(tx: SqlClient): Promise<void> {
    await dropTables(tx, ['organ_register']);
  }

  async handle(e: RecordedEvent, tx: SqlClient): Promise<void> {
    const h = somOrganHendelse(e);
    if (!h) return;
    switch (h.type) {
      case 'OrganOpprettet': {
        const d = h.data;
        await tx.query(
          `INSERT INTO organ_register (organ_id, navn, organtype, nivaa, oppnevnt_av, mandat, opprettet) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [d.organId, d.navn, d.organtype, d.nivaa, d.oppnevntAv ?? null, d.mandat, d.gjelderFra],
        );
        return;
      }
      case 'OrganOmdoept':
        await tx.query(`UPDATE organ_register SET navn = $2 WHERE organ_id = $1`, [h.data.organId, h.data.navn]);
        return;
      case 'OrganMandatEndret':
        await tx.query(`UPDATE organ_register SET mandat = $2 WHERE organ_id = $1`, [h.data.organId, h.data.mandat]);
        return;
      case 'OrganNedlagt':
        await tx.query(`UPDATE organ_register SET nedlagt = $2 WHERE organ_id = $1`, [h.data.organId, h.data.gjelderFra]);
        return;
      case 'MedlemOppnevnt':
        await tx.query(`UPDATE organ_register SET antall_medlemsperioder = antall_medlemsperioder + 1 WHERE organ_id = $1`, [h.data.organId]);
        return;
      case 'MedlemsperiodeAvsluttet':
        return;
      default:
        assertNever(h, 'organ event');
    }
  }
}

export interface OrganRad {
  readonly organId: string;
  readonly navn: string;
  readonly organtype: string;
  readonly nivaa: string;
  readonly oppnevntAv: string | null;
  readonly mandat: string;
  readonly opprettet: string;
  readonly nedlagt: string | null;
}

/** Every body, by level (politisk, administrativt, faglig) and name. */
export async function hentOrganer(sql: SqlClient): Promise<OrganRad[]> {
  const { rows } = await sql.query(
    `SELECT organ_id, navn, organtype, nivaa, oppnevnt_av, mandat, opprettet, nedlagt FROM organ_register
      ORDER BY CASE nivaa WHEN 'politisk' THEN 1 WHEN 'administrativt' THEN 2 ELSE 3 END, navn`,
  );
  return rows.map((r) => ({
    organId: String(r['organ_id']),
    navn: String(r['navn']),
    organtype: String(r['organtype']),
    nivaa: String(r['nivaa']),
    oppnevntAv: valgfri(r['oppnevnt_av']),
    mandat: String(r['mandat']),
    opprettet: String(r['opprettet']),
    nedlagt: valgfri(r['nedlagt']),
  }));
}
