/**
 * The meeting aggregate (stream `moete-<moeteId>`): enforces {@link MOETE_ARBEIDSFLYT} in the same
 * order as the sak decider: exists? → fields valid → status allows the step → not-found/conflict
 * guards → plausible dates → who may act (the organisation on the effective date) → the other guards.
 */
import { aktoerBruddFor, type Aktoerbeskrivelser } from '../shared/aktoerregel.js';
import { type Aktoer, assertNever, type DecisionContext, type Decider } from '../shared/decider.js';
import { gjelderFraEllerNaa, type Tidspunkt } from '../shared/dato.js';
import { ActorNotAllowedError, ConflictError, InvalidCommandError, NotFoundError, StepRefusedError } from '../shared/errors.js';
import { type FeltSett, organIderFra, validerFelter } from '../shared/felter.js';
import { plausibleDatoer, vaktfeil } from '../shared/stegregler.js';
import type { RawData } from '../shared/validering.js';
import { medlemskapsBrudd, type Organ, utenUndefined } from '../organisasjon/organ.js';
import { ORGANTYPEBESKRIVELSE, ROLLEBESKRIVELSE } from '../sak/beskrivelser.js';
import { MOETE_ARBEIDSFLYT, MOETE_STEG } from './arbeidsflyt.js';
import { type Moete, type MoeteCommand, type MoeteEvent, type Moetepunkt, type MoeteState, type Moetestatus, type MoeteStegType } from './typer.js';
import { flyttPunkt } from './regler.js';
import type { MoeteOrganKrav, MoeteRelasjon, MoeteStegDefinisjon, MoeteVakt, MoeteVaktInput } from './vokabular.js';

export const MOETESTATUSBESKRIVELSE: Readonly<Record<Moetestatus, string>> = {
  planlagt: 'Planlagt',
  innkalling_sendt: 'Innkalling sendt',
  gjennomfoert: 'Gjennomført',
  protokoll_godkjent: 'Protokoll godkjent',
  avlyst: 'Avlyst',
};

function beskrivKrav(k: MoeteOrganKrav): string {
  const deler: string[] = [];
  if (k.relasjon === 'moeteorgan') deler.push('et organ som holder møtet');
  if (k.organtype) deler.push(ORGANTYPEBESKRIVELSE[k.organtype]);
  if (k.nivaa) deler.push(`et organ på ${k.nivaa} nivå`);
  return deler.join(' ');
}

const BESKRIVELSER: Aktoerbeskrivelser<MoeteRelasjon> = { rolle: ROLLEBESKRIVELSE, organKrav: beskrivKrav };

function erStegType(v: unknown): v is MoeteStegType {
  return typeof v === 'string' && Object.prototype.hasOwnProperty.call(MOETE_ARBEIDSFLYT, v);
}

function def(steg: MoeteStegType): MoeteStegDefinisjon<MoeteStegType> {
  return MOETE_ARBEIDSFLYT[steg] as unknown as MoeteStegDefinisjon<MoeteStegType>;
}

function moeteorganer(moete: Moete | null, data: RawData | undefined): string[] {
  if (moete) return [...moete.organIder];
  const ider = data?.['organIder'];
  return Array.isArray(ider) ? ider.filter((x): x is string => typeof x === 'string') : [];
}

/** The steps allowed now by the status (and, given an actor, the ones it may take by role and relation). */
export function tillatteMoetesteg(state: MoeteState, aktoer?: Aktoer, organer?: DecisionContext['organer']): MoeteStegType[] {
  const organ = (id: string) => organer?.(id) ?? undefined;
  return MOETE_STEG.filter((steg) => {
    const d = def(steg);
    if (state === null ? d.fra.length !== 0 : !d.fra.includes(state.status)) return false;
    if (aktoer && state !== null && aktoerBruddFor(d.aktoer, d.tittel, aktoer, () => moeteorganer(state, undefined), organ, organer === undefined, BESKRIVELSER)) return false;
    return true;
  });
}

