/**
 * Meetings as read models (issue #15 item 8), from the meetings' and the saker's events:
 *
 * - the møtekalender of each body: every meeting it holds (one row per body of a joint meeting) with
 *   date, time, place, status (from the meeting workflow's declaration, `moetestatusEtter`), the body's
 *   meeting number for the year and the number of items;
 * - «klar for saksliste» of each body: the saker with an innstilling that are not on an agenda — not
 *   on the saksliste of a meeting that is not called off (an item not withdrawn and not yet decided),
 *   and not on an agenda of the sak's own (SattPaaSaksliste) — on the agenda of the body whose turn it
 *   is (`sakslisteorganForInnstilling`: the body that ordered the investigation, else the one that gave
 *   the innstilling). A decision «utsatt» makes the sak ready again; «sendt tilbake» takes the
 *   innstilling back to the investigation; a closed or withdrawn sak is not ready.
 *
 * Checkpointed and rebuildable like the others (a rebuild drops and replays the tables).
 */
import { aarAv, type MoeteEvent, moetestatusEtter, type Moetestatus, type SakEvent, sakslisteorganForInnstilling } from '@saksgang/domain';
import type { RecordedEvent, SqlClient } from '@saksgang/event-store';
import type { Projection } from '../projection.js';
import { dropTables, valgfri } from './felles.js';

const MOETEHENDELSER: readonly MoeteEvent['type'][] = [
  'MoetePlanlagt',
  'SakslistepunktLagtTil',
  'InnkallingSendt',
  'TilleggssakLagtTil',
  'SakslistepunktTrukket',
  'MoeteFlyttet',
  'MoeteAvlyst',
  'MoeteGjennomfoert',
  'MoetevedtakFattet',
  'ProtokollGodkjent',
];
const SAKSHENDELSER: readonly SakEvent['type'][] = ['SakRegistrert', 'UtredningBestilt', 'InnstillingAvgitt', 'SattPaaSaksliste', 'VedtakFattet', 'SakAvsluttet', 'SakTrukket', 'SakGjenaapnet', 'OpplysningKorrigert'];

export class MoeterProjection implements Projection {
  readonly name = 'moeter';
  readonly version = 1;
  readonly eventTypes: readonly string[] = [...MOETEHENDELSER, ...SAKSHENDELSER];
  readonly tables = ['moetekalender', 'moete_punkt_sak', 'klar_sak'];

  async setup(tx: SqlClient): Promise<void> {
    await tx.exec(`
      CREATE TABLE IF NOT EXISTS moetekalender (
        moete_id       text NOT NULL,
        organ_id       text NOT NULL,
        aar            integer NOT NULL,
        moetedato      text NOT NULL,
        starttid       text NOT NULL,
        sluttid        text,
        moetested      text NOT NULL,
        status         text NOT NULL,
        moetenummer    integer,
        organ_ider     text NOT NULL,
        antall_punkter integer NOT NULL DEFAULT 0,
        PRIMARY KEY (moete_id, organ_id)
      );
      CREATE INDEX IF NOT EXISTS moetekalender_organ_aar ON moetekalender (organ_id, aar, moetedato);
      CREATE TABLE IF NOT EXISTS moete_punkt_sak (
        moete_id  text NOT NULL,
        punkt_id  text NOT NULL,
        sak_id    text NOT NULL,
        trukket   boolean NOT NULL DEFAULT false,
        behandlet boolean NOT NULL DEFAULT false,
        PRIMARY KEY (moete_id, punkt_id)
      );
      CREATE INDEX IF NOT EXISTS moete_punkt_sak_sak ON moete_punkt_sak (sak_id);
      CREATE TABLE IF NOT EXISTS klar_sak (
        sak_id                text PRIMARY KEY,
        tittel                text NOT NULL,
        sakstype              text NOT NULL,
        siste_bestilt_av      text,
        siste_bestilling_til  text,
        innstilling_fra       text,
        forslag_til_vedtak    text,
        innstilling_gjelder   text,
        til_organ_id          text,
        paa_egen_saksliste    boolean NOT NULL DEFAULT false,
        lukket                boolean NOT NULL DEFAULT false
      );
      CREATE INDEX IF NOT EXISTS klar_sak_til ON klar_sak (til_organ_id)`);
  }

