import { type EventStore, readStreams } from '@saksgang/event-store';
import { fold, type Korrespondansepart, korrespondansepartDecider, type KorrespondansepartEvent } from '@saksgang/domain';

/** Loads the outside parties a command refers to, for `context.parter`. */
export type PartLoader = (partIds: readonly string[]) => Promise<(partId: string) => Korrespondansepart | undefined>;

/** Folds the `korrespondansepart-<id>` streams a command refers to (one round trip where the store can). */
export function eventStorePartLoader(store: EventStore): PartLoader {
  return async (partIds) => {
    const states = new Map<string, Korrespondansepart>();
    const unique = [...new Set(partIds)];
    if (unique.length > 0) {
      const streams = await readStreams(store, unique.map((id) => `${korrespondansepartDecider.category}-${id}`));
      for (const id of unique) {
        const events = streams.get(`${korrespondansepartDecider.category}-${id}`);
        if (!events) continue;
        const part = fold(korrespondansepartDecider, events.map((e) => ({ type: e.type, data: e.data }) as unknown as KorrespondansepartEvent));
        if (part) states.set(id, part);
      }
    }
    return (id: string) => states.get(id);
  };
}
