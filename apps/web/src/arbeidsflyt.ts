import { useEffect, useState } from 'react';
import { api, type Skjema } from './api/klient';

export type Arbeidsflyt = Skjema<'ArbeidsflytDto'>;
export type Steg = Arbeidsflyt['steg'][number];
export type Felt = Steg['felter'][number];

let hentet: Promise<Arbeidsflyt> | undefined;

/** The workflow as the service declares it (GET /arbeidsflyt): step names, fields, rules. Fetched once. */
export function useArbeidsflyt(): Arbeidsflyt | undefined {
  const [flyt, settFlyt] = useState<Arbeidsflyt>();
  useEffect(() => {
    hentet ??= api.GET('/arbeidsflyt').then(({ data, error }) => {
      if (!data) {
        hentet = undefined;
        throw new Error(String(error));
      }
      return data;
    });
    let aktiv = true;
    hentet.then((d) => aktiv && settFlyt(d)).catch(() => undefined);
    return () => {
      aktiv = false;
    };
  }, []);
  return flyt;
}

export function fasenavn(flyt: Arbeidsflyt | undefined, fase: string | undefined): string {
  return flyt?.faser.find((f) => f.fase === fase)?.beskrivelse ?? fase ?? '';
}
