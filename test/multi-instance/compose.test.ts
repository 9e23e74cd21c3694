/**
 * docker/ checked without Docker (no engine or compose plugin here; `docker compose config` does it
 * where one is installed): the compose files parse, have the services, health checks and
 * dependencies the issue asks for, give the API only variables the configuration knows — values that
 * `loadConfig` accepts — and commit no secret; the Dockerfile runs the built entry point as a non-root
 * user, listening on all interfaces, with a health check.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { describe, expect, it } from '@jest/globals';
import { authProblem, CONFIG_VARIABLES, loadConfig } from '@saksgang/application';
import { parseEsdbConnectionString } from '@saksgang/event-store';
import { parse } from 'yaml';
import { ROOT } from './support.js';

type Service = {
  image?: string;
  build?: { context: string; dockerfile: string };
  environment?: Record<string, string>;
  healthcheck?: { test: string[] | string };
  depends_on?: Record<string, { condition: string }>;
  ports?: string[];
  volumes?: string[];
};
type Compose = { services: Record<string, Service> };

const read = (file: string): string => readFileSync(resolve(ROOT, file), 'utf8');
const compose = (file: string): Compose => parse(read(file), { merge: true }) as Compose;
const KNOWN = new Set(CONFIG_VARIABLES.map((v) => v.name));

/** Values for the `${VAR:?…}` the files require, as docker/.env would give them (test values only). */
const DOT_ENV: Record<string, string> = {
  POSTGRES_PASSWORD: 'pg-test-password',
  ESDB_ADMIN_PASSWORD: 'esdb-admin-test',
  ESDB_OPS_PASSWORD: 'esdb-ops-test',
  SAKSGANG_AUTH_SECRET: 'a-test-secret-that-is-at-least-32-bytes-long',
};

/** Compose's interpolation: `${VAR}`, `${VAR:-default}`, `${VAR:?error}`, `$$` → `$`. */
function interpolate(value: string, env: Record<string, string>): string {
  return value
    .replace(/\$\{([A-Z0-9_]+)(?:(:?[-?])([^}]*))?\}/g, (_m, name: string, op: string | undefined, arg: string | undefined) => {
      const v = env[name];
      if (op?.endsWith('?')) {
        if (!v) throw new Error(`compose would refuse: ${arg}`);
        return v;
      }
      if (op?.endsWith('-')) return v ? v : (arg ?? '');
      return v ?? '';
    })
    .replace(/\$\$/g, '$');
}

/** The names `${…}` refers to in a file. */
function interpolated(text: string): Set<string> {
  return new Set([...text.matchAll(/\$\{([A-Z0-9_]+)/g)].map((m) => m[1]!));
}

function apiServices(c: Compose): [string, Service][] {
  return Object.entries(c.services).filter(([, s]) => s.build?.dockerfile === 'docker/Dockerfile');
}

const FILES = {
  'docker/compose.yml': { services: ['eventstoredb', 'postgres', 'api'], apis: 1, esdb: ['eventstoredb'] },
  'docker/compose.cluster.yml': { services: ['certs', 'esdb1', 'esdb2', 'esdb3', 'postgres', 'api-1', 'api-2'], apis: 2, esdb: ['esdb1', 'esdb2', 'esdb3'] },
} as const;

describe.each(Object.entries(FILES))('%s', (file, expected) => {
  const c = compose(file);

  it('has the services of the issue, PostgreSQL with a health check, and the API waiting for healthy stores', () => {
    expect(Object.keys(c.services).sort()).toEqual([...expected.services].sort());
    expect(c.services['postgres']!.healthcheck?.test.toString()).toContain('pg_isready');
    const apis = apiServices(c);
    expect(apis).toHaveLength(expected.apis);
    for (const [, api] of apis) {
      expect(api.build!.context).toBe('..'); // the repository root, relative to docker/
      for (const store of [...expected.esdb, 'postgres']) expect(api.depends_on?.[store]?.condition).toBe('service_healthy');
      // Published only on the loopback interface unless SAKSGANG_HTTP_BIND says otherwise.
      for (const p of api.ports ?? []) expect(p).toMatch(/^\$\{SAKSGANG_HTTP_BIND:-127\.0\.0\.1\}:/);
      // The API is healthy when ready (store answers, projections within the lag), not merely alive.
      expect(api.healthcheck?.test.toString()).toContain('/health/ready');
    }
    // EventStoreDB nodes: the image's own HEALTHCHECK is used (depends_on service_healthy needs one);
    // none disables it.
    for (const n of expected.esdb) {
      expect(c.services[n]!.image).toMatch(/^eventstore\/eventstore:\d/);
      expect(c.services[n]!.healthcheck).toBeUndefined();
    }
  });

  it('gives the API only variables the configuration knows, and values loadConfig accepts', () => {
    for (const [name, api] of apiServices(c)) {
      const env = api.environment ?? {};
      const unknown = Object.keys(env).filter((k) => !KNOWN.has(k));
      expect({ service: name, unknown }).toEqual({ service: name, unknown: [] });
      const resolved = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, interpolate(String(v), DOT_ENV)]));
      expect(resolved['HOST']).toBe('0.0.0.0'); // reachable from outside the container
      const config = loadConfig(resolved);
      expect(config.store.backend).toBe('eventstoredb');
      expect(config.devActorHeaders).toBe(false);
      expect(authProblem(config)).toBeUndefined();
      if (config.store.backend !== 'eventstoredb') throw new Error('unreachable');
      expect(config.store.readModelUrl).toMatch(/^postgres:\/\/[^@]+@postgres:5432\/saksgang$/);
      const esdb = parseEsdbConnectionString(config.store.connectionString);
      expect(esdb).toBeDefined();
      // Each named host is a service of the file.
      for (const host of config.store.connectionString.replace(/^esdb:\/\/([^@]*@)?/, '').split('?')[0]!.split(',')) {
        expect(expected.esdb).toContain(host.split(':')[0]);
      }
    }
  });

  it('commits no secret: passwords and secrets come from docker/.env, which compose demands', () => {
    const text = read(file);
    // Without docker/.env compose refuses to start rather than use an empty password.
    expect(() => interpolate(text, {})).toThrow(/compose would refuse/);
    for (const [, service] of Object.entries(c.services)) {
      for (const [key, value] of Object.entries(service.environment ?? {})) {
        if (/PASSWORD|SECRET/.test(key)) expect(String(value)).toMatch(/^\$\{[A-Z0-9_]+:\?[^}]+\}$/);
        // A URL with credentials takes the password from the environment too.
        const required = String(value).replace(/\$\{[A-Z0-9_]+:\?[^}]*\}/g, '<REQUIRED>').replace(/\$\{[^}]*\}/g, '<VAR>');
        const credentials = /:\/\/[^:@/]*:([^@]*)@/.exec(required);
        if (credentials) expect({ key, password: credentials[1] }).toEqual({ key, password: '<REQUIRED>' });
      }
    }
    // Every variable the file reads is documented in env.example.
    const documented = new Set([...read('docker/env.example').matchAll(/^#?\s*([A-Z0-9_]+)=/gm)].map((m) => m[1]!));
    const optional = new Set(['SAKSGANG_IMAGE_TAG', 'SAKSGANG_LOG_FORMAT', 'SAKSGANG_HTTP_BIND', 'SAKSGANG_HTTP_PORT_1', 'SAKSGANG_HTTP_PORT_2', 'SAKSGANG_PROJECTION_LEASE_RETRY_MS']);
    const undocumented = [...interpolated(text)].filter((n) => !documented.has(n) && !optional.has(n));
    expect(undocumented).toEqual([]);
  });
});

