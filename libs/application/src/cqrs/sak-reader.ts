import { Inject, Injectable } from '@nestjs/common';
import { type Aktoer, NotFoundError, offentligeHendelser, offentligTilstand, organDecider, organerIRelasjon, sakDecider, tillatteSteg } from '@saksgang/domain';
import { type EventStore, formatPosition, type RecordedEvent } from '@saksgang/event-store';
import { innsyn, innsynsorganer, type Leser, norskDato } from '../auth/innsyn.js';
import { CLOCK, type Clock } from '../clock.js';
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
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.organLoader = eventStoreOrganLoader(store);
  }

  /**
   * The sak with its state, allowed steps and events. Whether the reader sees what is exempt is
   * {@link innsyn}'s decision; otherwise the state is the public state (no state field derived from an
   * exempt value) and each event's data the public data (no exempt field, no copy of one).
   */
  async hentSak(sakId: string, aktoer?: Aktoer, leser?: Leser): Promise<SakView> {
    const loaded = await this.path.load(sakDecider, sakId);
    if (loaded.revision === 'no_stream' || loaded.state === null) throw new NotFoundError('sak_ikke_funnet', `Saken ${sakId} finnes ikke.`);
    const sak = loaded.state;
    // Exact for the actor: its own body (type, level) and every body the sak involves (relations); and the bodies the read predicate needs.
    const ider = [...(aktoer ? [aktoer.organId, ...organerIRelasjon('involvert', sak)] : []), ...innsynsorganer(leser, [sak])];
    const organer = ider.length > 0 ? await this.organLoader(ider) : () => undefined;
    const full = innsyn(leser, sak, organer, norskDato(this.clock.now())).full;
    const offentlige = full ? undefined : offentligeHendelser(sak);
    return {
      sakId,
      revision: loaded.revision.toString(),
      state: toPlain(full ? sak : offentligTilstand(sak)) as Record<string, unknown>,
      tillatteSteg: aktoer ? tillatteSteg(sak, { aktoer, organer }) : tillatteSteg(sak),
      hendelser: loaded.events.map((e, i) => {
        const v = toHendelseView(e);
        const o = offentlige?.[i];
        return o ? { ...v, data: { ...o.data }, ...(o.skjermet ? { skjermet: o.skjermet } : {}) } : v;
      }),
      innsyn: full ? 'full' : 'offentlig',
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
