import { Inject, Injectable } from '@nestjs/common';
import { type Aktoer, NotFoundError, organDecider, organerIRelasjon, sakDecider, tillatteSteg } from '@saksgang/domain';
import { type EventStore, formatPosition, type RecordedEvent } from '@saksgang/event-store';
import { CommandPath, type OrganLoader } from '../command-path/command-path.js';
import { eventStoreOrganLoader } from '../command-path/organ-loader.js';
import { EVENT_STORE } from '../tokens.js';
import type { HendelseView, OrganView, SakView } from './queries.js';

/**
 * Reads one aggregate straight from its stream (always current; no projection lag). Lists and
 * cross-case questions belong to the projections.
 */
@Injectable()
export class SakReader {
  private readonly organLoader: OrganLoader;

  constructor(
    @Inject(CommandPath) private readonly path: CommandPath,
    @Inject(EVENT_STORE) store: EventStore,
  ) {
    this.organLoader = eventStoreOrganLoader(store);
  }

  async hentSak(sakId: string, aktoer?: Aktoer): Promise<SakView> {
    const loaded = await this.path.load(sakDecider, sakId);
    if (loaded.revision === 'no_stream') throw new NotFoundError('sak_ikke_funnet', `Saken ${sakId} finnes ikke.`);
    // Exact for the actor: its own body (type, level) and every body the sak involves (relations).
    const organer = aktoer ? await this.organLoader([aktoer.organId, ...organerIRelasjon('involvert', loaded.state)]) : undefined;
    return {
      sakId,
      revision: loaded.revision.toString(),
      state: toPlain(loaded.state) as Record<string, unknown>,
      tillatteSteg: aktoer && organer ? tillatteSteg(loaded.state, { aktoer, organer }) : tillatteSteg(loaded.state),
      hendelser: loaded.events.map(toHendelseView),
    };
  }

  async hentOrgan(organId: string): Promise<OrganView> {
    const loaded = await this.path.load(organDecider, organId);
    if (loaded.revision === 'no_stream') throw new NotFoundError('organ_ikke_funnet', `Organet ${organId} finnes ikke.`);
    return {
      organId,
      revision: loaded.revision.toString(),
      state: toPlain(loaded.state) as Record<string, unknown>,
      hendelser: loaded.events.map(toHendelseView),
    };
  }
}

export function toHendelseView(e: RecordedEvent): HendelseView {
  const m = e.metadata as Record<string, unknown>;
  const actor = m['actor'] as HendelseView['actor'] | undefined;
  return {
    eventId: e.id,
    type: e.type,
    revision: e.revision.toString(),
    position: formatPosition(e.position),
    effectiveAt: typeof m['effectiveAt'] === 'string' ? m['effectiveAt'] : e.recordedAt.toISOString(),
    recordedAt: typeof m['recordedAt'] === 'string' ? m['recordedAt'] : e.recordedAt.toISOString(),
    actor: actor ?? null,
    commandId: (m['commandId'] as string | undefined) ?? null,
    correlationId: (m['correlationId'] as string | undefined) ?? null,
    causationId: (m['causationId'] as string | undefined) ?? null,
    data: e.data as Record<string, unknown>,
  };
}

/** Maps, sets and bigints in domain state → plain JSON for the API. */
export function toPlain(v: unknown): unknown {
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Date) return v.toISOString();
  if (v instanceof Map) return Object.fromEntries([...v.entries()].map(([k, x]) => [String(k), toPlain(x)]));
  if (v instanceof Set) return [...v].map(toPlain);
  if (Array.isArray(v)) return v.map(toPlain);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toPlain(x)]));
  return v;
}
