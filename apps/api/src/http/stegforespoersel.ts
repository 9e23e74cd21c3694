/**
 * Reading a request for a declared step (any workflow's): the body checked against the step's request
 * fields, the path parameters against its `sti` fields, and the ids the step creates (`ny`) given by the
 * service — derived from the command id when the request is idempotent, so a retry gets the same ids.
 */
import { randomUUID } from 'node:crypto';
import { deterministicEventId } from '@saksgang/application';
import { felterMedKilde, forespoerselsfelter, type FeltSett, InvalidCommandError, validerFelter } from '@saksgang/domain';
import type { FastifyRequest } from 'fastify';
import { RequestValidationError } from './request-validation.error.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The request's own fields are checked at the edge: every invalid field named, as for any request (400 `validation_failed`). */
export function somForespoerselsfeil<T>(sjekk: () => T): T {
  try {
    return sjekk();
  } catch (e) {
    if (e instanceof InvalidCommandError && e.errors) throw new RequestValidationError(e.errors.map((x) => ({ field: x.field, reason: x.reason })));
    throw e;
  }
}

export interface Stegforespoersel {
  /** The step's data: the body's fields, the path's and the new ids. */
  readonly data: Record<string, unknown>;
  /** The ids the service gave, by field (returned to the client). */
  readonly nye: Record<string, string>;
  /** The aggregate the step acts on: the new one's id for a step that creates it, else the path's. */
  readonly aggregateId: string;
}

/**
 * The request's shape, before anything else reads it (the actor, the idempotency fingerprint): a JSON
 * object body and, but for the step that creates the aggregate, the aggregate's id in the path.
 */
export function sjekkStegforespoersel(idFelt: string, oppretter: boolean, req: FastifyRequest): { body: Record<string, unknown>; params: Record<string, string> } {
  const body: unknown = req.body ?? {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new RequestValidationError([{ field: 'body', reason: 'innholdet må være et JSON-objekt' }]);
  const params = (req.params ?? {}) as Record<string, string>;
  if (!oppretter && !UUID.test(params[idFelt] ?? '')) throw new RequestValidationError([{ field: idFelt, reason: `${idFelt} må være en UUID` }]);
  return { body: body as Record<string, unknown>, params };
}

/**
 * The step's data from the request (its shape checked first by {@link sjekkStegforespoersel}). `idFelt` names the aggregate's id (`moeteId`, `avvikId`): in the path
 * for every step but the one that creates the aggregate (`oppretter`), where it is a new id.
 */
export function lesStegforespoersel(f: FeltSett, idFelt: string, oppretter: boolean, req: FastifyRequest, h: { readonly idempotent: boolean; readonly commandId: string }): Stegforespoersel {
  const { body, params } = sjekkStegforespoersel(idFelt, oppretter, req);
  let n = 0;
  const nyId = () => (h.idempotent ? deterministicEventId(h.commandId, -1 - n++) : randomUUID());

  const inn = somForespoerselsfeil(() => validerFelter<Record<string, unknown>>(forespoerselsfelter(f), body));
  const stiFelter: FeltSett = Object.fromEntries(felterMedKilde(f, 'sti').map((x) => [x, f[x]!]));
  somForespoerselsfeil(() => validerFelter(stiFelter, Object.fromEntries(Object.keys(stiFelter).map((x) => [x, params[x]]))));
  const data: Record<string, unknown> = { ...inn };
  for (const x of felterMedKilde(f, 'sti')) data[x] = params[x];
  const nye: Record<string, string> = {};
  for (const x of felterMedKilde(f, 'ny')) nye[x] = data[x] = nyId();
  return { data, nye, aggregateId: oppretter ? (data[idFelt] as string) : params[idFelt]! };
}
