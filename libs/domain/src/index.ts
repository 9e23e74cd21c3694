/**
 * @saksgang/domain — the pure domain: the organisation as data (`organDecider`), the sak workflow
 * declared once (`SAK_ARBEIDSFLYT`) and enforced by `sakDecider`, and agenda numbering per body and
 * year (`sakslisteDecider`). No framework, no I/O, no clock of its own.
 */
export { type Aktoer, assertNever, type DecisionContext, type Decider, type DomainCommand, type DomainEvent, DRIFT_ORGAN, DRIFT_ROLLE, erDrift, fold } from './shared/decider.js';
export {
  ActorNotAllowedError,
  ConflictError,
  DomainError,
  type DomainErrorKind,
  type DomainErrorOptions,
  InvalidCommandError,
  NotFoundError,
  StepRefusedError,
} from './shared/errors.js';
export {
  aarAv,
  datoDel,
  type Datobrudd,
  type Datogrenser,
  datogrenser,
  erIsoDato,
  erTidspunkt,
  gjelderFraBrudd,
  type IsoDato,
  planlagtDatoBrudd,
  sammenlignDato,
  senesteGjelderFra,
  senestePlanlagteDato,
  STANDARD_DATOGRENSER,
  type Tidspunkt,
  TIDLIGSTE_DATO,
} from './shared/dato.js';

export {
  type AvsluttMedlemsperiode,
  type EndreMandat,
  erAktivPaaDato,
  type Historisk,
  hvemSattHvorPaaDato,
  kreverOppnevning,
  type LeggNedOrgan,
  mandatPaaDato,
  medlemskapsBrudd,
  type MedlemOppnevnt,
  type Medlemsperiode,
  type MedlemsperiodeAvsluttet,
  medlemmerPaaDato,
  navnPaaDato,
  NIVAAER,
  type Nivaa,
  nivaaRang,
  type OmdoepOrgan,
  type Oppnevning,
  type OppnevnMedlem,
  type OpprettOrgan,
  type Organ,
  ORGAN_AKTOERREGEL,
  ORGAN_STEG,
  type OrganCommand,
  organDecider,
  type OrganEvent,
  type OrganMandatEndret,
  type OrganNedlagt,
  type OrganOmdoept,
  type OrganOpprettet,
  type OrganState,
  ORGANTYPER,
  type Organtype,
  type Rolle,
  ROLLER,
  ROLLERETTIGHETER,
  rollerForPersonPaaDato,
  STANDARD_NIVAA,
  type Verv,
  rollenavn,
} from './organisasjon/organ.js';

export * from './sak/typer.js';
export { hendelsesnavnFor, SAK_ARBEIDSFLYT, SAK_STEG, stegDefinisjon, stegtittelForHendelse } from './sak/arbeidsflyt.js';
export type { AktoerRegel, Arbeidsflyt, Fasegrunnlag, OrganKrav, Overgang, Relasjon, StegDefinisjon, Tilstandsvakt, Vakt, VaktInput } from './sak/vokabular.js';
export { beskrivOrganKrav, FASEBESKRIVELSE, ORGANTYPEBESKRIVELSE, RELASJONSBESKRIVELSE, ROLLEBESKRIVELSE } from './sak/beskrivelser.js';
export {
  aapneOppdrag,
  aapneOppfoelginger,
  ansvarligForOppdrag,
  erAapentOppdrag,
  finnOppdrag,
  finnOppfoelging,
  gjeldendeSakslistepunkt,
  sakslisteorganForInnstilling,
  gjeldendeVerdi,
  IKKE_KORRIGERBARE_FELT,
  organerIRelasjon,
  sisteVedtakspunkt,
} from './sak/tilstand.js';
export { sakDecider, tillatteSteg, type TillatteStegKontekst } from './sak/sak-decider.js';
export { ansvarligEtter, faseEtter, oppdragsstatusEtter, posisjonEtter, type Saksposisjon, startposisjon } from './sak/utfall.js';
export { ALDRI_SKJERMET, erSkjermingshendelse, kanSkjermes, offentligTittel, SKJERMINGSHENDELSER } from './sak/skjerming.js';
export {
  type Forekomst,
  harSkjulteFelt,
  type Kopiregel,
  kopierISaken,
  type LagretHendelse,
  type OffentligHendelsesdata,
  offentligeHendelser,
  offentligTilstand,
  SKJERMET,
  SKJERMINGSKOPIER,
  skjulteFelt,
  type SkjultIHendelse,
} from './sak/skjerming-kopier.js';
export {
  type Felt,
  type Felter,
  type FeltSett,
  type Feltfeil,
  felterMedKilde,
  forespoerselsfelter,
  fristFelt,
  GJELDER_FRA,
  type JsonSchema,
  jsonSchemaFor,
  type Kilde,
  LANG_TEKST,
  ORGAN_ID_MOENSTER,
  organFelt,
  organIderFra,
  planlagteDatoer,
  UNDER_ID_MOENSTER,
  validerFelter,
} from './shared/felter.js';
export { FLERLINJET_FRA, kontrolltegnFeil, kreverTekst, ugyldigKontrolltegn, valgfriTekst } from './shared/validering.js';
export { arbeidsflytKanter, mermaidDiagram, type Overgangskant, svgDiagram, workflowDiagram } from './sak/diagram.js';
export { arbeidsflytDokumentasjon } from './sak/dokumentasjon.js';

