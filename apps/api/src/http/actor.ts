import { Inject, Injectable } from '@nestjs/common';
import { type AutentisertAktoer, DRIFT_ORGAN, type Leser, SAKSGANG_CONFIG, type SaksgangConfig } from '@saksgang/application';
import type { FastifyRequest } from 'fastify';
import { AuthError } from '../auth/auth-error.js';

export const DEV_PERSON_HEADER = 'x-dev-person';
export const DEV_ORGAN_HEADER = 'x-dev-organ';
export const DEV_ROLLE_HEADER = 'x-dev-rolle';

const ID = /^[\p{L}\p{N}][\p{L}\p{N}._@:+-]{0,199}$/u;

/**
 * Who is acting — the ONLY source of the actor on commands (never the request body). From the
 * verified bearer token and the membership named by `X-Organ` + `X-Rolle` (checked by the
 * {@link AuthGuard}); or, only with SAKSGANG_DEV_ACTOR_HEADERS=on and no token, from the development
 * headers `X-Dev-Person`, `X-Dev-Organ`, `X-Dev-Rolle` (taken as given: local development only).
 */
@Injectable()
export class ActorResolver {
  constructor(@Inject(SAKSGANG_CONFIG) private readonly config: SaksgangConfig) {}

  resolve(req: FastifyRequest): AutentisertAktoer {
    const auth = req.saksgangAuth;
    if (auth?.art === 'token') {
      if (auth.aktoer) return auth.aktoer;
      throw new AuthError(403, 'handlingskapasitet_mangler', 'Say which membership you act in: send X-Organ (the body) and X-Rolle (your role in it).', { allowedSteps: [] });
    }
    if (auth?.art === 'utvikler' && this.config.devActorHeaders) return this.fraUtviklerhoder(req);
    throw new AuthError(401, 'token_mangler', 'Send a bearer token (Authorization: Bearer <token>) and X-Organ + X-Rolle.');
  }

  /** The actor if there is one, else undefined (for reads that show the steps allowed to the caller). */
  tryResolve(req: FastifyRequest): AutentisertAktoer | undefined {
    try {
      return this.resolve(req);
    } catch {
      return undefined;
    }
  }

  /**
   * Who reads, for the read predicate (`innsyn`): the verified token's person, its system roles and the
   * membership it acts in (X-Organ + X-Rolle, checked by the guard); or, with the development headers,
   * X-Dev-Person acting for X-Dev-Organ as given. Undefined for the public (no token, a public route).
   */
  leser(req: FastifyRequest): Leser | undefined {
    const auth = req.saksgangAuth;
    if (auth?.art === 'token') {
      const organId = auth.aktoer?.autentisering === 'token' ? auth.aktoer.organId : undefined;
      return { personId: auth.identitet.personId, systemroller: auth.identitet.systemroller, ...(organId !== undefined ? { organId } : {}) };
    }
    if (auth?.art === 'utvikler' && this.config.devActorHeaders) {
      const personId = header(req, DEV_PERSON_HEADER);
      const organId = header(req, DEV_ORGAN_HEADER);
      if (!personId || !ID.test(personId)) return undefined;
      const organ = organId && ID.test(organId) ? organId : undefined;
      return { personId, systemroller: organ === DRIFT_ORGAN ? ['drift'] : [], ...(organ !== undefined ? { organId: organ } : {}), somGitt: true };
    }
    return undefined;
  }

  private fraUtviklerhoder(req: FastifyRequest): AutentisertAktoer {
    const personId = header(req, DEV_PERSON_HEADER);
    const organId = header(req, DEV_ORGAN_HEADER);
    const rolle = header(req, DEV_ROLLE_HEADER);
    const missing = [
      [DEV_PERSON_HEADER, personId],
      [DEV_ORGAN_HEADER, organId],
      [DEV_ROLLE_HEADER, rolle],
    ]
      .filter(([, v]) => !v || !ID.test(v))
      .map(([h]) => h);
    if (missing.length > 0) {
      throw new AuthError(401, 'token_mangler', `Who is acting? Send a bearer token, or (development) the headers ${missing.join(', ')} (letters, digits and . _ @ : + -).`);
    }
    return { personId: personId!, organId: organId!, rolle: rolle!, autentisering: 'utviklerhode' };
  }
}

function header(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name];
  return (Array.isArray(v) ? v[0] : v)?.trim() || undefined;
}
