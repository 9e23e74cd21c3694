import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  type AutentisertAktoer,
  CLOCK,
  type Clock,
  DRIFT_ORGAN,
  DRIFT_ROLLE,
  EVENT_STORE,
  eventStoreOrganLoader,
  handlingskapasitet,
  type OrganLoader,
  SAKSGANG_CONFIG,
  type SaksgangConfig,
  type Systemrolle,
} from '@saksgang/application';
import { rollerForPersonPaaDato } from '@saksgang/domain';
import type { EventStore } from '@saksgang/event-store';
import type { FastifyRequest } from 'fastify';
import { DEV_ORGAN_HEADER, DEV_PERSON_HEADER } from '../http/actor.js';
import { RequestValidationError } from '../http/request-validation.error.js';
import { osloDato } from '../projections/read-models.http.js';
import { AuthError } from './auth-error.js';
import { systemrolleKode, systemrolleMelding, type Tilgangsregel, tilgangsregel } from './tilgang.js';
import { type Identitet, TokenVerifier } from './token-verifier.js';

/** What the door found out about a request (set on every request that passes the guard). */
export type AuthKontekst =
  /** A route anyone may read (health, metrics, public access). */
  | { readonly art: 'offentlig' }
  /** A verified token; `aktoer` when the caller acts in a membership (or as operator). */
  | { readonly art: 'token'; readonly identitet: Identitet; readonly aktoer?: AutentisertAktoer }
  /** SAKSGANG_DEV_ACTOR_HEADERS=on and no token: the development headers decide (see ActorResolver). */
  | { readonly art: 'utvikler' };

declare module 'fastify' {
  interface FastifyRequest {
    saksgangAuth?: AuthKontekst;
  }
}

/** The header naming the body the caller acts for, and the one naming the role (one of the caller's memberships). */
export const ORGAN_HEADER = 'x-organ';
export const ROLLE_HEADER = 'x-rolle';

const ID = /^[\p{L}\p{N}][\p{L}\p{N}._@:+-]{0,199}$/u;

const LESING = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Who is asking, as far as a route's rule needs to know: a person, its system roles, the membership it acts in. */
interface Spoerrer {
  readonly personId: string;
  readonly systemroller: readonly Systemrolle[];
  readonly organId?: string;
  /** The membership is taken as given (development headers), not checked against today's date. */
  readonly somGitt: boolean;
}

