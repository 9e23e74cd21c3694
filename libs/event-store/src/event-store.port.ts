/**
 * The event-store port. Its semantics mirror EventStoreDB's (`@eventstore/db-client`), so that the
 * EventStoreDB backend drops in beside the PostgreSQL/PGlite backend without changing any caller.
 *
 * - Streams are named `category-id`; revisions start at 0 (a stream with one event has revision 0).
 * - The global log ("$all") has a total order given by {@link Position}: a `(commit, prepare)` pair,
 *   compared lexicographically, exactly like EventStoreDB's `Position`. On PostgreSQL `commit` is the
 *   transaction id of the appending transaction and `prepare` the event's sequence number; only events
 *   of transactions that can no longer be overtaken are visible in the global log, so a reader never
 *   sees a gap closed behind its back.
 */

/** A JSON value as stored in event data and metadata. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Position in the global log. Compare with {@link comparePositions}. */
export interface Position {
  readonly commit: bigint;
  readonly prepare: bigint;
}

/** The position before the first event of the global log. */
export const START: Position = Object.freeze({ commit: -1n, prepare: -1n });

/** What the writer expects of the stream before its append. Mirrors EventStoreDB's `AppendExpectedRevision`. */
export type ExpectedRevision = 'no_stream' | 'stream_exists' | 'any' | bigint;

export const NO_STREAM = 'no_stream' as const;
export const STREAM_EXISTS = 'stream_exists' as const;
export const ANY = 'any' as const;

/** An event to append. The id makes the append idempotent: appending the same ids again records nothing twice. */
export interface EventToAppend {
  readonly id: string; // UUID
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata: JsonObject;
}

/** An event as recorded by the store. */
export interface RecordedEvent {
  readonly id: string;
  readonly type: string;
  readonly streamName: string;
  /** Revision of this event within its stream, from 0. */
  readonly revision: bigint;
  /** Position of this event in the global log. */
  readonly position: Position;
  readonly data: JsonObject;
  readonly metadata: JsonObject;
  /** When the store recorded the event (server clock). */
  readonly recordedAt: Date;
}

export interface AppendResult {
  /** The stream's revision after the append (the revision of the last appended event). */
  readonly nextExpectedRevision: bigint;
  /** Global position of the last appended event. */
  readonly position: Position;
  /** True when every event of this append had already been recorded by an earlier, identical append. */
  readonly idempotentReplay: boolean;
}

export interface ReadStreamOptions {
  readonly direction?: 'forwards' | 'backwards';
  /** First revision to read (inclusive). Defaults to the start (forwards) or the end (backwards). */
  readonly fromRevision?: bigint | 'start' | 'end';
  readonly maxCount?: number;
}

export interface ReadAllOptions {
  readonly direction?: 'forwards' | 'backwards';
  /**
   * Forwards: read events strictly after this position (use {@link START} for the beginning).
   * Backwards: read events strictly before this position (omit for the end).
   */
  readonly fromPosition?: Position;
  readonly maxCount?: number;
  readonly filter?: StreamFilter;
}

/** Filters the global log to saksgang's own streams, as EventStoreDB's server-side filters do. */
export interface StreamFilter {
  /** Only events whose stream name starts with one of these prefixes. */
  readonly streamNamePrefixes?: readonly string[];
  /** Only events whose type is one of these. */
  readonly eventTypes?: readonly string[];
}

export interface SubscribeToAllOptions {
  /** Deliver events strictly after this checkpoint; {@link START} (the default) for the whole log. */
  readonly fromPosition?: Position;
  readonly filter?: StreamFilter;
  /** Called once each time the subscription has delivered every event that existed when it last looked. */
  readonly onCaughtUp?: (position: Position) => void;
}

/**
 * A catch-up subscription to the global log: first the history after the checkpoint, then live
 * appends, in the store's order, each event exactly once. Iterate it with `for await`; a failure of
 * the store ends the iteration with that error (it is never swallowed). `unsubscribe()` ends it.
 */
export interface AllSubscription extends AsyncIterable<RecordedEvent> {
  unsubscribe(): Promise<void>;
}

/** Health of the store's connection, for `/health`. */
export interface StoreHealth {
  readonly ok: boolean;
  readonly backend: string;
  readonly detail?: string;
}

export interface EventStore {
  /** Short backend name: `pglite`, `postgres` or `eventstoredb`. */
  readonly backend: string;

  appendToStream(
    streamName: string,
    events: readonly EventToAppend[],
    options: { readonly expectedRevision: ExpectedRevision },
  ): Promise<AppendResult>;

  /** Reads a stream. Throws {@link StreamNotFoundError} if the stream has no events. */
  readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;

  /**
   * Optional: reads several whole streams in one round trip; streams without events are absent from
   * the map. Backends without it are read one stream at a time (see `readStreams` helper).
   */
  readStreams?(streamNames: readonly string[]): Promise<Map<string, RecordedEvent[]>>;

  /**
   * Optional: the stream each of these event ids is recorded in (ids not recorded are absent from the
   * map; keys are lower-case). For backends whose event ids are unique across streams (PostgreSQL,
   * PGlite), so a caller can tell before an append that it would be refused with an
   * `IdempotencyMismatchError` because an id is recorded in another stream (the command path's
   * dry run). EventStoreDB has no index by event id (ids are unique per stream only there, and an id
   * recorded in another stream does not refuse an append): it leaves this out.
   */
  streamsOfEvents?(eventIds: readonly string[]): Promise<Map<string, string>>;

  /** Optional: counts the events of the global log after `from` up to and including `to`, without reading them. */
  countEvents?(from: Position, to: Position): Promise<number>;

  /** Reads the global log, in order. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;

  /** The position of the last event visible in the global log, or {@link START} if it is empty. */
  headPosition(): Promise<Position>;

  subscribeToAll(options?: SubscribeToAllOptions): AllSubscription;

  health(): Promise<StoreHealth>;

  close(): Promise<void>;
}

/** Total order of positions. */
export function comparePositions(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

/** Text form of a position, as EventStoreDB prints it: `C:<commit>/P:<prepare>`. */
export function formatPosition(p: Position): string {
  return `C:${p.commit}/P:${p.prepare}`;
}

/** Parses the text form of a position; returns undefined if it is malformed. */
export function parsePosition(text: string): Position | undefined {
  const m = /^C:(-1|\d{1,20})\/P:(-1|\d{1,20})$/.exec(text.trim());
  if (!m) return undefined;
  return { commit: BigInt(m[1]!), prepare: BigInt(m[2]!) };
}

/** Reads several whole streams: in one round trip where the backend can, else one by one. */
export async function readStreams(store: EventStore, streamNames: readonly string[]): Promise<Map<string, RecordedEvent[]>> {
  if (store.readStreams) return store.readStreams(streamNames);
  const result = new Map<string, RecordedEvent[]>();
  await Promise.all(
    [...new Set(streamNames)].map(async (name) => {
      try {
        result.set(name, await store.readStream(name));
      } catch (e) {
        if ((e as { code?: unknown })?.code !== 'stream_not_found') throw e;
      }
    }),
  );
  return result;
}
