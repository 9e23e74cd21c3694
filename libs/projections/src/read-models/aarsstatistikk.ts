import { aarAv, assertNever, datoDel, erIsoDato, erTidspunkt, type SakEvent } from '@saksgang/domain';
import type { RecordedEvent, SqlClient } from '@saksgang/event-store';
import type { Projection } from '../projection.js';
import { RowBatch, type TableSpec } from '../runner/row-batch.js';
import { dato, dropTables, kreverDato, SAK_HENDELSESTYPER, type SakHendelse, somSakHendelse, valgfri } from './felles.js';

/** The measures counted per body and year (the year a step took effect; a decision's: the meeting's). */
export const AARSSTATISTIKK_MAAL = [
  'saker_meldt_inn',
  'bestillinger_sendt',
  'bestillinger_mottatt',
  'oppdrag_delegert',
  'oppdrag_mottatt',
  'oppdrag_levert',
  'oppdrag_levert_etter_frist',
  'leveranser_returnert',
  'frister_utsatt',
  'innstillinger_avgitt',
  'saker_paa_saksliste',
  'vedtak_vedtatt',
  'vedtak_tatt_til_orientering',
  'vedtak_droeftet',
  'vedtak_utsatt',
  'vedtak_sendt_tilbake',
  'vedtak_avvist',
  'oppfoelginger_mottatt',
  'oppfoelginger_fullfoert',
  'saker_avsluttet',
  'saker_trukket',
] as const;
export type AarsstatistikkMaal = (typeof AARSSTATISTIKK_MAAL)[number];

/**
 * Counts per year, body and measure, for the annual report; plus what the counts cannot give:
 *
 * - `aarsstatistikk_frist`: every order (bestilling) and oppdrag with its frist, the body that owes it,
 *   and when it ended (delivered: the innstilling or the agenda for an order, the delivery for an
 *   oppdrag; or the sak closed). Overdue counts are computed from it at query time, by the year of the
 *   frist, because an item still open is overdue only relative to "today".
 * - `aarsstatistikk_behandlingstid`: for each order that got a decision (vedtatt, tatt til orientering or
 *   avvist), the days from the order (UtredningBestilt's `gjelderFra`) to the decision (VedtakFattet's
 *   `moetedato`), once for each body involved (the ordering body, the body ordered from, the deciding
 *   bodies), in the year of the decision. The median is computed in SQL (`percentile_cont`).
 */
export class AarsstatistikkProjection implements Projection {
  readonly name = 'aarsstatistikk';
  /**
   * 2: orders' and oppdrag' frister and ends (overdue counts), and days from order to decision.
   * 3: set-based batch handling (`RowBatch`); same rows, rebuilt once so every stored copy is written by this code.
   */
  readonly version = 3;
  readonly eventTypes = SAK_HENDELSESTYPER;
  readonly tables = TABELLER.map((t) => t.table);

  async setup(tx: SqlClient): Promise<void> {
    await tx.exec(`
      CREATE TABLE IF NOT EXISTS aarsstatistikk (
        aar      integer NOT NULL,
        organ_id text NOT NULL,
        maal     text NOT NULL,
        antall   integer NOT NULL,
        PRIMARY KEY (aar, organ_id, maal)
      );
      CREATE TABLE IF NOT EXISTS aarsstatistikk_frist (
        sak_id       text NOT NULL,
        art          text NOT NULL,      -- 'bestilling' | 'oppdrag'
        ref_id       text NOT NULL,      -- the order's number in the sak (1, 2 …) or the oppdrag id
        fra_organ_id text NOT NULL,      -- the body that ordered or delegated
        organ_id     text NOT NULL,      -- the body that owes it
        startet      date NOT NULL,
        frist        date NOT NULL,
        slutt        date,               -- delivered, answered, or the sak closed; NULL while open
        slutt_fordi  text,
        vedtatt      date,               -- orders: the meeting date of the decision that answered it
        revisjon     integer NOT NULL,   -- the event that created it (for corrections of the frist)
        PRIMARY KEY (sak_id, art, ref_id)
      );
      CREATE INDEX IF NOT EXISTS aarsstatistikk_frist_frist ON aarsstatistikk_frist (frist);
      CREATE TABLE IF NOT EXISTS aarsstatistikk_behandlingstid (
        sak_id     text NOT NULL,
        bestilling text NOT NULL,
        organ_id   text NOT NULL,
        aar        integer NOT NULL,
        dager      integer NOT NULL,
        PRIMARY KEY (sak_id, bestilling, organ_id)
      );
      CREATE INDEX IF NOT EXISTS aarsstatistikk_behandlingstid_aar ON aarsstatistikk_behandlingstid (aar);
      CREATE TABLE IF NOT EXISTS aarsstatistikk_oppfoelging (
        sak_id         text NOT NULL,
        oppfoelging_id text NOT NULL,
        til_organ_id   text NOT NULL,
        PRIMARY KEY (sak_id, oppfoelging_id)
      )`);
  }

