/**
 * Configuration from the environment, validated at start-up. Every problem is reported at once,
 * each naming the variable, what it got and what it accepts.
 */

export type StoreConfig =
  | { readonly backend: 'pglite'; readonly dataDir: string }
  | { readonly backend: 'postgres'; readonly url: string; readonly poolSize: number }
  | { readonly backend: 'eventstoredb'; readonly connectionString: string; readonly readModelUrl?: string; readonly dataDir: string };

export type LogFormat = 'json' | 'text';
export type LogLevel = 'error' | 'warn' | 'log' | 'debug' | 'verbose';

export interface SaksgangConfig {
  readonly port: number;
  readonly host: string;
  readonly store: StoreConfig;
  readonly logFormat: LogFormat;
  readonly logLevel: LogLevel;
  /** Accept the actor from the development headers (`X-Dev-Person`, `X-Dev-Organ`, `X-Dev-Rolle`). */
  readonly devActorHeaders: boolean;
  /** Largest accepted request body, in bytes. */
  readonly bodyLimitBytes: number;
  /** `auto`: load the demo helsefellesskap on start when the store is empty; `off`: never. */
  readonly demo: 'auto' | 'off';
  /** Run the projections (read models) in this process. */
  readonly projections: boolean;
  /** Longest a query with `minPosition` waits for the projections to reach it (read-your-writes), in ms. */
  readonly minPositionWaitMs: number;
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
  { name: 'SAKSGANG_LOG_FORMAT', default: 'json', description: '`json` (structured, one object a line) or `text`.' },
  { name: 'SAKSGANG_LOG_LEVEL', default: 'log', description: '`error`, `warn`, `log`, `debug` or `verbose`.' },
  { name: 'SAKSGANG_DEV_ACTOR_HEADERS', default: 'on', description: 'Take the acting person from `X-Dev-Person`/`X-Dev-Organ`/`X-Dev-Rolle` (development only, until authentication lands).' },
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
  const esdbUrl = url('SAKSGANG_ESDB_URL', ['esdb:', 'esdb+discover:']);

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
    devActorHeaders: onOff('SAKSGANG_DEV_ACTOR_HEADERS', true),
    bodyLimitBytes: int('SAKSGANG_BODY_LIMIT', 1024 * 1024, 1024, 64 * 1024 * 1024),
    demo: oneOf('SAKSGANG_DEMO', backend === 'pglite' ? 'auto' : 'off', ['auto', 'off'] as const),
    projections: onOff('SAKSGANG_PROJECTIONS', true),
    minPositionWaitMs: int('SAKSGANG_MIN_POSITION_WAIT_MS', 5000, 0, 60_000),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
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
  return { port: c.port, host: c.host, store, logFormat: c.logFormat, logLevel: c.logLevel, devActorHeaders: c.devActorHeaders, demo: c.demo, projections: c.projections, minPositionWaitMs: c.minPositionWaitMs };
}
