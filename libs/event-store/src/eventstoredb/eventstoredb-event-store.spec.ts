/**
 * EventStoreDbEventStore without a server. Two kinds of tests:
 *
 * 1. Against `SimulatedEsdb`, an in-memory stand-in for the part of `EventStoreDBClient` the store
 *    uses, with EventStoreDB's semantics for expected revisions, inclusive `$all` read positions,
 *    system events in `$all`, and a subscription whose "caught up" notice can overtake buffered
 *    events. It deliberately does NOT deduplicate by event id (the real server does, within its
 *    cache), so the idempotency tests show the store's own guarantee. Real-server behaviour is
 *    checked by the contract suite (test/contract) when SAKSGANG_TEST_ESDB_URL or Docker is there.
 * 2. Against the real client pointed at a closed port: connection failures become StoreUnavailableError.
 */
import { afterAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createServer } from 'node:net';
import { PassThrough } from 'node:stream';
import {
  EventStoreDBClient,
  StreamNotFoundError as EsdbStreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError as EsdbWrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type Filter,
  type Position as EsdbPosition,
  type ReadPosition,
  type ReadRevision,
} from '@eventstore/db-client';
import { IdempotencyMismatchError, InvalidAppendError, StoreUnavailableError, StreamNotFoundError, WrongExpectedVersionError } from '../errors.js';
import { START, type EventToAppend, type Position, type RecordedEvent } from '../event-store.port.js';
import { EventStoreDbEventStore, openEventStoreDb } from './eventstoredb-event-store.js';
import { EventStoreDbConfigError } from './eventstoredb-mapping.js';

interface Stored {
  streamId: string;
  id: string;
  type: string;
  revision: bigint;
  data: unknown;
  metadata: unknown;
  position: EsdbPosition;
  created: Date;
}

const cmp = (a: EsdbPosition, b: EsdbPosition) => (a.commit !== b.commit ? (a.commit < b.commit ? -1 : 1) : a.prepare < b.prepare ? -1 : a.prepare > b.prepare ? 1 : 0);

class SimulatedEsdb {
  readonly log: Stored[] = [];
  private readonly subs = new Set<{ stream: PassThrough & { unsubscribe(): Promise<void> }; filter: (s: Stored) => boolean; after: EsdbPosition | 'start' }>();
  /** Runs after the store's scan, just before the server handles an append (to inject concurrent writers). */
  beforeAppend: (() => void) | undefined;
  appendCalls = 0;

  constructor() {
    // EventStoreDB's own events at the start of $all and in metadata streams.
    this.write('$settings', [{ id: crypto.randomUUID(), type: '$settings', data: {}, metadata: undefined }]);
  }

  private streamEvents(name: string): Stored[] {
    return this.log.filter((e) => e.streamId === name);
  }

  write(streamName: string, events: { id: string; type: string; data: unknown; metadata: unknown }[]): Stored[] {
    let rev = BigInt(this.streamEvents(streamName).length);
    const out = events.map((e) => {
      const pos = BigInt((this.log.length + 1) * 100);
      const s: Stored = { streamId: streamName, id: e.id, type: e.type, revision: rev++, data: e.data, metadata: e.metadata, position: { commit: pos, prepare: pos }, created: new Date() };
      this.log.push(s);
      return s;
    });
    for (const sub of this.subs) for (const s of out) if (sub.filter(s)) sub.stream.write(resolved(s));
    return out;
  }

  async appendToStream(streamName: string, events: { id: string; type: string; data: unknown; metadata: unknown }[], options: { expectedRevision: AppendExpectedRevision }) {
    this.appendCalls++;
    const hook = this.beforeAppend;
    this.beforeAppend = undefined;
    hook?.();
    const existing = this.streamEvents(streamName);
    const current = existing.length === 0 ? 'no_stream' : BigInt(existing.length - 1);
    const exp = options.expectedRevision;
    const ok = exp === 'any' || (exp === 'no_stream' ? current === 'no_stream' : exp === 'stream_exists' ? current !== 'no_stream' : current === exp);
    if (!ok) throw new EsdbWrongExpectedVersionError(undefined, { streamName, expected: exp, current });
    const written = this.write(streamName, events);
    const last = written[written.length - 1]!;
    return { success: true, nextExpectedRevision: last.revision, position: last.position };
  }