function decideMoete(command: MoeteCommand, state: MoeteState, context: DecisionContext): MoeteEvent[] {
  const naa = tillatteMoetesteg(state);
  const type: unknown = (command as { type?: unknown } | undefined)?.type;
  if (!erStegType(type)) throw new InvalidCommandError('ukjent_steg', `Ukjent steg for et møte: ${JSON.stringify(type)}. Kjente steg: ${MOETE_STEG.join(', ')}.`, { allowedSteps: naa });
  const d = def(type);
  const navn = `«${d.tittel}»`;
  const raw = (command.data ?? {}) as RawData;
  const titler = (xs: readonly MoeteStegType[]) => xs.map((x) => `«${MOETE_ARBEIDSFLYT[x].tittel}»`).join(', ') || 'ingen steg';

  // 1. Does the meeting exist (or not, for the planning step)?
  if (d.fra.length === 0) {
    if (state !== null) throw new ConflictError('moete_finnes_allerede', `Møtet ${state.moeteId} (${state.moetedato}) er allerede planlagt.`, { allowedSteps: naa });
  } else if (state === null) {
    throw new NotFoundError('moete_ikke_funnet', 'Møtet finnes ikke; det må planlegges først.', { allowedSteps: naa });
  }
  if (state !== null && typeof raw['moeteId'] === 'string' && raw['moeteId'] !== state.moeteId) {
    throw new InvalidCommandError('feil_moete', `Kommandoen gjelder møtet ${raw['moeteId']}, men strømmen er møtet ${state.moeteId}.`, { field: 'moeteId', allowedSteps: naa });
  }

  // 2. Every field as declared.
  const { moeteId: _sammeMoete, ...uten } = raw;
  const data = validerFelter(d.felter, state !== null ? uten : raw) as MoeteCommand['data'];
  d.sjekk?.(data as never);

  // 3. Does the status allow the step?
  if (state !== null && !d.fra.includes(state.status)) {
    const lukket = state.status === 'avlyst' || state.status === 'protokoll_godkjent';
    throw new StepRefusedError(
      lukket ? 'moete_lukket' : 'steg_ikke_tillatt_i_status',
      lukket
        ? `Møtet er ${MOETESTATUSBESKRIVELSE[state.status].toLowerCase()} og tar ikke imot ${navn}${state.status === 'protokoll_godkjent' ? '; en godkjent protokoll endres ikke (en rettelse er et nytt faktum)' : ''}.`
        : `${navn} kan ikke tas når møtet er «${MOETESTATUSBESKRIVELSE[state.status]}»; steget krever at møtet er ${d.fra.map((f) => `«${MOETESTATUSBESKRIVELSE[f]}»`).join(' eller ')}. Tillatt nå: ${titler(naa)}.`,
      { allowedSteps: naa },
    );
  }

  // 4. Guards that look things up, before the actor check.
  const organ = (id: string): Organ | undefined => context.organer(id) ?? undefined;
  const oppgitt = (data as { gjelderFra?: Tidspunkt }).gjelderFra;
  const gjelderFra: Tidspunkt = oppgitt ?? (state !== null ? d.standardGjelderFra?.(state as never) : undefined) ?? gjelderFraEllerNaa(undefined, context.now);
  const input = { moete: state, data, context, organ, gjelderFra } as unknown as MoeteVaktInput<MoeteStegType>;
  const sjekk = (vakter: readonly MoeteVakt<MoeteStegType>[]) => {
    for (const v of vakter) {
      const b = v.brudd(input);
      if (b !== false) throw vaktfeil(v.art, v.kode, b, naa);
    }
  };
  sjekk(d.vakter.filter((v) => v.art === 'not_found' || v.art === 'conflict'));

  // Plausible dates: the effective time not in the future; planned dates within the horizon; not before a body existed.
  plausibleDatoer(d.felter as FeltSett, data, gjelderFra, context, organ, naa);

  // 5. Who may act: role and body (the sekretariat, or a body holding the meeting), and membership on the date.
  const a = aktoerBruddFor(d.aktoer, navn, context.aktoer, () => moeteorganer(state, data as unknown as RawData), organ, false, BESKRIVELSER);
  if (a) throw new ActorNotAllowedError(a.kode, a.melding, { allowedSteps: tillatteMoetesteg(state, context.aktoer, context.organer) });
  if (context.kontrollerMedlemskap && d.aktoer.kreverMedlemskapPaaDato) {
    const m = medlemskapsBrudd(context.aktoer, organ(context.aktoer.organId), gjelderFra);
    if (m) throw new ActorNotAllowedError(m.kode, m.melding, { allowedSteps: [] });
  }

  // 6. The remaining rules.
  sjekk(d.vakter.filter((v) => v.art === 'refused' || v.art === 'invalid'));

  const moeteId = state === null ? (data as { moeteId: string }).moeteId : state.moeteId;
  const eventData = d.lag(input) as object;
  return [
    {
      type: d.hendelse,
      data: utenUndefined({ moeteId, ...eventData, gjelderFra, utfoertAv: { personId: context.aktoer.personId, organId: context.aktoer.organId, rolle: context.aktoer.rolle } }),
    } as MoeteEvent,
  ];
}

