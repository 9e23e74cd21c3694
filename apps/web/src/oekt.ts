import { useSyncExternalStore } from 'react';
// From the generated schema, not the API client (which asks this module for the session).
import type { components } from './api/schema.generated';

type OidcOppsett = components['schemas']['OidcInnloggingDto'];

/** Whom the person acts for: one of their memberships (sent as X-Organ + X-Rolle). */
export interface HandlerFor {
  readonly organId: string;
  readonly organnavn: string;
  readonly rolle: string;
  readonly rollenavn: string;
}

/** What a session signed in with the OpenID Connect provider needs to renew its token and to log out there. */
export interface OidcOekt {
  readonly oppsett: OidcOppsett;
  /** The provider's refresh token, if it issued one (renewal without a visit to the provider). */
  readonly refreshToken?: string;
  /** The ID token, sent as `id_token_hint` when logging out at the provider. */
  readonly idToken?: string;
}

/** The signed-in session: the bearer token and the person it names, kept for this browser tab. */
export interface Oekt {
  readonly token: string;
  readonly personId: string;
  readonly navn: string;
  readonly systemroller: readonly string[];
  readonly medlemskap: readonly HandlerFor[];
  readonly handlerFor?: HandlerFor;
  /** When the access token was received and when it expires (ms since the epoch), if known. */
  readonly utstedt?: number;
  readonly utloeper?: number;
  /** Only when signed in with the provider. */
  readonly oidc?: OidcOekt;
}

/** The session ended because its token could not be renewed: what the frame tells the person. */
export interface Utloept {
  readonly oppsett?: OidcOppsett;
}

const NOEKKEL = 'saksgang.oekt';
const UTLOEPT = 'saksgang.oekt.utloept';
const lyttere = new Set<() => void>();
let gjeldende: Oekt | undefined = les<Oekt>(NOEKKEL);
let utloept: Utloept | undefined = les<Utloept>(UTLOEPT);

function les<T>(noekkel: string): T | undefined {
  try {
    const s = sessionStorage.getItem(noekkel);
    return s ? (JSON.parse(s) as T) : undefined;
  } catch {
    return undefined;
  }
}

export function hentOekt(): Oekt | undefined {
  return gjeldende;
}

/** A new session (or none: the tokens leave this tab's storage). A new session clears «Økten er utløpt». */
export function settOekt(oekt: Oekt | undefined): void {
  gjeldende = oekt;
  if (oekt) {
    sessionStorage.setItem(NOEKKEL, JSON.stringify(oekt));
    utloept = undefined;
    sessionStorage.removeItem(UTLOEPT);
  } else sessionStorage.removeItem(NOEKKEL);
  for (const l of lyttere) l();
}

/** The token could not be renewed: the session is gone (its tokens removed) and the frame says so. */
export function oektenErUtloept(): void {
  const oppsett = gjeldende?.oidc?.oppsett;
  settOekt(undefined);
  utloept = oppsett ? { oppsett } : {};
  sessionStorage.setItem(UTLOEPT, JSON.stringify(utloept));
  for (const l of lyttere) l();
}

/** Called whenever the session changes; returns the unsubscribe. */
export function lyttTilOekt(l: () => void): () => void {
  lyttere.add(l);
  return () => lyttere.delete(l);
}

let fornyer: (() => Promise<boolean>) | undefined;

/** Who renews the token (innlogging.ts registers itself; the API client only asks). */
export function registrerFornyer(f: () => Promise<boolean>): void {
  fornyer = f;
}

/**
 * Renews the session's token once, however many requests ask at the same time: true when there is a
 * new token to retry with; false when it could not be renewed (then the session has ended as expired).
 */
export function fornyOekt(): Promise<boolean> {
  if (!gjeldende) return Promise.resolve(false);
  if (!fornyer) {
    oektenErUtloept();
    return Promise.resolve(false);
  }
  return fornyer();
}

export function byttHandlerFor(organId: string, rolle: string): void {
  const oekt = gjeldende;
  if (!oekt) return;
  const valgt = oekt.medlemskap.find((m) => m.organId === organId && m.rolle === rolle);
  settOekt({ ...oekt, ...(valgt ? { handlerFor: valgt } : {}) });
}

export function useOekt(): Oekt | undefined {
  return useSyncExternalStore(lyttTilOekt, () => gjeldende);
}

export function useUtloept(): Utloept | undefined {
  return useSyncExternalStore(lyttTilOekt, () => utloept);
}
