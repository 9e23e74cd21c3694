/**
 * The event-store port on EventStoreDB (`@eventstore/db-client` v6, gRPC; server 21.10 or newer,
 * 23.10+ for `onCaughtUp`). Pure mapping lives in `eventstoredb-mapping.ts`.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { END as ESDB_END, EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import type {
  AllStreamResolvedEvent,
  AllStreamSubscription,
  ChannelCredentialOptions,
  DNSClusterOptions,
  GossipClusterOptions,
  ReadPosition,
  SingleNodeOptions,
} from '@eventstore/db-client';
import { StoreUnavailableError, StreamNotFoundError, WrongExpectedVersionError } from '../errors.js';
import { validateAppend } from '../validation.js';
import {
  START,
  comparePositions,
  type AllSubscription,
  type AppendResult,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type Position,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type StoreHealth,
  type StreamFilter,
  type SubscribeToAllOptions,
} from '../event-store.port.js';
import {
  EventStoreDbConfigError,
  decideIdempotency,
  mapEsdbError,
  matchesFilter,
  planAppend,
  toEsdbBackwardsPosition,
  toEsdbForwardsPosition,
  toEsdbReadRevision,
  toIdempotencyError,
  toRecordedEvent,
  toServerFilter,
  validateEsdbAppend,
  validateEventStoreDbConfig,
  type EventStoreDbConfig,
  type ObservedRevision,
  type ParsedConnectionString,
  type TailEvent,
} from './eventstoredb-mapping.js';

export const DEFAULT_IDEMPOTENCY_WINDOW = 1000;
/** Events per page when the global log is read with a filter applied on the client. */
const READ_ALL_PAGE = 500;
/** Appends with `any`/`stream_exists` retry this often when other writers keep moving the stream. */
const MAX_APPEND_ATTEMPTS = 10;
/** Events buffered in a subscription before the server stream is paused (back-pressure). */
const SUBSCRIPTION_HIGH_WATER = 1000;
const HEALTH_DEADLINE_MS = 3000;

export interface EventStoreDbEventStoreOptions {
  /** How many of a stream's latest events the idempotency check scans. */
  readonly idempotencyWindow?: number;
  /** Disposes the client on `close()` (true when the store created it). */
  readonly ownsClient?: boolean;
  /** Closed after the store on `close()`, e.g. the SQL connection of the read models opened with it. */
  readonly closeWith?: ReadonlyArray<{ close(): Promise<void> }>;
}

/**
 * ## Idempotency beyond the server's cache
 *
 * EventStoreDB deduplicates a retried append by event id only while the earlier write is in its
 * cache of recent commits (or, with an exact expected revision, when the retry targets the very
 * same revision). saksgang promises more: appending the same ids again, any time later, records
 * nothing and answers `idempotentReplay: true`. EventStoreDB has no index by event id, so each
 * append first reads the stream's tail backwards on the **leader** (`requiresLeader`; a follower
 * may lag), at most `idempotencyWindow` events, and looks for the ids there
 * ({@link decideIdempotency}): all there, consecutive, same order and types → the original result
 * is returned; some there → IdempotencyMismatchError; none → a new append.
 *
 * A new append is then sent with the revision *observed* by that read as EventStoreDB's expected
 * revision, whatever the caller asked (the caller's expectation is checked against the observed
 * state first, {@link planAppend}). So it only succeeds if the stream is exactly as scanned: no
 * concurrent writer can slip the same ids in between the check and the write. If the stream moved
 * meanwhile, EventStoreDB rejects the append; for `any`/`stream_exists` the check and append are
 * retried, for an exact revision or `no_stream` the stream is scanned once more (it may have been a
 * concurrent identical retry, which is then a replay) before WrongExpectedVersionError is thrown.
 *
 * Limits:
 * - Only the latest `idempotencyWindow` events of the stream are scanned (default 1000). A retry of
 *   an append that has since been followed by more events than that is not recognised and is
 *   recorded again. saksgang's streams (one per sak/organ) stay far below the default; raise it
 *   if streams grow long, at the price of a bigger read per append.
 * - Ids are unique per stream, not across streams as on PostgreSQL: the same id appended to
 *   another stream is recorded there (EventStoreDB has no global id index to ask).
 * - Every append costs one extra read of the stream's tail on the leader.
 */
