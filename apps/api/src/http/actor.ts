import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { SAKSGANG_CONFIG, type SaksgangConfig } from '@saksgang/application';
import type { Aktoer } from '@saksgang/domain';
import type { FastifyRequest } from 'fastify';

export const DEV_PERSON_HEADER = 'x-dev-person';
export const DEV_ORGAN_HEADER = 'x-dev-organ';
export const DEV_ROLLE_HEADER = 'x-dev-rolle';

const ID = /^[\p{L}\p{N}][\p{L}\p{N}._@:+-]{0,199}$/u;

/**
 * Who is acting. Until authentication lands, the actor comes from the development headers
 * `X-Dev-Person`, `X-Dev-Organ` and `X-Dev-Rolle` (SAKSGANG_DEV_ACTOR_HEADERS=on, documented in the README).
 */
@Injectable()
export class ActorResolver {
  constructor(@Inject(SAKSGANG_CONFIG) private readonly config: SaksgangConfig) {}

  resolve(req: FastifyRequest): Aktoer {
    if (!this.config.devActorHeaders) {
      throw new UnauthorizedException('No authentication is configured and the development actor headers are off (SAKSGANG_DEV_ACTOR_HEADERS=off).');
    }
    const personId = header(req, DEV_PERSON_HEADER);
    const organId = header(req, DEV_ORGAN_HEADER);
    const rolle = header(req, DEV_ROLLE_HEADER);
    const missing = [
      [DEV_PERSON_HEADER, personId],
      [DEV_ORGAN_HEADER, organId],
      [DEV_ROLLE_HEADER, rolle],
    ].filter(([, v]) => !v || !ID.test(v)).map(([h]) => h);
    if (missing.length > 0) {
      throw new UnauthorizedException(`Who is acting? Send the headers ${missing.join(', ')} (letters, digits and . _ @ : + -).`);
    }
    return { personId: personId!, organId: organId!, rolle: rolle! };
  }

  /** The actor if the headers are there, else undefined (for reads that show allowed steps). */
  tryResolve(req: FastifyRequest): Aktoer | undefined {
    try {
      return this.resolve(req);
    } catch {
      return undefined;
    }
  }
}

function header(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name];
  return (Array.isArray(v) ? v[0] : v)?.trim() || undefined;
}
