/** Small input checks that throw {@link InvalidCommandError} with the field and a plain reason. */
import { erIsoDato, erTidspunkt, type IsoDato, type Tidspunkt } from './dato.js';
import { InvalidCommandError } from './errors.js';

export type RawData = Readonly<Record<string, unknown>>;

export function kreverTekst(d: RawData, field: string, maks: number, hva: string = field, min = 1): string {
  const v = d[field];
  if (typeof v !== 'string' || v.trim().length < min) {
    throw new InvalidCommandError('felt_mangler', `${hva} må fylles ut${min > 1 ? ` (minst ${min} tegn)` : ''}.`, { field });
  }
  if (v.length > maks) throw new InvalidCommandError('felt_for_langt', `${hva} kan være høyst ${maks} tegn (er ${v.length}).`, { field });
  return v;
}

export function valgfriTekst(d: RawData, field: string, maks: number, hva: string = field): string | undefined {
  if (d[field] === undefined || d[field] === null) return undefined;
  if (typeof d[field] !== 'string') throw new InvalidCommandError('ugyldig_verdi', `${hva} må være tekst.`, { field });
  return d[field] === '' ? undefined : kreverTekst(d, field, maks, hva);
}

export function kreverDato(d: RawData, field: string, hva: string = field): IsoDato {
  const v = d[field];
  if (!erIsoDato(v)) throw new InvalidCommandError('ugyldig_dato', `${hva} må være en dato på formen ÅÅÅÅ-MM-DD (fikk ${JSON.stringify(v)}).`, { field });
  return v;
}

export function valgfriDato(d: RawData, field: string, hva: string = field): IsoDato | undefined {
  return d[field] === undefined || d[field] === null ? undefined : kreverDato(d, field, hva);
}

export function valgfrittTidspunkt(d: RawData, field: string): Tidspunkt | undefined {
  const v = d[field];
  if (v === undefined || v === null) return undefined;
  if (!erTidspunkt(v)) throw new InvalidCommandError('ugyldig_gjelder_fra', `${field} må være en ISO-dato eller et ISO-tidspunkt (fikk ${JSON.stringify(v)}).`, { field });
  return v;
}

export function kreverEttAv<T extends string>(d: RawData, field: string, lovlige: readonly T[]): T {
  const v = d[field];
  if (typeof v !== 'string' || !(lovlige as readonly string[]).includes(v)) {
    throw new InvalidCommandError('ugyldig_verdi', `${field} må være en av ${lovlige.join(', ')} (fikk ${JSON.stringify(v)}).`, { field });
  }
  return v as T;
}

export function kreverHeltall(d: RawData, field: string, min: number, maks: number): number {
  const v = d[field];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > maks) {
    throw new InvalidCommandError('ugyldig_tall', `${field} må være et heltall fra ${min} til ${maks} (fikk ${JSON.stringify(v)}).`, { field });
  }
  return v;
}
