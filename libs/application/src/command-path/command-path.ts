import {
  type EventStore,
  type ExpectedRevision,
  type JsonObject,
  type Position,
  type RecordedEvent,
  chainHeadOf,
  sealEvents,
  readStreams,
  IdempotencyMismatchError,
  WrongExpectedVersionError,
} from '@saksgang/event-store';
import { type Aktoer, type Datogrenser, type Decider, type DomainCommand, type DomainEvent, InvalidCommandError, type Organ } from '@saksgang/domain';
import type { Clock } from '../clock.js';
import { aktoerPaaFaktum, kreverMedlemskapskontroll } from '../auth/aktoer.js';
import { type CommandObserver, observed } from './command-observer.js';
import { traced } from './command-span.js';
import { deterministicEventId } from './deterministic-id.js';
import { eventStoreDokumentLoader } from './dokument-loader.js';
import { eventStorePartLoader } from './part-loader.js';
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

/**
 * What {@link CommandPath.dryRun} found: what {@link CommandPath.execute} would record now, on the
 * stream as it is — nothing is recorded.
 */
export interface DryRunResult<E extends DomainEvent = DomainEvent> {
  readonly streamName: string;
  /** The events the command would record (empty: it would change nothing); when `replayed`, the events it recorded then. */
  readonly events: readonly E[];
  /** Their ids (derived from the command id, as `execute` gives them). */
  readonly eventIds: readonly string[];
  /** The stream's revision the decision was made on (`'no_stream'` when the stream has no events). */
  readonly revision: bigint | 'no_stream';
  /** True when the command had already been handled (same command id): `execute` would answer as then and record nothing. */
  readonly replayed: boolean;
}

/** The outcome of read → fold → authorize → decide: an earlier answer (a retry), or the events to record on this state. */
type Decision<S, E extends DomainEvent> =
  | { readonly kind: 'replay'; readonly streamName: string; readonly earlier: readonly RecordedEvent[] }
  | {
      readonly kind: 'decided';
      readonly streamName: string;
      readonly loaded: LoadedStream<S>;
      readonly events: E[];
      readonly eventIds: string[];
      readonly now: Date;
      readonly aktoer: Aktoer;
    };

const MAX_ATTEMPTS = 8;

/**
 * The one generic command path: read stream → fold → authorize → decide → append with the expected
 * revision. Thin Nest command handlers call {@link CommandPath.execute}; nothing else appends domain
 * events. {@link CommandPath.dryRun} makes the same decision (one private function for both) and
 * records nothing: for a step that must take something else first (an agenda number) only when the
 * step would be accepted.
 */
export class CommandPath {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly loadOrganer: OrganLoader,
    /** How far ahead dates may lie (from the configuration); absent: the domain's defaults. */
    private readonly grenser?: Partial<Datogrenser>,
    /** Told the step, outcome and duration of every {@link execute} and {@link executeAll} (metrics). */
    private readonly observer?: CommandObserver,
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

  /**
   * Decides the command on the stream as it is now, exactly as {@link execute} would, and records
   * nothing. Returns the events `execute` would record, or throws what it would throw: the typed
   * domain error (a refusal, invalid input, not found), the authorization error (`ActorNotAllowedError`:
   * role, body, membership on the effective date), the idempotency conflicts (the command id used
   * before for another request on this stream → `idempotency_key_reused`; an event id it would record
   * already recorded in another stream → `IdempotencyMismatchError`, where the store can tell) and the
   * revision conflict (`expectedRevision` stale → `WrongExpectedVersionError`).
   *
   * Only what is recorded between the dry run and a later `execute` can make them differ (a
   * concurrent step on the same stream, a concurrent request with the same command id).
   */
  async dryRun<C extends DomainCommand, S, E extends DomainEvent>(decider: Decider<C, S, E>, envelope: CommandEnvelope<C>): Promise<DryRunResult<E>> {
    const decision = await this.decideNow(decider, envelope);
    if (decision.kind === 'replay') {
      const last = decision.earlier[decision.earlier.length - 1]!;
      return {
        streamName: decision.streamName,
        events: decision.earlier.map((e) => ({ type: e.type, data: e.data }) as unknown as E),
        eventIds: decision.earlier.map((e) => e.id),
        revision: last.revision,
        replayed: true,
      };
    }
    // The append would be refused if one of its event ids is recorded in another stream (the same
    // Idempotency-Key used for a request on another aggregate): the store's own check, asked ahead.
    if (decision.eventIds.length > 0 && this.store.streamsOfEvents) {
      const recorded = await this.store.streamsOfEvents(decision.eventIds);
      for (const id of decision.eventIds) {
        const other = recorded.get(id.toLowerCase());
        if (other !== undefined && other !== decision.streamName) {
          throw new IdempotencyMismatchError(decision.streamName, id, `it is recorded in stream '${other}'`);
        }
      }
    }
    return { streamName: decision.streamName, events: decision.events, eventIds: decision.eventIds, revision: decision.loaded.revision, replayed: false };
  }

