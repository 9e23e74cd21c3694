import { Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Adds the handler method `steg<Steg>` for one declared step to a generic step controller's prototype
 * (the sak steps and the meeting steps): it hands the request to the controller's `utfoer`. The
 * caller adds the route and OpenAPI decorators. Returns the method's name.
 */
export function leggTilStegmetode<S extends string>(
  proto: { utfoer(steg: S, req: FastifyRequest, reply: FastifyReply): unknown },
  steg: S,
): string {
  const metode = `steg${steg}`;
  Object.defineProperty(proto, metode, {
    value: function (this: typeof proto, req: FastifyRequest, reply: FastifyReply) {
      return this.utfoer(steg, req, reply);
    },
    writable: true,
    configurable: true,
  });
  Req()(proto, metode, 0);
  Res({ passthrough: true })(proto, metode, 1);
  return metode;
}