  async reset(tx: SqlClient): Promise<void> {
    // `aarsstatistikk_oppdrag` is version 1's table (replaced by `aarsstatistikk_frist`).
    await dropTables(tx, ['aarsstatistikk', 'aarsstatistikk_frist', 'aarsstatistikk_behandlingstid', 'aarsstatistikk_oppfoelging', 'aarsstatistikk_oppdrag']);
  }

  async handleBatch(events: readonly RecordedEvent[], tx: SqlClient): Promise<void> {
    await RowBatch.project(tx, TABELLER, events, somSakHendelse, (h) => h.sakId, (h, rader) => anvend(h, rader));
  }
}

type FristArt = 'bestilling' | 'oppdrag';

/** A row of `aarsstatistikk`: a count per year, body and measure (summed across saker). */
interface TellingRad {
  aar: number;
  organ_id: string;
  maal: AarsstatistikkMaal;
  antall: number;
}

/** A row of `aarsstatistikk_frist`; dates as `YYYY-MM-DD`. */
interface FristRad {
  sak_id: string;
  art: FristArt;
  ref_id: string;
  fra_organ_id: string;
  organ_id: string;
  startet: string;
  frist: string;
  slutt: string | null;
  slutt_fordi: string | null;
  vedtatt: string | null;
  revisjon: number;
}

/** A row of `aarsstatistikk_behandlingstid`. */
interface BehandlingstidRad {
  sak_id: string;
  bestilling: string;
  organ_id: string;
  aar: number;
  dager: number;
}

/** A row of `aarsstatistikk_oppfoelging`. */
interface OppfoelgingRad {
  sak_id: string;
  oppfoelging_id: string;
  til_organ_id: string;
}

const TELLING: TableSpec<TellingRad> = {
  table: 'aarsstatistikk',
  kind: 'counter',
  key: ['aar', 'organ_id', 'maal'],
  counterColumn: 'antall',
  columns: ['aar', 'organ_id', 'maal', 'antall'],
};

const FRIST: TableSpec<FristRad> = {
  table: 'aarsstatistikk_frist',
  kind: 'grouped',
  key: ['sak_id', 'art', 'ref_id'],
  groupColumn: 'sak_id',
  columns: ['sak_id', 'art', 'ref_id', 'fra_organ_id', 'organ_id', 'startet', 'frist', 'slutt', 'slutt_fordi', 'vedtatt', 'revisjon'],
};

const BEHANDLINGSTIDER: TableSpec<BehandlingstidRad> = {
  table: 'aarsstatistikk_behandlingstid',
  kind: 'grouped',
  key: ['sak_id', 'bestilling', 'organ_id'],
  groupColumn: 'sak_id',
  columns: ['sak_id', 'bestilling', 'organ_id', 'aar', 'dager'],
};

const OPPFOELGING: TableSpec<OppfoelgingRad> = {
  table: 'aarsstatistikk_oppfoelging',
  kind: 'grouped',
  key: ['sak_id', 'oppfoelging_id'],
  groupColumn: 'sak_id',
  columns: ['sak_id', 'oppfoelging_id', 'til_organ_id'],
};

const TABELLER = [TELLING, FRIST, BEHANDLINGSTIDER, OPPFOELGING] as const;

const DAG_MS = 86_400_000;

