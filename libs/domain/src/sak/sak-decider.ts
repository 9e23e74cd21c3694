/**
 * The sak aggregate (stream `sak-<sakId>`): enforces {@link SAK_ARBEIDSFLYT}.
 */
import { aktoerBruddFor } from '../shared/aktoerregel.js';
import { type Aktoer, assertNever, type DecisionContext, type Decider } from '../shared/decider.js';
import { gjelderFraEllerNaa, type Tidspunkt } from '../shared/dato.js';
import { ActorNotAllowedError, ConflictError, type DomainError, InvalidCommandError, NotFoundError, StepRefusedError } from '../shared/errors.js';
import { type RawData } from '../shared/validering.js';
import { type FeltSett, organIderFra, validerFelter } from '../shared/felter.js';
import { plausibleDatoer as felleDatoer, vaktfeil } from '../shared/stegregler.js';
import { medlemskapsBrudd, type Organ, utenUndefined } from '../organisasjon/organ.js';
import { SAK_ARBEIDSFLYT, SAK_STEG } from './arbeidsflyt.js';
import { beskrivOrganKrav, FASEBESKRIVELSE, ROLLEBESKRIVELSE } from './beskrivelser.js';
import { aapneOppfoelginger, organerIRelasjon } from './tilstand.js';
import { ansvarligEtter, faseEtter, oppdragsstatusEtter } from './utfall.js';
import type { AktoerRegel, StegDefinisjon, Vakt, VaktInput } from './vokabular.js';
import {
  LUKKEDE_FASER,
  type Oppdrag,
  type Sak,
  type SakCommand,
  type SakEvent,
  type SakState,
  type SakStegType,
  type Sakslistepunkt,
  type Skjerming,
} from './typer.js';

/** What `tillatteSteg` may be asked for: an actor alone, or an actor with the bodies loaded. */
export type TillatteStegKontekst = Aktoer | { readonly aktoer: Aktoer; readonly organer?: DecisionContext['organer'] };

function erStegType(v: unknown): v is SakStegType {
  return typeof v === 'string' && Object.prototype.hasOwnProperty.call(SAK_ARBEIDSFLYT, v);
}

function slaaOppOrgan(context: { organer?: DecisionContext['organer'] } | undefined): (id: string) => Organ | undefined {
  return (id) => context?.organer?.(id) ?? undefined;
}

/** Why the actor may not take the step, or undefined if it may (the shared rule, with the sak's relations). */
function aktoerBrudd(
  regel: AktoerRegel,
  steg: string,
  aktoer: Aktoer,
  sak: Sak | null,
  data: RawData | undefined,
  organ: (id: string) => Organ | undefined,
  ukjentOrganErOk: boolean,
): { kode: string; melding: string } | undefined {
  return aktoerBruddFor(regel, steg, aktoer, (rel) => organerIRelasjon(rel, sak, data), organ, ukjentOrganErOk, { rolle: ROLLEBESKRIVELSE, organKrav: beskrivOrganKrav });
}

/**
 * The steps allowed now: the phase permits them and the state meets their preconditions. Given an
 * actor, only the steps that actor may take (role, and the body's relation to the sak; the body's
 * type and level too when `organer` is given — without it they are assumed to fit).
 */
export function tillatteSteg(state: SakState, kontekst?: TillatteStegKontekst): SakStegType[] {
  const aktoer = kontekst === undefined ? undefined : 'personId' in kontekst ? kontekst : kontekst.aktoer;
  const organer = kontekst !== undefined && !('personId' in kontekst) ? kontekst.organer : undefined;
  const organ = slaaOppOrgan({ organer });
  return SAK_STEG.filter((steg) => {
    const def = SAK_ARBEIDSFLYT[steg] as StegDefinisjon<SakStegType>;
    if (state === null) {
      if (def.fra.length !== 0) return false;
    } else {
      if (!def.fra.includes(state.fase)) return false;
      if (def.forutsetninger.some((f) => f.brudd(state) !== false)) return false;
    }
    if (aktoer && aktoerBrudd(def.aktoer, def.tittel, aktoer, state, undefined, organ, organer === undefined) !== undefined) {
      // RegistrerSak's relation "innmelder" depends on the command; any allowed role may register.
      if (!(state === null && (def.aktoer.roller as readonly string[]).includes(aktoer.rolle))) return false;
    }
    return true;
  });
}

