import { assertNever, type SakEvent } from '@saksgang/domain';
import type { RecordedEvent, SqlClient } from '@saksgang/event-store';
import type { Projection } from '../projection.js';
import { dropTables, kreverDato, moetesaksnummerTekst, SAK_HENDELSESTYPER, somSakHendelse, valgfri } from './felles.js';

/**
 * Kinds of items on a body's arbeidsliste:
 * - `tildelt`: a sak assigned to the body (triage), waiting for its next step;
 * - `bestilling`: an investigation ordered from the body (received or not yet), until it answers;
 * - `oppdrag`: an oppdrag — at the receiver while it works, at the delegating body while a delivery
 *   awaits review (the domain's `ansvarligForOppdrag`);
 * - `utsettelse`: a request for a later frist, at the delegating body;
 * - `saksliste`: a sak to put on the body's agenda (after an innstilling, or postponed);
 * - `behandling`: a sak on the body's agenda, to decide at the meeting (frist: the meeting date);
 * - `tilbakesendt`: a sak sent back for more work;
 * - `oppfoelging`: a decision to follow up.
 */
export const ARBEIDSLISTE_ARTER = ['tildelt', 'bestilling', 'oppdrag', 'utsettelse', 'saksliste', 'behandling', 'tilbakesendt', 'oppfoelging'] as const;
export type ArbeidslisteArt = (typeof ARBEIDSLISTE_ARTER)[number];

/**
 * Where a closed item ended (its `status` once closed): passed on to another body, answered by an
 * innstilling, put on an agenda, a frist request granted or refused, an oppdrag's delivery accepted,
 * a decision's outcome, a follow-up completed, or the sak closed or withdrawn.
 */
export const ARBEIDSLISTE_SLUTTSTATUSER = [
  'tildelt_annet_organ',
  'utredning_bestilt',
  'innvilget',
  'avslaatt',
  'levert',
  'godtatt',
  'innstilling_avgitt',
  'paa_saksliste',
  'vedtatt',
  'tatt_til_orientering',
  'utsatt',
  'sendt_tilbake',
  'avvist',
  'fullfoert',
  'sak_avsluttet',
  'sak_trukket',
] as const;
export type ArbeidslisteSluttstatus = (typeof ARBEIDSLISTE_SLUTTSTATUSER)[number];

interface NyttPunkt {
  readonly punktId: string;
  readonly art: ArbeidslisteArt;
  readonly refId?: string;
  readonly organId: string;
  readonly fraOrganIder: readonly string[];
  readonly status: string;
  readonly frist?: string;
  readonly refFrist?: string;
  readonly beskrivelse: string;
}

/**
 * Per body: what waits for it (with frist), and what it has sent down and waits at others. Every open
 * order (bestilling) and oppdrag is exactly one open row, at exactly one body.
 */
export class ArbeidslisteProjection implements Projection {
  readonly name = 'arbeidsliste';
  /** 2: `sluttstatus`, where a closed item ended (for the sendt view of closed items). */
  readonly version = 2;
  readonly eventTypes = SAK_HENDELSESTYPER;

  async setup(tx: SqlClient): Promise<void> {
    await tx.exec(`
      CREATE TABLE IF NOT EXISTS arbeidsliste_sak (
        sak_id                  text PRIMARY KEY,
        tittel                  text NOT NULL,
        innmeldt_av             text NOT NULL,
        ansvarlig_organ_id      text,
        antall_bestillinger     integer NOT NULL DEFAULT 0,
        siste_bestilt_av        text,
        siste_bestilling_til    text,
        siste_innstilling_organ text,
        siste_lukking           text,
        siste_lukking_revisjon  integer
      );
      CREATE TABLE IF NOT EXISTS arbeidsliste_punkt (
        punkt_id            text PRIMARY KEY,
        sak_id              text NOT NULL,
        art                 text NOT NULL,
        ref_id              text,
        organ_id            text NOT NULL,
        mottaker_organ_id   text NOT NULL,
        fra_organ_ider      text[] NOT NULL,
        status              text NOT NULL,
        frist               date,
        ref_frist           date,
        beskrivelse         text NOT NULL,
        aapen               boolean NOT NULL DEFAULT true,
        opprettet           text NOT NULL,
        opprettet_revisjon  integer NOT NULL,
        sist_endret         text NOT NULL,
        lukket              text,
        lukket_fordi        text,
        sluttstatus         text,
        lukket_revisjon     integer
      );
      CREATE INDEX IF NOT EXISTS arbeidsliste_punkt_organ ON arbeidsliste_punkt (organ_id) WHERE aapen;
      CREATE INDEX IF NOT EXISTS arbeidsliste_punkt_sak ON arbeidsliste_punkt (sak_id)`);
  }

