/**
 * The documents of an archive bundle (#16 item 1): each version's bytes as a file of its own under
 * `dokumenter/`, written while streamed from the store and hashed on the way (the manifest lists each
 * with the checksum recorded in its event and the one found now), and which documents are exempt —
 * a public bundle carries neither the events nor the bytes of an exempt document.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import { dokumentobjekterI } from '@saksgang/domain';
import { type EventStore, type RecordedEvent, SqlDokumentlager, type SqlClient, StreamNotFoundError } from '@saksgang/event-store';

/** One document version in a bundle. */
export interface BundleDokument {
  readonly dokumentId: string;
  readonly tittel: string;
  readonly versjonsnummer: number;
  readonly filnavn: string;
  readonly format: string;
  /** The file in the bundle (absent when the bytes were not in the store). */
  readonly fil?: string;
  /** SHA-256 as recorded in the event (covered by the hash chain). */
  readonly sjekksum: string;
  /** SHA-256 of the bytes written into the bundle; differs from `sjekksum` when the stored bytes were changed. */
  readonly sjekksumFunnet?: string;
  readonly bytes: number;
}

/** The events of the document streams attached to the sak (its own, its deliveries', its hearing answers'). */
export async function dokumenthendelserForSak(store: EventStore, log: readonly RecordedEvent[], sakId: string): Promise<RecordedEvent[]> {
  const stroemmer = log
    .filter((e) => e.type === 'DokumentRegistrert' && (e.data as { tilknytning?: { sakId?: unknown } }).tilknytning?.sakId === sakId)
    .map((e) => e.streamName);
  const ut: RecordedEvent[] = [];
  for (const s of [...new Set(stroemmer)].sort()) {
    try {
      ut.push(...(await store.readStream(s)));
    } catch (e) {
      if (!(e instanceof StreamNotFoundError)) throw e;
    }
  }
  return ut;
}

/** The document streams that are exempt now (registered exempt or exempted later, and not lifted since). */
export async function skjermedeDokumentstroemmer(store: EventStore, events: readonly RecordedEvent[]): Promise<Set<string>> {
  const ut = new Set<string>();
  for (const s of new Set(events.filter((e) => e.streamName.startsWith('dokument-')).map((e) => e.streamName))) {
    let skjermet = false;
    for (const e of await store.readStream(s).catch(() => [] as RecordedEvent[])) {
      if (e.type === 'DokumentRegistrert') skjermet = typeof (e.data as { skjermingshjemmel?: unknown }).skjermingshjemmel === 'string';
      if (e.type === 'DokumentSkjermet') skjermet = true;
      if (e.type === 'DokumentskjermingOpphevet') skjermet = false;
    }
    if (skjermet) ut.add(s);
  }
  return ut;
}

function trygt(navn: string): string {
  // eslint-disable-next-line no-control-regex
  return navn.replace(/[/\\\u0000-\u001f"*:<>?|]/g, '_').slice(-120);
}

/** Writes the bytes of every document version the events record into `dir/dokumenter/`, streamed. */
export async function skrivDokumenter(sql: SqlClient, dir: string, events: readonly RecordedEvent[]): Promise<BundleDokument[]> {
  const lager = new SqlDokumentlager(sql);
  const ut: BundleDokument[] = [];
  const titler = new Map<string, string>();
  for (const e of events) {
    if (e.type === 'DokumentRegistrert') titler.set(e.streamName, String((e.data as { tittel?: unknown }).tittel ?? ''));
    for (const o of dokumentobjekterI(e)) {
      const dokumentId = e.streamName.slice('dokument-'.length);
      const base = { dokumentId, tittel: titler.get(e.streamName) ?? '', versjonsnummer: o.versjonsnummer, filnavn: o.filnavn, format: o.format, sjekksum: o.sjekksum, bytes: o.filstoerrelse };
      if (!(await lager.stat(o.lagringsId))) {
        ut.push(base);
        continue;
      }
      const fil = `dokumenter/${dokumentId}/v${o.versjonsnummer}-${trygt(o.filnavn)}`;
      await mkdir(join(dir, 'dokumenter', dokumentId), { recursive: true });
      const hash = createHash('sha256');
      let bytes = 0;
      const w = createWriteStream(join(dir, fil));
      for await (const b of lager.get(o.lagringsId)) {
        hash.update(b);
        bytes += b.length;
        if (!w.write(b)) await once(w, 'drain');
      }
      w.end();
      await once(w, 'finish');
      ut.push({ ...base, fil, sjekksumFunnet: hash.digest('hex'), bytes });
    }
  }
  return ut;
}
