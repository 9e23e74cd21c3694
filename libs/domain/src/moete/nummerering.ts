/**
 * Meeting and agenda numbering (møtenummer, møtesaksår + møtesakssekvensnummer): one small aggregate
 * per body and year, stream `moetenummerering-<organId>.<aar>`, decider {@link moetenummereringDecider}.
 * Each series (the meetings, the agenda items, and — for a body that numbers them apart — the
 * orienteringssaker) hands out 1, 2, 3, … with no gaps and never twice. A known real number (recording
 * history, e.g. PSU 3/17) is taken as given when it is free; the series then goes on after the highest.
 *
 * The sak's own agenda step (`SettPaaSaksliste` without a meeting) takes its number here too
 * (`TildelSaksnummer`, the ordinary series), so a body has one series of agenda numbers a year whether a
 * sak is put on the agenda by itself or through a meeting: no number is given twice across the two.
 * Numbers given before this in the sak-level series (stream `saksliste-<organId>.<aar>`, recorded
 * before the one numbering; that stream is no longer written) are passed in as `tidligere` and count as
 * taken, so a year that began with the old series goes on after it.
 *
 * Safe use by the application (as for `sakslisteDecider`): (1) check that the meeting would accept
 * `SendInnkalling` / `LeggTilTilleggssak`, (2) `TildelMoetenumre` on each body's stream with optimistic
 * concurrency (a writer that lost the race decides again on the new state and gets the next numbers),
 * (3) the step on the meeting with the numbers ({@link numreForMoete}). Asking again for the same
 * meeting and items returns the same numbers and records nothing.
 */
import { assertNever, type DecisionContext, type Decider, type DomainCommand, type DomainEvent } from '../shared/decider.js';
import type { Tidspunkt } from '../shared/dato.js';
import { ConflictError, InvalidCommandError } from '../shared/errors.js';
import type { TildeltNummer } from '../shared/felter.js';
import { kreverHeltall, kreverTekst, type RawData, valgfrittTidspunkt } from '../shared/validering.js';
import { NUMMERSERIER, type Nummerserie } from './typer.js';

export interface Nummerbehov {
  readonly punktId: string;
  readonly serie: Exclude<Nummerserie, 'moete'>;
  /** A known real number to take (recording history). */
  readonly kjentNummer?: number;
  /** The sak the item is about: a number the sak already holds in the ordinary series this year (put on the agenda by itself) is its item's number. */
  readonly sakId?: string;
}

/** Agenda numbers a body gave in the old sak-level series (`saksliste-<organId>.<aar>`): sakId → number. */
export type TidligereSaksnumre = Readonly<Record<string, number>>;

export type TildelMoetenumre = DomainCommand<
  'TildelMoetenumre',
  { organId: string; aar: number; moeteId: string; punkter: Nummerbehov[]; gjelderFra?: Tidspunkt; tidligere?: TidligereSaksnumre }
>;
/** A sak put on a body's agenda by itself (the sak's `SettPaaSaksliste`): the next number of the ordinary series, once per sak and year. */
export type TildelSaksnummer = DomainCommand<'TildelSaksnummer', { organId: string; aar: number; sakId: string; gjelderFra?: Tidspunkt; tidligere?: TidligereSaksnumre }>;
export type MoetenummereringCommand = TildelMoetenumre | TildelSaksnummer;

export type MoetenumreTildelt = DomainEvent<
  'MoetenumreTildelt',
  { organId: string; aar: number; moeteId: string; moetenummer: number; punkter: { punktId: string; serie: Nummerserie; nummer: number }[]; gjelderFra: Tidspunkt }
>;
export type SaksnummerTildelt = DomainEvent<'SaksnummerTildelt', { organId: string; aar: number; sakId: string; nummer: number; gjelderFra: Tidspunkt }>;
export type MoetenummereringEvent = MoetenumreTildelt | SaksnummerTildelt;