  async reset(tx: SqlClient): Promise<void> {
    await dropTables(tx, ['arbeidsliste_punkt', 'arbeidsliste_sak']);
  }

  async handle(e: RecordedEvent, tx: SqlClient): Promise<void> {
    const h = somSakHendelse(e);
    if (!h) return;
    const ev: SakEvent = h.event;
    const sakId = h.sakId;
    const naar = h.gjelderFra;
    const aapne = (p: NyttPunkt) =>
      tx.query(
        `INSERT INTO arbeidsliste_punkt (punkt_id, sak_id, art, ref_id, organ_id, mottaker_organ_id, fra_organ_ider, status, frist, ref_frist,
           beskrivelse, opprettet, opprettet_revisjon, sist_endret)
         VALUES ($1, $2, $3, $4, $5, $5, $6, $7, $8, $9, $10, $11, $12, $11)`,
        [p.punktId, sakId, p.art, p.refId ?? null, p.organId, p.fraOrganIder, p.status, p.frist ?? null, p.refFrist ?? p.frist ?? null, p.beskrivelse, naar, h.revisjon],
      );
    /** Closes the sak's open items of these kinds (optionally only those with `refId`), ending as `slutt`. */
    const lukk = (arter: readonly ArbeidslisteArt[], fordi: string, slutt: ArbeidslisteSluttstatus, refId?: string) =>
      tx.query(
        `UPDATE arbeidsliste_punkt SET aapen = false, lukket = $3, lukket_fordi = $4, sluttstatus = $7, lukket_revisjon = $6, sist_endret = $3
          WHERE sak_id = $1 AND aapen AND art = ANY($2) AND ($5::text IS NULL OR ref_id = $5)`,
        [sakId, arter, naar, fordi, refId ?? null, h.revisjon, slutt],
      );
    const oppdater = (art: ArbeidslisteArt, refId: string, sett: string, verdier: readonly unknown[]) =>
      tx.query(
        `UPDATE arbeidsliste_punkt SET ${sett}, sist_endret = $3 WHERE sak_id = $1 AND art = '${art}' AND ref_id = $2 AND aapen`,
        [sakId, refId, naar, ...verdier],
      );
    const oppdrag = async (oppdragId: string): Promise<{ fra: string; til: string }> => {
      const { rows } = await tx.query(
        `SELECT fra_organ_ider[1] AS fra, mottaker_organ_id AS til FROM arbeidsliste_punkt WHERE sak_id = $1 AND art = 'oppdrag' AND ref_id = $2`,
        [sakId, oppdragId],
      );
      const r = rows[0];
      if (!r) throw new Error(`Oppdrag ${oppdragId} of sak ${sakId} is not on any arbeidsliste (was OppdragDelegert missed?).`);
      return { fra: String(r['fra']), til: String(r['til']) };
    };
    const sak = async () => {
      const r = (await tx.query(`SELECT * FROM arbeidsliste_sak WHERE sak_id = $1`, [sakId])).rows[0];
      if (!r) throw new Error(`Sak ${sakId} is not in the arbeidsliste read model (was SakRegistrert missed?).`);
      return {
        tittel: String(r['tittel']),
        innmeldtAv: String(r['innmeldt_av']),
        ansvarlig: valgfri(r['ansvarlig_organ_id']),
        antallBestillinger: Number(r['antall_bestillinger']),
        sisteBestiltAv: valgfri(r['siste_bestilt_av']),
        sisteBestillingTil: valgfri(r['siste_bestilling_til']),
        sisteInnstillingOrgan: valgfri(r['siste_innstilling_organ']),
      };
    };
    const settAnsvarlig = (organId: string) => tx.query(`UPDATE arbeidsliste_sak SET ansvarlig_organ_id = $2 WHERE sak_id = $1`, [sakId, organId]);

    switch (ev.type) {
      case 'SakRegistrert':
        await tx.query(`INSERT INTO arbeidsliste_sak (sak_id, tittel, innmeldt_av) VALUES ($1, $2, $3)`, [sakId, ev.data.tittel, ev.data.innmeldtAv]);
        return;
      case 'NivaaTildelt':
        await lukk(['tildelt', 'tilbakesendt'], 'tildelt et annet organ', 'tildelt_annet_organ');
        await settAnsvarlig(ev.data.organId);
        await aapne({
          punktId: `${sakId}/tildelt/${h.revisjon}`,
          art: 'tildelt',
          organId: ev.data.organId,
          fraOrganIder: [h.utfoertAv.organId],
          status: 'tildelt',
          beskrivelse: `Saken er tildelt ${ev.data.organId}${ev.data.begrunnelse ? `: ${ev.data.begrunnelse}` : ''}`,
        });
        return;
      case 'UtredningBestilt': {
        const d = ev.data;
        await lukk(['tildelt', 'tilbakesendt'], 'utredning bestilt', 'utredning_bestilt');
        const n = (await sak()).antallBestillinger + 1;
        await tx.query(
          `UPDATE arbeidsliste_sak SET antall_bestillinger = $2, siste_bestilt_av = $3, siste_bestilling_til = $4 WHERE sak_id = $1`,
          [sakId, n, d.bestiltAv, d.tilOrganId],
        );
        await aapne({
          punktId: `${sakId}/bestilling/${n}`,
          art: 'bestilling',
          refId: String(n),
          organId: d.tilOrganId,
          fraOrganIder: [d.bestiltAv],
          status: 'bestilt',
          frist: d.frist,
          beskrivelse: d.mandat,
        });
        return;
      }
      case 'BestillingMottatt':
        await settAnsvarlig(ev.data.organId);
        await tx.query(`UPDATE arbeidsliste_punkt SET status = 'mottatt', sist_endret = $2 WHERE sak_id = $1 AND art = 'bestilling' AND aapen`, [sakId, naar]);
        return;
      case 'OppdragDelegert': {
        const d = ev.data;
        await aapne({
          punktId: `${sakId}/oppdrag/${d.oppdragId}`,
          art: 'oppdrag',
          refId: d.oppdragId,
          organId: d.tilOrganId,
          fraOrganIder: [d.fraOrganId],
          status: 'delegert',
          frist: d.frist,
          beskrivelse: d.mandat,
        });
        return;
      }
      case 'OppdragAkseptert':
        await oppdater('oppdrag', ev.data.oppdragId, `status = 'akseptert'`, []);
        return;
      case 'UtsattFristBedt': {
        const o = await oppdrag(ev.data.oppdragId);
        await aapne({
          punktId: `${sakId}/utsettelse/${ev.data.oppdragId}/${h.revisjon}`,
          art: 'utsettelse',
          refId: ev.data.oppdragId,
          organId: o.fra,
          fraOrganIder: [o.til],
          status: 'bedt',
          beskrivelse: `${o.til} ber om utsatt frist til ${ev.data.nyFrist}: ${ev.data.begrunnelse}`,
        });
        return;
      }
      case 'UtsattFristInnvilget':
        await oppdater('oppdrag', ev.data.oppdragId, `frist = $4, ref_frist = $4`, [ev.data.nyFrist]);
        await lukk(['utsettelse'], 'innvilget', 'innvilget', ev.data.oppdragId);
        return;
      case 'UtsattFristAvslaatt':
        await lukk(['utsettelse'], 'avslått', 'avslaatt', ev.data.oppdragId);
        return;
      case 'OppdragLevert': {
        const o = await oppdrag(ev.data.oppdragId);
        // The delivery now waits for the delegating body's review (no frist of its own).
        await oppdater('oppdrag', ev.data.oppdragId, `status = 'levert', organ_id = $4, frist = NULL`, [o.fra]);
        await lukk(['utsettelse'], 'levert', 'levert', ev.data.oppdragId);
        return;
      }
      case 'LeveranseGodtatt':
        await lukk(['oppdrag'], 'leveransen godtatt', 'godtatt', ev.data.oppdragId);
        return;
      case 'LeveranseReturnert':
        await oppdater('oppdrag', ev.data.oppdragId, `status = 'returnert', organ_id = mottaker_organ_id, frist = coalesce($4::date, ref_frist), ref_frist = coalesce($4::date, ref_frist)`, [
          ev.data.nyFrist ?? null,
        ]);
        return;
      case 'InnstillingAvgitt': {
        const s = await sak();
        await lukk(['bestilling', 'tildelt', 'tilbakesendt'], 'innstilling avgitt', 'innstilling_avgitt');
        await tx.query(`UPDATE arbeidsliste_sak SET siste_innstilling_organ = $2 WHERE sak_id = $1`, [sakId, ev.data.organId]);
        // The ordering body puts the answer to its order on its agenda; else the body itself does.
        const til = s.sisteBestillingTil === ev.data.organId && s.sisteBestiltAv ? s.sisteBestiltAv : ev.data.organId;
        await aapne({
          punktId: `${sakId}/saksliste/${h.revisjon}`,
          art: 'saksliste',
          organId: til,
          fraOrganIder: [ev.data.organId],
          status: 'innstilling_avgitt',
          beskrivelse: `Innstilling fra ${ev.data.organId}: ${ev.data.forslagTilVedtak}`,
        });
        return;
      }
      case 'SattPaaSaksliste': {
        const d = ev.data;
        await lukk(['saksliste', 'tildelt', 'bestilling', 'tilbakesendt'], 'satt på saksliste', 'paa_saksliste');
        for (const o of d.organer) {
          await aapne({
            punktId: `${sakId}/behandling/${d.sakslistepunktId}/${o.organId}`,
            art: 'behandling',
            refId: d.sakslistepunktId,
            organId: o.organId,
            fraOrganIder: [h.utfoertAv.organId],
            status: 'paa_saksliste',
            frist: d.moetedato,
            beskrivelse: `Sak ${moetesaksnummerTekst(o)} i møtet ${d.moetedato}${d.moetested ? `, ${d.moetested}` : ''}`,
          });
        }
        return;
      }
      case 'VedtakFattet': {
        const d = ev.data;
        await lukk(['behandling'], `vedtak: ${d.vedtaksutfall}`, d.vedtaksutfall, d.sakslistepunktId);
        switch (d.vedtaksutfall) {
          case 'vedtatt':
          case 'tatt_til_orientering':
          case 'avvist':
            return;
          case 'utsatt':
            for (const organId of d.organIder) {
              await aapne({
                punktId: `${sakId}/saksliste/${h.revisjon}/${organId}`,
                art: 'saksliste',
                organId,
                fraOrganIder: [organId],
                status: 'utsatt',
                beskrivelse: `Utsatt i møtet ${d.moetedato}: settes på en ny saksliste`,
              });
            }
            return;
          case 'sendt_tilbake': {
            const s = await sak();
            const til = s.sisteInnstillingOrgan ?? s.ansvarlig ?? s.innmeldtAv;
            await settAnsvarlig(til);
            await aapne({
              punktId: `${sakId}/tilbakesendt/${h.revisjon}`,
              art: 'tilbakesendt',
              organId: til,
              fraOrganIder: d.organIder,
              status: 'sendt_tilbake',
              beskrivelse: `Sendt tilbake fra møtet ${d.moetedato}: ${d.vedtakstekst}`,
            });
            return;
          }
          default:
            return assertNever(d.vedtaksutfall, 'vedtaksutfall');
        }
      }
      case 'SendtTilOppfoelging': {
        const d = ev.data;
        await aapne({
          punktId: `${sakId}/oppfoelging/${d.oppfoelgingId}`,
          art: 'oppfoelging',
          refId: d.oppfoelgingId,
          organId: d.tilOrganId,
          fraOrganIder: d.fraOrganIder.length > 0 ? d.fraOrganIder : [h.utfoertAv.organId],
          status: 'til_oppfoelging',
          frist: d.frist,
          beskrivelse: d.beskrivelse,
        });
        return;
      }
      case 'OppfoelgingRapportert':
        await oppdater('oppfoelging', ev.data.oppfoelgingId, `status = 'rapportert'`, []);
        return;
      case 'OppfoelgingFullfoert':
        await lukk(['oppfoelging'], 'fullført', 'fullfoert', ev.data.oppfoelgingId);
        return;
      case 'SakAvsluttet':
      case 'SakTrukket':
        await lukk(ARBEIDSLISTE_ARTER, ev.type === 'SakAvsluttet' ? 'saken avsluttet' : 'saken trukket', ev.type === 'SakAvsluttet' ? 'sak_avsluttet' : 'sak_trukket');
        await tx.query(`UPDATE arbeidsliste_sak SET siste_lukking = $2, siste_lukking_revisjon = $3 WHERE sak_id = $1`, [sakId, ev.type, h.revisjon]);
        return;
      case 'SakGjenaapnet':
        // Closing a sak leaves its oppdrag as they were (withdrawing it ends them): reopening one that
        // was closed brings back the oppdrag and pending frist requests it closed.
        await tx.query(
          `UPDATE arbeidsliste_punkt p SET aapen = true, lukket = NULL, lukket_fordi = NULL, sluttstatus = NULL, lukket_revisjon = NULL, sist_endret = $2
             FROM arbeidsliste_sak s
            WHERE s.sak_id = $1 AND p.sak_id = $1 AND s.siste_lukking = 'SakAvsluttet'
              AND p.lukket_revisjon = s.siste_lukking_revisjon AND p.art IN ('oppdrag', 'utsettelse')`,
          [sakId, naar],
        );
        return;
      case 'OpplysningKorrigert': {
        const d = ev.data;
        if (d.hendelsestype === 'SakRegistrert' && d.felt === 'tittel' && typeof d.nyVerdi === 'string') {
          await tx.query(`UPDATE arbeidsliste_sak SET tittel = $2 WHERE sak_id = $1`, [sakId, d.nyVerdi]);
        } else if (d.felt === 'frist' && typeof d.nyVerdi === 'string' && (d.hendelsestype === 'OppdragDelegert' || d.hendelsestype === 'UtredningBestilt')) {
          await tx.query(
            `UPDATE arbeidsliste_punkt SET ref_frist = $3::date, frist = CASE WHEN frist IS NULL THEN NULL ELSE $3::date END
              WHERE sak_id = $1 AND opprettet_revisjon = $2 AND art IN ('oppdrag', 'bestilling')`,
            [sakId, d.hendelsesnummer, d.nyVerdi],
          );
        } else if (d.hendelsestype === 'SattPaaSaksliste' && d.felt === 'moetedato' && typeof d.nyVerdi === 'string') {
          await tx.query(`UPDATE arbeidsliste_punkt SET frist = $3::date WHERE sak_id = $1 AND opprettet_revisjon = $2 AND art = 'behandling'`, [
            sakId,
            d.hendelsesnummer,
            d.nyVerdi,
          ]);
        }
        return;
      }
      default:
        return assertNever(ev, 'sak event');
    }
  }
}

