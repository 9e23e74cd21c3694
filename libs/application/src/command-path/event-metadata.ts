import type { JsonObject } from '@saksgang/event-store';

/** The actor on every fact: a person acting for a body in a role. */
export interface ActorMetadata {
  readonly personId: string;
  readonly organId: string;
  readonly rolle: string;
}

/**
 * Metadata stored with every event. `effectiveAt` is when the fact took effect (e.g. a meeting date);
 * `recordedAt` is when saksgang recorded it (the injected clock at command time; the store also keeps
 * its own server time on the recorded event).
 */
export interface EventMetadata {
  readonly eventId: string;
  readonly commandId: string;
  readonly correlationId: string;
  readonly causationId: string;
  readonly actor: ActorMetadata;
  readonly effectiveAt: string;
  readonly recordedAt: string;
  readonly schemaVersion: number;
  /** With an Idempotency-Key: the digest of the request that carried the command. */
  readonly requestFingerprint?: string;
  /** Tamper evidence (added by the command path when it appends): see `sealEvents` in @saksgang/event-store. */
  readonly hash?: string;
  /** The hash of the previous event of the stream; `null` at revision 0. */
  readonly previousHash?: string | null;
}

export function toJson(m: EventMetadata): JsonObject {
  return {
    eventId: m.eventId,
    commandId: m.commandId,
    correlationId: m.correlationId,
    causationId: m.causationId,
    actor: { personId: m.actor.personId, organId: m.actor.organId, rolle: m.actor.rolle },
    effectiveAt: m.effectiveAt,
    recordedAt: m.recordedAt,
    schemaVersion: m.schemaVersion,
    ...(m.requestFingerprint !== undefined ? { requestFingerprint: m.requestFingerprint } : {}),
    ...(m.hash !== undefined ? { hash: m.hash } : {}),
    ...(m.previousHash !== undefined ? { previousHash: m.previousHash } : {}),
  };
}

/** Reads metadata back from a recorded event; tolerant of missing fields in very old events. */
export function fromJson(json: JsonObject): Partial<EventMetadata> {
  return json as unknown as Partial<EventMetadata>;
}
