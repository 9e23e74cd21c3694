import { assertNever, type OrganEvent, type Oppnevning } from '@saksgang/domain';
import type { RecordedEvent, SqlClient } from '@saksgang/event-store';
import type { Projection } from '../projection.js';
import { RowBatch, type TableSpec } from '../runner/row-batch.js';
import { dropTables, ORGAN_HENDELSESTYPER, somOrganHendelse, valgfri } from './felles.js';

/** The register of bodies (name, type, level), for the other read models' queries to show names and levels. */
export class OrganerProjection implements Projection {
  readonly name = 'organer';
  // 2: set-based batch handling (RowBatch); rebuild once so every row is written by the new code.
  // 3: the people's names (person_register), for the documents people read.
  // 4: the member periods (medlemsperiode_register), for the list of persons with their memberships.
  readonly version = 4;
  readonly eventTypes = ORGAN_HENDELSESTYPER;
  readonly tables = [...TABELLER.map((t) => t.table), 'person_register'];

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
      );
      CREATE TABLE IF NOT EXISTS medlemsperiode_register (
        organ_id      text NOT NULL,
        periode_id    text NOT NULL,
        person_id     text NOT NULL,
        navn          text NOT NULL,
        rolle         text NOT NULL,
        representerer text,
        fra           text NOT NULL,
        til           text,
        oppnevnt_av   jsonb,
        PRIMARY KEY (organ_id, periode_id)
      );
      CREATE INDEX IF NOT EXISTS medlemsperiode_register_person ON medlemsperiode_register (person_id);
      CREATE TABLE IF NOT EXISTS person_register (
        person_id text PRIMARY KEY,
        navn      text NOT NULL
      )`);
  }

  async reset(tx: SqlClient): Promise<void> {
    await dropTables(tx, ['organ_register', 'medlemsperiode_register', 'person_register']);
  }

  async handleBatch(events: readonly RecordedEvent[], tx: SqlClient): Promise<void> {
    await RowBatch.project(tx, TABELLER, events, somOrganHendelse, (h) => h.data.organId, (h, rader) => anvend(h, rader));
    // A person's name as the latest appointment gives it (one statement for the batch).
    const navn = new Map<string, string>();
    for (const e of events) {
      const h = somOrganHendelse(e);
      if (h?.type === 'MedlemOppnevnt') navn.set(h.data.personId, h.data.navn);
    }
    if (navn.size > 0) {
      const par = [...navn];
      await tx.query(
        `INSERT INTO person_register (person_id, navn) SELECT * FROM unnest($1::text[], $2::text[])
           ON CONFLICT (person_id) DO UPDATE SET navn = EXCLUDED.navn`,
        [par.map(([id]) => id), par.map(([, n]) => n)],
      );
    }
  }
}

/** A row of `organ_register` as stored. */
interface OrganRegisterRad {
  organ_id: string;
  navn: string;
  organtype: string;
  nivaa: string;
  oppnevnt_av: string | null;
  mandat: string;
  opprettet: string;
  nedlagt: string | null;
  antall_medlemsperioder: number;
}

const ORGAN_REGISTER: TableSpec<OrganRegisterRad> = {
  table: 'organ_register',
  kind: 'grouped',
  key: ['organ_id'],
  groupColumn: 'organ_id',
  columns: ['organ_id', 'navn', 'organtype', 'nivaa', 'oppnevnt_av', 'mandat', 'opprettet', 'nedlagt', 'antall_medlemsperioder'],
};
/** A row of `medlemsperiode_register`: one period in which a person held a role in a body. */
interface MedlemsperiodeRad {
  organ_id: string;
  periode_id: string;
  person_id: string;
  navn: string;
  rolle: string;
  representerer: string | null;
  fra: string;
  til: string | null;
  oppnevnt_av: Oppnevning | null;
}

const MEDLEMSPERIODER: TableSpec<MedlemsperiodeRad> = {
  table: 'medlemsperiode_register',
  kind: 'grouped',
  key: ['organ_id', 'periode_id'],
  groupColumn: 'organ_id',
  columns: ['organ_id', 'periode_id', 'person_id', 'navn', 'rolle', 'representerer', 'fra', 'til', 'oppnevnt_av'],
};
const TABELLER = [ORGAN_REGISTER, MEDLEMSPERIODER] as const;

/**
 * Applies one organ event to the rows in memory. Changes to a body that is not registered do nothing,
 * as the UPDATE statements this replaces did.
 */
function anvend(h: OrganEvent, rader: RowBatch): void {
  const organId = h.data.organId;
  if (h.type === 'OrganOpprettet') {
    const d = h.data;
    rader.insert(ORGAN_REGISTER, {
      organ_id: organId,
      navn: d.navn,
      organtype: d.organtype,
      nivaa: d.nivaa,
      oppnevnt_av: d.oppnevntAv ?? null,
      mandat: d.mandat,
      opprettet: d.gjelderFra,
      nedlagt: null,
      antall_medlemsperioder: 0,
    });
    return;
  }
  const rad = rader.get(ORGAN_REGISTER, { organ_id: organId });
  if (!rad) return;
  switch (h.type) {
    case 'OrganOmdoept':
      rad.navn = h.data.navn;
      return;
    case 'OrganMandatEndret':
      rad.mandat = h.data.mandat;
      return;
    case 'OrganNedlagt':
      rad.nedlagt = h.data.gjelderFra;
      return;
    case 'MedlemOppnevnt': {
      const d = h.data;
      rad.antall_medlemsperioder += 1;
      rader.insert(MEDLEMSPERIODER, { organ_id: organId, periode_id: d.periodeId, person_id: d.personId, navn: d.navn, rolle: d.rolle, representerer: d.representerer ?? null, fra: d.fra, til: d.til ?? null, oppnevnt_av: d.oppnevntAv ?? null });
      return;
    }
    case 'MedlemsperiodeAvsluttet': {
      const periode = rader.get(MEDLEMSPERIODER, { organ_id: organId, periode_id: h.data.periodeId });
      if (periode) periode.til = h.data.til;
      return;
    }
    default:
      assertNever(h, 'organ event');
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

/** People's names by id (the latest appointment's), for the given ids. */
export async function hentPersonnavn(sql: SqlClient, personIder: readonly string[]): Promise<Map<string, string>> {
  if (personIder.length === 0) return new Map();
  const { rows } = await sql.query(`SELECT person_id, navn FROM person_register WHERE person_id = ANY($1::text[])`, [[...new Set(personIder)]]);
  return new Map(rows.map((r) => [String(r['person_id']), String(r['navn'])]));
}

/** One membership of a person: the body, the role, the period (`til` inclusive; absent while open) and whom they represent. */
export interface Medlemskap {
  readonly organId: string;
  readonly organnavn: string;
  readonly rolle: string;
  readonly fra: string;
  readonly til: string | null;
  readonly representerer: string | null;
  /** Who appointed them: the decision (body, «PSU-sak 2/19», date, and the sak it was made in), an outside body, or the operator's set-up. */
  readonly oppnevntAv: Oppnevning | null;
}

/** A person with every membership recorded for them, by name. */
export interface PersonMedMedlemskap {
  readonly personId: string;
  readonly navn: string;
  readonly medlemskap: readonly Medlemskap[];
}

/** Every person who has held a role in a body, by name, with their memberships (oldest first). */
export async function hentPersoner(sql: SqlClient): Promise<PersonMedMedlemskap[]> {
  const { rows } = await sql.query(
    `SELECT m.person_id, p.navn AS personnavn, m.organ_id, o.navn AS organnavn, m.rolle, m.fra, m.til, m.representerer, m.oppnevnt_av
       FROM medlemsperiode_register m
       JOIN organ_register o ON o.organ_id = m.organ_id
       LEFT JOIN person_register p ON p.person_id = m.person_id
      ORDER BY m.person_id, m.fra, o.navn, m.rolle`,
  );
  const personer = new Map<string, { personId: string; navn: string; medlemskap: Medlemskap[] }>();
  for (const r of rows) {
    const personId = String(r['person_id']);
    const p = personer.get(personId) ?? { personId, navn: String(r['personnavn'] ?? personId), medlemskap: [] };
    p.medlemskap.push({ organId: String(r['organ_id']), organnavn: String(r['organnavn']), rolle: String(r['rolle']), fra: String(r['fra']), til: valgfri(r['til']), representerer: valgfri(r['representerer']), oppnevntAv: (r['oppnevnt_av'] as Oppnevning | null) ?? null });
    personer.set(personId, p);
  }
  return [...personer.values()].sort((a, b) => a.navn.localeCompare(b.navn, 'nb'));
}
