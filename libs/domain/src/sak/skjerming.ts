/**
 * Exemption from public access (offentleglova): the sekretariat marks fields of an event of a sak as
 * exempt (skjermet), with the legal basis (skjermingshjemmel, e.g. «offl. § 13 jf. fvl. § 13 første
 * ledd nr. 1») and, when the title is exempt, a public title (offentlig tittel). The two steps
 * (`MarkerSkjerming`, `OpphevSkjerming`) are declared in the sak workflow like every other step
 * (arbeidsflyt.ts); this module holds what the exemption itself means.
 *
 * The event data follows the archive export's convention (libs/audit skjerming.ts): `data.skjerming`
 * = `{ felt, skjermingshjemmel, tilgangsrestriksjon?, hendelsesnummer }`, so a public export leaves
 * the fields out without knowing this module.
 */
import { IKKE_KORRIGERBARE_FELT } from './tilstand.js';
import type { Sak } from './typer.js';

/** The events of the two exemption steps. */
export const SKJERMINGSHENDELSER = ['SkjermingMarkert', 'SkjermingOpphevet'] as const;

export function erSkjermingshendelse(e: { readonly type: string }): boolean {
  return (SKJERMINGSHENDELSER as readonly string[]).includes(e.type);
}

/**
 * Fields that are never exempt: the public must be able to tell which sak and step it is — who, when,
 * which bodies (also `innmeldtAv`, `bestiltAv` and the agenda's `organer`, which the id suffix rule
 * does not catch), and the values the public state is derived from (sakstype, vedtaksutfall, nivå,
 * the phase; the same fields that can never be corrected, {@link IKKE_KORRIGERBARE_FELT}) — and, of a
 * correction, which field of which event it corrects (its values may be exempt).
 */
export const ALDRI_SKJERMET: readonly string[] = [
  ...new Set([
    'sakId',
    'gjelderFra',
    'utfoertAv',
    'skjerming',
    'offentligTittel',
    'skjermingId',
    ...IKKE_KORRIGERBARE_FELT,
    'hendelsesnummer',
    'hendelsestype',
    'felt',
  ]),
];

/** May this field of an event be exempt? Not identity fields, ids, bodies or lists of bodies. */
export function kanSkjermes(felt: string): boolean {
  return !(ALDRI_SKJERMET.includes(felt) || felt.endsWith('Id') || felt.endsWith('Ider'));
}

/** The public title: the latest exemption's offentligTittel while the title is exempt, else the title. */
export function offentligTittel(sak: Sak): string {
  const tittelSkjermet = (sak.skjerminger ?? []).filter((s) => s.felt.includes('tittel'));
  return tittelSkjermet.length > 0 ? (tittelSkjermet.at(-1)!.offentligTittel ?? '[skjermet]') : sak.tittel;
}
