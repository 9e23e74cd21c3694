import { describe, expect, it } from '@jest/globals';
import {
  DeadlineExceededError,
  NotLeaderError,
  StreamDeletedError,
  StreamNotFoundError as EsdbStreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError as EsdbWrongExpectedVersionError,
  type AllStreamResolvedEvent,
} from '@eventstore/db-client';
import {
  InvalidAppendError,
  StoreUnavailableError,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '../errors.js';
import { START, type EventToAppend, type RecordedEvent } from '../event-store.port.js';
import {
  EventStoreDbConfigError,
  EventStoreDbMappingError,
  decideIdempotency,
  fromEsdbPosition,
  isUnavailableError,
  mapEsdbError,
  matchesFilter,
  parseEsdbConnectionString,
  planAppend,
  redactConnectionString,
  toEsdbBackwardsPosition,
  toEsdbExpectedRevision,
  toEsdbForwardsPosition,
  toEsdbReadRevision,
  toRecordedEvent,
  toServerFilter,
  validateEsdbAppend,
  validateEventStoreDbConfig,
  type TailEvent,
} from './eventstoredb-mapping.js';

const ID = (n: number) => `00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;
const ev = (n: number, type = 'SakRegistrert'): EventToAppend => ({ id: ID(n), type, data: { n }, metadata: {} });
const tail = (n: number, revision: bigint, type = 'SakRegistrert'): TailEvent => ({
  id: ID(n),
  type,
  revision,
  position: { commit: 100n + revision, prepare: 100n + revision },
});

describe('expected revisions', () => {
  it('maps the port expectations to EventStoreDB names one to one', () => {
    expect(toEsdbExpectedRevision('no_stream')).toBe('no_stream');
    expect(toEsdbExpectedRevision('stream_exists')).toBe('stream_exists');
    expect(toEsdbExpectedRevision('any')).toBe('any');
    expect(toEsdbExpectedRevision(0n)).toBe(0n);
    expect(toEsdbExpectedRevision(41n)).toBe(41n);
  });

  it('rejects negative revisions', () => {
    expect(() => toEsdbExpectedRevision(-1n)).toThrow(InvalidAppendError);
  });

  it('plans the append against the observed state', () => {
    expect(planAppend('any', 'no_stream')).toEqual({ kind: 'append', esdbExpected: 'no_stream' });
    expect(planAppend('any', 4n)).toEqual({ kind: 'append', esdbExpected: 4n });
    expect(planAppend('no_stream', 'no_stream')).toEqual({ kind: 'append', esdbExpected: 'no_stream' });
    expect(planAppend('no_stream', 0n)).toEqual({ kind: 'conflict', actual: 0n });
    expect(planAppend('stream_exists', 'no_stream')).toEqual({ kind: 'conflict', actual: 'no_stream' });
    expect(planAppend('stream_exists', 7n)).toEqual({ kind: 'append', esdbExpected: 7n });
    expect(planAppend(3n, 3n)).toEqual({ kind: 'append', esdbExpected: 3n });
    expect(planAppend(3n, 5n)).toEqual({ kind: 'conflict', actual: 5n });
    expect(planAppend(0n, 'no_stream')).toEqual({ kind: 'conflict', actual: 'no_stream' });
  });
});

describe('positions', () => {
  it('maps EventStoreDB positions 1:1', () => {
    expect(fromEsdbPosition({ commit: 1234n, prepare: 1200n })).toEqual({ commit: 1234n, prepare: 1200n });
  });

  it('turns the port START into EventStoreDB start and keeps other checkpoints', () => {
    expect(toEsdbForwardsPosition(START)).toBe('start');
    expect(toEsdbForwardsPosition(undefined)).toBe('start');
    expect(toEsdbForwardsPosition({ commit: 10n, prepare: 9n })).toEqual({ commit: 10n, prepare: 9n });
    expect(toEsdbBackwardsPosition(undefined)).toBe('end');
    expect(toEsdbBackwardsPosition({ commit: 10n, prepare: 9n })).toEqual({ commit: 10n, prepare: 9n });
  });

  it('maps stream read starts with the port defaults per direction', () => {
    expect(toEsdbReadRevision(undefined, 'forwards')).toBe('start');
    expect(toEsdbReadRevision(undefined, 'backwards')).toBe('end');
    expect(toEsdbReadRevision('end', 'forwards')).toBe('end');
    expect(toEsdbReadRevision(5n, 'backwards')).toBe(5n);
    expect(() => toEsdbReadRevision(-2n, 'forwards')).toThrow(RangeError);
  });
});

describe('recorded events', () => {
  const created = new Date('2019-02-15T10:00:00Z');
  const resolved = (over: Record<string, unknown> = {}): AllStreamResolvedEvent =>
    ({
      event: {
        streamId: 'sak-1',
        id: ID(1),
        isJson: true,
        revision: 3n,
        type: 'SakRegistrert',
        created,
        data: { tittel: 'Sak 3/19' },
        metadata: { actor: 'sekretariat' },
        position: { commit: 500n, prepare: 480n },
        ...over,
      },
    }) as AllStreamResolvedEvent;

  it('maps a JSON event with its position, revision and metadata', () => {
    expect(toRecordedEvent(resolved())).toEqual({
      id: ID(1),
      type: 'SakRegistrert',
      streamName: 'sak-1',
      revision: 3n,
      position: { commit: 500n, prepare: 480n },
      data: { tittel: 'Sak 3/19' },
      metadata: { actor: 'sekretariat' },
      recordedAt: created,
    });
  });

  it('gives empty metadata when the event has none', () => {
    expect(toRecordedEvent(resolved({ metadata: undefined }))?.metadata).toEqual({});
  });

  it('skips resolved events without an event (deleted link targets)', () => {
    expect(toRecordedEvent({})).toBeUndefined();
  });

  it('refuses binary or non-object data and events without a position', () => {
    expect(() => toRecordedEvent(resolved({ isJson: false, data: new Uint8Array([1]) }))).toThrow(EventStoreDbMappingError);
    expect(() => toRecordedEvent(resolved({ data: [1, 2] }))).toThrow(EventStoreDbMappingError);
    expect(() => toRecordedEvent(resolved({ metadata: new Uint8Array([1]) }))).toThrow(/metadata/);
    expect(() => toRecordedEvent(resolved({ position: undefined }))).toThrow(/position/);
  });
});

describe('filters', () => {
  const rec = (streamName: string, type: string): RecordedEvent => ({
    id: ID(1),
    type,
    streamName,
    revision: 0n,
    position: { commit: 1n, prepare: 1n },
    data: {},
    metadata: {},
    recordedAt: new Date(0),
  });

  it('always excludes system events and system streams', () => {
    expect(matchesFilter(rec('sak-1', '$metadata'), undefined)).toBe(false);
    expect(matchesFilter(rec('$$sak-1', 'SakRegistrert'), undefined)).toBe(false);
    expect(matchesFilter(rec('sak-1', 'SakRegistrert'), undefined)).toBe(true);
  });

  it('applies both stream prefixes and event types', () => {
    const f = { streamNamePrefixes: ['sak-', 'organ-'], eventTypes: ['SakRegistrert'] };
    expect(matchesFilter(rec('sak-1', 'SakRegistrert'), f)).toBe(true);
    expect(matchesFilter(rec('organ-psu', 'SakRegistrert'), f)).toBe(true);
    expect(matchesFilter(rec('saksliste-1', 'SakRegistrert'), f)).toBe(false);
    expect(matchesFilter(rec('sak-1', 'VedtakFattet'), f)).toBe(false);
    expect(matchesFilter(rec('sak-1', 'SakRegistrert'), { streamNamePrefixes: [] })).toBe(false);
  });

  it('builds server-side filters: prefixes on stream names, else event types, else no system events', () => {
    expect(toServerFilter({ streamNamePrefixes: ['sak-'], eventTypes: ['X'] })).toMatchObject({ filterOn: 'streamName', prefixes: ['sak-'] });
    const byType = toServerFilter({ eventTypes: ['SakRegistrert', 'Vedtak.Fattet'] });
    expect(byType).toMatchObject({ filterOn: 'eventType' });
    const regex = new RegExp((byType as { regex: string }).regex);
    expect(regex.test('SakRegistrert')).toBe(true);
    expect(regex.test('Vedtak.Fattet')).toBe(true);
    expect(regex.test('VedtakxFattet')).toBe(false);
    expect(regex.test('SakRegistrertX')).toBe(false);
    const none = toServerFilter(undefined) as { filterOn: string; regex: string };
    expect(none.filterOn).toBe('eventType');
    expect(new RegExp(none.regex).test('$metadata')).toBe(false);
    expect(new RegExp(none.regex).test('SakRegistrert')).toBe(true);
    const empty = toServerFilter({ streamNamePrefixes: [] }) as { regex: string };
    expect(new RegExp(empty.regex).test('sak-1')).toBe(false);
  });
});

describe('errors', () => {
  it('maps a wrong expected version with the actual revision', () => {
    const esdb = new EsdbWrongExpectedVersionError(undefined, { streamName: 'sak-1', expected: 2n, current: 5n });
    const mapped = mapEsdbError(esdb, { operation: 'appendToStream', streamName: 'sak-1', expectedRevision: 2n });
    expect(mapped).toBeInstanceOf(WrongExpectedVersionError);
    expect(mapped).toMatchObject({ streamName: 'sak-1', expectedRevision: 2n, actualRevision: 5n, code: 'wrong_expected_version' });
  });

  it('maps a missing stream in a conflict to no_stream', () => {
    const esdb = new EsdbWrongExpectedVersionError(undefined, { streamName: 'sak-1', expected: 'stream_exists', current: 'no_stream' });
    const mapped = mapEsdbError(esdb, { operation: 'appendToStream', streamName: 'sak-1', expectedRevision: 'stream_exists' });
    expect(mapped).toMatchObject({ actualRevision: 'no_stream', expectedRevision: 'stream_exists' });
  });

  it('maps stream-not-found and deleted streams', () => {
    expect(mapEsdbError(new EsdbStreamNotFoundError(undefined, 'sak-9'), { operation: 'readStream', streamName: 'sak-9' })).toEqual(
      new StreamNotFoundError('sak-9'),
    );
    expect(mapEsdbError(StreamDeletedError.fromStreamName('sak-9'), { operation: 'readStream', streamName: 'sak-9' })).toBeInstanceOf(
      StreamNotFoundError,
    );
    expect(mapEsdbError(StreamDeletedError.fromStreamName('sak-9'), { operation: 'appendToStream', streamName: 'sak-9' })).toBeInstanceOf(
      InvalidAppendError,
    );
  });

  it('maps connection failures to StoreUnavailableError and keeps the cause', () => {
    const raw = Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14 });
    for (const err of [new UnavailableError(), new DeadlineExceededError(), raw, new Error('Failed to discover after 10 attempts.')]) {
      expect(isUnavailableError(err)).toBe(true);
      const mapped = mapEsdbError(err, { operation: 'readAll' });
      expect(mapped).toBeInstanceOf(StoreUnavailableError);
      expect((mapped as Error).cause).toBe(err);
    }
    const notLeader = Object.assign(Object.create(NotLeaderError.prototype) as object, { type: 'not-leader', message: 'not leader' });
    expect(mapEsdbError(notLeader, { operation: 'appendToStream' })).toBeInstanceOf(StoreUnavailableError);
  });

  it('returns errors it has no name for unchanged', () => {
    const other = new TypeError('boom');
    expect(mapEsdbError(other, { operation: 'readAll' })).toBe(other);
    const already = new StreamNotFoundError('x');
    expect(mapEsdbError(already, { operation: 'readAll' })).toBe(already);
  });
});

describe('idempotency decision', () => {
  it('is a new append when no id is in the tail', () => {
    expect(decideIdempotency('sak-1', [ev(5), ev(6)], [tail(2, 1n), tail(1, 0n)])).toEqual({ kind: 'new' });
    expect(decideIdempotency('sak-1', [ev(5)], [])).toEqual({ kind: 'new' });
  });

  it('is a replay when all ids are there consecutively, even with later events after them', () => {
    const d = decideIdempotency('sak-1', [ev(2), ev(3)], [tail(4, 3n), tail(3, 2n), tail(2, 1n), tail(1, 0n)]);
    expect(d).toEqual({
      kind: 'replay',
      result: { nextExpectedRevision: 2n, position: { commit: 102n, prepare: 102n }, idempotentReplay: true },
    });
  });

  it('is a mismatch when only some ids are there', () => {
    const d = decideIdempotency('sak-1', [ev(2), ev(9)], [tail(2, 1n), tail(1, 0n)]);
    expect(d).toMatchObject({ kind: 'mismatch', eventId: ID(2) });
    expect((d as { detail: string }).detail).toMatch(/only 1 of 2/);
  });

  it('is a mismatch when the ids are in another order or not consecutive', () => {
    expect(decideIdempotency('sak-1', [ev(2), ev(1)], [tail(2, 1n), tail(1, 0n)])).toMatchObject({ kind: 'mismatch' });
    expect(decideIdempotency('sak-1', [ev(1), ev(3)], [tail(3, 2n), tail(2, 1n), tail(1, 0n)])).toMatchObject({ kind: 'mismatch', eventId: ID(3) });
  });

  it('is a mismatch when an id was recorded with another type', () => {
    expect(decideIdempotency('sak-1', [ev(1, 'VedtakFattet')], [tail(1, 0n, 'SakRegistrert')])).toMatchObject({
      kind: 'mismatch',
      detail: expect.stringMatching(/type 'SakRegistrert'/),
    });
  });
});

describe('append validation', () => {
  it('accepts ordinary event types', () => {
    expect(() => validateEsdbAppend('sak-1', [ev(1), ev(2, 'VedtakFattet')])).not.toThrow();
  });

  it('rejects EventStoreDB system event types', () => {
    expect(() => validateEsdbAppend('sak-1', [ev(1), ev(2, '$metadata')])).toThrow(InvalidAppendError);
  });
});

describe('connection strings', () => {
  it('parses a single insecure node', () => {
    expect(parseEsdbConnectionString('esdb://localhost:2113?tls=false')).toMatchObject({
      dnsDiscover: false,
      hosts: [{ address: 'localhost', port: 2113 }],
      tls: false,
      nodePreference: 'leader',
    });
  });

  it('parses a cluster with gossip seeds, credentials and options', () => {
    const p = parseEsdbConnectionString('esdb://admin:p%40ss@node1:2113,node2:2114,node3?nodePreference=leader&tlsCAFile=/certs/ca.crt&defaultDeadline=5000');
    expect(p.hosts).toEqual([
      { address: 'node1', port: 2113 },
      { address: 'node2', port: 2114 },
      { address: 'node3', port: 2113 },
    ]);
    expect(p.credentials).toEqual({ username: 'admin', password: 'p@ss' });
    expect(p).toMatchObject({ tls: true, tlsVerifyCert: true, tlsCAFile: '/certs/ca.crt', defaultDeadline: 5000 });
  });

  it('parses DNS discovery and option names in any case', () => {
    expect(parseEsdbConnectionString('esdb+discover://cluster.example.org:2113?TLSVerifyCert=false&node_preference=follower')).toMatchObject({
      dnsDiscover: true,
      hosts: [{ address: 'cluster.example.org', port: 2113 }],
      tlsVerifyCert: false,
      nodePreference: 'follower',
    });
  });

  it.each([
    ['', /empty/],
    ['localhost:2113', /must start with esdb:\/\//],
    ['http://localhost:2113', /Unsupported scheme 'http:\/\/'.*http:\/\/ or tcp:\/\//],
    ['esdb://', /No host/],
    ['esdb://localhost:abc', /not a host or host:port/],
    ['esdb://localhost:99999', /not a port number/],
    ['esdb://localhost:2113?tls=flase', /tls=flase .* must be true or false/],
    ['esdb://localhost:2113?tlsCaFiel=/x', /Unknown option 'tlsCaFiel'/],
    ['esdb://localhost:2113?tls', /key=value/],
    ['esdb://localhost:2113?nodePreference=boss', /nodePreference=boss/],
    ['esdb://localhost:2113?gossipTimeout=soon', /must be an integer/],
    ['esdb+discover://a:2113,b:2113', /one DNS name/],
    ['esdb://localhost:2113?tls=false&tlsCAFile=/ca.crt', /tls=false but also TLS files/],
    ['esdb://localhost:2113?userCertFile=/u.crt', /given together/],
    ['esdb://admin@localhost:2113', /username:password@/],
  ])('rejects %j with a clear message', (input, message) => {
    expect(() => parseEsdbConnectionString(input)).toThrow(EventStoreDbConfigError);
    expect(() => parseEsdbConnectionString(input)).toThrow(message);
  });

  it('never shows the password in messages', () => {
    expect(redactConnectionString('esdb://admin:hemmelig@node1:2113')).toBe('esdb://admin:***@node1:2113');
    expect(() => parseEsdbConnectionString('esdb://admin:hemmelig@node1:2113?bogus=1')).toThrow(/admin:\*\*\*@node1/);
    expect(() => parseEsdbConnectionString('esdb://admin:hemmelig@node1:2113?bogus=1')).not.toThrow(/hemmelig/);
  });

  it('validates the whole configuration', () => {
    expect(validateEventStoreDbConfig({ backend: 'eventstoredb', connectionString: 'esdb://localhost:2113?tls=false' }).parsed.tls).toBe(false);
    expect(() => validateEventStoreDbConfig({ backend: 'postgres', connectionString: 'esdb://x' })).toThrow(/backend: 'eventstoredb'/);
    expect(() => validateEventStoreDbConfig({ backend: 'eventstoredb' })).toThrow(/SAKSGANG_ESDB_URL/);
    expect(() => validateEventStoreDbConfig({ backend: 'eventstoredb', connectionString: 'esdb://x', idempotencyWindow: 0 })).toThrow(
      /idempotencyWindow/,
    );
    expect(() =>
      validateEventStoreDbConfig({ backend: 'eventstoredb', connectionString: 'esdb://x?tls=false', tlsCAFile: '/ca.crt' }),
    ).toThrow(/tls=false/);
  });
});