export interface ArbeidslistePunkt {
  readonly punktId: string;
  readonly sakId: string;
  readonly sakTittel: string;
  readonly art: ArbeidslisteArt;
  /** The oppdrag, oppfølging, agenda item or order number the item is about. */
  readonly refId: string | null;
  /** The body whose turn it is. */
  readonly organId: string;
  /** The body the item was sent to (for an oppdrag: its receiver, also while the delivery is reviewed). */
  readonly mottakerOrganId: string;
  /** The body (or bodies) that sent it. */
  readonly fraOrganIder: readonly string[];
  readonly status: string;
  readonly frist: string | null;
  readonly beskrivelse: string;
  readonly opprettet: string;
  readonly sistEndret: string;
  /** Days until the frist (negative: overdue), relative to the given today; null without a frist. */
  readonly dagerTilFrist: number | null;
  readonly forfalt: boolean;
}

export interface Arbeidsliste {
  readonly organId: string;
  readonly idag: string;
  /** What waits for this body, earliest frist first. */
  readonly venter: readonly ArbeidslistePunkt[];
  /** What this body has sent (ordered, delegated, sent to follow-up) that waits at others. */
  readonly sendtNedover: readonly ArbeidslistePunkt[];
}

const PUNKT_KOLONNER = `p.punkt_id, p.sak_id, s.tittel AS sak_tittel, p.art, p.ref_id, p.organ_id, p.mottaker_organ_id, p.fra_organ_ider,
  p.status, p.frist::text AS frist, p.beskrivelse, p.opprettet, p.sist_endret, (p.frist - $1::date) AS dager_til_frist`;

