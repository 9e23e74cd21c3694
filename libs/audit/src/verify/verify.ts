import {
  comparePositions,
  computeRecordedEventHash,
  type EventStore,
  formatPosition,
  type Position,
  type RecordedEvent,
  type SqlClient,
  START,
  storedHash,
  SqlDokumentlager,
  StreamNotFoundError,
} from '@saksgang/event-store';
import { dokumentobjekterI } from '@saksgang/domain';
import { recordedTime } from '../tid.js';
import { type ChainHead, checkStream, type IntegrityIssue } from './stream-check.js';

/** What to verify. A period selects the streams with an event recorded in it; those are verified whole (a chain can only be checked from its start). */
export type VerifyScope =
  | { readonly kind: 'store' }
  | { readonly kind: 'sak'; readonly sakId: string }
  | { readonly kind: 'stream'; readonly streamName: string }
  | { readonly kind: 'periode'; readonly fra?: Date; readonly til?: Date };

export interface VerifyProgress {
  readonly phase: 'read' | 'check';
  readonly done: number;
  /** Undefined while the total is unknown. */
  readonly total: number | undefined;
}

export interface VerifyOptions {
  /**
   * The SQL connection under a PostgreSQL/PGlite store. With it, each stream's recorded head
   * (`es_streams.revision`) is checked against its last event: this is how removing the LAST event
   * of a stream, or appending behind the store's back, is found.
   */
  readonly sql?: SqlClient;
  /**
   * Chain heads saved earlier (e.g. the `kjedehoder` of an export manifest). Each stream must still
   * have the anchored event, with the same hash, at the anchored revision. This is what catches an
   * attacker who rewrites a whole chain consistently: the hash chain has no secret key, so only
   * heads kept elsewhere prove that nothing was rewritten since.
   */
  readonly anchors?: readonly Pick<ChainHead, 'streamName' | 'revision' | 'hash'>[];
  readonly onProgress?: (progress: VerifyProgress) => void;
  /** Events per read of the global log (default 500). */
  readonly pageSize?: number;
}

export interface VerifyReport {
  readonly scope: VerifyScope;
  /** True when no issue was found. */
  readonly ok: boolean;
  readonly streams: number;
  readonly events: number;
  readonly issues: readonly IntegrityIssue[];
  /** The chain head of every verified stream, by stream name. */
  readonly chainHeads: readonly ChainHead[];
  /** For a sak or stream scope: false when the stream has no events (and the store has no record of it). */
  readonly found: boolean;
}

/** Reads the global log forwards in pages. */
export async function readWholeLog(store: EventStore, pageSize = 500, onPage?: (read: number) => void): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  let from: Position = START;
  for (;;) {
    const page = await store.readAll({ fromPosition: from, maxCount: pageSize });
    if (page.length === 0) break;
    all.push(...page);
    from = page[page.length - 1]!.position;
    onPage?.(all.length);
    if (page.length < pageSize) break;
  }
  return all;
}

async function countEvents(sql: SqlClient | undefined): Promise<number | undefined> {
  if (!sql) return undefined;
  const { rows } = await sql.query<{ n: string }>('select count(*)::text as n from es_events');
  return Number(rows[0]?.n ?? 0);
}

/** Checks the global log: positions strictly increasing, each event id once. */
export function checkGlobalLog(events: readonly RecordedEvent[]): IntegrityIssue[] {
  const issues: IntegrityIssue[] = [];
  const ids = new Map<string, RecordedEvent>();
  const out = (e: RecordedEvent, detail: string): void => {
    issues.push({ kind: 'global_order', streamName: e.streamName, revision: Number(e.revision), eventId: e.id, position: formatPosition(e.position), detail });
  };
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    if (i > 0 && comparePositions(events[i - 1]!.position, e.position) >= 0) {
      out(e, `position ${formatPosition(e.position)} does not follow ${formatPosition(events[i - 1]!.position)} in the global log`);
    }
    const earlier = ids.get(e.id);
    if (earlier) out(e, `event id ${e.id} occurs twice (also ${earlier.streamName} revision ${earlier.revision})`);
    else ids.set(e.id, e);
  }
  return issues;
}

