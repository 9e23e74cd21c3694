/**
 * Pure functions on a meeting's state that the declaration, the decider, the application and (later)
 * the read models share: which series an item is numbered in, the numbers an innkalling needs, who
 * may vote, and quorum (vedtaksførhet) per item.
 */
import { aarAv } from '../shared/dato.js';
import type { TildeltNummer } from '../shared/felter.js';
import { medlemmerPaaDato, type Organ, ROLLERETTIGHETER, type Rolle } from '../organisasjon/organ.js';
import type { Nummerbehov } from './nummerering.js';
import type { Deltaker, Moete, Moetepunkt, Moetesakstype, Nummerserie, PunktData, Vedtaksfoerhet } from './typer.js';

/** The roles that hold a seat with a vote (a vara votes only when meeting for one of them). */
export const STEMMEBERETTIGEDE_ROLLER: readonly Rolle[] = (Object.keys(ROLLERETTIGHETER) as Rolle[]).filter((r) => ROLLERETTIGHETER[r].stemmerett && r !== 'vara');

/** Which role a person attends in when they hold several on the date: a voting one first. */
export const ROLLEPRIORITET: readonly Rolle[] = ['leder', 'nestleder', 'medlem', 'vara', 'observatoer', 'sekretaer'];

/** The series an item is numbered in for a body; undefined for «Eventuelt» (not numbered). */
export function serieFor(moete: Pick<Moete, 'egenOrienteringsserie'>, moetesakstype: Moetesakstype, organId: string): Exclude<Nummerserie, 'moete'> | undefined {
  if (moetesakstype === 'eventuelt') return undefined;
  return moetesakstype === 'orientering' && moete.egenOrienteringsserie.includes(organId) ? 'orientering' : 'ordinaer';
}

/** The meeting's year for numbering (møtesaksår). */
export function moeteaar(moete: Pick<Moete, 'moetedato'>): number {
  return aarAv(moete.moetedato);
}

export function aktivePunkter(moete: Moete): Moetepunkt[] {
  return moete.punkter.filter((p) => p.trukket === undefined);
}

export function finnPunkt(moete: Moete, punktId: string): Moetepunkt | undefined {
  return moete.punkter.find((p) => p.punktId === punktId);
}

/** What each body's numbering must give (`TildelMoetenumre`) for these items: series and known numbers. */
export function nummerbehov(moete: Moete, punkter: readonly PunktData[], organId: string): Nummerbehov[] {
  const ut: Nummerbehov[] = [];
  for (const p of punkter) {
    const serie = serieFor(moete, p.moetesakstype, organId);
    if (serie === undefined) continue;
    const kjent = p.kjenteNumre?.find((k) => k.organId === organId)?.moetesakssekvensnummer;
    ut.push({ punktId: p.punktId, serie, ...(kjent !== undefined ? { kjentNummer: kjent } : {}), ...(p.sakId !== undefined ? { sakId: p.sakId } : {}) });
  }
  return ut;
}

/**
 * Why the numbers do not fit the items (every numbered item one number per body in its series and
 * the meeting's year, known numbers as given, nothing twice), or false. `medMoetenummer`: each body's
 * meeting number must be among them too (the innkalling).
 */
export function numreBrudd(moete: Moete, punkter: readonly PunktData[], numre: readonly TildeltNummer[], medMoetenummer: boolean): string | false {
  const aar = moeteaar(moete);
  const forventet: { organId: string; serie: Nummerserie; punktId?: string; kjent?: number }[] = [];
  for (const organId of moete.organIder) {
    if (medMoetenummer) forventet.push({ organId, serie: 'moete' });
    for (const b of nummerbehov(moete, punkter, organId)) forventet.push({ organId, serie: b.serie, punktId: b.punktId, ...(b.kjentNummer !== undefined ? { kjent: b.kjentNummer } : {}) });
  }
  if (numre.length !== forventet.length) return `Det trengs ${forventet.length} numre (møtenummer og ett nummer per organ for hvert nummererte sakslistepunkt), ikke ${numre.length}.`;
  const sett = new Set<string>();
  for (const n of numre) {
    const noekkel = `${n.organId}:${n.serie}:${n.nummer}`;
    if (sett.has(noekkel)) return `Nummeret ${n.nummer} i serien ${n.serie} for ${n.organId} er gitt to ganger.`;
    sett.add(noekkel);
    if (n.aar !== aar) return `Numrene må gjelde møteåret ${aar}, ikke ${n.aar}.`;
  }
  for (const f of forventet) {
    const n = numre.find((x) => x.organId === f.organId && x.serie === f.serie && x.punktId === f.punktId);
    if (!n) return f.punktId ? `Sakslistepunktet ${f.punktId} mangler nummer i serien ${f.serie} for ${f.organId}.` : `Møtet mangler møtenummer for ${f.organId}.`;
    if (f.kjent !== undefined && n.nummer !== f.kjent) return `Sakslistepunktet ${f.punktId} har det kjente nummeret ${f.kjent} for ${f.organId}, ikke ${n.nummer}.`;
  }
  return false;
}