export {
  formaterMoetesaksnummer,
  type MoetesaksnummerTildelt,
  moetesaksnummerFor,
  type Saksliste,
  type SakslisteCommand,
  sakslisteDecider,
  type SakslisteEvent,
  sakslisteId,
  type SakslisteState,
  type TildelMoetesaksnummer,
} from './saksliste/saksliste-decider.js';

// Meetings (møte): the meeting workflow declared once (`MOETE_ARBEIDSFLYT`), enforced by `moeteDecider`; numbering per body, year and series.
export * from './moete/typer.js';
export { MOETE_ARBEIDSFLYT, MOETE_STEG, MOETEANSVARLIGE, moeteStegDefinisjon, PROTOKOLLGODKJENNERE } from './moete/arbeidsflyt.js';
export type { MoeteAktoerRegel, MoeteArbeidsflyt, MoeteOrganKrav, MoeteRelasjon, MoeteStegDefinisjon, MoeteVakt, MoeteVaktInput } from './moete/vokabular.js';
export { moeteDecider, MOETESTATUSBESKRIVELSE, moetestatusEtter, tillatteMoetesteg } from './moete/moete-decider.js';
export { kortnavn, moetereferanse, norskDato, punktnummerTekst, sakensKommandoerForMoetevedtak } from './moete/saksvedtak.js';
export {
  aktivePunkter,
  finnPunkt,
  harStemmerett,
  kravTilVedtaksfoerhet,
  moeteaar,
  nummerbehov,
  numreBrudd,
  serieFor,
  stemmeberettigedeMedlemmer,
  stemmeberettigedeTilStede,
  vedtaksfoerhet,
} from './moete/regler.js';
export {
  type Moetenummerering,
  type MoetenummereringCommand,
  moetenummereringDecider,
  type MoetenummereringEvent,
  moetenummereringId,
  type MoetenummereringState,
  type MoetenumreTildelt,
  type Nummerbehov,
  numreForMoete,
  saksnummerFor,
  type SaksnummerTildelt,
  type TidligereSaksnumre,
  type TildelMoetenumre,
  type TildelSaksnummer,
} from './moete/nummerering.js';
export { type Aktoerbeskrivelser, aktoerBruddFor, type AktoerRegelFor, type OrganKravFor } from './shared/aktoerregel.js';
export type { TildeltNummer } from './shared/felter.js';

// Avvik (samhandlingsavvik between the parties): a declared workflow of its own (avvik/), enforced by `avvikDecider`.
export * from './avvik/index.js';

// Outside parties (korrespondansepart, #16 item 2): the register as facts, and the sak's steps that reach them (hearings, answers, letters).
export * from './korrespondansepart/index.js';
export { HOERING_STEG, hoeringer, type Hoering } from './sak/hoering-steg.js';
export { type AapenFrist, aapneFrister, FRISTARTER, type Fristart } from './sak/frister.js';
export type { Signatar } from './shared/felter.js';

// Documents (#16 item 1): dokumentbeskrivelse with its dokumentobjekter, a declared workflow of its own (dokument/), enforced by `dokumentDecider`.
export * from './dokument/index.js';