  readStream(streamName: string, o: { direction?: 'forwards' | 'backwards'; fromRevision?: ReadRevision; maxCount?: number | bigint } = {}) {
    const events = this.streamEvents(streamName);
    const dir = o.direction ?? 'forwards';
    const from = o.fromRevision ?? (dir === 'forwards' ? 'start' : 'end');
    const max = Number(o.maxCount ?? Number.MAX_SAFE_INTEGER);
    return (async function* () {
      if (events.length === 0) throw new EsdbStreamNotFoundError(undefined, streamName);
      let sel = dir === 'forwards' ? events : [...events].reverse();
      if (from !== 'start' && from !== 'end') sel = sel.filter((e) => (dir === 'forwards' ? e.revision >= from : e.revision <= from));
      if (dir === 'forwards' && from === 'end') sel = [];
      for (const e of sel.slice(0, max)) yield resolved(e);
    })();
  }

  readAllCalls = 0;
  readAll(o: { direction?: 'forwards' | 'backwards'; fromPosition?: ReadPosition; maxCount?: number | bigint } = {}) {
    this.readAllCalls++;
    const dir = o.direction ?? 'forwards';
    const from = o.fromPosition ?? (dir === 'forwards' ? 'start' : 'end');
    const max = Number(o.maxCount ?? Number.MAX_SAFE_INTEGER);
    let sel = dir === 'forwards' ? [...this.log] : [...this.log].reverse();
    // Inclusive in both directions: the store must skip the boundary itself.
    if (from === 'end') sel = dir === 'forwards' ? [] : sel;
    else if (from !== 'start') sel = sel.filter((e) => (dir === 'forwards' ? cmp(e.position, from) >= 0 : cmp(e.position, from) <= 0));
    else if (dir === 'backwards') sel = [];
    const page = sel.slice(0, max);
    return (async function* () {
      for (const e of page) yield resolved(e);
    })();
  }

  subscribeToAll(o: { fromPosition?: ReadPosition; filter?: Filter }) {
    const stream = Object.assign(new PassThrough({ objectMode: true }), {
      unsubscribe: async () => {
        this.subs.delete(entry);
        stream.end();
      },
    });
    const f = o.filter;
    const serverFilter = (s: Stored) => {
      if (!f) return true;
      const value = f.filterOn === 'streamName' ? s.streamId : s.type;
      return 'prefixes' in f ? f.prefixes.some((p) => value.startsWith(p)) : new RegExp(f.regex).test(value);
    };
    const after: EsdbPosition | 'start' = o.fromPosition === undefined || o.fromPosition === 'start' || o.fromPosition === 'end' ? 'start' : o.fromPosition;
    const entry = { stream, filter: serverFilter, after };
    // History is written (and buffered) first, then "caught up" is emitted at once: it overtakes
    // the buffered events, as it can with the real client.
    queueMicrotask(() => {
      stream.pause(); // the history sits in the stream's buffer when "caught up" arrives
      for (const e of this.log) if ((after === 'start' || cmp(e.position, after) > 0) && serverFilter(e)) stream.write(resolved(e));
      this.subs.add(entry);
      stream.emit('caughtUp');
      stream.resume();
    });
    return stream;
  }

  failSubscriptions(err: Error): void {
    for (const s of this.subs) s.stream.emit('error', err);
  }

  async dispose() {}
}

function resolved(s: Stored): AllStreamResolvedEvent {
  return {
    event: {
      streamId: s.streamId,
      id: s.id,
      isJson: true,
      revision: s.revision,
      type: s.type,
      created: s.created,
      data: s.data as Record<string, unknown>,
      metadata: s.metadata as Record<string, unknown>,
      position: s.position,
    },
  } as AllStreamResolvedEvent;
}

const ev = (type = 'SakRegistrert', data: Record<string, string | number> = {}): EventToAppend => ({ id: crypto.randomUUID(), type, data, metadata: { actor: 'sekretariat' } });

let sim: SimulatedEsdb;
let store: EventStoreDbEventStore;
const open = (window?: number) =>
  new EventStoreDbEventStore(sim as unknown as EventStoreDBClient, window === undefined ? {} : { idempotencyWindow: window });

beforeEach(() => {
  sim = new SimulatedEsdb();
  store = open();
});