/**
 * A value bound for a `date` column as `YYYY-MM-DD`, as PostgreSQL's `::date` would read it: a date, or
 * the date of an ISO date-time. Anything else fails the event, as the cast did.
 */
function somDato(v: unknown, hva: string): string {
  if (erIsoDato(v)) return v;
  if (erTidspunkt(v)) return datoDel(v);
  throw new Error(`${hva} is not a date YYYY-MM-DD: ${JSON.stringify(v)}.`);
}

/** Whole days from `fra` to `til` (both `YYYY-MM-DD`), as PostgreSQL's `date - date`. */
function dagerMellom(fra: string, til: string): number {
  return Math.round((Date.parse(til) - Date.parse(fra)) / DAG_MS);
}

function anvend(h: SakHendelse, rader: RowBatch): void {
  const ev: SakEvent = h.event;
  const sakId = h.sakId;
  const aar = aarAv(h.gjelderFra);
  const dag = dato(h.gjelderFra);
  const tell = (organId: string, maal: AarsstatistikkMaal, i = aar) => rader.count(TELLING, { aar: i, organ_id: organId, maal }, 1);
  const frister = () => rader.rowsOf(FRIST, sakId);
  const nyFrist = (art: FristArt, refId: string, fra: string, til: string, frist: string) => {
    rader.insert(FRIST, {
      sak_id: sakId,
      art,
      ref_id: refId,
      fra_organ_id: fra,
      organ_id: til,
      startet: dag,
      frist: somDato(frist, 'frist'),
      slutt: null,
      slutt_fordi: null,
      vedtatt: null,
      revisjon: h.revisjon,
    });
  };
  const oppdrag = (oppdragId: string): FristRad | undefined => rader.get(FRIST, { sak_id: sakId, art: 'oppdrag', ref_id: oppdragId });
  /** Ends the sak's open items of a kind (optionally one), on `naar`. */
  const avslutt = (art: FristArt | null, fordi: string, refId: string | null = null, naar = dag) => {
    for (const f of frister()) {
      if (f.slutt === null && (art === null || f.art === art) && (refId === null || f.ref_id === refId)) {
        f.slutt = naar;
        f.slutt_fordi = fordi;
      }
    }
  };
  const settFrist = (oppdragId: string, frist: string) => {
    const f = oppdrag(oppdragId);
    if (f) f.frist = somDato(frist, 'frist');
  };
  const mottakerAvOppdrag = (oppdragId: string): string => {
    const f = oppdrag(oppdragId);
    if (!f) throw new Error(`Oppdrag ${oppdragId} of sak ${sakId} is unknown to the statistics.`);
    return f.organ_id;
  };
  /** An investigation ordered (by UtredningBestilt, or by a decision that orders one). */
  const bestilling = (d: { readonly bestiltAv: string; readonly tilOrganId: string; readonly frist: string }): void => {
    tell(d.bestiltAv, 'bestillinger_sendt');
    tell(d.tilOrganId, 'bestillinger_mottatt');
    // Numbered per sak from 1, as the arbeidsliste numbers its order items.
    const n = frister().filter((f) => f.art === 'bestilling').length;
    nyFrist('bestilling', String(n + 1), d.bestiltAv, d.tilOrganId, d.frist);
  };
  switch (ev.type) {
    case 'SakRegistrert':
      return tell(ev.data.innmeldtAv, 'saker_meldt_inn');
    case 'UtredningBestilt':
      return bestilling(ev.data);
    case 'OppdragDelegert':
      nyFrist('oppdrag', ev.data.oppdragId, ev.data.fraOrganId, ev.data.tilOrganId, ev.data.frist);
      tell(ev.data.fraOrganId, 'oppdrag_delegert');
      tell(ev.data.tilOrganId, 'oppdrag_mottatt');
      return;
    case 'UtsattFristInnvilget':
      settFrist(ev.data.oppdragId, ev.data.nyFrist);
      return tell(mottakerAvOppdrag(ev.data.oppdragId), 'frister_utsatt');
    case 'LeveranseReturnert': {
      // Open again, to the new frist if one was given, else the old one.
      if (ev.data.nyFrist !== undefined) settFrist(ev.data.oppdragId, ev.data.nyFrist);
      const f = oppdrag(ev.data.oppdragId);
      if (f) {
        f.slutt = null;
        f.slutt_fordi = null;
      }
      return tell(h.utfoertAv.organId, 'leveranser_returnert');
    }
    case 'OppdragLevert': {
      tell(ev.data.organId, 'oppdrag_levert');
      const f = oppdrag(ev.data.oppdragId);
      if (f && dag > f.frist) tell(ev.data.organId, 'oppdrag_levert_etter_frist');
      return avslutt('oppdrag', 'levert', ev.data.oppdragId);
    }
    case 'InnstillingAvgitt':
      // The investigation is answered (the arbeidsliste closes the order here too).
      avslutt('bestilling', 'innstilling_avgitt');
      return tell(ev.data.organId, 'innstillinger_avgitt');
    case 'SattPaaSaksliste':
      avslutt('bestilling', 'paa_saksliste');
      for (const o of ev.data.organer) tell(o.organId, 'saker_paa_saksliste', aarAv(ev.data.moetedato));
      return;
    case 'VedtakFattet': {
      const d = ev.data;
      for (const organId of d.organIder) tell(organId, `vedtak_${d.vedtaksutfall}`, aarAv(d.moetedato));
      switch (d.vedtaksutfall) {
        case 'vedtatt':
        case 'tatt_til_orientering':
        case 'droeftet':
        case 'avvist':
          besvarBestillinger(rader, sakId, somDato(d.moetedato, 'moetedato'), d.organIder);
          // A decision that itself orders an investigation counts as an order too.
          if (d.bestilling) bestilling(d.bestilling);
          return;
        case 'utsatt':
        case 'sendt_tilbake':
          return; // not an answer: the orders wait for a later decision
        default:
          return assertNever(d.vedtaksutfall, 'vedtaksutfall');
      }
    }
    case 'SendtTilOppfoelging': {
      const key = { sak_id: sakId, oppfoelging_id: ev.data.oppfoelgingId };
      rader.insert(OPPFOELGING, { ...key, til_organ_id: ev.data.tilOrganId });
      return tell(ev.data.tilOrganId, 'oppfoelginger_mottatt');
    }
    case 'OppfoelgingFullfoert': {
      const r = rader.require(
        OPPFOELGING,
        { sak_id: sakId, oppfoelging_id: ev.data.oppfoelgingId },
        `Oppfølging ${ev.data.oppfoelgingId} of sak ${sakId} is unknown to the statistics.`,
      );
      return tell(r.til_organ_id, 'oppfoelginger_fullfoert');
    }
    case 'SakAvsluttet':
      avslutt(null, 'sak_avsluttet');
      return tell(h.utfoertAv.organId, 'saker_avsluttet');
    case 'SakTrukket':
      avslutt(null, 'sak_trukket');
      return tell(h.utfoertAv.organId, 'saker_trukket');
    case 'SakGjenaapnet':
      // As the arbeidsliste: the oppdrag the closing ended are open again (orders stay answered).
      for (const f of frister()) {
        if (f.art === 'oppdrag' && f.slutt_fordi === 'sak_avsluttet') {
          f.slutt = null;
          f.slutt_fordi = null;
        }
      }
      return;
    case 'OpplysningKorrigert': {
      const d = ev.data;
      const art: FristArt | undefined = d.hendelsestype === 'UtredningBestilt' ? 'bestilling' : d.hendelsestype === 'OppdragDelegert' ? 'oppdrag' : undefined;
      if (art && d.felt === 'frist' && typeof d.nyVerdi === 'string') {
        const nyFrist = somDato(d.nyVerdi, 'nyVerdi');
        for (const f of frister()) if (f.art === art && f.revisjon === d.hendelsesnummer) f.frist = nyFrist;
      }
      return;
    }
    case 'NivaaTildelt':
    case 'BestillingMottatt':
    case 'OppdragAkseptert':
    case 'UtsattFristBedt':
    case 'UtsattFristAvslaatt':
    case 'LeveranseGodtatt':
    case 'OppfoelgingRapportert':
      return;
    default:
      return; // the other steps (exemptions, and any new step) do not change the figures
  }
}

