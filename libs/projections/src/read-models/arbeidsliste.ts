import { ansvarligEtter, ansvarligForOppdrag, assertNever, oppdragsstatusEtter, type Oppdragsstatus, type SakEvent, sakslisteorganForInnstilling } from '@saksgang/domain';
import type { RecordedEvent, SqlClient } from '@saksgang/event-store';
import type { Projection } from '../projection.js';
import { RowBatch, type TableSpec } from '../runner/row-batch.js';
import { dropTables, kreverDato, moetesaksnummerTekst, SAK_HENDELSESTYPER, type SakHendelse, somSakHendelse, valgfri } from './felles.js';

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
 * - `oppfoelging`: a decision to follow up;
 * - `hoering`: a draft on hearing, at the body that sent it, until the sak goes on an agenda (frist: the hearing's);
 *   for a hearing sent to registered parties one item per party, closed when its answer is recorded.
 */
export const ARBEIDSLISTE_ARTER = ['tildelt', 'bestilling', 'oppdrag', 'utsettelse', 'saksliste', 'behandling', 'tilbakesendt', 'oppfoelging', 'hoering'] as const;
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
  'droeftet',
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
  /**
   * 2: `sluttstatus`, where a closed item ended (for the sendt view of closed items).
   * 3: set-based batch handling (`RowBatch`) instead of SQL per event; the rows are the same, the bump
   *    rebuilds stored read models once so they are written by one implementation only.
   */
  readonly version = 3;
  readonly eventTypes = SAK_HENDELSESTYPER;
  readonly tables = TABELLER.map((t) => t.table);

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

  async handleBatch(events: readonly RecordedEvent[], tx: SqlClient): Promise<void> {
    await RowBatch.project(tx, TABELLER, events, somSakHendelse, (h) => h.sakId, (h, rader) => anvend(h, rader));
  }
}

/** A row of `arbeidsliste_sak` as stored. */
interface ArbeidslisteSakRad {
  sak_id: string;
  tittel: string;
  innmeldt_av: string;
  ansvarlig_organ_id: string | null;
  antall_bestillinger: number;
  siste_bestilt_av: string | null;
  siste_bestilling_til: string | null;
  siste_innstilling_organ: string | null;
  /** The event type that last closed the sak (`SakAvsluttet` or `SakTrukket`). */
  siste_lukking: string | null;
  siste_lukking_revisjon: number | null;
}

/** A row of `arbeidsliste_punkt` as stored (dates as `YYYY-MM-DD`). */
interface ArbeidslistePunktRad {
  punkt_id: string;
  sak_id: string;
  art: ArbeidslisteArt;
  ref_id: string | null;
  organ_id: string;
  mottaker_organ_id: string;
  fra_organ_ider: string[];
  status: string;
  frist: string | null;
  ref_frist: string | null;
  beskrivelse: string;
  aapen: boolean;
  opprettet: string;
  opprettet_revisjon: number;
  sist_endret: string;
  lukket: string | null;
  lukket_fordi: string | null;
  sluttstatus: ArbeidslisteSluttstatus | null;
  lukket_revisjon: number | null;
}

const ARBEIDSLISTE_SAK: TableSpec<ArbeidslisteSakRad> = {
  table: 'arbeidsliste_sak',
  kind: 'grouped',
  key: ['sak_id'],
  groupColumn: 'sak_id',
  columns: [
    'sak_id', 'tittel', 'innmeldt_av', 'ansvarlig_organ_id', 'antall_bestillinger', 'siste_bestilt_av', 'siste_bestilling_til', 'siste_innstilling_organ',
    'siste_lukking', 'siste_lukking_revisjon',
  ],
};