describe('appendToStream on a simulated EventStoreDB', () => {
  it('appends to a new stream and reads it back both ways', async () => {
    const a = ev('SakRegistrert', { tittel: 'Sak 3/17' });
    const b = ev('UtredningBestilt');
    const r = await store.appendToStream('sak-1', [a, b], { expectedRevision: 'no_stream' });
    expect(r).toMatchObject({ nextExpectedRevision: 1n, idempotentReplay: false });
    const fwd = await store.readStream('sak-1');
    expect(fwd.map((e) => [e.id, e.revision, e.type])).toEqual([
      [a.id, 0n, 'SakRegistrert'],
      [b.id, 1n, 'UtredningBestilt'],
    ]);
    expect(fwd[0]!.data).toEqual({ tittel: 'Sak 3/17' });
    expect(fwd[1]!.position).toEqual(r.position);
    const back = await store.readStream('sak-1', { direction: 'backwards', maxCount: 1 });
    expect(back.map((e) => e.id)).toEqual([b.id]);
    expect((await store.readStream('sak-1', { fromRevision: 1n })).map((e) => e.id)).toEqual([b.id]);
  });

  it('throws StreamNotFoundError for a missing stream, also with maxCount 0', async () => {
    await expect(store.readStream('sak-none')).rejects.toBeInstanceOf(StreamNotFoundError);
    await expect(store.readStream('sak-none', { maxCount: 0 })).rejects.toBeInstanceOf(StreamNotFoundError);
  });

  it('maps expected-revision conflicts with the actual revision', async () => {
    await store.appendToStream('sak-2', [ev(), ev()], { expectedRevision: 'no_stream' });
    await expect(store.appendToStream('sak-2', [ev()], { expectedRevision: 0n })).rejects.toMatchObject({
      constructor: WrongExpectedVersionError,
      expectedRevision: 0n,
      actualRevision: 1n,
    });
    await expect(store.appendToStream('sak-2', [ev()], { expectedRevision: 'no_stream' })).rejects.toMatchObject({ actualRevision: 1n });
    await expect(store.appendToStream('sak-3', [ev()], { expectedRevision: 'stream_exists' })).rejects.toMatchObject({
      constructor: WrongExpectedVersionError,
      actualRevision: 'no_stream',
    });
    await expect(store.appendToStream('sak-2', [ev()], { expectedRevision: 1n })).resolves.toMatchObject({ nextExpectedRevision: 2n });
    await expect(store.appendToStream('sak-2', [ev()], { expectedRevision: 'any' })).resolves.toMatchObject({ nextExpectedRevision: 3n });
    await expect(store.appendToStream('sak-2', [ev()], { expectedRevision: 'stream_exists' })).resolves.toMatchObject({ nextExpectedRevision: 4n });
  });

  it('replays a retried append long after the server would have forgotten it', async () => {
    const batch = [ev(), ev('UtredningBestilt')];
    const first = await store.appendToStream('sak-4', batch, { expectedRevision: 'no_stream' });
    await store.appendToStream('sak-4', [ev('OppdragDelegert')], { expectedRevision: 1n });
    const retry = await store.appendToStream('sak-4', batch, { expectedRevision: 'no_stream' });
    expect(retry).toEqual({ ...first, idempotentReplay: true });
    const retryAny = await store.appendToStream('sak-4', batch, { expectedRevision: 'any' });
    expect(retryAny).toEqual({ ...first, idempotentReplay: true });
    expect(await store.readStream('sak-4')).toHaveLength(3);
  });

  it('refuses a partial replay and writes nothing', async () => {
    const a = ev();
    await store.appendToStream('sak-5', [a], { expectedRevision: 'no_stream' });
    await expect(store.appendToStream('sak-5', [a, ev()], { expectedRevision: 'any' })).rejects.toBeInstanceOf(IdempotencyMismatchError);
    expect(await store.readStream('sak-5')).toHaveLength(1);
  });

  it('rejects invalid appends before talking to the server', async () => {
    await expect(store.appendToStream('sak-6', [], { expectedRevision: 'any' })).rejects.toBeInstanceOf(InvalidAppendError);
    await expect(store.appendToStream('$sak-6', [ev()], { expectedRevision: 'any' })).rejects.toBeInstanceOf(InvalidAppendError);
    await expect(store.appendToStream('sak', [ev()], { expectedRevision: 'any' })).rejects.toBeInstanceOf(InvalidAppendError);
    await expect(store.appendToStream('sak-6', [ev('$metadata')], { expectedRevision: 'any' })).rejects.toBeInstanceOf(InvalidAppendError);
    await expect(store.appendToStream('sak-6', [ev()], { expectedRevision: -1n })).rejects.toBeInstanceOf(InvalidAppendError);
    expect(sim.appendCalls).toBe(0);
  });

  it('with any: retries when another writer moves the stream between scan and append', async () => {
    await store.appendToStream('sak-7', [ev()], { expectedRevision: 'no_stream' });
    sim.beforeAppend = () => sim.write('sak-7', [ev('Annen')]);
    const mine = ev('Min');
    const r = await store.appendToStream('sak-7', [mine], { expectedRevision: 'any' });
    expect(r).toMatchObject({ nextExpectedRevision: 2n, idempotentReplay: false });
    expect(sim.appendCalls).toBe(3);
    expect((await store.readStream('sak-7')).map((e) => e.type)).toEqual(['SakRegistrert', 'Annen', 'Min']);
  });

  it('with an exact revision: a concurrent other writer gives WrongExpectedVersionError', async () => {
    await store.appendToStream('sak-8', [ev()], { expectedRevision: 'no_stream' });
    sim.beforeAppend = () => sim.write('sak-8', [ev('Annen')]);
    await expect(store.appendToStream('sak-8', [ev()], { expectedRevision: 0n })).rejects.toMatchObject({
      constructor: WrongExpectedVersionError,
      actualRevision: 1n,
    });
  });

  it('a concurrent identical retry that lands first makes this append a replay, recorded once', async () => {
    const batch = [ev(), ev('UtredningBestilt')];
    for (const expectedRevision of ['no_stream', 'any'] as const) {
      const stream = `sak-9${expectedRevision}`;
      sim.beforeAppend = () => sim.write(stream, batch);
      const r = await store.appendToStream(stream, batch, { expectedRevision });
      expect(r).toMatchObject({ nextExpectedRevision: 1n, idempotentReplay: true });
      expect(await store.readStream(stream)).toHaveLength(2);
    }
  });

  it('scans only the configured window (documented limit)', async () => {
    const small = open(2);
    const old = ev('Gammel');
    await small.appendToStream('sak-10', [old], { expectedRevision: 'no_stream' });
    await small.appendToStream('sak-10', [ev(), ev()], { expectedRevision: 0n });
    // Within a window of 3 it is recognised; beyond a window of 2 it is not.
    await expect(open(3).appendToStream('sak-10', [old], { expectedRevision: 'any' })).resolves.toMatchObject({ idempotentReplay: true });
    await expect(small.appendToStream('sak-10', [old], { expectedRevision: 'any' })).resolves.toMatchObject({ idempotentReplay: false });
    expect(() => open(0)).toThrow(RangeError);
  });
});

