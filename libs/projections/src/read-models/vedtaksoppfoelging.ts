import { aarAv, type SakEvent } from '@saksgang/domain';
import type { RecordedEvent, SqlClient } from '@saksgang/event-store';
import type { Projection } from '../projection.js';
import { RowBatch, type TableSpec } from '../runner/row-batch.js';
import { dropTables, kreverDato, moetesaksnummerTekst, type SakHendelse, somSakHendelse, valgfri } from './felles.js';

/** Decisions (vedtak) and their follow-up (oppfølging): who must follow up what, by when, and how it went. */
export class VedtaksoppfoelgingProjection implements Projection {
  readonly name = 'vedtaksoppfoelging';
  // 2: set-based batch handling (RowBatch); rebuild once so every row is written by the new code.
  readonly version = 2;
  readonly eventTypes = ['SakRegistrert', 'SattPaaSaksliste', 'VedtakFattet', 'SendtTilOppfoelging', 'OppfoelgingRapportert', 'OppfoelgingFullfoert', 'OpplysningKorrigert'];
  readonly tables = TABELLER.map((t) => t.table);

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

  async handleBatch(events: readonly RecordedEvent[], tx: SqlClient): Promise<void> {
    await RowBatch.project(tx, TABELLER, events, somSakHendelse, (h) => h.sakId, (h, rader) => anvend(h, rader));
  }
}

/** A row of `vedtak_sak` as stored. */
interface VedtakSakRad {
  sak_id: string;
  tittel: string;
}

/** A row of `vedtak_sakslistepunkt` as stored. */
interface SakslistepunktRad {
  sak_id: string;
  sakslistepunkt_id: string;
  moetedato: string;
  moetesaksnumre: string[];
}

/** A row of `vedtak` as stored. */
interface VedtakTabellRad {
  sak_id: string;
  sakslistepunkt_id: string;
  revisjon: number;
  organ_ider: string[];
  moetedato: string;
  moetesaksnumre: string[];
  vedtaksutfall: string;
  vedtakstekst: string;
  gjelder_fra: string;
  aar: number;
}

/** A row of `vedtak_oppfoelging` as stored (`frist` is a date: 'YYYY-MM-DD'). */
interface OppfoelgingTabellRad {
  sak_id: string;
  oppfoelging_id: string;
  sakslistepunkt_id: string | null;
  fra_organ_ider: string[];
  til_organ_id: string;
  beskrivelse: string;
  frist: string;
  sendt: string;
  antall_rapporter: number;
  siste_rapport: string | null;
  siste_rapport_dato: string | null;
  fullfoert: string | null;
  merknad: string | null;
}

const VEDTAK_SAK: TableSpec<VedtakSakRad> = { table: 'vedtak_sak', kind: 'grouped', key: ['sak_id'], groupColumn: 'sak_id', columns: ['sak_id', 'tittel'] };

const SAKSLISTEPUNKT: TableSpec<SakslistepunktRad> = {
  table: 'vedtak_sakslistepunkt',
  kind: 'grouped',
  key: ['sak_id', 'sakslistepunkt_id'],
  groupColumn: 'sak_id',
  columns: ['sak_id', 'sakslistepunkt_id', 'moetedato', 'moetesaksnumre'],
};

const VEDTAK: TableSpec<VedtakTabellRad> = {
  table: 'vedtak',
  kind: 'grouped',
  key: ['sak_id', 'sakslistepunkt_id'],
  groupColumn: 'sak_id',
  columns: ['sak_id', 'sakslistepunkt_id', 'revisjon', 'organ_ider', 'moetedato', 'moetesaksnumre', 'vedtaksutfall', 'vedtakstekst', 'gjelder_fra', 'aar'],
};

const OPPFOELGING: TableSpec<OppfoelgingTabellRad> = {
  table: 'vedtak_oppfoelging',
  kind: 'grouped',
  key: ['sak_id', 'oppfoelging_id'],
  groupColumn: 'sak_id',
  columns: [
    'sak_id', 'oppfoelging_id', 'sakslistepunkt_id', 'fra_organ_ider', 'til_organ_id', 'beskrivelse', 'frist', 'sendt', 'antall_rapporter',
    'siste_rapport', 'siste_rapport_dato', 'fullfoert', 'merknad',
  ],
};
const TABELLER = [VEDTAK_SAK, SAKSLISTEPUNKT, VEDTAK, OPPFOELGING] as const;

