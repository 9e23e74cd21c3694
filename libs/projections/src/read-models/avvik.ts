/**
 * Avvik as read models (issue 19), from the avvik workflow's events: one row per avvik with the
 * parties, the fagråd, tjenesteavtale, category, status (from the declaration, `avviksstatusEtter`),
 * the dates that matter (reported, frist, answered, closed) and the forbedringssaker it is linked to.
 * No free text is kept here (what happened, the findings): an avvik is exempt, and what this model
 * gives — the lists per party, the restanser, the statistics — is read by more than the two parties.
 *
 * - the avvik of a body: those it reported, received (or was assigned), or follows up as fagråd;
 * - restanser: avvik not answered (nor waiting on the reporter) after their frist, for the receiver;
 * - statistics per quarter or year by reporting party, receiving party, category and tjenesteavtale:
 *   how many, answered, median answer time in days, overdue now, answered after the frist — the table
 *   a fagråd presents to ASU; public, since it is figures only.
 *
 * Checkpointed and rebuildable like the others (a rebuild drops and replays the table).
 */
import { AVVIKSHENDELSE_FOR_STEG, avviksstatusEtter, type Avviksstatus, type AvvikEvent, erForfalt } from '@saksgang/domain';
import type { RecordedEvent, SqlClient } from '@saksgang/event-store';
import type { Projection } from '../projection.js';
import { dropTables } from './felles.js';

export const AVVIK_HENDELSESTYPER: readonly string[] = Object.values(AVVIKSHENDELSE_FOR_STEG);

export interface AvvikRad {
  readonly avvikId: string;
  readonly melder: string;
  readonly motpart: string;
  readonly tildeltEnhet: string;
  readonly fagraad: string;
  readonly tjenesteavtale: string;
  readonly kategori: string;
  readonly status: Avviksstatus;
  readonly hendelsesdato: string;
  readonly meldt: string;
  readonly svarfrist: string;
  readonly besvart: string | null;
  readonly lukket: string | null;
  readonly loeftet: boolean;
  readonly forbedringssaker: readonly { readonly sakId: string; readonly tittel: string; readonly rapportert: string | null }[];
}

export class AvvikProjection implements Projection {
  readonly name = 'avvik';
  readonly version = 1;
  readonly eventTypes = AVVIK_HENDELSESTYPER;
  readonly tables = ['avvik_oversikt'];

  async setup(tx: SqlClient): Promise<void> {
    await tx.exec(`
      CREATE TABLE IF NOT EXISTS avvik_oversikt (
        avvik_id         text PRIMARY KEY,
        melder           text NOT NULL,
        motpart          text NOT NULL,
        tildelt_enhet    text NOT NULL,
        fagraad          text NOT NULL,
        tjenesteavtale   text NOT NULL,
        kategori         text NOT NULL,
        status           text NOT NULL,
        hendelsesdato    text NOT NULL,
        meldt            text NOT NULL,
        svarfrist        text NOT NULL,
        besvart          text,
        lukket           text,
        loeftet          boolean NOT NULL DEFAULT false,
        forbedringssaker text NOT NULL DEFAULT '[]'
      );
      CREATE INDEX IF NOT EXISTS avvik_oversikt_melder ON avvik_oversikt (melder);
      CREATE INDEX IF NOT EXISTS avvik_oversikt_motpart ON avvik_oversikt (motpart);
      CREATE INDEX IF NOT EXISTS avvik_oversikt_meldt ON avvik_oversikt (meldt)`);
  }

  async reset(tx: SqlClient): Promise<void> {
    await dropTables(tx, ['avvik_oversikt']);
  }

