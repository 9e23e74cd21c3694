import { createHash } from 'node:crypto';

import type { EventToAppend, JsonObject, JsonValue, RecordedEvent } from './event-store.port.js';

/**
 * Tamper evidence for recorded events: a hash chain per stream.
 *
 * Every event's metadata carries
 * - `previousHash`: the hash of the previous event of the same stream (`null` at revision 0).
 *   When the previous event carries no `hash` (written before the chain existed), it is the hash
 *   computed from that event's content, so old events are chained too.
 * - `hash`: SHA-256 (lower-case hex) of the canonical JSON ({@link canonicalJson}) of
 *   `{ streamName, revision, eventId, type, data, metadata }`, where `metadata` is the event's
 *   metadata WITHOUT the field `hash` — so it INCLUDES `previousHash`: each hash commits to the
 *   whole history of its stream, and a stream's last hash (its chain head) proves every earlier
 *   event. `revision` is a JSON number and `eventId` the lower-case UUID.
 *
 * The canonical form follows RFC 8785 (JCS): object keys sorted by UTF-16 code units, no
 * whitespace, strings and numbers serialised as ECMAScript `JSON.stringify` does. Object members
 * whose value is `undefined` are left out (as JSON and jsonb leave them out); non-finite numbers are
 * refused. Anyone can recompute a hash without saksgang: parse the event, drop `hash` from its
 * metadata, serialise canonically, SHA-256.
 */

/** The metadata field that holds an event's own hash; the only field not part of the hashed content. */
export const HASH_FIELD = 'hash';

/** Hash algorithm and canonicalisation, as written in export manifests. */
export const HASH_ALGORITHM = 'sha256-jcs-chain-v1';

/** The content of an event that its hash covers. */
export interface HashedEventContent {
  readonly streamName: string;
  readonly revision: bigint | number;
  readonly eventId: string;
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata: JsonObject;
}

/** RFC 8785-style canonical JSON: sorted keys, no whitespace. */
export function canonicalJson(value: unknown): string {
  return serialise(value, '$');
}

function serialise(value: unknown, path: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${path} is not a finite number (${value})`);
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v, i) => (v === undefined ? 'null' : serialise(v, `${path}[${i}]`))).join(',')}]`;
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record)
        .filter((k) => record[k] !== undefined)
        .sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${serialise(record[k], `${path}.${k}`)}`).join(',')}}`;
    }
    default:
      throw new TypeError(`canonicalJson: ${path} has a value of type ${typeof value}, which JSON cannot hold`);
  }
}

/** SHA-256, lower-case hex. */
export function sha256Hex(input: string | Uint8Array): string {
  return createHash('sha256').update(input).digest('hex');
}

/** The metadata without its own `hash` (what the hash covers, `previousHash` included). */
export function metadataWithoutHash(metadata: JsonObject): JsonObject {
  const rest: JsonObject = {};
  for (const [k, v] of Object.entries(metadata)) if (k !== HASH_FIELD) rest[k] = v;
  return rest;
}

/** The exact string that is hashed for an event. */
export function eventHashInput(content: HashedEventContent): string {
  return canonicalJson({
    streamName: content.streamName,
    revision: Number(content.revision),
    eventId: content.eventId.toLowerCase(),
    type: content.type,
    data: content.data,
    metadata: metadataWithoutHash(content.metadata),
  });
}

/** The hash of an event's content (what `metadata.hash` must be). */
export function computeEventHash(content: HashedEventContent): string {
  return sha256Hex(eventHashInput(content));
}

/** The hash of a recorded event, computed from its content (ignores the stored `hash`). */
export function computeRecordedEventHash(event: RecordedEvent): string {
  return computeEventHash({ streamName: event.streamName, revision: event.revision, eventId: event.id, type: event.type, data: event.data, metadata: event.metadata });
}

/** The stored `metadata.hash` of an event, if it has one. */
export function storedHash(metadata: JsonObject): string | undefined {
  const h = metadata['hash'];
  return typeof h === 'string' ? h : undefined;
}

/** The stored `metadata.previousHash`: a string, `null`, or `undefined` when absent. */
export function storedPreviousHash(metadata: JsonObject): string | null | undefined {
  const h = metadata['previousHash'];
  return typeof h === 'string' || h === null ? h : undefined;
}

/**
 * The hash the next event of a stream must name as `previousHash`: the stored hash of the last
 * event, else its computed hash; `null` for an empty stream.
 */
export function chainHeadOf(last: RecordedEvent | undefined): string | null {
  if (!last) return null;
  return storedHash(last.metadata) ?? computeRecordedEventHash(last);
}

/**
 * Seals events before they are appended: adds `hash` and `previousHash` to each one's metadata.
 * `firstRevision` is the revision the first event will get; `previousHash` the chain head before it.
 */
export function sealEvents(streamName: string, firstRevision: bigint, previousHash: string | null, events: readonly EventToAppend[]): EventToAppend[] {
  let previous = previousHash;
  return events.map((event, index) => {
    const metadata: { [key: string]: JsonValue } = { ...metadataWithoutHash(event.metadata), previousHash: previous };
    const hash = computeEventHash({ streamName, revision: firstRevision + BigInt(index), eventId: event.id, type: event.type, data: event.data, metadata });
    const sealed: EventToAppend = { ...event, metadata: { ...metadata, hash } };
    previous = hash;
    return sealed;
  });
}
