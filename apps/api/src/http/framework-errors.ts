/**
 * The answers Fastify and Node's HTTP server give before any Nest handler or filter could: made
 * problem+json like every other error, and never quoting the request.
 *
 * - `frameworkErrors`: the router's refusals (a malformed URL, e.g. broken percent-encoding → 400; a
 *   path parameter longer than `maxParamLength` → 414), which Fastify would answer with its own JSON
 *   quoting the whole URL.
 * - `clientErrorHandler`: what Node's HTTP parser refuses before there is a request at all (headers over
 *   the size limit → 431, a request line or header it cannot parse → 400, too slow → 408). There is no
 *   reply object then: the answer is written to the socket, which is closed after it.
 */
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { API_CSP, applyApiHeaders } from './hardening.js';
import { instanceFor, problem, PROBLEM_CONTENT_TYPE, type ProblemDetails } from './problem.js';
import { frameworkProblem, sendProblem } from './problem.filter.js';

export function frameworkErrors(error: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  const instance = instanceFor(req.url);
  applyApiHeaders(req, reply);
  sendProblem(reply, frameworkProblem(error, instance, req) ?? problem(400, 'ugyldig_adresse', 'Ugyldig adresse', 'Adressen er ikke gyldig.', instance));
}

/** The problem for an error of Node's HTTP parser (no request exists yet, so no `instance`). */
export function clientErrorProblem(err: { code?: unknown }): ProblemDetails {
  switch (err.code) {
    case 'HPE_HEADER_OVERFLOW':
      return problem(431, 'hodefelt_for_store', 'Hodefeltene er for store', 'Hodefeltene (headers) i forespørselen er til sammen større enn serveren tar imot.', undefined);
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return problem(408, 'tidsavbrudd', 'Forespørselen tok for lang tid', 'Forespørselen kom ikke fram i tide.', undefined);
    default:
      return problem(400, 'ugyldig_http', 'Ugyldig forespørsel', 'Forespørselen er ikke gyldig HTTP.', undefined);
  }
}

export function clientErrorHandler(err: Error & { code?: string }, socket: Socket): void {
  // A connection reset or a socket already gone: there is no one to answer.
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  if (socket.writable) {
    const answer = clientErrorProblem(err);
    const body = Buffer.from(JSON.stringify(answer), 'utf8');
    const status = answer.status;
    const reason = status === 431 ? 'Request Header Fields Too Large' : status === 408 ? 'Request Timeout' : 'Bad Request';
    socket.write(
      `HTTP/1.1 ${status} ${reason}\r\n` +
        `Content-Type: ${PROBLEM_CONTENT_TYPE}; charset=utf-8\r\n` +
        `Content-Length: ${body.length}\r\n` +
        `X-Content-Type-Options: nosniff\r\n` +
        `Content-Security-Policy: ${API_CSP}\r\n` +
        `Connection: close\r\n\r\n`,
    );
    socket.write(body);
  }
  socket.destroy(err);
}
