/**
 * What a step did, as pure functions of the recorded event: the phase after it, the body responsible
 * for the sak after it, an oppdrag's status after it. The decider's `evolve` uses them, and so do the
 * read models — so a read model follows the workflow without restating it (issue #14, item 2).
 *
 * A read model does not hold the whole sak; it keeps a {@link Saksposisjon} (a few columns) and moves
 * it with {@link posisjonEtter}. The property test in libs/domain/spec/egenskaper.spec.ts checks that
 * this gives the same phase, responsible body and open follow-ups as folding the whole sak.
 */
import { SAK_ARBEIDSFLYT, SAK_STEG } from './arbeidsflyt.js';
import type { Oppdragsstatus, SakEvent, SakFase } from './typer.js';
import type { Fasegrunnlag, StegDefinisjon } from './vokabular.js';
import type { SakStegType } from './typer.js';

/** The part of a sak that decides where it is in the workflow and who holds it. */
export interface Saksposisjon {
  readonly fase: SakFase;
  /** The body responsible now (after TildelNivaa, MottaBestilling, or a decision sending it back). */
  readonly ansvarligOrganId?: string | undefined;
  /** The body of the latest innstilling (where a decision "sendt tilbake" sends the sak). */
  readonly sisteInnstillingOrgan?: string | undefined;
  /** The body that brought the sak in. */
  readonly innmeldtAv: string;
  /** Follow-ups sent and not yet reported complete. */
  readonly aapneOppfoelginger: number;
}

/** The event type → the step that records it (every event type has exactly one step). */
const STEG_FOR_HENDELSE: ReadonlyMap<string, SakStegType> = new Map(SAK_STEG.map((s) => [SAK_ARBEIDSFLYT[s].hendelse, s]));

/** The phase after the event, by the declared transitions of the step that recorded it. */
export function faseEtter(fase: SakFase, event: SakEvent, grunnlag: Fasegrunnlag): SakFase {
  const steg = STEG_FOR_HENDELSE.get(event.type);
  if (steg === undefined) return fase;
  const def = SAK_ARBEIDSFLYT[steg] as StegDefinisjon<SakStegType>;
  const data = event.data as unknown as Readonly<Record<string, unknown>>;
  const overgang = def.overganger.find((o) => o.naar === undefined || o.naar(grunnlag, data));
  return !overgang || overgang.til === 'uendret' ? fase : overgang.til;
}

/** The body responsible for the sak after the event. */
export function ansvarligEtter(p: Pick<Saksposisjon, 'ansvarligOrganId' | 'sisteInnstillingOrgan' | 'innmeldtAv'>, event: SakEvent): string | undefined {
  switch (event.type) {
    case 'NivaaTildelt':
    case 'BestillingMottatt':
      return event.data.organId;
    case 'VedtakFattet':
      // Sent back to the previous level: the body that gave the innstilling, else the one responsible, else the one that brought it.
      return event.data.vedtaksutfall === 'sendt_tilbake' ? (p.sisteInnstillingOrgan ?? p.ansvarligOrganId ?? p.innmeldtAv) : p.ansvarligOrganId;
    default:
      return p.ansvarligOrganId;
  }
}

/** Where a sak stands when it is registered. */
export function startposisjon(innmeldtAv: string): Saksposisjon {
  return { fase: 'registrert', innmeldtAv, aapneOppfoelginger: 0 };
}

/** The position after the event (for a read model that keeps only these columns). */
export function posisjonEtter(p: Saksposisjon, event: SakEvent): Saksposisjon {
  if (event.type === 'SakRegistrert') return startposisjon(event.data.innmeldtAv);
  const aapneOppfoelginger = p.aapneOppfoelginger + (event.type === 'SendtTilOppfoelging' ? 1 : event.type === 'OppfoelgingFullfoert' ? -1 : 0);
  return {
    fase: faseEtter(p.fase, event, { aapneOppfoelginger }),
    ansvarligOrganId: ansvarligEtter(p, event),
    sisteInnstillingOrgan: event.type === 'InnstillingAvgitt' ? event.data.organId : p.sisteInnstillingOrgan,
    innmeldtAv: p.innmeldtAv,
    aapneOppfoelginger,
  };
}

/**
 * The status of an oppdrag after the event (`undefined` before it is delegated). Only events naming
 * this oppdrag change it — and withdrawing the sak, which withdraws every oppdrag not yet accepted as done.
 */
export function oppdragsstatusEtter(event: SakEvent, oppdrag: { readonly oppdragId: string; readonly status?: Oppdragsstatus | undefined }): Oppdragsstatus | undefined {
  if (event.type === 'SakTrukket') return oppdrag.status === undefined || oppdrag.status === 'godtatt' || oppdrag.status === 'trukket' ? oppdrag.status : 'trukket';
  const gjelder = (event.data as { oppdragId?: unknown }).oppdragId === oppdrag.oppdragId;
  if (!gjelder) return oppdrag.status;
  switch (event.type) {
    case 'OppdragDelegert':
      return 'delegert';
    case 'OppdragAkseptert':
      return 'akseptert';
    case 'OppdragLevert':
      return 'levert';
    case 'LeveranseGodtatt':
      return 'godtatt';
    case 'LeveranseReturnert':
      return 'returnert';
    default:
      return oppdrag.status;
  }
}