describe('the global log on a simulated EventStoreDB', () => {
  async function fill(): Promise<void> {
    await store.appendToStream('sak-1', [ev('SakRegistrert'), ev('UtredningBestilt')], { expectedRevision: 'no_stream' });
    sim.write('$$sak-1', [{ id: crypto.randomUUID(), type: '$metadata', data: {}, metadata: undefined }]);
    await store.appendToStream('organ-psu', [ev('OrganEtablert')], { expectedRevision: 'no_stream' });
    await store.appendToStream('sak-2', [ev('SakRegistrert')], { expectedRevision: 'no_stream' });
  }

  it('reads in order without system events, strictly after the position, with filters', async () => {
    await fill();
    const all = await store.readAll();
    expect(all.map((e) => [e.streamName, e.type])).toEqual([
      ['sak-1', 'SakRegistrert'],
      ['sak-1', 'UtredningBestilt'],
      ['organ-psu', 'OrganEtablert'],
      ['sak-2', 'SakRegistrert'],
    ]);
    const after = await store.readAll({ fromPosition: all[1]!.position });
    expect(after.map((e) => e.id)).toEqual([all[2]!.id, all[3]!.id]);
    expect((await store.readAll({ filter: { streamNamePrefixes: ['sak-'] } })).map((e) => e.streamName)).toEqual(['sak-1', 'sak-1', 'sak-2']);
    expect((await store.readAll({ filter: { eventTypes: ['SakRegistrert'] }, maxCount: 1 })).map((e) => e.streamName)).toEqual(['sak-1']);
    const back = await store.readAll({ direction: 'backwards', fromPosition: all[3]!.position, maxCount: 2 });
    expect(back.map((e) => e.id)).toEqual([all[2]!.id, all[1]!.id]);
    expect(await store.readAll({ direction: 'backwards', fromPosition: START })).toEqual([]);
    expect(await store.headPosition()).toEqual(all[3]!.position);
  });

  it('gives START as head of an empty log', async () => {
    expect(await store.headPosition()).toEqual(START);
  });

  it('pages through more events than one page, skipping each page boundary once', async () => {
    for (let i = 0; i < 12; i++) {
      await store.appendToStream(`sak-p${i}`, Array.from({ length: 100 }, () => ev()), { expectedRevision: 'no_stream' });
      sim.write(`$$sak-p${i}`, [{ id: crypto.randomUUID(), type: '$metadata', data: {}, metadata: undefined }]);
    }
    const all = await store.readAll({ filter: { streamNamePrefixes: ['sak-p1'] } }); // sak-p1, sak-p10, sak-p11
    expect(all).toHaveLength(300);
    expect(new Set(all.map((e) => e.id)).size).toBe(300);
    expect(sim.readAllCalls).toBeGreaterThan(2);
    const limited = await store.readAll({ maxCount: 1100 });
    expect(limited).toHaveLength(1100);
    for (let i = 1; i < limited.length; i++) expect(limited[i]!.position.commit > limited[i - 1]!.position.commit).toBe(true);
  });
});

