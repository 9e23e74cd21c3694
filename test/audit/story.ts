/**
 * A sak story through the real command path (so every event is sealed), on a manual clock so the
 * recording times are those of the story: the seed 002 journey "PSU vedtok i sak 3/17 … oversendte
 * saken til ASU … ASU behandlet saken i sak 16/2017", then the PSU meeting of 15 February 2019
 * (seed 004), with the minutes recorded five days later and a title correction recorded in March
 * 2019 but made to apply from the registration date.
 */
import { randomUUID } from 'node:crypto';

import { CommandPath, eventStoreOrganLoader, ManualClock } from '@saksgang/application';
import { type Aktoer, type OrganCommand, organDecider, type SakCommand, sakDecider } from '@saksgang/domain';
import type { EventStore } from '@saksgang/event-store';

export const SEKRETARIAT: Aktoer = { personId: 'sekretariatet', organId: 'sekretariat-hnt', rolle: 'sekretaer' };
export const PSU_SEKRETAER: Aktoer = { personId: 'ks-sekretaer', organId: 'psu-hnt', rolle: 'sekretaer' };
export const ASU_SEKRETAER: Aktoer = { personId: 'olav-bremnes', organId: 'asu-hnt', rolle: 'sekretaer' };

export const OPPRINNELIG_TITTEL = 'Handlingsplan for samhandling 2018-2012';
export const RETTET_TITTEL = 'Handlingsplan for samhandling 2018–2021';

export interface Story {
  readonly sakId: string;
  /** Organ ids get this suffix, so several stories share one store. */
  readonly suffix: string;
  readonly organ: (base: string) => string;
}

export function newPath(store: EventStore, start = '2019-01-02T08:00:00.000Z'): { path: CommandPath; clock: ManualClock } {
  const clock = new ManualClock(new Date(start));
  return { path: new CommandPath(store, clock, eventStoreOrganLoader(store)), clock };
}

async function organ(path: CommandPath, id: string, command: OrganCommand): Promise<void> {
  await path.execute(organDecider, { aggregateId: id, command, commandId: randomUUID(), correlationId: randomUUID(), causationId: randomUUID(), aktoer: SEKRETARIAT });
}

/** The bodies (PSU with its members, ASU, sekretariat). Recorded on 2 January 2019. */
export async function organiser(store: EventStore, suffix: string): Promise<void> {
  const { path } = newPath(store);
  const psu = `psu-hnt${suffix}`;
  await organ(path, `sekretariat-hnt${suffix}`, { type: 'OpprettOrgan', data: { organId: `sekretariat-hnt${suffix}`, navn: 'Helsefellesskapets sekretariat', organtype: 'sekretariat', mandat: 'Forbereder og følger opp saker på alle nivå.', gjelderFra: '2012-01-01' } });
  await organ(path, psu, { type: 'OpprettOrgan', data: { organId: psu, navn: 'Politisk samarbeidsutvalg (PSU) i nordlige Trøndelag', organtype: 'psu', mandat: 'Setter retning og bestiller saker.', gjelderFra: '2012-01-01' } });
  await organ(path, psu, { type: 'OppnevnMedlem', data: { organId: psu, periodeId: 'p1', personId: 'robert-svarva', navn: 'Robert Svarva', rolle: 'leder', representerer: 'KS fylkesmøte', fra: '2016-01-01' } });
  await organ(path, psu, { type: 'OppnevnMedlem', data: { organId: psu, periodeId: 'p2', personId: 'ks-sekretaer', navn: 'KS (sekretær)', rolle: 'sekretaer', representerer: 'KS', fra: '2016-01-01' } });
  // Seed 004, sak 2/19: "Trøndelag fylkeskommune tiltrer PSU som observatør … fra dags dato" (15.02.2019).
  await organ(path, psu, { type: 'OppnevnMedlem', data: { organId: psu, periodeId: 'p3', personId: 'tore-sandvik', navn: 'Tore O. Sandvik', rolle: 'observatoer', representerer: 'Trøndelag fylkeskommune', fra: '2019-02-15' } });
  await organ(path, `asu-hnt${suffix}`, { type: 'OpprettOrgan', data: { organId: `asu-hnt${suffix}`, navn: 'Administrativt samarbeidsutvalg (ASU)', organtype: 'asu', mandat: 'Utreder, prioriterer, delegerer og følger opp.', gjelderFra: '2012-01-01' } });
  await organ(path, `asu-hnt${suffix}`, { type: 'OppnevnMedlem', data: { organId: `asu-hnt${suffix}`, periodeId: 'a2', personId: 'olav-bremnes', navn: 'Olav Bremnes', rolle: 'sekretaer', representerer: 'Helse Nord-Trøndelag HF', fra: '2017-01-01' } });
}

