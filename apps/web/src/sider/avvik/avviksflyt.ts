import { useEffect, useState } from 'react';
import { offentligApi, type Skjema } from '../../api/klient';

export type Avviksflyt = Skjema<'AvvikArbeidsflytDto'>;

let hentet: Promise<Avviksflyt | undefined> | undefined;

/** The avvik workflow as the service declares it (GET /avvik/arbeidsflyt): steps, fields, addresses. Fetched once. */
export function useAvviksflyt(): Avviksflyt | undefined {
  const [flyt, settFlyt] = useState<Avviksflyt>();
  useEffect(() => {
    hentet ??= offentligApi.GET('/avvik/arbeidsflyt').then(({ data }) => data);
    let aktiv = true;
    void hentet.then((d) => aktiv && settFlyt(d));
    return () => {
      aktiv = false;
    };
  }, []);
  return flyt;
}

export const STATUSTEKST: Readonly<Record<string, string>> = {
  meldt: 'Meldt',
  under_behandling: 'Under behandling',
  venter_paa_melder: 'Venter på melder',
  besvart: 'Besvart',
  loeftet: 'Løftet til fagrådet',
  lukket: 'Lukket',
};
