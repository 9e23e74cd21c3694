/**
 * Pure mapping between the event-store port and EventStoreDB (`@eventstore/db-client` v6): expected
 * revisions, positions, recorded events, errors, filters, the idempotency decision and connection
 * strings. Nothing here talks to a server, so all of it is unit-tested without one.
 */
import {
  END as ESDB_END,
  ErrorType,
  START as ESDB_START,
  eventTypeFilter,
  excludeSystemEvents,
  streamNameFilter,
} from '@eventstore/db-client';
import type {
  AllStreamResolvedEvent,
  AppendExpectedRevision,
  EndPoint,
  Filter,
  NodePreference,
  Position as EsdbPosition,
  ReadPosition,
  ReadRevision,
  ResolvedEvent,
} from '@eventstore/db-client';
import {
  IdempotencyMismatchError,
  InvalidAppendError,
  StoreUnavailableError,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '../errors.js';
import {
  START,
  comparePositions,
  type AppendResult,
  type EventToAppend,
  type ExpectedRevision,
  type JsonObject,
  type Position,
  type RecordedEvent,
  type StreamFilter,
} from '../event-store.port.js';

// ---------------------------------------------------------------------------------------------
// Expected revisions
// ---------------------------------------------------------------------------------------------

/** The port's expected revision as EventStoreDB's (the names and meaning are the same). */
export function toEsdbExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'no_stream':
      return 'no_stream';
    case 'stream_exists':
      return 'stream_exists';
    case 'any':
      return 'any';
    default:
      if (typeof expected !== 'bigint' || expected < 0n) {
        throw new InvalidAppendError(`Expected revision must be 'no_stream', 'stream_exists', 'any' or a revision >= 0, got ${String(expected)}.`);
      }
      return expected;
  }
}

/** The stream's state as read just before an append: its last revision, or no stream. */
export type ObservedRevision = bigint | 'no_stream';

/**
 * What to do with an append once the stream's current state has been read (on the leader):
 * the caller's expectation is checked here, and the append is then sent with the *observed*
 * revision as EventStoreDB's expected revision, so that it only succeeds if the stream has not
 * moved since the idempotency check (see `EventStoreDbEventStore.appendToStream`).
 */
export type AppendPlan =
  | { readonly kind: 'append'; readonly esdbExpected: AppendExpectedRevision }
  | { readonly kind: 'conflict'; readonly actual: ObservedRevision };

export function planAppend(expected: ExpectedRevision, observed: ObservedRevision): AppendPlan {
  const asEsdb: AppendExpectedRevision = observed === 'no_stream' ? 'no_stream' : observed;
  switch (expected) {
    case 'any':
      return { kind: 'append', esdbExpected: asEsdb };
    case 'no_stream':
      return observed === 'no_stream' ? { kind: 'append', esdbExpected: 'no_stream' } : { kind: 'conflict', actual: observed };
    case 'stream_exists':
      return observed === 'no_stream' ? { kind: 'conflict', actual: 'no_stream' } : { kind: 'append', esdbExpected: observed };
    default:
      return observed === expected ? { kind: 'append', esdbExpected: expected } : { kind: 'conflict', actual: observed };
  }
}

// ---------------------------------------------------------------------------------------------
// Positions and read ranges
// ---------------------------------------------------------------------------------------------

/** EventStoreDB's `{commit, prepare}` is the port's position, one to one. */
export function fromEsdbPosition(p: EsdbPosition): Position {
  return { commit: BigInt(p.commit), prepare: BigInt(p.prepare) };
}

export function isStart(p: Position): boolean {
  return comparePositions(p, START) === 0;
}

/** Where to begin a forwards read or subscription of `$all` for a checkpoint (exclusive on the port). */
export function toEsdbForwardsPosition(checkpoint: Position | undefined): ReadPosition {
  if (checkpoint === undefined || comparePositions(checkpoint, START) <= 0) return ESDB_START;
  return { commit: checkpoint.commit, prepare: checkpoint.prepare };
}

