/** Descriptions in Norwegian of the declaration's words, for refusals, the diagram and the README. */
import type { Organtype, Rolle } from '../organisasjon/organ.js';
import type { SakFase } from './typer.js';
import type { OrganKrav, Relasjon } from './vokabular.js';

export const RELASJONSBESKRIVELSE: Readonly<Record<Relasjon, string>> = {
  innmelder: 'organet som meldte inn saken',
  ansvarlig: 'organet saken er tildelt',
  bestillingsmottaker: 'organet utredningen er bestilt fra',
  oppdragsmottaker: 'organet som har fått oppdraget',
  oppdragsgiver: 'organet som delegerte oppdraget',
  sakslisteorgan: 'et organ som har saken på sin saksliste',
  vedtaksorgan: 'et organ som fattet vedtaket',
  oppfoelgingsmottaker: 'organet som skal følge opp vedtaket',
  involvert: 'et organ som er involvert i saken',
};

export const ORGANTYPEBESKRIVELSE: Readonly<Record<Organtype, string>> = {
  psu: 'PSU',
  asu: 'ASU',
  arbeidsutvalg: 'arbeidsutvalget',
  fagraad: 'et fagråd',
  fagnettverk: 'et fagnettverk',
  arbeidsgruppe: 'en arbeidsgruppe',
  sekretariat: 'sekretariatet',
  kommune: 'en kommune (eller en enhet i en kommune)',
  helseforetak: 'helseforetaket (eller en enhet i det)',
};

export const ROLLEBESKRIVELSE: Readonly<Record<Rolle, string>> = {
  leder: 'leder',
  nestleder: 'nestleder',
  medlem: 'medlem',
  vara: 'vara',
  observatoer: 'observatør',
  sekretaer: 'sekretær',
};

export const FASEBESKRIVELSE: Readonly<Record<SakFase, string>> = {
  registrert: 'Registrert',
  tildelt: 'Tildelt nivå',
  bestilt: 'Utredning bestilt',
  under_utredning: 'Under utredning',
  innstilling_avgitt: 'Innstilling avgitt',
  paa_saksliste: 'På saksliste',
  utsatt: 'Utsatt',
  vedtak_fattet: 'Vedtak fattet',
  avvist: 'Avvist',
  til_oppfoelging: 'Til oppfølging',
  oppfoelging_fullfoert: 'Oppfølging fullført',
  avsluttet: 'Avsluttet',
  trukket: 'Trukket',
};


export function beskrivOrganKrav(k: OrganKrav): string {
  const deler: string[] = [];
  if (k.relasjon) deler.push(RELASJONSBESKRIVELSE[k.relasjon]);
  if (k.organtype) deler.push(ORGANTYPEBESKRIVELSE[k.organtype]);
  if (k.nivaa) deler.push(deler.length === 0 ? `et organ på ${k.nivaa} nivå` : `(på ${k.nivaa} nivå)`);
  return deler.join(' ');
}