  async handle(e: RecordedEvent, tx: SqlClient): Promise<void> {
    if (!e.streamName.startsWith('avvik-')) return;
    const ev = { type: e.type, data: e.data } as unknown as AvvikEvent;
    const id = ev.data.avvikId;
    const dato = ev.data.gjelderFra.slice(0, 10);
    if (ev.type === 'AvvikMeldt') {
      const d = ev.data;
      await tx.query(
        `INSERT INTO avvik_oversikt (avvik_id, melder, motpart, tildelt_enhet, fagraad, tjenesteavtale, kategori, status, hendelsesdato, meldt, svarfrist)
         VALUES ($1, $2, $3, $3, $4, $5, $6, 'meldt', $7, $8, $9) ON CONFLICT (avvik_id) DO NOTHING`,
        [id, d.melder, d.motpart, d.fagraad, d.tjenesteavtale, d.kategori, d.hendelsesdato, dato, d.svarfrist],
      );
      return;
    }
    const { rows } = await tx.query<{ status: string; forbedringssaker: string }>(`SELECT status, forbedringssaker FROM avvik_oversikt WHERE avvik_id = $1`, [id]);
    const rad = rows[0];
    if (!rad) return;
    const status = avviksstatusEtter(rad.status as Avviksstatus, ev.type);
    await tx.query(`UPDATE avvik_oversikt SET status = $2 WHERE avvik_id = $1`, [id, status]);
    const saker = JSON.parse(rad.forbedringssaker) as { sakId: string; tittel: string; rapportert: string | null }[];
    switch (ev.type) {
      case 'AvvikRegistrert':
        await tx.query(`UPDATE avvik_oversikt SET tildelt_enhet = $2, svarfrist = $3 WHERE avvik_id = $1`, [id, ev.data.tildeltEnhet, ev.data.svarfrist]);
        return;
      case 'AvvikBesvart':
        await tx.query(`UPDATE avvik_oversikt SET besvart = COALESCE(besvart, $2) WHERE avvik_id = $1`, [id, dato]);
        return;
      case 'AvvikLukket':
        await tx.query(`UPDATE avvik_oversikt SET lukket = COALESCE(lukket, $2) WHERE avvik_id = $1`, [id, dato]);
        return;
      case 'AvvikLoeftetTilFagraad':
        await tx.query(`UPDATE avvik_oversikt SET loeftet = true WHERE avvik_id = $1`, [id]);
        return;
      case 'ForbedringssakKnyttet':
        saker.push({ sakId: ev.data.sakId, tittel: ev.data.tittel, rapportert: null });
        await tx.query(`UPDATE avvik_oversikt SET forbedringssaker = $2 WHERE avvik_id = $1`, [id, JSON.stringify(saker)]);
        return;
      case 'ForbedringRapportert':
        await tx.query(`UPDATE avvik_oversikt SET forbedringssaker = $2, lukket = COALESCE(lukket, $3) WHERE avvik_id = $1`, [
          id,
          JSON.stringify(saker.map((s) => (s.sakId === ev.data.sakId ? { ...s, rapportert: dato } : s))),
          dato,
        ]);
        return;
      default:
        return;
    }
  }
}

type RaaRad = {
  avvik_id: string;
  melder: string;
  motpart: string;
  tildelt_enhet: string;
  fagraad: string;
  tjenesteavtale: string;
  kategori: string;
  status: string;
  hendelsesdato: string;
  meldt: string;
  svarfrist: string;
  besvart: string | null;
  lukket: string | null;
  loeftet: boolean;
  forbedringssaker: string;
};

function somRad(r: RaaRad): AvvikRad {
  return {
    avvikId: r.avvik_id,
    melder: r.melder,
    motpart: r.motpart,
    tildeltEnhet: r.tildelt_enhet,
    fagraad: r.fagraad,
    tjenesteavtale: r.tjenesteavtale,
    kategori: r.kategori,
    status: r.status as Avviksstatus,
    hendelsesdato: r.hendelsesdato,
    meldt: r.meldt,
    svarfrist: r.svarfrist,
    besvart: r.besvart,
    lukket: r.lukket,
    loeftet: r.loeftet,
    forbedringssaker: JSON.parse(r.forbedringssaker) as AvvikRad['forbedringssaker'],
  };
}

/** The avvik of a body: reported by it, received by it (or assigned to it), or followed up by it as fagråd; newest first. */
export async function hentAvvikForOrgan(sql: SqlClient, organId: string): Promise<AvvikRad[]> {
  const { rows } = await sql.query<RaaRad>(
    `SELECT * FROM avvik_oversikt WHERE melder = $1 OR motpart = $1 OR tildelt_enhet = $1 OR fagraad = $1 ORDER BY meldt DESC, avvik_id`,
    [organId],
  );
  return rows.map(somRad);
}

/** One avvik's row (for the links to its forbedringssaker), or undefined. */
export async function hentAvvikRad(sql: SqlClient, avvikId: string): Promise<AvvikRad | undefined> {
  const { rows } = await sql.query<RaaRad>(`SELECT * FROM avvik_oversikt WHERE avvik_id = $1`, [avvikId]);
  return rows[0] ? somRad(rows[0]) : undefined;
}

/** The avvik linked to a sak (the forbedringssak side of the link). */
export async function hentAvvikForForbedringssak(sql: SqlClient, sakId: string): Promise<AvvikRad[]> {
  const { rows } = await sql.query<RaaRad>(`SELECT * FROM avvik_oversikt WHERE forbedringssaker LIKE $1 ORDER BY meldt, avvik_id`, [`%"sakId":${JSON.stringify(sakId)}%`]);
  return rows.map(somRad).filter((r) => r.forbedringssaker.some((f) => f.sakId === sakId));
}

/** Restanser: avvik received by the body (or assigned to it) not answered after the frist, on the date; oldest frist first. */
export async function hentAvviksrestanser(sql: SqlClient, organId: string | undefined, idag: string): Promise<AvvikRad[]> {
  const { rows } = await sql.query<RaaRad>(
    `SELECT * FROM avvik_oversikt WHERE status IN ('meldt', 'under_behandling') AND svarfrist < $1 ${organId !== undefined ? 'AND (motpart = $2 OR tildelt_enhet = $2)' : ''} ORDER BY svarfrist, avvik_id`,
    organId !== undefined ? [idag, organId] : [idag],
  );
  return rows.map(somRad);
}