  async reset(tx: SqlClient): Promise<void> {
    await dropTables(tx, ['moetekalender', 'moete_punkt_sak', 'klar_sak']);
  }

  async handle(e: RecordedEvent, tx: SqlClient): Promise<void> {
    if (e.streamName.startsWith('moete-')) return moetehendelse({ type: e.type, data: e.data } as unknown as MoeteEvent, tx);
    if (e.streamName.startsWith('sak-')) return sakshendelse({ type: e.type, data: e.data } as unknown as SakEvent, tx);
  }
}

async function nyStatus(tx: SqlClient, moeteId: string, type: string): Promise<void> {
  const { rows } = await tx.query<{ status: string }>(`SELECT status FROM moetekalender WHERE moete_id = $1 LIMIT 1`, [moeteId]);
  const foer = rows[0]?.status;
  if (foer === undefined) return;
  const etter = moetestatusEtter(foer as Moetestatus, type);
  if (etter !== foer) await tx.query(`UPDATE moetekalender SET status = $2 WHERE moete_id = $1`, [moeteId, etter]);
}

async function moetehendelse(ev: MoeteEvent, tx: SqlClient): Promise<void> {
  const moeteId = ev.data.moeteId;
  switch (ev.type) {
    case 'MoetePlanlagt': {
      const d = ev.data;
      for (const organId of d.organIder) {
        await tx.query(
          `INSERT INTO moetekalender (moete_id, organ_id, aar, moetedato, starttid, sluttid, moetested, status, organ_ider)
           VALUES ($1, $2, $3, $4, $5, $6, $7, 'planlagt', $8) ON CONFLICT (moete_id, organ_id) DO NOTHING`,
          [moeteId, organId, aarAv(d.moetedato), d.moetedato, d.starttid, d.sluttid ?? null, d.moetested, JSON.stringify(d.organIder)],
        );
      }
      return;
    }
    case 'SakslistepunktLagtTil':
    case 'TilleggssakLagtTil':
      await tx.query(`UPDATE moetekalender SET antall_punkter = antall_punkter + 1 WHERE moete_id = $1`, [moeteId]);
      if (ev.data.sakId !== undefined) {
        await tx.query(`INSERT INTO moete_punkt_sak (moete_id, punkt_id, sak_id) VALUES ($1, $2, $3) ON CONFLICT (moete_id, punkt_id) DO NOTHING`, [moeteId, ev.data.punktId, ev.data.sakId]);
      }
      return nyStatus(tx, moeteId, ev.type);
    case 'SakslistepunktTrukket':
      await tx.query(`UPDATE moetekalender SET antall_punkter = antall_punkter - 1 WHERE moete_id = $1`, [moeteId]);
      await tx.query(`UPDATE moete_punkt_sak SET trukket = true WHERE moete_id = $1 AND punkt_id = $2`, [moeteId, ev.data.punktId]);
      return;
    case 'InnkallingSendt':
      for (const n of ev.data.numre) {
        if (n.serie === 'moete') await tx.query(`UPDATE moetekalender SET moetenummer = $3 WHERE moete_id = $1 AND organ_id = $2`, [moeteId, n.organId, n.nummer]);
      }
      return nyStatus(tx, moeteId, ev.type);
    case 'MoeteFlyttet': {
      const d = ev.data;
      await tx.query(`UPDATE moetekalender SET aar = $2, moetedato = $3, starttid = $4, sluttid = $5, moetested = $6 WHERE moete_id = $1`, [moeteId, aarAv(d.moetedato), d.moetedato, d.starttid, d.sluttid ?? null, d.moetested]);
      return;
    }
    case 'MoetevedtakFattet':
      await tx.query(`UPDATE moete_punkt_sak SET behandlet = true WHERE moete_id = $1 AND punkt_id = $2`, [moeteId, ev.data.punktId]);
      return;
    case 'MoeteAvlyst':
    case 'MoeteGjennomfoert':
    case 'ProtokollGodkjent':
      return nyStatus(tx, moeteId, ev.type);
    default:
      return;
  }
}

