import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import {
  canonicalJson,
  type EventStore,
  formatPosition,
  HASH_ALGORITHM,
  type RecordedEvent,
  sha256Hex,
  type SqlClient,
  storedHash,
  storedPreviousHash,
  StreamNotFoundError,
} from '@saksgang/event-store';
import { foldSak, historikkPunkt, recordedBy, SakFinnesIkkeError } from '../point-in-time/point-in-time.js';
import { recordedTime } from '../tid.js';
import { readWholeLog, verify, type VerifyScope } from '../verify/verify.js';
import { rapportHtml, type RapportHendelse, type RapportSak } from './rapport.js';
import { offentligData, samleSkjerminger, type Skjerming } from './skjerming.js';
import { VERIFISER_SCRIPT } from './verifiser-script.js';
import { type BundleDokument, dokumenthendelserForSak, skjermedeDokumentstroemmer, skrivDokumenter } from './dokumenter.js';

export const BUNDLE_FORMAT = 'saksgang-arkivpakke';
export const BUNDLE_FORMAT_VERSION = 1;

export type ExportScope = { readonly kind: 'sak'; readonly sakId: string } | { readonly kind: 'periode'; readonly fra?: Date; readonly til?: Date };

export interface ExportOptions {
  /** The bundle directory (created; files in it are overwritten). */
  readonly dir: string;
  /** Leave out what is exempt from public access (see skjerming.ts). */
  readonly offentlig?: boolean;
  readonly sql?: SqlClient;
  /** `name version` of the generator, written in the manifest. */
  readonly generator?: string;
  /** The time written as `generert` (default: now). */
  readonly now?: Date;
  readonly onProgress?: (done: number, total: number) => void;
}

/** One line of `events.jsonl`: the recorded event, canonical JSON. */
export interface BundleLine {
  readonly streamName: string;
  readonly revision: number;
  readonly eventId: string;
  readonly type: string;
  readonly position: string;
  readonly recordedAt: string;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly skjermet?: Skjerming;
}

export interface BundleChainHead {
  readonly streamName: string;
  readonly fraRevisjon: number;
  readonly tilRevisjon: number;
  /** The `previousHash` of the bundle's first event of the stream: links the segment to what came before (null = from the start). */
  readonly forrigeHash: string | null;
  readonly hode: { readonly revision: number; readonly eventId: string; readonly hash: string | null };
  readonly antall: number;
}

export interface BundleManifest {
  readonly format: typeof BUNDLE_FORMAT;
  readonly formatversjon: number;
  readonly generator: string;
  readonly generert: string;
  readonly omfang: { readonly type: 'sak'; readonly sakId: string } | { readonly type: 'periode'; readonly fra: string | null; readonly til: string | null };
  readonly offentlig: boolean;
  readonly hashalgoritme: string;
  readonly hashbeskrivelse: string;
  readonly antall: { readonly hendelser: number; readonly stroemmer: number; readonly saker: number; readonly skjermedeHendelser: number };
  readonly periode: { readonly foersteRegistrert: string | null; readonly sisteRegistrert: string | null };
  readonly kjedehoder: readonly BundleChainHead[];
  readonly verifisering: { readonly ok: boolean; readonly avvik: readonly string[] };
  readonly filer: readonly { readonly navn: string; readonly sha256: string; readonly bytes: number }[];
  /** The documents' versions in `dokumenter/` with their recorded checksums (with `sql`; a public bundle has no exempt one). */
  readonly dokumenter?: readonly BundleDokument[];
}

export interface ExportResult {
  readonly dir: string;
  readonly manifest: BundleManifest;
  /** False when `verify` found integrity issues in the exported streams (the bundle is written anyway, with the issues in it). */
  readonly integrityOk: boolean;
}

const HASH_DESCRIPTION =
  'metadata.hash = SHA-256 (hex) of the RFC 8785 (JCS) canonical JSON of {streamName, revision, eventId, type, data, metadata without hash}; ' +
  'metadata.previousHash (covered by the hash) = the hash of the previous event of the same stream (null at revision 0), so the last hash of a stream proves its whole history.';

function byRevision(a: RecordedEvent, b: RecordedEvent): number {
  if (a.streamName !== b.streamName) return a.streamName < b.streamName ? -1 : 1;
  return a.revision < b.revision ? -1 : a.revision > b.revision ? 1 : 0;
}

/**
 * Writes a self-contained archive bundle: `events.jsonl`, `rapport.html`, `verifiser.mjs`,
 * `manifest.json` (SHA-256 of the other files, chain heads, counts, period, generator) and
 * `SHA256SUMS` (for `sha256sum -c`, covering every other file including the manifest).
 */
