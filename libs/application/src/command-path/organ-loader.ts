import { type EventStore, readStreams } from '@saksgang/event-store';
import { fold, type Organ, organDecider, type OrganEvent } from '@saksgang/domain';
import type { OrganLoader } from './command-path.js';

/**
 * Folds the `organ-<id>` streams a command refers to, so `decide` sees the bodies as recorded now.
 * All of them are read in one round trip where the store can.
 */
export function eventStoreOrganLoader(store: EventStore): OrganLoader {
  return async (organIds) => {
    const states = new Map<string, Organ>();
    const unique = [...new Set(organIds)];
    if (unique.length === 0) return (id: string) => states.get(id);
    const streams = await readStreams(store, unique.map((id) => `${organDecider.category}-${id}`));
    for (const id of unique) {
      const events = streams.get(`${organDecider.category}-${id}`);
      if (!events) continue;
      const organ = fold(organDecider, events.map((e) => ({ type: e.type, data: e.data }) as unknown as OrganEvent));
      if (organ) states.set(id, organ);
    }
    return (id: string) => states.get(id);
  };
}
