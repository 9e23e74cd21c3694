/**
 * @saksgang/domain — the pure domain: the organisation as data (`organDecider`), the sak workflow
 * declared once (`SAK_ARBEIDSFLYT`) and enforced by `sakDecider`, and agenda numbering per body and
 * year (`sakslisteDecider`). No framework, no I/O, no clock of its own.
 */
export { type Aktoer, assertNever, type DecisionContext, type Decider, type DomainCommand, type DomainEvent, fold } from './shared/decider.js';
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
export { aarAv, datoDel, erIsoDato, erTidspunkt, type IsoDato, sammenlignDato, type Tidspunkt } from './shared/dato.js';

export {
  type AvsluttMedlemsperiode,
  type EndreMandat,
  erAktivPaaDato,
  type Historisk,
  hvemSattHvorPaaDato,
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
} from './organisasjon/organ.js';

export * from './sak/typer.js';
export {
  aapneOppdrag,
  aapneOppfoelginger,
  type AktoerRegel,
  ansvarligForOppdrag,
  type Arbeidsflyt,
  beskrivOrganKrav,
  erAapentOppdrag,
  FASEBESKRIVELSE,
  gjeldendeSakslistepunkt,
  gjeldendeVerdi,
  IKKE_KORRIGERBARE_FELT,
  organerIRelasjon,
  type OrganKrav,
  type Overgang,
  type Relasjon,
  RELASJONSBESKRIVELSE,
  SAK_ARBEIDSFLYT,
  SAK_STEG,
  sisteVedtakspunkt,
  type StegDefinisjon,
  stegDefinisjon,
  type Tilstandsvakt,
  type Vakt,
  type VaktInput,
} from './sak/arbeidsflyt.js';
export { sakDecider, skjermingDecider, tillatteSteg, type TillatteStegKontekst } from './sak/sak-decider.js';
export {
  erSkjermingshendelse,
  offentligTittel,
  SKJERMING_AKTOERREGEL,
  SKJERMING_STEG,
  type Skjerming,
  type SkjermingCommand,
  type SkjermingEvent,
  type SkjermingKommandoer,
  type SkjermingMarkert,
  type Skjermingsmerke,
  type SkjermingOpphevet,
  type SkjermingStegType,
  SKJERMINGSHENDELSER,
} from './sak/skjerming.js';
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
