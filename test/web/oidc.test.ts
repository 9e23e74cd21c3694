/**
 * Sign-in with OpenID Connect (#17 item 1): the web app's authorization code flow with PKCE (S256)
 * against a real OpenID provider (`oidc-provider`) started in this process on a free port: a public
 * client registered for the app's redirect URI, PKCE required, JWT access tokens for saksgang's
 * audience (resource indicators) signed with RS256, whose JWKS the service verifies tokens with. The
 * provider's interaction has no UI: this test logs in a demo person. The browser signs in through it
 * and lands on the arbeidsliste acting for ASU; an answer with a wrong state is refused; the local
 * sign-in is off. Renewal: with short-lived access tokens the person stays signed in past expiry —
 * with the provider's (rotated) refresh token, or without one through the sign-in again, back on the
 * same page with the typed text; a 401 renews once and retries; a failed renewal says «Økten er
 * utløpt». Logout: the tokens leave the tab, the refresh token is revoked, the browser goes through
 * the provider's end-session page (RP-initiated logout) and back. Also, without a browser: the
 * configuration, GET /innlogging/oidc and the app's CSP.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { type ConfigError, loadConfig } from '@saksgang/application';
import { decodeJwt, exportJWK, generateKeyPair, SignJWT } from 'jose';
import Provider, { errors as oidcErrors } from 'oidc-provider';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { APP_CSP, appCsp } from '../../apps/api/src/http/hardening.js';
import { expectProblemResponse, startTestApi } from '../api/support.js';
import { nySide, skjermbilde, startNettleser, startTjeneste, tilgjengelighet, type Tjeneste, UTEN_NETTLESER } from './nettleser.js';

jest.setTimeout(300_000);

const CLIENT_ID = 'saksgang-web';
const AUDIENCE = 'urn:saksgang:api';
/** Who the provider's interaction logs in: secretary of ASU in the demo. */
const PERSON = 'olav-bremnes';

const feilmelding = (env: Record<string, string>): string => {
  try {
    loadConfig(env);
    return '';
  } catch (e) {
    return (e as ConfigError).message;
  }
};
const JWKS = { SAKSGANG_AUTH_JWKS_URL: 'https://idporten.no/jwks.json', SAKSGANG_AUTH_ISSUER: 'https://idporten.no', SAKSGANG_AUTH_AUDIENCE: 'https://saksgang.example.no' };