const ARBEIDSLISTE_PUNKT: TableSpec<ArbeidslistePunktRad> = {
  table: 'arbeidsliste_punkt',
  kind: 'grouped',
  key: ['punkt_id'],
  groupColumn: 'sak_id',
  columns: [
    'punkt_id', 'sak_id', 'art', 'ref_id', 'organ_id', 'mottaker_organ_id', 'fra_organ_ider', 'status', 'frist', 'ref_frist', 'beskrivelse', 'aapen',
    'opprettet', 'opprettet_revisjon', 'sist_endret', 'lukket', 'lukket_fordi', 'sluttstatus', 'lukket_revisjon',
  ],
};
const TABELLER = [ARBEIDSLISTE_SAK, ARBEIDSLISTE_PUNKT] as const;

/** Applies one sak event to the sak's rows (all of them loaded for the batch). */
function anvend(h: SakHendelse, rader: RowBatch): void {
  const ev: SakEvent = h.event;
  const sakId = h.sakId;
  const naar = h.gjelderFra;
  const punkter = (): ArbeidslistePunktRad[] => rader.rowsOf(ARBEIDSLISTE_PUNKT, sakId);
  const aapne = (p: NyttPunkt): void => {
    // An item is inserted once: its id is made from the event that opened it.
    rader.insert(ARBEIDSLISTE_PUNKT, {
      punkt_id: p.punktId,
      sak_id: sakId,
      art: p.art,
      ref_id: p.refId ?? null,
      organ_id: p.organId,
      mottaker_organ_id: p.organId,
      fra_organ_ider: [...p.fraOrganIder],
      status: p.status,
      frist: p.frist ?? null,
      ref_frist: p.refFrist ?? p.frist ?? null,
      beskrivelse: p.beskrivelse,
      aapen: true,
      opprettet: naar,
      opprettet_revisjon: h.revisjon,
      sist_endret: naar,
      lukket: null,
      lukket_fordi: null,
      sluttstatus: null,
      lukket_revisjon: null,
    });
  };
  /** Closes the sak's open items of these kinds (optionally only those with `refId`), ending as `slutt`. */
  const lukk = (arter: readonly ArbeidslisteArt[], fordi: string, slutt: ArbeidslisteSluttstatus, refId?: string): void => {
    const ref = refId ?? null;
    for (const p of punkter()) {
      if (!p.aapen || !arter.includes(p.art) || (ref !== null && p.ref_id !== ref)) continue;
      p.aapen = false;
      p.lukket = naar;
      p.lukket_fordi = fordi;
      p.sluttstatus = slutt;
      p.lukket_revisjon = h.revisjon;
      p.sist_endret = naar;
    }
  };
  /** Changes the sak's open item of this kind and `refId` with `sett` (which sees the values before the change). */
  const oppdater = (art: ArbeidslisteArt, refId: string, sett: (p: ArbeidslistePunktRad) => void): void => {
    for (const p of punkter()) {
      if (p.art !== art || p.ref_id !== refId || !p.aapen) continue;
      sett(p);
      p.sist_endret = naar;
    }
  };
  /** The delegating body (`fra`) and the receiver (`til`) of an oppdrag, open or closed. */
  const oppdrag = (oppdragId: string): { fra: string; til: string } => {
    const r = punkter().find((p) => p.art === 'oppdrag' && p.ref_id === oppdragId);
    if (!r) throw new Error(`Oppdrag ${oppdragId} of sak ${sakId} is not on any arbeidsliste (was OppdragDelegert missed?).`);
    return { fra: String(r.fra_organ_ider[0] ?? null), til: r.mottaker_organ_id };
  };
  const sak = (): ArbeidslisteSakRad =>
    rader.require(ARBEIDSLISTE_SAK, { sak_id: sakId }, `Sak ${sakId} is not in the arbeidsliste read model (was SakRegistrert missed?).`);
  /** Changes the sak's row if there is one (as an UPDATE would). */
  const endreSak = (sett: (s: ArbeidslisteSakRad) => void): void => {
    const s = rader.get(ARBEIDSLISTE_SAK, { sak_id: sakId });
    if (s) sett(s);
  };
  /** An oppdrag's item after this step: its status and the one body holding it, as the domain says. */
  const flyttOppdrag = (p: ArbeidslistePunktRad): void => {
    const status = oppdragsstatusEtter(ev, { oppdragId: String(p.ref_id), status: p.status as Oppdragsstatus }) ?? (p.status as Oppdragsstatus);
    p.status = status;
    p.organ_id = ansvarligForOppdrag({ status, tilOrganId: p.mottaker_organ_id, fraOrganId: String(p.fra_organ_ider[0]) }) ?? p.organ_id;
  };
  /** The body responsible for the sak after this step, as the domain says (`ansvarligEtter`). */
  const flyttAnsvar = (): string | undefined => {
    let til: string | undefined;
    endreSak((s) => {
      til = ansvarligEtter({ ansvarligOrganId: s.ansvarlig_organ_id ?? undefined, sisteInnstillingOrgan: s.siste_innstilling_organ ?? undefined, innmeldtAv: s.innmeldt_av }, ev);
      s.ansvarlig_organ_id = til ?? null;
    });
    return til;
  };

  /** An investigation ordered (by UtredningBestilt, or by a decision that itself orders one): on the receiver's list. */
  const bestill = (d: { readonly bestiltAv: string; readonly tilOrganId: string; readonly mandat: string; readonly frist: string }): void => {
    const s = sak();
    const n = s.antall_bestillinger + 1;
    s.antall_bestillinger = n;
    s.siste_bestilt_av = d.bestiltAv;
    s.siste_bestilling_til = d.tilOrganId;
    aapne({
      punktId: `${sakId}/bestilling/${n}`,
      art: 'bestilling',
      refId: String(n),
      organId: d.tilOrganId,
      fraOrganIder: [d.bestiltAv],
      status: 'bestilt',
      frist: d.frist,
      beskrivelse: d.mandat,
    });
  };

  switch (ev.type) {
    case 'SakRegistrert':
      rader.insert(ARBEIDSLISTE_SAK, {
        sak_id: sakId,
        tittel: ev.data.tittel,
        innmeldt_av: ev.data.innmeldtAv,
        ansvarlig_organ_id: null,
        antall_bestillinger: 0,
        siste_bestilt_av: null,
        siste_bestilling_til: null,
        siste_innstilling_organ: null,
        siste_lukking: null,
        siste_lukking_revisjon: null,
      });
      return;
    case 'NivaaTildelt':
      lukk(['tildelt', 'tilbakesendt'], 'tildelt et annet organ', 'tildelt_annet_organ');
      flyttAnsvar();
      aapne({
        punktId: `${sakId}/tildelt/${h.revisjon}`,
        art: 'tildelt',
        organId: ev.data.organId,
        fraOrganIder: [h.utfoertAv.organId],
        status: 'tildelt',
        beskrivelse: `Saken er tildelt ${ev.data.organId}${ev.data.begrunnelse ? `: ${ev.data.begrunnelse}` : ''}`,
      });
      return;
    case 'UtredningBestilt':
      lukk(['tildelt', 'tilbakesendt'], 'utredning bestilt', 'utredning_bestilt');
      bestill(ev.data);
      return;
    case 'BestillingMottatt':
      flyttAnsvar();
      for (const p of punkter()) {
        if (p.art !== 'bestilling' || !p.aapen) continue;
        p.status = 'mottatt';
        p.sist_endret = naar;
      }
      return;
    case 'OppdragDelegert': {
      const d = ev.data;
      aapne({
        punktId: `${sakId}/oppdrag/${d.oppdragId}`,
        art: 'oppdrag',
        refId: d.oppdragId,
        organId: d.tilOrganId,
        fraOrganIder: [d.fraOrganId],
        status: oppdragsstatusEtter(ev, { oppdragId: d.oppdragId })!,
        frist: d.frist,
        beskrivelse: d.mandat,
      });
      return;
    }
    case 'OppdragAkseptert':
      oppdater('oppdrag', ev.data.oppdragId, flyttOppdrag);
      return;
    case 'UtsattFristBedt': {
      const o = oppdrag(ev.data.oppdragId);
      aapne({
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
    case 'UtsattFristInnvilget': {
      const nyFrist = ev.data.nyFrist;
      oppdater('oppdrag', ev.data.oppdragId, (p) => {
        p.frist = nyFrist;
        p.ref_frist = nyFrist;
      });
      lukk(['utsettelse'], 'innvilget', 'innvilget', ev.data.oppdragId);
      return;
    }
    case 'UtsattFristAvslaatt':
      lukk(['utsettelse'], 'avslått', 'avslaatt', ev.data.oppdragId);
      return;
    case 'OppdragLevert': {
      // The delivery now waits for the delegating body's review (no frist of its own).
      oppdater('oppdrag', ev.data.oppdragId, (p) => {
        flyttOppdrag(p);
        p.frist = null;
      });
      lukk(['utsettelse'], 'levert', 'levert', ev.data.oppdragId);
      return;
    }
    case 'LeveranseGodtatt':
      lukk(['oppdrag'], 'leveransen godtatt', 'godtatt', ev.data.oppdragId);
      return;
    case 'LeveranseReturnert': {
      const nyFrist = ev.data.nyFrist ?? null;
      oppdater('oppdrag', ev.data.oppdragId, (p) => {
        // Back to the receiver; the frist is the new one, else the one it had before the delivery.
        const frist = nyFrist ?? p.ref_frist;
        flyttOppdrag(p);
        p.frist = frist;
        p.ref_frist = frist;
      });
      return;
    }
    case 'InnstillingAvgitt': {
      const s = sak();
      lukk(['bestilling', 'tildelt', 'tilbakesendt'], 'innstilling avgitt', 'innstilling_avgitt');
      // The ordering body puts the answer to its order on its agenda; else the body itself does.
      const til = sakslisteorganForInnstilling({ bestiltAv: s.siste_bestilt_av, tilOrganId: s.siste_bestilling_til }, ev.data.organId);
      s.siste_innstilling_organ = ev.data.organId;
      aapne({
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
      lukk(['saksliste', 'tildelt', 'bestilling', 'tilbakesendt', 'hoering'], 'satt på saksliste', 'paa_saksliste');
      for (const o of d.organer) {
        aapne({
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
      lukk(['behandling'], `vedtak: ${d.vedtaksutfall}`, d.vedtaksutfall, d.sakslistepunktId);
      if (d.bestilling) bestill(d.bestilling);
      switch (d.vedtaksutfall) {
        case 'vedtatt':
        case 'tatt_til_orientering':
        case 'droeftet':
        case 'avvist':
          return;
        case 'utsatt':
          for (const organId of d.organIder) {
            aapne({
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
          const til = flyttAnsvar() ?? sak().innmeldt_av;
          aapne({
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
      aapne({
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
      oppdater('oppfoelging', ev.data.oppfoelgingId, (p) => {
        p.status = 'rapportert';
      });
      return;
    case 'OppfoelgingFullfoert':
      lukk(['oppfoelging'], 'fullført', 'fullfoert', ev.data.oppfoelgingId);
      return;
    case 'SakAvsluttet':
    case 'SakTrukket': {
      const type = ev.type;
      lukk(ARBEIDSLISTE_ARTER, type === 'SakAvsluttet' ? 'saken avsluttet' : 'saken trukket', type === 'SakAvsluttet' ? 'sak_avsluttet' : 'sak_trukket');
      endreSak((s) => {
        s.siste_lukking = type;
        s.siste_lukking_revisjon = h.revisjon;
      });
      return;
    }
    case 'SakGjenaapnet': {
      // Closing a sak leaves its oppdrag as they were (withdrawing it ends them): reopening one that
      // was closed brings back the oppdrag and pending frist requests it closed.
      const s = rader.get(ARBEIDSLISTE_SAK, { sak_id: sakId });
      if (!s || s.siste_lukking !== 'SakAvsluttet' || s.siste_lukking_revisjon === null) return;
      for (const p of punkter()) {
        if (p.lukket_revisjon !== s.siste_lukking_revisjon || (p.art !== 'oppdrag' && p.art !== 'utsettelse')) continue;
        p.aapen = true;
        p.lukket = null;
        p.lukket_fordi = null;
        p.sluttstatus = null;
        p.lukket_revisjon = null;
        p.sist_endret = naar;
      }
      return;
    }
    case 'OpplysningKorrigert': {
      const d = ev.data;
      const nyVerdi = d.nyVerdi;
      // Corrections of an item's frist or meeting date leave `sist_endret` as it was.
      if (d.hendelsestype === 'SakRegistrert' && d.felt === 'tittel' && typeof nyVerdi === 'string') {
        endreSak((s) => {
          s.tittel = nyVerdi;
        });
      } else if (d.felt === 'frist' && typeof nyVerdi === 'string' && (d.hendelsestype === 'OppdragDelegert' || d.hendelsestype === 'UtredningBestilt')) {
        for (const p of punkter()) {
          if (p.opprettet_revisjon !== Number(d.hendelsesnummer) || (p.art !== 'oppdrag' && p.art !== 'bestilling')) continue;
          p.ref_frist = nyVerdi;
          p.frist = p.frist === null ? null : nyVerdi;
        }
      } else if (d.hendelsestype === 'SattPaaSaksliste' && d.felt === 'moetedato' && typeof nyVerdi === 'string') {
        for (const p of punkter()) {
          if (p.opprettet_revisjon !== Number(d.hendelsesnummer) || p.art !== 'behandling') continue;
          p.frist = nyVerdi;
        }
      }
      return;
    }
    case 'SendtPaaHoering': {
      const d = ev.data;
      if (d.mottakere) {
        // One item per party: each answer awaited is chased on its own, and a missing one after the frist is a restanse.
        d.mottakere.forEach((partId, n) =>
          aapne({
            punktId: `${sakId}/hoering/${d.hoeringId}/${partId}`,
            art: 'hoering',
            refId: d.hoeringId,
            organId: d.organId,
            fraOrganIder: [d.organId],
            status: 'paa_hoering',
            frist: d.hoeringsfrist,
            beskrivelse: `Høringssvar fra ${d.hoeringsinstanser[n] ?? partId}: ${d.hoeringsutkast}; høringsfrist ${d.hoeringsfrist}`,
          }),
        );
        return;
      }
      aapne({
        punktId: `${sakId}/hoering/${d.hoeringId}`,
        art: 'hoering',
        refId: d.hoeringId,
        organId: d.organId,
        fraOrganIder: [d.organId],
        status: 'paa_hoering',
        frist: d.hoeringsfrist,
        beskrivelse: `Høring: ${d.hoeringsutkast} (${d.hoeringsinstanser.length} høringsinstanser); høringsfrist ${d.hoeringsfrist}`,
      });
      return;
    }
    case 'HoeringssvarRegistrert': {
      const id = `${sakId}/hoering/${ev.data.hoeringId}/${ev.data.partId}`;
      for (const p of punkter()) {
        if (p.punkt_id !== id || !p.aapen) continue;
        p.aapen = false;
        p.lukket = naar;
        p.lukket_fordi = 'høringssvar mottatt';
        p.sluttstatus = 'levert';
        p.lukket_revisjon = h.revisjon;
        p.sist_endret = naar;
      }
      return;
    }
    case 'BrevSendt':
      return; // a letter sent asks nothing of a body
    case 'SkjermingMarkert':
    case 'SkjermingOpphevet':
      return; // exemptions change what the public sees, not what a body must do
    default:
      return assertNever(ev, 'sak event');
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