export const AVVIKSDIMENSJONER = ['melder', 'mottaker', 'kategori', 'tjenesteavtale'] as const;
export type Avviksdimensjon = (typeof AVVIKSDIMENSJONER)[number];

export interface Avvikstall {
  readonly antall: number;
  readonly besvart: number;
  /** Median days from reported to answered, of those answered; null when none is. */
  readonly medianSvartidDager: number | null;
  /** Not answered (nor waiting on the reporter) after the frist, on the date of the figures. */
  readonly forfalt: number;
  /** Answered, but after the frist. */
  readonly besvartEtterFrist: number;
  readonly lukket: number;
  readonly loeftet: number;
  readonly medForbedringssak: number;
}

export interface Avviksgruppe extends Avvikstall {
  readonly noekkel: string;
}

export interface Avviksstatistikk {
  readonly aar: number;
  readonly kvartal: number | null;
  readonly fra: string;
  readonly til: string;
  readonly idag: string;
  readonly totalt: Avvikstall;
  readonly etter: Readonly<Record<Avviksdimensjon, readonly Avviksgruppe[]>>;
}

function dagerMellom(fra: string, til: string): number {
  return Math.round((Date.parse(`${til}T00:00:00Z`) - Date.parse(`${fra}T00:00:00Z`)) / 86_400_000);
}

/** The median of numbers (the mean of the two middle ones for an even count); null for none. */
export function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** The figures of a set of avvik on a date. */
export function avvikstall(rader: readonly AvvikRad[], idag: string): Avvikstall {
  const besvarte = rader.filter((r) => r.besvart !== null);
  return {
    antall: rader.length,
    besvart: besvarte.length,
    medianSvartidDager: median(besvarte.map((r) => dagerMellom(r.meldt, r.besvart!))),
    forfalt: rader.filter((r) => erForfalt(r, idag)).length,
    besvartEtterFrist: besvarte.filter((r) => r.besvart! > r.svarfrist).length,
    lukket: rader.filter((r) => r.status === 'lukket').length,
    loeftet: rader.filter((r) => r.loeftet).length,
    medForbedringssak: rader.filter((r) => r.forbedringssaker.length > 0).length,
  };
}

/** Which group an avvik belongs to in a dimension (the receiving party is the body it was reported to). */
function noekkel(r: AvvikRad, d: Avviksdimensjon): string {
  return d === 'melder' ? r.melder : d === 'mottaker' ? r.motpart : d === 'kategori' ? r.kategori : r.tjenesteavtale;
}

/** The period of a year or one of its quarters, as the first and the last date. */
export function periode(aar: number, kvartal?: number): { fra: string; til: string } {
  if (kvartal === undefined) return { fra: `${aar}-01-01`, til: `${aar}-12-31` };
  const foerste = (kvartal - 1) * 3 + 1;
  const siste = new Date(Date.UTC(aar, foerste + 2, 0)).getUTCDate();
  return { fra: `${aar}-${String(foerste).padStart(2, '0')}-01`, til: `${aar}-${String(foerste + 2).padStart(2, '0')}-${siste}` };
}

/**
 * The statistics of the avvik reported in a year (or one quarter of it), optionally only those a
 * fagråd follows up: in total and by reporting party, receiving party, category and tjenesteavtale.
 */
export async function hentAvviksstatistikk(sql: SqlClient, valg: { aar: number; kvartal?: number; fagraad?: string; idag: string }): Promise<Avviksstatistikk> {
  const { fra, til } = periode(valg.aar, valg.kvartal);
  const { rows } = await sql.query<RaaRad>(
    `SELECT * FROM avvik_oversikt WHERE meldt >= $1 AND meldt <= $2 ${valg.fagraad !== undefined ? 'AND fagraad = $3' : ''} ORDER BY meldt, avvik_id`,
    valg.fagraad !== undefined ? [fra, til, valg.fagraad] : [fra, til],
  );
  const rader = rows.map(somRad);
  const etter = Object.fromEntries(
    AVVIKSDIMENSJONER.map((d) => {
      const grupper = new Map<string, AvvikRad[]>();
      for (const r of rader) grupper.set(noekkel(r, d), [...(grupper.get(noekkel(r, d)) ?? []), r]);
      return [d, [...grupper.entries()].map(([k, rs]) => ({ noekkel: k, ...avvikstall(rs, valg.idag) })).sort((a, b) => b.antall - a.antall || a.noekkel.localeCompare(b.noekkel))];
    }),
  ) as Record<Avviksdimensjon, Avviksgruppe[]>;
  return { aar: valg.aar, kvartal: valg.kvartal ?? null, fra, til, idag: valg.idag, totalt: avvikstall(rader, valg.idag), etter };
}
