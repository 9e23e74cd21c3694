/**
 * One process per PGlite data directory: the lock file `<dataDir>.lock` (beside the directory), seen
 * from a second, real Node process; stale locks of dead processes are taken over; the opt-in signal
 * handlers close the store (releasing the lock) on SIGTERM.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { DataDirectoryLockedError, PgliteClient, lockFileFor } from '@saksgang/event-store';

import { ChildStoreHarness } from '../support/child-process-store.js';

const SLOW = 120_000;

describe('PGlite data-directory lock', () => {
  let harness: ChildStoreHarness;
  let base: string;
  let dataDir: string;

  beforeAll(() => {
    harness = new ChildStoreHarness();
    base = mkdtempSync(join(tmpdir(), 'saksgang-lock-'));
    dataDir = join(base, 'data');
  });

  afterAll(() => {
    harness?.dispose();
    rmSync(base, { recursive: true, force: true });
  });

  it('a second process cannot open the directory while the first holds it; after close it can', async () => {
    const first = await PgliteClient.open({ dataDir });
    try {
      const lockFile = lockFileFor(dataDir);
      expect(first.lockFile).toBe(lockFile);
      expect(lockFile).toBe(`${dataDir}.lock`);
      expect(JSON.parse(readFileSync(lockFile, 'utf8'))).toMatchObject({ pid: process.pid, hostname: hostname() });

      const refused = await harness.start('try', dataDir);
      expect(refused.message).toMatchObject({ status: 'error', name: 'DataDirectoryLockedError', code: 'data_directory_locked', ownerPid: process.pid });
      expect(refused.message.message).toContain(dataDir);
      expect(await refused.exited).toBe(3);

      // the same process may not open it twice either
      await expect(PgliteClient.open({ dataDir })).rejects.toBeInstanceOf(DataDirectoryLockedError);
      await first.query('create table if not exists fra_foerste (x int)');
    } finally {
      await first.close();
    }
    expect(existsSync(lockFileFor(dataDir))).toBe(false);

    const second = await harness.start('try', dataDir);
    expect(second.message.status).toBe('opened-and-closed');
    expect(await second.exited).toBe(0);
    expect(existsSync(lockFileFor(dataDir))).toBe(false);
  }, SLOW);

  it('refuses this process while a child holds it; SIGTERM closes the child cleanly and frees the directory', async () => {
    const holder = await harness.start('hold', dataDir);
    expect(holder.message.status).toBe('opened');
    try {
      const error = await PgliteClient.open({ dataDir }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(DataDirectoryLockedError);
      expect((error as DataDirectoryLockedError).ownerPid).toBe(holder.child.pid);
    } finally {
      holder.child.kill('SIGTERM');
    }
    expect(await holder.exited).toBe(0); // the handler closed the store and exited normally
    expect(existsSync(lockFileFor(dataDir))).toBe(false);

    const reopened = await PgliteClient.open({ dataDir });
    try {
      // the child's write survived its shutdown
      const { rows } = await reopened.query<{ n: string }>(`select count(*)::text as n from pg_tables where tablename = 'kontroll'`);
      expect(rows[0]!.n).toBe('1');
    } finally {
      await reopened.close();
    }
  }, SLOW);

  it('takes over the stale lock of a process that died', async () => {
    const holder = await harness.start('hold', dataDir);
    expect(holder.message.status).toBe('opened');
    holder.child.kill('SIGKILL');
    await holder.exited;
    const lockFile = lockFileFor(dataDir);
    expect(JSON.parse(readFileSync(lockFile, 'utf8'))).toMatchObject({ pid: holder.child.pid }); // left behind

    const taker = await PgliteClient.open({ dataDir });
    try {
      expect(JSON.parse(readFileSync(lockFile, 'utf8'))).toMatchObject({ pid: process.pid });
      const { rows } = await taker.query<{ one: number }>('select 1 as one');
      expect(rows[0]!.one).toBe(1);
    } finally {
      await taker.close();
    }
    expect(existsSync(lockFile)).toBe(false);
  }, SLOW);

  it('takes over an unreadable lock file, but not one of another host', async () => {
    const lockFile = lockFileFor(dataDir);
    writeFileSync(lockFile, '');
    const client = await PgliteClient.open({ dataDir });
    await client.close();
    expect(existsSync(lockFile)).toBe(false);

    writeFileSync(lockFile, JSON.stringify({ pid: 1, hostname: `ikke-${hostname()}`, token: 't', since: new Date().toISOString() }));
    try {
      const error = await PgliteClient.open({ dataDir }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(DataDirectoryLockedError);
      expect((error as Error).message).toContain(`ikke-${hostname()}`);
      expect((error as Error).message).toContain(lockFile);
    } finally {
      rmSync(lockFile, { force: true });
    }
  }, SLOW);
});