/** The sak's latest decision (highest revisjon), or undefined before its first. */
function sisteVedtak(rader: RowBatch, sakId: string): VedtakTabellRad | undefined {
  let siste: VedtakTabellRad | undefined;
  for (const v of rader.rowsOf(VEDTAK, sakId)) if (!siste || v.revisjon > siste.revisjon) siste = v;
  return siste;
}

/**
 * Applies one sak event to the rows in memory. Updates of a row that is not there do nothing, as the
 * UPDATE statements this replaces did.
 */
function anvend(h: SakHendelse, rader: RowBatch): void {
  const ev: SakEvent = h.event;
  const sakId = h.sakId;
  switch (ev.type) {
    case 'SakRegistrert':
      rader.insert(VEDTAK_SAK, { sak_id: sakId, tittel: ev.data.tittel });
      return;
    case 'SattPaaSaksliste':
      rader.insert(
        SAKSLISTEPUNKT,
        { sak_id: sakId, sakslistepunkt_id: ev.data.sakslistepunktId, moetedato: ev.data.moetedato, moetesaksnumre: ev.data.organer.map(moetesaksnummerTekst) },
      );
      return;
    case 'VedtakFattet': {
      const d = ev.data;
      const punkt = rader.get(SAKSLISTEPUNKT, { sak_id: sakId, sakslistepunkt_id: d.sakslistepunktId });
      rader.insert(
        VEDTAK,
        {
          sak_id: sakId,
          sakslistepunkt_id: d.sakslistepunktId,
          revisjon: h.revisjon,
          organ_ider: [...d.organIder],
          moetedato: d.moetedato,
          moetesaksnumre: punkt ? [...punkt.moetesaksnumre] : [],
          vedtaksutfall: d.vedtaksutfall,
          vedtakstekst: d.vedtakstekst,
          gjelder_fra: h.gjelderFra,
          aar: aarAv(d.moetedato),
        },
      );
      return;
    }
    case 'SendtTilOppfoelging': {
      const d = ev.data;
      rader.insert(
        OPPFOELGING,
        {
          sak_id: sakId,
          oppfoelging_id: d.oppfoelgingId,
          sakslistepunkt_id: sisteVedtak(rader, sakId)?.sakslistepunkt_id ?? null,
          fra_organ_ider: [...d.fraOrganIder],
          til_organ_id: d.tilOrganId,
          beskrivelse: d.beskrivelse,
          frist: d.frist,
          sendt: h.gjelderFra,
          antall_rapporter: 0,
          siste_rapport: null,
          siste_rapport_dato: null,
          fullfoert: null,
          merknad: null,
        },
      );
      return;
    }
    case 'OppfoelgingRapportert': {
      const rad = rader.get(OPPFOELGING, { sak_id: sakId, oppfoelging_id: ev.data.oppfoelgingId });
      if (rad) {
        rad.antall_rapporter += 1;
        rad.siste_rapport = ev.data.rapport;
        rad.siste_rapport_dato = h.gjelderFra;
      }
      return;
    }
    case 'OppfoelgingFullfoert': {
      const rad = rader.get(OPPFOELGING, { sak_id: sakId, oppfoelging_id: ev.data.oppfoelgingId });
      if (rad) {
        rad.fullfoert = h.gjelderFra;
        rad.merknad = ev.data.merknad ?? null;
      }
      return;
    }
    case 'OpplysningKorrigert': {
      const d = ev.data;
      const nyVerdi = d.nyVerdi;
      if (d.hendelsestype === 'VedtakFattet' && d.felt === 'vedtakstekst' && typeof nyVerdi === 'string') {
        for (const v of rader.rowsOf(VEDTAK, sakId)) if (v.revisjon === Number(d.hendelsesnummer)) v.vedtakstekst = nyVerdi;
      } else if (d.hendelsestype === 'SakRegistrert' && d.felt === 'tittel' && typeof nyVerdi === 'string') {
        const sak = rader.get(VEDTAK_SAK, { sak_id: sakId });
        if (sak) sak.tittel = nyVerdi;
      }
      return;
    }
    case 'NivaaTildelt':
    case 'UtredningBestilt':
    case 'BestillingMottatt':
    case 'OppdragDelegert':
    case 'OppdragAkseptert':
    case 'UtsattFristBedt':
    case 'UtsattFristInnvilget':
    case 'UtsattFristAvslaatt':
    case 'OppdragLevert':
    case 'LeveranseGodtatt':
    case 'LeveranseReturnert':
    case 'InnstillingAvgitt':
    case 'SakAvsluttet':
    case 'SakTrukket':
    case 'SakGjenaapnet':
      return; // other sak events do not concern decisions
    default:
      return; // the other steps do not concern decisions
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
