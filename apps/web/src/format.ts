/** Dates as Norwegians write them: 15.02.2019, 15. februar 2019, kl. 09.30. */
const DATO = new Intl.DateTimeFormat('nb-NO', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'Europe/Oslo' });
const LANG = new Intl.DateTimeFormat('nb-NO', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Oslo' });
const TID = new Intl.DateTimeFormat('nb-NO', { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Oslo' });

function somDato(s: string): Date {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) ? new Date(`${s}T12:00:00Z`) : new Date(s);
}

export function dato(s: string | undefined | null): string {
  return s ? DATO.format(somDato(s)) : '';
}
export function langDato(s: string | undefined | null): string {
  return s ? LANG.format(somDato(s)) : '';
}
export function tidspunkt(s: string | undefined | null): string {
  return s ? TID.format(new Date(s)).replace(',', ' kl.') : '';
}

/** «3 dager igjen», «i dag», «2 dager på overtid». */
export function dagerIgjen(dager: number | null | undefined): string {
  if (dager === undefined || dager === null) return '';
  if (dager === 0) return 'frist i dag';
  if (dager > 0) return dager === 1 ? '1 dag igjen' : `${dager} dager igjen`;
  return -dager === 1 ? '1 dag på overtid' : `${-dager} dager på overtid`;
}

/** The phases as a person reads them (the service's own words are in GET /arbeidsflyt `faser`). */
export function iDag(): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Oslo' }).format(new Date());
}