export class EventStoreDbEventStore implements EventStore {
  readonly backend = 'eventstoredb';
  private readonly idempotencyWindow: number;
  private readonly ownsClient: boolean;
  private readonly closeWith: ReadonlyArray<{ close(): Promise<void> }>;
  private readonly subscriptions = new Set<EsdbAllSubscription>();
  private closed = false;

  constructor(
    private readonly client: EventStoreDBClient,
    options: EventStoreDbEventStoreOptions = {},
  ) {
    this.idempotencyWindow = options.idempotencyWindow ?? DEFAULT_IDEMPOTENCY_WINDOW;
    this.ownsClient = options.ownsClient ?? false;
    this.closeWith = options.closeWith ?? [];
    if (!Number.isInteger(this.idempotencyWindow) || this.idempotencyWindow < 1) {
      throw new RangeError(`idempotencyWindow must be a positive integer, got ${this.idempotencyWindow}.`);
    }
  }

  async appendToStream(
    streamName: string,
    events: readonly EventToAppend[],
    options: { readonly expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    this.assertOpen();
    const expected = options.expectedRevision;
    validateAppend(streamName, events, expected); // the rules every backend shares
    validateEsdbAppend(streamName, events);
    const ctx = { operation: 'appendToStream', streamName, expectedRevision: expected };
    try {
      for (let attempt = 1; ; attempt++) {
        const { observed, tail } = await this.readTail(streamName);
        const decision = decideIdempotency(streamName, events, tail);
        if (decision.kind === 'replay') return decision.result;
        if (decision.kind === 'mismatch') throw toIdempotencyError(streamName, decision);

        const plan = planAppend(expected, observed);
        if (plan.kind === 'conflict') throw new WrongExpectedVersionError(streamName, expected, plan.actual);

        let result;
        try {
          result = await this.client.appendToStream(
            streamName,
            events.map((e) => jsonEvent({ id: e.id, type: e.type, data: e.data, metadata: e.metadata })),
            { expectedRevision: plan.esdbExpected, requiresLeader: true },
          );
        } catch (err) {
          const mapped = mapEsdbError(err, ctx);
          if (!(mapped instanceof WrongExpectedVersionError)) throw mapped;
          // The stream moved between our scan and the append: scan again.
          if (expected === 'any' || expected === 'stream_exists') {
            if (attempt < MAX_APPEND_ATTEMPTS) continue;
            throw new StoreUnavailableError(
              `Stream '${streamName}' kept changing during ${MAX_APPEND_ATTEMPTS} append attempts; retry later.`,
              { cause: err },
            );
          }
          const again = decideIdempotency(streamName, events, (await this.readTail(streamName)).tail);
          if (again.kind === 'replay') return again.result;
          if (again.kind === 'mismatch') throw toIdempotencyError(streamName, again);
          throw mapped;
        }
        if (!result.position) {
          throw new StoreUnavailableError(`EventStoreDB did not return the position of the append to '${streamName}'.`);
        }
        return {
          nextExpectedRevision: result.nextExpectedRevision,
          position: { commit: result.position.commit, prepare: result.position.prepare },
          idempotentReplay: false,
        };
      }
    } catch (err) {
      throw mapEsdbError(err, ctx);
    }
  }

  /** The stream's latest events (newest first, at most the window) and its current revision, read on the leader. */
  private async readTail(streamName: string): Promise<{ observed: ObservedRevision; tail: TailEvent[] }> {
    const tail: TailEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(streamName, {
        direction: 'backwards',
        fromRevision: ESDB_END,
        maxCount: this.idempotencyWindow,
        requiresLeader: true,
      })) {
        const e = resolved.event;
        if (!e) continue;
        tail.push({
          id: e.id,
          type: e.type,
          revision: e.revision,
          position: e.position ? { commit: e.position.commit, prepare: e.position.prepare } : START,
        });
      }
    } catch (err) {
      const mapped = mapEsdbError(err, { operation: 'appendToStream', streamName });
      if (mapped instanceof StreamNotFoundError) return { observed: 'no_stream', tail: [] };
      throw mapped;
    }
    // A stream whose events were all deleted/truncated reads as empty: treat it as no stream.
    return { observed: tail.length > 0 ? tail[0]!.revision : 'no_stream', tail };
  }

  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const direction = options.direction ?? 'forwards';
    const fromRevision = toEsdbReadRevision(options.fromRevision, direction);
    if (options.maxCount !== undefined && options.maxCount <= 0) {
      // EventStoreDB has no zero-length read; still report a missing stream as the port says.
      await this.readStream(streamName, { direction, maxCount: 1 });
      return [];
    }
    const out: RecordedEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(streamName, {
        direction,
        fromRevision,
        ...(options.maxCount !== undefined ? { maxCount: options.maxCount } : {}),
      })) {
        const e = toRecordedEvent(resolved);
        if (e) out.push(e);
      }
    } catch (err) {
      throw mapEsdbError(err, { operation: 'readStream', streamName });
    }
    return out;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const direction = options.direction ?? 'forwards';
    const want = options.maxCount ?? Number.POSITIVE_INFINITY;
    const out: RecordedEvent[] = [];
    if (want <= 0) return out;
    // $all has no server-side filter for reads in this client, so read pages and filter here.
    // Positions are exclusive on the port; the page boundary event is skipped by comparing.
    let cursor: Position | undefined = options.fromPosition;
    let readPosition: ReadPosition =
      direction === 'forwards' ? toEsdbForwardsPosition(cursor) : toEsdbBackwardsPosition(cursor);
    if (direction === 'backwards' && cursor && comparePositions(cursor, START) <= 0) return out;
    const beyond = (p: Position) =>
      cursor === undefined ? true : direction === 'forwards' ? comparePositions(p, cursor) > 0 : comparePositions(p, cursor) < 0;
    try {
      for (;;) {
        // One more than still wanted: the first event of a page may be the previous page's last.
        const page = options.filter || !Number.isFinite(want) ? READ_ALL_PAGE : Math.min(READ_ALL_PAGE, want - out.length + 1);
        let seen = 0;
        for await (const resolved of this.client.readAll({ direction, fromPosition: readPosition, maxCount: page })) {
          seen++;
          const pos = resolvedPosition(resolved);
          if (!pos || !beyond(pos)) continue;
          cursor = pos;
          const e = systemOrForeign(resolved) ? undefined : toRecordedEvent(resolved);
          if (e && matchesFilter(e, options.filter)) {
            out.push(e);
            if (out.length >= want) return out;
          }
        }
        if (seen < page || cursor === undefined) return out;
        readPosition = { commit: cursor.commit, prepare: cursor.prepare };
      }
    } catch (err) {
      throw mapEsdbError(err, { operation: 'readAll' });
    }
  }

  async headPosition(): Promise<Position> {
    this.assertOpen();
    const last = await this.readAll({ direction: 'backwards', maxCount: 1 });
    return last[0]?.position ?? START;
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): AllSubscription {
    this.assertOpen();
    const sub = new EsdbAllSubscription(this.client, options, () => this.subscriptions.delete(sub));
    this.subscriptions.add(sub);
    return sub;
  }

  async health(): Promise<StoreHealth> {
    if (this.closed) return { ok: false, backend: this.backend, detail: 'closed' };
    try {
      for await (const _ of this.client.readAll({ direction: 'backwards', fromPosition: ESDB_END, maxCount: 1, deadline: HEALTH_DEADLINE_MS })) {
        break;
      }
      return { ok: true, backend: this.backend };
    } catch (err) {
      const mapped = mapEsdbError(err, { operation: 'health' });
      return { ok: false, backend: this.backend, detail: mapped instanceof Error ? mapped.message : String(mapped) };
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([...this.subscriptions].map((s) => s.unsubscribe()));
    const results = await Promise.allSettled([
      ...(this.ownsClient ? [this.client.dispose()] : []),
      ...this.closeWith.map((c) => c.close()),
    ]);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreUnavailableError('The EventStoreDB event store has been closed.');
  }
}