function feil(art: Vakt<SakStegType>['art'], kode: string, melding: string, allowedSteps: readonly string[], felt?: string): DomainError {
  return vaktfeil(art, kode, melding, allowedSteps, felt);
}

/** Plausible dates (shared/stegregler.ts), from the step's declared fields. */
function plausibleDatoer(
  def: StegDefinisjon<SakStegType>,
  data: unknown,
  gjelderFra: Tidspunkt,
  context: DecisionContext,
  organ: (id: string) => Organ | undefined,
  naa: readonly string[],
): void {
  felleDatoer(def.felter as FeltSett, data, gjelderFra, context, organ, naa);
}

function decideSak(command: SakCommand, state: SakState, context: DecisionContext): SakEvent[] {
  const naa = tillatteSteg(state);
  const type: unknown = (command as { type?: unknown } | undefined)?.type;
  if (!erStegType(type)) {
    throw new InvalidCommandError('ukjent_steg', `Ukjent steg ${JSON.stringify(type)}. Kjente steg: ${SAK_STEG.join(', ')}.`, { allowedSteps: naa });
  }
  const steg = command.type;
  const def = SAK_ARBEIDSFLYT[steg] as StegDefinisjon<SakStegType>;
  const raw = (command.data ?? {}) as RawData;
  const navn = `«${def.tittel}»`;
  const titler = (xs: readonly SakStegType[]) => xs.map((x) => `«${SAK_ARBEIDSFLYT[x].tittel}»`).join(', ') || 'ingen steg';

  // 1. Does the sak exist (or not, for the creating step)?
  if (def.fra.length === 0) {
    if (state !== null) throw new ConflictError('sak_finnes_allerede', `Saken ${state.sakId} («${state.tittel}») er allerede registrert.`, { allowedSteps: naa });
  } else if (state === null) {
    throw new NotFoundError('sak_ikke_funnet', 'Saken finnes ikke; den må registreres først.', { allowedSteps: naa });
  }
  if (state !== null && typeof raw['sakId'] === 'string' && raw['sakId'] !== state.sakId) {
    throw new InvalidCommandError('feil_sak', `Kommandoen gjelder sak ${raw['sakId']}, men strømmen er saken ${state.sakId}.`, { field: 'sakId', allowedSteps: naa });
  }

  // 2. Is the command well-formed? Every field as declared (the stream's own sakId may be repeated).
  const { sakId: _sammeSak, ...felter } = raw;
  const data = validerFelter(def.felter, state !== null ? felter : raw) as SakCommand['data'];
  def.sjekk?.(data as never);
  const oppgittGjelderFra = (data as { gjelderFra?: Tidspunkt }).gjelderFra;

  // 3. Does the phase allow the step?
  if (state !== null && !def.fra.includes(state.fase)) {
    if (LUKKEDE_FASER.includes(state.fase)) {
      throw new StepRefusedError(
        'sak_lukket',
        `Saken er ${FASEBESKRIVELSE[state.fase].toLowerCase()}; den tar bare imot «${SAK_ARBEIDSFLYT.GjenaapneSak.tittel}» (med begrunnelse), ikke ${navn}.`,
        { allowedSteps: naa },
      );
    }
    throw new StepRefusedError(
      'steg_ikke_tillatt_i_fase',
      `${navn} kan ikke tas når saken er «${FASEBESKRIVELSE[state.fase]}»; steget krever at saken er ${def.fra.map((f) => `«${FASEBESKRIVELSE[f]}»`).join(' eller ')}. Tillatt nå: ${titler(naa)}.`,
      { allowedSteps: naa },
    );
  }
  if (state !== null) {
    for (const f of def.forutsetninger) {
      const brudd = f.brudd(state);
      if (brudd !== false) throw new StepRefusedError(f.kode, brudd, { allowedSteps: naa });
    }
  }

  // 4. Guards that look things up (not found, already exists) before the actor check.
  const organ = slaaOppOrgan(context);
  const utkast = { sak: state, data, context, organ } as unknown as Omit<VaktInput<SakStegType>, 'gjelderFra'>;
  const gjelderFra: Tidspunkt = oppgittGjelderFra ?? def.standardGjelderFra?.(utkast.sak, data) ?? gjelderFraEllerNaa(undefined, context.now);
  const input = { ...utkast, gjelderFra } as VaktInput<SakStegType>;
  const sjekk = (vakter: readonly Vakt<SakStegType>[]) => {
    for (const v of vakter) {
      const brudd = v.brudd(input);
      if (brudd !== false) throw feil(v.art, v.kode, brudd, naa, v.felt);
    }
  };
  sjekk(def.vakter.filter((v) => v.art === 'not_found' || v.art === 'conflict'));
  plausibleDatoer(def, data, gjelderFra, context, organ, naa);

  // 5. May this actor take the step?
  const aktoerFeil = aktoerBrudd(def.aktoer, navn, context.aktoer, state, data as unknown as RawData, organ, false);
  if (aktoerFeil) throw new ActorNotAllowedError(aktoerFeil.kode, aktoerFeil.melding, { allowedSteps: tillatteSteg(state, { aktoer: context.aktoer, organer: context.organer }) });
  // 5b. A verified actor must hold the role in the acting body on the date the step takes effect.
  if (context.kontrollerMedlemskap && def.aktoer.kreverMedlemskapPaaDato) {
    const brudd = medlemskapsBrudd(context.aktoer, organ(context.aktoer.organId), gjelderFra);
    if (brudd) throw new ActorNotAllowedError(brudd.kode, brudd.melding, { allowedSteps: [] });
  }

  // 6. The remaining rules.
  sjekk(def.vakter.filter((v) => v.art === 'refused' || v.art === 'invalid'));

  const sakId = state === null ? (data as { sakId: string }).sakId : state.sakId;
  const eventData = def.lag(input) as object;
  return [
    {
      type: def.hendelse,
      data: utenUndefined({ sakId, ...eventData, gjelderFra, utfoertAv: { personId: context.aktoer.personId, organId: context.aktoer.organId, rolle: context.aktoer.rolle } }),
    } as SakEvent,
  ];
}

