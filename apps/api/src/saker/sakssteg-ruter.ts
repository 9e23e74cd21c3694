import type { SakStegType } from '@saksgang/domain';

/**
 * The HTTP resource of every workflow step (`POST` relative to `/saker`). Typed by the domain's step
 * names, so a step added to the declaration without an endpoint does not compile.
 */
export const SAKSSTEG_RUTER = {
  RegistrerSak: '',
  TildelNivaa: ':sakId/nivaa',
  BestillUtredning: ':sakId/bestillinger',
  MottaBestilling: ':sakId/bestillinger/mottak',
  DelegerOppdrag: ':sakId/oppdrag',
  AksepterOppdrag: ':sakId/oppdrag/:oppdragId/aksept',
  BeOmUtsattFrist: ':sakId/oppdrag/:oppdragId/utsettelse',
  InnvilgUtsattFrist: ':sakId/oppdrag/:oppdragId/utsettelse/innvilgelse',
  AvslaaUtsattFrist: ':sakId/oppdrag/:oppdragId/utsettelse/avslag',
  LeverOppdrag: ':sakId/oppdrag/:oppdragId/leveranser',
  GodtaLeveranse: ':sakId/oppdrag/:oppdragId/leveranser/godtakelse',
  ReturnerLeveranse: ':sakId/oppdrag/:oppdragId/leveranser/retur',
  AvgiInnstilling: ':sakId/innstilling',
  SettPaaSaksliste: ':sakId/saksliste',
  FattVedtak: ':sakId/sakslistepunkter/:sakslistepunktId/vedtak',
  SendTilOppfoelging: ':sakId/oppfoelginger',
  RapporterOppfoelging: ':sakId/oppfoelginger/:oppfoelgingId/rapporter',
  MeldOppfoelgingFullfoert: ':sakId/oppfoelginger/:oppfoelgingId/fullfoering',
  AvsluttSak: ':sakId/avslutning',
  TrekkSak: ':sakId/trekking',
  GjenaapneSak: ':sakId/gjenaapning',
  KorrigerOpplysning: ':sakId/korrigeringer',
} as const satisfies Record<SakStegType, string>;

/** The full path of a step in OpenAPI form, e.g. `/saker/{sakId}/oppdrag/{oppdragId}/aksept`. */
export function stegSti(steg: SakStegType): string {
  const rute = SAKSSTEG_RUTER[steg];
  return `/saker${rute ? `/${rute}` : ''}`.replace(/:([A-Za-z]+)/g, '{$1}');
}
