import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** The file (in the data directory) that holds the local token secret of the embedded store. */
export const LOKAL_HEMMELIGHET_FIL = 'saksgang-local-token-secret';

export function lokalHemmelighetSti(dataDir: string): string | undefined {
  if (dataDir.startsWith('memory://')) return undefined;
  return join(resolve(dataDir), LOKAL_HEMMELIGHET_FIL);
}

/**
 * The local HS256 secret: read from the data directory, or (first start) generated at random and
 * written there with owner-only permissions. An in-memory store gets a fresh secret per process.
 */
export async function lokalHemmelighet(dataDir: string, opprett = true): Promise<string | undefined> {
  const sti = lokalHemmelighetSti(dataDir);
  if (!sti) return opprett ? randomBytes(48).toString('base64url') : undefined;
  try {
    const s = (await readFile(sti, 'utf8')).trim();
    if (s.length >= 43) return s;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  if (!opprett) return undefined;
  const ny = randomBytes(48).toString('base64url');
  await mkdir(resolve(dataDir), { recursive: true });
  try {
    await writeFile(sti, `${ny}\n`, { encoding: 'utf8', mode: 0o600, flag: 'wx' });
    return ny;
  } catch (e) {
    // Another process wrote it first: use theirs.
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return (await readFile(sti, 'utf8')).trim();
    throw e;
  }
}
