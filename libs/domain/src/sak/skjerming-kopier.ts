/**
 * «Exempt information stays exempt» (offentleglova): where a step records a copy of a value the sak
 * already holds, an exemption of the value must reach the copy too, and an exemption of the copy the
 * value. The copies are made by the steps' `lag` functions (arbeidsflyt.ts), which read the state the
 * earlier events built:
 *
 * - `FattVedtak` copies the agenda item's meeting date: `VedtakFattet.moetedato` ← `SattPaaSaksliste.moetedato`
 *   (or the latest correction of it);
 * - `InnvilgUtsattFrist` copies the requested frist and the frist it replaces:
 *   `UtsattFristInnvilget.nyFrist` ← `UtsattFristBedt.nyFrist`, and `UtsattFristInnvilget.tidligereFrist` ←
 *   the oppdrag's frist then (`OppdragDelegert.frist`, a correction of it, an earlier
 *   `UtsattFristInnvilget.nyFrist` or `LeveranseReturnert.nyFrist`);
 * - `KorrigerOpplysning` records the value it corrects: `OpplysningKorrigert.gammelVerdi` ← the field's
 *   value before (the field itself or the previous correction's `nyVerdi`).
 *
 * The other values steps take from the state are ids and bodies (`organId`, `organIder`, `fraOrganIder`),
 * the level of a body (`nivaa`) and the phase (`tidligereFase`), which are never exempt (skjerming.ts).
 *
 * THE RULE: an exemption of field F of event N covers every value F has had — the recorded one and each
 * correction's `nyVerdi` — and every copy of any of those values, in both directions and transitively (a
 * copy is the same information: exempting the decision's meeting date exempts the agenda item's too).
 * Declared once here; the public view (`offentligSak`), GET /saker/{sakId}, the saksoversikt, the
 * saksforløp, the decision list and the archive bundle's public version all use it.
 *
 * Known and left as it is: `VedtakFattet.gjelderFra` is the meeting date unless another date is given,
 * and `gjelderFra` (when a step took effect) is never exempt.
 */
import { sakDecider } from './sak-decider.js';
import type { Sak, SakEvent, SakState, Skjermingsmerke } from './typer.js';

/** One place a value is recorded: field `felt` of the event with number `hendelsesnummer` (from 0) in the sak's stream. */
export interface Forekomst {
  readonly hendelsesnummer: number;
  readonly felt: string;
}

