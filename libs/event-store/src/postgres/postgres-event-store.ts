/**
 * PostgresEventStore: the event store on PostgreSQL, over either driver (pg → a server, PGlite →
 * in-process). Design notes:
 *
 * GLOBAL ORDER WITHOUT GAPS — WHY `xmin`
 * A bigserial position is handed out when a row is inserted, not when its transaction commits. With
 * concurrent writers, position 11 can commit before position 10. A reader that reads "after 9" at
 * that moment sees 11, moves its checkpoint to 11, and never sees 10 — the event is lost for that
 * subscriber. Marten and SqlStreamStore waited for gaps and skipped them after a timeout, which
 * loses events of a slow transaction. We do what Emmett does instead:
 *  - every event row records its transaction's id (`transaction_id xid8`, `pg_current_xact_id()`);
 *  - the global log shows only rows with `transaction_id < pg_snapshot_xmin(pg_current_snapshot())`.
 *    xmin is the oldest transaction still running; every transaction below it has ended (committed
 *    or rolled back), and every transaction that starts later gets a larger id. So the set of
 *    visible rows only ever grows AT THE END: nothing can appear before a row a reader has seen;
 *  - the log is ordered by `(transaction_id, global_position)`, and a Position is exactly that pair
 *    (`commit` = transaction id, `prepare` = global position); "after p" is the row comparison
 *    `(transaction_id, global_position) > (p.commit, p.prepare)`.
 * One more condition makes this order agree with each stream's revision order: a writer must get
 * its transaction id only AFTER it has the stream. A row lock does not give that (UPDATE assigns the
 * id, then waits; a waiter with an old id can be overtaken by writers with newer ids — we saw a
 * stream's revision 6 delivered before its revision 0 under 8 concurrent writers). So `es_append`
 * first takes a transaction-scoped advisory lock on the stream (needs no id), and refuses to run in a
 * transaction that already has an id.
 * The price: while any transaction that took an id is open, later events wait in the global log
 * until it ends (stream reads are not affected: they show committed events at once). Keep write
 * transactions short — the store's own appends are single statements — and beware of long
 * transactions that write elsewhere in the same cluster. The xmin and the rows are read in the same
 * statement, i.e. the same snapshot, so no transaction can end between taking xmin and reading.
 *
 * APPENDS IN ONE ROUND TRIP
 * `es_append` (see schema.ts) locks the stream (serialising its writers), checks idempotency,
 * checks the expected state and inserts the events, as ONE autocommit statement. A conflict writes nothing and returns the actual revision.
 *
 * DURABLE IDEMPOTENCY
 * Commands are retried (timeouts, a client that did not get the answer, a restarted process). The
 * event ids make a retry safe, and the check reads the events table itself, so it survives
 * restarts and works across processes — unlike an in-memory cache of recent ids. As in
 * EventStoreDB, an append whose ids are all recorded consecutively in that stream (same order, same
 * types) returns the original result with `idempotentReplay: true`, whatever its expected revision
 * says (a retry's expected revision is stale by definition); an append that only partly overlaps,
 * or overlaps another stream, is an error (IdempotencyMismatchError), never a silent partial write.
 * Two identical appends racing on one stream: the second waits for the stream lock and its check
 * (a new statement, so a new snapshot) sees the first one's events. Racing on different streams, the
 * loser hits the unique event id (23505) and is retried, and the retry reports the mismatch.
 */
import {
  IdempotencyMismatchError,
  InvalidAppendError,
  StreamNotFoundError,
  StoreUnavailableError,
  WrongExpectedVersionError,
} from '../errors.js';
import {
  START,
  type AllSubscription,
  type AppendResult,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type JsonObject,
  type Position,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type StoreHealth,
  type StreamFilter,
  type SubscribeToAllOptions,
} from '../event-store.port.js';
import type { SqlClient } from '../sql/sql-client.js';
import { isUuid, validateAppend, validateStreamName } from '../validation.js';
import { migrate } from './schema.js';
import { AppendSignal, PollingAllSubscription, type SubscriptionPage } from './subscription.js';

