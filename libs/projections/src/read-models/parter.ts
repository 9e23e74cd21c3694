import { KORRESPONDANSEPART_HENDELSESTYPER, type KorrespondansepartEvent, type SakEvent } from '@saksgang/domain';
import type { RecordedEvent, SqlClient } from '@saksgang/event-store';
import type { Projection } from '../projection.js';
import { dropTables, kreverDato, somSakHendelse, valgfri } from './felles.js';

const PART_TYPER = new Set<string>(KORRESPONDANSEPART_HENDELSESTYPER);
const SAK_TYPER = ['SendtPaaHoering', 'HoeringssvarRegistrert'] as const satisfies readonly SakEvent['type'][];

/**
 * The outside parties (korrespondansepart) with their history of names, and for each hearing sent to
 * registered parties who has answered and who has not (`hoering_mottaker`, one row per party): the
 * overview of a hearing, and the missing answers after its frist (its restanser).
 */
export class ParterProjection implements Projection {
  readonly name = 'parter';
  readonly version = 1;
  readonly eventTypes = [...KORRESPONDANSEPART_HENDELSESTYPER, ...SAK_TYPER];
  readonly tables = ['part_register', 'part_navn', 'hoering_mottaker'];

  async setup(tx: SqlClient): Promise<void> {
    await tx.exec(`
      CREATE TABLE IF NOT EXISTS part_register (
        part_id             text PRIMARY KEY,
        navn                text NOT NULL,
        parttype            text NOT NULL,
        organisasjonsnummer text,
        registrert          text NOT NULL,
        avsluttet           text,
        erstattet_av        text
      );
      CREATE TABLE IF NOT EXISTS part_navn (
        part_id text NOT NULL,
        nr      integer NOT NULL,
        fra     text NOT NULL,
        navn    text NOT NULL,
        PRIMARY KEY (part_id, nr)
      );
      CREATE TABLE IF NOT EXISTS hoering_mottaker (
        sak_id          text NOT NULL,
        hoering_id      text NOT NULL,
        part_id         text NOT NULL,
        partnavn        text NOT NULL,
        organ_id        text NOT NULL,
        hoeringsutkast  text NOT NULL,
        hoeringsfrist   date NOT NULL,
        sendt           text NOT NULL,
        svar_mottatt    text,
        svar_dokument_id text,
        etter_frist     boolean,
        PRIMARY KEY (sak_id, hoering_id, part_id)
      );
      CREATE INDEX IF NOT EXISTS hoering_mottaker_frist ON hoering_mottaker (hoeringsfrist)`);
  }

  async reset(tx: SqlClient): Promise<void> {
    await dropTables(tx, this.tables);
  }