export async function exportBundle(store: EventStore, scope: ExportScope, options: ExportOptions): Promise<ExportResult> {
  const offentlig = options.offentlig ?? false;
  const generert = (options.now ?? new Date()).toISOString();
  const generator = options.generator ?? 'saksgang';
  const progress = options.onProgress ?? (() => undefined);

  // 1. The events.
  let events: RecordedEvent[];
  let verifyScope: VerifyScope;
  if (scope.kind === 'sak') {
    try {
      events = await store.readStream(`sak-${scope.sakId}`);
    } catch (e) {
      if (e instanceof StreamNotFoundError) throw new SakFinnesIkkeError(scope.sakId);
      throw e;
    }
    verifyScope = { kind: 'sak', sakId: scope.sakId };
    // The sak's documents (their own streams) come with it.
    events.push(...(await dokumenthendelserForSak(store, await readWholeLog(store), scope.sakId)));
  } else {
    const log = await readWholeLog(store);
    events = log.filter((e) => {
      const t = recordedTime(e).getTime();
      return (scope.fra === undefined || t >= scope.fra.getTime()) && (scope.til === undefined || t <= scope.til.getTime());
    });
    events.sort(byRevision);
    verifyScope = { kind: 'periode', ...(scope.fra ? { fra: scope.fra } : {}), ...(scope.til ? { til: scope.til } : {}) };
  }
  const total = events.length + 3;
  progress(0, total);

  // 2. Integrity of what is exported (the whole chains of the streams involved).
  const hovedrapport = await verify(store, verifyScope, { sql: options.sql });
  const dokumentrapporter = [];
  if (scope.kind === 'sak') {
    for (const streamName of new Set(events.filter((e) => e.streamName.startsWith('dokument-')).map((e) => e.streamName))) dokumentrapporter.push(await verify(store, { kind: 'stream', streamName }, { sql: options.sql }));
  }
  const report = { ok: hovedrapport.ok && dokumentrapporter.every((r) => r.ok), issues: [...hovedrapport.issues, ...dokumentrapporter.flatMap((r) => r.issues)] };
  // A public bundle carries nothing of an exempt document: neither its events nor its bytes.
  if (offentlig) {
    const skjermede = await skjermedeDokumentstroemmer(store, events);
    events = events.filter((e) => !skjermede.has(e.streamName));
  }
  const avvik = report.issues.map((i) => `${i.kind}: ${i.streamName}${i.revision !== undefined ? ` revisjon ${i.revision}` : ''}${i.eventId ? ` (${i.eventId})` : ''} — ${i.detail}`);

  // 3. events.jsonl
  const skjerminger = samleSkjerminger(scope.kind === 'sak' ? events : await allEventsOfStreams(store, events));
  const lines: BundleLine[] = [];
  const shown = new Map<string, RapportHendelse[]>();
  let skjermede = 0;
  for (const e of events) {
    const publicView = offentlig ? offentligData(e, skjerminger) : { data: e.data };
    if ('skjermet' in publicView && publicView.skjermet) skjermede++;
    const skjermet = 'skjermet' in publicView ? publicView.skjermet : undefined;
    lines.push({
      streamName: e.streamName,
      revision: Number(e.revision),
      eventId: e.id,
      type: e.type,
      position: formatPosition(e.position),
      recordedAt: e.recordedAt.toISOString(),
      data: publicView.data,
      metadata: e.metadata,
      ...(skjermet ? { skjermet } : {}),
    });
    if (e.streamName.startsWith('sak-')) {
      const p = historikkPunkt({ ...e, data: publicView.data });
      const list = shown.get(e.streamName.slice(4)) ?? [];
      list.push({ ...p, streamName: e.streamName, ...(skjermet ? { skjermet } : {}), ...(storedHash(e.metadata) ? { hash: storedHash(e.metadata)! } : {}) });
      shown.set(e.streamName.slice(4), list);
    }
    progress(lines.length, total);
  }
  const eventsJsonl = lines.map((l) => canonicalJson(l)).join('\n') + (lines.length ? '\n' : '');

  // 4. rapport.html — built only from what the bundle holds (so a public report shows nothing exempt).
  const saker: RapportSak[] = [];
  for (const [sakId, hendelser] of [...shown.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const folded = events.filter((e) => e.streamName === `sak-${sakId}`).map((e) => (offentlig ? { ...e, data: offentligData(e, skjerminger).data } : e));
    const upTo = scope.kind === 'periode' && scope.til ? recordedBy(folded, scope.til) : folded;
    saker.push({ sakId, sak: folded[0]?.revision === 0n ? foldSak(upTo) : null, hendelser });
  }
  const rapport = rapportHtml({
    tittel: scope.kind === 'sak' ? `Arkivpakke for sak ${scope.sakId}` : 'Arkivpakke for periode',
    omfang:
      scope.kind === 'sak'
        ? `sak ${scope.sakId}`
        : `hendelser registrert ${scope.fra ? `fra ${scope.fra.toISOString()}` : 'fra starten'} ${scope.til ? `til ${scope.til.toISOString()}` : 'til nå'}`,
    generert,
    generator,
    offentlig,
    saker,
    andreHendelser: events.filter((e) => !e.streamName.startsWith('sak-')).length,
    verifisering: { ok: report.ok, avvik },
  });
  progress(events.length + 1, total);

  // 5. manifest.json and SHA256SUMS.
  const files: [string, string][] = [
    ['events.jsonl', eventsJsonl],
    ['rapport.html', rapport],
    ['verifiser.mjs', VERIFISER_SCRIPT],
  ];
  const kjedehoder = chainHeads(events);
  await mkdir(options.dir, { recursive: true });
  const dokumenter = options.sql ? await skrivDokumenter(options.sql, options.dir, events) : [];
  const dokumentfiler = await Promise.all(dokumenter.filter((d) => d.fil !== undefined).map(async (d) => ({ navn: d.fil!, sha256: d.sjekksumFunnet!, bytes: d.bytes })));
  const times = events.map((e) => recordedTime(e).getTime());
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    formatversjon: BUNDLE_FORMAT_VERSION,
    generator,
    generert,
    omfang: scope.kind === 'sak' ? { type: 'sak', sakId: scope.sakId } : { type: 'periode', fra: scope.fra?.toISOString() ?? null, til: scope.til?.toISOString() ?? null },
    offentlig,
    hashalgoritme: HASH_ALGORITHM,
    hashbeskrivelse: HASH_DESCRIPTION,
    antall: { hendelser: events.length, stroemmer: kjedehoder.length, saker: saker.length, skjermedeHendelser: skjermede },
    periode: {
      foersteRegistrert: times.length ? new Date(Math.min(...times)).toISOString() : null,
      sisteRegistrert: times.length ? new Date(Math.max(...times)).toISOString() : null,
    },
    kjedehoder,
    verifisering: { ok: report.ok, avvik },
    filer: [...files.map(([navn, innhold]) => ({ navn, sha256: sha256Hex(innhold), bytes: Buffer.byteLength(innhold) })), ...dokumentfiler],
    ...(dokumenter.length > 0 ? { dokumenter } : {}),
  };
  const manifestJson = `${JSON.stringify(manifest, null, 2)}\n`;
  const all: [string, string][] = [...files, ['manifest.json', manifestJson]];
  const sums = [...all.map(([navn, innhold]) => `${sha256Hex(innhold)}  ${navn}`), ...dokumentfiler.map((f) => `${f.sha256}  ${f.navn}`)].join('\n') + '\n';

  for (const [navn, innhold] of [...all, ['SHA256SUMS', sums] as [string, string]]) await writeFile(join(options.dir, navn), innhold, 'utf8');
  progress(total, total);
  return { dir: options.dir, manifest, integrityOk: report.ok };
}

