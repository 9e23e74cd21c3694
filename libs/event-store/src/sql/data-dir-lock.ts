import { randomUUID } from 'node:crypto';
import { closeSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, resolve } from 'node:path';

import { DataDirectoryLockedError } from '../errors.js';

/**
 * Ownership of an embedded (PGlite) data directory. PGlite is PostgreSQL in one process with no
 * shared-memory coordination: two processes opening the same directory would corrupt it.
 *
 * The lock is the file `<dataDir>.lock` BESIDE the directory (not inside it: PGlite's initdb wants
 * the directory to itself). It is created atomically with O_CREAT|O_EXCL (`'wx'`) and holds
 * `{ pid, hostname, token, since }` as JSON.
 *
 * If the file exists:
 * - same host and the pid is alive (and is not this process, or this process holds it) → locked;
 * - same host and the pid is dead → stale (a crash): it is taken over;
 * - another host → locked: we cannot tell whether that process is alive. Delete the lock file by
 *   hand once you know it is not (the error message says where it is).
 * A pid equal to our own that we do not hold ourselves is stale too: in containers the app is often
 * pid 1 on every start.
 *
 * Taking over a stale lock is race-safe: the stale file is first renamed away (atomic) and checked
 * to be the one we judged stale; a fresh lock someone else created meanwhile is put back.
 */
export interface DataDirectoryLock {
  readonly lockFile: string;
  /** Removes the lock file if it is still ours. Idempotent. */
  release(): void;
}

interface LockContent {
  pid: number;
  hostname: string;
  token: string;
  since: string;
}

/** Lock files this process holds (a second open in the same process is refused too). */
const heldByThisProcess = new Set<string>();

export function lockFileFor(dataDir: string): string {
  return `${resolve(dataDir).replace(/[/\\]+$/, '')}.lock`;
}

export function acquireDataDirectoryLock(dataDir: string): DataDirectoryLock {
  const lockFile = lockFileFor(dataDir);
  mkdirSync(dirname(lockFile), { recursive: true });
  const content: LockContent = { pid: process.pid, hostname: hostname(), token: randomUUID(), since: new Date().toISOString() };

  for (let attempt = 0; attempt < 5; attempt++) {
    if (tryCreate(lockFile, content)) {
      heldByThisProcess.add(lockFile);
      let released = false;
      return {
        lockFile,
        release() {
          if (released) return;
          released = true;
          heldByThisProcess.delete(lockFile);
          const current = readLock(lockFile);
          if (current !== 'missing' && current?.token === content.token) {
            try {
              unlinkSync(lockFile);
            } catch {
              // already gone
            }
          }
        },
      };
    }
    const existing = readLock(lockFile);
    if (existing === 'missing') continue; // released between our attempt and the read: try again
    if (existing !== undefined && isLive(existing, lockFile)) {
      throw new DataDirectoryLockedError(resolve(dataDir), existing.pid, { hostname: existing.hostname, lockFile });
    }
    takeOverStale(lockFile, existing);
  }
  throw new DataDirectoryLockedError(resolve(dataDir), -1, { lockFile });
}

function tryCreate(lockFile: string, content: LockContent): boolean {
  let fd: number;
  try {
    fd = openSync(lockFile, 'wx', 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, JSON.stringify(content));
  } finally {
    closeSync(fd);
  }
  return true;
}

/** The lock's content; `undefined` when it is unreadable (a half-written or foreign file: stale). */
function readLock(lockFile: string): LockContent | undefined | 'missing' {
  let text: string;
  try {
    text = readFileSync(lockFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockContent>;
    if (typeof parsed.pid === 'number' && typeof parsed.hostname === 'string' && typeof parsed.token === 'string') {
      return parsed as LockContent;
    }
  } catch {
    // fall through
  }
  // Empty or foreign: a process that crashed between creating and writing the file. (A writer that
  // is still writing is safe: takeOverStale re-reads after the atomic rename and puts it back.)
  return undefined;
}

function isLive(lock: LockContent, lockFile: string): boolean {
  if (lock.hostname !== hostname()) return true;
  if (lock.pid === process.pid) return heldByThisProcess.has(lockFile);
  return pidAlive(lock.pid);
}

function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function takeOverStale(lockFile: string, judged: LockContent | undefined): void {
  const aside = `${lockFile}.stale-${process.pid}-${randomUUID()}`;
  try {
    renameSync(lockFile, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // someone else took it over
    throw error;
  }
  const moved = readLock(aside);
  const same =
    moved === judged ||
    (moved !== undefined && moved !== 'missing' && judged !== undefined && moved.token === judged.token);
  if (!same) {
    // We moved a lock that someone created after we looked: put it back (link fails if a newer one exists).
    try {
      linkSync(aside, lockFile);
    } catch {
      // a newer lock exists; ours to drop
    }
  }
  try {
    unlinkSync(aside);
  } catch {
    // ignore
  }
}