describe('subscribeToAll on a simulated EventStoreDB', () => {
  it('delivers history then live events, reports caught-up after the history, and unsubscribes', async () => {
    const first = await store.appendToStream('sak-1', [ev('SakRegistrert')], { expectedRevision: 'no_stream' });
    await store.appendToStream('organ-psu', [ev('OrganEtablert')], { expectedRevision: 'no_stream' });
    await store.appendToStream('sak-1', [ev('UtredningBestilt')], { expectedRevision: 0n });
    const seen: string[] = [];
    const caughtUp: Position[] = [];
    const sub = store.subscribeToAll({
      filter: { streamNamePrefixes: ['sak-'] },
      onCaughtUp: (p) => {
        caughtUp.push(p);
        seen.push('caught-up');
      },
    });
    const done = (async () => {
      for await (const e of sub) {
        seen.push(e.type);
        if (e.type === 'SakRegistrert' && seen.length === 1) {
          // a live append while the history is being consumed
          await store.appendToStream('sak-2', [ev('LiveSak')], { expectedRevision: 'no_stream' });
        }
        if (e.type === 'Vedtatt') break;
      }
    })();
    await new Promise((r) => setTimeout(r, 20));
    await store.appendToStream('sak-1', [ev('Vedtatt')], { expectedRevision: 1n });
    await done;
    expect(seen).toEqual(['SakRegistrert', 'UtredningBestilt', 'caught-up', 'LiveSak', 'Vedtatt']);
    expect(caughtUp).toHaveLength(1);
    const hist = await store.readStream('sak-1');
    expect(caughtUp[0]).toEqual(hist[1]!.position);
    expect(first.position).toEqual(hist[0]!.position);
  });

  it('resumes strictly after a checkpoint and reports the checkpoint when there is nothing new', async () => {
    const r = await store.appendToStream('sak-1', [ev(), ev()], { expectedRevision: 'no_stream' });
    const caughtUp: Position[] = [];
    const sub = store.subscribeToAll({ fromPosition: r.position, onCaughtUp: (p) => caughtUp.push(p) });
    await new Promise((res) => setTimeout(res, 10));
    expect(caughtUp).toEqual([]); // reported only while the consumer iterates
    const it = sub[Symbol.asyncIterator]();
    const next = it.next();
    await new Promise((res) => setTimeout(res, 10));
    expect(caughtUp).toEqual([r.position]);
    const live = await store.appendToStream('sak-1', [ev('Live')], { expectedRevision: 1n });
    expect(await next).toMatchObject({ done: false, value: { type: 'Live', position: live.position } });
    await sub.unsubscribe();
    expect(await it.next()).toEqual({ done: true, value: undefined });
  });

  it('ends the iteration with the store failure after the events received before it', async () => {
    await store.appendToStream('sak-1', [ev('A')], { expectedRevision: 'no_stream' });
    const sub = store.subscribeToAll();
    const got: string[] = [];
    const run = (async () => {
      for await (const e of sub) got.push(e.type);
    })();
    await new Promise((r) => setTimeout(r, 10));
    sim.failSubscriptions(new UnavailableError());
    await expect(run).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(got).toEqual(['A']);
  });

  it('treats the server ending the subscription on its own as a failure', async () => {
    const sub = store.subscribeToAll();
    const run = (async () => {
      for await (const _ of sub) void _;
    })();
    await new Promise((r) => setTimeout(r, 10));
    const inner = (sub as unknown as { inner: PassThrough }).inner;
    inner.end();
    await expect(run).rejects.toThrow(/ended the subscription/);
  });

  it('close() ends open subscriptions quietly', async () => {
    const sub = store.subscribeToAll();
    const got: RecordedEvent[] = [];
    const run = (async () => {
      for await (const e of sub) got.push(e);
    })();
    await new Promise((r) => setTimeout(r, 10));
    await store.close();
    await expect(run).resolves.toBeUndefined();
    await expect(store.readAll()).rejects.toBeInstanceOf(StoreUnavailableError);
  });
});