/**
 * Authentication and the route-level authorization, on every route Nest matched (global guard). The
 * rule is the route's own ({@link Tilgangsregel}, bound to the handler or its controller): the URL's
 * text plays no part, so an encoded, doubled or oddly spelled path either matches a route — and gets
 * that route's rule — or matches none (404, no handler runs).
 * - `@Offentlig()` routes pass;
 * - otherwise `Authorization: Bearer <jwt>` is verified (401 if missing or invalid);
 * - the body and role come from `X-Organ` + `X-Rolle`, which must name one of the person's member
 *   periods in the organisation data (403 otherwise) — whether it covers the date the step takes
 *   effect is checked by the decider;
 * - `revisor` tokens only read (403 on any change); routes with `@KreverSystemrolle(...)` need one of
 *   those roles (an auditor may also read them); a body's lists (`@ForOrganetsMedlemmer`) are for its
 *   members, the sekretariat, auditors and operators; an operator may take the organisation steps
 *   without a membership (`@DriftUtenMedlemskap`, to set up the first sekretariat);
 * - every other change needs an acting membership (403 `handlingskapasitet_mangler`).
 * The fine-grained rules (which role, body type, level, relation and date) are the workflow's.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly organer: OrganLoader;

  constructor(
    @Inject(SAKSGANG_CONFIG) private readonly config: SaksgangConfig,
    @Inject(TokenVerifier) private readonly verifier: TokenVerifier,
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(Reflector) private readonly reflector: Reflector,
  ) {
    this.organer = eventStoreOrganLoader(store);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<FastifyRequest>();
    const regel = tilgangsregel(this.reflector, context.getHandler(), context.getClass());
    req.saksgangAuth = await this.autentiser(req, regel);
    return true;
  }

  private async autentiser(req: FastifyRequest, regel: Tilgangsregel): Promise<AuthKontekst> {
    if (regel.offentlig) return { art: 'offentlig' };
    const authorization = header(req, 'authorization');
    if (authorization !== undefined) {
      const m = /^Bearer +([A-Za-z0-9._~+/-]+=*)$/i.exec(authorization);
      if (!m) throw new AuthError(401, 'ugyldig_token', 'Authorization-hodet må være «Bearer <token>».');
      const identitet = await this.verifier.verify(m[1]!);
      return this.medToken(req, regel, identitet);
    }
    if (this.config.devActorHeaders) return this.medUtviklerhoder(req, regel);
    throw new AuthError(
      401,
      'token_mangler',
      'Send et bearer-token (Authorization: Bearer <token>), og X-Organ og X-Rolle med medlemskapet du handler i. Lokalt: npm run token -- --person <personId>.',
    );
  }

  private async medToken(req: FastifyRequest, regel: Tilgangsregel, identitet: Identitet): Promise<AuthKontekst> {
    const endrer = !LESING.has(req.method);
    const revisor = identitet.systemroller.includes('revisor');
    const drift = identitet.systemroller.includes('drift');
    if (endrer && revisor) {
      throw new AuthError(403, 'revisor_kun_lesing', `${identitet.personId} er revisor: revisorer leser alt og endrer ingenting.`);
    }
    if (regel.systemroller) {
      this.kravOmSystemrolle(regel.systemroller, { personId: identitet.personId, systemroller: identitet.systemroller, somGitt: false }, endrer);
      const driftsaktoer = endrer && drift ? { aktoer: { personId: identitet.personId, organId: DRIFT_ORGAN, rolle: DRIFT_ROLLE, autentisering: 'drift' as const } } : {};
      return { art: 'token', identitet, ...driftsaktoer };
    }
    const organId = header(req, ORGAN_HEADER);
    const rolle = header(req, ROLLE_HEADER);
    if ((organId === undefined) !== (rolle === undefined)) {
      throw new RequestValidationError([{ field: organId === undefined ? 'X-Organ' : 'X-Rolle', reason: 'send X-Organ and X-Rolle together (the body you act for and your role in it)' }]);
    }
    let aktoer: AutentisertAktoer | undefined;
    if (organId !== undefined && rolle !== undefined) {
      const feil = [
        ...(ID.test(organId) ? [] : [{ field: 'X-Organ', reason: 'must be an organ id (letters, digits and . _ @ : + -)' }]),
        ...(ID.test(rolle) ? [] : [{ field: 'X-Rolle', reason: 'must be a role (leder, nestleder, medlem, vara, observatoer, sekretaer)' }]),
      ];
      if (feil.length > 0) throw new RequestValidationError(feil);
      const k = await handlingskapasitet(this.organer, identitet.personId, organId, rolle);
      if (!k.ok) throw new AuthError(403, k.kode, k.melding, { allowedSteps: [] });
      aktoer = { personId: identitet.personId, organId, rolle, autentisering: 'token' };
    } else if (endrer && drift && regel.driftUtenMedlemskap) {
      aktoer = { personId: identitet.personId, organId: DRIFT_ORGAN, rolle: DRIFT_ROLLE, autentisering: 'drift' };
    }
    if (endrer && !aktoer) {
      throw new AuthError(
        403,
        'handlingskapasitet_mangler',
        `Si hvilket medlemskap du handler i: send X-Organ (organet) og X-Rolle (rollen din i det); ${identitet.personId} kan bare handle for organer personen er medlem av.`,
        { allowedSteps: [] },
      );
    }
    if (regel.organetsLister) {
      await this.kravOmLesetilgang(req, regel.organetsLister, { personId: identitet.personId, systemroller: identitet.systemroller, ...(aktoer ? { organId: aktoer.organId } : {}), somGitt: false });
    }
    return { art: 'token', identitet, ...(aktoer ? { aktoer } : {}) };
  }

  /**
   * The development headers stand for a member acting for X-Dev-Organ in X-Dev-Rolle, taken as given;
   * X-Dev-Organ `drift` for the operator. Without them a route that asks who you are answers 401.
   */
  private async medUtviklerhoder(req: FastifyRequest, regel: Tilgangsregel): Promise<AuthKontekst> {
    const personId = header(req, DEV_PERSON_HEADER);
    const organId = header(req, DEV_ORGAN_HEADER);
    if (regel.systemroller || regel.organetsLister) {
      if (!personId || !organId) {
        throw new AuthError(401, 'token_mangler', 'Hvem spør? Send et bearer-token, eller (utvikling) X-Dev-Person, X-Dev-Organ og X-Dev-Rolle.');
      }
      const spoerrer: Spoerrer = { personId, organId, systemroller: organId === DRIFT_ORGAN ? ['drift'] : [], somGitt: true };
      if (regel.systemroller) this.kravOmSystemrolle(regel.systemroller, spoerrer, !LESING.has(req.method));
      if (regel.organetsLister) await this.kravOmLesetilgang(req, regel.organetsLister, spoerrer);
    }
    return { art: 'utvikler' };
  }

  private kravOmSystemrolle(krav: readonly Systemrolle[], s: Spoerrer, endrer: boolean): void {
    const har = krav.some((r) => s.systemroller.includes(r)) || (!endrer && s.systemroller.includes('revisor'));
    if (!har) throw new AuthError(403, systemrolleKode(krav), systemrolleMelding(krav, s.personId));
  }

  /** A body's lists: its members today (any role), the sekretariat's members acting for it, auditors and operators. */
  private async kravOmLesetilgang(req: FastifyRequest, kilde: NonNullable<Tilgangsregel['organetsLister']>, s: Spoerrer): Promise<void> {
    if (s.systemroller.length > 0) return; // revisor reads everything; drift runs the system
    const verdi = kilde.param ? (req.params as Record<string, unknown> | undefined)?.[kilde.param] : kilde.query ? (req.query as Record<string, unknown> | undefined)?.[kilde.query] : undefined;
    const organId = typeof verdi === 'string' && ID.test(verdi) ? verdi : undefined;
    const idag = osloDato(this.clock.now());
    const ids = [...new Set([organId, s.organId].filter((id): id is string => id !== undefined && ID.test(id)))];
    const hent = ids.length > 0 ? await this.organer(ids) : () => undefined;
    const medlemIdag = (id: string) => {
      const organ = hent(id);
      return organ !== undefined && (s.somGitt ? s.organId === id : rollerForPersonPaaDato(organ, s.personId, idag).length > 0);
    };
    if (organId !== undefined && medlemIdag(organId)) return;
    const sekretariat = s.organId !== undefined ? hent(s.organId) : undefined;
    if (sekretariat?.organtype === 'sekretariat' && medlemIdag(sekretariat.organId)) return;
    const organ = organId !== undefined ? hent(organId) : undefined;
    const hvem = organId !== undefined ? `medlemmene av ${organ ? `«${organ.navn}»` : `organet ${organId}`}, sekretariatet` : 'sekretariatet';
    throw new AuthError(
      403,
      'ikke_lesetilgang',
      `${kilde.hva} kan bare leses av ${hvem}, revisor og drift. ${s.personId} er ikke medlem der i dag${s.organId === undefined ? ' (medlemmer av sekretariatet sender X-Organ og X-Rolle med medlemskapet sitt)' : ''}.`,
    );
  }
}

function header(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name];
  return (Array.isArray(v) ? v[0] : v)?.trim() || undefined;
}
