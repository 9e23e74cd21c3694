import type { Aktoer } from '@saksgang/domain';

/**
 * How the acting person was established:
 * - `token`: a verified bearer token, acting in a membership (X-Organ, X-Rolle) — the decider checks
 *   the membership on the date the step takes effect;
 * - `drift`: a verified token with the operator role, acting for no body (organisation set-up, rebuilds);
 * - `utviklerhode`: the development headers (SAKSGANG_DEV_ACTOR_HEADERS=on): taken as given.
 */
export type Autentisering = 'token' | 'drift' | 'utviklerhode';

/** An actor as the HTTP edge resolved it. Only the resolver makes these; the command path reads `autentisering`. */
export interface AutentisertAktoer extends Aktoer {
  readonly autentisering: Autentisering;
}

/** The system roles a token may carry (claim `roles`): an auditor reads everything and changes nothing; an operator runs the system. */
export const SYSTEMROLLER = ['revisor', 'drift'] as const;
export type Systemrolle = (typeof SYSTEMROLLER)[number];

/** The acting body and role of an operator (who acts for no body). Recorded as such on every fact. */
export const DRIFT_ORGAN = 'drift';
export const DRIFT_ROLLE = 'drift';

/**
 * Whether the decider must check the actor's membership on the effective date: yes for a
 * token-verified member. The development headers and the server's own loaders are taken as given.
 */
export function kreverMedlemskapskontroll(aktoer: Aktoer): boolean {
  return (aktoer as Partial<AutentisertAktoer>).autentisering === 'token';
}

/** The three fields that go on every fact (never anything else the object may carry). */
export function aktoerPaaFaktum(aktoer: Aktoer): Aktoer {
  return { personId: aktoer.personId, organId: aktoer.organId, rolle: aktoer.rolle };
}