describe('docker/env.example', () => {
  it('leaves every password and secret empty', () => {
    const lines = read('docker/env.example').split('\n').filter((l) => /^[A-Z0-9_]+=/.test(l));
    const secrets = lines.filter((l) => /PASSWORD|SECRET/.test(l.split('=')[0]!));
    expect(secrets.length).toBeGreaterThanOrEqual(4);
    for (const l of secrets) expect(l).toMatch(/^[A-Z0-9_]+=$/);
  });

  it('names only variables the configuration knows or the compose files read', () => {
    const names = [...read('docker/env.example').matchAll(/^([A-Z0-9_]+)=/gm)].map((m) => m[1]!);
    const read_ = new Set([...interpolated(read('docker/compose.yml')), ...interpolated(read('docker/compose.cluster.yml'))]);
    expect(names.filter((n) => !KNOWN.has(n) && !read_.has(n))).toEqual([]);
  });
});

describe('docker/Dockerfile', () => {
  const text = read('docker/Dockerfile');
  const runtime = text.slice(text.lastIndexOf('\nFROM '));

  it('is multi-stage and runs the built API as a non-root user, with a health check on /health', () => {
    expect(text.match(/^FROM /gm)!.length).toBeGreaterThanOrEqual(2);
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/HOST=0\.0\.0\.0/);
    expect(runtime).toMatch(/^HEALTHCHECK .*\n?.*\/health/m);
    // The image's own check is liveness: a lost store must not get the container restarted.
    expect(runtime).toMatch(/^HEALTHCHECK .*\n?.*\/health\/live'/m);
    // The same entry point as `npm run start:prod` (what `nest build api` writes).
    const startProd = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts['start:prod']!;
    const entry = /node (\S+)/.exec(startProd)![1]!;
    expect(entry).toBe('dist/apps/api/src/main.js');
    expect(runtime).toContain(`CMD ["node", "${entry}"]`);
    expect(text).toContain('RUN npm run build');
    // `npm run build` compiles the API and builds the web app; the image serves the app from SAKSGANG_WEB_DIR.
    expect((JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts['build']).toBe('nest build api && npm run -s build:web');
    expect(runtime).toContain('COPY --from=build --chown=root:root /src/apps/web/dist ./web');
    expect(runtime).toMatch(/SAKSGANG_WEB_DIR=\/app\/web/);
  });

  it('copies only files that exist, and keeps secrets and local data out of the build context', () => {
    for (const m of text.matchAll(/^COPY (?!--from)(?:--\S+ )*(.+) \S+$/gm)) {
      for (const src of m[1]!.split(/\s+/)) expect({ src, exists: exists(src) }).toEqual({ src, exists: true });
    }
    const ignore = read('docker/Dockerfile.dockerignore').split('\n');
    for (const entry of ['.env', '**/.env', 'docker/.env', 'data', '**/node_modules', '**/dist', 'test-output']) expect(ignore).toContain(entry);
  });
});

function exists(path: string): boolean {
  try {
    readFileSync(resolve(ROOT, path));
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EISDIR';
  }
}
