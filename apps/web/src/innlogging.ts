import * as oauth from 'oauth4webapi';
import { api, feiltekst, type Skjema } from './api/klient';
import { hentOekt, lyttTilOekt, type Oekt, type OidcOekt, oektenErUtloept, registrerFornyer, settOekt } from './oekt';

/** What the service says about its OpenID Connect provider (GET /innlogging/oidc). */
export type OidcOppsett = Skjema<'OidcInnloggingDto'>;

/** When a token expires (ms since the epoch): its `exp`, else `expires_in` from now, else unknown. */
function utloeperFor(token: string, expiresIn?: number): number | undefined {
  try {
    const del = token.split('.')[1];
    if (del) {
      const exp = (JSON.parse(atob(del.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: unknown }).exp;
      if (typeof exp === 'number' && Number.isFinite(exp)) return exp * 1000;
    }
  } catch {
    // not a JWT the app can read: fall back to expires_in
  }
  return expiresIn !== undefined ? Date.now() + expiresIn * 1000 : undefined;
}

/**
 * Signs in with a bearer token: asks the service who the person is and whom they may act for, and keeps it for this tab.
 * When the same person signs in again (a renewal through the provider), whom they act for is kept.
 */
export async function loggInnMed(token: string, oidc?: OidcOekt, expiresIn?: number): Promise<{ feil?: string; revisor?: boolean }> {
  const { data, error } = await api.GET('/meg', { headers: { authorization: `Bearer ${token}` } });
  if (!data) return { feil: feiltekst(error) };
  const medlemskap = data.medlemskap.map((m) => ({ organId: m.organId, organnavn: m.organnavn, rolle: m.rolle, rollenavn: m.rollenavn }));
  const foer = hentOekt()?.personId === data.personId ? hentOekt()?.handlerFor : undefined;
  const handlerFor = medlemskap.find((m) => m.organId === foer?.organId && m.rolle === foer?.rolle) ?? medlemskap[0];
  const utloeper = utloeperFor(token, expiresIn);
  settOekt({
    token,
    personId: data.personId,
    navn: data.navn,
    systemroller: data.systemroller,
    medlemskap,
    ...(handlerFor ? { handlerFor } : {}),
    utstedt: Date.now(),
    ...(utloeper ? { utloeper } : {}),
    ...(oidc ? { oidc } : {}),
  });
  return { revisor: data.systemroller.includes('revisor') };
}

/** The sign-in started in this tab and not yet finished: what the answer must match (one use). */
interface Paabegynt {
  readonly state: string;
  readonly nonce: string;
  readonly verifier: string;
  readonly oppsett: OidcOppsett;
  /** The app's page to come back to (a renewal keeps the page the person was on). */
  readonly tilbakeTil?: string;
}

const PAABEGYNT = 'saksgang.oidc';

/** A sign-in that could not be finished, with the reason as a person reads it. */
export class InnloggingFeil extends Error {}

/** `http://` is accepted only where the service's configuration allowed it (localhost). */
const usikkerTillatt = (url: URL) => (url.protocol === 'http:' ? { [oauth.allowInsecureRequests]: true } : {});

function redirectUri(oppsett: OidcOppsett): string {
  return new URL(oppsett.tilbake, location.origin).href;
}

/** The provider's metadata, from its discovery document (`<issuer>/.well-known/openid-configuration`). */
async function tilbyder(oppsett: OidcOppsett): Promise<oauth.AuthorizationServer> {
  const issuer = new URL(oppsett.issuer);
  try {
    return await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, usikkerTillatt(issuer)));
  } catch (e) {
    throw new InnloggingFeil(`Fikk ikke kontakt med ${oppsett.navn} (${issuer.host}). Prøv igjen om litt.`, { cause: e });
  }
}

/**
 * Starts the authorization code flow with PKCE (S256): a fresh state, nonce and code verifier kept in
 * this tab's sessionStorage, then the browser goes to the provider's authorization endpoint.
 */
export async function startOidc(oppsett: OidcOppsett, valg: { tilbakeTil?: string } = {}): Promise<void> {
  const as = await tilbyder(oppsett);
  if (!as.authorization_endpoint) throw new InnloggingFeil(`${oppsett.navn} oppgir ikke hvor innloggingen skjer (authorization_endpoint).`);
  const verifier = oauth.generateRandomCodeVerifier();
  const tilbakeTil = valg.tilbakeTil && appSti(valg.tilbakeTil);
  const paabegynt: Paabegynt = { state: oauth.generateRandomState(), nonce: oauth.generateRandomNonce(), verifier, oppsett, ...(tilbakeTil ? { tilbakeTil } : {}) };
  sessionStorage.setItem(PAABEGYNT, JSON.stringify(paabegynt));
  const url = new URL(as.authorization_endpoint);
  url.searchParams.set('client_id', oppsett.clientId);
  url.searchParams.set('redirect_uri', redirectUri(oppsett));
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', oppsett.scope);
  url.searchParams.set('state', paabegynt.state);
  url.searchParams.set('nonce', paabegynt.nonce);
  url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(verifier));
  url.searchParams.set('code_challenge_method', 'S256');
  if (oppsett.resource) url.searchParams.set('resource', oppsett.resource);
  location.assign(url.href);
}

