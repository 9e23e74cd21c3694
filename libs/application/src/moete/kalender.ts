/**
 * The calendar invitation of a meeting (iCalendar, RFC 5545), made with ical-generator: one event per
 * meeting with a stable UID, its date, start and end in Europe/Oslo (with the zone's VTIMEZONE), the
 * møtested, and a Norwegian text with the saksliste. SEQUENCE counts the changes a calendar must
 * apply (each time the meeting moved, and the cancellation), so an imported invitation is updated; an
 * avlyst meeting is METHOD:CANCEL with STATUS:CANCELLED.
 */
import { TZDate } from '@date-fns/tz';
import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import { type Moete, norskDato, type Organ, punktnummerTekst } from '@saksgang/domain';
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';

export const MOETE_TIDSSONE = 'Europe/Oslo';

/** The UID of a meeting's calendar event: the same for every version of the invitation. */
export function kalenderUid(moeteId: string): string {
  return `moete-${moeteId}@saksgang`;
}

/** The SEQUENCE of the invitation: one more for each move, and for the cancellation. */
export function kalenderSekvens(moete: Pick<Moete, 'flyttinger' | 'avlyst'>): number {
  return moete.flyttinger.length + (moete.avlyst ? 1 : 0);
}

/** «PSU – politisk samarbeidsutvalg og ASU – …» — the bodies by name. */
export function organnavn(moete: Pick<Moete, 'organIder'>, organ: (organId: string) => Pick<Organ, 'navn'> | undefined): string {
  const navn = moete.organIder.map((id) => organ(id)?.navn ?? id);
  return navn.length <= 1 ? (navn[0] ?? '') : `${navn.slice(0, -1).join(', ')} og ${navn[navn.length - 1]}`;
}

function tidspunkt(dato: string, klokkeslett: string): TZDate {
  const [a, m, d] = dato.split('-').map(Number) as [number, number, number];
  const [t, min] = klokkeslett.replace('.', ':').split(':').map(Number) as [number, number];
  return new TZDate(a, m - 1, d, t, min, MOETE_TIDSSONE);
}

/** The invitation as text/calendar. `naa` is the DTSTAMP (when this version was made). */
export function moetekalender(moete: Moete, organ: (organId: string) => Pick<Organ, 'navn'> | undefined, naa: Date): string {
  const hvem = organnavn(moete, organ);
  const felles = moete.organIder.length > 1;
  const tittel = `${felles ? 'Fellesmøte' : 'Møte'} i ${hvem}`;
  const avlyst = moete.avlyst !== undefined;
  const linjer: string[] = [];
  if (avlyst) linjer.push(`Møtet er avlyst: ${moete.avlyst!.begrunnelse}`, '');
  const flytting = moete.flyttinger[moete.flyttinger.length - 1];
  if (flytting && !avlyst) linjer.push(`Møtet er flyttet fra ${norskDato(flytting.fraDato)}: ${flytting.begrunnelse}`, '');
  linjer.push(`${tittel}, ${norskDato(moete.moetedato)}, ${moete.moetested}, kl. ${moete.starttid}${moete.sluttid ? `–${moete.sluttid}` : ''}.`);
  const punkter = moete.punkter.filter((p) => p.trukket === undefined);
  if (punkter.length > 0) {
    linjer.push('', 'Saksliste:');
    for (const p of punkter) {
      const numre = p.numre.filter((n) => n.serie !== 'moete').map((n) => `${felles ? `${organ(n.organId)?.navn ?? n.organId} ` : ''}${punktnummerTekst(n)}`);
      const nr = numre.length > 0 ? `${numre.join(', ')} `.replace(/^./, (c) => c.toUpperCase()) : '';
      linjer.push(`${nr}${p.tittel}`);
    }
  }

  const kalender = ical({
    name: hvem,
    prodId: { company: 'saksgang', product: 'moeter', language: 'NB' },
    method: avlyst ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
  });
  kalender.timezone({ name: MOETE_TIDSSONE, generator: getVtimezoneComponent });
  const start = tidspunkt(moete.moetedato, moete.starttid);
  kalender.createEvent({
    id: kalenderUid(moete.moeteId),
    sequence: kalenderSekvens(moete),
    stamp: naa,
    timezone: MOETE_TIDSSONE,
    start,
    // Without a sluttid the invitation says when it starts; calendars show an hour.
    end: moete.sluttid ? tidspunkt(moete.moetedato, moete.sluttid) : new TZDate(start.getTime() + 60 * 60 * 1000, MOETE_TIDSSONE),
    summary: avlyst ? `Avlyst: ${tittel}` : tittel,
    location: moete.moetested,
    description: linjer.join('\n'),
    status: avlyst ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  });
  return kalender.toString();
}
