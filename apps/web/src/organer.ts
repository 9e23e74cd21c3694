import { useEffect, useState } from 'react';
import { offentligApi } from './api/klient';

export interface OrganKort {
  readonly organId: string;
  readonly navn: string;
  readonly nivaa: string;
  readonly organtype: string;
}

let hentet: Promise<OrganKort[]> | undefined;

/** The bodies of the helsefellesskap (GET /organer, public): for names and for choosing a body in a form. */
export function useOrganer(): readonly OrganKort[] | undefined {
  const [organer, settOrganer] = useState<readonly OrganKort[]>();
  useEffect(() => {
    hentet ??= offentligApi.GET('/organer').then(({ data }) => (data?.organer ?? []).filter((o) => !o.nedlagt));
    let aktiv = true;
    void hentet.then((o) => aktiv && settOrganer(o));
    return () => {
      aktiv = false;
    };
  }, []);
  return organer;
}

export function organnavn(organer: readonly OrganKort[] | undefined, organId: string | null | undefined): string {
  return organer?.find((o) => o.organId === organId)?.navn ?? organId ?? '';
}