async function sakshendelse(ev: SakEvent, tx: SqlClient): Promise<void> {
  const sakId = ev.data.sakId;
  switch (ev.type) {
    case 'SakRegistrert':
      await tx.query(`INSERT INTO klar_sak (sak_id, tittel, sakstype) VALUES ($1, $2, $3) ON CONFLICT (sak_id) DO NOTHING`, [sakId, ev.data.tittel, ev.data.sakstype]);
      return;
    case 'UtredningBestilt':
      await tx.query(`UPDATE klar_sak SET siste_bestilt_av = $2, siste_bestilling_til = $3 WHERE sak_id = $1`, [sakId, ev.data.bestiltAv, ev.data.tilOrganId]);
      return;
    case 'InnstillingAvgitt': {
      const { rows } = await tx.query<{ siste_bestilt_av: string | null; siste_bestilling_til: string | null }>(`SELECT siste_bestilt_av, siste_bestilling_til FROM klar_sak WHERE sak_id = $1`, [sakId]);
      const rad = rows[0];
      if (!rad) return;
      const til = sakslisteorganForInnstilling({ bestiltAv: rad.siste_bestilt_av, tilOrganId: rad.siste_bestilling_til }, ev.data.organId);
      await tx.query(
        `UPDATE klar_sak SET innstilling_fra = $2, forslag_til_vedtak = $3, innstilling_gjelder = $4, til_organ_id = $5, paa_egen_saksliste = false WHERE sak_id = $1`,
        [sakId, ev.data.organId, ev.data.forslagTilVedtak, ev.data.gjelderFra, til],
      );
      return;
    }
    case 'SattPaaSaksliste':
      await tx.query(`UPDATE klar_sak SET paa_egen_saksliste = true WHERE sak_id = $1`, [sakId]);
      return;
    case 'VedtakFattet':
      if (ev.data.vedtaksutfall === 'utsatt') await tx.query(`UPDATE klar_sak SET paa_egen_saksliste = false WHERE sak_id = $1`, [sakId]);
      else await tx.query(`UPDATE klar_sak SET paa_egen_saksliste = false, innstilling_fra = NULL, forslag_til_vedtak = NULL, innstilling_gjelder = NULL, til_organ_id = NULL WHERE sak_id = $1`, [sakId]);
      return;
    case 'SakAvsluttet':
    case 'SakTrukket':
      await tx.query(`UPDATE klar_sak SET lukket = true WHERE sak_id = $1`, [sakId]);
      return;
    case 'SakGjenaapnet':
      await tx.query(`UPDATE klar_sak SET lukket = false, paa_egen_saksliste = false, innstilling_fra = NULL, forslag_til_vedtak = NULL, innstilling_gjelder = NULL, til_organ_id = NULL WHERE sak_id = $1`, [sakId]);
      return;
    case 'OpplysningKorrigert':
      if (ev.data.hendelsestype === 'SakRegistrert' && ev.data.felt === 'tittel' && typeof ev.data.nyVerdi === 'string') await tx.query(`UPDATE klar_sak SET tittel = $2 WHERE sak_id = $1`, [sakId, ev.data.nyVerdi]);
      return;
    default:
      return;
  }
}

/** One meeting in a body's calendar. */
export interface MoetekalenderRad {
  readonly moeteId: string;
  readonly moetedato: string;
  readonly starttid: string;
  readonly sluttid: string | null;
  readonly moetested: string;
  readonly status: string;
  /** The body's meeting number for the year (from the innkalling), e.g. 1 for «Møte 1/19». */
  readonly moetenummer: number | null;
  /** Every body holding the meeting (more than one: a joint meeting). */
  readonly organIder: readonly string[];
  readonly antallPunkter: number;
}

/** A body's meetings (in a year, or all), by date and time. */
export async function hentMoetekalender(sql: SqlClient, organId: string, aar?: number): Promise<MoetekalenderRad[]> {
  const { rows } = await sql.query(
    `SELECT moete_id, moetedato, starttid, sluttid, moetested, status, moetenummer, organ_ider, antall_punkter FROM moetekalender
      WHERE organ_id = $1 AND ($2::integer IS NULL OR aar = $2) ORDER BY moetedato, starttid, moete_id`,
    [organId, aar ?? null],
  );
  return rows.map(kalenderrad);
}

/** A row of `moetekalender` as read. */
function kalenderrad(r: Record<string, unknown>): MoetekalenderRad {
  return {
    moeteId: String(r['moete_id']),
    moetedato: String(r['moetedato']),
    starttid: String(r['starttid']),
    sluttid: valgfri(r['sluttid']),
    moetested: String(r['moetested']),
    status: String(r['status']),
    moetenummer: r['moetenummer'] === null || r['moetenummer'] === undefined ? null : Number(r['moetenummer']),
    organIder: JSON.parse(String(r['organ_ider'])) as string[],
    antallPunkter: Number(r['antall_punkter']),
  };
}