/**
 * Finishes the sign-in on the page the provider sent the browser back to: the answer must carry the
 * state this tab sent (else nothing is exchanged), the code is exchanged at the token endpoint with the
 * code verifier (a public client: no secret), the ID token's issuer, audience and nonce are checked.
 * Returns the access token (for saksgang: its audience is the service's), the refresh token if the
 * provider issued one, the ID token (for logging out) and the page to go back to.
 */
export async function fullfoerOidc(her: URL): Promise<{ token: string; expiresIn?: number; oidc: OidcOekt; tilbakeTil?: string }> {
  const lagret = sessionStorage.getItem(PAABEGYNT);
  // One use: whatever happens next, this answer cannot be replayed in this tab.
  sessionStorage.removeItem(PAABEGYNT);
  if (!lagret) throw new InnloggingFeil('Denne innloggingen ble ikke startet i denne fanen (eller er allerede brukt). Start innloggingen på nytt.');
  const { state, nonce, verifier, oppsett, tilbakeTil } = JSON.parse(lagret) as Paabegynt;
  if (her.searchParams.get('state') !== state) {
    throw new InnloggingFeil('Svaret fra innloggingen hører ikke til innloggingen denne fanen startet (state stemmer ikke). Du er ikke logget inn. Start innloggingen på nytt.');
  }
  const as = await tilbyder(oppsett);
  const client: oauth.Client = { client_id: oppsett.clientId };
  let svar: URLSearchParams;
  try {
    svar = oauth.validateAuthResponse(as, client, her, state);
  } catch (e) {
    if (e instanceof oauth.AuthorizationResponseError) {
      throw new InnloggingFeil(e.error === 'access_denied' ? 'Innloggingen ble avbrutt.' : `${oppsett.navn} avviste innloggingen: ${e.error_description ?? e.error}.`, { cause: e });
    }
    throw new InnloggingFeil(`Svaret fra ${oppsett.navn} kunne ikke godtas. Start innloggingen på nytt.`, { cause: e });
  }
  const issuer = new URL(oppsett.issuer);
  try {
    const res = await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), svar, redirectUri(oppsett), verifier, {
      ...usikkerTillatt(issuer),
      ...(oppsett.resource ? { additionalParameters: { resource: oppsett.resource } } : {}),
    });
    const tokener = await oauth.processAuthorizationCodeResponse(as, client, res, { expectedNonce: nonce, requireIdToken: true });
    const oidc: OidcOekt = { oppsett, ...(tokener.refresh_token ? { refreshToken: tokener.refresh_token } : {}), ...(tokener.id_token ? { idToken: tokener.id_token } : {}) };
    return { token: tokener.access_token, oidc, ...(tokener.expires_in !== undefined ? { expiresIn: tokener.expires_in } : {}), ...(tilbakeTil ? { tilbakeTil } : {}) };
  } catch (e) {
    const grunn = e instanceof oauth.ResponseBodyError ? `: ${e.error_description ?? e.error}` : '';
    throw new InnloggingFeil(`${oppsett.navn} ga ikke noe token${grunn}. Start innloggingen på nytt.`, { cause: e });
  }
}

/** A path inside the app (`/app/…`), or undefined: the page to come back to is never another site. */
function appSti(sti: string): string | undefined {
  return /^\/app(\/|$)/.test(sti) && !sti.startsWith('//') && !sti.includes('\\') ? sti : undefined;
}

/** The page the person is on now, to come back to after a sign-in. */
export function herNaa(): string {
  return `${location.pathname}${location.search}`;
}

let fornyes: Promise<boolean> | undefined;

/**
 * Renews the access token before it expires, or when a request got 401, once however many ask:
 * - with the provider's refresh token: the refresh_token grant as a public client (client_id, no
 *   secret; the provider rotates the refresh token, the new one is kept), with the resource indicator;
 * - signed in with the provider but without a refresh token: through the sign-in again, back to this
 *   page (the provider's session makes it a round trip; typed text is kept as drafts);
 * - otherwise, or when the provider refuses: the session has expired («Økten er utløpt»).
 */
function forny(): Promise<boolean> {
  fornyes ??= fornyNaa().finally(() => {
    fornyes = undefined;
  });
  return fornyes;
}

