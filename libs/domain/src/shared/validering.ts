/** Small input checks that throw {@link InvalidCommandError} with the field and a plain reason. */
import { erIsoDato, erTidspunkt, type IsoDato, type Tidspunkt } from './dato.js';
import { InvalidCommandError } from './errors.js';

export type RawData = Readonly<Record<string, unknown>>;

/**
 * From this length on a text is long free text (a mandate, a decision text, a report: `LANG_TEKST`),
 * which may have line breaks and tabs. Shorter texts (a title, a place, a name) are one line.
 */
export const FLERLINJET_FRA = 1000;

/**
 * The position and code point of the first character `tekst` may not have, if any: NUL and the other
 * C0 control characters (U+0000–U+001F) and DEL (U+007F) never; tab, line feed and carriage return
 * only when `flerlinjet` (long free text); an unpaired surrogate (half a character, which no store
 * can hold as text) never.
 */
export function ugyldigKontrolltegn(tekst: string, flerlinjet: boolean): { readonly indeks: number; readonly kode: string } | undefined {
  for (let i = 0; i < tekst.length; i++) {
    const c = tekst.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) {
      // A surrogate is half of a character: valid only as a pair (high, then low).
      const neste = tekst.charCodeAt(i + 1);
      if (c <= 0xdbff && neste >= 0xdc00 && neste <= 0xdfff) {
        i++;
        continue;
      }
      return { indeks: i, kode: `U+${c.toString(16).toUpperCase()} (et halvt tegn)` };
    }
    if (c >= 0x20 && c !== 0x7f) continue;
    if (flerlinjet && (c === 0x09 || c === 0x0a || c === 0x0d)) continue;
    return { indeks: i, kode: `U+${c.toString(16).toUpperCase().padStart(4, '0')}` };
  }
  return undefined;
}

/** The refusal of a text with a control character (named by its code point, never echoed), or undefined. */
export function kontrolltegnFeil(tekst: string, field: string, hva: string, flerlinjet: boolean): InvalidCommandError | undefined {
  const tegn = ugyldigKontrolltegn(tekst, flerlinjet);
  if (!tegn) return undefined;
  return new InvalidCommandError(
    'ugyldige_tegn',
    `${hva} kan ikke ha kontrolltegn (fant ${tegn.kode} ved tegn ${tegn.indeks + 1})${flerlinjet ? '; bare tabulator og linjeskift er tillatt' : ', heller ikke linjeskift eller tabulator'}.`,
    { field },
  );
}

/**
 * A required text: a string, not blank (at least `min` characters besides white space), at most
 * `maks` characters, without control characters (NUL and the rest of C0, DEL; tab and line breaks
 * are allowed in long free text, `maks` ≥ {@link FLERLINJET_FRA}, or as `flerlinjet` says).
 */
export function kreverTekst(d: RawData, field: string, maks: number, hva: string = field, min = 1, flerlinjet: boolean = maks >= FLERLINJET_FRA): string {
  const v = d[field];
  if (typeof v !== 'string' || v.trim().length < min) {
    throw new InvalidCommandError('felt_mangler', `${hva} må fylles ut${min > 1 ? ` (minst ${min} tegn)` : ''}.`, { field });
  }
  if (v.length > maks) throw new InvalidCommandError('felt_for_langt', `${hva} kan være høyst ${maks} tegn (er ${v.length}).`, { field });
  const kontrolltegn = kontrolltegnFeil(v, field, hva, flerlinjet);
  if (kontrolltegn) throw kontrolltegn;
  return v;
}

/** An optional text: absent, null or empty → undefined; otherwise as {@link kreverTekst}. */
export function valgfriTekst(d: RawData, field: string, maks: number, hva: string = field, flerlinjet: boolean = maks >= FLERLINJET_FRA): string | undefined {
  if (d[field] === undefined || d[field] === null) return undefined;
  if (typeof d[field] !== 'string') throw new InvalidCommandError('ugyldig_verdi', `${hva} må være tekst.`, { field });
  return d[field] === '' ? undefined : kreverTekst(d, field, maks, hva, 1, flerlinjet);
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