/**
 * A decision answers the sak's orders not answered by an earlier one (and placed on or before the
 * meeting): each gets its days from order to decision, once per body involved, in the meeting's year.
 */
function besvarBestillinger(rader: RowBatch, sakId: string, moetedato: string, organIder: readonly string[]): void {
  const aar = aarAv(moetedato);
  const besvart = rader.rowsOf(FRIST, sakId).filter((f) => f.art === 'bestilling' && f.vedtatt === null && f.startet <= moetedato);
  for (const f of besvart) {
    const dager = dagerMellom(f.startet, moetedato);
    for (const organId of [f.fra_organ_id, f.organ_id, ...organIder]) {
      const key = { sak_id: sakId, bestilling: f.ref_id, organ_id: organId };
      // ON CONFLICT DO NOTHING: a row already there (or put just now for the same body) stays as it is.
      if (!rader.get(BEHANDLINGSTIDER, key)) rader.put(BEHANDLINGSTIDER, { ...key, aar, dager });
    }
  }
  for (const f of besvart) {
    f.vedtatt = moetedato;
    f.slutt = f.slutt ?? moetedato;
    f.slutt_fordi = f.slutt_fordi ?? 'vedtak';
  }
}

/** Days from order to decision, over the orders a body was involved in that were decided in the year. */
export interface Behandlingstid {
  /** Orders decided in the year. */
  readonly antall: number;
  /** The median of their days from order to decision (null without any). */
  readonly medianDager: number | null;
  readonly minDager: number | null;
  readonly maksDager: number | null;
}