  async execute<C extends DomainCommand, S, E extends DomainEvent>(
    decider: Decider<C, S, E>,
    envelope: CommandEnvelope<C>,
  ): Promise<CommandResult<E>> {
    const step = envelope.command.type;
    return traced(decider.category, step, () => observed(this.observer, decider.category, step, () => this.executeOnce(decider, envelope)), described);
  }

  private async executeOnce<C extends DomainCommand, S, E extends DomainEvent>(
    decider: Decider<C, S, E>,
    envelope: CommandEnvelope<C>,
  ): Promise<CommandResult<E>> {
    for (let attempt = 1; ; attempt++) {
      const decision = await this.decideNow(decider, envelope);
      const { streamName } = decision;

      // The same command handled before (a retry after a timeout or a crash): answer as then.
      if (decision.kind === 'replay') {
        const last = decision.earlier[decision.earlier.length - 1]!;
        return {
          streamName,
          events: decision.earlier.map((e) => ({ type: e.type, data: e.data }) as unknown as E),
          eventIds: decision.earlier.map((e) => e.id),
          revision: last.revision,
          position: last.position,
          replayed: true,
        };
      }

      const { loaded, events, eventIds, now, aktoer } = decision;
      if (events.length === 0) {
        const last = loaded.events[loaded.events.length - 1];
        return { streamName, events: [], eventIds: [], revision: last?.revision, position: undefined, replayed: false };
      }

      const toAppend = events.map((event, index) => {
        const eventId = eventIds[index]!;
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
          eventIds,
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

  /**
   * Several commands on ONE stream, decided in order (each on the state the previous one leaves) and
   * recorded in one append: all or nothing. For facts that belong together on an aggregate, e.g. a
   * meeting's decision on a sak that was not yet on that meeting's saksliste (SettPaaSaksliste, then
   * FattVedtak). Each event keeps its own command's id; a retry (any of the command ids seen before
   * on the stream) answers with the events recorded then and records nothing. No commands: nothing.
   */
  async executeAll<C extends DomainCommand, S, E extends DomainEvent>(decider: Decider<C, S, E>, envelopes: readonly CommandEnvelope<C>[]): Promise<CommandResult<E>> {
    if (envelopes.length === 0) throw new Error('executeAll needs at least one command.');
    const step = envelopes.map((x) => x.command.type).join('+');
    return traced(decider.category, step, () => observed(this.observer, decider.category, step, () => this.executeAllOnce(decider, envelopes)), described);
  }

  private async executeAllOnce<C extends DomainCommand, S, E extends DomainEvent>(decider: Decider<C, S, E>, envelopes: readonly CommandEnvelope<C>[]): Promise<CommandResult<E>> {
    for (let attempt = 1; ; attempt++) {
      const d = await this.decideAllNow(decider, envelopes);
      if (d.kind === 'replay') {
        const last = d.earlier[d.earlier.length - 1]!;
        return { streamName: d.streamName, events: d.earlier.map((e) => ({ type: e.type, data: e.data }) as unknown as E), eventIds: d.earlier.map((e) => e.id), revision: last.revision, position: last.position, replayed: true };
      }
      if (d.events.length === 0) {
        const last = d.loaded.events[d.loaded.events.length - 1];
        return { streamName: d.streamName, events: [], eventIds: [], revision: last?.revision, position: undefined, replayed: false };
      }
      const toAppend = d.events.map(({ event, eventId, envelope }) => {
        const metadata: EventMetadata = {
          eventId,
          commandId: envelope.commandId,
          correlationId: envelope.correlationId,
          causationId: envelope.causationId,
          actor: aktoerPaaFaktum(envelope.aktoer),
          effectiveAt: effectiveTime(event, d.now),
          recordedAt: d.now.toISOString(),
          schemaVersion: 1,
          ...(envelope.requestFingerprint ? { requestFingerprint: envelope.requestFingerprint } : {}),
        };
        return { id: eventId, type: event.type, data: event.data as unknown as JsonObject, metadata: toJson(metadata) };
      });
      const firstRevision = d.loaded.revision === 'no_stream' ? 0n : d.loaded.revision + 1n;
      const sealed = sealEvents(d.streamName, firstRevision, chainHeadOf(d.loaded.events[d.loaded.events.length - 1]), toAppend);
      try {
        const result = await this.store.appendToStream(d.streamName, sealed, { expectedRevision: d.loaded.revision });
        return {
          streamName: d.streamName,
          events: d.events.map((x) => x.event),
          eventIds: d.events.map((x) => x.eventId),
          revision: result.nextExpectedRevision,
          position: result.position,
          replayed: result.idempotentReplay,
        };
      } catch (e) {
        if (e instanceof WrongExpectedVersionError && envelopes.every((x) => x.expectedRevision === undefined) && attempt < MAX_ATTEMPTS) {
          await sleep(Math.random() * 5 * attempt);
          continue;
        }
        throw e;
      }
    }
  }

  /** What {@link executeAll} would record now, recording nothing; throws what it would throw (the first refusal). */
  async dryRunAll<C extends DomainCommand, S, E extends DomainEvent>(decider: Decider<C, S, E>, envelopes: readonly CommandEnvelope<C>[]): Promise<{ readonly events: readonly E[]; readonly replayed: boolean }> {
    const d = await this.decideAllNow(decider, envelopes);
    return d.kind === 'replay' ? { events: d.earlier.map((e) => ({ type: e.type, data: e.data }) as unknown as E), replayed: true } : { events: d.events.map((x) => x.event), replayed: false };
  }

  private async decideAllNow<C extends DomainCommand, S, E extends DomainEvent>(
    decider: Decider<C, S, E>,
    envelopes: readonly CommandEnvelope<C>[],
  ): Promise<
    | { readonly kind: 'replay'; readonly streamName: string; readonly earlier: readonly RecordedEvent[] }
    | { readonly kind: 'decided'; readonly streamName: string; readonly loaded: LoadedStream<S>; readonly now: Date; readonly events: { event: E; eventId: string; envelope: CommandEnvelope<C> }[] }
  > {
    const aggregateId = envelopes[0]!.aggregateId;
    if (envelopes.some((x) => x.aggregateId !== aggregateId)) throw new Error('executeAll: every command must be for the same aggregate.');
    const streamName = `${decider.category}-${aggregateId}`;
    const loaded = await this.load(decider, aggregateId);
    const ider = new Set(envelopes.map((x) => x.commandId));
    const earlier = loaded.events.filter((e) => ider.has(String((e.metadata as JsonObject)['commandId'])));
    if (earlier.length > 0) return { kind: 'replay', streamName, earlier };
    const first = envelopes[0]!;
    if (first.expectedRevision !== undefined && first.expectedRevision !== loaded.revision) throw new WrongExpectedVersionError(streamName, first.expectedRevision, loaded.revision);
    const now = this.clock.now();
    let state = loaded.state;
    const events: { event: E; eventId: string; envelope: CommandEnvelope<C> }[] = [];
    for (const envelope of envelopes) {
      const organer = await this.loadOrganer(decider.referencedOrganIds?.(envelope.command, state, envelope.aktoer) ?? []);
      const parter = await eventStorePartLoader(this.store)(decider.referencedPartIds?.(envelope.command, state) ?? []);
      const dokumenter = await eventStoreDokumentLoader(this.store)(decider.referencedDokumentIds?.(envelope.command, state) ?? []);
      const nye = decider.decide(envelope.command, state, {
        now,
        aktoer: aktoerPaaFaktum(envelope.aktoer),
        organer,
        parter,
        dokumenter,
        kontrollerMedlemskap: kreverMedlemskapskontroll(envelope.aktoer),
        ...(this.grenser ? { grenser: this.grenser } : {}),
      });
      nye.forEach((event, index) => events.push({ event, eventId: deterministicEventId(envelope.commandId, index), envelope }));
      state = nye.reduce(decider.evolve, state);
    }
    return { kind: 'decided', streamName, loaded, now, events };
  }

  /**
   * Read → fold → authorize → decide, shared by {@link execute} and {@link dryRun}: the stream is read
   * and folded; a command id seen before on it is a replay (or, with another request's fingerprint,
   * refused); a stale `expectedRevision` is a conflict; the bodies the command refers to are loaded and
   * the decider decides with the clock, the actor as recorded on the fact, the membership check for
   * a token-verified actor and the configured date limits. Records nothing.
   */
  private async decideNow<C extends DomainCommand, S, E extends DomainEvent>(decider: Decider<C, S, E>, envelope: CommandEnvelope<C>): Promise<Decision<S, E>> {
    const streamName = `${decider.category}-${envelope.aggregateId}`;
    const loaded = await this.load(decider, envelope.aggregateId);

    const earlier = loaded.events.filter((e) => (e.metadata as JsonObject)['commandId'] === envelope.commandId);
    if (earlier.length > 0) {
      const recorded = (earlier[0]!.metadata as JsonObject)['requestFingerprint'];
      if (envelope.requestFingerprint && typeof recorded === 'string' && recorded !== envelope.requestFingerprint) {
        throw new InvalidCommandError(
          'idempotency_key_reused',
          'This Idempotency-Key was already used for a different request. Send a new key for a new request; resend the same request to get its answer.',
        );
      }
      return { kind: 'replay', streamName, earlier };
    }

    if (envelope.expectedRevision !== undefined && envelope.expectedRevision !== loaded.revision) {
      throw new WrongExpectedVersionError(streamName, envelope.expectedRevision, loaded.revision);
    }

    const referenced = decider.referencedOrganIds?.(envelope.command, loaded.state, envelope.aktoer) ?? [];
    const organer = await this.loadOrganer(referenced);
    const parter = await eventStorePartLoader(this.store)(decider.referencedPartIds?.(envelope.command, loaded.state) ?? []);
    const dokumenter = await eventStoreDokumentLoader(this.store)(decider.referencedDokumentIds?.(envelope.command, loaded.state) ?? []);
    const now = this.clock.now();
    const aktoer = aktoerPaaFaktum(envelope.aktoer);
    const events = decider.decide(envelope.command, loaded.state, {
      now,
      aktoer,
      organer,
      parter,
      dokumenter,
      kontrollerMedlemskap: kreverMedlemskapskontroll(envelope.aktoer),
      ...(this.grenser ? { grenser: this.grenser } : {}),
    });
    const eventIds = events.map((_, index) => deterministicEventId(envelope.commandId, index));
    return { kind: 'decided', streamName, loaded, events, eventIds, now, aktoer };
  }
}

/** What a command's span tells of its result: how many events, and whether it was a retry answered as before. */
function described(r: CommandResult): { 'saksgang.command.events': number; 'saksgang.command.replayed': boolean } {
  return { 'saksgang.command.events': r.events.length, 'saksgang.command.replayed': r.replayed };
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