export interface PostgresEventStoreOptions {
  /** How often subscriptions look for other processes' appends (default 100 ms). */
  readonly pollIntervalMs?: number;
  /** Events per read of a catching-up subscription (default 500). */
  readonly subscriptionBatchSize?: number;
  /** Timeout of `health()` (default 2000 ms). */
  readonly healthTimeoutMs?: number;
  /** Whether `close()` closes the SqlClient too (default true). */
  readonly ownsClient?: boolean;
}

interface EventRow extends Record<string, unknown> {
  global_position: string;
  transaction_id: string;
  stream_name: string;
  stream_revision: string;
  event_id: string;
  event_type: string;
  data: JsonObject | string;
  metadata: JsonObject | string;
  recorded_at: Date | string;
}

interface AppendRow extends Record<string, unknown> {
  o_result: 'ok' | 'replay' | 'wrong_expected_version' | 'mismatch';
  o_revision: string | null;
  o_commit: string | null;
  o_prepare: string | null;
  o_event_id: string | null;
  o_detail: string | null;
}

const EVENT_COLUMNS = `e.global_position::text as global_position, e.transaction_id::text as transaction_id,
  e.stream_name, e.stream_revision::text as stream_revision, e.event_id::text as event_id, e.event_type,
  e.data, e.metadata, e.recorded_at`;

/** Rows of transactions that can no longer be overtaken (see the design note). */
const VISIBLE = `e.transaction_id < (select pg_snapshot_xmin(pg_current_snapshot()))`;

const UNIQUE_VIOLATION = '23505';
const APPEND_ATTEMPTS = 4;

export class PostgresEventStore implements EventStore {
  readonly backend: string;
  private readonly signal = new AppendSignal();
  private readonly subscriptions = new Set<PollingAllSubscription>();
  private readonly pollIntervalMs: number;
  private readonly batchSize: number;
  private readonly healthTimeoutMs: number;
  private readonly ownsClient: boolean;
  private closed = false;

  private constructor(
    private readonly sql: SqlClient,
    options: PostgresEventStoreOptions,
  ) {
    this.backend = sql.driver === 'pglite' ? 'pglite' : 'postgres';
    this.pollIntervalMs = options.pollIntervalMs ?? 100;
    this.batchSize = options.subscriptionBatchSize ?? 500;
    this.healthTimeoutMs = options.healthTimeoutMs ?? 2000;
    this.ownsClient = options.ownsClient ?? true;
  }

  /** Creates or migrates the schema, then returns the store. */
  static async open(sql: SqlClient, options: PostgresEventStoreOptions = {}): Promise<PostgresEventStore> {
    await migrate(sql);
    return new PostgresEventStore(sql, options);
  }

