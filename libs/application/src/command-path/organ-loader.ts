import { type EventStore, StreamNotFoundError } from '@saksgang/event-store';
import { fold, type Organ, organDecider, type OrganEvent } from '@saksgang/domain';
import type { OrganLoader } from './command-path.js';

/** Folds the `organ-<id>` streams a command refers to, so `decide` sees the bodies as recorded now. */
export function eventStoreOrganLoader(store: EventStore): OrganLoader {
  return async (organIds) => {
    const unique = [...new Set(organIds)];
    const states = new Map<string, Organ>();
    await Promise.all(
      unique.map(async (id) => {
        try {
          const events = await store.readStream(`${organDecider.category}-${id}`);
          const organ = fold(organDecider, events.map((e) => ({ type: e.type, data: e.data }) as unknown as OrganEvent));
          if (organ) states.set(id, organ);
        } catch (e) {
          if (!(e instanceof StreamNotFoundError)) throw e;
        }
      }),
    );
    return (id: string) => states.get(id);
  };
}
