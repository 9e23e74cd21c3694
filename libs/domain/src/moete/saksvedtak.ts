/**
 * A meeting's decision is the sak's vedtak, with the meeting as its basis. What the sak must record
 * for a decided item — the item on its saksliste (`SettPaaSaksliste` with the meeting's numbers and
 * `moeteId`) if it is not there yet, and the decision (`FattVedtak` with `moeteId` and the meeting's
 * reference, e.g. «PSU-møte 15.02.2019, sak 2/19») — worked out from the meeting and the sak as they
 * are: pure, and empty once the sak has it, so the application can record it again after a failure
 * without recording anything twice. The sak's own workflow decides whether it accepts (phase,
 * innstilling, who acts): its rules are not restated here.
 */
import type { Organ } from '../organisasjon/organ-modell.js';
import type { SakCommand, Sak, Vedtaksutfall } from '../sak/typer.js';
import type { TildeltNummer } from '../shared/felter.js';
import type { Moete, Moetepunkt, Moetevedtaksutfall } from './typer.js';

/** The meeting's outcome as the sak's (the same words). */
const SAKENS_UTFALL: Readonly<Record<Moetevedtaksutfall, Vedtaksutfall>> = {
  vedtatt: 'vedtatt',
  tatt_til_orientering: 'tatt_til_orientering',
  droeftet: 'droeftet',
  utsatt: 'utsatt',
  sendt_tilbake: 'sendt_tilbake',
  avvist: 'avvist',
};

/**
 * A body's short name as people write it before «-møte»: the abbreviation in its name
 * («Politisk samarbeidsutvalg (PSU) i nordlige Trøndelag» → «PSU»), else PSU/ASU by type, else its name.
 */
export function kortnavn(organ: Pick<Organ, 'navn' | 'organtype'> | undefined, organId: string): string {
  if (!organ) return organId;
  const forkortelse = /\(([A-ZÆØÅ]{2,10})\)/u.exec(organ.navn)?.[1];
  if (forkortelse) return forkortelse;
  if (organ.organtype === 'psu' || organ.organtype === 'asu') return organ.organtype.toUpperCase();
  return organ.navn;
}

/** «15.02.2019» from «2019-02-15» (or from a time on that date); anything else as it is. */
export function norskDato(isoDato: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDato);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : isoDato;
}

/** An item's number as written in running text: «sak 2/19», «orienteringssak 1/19». */
export function punktnummerTekst(n: Pick<TildeltNummer, 'serie' | 'nummer' | 'aar'>): string {
  return `${n.serie === 'orientering' ? 'orienteringssak' : 'sak'} ${n.nummer}/${String(n.aar).slice(-2)}`;
}

/**
 * The meeting as the basis of a decision: «PSU-møte 15.02.2019, sak 2/19»; a joint meeting names
 * both bodies and both numbers: «PSU/ASU-møte 23.11.2017, PSU sak 3/17, ASU sak 16/17».
 */
export function moetereferanse(moete: Pick<Moete, 'organIder' | 'moetedato'>, punkt: Pick<Moetepunkt, 'numre'>, organ: (organId: string) => Pick<Organ, 'navn' | 'organtype'> | undefined): string {
  const navn = (id: string) => kortnavn(organ(id), id);
  const felles = moete.organIder.length > 1;
  const numre = moete.organIder.flatMap((id) => punkt.numre.filter((n) => n.organId === id).map((n) => `${felles ? `${navn(id)} ` : ''}${punktnummerTekst(n)}`));
  return [`${moete.organIder.map(navn).join('/')}-møte ${norskDato(moete.moetedato)}`, ...numre].join(', ');
}

/**
 * The commands the sak still needs for a decided item of the meeting (none: the sak has it, or the
 * item is not about a sak, or not decided). The item's id is the sak's sakslistepunktId.
 */
export function sakensKommandoerForMoetevedtak(moete: Moete, punktId: string, sak: Sak | null, organ: (organId: string) => Pick<Organ, 'navn' | 'organtype'> | undefined): SakCommand[] {
  const punkt = moete.punkter.find((p) => p.punktId === punktId);
  if (!punkt?.vedtak || punkt.sakId === undefined) return [];
  const paaSaken = sak?.sakslistepunkter.find((p) => p.sakslistepunktId === punktId);
  const ut: SakCommand[] = [];
  if (!paaSaken) {
    ut.push({
      type: 'SettPaaSaksliste',
      data: {
        sakslistepunktId: punktId,
        moetedato: moete.moetedato,
        moetested: moete.moetested,
        organer: punkt.numre.map((n) => ({ organId: n.organId, moetesaksaar: n.aar, moetesakssekvensnummer: n.nummer })),
        moeteId: moete.moeteId,
        gjelderFra: punkt.tilleggssak ? punkt.lagtTil : (moete.innkallingSendt ?? punkt.lagtTil),
      },
    });
  }
  if (!paaSaken?.vedtak) {
    ut.push({
      type: 'FattVedtak',
      data: {
        sakslistepunktId: punktId,
        vedtaksutfall: SAKENS_UTFALL[punkt.vedtak.vedtaksutfall],
        vedtakstekst: punkt.vedtak.vedtakstekst,
        organIder: [...punkt.vedtak.organIder],
        moeteId: moete.moeteId,
        moetereferanse: moetereferanse(moete, punkt, organ),
        ...(punkt.vedtak.bestilling ? { bestillesFra: punkt.vedtak.bestilling.tilOrganId, mandat: punkt.vedtak.bestilling.mandat, frist: punkt.vedtak.bestilling.frist } : {}),
        gjelderFra: punkt.vedtak.gjelderFra,
      },
    });
  }
  return ut;
}