// ---------- evolve ----------

function oppdaterPunkt(m: Moete, punktId: string, f: (p: Moetepunkt) => Moetepunkt): Moete {
  return { ...m, punkter: m.punkter.map((p) => (p.punktId === punktId ? f(p) : p)) };
}

function nyttPunkt(d: MoeteEvent['data'] & { rekkefoelge: number }, tilleggssak: boolean, numre: Moetepunkt['numre']): Moetepunkt {
  const x = d as unknown as Moetepunkt;
  return utenUndefined({
    punktId: x.punktId,
    sakId: x.sakId,
    tittel: x.tittel,
    moetesakstype: x.moetesakstype,
    forslagTilVedtak: x.forslagTilVedtak,
    saksframlegg: x.saksframlegg,
    leggesFramAv: x.leggesFramAv,
    kjenteNumre: x.kjenteNumre,
    rekkefoelge: d.rekkefoelge,
    tilleggssak,
    lagtTil: d.gjelderFra,
    numre,
    inhabile: [],
  });
}

function anvend(m: Moete, e: MoeteEvent): Moete {
  switch (e.type) {
    case 'MoetePlanlagt':
      return m;
    case 'SakslistepunktLagtTil':
      return { ...m, punkter: [...m.punkter, nyttPunkt(e.data, false, [])] };
    case 'InnkallingSendt': {
      const moetenumre: Record<string, number> = {};
      for (const n of e.data.numre) if (n.serie === 'moete') moetenumre[n.organId] = n.nummer;
      return { ...m, innkallingSendt: e.data.gjelderFra, moetenumre, punkter: m.punkter.map((p) => ({ ...p, numre: e.data.numre.filter((n) => n.punktId === p.punktId) })) };
    }
    case 'TilleggssakLagtTil':
      return { ...m, punkter: [...m.punkter, nyttPunkt(e.data, true, e.data.numre)] };
    case 'SakslistepunktFlyttet':
      return { ...m, punkter: flyttPunkt(m.punkter, e.data.punktId, e.data.plass) };
    case 'SakslistepunktTrukket':
      return oppdaterPunkt(m, e.data.punktId, (p) => ({ ...p, trukket: { begrunnelse: e.data.begrunnelse, gjelderFra: e.data.gjelderFra } }));
    case 'MoeteFlyttet': {
      const { moeteId: _m, utfoertAv: _u, gjelderFra: _g, ...f } = e.data;
      return utenUndefined({ ...m, moetedato: f.moetedato, starttid: f.starttid, sluttid: f.sluttid, moetested: f.moetested, flyttinger: [...m.flyttinger, f] });
    }
    case 'MoeteAvlyst':
      return { ...m, avlyst: { begrunnelse: e.data.begrunnelse, gjelderFra: e.data.gjelderFra } };
    case 'OppmoeteRegistrert': {
      const { moeteId: _m, utfoertAv: _u, gjelderFra: _g, ...deltaker } = e.data;
      return { ...m, deltakere: [...m.deltakere, deltaker] };
    }
    case 'ForfallMeldt': {
      const { moeteId: _m, utfoertAv: _u, gjelderFra: _g, ...f } = e.data;
      return { ...m, forfall: [...m.forfall, f] };
    }
    case 'InhabilitetMeldt':
      return oppdaterPunkt(m, e.data.punktId, (p) => ({ ...p, inhabile: [...p.inhabile, e.data.personId] }));
    case 'MoeteGjennomfoert':
      return m;
    case 'MoetevedtakFattet': {
      const d = e.data;
      return oppdaterPunkt(m, d.punktId, (p) => ({
        ...p,
        vedtak: utenUndefined({ organIder: d.organIder, vedtaksutfall: d.vedtaksutfall, vedtakstekst: d.vedtakstekst, stemmemaate: d.stemmemaate, stemmer: d.stemmer, bestilling: d.bestilling, gjelderFra: d.gjelderFra }),
      }));
    }
    case 'ProtokollGodkjent': {
      const { moeteId: _m, utfoertAv: _u, ...p } = e.data;
      return { ...m, protokoll: p };
    }
    default:
      return assertNever(e, 'møte event');
  }
}

