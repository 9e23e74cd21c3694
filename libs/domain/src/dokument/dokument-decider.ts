/**
 * The document aggregate (stream `dokument-<dokumentId>`): enforces {@link DOKUMENT_ARBEIDSFLYT} in the
 * order the sak and meeting deciders use: exists? → fields valid → status allows the step →
 * not-found/conflict guards → plausible dates → who may act (the organisation on the effective date)
 * → the other guards.
 */
import { aktoerBruddFor, type Aktoerbeskrivelser } from '../shared/aktoerregel.js';
import { type Aktoer, assertNever, type DecisionContext, type Decider } from '../shared/decider.js';
import { gjelderFraEllerNaa, type Tidspunkt } from '../shared/dato.js';
import { ActorNotAllowedError, ConflictError, InvalidCommandError, NotFoundError, StepRefusedError } from '../shared/errors.js';
import { type FeltSett, validerFelter } from '../shared/felter.js';
import { plausibleDatoer, vaktfeil } from '../shared/stegregler.js';
import type { RawData } from '../shared/validering.js';
import { medlemskapsBrudd, type Organ, utenUndefined } from '../organisasjon/organ.js';
import { ORGANTYPEBESKRIVELSE, ROLLEBESKRIVELSE } from '../sak/beskrivelser.js';
import { DOKUMENT_ARBEIDSFLYT, DOKUMENT_STEG, type DokumentOrganKrav, type DokumentRelasjon, type DokumentStegDefinisjon, type DokumentVakt, type DokumentVaktInput } from './arbeidsflyt.js';
import type { Dokument, DokumentCommand, DokumentEvent, DokumentState, DokumentStegType } from './typer.js';

function beskrivKrav(k: DokumentOrganKrav): string {
  const deler: string[] = [];
  if (k.relasjon === 'tilknyttet') deler.push('et organ som er knyttet til det dokumentet hører til (saken, oppdraget eller møtet)');
  if (k.organtype) deler.push(ORGANTYPEBESKRIVELSE[k.organtype]);
  if (k.nivaa) deler.push(`et organ på ${k.nivaa} nivå`);
  return deler.join(' ');
}

const BESKRIVELSER: Aktoerbeskrivelser<DokumentRelasjon> = { rolle: ROLLEBESKRIVELSE, organKrav: beskrivKrav };

function erStegType(v: unknown): v is DokumentStegType {
  return typeof v === 'string' && Object.prototype.hasOwnProperty.call(DOKUMENT_ARBEIDSFLYT, v);
}

function def(steg: DokumentStegType): DokumentStegDefinisjon<DokumentStegType> {
  return DOKUMENT_ARBEIDSFLYT[steg] as unknown as DokumentStegDefinisjon<DokumentStegType>;
}

function tilknyttede(data: RawData | undefined): string[] {
  const ider = data?.['tilknyttedeOrganer'];
  return Array.isArray(ider) ? ider.filter((x): x is string => typeof x === 'string') : [];
}

/** The steps allowed now by the status. */
export function tillatteDokumentsteg(state: DokumentState): DokumentStegType[] {
  return DOKUMENT_STEG.filter((steg) => (state === null ? def(steg).fra.length === 0 : def(steg).fra.includes(state.status)));
}

