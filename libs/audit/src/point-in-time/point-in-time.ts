import {
  type EventStore,
  type JsonObject,
  type RecordedEvent,
  StreamNotFoundError,
} from '@saksgang/event-store';
import {
  fold,
  HENDELSE_FOR_STEG,
  erAktivPaaDato,
  hvemSattHvorPaaDato,
  mandatPaaDato,
  navnPaaDato,
  type Organ,
  organDecider,
  type OrganEvent,
  sakDecider,
  type SakEvent,
  type SakState,
  type Verv,
} from '@saksgang/domain';
import { readWholeLog } from '../verify/verify.js';
import { calendarDate, effectiveTime, recordedTime } from '../tid.js';

/**
 * Point-in-time views of a sak and of the organisation, on two time axes.
 *
 * RECORDED by time T — "what did the system show at T": the stream's events up to the last one
 * recorded at or before T (recorded time: `metadata.recordedAt`, else the store's time; see
 * `tid.ts`). A stream only grows at its end, so this is always a prefix of the stream; facts that
 * took effect before T but were recorded later are NOT in it.
 *
 * IN EFFECT on date D — "what had been decided by then", with what we know now: every event whose
 * effective date (`effectiveAt`/`gjelderFra`, compared by calendar date) is on or before D, whatever
 * its recording time. So a correction (`OpplysningKorrigert`) recorded in 2020 with
 * `gjelderFra: 2019-02-15` is part of the state in effect on 2019-03-01; one whose `gjelderFra` is
 * its recording day applies only from that day on (the corrected value was not "in effect" before
 * anyone knew it). The selected events are folded in stream (recording) order, not re-sorted by
 * effective time: each event was decided against the state before it, and the decider's rules and
 * event numbers refer to that order. A correction names the event it corrects by its number in the
 * whole stream; when events are left out those numbers are mapped to the folded sequence, and a
 * correction of an event not yet in effect is left out too. `recordedBy` combines both axes: "in
 * effect on D, as recorded by T".
 *
 * Event types the sak decider does not know are listed in the history but not folded.
 *
 * The history (`hendelser`) is listed in effective order (then stream order) for the in-effect
 * view, in stream order for the recorded view.
 */

export interface HistorikkPunkt {
  /** The event's number in the stream (revision). */
  readonly hendelsesnummer: number;
  readonly eventId: string;
  readonly type: string;
  /** When it took effect (ISO date or date-time). */
  readonly gjelderFra: string;
  /** When it was recorded (ISO date-time). */
  readonly registrert: string;
  readonly utfoertAv?: { readonly personId: string; readonly organId: string; readonly rolle: string };
  readonly data: JsonObject;
}

export interface SakPaaTidspunkt {
  readonly sakId: string;
  /** `recorded`: as the system showed it at `tidspunkt`; `effective`: as in effect on the date. */
  readonly akse: 'recorded' | 'effective';
  readonly tidspunkt: string;
  /** The folded state; `null` when the sak did not exist yet on that axis. */
  readonly sak: SakState;
  readonly hendelser: readonly HistorikkPunkt[];
  /** The last stream revision included, or `null` if none. */
  readonly revisjon: number | null;
}

export class SakFinnesIkkeError extends Error {
  constructor(readonly sakId: string) {
    super(`Fant ingen sak ${sakId}.`);
    this.name = 'SakFinnesIkkeError';
  }
}

async function readSak(store: EventStore, sakId: string): Promise<RecordedEvent[]> {
  try {
    return await store.readStream(`${sakDecider.category}-${sakId}`);
  } catch (e) {
    if (e instanceof StreamNotFoundError) throw new SakFinnesIkkeError(sakId);
    throw e;
  }
}

export function historikkPunkt(e: RecordedEvent): HistorikkPunkt {
  const actor = e.metadata['actor'] as { personId?: unknown; organId?: unknown; rolle?: unknown } | undefined;
  const utfoertAv =
    actor && typeof actor.personId === 'string' && typeof actor.organId === 'string' && typeof actor.rolle === 'string'
      ? { personId: actor.personId, organId: actor.organId, rolle: actor.rolle }
      : undefined;
  return {
    hendelsesnummer: Number(e.revision),
    eventId: e.id,
    type: e.type,
    gjelderFra: effectiveTime(e),
    registrert: recordedTime(e).toISOString(),
    ...(utfoertAv ? { utfoertAv } : {}),
    data: e.data,
  };
}

/** The events of a stream recorded at or before `t`: the longest such prefix. */
export function recordedBy(events: readonly RecordedEvent[], t: Date): RecordedEvent[] {
  const out: RecordedEvent[] = [];
  for (const e of events) {
    if (recordedTime(e).getTime() > t.getTime()) break;
    out.push(e);
  }
  return out;
}

/** The events in effect on the date `dato` (calendar date), in stream order. */
export function inEffectOn(events: readonly RecordedEvent[], dato: string): RecordedEvent[] {
  const d = calendarDate(dato);
  return events.filter((e) => calendarDate(effectiveTime(e)) <= d);
}