function tilPunkt(r: Record<string, unknown>): ArbeidslistePunkt {
  const dager = r['dager_til_frist'] === null || r['dager_til_frist'] === undefined ? null : Number(r['dager_til_frist']);
  return {
    punktId: String(r['punkt_id']),
    sakId: String(r['sak_id']),
    sakTittel: String(r['sak_tittel']),
    art: String(r['art']) as ArbeidslisteArt,
    refId: valgfri(r['ref_id']),
    organId: String(r['organ_id']),
    mottakerOrganId: String(r['mottaker_organ_id']),
    fraOrganIder: (r['fra_organ_ider'] as string[]) ?? [],
    status: String(r['status']),
    frist: valgfri(r['frist']),
    beskrivelse: String(r['beskrivelse']),
    opprettet: String(r['opprettet']),
    sistEndret: String(r['sist_endret']),
    dagerTilFrist: dager,
    forfalt: dager !== null && dager < 0,
  };
}

/** A body's arbeidsliste on the given day (`YYYY-MM-DD`). */
export async function hentArbeidsliste(sql: SqlClient, organId: string, idag: string): Promise<Arbeidsliste> {
  kreverDato(idag, 'idag');
  const venter = await sql.query(
    `SELECT ${PUNKT_KOLONNER} FROM arbeidsliste_punkt p JOIN arbeidsliste_sak s USING (sak_id)
      WHERE p.aapen AND p.organ_id = $2
      ORDER BY p.frist NULLS LAST, p.opprettet, p.punkt_id`,
    [idag, organId],
  );
  const sendt = await sql.query(
    `SELECT ${PUNKT_KOLONNER} FROM arbeidsliste_punkt p JOIN arbeidsliste_sak s USING (sak_id)
      WHERE p.aapen AND $2 = ANY(p.fra_organ_ider) AND p.organ_id <> $2
      ORDER BY p.frist NULLS LAST, p.opprettet, p.punkt_id`,
    [idag, organId],
  );
  return { organId, idag, venter: venter.rows.map(tilPunkt), sendtNedover: sendt.rows.map(tilPunkt) };
}