function byRevision(a: RecordedEvent, b: RecordedEvent): number {
  if (a.revision !== b.revision) return a.revision < b.revision ? -1 : 1;
  return comparePositions(a.position, b.position);
}

/**
 * Verifies the hash chains of one sak, one stream, a period or the whole store and names every
 * changed, removed, inserted or reordered event. Read-only.
 */
export async function verify(store: EventStore, scope: VerifyScope, options: VerifyOptions = {}): Promise<VerifyReport> {
  const pageSize = options.pageSize ?? 500;
  const progress = options.onProgress ?? (() => undefined);
  const issues: IntegrityIssue[] = [];
  const streams = new Map<string, RecordedEvent[]>();
  let found = true;

  switch (scope.kind) {
    case 'sak':
    case 'stream': {
      const name = scope.kind === 'sak' ? `sak-${scope.sakId}` : scope.streamName;
      progress({ phase: 'read', done: 0, total: undefined });
      try {
        const events = await store.readStream(name);
        streams.set(name, events);
        progress({ phase: 'read', done: events.length, total: events.length });
      } catch (e) {
        if (!(e instanceof StreamNotFoundError)) throw e;
        streams.set(name, []);
      }
      break;
    }
    case 'store':
    case 'periode': {
      const total = await countEvents(options.sql);
      const log = await readWholeLog(store, pageSize, (done) => progress({ phase: 'read', done, total }));
      issues.push(...checkGlobalLog(log));
      if (scope.kind === 'store') {
        for (const e of log) {
          const list = streams.get(e.streamName) ?? [];
          list.push(e);
          streams.set(e.streamName, list);
        }
        for (const list of streams.values()) list.sort(byRevision);
      } else {
        const names = new Set<string>();
        for (const e of log) {
          const t = recordedTime(e).getTime();
          if ((scope.fra === undefined || t >= scope.fra.getTime()) && (scope.til === undefined || t <= scope.til.getTime())) names.add(e.streamName);
        }
        for (const name of names) streams.set(name, [...log.filter((e) => e.streamName === name)].sort(byRevision));
      }
      break;
    }
  }

  // The store's own record of each stream's head.
  const heads = options.sql ? await recordedStreamHeads(options.sql, scope.kind === 'store' ? undefined : [...streams.keys()]) : undefined;
  if (heads && scope.kind === 'store') for (const name of heads.keys()) if (!streams.has(name)) streams.set(name, []);

  const chainHeads: ChainHead[] = [];
  let checked = 0;
  let eventCount = 0;
  const names = [...streams.keys()].sort();
  for (const name of names) {
    const events = streams.get(name)!;
    eventCount += events.length;
    const result = checkStream(name, events);
    issues.push(...result.issues);
    if (result.head) chainHeads.push(result.head);
    const recorded = heads?.get(name);
    const last = events.length > 0 ? Number(events[events.length - 1]!.revision) : -1;
    if (heads && recorded === undefined && events.length > 0) {
      issues.push({ kind: 'inserted', streamName: name, revision: 0, toRevision: last, detail: `the store has no record of stream ${name}: its ${events.length} event(s) were not appended through the store` });
    } else if (recorded !== undefined && recorded > last) {
      issues.push({
        kind: 'removed',
        streamName: name,
        revision: last + 1,
        toRevision: recorded,
        detail: recorded === last + 1 ? `revision ${recorded}, the stream's last recorded event, is missing` : `revisions ${last + 1}–${recorded} at the end of the stream are missing`,
      });
    } else if (recorded !== undefined && recorded < last) {
      for (const e of events.filter((x) => Number(x.revision) > recorded)) {
        issues.push({ kind: 'inserted', streamName: name, revision: Number(e.revision), eventId: e.id, position: formatPosition(e.position), detail: `event ${e.id} (${e.type}) at revision ${e.revision} lies beyond the stream's recorded head (${recorded})` });
      }
    }
    if ((scope.kind === 'sak' || scope.kind === 'stream') && events.length === 0 && recorded === undefined) found = false;
    progress({ phase: 'check', done: ++checked, total: names.length });
  }

  // The documents' bytes: each checksum recorded in an event (covered by the chain) against the bytes stored now.
  if (options.sql) issues.push(...(await checkDocuments(new SqlDokumentlager(options.sql), names.map((n) => streams.get(n)!))));

  for (const anchor of options.anchors ?? []) {
    if (scope.kind !== 'store' && !streams.has(anchor.streamName)) continue;
    const events = streams.get(anchor.streamName) ?? [];
    const at = events.find((e) => Number(e.revision) === anchor.revision);
    if (!at) {
      issues.push({ kind: 'removed', streamName: anchor.streamName, revision: anchor.revision, detail: `the anchored event at revision ${anchor.revision} (hash ${anchor.hash.slice(0, 12)}…) is missing` });
    } else {
      const hash = storedHash(at.metadata) ?? computeRecordedEventHash(at);
      if (hash !== anchor.hash) {
        issues.push({
          kind: 'changed',
          streamName: anchor.streamName,
          revision: anchor.revision,
          eventId: at.id,
          position: formatPosition(at.position),
          detail: `revision ${anchor.revision} has hash ${String(hash).slice(0, 12)}…, but the anchor says ${anchor.hash.slice(0, 12)}…: the chain was rewritten`,
        });
      }
    }
  }

  return { scope, ok: issues.length === 0, streams: names.length, events: eventCount, issues, chainHeads, found };
}

