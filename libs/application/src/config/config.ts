/**
 * Configuration from the environment, validated at start-up. Every problem is reported at once,
 * each naming the variable, what it got and what it accepts.
 */

import { parseEsdbConnectionString } from '@saksgang/event-store';
import { VARSLING_CONFIG_VARIABLES, type VarslingConfig, varslingConfig } from '../varsling/varsling-config.js';
import { DOKUMENT_CONFIG_VARIABLES } from '../dokument/dokument-config.js';

export type StoreConfig =
  | { readonly backend: 'pglite'; readonly dataDir: string }
  | { readonly backend: 'postgres'; readonly url: string; readonly poolSize: number }
  | { readonly backend: 'eventstoredb'; readonly connectionString: string; readonly readModelUrl?: string; readonly dataDir: string };

export type LogFormat = 'json' | 'text';
export type LogLevel = 'error' | 'warn' | 'log' | 'debug' | 'verbose';

/**
 * How bearer tokens are verified. `jwks`: an OpenID Connect provider's keys (asymmetric, e.g. RS256/ES256).
 * `secret`: HS256 with a shared secret from SAKSGANG_AUTH_SECRET. `lokal`: HS256 with a random secret
 * saksgang generates at first start in the data directory (embedded store only; `npm run token`).
 */
export type AuthConfig =
  | {
      readonly mode: 'jwks';
      readonly jwksUrl: string;
      readonly issuer: string;
      readonly audience: string;
      /**
       * The claim of a verified token that names the person (their `personId` in the organisation data);
       * absent: `sub`. Entra ID's `sub` is per application, so operators name e.g. `oid` there.
       */
      readonly personClaim?: string;
    }
  | { readonly mode: 'secret'; readonly secret: string; readonly issuer: string; readonly audience: string }
  | { readonly mode: 'lokal'; readonly issuer: string; readonly audience: string }
  /** Not configured and no embedded store to keep a local secret in: the API refuses to start (see {@link authProblem}). */
  | { readonly mode: 'mangler'; readonly issuer: string; readonly audience: string };

/** Defaults for locally issued tokens (`secret` and `lokal` modes). */
export const LOKAL_ISSUER = 'saksgang-lokal';
export const LOKAL_AUDIENCE = 'saksgang';

/**
 * The web app's sign-in with OpenID Connect (authorization code flow with PKCE, a public client in the
 * browser): the provider is the token issuer (SAKSGANG_AUTH_ISSUER, discovery at
 * `${issuer}/.well-known/openid-configuration`); present only with SAKSGANG_OIDC_CLIENT_ID and JWKS verification.
 */
export interface WebOidcConfig {
  readonly issuer: string;
  readonly clientId: string;
  /** Space-separated scopes asked for; always with `openid`. */
  readonly scope: string;
  /** RFC 8707 resource indicator sent with the requests (a token for that audience); absent: none sent. */
  readonly resource?: string;
  /** The provider's name on the sign-in button («Logg inn med ID-porten»). */
  readonly navn: string;
}

