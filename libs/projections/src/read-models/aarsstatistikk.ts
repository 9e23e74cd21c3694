import { aarAv, type SakEvent } from '@saksgang/domain';
import type { RecordedEvent, SqlClient } from '@saksgang/event-store';
import type { Projection } from '../projection.js';
import { dato, dropTables, SAK_HENDELSESTYPER, somSakHendelse } from './felles.js';

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

/** Counts per year, body and measure, for the annual report. */
export class AarsstatistikkProjection implements Projection {
  readonly name = 'aarsstatistikk';
  readonly version = 1;
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
      CREATE TABLE IF NOT EXISTS aarsstatistikk_oppdrag (
        sak_id       text NOT NULL,
        oppdrag_id   text NOT NULL,
        til_organ_id text NOT NULL,
        frist        date NOT NULL,
        PRIMARY KEY (sak_id, oppdrag_id)
      );
      CREATE TABLE IF NOT EXISTS aarsstatistikk_oppfoelging (
        sak_id         text NOT NULL,
        oppfoelging_id text NOT NULL,
        til_organ_id   text NOT NULL,
        PRIMARY KEY (sak_id, oppfoelging_id)
      )`);
  }

  async reset(tx: SqlClient): Promise<void> {
    await dropTables(tx, ['aarsstatistikk', 'aarsstatistikk_oppdrag', 'aarsstatistikk_oppfoelging']);
  }

  async handle(e: RecordedEvent, tx: SqlClient): Promise<void> {
    const h = somSakHendelse(e);
    if (!h) return;
    const ev: SakEvent = h.event;
    const sakId = h.sakId;
    const aar = aarAv(h.gjelderFra);
    const tell = (organId: string, maal: AarsstatistikkMaal, i = aar) =>
      tx.query(
        `INSERT INTO aarsstatistikk (aar, organ_id, maal, antall) VALUES ($1, $2, $3, 1)
         ON CONFLICT (aar, organ_id, maal) DO UPDATE SET antall = aarsstatistikk.antall + 1`,
        [i, organId, maal],
      );
    switch (ev.type) {
      case 'SakRegistrert':
        return void (await tell(ev.data.innmeldtAv, 'saker_meldt_inn'));
      case 'UtredningBestilt':
        await tell(ev.data.bestiltAv, 'bestillinger_sendt');
        await tell(ev.data.tilOrganId, 'bestillinger_mottatt');
        return;
      case 'OppdragDelegert':
        await tx.query(`INSERT INTO aarsstatistikk_oppdrag (sak_id, oppdrag_id, til_organ_id, frist) VALUES ($1, $2, $3, $4)`, [
          sakId,
          ev.data.oppdragId,
          ev.data.tilOrganId,
          ev.data.frist,
        ]);
        await tell(ev.data.fraOrganId, 'oppdrag_delegert');
        await tell(ev.data.tilOrganId, 'oppdrag_mottatt');
        return;
      case 'UtsattFristInnvilget': {
        await tx.query(`UPDATE aarsstatistikk_oppdrag SET frist = $3 WHERE sak_id = $1 AND oppdrag_id = $2`, [sakId, ev.data.oppdragId, ev.data.nyFrist]);
        const r = (await tx.query(`SELECT til_organ_id FROM aarsstatistikk_oppdrag WHERE sak_id = $1 AND oppdrag_id = $2`, [sakId, ev.data.oppdragId])).rows[0];
        if (!r) throw new Error(`Oppdrag ${ev.data.oppdragId} of sak ${sakId} is unknown to the statistics.`);
        return void (await tell(String(r['til_organ_id']), 'frister_utsatt'));
      }
      case 'LeveranseReturnert':
        if (ev.data.nyFrist !== undefined) {
          await tx.query(`UPDATE aarsstatistikk_oppdrag SET frist = $3 WHERE sak_id = $1 AND oppdrag_id = $2`, [sakId, ev.data.oppdragId, ev.data.nyFrist]);
        }
        return void (await tell(h.utfoertAv.organId, 'leveranser_returnert'));
      case 'OppdragLevert': {
        await tell(ev.data.organId, 'oppdrag_levert');
        const { rows } = await tx.query(`SELECT $3::date > frist AS for_sent FROM aarsstatistikk_oppdrag WHERE sak_id = $1 AND oppdrag_id = $2`, [
          sakId,
          ev.data.oppdragId,
          dato(h.gjelderFra),
        ]);
        if (rows[0]?.['for_sent'] === true) await tell(ev.data.organId, 'oppdrag_levert_etter_frist');
        return;
      }
      case 'InnstillingAvgitt':
        return void (await tell(ev.data.organId, 'innstillinger_avgitt'));
      case 'SattPaaSaksliste':
        for (const o of ev.data.organer) await tell(o.organId, 'saker_paa_saksliste', aarAv(ev.data.moetedato));
        return;
      case 'VedtakFattet':
        for (const organId of ev.data.organIder) await tell(organId, `vedtak_${ev.data.vedtaksutfall}`, aarAv(ev.data.moetedato));
        return;
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
        return void (await tell(h.utfoertAv.organId, 'saker_avsluttet'));
      case 'SakTrukket':
        return void (await tell(h.utfoertAv.organId, 'saker_trukket'));
      default:
        return;
    }
  }
}

export interface AarsstatistikkForOrgan {
  readonly organId: string;
  readonly organNavn: string | null;
  readonly nivaa: string | null;
  /** Each measure's count (0 when nothing was counted). */
  readonly tall: Readonly<Record<AarsstatistikkMaal, number>>;
}

export interface Aarsstatistikk {
  readonly aar: number;
  readonly organer: readonly AarsstatistikkForOrgan[];
  readonly totalt: Readonly<Record<AarsstatistikkMaal, number>>;
}

function nuller(): Record<AarsstatistikkMaal, number> {
  return Object.fromEntries(AARSSTATISTIKK_MAAL.map((m) => [m, 0])) as Record<AarsstatistikkMaal, number>;
}

/** The year's counts per body (needs the `organer` projection for names and levels). */
export async function hentAarsstatistikk(sql: SqlClient, aar: number): Promise<Aarsstatistikk> {
  const { rows } = await sql.query(
    `SELECT a.organ_id, o.navn, o.nivaa, a.maal, a.antall FROM aarsstatistikk a LEFT JOIN organ_register o USING (organ_id)
      WHERE a.aar = $1 ORDER BY CASE o.nivaa WHEN 'politisk' THEN 1 WHEN 'administrativt' THEN 2 WHEN 'faglig' THEN 3 ELSE 4 END, a.organ_id`,
    [aar],
  );
  const organer = new Map<string, { organId: string; organNavn: string | null; nivaa: string | null; tall: Record<AarsstatistikkMaal, number> }>();
  const totalt = nuller();
  for (const r of rows) {
    const id = String(r['organ_id']);
    let o = organer.get(id);
    if (!o) {
      o = { organId: id, organNavn: r['navn'] == null ? null : String(r['navn']), nivaa: r['nivaa'] == null ? null : String(r['nivaa']), tall: nuller() };
      organer.set(id, o);
    }
    const maal = String(r['maal']) as AarsstatistikkMaal;
    o.tall[maal] = Number(r['antall']);
    totalt[maal] += Number(r['antall']);
  }
  return { aar, organer: [...organer.values()], totalt };
}