// ---------- evolve ----------

/** What {@link ansvarligEtter} needs of the sak before the event. */
function posisjonsgrunnlag(sak: Sak): { ansvarligOrganId: string | undefined; sisteInnstillingOrgan: string | undefined; innmeldtAv: string } {
  return { ansvarligOrganId: sak.ansvarligOrganId, sisteInnstillingOrgan: sak.innstillinger.at(-1)?.organId, innmeldtAv: sak.innmeldtAv };
}

function oppdaterOppdrag(sak: Sak, oppdragId: string, f: (o: Oppdrag) => Oppdrag): Sak {
  return { ...sak, oppdrag: sak.oppdrag.map((o) => (o.oppdragId === oppdragId ? f(o) : o)) };
}

function oppdaterPunkt(sak: Sak, punktId: string, f: (p: Sakslistepunkt) => Sakslistepunkt): Sak {
  return { ...sak, sakslistepunkter: sak.sakslistepunkter.map((p) => (p.sakslistepunktId === punktId ? f(p) : p)) };
}

/** Applies an event's data to the state (the phase is set afterwards from the declaration). */
function anvend(sak: Sak, event: SakEvent): Sak {
  switch (event.type) {
    case 'SakRegistrert':
      return sak;
    case 'NivaaTildelt':
      return { ...sak, ansvarligOrganId: ansvarligEtter(posisjonsgrunnlag(sak), event) };
    case 'UtredningBestilt': {
      const d = event.data;
      return { ...sak, bestillinger: [...sak.bestillinger, { bestiltAv: d.bestiltAv, tilOrganId: d.tilOrganId, mandat: d.mandat, frist: d.frist, bestilt: d.gjelderFra }] };
    }
    case 'BestillingMottatt': {
      const d = event.data;
      const bestillinger = sak.bestillinger.map((b, i) => (i === sak.bestillinger.length - 1 ? { ...b, mottatt: d.gjelderFra } : b));
      const saksnumre = d.saksnummer !== undefined ? { ...sak.saksnumre, [d.organId]: d.saksnummer } : sak.saksnumre;
      return { ...sak, bestillinger, saksnumre, ansvarligOrganId: ansvarligEtter(posisjonsgrunnlag(sak), event) };
    }
    case 'OppdragDelegert': {
      const d = event.data;
      const oppdrag: Oppdrag = { oppdragId: d.oppdragId, fraOrganId: d.fraOrganId, tilOrganId: d.tilOrganId, mandat: d.mandat, frist: d.frist, status: oppdragsstatusEtter(event, { oppdragId: d.oppdragId })!, delegert: d.gjelderFra, leveranser: [] };
      return { ...sak, oppdrag: [...sak.oppdrag, oppdrag] };
    }
    case 'OppdragAkseptert':
      return oppdaterOppdrag(sak, event.data.oppdragId, (o) => ({ ...o, status: oppdragsstatusEtter(event, o)! }));
    case 'UtsattFristBedt':
      return oppdaterOppdrag(sak, event.data.oppdragId, (o) => ({ ...o, utsettelse: { nyFrist: event.data.nyFrist, begrunnelse: event.data.begrunnelse } }));
    case 'UtsattFristInnvilget':
      return oppdaterOppdrag(sak, event.data.oppdragId, ({ utsettelse: _u, ...o }) => ({ ...o, frist: event.data.nyFrist }));
    case 'UtsattFristAvslaatt':
      return oppdaterOppdrag(sak, event.data.oppdragId, ({ utsettelse: _u, ...o }) => o);
    case 'OppdragLevert':
      return oppdaterOppdrag(sak, event.data.oppdragId, ({ utsettelse: _u, ...o }) => ({
        ...o,
        status: oppdragsstatusEtter(event, o)!,
        leveranser: [...o.leveranser, { leveranse: event.data.leveranse, gjelderFra: event.data.gjelderFra }],
      }));
    case 'LeveranseGodtatt':
      return oppdaterOppdrag(sak, event.data.oppdragId, (o) => ({ ...o, status: oppdragsstatusEtter(event, o)! }));
    case 'LeveranseReturnert':
      return oppdaterOppdrag(sak, event.data.oppdragId, (o) => ({ ...o, status: oppdragsstatusEtter(event, o)!, frist: event.data.nyFrist ?? o.frist }));
    case 'InnstillingAvgitt':
      return { ...sak, innstillinger: [...sak.innstillinger, { organId: event.data.organId, forslagTilVedtak: event.data.forslagTilVedtak, gjelderFra: event.data.gjelderFra }] };
    case 'SattPaaSaksliste': {
      const d = event.data;
      return { ...sak, sakslistepunkter: [...sak.sakslistepunkter, utenUndefined({ sakslistepunktId: d.sakslistepunktId, moetedato: d.moetedato, moetested: d.moetested, organer: d.organer, moeteId: d.moeteId })] };
    }
    case 'VedtakFattet': {
      const d = event.data;
      const medVedtak = oppdaterPunkt(sak, d.sakslistepunktId, (p) => ({
        ...p,
        vedtak: utenUndefined({ organIder: d.organIder, vedtaksutfall: d.vedtaksutfall, vedtakstekst: d.vedtakstekst, gjelderFra: d.gjelderFra, moetereferanse: d.moetereferanse }),
      }));
      const b = d.bestilling;
      const bestillinger = b ? [...sak.bestillinger, { bestiltAv: b.bestiltAv, tilOrganId: b.tilOrganId, mandat: b.mandat, frist: b.frist, bestilt: d.gjelderFra }] : sak.bestillinger;
      return { ...medVedtak, bestillinger, ansvarligOrganId: ansvarligEtter(posisjonsgrunnlag(sak), event) };
    }
    case 'SendtTilOppfoelging': {
      const d = event.data;
      return {
        ...sak,
        oppfoelginger: [...sak.oppfoelginger, { oppfoelgingId: d.oppfoelgingId, fraOrganIder: d.fraOrganIder, tilOrganId: d.tilOrganId, beskrivelse: d.beskrivelse, frist: d.frist, rapporter: [] }],
      };
    }
    case 'OppfoelgingRapportert':
      return {
        ...sak,
        oppfoelginger: sak.oppfoelginger.map((o) =>
          o.oppfoelgingId === event.data.oppfoelgingId ? { ...o, rapporter: [...o.rapporter, { rapport: event.data.rapport, gjelderFra: event.data.gjelderFra }] } : o,
        ),
      };
    case 'OppfoelgingFullfoert':
      return { ...sak, oppfoelginger: sak.oppfoelginger.map((o) => (o.oppfoelgingId === event.data.oppfoelgingId ? { ...o, fullfoert: event.data.gjelderFra } : o)) };
    case 'SakAvsluttet':
      return { ...sak, fasefoerLukking: sak.fase };
    case 'SakTrukket':
      return {
        ...sak,
        fasefoerLukking: sak.fase,
        oppdrag: sak.oppdrag.map((o) => (oppdragsstatusEtter(event, o) === o.status ? o : (({ utsettelse: _u, ...rest }) => ({ ...rest, status: oppdragsstatusEtter(event, o)! }))(o))),
        sakslistepunkter: sak.sakslistepunkter.map((p) => (p.vedtak === undefined ? { ...p, trukket: true } : p)),
      };
    case 'SakGjenaapnet':
      return sak;
    case 'OpplysningKorrigert': {
      const d = event.data;
      const korrigert: Sak = {
        ...sak,
        korrigeringer: [
          ...sak.korrigeringer,
          { hendelsesnummer: d.hendelsesnummer, hendelsestype: d.hendelsestype, felt: d.felt, gammelVerdi: d.gammelVerdi, nyVerdi: d.nyVerdi, begrunnelse: d.begrunnelse, gjelderFra: d.gjelderFra, utfoertAv: d.utfoertAv },
        ],
      };
      return anvendKorrigering(korrigert, d.hendelsestype, d.hendelsesnummer, d.felt, d.nyVerdi);
    }
    case 'SkjermingMarkert': {
      const d = event.data;
      const ny: Skjerming = utenUndefined({ skjermingId: d.skjermingId, ...d.skjerming, offentligTittel: d.offentligTittel, gjelderFra: d.gjelderFra });
      return { ...sak, skjerminger: [...(sak.skjerminger ?? []), ny] };
    }
    case 'SkjermingOpphevet':
      return { ...sak, skjerminger: (sak.skjerminger ?? []).filter((s) => s.skjermingId !== event.data.skjermingId) };
    case 'SendtPaaHoering':
    case 'HoeringssvarRegistrert':
    case 'BrevSendt':
      return sak; // hearings, answers and letters are read from the stream (hoering-steg.ts); the phase is unchanged
    default:
      return assertNever(event, 'sak event');
  }
}

