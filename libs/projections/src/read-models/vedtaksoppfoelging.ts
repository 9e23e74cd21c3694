import { aarAv, type SakEvent } from '@saksgang/domain';
import type { RecordedEvent, SqlClient } from '@saksgang/event-store';
import type { Projection } from '../projection.js';
import { dropTables, kreverDato, moetesaksnummerTekst, somSakHendelse, valgfri } from './felles.js';

/** Decisions (vedtak) and their follow-up (oppfølging): who must follow up what, by when, and how it went. */
export class VedtaksoppfoelgingProjection implements Projection {
  readonly name = 'vedtaksoppfoelging';
  readonly version = 1;
  readonly eventTypes = ['SakRegistrert', 'SattPaaSaksliste', 'VedtakFattet', 'SendtTilOppfoelging', 'OppfoelgingRapportert', 'OppfoelgingFullfoert', 'OpplysningKorrigert'];

  async setup(tx: SqlClient): Promise<void> {
    await tx.exec(`
      CREATE TABLE IF NOT EXISTS vedtak_sak (
        sak_id text PRIMARY KEY,
        tittel text NOT NULL
      );
      CREATE TABLE IF NOT EXISTS vedtak_sakslistepunkt (
        sak_id            text NOT NULL,
        sakslistepunkt_id text NOT NULL,
        moetedato         text NOT NULL,
        moetesaksnumre    text[] NOT NULL,
        PRIMARY KEY (sak_id, sakslistepunkt_id)
      );
      CREATE TABLE IF NOT EXISTS vedtak (
        sak_id            text NOT NULL,
        sakslistepunkt_id text NOT NULL,
        revisjon          integer NOT NULL,
        organ_ider        text[] NOT NULL,
        moetedato         text NOT NULL,
        moetesaksnumre    text[] NOT NULL,
        vedtaksutfall     text NOT NULL,
        vedtakstekst      text NOT NULL,
        gjelder_fra       text NOT NULL,
        aar               integer NOT NULL,
        PRIMARY KEY (sak_id, sakslistepunkt_id)
      );
      CREATE TABLE IF NOT EXISTS vedtak_oppfoelging (
        sak_id             text NOT NULL,
        oppfoelging_id     text NOT NULL,
        sakslistepunkt_id  text,
        fra_organ_ider     text[] NOT NULL,
        til_organ_id       text NOT NULL,
        beskrivelse        text NOT NULL,
        frist              date NOT NULL,
        sendt              text NOT NULL,
        antall_rapporter   integer NOT NULL DEFAULT 0,
        siste_rapport      text,
        siste_rapport_dato text,
        fullfoert          text,
        merknad            text,
        PRIMARY KEY (sak_id, oppfoelging_id)
      )`);
  }

  async reset(tx: SqlClient): Promise<void> {
    await dropTables(tx, ['vedtak_oppfoelging', 'vedtak', 'vedtak_sakslistepunkt', 'vedtak_sak']);
  }

  async handle(e: RecordedEvent, tx: SqlClient): Promise<void> {
    const h = somSakHendelse(e);
    if (!h) return;
    const ev: SakEvent = h.event;
    const sakId = h.sakId;
    switch (ev.type) {
      case 'SakRegistrert':
        await tx.query(`INSERT INTO vedtak_sak (sak_id, tittel) VALUES ($1, $2)`, [sakId, ev.data.tittel]);
        return;
      case 'SattPaaSaksliste':
        await tx.query(`INSERT INTO vedtak_sakslistepunkt (sak_id, sakslistepunkt_id, moetedato, moetesaksnumre) VALUES ($1, $2, $3, $4)`, [
          sakId,
          ev.data.sakslistepunktId,
          ev.data.moetedato,
          ev.data.organer.map(moetesaksnummerTekst),
        ]);
        return;
      case 'VedtakFattet': {
        const d = ev.data;
        await tx.query(
          `INSERT INTO vedtak (sak_id, sakslistepunkt_id, revisjon, organ_ider, moetedato, moetesaksnumre, vedtaksutfall, vedtakstekst, gjelder_fra, aar)
           SELECT $1, $2, $3, $4, $5, coalesce((SELECT moetesaksnumre FROM vedtak_sakslistepunkt WHERE sak_id = $1 AND sakslistepunkt_id = $2), '{}'), $6, $7, $8, $9`,
          [sakId, d.sakslistepunktId, h.revisjon, d.organIder, d.moetedato, d.vedtaksutfall, d.vedtakstekst, h.gjelderFra, aarAv(d.moetedato)],
        );
        return;
      }
      case 'SendtTilOppfoelging': {
        const d = ev.data;
        await tx.query(
          `INSERT INTO vedtak_oppfoelging (sak_id, oppfoelging_id, sakslistepunkt_id, fra_organ_ider, til_organ_id, beskrivelse, frist, sendt)
           VALUES ($1, $2, (SELECT sakslistepunkt_id FROM vedtak WHERE sak_id = $1 ORDER BY revisjon DESC LIMIT 1), $3, $4, $5, $6, $7)`,
          [sakId, d.oppfoelgingId, d.fraOrganIder, d.tilOrganId, d.beskrivelse, d.frist, h.gjelderFra],
        );
        return;
      }
      case 'OppfoelgingRapportert':
        await tx.query(
          `UPDATE vedtak_oppfoelging SET antall_rapporter = antall_rapporter + 1, siste_rapport = $3, siste_rapport_dato = $4 WHERE sak_id = $1 AND oppfoelging_id = $2`,
          [sakId, ev.data.oppfoelgingId, ev.data.rapport, h.gjelderFra],
        );
        return;
      case 'OppfoelgingFullfoert':
        await tx.query(`UPDATE vedtak_oppfoelging SET fullfoert = $3, merknad = $4 WHERE sak_id = $1 AND oppfoelging_id = $2`, [
          sakId,
          ev.data.oppfoelgingId,
          h.gjelderFra,
          ev.data.merknad ?? null,
        ]);
        return;
      case 'OpplysningKorrigert': {
        const d = ev.data;
        if (d.hendelsestype === 'VedtakFattet' && d.felt === 'vedtakstekst' && typeof d.nyVerdi === 'string') {
          await tx.query(`UPDATE vedtak SET vedtakstekst = $3 WHERE sak_id = $1 AND revisjon = $2`, [sakId, d.hendelsesnummer, d.nyVerdi]);
        } else if (d.hendelsestype === 'SakRegistrert' && d.felt === 'tittel' && typeof d.nyVerdi === 'string') {
          await tx.query(`UPDATE vedtak_sak SET tittel = $2 WHERE sak_id = $1`, [sakId, d.nyVerdi]);
        }
        return;
      }
      default:
        return; // other sak events do not concern decisions
    }
  }
}

