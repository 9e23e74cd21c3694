/**
 * Helpers of the multi-instance tests: a throw-away PostgreSQL database per test file, and API
 * instances as separate operating-system processes.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import pg from 'pg';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Creates an empty database on the server of `adminUrl`; returns its URL and a function that drops it. */
export async function createDatabase(adminUrl: string, prefix: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  await withClient(adminUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return {
    url: u.href,
    drop: () => withClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

export async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  c.on('error', () => undefined);
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end().catch(() => undefined);
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * How an instance is started. Default: the API from its TypeScript sources through the swc loader
 * (apps/cli/dev/register.mjs), so the test needs no build and is not disturbed by a `dist/` rebuilt
 * meanwhile. `SAKSGANG_MULTI_INSTANCE_MAIN=dist/apps/api/src/main.js` runs a built API instead.
 */
function entry(): string[] {
  const main = process.env['SAKSGANG_MULTI_INSTANCE_MAIN'];
  if (main) return [resolve(ROOT, main)];
  return ['--import', resolve(ROOT, 'apps/cli/dev/register.mjs'), resolve(ROOT, 'apps/api/src/main.ts')];
}

export interface Instance {
  readonly name: string;
  readonly port: number;
  readonly url: string;
  readonly process: ChildProcess;
  /** Everything the process wrote (stdout and stderr), for the failure message. */
  output(): string;
  readonly exited: Promise<number | null>;
}

export function startInstance(name: string, port: number, env: Record<string, string>): Instance {
  let out = '';
  const child = spawn(process.execPath, entry(), {
    cwd: ROOT,
    env: {
      PATH: process.env['PATH'] ?? '',
      HOME: process.env['HOME'] ?? '/tmp',
      PORT: String(port),
      HOST: '127.0.0.1',
      SAKSGANG_DEMO: 'off',
      SAKSGANG_DEV_ACTOR_HEADERS: 'on',
      SAKSGANG_LOG_FORMAT: 'text',
      SAKSGANG_LOG_LEVEL: 'log',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk: Buffer): void => {
    out += chunk.toString();
    if (out.length > 200_000) out = out.slice(-100_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { name, port, url: `http://127.0.0.1:${port}`, process: child, output: () => out, exited };
}

/** Waits until `check` returns a value other than undefined; polls every `everyMs`. */
export async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs: number, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export async function http(
  method: string,
  url: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; json: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const res = await fetch(url, {
    method,
    headers: { ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}), ...(options.headers ?? {}) },
    body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = text;
  }
  return { status: res.status, json };
}

export const actor = (personId: string, organId: string, rolle: string): Record<string, string> => ({
  'x-dev-person': personId,
  'x-dev-organ': organId,
  'x-dev-rolle': rolle,
});