function resolvedPosition(r: AllStreamResolvedEvent): Position | undefined {
  const p = r.event?.position;
  return p ? { commit: p.commit, prepare: p.prepare } : undefined;
}

/** Events saksgang never reads from $all: EventStoreDB's own (`$…` types or streams). Checked before mapping, since they may be binary. */
function systemOrForeign(r: AllStreamResolvedEvent): boolean {
  const e = r.event;
  return !e || e.type.startsWith('$') || e.streamId.startsWith('$');
}

type QueueItem = { kind: 'event'; event: RecordedEvent } | { kind: 'caughtUp' };

/**
 * A catch-up subscription to $all as the port's AsyncIterable. Events flow from EventStoreDB's
 * subscription (server-side filter, resumed strictly after the checkpoint) through a bounded queue
 * (the server stream is paused above {@link SUBSCRIPTION_HIGH_WATER}). A store failure, or the server
 * ending the subscription on its own, ends the iteration by throwing; `unsubscribe()` ends it quietly.
 *
 * `onCaughtUp` is called when the consumer has been handed every event that preceded the server's
 * "caught up" message: at that moment the number of events pushed by the client library is what we
 * have received plus what is still buffered in its stream (`readableLength`), so the notice is queued
 * behind exactly those events.
 */
class EsdbAllSubscription implements AllSubscription {
  private readonly inner: AllStreamSubscription;
  private readonly queue: QueueItem[] = [];
  private received = 0;
  private pendingCaughtUp: number[] = [];
  private failure: unknown;
  private ended = false;
  private stopped = false;
  private paused = false;
  private iterating = false;
  private wake: (() => void) | undefined;
  /** Position of the last event accepted from the server (dedupes anything at or before it). */
  private lastReceived: Position;
  /** Position of the last event handed to the consumer, or the checkpoint: what `onCaughtUp` reports. */
  private delivered: Position;
  private readonly filter: StreamFilter | undefined;
  private readonly onCaughtUp: ((p: Position) => void) | undefined;

