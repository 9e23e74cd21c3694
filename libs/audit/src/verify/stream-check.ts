import {
  computeEventHash,
  computeRecordedEventHash,
  formatPosition,
  type RecordedEvent,
  storedHash,
  storedPreviousHash,
} from '@saksgang/event-store';

/**
 * What `verify` finds:
 * - `changed`: the event's content no longer matches its hash (data, metadata, type or id altered),
 *   or its hash was rewritten so the next event's `previousHash` no longer names it.
 * - `removed`: an event is missing — a revision gap, a chain link that names a hash no event of the
 *   stream has, or the stream's recorded head (es_streams / an anchor) is beyond its last event.
 * - `inserted`: an event that is not part of the chain — a duplicated revision, an event the next
 *   event's `previousHash` skips over, a second "first" event, or a stream no append created.
 * - `reordered`: an event sealed at another revision than the one it has now (swapped or
 *   renumbered), or a stream whose revision order disagrees with the global log's order.
 * - `unsealed`: an event without `metadata.hash` (written outside the command path, or before the
 *   chain existed). Its content is still covered by the next event's `previousHash`.
 * - `global_order`: the global log is not strictly increasing, or one event id occurs twice.
 */
export type IntegrityIssueKind = 'changed' | 'removed' | 'inserted' | 'reordered' | 'unsealed' | 'global_order';

export interface IntegrityIssue {
  readonly kind: IntegrityIssueKind;
  readonly streamName: string;
  /** The revision the issue concerns (for `removed`: the first missing revision, when known). */
  readonly revision?: number;
  /** Last missing revision of a `removed` range. */
  readonly toRevision?: number;
  readonly eventId?: string;
  readonly position?: string;
  readonly detail: string;
}

/** The last event of a stream and its hash: what the next event must chain to. */
export interface ChainHead {
  readonly streamName: string;
  readonly revision: number;
  readonly eventId: string;
  readonly hash: string;
  readonly events: number;
}

export interface StreamCheckResult {
  readonly issues: IntegrityIssue[];
  readonly head: ChainHead | undefined;
}

/** Most revisions tried when looking for the revision an altered event was sealed at. */
const MAX_REVISION_SEARCH = 5000;

function ref(e: RecordedEvent): { streamName: string; revision: number; eventId: string; position: string } {
  return { streamName: e.streamName, revision: Number(e.revision), eventId: e.id, position: formatPosition(e.position) };
}

/**
 * Checks one stream's hash chain. `events` are the stream's events in revision order (as
 * `readStream` returns them). Pure: no I/O.
 */
