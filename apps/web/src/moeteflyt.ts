import { useEffect, useState } from 'react';
import { offentligApi, type Skjema } from './api/klient';

export type Moeteflyt = Skjema<'MoeteArbeidsflytDto'>;

let hentet: Promise<Moeteflyt | undefined> | undefined;

/** The meeting workflow as the service declares it (GET /arbeidsflyt/moete): steps, fields, addresses. */
export function useMoeteflyt(): Moeteflyt | undefined {
  const [flyt, settFlyt] = useState<Moeteflyt>();
  useEffect(() => {
    hentet ??= offentligApi.GET('/arbeidsflyt/moete').then(({ data }) => data);
    let aktiv = true;
    void hentet.then((d) => aktiv && settFlyt(d));
    return () => {
      aktiv = false;
    };
  }, []);
  return flyt;
}