/** The corrected value shows in the state where the state holds it; the original event stays as recorded. */
function anvendKorrigering(sak: Sak, type: string, nr: number, felt: string, verdi: unknown): Sak {
  const s = typeof verdi === 'string' ? verdi : undefined;
  const original = sak.hendelser[nr]?.data ?? {};
  if (type === 'SakRegistrert' && s !== undefined && (felt === 'tittel' || felt === 'beskrivelse')) return { ...sak, [felt]: s };
  if (type === 'SakRegistrert' && felt === 'gjelderFra' && s !== undefined) return { ...sak, registrert: s };
  const oppdragId = typeof original['oppdragId'] === 'string' ? original['oppdragId'] : undefined;
  if (type === 'OppdragDelegert' && oppdragId && s !== undefined && (felt === 'mandat' || felt === 'frist')) return oppdaterOppdrag(sak, oppdragId, (o) => ({ ...o, [felt]: s }));
  const punktId = typeof original['sakslistepunktId'] === 'string' ? original['sakslistepunktId'] : undefined;
  if (type === 'SattPaaSaksliste' && punktId && s !== undefined && (felt === 'moetedato' || felt === 'moetested')) return oppdaterPunkt(sak, punktId, (p) => ({ ...p, [felt]: s }));
  if (type === 'VedtakFattet' && punktId && s !== undefined && felt === 'vedtakstekst') {
    return oppdaterPunkt(sak, punktId, (p) => (p.vedtak ? { ...p, vedtak: { ...p.vedtak, vedtakstekst: s } } : p));
  }
  return sak;
}