  async appendToStream(
    streamName: string,
    events: readonly EventToAppend[],
    options: { readonly expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    this.checkOpen();
    const expected = options.expectedRevision;
    validateAppend(streamName, events, expected);
    const kind = typeof expected === 'bigint' ? 'revision' : expected;
    const revision = typeof expected === 'bigint' ? expected.toString() : null;
    const payload = JSON.stringify(
      events.map((e) => ({ id: e.id.toLowerCase(), type: e.type, data: e.data, metadata: e.metadata })),
    );

    let row: AppendRow | undefined;
    for (let attempt = 1; ; attempt++) {
      try {
        const { rows } = await this.sql.query<AppendRow>(
          `select o_result, o_revision::text as o_revision, o_commit::text as o_commit, o_prepare::text as o_prepare,
                  o_event_id, o_detail
             from es_append($1, $2, $3::bigint, $4::jsonb)`,
          [streamName, kind, revision, payload],
        );
        row = rows[0];
        break;
      } catch (error) {
        // A concurrent append recorded one of these ids first; the retry's check sees it committed.
        if (sqlState(error) === UNIQUE_VIOLATION && attempt < APPEND_ATTEMPTS) continue;
        if (sqlState(error) === '22P05' || sqlState(error) === '22P02') {
          // e.g. a \u0000 in a string: jsonb cannot store it.
          throw new InvalidAppendError(
            `The events for '${streamName}' cannot be stored: ${(error as Error).message}`,
          );
        }
        throw error;
      }
    }
    if (!row) throw new Error('es_append returned no row');

    switch (row.o_result) {
      case 'ok':
      case 'replay': {
        const result: AppendResult = {
          nextExpectedRevision: BigInt(row.o_revision!),
          position: { commit: BigInt(row.o_commit!), prepare: BigInt(row.o_prepare!) },
          idempotentReplay: row.o_result === 'replay',
        };
        if (row.o_result === 'ok') this.signal.notify();
        return result;
      }
      case 'wrong_expected_version':
        throw new WrongExpectedVersionError(
          streamName,
          expected,
          row.o_revision === null ? 'no_stream' : BigInt(row.o_revision),
        );
      case 'mismatch':
        throw new IdempotencyMismatchError(streamName, row.o_event_id ?? '?', row.o_detail ?? 'recorded differently');
      default: {
        const unknown: never = row.o_result;
        throw new Error(`es_append returned an unknown result: ${String(unknown)}`);
      }
    }
  }

  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.checkOpen();
    validateStreamName(streamName);
    const direction = options.direction ?? 'forwards';
    const from = options.fromRevision ?? (direction === 'forwards' ? 'start' : 'end');
    const limit = limitParam(options.maxCount);
    let rows: EventRow[] = [];
    if (limit !== '0') {
      const params: unknown[] = [streamName, limit];
      let condition = '';
      if (direction === 'forwards') {
        if (from === 'end') condition = 'and false';
        else if (from !== 'start') {
          params.push(from.toString());
          condition = 'and e.stream_revision >= $3::bigint';
        }
      } else if (from === 'start') {
        condition = 'and e.stream_revision <= 0';
      } else if (from !== 'end') {
        params.push(from.toString());
        condition = 'and e.stream_revision <= $3::bigint';
      }
      const order = direction === 'forwards' ? 'asc' : 'desc';
      ({ rows } = await this.sql.query<EventRow>(
        `select ${EVENT_COLUMNS} from es_events e
          where e.stream_name = $1 ${condition}
          order by e.stream_revision ${order}
          limit $2::bigint`,
        params,
      ));
    }
    if (rows.length === 0) {
      const exists = await this.sql.query('select 1 from es_streams where stream_name = $1', [streamName]);
      if (exists.rows.length === 0) throw new StreamNotFoundError(streamName);
    }
    return rows.map(toRecordedEvent);
  }

  /**
   * Reads several whole streams in one round trip (forwards). Streams without events are absent from
   * the result. The command path uses it to load the bodies a command refers to.
   */
  async readStreams(streamNames: readonly string[]): Promise<Map<string, RecordedEvent[]>> {
    this.checkOpen();
    const names = [...new Set(streamNames)];
    for (const n of names) validateStreamName(n);
    const result = new Map<string, RecordedEvent[]>();
    if (names.length === 0) return result;
    const { rows } = await this.sql.query<EventRow>(
      `select ${EVENT_COLUMNS} from es_events e
        where e.stream_name = any($1::text[])
        order by e.stream_name, e.stream_revision asc`,
      [names],
    );
    for (const row of rows) {
      const event = toRecordedEvent(row);
      const list = result.get(event.streamName);
      if (list) list.push(event);
      else result.set(event.streamName, [event]);
    }
    return result;
  }

