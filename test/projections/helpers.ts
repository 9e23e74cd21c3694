import { randomUUID } from 'node:crypto';
import type { EventStore, Position, RecordedEvent, SqlClient } from '@saksgang/event-store';
import type { Projection, ProjectionLogger } from '@saksgang/projections';

/** A logger that keeps what it is told, so tests can check that errors are logged (not swallowed). */
export class MemoryLogger implements ProjectionLogger {
  readonly lines: { level: 'log' | 'warn' | 'error'; message: string; error?: unknown }[] = [];
  log(message: string): void {
    this.lines.push({ level: 'log', message });
  }
  warn(message: string): void {
    this.lines.push({ level: 'warn', message });
  }
  error(message: string, error?: unknown): void {
    this.lines.push({ level: 'error', message, error });
  }
  errors(): string[] {
    return this.lines.filter((l) => l.level === 'error').map((l) => l.message);
  }
}

/** Appends `count` events of type `Tick` (data `{ n }`) to a new stream `<category>-<uuid>`. */
export async function appendTicks(store: EventStore, category: string, count: number, start = 0): Promise<{ stream: string; position: Position }> {
  const stream = `${category}-${randomUUID()}`;
  const events = Array.from({ length: count }, (_, i) => ({
    id: randomUUID(),
    type: 'Tick',
    data: { n: start + i },
    metadata: {},
  }));
  const r = await store.appendToStream(stream, events, { expectedRevision: 'no_stream' });
  return { stream, position: r.position };
}

export interface RecordingProjection extends Projection {
  /** Every call of `handle` (also those rolled back). */
  readonly calls: RecordedEvent[];
  resets: number;
  /** When it returns true, `handle` throws AFTER it has written its row. */
  failOn: (event: RecordedEvent) => boolean;
  handle(event: RecordedEvent, tx: SqlClient): Promise<void>;
}

/**
 * A projection that writes one row per event of streams in `category`, into table `<name>_rows`.
 * No key on the rows: an event applied twice would show as two rows.
 */
export function recordingProjection(name: string, category: string, version = 1): RecordingProjection {
  const table = `${name}_rows`;
  const projection: RecordingProjection = {
    name,
    version,
    calls: [],
    resets: 0,
    failOn: () => false,
    async setup(tx: SqlClient) {
      await tx.exec(
        `CREATE TABLE IF NOT EXISTS ${table} (event_id uuid NOT NULL, stream text NOT NULL, n integer NOT NULL, written_by_version integer NOT NULL)`,
      );
    },
    async reset(tx: SqlClient) {
      projection.resets++;
      await tx.exec(`DROP TABLE IF EXISTS ${table}`);
    },
    async handle(event: RecordedEvent, tx: SqlClient) {
      projection.calls.push(event);
      if (!event.streamName.startsWith(`${category}-`)) return;
      await tx.query(`INSERT INTO ${table} (event_id, stream, n, written_by_version) VALUES ($1, $2, $3, $4)`, [
        event.id,
        event.streamName,
        event.data['n'],
        projection.version,
      ]);
      if (projection.failOn(event)) throw new Error(`handler failed on n=${String(event.data['n'])}`);
    },
  };
  return projection;
}

export async function rowsOf(sql: SqlClient, name: string): Promise<{ event_id: string; stream: string; n: number; written_by_version: number }[]> {
  const { rows } = await sql.query<{ event_id: string; stream: string; n: number; written_by_version: number }>(
    `SELECT event_id, stream, n, written_by_version FROM ${name}_rows ORDER BY stream, n`,
  );
  return rows;
}

/** Polls `check` until it is true or `timeoutMs` passes. */
export async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 30_000, what = 'condition'): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Wraps a store so that every subscription starts at the beginning, whatever checkpoint it asks for. */
export function redeliveringStore(store: EventStore): EventStore {
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'subscribeToAll') {
        return (options: Parameters<EventStore['subscribeToAll']>[0]) => target.subscribeToAll({ ...options, fromPosition: undefined });
      }
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
