import type { RecordedEvent, SqlClient } from '@saksgang/event-store';

/**
 * Set-based read-model writes: a projection applies a whole batch of events to rows held in memory,
 * and the batch is read with one query and written back with one statement. Per event, nothing
 * goes to the database; per batch, two round trips whatever the number of events. That is what makes
 * a rebuild over a million events take seconds per read model instead of minutes.
 *
 * A table is one of three kinds:
 * - `grouped`: rows belong to a group (a sak) and all of a group's rows are loaded when the batch
 *   touches it (small per-sak tables: the sak, its items, its oppdrag). Handlers read and change them
 *   in place; at flush, changed rows are upserted and removed rows deleted.
 * - `append`: rows are only ever inserted (a log of steps). They are never loaded; a duplicate key
 *   fails the batch, as a re-applied event should.
 * - `counter`: rows hold a count per key (statistics across groups). Handlers add to it; at flush the
 *   sums are added in the database (`count = count + delta`), so no row needs to be loaded.
 *
 * Values are JSON values of the columns (`row_to_json` / `json_populate_recordset`): text and dates as
 * strings (`YYYY-MM-DD`), integers as numbers, booleans, arrays as arrays, jsonb as objects, null.
 */
export interface TableSpec<R extends object> {
  readonly table: string;
  readonly kind: 'grouped' | 'append' | 'counter';
  /** The primary key's columns. */
  readonly key: readonly (keyof R & string)[];
  /** The columns written (every stored, non-generated column; the key included). */
  readonly columns: readonly (keyof R & string)[];
  /** `grouped`: the column that names the group (e.g. `sak_id`). */
  readonly groupColumn?: keyof R & string;
  /** `counter`: the column that holds the count. */
  readonly counterColumn?: keyof R & string;
}

type AnyRow = Record<string, unknown>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnySpec = TableSpec<any>;

/** A failure while one event of a batch was applied: the runner reports which event it was. */
export class BatchEventFailure extends Error {
  constructor(
    readonly event: RecordedEvent,
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'BatchEventFailure';
  }
}

interface TableState {
  readonly spec: AnySpec;
  /** Current rows by key (grouped: loaded or put in this batch). */
  readonly rows: Map<string, AnyRow>;
  /** Grouped: the JSON of each row as loaded (to find changed and removed rows). */
  readonly loaded: Map<string, string>;
  /** Grouped: the keys of each group's rows, in load/insert order. */
  readonly groups: Map<string, Set<string>>;
  /** Append: rows to insert. */
  readonly appended: AnyRow[];
  /** Counter: the sums to add, by key. */
  readonly deltas: Map<string, AnyRow>;
}

