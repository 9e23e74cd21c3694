import {
  type EventStore,
  type ExpectedRevision,
  type JsonObject,
  type Position,
  type RecordedEvent,
  chainHeadOf,
  sealEvents,
  readStreams,
  WrongExpectedVersionError,
} from '@saksgang/event-store';
import { type Aktoer, type Datogrenser, type Decider, type DomainCommand, type DomainEvent, InvalidCommandError, type Organ } from '@saksgang/domain';
import type { Clock } from '../clock.js';
import { aktoerPaaFaktum, kreverMedlemskapskontroll } from '../auth/aktoer.js';
import { deterministicEventId } from './deterministic-id.js';
import { type EventMetadata, toJson } from './event-metadata.js';

/** A command as it enters the command path: the domain command plus who sends it and why. */
export interface CommandEnvelope<C extends DomainCommand> {
  /** The aggregate's id; the stream is `<decider.category>-<aggregateId>`. */
  readonly aggregateId: string;
  readonly command: C;
  /** Unique per command; a retry of the same command must reuse it (Idempotency-Key). */
  readonly commandId: string;
  readonly correlationId: string;
  readonly causationId: string;
  /**
   * Who acts: from the HTTP edge's resolver (verified token or, in development, the dev headers) or
   * the server's own loaders — never from a request body. A token-verified actor
   * (`AutentisertAktoer` with `autentisering: 'token'`) has its membership checked on the effective date.
   */
  readonly aktoer: Aktoer;
  /**
   * The revision the client saw (e.g. from `If-Match`). When given, the command is refused with a
   * conflict if the stream has moved on; when absent, the command path retries on concurrent writes.
   */
  readonly expectedRevision?: bigint | 'no_stream';
  /** A digest of the request that carried the command (see Idempotency-Key): a reused key with another request is refused. */
  readonly requestFingerprint?: string;
}

export interface CommandResult<E extends DomainEvent = DomainEvent> {
  readonly streamName: string;
  /** The events the command recorded (empty when the command changed nothing). */
  readonly events: readonly E[];
  readonly eventIds: readonly string[];
  /** The stream's revision after the command; `undefined` if the stream still does not exist. */
  readonly revision: bigint | undefined;
  /** Global position of the last recorded event (for read-your-writes), if any was recorded. */
  readonly position: Position | undefined;
  /** True when the command had already been handled (same command id) and nothing new was recorded. */
  readonly replayed: boolean;
}

/** Loads the bodies a command refers to, for `context.organer`. */
export type OrganLoader = (organIds: readonly string[]) => Promise<(organId: string) => Organ | undefined>;

export interface LoadedStream<S> {
  readonly state: S;
  readonly events: readonly RecordedEvent[];
  /** `'no_stream'` when the stream has no events. */
  readonly revision: bigint | 'no_stream';
}

const MAX_ATTEMPTS = 8;

/**
 * The one generic command path: read stream → fold → decide → append with the expected revision.
 * Thin Nest command handlers call {@link CommandPath.execute}; nothing else appends domain events.
 */