function decideDokument(command: DokumentCommand, state: DokumentState, context: DecisionContext): DokumentEvent[] {
  const naa = tillatteDokumentsteg(state);
  const type: unknown = (command as { type?: unknown } | undefined)?.type;
  if (!erStegType(type)) throw new InvalidCommandError('ukjent_steg', `Ukjent steg for et dokument: ${JSON.stringify(type)}. Kjente steg: ${DOKUMENT_STEG.join(', ')}.`, { allowedSteps: naa });
  const d = def(type);
  const navn = `«${d.tittel}»`;
  const raw = (command.data ?? {}) as RawData;

  if (d.fra.length === 0) {
    if (state !== null) throw new ConflictError('dokument_finnes_allerede', `Dokumentet ${state.dokumentId} («${state.tittel}») finnes allerede; last opp en ny versjon i stedet.`, { allowedSteps: naa });
  } else if (state === null) {
    throw new NotFoundError('dokument_ikke_funnet', 'Dokumentet finnes ikke; det må lastes opp først.', { allowedSteps: naa });
  }

  const data = validerFelter(d.felter as FeltSett, raw) as DokumentCommand['data'];
  d.sjekk?.(data as never);

  if (state !== null && !d.fra.includes(state.status)) {
    throw new StepRefusedError('steg_ikke_tillatt_i_status', `${navn} kan ikke tas nå.`, { allowedSteps: naa });
  }

  const organ = (id: string): Organ | undefined => context.organer(id) ?? undefined;
  const gjelderFra: Tidspunkt = gjelderFraEllerNaa((data as { gjelderFra?: Tidspunkt }).gjelderFra, context.now);
  const input = { dokument: state, data, context, organ, gjelderFra } as unknown as DokumentVaktInput<DokumentStegType>;
  const sjekk = (vakter: readonly DokumentVakt<DokumentStegType>[]) => {
    for (const v of vakter) {
      const b = v.brudd(input);
      if (b !== false) throw vaktfeil(v.art, v.kode, b, naa);
    }
  };
  sjekk(d.vakter.filter((v) => v.art === 'not_found' || v.art === 'conflict'));

  // Plausible dates: not in the future, not before the acting body existed (the tied bodies are not checked: a sak's later bodies may be among them).
  const { tilknyttedeOrganer: _t, ...utenOrganer } = data as unknown as Record<string, unknown>;
  const { tilknyttedeOrganer: _f, ...felterUtenOrganer } = d.felter as FeltSett;
  plausibleDatoer(felterUtenOrganer, utenOrganer, gjelderFra, context, organ, naa);

  const a = aktoerBruddFor(d.aktoer, navn, context.aktoer, () => tilknyttede(data as unknown as RawData), organ, false, BESKRIVELSER);
  if (a) throw new ActorNotAllowedError(a.kode, a.melding, { allowedSteps: [] });
  if (context.kontrollerMedlemskap && d.aktoer.kreverMedlemskapPaaDato) {
    const m = medlemskapsBrudd(context.aktoer, organ(context.aktoer.organId), gjelderFra);
    if (m) throw new ActorNotAllowedError(m.kode, m.melding, { allowedSteps: [] });
  }

  sjekk(d.vakter.filter((v) => v.art === 'refused' || v.art === 'invalid'));

  const dokumentId = state === null ? (data as { dokumentId: string }).dokumentId : state.dokumentId;
  return [
    {
      type: d.hendelse,
      data: utenUndefined({ dokumentId, ...(d.lag(input) as object), gjelderFra, utfoertAv: { personId: context.aktoer.personId, organId: context.aktoer.organId, rolle: context.aktoer.rolle } }),
    } as DokumentEvent,
  ];
}

function evolveDokument(state: DokumentState, event: DokumentEvent): DokumentState {
  if (event.type === 'DokumentRegistrert') {
    const d = event.data;
    return utenUndefined({
      dokumentId: d.dokumentId,
      tittel: d.tittel,
      tilknytningsrolle: d.tilknytningsrolle,
      tilknytning: d.tilknytning,
      status: 'registrert' as const,
      skjermingshjemmel: d.skjermingshjemmel,
      registrert: d.gjelderFra,
      registrertAv: d.utfoertAv,
      versjoner: [{ ...d.dokumentobjekt, gjelderFra: d.gjelderFra, utfoertAv: d.utfoertAv }],
    });
  }
  if (state === null) return state;
  switch (event.type) {
    case 'DokumentversjonLagtTil':
      return { ...state, versjoner: [...state.versjoner, { ...event.data.dokumentobjekt, gjelderFra: event.data.gjelderFra, utfoertAv: event.data.utfoertAv }] };
    case 'DokumentSkjermet':
      return { ...state, skjermingshjemmel: event.data.skjermingshjemmel };
    case 'DokumentskjermingOpphevet': {
      const { skjermingshjemmel: _s, ...uten } = state;
      return uten as Dokument;
    }
    default:
      return assertNever(event, 'dokument event');
  }
}

/** The document aggregate's decider: stream `dokument-<dokumentId>`. */
export const dokumentDecider: Decider<DokumentCommand, DokumentState, DokumentEvent> = {
  category: 'dokument',
  initialState: null,
  decide: decideDokument,
  evolve: evolveDokument,
  /** The actor's own body (its type, for the sekretariat) and the bodies tied to the document's attachment. */
  referencedOrganIds(command: DokumentCommand, _state: DokumentState, aktoer?: Aktoer): string[] {
    return [...new Set([...(aktoer ? [aktoer.organId] : []), ...tilknyttede(command?.data as RawData | undefined)])];
  },
};
