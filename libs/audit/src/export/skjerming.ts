import { type LagretHendelse, skjulteFelt } from '@saksgang/domain';
import type { JsonObject, JsonValue, RecordedEvent } from '@saksgang/event-store';

/**
 * Exemption from public access (tilgangsrestriksjon / skjermingshjemmel), until the domain has its
 * own event for it. CONVENTION: an event's `data.skjerming` or `metadata.skjerming` may be
 *
 *     { "felt": ["tittel", "beskrivelse"], "skjermingshjemmel": "Offl. § 13, jf. fvl. § 13 første ledd nr. 1",
 *       "tilgangsrestriksjon": "13", "hendelsesnummer": 0 }
 *
 * - `felt`: names of fields of the event's `data` that are exempt.
 * - `skjermingshjemmel`: the legal basis (required; shown in the public bundle instead of the value).
 * - `tilgangsrestriksjon`: optional code (Noark 5).
 * - `hendelsesnummer`: optional; when given, the exemption applies to the event with that revision
 *   in the same stream (so a later event can exempt fields of an earlier one); else to the event
 *   that carries it.
 *
 * A public bundle (`offentlig`) leaves the exempt fields out of `data` and writes
 * `"skjermet": { "felt": [...], "skjermingshjemmel": "…" }` on the event's line instead. A
 * correction (`OpplysningKorrigert`) of an exempt field loses its `gammelVerdi` and `nyVerdi`.
 * If `tittel` is exempt and the event has an `offentligTittel`, that stays and is shown.
 *
 * In a sak stream the exemption also reaches every copy of the exempt value in other events, and the
 * values the field was corrected to (the domain's copy relation, libs/domain skjerming-kopier.ts): an
 * exempt meeting date is left out of the decision too, an exempt frist out of the granted postponement.
 */
export interface Skjerming {
  readonly felt: readonly string[];
  readonly skjermingshjemmel: string;
  readonly tilgangsrestriksjon?: string;
}

interface SkjermingMedMaal extends Skjerming {
  readonly hendelsesnummer?: number;
}

function lesSkjerming(v: JsonValue | undefined): SkjermingMedMaal | undefined {
  if (v === null || v === undefined || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const felt = v['felt'];
  const hjemmel = v['skjermingshjemmel'];
  if (!Array.isArray(felt) || !felt.every((f) => typeof f === 'string') || typeof hjemmel !== 'string') return undefined;
  const kode = v['tilgangsrestriksjon'];
  const nr = v['hendelsesnummer'];
  return {
    felt: felt as string[],
    skjermingshjemmel: hjemmel,
    ...(typeof kode === 'string' ? { tilgangsrestriksjon: kode } : {}),
    ...(typeof nr === 'number' && Number.isInteger(nr) ? { hendelsesnummer: nr } : {}),
  };
}

/** The exemptions per event (key `stream|revision`), collected from every event of the given streams. */
export function samleSkjerminger(events: readonly RecordedEvent[]): Map<string, Skjerming> {
  const svar = new Map<string, Skjerming>();
  const legg = (stream: string, revision: number, s: Skjerming): void => {
    const key = `${stream}|${revision}`;
    const f = svar.get(key);
    svar.set(
      key,
      f
        ? { felt: [...new Set([...f.felt, ...s.felt])], skjermingshjemmel: [...new Set([...f.skjermingshjemmel.split('; '), ...s.skjermingshjemmel.split('; ')])].join('; '), ...(f.tilgangsrestriksjon ? { tilgangsrestriksjon: f.tilgangsrestriksjon } : {}) }
        : { felt: s.felt, skjermingshjemmel: s.skjermingshjemmel, ...(s.tilgangsrestriksjon ? { tilgangsrestriksjon: s.tilgangsrestriksjon } : {}) },
    );
  };
  for (const e of events) {
    for (const kilde of [e.data['skjerming'], e.metadata['skjerming']]) {
      const s = lesSkjerming(kilde);
      if (!s) continue;
      legg(e.streamName, s.hendelsesnummer ?? Number(e.revision), s);
    }
  }
  // The copies: per sak stream, what the domain hides for the exemptions found.
  const stroemmer = new Map<string, RecordedEvent[]>();
  for (const e of events) if (e.streamName.startsWith('sak-')) stroemmer.set(e.streamName, [...(stroemmer.get(e.streamName) ?? []), e]);
  for (const [stream, liste] of stroemmer) {
    const merker = [...svar.entries()]
      .filter(([k]) => k.startsWith(`${stream}|`))
      .map(([k, s]) => ({ hendelsesnummer: Number(k.slice(stream.length + 1)), felt: s.felt, skjermingshjemmel: s.skjermingshjemmel }));
    if (merker.length === 0) continue;
    const hendelser: LagretHendelse[] = [];
    for (const e of liste) hendelser[Number(e.revision)] = { type: e.type, data: e.data };
    for (let i = 0; i < hendelser.length; i++) hendelser[i] ??= { type: '', data: {} };
    for (const [nr, skjult] of skjulteFelt(hendelser, merker)) legg(stream, nr, { felt: [...skjult.felt], skjermingshjemmel: skjult.hjemler.join('; ') });
  }
  return svar;
}

export interface SkjermetData {
  readonly data: JsonObject;
  readonly skjermet?: Skjerming;
}

/** The event's data as it may be shown to the public. */
export function offentligData(e: RecordedEvent, skjerminger: ReadonlyMap<string, Skjerming>): SkjermetData {
  const egen = skjerminger.get(`${e.streamName}|${Number(e.revision)}`);
  let data: JsonObject = e.data;
  let skjermet: Skjerming | undefined = egen;
  if (egen) {
    data = Object.fromEntries(Object.entries(e.data).filter(([k]) => !egen.felt.includes(k))) as JsonObject;
  }
  if (e.type === 'OpplysningKorrigert') {
    const nr = e.data['hendelsesnummer'];
    const felt = e.data['felt'];
    const maal = typeof nr === 'number' ? skjerminger.get(`${e.streamName}|${nr}`) : undefined;
    if (maal && typeof felt === 'string' && maal.felt.includes(felt)) {
      data = Object.fromEntries(Object.entries(data).filter(([k]) => k !== 'gammelVerdi' && k !== 'nyVerdi')) as JsonObject;
      skjermet = { felt: [...new Set([...(skjermet?.felt ?? []), 'gammelVerdi', 'nyVerdi'])], skjermingshjemmel: maal.skjermingshjemmel };
    }
  }
  return skjermet ? { data, skjermet } : { data };
}