  async handle(e: RecordedEvent, tx: SqlClient): Promise<void> {
    if (e.streamName.startsWith('korrespondansepart-') && PART_TYPER.has(e.type)) {
      const ev = { type: e.type, data: e.data } as unknown as KorrespondansepartEvent;
      const d = ev.data;
      switch (ev.type) {
        case 'KorrespondansepartRegistrert':
          await tx.query(
            `INSERT INTO part_register (part_id, navn, parttype, organisasjonsnummer, registrert) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (part_id) DO NOTHING`,
            [d.partId, ev.data.navn, ev.data.parttype, ev.data.organisasjonsnummer ?? null, d.gjelderFra],
          );
          await tx.query(`INSERT INTO part_navn (part_id, nr, fra, navn) VALUES ($1, 0, $2, $3) ON CONFLICT DO NOTHING`, [d.partId, d.gjelderFra, ev.data.navn]);
          return;
        case 'KorrespondansepartOmdoept':
          await tx.query(`UPDATE part_register SET navn = $2 WHERE part_id = $1`, [d.partId, ev.data.navn]);
          await tx.query(`INSERT INTO part_navn (part_id, nr, fra, navn) SELECT $1, COALESCE(MAX(nr), -1) + 1, $2, $3 FROM part_navn WHERE part_id = $1`, [d.partId, d.gjelderFra, ev.data.navn]);
          return;
        case 'KorrespondansepartAvsluttet':
          await tx.query(`UPDATE part_register SET avsluttet = $2, erstattet_av = $3 WHERE part_id = $1`, [d.partId, d.gjelderFra, ev.data.erstattetAv ?? null]);
          return;
      }
      return;
    }
    const h = somSakHendelse(e);
    if (!h) return;
    const ev = h.event;
    if (ev.type === 'SendtPaaHoering') {
      const d = ev.data;
      // A hearing with free-text recipients (recorded before parties) has no parties to follow.
      for (const [n, partId] of (d.mottakere ?? []).entries()) {
        await tx.query(
          `INSERT INTO hoering_mottaker (sak_id, hoering_id, part_id, partnavn, organ_id, hoeringsutkast, hoeringsfrist, sendt) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
          [h.sakId, d.hoeringId, partId, d.hoeringsinstanser[n] ?? partId, d.organId, d.hoeringsutkast, d.hoeringsfrist, h.gjelderFra],
        );
      }
    } else if (ev.type === 'HoeringssvarRegistrert') {
      const d = ev.data;
      await tx.query(`UPDATE hoering_mottaker SET svar_mottatt = $4, svar_dokument_id = $5, etter_frist = $6 WHERE sak_id = $1 AND hoering_id = $2 AND part_id = $3`, [
        h.sakId,
        d.hoeringId,
        d.partId,
        h.gjelderFra,
        d.dokumentId ?? null,
        d.etterFrist,
      ]);
    }
  }
}

/** A party in the register as it stood on a date (or now). */
export interface PartRad {
  readonly partId: string;
  /** The name on the date (the first name for a date before the registration). */
  readonly navn: string;
  readonly parttype: string;
  readonly organisasjonsnummer: string | null;
  readonly registrert: string;
  readonly avsluttet: string | null;
  readonly erstattetAv: string | null;
  /** Whether the party existed on the date (registered, not yet ended). */
  readonly aktiv: boolean;
  /** Every name with the date it took effect, oldest first. */
  readonly navnehistorikk: readonly { readonly navn: string; readonly fra: string }[];
}

/** The register of outside parties; with `dato`, names as on that date and whether each existed then. */
export async function hentParter(sql: SqlClient, dato?: string): Promise<PartRad[]> {
  const dag = dato === undefined ? new Date().toISOString().slice(0, 10) : kreverDato(dato, 'dato');
  const { rows } = await sql.query(
    `SELECT r.part_id, r.parttype, r.organisasjonsnummer, r.registrert, r.avsluttet, r.erstattet_av, r.navn,
            COALESCE(json_agg(json_build_object('navn', n.navn, 'fra', n.fra) ORDER BY n.nr) FILTER (WHERE n.part_id IS NOT NULL), '[]'::json) AS historikk
       FROM part_register r LEFT JOIN part_navn n USING (part_id)
      GROUP BY r.part_id ORDER BY r.parttype, r.navn, r.part_id`,
  );
  return rows.map((r) => {
    const historikk = (typeof r['historikk'] === 'string' ? JSON.parse(r['historikk'] as string) : r['historikk']) as { navn: string; fra: string }[];
    let navn = historikk[0]?.navn ?? String(r['navn']);
    for (const h of historikk) if (h.fra.slice(0, 10) <= dag) navn = h.navn;
    const registrert = String(r['registrert']);
    const avsluttet = valgfri(r['avsluttet']);
    return {
      partId: String(r['part_id']),
      navn,
      parttype: String(r['parttype']),
      organisasjonsnummer: valgfri(r['organisasjonsnummer']),
      registrert,
      avsluttet,
      erstattetAv: valgfri(r['erstattet_av']),
      aktiv: registrert.slice(0, 10) <= dag && (avsluttet === null || dag < avsluttet.slice(0, 10)),
      navnehistorikk: historikk,
    };
  });
}

/** One hearing sent to registered parties: who has answered and who has not. */
export interface Hoeringsoversikt {
  readonly sakId: string;
  readonly hoeringId: string;
  readonly organId: string;
  readonly hoeringsutkast: string;
  readonly hoeringsfrist: string;
  readonly sendt: string;
  readonly svart: readonly { readonly partId: string; readonly partnavn: string; readonly mottatt: string; readonly dokumentId: string | null; readonly etterFrist: boolean }[];
  readonly ikkeSvart: readonly { readonly partId: string; readonly partnavn: string }[];
}

/** The hearings of a sak (sent to registered parties) with who has answered and who has not. */
export async function hentHoeringsoversikt(sql: SqlClient, sakId: string): Promise<Hoeringsoversikt[]> {
  const { rows } = await sql.query(`SELECT * FROM hoering_mottaker WHERE sak_id = $1 ORDER BY sendt, hoering_id, partnavn, part_id`, [sakId]);
  const ut = new Map<string, { -readonly [P in keyof Hoeringsoversikt]: Hoeringsoversikt[P] }>();
  for (const r of rows) {
    const id = String(r['hoering_id']);
    let h = ut.get(id);
    if (!h) {
      h = { sakId, hoeringId: id, organId: String(r['organ_id']), hoeringsutkast: String(r['hoeringsutkast']), hoeringsfrist: valgfri(r['hoeringsfrist'])!, sendt: String(r['sendt']), svart: [], ikkeSvart: [] };
      ut.set(id, h);
    }
    const mottatt = valgfri(r['svar_mottatt']);
    if (mottatt !== null) h.svart = [...h.svart, { partId: String(r['part_id']), partnavn: String(r['partnavn']), mottatt, dokumentId: valgfri(r['svar_dokument_id']), etterFrist: r['etter_frist'] === true }];
    else h.ikkeSvart = [...h.ikkeSvart, { partId: String(r['part_id']), partnavn: String(r['partnavn']) }];
  }
  return [...ut.values()];
}

/** A missing answer to a hearing after its frist (a restanse), for the body that sent it (or all). */
export interface ManglendeHoeringssvar {
  readonly sakId: string;
  readonly hoeringId: string;
  readonly organId: string;
  readonly partId: string;
  readonly partnavn: string;
  readonly hoeringsfrist: string;
  readonly dagerOverFrist: number;
}

/** The answers missing on `idag` after the hearing's frist (not received by that day, by their effective date), most overdue first. */
export async function hentManglendeHoeringssvar(sql: SqlClient, idag: string, organId?: string): Promise<ManglendeHoeringssvar[]> {
  kreverDato(idag, 'idag');
  const { rows } = await sql.query(
    `SELECT sak_id, hoering_id, organ_id, part_id, partnavn, hoeringsfrist, ($1::date - hoeringsfrist) AS dager
       FROM hoering_mottaker WHERE (svar_mottatt IS NULL OR left(svar_mottatt, 10)::date > $1::date) AND hoeringsfrist < $1::date AND ($2::text IS NULL OR organ_id = $2)
      ORDER BY hoeringsfrist, sak_id, hoering_id, partnavn`,
    [idag, organId ?? null],
  );
  return rows.map((r) => ({
    sakId: String(r['sak_id']),
    hoeringId: String(r['hoering_id']),
    organId: String(r['organ_id']),
    partId: String(r['part_id']),
    partnavn: String(r['partnavn']),
    hoeringsfrist: valgfri(r['hoeringsfrist'])!,
    dagerOverFrist: Number(r['dager']),
  }));
}