export interface Moetenummerering {
  readonly organId: string;
  readonly aar: number;
  /** The highest number given per series (0 if none). */
  readonly sisteNummer: Readonly<Record<Nummerserie, number>>;
  /** Who holds each number: `<serie>:<nummer>` → `<moeteId>` or `<moeteId>/<punktId>`. */
  readonly brukt: Readonly<Record<string, string>>;
  readonly moetenummer: Readonly<Record<string, number>>;
  /** `<moeteId>/<punktId>` → its number. */
  readonly punktnummer: Readonly<Record<string, { readonly serie: Nummerserie; readonly nummer: number }>>;
  /** A sak put on the agenda by itself → its number in the ordinary series. */
  readonly nummerForSak: Readonly<Record<string, number>>;
}
export type MoetenummereringState = Moetenummerering | null;

/** The aggregate id of a body's numbering for a year: `<organId>.<aar>`. */
export function moetenummereringId(organId: string, aar: number): string {
  return `${organId}.${aar}`;
}

const TOM: Record<Nummerserie, number> = { moete: 0, ordinaer: 0, orientering: 0 };

function tom(organId: string, aar: number): Moetenummerering {
  return { organId, aar, sisteNummer: TOM, brukt: {}, moetenummer: {}, punktnummer: {}, nummerForSak: {} };
}

/** The old series' numbers (`tidligere`), checked: sakId → a whole number from 1. */
function tidligereNumre(d: RawData): TidligereSaksnumre {
  const t = d['tidligere'];
  if (t === undefined) return {};
  if (typeof t !== 'object' || t === null || Array.isArray(t) || Object.values(t).some((n) => !Number.isInteger(n) || (n as number) < 1)) {
    throw new InvalidCommandError('ugyldig_verdi', 'tidligere må være saker med sitt nummer (heltall fra 1).', { field: 'tidligere' });
  }
  return t as TidligereSaksnumre;
}

/** The state with the old series' numbers counted as taken in the ordinary series. */
function medTidligere(s: Moetenummerering, tidligere: TidligereSaksnumre): Moetenummerering {
  const oppfoeringer = Object.entries(tidligere);
  if (oppfoeringer.length === 0) return s;
  const brukt = { ...s.brukt };
  let ordinaer = s.sisteNummer.ordinaer;
  for (const [sakId, nummer] of oppfoeringer) {
    brukt[`ordinaer:${nummer}`] ??= `sak:${sakId}`;
    ordinaer = Math.max(ordinaer, nummer);
  }
  return { ...s, brukt, sisteNummer: { ...s.sisteNummer, ordinaer } };
}

/** The number a sak put on the agenda by itself holds (this numbering's, else the old series'), if any. */
export function saksnummerFor(state: MoetenummereringState, sakId: string, tidligere: TidligereSaksnumre = {}): number | undefined {
  return state?.nummerForSak[sakId] ?? tidligere[sakId];
}

function tildelSaksnummer(command: TildelSaksnummer, state: MoetenummereringState, context: DecisionContext): MoetenummereringEvent[] {
  const d = (command.data ?? {}) as RawData;
  const organId = kreverTekst(d, 'organId', 200);
  const aar = kreverHeltall(d, 'aar', 1900, 9999);
  const sakId = kreverTekst(d, 'sakId', 200);
  const gjelderFra = valgfrittTidspunkt(d, 'gjelderFra') ?? context.now.toISOString();
  const tidligere = tidligereNumre(d);
  if (state !== null && (state.organId !== organId || state.aar !== aar)) {
    throw new InvalidCommandError('feil_nummerering', `Denne nummereringen er ${state.organId} for ${state.aar}, ikke ${organId} for ${aar}.`, { field: 'organId' });
  }
  if (saksnummerFor(state, sakId, tidligere) !== undefined) return [];
  const s = medTidligere(state ?? tom(organId, aar), tidligere);
  return [{ type: 'SaksnummerTildelt', data: { organId, aar, sakId, nummer: s.sisteNummer.ordinaer + 1, gjelderFra } }];
}

