/**
 * Agenda numbering (moetesaksnummer): one small aggregate per body and year, stream
 * `saksliste-<organId>.<aar>`, decider {@link sakslisteDecider}. It hands out 1, 2, 3, … with no gaps.
 *
 * Safe use by the application: (1) check that the sak would accept `SettPaaSaksliste`
 * (e.g. `tillatteSteg`), (2) `TildelMoetesaksnummer { sakId }` on this stream with optimistic
 * concurrency — two writers racing for the same revision: one wins, the other decides again on the
 * new state and gets the next number, (3) `SettPaaSaksliste` on the sak with the number. A retry of
 * (2) or (3) after a crash is harmless: asking again for the same sak returns the same number and
 * records nothing, so no number is lost or given twice.
 */
import { assertNever, type DecisionContext, type Decider, type DomainCommand, type DomainEvent } from '../shared/decider.js';
import type { Tidspunkt } from '../shared/dato.js';
import { InvalidCommandError } from '../shared/errors.js';
import { kreverHeltall, kreverTekst, type RawData, valgfrittTidspunkt } from '../shared/validering.js';

export type TildelMoetesaksnummer = DomainCommand<'TildelMoetesaksnummer', { organId: string; aar: number; sakId: string; gjelderFra?: Tidspunkt }>;
export type SakslisteCommand = TildelMoetesaksnummer;

export type MoetesaksnummerTildelt = DomainEvent<'MoetesaksnummerTildelt', { organId: string; aar: number; sakId: string; nummer: number; gjelderFra: Tidspunkt }>;
export type SakslisteEvent = MoetesaksnummerTildelt;

export interface Saksliste {
  readonly organId: string;
  readonly aar: number;
  /** Agenda number per sak. */
  readonly nummerForSak: Readonly<Record<string, number>>;
  /** The last number given (0 if none). */
  readonly sisteNummer: number;
}
export type SakslisteState = Saksliste | null;

/** The aggregate id of a body's agenda for a year: `<organId>.<aar>` (stream `saksliste-<organId>.<aar>`). */
export function sakslisteId(organId: string, aar: number): string {
  return `${organId}.${aar}`;
}

/** A body's agenda number as it is written, e.g. `3/19`. */
export function formaterMoetesaksnummer(nummer: number, aar: number): string {
  return `${nummer}/${String(aar).slice(-2)}`;
}

function decide(command: SakslisteCommand, state: SakslisteState, context: DecisionContext): SakslisteEvent[] {
  switch (command.type) {
    case 'TildelMoetesaksnummer': {
      const d = (command.data ?? {}) as RawData;
      const organId = kreverTekst(d, 'organId', 200);
      const aar = kreverHeltall(d, 'aar', 1900, 9999);
      const sakId = kreverTekst(d, 'sakId', 200);
      const gjelderFra = valgfrittTidspunkt(d, 'gjelderFra') ?? context.now.toISOString();
      if (state !== null && (state.organId !== organId || state.aar !== aar)) {
        throw new InvalidCommandError('feil_saksliste', `Denne sakslisten er ${state.organId} for ${state.aar}, ikke ${organId} for ${aar}.`, { field: 'organId' });
      }
      if (state !== null && state.nummerForSak[sakId] !== undefined) return [];
      return [{ type: 'MoetesaksnummerTildelt', data: { organId, aar, sakId, nummer: (state?.sisteNummer ?? 0) + 1, gjelderFra } }];
    }
    default:
      throw new InvalidCommandError('ukjent_steg', `Ukjent steg for en saksliste: ${JSON.stringify((command as { type?: unknown }).type)}.`, {
        allowedSteps: ['TildelMoetesaksnummer'],
      });
  }
}

function evolve(state: SakslisteState, event: SakslisteEvent): SakslisteState {
  switch (event.type) {
    case 'MoetesaksnummerTildelt': {
      const d = event.data;
      const s = state ?? { organId: d.organId, aar: d.aar, nummerForSak: {}, sisteNummer: 0 };
      return { ...s, nummerForSak: { ...s.nummerForSak, [d.sakId]: d.nummer }, sisteNummer: Math.max(s.sisteNummer, d.nummer) };
    }
    default:
      return assertNever(event.type, 'saksliste event');
  }
}

/** The number a sak has (or would get) on this agenda. */
export function moetesaksnummerFor(state: SakslisteState, sakId: string): number {
  return state?.nummerForSak[sakId] ?? (state?.sisteNummer ?? 0) + 1;
}

/** Agenda numbering per body and year: stream `saksliste-<organId>.<aar>`. */
export const sakslisteDecider: Decider<SakslisteCommand, SakslisteState, SakslisteEvent> = {
  category: 'saksliste',
  initialState: null,
  decide,
  evolve,
};