/**
 * Folds the selected events of a sak stream, mapping `OpplysningKorrigert.hendelsesnummer` (a
 * number in the whole stream) to the position of the corrected event among the selected ones, and
 * leaving out corrections of events not selected.
 */
export function foldSak(selected: readonly RecordedEvent[]): SakState {
  const index = new Map<number, number>();
  const events: SakEvent[] = [];
  for (const e of selected) {
    // Event types the sak decider does not know (e.g. a future access-restriction event) do not change the state here.
    if (!SAK_HENDELSESTYPER.has(e.type)) continue;
    let data = e.data as unknown as Record<string, unknown>;
    if (e.type === 'OpplysningKorrigert') {
      const target = index.get(Number(data['hendelsesnummer']));
      if (target === undefined) continue;
      data = { ...data, hendelsesnummer: target };
    }
    index.set(Number(e.revision), events.length);
    events.push({ type: e.type, data } as unknown as SakEvent);
  }
  return fold(sakDecider, events);
}

const SAK_HENDELSESTYPER: ReadonlySet<string> = new Set(Object.values(HENDELSE_FOR_STEG));

/** The sak as the system showed it at time `t`. */
export async function sakSomRegistrert(store: EventStore, sakId: string, t: Date): Promise<SakPaaTidspunkt> {
  const selected = recordedBy(await readSak(store, sakId), t);
  return {
    sakId,
    akse: 'recorded',
    tidspunkt: t.toISOString(),
    sak: foldSak(selected),
    hendelser: selected.map(historikkPunkt),
    revisjon: selected.length > 0 ? Number(selected[selected.length - 1]!.revision) : null,
  };
}

/** The sak as in effect on `dato` (YYYY-MM-DD), with everything recorded (or recorded by `options.recordedBy`). */
export async function sakGjeldendePaaDato(store: EventStore, sakId: string, dato: string, options: { recordedBy?: Date } = {}): Promise<SakPaaTidspunkt> {
  let events = await readSak(store, sakId);
  if (options.recordedBy) events = recordedBy(events, options.recordedBy);
  const selected = inEffectOn(events, dato);
  const hendelser = selected.map(historikkPunkt).sort((a, b) => {
    const x = calendarDate(a.gjelderFra);
    const y = calendarDate(b.gjelderFra);
    return x < y ? -1 : x > y ? 1 : a.hendelsesnummer - b.hendelsesnummer;
  });
  return {
    sakId,
    akse: 'effective',
    tidspunkt: calendarDate(dato),
    sak: foldSak(selected),
    hendelser,
    revisjon: selected.length > 0 ? Math.max(...selected.map((e) => Number(e.revision))) : null,
  };
}

export interface OrganisasjonPaaDato {
  readonly dato: string;
  /** As recorded by this time, if given. */
  readonly registrertInnen?: string;
  /** The bodies that existed on the date (established, not dissolved), with the name and mandate they had then. */
  readonly organer: readonly Organ[];
  /** Who sat where, in which role, on the date (bodies not active on the date left out). */
  readonly verv: readonly Verv[];
}

/**
 * The organisation on date D: who sat in which body, in which role. Memberships and bodies carry
 * their own dates (fra/til, opprettet/nedlagt), so the bodies are folded from all their events (or
 * those recorded by `recordedBy`) and asked about D.
 */
export async function organisasjonPaaDato(store: EventStore, dato: string, options: { recordedBy?: Date; personId?: string } = {}): Promise<OrganisasjonPaaDato> {
  const log = await readWholeLog(store);
  const perStream = new Map<string, RecordedEvent[]>();
  for (const e of log) {
    if (!e.streamName.startsWith(`${organDecider.category}-`)) continue;
    const list = perStream.get(e.streamName) ?? [];
    list.push(e);
    perStream.set(e.streamName, list);
  }
  const organer: Organ[] = [];
  for (const events of perStream.values()) {
    events.sort((a, b) => (a.revision < b.revision ? -1 : a.revision > b.revision ? 1 : 0));
    const selected = options.recordedBy ? recordedBy(events, options.recordedBy) : events;
    const organ = fold(organDecider, selected.map((e) => ({ type: e.type, data: e.data }) as unknown as OrganEvent));
    if (organ) organer.push(organ);
  }
  organer.sort((a, b) => a.organId.localeCompare(b.organId));
  const dag = calendarDate(dato);
  return {
    dato: dag,
    ...(options.recordedBy ? { registrertInnen: options.recordedBy.toISOString() } : {}),
    organer: organer.filter((o) => erAktivPaaDato(o, dag)).map((o) => ({ ...o, navn: navnPaaDato(o, dag) ?? o.navn, mandat: mandatPaaDato(o, dag) ?? o.mandat })),
    verv: hvemSattHvorPaaDato(organer, dag, options.personId),
  };
}
