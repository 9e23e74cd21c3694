import { DRIFT_ORGAN, type IsoDato, type Organ, organerIRelasjon, rollerForPersonPaaDato, type Sak } from '@saksgang/domain';
import type { OrganLoader } from '../command-path/command-path.js';
import type { Systemrolle } from './aktoer.js';

/**
 * Who is reading, as the HTTP edge established it (the read side of {@link AutentisertAktoer}): the
 * person from the verified token (or the development headers), the token's system roles, and the
 * membership the reader acts in when X-Organ + X-Rolle were sent (the guard has checked that the
 * person holds that role in that body). No reader at all (`undefined`) is the public.
 */
export interface Leser {
  readonly personId: string;
  /** From the token's `roles` claim: `revisor` (reads everything), `drift` (runs the system). */
  readonly systemroller: readonly Systemrolle[];
  /** The body of the membership the reader acts in (X-Organ), if any. */
  readonly organId?: string;
  /** The development headers (SAKSGANG_DEV_ACTOR_HEADERS=on): the membership in `organId` is taken as given, not looked up. */
  readonly somGitt?: boolean;
}

/** Why the reader may read the exempt version of a sak. */
export type Innsynsgrunn = 'revisor' | 'sekretariat' | 'medlem';

/** The answer of {@link innsyn}: the full version (and why), or the public one. */
export type Innsyn = { readonly full: true; readonly grunn: Innsynsgrunn; readonly organId?: string } | { readonly full: false };

/**
 * The bodies that handled the sak: every body its events name (innmeldtAv, who ordered and who
 * received an order, the oppdrag's giver and receiver, the bodies of the innstillinger, of the agenda
 * items and of the decisions, follow-ups both ways — the relation `involvert`) and every body that took
 * a step of it (e.g. the arbeidsutvalg that triaged it, the body that sent it on hearing).
 */
export function organerSomHarBehandlet(sak: Sak): string[] {
  const ids = new Set(organerIRelasjon('involvert', sak));
  for (const h of sak.hendelser) {
    const a = h.data['utfoertAv'] as { organId?: unknown } | undefined;
    if (typeof a?.organId === 'string' && a.organId !== DRIFT_ORGAN) ids.add(a.organId);
  }
  return [...ids].sort();
}

/** Does the reader hold a membership in the body on the date (any role: observers and deputies too)? */
function medlemPaaDato(leser: Leser, organ: Organ | undefined, dato: IsoDato): boolean {
  if (!organ) return false;
  if (leser.somGitt) return leser.organId === organ.organId;
  return rollerForPersonPaaDato(organ, leser.personId, dato).length > 0;
}

/**
 * The part of {@link innsyn} that does not depend on the sak: auditors (`revisor` in the token), and
 * members of the sekretariat acting for it (X-Organ + X-Rolle, as for a body's lists) on the date.
 */
export function innsynIAlleSaker(leser: Leser | undefined, organ: (id: string) => Organ | undefined, dato: IsoDato): Innsyn {
  if (!leser) return { full: false };
  if (leser.systemroller.includes('revisor')) return { full: true, grunn: 'revisor' };
  if (leser.organId !== undefined) {
    const o = organ(leser.organId);
    if (o?.organtype === 'sekretariat' && medlemPaaDato(leser, o, dato)) return { full: true, grunn: 'sekretariat', organId: o.organId };
  }
  return { full: false };
}

/**
 * THE READ PREDICATE: may this reader read the exempt (skjermet) version of the sak? Yes for auditors
 * (`revisor`), for the sekretariat (a member acting for it), and for the members on the date (any
 * role) of a body that handled the sak ({@link organerSomHarBehandlet}). Everyone else — the public,
 * a signed-in person without such a membership, an operator (`drift`) — reads the public version, in
 * which nothing exempt and no copy of it is shown (libs/domain skjerming-kopier.ts).
 *
 * `organ` must know the reader's acting body and the bodies that handled the sak ({@link innsynsorganer});
 * `dato` is the day of the read (memberships are those valid that day, as for a body's lists).
 */
export function innsyn(leser: Leser | undefined, sak: Sak, organ: (id: string) => Organ | undefined, dato: IsoDato): Innsyn {
  const alle = innsynIAlleSaker(leser, organ, dato);
  if (alle.full || !leser) return alle;
  for (const id of organerSomHarBehandlet(sak)) if (medlemPaaDato(leser, organ(id), dato)) return { full: true, grunn: 'medlem', organId: id };
  return { full: false };
}

/** The bodies {@link innsyn} needs to know for these saker: the reader's own and the ones that handled them. */
export function innsynsorganer(leser: Leser | undefined, saker: readonly Sak[]): string[] {
  if (!leser) return [];
  const ids = new Set<string>(leser.organId !== undefined ? [leser.organId] : []);
  if (!leser.systemroller.includes('revisor')) for (const s of saker) for (const id of organerSomHarBehandlet(s)) ids.add(id);
  return [...ids];
}

/** {@link innsyn} with the bodies loaded. */
export async function lastInnsyn(leser: Leser | undefined, sak: Sak, last: OrganLoader, dato: IsoDato): Promise<Innsyn> {
  const ider = innsynsorganer(leser, [sak]);
  const organ = ider.length > 0 ? await last(ider) : () => undefined;
  return innsyn(leser, sak, organ, dato);
}

/** The day in Norway (YYYY-MM-DD) of a moment: the date memberships are judged on. */
export function norskDato(d: Date): IsoDato {
  // sv-SE formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Oslo', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}
