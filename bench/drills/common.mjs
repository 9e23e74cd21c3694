/* global process, console */
// Shared by the fault drills: where the store is, checks over a sak's stream, and the failure exit.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lib, wipeDatabase } from '../lib.mjs';

export const DRILL_PG_ENV = 'SAKSGANG_DRILL_POSTGRES_URL';

/**
 * The store the drill's service runs on: PostgreSQL (a database the drill may wipe) when
 * SAKSGANG_DRILL_POSTGRES_URL is set, else a PGlite data directory. Returns { label, env, open(), dispose() }.
 */
export async function drillStore() {
  const url = process.env[DRILL_PG_ENV]?.trim();
  if (url) {
    await wipeDatabase(url);
    return {
      label: 'PostgreSQL',
      env: { SAKSGANG_STORE: 'postgres', SAKSGANG_POSTGRES_URL: url },
      open: async () => (await lib('event-store')).openEventStore({ backend: 'postgres', url }),
      dispose: async () => undefined,
    };
  }
  console.log(`(${DRILL_PG_ENV} is not set: the drill runs on PGlite; set it to a database the drill may wipe to drill PostgreSQL)`);
  const dir = mkdtempSync(join(tmpdir(), 'saksgang-drill-'));
  const dataDir = join(dir, 'data');
  return {
    label: 'PGlite',
    env: { SAKSGANG_STORE: 'pglite', SAKSGANG_DATA_DIR: dataDir },
    open: async () => (await lib('event-store')).openEventStore({ backend: 'pglite', dataDir }),
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Problems with a stream: revisions not 0..n-1, duplicate event or command ids, a broken hash chain. */
export async function streamProblems(events) {
  const { computeRecordedEventHash, storedHash, storedPreviousHash } = await lib('event-store');
  const problems = [];
  const ids = new Set();
  let previous = null;
  events.forEach((e, i) => {
    if (e.revision !== BigInt(i)) problems.push(`${e.streamName}: revision ${e.revision} at index ${i}`);
    if (ids.has(e.id)) problems.push(`${e.streamName}: event ${e.id} twice`);
    ids.add(e.id);
    const hash = storedHash(e.metadata);
    if (hash !== computeRecordedEventHash(e)) problems.push(`${e.streamName}@${i}: hash does not match the event`);
    if (storedPreviousHash(e.metadata) !== previous) problems.push(`${e.streamName}@${i}: previousHash does not chain`);
    previous = hash ?? null;
  });
  return problems;
}

export function check(ok, message, failures) {
  console.log(`${ok ? 'ok  ' : 'FAIL'}  ${message}`);
  if (!ok) failures.push(message);
}

export function finish(name, failures) {
  if (failures.length) {
    console.error(`\ndrill ${name}: FAILED (${failures.length}):\n${failures.map((f) => `  - ${f}`).join('\n')}`);
    process.exitCode = 1;
  } else console.log(`\ndrill ${name}: passed`);
  return failures.length === 0;
}
