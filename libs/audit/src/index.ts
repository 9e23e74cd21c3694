/**
 * @saksgang/audit — for auditors (revisjon, Statsforvalteren, the archive): tamper evidence
 * (`verify`), point-in-time views on both time axes, replay against projections, archive bundles.
 * Read-only towards the store.
 */
export { calendarDate, effectiveTime, isDate, parseInstant, recordedTime } from './tid.js';
export { type ChainHead, checkStream, type IntegrityIssue, type IntegrityIssueKind, type StreamCheckResult } from './verify/stream-check.js';
export { checkGlobalLog, readWholeLog, verify, type VerifyOptions, type VerifyProgress, type VerifyReport, type VerifyScope } from './verify/verify.js';
export {
  foldSak,
  type HistorikkPunkt,
  historikkPunkt,
  inEffectOn,
  organisasjonPaaDato,
  type OrganisasjonPaaDato,
  recordedBy,
  sakGjeldendePaaDato,
  SakFinnesIkkeError,
  type SakPaaTidspunkt,
  sakSomRegistrert,
} from './point-in-time/point-in-time.js';
export {
  type Forskjell,
  type ProjectionComparer,
  type ProjeksjonsSammenligning,
  replaySak,
  type ReplayResultat,
  sammenlign,
  sammenlignbar,
  type SammenlignbarSak,
  type Saksstatus,
  saksstatusFor,
  streamComparer,
} from './replay/replay.js';
export { leseModellComparers } from './replay/projection-comparers.js';
export {
  anchorsFromManifest,
  BUNDLE_FORMAT,
  BUNDLE_FORMAT_VERSION,
  type BundleChainHead,
  type BundleLine,
  type BundleManifest,
  exportBundle,
  type ExportOptions,
  type ExportResult,
  type ExportScope,
} from './export/export.js';
export { offentligData, samleSkjerminger, type Skjerming } from './export/skjerming.js';
export { escapeHtml, rapportHtml, saksforloepSvg, saksaarOgSekvens } from './export/rapport.js';