/** An event of the sak's stream as the state keeps it (`Sak.hendelser`). */
export interface LagretHendelse {
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/** A field of an event that carries a copy of a value recorded earlier in the same sak. */
export interface Kopiregel {
  /** The event that carries the copy. */
  readonly hendelse: string;
  /** Its field. */
  readonly felt: string;
  /** Where the value comes from, in words. */
  readonly kilde: string;
  /** The occurrence the copy was taken from, among the events before `nr`; undefined when there is none. */
  readonly finnKilde: (hendelser: readonly LagretHendelse[], nr: number) => Forekomst | undefined;
}

/** The latest event before `nr` that meets `hva`, or undefined. */
function sisteFoer(hendelser: readonly LagretHendelse[], nr: number, hva: (h: LagretHendelse) => boolean): number | undefined {
  for (let i = Math.min(nr, hendelser.length) - 1; i >= 0; i--) if (hva(hendelser[i]!)) return i;
  return undefined;
}

/** Where a field's value stood just before event `foer`: the latest correction of it (its `nyVerdi`), else the field itself. */
function gjeldendeForekomst(hendelser: readonly LagretHendelse[], foer: number, f: Forekomst): Forekomst {
  const k = sisteFoer(hendelser, foer, (h) => erRettelseAv(h, f));
  return k === undefined ? f : { hendelsesnummer: k, felt: 'nyVerdi' };
}

function erRettelseAv(h: LagretHendelse, f: Forekomst): boolean {
  return h.type === 'OpplysningKorrigert' && h.data['hendelsesnummer'] === f.hendelsesnummer && h.data['felt'] === f.felt;
}

/** THE COPY RELATION: each field a step fills with a value the sak already held. */
export const SKJERMINGSKOPIER: readonly Kopiregel[] = [
  {
    hendelse: 'VedtakFattet',
    felt: 'moetedato',
    kilde: 'SattPaaSaksliste.moetedato for sakslistepunktet vedtaket gjelder (eller den siste rettelsen av den)',
    finnKilde: (h, nr) => {
      const punkt = h[nr]!.data['sakslistepunktId'];
      const s = sisteFoer(h, nr, (e) => e.type === 'SattPaaSaksliste' && e.data['sakslistepunktId'] === punkt);
      return s === undefined ? undefined : gjeldendeForekomst(h, nr, { hendelsesnummer: s, felt: 'moetedato' });
    },
  },
  {
    hendelse: 'UtsattFristInnvilget',
    felt: 'nyFrist',
    kilde: 'UtsattFristBedt.nyFrist: anmodningen om utsatt frist som innvilges (den siste for oppdraget)',
    finnKilde: (h, nr) => {
      const id = h[nr]!.data['oppdragId'];
      const b = sisteFoer(h, nr, (e) => e.type === 'UtsattFristBedt' && e.data['oppdragId'] === id);
      return b === undefined ? undefined : { hendelsesnummer: b, felt: 'nyFrist' };
    },
  },
  {
    hendelse: 'UtsattFristInnvilget',
    felt: 'tidligereFrist',
    kilde:
      'oppdragets frist da utsettelsen ble innvilget: OppdragDelegert.frist, eller det siste som endret den (en rettelse av den, ' +
      'en tidligere UtsattFristInnvilget.nyFrist, LeveranseReturnert.nyFrist)',
    finnKilde: (h, nr) => {
      const id = h[nr]!.data['oppdragId'];
      const delegert = sisteFoer(h, nr, (e) => e.type === 'OppdragDelegert' && e.data['oppdragId'] === id);
      if (delegert === undefined) return undefined;
      for (let i = nr - 1; i > delegert; i--) {
        const e = h[i]!;
        if (e.type === 'UtsattFristInnvilget' && e.data['oppdragId'] === id) return { hendelsesnummer: i, felt: 'nyFrist' };
        if (e.type === 'LeveranseReturnert' && e.data['oppdragId'] === id && typeof e.data['nyFrist'] === 'string') return { hendelsesnummer: i, felt: 'nyFrist' };
        if (erRettelseAv(e, { hendelsesnummer: delegert, felt: 'frist' }) && typeof e.data['nyVerdi'] === 'string') return { hendelsesnummer: i, felt: 'nyVerdi' };
      }
      return { hendelsesnummer: delegert, felt: 'frist' };
    },
  },
  {
    hendelse: 'OpplysningKorrigert',
    felt: 'gammelVerdi',
    kilde: 'verdien feltet hadde før rettelsen: feltet selv, eller den forrige rettelsens nyVerdi',
    finnKilde: (h, nr) => {
      const d = h[nr]!.data;
      const n = d['hendelsesnummer'];
      const felt = d['felt'];
      if (typeof n !== 'number' || typeof felt !== 'string' || n >= nr) return undefined;
      return gjeldendeForekomst(h, nr, { hendelsesnummer: n, felt });
    },
  },
];

/** The copies in a sak's stream: for each copy (by its event and field), the occurrence it was taken from. */
export function kopierISaken(hendelser: readonly LagretHendelse[]): { readonly kopi: Forekomst; readonly kilde: Forekomst; readonly regel: Kopiregel }[] {
  const svar: { kopi: Forekomst; kilde: Forekomst; regel: Kopiregel }[] = [];
  hendelser.forEach((h, nr) => {
    for (const regel of SKJERMINGSKOPIER) {
      if (regel.hendelse !== h.type || !(regel.felt in h.data)) continue;
      const kilde = regel.finnKilde(hendelser, nr);
      if (kilde && hendelser[kilde.hendelsesnummer] && kilde.felt in hendelser[kilde.hendelsesnummer]!.data) svar.push({ kopi: { hendelsesnummer: nr, felt: regel.felt }, kilde, regel });
    }
  });
  return svar;
}

/** What is hidden of one event: the fields, and the legal bases of the exemptions that hide them. */
export interface SkjultIHendelse {
  readonly felt: ReadonlySet<string>;
  readonly hjemler: readonly string[];
}

const noekkel = (f: Forekomst): string => `${f.hendelsesnummer}|${f.felt}`;

/**
 * Every field the exemptions in force hide from the public, per event number: the exempt fields, the
 * values they were corrected to, and every copy (see the rule at the top).
 */
export function skjulteFelt(hendelser: readonly LagretHendelse[], skjerminger: readonly Skjermingsmerke[]): ReadonlyMap<number, SkjultIHendelse> {
  const svar = new Map<number, { felt: Set<string>; hjemler: string[] }>();
  if (skjerminger.length === 0) return svar;
  const naboer = new Map<string, Forekomst[]>();
  const kant = (a: Forekomst, b: Forekomst) => {
    for (const [x, y] of [[a, b], [b, a]] as const) {
      const l = naboer.get(noekkel(x)) ?? [];
      l.push(y);
      naboer.set(noekkel(x), l);
    }
  };
  for (const { kopi, kilde } of kopierISaken(hendelser)) kant(kopi, kilde);
  const skjul = (f: Forekomst, hjemmel: string) => {
    const m = svar.get(f.hendelsesnummer) ?? { felt: new Set<string>(), hjemler: [] };
    m.felt.add(f.felt);
    if (!m.hjemler.includes(hjemmel)) m.hjemler.push(hjemmel);
    svar.set(f.hendelsesnummer, m);
  };
  for (const s of skjerminger) {
    for (const felt of s.felt) {
      const start: Forekomst = { hendelsesnummer: s.hendelsesnummer, felt };
      // The field's values: as recorded, and each correction's new value.
      const froe: Forekomst[] = [start];
      hendelser.forEach((h, nr) => {
        if (nr > s.hendelsesnummer && erRettelseAv(h, start) && 'nyVerdi' in h.data) froe.push({ hendelsesnummer: nr, felt: 'nyVerdi' });
      });
      // Each of them, and every copy of it, both ways.
      const sett = new Set<string>();
      const koe = [...froe];
      while (koe.length > 0) {
        const f = koe.pop()!;
        if (sett.has(noekkel(f))) continue;
        sett.add(noekkel(f));
        skjul(f, s.skjermingshjemmel);
        for (const n of naboer.get(noekkel(f)) ?? []) koe.push(n);
      }
    }
  }
  return svar;
}

/** What the public sees instead of an exempt value where a text must stand (saksforløp, pictures, lists). */
export const SKJERMET = '[skjermet]';

/** One event as the public may see it. */
export interface OffentligHendelsesdata {
  readonly hendelsesnummer: number;
  readonly type: string;
  /** The data without what is hidden (or, with `plassholder`, with {@link SKJERMET} in its place). */
  readonly data: Readonly<Record<string, unknown>>;
  /** Which fields were hidden, and why. */
  readonly skjermet?: { readonly felt: readonly string[]; readonly skjermingshjemmel: string };
}

/** The public title while the title is hidden: the latest exemption's offentligTittel, else {@link SKJERMET}. */
function offentligErstatningstittel(sak: Pick<Sak, 'skjerminger'>): string {
  return [...(sak.skjerminger ?? [])].reverse().find((s) => s.offentligTittel !== undefined)?.offentligTittel ?? SKJERMET;
}

/** The title, or the title a correction gives the sak (where a placeholder is the public title). */
function erTittel(h: LagretHendelse, felt: string): boolean {
  if (h.type === 'SakRegistrert') return felt === 'tittel';
  return h.type === 'OpplysningKorrigert' && felt === 'nyVerdi' && h.data['hendelsestype'] === 'SakRegistrert' && h.data['felt'] === 'tittel';
}

/**
 * The sak's events as the public may see them: what {@link skjulteFelt} hides is left out (default), or
 * replaced (`plassholder: true`, for texts made from the events) by {@link SKJERMET} — the title (and
 * a corrected title) by the public title, a list by a list of one {@link SKJERMET}.
 */
export function offentligeHendelser(sak: Pick<Sak, 'hendelser' | 'skjerminger'>, valg: { readonly plassholder?: boolean } = {}): OffentligHendelsesdata[] {
  const skjult = skjulteFelt(sak.hendelser, sak.skjerminger ?? []);
  return sak.hendelser.map((h, nr): OffentligHendelsesdata => {
    const s = skjult.get(nr);
    if (!s) return { hendelsesnummer: nr, type: h.type, data: h.data };
    const data: Record<string, unknown> = { ...h.data };
    const ute: string[] = [];
    for (const f of s.felt) {
      if (!(f in data)) continue;
      ute.push(f);
      if (!valg.plassholder) delete data[f];
      else data[f] = erTittel(h, f) ? offentligErstatningstittel(sak) : Array.isArray(data[f]) ? [SKJERMET] : SKJERMET;
    }
    return ute.length > 0 ? { hendelsesnummer: nr, type: h.type, data, skjermet: { felt: ute, skjermingshjemmel: s.hjemler.join('; ') } } : { hendelsesnummer: nr, type: h.type, data };
  });
}

/** Does any exemption in force hide anything of the sak? */
export function harSkjulteFelt(sak: Pick<Sak, 'hendelser' | 'skjerminger'>): boolean {
  return skjulteFelt(sak.hendelser, sak.skjerminger ?? []).size > 0;
}

/** The value where `real` and `offentlig` agree; undefined where they do not (a field derived from something hidden). */
function felles(real: unknown, offentlig: unknown): unknown {
  if (Array.isArray(real)) {
    if (!Array.isArray(offentlig) || offentlig.length !== real.length) return undefined;
    // A list keeps what each element agrees on; a list with an element that disagrees as a whole is left out as a whole.
    const xs = real.map((x, i) => felles(x, offentlig[i]));
    return xs.some((x) => x === undefined) ? undefined : xs;
  }
  if (real !== null && typeof real === 'object') {
    if (offentlig === null || typeof offentlig !== 'object' || Array.isArray(offentlig)) return undefined;
    const o = offentlig as Record<string, unknown>;
    const svar: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(real)) {
      if (o[k] === undefined) continue;
      const f = felles(v, o[k]);
      if (f !== undefined) svar[k] = f;
    }
    return svar;
  }
  return real === offentlig ? real : undefined;
}