  /** The stream each of these event ids is recorded in (ids are unique across streams here), in one query. */
  async streamsOfEvents(eventIds: readonly string[]): Promise<Map<string, string>> {
    this.checkOpen();
    const ids = [...new Set(eventIds.map((id) => String(id).toLowerCase()))].filter(isUuid);
    const result = new Map<string, string>();
    if (ids.length === 0) return result;
    const { rows } = await this.sql.query<{ event_id: string; stream_name: string }>(
      `select e.event_id::text as event_id, e.stream_name from es_events e where e.event_id = any($1::uuid[])`,
      [ids],
    );
    for (const row of rows) result.set(row.event_id, row.stream_name);
    return result;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.checkOpen();
    const direction = options.direction ?? 'forwards';
    const limit = limitParam(options.maxCount);
    if (limit === '0') return [];
    const params: unknown[] = [limit];
    const conditions = [VISIBLE];
    if (direction === 'forwards') {
      const from = options.fromPosition ?? START;
      conditions.push(afterCondition(params, from));
    } else if (options.fromPosition !== undefined) {
      params.push(xidParam(options.fromPosition.commit), options.fromPosition.prepare.toString());
      conditions.push(`(e.transaction_id, e.global_position) < ($${params.length - 1}::text::xid8, $${params.length}::bigint)`);
    }
    conditions.push(...filterConditions(params, options.filter, 'e'));
    const order = direction === 'forwards' ? 'asc' : 'desc';
    const { rows } = await this.sql.query<EventRow>(
      `select ${EVENT_COLUMNS} from es_events e
        where ${conditions.join(' and ')}
        order by e.transaction_id ${order}, e.global_position ${order}
        limit $1::bigint`,
      params,
    );
    return rows.map(toRecordedEvent);
  }

  async headPosition(): Promise<Position> {
    this.checkOpen();
    const { rows } = await this.sql.query<{ transaction_id: string; global_position: string }>(
      `select e.transaction_id::text as transaction_id, e.global_position::text as global_position
         from es_events e where ${VISIBLE}
        order by e.transaction_id desc, e.global_position desc limit 1`,
    );
    const row = rows[0];
    return row ? { commit: BigInt(row.transaction_id), prepare: BigInt(row.global_position) } : START;
  }

