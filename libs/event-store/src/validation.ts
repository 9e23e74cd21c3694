import { InvalidAppendError } from './errors.js';
import type { EventToAppend, ExpectedRevision } from './event-store.port.js';

/**
 * Checks an append before it reaches any backend, so every backend refuses the same things:
 * - the stream name is `category-id`: a non-empty category without a dash, then a non-empty id
 *   (the id may contain dashes, e.g. a UUID); no leading `$` (EventStoreDB's system streams);
 * - at least one event; every id a UUID, no id twice; a non-empty type; data and metadata objects;
 * - an exact expected revision is not negative.
 */
const STREAM_NAME = /^[^-\s$][^-\s]*-\S.*$/u;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isValidStreamName(streamName: string): boolean {
  return STREAM_NAME.test(streamName);
}

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

export function validateStreamName(streamName: string): void {
  if (typeof streamName !== 'string' || !isValidStreamName(streamName)) {
    throw new InvalidAppendError(
      `Invalid stream name '${String(streamName)}': expected 'category-id' with a non-empty category without dashes.`,
    );
  }
}

export function validateAppend(
  streamName: string,
  events: readonly EventToAppend[],
  expectedRevision: ExpectedRevision,
): void {
  validateStreamName(streamName);
  if (!Array.isArray(events) || events.length === 0) {
    throw new InvalidAppendError(`An append to '${streamName}' must contain at least one event.`);
  }
  const seen = new Set<string>();
  for (const event of events) {
    if (typeof event.id !== 'string' || !isUuid(event.id)) {
      throw new InvalidAppendError(`Event id '${String(event.id)}' in an append to '${streamName}' is not a UUID.`);
    }
    const id = event.id.toLowerCase();
    if (seen.has(id)) {
      throw new InvalidAppendError(`Event id ${event.id} occurs twice in one append to '${streamName}'.`);
    }
    seen.add(id);
    if (typeof event.type !== 'string' || event.type.length === 0) {
      throw new InvalidAppendError(`Event ${event.id} in an append to '${streamName}' has no type.`);
    }
    if (!isPlainObject(event.data) || !isPlainObject(event.metadata)) {
      throw new InvalidAppendError(`Event ${event.id} in an append to '${streamName}' must have object data and metadata.`);
    }
  }
  if (typeof expectedRevision === 'bigint') {
    if (expectedRevision < 0n) {
      throw new InvalidAppendError(`Expected revision ${expectedRevision} is negative; use 'no_stream' for a new stream.`);
    }
  } else if (expectedRevision !== 'any' && expectedRevision !== 'no_stream' && expectedRevision !== 'stream_exists') {
    throw new InvalidAppendError(`Unknown expected revision '${String(expectedRevision)}'.`);
  }
}

function isPlainObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