/**
 * The sak's state as the public may see it: the state folded from the public events (nothing hidden
 * ever enters it), where it agrees with the real state — so a state field derived from a hidden value
 * (the title after a hidden correction, an oppdrag's frist from a hidden granted frist, a meeting date)
 * is left out, never shown stale. The title is always there: the public title when it is hidden.
 * `hendelser` holds the public events' data.
 */
export function offentligTilstand(sak: Sak): Record<string, unknown> {
  const hendelser = offentligeHendelser(sak);
  const skjult = hendelser.some((h) => h.skjermet);
  let tilstand: Record<string, unknown>;
  if (!skjult) {
    tilstand = { ...sak };
  } else {
    let offentlig: SakState = null;
    try {
      for (const h of hendelser) offentlig = sakDecider.evolve(offentlig, { type: h.type, data: h.data } as unknown as SakEvent);
    } catch {
      offentlig = null; // an event the public data cannot be folded from (e.g. an exemption recorded under older rules)
    }
    tilstand = offentlig
      ? (felles(sak, offentlig) as Record<string, unknown>)
      : { sakId: sak.sakId, sakstype: sak.sakstype, innmeldtAv: sak.innmeldtAv, registrert: sak.registrert, fase: sak.fase, skjerminger: sak.skjerminger ?? [], hendelser: hendelser.map((h) => ({ type: h.type, data: h.data })) };
  }
  return { ...tilstand, tittel: typeof tilstand['tittel'] === 'string' ? tilstand['tittel'] : offentligErstatningstittel(sak) };
}