describe('OpenID Connect sign-in: configuration, GET /innlogging/oidc and the app\'s CSP', () => {
  it('the web client is configured with the provider\'s tokens only, and each mistake is named', () => {
    const c = loadConfig({ ...JWKS, SAKSGANG_OIDC_CLIENT_ID: 'saksgang-web', SAKSGANG_OIDC_SCOPE: ' openid   profile ', SAKSGANG_OIDC_RESOURCE: 'https://saksgang.example.no' });
    expect(c.webOidc).toEqual({ issuer: 'https://idporten.no', clientId: 'saksgang-web', scope: 'openid profile', resource: 'https://saksgang.example.no', navn: 'ID-porten' });
    const entra = 'https://login.microsoftonline.com/3aa4a235-b6e2-48d5-9195-7fcf05b459b0/v2.0';
    expect(loadConfig({ ...JWKS, SAKSGANG_AUTH_ISSUER: entra, SAKSGANG_OIDC_CLIENT_ID: 'x' }).webOidc).toMatchObject({ issuer: entra, scope: 'openid', navn: 'Entra ID' });
    expect(loadConfig({ ...JWKS, SAKSGANG_OIDC_CLIENT_ID: 'x', SAKSGANG_OIDC_NAME: 'Helse-ID' }).webOidc?.navn).toBe('Helse-ID');
    expect(loadConfig(JWKS).webOidc).toBeUndefined();
    expect(loadConfig({}).webOidc).toBeUndefined();

    expect(feilmelding({ SAKSGANG_OIDC_CLIENT_ID: 'x' })).toMatch(/SAKSGANG_OIDC_CLIENT_ID needs SAKSGANG_AUTH_JWKS_URL/);
    expect(feilmelding({ SAKSGANG_AUTH_SECRET: 'a'.repeat(40), SAKSGANG_OIDC_CLIENT_ID: 'x' })).toMatch(/SAKSGANG_OIDC_CLIENT_ID needs SAKSGANG_AUTH_JWKS_URL/);
    expect(feilmelding({ ...JWKS, SAKSGANG_AUTH_ISSUER: 'idporten', SAKSGANG_OIDC_CLIENT_ID: 'x' })).toMatch(/"idporten" is not a URL/);
    expect(feilmelding({ ...JWKS, SAKSGANG_AUTH_ISSUER: 'http://idporten.no', SAKSGANG_OIDC_CLIENT_ID: 'x' })).toMatch(/must be https:\/\//);
    expect(feilmelding({ ...JWKS, SAKSGANG_OIDC_CLIENT_ID: 'x', SAKSGANG_OIDC_SCOPE: 'profile' })).toMatch(/SAKSGANG_OIDC_SCOPE must include openid \(got "profile"\)/);
    expect(feilmelding({ ...JWKS, SAKSGANG_OIDC_CLIENT_ID: 'x', SAKSGANG_OIDC_SCOPE: 'openid "x"' })).toMatch(/SAKSGANG_OIDC_SCOPE: scopes separated by spaces/);
    expect(feilmelding({ ...JWKS, SAKSGANG_OIDC_CLIENT_ID: 'x', SAKSGANG_OIDC_RESOURCE: 'saksgang' })).toMatch(/SAKSGANG_OIDC_RESOURCE: "saksgang" is not an absolute URI/);
    expect(feilmelding({ ...JWKS, SAKSGANG_OIDC_CLIENT_ID: 'x', SAKSGANG_OIDC_RESOURCE: 'https://a.example/#f' })).toMatch(/without a fragment/);
    expect(feilmelding({ ...JWKS, SAKSGANG_OIDC_CLIENT_ID: 'x y' })).toMatch(/SAKSGANG_OIDC_CLIENT_ID: at most 200 visible ASCII characters/);
    expect(feilmelding({ ...JWKS, SAKSGANG_OIDC_SCOPE: 'openid', SAKSGANG_OIDC_NAME: 'ID-porten' })).toMatch(/SAKSGANG_OIDC_SCOPE, SAKSGANG_OIDC_NAME need SAKSGANG_OIDC_CLIENT_ID/);
  });

  it('the app may call the provider\'s origin (discovery, token endpoint) only when a provider is configured', () => {
    const c = loadConfig({ ...JWKS, SAKSGANG_AUTH_ISSUER: 'https://login.microsoftonline.com/t/v2.0', SAKSGANG_OIDC_CLIENT_ID: 'x' });
    expect(appCsp(c)).toBe(APP_CSP.replace("connect-src 'self'", "connect-src 'self' https://login.microsoftonline.com"));
    expect(appCsp(loadConfig(JWKS))).toBe(APP_CSP);
    expect(appCsp(loadConfig({}))).toBe(APP_CSP);
  });

  it('GET /innlogging/oidc: 404 without a provider (the local sign-in is on); with one, what the app needs, the local sign-in off and the CSP widened', async () => {
    const lokal = await startTestApi({ SAKSGANG_DEV_ACTOR_HEADERS: 'off' });
    try {
      const res = await lokal.request('GET', '/innlogging/oidc');
      expectProblemResponse(res, 404, 'oidc_innlogging_av');
      const lokaltToken = await lokal.request('POST', '/innlogging/lokal', { body: { personId: PERSON } });
      expect(lokaltToken.status).toBe(200);
      expect(decodeJwt(lokaltToken.json.token)).toMatchObject({ sub: PERSON, iss: 'saksgang-lokal' });
      expect(String((await lokal.request('GET', '/app/logg-inn')).headers['content-security-policy'])).toContain("connect-src 'self';");
    } finally {
      await lokal.close();
    }
    const medOidc = await startTestApi({ SAKSGANG_DEV_ACTOR_HEADERS: 'off', ...JWKS, SAKSGANG_OIDC_CLIENT_ID: 'saksgang-web', SAKSGANG_OIDC_RESOURCE: 'https://saksgang.example.no' });
    try {
      const res = await medOidc.request('GET', '/innlogging/oidc');
      expect(res.status).toBe(200);
      expect(res.json).toEqual({ issuer: 'https://idporten.no', clientId: 'saksgang-web', scope: 'openid', resource: 'https://saksgang.example.no', navn: 'ID-porten', tilbake: '/app/innlogging/tilbake' });
      expectProblemResponse(await medOidc.request('GET', '/innlogging/lokal'), 404, 'lokal_innlogging_av');
      expectProblemResponse(await medOidc.request('POST', '/innlogging/lokal', { body: { personId: PERSON } }), 404, 'lokal_innlogging_av');
      const csp = String((await medOidc.request('GET', '/app/innlogging/tilbake')).headers['content-security-policy']);
      expect(csp).toContain("connect-src 'self' https://idporten.no;");
      expect(csp).toContain("form-action 'self'");
      // The API's own answers keep their policy.
      expect(String(res.headers['content-security-policy'])).not.toContain('idporten');
      const doc = (await medOidc.request('GET', '/docs-json')).json;
      const op = doc.paths['/innlogging/oidc'].get;
      expect(op.security).toEqual([]);
      expect(Object.keys(op.responses).sort()).toEqual(expect.arrayContaining(['200', '404']));
      expect(op.responses['200'].content['application/json'].schema.$ref).toMatch(/OidcInnloggingDto$/);
    } finally {
      await medOidc.close();
    }
  });
});

/** An OpenID provider in this process: its address is known at once, its configuration (the app's redirect URI) once the service listens. */
class Tilbyder {
  readonly server: Server;
  provider: Provider | undefined;
  issuer = '';
  /** Who each finished login interaction logged in. */
  readonly innlogginger: string[] = [];
  private handler: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  private jwk: Record<string, unknown> = {};
  /** When set, the provider's answers to the app carry this state instead of the one the app sent (a tampered answer). */
  byttState: string | undefined;
  private appUrl = '';
  privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'] | undefined;
  /** Whether the provider issues refresh tokens (as ID-porten to a client registered for them; Entra ID with offline_access). */
  medRefresh = true;
  /** The access tokens' lifetime in seconds (short in the renewal tests). */
  levetid = 3600;

  constructor() {
    this.server = createServer((req, res) => {
      if (!this.provider || !this.handler) {
        res.writeHead(503).end();
        return;
      }
      if (req.url?.startsWith('/interaction/')) {
        this.interaksjon(req, res).catch((e: unknown) => {
          res.writeHead(500, { 'content-type': 'text/plain' }).end(String(e));
        });
        return;
      }
      if (this.byttState) this.forfalsk(res, this.byttState);
      this.handler(req, res);
    });
  }

  /** Replaces the state in the redirect back to the app. */
  private forfalsk(res: ServerResponse, state: string): void {
    const setHeader = res.setHeader.bind(res);
    res.setHeader = (navn: string, verdi: number | string | readonly string[]) => {
      if (navn.toLowerCase() === 'location' && typeof verdi === 'string' && verdi.startsWith(`${this.appUrl}/app/innlogging/tilbake?`)) {
        const u = new URL(verdi);
        if (u.searchParams.has('state')) u.searchParams.set('state', state);
        return setHeader(navn, u.href);
      }
      return setHeader(navn, verdi);
    };
  }

  async lytt(): Promise<void> {
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    this.privateKey = privateKey;
    this.jwk = { ...(await exportJWK(privateKey)), kid: 'saksgang-test', alg: 'RS256', use: 'sig' };
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    this.issuer = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
  }

  /** The provider, with the web app (a public client at the service's address) registered. */
  start(appUrl: string): void {
    this.appUrl = appUrl;
    const provider = new Provider(this.issuer, {
      clients: [
        {
          client_id: CLIENT_ID,
          token_endpoint_auth_method: 'none',
          redirect_uris: [`${appUrl}/app/innlogging/tilbake`],
          post_logout_redirect_uris: [`${appUrl}/app/innsyn`],
          grant_types: ['authorization_code', 'refresh_token'],
          response_types: ['code'],
        },
      ],
      // A public client's refresh tokens are rotated on every use (oidc-provider's default for them).
      issueRefreshToken: (_ctx, client) => this.medRefresh && client.grantTypeAllowed('refresh_token'),
      jwks: { keys: [this.jwk as never] },
      pkce: { required: () => true },
      // The access tokens' lifetime is read when each is issued (a fixed AccessToken TTL would override the resource server's).
      ttl: { AccessToken: () => this.levetid, AuthorizationCode: 60, Grant: 3600, IdToken: 3600, Interaction: 600, Session: 3600, RefreshToken: 3600 },
      scopes: ['openid'],
      features: {
        devInteractions: { enabled: false },
        revocation: { enabled: true },
        rpInitiatedLogout: { enabled: true },
        resourceIndicators: {
          enabled: true,
          useGrantedResource: () => true,
          getResourceServerInfo: (_ctx, indicator) => {
            if (indicator !== AUDIENCE) throw new oidcErrors.InvalidTarget();
            return { scope: 'saksgang', audience: AUDIENCE, accessTokenFormat: 'jwt', accessTokenTTL: this.levetid, jwt: { sign: { alg: 'RS256' } } };
          },
        },
      },
      interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
      findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub }) }),
      cookies: { keys: [randomBytes(32).toString('hex')] },
      clientBasedCORS: (_ctx, origin) => origin === appUrl,
    });
    this.provider = provider;
    this.handler = provider.callback() as unknown as (req: IncomingMessage, res: ServerResponse) => void;
  }

  /** The provider's interaction without a UI: log in {@link PERSON}, then consent to what the app asked for. */
  private async interaksjon(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const provider = this.provider!;
    const detaljer = await provider.interactionDetails(req, res);
    if (detaljer.prompt.name === 'login') {
      this.innlogginger.push(PERSON);
      await provider.interactionFinished(req, res, { login: { accountId: PERSON } }, { mergeWithLastSubmission: false });
      return;
    }
    const mangler = detaljer.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[]; missingResourceScopes?: Record<string, string[]> };
    const grant = detaljer.grantId ? (await provider.Grant.find(detaljer.grantId))! : new provider.Grant({ accountId: detaljer.session!.accountId, clientId: String(detaljer.params['client_id']) });
    if (mangler.missingOIDCScope) grant.addOIDCScope(mangler.missingOIDCScope.join(' '));
    if (mangler.missingOIDCClaims) grant.addOIDCClaims(mangler.missingOIDCClaims);
    for (const [ressurs, scopes] of Object.entries(mangler.missingResourceScopes ?? {})) grant.addResourceScope(ressurs, scopes.join(' '));
    await provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
  }

  /** A token as the provider would issue it (for waiting until the demo is loaded); `utloept`: one that expired two minutes ago. */
  token(sub: string, utloept = false): Promise<string> {
    const naa = Math.floor(Date.now() / 1000);
    return new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', kid: 'saksgang-test' })
      .setSubject(sub)
      .setIssuer(this.issuer)
      .setAudience(AUDIENCE)
      .setIssuedAt(utloept ? naa - 600 : naa)
      .setExpirationTime(utloept ? naa - 120 : naa + 300)
      .sign(this.privateKey!);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

if (UTEN_NETTLESER) console.warn(`SKIPPED: ${UTEN_NETTLESER}`);
const beskriv = UTEN_NETTLESER ? describe.skip : describe;

beskriv('the web app signs in with a real OpenID provider (authorization code flow with PKCE)', () => {
  const tilbyder = new Tilbyder();
  let tjeneste: Tjeneste;
  let nettleser: Browser;
  const kontekster: BrowserContext[] = [];
  const ny = async () => {
    const k = await nettleser.newContext({ locale: 'nb-NO', timezoneId: 'Europe/Oslo' });
    kontekster.push(k);
    return nySide(k);
  };
  const lesOekt = (page: Page) => page.evaluate(() => (globalThis as unknown as { sessionStorage: { getItem(k: string): string | null } }).sessionStorage.getItem('saksgang.oekt'));
  const skrivOekt = (page: Page, endre: (o: Record<string, unknown> & { oidc: Record<string, unknown> }) => void) =>
    lesOekt(page).then((s) => {
      const o = JSON.parse(s!) as Record<string, unknown> & { oidc: Record<string, unknown> };
      endre(o);
      return page.evaluate((v) => (globalThis as unknown as { sessionStorage: { setItem(k: string, v: string): void } }).sessionStorage.setItem('saksgang.oekt', v), JSON.stringify(o));
    });
  /** The refresh_token grant as the app makes it (a public client), from outside the browser. */
  const refresh = async (refreshToken: string) => {
    const res = await fetch(`${tilbyder.issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: CLIENT_ID, resource: AUDIENCE }),
    });
    return { status: res.status, ...((await res.json()) as Record<string, unknown>) };
  };
  /** Signs in through the provider on a fresh page, and records the token requests by grant type. */
  const loggInnMedTilbyder = async () => {
    const side = await ny();
    const tokenkall: string[] = [];
    const autorisasjoner: string[] = [];
    side.page.on('request', (r) => {
      if (r.url() === `${tilbyder.issuer}/token` && r.method() === 'POST') tokenkall.push(new URLSearchParams(r.postData() ?? '').get('grant_type') ?? '');
      if (r.url().startsWith(`${tilbyder.issuer}/auth?`)) autorisasjoner.push(r.url());
    });
    await side.page.goto(`${tjeneste.url}/app/logg-inn`);
    await side.page.getByRole('button', { name: 'Logg inn med ID-porten' }).click();
    await side.page.waitForURL(/\/app\/arbeidsliste$/);
    await side.page.getByText('Logget inn som').waitFor();
    return { ...side, tokenkall, autorisasjoner };
  };
  const registrerSak = async (page: Page, tittel: string) => {
    if (!page.url().endsWith('/app/saker/ny')) {
      await page.getByRole('link', { name: 'Ny sak' }).click();
      await page.getByLabel('Tittelen').fill(tittel);
      await page.getByLabel('Organet som melder inn saken').selectOption('asu-hnt');
    }
    await page.getByRole('button', { name: 'Registrer sak' }).press('Enter');
    await page.waitForURL(/\/app\/saker\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { level: 1, name: tittel }).waitFor();
  };

  beforeAll(async () => {
    await tilbyder.lytt();
    tjeneste = await startTjeneste({
      env: {
        SAKSGANG_AUTH_JWKS_URL: `${tilbyder.issuer}/jwks`,
        SAKSGANG_AUTH_ISSUER: tilbyder.issuer,
        SAKSGANG_AUTH_AUDIENCE: AUDIENCE,
        SAKSGANG_OIDC_CLIENT_ID: CLIENT_ID,
        SAKSGANG_OIDC_SCOPE: 'openid saksgang',
        SAKSGANG_OIDC_RESOURCE: AUDIENCE,
        SAKSGANG_OIDC_NAME: 'ID-porten',
      },
      vedStart: async (url) => tilbyder.start(url),
      klar: async (url) => {
        const meg = await fetch(`${url}/meg`, { headers: { authorization: `Bearer ${await tilbyder.token('fagraad-ke-sekretaer')}` } }).then((r) => (r.ok ? (r.json() as Promise<{ medlemskap: unknown[] }>) : undefined));
        const saker = await fetch(`${url}/offentlig/saker?q=Handlingsplan`).then((r) => (r.ok ? (r.json() as Promise<{ totalt: number }>) : undefined));
        return (meg?.medlemskap.length ?? 0) > 0 && (saker?.totalt ?? 0) > 0;
      },
    });
    nettleser = await startNettleser();
  });
  afterAll(async () => {
    for (const k of kontekster) await k.close().catch(() => undefined);
    await nettleser?.close();
    await tjeneste?.close();
    await tilbyder.close();
  });

  it('the provider requires PKCE: an authorization request without a code challenge is refused', async () => {
    const url = new URL(`${tilbyder.issuer}/auth`);
    for (const [k, v] of Object.entries({ client_id: CLIENT_ID, redirect_uri: `${tjeneste.url}/app/innlogging/tilbake`, response_type: 'code', scope: 'openid', state: 's' })) url.searchParams.set(k, v);
    const res = await fetch(url, { redirect: 'manual' });
    const tilbake = new URL(res.headers.get('location') ?? '', tilbyder.issuer);
    expect(tilbake.pathname).toBe('/app/innlogging/tilbake');
    expect(tilbake.searchParams.get('error')).toBe('invalid_request');
    expect(tilbake.searchParams.get('error_description')).toMatch(/PKCE/);
  });

  it('signs in through the provider and lands on the arbeidsliste acting for ASU; logging out forgets the tokens and logs out at the provider', async () => {
    const { page, feil } = await ny();
    const tilTilbyder: URL[] = [];
    const tokenForespoersler: string[] = [];
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.origin !== tilbyder.issuer) return;
      tilTilbyder.push(u);
      if (u.pathname === '/token' && r.method() === 'POST') tokenForespoersler.push(r.postData() ?? '');
    });
    await page.goto(`${tjeneste.url}/app/logg-inn`);
    const knapp = page.getByRole('button', { name: 'Logg inn med ID-porten' });
    await knapp.waitFor();
    // The local sign-in is off: no demo people to choose.
    expect(await page.getByRole('button', { name: /^Logg inn som / }).count()).toBe(0);
    await skjermbilde(page, 'oidc-01-logg-inn');
    expect(await tilgjengelighet(page)).toEqual([]);

    await knapp.click();
    await page.waitForURL(/\/app\/arbeidsliste$/);
    expect(await page.getByLabel('Du handler for').inputValue()).toBe('asu-hnt|sekretaer');
    await page.getByText('Logget inn som').waitFor();
    expect(await page.getByText('Logget inn som').textContent()).toContain('Olav Bremnes');
    expect(tilbyder.innlogginger).toEqual([PERSON]);

    // The authorization request: code flow, S256 challenge, fresh state and nonce, the resource.
    const auth = tilTilbyder.find((u) => u.pathname === '/auth' && u.searchParams.has('client_id'))!;
    expect(auth).toBeDefined();
    expect(Object.fromEntries(auth.searchParams)).toMatchObject({ client_id: CLIENT_ID, response_type: 'code', scope: 'openid saksgang', code_challenge_method: 'S256', redirect_uri: `${tjeneste.url}/app/innlogging/tilbake`, resource: AUDIENCE });
    expect(auth.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(auth.searchParams.get('state')!.length).toBeGreaterThanOrEqual(32);
    expect(auth.searchParams.get('nonce')!.length).toBeGreaterThanOrEqual(32);
    // The token request: the code verifier, no secret (a public client), once.
    expect(tokenForespoersler).toHaveLength(1);
    const tokenParams = new URLSearchParams(tokenForespoersler[0]);
    expect(tokenParams.get('grant_type')).toBe('authorization_code');
    expect(tokenParams.get('code_verifier')).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
    expect(tokenParams.get('client_id')).toBe(CLIENT_ID);
    expect(tokenParams.has('client_secret')).toBe(false);

    // The session keeps the provider's access token: for saksgang's audience, naming the person.
    const oekt = JSON.parse((await page.evaluate(() => (globalThis as unknown as { sessionStorage: { getItem(k: string): string | null } }).sessionStorage.getItem('saksgang.oekt'))) ?? '{}') as { token?: string };
    const claims = decodeJwt(oekt.token ?? '');
    expect(claims).toMatchObject({ iss: tilbyder.issuer, aud: AUDIENCE, sub: PERSON, client_id: CLIENT_ID });
    // The address bar no longer holds the code.
    expect(page.url()).not.toContain('code=');
    await page.getByRole('heading', { level: 1 }).waitFor();
    await skjermbilde(page, 'oidc-02-arbeidsliste-asu');
    expect(await tilgjengelighet(page)).toEqual([]);

    // The provider issued a refresh token; «Logg ut» revokes it, then goes to the provider's end_session_endpoint.
    const refreshToken = (JSON.parse((await lesOekt(page)) ?? '{}') as { oidc?: { refreshToken?: string; idToken?: string } }).oidc?.refreshToken;
    expect(refreshToken).toBeTruthy();
    expect(await refresh(refreshToken!)).toMatchObject({ status: 200 });
    // That refresh rotated the token (a public client): the app's copy is now spent, as after a renewal elsewhere; sign in again for a fresh one.
    await page.getByRole('button', { name: 'Logg ut' }).click();
    await page.getByRole('button', { name: 'Yes, sign me out' }).waitFor();
    expect(await lesOekt(page)).toBeNull();
    const slutt = tilTilbyder.find((u) => u.pathname === '/session/end' && u.searchParams.has('id_token_hint'))!;
    expect(slutt).toBeDefined();
    expect(slutt.searchParams.get('post_logout_redirect_uri')).toBe(`${tjeneste.url}/app/innsyn`);
    expect(slutt.searchParams.get('client_id')).toBe(CLIENT_ID);
    expect(decodeJwt(slutt.searchParams.get('id_token_hint')!)).toMatchObject({ iss: tilbyder.issuer, aud: CLIENT_ID, sub: PERSON });
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.waitForURL(/\/app\/innsyn$/);
    await page.getByRole('link', { name: 'Logg inn' }).waitFor();
    expect(await lesOekt(page)).toBeNull();
    // The pages that need a token show the sign-in.
    await page.goto(`${tjeneste.url}/app/arbeidsliste`);
    await page.getByText('Du må logge inn for å se denne siden.').waitFor();
    // Signing in again asks the provider to log the person in anew (its session ended).
    await page.getByRole('link', { name: 'Logg inn' }).first().click();
    await page.getByRole('button', { name: 'Logg inn med ID-porten' }).click();
    await page.waitForURL(/\/app\/arbeidsliste$/);
    expect(tilbyder.innlogginger).toEqual([PERSON, PERSON]);
    // Logging out revokes the refresh token: the provider no longer renews with it.
    const nytt = (JSON.parse((await lesOekt(page)) ?? '{}') as { oidc?: { refreshToken?: string } }).oidc?.refreshToken;
    expect(nytt).toBeTruthy();
    await page.getByRole('button', { name: 'Logg ut' }).click();
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.waitForURL(/\/app\/innsyn$/);
    expect(await refresh(nytt!)).toMatchObject({ status: 400, error: 'invalid_grant' });
    expect(feil).toEqual([]);
  });

  it('an answer with a wrong state is refused: nothing is exchanged, nobody is signed in', async () => {
    const { page, feil } = await ny();
    let tokenForespoersler = 0;
    page.on('request', (r) => {
      if (r.url() === `${tilbyder.issuer}/token`) tokenForespoersler++;
    });
    let tilbake: URL | undefined;
    page.on('request', (r) => {
      if (r.url().startsWith(`${tjeneste.url}/app/innlogging/tilbake?`)) tilbake = new URL(r.url());
    });
    // The provider's genuine answer (a real code), with its state replaced on the way back.
    tilbyder.byttState = 'noe-annet';
    await page.goto(`${tjeneste.url}/app/logg-inn`);
    await page.getByRole('button', { name: 'Logg inn med ID-porten' }).click();
    await page.waitForURL(/\/app\/innlogging\/tilbake/);
    tilbyder.byttState = undefined;
    const varsel = page.getByText(/state stemmer ikke/);
    await varsel.waitFor().catch(async (e: unknown) => {
      throw new Error(`${page.url()}: ${await page.locator('main').textContent()}`, { cause: e });
    });
    expect(await varsel.textContent()).toMatch(/Du er ikke logget inn/);
    await skjermbilde(page, 'oidc-03-feil-state');
    expect(await tilgjengelighet(page)).toEqual([]);
    expect(tilbake?.searchParams.get('state')).toBe('noe-annet');
    expect(tilbake?.searchParams.get('code')).toBeTruthy();
    expect(tokenForespoersler).toBe(0);
    expect(await page.evaluate(() => (globalThis as unknown as { sessionStorage: { getItem(k: string): string | null } }).sessionStorage.getItem('saksgang.oekt'))).toBeNull();
    await page.getByRole('link', { name: 'Logg inn' }).first().waitFor();
    expect(feil).toEqual([]);
  });

  it('renews with the refresh token before the access token expires: signed in past expiry, a step still records', async () => {
    tilbyder.medRefresh = true;
    tilbyder.levetid = 8;
    try {
      const { page, feil, tokenkall } = await loggInnMedTilbyder();
      const foerste = JSON.parse((await lesOekt(page))!) as { token: string; oidc: { refreshToken: string } };
      const utloeper = decodeJwt(foerste.token).exp! * 1000;
      expect(utloeper - Date.now()).toBeLessThanOrEqual(8_000);
      // Past the first token's expiry and the service's 30 s clock tolerance: without renewal it would be refused now.
      await page.waitForTimeout(Math.max(0, utloeper + 35_000 - Date.now()));
      expect(tokenkall.filter((g) => g === 'refresh_token').length).toBeGreaterThanOrEqual(2);
      const naa = JSON.parse((await lesOekt(page))!) as { token: string; oidc: { refreshToken: string } };
      expect(naa.token).not.toBe(foerste.token);
      expect(decodeJwt(naa.token)).toMatchObject({ sub: PERSON, aud: AUDIENCE });
      expect(decodeJwt(naa.token).exp! * 1000).toBeGreaterThan(Date.now() - 30_000);
      // Rotated: the first refresh token is spent.
      expect(naa.oidc.refreshToken).not.toBe(foerste.oidc.refreshToken);
      expect(await page.getByText('Logget inn som').textContent()).toContain('Olav Bremnes');
      expect(await page.getByLabel('Du handler for').inputValue()).toBe('asu-hnt|sekretaer');
      tilbyder.levetid = 3600;
      await registrerSak(page, 'Fornyet økt: saken registreres etter at det første tokenet utløp');
      expect(await page.getByText('Økten er utløpt').count()).toBe(0);
      expect(feil).toEqual([]);
    } finally {
      tilbyder.levetid = 3600;
    }
  });

  it('a request that gets 401 with an expired token renews once and is retried; a failed renewal says «Økten er utløpt – logg inn på nytt»', async () => {
    tilbyder.medRefresh = true;
    const { page, feil, tokenkall } = await loggInnMedTilbyder();
    // The tab's token expired long ago (the renewal timer did not run: the tab slept); the refresh token is good.
    const utloept = await tilbyder.token(PERSON, true);
    await skrivOekt(page, (o) => {
      o['token'] = utloept;
    });
    await page.goto(`${tjeneste.url}/app/saker/ny`);
    const svar401: string[] = [];
    page.on('response', (r) => r.status() === 401 && svar401.push(r.url()));
    await page.getByLabel('Tittelen').fill('Ny sak etter utløpt token');
    await page.getByLabel('Organet som melder inn saken').selectOption('asu-hnt');
    await registrerSak(page, 'Ny sak etter utløpt token');
    expect(svar401.length).toBeGreaterThanOrEqual(1);
    expect(tokenkall.filter((g) => g === 'refresh_token')).toHaveLength(1);
    expect((JSON.parse((await lesOekt(page))!) as { token: string }).token).not.toBe(utloept);

    // Now the refresh token is refused too: the session ends, said in Norwegian, no crash.
    await skrivOekt(page, (o) => {
      o['token'] = utloept;
      o.oidc['refreshToken'] = 'ikke-et-gyldig-refresh-token';
    });
    await page.goto(`${tjeneste.url}/app/arbeidsliste`);
    const varsel = page.getByText('Økten er utløpt – logg inn på nytt.');
    await varsel.waitFor();
    expect(await lesOekt(page)).toBeNull();
    await page.getByText('Du må logge inn for å se denne siden.').waitFor();
    await skjermbilde(page, 'oidc-04-oekten-er-utloept');
    expect(await tilgjengelighet(page)).toEqual([]);
    // «Logg inn på nytt» goes through the provider and back to this page.
    await page.getByRole('button', { name: 'Logg inn på nytt' }).click();
    await page.waitForURL(/\/app\/arbeidsliste$/);
    await page.getByText('Logget inn som').waitFor();
    expect(await varsel.count()).toBe(0);
    expect(feil).toEqual([]);
  });

  it('without a refresh token the app renews through the sign-in, back on the same page with the typed text', async () => {
    tilbyder.medRefresh = false;
    tilbyder.levetid = 20;
    try {
      const { page, feil, tokenkall, autorisasjoner } = await loggInnMedTilbyder();
      const foerste = JSON.parse((await lesOekt(page))!) as { token: string; oidc: { refreshToken?: string } };
      expect(foerste.oidc.refreshToken).toBeUndefined();
      // The next token lives long: one round trip through the provider is what this test watches.
      tilbyder.levetid = 3600;
      const tittel = 'Tekst skrevet før fornyelsen';
      await page.getByRole('link', { name: 'Ny sak' }).click();
      await page.getByLabel('Tittelen').fill(tittel);
      await page.getByLabel('Organet som melder inn saken').selectOption('asu-hnt');
      // Before the token expires the browser goes through the provider (its session: no login asked) and comes back.
      await page.waitForFunction((n) => (globalThis as unknown as { performance: { getEntriesByType(t: string): unknown[] } }).performance.getEntriesByType('navigation').length >= n, 1);
      const frist = Date.now() + 90_000;
      while (autorisasjoner.length < 2 && Date.now() < frist) await page.waitForTimeout(500);
      expect(autorisasjoner).toHaveLength(2);
      await page.waitForURL(/\/app\/saker\/ny$/);
      await page.getByText('Logget inn som').waitFor();
      expect(tilbyder.innlogginger.filter((p) => p === PERSON).length).toBeGreaterThan(0);
      expect(tokenkall).toEqual(['authorization_code', 'authorization_code']);
      const naa = JSON.parse((await lesOekt(page))!) as { token: string };
      expect(naa.token).not.toBe(foerste.token);
      expect(await page.getByLabel('Tittelen').inputValue()).toBe(tittel);
      expect(await page.getByLabel('Du handler for').inputValue()).toBe('asu-hnt|sekretaer');
      await registrerSak(page, tittel);
      expect(feil).toEqual([]);
    } finally {
      tilbyder.medRefresh = true;
      tilbyder.levetid = 3600;
    }
  });
});