function evolveSak(state: SakState, event: SakEvent): SakState {
  if (event.type === 'SakRegistrert') {
    const d = event.data;
    const saksnumre: Record<string, string> = d.saksnummer !== undefined ? { [d.innmeldtAv]: d.saksnummer } : {};
    const sak: Sak = {
      sakId: d.sakId,
      tittel: d.tittel,
      beskrivelse: d.beskrivelse,
      sakstype: d.sakstype,
      innmeldtAv: d.innmeldtAv,
      registrert: d.gjelderFra,
      fase: 'registrert' as const,
      saksnumre,
      bestillinger: [],
      oppdrag: [],
      innstillinger: [],
      sakslistepunkter: [],
      oppfoelginger: [],
      korrigeringer: [],
      hendelser: [{ type: event.type, data: event.data as unknown as Readonly<Record<string, unknown>> }],
    };
    return sak;
  }
  if (state === null) return state;
  const etter = anvend(state, event);
  const medLogg: Sak = { ...etter, hendelser: [...state.hendelser, { type: event.type, data: event.data as unknown as Readonly<Record<string, unknown>> }] };
  return { ...medLogg, fase: faseEtter(state.fase, event, { aapneOppfoelginger: aapneOppfoelginger(medLogg).length }) };
}

/** The sak aggregate's decider: stream `sak-<sakId>`. */
export const sakDecider: Decider<SakCommand, SakState, SakEvent> = {
  category: 'sak',
  initialState: null,
  decide: decideSak,
  evolve: evolveSak,
  /** The bodies the command names, the bodies the sak involves, and the actor's own body. */
  referencedOrganIds(command: SakCommand, state: SakState, aktoer?: Aktoer): string[] {
    const ids = new Set<string>();
    if (aktoer) ids.add(aktoer.organId);
    if (erStegType(command?.type)) {
      const def = SAK_ARBEIDSFLYT[command.type] as StegDefinisjon<SakStegType>;
      try {
        const { sakId: _s, ...raw } = (command.data ?? {}) as RawData;
        for (const id of organIderFra(def.felter, validerFelter(def.felter, state !== null ? raw : ((command.data ?? {}) as RawData)))) ids.add(id);
      } catch {
        // An invalid command names no bodies; decide will say why it is invalid.
      }
    }
    for (const id of organerIRelasjon('involvert', state)) ids.add(id);
    return [...ids];
  },
  /** The outside parties the command names (its step's `parter`). */
  referencedPartIds(command: SakCommand, state: SakState): string[] {
    return navngitt(command, state, (def) => def.parter);
  },
  /** The documents the command names (its step's `dokumenter`). */
  referencedDokumentIds(command: SakCommand, state: SakState): string[] {
    return navngitt(command, state, (def) => def.dokumenter);
  },
};

/** The ids a step's declaration says its (valid) command names; none for an invalid command (decide will say why). */
function navngitt(command: SakCommand, state: SakState, hvem: (def: StegDefinisjon<SakStegType>) => ((data: never) => readonly string[]) | undefined): string[] {
  if (!erStegType(command?.type)) return [];
  const def = SAK_ARBEIDSFLYT[command.type] as StegDefinisjon<SakStegType>;
  const hent = hvem(def);
  if (!hent) return [];
  try {
    const { sakId: _s, ...raw } = (command.data ?? {}) as RawData;
    return [...hent(validerFelter(def.felter, state !== null ? raw : ((command.data ?? {}) as RawData)) as never)];
  } catch {
    return [];
  }
}
