import { useEffect, useState } from 'react';
import { api } from './api/klient';

export interface PartKort {
  readonly partId: string;
  readonly navn: string;
}

/**
 * The outside parties that exist today (GET /parter), by name: what a form offers for a field
 * declared `velges: 'part'`. Read when a form needs them, for the signed-in person (the list is not public).
 */
export function useParter(trengs: boolean): readonly PartKort[] | undefined {
  const [parter, settParter] = useState<readonly PartKort[]>();
  useEffect(() => {
    if (!trengs) return;
    let aktiv = true;
    void api.GET('/parter', {}).then(({ data }) => {
      if (!aktiv) return;
      const alle = (data?.parter ?? []).filter((p) => p.aktiv).map((p) => ({ partId: p.partId, navn: p.navn }));
      settParter(alle.sort((a, b) => a.navn.localeCompare(b.navn, 'nb')));
    });
    return () => {
      aktiv = false;
    };
  }, [trengs]);
  return parter;
}
