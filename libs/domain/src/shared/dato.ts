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
