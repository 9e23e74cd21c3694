/**
 * The demo's documents (#16 item 5): the årsmelding of PSU sak 1/19 (seed 004: «Årsmeldingen ligger
 * ved som vedlegg.») as a vedlegg to the sak, uploaded by PSU's secretary on the meeting date. The
 * årsmelding itself is not among the source papers: the demo document is a short text that says so
 * and quotes the notice.
 */
import type { Aktoer } from '@saksgang/domain';
import { deterministicEventId } from '../command-path/deterministic-id.js';
import { DEMO_ORGAN, demoSakId } from './demo-data.js';

export interface DemoDokument {
  readonly noekkel: string;
  readonly historie: string;
  readonly dokumentId: string;
  readonly aktoer: Aktoer;
  readonly data: Readonly<Record<string, unknown>>;
  readonly filnavn: string;
  readonly innhold: string;
}

export function demoDokumentId(noekkel: string): string {
  return deterministicEventId(`demo:dokument:${noekkel}`, 0);
}

const PSU_SEKRETAER: Aktoer = { personId: 'ks-sekretaer', organId: DEMO_ORGAN.psu, rolle: 'sekretaer' };

export const DEMO_DOKUMENTER: readonly DemoDokument[] = [
  {
    noekkel: 'dokument:psu-1-19:aarsmelding',
    historie: 'psu-1-19',
    dokumentId: demoDokumentId('psu-1-19:aarsmelding'),
    aktoer: PSU_SEKRETAER,
    data: { tittel: 'Årsmelding 2018 for Politisk samarbeidsutvalg (PSU) i nordlige Trøndelag', tilknytningstype: 'sak', sakId: demoSakId('psu-1-19'), tilknytningsrolle: 'vedlegg', gjelderFra: '2019-02-15' },
    filnavn: 'Årsmelding 2018 PSU.txt',
    innhold: [
      'Årsmelding 2018 – Politisk samarbeidsutvalg (PSU) i nordlige Trøndelag',
      '',
      'Vedlegg til sak 1/19 i PSUs møte 15. februar 2019.',
      '',
      'Fra innkallingen: «Årsmeldingen ligger ved som vedlegg.»',
      'Forslag til vedtak: «Politisk samarbeidsutvalg (PSU) i nordlige Trøndelag godkjenner årsmeldingen for arbeidet i utvalget, for 2018.»',
      '',
      '(Demodokument: selve årsmeldingen er ikke blant kildedokumentene; denne teksten står i stedet for den.)',
      '',
    ].join('\n'),
  },
];
