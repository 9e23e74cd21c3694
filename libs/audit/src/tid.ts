import type { RecordedEvent } from '@saksgang/event-store';

/**
 * The two time axes of an event:
 * - recorded time: `metadata.recordedAt` (the application's clock when the command was handled —
 *   injectable, so a demo or a migration can record history with the right dates); when it is
 *   missing or unreadable, the store's own `recordedAt` (server clock).
 * - effective time: `metadata.effectiveAt`, else `data.gjelderFra`, else the recorded time. An ISO
 *   date or date-time; compared on its calendar date when compared with a date.
 */
export function recordedTime(e: RecordedEvent): Date {
  const m = e.metadata['recordedAt'];
  if (typeof m === 'string') {
    const t = Date.parse(m);
    if (!Number.isNaN(t)) return new Date(t);
  }
  return e.recordedAt;
}

export function effectiveTime(e: RecordedEvent): string {
  const m = e.metadata['effectiveAt'];
  if (typeof m === 'string' && m.length >= 10) return m;
  const g = e.data['gjelderFra'];
  if (typeof g === 'string' && g.length >= 10) return g;
  return recordedTime(e).toISOString();
}

/** The calendar date (`YYYY-MM-DD`) of an ISO date or date-time. */
export function calendarDate(t: string): string {
  return t.slice(0, 10);
}

/** Parses a time given on the command line or in an API call: a date (start of the day, UTC, or end of it with `endOfDay`) or a date-time. */
export function parseInstant(text: string, endOfDay = false): Date | undefined {
  const s = text.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) {
    const d = new Date(`${s}T00:00:00.000Z`);
    if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== s) return undefined;
    return endOfDay ? new Date(d.getTime() + 86_400_000 - 1) : d;
  }
  if (!/^\d{4}-\d{2}-\d{2}T/.test(s)) return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : new Date(t);
}

/** True for a real calendar date `YYYY-MM-DD`. */
export function isDate(text: string): boolean {
  return parseInstant(text) !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(text.trim());
}