/** Orders and oppdrag whose frist falls in the year, and how many of them went past it. */
export interface Forfalte {
  /** Delivered after the frist, or still not delivered when the frist had passed (on `idag`). */
  readonly antall: number;
  readonly bestillinger: number;
  readonly oppdrag: number;
  /** Of `antall`: still open on `idag`. */
  readonly fortsattAapne: number;
  /** Orders and oppdrag with a frist in the year (overdue or not). */
  readonly medFrist: number;
}

export interface AarsstatistikkForOrgan {
  readonly organId: string;
  readonly organNavn: string | null;
  readonly nivaa: string | null;
  /** Each measure's count (0 when nothing was counted). */
  readonly tall: Readonly<Record<AarsstatistikkMaal, number>>;
  /** Orders the body sent, received or decided, decided in the year (by the meeting date). */
  readonly behandlingstid: Behandlingstid;
  /** What the body owed (orders from it, oppdrag to it) with a frist in the year. */
  readonly forfalte: Forfalte;
}

export interface Aarsstatistikk {
  readonly aar: number;
  /** The day still-open items are judged on (overdue when their frist is before it). */
  readonly idag: string;
  readonly organer: readonly AarsstatistikkForOrgan[];
  readonly totalt: Readonly<Record<AarsstatistikkMaal, number>>;
  /** Over the whole helsefellesskap: each decided order once. */
  readonly behandlingstid: Behandlingstid;
  readonly forfalte: Forfalte;
}

function nuller(): Record<AarsstatistikkMaal, number> {
  return Object.fromEntries(AARSSTATISTIKK_MAAL.map((m) => [m, 0])) as Record<AarsstatistikkMaal, number>;
}

const INGEN_BEHANDLINGSTID: Behandlingstid = { antall: 0, medianDager: null, minDager: null, maksDager: null };

function ingenForfalte(): { -readonly [K in keyof Forfalte]: number } {
  return { antall: 0, bestillinger: 0, oppdrag: 0, fortsattAapne: 0, medFrist: 0 };
}

function tilBehandlingstid(r: Record<string, unknown> | undefined): Behandlingstid {
  const tall = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return r ? { antall: Number(r['antall']), medianDager: tall(r['median']), minDager: tall(r['min']), maksDager: tall(r['maks']) } : INGEN_BEHANDLINGSTID;
}

const BEHANDLINGSTID = `count(*)::int AS antall, percentile_cont(0.5) WITHIN GROUP (ORDER BY dager) AS median, min(dager) AS min, max(dager) AS maks`;
const I_AARET = `frist >= make_date($1::int, 1, 1) AND frist < make_date($1::int + 1, 1, 1)`;

