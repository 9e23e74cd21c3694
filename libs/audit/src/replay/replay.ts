import { canonicalJson, type EventStore, StreamNotFoundError } from '@saksgang/event-store';
import type { Sak } from '@saksgang/domain';
import { foldSak, SakFinnesIkkeError } from '../point-in-time/point-in-time.js';

/**
 * The fields of a sak that any projection holding it can be compared on. Noark 5 / eInnsyn names
 * where one exists. A projection fills in only what it holds; fields it leaves out are not compared.
 */
export interface SammenlignbarSak {
  readonly sakId: string;
  readonly tittel: string;
  /** saksstatus: Under behandling / Avsluttet / Utgår. */
  readonly saksstatus: Saksstatus;
  /** The workflow phase (saksgang's own, finer than saksstatus). */
  readonly fase: string;
  readonly sakstype: string;
  readonly innmeldtAv: string;
  readonly ansvarligOrganId: string | null;
  /** The sak's number in each body that gave one, e.g. `{ 'asu-hnt': '16/2017' }`. */
  readonly saksnumre: Readonly<Record<string, string>>;
  readonly antallOppdrag: number;
  readonly aapneOppdrag: number;
  /** One entry per agenda item: moetedato, the bodies' agenda numbers (`psu-hnt 3/19`), the vedtak if any. */
  readonly sakslistepunkter: readonly { readonly moetedato: string; readonly moetesaksnummer: readonly string[]; readonly vedtaksutfall: string | null }[];
  /** The number of events folded (= last revision + 1). */
  readonly antallHendelser: number;
}

export type Saksstatus = 'Under behandling' | 'Avsluttet' | 'Utgår';

/** A projection's side of a replay comparison. Implement it next to the projection (libs/projections). */
export interface ProjectionComparer {
  /** The projection's name, as reported. */
  readonly name: string;
  /**
   * The projection's view of the sak reduced to {@link SammenlignbarSak} fields, or `undefined` when
   * the projection does not hold the sak at all. Leave out the fields the projection does not keep.
   */
  view(sakId: string): Promise<Partial<SammenlignbarSak> | undefined>;
  /** False when the projection should not hold this sak (e.g. a worklist of open saker only). Default: it should. */
  shouldHold?(expected: SammenlignbarSak): boolean;
}

export interface Forskjell {
  readonly felt: string;
  readonly forventet: unknown;
  readonly faktisk: unknown;
}

export interface ProjeksjonsSammenligning {
  readonly projection: string;
  /** Whether the projection holds the sak. */
  readonly holds: boolean;
  readonly ok: boolean;
  readonly forskjeller: readonly Forskjell[];
  /** Set when the comparer itself failed (e.g. its table does not exist). */
  readonly feil?: string;
}

export interface ReplayResultat {
  readonly sakId: string;
  /** The sak rebuilt from its events. */
  readonly sak: Sak;
  readonly forventet: SammenlignbarSak;
  readonly sammenligninger: readonly ProjeksjonsSammenligning[];
  readonly ok: boolean;
}

export function saksstatusFor(fase: string): Saksstatus {
  if (fase === 'avsluttet') return 'Avsluttet';
  if (fase === 'trukket') return 'Utgår';
  return 'Under behandling';
}

/** Reduces a folded sak to the comparable fields. */
export function sammenlignbar(sak: Sak, antallHendelser: number): SammenlignbarSak {
  const aapne = ['delegert', 'akseptert', 'levert', 'returnert'];
  return {
    sakId: sak.sakId,
    tittel: sak.tittel,
    saksstatus: saksstatusFor(sak.fase),
    fase: sak.fase,
    sakstype: sak.sakstype,
    innmeldtAv: sak.innmeldtAv,
    ansvarligOrganId: sak.ansvarligOrganId ?? null,
    saksnumre: { ...sak.saksnumre },
    antallOppdrag: sak.oppdrag.length,
    aapneOppdrag: sak.oppdrag.filter((o) => aapne.includes(o.status)).length,
    sakslistepunkter: sak.sakslistepunkter.map((p) => ({
      moetedato: p.moetedato,
      moetesaksnummer: p.organer.map((o) => `${o.organId} ${o.moetesakssekvensnummer}/${o.moetesaksaar}`),
      vedtaksutfall: p.vedtak?.vedtaksutfall ?? null,
    })),
    antallHendelser,
  };
}

/** Compares the fields the projection gave with the expected ones. */
export function sammenlign(forventet: SammenlignbarSak, faktisk: Partial<SammenlignbarSak>): Forskjell[] {
  const forskjeller: Forskjell[] = [];
  for (const felt of Object.keys(faktisk) as (keyof SammenlignbarSak)[]) {
    const a = forventet[felt];
    const b = faktisk[felt];
    if (b === undefined) continue;
    if (canonicalJson(a) !== canonicalJson(b)) forskjeller.push({ felt, forventet: a, faktisk: b });
  }
  return forskjeller;
}

/** Rebuilds a sak from its events and compares it with every projection that should hold it. */
export async function replaySak(store: EventStore, sakId: string, comparers: readonly ProjectionComparer[]): Promise<ReplayResultat> {
  let events;
  try {
    events = await store.readStream(`sak-${sakId}`);
  } catch (e) {
    if (e instanceof StreamNotFoundError) throw new SakFinnesIkkeError(sakId);
    throw e;
  }
  const sak = foldSak(events);
  if (!sak) throw new SakFinnesIkkeError(sakId);
  const forventet = sammenlignbar(sak, events.length);
  const sammenligninger: ProjeksjonsSammenligning[] = [];
  for (const comparer of comparers) {
    const shouldHold = comparer.shouldHold?.(forventet) ?? true;
    let view: Partial<SammenlignbarSak> | undefined;
    try {
      view = await comparer.view(sakId);
    } catch (e) {
      sammenligninger.push({ projection: comparer.name, holds: false, ok: false, forskjeller: [], feil: e instanceof Error ? e.message : String(e) });
      continue;
    }
    if (view === undefined) {
      sammenligninger.push({
        projection: comparer.name,
        holds: false,
        ok: !shouldHold,
        forskjeller: shouldHold ? [{ felt: '(saken)', forventet: 'finnes', faktisk: 'mangler' }] : [],
      });
      continue;
    }
    const forskjeller = shouldHold ? sammenlign(forventet, view) : [{ felt: '(saken)', forventet: 'skal ikke finnes', faktisk: 'finnes' }];
    sammenligninger.push({ projection: comparer.name, holds: true, ok: forskjeller.length === 0, forskjeller });
  }
  return { sakId, sak, forventet, sammenligninger, ok: sammenligninger.every((s) => s.ok) };
}

/** A comparer that folds the sak's stream itself: the reference every projection must agree with (and a template for real ones). */
export function streamComparer(store: EventStore, name = 'event-stream'): ProjectionComparer {
  return {
    name,
    async view(sakId) {
      try {
        const events = await store.readStream(`sak-${sakId}`);
        const sak = foldSak(events);
        return sak ? sammenlignbar(sak, events.length) : undefined;
      } catch (e) {
        if (e instanceof StreamNotFoundError) return undefined;
        throw e;
      }
    },
  };
}
