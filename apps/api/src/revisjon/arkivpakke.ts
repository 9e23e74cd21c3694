import { createReadStream } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { exportBundle, type ExportScope } from '@saksgang/audit';
import type { EventStore, SqlClient } from '@saksgang/event-store';
import tarStream from 'tar-stream';

/** The prefix of the temporary directory an archive bundle is written to before it is streamed (removed afterwards). */
export const ARKIVPAKKE_TMP_PREFIX = 'saksgang-arkivpakke-';

export interface Arkivpakke {
  /** The .tar.gz, streamed from the temporary directory; the directory is removed before the stream ends (or when it fails or is destroyed). */
  readonly stream: Readable;
  /** ASCII-safe, e.g. `arkivpakke-sak-16-2017-2026-12-07.tar.gz`. */
  readonly filnavn: string;
}

/** Today's date in Norway (YYYY-MM-DD). */
export function norskDato(t: Date): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Oslo', year: 'numeric', month: '2-digit', day: '2-digit' }).format(t);
}

/** A file-name part in ASCII: æ → ae, ø → o, å → aa, other letters without their accents, everything else a hyphen. */
export function filnavnledd(tekst: string, maks = 40): string {
  const s = tekst
    .toLowerCase()
    .replaceAll('æ', 'ae')
    .replaceAll('ø', 'o')
    .replaceAll('å', 'aa')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (s.length <= maks) return s;
  // Cut at a word's end where one is near enough.
  const kutt = s.slice(0, maks + 1);
  const ord = kutt.lastIndexOf('-');
  return (ord >= maks / 2 ? kutt.slice(0, ord) : s.slice(0, maks)).replace(/-+$/, '');
}

/** The sak's number (a body's `saksnummer`) or its (public) title, read from the bundle's own events: a public bundle names nothing exempt. */
async function sakensNavn(eventsJsonl: string, sakId: string): Promise<string> {
  let tittel: string | undefined;
  let saksnummer: string | undefined;
  for (const linje of eventsJsonl.split('\n')) {
    if (!linje) continue;
    const l = JSON.parse(linje) as { streamName: string; type: string; data?: Record<string, unknown> };
    if (l.streamName !== `sak-${sakId}`) continue;
    if (l.type === 'SakRegistrert') {
      const t = l.data?.['offentligTittel'] ?? l.data?.['tittel'];
      if (typeof t === 'string') tittel = t;
    }
    const nr = l.data?.['saksnummer'];
    if (saksnummer === undefined && typeof nr === 'string' && filnavnledd(nr) !== '') saksnummer = nr;
  }
  if (saksnummer) return `sak-${filnavnledd(saksnummer, 20)}`;
  const t = tittel ? filnavnledd(tittel) : '';
  return t || `sak-${sakId.slice(0, 8)}`;
}

async function alleFiler(dir: string, under = ''): Promise<string[]> {
  const ut: string[] = [];
  for (const e of (await readdir(join(dir, under), { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    const rel = under ? `${under}/${e.name}` : e.name;
    if (e.isDirectory()) ut.push(...(await alleFiler(dir, rel)));
    else if (e.isFile()) ut.push(rel);
  }
  return ut;
}

export interface ArkivpakkeValg {
  readonly offentlig: boolean;
  readonly sql?: SqlClient;
  readonly now: Date;
}

/**
 * Writes the archive bundle (libs/audit exportBundle) to a temporary directory and streams it as one
 * .tar.gz, every file under a top folder named like the file (so `tar xzf` gives one folder where
 * `sha256sum -c SHA256SUMS && node verifiser.mjs` work). The directory is removed once every file is
 * read, or when the export, the packing or the client fails or goes away. An unknown sak throws
 * (SakFinnesIkkeError) before anything is streamed, with the directory already removed.
 */
export async function lagArkivpakke(store: EventStore, scope: ExportScope, valg: ArkivpakkeValg): Promise<Arkivpakke> {
  const tmp = await mkdtemp(join(tmpdir(), ARKIVPAKKE_TMP_PREFIX));
  let fjernet: Promise<void> | undefined;
  const rydd = (): Promise<void> => (fjernet ??= rm(tmp, { recursive: true, force: true }).catch(() => undefined));
  const pakke = join(tmp, 'arkivpakke');
  let filnavn: string;
  let filer: string[];
  try {
    await exportBundle(store, scope, { dir: pakke, offentlig: valg.offentlig, ...(valg.sql ? { sql: valg.sql } : {}), generator: 'saksgang (API)', now: valg.now });
    const dato = norskDato(valg.now);
    const hva =
      scope.kind === 'sak'
        ? await sakensNavn(await readFile(join(pakke, 'events.jsonl'), 'utf8'), scope.sakId)
        : `periode-${scope.fra ? norskDato(scope.fra) : 'start'}-til-${scope.til ? norskDato(scope.til) : dato}`;
    filnavn = `arkivpakke-${hva}-${dato}${valg.offentlig ? '-offentlig' : ''}`;
    filer = await alleFiler(pakke);
  } catch (e) {
    await rydd();
    throw e;
  }

  const pack = tarStream.pack();
  const ut = createGzip();
  let ferdigLest = false;
  // tar-stream's streams are streamx streams: piped by hand (as its README does), errors passed on.
  pack.on('error', (e: Error) => ut.destroy(e));
  pack.pipe(ut);
  // The client went away (or the stream was destroyed) before everything was read: stop and clean up.
  let avbryt: ((e: Error) => void) | undefined;
  ut.once('close', () => {
    if (!ferdigLest) {
      avbryt?.(new Error('the download was aborted'));
      pack.destroy();
    }
    void rydd();
  });
  const mtime = valg.now;
  const leggTil = (rel: string, size: number): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const entry = pack.entry({ name: `${filnavn}/${rel}`, size, mode: 0o644, mtime }, (err) => (err ? reject(err) : resolve()));
      entry.on('error', reject);
      const fil = createReadStream(join(pakke, rel));
      avbryt = (e) => (fil.destroy(), entry.destroy(e), reject(e));
      fil.once('error', (e) => avbryt!(e));
      fil.pipe(entry);
    });
  void (async () => {
    try {
      pack.entry({ name: `${filnavn}/`, type: 'directory', mode: 0o755, mtime }).on('error', () => undefined);
      for (const rel of filer) await leggTil(rel, (await stat(join(pakke, rel))).size);
      ferdigLest = true;
      await rydd(); // before the last bytes go out: when the client has the whole file, the directory is gone
      pack.finalize();
    } catch (e) {
      await rydd();
      ut.destroy(e instanceof Error ? e : new Error(String(e)));
    }
  })();
  return { stream: ut, filnavn: `${filnavn}.tar.gz` };
}
