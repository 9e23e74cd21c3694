import { StoreUnavailableError } from '../errors.js';

/** Node socket errors that mean "the server cannot be reached now". */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

/**
 * SQLSTATEs that mean the connection, not the statement, failed: class 08 (connection exception),
 * 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now, 53300 too_many_connections.
 */
function isUnavailableSqlState(code: string): boolean {
  return code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300';
}

const UNAVAILABLE_MESSAGES = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /client has encountered a connection error/i,
  /cannot use a pool after calling end/i,
  /client was closed and is not queryable/i,
  /pglite is closed/i,
  /connection (?:is )?closed/i,
];

/** True when `error` says the database cannot be reached (rather than that a statement is wrong). */
export function isConnectionFailure(error: unknown): boolean {
  // Duck-typed, not `instanceof Error`: errors from Node's sockets may come from another realm
  // (e.g. under jest's VM modules), where `instanceof` is false.
  if (typeof error !== 'object' || error === null) return false;
  if (error instanceof StoreUnavailableError) return true;
  const { code, message, errors } = error as { code?: unknown; message?: unknown; errors?: unknown };
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || isUnavailableSqlState(code))) return true;
  // AggregateError from net.connect when every address of a host name refuses.
  if (Array.isArray(errors) && errors.some((e) => isConnectionFailure(e))) return true;
  return typeof message === 'string' && UNAVAILABLE_MESSAGES.some((re) => re.test(message));
}

/** Maps a connection failure to {@link StoreUnavailableError}; returns any other error unchanged. */
export function mapConnectionError(error: unknown, what: string): unknown {
  if (error instanceof StoreUnavailableError) return error;
  if (isConnectionFailure(error)) {
    const { message, code } = error as { message?: unknown; code?: unknown };
    const reason = (typeof message === 'string' && message) || (typeof code === 'string' && code) || String(error);
    return new StoreUnavailableError(`${what} is unavailable: ${reason}`, { cause: error });
  }
  return error;
}