export class CommandPath {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly loadOrganer: OrganLoader,
    /** How far ahead dates may lie (from the configuration); absent: the domain's defaults. */
    private readonly grenser?: Partial<Datogrenser>,
  ) {}

  /** Reads and folds a stream. */
  async load<C extends DomainCommand, S, E extends DomainEvent>(
    decider: Decider<C, S, E>,
    aggregateId: string,
  ): Promise<LoadedStream<S>> {
    const streamName = `${decider.category}-${aggregateId}`;
    // One round trip whether or not the stream exists (readStream needs a second one to tell "no stream").
    const recorded: readonly RecordedEvent[] = (await readStreams(this.store, [streamName])).get(streamName) ?? [];
    if (recorded.length === 0) return { state: decider.initialState, events: [], revision: 'no_stream' };
    let state = decider.initialState;
    for (const r of recorded) state = decider.evolve(state, { type: r.type, data: r.data } as unknown as E);
    const last = recorded[recorded.length - 1];
    return { state, events: recorded, revision: last ? last.revision : 'no_stream' };
  }

  async execute<C extends DomainCommand, S, E extends DomainEvent>(
    decider: Decider<C, S, E>,
    envelope: CommandEnvelope<C>,
  ): Promise<CommandResult<E>> {
    const streamName = `${decider.category}-${envelope.aggregateId}`;
    for (let attempt = 1; ; attempt++) {
      const loaded = await this.load(decider, envelope.aggregateId);

      // The same command handled before (a retry after a timeout or a crash): answer as then.
      const earlier = loaded.events.filter((e) => (e.metadata as JsonObject)['commandId'] === envelope.commandId);
      if (earlier.length > 0) {
        const recorded = (earlier[0]!.metadata as JsonObject)['requestFingerprint'];
        if (envelope.requestFingerprint && typeof recorded === 'string' && recorded !== envelope.requestFingerprint) {
          throw new InvalidCommandError(
            'idempotency_key_reused',
            'This Idempotency-Key was already used for a different request. Send a new key for a new request; resend the same request to get its answer.',
          );
        }
        const last = earlier[earlier.length - 1]!;
        return {
          streamName,
          events: earlier.map((e) => ({ type: e.type, data: e.data }) as unknown as E),
          eventIds: earlier.map((e) => e.id),
          revision: last.revision,
          position: last.position,
          replayed: true,
        };
      }

      if (envelope.expectedRevision !== undefined && envelope.expectedRevision !== loaded.revision) {
        throw new WrongExpectedVersionError(streamName, envelope.expectedRevision, loaded.revision);
      }

      const referenced = decider.referencedOrganIds?.(envelope.command, loaded.state, envelope.aktoer) ?? [];
      const organer = await this.loadOrganer(referenced);
      const now = this.clock.now();
      const aktoer = aktoerPaaFaktum(envelope.aktoer);
      const events = decider.decide(envelope.command, loaded.state, {
        now,
        aktoer,
        organer,
        kontrollerMedlemskap: kreverMedlemskapskontroll(envelope.aktoer),
        ...(this.grenser ? { grenser: this.grenser } : {}),
      });
      if (events.length === 0) {
        const last = loaded.events[loaded.events.length - 1];
        return {
          streamName,
          events: [],
          eventIds: [],
          revision: last?.revision,
          position: undefined,
          replayed: false,
        };
      }

      const toAppend = events.map((event, index) => {
        const eventId = deterministicEventId(envelope.commandId, index);
        const metadata: EventMetadata = {
          eventId,
          commandId: envelope.commandId,
          correlationId: envelope.correlationId,
          causationId: envelope.causationId,
          actor: aktoer,
          effectiveAt: effectiveTime(event, now),
          recordedAt: now.toISOString(),
          schemaVersion: 1,
          ...(envelope.requestFingerprint ? { requestFingerprint: envelope.requestFingerprint } : {}),
        };
        return { id: eventId, type: event.type, data: event.data as unknown as JsonObject, metadata: toJson(metadata) };
      });
      // Tamper evidence: chain each event to the previous one of its stream (metadata.hash / previousHash).
      const firstRevision = loaded.revision === 'no_stream' ? 0n : loaded.revision + 1n;
      const sealed = sealEvents(streamName, firstRevision, chainHeadOf(loaded.events[loaded.events.length - 1]), toAppend);

      const expected: ExpectedRevision = loaded.revision;
      try {
        const result = await this.store.appendToStream(streamName, sealed, { expectedRevision: expected });
        return {
          streamName,
          events,
          eventIds: toAppend.map((e) => e.id),
          revision: result.nextExpectedRevision,
          position: result.position,
          replayed: result.idempotentReplay,
        };
      } catch (e) {
        // Someone else wrote in between. If the client stated what it saw, that is its conflict to
        // resolve; otherwise decide again on the new state.
        if (e instanceof WrongExpectedVersionError && envelope.expectedRevision === undefined && attempt < MAX_ATTEMPTS) {
          await sleep(Math.random() * 5 * attempt);
          continue;
        }
        throw e;
      }
    }
  }
}

/** The time an event took effect: its `gjelderFra` if the domain gave one, else the command time. */
function effectiveTime(event: DomainEvent, now: Date): string {
  const data = event.data as Record<string, unknown>;
  const v = data['gjelderFra'];
  return typeof v === 'string' && v.length > 0 ? v : now.toISOString();
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
