/**
 * Dates without a clock. Effective times (`gjelderFra`) are ISO 8601 strings: a calendar date
 * (`2019-02-15`) or a date-time (`2019-02-15T09:00:00Z`). Member periods and deadlines (frist) are
 * calendar dates. A date-time is compared on its calendar date (its first ten characters) when it is
 * compared with a date.
 */

/** A calendar date, `YYYY-MM-DD`. */
export type IsoDato = string;
/** An ISO date or date-time: when a fact took effect. */
export type Tidspunkt = string;

const DATO = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIDSPUNKT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/** True for a real calendar date `YYYY-MM-DD` (rejects e.g. `2019-02-30`). */
export function erIsoDato(v: unknown): v is IsoDato {
  if (typeof v !== 'string') return false;
  const m = DATO.exec(v);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** True for an ISO date or date-time whose date part is a real date. */
export function erTidspunkt(v: unknown): v is Tidspunkt {
  if (typeof v !== 'string' || !TIDSPUNKT.test(v)) return false;
  return erIsoDato(v.slice(0, 10)) && !Number.isNaN(Date.parse(v));
}

/** The calendar date of a date or date-time. */
export function datoDel(t: Tidspunkt): IsoDato {
  return t.slice(0, 10);
}

/** The year of a date or date-time. */
export function aarAv(t: Tidspunkt): number {
  return Number(t.slice(0, 4));
}

/** Compares two dates/date-times by calendar date: negative, 0 or positive. */
export function sammenlignDato(a: Tidspunkt, b: Tidspunkt): number {
  const x = datoDel(a);
  const y = datoDel(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The effective time of a command: the one it carries, else the injected clock (`context.now`). */
export function gjelderFraEllerNaa(gjelderFra: Tidspunkt | undefined, now: Date): Tidspunkt {
  return gjelderFra ?? now.toISOString();
}

// ---------- plausible dates (the limits live here, and only here) ----------

/**
 * The earliest date saksgang accepts for anything (an effective time, a frist, a meeting date, a
 * member period, a decision): 1 January 1990. The helsefellesskap grew out of the samarbeidsavtaler
 * between municipalities and hospital trusts (from 2012 in nordre Trøndelag, seed 004); their
 * forerunners date from the 1990s. A date before that is a typing error (e.g. 1900 for 2019), not history.
 */
export const TIDLIGSTE_DATO: IsoDato = '1990-01-01';

/** How far ahead dates may lie. Filled from the configuration by the command path (see `DecisionContext.grenser`). */
export interface Datogrenser {
  /** A step may take effect at most this many seconds after now (clocks differ a little). */
  readonly fremtidstoleranseSekunder: number;
  /** A planned date (a frist, a meeting date, a member period) at most this many years ahead of now. */
  readonly planleggingshorisontAar: number;
}

/** The limits when the context gives none (the same defaults as the configuration). */
export const STANDARD_DATOGRENSER: Datogrenser = { fremtidstoleranseSekunder: 300, planleggingshorisontAar: 10 };

/** The limits in force: the given ones, the defaults for the rest. */
export function datogrenser(grenser?: Partial<Datogrenser>): Datogrenser {
  return {
    fremtidstoleranseSekunder: grenser?.fremtidstoleranseSekunder ?? STANDARD_DATOGRENSER.fremtidstoleranseSekunder,
    planleggingshorisontAar: grenser?.planleggingshorisontAar ?? STANDARD_DATOGRENSER.planleggingshorisontAar,
  };
}

const FJORTEN_TIMER_MS = 14 * 3600 * 1000;

/**
 * The earliest instant a date or date-time can mean: a date-time with an offset is exact; a calendar
 * date, or a date-time without an offset, is read in the earliest time zone (UTC+14), so that «today»
 * is never in the future wherever the clock is.
 */
function tidligsteOeyeblikk(t: Tidspunkt): number {
  if (/(Z|[+-]\d{2}:\d{2})$/.test(t)) return Date.parse(t);
  const utc = t.length === 10 ? `${t}T00:00:00Z` : `${t}Z`;
  return Date.parse(utc) - FJORTEN_TIMER_MS;
}

/** The latest a step may take effect: now + the tolerance. */
export function senesteGjelderFra(now: Date, grenser?: Partial<Datogrenser>): Date {
  return new Date(now.getTime() + datogrenser(grenser).fremtidstoleranseSekunder * 1000);
}

/** The latest planned date: today (UTC) + the planning horizon in years. */
export function senestePlanlagteDato(now: Date, grenser?: Partial<Datogrenser>): IsoDato {
  const d = new Date(now.getTime());
  d.setUTCFullYear(d.getUTCFullYear() + datogrenser(grenser).planleggingshorisontAar);
  return d.toISOString().slice(0, 10);
}

/** A refused date: a stable code and a plain reason naming the limit. */
export interface Datobrudd {
  readonly kode: 'dato_foer_tidligste_dato' | 'gjelder_fra_i_fremtiden' | 'dato_utenfor_planleggingshorisont';
  readonly melding: string;
}

/** Why the date is before {@link TIDLIGSTE_DATO}, or undefined. */
function foerTidligsteDato(t: Tidspunkt, hva: string): Datobrudd | undefined {
  return datoDel(t) < TIDLIGSTE_DATO
    ? { kode: 'dato_foer_tidligste_dato', melding: `${hva} (${datoDel(t)}) er før ${TIDLIGSTE_DATO}, den tidligste datoen saksgang tar imot.` }
    : undefined;
}

/**
 * Why an effective time (when a fact took effect) is implausible, or undefined: before
 * {@link TIDLIGSTE_DATO}, or later than now + the tolerance. Facts record what happened; what is
 * planned (a frist, a meeting date) has its own fields.
 */
export function gjelderFraBrudd(t: Tidspunkt, now: Date, grenser?: Partial<Datogrenser>, hva = 'gjelderFra'): Datobrudd | undefined {
  const tidlig = foerTidligsteDato(t, hva);
  if (tidlig) return tidlig;
  const senest = senesteGjelderFra(now, grenser);
  if (tidligsteOeyeblikk(t) > senest.getTime()) {
    return {
      kode: 'gjelder_fra_i_fremtiden',
      melding: `${hva} (${t}) ligger frem i tid: et steg kan gjelde fra senest ${senest.toISOString()} (nå + ${datogrenser(grenser).fremtidstoleranseSekunder} sekunder). Planlagte datoer, som en frist eller en møtedato, har egne felt.`,
    };
  }
  return undefined;
}

/** Why a planned date (a frist, a meeting date, a member period) is implausible, or undefined. */
export function planlagtDatoBrudd(dato: IsoDato, now: Date, grenser?: Partial<Datogrenser>, hva = 'Datoen'): Datobrudd | undefined {
  const tidlig = foerTidligsteDato(dato, hva);
  if (tidlig) return tidlig;
  const senest = senestePlanlagteDato(now, grenser);
  if (datoDel(dato) > senest) {
    return {
      kode: 'dato_utenfor_planleggingshorisont',
      melding: `${hva} (${dato}) ligger mer enn ${datogrenser(grenser).planleggingshorisontAar} år frem i tid; den kan være senest ${senest}.`,
    };
  }
  return undefined;
}
