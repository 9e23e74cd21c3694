/**
 * Which fagråd follows up an avvik when the report names none: the one the organisation has for
 * quality and patient safety on the date the avvik is reported — a body of type fagråd, existing on
 * that date, whose name or mandate then says «kvalitet og pasientsikkerhet» (seed 000: «Fagråd for
 * kvalitet og pasientsikkerhet»; seed 002, table 6: «Forbedringsarbeid ut fra samhandlingsavvik …
 * ASU, Fagråd 12»). None, or more than one: a refusal naming the field to fill in (fagraad).
 */
import type { Tidspunkt } from '../shared/dato.js';
import { datoDel } from '../shared/dato.js';
import { InvalidCommandError } from '../shared/errors.js';
import type { Organ } from '../organisasjon/organ-modell.js';
import { erAktivPaaDato, mandatPaaDato, navnPaaDato } from '../organisasjon/organ.js';

/** What makes a fagråd the one for avvik: its name or mandate on the date. */
export const AVVIKSFAGRAADETS_TEMA = /kvalitet\s+og\s+pasientsikkerhet/i;

/** Is the body, on the date, the fagråd for quality and patient safety. */
export function erAvviksfagraad(organ: Organ, dato: Tidspunkt): boolean {
  if (organ.organtype !== 'fagraad' || !erAktivPaaDato(organ, dato)) return false;
  return AVVIKSFAGRAADETS_TEMA.test(navnPaaDato(organ, dato) ?? organ.navn) || AVVIKSFAGRAADETS_TEMA.test(mandatPaaDato(organ, dato) ?? organ.mandat);
}

/**
 * The fagråd for avvik on the date among the bodies given (any bodies; those that are not it are
 * passed over). Throws a refusal with the reason and the field when there is none or more than one.
 */
export function avviksfagraadPaaDato(organer: readonly Organ[], dato: Tidspunkt): string {
  const treff = organer.filter((o) => erAvviksfagraad(o, dato));
  if (treff.length === 1) return treff[0]!.organId;
  if (treff.length === 0) {
    throw new InvalidCommandError(
      'avviksfagraad_finnes_ikke',
      `Organisasjonen har ikke noe fagråd for kvalitet og pasientsikkerhet ${datoDel(dato)} (et fagråd med det i navnet eller mandatet), så tjenesten vet ikke hvem som skal følge opp avviket. Oppgi fagrådet (fagraad), eller be sekretariatet opprette fagrådet først.`,
      { field: 'fagraad' },
    );
  }
  throw new InvalidCommandError(
    'avviksfagraad_flertydig',
    `Flere fagråd har kvalitet og pasientsikkerhet i navnet eller mandatet ${datoDel(dato)}: ${treff.map((o) => `«${navnPaaDato(o, dato) ?? o.navn}» (${o.organId})`).join(', ')}. Oppgi hvilket som skal følge opp avviket (fagraad).`,
    { field: 'fagraad' },
  );
}
