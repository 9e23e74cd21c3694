import { type DependencyList, useEffect, useState } from 'react';
import { feiltekst } from './api/klient';
import { useLive } from './live';

/**
 * A read for a page: fetched when the page opens, again when its inputs change and whenever a new fact
 * is in the log (`useLive`); the answer, or the refusal as a person reads it.
 */
export function useLesing<T>(hent: () => Promise<{ data?: T; error?: unknown }>, deps: DependencyList): { data: T | undefined; feil: string | undefined } {
  const [data, settData] = useState<T>();
  const [feil, settFeil] = useState<string>();
  const versjon = useLive();
  useEffect(() => {
    let aktiv = true;
    void hent().then(({ data: d, error }) => {
      if (!aktiv) return;
      if (d !== undefined) {
        settData(d);
        settFeil(undefined);
      } else settFeil(feiltekst(error));
    });
    return () => {
      aktiv = false;
    };
  }, [...deps, versjon]);
  return { data, feil };
}