/** Where to begin a backwards read of `$all`: the end, or the given position. */
export function toEsdbBackwardsPosition(before: Position | undefined): ReadPosition {
  if (before === undefined) return ESDB_END;
  if (comparePositions(before, START) <= 0) return ESDB_START;
  return { commit: before.commit, prepare: before.prepare };
}

/** The port's `fromRevision` as EventStoreDB's, with the port's defaults per direction. */
export function toEsdbReadRevision(fromRevision: bigint | 'start' | 'end' | undefined, direction: 'forwards' | 'backwards'): ReadRevision {
  if (fromRevision === undefined) return direction === 'forwards' ? ESDB_START : ESDB_END;
  if (fromRevision === 'start') return ESDB_START;
  if (fromRevision === 'end') return ESDB_END;
  if (fromRevision < 0n) throw new RangeError(`fromRevision must be >= 0, got ${fromRevision}.`);
  return fromRevision;
}

// ---------------------------------------------------------------------------------------------
// Recorded events
// ---------------------------------------------------------------------------------------------

type EsdbResolved = ResolvedEvent | AllStreamResolvedEvent;

/** A malformed event in the store: not JSON, not an object, or without a position. */
export class EventStoreDbMappingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EventStoreDbMappingError';
  }
}

function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

/**
 * A resolved event from EventStoreDB as the port's RecordedEvent. Returns undefined for a resolved
 * event without an event (a link whose target was deleted). Throws EventStoreDbMappingError for
 * events saksgang could not have written (binary or non-object data, missing position).
 */
export function toRecordedEvent(resolved: EsdbResolved): RecordedEvent | undefined {
  const e = resolved.event;
  if (!e) return undefined;
  const where = `event ${e.id} (${e.type}) in stream '${e.streamId}' at revision ${e.revision}`;
  if (!e.isJson || !isJsonObject(e.data)) {
    throw new EventStoreDbMappingError(`EventStoreDB ${where} has no JSON object as data.`);
  }
  let metadata: JsonObject;
  if (e.metadata === undefined || e.metadata === null) metadata = {};
  else if (isJsonObject(e.metadata)) metadata = e.metadata;
  else throw new EventStoreDbMappingError(`EventStoreDB ${where} has metadata that is not a JSON object.`);
  if (!e.position) {
    throw new EventStoreDbMappingError(`EventStoreDB ${where} came without a global position (server older than 20.6?).`);
  }
  return {
    id: e.id,
    type: e.type,
    streamName: e.streamId,
    revision: BigInt(e.revision),
    position: fromEsdbPosition(e.position),
    data: e.data,
    metadata,
    recordedAt: e.created,
  };
}

// ---------------------------------------------------------------------------------------------
// Filters
// ---------------------------------------------------------------------------------------------

/** EventStoreDB's own events and streams start with `$` (`$metadata`, `$>`, `$$sak-1`, `$stats-…`). */
export function isSystemEvent(e: { readonly type: string; readonly streamName: string }): boolean {
  return e.type.startsWith('$') || e.streamName.startsWith('$');
}