  constructor(
    client: EventStoreDBClient,
    options: SubscribeToAllOptions,
    private readonly onDone: () => void,
  ) {
    const from = options.fromPosition ?? START;
    this.lastReceived = from;
    this.delivered = from;
    this.filter = options.filter;
    this.onCaughtUp = options.onCaughtUp;
    this.inner = client.subscribeToAll({ fromPosition: toEsdbForwardsPosition(from), filter: toServerFilter(options.filter) });
    this.inner.on('data', (resolved: AllStreamResolvedEvent) => this.onData(resolved));
    this.inner.on('caughtUp', () => {
      if (!this.onCaughtUp) return;
      this.pendingCaughtUp.push(this.received + this.inner.readableLength);
      this.flushCaughtUp();
    });
    this.inner.on('error', (err: Error) => this.fail(mapEsdbError(err, { operation: 'subscribeToAll' })));
    this.inner.on('end', () => this.finish());
    this.inner.on('close', () => this.finish());
  }

  private onData(resolved: AllStreamResolvedEvent): void {
    this.received++;
    try {
      const pos = resolvedPosition(resolved);
      if (pos && comparePositions(pos, this.lastReceived) > 0 && !systemOrForeign(resolved)) {
        const e = toRecordedEvent(resolved);
        if (e && matchesFilter(e, this.filter)) {
          this.lastReceived = e.position;
          this.queue.push({ kind: 'event', event: e });
        }
      }
    } catch (err) {
      this.fail(err);
      return;
    }
    this.flushCaughtUp();
    if (this.queue.length >= SUBSCRIPTION_HIGH_WATER && !this.paused) {
      this.paused = true;
      this.inner.pause();
    }
    this.signal();
  }

  private flushCaughtUp(): void {
    while (this.pendingCaughtUp.length > 0 && this.pendingCaughtUp[0]! <= this.received) {
      this.pendingCaughtUp.shift();
      this.queue.push({ kind: 'caughtUp' });
    }
    this.signal();
  }

  private fail(err: unknown): void {
    if (this.stopped || this.failure !== undefined) return;
    this.failure = err;
    this.inner.unsubscribe().catch(() => undefined);
    this.signal();
  }

  private finish(): void {
    if (this.ended) return;
    this.ended = true;
    if (!this.stopped && this.failure === undefined) {
      this.failure = new StoreUnavailableError('EventStoreDB ended the subscription to $all unexpectedly.');
    }
    this.onDone();
    this.signal();
  }

