import * as oauth from 'oauth4webapi';
import { api, feiltekst, type Skjema } from './api/klient';
import { settOekt } from './oekt';

/** What the service says about its OpenID Connect provider (GET /innlogging/oidc). */
export type OidcOppsett = Skjema<'OidcInnloggingDto'>;

/** Signs in with a bearer token: asks the service who the person is and whom they may act for, and keeps it for this tab. */
export async function loggInnMed(token: string): Promise<{ feil?: string; revisor?: boolean }> {
  const { data, error } = await api.GET('/meg', { headers: { authorization: `Bearer ${token}` } });
  if (!data) return { feil: feiltekst(error) };
  const medlemskap = data.medlemskap.map((m) => ({ organId: m.organId, organnavn: m.organnavn, rolle: m.rolle, rollenavn: m.rollenavn }));
  settOekt({ token, personId: data.personId, navn: data.navn, systemroller: data.systemroller, medlemskap, ...(medlemskap[0] ? { handlerFor: medlemskap[0] } : {}) });
  return { revisor: data.systemroller.includes('revisor') };
}

/** The sign-in started in this tab and not yet finished: what the answer must match (one use). */
interface Paabegynt {
  readonly state: string;
  readonly nonce: string;
  readonly verifier: string;
  readonly oppsett: OidcOppsett;
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
export async function startOidc(oppsett: OidcOppsett): Promise<void> {
  const as = await tilbyder(oppsett);
  if (!as.authorization_endpoint) throw new InnloggingFeil(`${oppsett.navn} oppgir ikke hvor innloggingen skjer (authorization_endpoint).`);
  const verifier = oauth.generateRandomCodeVerifier();
  const paabegynt: Paabegynt = { state: oauth.generateRandomState(), nonce: oauth.generateRandomNonce(), verifier, oppsett };
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
 * Returns the access token (for saksgang: its audience is the service's).
 */
export async function fullfoerOidc(her: URL): Promise<string> {
  const lagret = sessionStorage.getItem(PAABEGYNT);
  // One use: whatever happens next, this answer cannot be replayed in this tab.
  sessionStorage.removeItem(PAABEGYNT);
  if (!lagret) throw new InnloggingFeil('Denne innloggingen ble ikke startet i denne fanen (eller er allerede brukt). Start innloggingen på nytt.');
  const { state, nonce, verifier, oppsett } = JSON.parse(lagret) as Paabegynt;
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
    return tokener.access_token;
  } catch (e) {
    const grunn = e instanceof oauth.ResponseBodyError ? `: ${e.error_description ?? e.error}` : '';
    throw new InnloggingFeil(`${oppsett.navn} ga ikke noe token${grunn}. Start innloggingen på nytt.`, { cause: e });
  }
}
