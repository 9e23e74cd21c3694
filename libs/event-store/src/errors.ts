import type { ExpectedRevision } from './event-store.port.js';

/** Base class of the store's errors, so the HTTP edge can map them without knowing the backend. */
export abstract class EventStoreError extends Error {
  abstract readonly code: string;
}

/**
 * The stream was not in the expected state. Mirrors EventStoreDB's `WrongExpectedVersionError`.
 * `actualRevision` is `'no_stream'` when the stream does not exist.
 */
export class WrongExpectedVersionError extends EventStoreError {
  readonly code = 'wrong_expected_version';
  constructor(
    readonly streamName: string,
    readonly expectedRevision: ExpectedRevision,
    readonly actualRevision: bigint | 'no_stream',
  ) {
    super(
      `Append to stream '${streamName}' expected ${describe(expectedRevision)} but the stream is at ${
        actualRevision === 'no_stream' ? 'no stream' : `revision ${actualRevision}`
      }.`,
    );
    this.name = 'WrongExpectedVersionError';
  }
}

/** Reading a stream that has no events. Mirrors EventStoreDB's `StreamNotFoundError`. */
export class StreamNotFoundError extends EventStoreError {
  readonly code = 'stream_not_found';
  constructor(readonly streamName: string) {
    super(`Stream '${streamName}' not found.`);
    this.name = 'StreamNotFoundError';
  }
}

/**
 * Some, but not all, of the appended event ids were already recorded, or recorded in another stream
 * or order: the append is neither new nor a replay of an earlier one, and nothing was written.
 */
export class IdempotencyMismatchError extends EventStoreError {
  readonly code = 'idempotency_mismatch';
  constructor(
    readonly streamName: string,
    readonly eventId: string,
    detail: string,
  ) {
    super(`Event ${eventId} appended to '${streamName}' was already recorded differently: ${detail}`);
    this.name = 'IdempotencyMismatchError';
  }
}

/** The store cannot be reached now; the caller may retry later. */
export class StoreUnavailableError extends EventStoreError {
  readonly code = 'store_unavailable';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}

/** The caller asked for something the store cannot do (bad stream name, empty append, …). */
export class InvalidAppendError extends EventStoreError {
  readonly code = 'invalid_append';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidAppendError';
  }
}

/** Another process owns the embedded store's data directory. */
export class DataDirectoryLockedError extends EventStoreError {
  readonly code = 'data_directory_locked';
  constructor(
    readonly dataDir: string,
    readonly ownerPid: number,
    readonly details: { readonly hostname?: string; readonly lockFile?: string } = {},
  ) {
    super(
      `The data directory ${dataDir} is in use by process ${ownerPid}` +
        (details.hostname ? ` on host ${details.hostname}` : '') +
        `. Only one process may own an embedded (PGlite) store; stop that process or set SAKSGANG_DATA_DIR to another directory.` +
        (details.lockFile ? ` (Lock file: ${details.lockFile}; delete it only if that process is certainly gone.)` : ''),
    );
    this.name = 'DataDirectoryLockedError';
  }
}

function describe(e: ExpectedRevision): string {
  switch (e) {
    case 'no_stream':
      return 'no stream';
    case 'stream_exists':
      return 'an existing stream';
    case 'any':
      return 'any state';
    default:
      return `revision ${e}`;
  }
}