export interface SaksgangConfig {
  readonly port: number;
  readonly host: string;
  readonly store: StoreConfig;
  readonly logFormat: LogFormat;
  readonly logLevel: LogLevel;
  /** Accept the actor from the development headers (`X-Dev-Person`, `X-Dev-Organ`, `X-Dev-Rolle`). */
  readonly devActorHeaders: boolean;
  /** Bearer token verification. */
  readonly auth: AuthConfig;
  /** The web app's OpenID Connect sign-in; absent: the local sign-in (embedded store) or none. */
  readonly webOidc?: WebOidcConfig;
  /** Origins allowed by CORS (exact `scheme://host[:port]`); empty: no cross-origin access. */
  readonly corsOrigins: readonly string[];
  /** Requests per client (IP) per minute; 0 turns rate limiting off. */
  readonly rateLimitPerMinute: number;
  /**
   * Where the rate limit is counted: in this process (`memory`, the default; absent: the same), or in
   * a table of the PostgreSQL database at `url`, shared by every instance on it.
   */
  readonly rateLimitStore?: { readonly kind: 'memory' } | { readonly kind: 'postgres'; readonly url: string };
  /** Largest accepted request body, in bytes. */
  readonly bodyLimitBytes: number;
  /** `auto`: load the demo helsefellesskap on start when the store is empty; `off`: never. */
  readonly demo: 'auto' | 'off';
  /** Run the projections (read models) in this process. */
  readonly projections: boolean;
  /** Longest a query with `minPosition` waits for the projections to reach it (read-your-writes), in ms. */
  readonly minPositionWaitMs: number;
  /** How often (ms) an instance tries to take over the projections another instance runs (their leases). */
  readonly projectionLeaseRetryMs?: number;
  /** Longest accepted bearer-token lifetime (`exp` − `iat`), in seconds; a token without `iat` is refused. */
  readonly tokenMaxLifetimeSeconds?: number;
  /** Deepest nesting of a JSON request body (objects and arrays); deeper → 400 before the application parses it. */
  readonly jsonMaxDepth?: number;
  /** Plausible dates: how far (seconds) a fact may take effect after the present (clock skew between machines). */
  readonly futureToleranceSeconds?: number;
  /** Plausible dates: how many years ahead a planned date (frist, møtedato) may lie. */
  readonly planningHorizonYears?: number;
  /** The built web app (`npm run build:web`), served at `/`; absent: `/` says how to build it. */
  readonly webDir?: string;
  /** Readiness (`/health/ready`): the most events a projection may be behind the store's head. */
  readonly readyMaxLagEvents?: number;
  /** `public`: `GET /metrics` on the API's port without a token; `off`: not there (404). */
  readonly metrics?: 'public' | 'off';
  /** A port of its own for `GET /metrics` (on HOST), whatever `metrics` says; absent: none. */
  readonly metricsPort?: number;
  /** Notifications (e-mail, webhooks, deadlines; issue 18); absent in configurations built by hand: defaults. */
  readonly varsling?: VarslingConfig;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Documented variables, for the README table and `--help`. */
export const CONFIG_VARIABLES: readonly { name: string; default: string; description: string }[] = [
  { name: 'PORT', default: '3000', description: 'HTTP port.' },
  { name: 'HOST', default: '127.0.0.1', description: 'Interface to listen on (`0.0.0.0` in containers).' },
  { name: 'SAKSGANG_STORE', default: 'pglite', description: 'Event store backend: `pglite` (embedded), `postgres` or `eventstoredb`.' },
  { name: 'SAKSGANG_DATA_DIR', default: './data', description: 'PGlite data directory (embedded store; read models when events are in EventStoreDB without SAKSGANG_POSTGRES_URL).' },
  { name: 'SAKSGANG_POSTGRES_URL', default: '—', description: 'PostgreSQL connection URL; required when SAKSGANG_STORE=postgres.' },
  { name: 'SAKSGANG_POSTGRES_POOL_SIZE', default: '16', description: 'Connections in the PostgreSQL pool.' },
  { name: 'SAKSGANG_ESDB_URL', default: '—', description: 'EventStoreDB connection string (`esdb://…`, `esdb+discover://…`); required when SAKSGANG_STORE=eventstoredb.' },
  { name: 'SAKSGANG_LOG_FORMAT', default: 'json', description: '`json` (pino: one object a line; a request\'s lines carry `requestId`, `correlationId` and the acting person, never a token or a body) or `text` (pino-pretty).' },
  { name: 'SAKSGANG_LOG_LEVEL', default: 'log', description: '`error`, `warn`, `log`, `debug` or `verbose`.' },
  {
    name: 'SAKSGANG_DEV_ACTOR_HEADERS',
    default: 'off',
    description:
      'Development only: `on` takes the acting person from `X-Dev-Person`/`X-Dev-Organ`/`X-Dev-Rolle` without a token and without checking membership. Never in production.',
  },
  { name: 'SAKSGANG_AUTH_ISSUER', default: 'saksgang-lokal (with SAKSGANG_AUTH_SECRET or the local secret)', description: 'Expected `iss` of bearer tokens; required with SAKSGANG_AUTH_JWKS_URL.' },
  { name: 'SAKSGANG_AUTH_AUDIENCE', default: 'saksgang (with SAKSGANG_AUTH_SECRET or the local secret)', description: 'Expected `aud` of bearer tokens; required with SAKSGANG_AUTH_JWKS_URL.' },
  { name: 'SAKSGANG_AUTH_JWKS_URL', default: '—', description: 'The OpenID Connect provider\'s JWKS URL (`https://…`; `http://` only for localhost): tokens are verified with its keys.' },
  {
    name: 'SAKSGANG_AUTH_PERSON_CLAIM',
    default: 'sub',
    description:
      'The claim of the provider\'s verified access token that names the person (their id in the organisation data); a token without it is refused with 401. Entra ID\'s `sub` differs per application: use `oid` (the object id, fixed for the person in the tenant) or `preferred_username` (which people and administrators can change: prefer `oid`). Needs SAKSGANG_AUTH_JWKS_URL (local tokens always name the person in `sub`).',
  },
  {
    name: 'SAKSGANG_AUTH_SECRET',
    default: '—',
    description:
      'Shared HS256 secret (at least 32 bytes) for tokens issued locally (`npm run token`). Without it and without a JWKS URL, the embedded store generates a random one at first start in SAKSGANG_DATA_DIR/.saksgang/local-token-secret.',
  },
  {
    name: 'SAKSGANG_OIDC_CLIENT_ID',
    default: '— (no OpenID Connect sign-in in the web app)',
    description:
      'The web app\'s client id at the OpenID Connect provider (a public client: authorization code flow with PKCE, no secret; redirect URI `https://<saksgang>/app/innlogging/tilbake`). Needs SAKSGANG_AUTH_JWKS_URL; the provider is SAKSGANG_AUTH_ISSUER (https://, http:// only for localhost; discovery at `<issuer>/.well-known/openid-configuration`). With it the local sign-in is off.',
  },
  { name: 'SAKSGANG_OIDC_SCOPE', default: 'openid', description: 'Scopes the web app asks for, space-separated; must include `openid` (e.g. `openid profile api://saksgang/access` for Entra ID).' },
  {
    name: 'SAKSGANG_OIDC_RESOURCE',
    default: '— (none)',
    description: 'A resource indicator (RFC 8707, an absolute URI) the web app sends so the access token is issued for saksgang (its `aud` = SAKSGANG_AUTH_AUDIENCE), as ID-porten wants; Entra ID takes the audience from the scope instead.',
  },
  { name: 'SAKSGANG_OIDC_NAME', default: 'ID-porten, Entra ID or the issuer\'s host', description: 'The provider\'s name on the sign-in button («Logg inn med …»).' },
  { name: 'SAKSGANG_CORS_ORIGINS', default: '— (none)', description: 'Comma-separated origins allowed cross-origin (e.g. `https://saksgang.example.no`); `*` is refused.' },
  { name: 'SAKSGANG_RATE_LIMIT', default: '600', description: 'Requests per client (IP address) per minute; more → 429 with Retry-After. `0` turns it off.' },
  {
    name: 'SAKSGANG_RATE_LIMIT_STORE',
    default: 'memory',
    description:
      'Where the rate limit is counted: `memory` (each instance on its own) or `postgres` (one count for all instances, in the table `saksgang_rate_limit` of the PostgreSQL database: SAKSGANG_POSTGRES_URL, which every instance must share).',
  },
  { name: 'SAKSGANG_BODY_LIMIT', default: '1048576', description: 'Largest request body in bytes (larger → 413).' },
  {
    name: 'SAKSGANG_DEMO',
    default: 'auto for pglite, off otherwise',
    description: '`auto`: load the demo helsefellesskap (Helsefellesskapet i nordre Trøndelag) on start when the store is empty; `off`: never. Any store: `npm run demo:load`.',
  },
  { name: 'SAKSGANG_PROJECTIONS', default: 'on', description: '`on`: run the projections (read models) in this process; `off`: do not (another process runs them; queries then read what is there).' },
  {
    name: 'SAKSGANG_MIN_POSITION_WAIT_MS',
    default: '5000',
    description: 'Read-your-writes: the longest (ms) a query with `minPosition` waits for the read models to reach it before answering 503.',
  },
  {
    name: 'SAKSGANG_PROJECTION_LEASE_RETRY_MS',
    default: '1000',
    description: 'Several instances on one PostgreSQL: how often (ms) an instance tries to take over a projection whose lease another holds (bounds the take-over time when that one dies).',
  },
  { name: 'SAKSGANG_TOKEN_MAX_LIFETIME', default: '43200', description: 'Longest bearer-token lifetime accepted, in seconds (`exp` − `iat`; a token without `iat` is refused with 401).' },
  { name: 'SAKSGANG_JSON_MAX_DEPTH', default: '32', description: 'Deepest nesting of objects and arrays in a JSON request body; deeper → 400 before the body reaches the application.' },
  { name: 'SAKSGANG_FUTURE_TOLERANCE', default: '300', description: 'How many seconds after the present a step may take effect (`gjelderFra`; clock skew). Facts record what happened; planned dates have their own fields.' },
  { name: 'SAKSGANG_PLANNING_HORIZON_YEARS', default: '10', description: 'How many years ahead a planned date (frist, møtedato) may lie.' },
  { name: 'SAKSGANG_WEB_DIR', default: 'apps/web/dist', description: 'The built web app (`npm run build:web`; `npm start` builds it), served at `/`.' },
  {
    name: 'SAKSGANG_READY_MAX_LAG',
    default: '1000',
    description: 'Readiness (`GET /health/ready`): the most events any projection may be behind the store\'s head; further behind (or the store not answering) → 503. Liveness (`/health/live`) only asks that the process answers.',
  },
  {
    name: 'SAKSGANG_METRICS',
    default: 'public for pglite, off otherwise',
    description: '`public`: Prometheus metrics at `GET /metrics` on the API\'s port, without a token; `off`: not there (404) — scrape SAKSGANG_METRICS_PORT instead.',
  },
  { name: 'SAKSGANG_METRICS_PORT', default: '— (none)', description: 'A port of its own (on HOST) serving only `GET /metrics`, for a scraper on the operators\' network; `0` picks a free one.' },
  ...VARSLING_CONFIG_VARIABLES,
  ...DOKUMENT_CONFIG_VARIABLES,
];

export function loadConfig(env: Record<string, string | undefined> = process.env): SaksgangConfig {
  const problems: string[] = [];

  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') return fallback;
    if (!/^\d+$/.test(raw.trim())) {
      problems.push(`${name}="${raw}" is not a whole number (expected ${min}–${max}).`);
      return fallback;
    }
    const n = Number(raw);
    if (n < min || n > max) problems.push(`${name}=${n} is out of range (expected ${min}–${max}).`);
    return n;
  };
  const oneOf = <T extends string>(name: string, fallback: T, allowed: readonly T[]): T => {
    const raw = env[name]?.trim();
    if (raw === undefined || raw === '') return fallback;
    if (!(allowed as readonly string[]).includes(raw)) {
      problems.push(`${name}="${raw}" is not one of: ${allowed.join(', ')}.`);
      return fallback;
    }
    return raw as T;
  };
  const onOff = (name: string, fallback: boolean): boolean => {
    const raw = env[name]?.trim().toLowerCase();
    if (raw === undefined || raw === '') return fallback;
    if (['on', 'true', '1', 'yes'].includes(raw)) return true;
    if (['off', 'false', '0', 'no'].includes(raw)) return false;
    problems.push(`${name}="${env[name]}" must be on or off.`);
    return fallback;
  };
  const url = (name: string, protocols: readonly string[]): string | undefined => {
    const raw = env[name]?.trim();
    if (!raw) return undefined;
    try {
      const u = new URL(raw);
      if (!protocols.includes(u.protocol)) {
        problems.push(`${name} must start with ${protocols.map((p) => `${p}//`).join(' or ')} (got ${u.protocol}//…).`);
      }
    } catch {
      problems.push(`${name} is not a valid URL.`);
    }
    return raw;
  };

  const port = int('PORT', 3000, 0, 65535);
  const host = env['HOST']?.trim() || '127.0.0.1';
  const backend = oneOf('SAKSGANG_STORE', 'pglite', ['pglite', 'postgres', 'eventstoredb'] as const);
  const dataDir = env['SAKSGANG_DATA_DIR']?.trim() || './data';
  const pgUrl = url('SAKSGANG_POSTGRES_URL', ['postgres:', 'postgresql:']);
  const poolSize = int('SAKSGANG_POSTGRES_POOL_SIZE', 16, 1, 1000);
  // Not `url()`: a cluster's gossip seeds (`esdb://host1:2113,host2:2113,host3:2113?…`) are no WHATWG URL.
  const esdbUrl = esdbConnectionString(env['SAKSGANG_ESDB_URL'], problems);

  const auth = authConfig(env, backend, problems);
  const webOidc = webOidcConfig(env, auth, problems);
  const corsOrigins = (env['SAKSGANG_CORS_ORIGINS'] ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter((o) => o.length > 0);
  for (const o of corsOrigins) {
    if (o === '*') problems.push('SAKSGANG_CORS_ORIGINS must list the allowed origins; `*` is not accepted.');
    else if (!/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/.test(o)) problems.push(`SAKSGANG_CORS_ORIGINS: "${o}" is not an origin (scheme://host[:port], no path).`);
  }

  let store: StoreConfig;
  switch (backend) {
    case 'pglite':
      store = { backend, dataDir };
      break;
    case 'postgres':
      if (!pgUrl) problems.push('SAKSGANG_STORE=postgres needs SAKSGANG_POSTGRES_URL (e.g. postgres://user:password@localhost:5432/saksgang).');
      store = { backend, url: pgUrl ?? '', poolSize };
      break;
    case 'eventstoredb':
      if (!esdbUrl) problems.push('SAKSGANG_STORE=eventstoredb needs SAKSGANG_ESDB_URL (e.g. esdb://localhost:2113?tls=false).');
      store = { backend, connectionString: esdbUrl ?? '', readModelUrl: pgUrl, dataDir };
      break;
  }

  const config: SaksgangConfig = {
    port,
    host,
    store,
    logFormat: oneOf('SAKSGANG_LOG_FORMAT', 'json', ['json', 'text'] as const),
    logLevel: oneOf('SAKSGANG_LOG_LEVEL', 'log', ['error', 'warn', 'log', 'debug', 'verbose'] as const),
    devActorHeaders: onOff('SAKSGANG_DEV_ACTOR_HEADERS', false),
    auth,
    ...(webOidc ? { webOidc } : {}),
    corsOrigins,
    rateLimitPerMinute: int('SAKSGANG_RATE_LIMIT', 600, 0, 1_000_000),
    rateLimitStore: rateLimitStore(oneOf('SAKSGANG_RATE_LIMIT_STORE', 'memory', ['memory', 'postgres'] as const), pgUrl, problems),
    bodyLimitBytes: int('SAKSGANG_BODY_LIMIT', 1024 * 1024, 1024, 64 * 1024 * 1024),
    demo: oneOf('SAKSGANG_DEMO', backend === 'pglite' ? 'auto' : 'off', ['auto', 'off'] as const),
    projections: onOff('SAKSGANG_PROJECTIONS', true),
    minPositionWaitMs: int('SAKSGANG_MIN_POSITION_WAIT_MS', 5000, 0, 60_000),
    projectionLeaseRetryMs: int('SAKSGANG_PROJECTION_LEASE_RETRY_MS', 1000, 50, 600_000),
    tokenMaxLifetimeSeconds: int('SAKSGANG_TOKEN_MAX_LIFETIME', 12 * 3600, 60, 366 * 24 * 3600),
    jsonMaxDepth: int('SAKSGANG_JSON_MAX_DEPTH', 32, 4, 1000),
    futureToleranceSeconds: int('SAKSGANG_FUTURE_TOLERANCE', 300, 0, 7 * 24 * 3600),
    planningHorizonYears: int('SAKSGANG_PLANNING_HORIZON_YEARS', 10, 1, 100),
    webDir: env['SAKSGANG_WEB_DIR']?.trim() || 'apps/web/dist',
    readyMaxLagEvents: int('SAKSGANG_READY_MAX_LAG', 1000, 0, 1_000_000_000),
    metrics: oneOf('SAKSGANG_METRICS', backend === 'pglite' ? 'public' : 'off', ['public', 'off'] as const),
    ...(env['SAKSGANG_METRICS_PORT']?.trim() ? { metricsPort: int('SAKSGANG_METRICS_PORT', 0, 0, 65535) } : {}),
    varsling: varslingConfig(env, problems, `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

function rateLimitStore(kind: 'memory' | 'postgres', pgUrl: string | undefined, problems: string[]): NonNullable<SaksgangConfig['rateLimitStore']> {
  if (kind === 'memory') return { kind };
  if (!pgUrl) problems.push('SAKSGANG_RATE_LIMIT_STORE=postgres needs SAKSGANG_POSTGRES_URL (the database every instance shares).');
  return { kind, url: pgUrl ?? '' };
}

function esdbConnectionString(raw: string | undefined, problems: string[]): string | undefined {
  const value = raw?.trim();
  if (!value) return undefined;
  try {
    parseEsdbConnectionString(value);
  } catch (error) {
    problems.push(`SAKSGANG_ESDB_URL: ${error instanceof Error ? error.message : String(error)}`);
  }
  return value;
}

function authConfig(env: Record<string, string | undefined>, backend: StoreConfig['backend'], problems: string[]): AuthConfig {
  const get = (n: string) => env[n]?.trim() || undefined;
  const issuer = get('SAKSGANG_AUTH_ISSUER');
  const audience = get('SAKSGANG_AUTH_AUDIENCE');
  const jwksUrl = get('SAKSGANG_AUTH_JWKS_URL');
  const secret = env['SAKSGANG_AUTH_SECRET'];
  if (jwksUrl && secret) problems.push('Set either SAKSGANG_AUTH_JWKS_URL (an OpenID Connect provider) or SAKSGANG_AUTH_SECRET (local tokens), not both.');
  if (jwksUrl) {
    try {
      const u = new URL(jwksUrl);
      const lokal = ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);
      if (u.protocol !== 'https:' && !(u.protocol === 'http:' && lokal)) problems.push('SAKSGANG_AUTH_JWKS_URL must be https:// (http:// only for localhost).');
    } catch {
      problems.push('SAKSGANG_AUTH_JWKS_URL is not a valid URL.');
    }
    if (!issuer) problems.push('SAKSGANG_AUTH_JWKS_URL needs SAKSGANG_AUTH_ISSUER (the `iss` your provider puts in its tokens).');
    if (!audience) problems.push('SAKSGANG_AUTH_JWKS_URL needs SAKSGANG_AUTH_AUDIENCE (the `aud` your provider puts in tokens for saksgang).');
    const personClaim = personClaimFra(get('SAKSGANG_AUTH_PERSON_CLAIM'), problems);
    return { mode: 'jwks', jwksUrl, issuer: issuer ?? '', audience: audience ?? '', ...(personClaim !== 'sub' ? { personClaim } : {}) };
  }
  const annenClaim = get('SAKSGANG_AUTH_PERSON_CLAIM');
  if (annenClaim && annenClaim !== 'sub') problems.push(`SAKSGANG_AUTH_PERSON_CLAIM=${annenClaim} needs SAKSGANG_AUTH_JWKS_URL: local tokens (SAKSGANG_AUTH_SECRET or the local secret) name the person in sub.`);
  if (secret !== undefined) {
    if (Buffer.byteLength(secret, 'utf8') < 32) problems.push(`SAKSGANG_AUTH_SECRET must be at least 32 bytes (got ${Buffer.byteLength(secret, 'utf8')}); e.g. \`openssl rand -base64 48\`.`);
    return { mode: 'secret', secret, issuer: issuer ?? LOKAL_ISSUER, audience: audience ?? LOKAL_AUDIENCE };
  }
  return { mode: backend === 'pglite' ? 'lokal' : 'mangler', issuer: issuer ?? LOKAL_ISSUER, audience: audience ?? LOKAL_AUDIENCE };
}

/** Claims that never name a person: the token's issuer, audience, times, id, client and roles. */
const IKKE_PERSONPAASTANDER = new Set(['iss', 'aud', 'exp', 'iat', 'nbf', 'jti', 'roles', 'scp', 'scope', 'azp', 'appid', 'client_id', 'tid', 'nonce', 'typ', 'ver']);

function personClaimFra(raw: string | undefined, problems: string[]): string {
  const claim = raw ?? 'sub';
  if (!/^[A-Za-z_][A-Za-z0-9_.:/-]{0,127}$/.test(claim)) problems.push(`SAKSGANG_AUTH_PERSON_CLAIM: "${claim}" is not a claim name (letters, digits, _ . : / -; at most 128).`);
  else if (IKKE_PERSONPAASTANDER.has(claim) || claim in Object.prototype) problems.push(`SAKSGANG_AUTH_PERSON_CLAIM: ${claim} does not name a person (e.g. sub, oid or preferred_username).`);
  return claim;
}

function webOidcConfig(env: Record<string, string | undefined>, auth: AuthConfig, problems: string[]): WebOidcConfig | undefined {
  const get = (n: string) => env[n]?.trim() || undefined;
  const clientId = get('SAKSGANG_OIDC_CLIENT_ID');
  const andre = ['SAKSGANG_OIDC_SCOPE', 'SAKSGANG_OIDC_RESOURCE', 'SAKSGANG_OIDC_NAME'].filter((n) => get(n));
  if (!clientId) {
    if (andre.length > 0) problems.push(`${andre.join(', ')} ${andre.length > 1 ? 'need' : 'needs'} SAKSGANG_OIDC_CLIENT_ID (the web app's client id at the provider).`);
    return undefined;
  }
  if (auth.mode !== 'jwks') {
    problems.push('SAKSGANG_OIDC_CLIENT_ID needs SAKSGANG_AUTH_JWKS_URL, SAKSGANG_AUTH_ISSUER and SAKSGANG_AUTH_AUDIENCE: the provider\'s tokens are verified with its keys.');
    return undefined;
  }
  if (!/^[\x21-\x7e]{1,200}$/.test(clientId)) problems.push('SAKSGANG_OIDC_CLIENT_ID: at most 200 visible ASCII characters, no spaces.');
  let host = '';
  try {
    const u = new URL(auth.issuer);
    const lokal = ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);
    if (u.protocol !== 'https:' && !(u.protocol === 'http:' && lokal)) problems.push('SAKSGANG_OIDC_CLIENT_ID: the provider (SAKSGANG_AUTH_ISSUER) must be https:// (http:// only for localhost).');
    else if (u.search || u.hash) problems.push('SAKSGANG_OIDC_CLIENT_ID: the provider (SAKSGANG_AUTH_ISSUER) must be an issuer URL without query or fragment.');
    host = u.hostname;
  } catch {
    if (auth.issuer) problems.push(`SAKSGANG_OIDC_CLIENT_ID: the provider is SAKSGANG_AUTH_ISSUER, and "${auth.issuer}" is not a URL (discovery is at <issuer>/.well-known/openid-configuration).`);
  }
  const scope = (get('SAKSGANG_OIDC_SCOPE') ?? 'openid').split(/\s+/).join(' ');
  if (!/^[\x21\x23-\x5b\x5d-\x7e]+( [\x21\x23-\x5b\x5d-\x7e]+)*$/.test(scope)) problems.push('SAKSGANG_OIDC_SCOPE: scopes separated by spaces, each of visible ASCII characters without " and \\.');
  else if (!scope.split(' ').includes('openid')) problems.push(`SAKSGANG_OIDC_SCOPE must include openid (got "${scope}").`);
  const resource = get('SAKSGANG_OIDC_RESOURCE');
  if (resource) {
    const gyldig = URL.canParse(resource) && !resource.includes('#');
    if (!gyldig) problems.push(`SAKSGANG_OIDC_RESOURCE: "${resource}" is not an absolute URI without a fragment (RFC 8707).`);
  }
  const navn = get('SAKSGANG_OIDC_NAME') ?? (/(^|\.)idporten\.no$/.test(host) ? 'ID-porten' : /^login\.microsoftonline\.(com|us)$/.test(host) ? 'Entra ID' : host || 'identitetstilbyderen');
  if (navn.length > 60) problems.push('SAKSGANG_OIDC_NAME: at most 60 characters.');
  return { issuer: auth.issuer, clientId, scope, ...(resource ? { resource } : {}), navn };
}

/**
 * Why the HTTP API cannot start with this configuration, or undefined. (Other programs — the audit CLI,
 * the demo loader — read the same configuration but take no requests, so they do not need it.)
 */
export function authProblem(c: SaksgangConfig): string | undefined {
  if (c.auth.mode !== 'mangler') return undefined;
  return (
    `SAKSGANG_STORE=${c.store.backend} needs authentication configured: SAKSGANG_AUTH_JWKS_URL with SAKSGANG_AUTH_ISSUER and ` +
    'SAKSGANG_AUTH_AUDIENCE (OpenID Connect), or SAKSGANG_AUTH_SECRET (at least 32 bytes). Only the embedded store (pglite) generates a local secret.'
  );
}

/**
 * For the entry points (server, scripts): the configuration, or `undefined` after writing what is
 * wrong to stderr (the caller then exits with 2, a usage error). Other errors are thrown.
 */
export function loadConfigOrReport(env: Record<string, string | undefined> = process.env, heading = ''): SaksgangConfig | undefined {
  try {
    return loadConfig(env);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    process.stderr.write(`${heading}${e.message}\n`);
    return undefined;
  }
}

/** The configuration as it may be logged: no passwords. */
export function describeConfig(c: SaksgangConfig): Record<string, unknown> {
  const redact = (u: string | undefined) => (u ? u.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@') : undefined);
  const store =
    c.store.backend === 'postgres'
      ? { backend: c.store.backend, url: redact(c.store.url), poolSize: c.store.poolSize }
      : c.store.backend === 'eventstoredb'
        ? { backend: c.store.backend, connectionString: redact(c.store.connectionString), readModelUrl: redact(c.store.readModelUrl) }
        : c.store;
  return { port: c.port, host: c.host, store, logFormat: c.logFormat, logLevel: c.logLevel, devActorHeaders: c.devActorHeaders, auth: { mode: c.auth.mode, issuer: c.auth.issuer, audience: c.auth.audience, ...(c.auth.mode === 'jwks' ? { jwksUrl: c.auth.jwksUrl } : {}) }, ...(c.webOidc ? { webOidc: c.webOidc } : {}), corsOrigins: c.corsOrigins, rateLimitPerMinute: c.rateLimitPerMinute, rateLimitStore: c.rateLimitStore?.kind ?? 'memory', demo: c.demo, projections: c.projections, minPositionWaitMs: c.minPositionWaitMs };
}
