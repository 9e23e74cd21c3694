/**
 * Avvik (samhandlingsavvik, issue 19): the second declared workflow beside the sak's and the meeting's —
 * declared once (`AVVIK_ARBEIDSFLYT`), enforced by `avvikDecider`, with the identity-number guard on
 * every free text. Nothing outside this folder names an avvik step.
 */
export * from './typer.js';
export { AVVIK_ARBEIDSFLYT, AVVIK_STEG, AVVIKSMELDER, avvikStegDefinisjon, FORBEDRINGSANSVARLIGE, leggTilDager, MELDEREN, MOTTAKEREN, PARTENE } from './arbeidsflyt.js';
export type { AvvikAktoerRegel, AvvikArbeidsflyt, AvvikOrganKrav, AvvikRelasjon, AvvikStegDefinisjon, AvvikVakt, AvvikVaktInput } from './vokabular.js';
export { avvikDecider, avvikLesere, avviksorganer, AVVIKSSTATUSBESKRIVELSE, avviksstatusEtter, erForfalt, tillatteAvvikssteg } from './avvik-decider.js';
export { erFoedselsEllerDnummer, harFoedselsEllerDnummer, kontrollsiffer, personopplysningFeil } from './personnummer.js';
export { avviksdiagramMermaid } from './diagram.js';
export { AVVIKSFAGRAADETS_TEMA, avviksfagraadPaaDato, erAvviksfagraad } from './fagraad.js';