async function recordedStreamHeads(sql: SqlClient, names: readonly string[] | undefined): Promise<Map<string, number>> {
  const { rows } = names
    ? await sql.query<{ stream_name: string; revision: string }>('select stream_name, revision::text as revision from es_streams where stream_name = any($1::text[])', [names])
    : await sql.query<{ stream_name: string; revision: string }>('select stream_name, revision::text as revision from es_streams');
  return new Map(rows.map((r) => [r.stream_name, Number(r.revision)]));
}

/**
 * Re-hashes the stored bytes of every document version an event records (`DokumentRegistrert`,
 * `DokumentversjonLagtTil`): a changed byte is `changed`, missing bytes `removed`, each said in
 * people's words (the document's title, the version, the file name).
 */
async function checkDocuments(lager: SqlDokumentlager, streams: readonly (readonly RecordedEvent[])[]): Promise<IntegrityIssue[]> {
  const issues: IntegrityIssue[] = [];
  for (const events of streams) {
    let tittel: string | undefined;
    for (const e of events) {
      if (e.type === 'DokumentRegistrert') tittel = String((e.data as { tittel?: unknown }).tittel ?? '');
      for (const o of dokumentobjekterI(e)) {
        const hvem = `versjon ${o.versjonsnummer} av dokumentet «${tittel ?? e.streamName}» (${o.filnavn})`;
        const ref = { streamName: e.streamName, revision: Number(e.revision), eventId: e.id, position: formatPosition(e.position) };
        const naa = await lager.rehash(o.lagringsId);
        if (!naa) {
          issues.push({ kind: 'removed', ...ref, detail: `Innholdet i ${hvem} finnes ikke lenger i lageret.` });
        } else if (naa.sha256 !== o.sjekksum || naa.size !== o.filstoerrelse) {
          issues.push({
            kind: 'changed',
            ...ref,
            detail: `Innholdet i ${hvem} er endret etter at det ble registrert: sjekksummen (SHA-256) er nå ${naa.sha256.slice(0, 12)}…, men hendelsen sier ${o.sjekksum.slice(0, 12)}…${naa.size !== o.filstoerrelse ? ` (størrelse ${naa.size} byte, registrert ${o.filstoerrelse})` : ''}.`,
          });
        }
      }
    }
  }
  return issues;
}