/**
 * The sak. `steps` limits how far the story goes (default: all 7 sak events):
 * 0 SakRegistrert (rec 2017-03-27, eff 2017-03-24) · 1 UtredningBestilt (rec 2017-03-27, eff 2017-03-24) ·
 * 2 BestillingMottatt (rec 2017-04-21, eff 2017-04-20) · 3 InnstillingAvgitt (rec/eff 2019-01-15) ·
 * 4 SattPaaSaksliste (rec 2019-02-01, møte 2019-02-15) · 5 VedtakFattet (rec 2019-02-20, eff 2019-02-15) ·
 * 6 OpplysningKorrigert of the title (rec 2019-03-05, eff 2017-03-24).
 */
export async function fortell(store: EventStore, suffix: string, steps = 7, sakId: string = randomUUID()): Promise<Story> {
  const psu = `psu-hnt${suffix}`;
  const asu = `asu-hnt${suffix}`;
  const psuSekr = { ...PSU_SEKRETAER, organId: psu };
  const asuSekr = { ...ASU_SEKRETAER, organId: asu };
  const { path, clock } = newPath(store);
  const run = async (at: string, command: SakCommand, aktoer: Aktoer): Promise<void> => {
    clock.set(new Date(at));
    await path.execute(sakDecider, { aggregateId: sakId, command, commandId: randomUUID(), correlationId: randomUUID(), causationId: randomUUID(), aktoer });
  };
  const all: [string, SakCommand, Aktoer][] = [
    ['2017-03-27T09:00:00.000Z', { type: 'RegistrerSak', data: { sakId, tittel: OPPRINNELIG_TITTEL, beskrivelse: 'Forslag til arbeidsprosess og framdriftsplan for en handlingsplan.', innmeldtAv: psu, sakstype: 'beslutningssak', saksnummer: '3/17', gjelderFra: '2017-03-24' } }, psuSekr],
    ['2017-03-27T09:05:00.000Z', { type: 'BestillUtredning', data: { tilOrganId: asu, mandat: 'Utarbeide handlingsplan for samhandling.', frist: '2018-02-13', gjelderFra: '2017-03-24' } }, psuSekr],
    ['2017-04-21T10:00:00.000Z', { type: 'MottaBestilling', data: { saksnummer: '16/2017', gjelderFra: '2017-04-20' } }, asuSekr],
    ['2019-01-15T12:00:00.000Z', { type: 'AvgiInnstilling', data: { forslagTilVedtak: 'ASU anbefaler at PSU slutter seg til handlingsplanen.', gjelderFra: '2019-01-15' } }, asuSekr],
    ['2019-02-01T08:00:00.000Z', { type: 'SettPaaSaksliste', data: { sakslistepunktId: 'punkt-1', moetedato: '2019-02-15', moetested: 'Sykehuset Levanger, Store møterom Arken', organer: [{ organId: psu, moetesaksaar: 2019, moetesakssekvensnummer: 3 }] } }, psuSekr],
    ['2019-02-20T14:00:00.000Z', { type: 'FattVedtak', data: { sakslistepunktId: 'punkt-1', vedtaksutfall: 'vedtatt', vedtakstekst: 'PSU slutter seg til handlingsplanen.' } }, psuSekr],
    ['2019-03-05T09:00:00.000Z', { type: 'KorrigerOpplysning', data: { hendelsesnummer: 0, hendelsestype: 'SakRegistrert', felt: 'tittel', gammelVerdi: OPPRINNELIG_TITTEL, nyVerdi: RETTET_TITTEL, begrunnelse: 'Skrivefeil i årstallet', gjelderFra: '2017-03-24' } }, psuSekr],
  ];
  for (const [at, command, aktoer] of all.slice(0, steps)) await run(at, command, aktoer);
  return { sakId, suffix, organ: (base) => `${base}${suffix}` };
}