  private signal(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  async unsubscribe(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.queue.length = 0;
    this.onDone();
    this.signal();
    await this.inner.unsubscribe().catch(() => undefined);
    this.inner.destroy();
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    if (this.iterating) throw new Error('A subscription can be iterated only once.');
    this.iterating = true;
    return {
      next: async (): Promise<IteratorResult<RecordedEvent>> => {
        for (;;) {
          if (this.stopped) return { done: true, value: undefined };
          const item = this.queue.shift();
          if (item) {
            if (this.paused && this.queue.length < SUBSCRIPTION_HIGH_WATER / 2) {
              this.paused = false;
              this.inner.resume();
            }
            if (item.kind === 'caughtUp') {
              this.onCaughtUp?.(this.delivered);
              continue;
            }
            this.delivered = item.event.position;
            return { done: false, value: item.event };
          }
          if (this.failure !== undefined) {
            const err = this.failure;
            this.stopped = true;
            throw err;
          }
          if (this.ended) return { done: true, value: undefined };
          await new Promise<void>((r) => (this.wake = r));
        }
      },
      return: async (): Promise<IteratorResult<RecordedEvent>> => {
        await this.unsubscribe();
        return { done: true, value: undefined };
      },
    };
  }

}

// ---------------------------------------------------------------------------------------------
// Factory
// ---------------------------------------------------------------------------------------------

function readPem(path: string, what: string): Buffer {
  const resolved = isAbsolute(path) ? path : resolve(process.cwd(), path);
  try {
    return readFileSync(resolved);
  } catch (err) {
    throw new EventStoreDbConfigError(`Cannot read the ${what} '${resolved}': ${(err as Error).message}`);
  }
}

/** The client for a parsed connection string, with TLS files read and the config's overrides applied. */
export function createEsdbClient(parsed: ParsedConnectionString, config: Pick<EventStoreDbConfig, 'tlsCAFile' | 'tlsVerifyCert' | 'connectionName'> = {}): EventStoreDBClient {
  const credentials: ChannelCredentialOptions = { insecure: !parsed.tls };
  if (parsed.tls) {
    const ca = config.tlsCAFile ?? parsed.tlsCAFile;
    if (ca !== undefined) credentials.rootCertificate = readPem(ca, 'CA certificate (tlsCAFile)');
    if (parsed.userCertFile !== undefined && parsed.userKeyFile !== undefined) {
      credentials.userCertFile = readPem(parsed.userCertFile, 'user certificate (userCertFile)');
      credentials.userKeyFile = readPem(parsed.userKeyFile, 'user key (userKeyFile)');
    }
    if ((config.tlsVerifyCert ?? parsed.tlsVerifyCert) === false) {
      credentials.verifyOptions = { rejectUnauthorized: false, checkServerIdentity: () => undefined };
    }
  }
  const common = {
    throwOnAppendFailure: true,
    ...(parsed.keepAliveInterval !== undefined ? { keepAliveInterval: parsed.keepAliveInterval } : {}),
    ...(parsed.keepAliveTimeout !== undefined ? { keepAliveTimeout: parsed.keepAliveTimeout } : {}),
    ...(parsed.defaultDeadline !== undefined ? { defaultDeadline: parsed.defaultDeadline } : {}),
    ...((config.connectionName ?? parsed.connectionName) !== undefined ? { connectionName: config.connectionName ?? parsed.connectionName } : {}),
  };
  const discovery = {
    nodePreference: parsed.nodePreference,
    ...(parsed.maxDiscoverAttempts !== undefined ? { maxDiscoverAttempts: parsed.maxDiscoverAttempts } : {}),
    ...(parsed.discoveryInterval !== undefined ? { discoveryInterval: parsed.discoveryInterval } : {}),
    ...(parsed.gossipTimeout !== undefined ? { gossipTimeout: parsed.gossipTimeout } : {}),
  };
  const user = parsed.credentials ? { username: parsed.credentials.username, password: parsed.credentials.password } : undefined;
  const [first] = parsed.hosts;
  if (parsed.dnsDiscover) {
    const settings: DNSClusterOptions = { ...common, ...discovery, discover: { ...first! } };
    return new EventStoreDBClient(settings, credentials, user);
  }
  if (parsed.hosts.length > 1) {
    const settings: GossipClusterOptions = { ...common, ...discovery, endpoints: parsed.hosts.map((h) => ({ ...h })) };
    return new EventStoreDBClient(settings, credentials, user);
  }
  const settings: SingleNodeOptions = { ...common, endpoint: { ...first! } };
  return new EventStoreDBClient(settings, credentials, user);
}

/**
 * Opens the EventStoreDB backend. Validates the configuration (EventStoreDbConfigError with a clear
 * message) and creates the client; the connection itself is made lazily by the first call, and
 * connection failures surface as StoreUnavailableError from that call (see `health()`).
 */
export async function openEventStoreDb(
  config: EventStoreDbConfig,
  options: Pick<EventStoreDbEventStoreOptions, 'closeWith'> = {},
): Promise<EventStoreDbEventStore> {
  const { parsed } = validateEventStoreDbConfig(config);
  const client = createEsdbClient(parsed, config);
  return new EventStoreDbEventStore(client, {
    ownsClient: true,
    ...(config.idempotencyWindow !== undefined ? { idempotencyWindow: config.idempotencyWindow } : {}),
    ...(options.closeWith ? { closeWith: options.closeWith } : {}),
  });
}