function decide(command: MoetenummereringCommand, state: MoetenummereringState, context: DecisionContext): MoetenummereringEvent[] {
  if (command?.type === 'TildelSaksnummer') return tildelSaksnummer(command, state, context);
  if (command?.type !== 'TildelMoetenumre') {
    throw new InvalidCommandError('ukjent_steg', `Ukjent steg for en møtenummerering: ${JSON.stringify((command as { type?: unknown } | undefined)?.type)}.`, {
      allowedSteps: ['TildelMoetenumre', 'TildelSaksnummer'],
    });
  }
  const d = (command.data ?? {}) as RawData;
  const organId = kreverTekst(d, 'organId', 200);
  const aar = kreverHeltall(d, 'aar', 1900, 9999);
  const moeteId = kreverTekst(d, 'moeteId', 200);
  const gjelderFra = valgfrittTidspunkt(d, 'gjelderFra') ?? context.now.toISOString();
  const punkter = d['punkter'];
  if (!Array.isArray(punkter)) throw new InvalidCommandError('ugyldig_verdi', 'punkter må være en liste.', { field: 'punkter' });
  if (state !== null && (state.organId !== organId || state.aar !== aar)) {
    throw new InvalidCommandError('feil_nummerering', `Denne nummereringen er ${state.organId} for ${state.aar}, ikke ${organId} for ${aar}.`, { field: 'organId' });
  }
  const s: Moetenummerering = medTidligere(state ?? tom(organId, aar), tidligereNumre(d));
  const siste: Record<Nummerserie, number> = { ...s.sisteNummer };
  const brukt: Record<string, string> = { ...s.brukt };
  const nye: { punktId: string; serie: Nummerserie; nummer: number }[] = [];
  const aarKort = String(aar).slice(-2);
  // Known numbers first, so a number handed out in the same step never takes one of them.
  const sortert = [...(punkter as Nummerbehov[])].sort((a, b) => (a.kjentNummer === undefined ? 1 : 0) - (b.kjentNummer === undefined ? 1 : 0));
  for (const p of sortert) {
    if (typeof p?.punktId !== 'string' || !(NUMMERSERIER as readonly string[]).includes(p.serie) || (p.serie as string) === 'moete') {
      throw new InvalidCommandError('ugyldig_verdi', 'Hvert punkt må ha punktId og serie (ordinaer eller orientering).', { field: 'punkter' });
    }
    const noekkel = `${moeteId}/${p.punktId}`;
    if (s.punktnummer[noekkel] !== undefined || nye.some((x) => x.punktId === p.punktId)) continue;
    // The number the item's sak holds by itself in the ordinary series (and no item holds yet): the same sak, the same number.
    const sakensEget = p.serie === 'ordinaer' && typeof p.sakId === 'string' ? saksnummerFor(s, p.sakId, tidligereNumre(d)) : undefined;
    const sakensLedige = sakensEget !== undefined && brukt[`ordinaer:${sakensEget}`] === `sak:${p.sakId}` ? sakensEget : undefined;
    let nummer: number;
    if (p.kjentNummer !== undefined) {
      if (!Number.isInteger(p.kjentNummer) || p.kjentNummer < 1) throw new InvalidCommandError('ugyldig_tall', 'Et kjent nummer må være et heltall fra 1.', { field: 'punkter' });
      const holder = p.kjentNummer === sakensLedige ? undefined : brukt[`${p.serie}:${p.kjentNummer}`];
      if (holder !== undefined) {
        throw new ConflictError(
          'moetesaksnummer_i_bruk',
          `Nummeret ${p.kjentNummer}/${aarKort}${p.serie === 'orientering' ? ' (orienteringssak)' : ''} er allerede brukt i ${organId} for ${aar} (${holder.startsWith('sak:') ? 'av en sak satt på sakslisten uten møte' : holder.startsWith(`${moeteId}/`) ? 'av et annet punkt i dette møtet' : 'av et punkt i et annet møte'}); hvert nummer gis bare én gang.`,
        );
      }
      nummer = p.kjentNummer;
    } else {
      nummer = sakensLedige ?? siste[p.serie] + 1;
    }
    brukt[`${p.serie}:${nummer}`] = noekkel;
    siste[p.serie] = Math.max(siste[p.serie], nummer);
    nye.push({ punktId: p.punktId, serie: p.serie, nummer });
  }
  const harMoetenummer = s.moetenummer[moeteId] !== undefined;
  if (harMoetenummer && nye.length === 0) return [];
  const moetenummer = s.moetenummer[moeteId] ?? siste.moete + 1;
  // Items in the order asked for.
  const rekkefoelge = (punkter as Nummerbehov[]).map((p) => p.punktId);
  nye.sort((a, b) => rekkefoelge.indexOf(a.punktId) - rekkefoelge.indexOf(b.punktId));
  return [{ type: 'MoetenumreTildelt', data: { organId, aar, moeteId, moetenummer, punkter: nye, gjelderFra } }];
}

