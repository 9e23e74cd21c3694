import { createHash, randomUUID } from 'node:crypto';
import { canonicalJson } from '@saksgang/event-store';
import type { FastifyRequest } from 'fastify';
import { traceIdOf } from '../telemetri/trace-context.js';
import { RequestValidationError } from './request-validation.error.js';

export interface CommandHeaders {
  readonly commandId: string;
  readonly correlationId: string;
  /** True when the client sent an Idempotency-Key (the command id is then derived from it). */
  readonly idempotent: boolean;
  readonly expectedRevision?: bigint;
  /**
   * With an Idempotency-Key: SHA-256 of the method, path and body. Reusing a key for a different
   * request is refused (422) instead of answering with the first request's result.
   */
  readonly requestFingerprint?: string;
}

const KEY = /^[\x21-\x7e]{1,200}$/;

/**
 * The fields of a command envelope that come from the request: its ids (at the edge a command causes
 * itself), who acts, the revision the client saw (none for a command that creates its aggregate) and
 * the request's fingerprint.
 */
export function konvoluttFra<A>(
  h: CommandHeaders,
  aktoer: A,
  { oppretter = false }: { oppretter?: boolean } = {},
): { commandId: string; correlationId: string; causationId: string; aktoer: A; expectedRevision?: bigint; requestFingerprint?: string } {
  return {
    commandId: h.commandId,
    correlationId: h.correlationId,
    causationId: h.commandId,
    aktoer,
    ...(!oppretter && h.expectedRevision !== undefined ? { expectedRevision: h.expectedRevision } : {}),
    ...(h.requestFingerprint ? { requestFingerprint: h.requestFingerprint } : {}),
  };
}

/**
 * Reads `Idempotency-Key` (the command id: the same key again records nothing new), `X-Correlation-Id`
 * (else the trace id, else the command id) and `If-Match` (the revision the client saw, as the ETag `"3"` it got, or a bare number).
 */
export function commandHeaders(req: FastifyRequest, aktoer: { personId: string }): CommandHeaders {
  const get = (n: string) => {
    const v = req.headers[n];
    return (Array.isArray(v) ? v[0] : v)?.trim();
  };
  const problems: { field: string; reason: string }[] = [];
  const key = get('idempotency-key');
  if (key !== undefined && !KEY.test(key)) problems.push({ field: 'Idempotency-Key', reason: 'must be 1–200 visible ASCII characters' });
  const corr = get('x-correlation-id');
  if (corr !== undefined && !KEY.test(corr)) problems.push({ field: 'X-Correlation-Id', reason: 'must be 1–200 visible ASCII characters' });
  const ifMatch = get('if-match');
  let expectedRevision: bigint | undefined;
  if (ifMatch !== undefined) {
    const m = /^(?:W\/)?"?(\d{1,18})"?$/.exec(ifMatch);
    if (!m) problems.push({ field: 'If-Match', reason: 'must be the revision from the ETag, e.g. "3"' });
    else expectedRevision = BigInt(m[1]!);
  }
  if (problems.length) throw new RequestValidationError(problems);
  // A key is scoped to the person sending it, so two clients cannot collide on the same key.
  const commandId = key ? `idem:${aktoer.personId}:${key}` : randomUUID();
  const requestFingerprint = key === undefined ? undefined : fingeravtrykk(req, req.body ?? null);
  // The correlation id on the events: the client's X-Correlation-Id; else, with traces on, the
  // request's trace id (so an event leads to its trace; a caller's traceparent continues its trace);
  // else the command id.
  return { commandId, correlationId: corr ?? traceIdOf(req) ?? commandId, idempotent: key !== undefined, expectedRevision, ...(requestFingerprint ? { requestFingerprint } : {}) };
}

/** SHA-256 of the request's method, path and content (the JSON body, or an upload's fields and its file's checksum). */
function fingeravtrykk(req: FastifyRequest, innhold: unknown): string {
  return createHash('sha256')
    .update(`${req.method} ${req.url.split('?')[0]} ${canonicalJson(innhold ?? null)}`)
    .digest('hex');
}

/**
 * The headers of a multipart upload, fingerprinted by its form fields (a multipart body is streamed, so
 * {@link commandHeaders} saw no body): the same Idempotency-Key with other fields is refused as for
 * JSON. The file is compared by its checksum where the upload is retried (DokumentService).
 */
export function medSkjemafelter(h: CommandHeaders, req: FastifyRequest, felter: Readonly<Record<string, unknown>>): CommandHeaders {
  return h.idempotent ? { ...h, requestFingerprint: fingeravtrykk(req, { multipart: felter }) } : h;
}
