/** Guard builders of the sak workflow: rules on the command in its context, each with a code and a plain reason. */
import { erAktivPaaDato, type Rolle } from '../organisasjon/organ.js';
import { sammenlignDato, type Tidspunkt } from '../shared/dato.js';
import { finnOppdrag, finnOppfoelging } from './tilstand.js';
import { type Oppdrag, type Sak, type SakFase, type SakKommandoer, type SakStegType, SAKSFASER } from './typer.js';
import type { AktoerRegel, OrganKrav, Tilstandsvakt, Vakt, VaktInput } from './vokabular.js';

export const FERDIG_BEHANDLEDE = ['vedtatt', 'tatt_til_orientering', 'droeftet'] as const;

export function navn<K extends SakStegType>(input: VaktInput<K>, organId: string): string {
  const o = input.organ(organId);
  return o ? `«${o.navn}»` : organId;
}

export function organFinnes<K extends SakStegType>(hent: (data: SakKommandoer[K]) => string[]): Vakt<K> {
  return {
    kode: 'organ_ikke_funnet',
    grunn: 'Organet kommandoen viser til må finnes.',
    art: 'not_found',
    brudd: (i) => {
      const ukjent = hent(i.data).filter((id) => !i.organ(id));
      return ukjent.length > 0 ? `Organet ${ukjent.join(', ')} finnes ikke.` : false;
    },
  };
}

export function organAktivt<K extends SakStegType>(hent: (data: SakKommandoer[K]) => string[], dato?: (i: VaktInput<K>) => Tidspunkt): Vakt<K> {
  return {
    kode: 'organ_ikke_aktivt',
    grunn: 'Organet må være opprettet og ikke nedlagt på datoen steget gjelder fra.',
    art: 'refused',
    brudd: (i) => {
      const d = dato ? dato(i) : i.gjelderFra;
      const inaktive = hent(i.data).filter((id) => {
        const o = i.organ(id);
        return o !== undefined && !erAktivPaaDato(o, d);
      });
      return inaktive.length > 0 ? `${inaktive.map((id) => navn(i, id)).join(', ')} var ikke et aktivt organ ${d.slice(0, 10)} (ikke opprettet ennå eller lagt ned).` : false;
    },
  };
}

export function fristEtterGjelderFra<K extends SakStegType>(felt: string, hent: (data: SakKommandoer[K]) => string | undefined): Vakt<K> {
  return {
    kode: 'frist_ikke_etter_gjelder_fra',
    grunn: 'Fristen må være etter datoen steget gjelder fra.',
    art: 'refused',
    brudd: (i) => {
      const frist = hent(i.data);
      return frist !== undefined && sammenlignDato(frist, i.gjelderFra) <= 0
        ? `${felt} (${frist}) må være etter datoen steget gjelder fra (${i.gjelderFra.slice(0, 10)}).`
        : false;
    },
  };
}

export function oppdragFinnes<K extends SakStegType>(): Vakt<K> {
  return {
    kode: 'oppdrag_ikke_funnet',
    grunn: 'Oppdraget må finnes i saken.',
    art: 'not_found',
    brudd: (i) => {
      const id = (i.data as { oppdragId: string }).oppdragId;
      return finnOppdrag(i.sak as Sak, id) ? false : `Saken har ikke noe oppdrag ${id}.`;
    },
  };
}

/** The receiver must have asked for a later frist (granting or refusing it). */
export function utsettelseBedt<K extends 'InnvilgUtsattFrist' | 'AvslaaUtsattFrist'>(): Vakt<K> {
  return {
    kode: 'ingen_utsettelse_bedt',
    grunn: 'Mottakeren må ha bedt om utsatt frist.',
    art: 'refused',
    brudd: (i) => (finnOppdrag(i.sak, i.data.oppdragId)?.utsettelse ? false : `Ingen har bedt om utsatt frist for oppdraget ${i.data.oppdragId}.`),
  };
}

export function oppdragStatus<K extends SakStegType>(kode: string, grunn: string, lovlige: readonly Oppdrag['status'][]): Vakt<K> {
  return {
    kode,
    grunn,
    art: 'refused',
    brudd: (i) => {
      const o = finnOppdrag(i.sak as Sak, (i.data as { oppdragId: string }).oppdragId);
      return o && !lovlige.includes(o.status) ? `${grunn} Oppdraget ${o.oppdragId} har status «${o.status}».` : false;
    },
  };
}

export function noenOppdrag(kode: string, grunn: string, hvilke: (o: Oppdrag) => boolean): Tilstandsvakt {
  return { kode, grunn, brudd: (sak) => (sak.oppdrag.some(hvilke) ? false : grunn) };
}

export function oppfoelgingFinnesOgErAapen<K extends 'RapporterOppfoelging' | 'MeldOppfoelgingFullfoert'>(): Vakt<K>[] {
  return [
    {
      kode: 'oppfoelging_ikke_funnet',
      grunn: 'Oppfølgingen må finnes i saken.',
      art: 'not_found',
      brudd: (i) => (finnOppfoelging(i.sak as Sak, i.data.oppfoelgingId) ? false : `Saken har ingen oppfølging ${i.data.oppfoelgingId}.`),
    },
    {
      kode: 'oppfoelging_allerede_fullfoert',
      grunn: 'Oppfølgingen må være åpen.',
      art: 'refused',
      brudd: (i) => {
        const o = finnOppfoelging(i.sak as Sak, i.data.oppfoelgingId);
        return o?.fullfoert !== undefined ? `Oppfølgingen ${o.oppfoelgingId} ble meldt fullført ${o.fullfoert}.` : false;
      },
    },
  ];
}

export const LEDELSE: readonly Rolle[] = ['leder', 'nestleder', 'sekretaer'];
export const AAPNE_FASER: readonly SakFase[] = SAKSFASER.filter((f) => f !== 'avsluttet' && f !== 'trukket');

export function aktoer(roller: readonly Rolle[], organ: readonly OrganKrav[]): AktoerRegel {
  return { roller, organ, kreverMedlemskapPaaDato: true };
}



/** The path parameter naming the oppdrag a step is about. */
export const OPPDRAG_I_STI = { art: 'id', kilde: 'sti' } as const;

/** Who may mark or lift an exemption: the sekretariat (its leder, nestleder or sekretær). */
export const SEKRETARIATET: AktoerRegel = aktoer(LEDELSE, [{ organtype: 'sekretariat' }]);
