/**
 * Authentication and authorization over HTTP: bearer JWTs (expired, forged, alg none, wrong
 * audience/issuer), the membership the caller acts in (X-Organ + X-Rolle, checked against the
 * organisation data, on the date the step takes effect), auditors, operators, the actor on every
 * fact, hardening (security headers, CSP, 413, 429, CORS), configuration validation, and a JWKS provider.
 */
import { createServer, type Server } from 'node:http';
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig, authProblem } from '@saksgang/application';
import { exportJWK, generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';
import { lagLokaltToken } from '../../apps/api/src/auth/lag-token.js';
import { countEvents, expectProblemResponse, startTestApi, type TestApi } from './support.js';

const SECRET = randomBytes(48).toString('base64url');
const KEY = new TextEncoder().encode(SECRET);
const AUTH_ENV = { SAKSGANG_DEV_ACTOR_HEADERS: 'off', SAKSGANG_AUTH_SECRET: SECRET };

let api: TestApi;
const token = (personId: string, roller: ('revisor' | 'drift')[] = []) => lagLokaltToken(KEY, { personId, roller });
async function som(personId: string, organ?: string, rolle?: string, roller: ('revisor' | 'drift')[] = []): Promise<Record<string, string>> {
  return { authorization: `Bearer ${await token(personId, roller)}`, ...(organ ? { 'x-organ': organ } : {}), ...(rolle ? { 'x-rolle': rolle } : {}) };
}

async function ok(method: string, url: string, headers: Record<string, string>, body?: unknown) {
  const res = await api.request(method, url, { headers, body });
  if (res.status >= 300) throw new Error(`${method} ${url} → ${res.status}: ${res.body}`);
  return res;
}

beforeAll(async () => {
  api = await startTestApi(AUTH_ENV);
  // The operator sets up the organisation (the first sekretariat has nobody to appoint its members).
  const drift = await som('it-drift', undefined, undefined, ['drift']);
  for (const [organId, organtype] of [
    ['sekr', 'sekretariat'],
    ['psu', 'psu'],
    ['asu', 'asu'],
  ]) {
    await ok('POST', '/organer', drift, { organId, navn: organId.toUpperCase(), organtype, mandat: 'm', gjelderFra: '2015-01-01' });
  }
  const medlem = (organId: string, personId: string, rolle: string, fra = '2015-01-01', til?: string) =>
    ok('POST', `/organer/${organId}/medlemmer`, drift, { personId, navn: personId, rolle, fra, ...(til ? { til } : {}) });
  await medlem('sekr', 'sekr-kari', 'sekretaer');
  await medlem('psu', 'psu-sekretaer', 'sekretaer');
  await medlem('psu', 'psu-obs', 'observatoer');
  await medlem('psu', 'psu-gammel', 'sekretaer', '2015-01-01', '2018-12-31');
  await medlem('psu', 'psu-ny', 'sekretaer', '2030-01-01');
  // From here the sekretariat maintains the organisation itself.
  await medlem('asu', 'asu-sekretaer', 'sekretaer').catch(() => undefined);
}, 60_000);
afterAll(async () => api?.close());

const registrer = (headers: Record<string, string>, extra: Record<string, unknown> = {}) =>
  api.request('POST', '/saker', { headers, body: { tittel: 'Sak', innmeldtAv: 'psu', sakstype: 'orienteringssak', ...extra } });

describe('authentication: a valid bearer token on every request except health, docs and public reads', () => {
  it('401 without a token (reads and writes), with WWW-Authenticate; the dev headers are off by default', async () => {
    for (const [m, u] of [
      ['GET', `/saker/${randomUUID()}`],
      ['POST', '/saker'],
      ['GET', '/saker'],
      ['GET', '/organer/psu'],
    ]) {
      const res = await api.request(m!, u!, { body: m === 'POST' ? { tittel: 'x', innmeldtAv: 'psu' } : undefined, headers: { 'x-dev-person': 'psu-sekretaer', 'x-dev-organ': 'psu', 'x-dev-rolle': 'sekretaer' } });
      expectProblemResponse(res, 401, 'token_mangler');
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    }
    expect(loadConfig({}).devActorHeaders).toBe(false);
  });

  it('health, metrics, the API docs and public reads need no token', async () => {
    expect((await api.request('GET', '/health')).status).toBe(200);
    expect((await api.request('GET', '/docs')).status).toBe(200);
    expect((await api.request('GET', '/docs-json')).status).toBe(200);
    expect((await api.request('GET', '/metrics')).status).toBe(200);
    expectProblemResponse(await api.request('GET', `/offentlig/saker/${randomUUID()}`), 404);
  });

  it('401 for an expired, a forged (wrong key), an alg-none, a wrong-audience and a wrong-issuer token, and for a malformed header', async () => {
    const base = () => new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('psu-sekretaer').setIssuedAt();
    const expired = await base().setIssuer('saksgang-lokal').setAudience('saksgang').setExpirationTime(Math.floor(Date.now() / 1000) - 3600).sign(KEY);
    const forged = await base().setIssuer('saksgang-lokal').setAudience('saksgang').setExpirationTime('1h').sign(randomBytes(48));
    const none = new UnsecuredJWT({}).setSubject('psu-sekretaer').setIssuer('saksgang-lokal').setAudience('saksgang').setExpirationTime('1h').encode();
    const audience = await base().setIssuer('saksgang-lokal').setAudience('noe-annet').setExpirationTime('1h').sign(KEY);
    const issuer = await base().setIssuer('https://evil.example').setAudience('saksgang').setExpirationTime('1h').sign(KEY);
    const noExp = await base().setIssuer('saksgang-lokal').setAudience('saksgang').sign(KEY);
    const cases: [string, RegExp][] = [
      [`Bearer ${expired}`, /utløpt/],
      [`Bearer ${forged}`, /signaturen/],
      [`Bearer ${none}`, /algoritmen|misdannet|kontrolleres/],
      [`Bearer ${audience}`, /"aud"/],
      [`Bearer ${issuer}`, /"iss"/],
      [`Bearer ${noExp}`, /"exp"/],
      ['Bearer not-a-jwt', /misdannet|kontrolleres/],
      ['Basic cHN1OnB3', /Bearer/],
    ];
    for (const [authorization, why] of cases) {
      const before = await countEvents(api);
      const res = await registrer({ authorization, 'x-organ': 'psu', 'x-rolle': 'sekretaer' });
      expectProblemResponse(res, 401, 'ugyldig_token');
      expect(res.json.detail).toMatch(why);
      expect(res.body).not.toContain(authorization.slice(7, 40));
      expect(await countEvents(api)).toBe(before);
    }
  });
});

describe('authorization: the membership the caller acts in, from the organisation data', () => {
  it('records the person, body and role from the token and the verified membership on every fact — never from the body', async () => {
    const res = await registrer(await som('psu-sekretaer', 'psu', 'sekretaer'));
    expect(res.status).toBe(201);
    const sak = await ok('GET', `/saker/${res.json.sakId}`, await som('psu-sekretaer'));
    const [e] = sak.json.hendelser;
    expect(e.actor).toEqual({ personId: 'psu-sekretaer', organId: 'psu', rolle: 'sekretaer' });
    expect(e.data.utfoertAv).toEqual({ personId: 'psu-sekretaer', organId: 'psu', rolle: 'sekretaer' });
    // A body naming another actor is refused outright.
    const spoof = await registrer(await som('psu-sekretaer', 'psu', 'sekretaer'), { utfoertAv: { personId: 'sjefen', organId: 'psu', rolle: 'leder' } });
    expectProblemResponse(spoof, 400, 'validation_failed');
  });

  it('403 when a write names no membership (X-Organ + X-Rolle), and 400 when only one is sent', async () => {
    expectProblemResponse(await registrer(await som('psu-sekretaer')), 403, 'handlingskapasitet_mangler');
    expectProblemResponse(await registrer(await som('psu-sekretaer', 'psu')), 400, 'validation_failed');
  });

  it('403 when a member of one body tries to act for another, or in a role it does not hold', async () => {
    const before = await countEvents(api);
    const res = await api.request('POST', '/saker', { headers: await som('psu-sekretaer', 'asu', 'sekretaer'), body: { tittel: 'x', innmeldtAv: 'asu', sakstype: 'orienteringssak' } });
    expectProblemResponse(res, 403, 'ikke_medlem');
    expect(res.json.detail).toMatch(/psu-sekretaer er ikke sekretaer i «ASU»/);
    expectProblemResponse(await registrer(await som('psu-obs', 'psu', 'leder')), 403, 'ikke_medlem');
    expectProblemResponse(await registrer(await som('psu-sekretaer', 'finnes-ikke', 'leder')), 403, 'organ_ikke_funnet');
    expect(await countEvents(api)).toBe(before);
  });

  it('membership counts on the date the step takes effect: ended or not yet started → 403; within the period → allowed', async () => {
    const gammel = await registrer(await som('psu-gammel', 'psu', 'sekretaer'));
    expectProblemResponse(gammel, 403, 'ikke_medlem_paa_dato');
    expect(gammel.json.detail).toMatch(/2015-01-01–2018-12-31/);
    expectProblemResponse(await registrer(await som('psu-ny', 'psu', 'sekretaer')), 403, 'ikke_medlem_paa_dato');
    expect((await registrer(await som('psu-gammel', 'psu', 'sekretaer'), { gjelderFra: '2017-03-01' })).status).toBe(201);
  });

  it('an observer never records a decision (403 with the reason and the steps allowed); the secretary records it from the minutes', async () => {
    const sak = await registrer(await som('psu-sekretaer', 'psu', 'sekretaer'));
    const sakId = sak.json.sakId as string;
    const punkt = await ok('POST', `/saker/${sakId}/saksliste`, await som('psu-sekretaer', 'psu', 'sekretaer'), { organIder: ['psu'], moetedato: '2024-02-01' });
    const url = `/saker/${sakId}/sakslistepunkter/${punkt.json.sakslistepunktId}/vedtak`;
    const body = { vedtaksutfall: 'tatt_til_orientering', vedtakstekst: 'Tatt til orientering.' };
    const obs = await api.request('POST', url, { headers: await som('psu-obs', 'psu', 'observatoer'), body });
    expectProblemResponse(obs, 403, 'rolle_ikke_tillatt');
    expect(obs.json.detail).toMatch(/observatør/);
    expect(obs.json.allowedSteps).toEqual([]);
    // The sekretær was appointed from 2015 with no end: the meeting date 2024-02-01 is covered. (A meeting
    // still ahead cannot have its decision recorded: the decision takes effect on the meeting date.)
    expect((await api.request('POST', url, { headers: await som('psu-sekretaer', 'psu', 'sekretaer'), body })).status).toBe(201);
  });

  it('an auditor (revisor) reads every body\'s saker and changes nothing', async () => {
    const sak = await registrer(await som('psu-sekretaer', 'psu', 'sekretaer'));
    const revisor = await som('riksrevisjonen', undefined, undefined, ['revisor']);
    expect((await api.request('GET', `/saker/${sak.json.sakId}`, { headers: revisor })).status).toBe(200);
    expect((await api.request('GET', '/organer/asu', { headers: revisor })).status).toBe(200);
    const before = await countEvents(api);
    expectProblemResponse(await registrer(revisor), 403, 'revisor_kun_lesing');
    // Even with a membership named: the auditor's token is read-only.
    expectProblemResponse(await registrer(await som('psu-sekretaer', 'psu', 'sekretaer', ['revisor'])), 403, 'revisor_kun_lesing');
    expectProblemResponse(await api.request('POST', '/drift/projeksjoner/saksforloep/rebuild', { headers: revisor }), 403, 'revisor_kun_lesing');
    expect(await countEvents(api)).toBe(before);
  });

  it('only an operator (drift) may rebuild projections and change the organisation without a membership', async () => {
    expectProblemResponse(await api.request('POST', '/drift/projeksjoner/saksforloep/rebuild', { headers: await som('psu-sekretaer', 'psu', 'sekretaer') }), 403, 'krever_drift');
    const drift = await api.request('POST', '/drift/projeksjoner/saksforloep/rebuild', { headers: await som('it-drift', undefined, undefined, ['drift']) });
    expect([202, 404, 409, 503]).toContain(drift.status);
    // PSU's secretary keeps PSU's own members (naming the decision), but may not change another body; the sekretariat may.
    expectProblemResponse(
      await api.request('POST', '/organer/asu/medlemmer', { headers: await som('psu-sekretaer', 'psu', 'sekretaer'), body: { personId: 'x', navn: 'X', rolle: 'medlem', fra: '2024-01-01', oppnevntAv: { eksterntOrgan: 'KS fylkesmøte', vedtak: 'Sak 1/24', dato: '2024-01-01' } } }),
      403,
      'organ_ikke_tillatt',
    );
    expectProblemResponse(
      await api.request('POST', '/organer/psu/medlemmer', { headers: await som('psu-sekretaer', 'psu', 'sekretaer'), body: { personId: 'x', navn: 'X', rolle: 'medlem', fra: '2024-01-01' } }),
      400,
      'oppnevnt_av_mangler',
    );
    const egen = await api.request('POST', '/organer/psu/medlemmer', { headers: await som('psu-sekretaer', 'psu', 'sekretaer'), body: { personId: 'psu-observatoer', navn: 'O', rolle: 'observatoer', fra: '2024-01-01' } });
    expect(egen.status).toBe(201);
    const sekr = await api.request('POST', '/organer/psu/medlemmer', { headers: await som('sekr-kari', 'sekr', 'sekretaer'), body: { personId: 'psu-medlem', navn: 'M', rolle: 'medlem', fra: '2024-01-01', oppnevntAv: { eksterntOrgan: 'KS fylkesmøte', vedtak: 'Sak 1/24', dato: '2024-01-01' } } });
    expect(sekr.status).toBe(201);
  });
});

describe('hardening', () => {
  it('security headers on every response; a CSP for /docs that swagger-ui works under; 413 for a large body', async () => {
    const res = await api.request('GET', '/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(String(res.headers['content-security-policy'])).toContain("default-src 'none'");
    const docs = await api.request('GET', '/docs');
    expect(String(docs.headers['content-security-policy'])).toContain("script-src 'self'");
    // Every script swagger-ui's page loads is a file of its own (no inline script the CSP would block).
    expect(docs.body).not.toMatch(/<script>(?!\s*<\/script>)/);
    const big = await api.request('POST', '/saker', { headers: await som('psu-sekretaer', 'psu', 'sekretaer'), rawBody: JSON.stringify({ tittel: 'x'.repeat(2 * 1024 * 1024) }) });
    expectProblemResponse(big, 413);
  });

  it('rate limiting per client (429 problem+json with Retry-After), and CORS only for the configured origins', async () => {
    const other = await startTestApi({ ...AUTH_ENV, SAKSGANG_RATE_LIMIT: '6', SAKSGANG_CORS_ORIGINS: 'https://saksgang.example.no' });
    try {
      const pre = (origin: string) =>
        other.request('OPTIONS', '/saker', { headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,x-organ,x-rolle,content-type' } });
      const allowed = await pre('https://saksgang.example.no');
      expect(allowed.headers['access-control-allow-origin']).toBe('https://saksgang.example.no');
      expect(String(allowed.headers['access-control-allow-headers']).toLowerCase()).toContain('authorization');
      const denied = await pre('https://evil.example');
      expect(denied.headers['access-control-allow-origin']).toBeUndefined();

      const statuses: number[] = [];
      let last = await other.request('GET', '/docs-json');
      statuses.push(last.status);
      while (last.status !== 429 && statuses.length < 10) {
        last = await other.request('GET', '/docs-json');
        statuses.push(last.status);
      }
      expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(3);
      expectProblemResponse(last, 429, 'too_many_requests');
      expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
      expect(last.headers['ratelimit-limit']).toBe('6');
      expect((await other.request('GET', '/health')).status).toBe(200);
    } finally {
      await other.close();
    }
    // Starts a second service (a new store): generous on a busy two-core machine.
  }, 120_000);

  it('configuration is validated at start-up with clear messages; no default secret exists', () => {
    const fails = (env: Record<string, string>): string => {
      try {
        loadConfig(env);
        return '';
      } catch (e) {
        return (e as ConfigError).message;
      }
    };
    expect(fails({ SAKSGANG_AUTH_SECRET: 'short' })).toMatch(/SAKSGANG_AUTH_SECRET must be at least 32 bytes/);
    expect(fails({ SAKSGANG_AUTH_JWKS_URL: 'https://idp.example/jwks' })).toMatch(/needs SAKSGANG_AUTH_ISSUER[\s\S]*needs SAKSGANG_AUTH_AUDIENCE/);
    expect(fails({ SAKSGANG_AUTH_JWKS_URL: 'http://idp.example/jwks', SAKSGANG_AUTH_ISSUER: 'i', SAKSGANG_AUTH_AUDIENCE: 'a' })).toMatch(/https/);
    expect(fails({ SAKSGANG_AUTH_JWKS_URL: 'https://idp.example/jwks', SAKSGANG_AUTH_SECRET: SECRET })).toMatch(/either/);
    expect(fails({ SAKSGANG_CORS_ORIGINS: '*' })).toMatch(/SAKSGANG_CORS_ORIGINS/);
    // The person claim: a claim name that can name a person, and only for a provider's tokens.
    const idp = { SAKSGANG_AUTH_JWKS_URL: 'https://idp.example/jwks', SAKSGANG_AUTH_ISSUER: 'i', SAKSGANG_AUTH_AUDIENCE: 'a' };
    expect(loadConfig({ ...idp, SAKSGANG_AUTH_PERSON_CLAIM: 'oid' }).auth).toMatchObject({ mode: 'jwks', personClaim: 'oid' });
    expect(loadConfig(idp).auth).not.toHaveProperty('personClaim');
    expect(fails({ ...idp, SAKSGANG_AUTH_PERSON_CLAIM: 'aud' })).toMatch(/SAKSGANG_AUTH_PERSON_CLAIM: aud does not name a person/);
    expect(fails({ ...idp, SAKSGANG_AUTH_PERSON_CLAIM: 'constructor' })).toMatch(/constructor does not name a person/);
    expect(fails({ ...idp, SAKSGANG_AUTH_PERSON_CLAIM: 'o id' })).toMatch(/SAKSGANG_AUTH_PERSON_CLAIM: "o id" is not a claim name/);
    expect(fails({ SAKSGANG_AUTH_SECRET: SECRET, SAKSGANG_AUTH_PERSON_CLAIM: 'oid' })).toMatch(/SAKSGANG_AUTH_PERSON_CLAIM=oid needs SAKSGANG_AUTH_JWKS_URL/);
    expect(fails({ SAKSGANG_DEV_ACTOR_HEADERS: 'maybe' })).toMatch(/on or off/);
    const pg = loadConfig({ SAKSGANG_STORE: 'postgres', SAKSGANG_POSTGRES_URL: 'postgres://u:p@localhost/db' });
    expect(authProblem(pg)).toMatch(/needs authentication configured/);
    expect(loadConfig({}).auth.mode).toBe('lokal');
  });
});

describe('an OpenID Connect provider (JWKS)', () => {
  let server: Server;
  let jwksApi: TestApi;
  let privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
  let jwksUrl = '';
  const ISS = 'https://idp.helsefellesskap.example';
  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    jwksUrl = `http://127.0.0.1:${port}/jwks`;
    jwksApi = await startTestApi({ SAKSGANG_DEV_ACTOR_HEADERS: 'off', SAKSGANG_AUTH_JWKS_URL: jwksUrl, SAKSGANG_AUTH_ISSUER: ISS, SAKSGANG_AUTH_AUDIENCE: 'saksgang-api' });
  }, 120_000);
  afterAll(async () => {
    await jwksApi?.close();
    server?.close();
  });

  it('accepts RS256 tokens signed by the provider, refuses HS256 tokens and other audiences', async () => {
    const rs = (aud: string) => new SignJWT({ roles: ['revisor'] }).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setSubject('revisor-1').setIssuer(ISS).setAudience(aud).setIssuedAt().setExpirationTime('5m').sign(privateKey);
    const ok200 = await jwksApi.request('GET', '/revisjon/verifiser', { headers: { authorization: `Bearer ${await rs('saksgang-api')}` } });
    expect(ok200.status).toBe(200);
    expectProblemResponse(await jwksApi.request('GET', '/revisjon/verifiser', { headers: { authorization: `Bearer ${await rs('other')}` } }), 401, 'ugyldig_token');
    const hs = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setIssuer(ISS).setAudience('saksgang-api').setExpirationTime('5m').sign(randomBytes(32));
    const res = await jwksApi.request('GET', '/revisjon/verifiser', { headers: { authorization: `Bearer ${hs}` } });
    expectProblemResponse(res, 401, 'ugyldig_token');
    expect(res.json.detail).toMatch(/signeringsalgoritmen/);
  });

  it('SAKSGANG_AUTH_PERSON_CLAIM=oid (Entra ID): the verified token\'s oid names the person, never its sub; a token without oid is refused with 401', async () => {
    const entra = await startTestApi({ SAKSGANG_DEV_ACTOR_HEADERS: 'off', SAKSGANG_AUTH_JWKS_URL: jwksUrl, SAKSGANG_AUTH_ISSUER: ISS, SAKSGANG_AUTH_AUDIENCE: 'saksgang-api', SAKSGANG_AUTH_PERSON_CLAIM: 'oid' });
    try {
      // Entra ID's sub is pairwise (per application): it never equals the person's id in the organisation data.
      const entraToken = (claims: Record<string, unknown>, sub?: string, noekkel = privateKey) => {
        const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setIssuer(ISS).setAudience('saksgang-api').setIssuedAt().setExpirationTime('5m');
        return (sub ? jwt.setSubject(sub) : jwt).sign(noekkel);
      };
      const bearer = async (claims: Record<string, unknown>, sub?: string) => ({ authorization: `Bearer ${await entraToken(claims, sub)}` });
      const drift = await bearer({ oid: 'it-drift', roles: ['drift'] }, 'pairwise-drift');
      const oppsett = async (url: string, body: unknown) => {
        const res = await entra.request('POST', url, { headers: drift, body });
        if (res.status >= 300) throw new Error(`POST ${url} → ${res.status}: ${res.body}`);
      };
      await oppsett('/organer', { organId: 'asu', navn: 'ASU', organtype: 'asu', mandat: 'm', gjelderFra: '2015-01-01' });
      await oppsett('/organer/asu/medlemmer', { personId: 'olav-oid', navn: 'Olav Bremnes', rolle: 'sekretaer', fra: '2015-01-01' });
      const somAsu = { 'x-organ': 'asu', 'x-rolle': 'sekretaer' };
      const sak = { tittel: 'Sak registrert med Entra ID', innmeldtAv: 'asu', sakstype: 'orienteringssak' };

      // sub differs, oid names the member: accepted, and the fact records the person oid names.
      const olav = await bearer({ oid: 'olav-oid' }, 'AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ');
      const res = await entra.request('POST', '/saker', { headers: { ...olav, ...somAsu }, body: sak });
      expect(res.status).toBe(201);
      const lest = await entra.request('GET', `/saker/${res.json.sakId}`, { headers: olav });
      expect(lest.json.hendelser[0].actor).toEqual({ personId: 'olav-oid', organId: 'asu', rolle: 'sekretaer' });

      // sub naming the member counts for nothing: the person is the token's oid, who holds no membership.
      const foerHendelser = await countEvents(entra);
      expectProblemResponse(await entra.request('POST', '/saker', { headers: { ...(await bearer({ oid: 'en-annen' }, 'olav-oid')), ...somAsu }, body: sak }), 403);

      // Without the configured claim (only a sub naming the member): 401 problem+json naming the claim.
      const utenOid = await entra.request('POST', '/saker', { headers: { ...(await bearer({}, 'olav-oid')), ...somAsu }, body: sak });
      expectProblemResponse(utenOid, 401, 'ugyldig_token');
      expect(utenOid.json.detail).toMatch(/"oid" mangler/);
      expect((await entra.request('GET', '/meg', { headers: await bearer({ oid: 42 }, 'olav-oid') })).status).toBe(401);

      // An oid in a token the provider did not sign (another key, or unsigned) is never believed.
      const annenNoekkel = (await generateKeyPair('RS256')).privateKey;
      expectProblemResponse(await entra.request('POST', '/saker', { headers: { authorization: `Bearer ${await entraToken({ oid: 'olav-oid' }, 'x', annenNoekkel)}`, ...somAsu }, body: sak }), 401, 'ugyldig_token');
      const usignert = new UnsecuredJWT({ oid: 'olav-oid' }).setIssuer(ISS).setAudience('saksgang-api').setIssuedAt().setExpirationTime('5m').encode();
      expectProblemResponse(await entra.request('POST', '/saker', { headers: { authorization: `Bearer ${usignert}`, ...somAsu }, body: sak }), 401, 'ugyldig_token');
      expect(await countEvents(entra)).toBe(foerHendelser);
    } finally {
      await entra.close();
    }
    // Starts a second service (a new store): generous on a busy two-core machine.
  }, 120_000);
});