async function allEventsOfStreams(store: EventStore, events: readonly RecordedEvent[]): Promise<RecordedEvent[]> {
  const names = [...new Set(events.map((e) => e.streamName))];
  const out: RecordedEvent[] = [];
  for (const name of names) {
    try {
      out.push(...(await store.readStream(name)));
    } catch (e) {
      if (!(e instanceof StreamNotFoundError)) throw e;
    }
  }
  return out;
}

function chainHeads(events: readonly RecordedEvent[]): BundleChainHead[] {
  const perStream = new Map<string, RecordedEvent[]>();
  for (const e of events) {
    const list = perStream.get(e.streamName) ?? [];
    list.push(e);
    perStream.set(e.streamName, list);
  }
  return [...perStream.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([streamName, list]) => {
      const first = list[0]!;
      const last = list[list.length - 1]!;
      return {
        streamName,
        fraRevisjon: Number(first.revision),
        tilRevisjon: Number(last.revision),
        forrigeHash: storedPreviousHash(first.metadata) ?? null,
        hode: { revision: Number(last.revision), eventId: last.id, hash: storedHash(last.metadata) ?? null },
        antall: list.length,
      };
    });
}

/** The chain heads of a bundle manifest, as anchors for `verify` (what the archive received must still be there, unchanged). */
export function anchorsFromManifest(manifest: Pick<BundleManifest, 'kjedehoder'>): { streamName: string; revision: number; hash: string }[] {
  return manifest.kjedehoder.filter((k) => k.hode.hash !== null).map((k) => ({ streamName: k.streamName, revision: k.hode.revision, hash: k.hode.hash! }));
}