export function checkStream(streamName: string, events: readonly RecordedEvent[]): StreamCheckResult {
  const issues: IntegrityIssue[] = [];
  if (events.length === 0) return { issues, head: undefined };

  const computed = events.map(computeRecordedEventHash);
  const stored = events.map((e) => storedHash(e.metadata));
  const claims = events.map((e) => storedPreviousHash(e.metadata));
  /** The hash each event is known by: its stored hash, else its computed one. */
  const known = events.map((_, i) => stored[i] ?? computed[i]!);
  const byHash = new Map<string, number>();
  known.forEach((h, i) => {
    if (!byHash.has(h)) byHash.set(h, i);
  });
  const maxRevision = Number(events[events.length - 1]!.revision);

  // 1. Content: does each event still match its own hash?
  const movedFrom: (number | undefined)[] = [];
  const changed: boolean[] = [];
  events.forEach((e, i) => {
    const s = stored[i];
    if (s === undefined) {
      issues.push({ kind: 'unsealed', ...ref(e), detail: `event ${e.id} (${e.type}) at revision ${e.revision} carries no hash` });
      return;
    }
    if (s === computed[i]) return;
    const sealedAt = sealedRevision(e, s, claims[i], byHash, events, maxRevision);
    if (sealedAt !== undefined) {
      movedFrom[i] = sealedAt;
      issues.push({ kind: 'reordered', ...ref(e), detail: `event ${e.id} (${e.type}) was sealed at revision ${sealedAt} but is now at revision ${e.revision}` });
    } else {
      changed[i] = true;
      issues.push({ kind: 'changed', ...ref(e), detail: `event ${e.id} (${e.type}) at revision ${e.revision} no longer matches its hash: its content was altered` });
    }
  });

  // 2. Revisions: 0, 1, 2, … without gaps or repeats.
  const sequenceBreak: boolean[] = [];
  events.forEach((e, i) => {
    const r = Number(e.revision);
    const previous = i === 0 ? -1 : Number(events[i - 1]!.revision);
    if (i > 0 && r === previous) {
      sequenceBreak[i] = true;
      issues.push({ kind: 'inserted', ...ref(e), detail: `a second event at revision ${r}: ${e.id} (${e.type})` });
    } else if (r > previous + 1) {
      sequenceBreak[i] = true;
      issues.push({
        kind: 'removed',
        streamName,
        revision: previous + 1,
        toRevision: r - 1,
        detail: r - 1 === previous + 1 ? `revision ${previous + 1} is missing (before ${e.id})` : `revisions ${previous + 1}–${r - 1} are missing (before ${e.id})`,
      });
    } else if (r < previous) {
      sequenceBreak[i] = true;
      issues.push({ kind: 'reordered', ...ref(e), detail: `revision ${r} comes after revision ${previous}` });
    }
  });

  // 3. Links: each event's previousHash names the event before it.
  events.forEach((e, i) => {
    const claim = claims[i];
    if (claim === undefined && stored[i] === undefined) return; // unsealed: already reported
    const moved = movedFrom[i];
    if (moved !== undefined) {
      // A moved event still names the event it was chained to: what lies between was inserted, or that event is gone.
      if (typeof claim !== 'string') return;
      const j = byHash.get(claim);
      if (j === undefined) {
        issues.push({ kind: 'removed', streamName, revision: moved - 1, detail: `the event sealed at revision ${moved - 1}, before ${e.id}, is missing (the later events were renumbered)` });
      } else {
        for (let k = j + 1; k < i; k++) {
          const x = events[k]!;
          if (movedFrom[k] !== undefined) continue;
          issues.push({ kind: 'inserted', ...ref(x), detail: `event ${x.id} (${x.type}) at revision ${x.revision} is not in the chain: ${e.id} was chained to revision ${events[j]!.revision}` });
        }
      }
      return;
    }
    const expected = i === 0 ? null : known[i - 1]!;
    if (claim === expected) return;
    if (i === 0 && Number(e.revision) > 0) return; // explained by the missing revisions before it
    if (sequenceBreak[i] || (i > 0 && movedFrom[i - 1] !== undefined)) return;
    if (claim === null || claim === undefined) {
      issues.push({ kind: 'inserted', ...ref(e), detail: `event ${e.id} (${e.type}) at revision ${e.revision} claims to start a chain (previousHash ${claim === null ? 'null' : 'missing'})` });
      return;
    }
    const j = byHash.get(claim);
    if (j !== undefined && j < i - 1) {
      for (let k = j + 1; k < i; k++) {
        const x = events[k]!;
        issues.push({ kind: 'inserted', ...ref(x), detail: `event ${x.id} (${x.type}) at revision ${x.revision} is not in the chain: revision ${e.revision} is chained to revision ${events[j]!.revision}` });
      }
    } else if (j !== undefined && j >= i) {
      issues.push({ kind: 'reordered', ...ref(e), detail: `event ${e.id} at revision ${e.revision} is chained to revision ${events[j]!.revision}, which comes after it` });
    } else if (i > 0 && changed[i - 1]) {
      // The previous event's content and hash were both rewritten; it is already named as changed.
    } else if (i > 0 && stored[i - 1] !== undefined && stored[i - 1] === computed[i - 1]) {
      const p = events[i - 1]!;
      issues.push({
        kind: 'changed',
        ...ref(p),
        detail: `event ${p.id} (${p.type}) at revision ${p.revision} is not the event revision ${e.revision} was chained to: it was replaced and re-hashed (or events were removed and the rest renumbered)`,
      });
    } else {
      issues.push({ kind: 'removed', streamName, revision: Number(e.revision) - 1, detail: `the event before revision ${e.revision} (${e.id}) is missing: its previousHash ${claim.slice(0, 12)}… names no event of the stream` });
    }
  });

  // 4. Order against the global log: later revisions were appended later (the sequence part of the position only grows).
  for (let i = 1; i < events.length; i++) {
    const a = events[i - 1]!;
    const b = events[i]!;
    if (b.revision > a.revision && b.position.prepare < a.position.prepare) {
      issues.push({ kind: 'reordered', ...ref(b), detail: `revision ${b.revision} (${b.id}) precedes revision ${a.revision} (${a.id}) in the global log` });
    }
  }

  const last = events[events.length - 1]!;
  const head: ChainHead = { streamName, revision: Number(last.revision), eventId: last.id, hash: known[events.length - 1]!, events: events.length };
  return { issues: dedupe(issues), head };
}

/** The revision an event with an intact content was sealed at, if it is not the one it has now. */
function sealedRevision(
  e: RecordedEvent,
  hash: string,
  claim: string | null | undefined,
  byHash: ReadonlyMap<string, number>,
  events: readonly RecordedEvent[],
  maxRevision: number,
): number | undefined {
  const at = (revision: number): boolean =>
    computeEventHash({ streamName: e.streamName, revision, eventId: e.id, type: e.type, data: e.data, metadata: e.metadata }) === hash;
  const candidates: number[] = [];
  if (claim === null) candidates.push(0);
  else if (claim !== undefined && byHash.has(claim)) candidates.push(Number(events[byHash.get(claim)!]!.revision) + 1);
  const limit = Math.min(maxRevision + 2, MAX_REVISION_SEARCH);
  for (let r = 0; r <= limit; r++) candidates.push(r);
  for (const c of candidates) if (c !== Number(e.revision) && at(c)) return c;
  return undefined;
}

function dedupe(issues: IntegrityIssue[]): IntegrityIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.kind}|${i.streamName}|${i.revision ?? ''}|${i.eventId ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