/**
 * An item a body has sent, open or closed, with where it stands. Closed: `status` is how it ended,
 * `organId` the body that had it last, `dagerTilFrist` null and `forfalt` false.
 */
export interface SendtPunkt extends ArbeidslistePunkt {
  readonly aapen: boolean;
  /** When it was closed (effective time); null while open. */
  readonly lukket: string | null;
  /** Why it was closed, in words (`leveransen godtatt`, `innstilling avgitt` …); null while open. */
  readonly lukketFordi: string | null;
}

export type SendtStatusFilter = 'aapen' | 'alle';

/**
 * The other direction of a body's arbeidsliste: everything it has ordered, delegated, put on another
 * body's agenda or sent to follow-up, and where each one stands — open items first (earliest frist
 * first; `organId` is the body whose turn it is, also the sender itself while a delivery awaits its
 * review), then closed ones, latest closed first, with the status they ended in
 * ({@link ARBEIDSLISTE_SLUTTSTATUSER}). Items it sent to itself are not listed.
 */
export async function hentSendt(sql: SqlClient, organId: string, idag: string, status: SendtStatusFilter = 'alle'): Promise<SendtPunkt[]> {
  kreverDato(idag, 'idag');
  const { rows } = await sql.query(
    `SELECT ${PUNKT_KOLONNER}, p.aapen, p.lukket, p.lukket_fordi, p.sluttstatus
       FROM arbeidsliste_punkt p JOIN arbeidsliste_sak s USING (sak_id)
      WHERE $2 = ANY(p.fra_organ_ider) AND p.mottaker_organ_id <> $2 AND (p.aapen OR NOT $3::boolean)
      ORDER BY p.aapen DESC, CASE WHEN p.aapen THEN p.frist END NULLS LAST, CASE WHEN p.aapen THEN p.opprettet END, p.lukket DESC, p.punkt_id`,
    [idag, organId, status === 'aapen'],
  );
  return rows.map((r) => {
    const aapen = r['aapen'] === true;
    const punkt = tilPunkt(r);
    return {
      ...punkt,
      status: aapen ? punkt.status : String(r['sluttstatus'] ?? punkt.status),
      dagerTilFrist: aapen ? punkt.dagerTilFrist : null,
      forfalt: aapen && punkt.forfalt,
      aapen,
      lukket: valgfri(r['lukket']),
      lukketFordi: valgfri(r['lukket_fordi']),
    };
  });
}

