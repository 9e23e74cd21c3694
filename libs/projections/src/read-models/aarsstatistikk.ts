import { aarAv, assertNever, type SakEvent } from '@saksgang/domain';
import type { RecordedEvent, SqlClient } from '@saksgang/event-store';
import type { Projection } from '../projection.js';
import { dato, dropTables, kreverDato, SAK_HENDELSESTYPER, somSakHendelse, valgfri } from './felles.js';

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
  /** 2: orders' and oppdrag' frister and ends (overdue counts), and days from order to decision. */
  readonly version = 2;
  readonly eventTypes = SAK_HENDELSESTYPER;

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

  async handle(e: RecordedEvent, tx: SqlClient): Promise<void> {
    const h = somSakHendelse(e);
    if (!h) return;
    const ev: SakEvent = h.event;
    const sakId = h.sakId;
    const aar = aarAv(h.gjelderFra);
    const dag = dato(h.gjelderFra);
    const tell = (organId: string, maal: AarsstatistikkMaal, i = aar) =>
      tx.query(
        `INSERT INTO aarsstatistikk (aar, organ_id, maal, antall) VALUES ($1, $2, $3, 1)
         ON CONFLICT (aar, organ_id, maal) DO UPDATE SET antall = aarsstatistikk.antall + 1`,
        [i, organId, maal],
      );
    const nyFrist = (art: FristArt, refId: string, fra: string, til: string, frist: string) =>
      tx.query(
        `INSERT INTO aarsstatistikk_frist (sak_id, art, ref_id, fra_organ_id, organ_id, startet, frist, revisjon) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [sakId, art, refId, fra, til, dag, frist, h.revisjon],
      );
    /** Ends the sak's open items of a kind (optionally one), on `naar`. */
    const avslutt = (art: FristArt | null, fordi: string, refId: string | null = null, naar = dag) =>
      tx.query(
        `UPDATE aarsstatistikk_frist SET slutt = $5::date, slutt_fordi = $4
          WHERE sak_id = $1 AND slutt IS NULL AND ($2::text IS NULL OR art = $2) AND ($3::text IS NULL OR ref_id = $3)`,
        [sakId, art, refId, fordi, naar],
      );
    const settFrist = (oppdragId: string, frist: string) =>
      tx.query(`UPDATE aarsstatistikk_frist SET frist = $3 WHERE sak_id = $1 AND art = 'oppdrag' AND ref_id = $2`, [sakId, oppdragId, frist]);
    const mottakerAvOppdrag = async (oppdragId: string): Promise<string> => {
      const r = (await tx.query(`SELECT organ_id FROM aarsstatistikk_frist WHERE sak_id = $1 AND art = 'oppdrag' AND ref_id = $2`, [sakId, oppdragId])).rows[0];
      if (!r) throw new Error(`Oppdrag ${oppdragId} of sak ${sakId} is unknown to the statistics.`);
      return String(r['organ_id']);
    };
    switch (ev.type) {
      case 'SakRegistrert':
        return void (await tell(ev.data.innmeldtAv, 'saker_meldt_inn'));
      case 'UtredningBestilt': {
        await tell(ev.data.bestiltAv, 'bestillinger_sendt');
        await tell(ev.data.tilOrganId, 'bestillinger_mottatt');
        // Numbered per sak from 1, as the arbeidsliste numbers its order items.
        const n = (await tx.query(`SELECT count(*)::int AS n FROM aarsstatistikk_frist WHERE sak_id = $1 AND art = 'bestilling'`, [sakId])).rows[0]?.['n'];
        return void (await nyFrist('bestilling', String(Number(n ?? 0) + 1), ev.data.bestiltAv, ev.data.tilOrganId, ev.data.frist));
      }
      case 'OppdragDelegert':
        await nyFrist('oppdrag', ev.data.oppdragId, ev.data.fraOrganId, ev.data.tilOrganId, ev.data.frist);
        await tell(ev.data.fraOrganId, 'oppdrag_delegert');
        await tell(ev.data.tilOrganId, 'oppdrag_mottatt');
        return;
      case 'UtsattFristInnvilget':
        await settFrist(ev.data.oppdragId, ev.data.nyFrist);
        return void (await tell(await mottakerAvOppdrag(ev.data.oppdragId), 'frister_utsatt'));
      case 'LeveranseReturnert':
        // Open again, to the new frist if one was given, else the old one.
        if (ev.data.nyFrist !== undefined) await settFrist(ev.data.oppdragId, ev.data.nyFrist);
        await tx.query(`UPDATE aarsstatistikk_frist SET slutt = NULL, slutt_fordi = NULL WHERE sak_id = $1 AND art = 'oppdrag' AND ref_id = $2`, [sakId, ev.data.oppdragId]);
        return void (await tell(h.utfoertAv.organId, 'leveranser_returnert'));
      case 'OppdragLevert': {
        await tell(ev.data.organId, 'oppdrag_levert');
        const { rows } = await tx.query(`SELECT $3::date > frist AS for_sent FROM aarsstatistikk_frist WHERE sak_id = $1 AND art = 'oppdrag' AND ref_id = $2`, [
          sakId,
          ev.data.oppdragId,
          dag,
        ]);
        if (rows[0]?.['for_sent'] === true) await tell(ev.data.organId, 'oppdrag_levert_etter_frist');
        return void (await avslutt('oppdrag', 'levert', ev.data.oppdragId));
      }
      case 'InnstillingAvgitt':
        // The investigation is answered (the arbeidsliste closes the order here too).
        await avslutt('bestilling', 'innstilling_avgitt');
        return void (await tell(ev.data.organId, 'innstillinger_avgitt'));
      case 'SattPaaSaksliste':
        await avslutt('bestilling', 'paa_saksliste');
        for (const o of ev.data.organer) await tell(o.organId, 'saker_paa_saksliste', aarAv(ev.data.moetedato));
        return;
      case 'VedtakFattet': {
        const d = ev.data;
        for (const organId of d.organIder) await tell(organId, `vedtak_${d.vedtaksutfall}`, aarAv(d.moetedato));
        switch (d.vedtaksutfall) {
          case 'vedtatt':
          case 'tatt_til_orientering':
          case 'avvist':
            return void (await besvarBestillinger(tx, sakId, d.moetedato, d.organIder));
          case 'utsatt':
          case 'sendt_tilbake':
            return; // not an answer: the orders wait for a later decision
          default:
            return assertNever(d.vedtaksutfall, 'vedtaksutfall');
        }
      }
      case 'SendtTilOppfoelging':
        await tx.query(`INSERT INTO aarsstatistikk_oppfoelging (sak_id, oppfoelging_id, til_organ_id) VALUES ($1, $2, $3)`, [
          sakId,
          ev.data.oppfoelgingId,
          ev.data.tilOrganId,
        ]);
        return void (await tell(ev.data.tilOrganId, 'oppfoelginger_mottatt'));
      case 'OppfoelgingFullfoert': {
        const r = (await tx.query(`SELECT til_organ_id FROM aarsstatistikk_oppfoelging WHERE sak_id = $1 AND oppfoelging_id = $2`, [sakId, ev.data.oppfoelgingId])).rows[0];
        if (!r) throw new Error(`Oppfølging ${ev.data.oppfoelgingId} of sak ${sakId} is unknown to the statistics.`);
        return void (await tell(String(r['til_organ_id']), 'oppfoelginger_fullfoert'));
      }
      case 'SakAvsluttet':
        await avslutt(null, 'sak_avsluttet');
        return void (await tell(h.utfoertAv.organId, 'saker_avsluttet'));
      case 'SakTrukket':
        await avslutt(null, 'sak_trukket');
        return void (await tell(h.utfoertAv.organId, 'saker_trukket'));
      case 'SakGjenaapnet':
        // As the arbeidsliste: the oppdrag the closing ended are open again (orders stay answered).
        await tx.query(`UPDATE aarsstatistikk_frist SET slutt = NULL, slutt_fordi = NULL WHERE sak_id = $1 AND art = 'oppdrag' AND slutt_fordi = 'sak_avsluttet'`, [sakId]);
        return;
      case 'OpplysningKorrigert': {
        const d = ev.data;
        const art: FristArt | undefined = d.hendelsestype === 'UtredningBestilt' ? 'bestilling' : d.hendelsestype === 'OppdragDelegert' ? 'oppdrag' : undefined;
        if (art && d.felt === 'frist' && typeof d.nyVerdi === 'string') {
          await tx.query(`UPDATE aarsstatistikk_frist SET frist = $4::date WHERE sak_id = $1 AND art = $2 AND revisjon = $3`, [sakId, art, d.hendelsesnummer, d.nyVerdi]);
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
        return assertNever(ev, 'sak event');
    }
  }
}

type FristArt = 'bestilling' | 'oppdrag';

/**
 * A decision answers the sak's orders not answered by an earlier one (and placed on or before the
 * meeting): each gets its days from order to decision, once per body involved, in the meeting's year.
 */
async function besvarBestillinger(tx: SqlClient, sakId: string, moetedato: string, organIder: readonly string[]): Promise<void> {
  const vilkaar = `f.sak_id = $1 AND f.art = 'bestilling' AND f.vedtatt IS NULL AND f.startet <= $2::date`;
  await tx.query(
    `INSERT INTO aarsstatistikk_behandlingstid (sak_id, bestilling, organ_id, aar, dager)
     SELECT DISTINCT f.sak_id, f.ref_id, x.organ_id, $3::int, $2::date - f.startet
       FROM aarsstatistikk_frist f CROSS JOIN LATERAL unnest(ARRAY[f.fra_organ_id, f.organ_id] || $4::text[]) AS x(organ_id)
      WHERE ${vilkaar}
     ON CONFLICT (sak_id, bestilling, organ_id) DO NOTHING`,
    [sakId, moetedato, aarAv(moetedato), organIder],
  );
  await tx.query(`UPDATE aarsstatistikk_frist f SET vedtatt = $2::date, slutt = coalesce(f.slutt, $2::date), slutt_fordi = coalesce(f.slutt_fordi, 'vedtak') WHERE ${vilkaar}`, [
    sakId,
    moetedato,
  ]);
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
