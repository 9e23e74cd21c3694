export * from './projection.js';
export * from './runner/errors.js';
export { checkpointTable, type StoredCheckpoint } from './runner/checkpoint-store.js';
export { type ProjectionErrorInfo, type ProjectionState } from './runner/projection-worker.js';
export * from './runner/projection-runner.js';
export { BatchEventFailure, RowBatch, type TableSpec } from './runner/row-batch.js';
export { leaseKey, PostgresAdvisoryLease, type PostgresAdvisoryLeaseOptions, type ProjectionLease, singleProcessLease } from './runner/lease.js';

export { lesemodeller } from './read-models/index.js';
export { ORGAN_HENDELSESTYPER, SAK_HENDELSESTYPER, type SakHendelse, somSakHendelse } from './read-models/felles.js';
export { hentOrganer, hentPersoner, hentPersonnavn, type Medlemskap, type OrganRad, OrganerProjection, type PersonMedMedlemskap } from './read-models/organer.js';
export { JsonDokument } from './read-models/json-dokument.js';
export { hentSaksforloep, hentSaksforloepDokument, medNavn, type OppdragForloep, type Saksforloep, saksforloepFraHendelser, SaksforloepProjection, type SaksforloepSteg } from './read-models/saksforloep.js';
export {
  ARBEIDSLISTE_ARTER,
  ARBEIDSLISTE_SLUTTSTATUSER,
  type Arbeidsliste,
  type ArbeidslisteArt,
  ArbeidslisteProjection,
  type ArbeidslistePunkt,
  type ArbeidslisteSluttstatus,
  hentAapnePunkterForSak,
  hentArbeidsliste,
  hentKommendeFrister,
  hentRestanser,
  hentSendt,
  type SendtPunkt,
  type SendtStatusFilter,
} from './read-models/arbeidsliste.js';
export {
  hentSakIOversikt,
  type OffentligeSoekeverdier,
  type SakIOversikt,
  sakerMedSkjerming,
  SaksoversiktProjection,
  type SaksoversiktFilter,
  type SaksoversiktSide,
  sokSaker,
} from './read-models/saksoversikt.js';
export {
  hentVedtaksoppfoelging,
  type OppfoelgingRad,
  type Oppfoelgingsstatus,
  type VedtakRad,
  type VedtaksoppfoelgingFilter,
  VedtaksoppfoelgingProjection,
} from './read-models/vedtaksoppfoelging.js';
export {
  type Aarsstatistikk,
  type AarsstatistikkForOrgan,
  AARSSTATISTIKK_MAAL,
  type AarsstatistikkMaal,
  AarsstatistikkProjection,
  type Behandlingstid,
  type Forfalte,
  hentAarsstatistikk,
} from './read-models/aarsstatistikk.js';
export { escapeXml, renderSaksforloepSvg, type SwimlaneOptions } from './svg/swimlane.js';
export { hentKlarForSaksliste, hentMoetekalender, hentMoetetall, hentOffentligeMoeter, type KlarForSakslisteRad, type MoetekalenderRad, MoeterProjection, type Moetetall } from './read-models/moeter.js';
export {
  AVVIK_HENDELSESTYPER,
  AVVIKSDIMENSJONER,
  type Avviksdimensjon,
  type Avviksgruppe,
  type Avviksstatistikk,
  type Avvikstall,
  AvvikProjection,
  type AvvikRad,
  avvikstall,
  hentAvvikForForbedringssak,
  hentAvvikForOrgan,
  hentAvvikRad,
  hentAvviksrestanser,
  hentAvviksstatistikk,
  median,
  periode,
} from './read-models/avvik.js';
export { hentHoeringsoversikt, hentManglendeHoeringssvar, hentParter, type Hoeringsoversikt, type ManglendeHoeringssvar, ParterProjection, type PartRad } from './read-models/parter.js';
export { DokumenterProjection, dokumenterForSak } from './read-models/dokumenter.js';