  /** Counts the events of the global log after `from` up to and including `to`, in one query. */
  async countEvents(from: Position, to: Position): Promise<number> {
    this.checkOpen();
    const { rows } = await this.sql.query<{ n: string }>(
      `select count(*)::text as n from es_events e
        where ${VISIBLE}
          and (e.transaction_id, e.global_position) > ($1::text::xid8, $2::bigint)
          and (e.transaction_id, e.global_position) <= ($3::text::xid8, $4::bigint)`,
      [xidParam(from.commit), from.prepare.toString(), xidParam(to.commit), to.prepare.toString()],
    );
    return Number(rows[0]?.n ?? 0);
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): AllSubscription {
    this.checkOpen();
    const subscription = new PollingAllSubscription(
      {
        readPage: (after, limit) => this.readSubscriptionPage(after, limit, options.filter),
        signal: this.signal,
        pollIntervalMs: this.pollIntervalMs,
        batchSize: this.batchSize,
        onEnd: (s) => this.subscriptions.delete(s),
      },
      options,
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  /**
   * One page for a subscription. Without a filter: the next `limit` visible events. With a filter:
   * the next `limit` visible events are scanned and only the matching ones returned, together with
   * how far the scan got, so a selective filter never rescans the same stretch of the log.
   */
  private async readSubscriptionPage(after: Position, limit: number, filter: StreamFilter | undefined): Promise<SubscriptionPage> {
    this.checkOpen();
    const params: unknown[] = [String(limit)];
    const afterSql = afterCondition(params, after);
    const filters = filterConditions(params, filter, 'w');
    if (filters.length === 0) {
      const { rows } = await this.sql.query<EventRow>(
        `select ${EVENT_COLUMNS} from es_events e
          where ${VISIBLE} and ${afterSql}
          order by e.transaction_id, e.global_position
          limit $1::bigint`,
        params,
      );
      const events = rows.map(toRecordedEvent);
      return { events, scannedTo: events.at(-1)?.position };
    }
    const { rows } = await this.sql.query<EventRow & { scan_commit: string; scan_prepare: string }>(
      `with w as (
         select e.transaction_id, e.global_position, e.stream_name, e.event_type
           from es_events e
          where ${VISIBLE} and ${afterSql}
          order by e.transaction_id, e.global_position
          limit $1::bigint
       ),
       scan_end as (
         select transaction_id, global_position from w order by transaction_id desc, global_position desc limit 1
       )
       select s.transaction_id::text as scan_commit, s.global_position::text as scan_prepare, m.*
         from scan_end s
         left join lateral (
           select ${EVENT_COLUMNS}
             from w join es_events e on e.global_position = w.global_position
            where ${filters.join(' and ')}
         ) m on true
        order by m.transaction_id::xid8, m.global_position::bigint`,
      params,
    );
    const first = rows[0];
    if (!first) return { events: [], scannedTo: undefined };
    const events = rows.filter((r) => r.event_id !== null).map(toRecordedEvent);
    return { events, scannedTo: { commit: BigInt(first.scan_commit), prepare: BigInt(first.scan_prepare) } };
  }

  async health(): Promise<StoreHealth> {
    if (this.closed) return { ok: false, backend: this.backend, detail: 'closed' };
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.sql.query('select 1'),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${this.healthTimeoutMs} ms`)), this.healthTimeoutMs);
        }),
      ]);
      return { ok: true, backend: this.backend };
    } catch (error) {
      return { ok: false, backend: this.backend, detail: error instanceof Error ? error.message : String(error) };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Ends every subscription (their iteration finishes normally), then closes the SqlClient if owned. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const subscription of [...this.subscriptions]) subscription.stop();
    this.subscriptions.clear();
    if (this.ownsClient) await this.sql.close();
  }

  private checkOpen(): void {
    if (this.closed) throw new StoreUnavailableError('The event store is closed.');
  }
}

function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** `maxCount` as a LIMIT parameter: null for no limit. */
function limitParam(maxCount: number | undefined): string | null {
  if (maxCount === undefined || maxCount === Infinity) return null;
  if (!Number.isFinite(maxCount) || maxCount < 0) throw new RangeError(`maxCount must be a non-negative number, got ${maxCount}`);
  return String(Math.floor(maxCount));
}

/** xid8 has no -1: START's commit maps to 0, below every real transaction id (they start at 3). */
function xidParam(commit: bigint): string {
  return (commit < 0n ? 0n : commit).toString();
}

function afterCondition(params: unknown[], after: Position): string {
  params.push(xidParam(after.commit), after.prepare.toString());
  return `(e.transaction_id, e.global_position) > ($${params.length - 1}::text::xid8, $${params.length}::bigint)`;
}

function filterConditions(params: unknown[], filter: StreamFilter | undefined, alias: string): string[] {
  const conditions: string[] = [];
  if (filter?.streamNamePrefixes !== undefined) {
    params.push(JSON.stringify(filter.streamNamePrefixes));
    conditions.push(
      `exists (select 1 from jsonb_array_elements_text($${params.length}::jsonb) as p(prefix) where starts_with(${alias}.stream_name, p.prefix))`,
    );
  }
  if (filter?.eventTypes !== undefined) {
    params.push(JSON.stringify(filter.eventTypes));
    conditions.push(`${alias}.event_type in (select jsonb_array_elements_text($${params.length}::jsonb))`);
  }
  return conditions;
}

function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    id: row.event_id,
    type: row.event_type,
    streamName: row.stream_name,
    revision: BigInt(row.stream_revision),
    position: { commit: BigInt(row.transaction_id), prepare: BigInt(row.global_position) },
    data: typeof row.data === 'string' ? (JSON.parse(row.data) as JsonObject) : row.data,
    metadata: typeof row.metadata === 'string' ? (JSON.parse(row.metadata) as JsonObject) : row.metadata,
    recordedAt: row.recorded_at instanceof Date ? row.recorded_at : new Date(row.recorded_at),
  };
}