/**
 * The meetings the public may see (innsyn): every body's meetings whose innkalling is sent (they have
 * their meeting number from it), a joint meeting once; by date and time, newest year first when `aar` is not given.
 */
export async function hentOffentligeMoeter(sql: SqlClient, valg: { aar?: number; organId?: string } = {}): Promise<MoetekalenderRad[]> {
  const { rows } = await sql.query(
    `SELECT DISTINCT ON (moete_id) moete_id, moetedato, starttid, sluttid, moetested, status, moetenummer, organ_ider, antall_punkter FROM moetekalender
      WHERE moetenummer IS NOT NULL AND ($1::integer IS NULL OR aar = $1) AND ($2::text IS NULL OR organ_id = $2)
      ORDER BY moete_id`,
    [valg.aar ?? null, valg.organId ?? null],
  );
  return rows
    .map(kalenderrad)
    .sort((a, b) => b.moetedato.localeCompare(a.moetedato) || a.starttid.localeCompare(b.starttid) || a.moeteId.localeCompare(b.moeteId));
}

/** A sak ready for a body's saksliste. */
export interface KlarForSakslisteRad {
  readonly sakId: string;
  readonly tittel: string;
  readonly sakstype: string;
  /** The body that gave the innstilling. */
  readonly innstillingFra: string;
  readonly forslagTilVedtak: string;
  readonly innstillingGjelderFra: string;
}

/** The saker with an innstilling that wait for a place on this body's saksliste, oldest innstilling first. */
export async function hentKlarForSaksliste(sql: SqlClient, organId: string): Promise<KlarForSakslisteRad[]> {
  const { rows } = await sql.query(
    `SELECT s.sak_id, s.tittel, s.sakstype, s.innstilling_fra, s.forslag_til_vedtak, s.innstilling_gjelder FROM klar_sak s
      WHERE s.til_organ_id = $1 AND s.forslag_til_vedtak IS NOT NULL AND NOT s.lukket AND NOT s.paa_egen_saksliste
        AND NOT EXISTS (
          SELECT 1 FROM moete_punkt_sak p
           WHERE p.sak_id = s.sak_id AND NOT p.trukket AND NOT p.behandlet
             AND EXISTS (SELECT 1 FROM moetekalender m WHERE m.moete_id = p.moete_id AND m.status <> 'avlyst'))
      ORDER BY s.innstilling_gjelder, s.sak_id`,
    [organId],
  );
  return rows.map((r) => ({
    sakId: String(r['sak_id']),
    tittel: String(r['tittel']),
    sakstype: String(r['sakstype']),
    innstillingFra: String(r['innstilling_fra']),
    forslagTilVedtak: String(r['forslag_til_vedtak']),
    innstillingGjelderFra: String(r['innstilling_gjelder']),
  }));
}

/** A body's meetings in a year for the årsstatistikk: held (gjennomført or protokoll godkjent), of them joint, called off, not yet held. */
export interface Moetetall {
  readonly holdt: number;
  readonly fellesmoeter: number;
  readonly avlyst: number;
  readonly ikkeHoldt: number;
}

export async function hentMoetetall(sql: SqlClient, organId: string, aar: number): Promise<Moetetall> {
  const { rows } = await sql.query(
    `SELECT count(*) FILTER (WHERE status IN ('gjennomfoert', 'protokoll_godkjent'))::integer AS holdt,
            count(*) FILTER (WHERE status IN ('gjennomfoert', 'protokoll_godkjent') AND organ_ider LIKE '%,%')::integer AS felles,
            count(*) FILTER (WHERE status = 'avlyst')::integer AS avlyst,
            count(*) FILTER (WHERE status IN ('planlagt', 'innkalling_sendt'))::integer AS ikke_holdt
       FROM moetekalender WHERE organ_id = $1 AND aar = $2`,
    [organId, aar],
  );
  const r = rows[0] ?? {};
  return { holdt: Number(r['holdt'] ?? 0), fellesmoeter: Number(r['felles'] ?? 0), avlyst: Number(r['avlyst'] ?? 0), ikkeHoldt: Number(r['ikke_holdt'] ?? 0) };
}