async function fornyNaa(): Promise<boolean> {
  const oekt = hentOekt();
  if (!oekt) return false;
  const o = oekt.oidc;
  // On the page where the provider's answer is being finished a new session is on its way (then
  // renewed in its turn): renewing the old one here would start another sign-in and lose that answer.
  if (o && location.pathname === new URL(o.oppsett.tilbake, location.origin).pathname) return false;
  if (o?.refreshToken) {
    try {
      const as = await tilbyder(o.oppsett);
      const client: oauth.Client = { client_id: o.oppsett.clientId };
      const res = await oauth.refreshTokenGrantRequest(as, client, oauth.None(), o.refreshToken, {
        ...usikkerTillatt(new URL(o.oppsett.issuer)),
        ...(o.oppsett.resource ? { additionalParameters: { resource: o.oppsett.resource } } : {}),
      });
      const t = await oauth.processRefreshTokenResponse(as, client, res);
      const naa = hentOekt();
      // Logged out (or someone else signed in) while the provider answered: nothing to renew.
      if (naa?.personId !== oekt.personId) return false;
      const utloeper = utloeperFor(t.access_token, t.expires_in);
      const { utloeper: _gammel, ...resten } = naa;
      settOekt({
        ...resten,
        token: t.access_token,
        utstedt: Date.now(),
        ...(utloeper ? { utloeper } : {}),
        oidc: { ...o, refreshToken: t.refresh_token ?? o.refreshToken, ...(t.id_token ? { idToken: t.id_token } : {}) },
      } satisfies Oekt);
      return true;
    } catch {
      oektenErUtloept();
      return false;
    }
  }
  if (o) {
    try {
      await startOidc(o.oppsett, { tilbakeTil: herNaa() });
    } catch {
      oektenErUtloept();
      return false;
    }
    // The browser is on its way to the provider: the request that asked is not retried here.
    return new Promise<boolean>(() => undefined);
  }
  oektenErUtloept();
  return false;
}
registrerFornyer(forny);

let tidtaker: ReturnType<typeof setTimeout> | undefined;

/**
 * Keeps a provider's session renewed without the person noticing: the renewal is planned when three
 * quarters of the token's lifetime have passed (at the latest a minute before it expires), and again
 * after each new token. Returns the stop.
 */
export function holdOektenFornyet(): () => void {
  let planlagtFor: string | undefined;
  const planlegg = () => {
    const oekt = hentOekt();
    if (oekt?.token === planlagtFor) return;
    planlagtFor = oekt?.token;
    clearTimeout(tidtaker);
    if (!oekt?.oidc || oekt.utloeper === undefined) return;
    const levetid = oekt.utloeper - (oekt.utstedt ?? Date.now());
    const om = oekt.utloeper - Math.min(60_000, levetid / 4) - Date.now();
    tidtaker = setTimeout(() => void forny(), Math.max(0, om));
  };
  planlegg();
  const stopp = lyttTilOekt(planlegg);
  return () => {
    stopp();
    clearTimeout(tidtaker);
  };
}

/** Signs in again after «Økten er utløpt», back to this page. */
export async function loggInnIgjen(oppsett: OidcOppsett): Promise<void> {
  await startOidc(oppsett, { tilbakeTil: herNaa() });
}

/** Where the provider sends the browser after logging out (registered at the provider as a post-logout redirect URI). */
export const ETTER_UTLOGGING = '/app/innsyn';

/**
 * «Logg ut»: the session ends here (its tokens leave this tab's storage; the refresh token is revoked
 * at the provider if it offers revocation), and with a provider the browser goes to its
 * end_session_endpoint (RP-initiated logout with id_token_hint, back to {@link ETTER_UTLOGGING}).
 * Returns false when there is no provider logout to go to (the app then shows its public pages itself).
 */
export async function loggUt(): Promise<boolean> {
  const oekt = hentOekt();
  settOekt(undefined);
  sessionStorage.removeItem(PAABEGYNT);
  const o = oekt?.oidc;
  if (!o) return false;
  let as: oauth.AuthorizationServer;
  try {
    as = await tilbyder(o.oppsett);
  } catch {
    return false;
  }
  const client: oauth.Client = { client_id: o.oppsett.clientId };
  if (o.refreshToken && as.revocation_endpoint) {
    await oauth
      .revocationRequest(as, client, oauth.None(), o.refreshToken, { ...usikkerTillatt(new URL(o.oppsett.issuer)), additionalParameters: { token_type_hint: 'refresh_token' } })
      .then((res) => oauth.processRevocationResponse(res))
      .catch(() => undefined);
  }
  if (!as.end_session_endpoint) return false;
  const url = new URL(as.end_session_endpoint);
  url.searchParams.set('client_id', o.oppsett.clientId);
  if (o.idToken) url.searchParams.set('id_token_hint', o.idToken);
  url.searchParams.set('post_logout_redirect_uri', new URL(ETTER_UTLOGGING, location.origin).href);
  location.assign(url.href);
  return true;
}