describe('against an unreachable EventStoreDB (real client)', () => {
  let closedPort: number;
  let real: EventStoreDbEventStore;

  beforeEach(async () => {
    closedPort = await new Promise<number>((resolve) => {
      const srv = createServer();
      srv.listen(0, '127.0.0.1', () => {
        const port = (srv.address() as { port: number }).port;
        srv.close(() => resolve(port));
      });
    });
    real = await openEventStoreDb({ backend: 'eventstoredb', connectionString: `esdb://127.0.0.1:${closedPort}?tls=false&defaultDeadline=2000` });
  });

  afterAll(async () => {
    await real?.close();
  });

  it('maps connection failures of every operation to StoreUnavailableError', async () => {
    await expect(real.appendToStream('sak-1', [ev()], { expectedRevision: 'any' })).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(real.readStream('sak-1')).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(real.readAll({ maxCount: 1 })).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(real.headPosition()).rejects.toBeInstanceOf(StoreUnavailableError);
    const health = await real.health();
    expect(health).toMatchObject({ ok: false, backend: 'eventstoredb' });
    expect(health.detail).toMatch(/unavailable/i);
    const sub = real.subscribeToAll({ filter: { streamNamePrefixes: ['sak-'] } });
    await expect(
      (async () => {
        for await (const _ of sub) void _;
      })(),
    ).rejects.toBeInstanceOf(StoreUnavailableError);
    await real.close();
  });

  it('gossip discovery that finds no node is StoreUnavailableError too', async () => {
    const cluster = await openEventStoreDb({
      backend: 'eventstoredb',
      connectionString: `esdb://127.0.0.1:${closedPort},127.0.0.1:${closedPort}?tls=false&maxDiscoverAttempts=2&discoveryInterval=10&gossipTimeout=1`,
    });
    await expect(cluster.readAll({ maxCount: 1 })).rejects.toThrow(/unavailable.*Failed to discover/i);
    await cluster.close();
  });
});

describe('openEventStoreDb', () => {
  it('rejects bad configuration with clear errors', async () => {
    await expect(openEventStoreDb({ backend: 'eventstoredb', connectionString: 'http://localhost:2113' })).rejects.toBeInstanceOf(EventStoreDbConfigError);
    await expect(openEventStoreDb({ backend: 'eventstoredb', connectionString: 'esdb://localhost:2113', tlsCAFile: '/nonexistent/ca.crt' })).rejects.toThrow(
      /Cannot read the CA certificate \(tlsCAFile\) '\/nonexistent\/ca.crt'/,
    );
  });

  it('opens single-node, cluster and DNS-discovery clients lazily (no connection yet)', async () => {
    for (const connectionString of ['esdb://localhost:2113?tls=false', 'esdb://a:2113,b:2113,c:2113?tlsVerifyCert=false', 'esdb+discover://cluster.example.org:2113']) {
      const s = await openEventStoreDb({ backend: 'eventstoredb', connectionString });
      expect(s.backend).toBe('eventstoredb');
      await s.close();
    }
  });
});

describe('close', () => {
  it('closes what it was opened with (the read-model connection), once', async () => {
    let closed = 0;
    const s = await openEventStoreDb({ backend: 'eventstoredb', connectionString: 'esdb://localhost:2113?tls=false' }, {
      closeWith: [{ close: async () => void closed++ }],
    });
    await s.close();
    await s.close();
    expect(closed).toBe(1);
    expect(await s.health()).toMatchObject({ ok: false, detail: 'closed' });
  });
});