function evolve(state: MoetenummereringState, event: MoetenummereringEvent): MoetenummereringState {
  switch (event.type) {
    case 'MoetenumreTildelt': {
      const d = event.data;
      const s: Moetenummerering = state ?? tom(d.organId, d.aar);
      const sisteNummer = { ...s.sisteNummer, moete: Math.max(s.sisteNummer.moete, d.moetenummer) };
      const brukt = { ...s.brukt, [`moete:${d.moetenummer}`]: d.moeteId };
      const punktnummer = { ...s.punktnummer };
      for (const p of d.punkter) {
        sisteNummer[p.serie] = Math.max(sisteNummer[p.serie], p.nummer);
        brukt[`${p.serie}:${p.nummer}`] = `${d.moeteId}/${p.punktId}`;
        punktnummer[`${d.moeteId}/${p.punktId}`] = { serie: p.serie, nummer: p.nummer };
      }
      return { ...s, sisteNummer, brukt, moetenummer: { ...s.moetenummer, [d.moeteId]: d.moetenummer }, punktnummer };
    }
    case 'SaksnummerTildelt': {
      const d = event.data;
      const s: Moetenummerering = state ?? tom(d.organId, d.aar);
      return {
        ...s,
        sisteNummer: { ...s.sisteNummer, ordinaer: Math.max(s.sisteNummer.ordinaer, d.nummer) },
        brukt: { ...s.brukt, [`ordinaer:${d.nummer}`]: `sak:${d.sakId}` },
        nummerForSak: { ...s.nummerForSak, [d.sakId]: d.nummer },
      };
    }
    default:
      return assertNever(event, 'møtenummerering event');
  }
}

/** The numbers a body's numbering holds for a meeting (its meeting number and its items'), for the meeting's step. */
export function numreForMoete(state: MoetenummereringState, moeteId: string, punktIder?: readonly string[]): TildeltNummer[] {
  if (state === null || state.moetenummer[moeteId] === undefined) return [];
  const ut: TildeltNummer[] = punktIder === undefined ? [{ organId: state.organId, serie: 'moete', aar: state.aar, nummer: state.moetenummer[moeteId] }] : [];
  for (const [noekkel, n] of Object.entries(state.punktnummer)) {
    const [m, punktId] = noekkel.split('/');
    if (m !== moeteId || punktId === undefined) continue;
    if (punktIder !== undefined && !punktIder.includes(punktId)) continue;
    ut.push({ organId: state.organId, serie: n.serie, aar: state.aar, nummer: n.nummer, punktId });
  }
  return ut;
}

/** Meeting and agenda numbering per body and year: stream `moetenummerering-<organId>.<aar>`. */
export const moetenummereringDecider: Decider<MoetenummereringCommand, MoetenummereringState, MoetenummereringEvent> = {
  category: 'moetenummerering',
  initialState: null,
  decide,
  evolve,
};