/**
 * Frister og restanser: open items whose frist is before `idag`, most overdue first — for one body
 * (what it owes) or, without `organId`, for all.
 */
export async function hentRestanser(sql: SqlClient, idag: string, organId?: string): Promise<ArbeidslistePunkt[]> {
  kreverDato(idag, 'idag');
  const { rows } = await sql.query(
    `SELECT ${PUNKT_KOLONNER} FROM arbeidsliste_punkt p JOIN arbeidsliste_sak s USING (sak_id)
      WHERE p.aapen AND p.frist < $1::date AND ($2::text IS NULL OR p.organ_id = $2)
      ORDER BY p.frist, p.organ_id, p.punkt_id`,
    [idag, organId ?? null],
  );
  return rows.map(tilPunkt);
}

/** Open items due within `dager` days from `idag` (not yet overdue), for one body or all. */
export async function hentKommendeFrister(sql: SqlClient, idag: string, dager: number, organId?: string): Promise<ArbeidslistePunkt[]> {
  kreverDato(idag, 'idag');
  const { rows } = await sql.query(
    `SELECT ${PUNKT_KOLONNER} FROM arbeidsliste_punkt p JOIN arbeidsliste_sak s USING (sak_id)
      WHERE p.aapen AND p.frist >= $1::date AND p.frist <= $1::date + $3::int AND ($2::text IS NULL OR p.organ_id = $2)
      ORDER BY p.frist, p.organ_id, p.punkt_id`,
    [idag, organId ?? null, dager],
  );
  return rows.map(tilPunkt);
}

/** Every open item of a sak (for checks and the sak page). */
export async function hentAapnePunkterForSak(sql: SqlClient, sakId: string, idag: string): Promise<ArbeidslistePunkt[]> {
  kreverDato(idag, 'idag');
  const { rows } = await sql.query(
    `SELECT ${PUNKT_KOLONNER} FROM arbeidsliste_punkt p JOIN arbeidsliste_sak s USING (sak_id)
      WHERE p.aapen AND p.sak_id = $2 ORDER BY p.opprettet_revisjon, p.punkt_id`,
    [idag, sakId],
  );
  return rows.map(tilPunkt);
}