const STATUS_ETTER: Readonly<Record<string, Moetestatus | 'uendret'>> = Object.fromEntries(MOETE_STEG.map((s) => [MOETE_ARBEIDSFLYT[s].hendelse, MOETE_ARBEIDSFLYT[s].til]));

/** The status after an event, from the declaration (for read models too). */
export function moetestatusEtter(status: Moetestatus, eventType: string): Moetestatus {
  const til = STATUS_ETTER[eventType];
  return til === undefined || til === 'uendret' ? status : til;
}

function evolveMoete(state: MoeteState, event: MoeteEvent): MoeteState {
  if (event.type === 'MoetePlanlagt') {
    const d = event.data;
    return utenUndefined({
      moeteId: d.moeteId,
      organIder: d.organIder,
      moetedato: d.moetedato,
      starttid: d.starttid,
      sluttid: d.sluttid,
      moetested: d.moetested,
      egenOrienteringsserie: d.egenOrienteringsserie,
      status: 'planlagt' as const,
      moetenumre: {},
      punkter: [],
      deltakere: [],
      forfall: [],
      flyttinger: [],
      planlagt: d.gjelderFra,
    });
  }
  if (state === null) return state;
  return { ...anvend(state, event), status: moetestatusEtter(state.status, event.type) };
}

/** The meeting aggregate's decider: stream `moete-<moeteId>`. */
export const moeteDecider: Decider<MoeteCommand, MoeteState, MoeteEvent> = {
  category: 'moete',
  initialState: null,
  decide: decideMoete,
  evolve: evolveMoete,
  /** The bodies holding the meeting, the bodies the command names, and the actor's own body. */
  referencedOrganIds(command: MoeteCommand, state: MoeteState, aktoer?: Aktoer): string[] {
    const ids = new Set<string>(state?.organIder ?? []);
    if (aktoer) ids.add(aktoer.organId);
    if (erStegType(command?.type)) {
      const raw = (command.data ?? {}) as RawData;
      try {
        const { moeteId: _m, ...uten } = raw;
        for (const id of organIderFra(def(command.type).felter, validerFelter(def(command.type).felter, state !== null ? uten : raw))) ids.add(id);
      } catch {
        // An invalid command names no bodies; decide says why it is invalid.
      }
    }
    return [...ids];
  },
};