/**
 * The year's figures per body (needs the `organer` projection for names and levels). `idag`
 * (`YYYY-MM-DD`, default: today in UTC) is the day items still open are judged on.
 */
export async function hentAarsstatistikk(sql: SqlClient, aar: number, idag: string = new Date().toISOString().slice(0, 10)): Promise<Aarsstatistikk> {
  kreverDato(idag, 'idag');
  if (!Number.isInteger(aar)) throw new Error(`aar must be a whole number, got ${aar}.`);
  const organRader = await sql.query(
    `WITH i_aaret AS (
       SELECT organ_id FROM aarsstatistikk WHERE aar = $1
       UNION SELECT organ_id FROM aarsstatistikk_behandlingstid WHERE aar = $1
       UNION SELECT organ_id FROM aarsstatistikk_frist WHERE ${I_AARET}
     )
     SELECT x.organ_id, o.navn, o.nivaa FROM i_aaret x LEFT JOIN organ_register o USING (organ_id)
      ORDER BY CASE o.nivaa WHEN 'politisk' THEN 1 WHEN 'administrativt' THEN 2 WHEN 'faglig' THEN 3 ELSE 4 END, x.organ_id`,
    [aar],
  );
  const tellinger = await sql.query(`SELECT organ_id, maal, antall FROM aarsstatistikk WHERE aar = $1`, [aar]);
  const tider = await sql.query(`SELECT organ_id, ${BEHANDLINGSTID} FROM aarsstatistikk_behandlingstid WHERE aar = $1 GROUP BY organ_id`, [aar]);
  const tidTotalt = await sql.query(
    `SELECT ${BEHANDLINGSTID} FROM (SELECT DISTINCT sak_id, bestilling, dager FROM aarsstatistikk_behandlingstid WHERE aar = $1) x HAVING count(*) > 0`,
    [aar],
  );
  const forfalte = await sql.query(
    `SELECT organ_id, art,
            count(*)::int AS med_frist,
            count(*) FILTER (WHERE coalesce(slutt, $2::date) > frist)::int AS forfalte,
            count(*) FILTER (WHERE slutt IS NULL AND $2::date > frist)::int AS aapne
       FROM aarsstatistikk_frist WHERE ${I_AARET} GROUP BY organ_id, art`,
    [aar, idag],
  );

  const organer = new Map<string, { organId: string; organNavn: string | null; nivaa: string | null; tall: Record<AarsstatistikkMaal, number>; behandlingstid: Behandlingstid; forfalte: ReturnType<typeof ingenForfalte> }>();
  for (const r of organRader.rows) {
    const id = String(r['organ_id']);
    organer.set(id, { organId: id, organNavn: valgfri(r['navn']), nivaa: valgfri(r['nivaa']), tall: nuller(), behandlingstid: INGEN_BEHANDLINGSTID, forfalte: ingenForfalte() });
  }
  const organ = (id: unknown) => {
    const o = organer.get(String(id));
    if (!o) throw new Error(`Body ${String(id)} has figures for ${aar} but is not in the year's list.`);
    return o;
  };
  const totalt = nuller();
  for (const r of tellinger.rows) {
    const maal = String(r['maal']) as AarsstatistikkMaal;
    organ(r['organ_id']).tall[maal] = Number(r['antall']);
    totalt[maal] += Number(r['antall']);
  }
  for (const r of tider.rows) organ(r['organ_id']).behandlingstid = tilBehandlingstid(r);
  const forfalteTotalt = ingenForfalte();
  for (const r of forfalte.rows) {
    const antall = Number(r['forfalte']);
    for (const f of [organ(r['organ_id']).forfalte, forfalteTotalt]) {
      f.antall += antall;
      f[r['art'] === 'bestilling' ? 'bestillinger' : 'oppdrag'] += antall;
      f.fortsattAapne += Number(r['aapne']);
      f.medFrist += Number(r['med_frist']);
    }
  }
  return { aar, idag, organer: [...organer.values()], totalt, behandlingstid: tilBehandlingstid(tidTotalt.rows[0]), forfalte: forfalteTotalt };
}
