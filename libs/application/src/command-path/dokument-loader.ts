import { type EventStore, readStreams } from '@saksgang/event-store';
import { type Dokument, dokumentDecider, type DokumentEvent, fold } from '@saksgang/domain';

/** Loads the documents a command names by `dokumentId`, for `context.dokumenter`. */
export type DokumentLoader = (dokumentIds: readonly string[]) => Promise<(dokumentId: string) => Dokument | undefined>;

/** Folds the `dokument-<id>` streams a command names (one round trip where the store can). */
export function eventStoreDokumentLoader(store: EventStore): DokumentLoader {
  return async (dokumentIds) => {
    const states = new Map<string, Dokument>();
    const unique = [...new Set(dokumentIds)];
    if (unique.length > 0) {
      const streams = await readStreams(store, unique.map((id) => `${dokumentDecider.category}-${id}`));
      for (const id of unique) {
        const events = streams.get(`${dokumentDecider.category}-${id}`);
        if (!events) continue;
        const dokument = fold(dokumentDecider, events.map((e) => ({ type: e.type, data: e.data }) as unknown as DokumentEvent));
        if (dokument) states.set(id, dokument);
      }
    }
    return (id: string) => states.get(id);
  };
}