export type Oppfoelgingsstatus = 'aapen' | 'forfalt' | 'fullfoert';

export interface OppfoelgingRad {
  readonly sakId: string;
  readonly sakTittel: string;
  readonly oppfoelgingId: string;
  readonly fraOrganIder: readonly string[];
  readonly tilOrganId: string;
  readonly beskrivelse: string;
  readonly frist: string;
  readonly sendt: string;
  readonly antallRapporter: number;
  readonly sisteRapport: string | null;
  readonly sisteRapportDato: string | null;
  readonly fullfoert: string | null;
  readonly status: Oppfoelgingsstatus;
}

export interface VedtakRad {
  readonly sakId: string;
  readonly sakTittel: string;
  readonly sakslistepunktId: string;
  readonly organIder: readonly string[];
  readonly moetedato: string;
  readonly moetesaksnumre: readonly string[];
  readonly vedtaksutfall: string;
  readonly vedtakstekst: string;
  readonly gjelderFra: string;
  readonly oppfoelginger: readonly OppfoelgingRad[];
}

export interface VedtaksoppfoelgingFilter {
  /** Decisions made by this body, or follow-ups sent to it. */
  readonly organId?: string;
  readonly aar?: number;
  readonly sakId?: string;
}

/**
 * Decisions with their follow-ups and each follow-up's status on `idag`: `fullfoert`, `forfalt`
 * (open past its frist) or `aapen`.
 */
export async function hentVedtaksoppfoelging(sql: SqlClient, idag: string, filter: VedtaksoppfoelgingFilter = {}): Promise<VedtakRad[]> {
  kreverDato(idag, 'idag');
  const oppf = await sql.query(
    `SELECT o.*, o.frist::text AS frist_tekst, s.tittel,
            CASE WHEN o.fullfoert IS NOT NULL THEN 'fullfoert' WHEN o.frist < $1::date THEN 'forfalt' ELSE 'aapen' END AS status
       FROM vedtak_oppfoelging o JOIN vedtak_sak s USING (sak_id)
      WHERE ($2::text IS NULL OR o.sak_id = $2)
      ORDER BY o.frist, o.oppfoelging_id`,
    [idag, filter.sakId ?? null],
  );
  const oppfoelginger = oppf.rows.map(
    (r): OppfoelgingRad & { sakslistepunktId: string | null } => ({
      sakId: String(r['sak_id']),
      sakTittel: String(r['tittel']),
      oppfoelgingId: String(r['oppfoelging_id']),
      sakslistepunktId: valgfri(r['sakslistepunkt_id']),
      fraOrganIder: (r['fra_organ_ider'] as string[]) ?? [],
      tilOrganId: String(r['til_organ_id']),
      beskrivelse: String(r['beskrivelse']),
      frist: String(r['frist_tekst']),
      sendt: String(r['sendt']),
      antallRapporter: Number(r['antall_rapporter']),
      sisteRapport: valgfri(r['siste_rapport']),
      sisteRapportDato: valgfri(r['siste_rapport_dato']),
      fullfoert: valgfri(r['fullfoert']),
      status: String(r['status']) as Oppfoelgingsstatus,
    }),
  );
  const { rows } = await sql.query(
    `SELECT v.*, s.tittel FROM vedtak v JOIN vedtak_sak s USING (sak_id)
      WHERE ($1::text IS NULL OR v.sak_id = $1) AND ($2::int IS NULL OR v.aar = $2)
        AND ($3::text IS NULL OR $3 = ANY(v.organ_ider)
             OR EXISTS (SELECT 1 FROM vedtak_oppfoelging o WHERE o.sak_id = v.sak_id AND o.sakslistepunkt_id = v.sakslistepunkt_id AND o.til_organ_id = $3))
      ORDER BY v.moetedato DESC, v.sak_id, v.sakslistepunkt_id`,
    [filter.sakId ?? null, filter.aar ?? null, filter.organId ?? null],
  );
  return rows.map((r) => ({
    sakId: String(r['sak_id']),
    sakTittel: String(r['tittel']),
    sakslistepunktId: String(r['sakslistepunkt_id']),
    organIder: (r['organ_ider'] as string[]) ?? [],
    moetedato: String(r['moetedato']),
    moetesaksnumre: (r['moetesaksnumre'] as string[]) ?? [],
    vedtaksutfall: String(r['vedtaksutfall']),
    vedtakstekst: String(r['vedtakstekst']),
    gjelderFra: String(r['gjelder_fra']),
    oppfoelginger: oppfoelginger
      .filter((o) => o.sakId === r['sak_id'] && o.sakslistepunktId === r['sakslistepunkt_id'])
      .map(({ sakslistepunktId: _p, ...o }) => o),
  }));
}
