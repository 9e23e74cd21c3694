import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import {
  type AutentisertAktoer,
  DRIFT_ORGAN,
  DRIFT_ROLLE,
  EVENT_STORE,
  eventStoreOrganLoader,
  handlingskapasitet,
  type OrganLoader,
  SAKSGANG_CONFIG,
  type SaksgangConfig,
} from '@saksgang/application';
import type { EventStore } from '@saksgang/event-store';
import type { FastifyRequest } from 'fastify';
import { RequestValidationError } from '../http/request-validation.error.js';
import { AuthError } from './auth-error.js';
import { type Identitet, TokenVerifier } from './token-verifier.js';

/** What the door found out about a request (set on every request that passes the guard). */
export type AuthKontekst =
  /** A route anyone may read (health, metrics, API docs, public access). */
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

/** Paths anyone may read without a token. */
export function erOffentligSti(path: string): boolean {
  return (
    path === '/health' ||
    path.startsWith('/health/') ||
    path === '/metrics' ||
    path === '/docs' ||
    path.startsWith('/docs/') ||
    path.startsWith('/docs-json') ||
    path === '/offentlig' ||
    path.startsWith('/offentlig/')
  );
}

const LESING = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Authentication and the coarse authorization, on every route (global guard):
 * - public paths pass;
 * - `Authorization: Bearer <jwt>` is verified (401 if missing or invalid);
 * - the body and role come from `X-Organ` + `X-Rolle`, which must name one of the person's member
 *   periods in the organisation data (403 otherwise) — whether it covers the date the step takes
 *   effect is checked by the decider;
 * - `revisor` tokens only read (403 on any change); `/drift/*` needs the `drift` role; an operator may
 *   also take the organisation steps without a membership (to set up the first sekretariat);
 * - every change needs an acting membership (403 `handlingskapasitet_mangler`).
 * The fine-grained rules (which role, body type, level, relation and date) are the workflow's.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly organer: OrganLoader;

  constructor(
    @Inject(SAKSGANG_CONFIG) private readonly config: SaksgangConfig,
    @Inject(TokenVerifier) private readonly verifier: TokenVerifier,
    @Inject(EVENT_STORE) store: EventStore,
  ) {
    this.organer = eventStoreOrganLoader(store);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<FastifyRequest>();
    req.saksgangAuth = await this.autentiser(req);
    return true;
  }

  private async autentiser(req: FastifyRequest): Promise<AuthKontekst> {
    const path = (req.url.split('?')[0] ?? '/').replace(/\/+$/, '') || '/';
    if (erOffentligSti(path)) return { art: 'offentlig' };
    const authorization = header(req, 'authorization');
    if (authorization !== undefined) {
      const m = /^Bearer +([A-Za-z0-9._~+/-]+=*)$/i.exec(authorization);
      if (!m) throw new AuthError(401, 'ugyldig_token', 'The Authorization header must be "Bearer <token>".');
      const identitet = await this.verifier.verify(m[1]!);
      return this.medToken(req, path, identitet);
    }
    if (this.config.devActorHeaders) return { art: 'utvikler' };
    throw new AuthError(
      401,
      'token_mangler',
      'Send a bearer token (Authorization: Bearer <token>), and X-Organ and X-Rolle naming the membership you act in. Locally: npm run token -- --person <personId>.',
    );
  }

  private async medToken(req: FastifyRequest, path: string, identitet: Identitet): Promise<AuthKontekst> {
    const endrer = !LESING.has(req.method);
    const revisor = identitet.systemroller.includes('revisor');
    const drift = identitet.systemroller.includes('drift');
    if (endrer && revisor) {
      throw new AuthError(403, 'revisor_kun_lesing', `${identitet.personId} is an auditor (revisor): auditors read everything and change nothing.`);
    }
    if (path === '/drift' || path.startsWith('/drift/')) {
      if (!(drift || (revisor && !endrer))) throw new AuthError(403, 'krever_drift', 'Operations (/drift) need the operator role (drift) in the token.');
      return { art: 'token', identitet, ...(endrer ? { aktoer: { personId: identitet.personId, organId: DRIFT_ORGAN, rolle: DRIFT_ROLLE, autentisering: 'drift' as const } } : {}) };
    }
    const organId = header(req, ORGAN_HEADER);
    const rolle = header(req, ROLLE_HEADER);
    if ((organId === undefined) !== (rolle === undefined)) {
      throw new RequestValidationError([{ field: organId === undefined ? 'X-Organ' : 'X-Rolle', reason: 'send X-Organ and X-Rolle together (the body you act for and your role in it)' }]);
    }
    if (organId !== undefined && rolle !== undefined) {
      const feil = [
        ...(ID.test(organId) ? [] : [{ field: 'X-Organ', reason: 'must be an organ id (letters, digits and . _ @ : + -)' }]),
        ...(ID.test(rolle) ? [] : [{ field: 'X-Rolle', reason: 'must be a role (leder, nestleder, medlem, vara, observatoer, sekretaer)' }]),
      ];
      if (feil.length > 0) throw new RequestValidationError(feil);
      const k = await handlingskapasitet(this.organer, identitet.personId, organId, rolle);
      if (!k.ok) throw new AuthError(403, k.kode, k.melding, { allowedSteps: [] });
      return { art: 'token', identitet, aktoer: { personId: identitet.personId, organId, rolle, autentisering: 'token' } };
    }
    if (endrer && drift && (path === '/organer' || path.startsWith('/organer/'))) {
      return { art: 'token', identitet, aktoer: { personId: identitet.personId, organId: DRIFT_ORGAN, rolle: DRIFT_ROLLE, autentisering: 'drift' } };
    }
    if (endrer) {
      throw new AuthError(
        403,
        'handlingskapasitet_mangler',
        `Say which membership you act in: send X-Organ (the body) and X-Rolle (your role in it); ${identitet.personId} may act only for bodies it is a member of.`,
        { allowedSteps: [] },
      );
    }
    return { art: 'token', identitet };
  }
}

function header(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name];
  return (Array.isArray(v) ? v[0] : v)?.trim() || undefined;
}
