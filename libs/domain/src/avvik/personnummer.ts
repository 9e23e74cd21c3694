/**
 * No patient identity, by design: a free text of an avvik may not hold a Norwegian national identity
 * number — a fødselsnummer or a D-nummer (the first digit + 4): eleven digits, the first six a date
 * (DDMMÅÅ), with both mod-11 check digits valid. Written as eleven digits, or six and five with one
 * space, dot or hyphen between. Eleven digits whose check digits do not hold (an order number, a
 * phone number with a prefix) pass.
 */
import { InvalidCommandError } from '../shared/errors.js';

const VEKTER_K1 = [3, 7, 6, 1, 8, 9, 4, 5, 2] as const;
const VEKTER_K2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2] as const;

/** A check digit by mod 11, or undefined when none exists (the remainder gives 10). */
export function kontrollsiffer(sifre: readonly number[], vekter: readonly number[]): number | undefined {
  const sum = vekter.reduce((s, v, i) => s + v * sifre[i]!, 0);
  const k = 11 - (sum % 11);
  if (k === 11) return 0;
  return k === 10 ? undefined : k;
}

/** True for a fødselsnummer or D-nummer: a date (D-nummer: the day + 40) and both check digits valid. */
export function erFoedselsEllerDnummer(elleveSifre: string): boolean {
  if (!/^\d{11}$/.test(elleveSifre)) return false;
  const s = [...elleveSifre].map(Number);
  let dag = s[0]! * 10 + s[1]!;
  const maaned = s[2]! * 10 + s[3]!;
  if (dag > 40) dag -= 40; // D-nummer
  if (dag < 1 || dag > 31 || maaned < 1 || maaned > 12) return false;
  const k1 = kontrollsiffer(s.slice(0, 9), VEKTER_K1);
  if (k1 === undefined || k1 !== s[9]) return false;
  const k2 = kontrollsiffer(s.slice(0, 10), VEKTER_K2);
  return k2 !== undefined && k2 === s[10];
}

const KANDIDAT = /(?<!\d)(\d{6})[ .-]?(\d{5})(?!\d)/g;

/** True when the text holds a fødselsnummer or D-nummer anywhere. */
export function harFoedselsEllerDnummer(tekst: string): boolean {
  for (const m of tekst.matchAll(KANDIDAT)) if (erFoedselsEllerDnummer(`${m[1]}${m[2]}`)) return true;
  return false;
}

/**
 * The refusal of a text with an identity number (never echoing it), naming the field, or undefined.
 * Lists of texts are checked element by element.
 */
export function personopplysningFeil(verdi: unknown, field: string, hva: string): InvalidCommandError | undefined {
  const tekster = typeof verdi === 'string' ? [verdi] : Array.isArray(verdi) ? verdi.filter((x): x is string => typeof x === 'string') : [];
  if (!tekster.some(harFoedselsEllerDnummer)) return undefined;
  return new InvalidCommandError(
    'personopplysninger',
    `${hva} ser ut til å inneholde et fødselsnummer eller D-nummer: fjern personopplysninger. Et avvik beskriver hendelsen uten å identifisere pasienten (skriv f.eks. «pasient i 80-årene»).`,
    { field },
  );
}
