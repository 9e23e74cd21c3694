import { useSyncExternalStore } from 'react';

/** Whom the person acts for: one of their memberships (sent as X-Organ + X-Rolle). */
export interface HandlerFor {
  readonly organId: string;
  readonly organnavn: string;
  readonly rolle: string;
  readonly rollenavn: string;
}

/** The signed-in session: the bearer token and the person it names, kept for this browser tab. */
export interface Oekt {
  readonly token: string;
  readonly personId: string;
  readonly navn: string;
  readonly systemroller: readonly string[];
  readonly medlemskap: readonly HandlerFor[];
  readonly handlerFor?: HandlerFor;
}

const NOEKKEL = 'saksgang.oekt';
const lyttere = new Set<() => void>();
let gjeldende: Oekt | undefined = les();

function les(): Oekt | undefined {
  try {
    const s = sessionStorage.getItem(NOEKKEL);
    return s ? (JSON.parse(s) as Oekt) : undefined;
  } catch {
    return undefined;
  }
}

export function hentOekt(): Oekt | undefined {
  return gjeldende;
}

export function settOekt(oekt: Oekt | undefined): void {
  gjeldende = oekt;
  if (oekt) sessionStorage.setItem(NOEKKEL, JSON.stringify(oekt));
  else sessionStorage.removeItem(NOEKKEL);
  for (const l of lyttere) l();
}

export function byttHandlerFor(organId: string, rolle: string): void {
  const oekt = gjeldende;
  if (!oekt) return;
  const valgt = oekt.medlemskap.find((m) => m.organId === organId && m.rolle === rolle);
  settOekt({ ...oekt, ...(valgt ? { handlerFor: valgt } : {}) });
}

export function useOekt(): Oekt | undefined {
  return useSyncExternalStore(
    (l) => {
      lyttere.add(l);
      return () => lyttere.delete(l);
    },
    () => gjeldende,
  );
}