/** The voting seats of a body on a date: distinct persons holding leder, nestleder or medlem. */
export function stemmeberettigedeMedlemmer(organ: Organ, dato: string): string[] {
  return [...new Set(medlemmerPaaDato(organ, dato).filter((p) => STEMMEBERETTIGEDE_ROLLER.includes(p.rolle)).map((p) => p.personId))];
}

/** May this participant vote? Only a voting role, a vara only when meeting for a member; never an observer or the secretary. */
export function harStemmerett(rolle: Rolle, moeterForPersonId: string | undefined): boolean {
  if (!ROLLERETTIGHETER[rolle].stemmerett) return false;
  return rolle !== 'vara' || moeterForPersonId !== undefined;
}

/** The participants of a body who may vote on an item: present with a vote and not inhabil. */
export function stemmeberettigedeTilStede(moete: Moete, punkt: Moetepunkt, organId: string): Deltaker[] {
  return moete.deltakere.filter((d) => d.organId === organId && d.stemmerett && !punkt.inhabile.includes(d.personId));
}

/**
 * Quorum (vedtaksførhet) of a body for an item: at least half of its voting seats present and not
 * inhabil (the rule of kommuneloven § 11-9), and at least one. Observers and the secretary never count.
 */
export function vedtaksfoerhet(moete: Moete, punkt: Moetepunkt, organ: Organ): Vedtaksfoerhet {
  const seter = stemmeberettigedeMedlemmer(organ, moete.moetedato).length;
  const tilStede = stemmeberettigedeTilStede(moete, punkt, organ.organId).length;
  return { organId: organ.organId, stemmeberettigedeMedlemmer: seter, tilStede, vedtaksfoer: tilStede >= 1 && tilStede * 2 >= seter };
}

/** How many must be present for quorum with this many seats. */
export function kravTilVedtaksfoerhet(seter: number): number {
  return Math.max(1, Math.ceil(seter / 2));
}

/**
 * The saksliste with the item moved to the place (1-based, among the items not withdrawn), every item
 * renumbered in order (withdrawn ones after), and the array in that order.
 */
export function flyttPunkt(punkter: readonly Moetepunkt[], punktId: string, plass: number): Moetepunkt[] {
  const ordnet = [...punkter].sort((a, b) => a.rekkefoelge - b.rekkefoelge);
  const aktive = ordnet.filter((p) => p.trukket === undefined && p.punktId !== punktId);
  const punkt = ordnet.find((p) => p.punktId === punktId);
  if (punkt) aktive.splice(Math.max(0, Math.min(plass - 1, aktive.length)), 0, punkt);
  const alle = [...aktive, ...ordnet.filter((p) => p.trukket !== undefined && p.punktId !== punktId)];
  return alle.map((p, i) => ({ ...p, rekkefoelge: i + 1 }));
}

/** The place of an item among the items not withdrawn (1-based), or undefined. */
export function plassPaaSakslisten(punkter: readonly Moetepunkt[], punktId: string): number | undefined {
  const i = [...punkter].filter((p) => p.trukket === undefined).sort((a, b) => a.rekkefoelge - b.rekkefoelge).findIndex((p) => p.punktId === punktId);
  return i < 0 ? undefined : i + 1;
}