/** Whether a recorded event belongs in a read/subscription of the global log with this filter. */
export function matchesFilter(e: RecordedEvent, filter: StreamFilter | undefined): boolean {
  if (isSystemEvent(e)) return false;
  if (!filter) return true;
  const prefixes = filter.streamNamePrefixes;
  if (prefixes && !prefixes.some((p) => e.streamName.startsWith(p))) return false;
  const types = filter.eventTypes;
  if (types && !types.includes(e.type)) return false;
  return true;
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * The server-side filter for a subscription to `$all`. EventStoreDB filters on stream name *or*
 * event type, not both: stream prefixes win (they cut the most), and {@link matchesFilter} applies
 * the rest of the filter (and drops system events) on the client. An empty prefix or type list
 * matches nothing, as on the port.
 */
export function toServerFilter(filter: StreamFilter | undefined): Filter {
  const prefixes = filter?.streamNamePrefixes;
  if (prefixes) {
    // `[^\s\S]` never matches: an empty prefix list selects no stream.
    if (prefixes.length === 0) return streamNameFilter({ regex: '[^\\s\\S]' });
    return streamNameFilter({ prefixes: [...prefixes] });
  }
  const types = filter?.eventTypes;
  if (types) {
    if (types.length === 0) return eventTypeFilter({ regex: '[^\\s\\S]' });
    return eventTypeFilter({ regex: `^(?:${types.map(escapeRegex).join('|')})$` });
  }
  return excludeSystemEvents();
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/** gRPC status codes that mean "the server cannot be reached now". */
const GRPC_UNAVAILABLE = 14;
const GRPC_DEADLINE_EXCEEDED = 4;

const UNAVAILABLE_TYPES: ReadonlySet<string> = new Set<string>([
  ErrorType.UNAVAILABLE,
  ErrorType.DEADLINE_EXCEEDED,
  ErrorType.TIMEOUT,
  ErrorType.NOT_LEADER,
]);

export interface ErrorContext {
  readonly operation: string;
  readonly streamName?: string;
  readonly expectedRevision?: ExpectedRevision;
}

function errorType(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const t = (err as { type?: unknown }).type;
  return typeof t === 'string' ? t : undefined;
}

function grpcCode(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const c = (err as { code?: unknown }).code;
  return typeof c === 'number' ? c : undefined;
}

/** True when the error means the store cannot be reached (connection, discovery, deadline, leader change). */
export function isUnavailableError(err: unknown): boolean {
  const type = errorType(err);
  if (type !== undefined && UNAVAILABLE_TYPES.has(type)) return true;
  const code = grpcCode(err);
  if (code === GRPC_UNAVAILABLE || code === GRPC_DEADLINE_EXCEEDED) return true;
  // Gossip discovery gives up with a plain Error (`Failed to discover after N attempts.`).
  return err instanceof Error && /^Failed to discover after \d+ attempts/.test(err.message);
}

function toActualRevision(v: unknown): bigint | 'no_stream' {
  if (typeof v === 'bigint') return v < 0n ? 'no_stream' : v;
  if (typeof v === 'number' || (typeof v === 'string' && /^-?\d+$/.test(v))) {
    const b = BigInt(v);
    return b < 0n ? 'no_stream' : b;
  }
  return 'no_stream';
}

/**
 * An error from `@eventstore/db-client` as the port's error. Errors that are already the port's,
 * and errors the port has no name for (access denied, …), are returned unchanged.
 */
export function mapEsdbError(err: unknown, ctx: ErrorContext): unknown {
  if (err instanceof WrongExpectedVersionError || err instanceof StreamNotFoundError || err instanceof StoreUnavailableError) return err;
  const type = errorType(err);
  switch (type) {
    case ErrorType.WRONG_EXPECTED_VERSION: {
      const e = err as { streamName?: string; actualVersion?: unknown };
      return new WrongExpectedVersionError(
        ctx.streamName ?? e.streamName ?? '',
        ctx.expectedRevision ?? 'any',
        toActualRevision(e.actualVersion),
      );
    }
    case ErrorType.STREAM_NOT_FOUND: {
      const e = err as { streamName?: string };
      return new StreamNotFoundError(ctx.streamName ?? e.streamName ?? '');
    }
    case ErrorType.STREAM_DELETED:
      // saksgang never deletes streams; a tombstoned stream can neither be read nor written.
      return ctx.operation === 'appendToStream'
        ? new InvalidAppendError(`Stream '${ctx.streamName ?? ''}' has been deleted in EventStoreDB and cannot be written to.`)
        : new StreamNotFoundError(ctx.streamName ?? '');
    case ErrorType.MAXIMUM_APPEND_SIZE_EXCEEDED:
      return new InvalidAppendError(`Append to '${ctx.streamName ?? ''}' exceeds EventStoreDB's maximum append size: ${(err as Error).message}`);
  }
  if (isUnavailableError(err)) {
    const message = err instanceof Error ? err.message : String(err);
    return new StoreUnavailableError(`EventStoreDB is unavailable (${ctx.operation}): ${message}`, { cause: err });
  }
  return err;
}

// ---------------------------------------------------------------------------------------------
// Idempotency
// ---------------------------------------------------------------------------------------------

/** The part of a recorded event the idempotency check looks at. */
export interface TailEvent {
  readonly id: string;
  readonly type: string;
  readonly revision: bigint;
  readonly position: Position;
}

export type IdempotencyDecision =
  | { readonly kind: 'new' }
  | { readonly kind: 'replay'; readonly result: AppendResult }
  | { readonly kind: 'mismatch'; readonly eventId: string; readonly detail: string };

/**
 * Decides whether `events` were already recorded in this stream, given the stream's tail (any
 * order; the events of the scan window). A replay needs every id present, at consecutive
 * revisions in the same order, with the same types; none present means a new append; anything
 * else is a mismatch. Ids older than the scanned tail cannot be seen: see the window note in
 * `EventStoreDbEventStore`.
 */
export function decideIdempotency(streamName: string, events: readonly EventToAppend[], tail: readonly TailEvent[]): IdempotencyDecision {
  const byId = new Map<string, TailEvent>();
  for (const t of tail) byId.set(t.id, t);
  const found = events.map((e) => byId.get(e.id));
  const present = found.filter((f) => f !== undefined).length;
  if (present === 0) return { kind: 'new' };
  if (present < events.length) {
    const missingAt = found.findIndex((f) => f === undefined);
    const firstPresent = found.findIndex((f) => f !== undefined);
    return {
      kind: 'mismatch',
      eventId: events[firstPresent]!.id,
      detail: `only ${present} of ${events.length} events are already in '${streamName}' (event ${events[missingAt]!.id} is not)`,
    };
  }
  const first = found[0]!;
  for (let i = 0; i < events.length; i++) {
    const rec = found[i]!;
    const ev = events[i]!;
    if (rec.revision !== first.revision + BigInt(i)) {
      return {
        kind: 'mismatch',
        eventId: ev.id,
        detail: `recorded at revision ${rec.revision} of '${streamName}', not in the same order as in this append`,
      };
    }
    if (rec.type !== ev.type) {
      return { kind: 'mismatch', eventId: ev.id, detail: `recorded with type '${rec.type}', appended now with type '${ev.type}'` };
    }
  }
  const last = found[events.length - 1]!;
  return { kind: 'replay', result: { nextExpectedRevision: last.revision, position: last.position, idempotentReplay: true } };
}

export function toIdempotencyError(streamName: string, d: { eventId: string; detail: string }): IdempotencyMismatchError {
  return new IdempotencyMismatchError(streamName, d.eventId, d.detail);
}

// ---------------------------------------------------------------------------------------------
// Appends: what only EventStoreDB refuses (the shared rules are in ../validation.ts)
// ---------------------------------------------------------------------------------------------

/**
 * Event types starting with `$` are EventStoreDB's own (`$metadata`, `$>`, …): the server treats
 * them specially and the global log leaves them out, so saksgang may not write them.
 */
export function validateEsdbAppend(streamName: string, events: readonly EventToAppend[]): void {
  for (const e of events) {
    if (e.type.startsWith('$')) {
      throw new InvalidAppendError(`Event type '${e.type}' in an append to '${streamName}' is reserved for EventStoreDB ($…).`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Configuration and connection strings
// ---------------------------------------------------------------------------------------------

export interface EventStoreDbConfig {
  readonly backend: 'eventstoredb';
  /**
   * `esdb://host:2113?tls=false` (single node), `esdb://a:2113,b:2113,c:2113` (cluster, gossip seeds),
   * `esdb+discover://cluster.example:2113` (cluster found through DNS). Credentials go in the string:
   * `esdb://admin:secret@host:2113`.
   */
  readonly connectionString: string;
  /** PEM file with the CA that signed the nodes' certificates; overrides `tlsCAFile` of the string. */
  readonly tlsCAFile?: string;
  /** Overrides `tlsVerifyCert` of the string. `false` accepts any certificate: for tests only. */
  readonly tlsVerifyCert?: boolean;
  /** How many of a stream's latest events the durable idempotency check scans (default 1000). */
  readonly idempotencyWindow?: number;
  /** Name of the connection in the server's logs. */
  readonly connectionName?: string;
}

/** A bad EventStoreDB configuration, with a message that says what to write instead. */
export class EventStoreDbConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EventStoreDbConfigError';
  }
}

export interface ParsedConnectionString {
  readonly dnsDiscover: boolean;
  readonly hosts: readonly EndPoint[];
  readonly credentials?: { readonly username: string; readonly password: string };
  readonly tls: boolean;
  readonly tlsVerifyCert: boolean;
  readonly tlsCAFile?: string;
  readonly userCertFile?: string;
  readonly userKeyFile?: string;
  readonly nodePreference: NodePreference;
  readonly maxDiscoverAttempts?: number;
  readonly discoveryInterval?: number;
  readonly gossipTimeout?: number;
  readonly defaultDeadline?: number;
  readonly keepAliveInterval?: number;
  readonly keepAliveTimeout?: number;
  readonly connectionName?: string;
}

const EXAMPLES =
  'Examples: esdb://localhost:2113?tls=false (single node), esdb://node1:2113,node2:2113,node3:2113 (cluster), ' +
  'esdb+discover://cluster.example.org:2113 (DNS discovery).';

const BOOLEAN_KEYS = ['tls', 'tlsVerifyCert', 'throwOnAppendFailure'] as const;
const INTEGER_KEYS = ['maxDiscoverAttempts', 'discoveryInterval', 'gossipTimeout', 'defaultDeadline', 'keepAliveInterval', 'keepAliveTimeout'] as const;
const STRING_KEYS = ['tlsCAFile', 'userCertFile', 'userKeyFile', 'connectionName', 'nodePreference'] as const;
const KNOWN_KEYS: readonly string[] = [...BOOLEAN_KEYS, ...INTEGER_KEYS, ...STRING_KEYS];
const NODE_PREFERENCES: Record<string, NodePreference> = {
  leader: 'leader',
  follower: 'follower',
  random: 'random',
  readonlyreplica: 'read_only_replica',
};

const flat = (s: string) => s.trim().toLowerCase().replace(/[_-]/g, '');

/** Hides the password of a connection string, for error messages and logs. */
export function redactConnectionString(s: string): string {
  return s.replace(/^([a-z+]+:\/\/[^:@/]+:)[^@]*@/i, '$1***@');
}

/**
 * Parses and checks an EventStoreDB connection string, with the same grammar and options as
 * `@eventstore/db-client` — but unknown options and bad values are errors here (the client only
 * warns), so that a typo such as `tls=flase` or `tlsCaFiel=` cannot silently weaken the connection.
 */
export function parseEsdbConnectionString(input: string): ParsedConnectionString {
  if (typeof input !== 'string' || input.trim() === '') {
    throw new EventStoreDbConfigError(`The EventStoreDB connection string (SAKSGANG_ESDB_URL) is empty. ${EXAMPLES}`);
  }
  const s = input.trim();
  const shown = redactConnectionString(s);
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(s);
  if (!scheme) {
    throw new EventStoreDbConfigError(`'${shown}' is not an EventStoreDB connection string: it must start with esdb:// or esdb+discover://. ${EXAMPLES}`);
  }
  const protocol = scheme[1]!.toLowerCase();
  if (protocol !== 'esdb' && protocol !== 'esdb+discover') {
    const hint = protocol === 'http' || protocol === 'https' || protocol === 'tcp' ? ' (the gRPC client does not use http:// or tcp:// URLs)' : '';
    throw new EventStoreDbConfigError(`Unsupported scheme '${scheme[1]}://' in '${shown}'${hint}: use esdb:// or esdb+discover://. ${EXAMPLES}`);
  }
  let rest = s.slice(scheme[0].length).replace(/\/+$/, '');
  let credentials: { username: string; password: string } | undefined;
  const at = rest.lastIndexOf('@', rest.indexOf('?') === -1 ? rest.length : rest.indexOf('?'));
  if (at !== -1) {
    const userinfo = rest.slice(0, at);
    const colon = userinfo.indexOf(':');
    if (colon <= 0 || colon === userinfo.length - 1) {
      throw new EventStoreDbConfigError(`Credentials in '${shown}' must be written username:password@ (URL-encode special characters).`);
    }
    try {
      credentials = { username: decodeURIComponent(userinfo.slice(0, colon)), password: decodeURIComponent(userinfo.slice(colon + 1)) };
    } catch {
      throw new EventStoreDbConfigError(`Credentials in '${shown}' are not correctly URL-encoded.`);
    }
    rest = rest.slice(at + 1);
  }
  const q = rest.indexOf('?');
  const hostPart = (q === -1 ? rest : rest.slice(0, q)).replace(/\/+$/, '');
  const query = q === -1 ? '' : rest.slice(q + 1);
  if (hostPart === '') throw new EventStoreDbConfigError(`No host in '${shown}'. ${EXAMPLES}`);
  const hosts: EndPoint[] = hostPart.split(',').map((h) => {
    const hp = h.trim();
    const m = /^([A-Za-z0-9._-]+|\[[0-9A-Fa-f:.]+\])(?::(\d*))?$/.exec(hp);
    if (!m || hp === '') {
      throw new EventStoreDbConfigError(`'${hp}' in '${shown}' is not a host or host:port; separate cluster nodes with commas.`);
    }
    const port = m[2] === undefined ? 2113 : Number(m[2]);
    if (m[2] === '' || !Number.isInteger(port) || port < 1 || port > 65535) {
      throw new EventStoreDbConfigError(`Port '${m[2] ?? ''}' of host '${m[1]}' in '${shown}' is not a port number (1–65535; EventStoreDB listens on 2113).`);
    }
    return { address: m[1]!, port };
  });
  const dnsDiscover = protocol === 'esdb+discover';
  if (dnsDiscover && hosts.length > 1) {
    throw new EventStoreDbConfigError(
      `esdb+discover:// takes one DNS name for the cluster, '${shown}' has ${hosts.length}. List the nodes with esdb://a:2113,b:2113,c:2113 instead.`,
    );
  }

  const opts: Record<string, string> = {};
  if (query !== '') {
    for (const pair of query.split('&')) {
      const eq = pair.indexOf('=');
      if (eq <= 0 || eq === pair.length - 1) {
        throw new EventStoreDbConfigError(`Option '${pair}' in '${shown}' must be written key=value.`);
      }
      const rawKey = pair.slice(0, eq);
      const key = KNOWN_KEYS.find((k) => flat(k) === flat(rawKey));
      if (!key) {
        throw new EventStoreDbConfigError(`Unknown option '${rawKey}' in '${shown}'. Known options: ${KNOWN_KEYS.join(', ')}.`);
      }
      let value: string;
      try {
        value = decodeURIComponent(pair.slice(eq + 1)).trim();
      } catch {
        throw new EventStoreDbConfigError(`Option '${rawKey}' in '${shown}' is not correctly URL-encoded.`);
      }
      opts[key] = value;
    }
  }
  const bool = (key: (typeof BOOLEAN_KEYS)[number], dflt: boolean): boolean => {
    const v = opts[key];
    if (v === undefined) return dflt;
    if (v.toLowerCase() === 'true') return true;
    if (v.toLowerCase() === 'false') return false;
    throw new EventStoreDbConfigError(`Option ${key}=${v} in '${shown}' must be true or false.`);
  };
  const int = (key: (typeof INTEGER_KEYS)[number]): number | undefined => {
    const v = opts[key];
    if (v === undefined) return undefined;
    if (!/^-?\d+$/.test(v)) throw new EventStoreDbConfigError(`Option ${key}=${v} in '${shown}' must be an integer.`);
    return Number(v);
  };
  let nodePreference: NodePreference = 'leader';
  if (opts.nodePreference !== undefined) {
    const np = NODE_PREFERENCES[flat(opts.nodePreference)];
    if (!np) {
      throw new EventStoreDbConfigError(`Option nodePreference=${opts.nodePreference} in '${shown}' must be leader, follower, random or readOnlyReplica.`);
    }
    nodePreference = np;
  }
  const tls = bool('tls', true);
  bool('throwOnAppendFailure', true); // validated; the store always needs failures thrown
  const parsed: ParsedConnectionString = {
    dnsDiscover,
    hosts,
    tls,
    tlsVerifyCert: bool('tlsVerifyCert', true),
    nodePreference,
    ...(credentials ? { credentials } : {}),
    ...(opts.tlsCAFile !== undefined ? { tlsCAFile: opts.tlsCAFile } : {}),
    ...(opts.userCertFile !== undefined ? { userCertFile: opts.userCertFile } : {}),
    ...(opts.userKeyFile !== undefined ? { userKeyFile: opts.userKeyFile } : {}),
    ...(opts.connectionName !== undefined ? { connectionName: opts.connectionName } : {}),
    ...Object.fromEntries(INTEGER_KEYS.map((k) => [k, int(k)]).filter(([, v]) => v !== undefined)),
  };
  if ((parsed.userCertFile === undefined) !== (parsed.userKeyFile === undefined)) {
    throw new EventStoreDbConfigError(`userCertFile and userKeyFile must be given together in '${shown}'.`);
  }
  if (!tls && (parsed.tlsCAFile !== undefined || parsed.userCertFile !== undefined)) {
    throw new EventStoreDbConfigError(`'${shown}' sets tls=false but also TLS files (tlsCAFile/userCertFile): remove tls=false or the files.`);
  }
  return parsed;
}

/** Checks a whole EventStoreDB configuration; returns it with the connection string parsed. */
export function validateEventStoreDbConfig(config: unknown): { config: EventStoreDbConfig; parsed: ParsedConnectionString } {
  if (typeof config !== 'object' || config === null) throw new EventStoreDbConfigError('The EventStoreDB configuration must be an object.');
  const c = config as Partial<EventStoreDbConfig> & { backend?: unknown };
  if (c.backend !== 'eventstoredb') {
    throw new EventStoreDbConfigError(`The EventStoreDB configuration must have backend: 'eventstoredb', not ${JSON.stringify(c.backend)}.`);
  }
  if (typeof c.connectionString !== 'string') {
    throw new EventStoreDbConfigError(`The EventStoreDB configuration needs a connectionString (SAKSGANG_ESDB_URL). ${EXAMPLES}`);
  }
  const parsed = parseEsdbConnectionString(c.connectionString);
  if (c.idempotencyWindow !== undefined && (!Number.isInteger(c.idempotencyWindow) || c.idempotencyWindow < 1)) {
    throw new EventStoreDbConfigError(`idempotencyWindow must be a positive integer, got ${String(c.idempotencyWindow)}.`);
  }
  if (c.tlsCAFile !== undefined && (typeof c.tlsCAFile !== 'string' || c.tlsCAFile.trim() === '')) {
    throw new EventStoreDbConfigError('tlsCAFile must be the path of a PEM file.');
  }
  if (c.tlsVerifyCert !== undefined && typeof c.tlsVerifyCert !== 'boolean') {
    throw new EventStoreDbConfigError('tlsVerifyCert must be true or false.');
  }
  if (!parsed.tls && c.tlsCAFile !== undefined) {
    throw new EventStoreDbConfigError(`tlsCAFile is set but the connection string '${redactConnectionString(c.connectionString)}' has tls=false.`);
  }
  return { config: c as EventStoreDbConfig, parsed };
}
