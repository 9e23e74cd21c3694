import { randomUUID } from 'node:crypto';
import {
  type Aktoer,
  type Organ,
  type OrganCommand,
  organDecider,
  type OrganEvent,
  sakDecider,
  type SakCommand,
  type SakEvent,
  type SakState,
} from '@saksgang/domain';
import type { EventStore, JsonObject, Position } from '@saksgang/event-store';

/**
 * Takes steps through the real deciders and appends their events with the metadata the command path
 * writes (eventId, commandId, correlationId, causationId, actor, effectiveAt, recordedAt,
 * schemaVersion). Keeps the folded states, so tests can compare read models with the domain.
 */
export class Saksgang {
  readonly organer = new Map<string, Organ>();
  readonly saker = new Map<string, SakState>();
  private revisjoner = new Map<string, bigint>();
  last: Position | undefined;

  constructor(
    private readonly store: EventStore,
    public now: Date,
  ) {}

  private metadata(eventId: string, commandId: string, aktoer: Aktoer, effectiveAt: string): JsonObject {
    return {
      eventId,
      commandId,
      correlationId: commandId,
      causationId: commandId,
      actor: { personId: aktoer.personId, organId: aktoer.organId, rolle: aktoer.rolle },
      effectiveAt,
      recordedAt: this.now.toISOString(),
      schemaVersion: 1,
    };
  }

  private async append(stream: string, events: readonly { type: string; data: object }[], aktoer: Aktoer): Promise<void> {
    if (events.length === 0) return;
    const commandId = randomUUID();
    const expected = this.revisjoner.get(stream);
    const r = await this.store.appendToStream(
      stream,
      events.map((e) => {
        const id = randomUUID();
        const data = e.data as Record<string, unknown>;
        const effectiveAt = typeof data['gjelderFra'] === 'string' ? data['gjelderFra'] : this.now.toISOString();
        return { id, type: e.type, data: e.data as JsonObject, metadata: this.metadata(id, commandId, aktoer, effectiveAt) };
      }),
      { expectedRevision: expected ?? 'no_stream' },
    );
    this.revisjoner.set(stream, r.nextExpectedRevision);
    this.last = r.position;
  }

  /** Decides without appending: the events, or the domain's refusal. */
  decideSak(sakId: string, command: SakCommand, aktoer: Aktoer): SakEvent[] {
    const state = this.saker.get(sakId) ?? null;
    return sakDecider.decide(command, state, { now: this.now, aktoer, organer: (id) => this.organer.get(id) });
  }

  async organ(command: OrganCommand, aktoer: Aktoer): Promise<void> {
    const id = command.data.organId;
    const state = this.organer.get(id) ?? null;
    const events: OrganEvent[] = organDecider.decide(command, state, { now: this.now, aktoer, organer: (x) => this.organer.get(x) });
    const next = events.reduce((s, e) => organDecider.evolve(s, e), state);
    if (next) this.organer.set(id, next);
    await this.append(`organ-${id}`, events, aktoer);
  }

  async sak(sakId: string, command: SakCommand, aktoer: Aktoer): Promise<SakEvent[]> {
    const events = this.decideSak(sakId, command, aktoer);
    this.saker.set(sakId, events.reduce((s, e) => sakDecider.evolve(s, e), this.saker.get(sakId) ?? null));
    await this.append(`sak-${sakId}`, events, aktoer);
    return events;
  }
}

export const leder = (organId: string, personId = `leder-${organId}`): Aktoer => ({ personId, organId, rolle: 'leder' });
export const sekretaer = (organId: string, personId = `sekr-${organId}`): Aktoer => ({ personId, organId, rolle: 'sekretaer' });

/** The bodies of a helsefellesskap (ids suffixed so several test files can share nothing by accident). */
export async function opprettOrganer(g: Saksgang, suffix: string): Promise<Record<'psu' | 'asu' | 'au' | 'sekr' | 'fr2' | 'frk', string>> {
  const ids = {
    psu: `psu${suffix}`,
    asu: `asu${suffix}`,
    au: `au${suffix}`,
    sekr: `sekr${suffix}`,
    fr2: `fr2${suffix}`,
    frk: `frk${suffix}`,
  };
  const aktoer = sekretaer(ids.sekr);
  const lag = (organId: string, navn: string, organtype: string, oppnevntAv?: string) =>
    g.organ(
      { type: 'OpprettOrgan', data: { organId, navn, organtype, mandat: `Mandat for ${navn}`, gjelderFra: '2017-01-01', ...(oppnevntAv ? { oppnevntAv } : {}) } } as OrganCommand,
      aktoer,
    );
  await lag(ids.sekr, 'Sekretariatet', 'sekretariat');
  await lag(ids.psu, 'PSU Helsefellesskapet i nordre Trøndelag', 'psu');
  await lag(ids.asu, 'ASU', 'asu');
  await lag(ids.au, 'Arbeidsutvalget', 'arbeidsutvalg');
  await lag(ids.fr2, 'Fagråd 2', 'fagraad', ids.asu);
  await lag(ids.frk, 'Fagråd for kvalitet og pasientsikkerhet', 'fagraad', ids.asu);
  return ids;
}