/** The name, checked to be a plain lower-case SQL identifier (safe to put into a statement). */
export const ident = (name: string): string => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Not a plain SQL identifier: '${name}'.`);
  return name;
};

/** The rows of one batch: loaded for the groups the batch touches, changed in memory, written at `flush`. */
export class RowBatch {
  private readonly tables = new Map<string, TableState>();

  private constructor(specs: readonly AnySpec[]) {
    for (const spec of specs) {
      validateSpec(spec);
      this.tables.set(spec.table, { spec, rows: new Map(), loaded: new Map(), groups: new Map(), appended: [], deltas: new Map() });
    }
  }

  /** Loads every row of the `grouped` tables whose group is in `groups`, in one query. */
  static async load(tx: SqlClient, specs: readonly AnySpec[], groups: Iterable<string>): Promise<RowBatch> {
    const batch = new RowBatch(specs);
    const ids = [...new Set(groups)];
    const grouped = specs.filter((s) => s.kind === 'grouped');
    for (const s of grouped) for (const g of ids) batch.groupKeys(batch.state(s.table), g);
    if (ids.length === 0 || grouped.length === 0) return batch;
    const union = grouped
      .map((s, i) => `SELECT ${i} AS t, row_to_json(x)::text AS r FROM ${ident(s.table)} x WHERE x.${ident(s.groupColumn!)} = ANY($1::text[])`)
      .join(' UNION ALL ');
    const { rows } = await tx.query<{ t: number; r: string }>(union, [ids]);
    for (const { t, r } of rows) {
      const spec = grouped[Number(t)]!;
      const state = batch.state(spec.table);
      const row = pick(spec, JSON.parse(r) as AnyRow);
      const key = keyOf(spec, row);
      state.rows.set(key, row);
      state.loaded.set(key, JSON.stringify(row));
      batch.groupKeys(state, String(row[spec.groupColumn!])).add(key);
    }
    return batch;
  }

  /**
   * A batch with no database behind it: the groups start empty, and nothing is ever written. For
   * applying a projection's own code to events in memory (e.g. the public version of one sak's read
   * model, made at read time from its public events); read the result with `rowsOf` and `appendedRows`.
   */
  static inMemory(specs: readonly AnySpec[], groups: Iterable<string>): RowBatch {
    const batch = new RowBatch(specs);
    for (const s of specs.filter((x) => x.kind === 'grouped')) for (const g of groups) batch.groupKeys(batch.state(s.table), g);
    return batch;
  }

  /** The rows appended to an `append` table in this batch (not yet written), in order. */
  appendedRows<R extends object>(spec: TableSpec<R>): R[] {
    return [...this.state(spec.table, 'append').appended] as R[];
  }

  /**
   * Applies `events` in order with `apply` (synchronous: every row it needs is in memory), then writes.
   * A failure names the event it happened at (`BatchEventFailure`).
   */
  static async project<E>(
    tx: SqlClient,
    specs: readonly AnySpec[],
    events: readonly RecordedEvent[],
    parse: (event: RecordedEvent) => E | undefined,
    groupOf: (parsed: E) => string,
    apply: (parsed: E, rows: RowBatch, event: RecordedEvent) => void,
  ): Promise<void> {
    const parsed: { event: RecordedEvent; p: E }[] = [];
    for (const event of events) {
      try {
        const p = parse(event);
        if (p !== undefined) parsed.push({ event, p });
      } catch (error) {
        throw new BatchEventFailure(event, error);
      }
    }
    if (parsed.length === 0) return;
    const rows = await RowBatch.load(tx, specs, parsed.map((x) => groupOf(x.p)));
    for (const { event, p } of parsed) {
      try {
        apply(p, rows, event);
      } catch (error) {
        throw new BatchEventFailure(event, error);
      }
    }
    await rows.flush(tx);
  }

  /** A group's rows (grouped tables), in load/insert order. The group must have been loaded. */
  rowsOf<R extends object>(spec: TableSpec<R>, group: string): R[] {
    const state = this.state(spec.table, 'grouped');
    const keys = state.groups.get(group);
    if (!keys) throw new Error(`Group '${group}' of ${spec.table} was not loaded for this batch.`);
    return [...keys].map((k) => state.rows.get(k) as R);
  }

  /** The row with this key (grouped tables; its group must have been loaded), or undefined. */
  get<R extends object>(spec: TableSpec<R>, key: Partial<R>): R | undefined {
    const state = this.state(spec.table, 'grouped');
    const group = String((key as AnyRow)[spec.groupColumn!]);
    if (!state.groups.has(group)) throw new Error(`Group '${group}' of ${spec.table} was not loaded for this batch.`);
    return state.rows.get(keyOf(spec, key as AnyRow)) as R | undefined;
  }

  /** The row with this key, or an error saying `missing` (e.g. "was SakRegistrert missed?"). */
  require<R extends object>(spec: TableSpec<R>, key: Partial<R>, missing: string): R {
    const row = this.get(spec, key);
    if (!row) throw new Error(missing);
    return row;
  }

  /** Inserts the row, or replaces the one with its key (grouped tables). Returns the stored row. */
  put<R extends object>(spec: TableSpec<R>, row: R): R {
    const state = this.state(spec.table, 'grouped');
    const stored = pick(spec, row as AnyRow);
    const key = keyOf(spec, stored);
    state.rows.set(key, stored);
    this.groupKeys(state, String(stored[spec.groupColumn!])).add(key);
    return stored as R;
  }

  /** Inserts a new row (grouped tables); fails, as an SQL INSERT would, when its key is taken. */
  insert<R extends object>(spec: TableSpec<R>, row: R): R {
    if (this.get(spec, row)) throw new Error(`${spec.table} already has a row with key ${keyOf(spec, row as AnyRow)} (was an event applied twice?).`);
    return this.put(spec, row);
  }

  /** Removes the row with this key (grouped tables), if there is one. */
  delete<R extends object>(spec: TableSpec<R>, key: Partial<R>): void {
    const state = this.state(spec.table, 'grouped');
    const k = keyOf(spec, key as AnyRow);
    state.rows.delete(k);
    state.groups.get(String((key as AnyRow)[spec.groupColumn!]))?.delete(k);
  }

  /** Inserts a row of an `append` table. */
  append<R extends object>(spec: TableSpec<R>, row: R): void {
    this.state(spec.table, 'append').appended.push(pick(spec, row as AnyRow));
  }

  /** Adds `delta` to the count of the row with this key (`counter` tables). */
  count<R extends object>(spec: TableSpec<R>, key: Partial<R>, delta = 1): void {
    const state = this.state(spec.table, 'counter');
    const k = keyOf(spec, key as AnyRow);
    const counter = spec.counterColumn!;
    const row = state.deltas.get(k);
    if (row) row[counter] = Number(row[counter]) + delta;
    else {
      const fresh = pick(spec, key as AnyRow);
      fresh[counter] = delta;
      state.deltas.set(k, fresh);
    }
  }

  /** Writes every change of the batch in one statement (data-modifying CTEs, one per table and kind). */
  async flush(tx: SqlClient): Promise<void> {
    const parts: string[] = [];
    const params: string[] = [];
    const param = (rows: AnyRow[]): string => {
      params.push(JSON.stringify(rows));
      return `$${params.length}::json`;
    };
    for (const { spec, rows, loaded, appended, deltas } of this.tables.values()) {
      const t = ident(spec.table);
      const cols = spec.columns.map(ident);
      const keyCols = spec.key.map(ident);
      const select = (p: string) => `SELECT ${cols.join(', ')} FROM json_populate_recordset(NULL::${t}, ${p})`;
      if (spec.kind === 'grouped') {
        const removed: AnyRow[] = [];
        for (const [k, json] of loaded) if (!rows.has(k)) removed.push(JSON.parse(json) as AnyRow);
        const upserts: AnyRow[] = [];
        for (const [k, row] of rows) if (loaded.get(k) !== JSON.stringify(row)) upserts.push(row);
        if (removed.length > 0) {
          const keys = `SELECT ${keyCols.join(', ')} FROM json_populate_recordset(NULL::${t}, ${param(removed)})`;
          parts.push(`DELETE FROM ${t} WHERE (${keyCols.join(', ')}) IN (${keys})`);
        }
        if (upserts.length > 0) {
          const rest = cols.filter((c) => !keyCols.includes(c));
          const onConflict = rest.length > 0 ? `DO UPDATE SET ${rest.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}` : 'DO NOTHING';
          parts.push(`INSERT INTO ${t} (${cols.join(', ')}) ${select(param(upserts))} ON CONFLICT (${keyCols.join(', ')}) ${onConflict}`);
        }
      } else if (spec.kind === 'append') {
        if (appended.length > 0) parts.push(`INSERT INTO ${t} (${cols.join(', ')}) ${select(param(appended))}`);
      } else if (deltas.size > 0) {
        const c = ident(spec.counterColumn!);
        parts.push(`INSERT INTO ${t} (${cols.join(', ')}) ${select(param([...deltas.values()]))} ON CONFLICT (${keyCols.join(', ')}) DO UPDATE SET ${c} = ${t}.${c} + EXCLUDED.${c}`);
      }
    }
    if (parts.length === 0) return;
    // One statement, one round trip. The parts touch disjoint rows (a key is either removed or upserted).
    const sql = parts.length === 1 ? parts[0]! : `WITH ${parts.map((p, i) => `w${i} AS (${p})`).join(', ')} SELECT 1`;
    await tx.query(sql, params);
    for (const s of this.tables.values()) {
      s.loaded.clear();
      for (const [k, row] of s.rows) s.loaded.set(k, JSON.stringify(row));
      s.appended.length = 0;
      s.deltas.clear();
    }
  }

  private state(table: string, kind?: AnySpec['kind']): TableState {
    const s = this.tables.get(table);
    if (!s) throw new Error(`Table ${table} is not part of this batch.`);
    if (kind && s.spec.kind !== kind) throw new Error(`Table ${table} is a ${s.spec.kind} table, not ${kind}.`);
    return s;
  }

  private groupKeys(state: TableState, group: string): Set<string> {
    let keys = state.groups.get(group);
    if (!keys) state.groups.set(group, (keys = new Set()));
    return keys;
  }
}

/** The row's stored columns, in the spec's order (so rows compare by their JSON), missing ones null. */
function pick(spec: AnySpec, row: AnyRow): AnyRow {
  const out: AnyRow = {};
  for (const c of spec.columns) out[c] = row[c] ?? null;
  return out;
}

function keyOf(spec: AnySpec, row: AnyRow): string {
  if (spec.key.length === 1) return String(row[spec.key[0]!]);
  return JSON.stringify(spec.key.map((k) => row[k] ?? null));
}

function validateSpec(spec: AnySpec): void {
  for (const k of spec.key) if (!spec.columns.includes(k)) throw new Error(`${spec.table}: key column ${k} is not among its columns.`);
  if (spec.kind === 'grouped' && (!spec.groupColumn || !spec.columns.includes(spec.groupColumn))) {
    throw new Error(`${spec.table}: a grouped table needs its group column among its columns.`);
  }
  if (spec.kind === 'counter' && (!spec.counterColumn || !spec.columns.includes(spec.counterColumn))) {
    throw new Error(`${spec.table}: a counter table needs its count column among its columns.`);
  }
}
