/**
 * The avvik aggregate (stream `avvik-<avvikId>`): enforces {@link AVVIK_ARBEIDSFLYT} in the order of
 * the other declared workflows (sak, møte): exists? → fields valid (and no identity number in any free
 * text) → status allows the step → not-found/conflict guards → plausible dates → who may act (the
 * organisation on the effective date) → the other guards. The generic parts are the engine's:
 * field validation (shared/felter.ts), the actor rule (shared/aktoerregel.ts), plausible dates and
 * guard errors (shared/stegregler.ts), membership (organisasjon/organ.ts).
 */
import { aktoerBruddFor, type Aktoerbeskrivelser } from '../shared/aktoerregel.js';
import { type Aktoer, assertNever, type DecisionContext, type Decider } from '../shared/decider.js';
import { gjelderFraEllerNaa, sammenlignDato, type Tidspunkt } from '../shared/dato.js';
import { ActorNotAllowedError, ConflictError, InvalidCommandError, NotFoundError, StepRefusedError } from '../shared/errors.js';
import { type FeltSett, organIderFra, validerFelter } from '../shared/felter.js';
import { plausibleDatoer, vaktfeil } from '../shared/stegregler.js';
import type { RawData } from '../shared/validering.js';
import { medlemskapsBrudd, type Organ, utenUndefined } from '../organisasjon/organ.js';
import { ORGANTYPEBESKRIVELSE, ROLLEBESKRIVELSE } from '../sak/beskrivelser.js';
import { AVVIK_ARBEIDSFLYT, AVVIK_STEG } from './arbeidsflyt.js';
import { personopplysningFeil } from './personnummer.js';
import { type Avvik, type AvvikCommand, type AvvikEvent, type Avviksstatus, type AvvikState, type AvvikStegType } from './typer.js';
import type { AvvikOrganKrav, AvvikRelasjon, AvvikStegDefinisjon, AvvikVakt, AvvikVaktInput } from './vokabular.js';

export const AVVIKSSTATUSBESKRIVELSE: Readonly<Record<Avviksstatus, string>> = {
  meldt: 'Meldt',
  under_behandling: 'Under behandling',
  venter_paa_melder: 'Venter på melder',
  besvart: 'Besvart',
  loeftet: 'Løftet til fagrådet',
  lukket: 'Lukket',
};

const RELASJON: Readonly<Record<AvvikRelasjon, string>> = { melder: 'den som meldte avviket', mottaker: 'parten avviket er meldt til (eller enheten det er tildelt)', fagraad: 'fagrådet som følger opp avviket' };

function beskrivKrav(k: AvvikOrganKrav): string {
  const deler: string[] = [];
  if (k.relasjon) deler.push(RELASJON[k.relasjon]);
  if (k.organtype) deler.push(ORGANTYPEBESKRIVELSE[k.organtype]);
  if (k.nivaa) deler.push(`et organ på ${k.nivaa} nivå`);
  return deler.join(' ');
}

const BESKRIVELSER: Aktoerbeskrivelser<AvvikRelasjon> = { rolle: ROLLEBESKRIVELSE, organKrav: beskrivKrav };

/** The bodies in a relation to the avvik. */
export function avviksorganer(avvik: Avvik, relasjon: AvvikRelasjon): string[] {
  switch (relasjon) {
    case 'melder':
      return [avvik.melder];
    case 'mottaker':
      return [...new Set([avvik.motpart, avvik.tildeltEnhet])];
    case 'fagraad':
      return [avvik.fagraad];
    default:
      return assertNever(relasjon, 'avviksrelasjon');
  }
}

/** Everyone who may read the avvik (besides auditors): the two parties (with the assigned unit) and the fagråd. */
export function avvikLesere(avvik: Pick<Avvik, 'melder' | 'motpart' | 'tildeltEnhet' | 'fagraad'>): string[] {
  return [...new Set([avvik.melder, avvik.motpart, avvik.tildeltEnhet, avvik.fagraad])];
}

function erStegType(v: unknown): v is AvvikStegType {
  return typeof v === 'string' && Object.prototype.hasOwnProperty.call(AVVIK_ARBEIDSFLYT, v);
}

function def(steg: AvvikStegType): AvvikStegDefinisjon<AvvikStegType> {
  return AVVIK_ARBEIDSFLYT[steg] as unknown as AvvikStegDefinisjon<AvvikStegType>;
}

/** The steps allowed now by the status (and, given an actor, the ones it may take by role and relation). */
export function tillatteAvvikssteg(state: AvvikState, aktoer?: Aktoer, organer?: DecisionContext['organer']): AvvikStegType[] {
  const organ = (id: string) => organer?.(id) ?? undefined;
  return AVVIK_STEG.filter((steg) => {
    const d = def(steg);
    if (state === null ? d.fra.length !== 0 : !d.fra.includes(state.status)) return false;
    if (state !== null && d.forutsetning && !d.forutsetning.holder(state)) return false;
    if (aktoer && aktoerBruddFor(d.aktoer, d.tittel, aktoer, (r) => (state ? avviksorganer(state, r) : []), organ, organer === undefined, BESKRIVELSER)) return false;
    return true;
  });
}

/** Every free text of the step (fields of kind `tekst` and `tekstliste`) is checked for identity numbers. */
function ingenPersonnummer(felter: FeltSett, data: RawData): void {
  for (const [navn, f] of Object.entries(felter)) {
    if (f.art !== 'tekst' && f.art !== 'tekstliste') continue;
    const feil = personopplysningFeil(data[navn], navn, f.hva ?? navn);
    if (feil) throw feil;
  }
}

/** Is the answer overdue on the date: not answered (nor waiting on the reporter) after the frist. */
export function erForfalt(avvik: Pick<Avvik, 'status' | 'svarfrist'>, dato: Tidspunkt): boolean {
  return (avvik.status === 'meldt' || avvik.status === 'under_behandling') && sammenlignDato(dato, avvik.svarfrist) > 0;
}

function decideAvvik(command: AvvikCommand, state: AvvikState, context: DecisionContext): AvvikEvent[] {
  const naa = tillatteAvvikssteg(state);
  const type: unknown = (command as { type?: unknown } | undefined)?.type;
  if (!erStegType(type)) throw new InvalidCommandError('ukjent_steg', `Ukjent steg for et avvik: ${JSON.stringify(type)}. Kjente steg: ${AVVIK_STEG.join(', ')}.`, { allowedSteps: naa });
  const d = def(type);
  const navn = `«${d.tittel}»`;
  const raw = (command.data ?? {}) as RawData;
  const titler = (xs: readonly AvvikStegType[]) => xs.map((x) => `«${AVVIK_ARBEIDSFLYT[x].tittel}»`).join(', ') || 'ingen steg';

  // 1. Does the avvik exist (or not, for the reporting step)?
  if (d.fra.length === 0) {
    if (state !== null) throw new ConflictError('avvik_finnes_allerede', `Avviket ${state.avvikId} er allerede meldt.`, { allowedSteps: naa });
  } else if (state === null) {
    throw new NotFoundError('avvik_ikke_funnet', 'Avviket finnes ikke; det må meldes først.', { allowedSteps: naa });
  }
  if (state !== null && typeof raw['avvikId'] === 'string' && raw['avvikId'] !== state.avvikId) {
    throw new InvalidCommandError('feil_avvik', `Kommandoen gjelder avviket ${raw['avvikId']}, men strømmen er avviket ${state.avvikId}.`, { field: 'avvikId', allowedSteps: naa });
  }

  // 2. Every field as declared; no national identity number in any free text.
  const { avvikId: _sammeAvvik, ...uten } = raw;
  const data = validerFelter(d.felter, state !== null ? uten : raw) as AvvikCommand['data'];
  ingenPersonnummer(d.felter as FeltSett, data as unknown as RawData);

  // 3. Does the status allow the step?
  if (state !== null && !d.fra.includes(state.status)) {
    throw new StepRefusedError(
      state.status === 'lukket' ? 'avvik_lukket' : 'steg_ikke_tillatt_i_status',
      state.status === 'lukket'
        ? `Avviket er lukket og tar ikke imot ${navn}. Tillatt nå: ${titler(naa)}.`
        : `${navn} kan ikke tas når avviket er «${AVVIKSSTATUSBESKRIVELSE[state.status]}»; steget krever at avviket er ${d.fra.map((f) => `«${AVVIKSSTATUSBESKRIVELSE[f]}»`).join(' eller ')}. Tillatt nå: ${titler(naa)}.`,
      { allowedSteps: naa },
    );
  }

  if (state !== null && d.forutsetning && !d.forutsetning.holder(state)) {
    throw new StepRefusedError(d.forutsetning.kode, `${navn} kan ikke tas nå: ${d.forutsetning.grunn} Tillatt nå: ${titler(naa)}.`, { allowedSteps: naa });
  }

  // 4. Guards that look things up, before the actor check.
  const organ = (id: string): Organ | undefined => context.organer(id) ?? undefined;
  const gjelderFra: Tidspunkt = (data as { gjelderFra?: Tidspunkt }).gjelderFra ?? gjelderFraEllerNaa(undefined, context.now);
  const input = { avvik: state, data, context, organ, gjelderFra } as unknown as AvvikVaktInput<AvvikStegType>;
  const sjekk = (vakter: readonly AvvikVakt<AvvikStegType>[]) => {
    for (const v of vakter) {
      const b = v.brudd(input);
      if (b !== false) throw vaktfeil(v.art, v.kode, b, naa);
    }
  };
  sjekk(d.vakter.filter((v) => v.art === 'not_found' || v.art === 'conflict'));
  plausibleDatoer(d.felter as FeltSett, data, gjelderFra, context, organ, naa);
  if (state !== null && sammenlignDato(gjelderFra, state.meldt) < 0) {
    throw new InvalidCommandError('foer_avviket_ble_meldt', `Steget kan ikke gjelde fra før avviket ble meldt (${state.meldt.slice(0, 10)}).`, { field: 'gjelderFra', allowedSteps: naa });
  }

  // 5. Who may act: role and body (its relation to the avvik), and membership on the date.
  const a = aktoerBruddFor(d.aktoer, navn, context.aktoer, (r) => (state ? avviksorganer(state, r) : []), organ, false, BESKRIVELSER);
  if (a) throw new ActorNotAllowedError(a.kode, a.melding, { allowedSteps: tillatteAvvikssteg(state, context.aktoer, context.organer) });
  if (context.kontrollerMedlemskap && d.aktoer.kreverMedlemskapPaaDato) {
    const m = medlemskapsBrudd(context.aktoer, organ(context.aktoer.organId), gjelderFra);
    if (m) throw new ActorNotAllowedError(m.kode, m.melding, { allowedSteps: [] });
  }

  // 6. The remaining rules.
  sjekk(d.vakter.filter((v) => v.art === 'refused' || v.art === 'invalid'));

  const avvikId = state === null ? (data as { avvikId: string }).avvikId : state.avvikId;
  const eventData = d.lag(input) as object;
  return [
    {
      type: d.hendelse,
      data: utenUndefined({ avvikId, ...eventData, gjelderFra, utfoertAv: { personId: context.aktoer.personId, organId: context.aktoer.organId, rolle: context.aktoer.rolle } }),
    } as AvvikEvent,
  ];
}

// ---------- evolve ----------

const STATUS_ETTER: Readonly<Record<string, Avviksstatus | 'uendret'>> = Object.fromEntries(AVVIK_STEG.map((s) => [AVVIK_ARBEIDSFLYT[s].hendelse, AVVIK_ARBEIDSFLYT[s].til]));

/** The status after an event, from the declaration (for read models too). */
export function avviksstatusEtter(status: Avviksstatus, eventType: string): Avviksstatus {
  const til = STATUS_ETTER[eventType];
  return til === undefined || til === 'uendret' ? status : til;
}

function anvend(a: Avvik, e: AvvikEvent): Avvik {
  const organId = e.data.utfoertAv.organId;
  const dialog = (hva: Avvik['dialog'][number]['hva'], tekst: string): Avvik['dialog'] => [...a.dialog, { hva, tekst, organId, gjelderFra: e.data.gjelderFra }];
  switch (e.type) {
    case 'AvvikMeldt':
      return a;
    case 'AvvikRegistrert':
      return utenUndefined({ ...a, tildeltEnhet: e.data.tildeltEnhet, saksbehandler: e.data.saksbehandler, svarfrist: e.data.svarfrist, dialog: e.data.merknad ? dialog('merknad', e.data.merknad) : a.dialog });
    case 'MerInformasjonEtterspurt':
      return { ...a, dialog: dialog('spoersmaal', e.data.spoersmaal) };
    case 'MerInformasjonGitt':
      return { ...a, dialog: dialog('svar', e.data.svar) };
    case 'AvvikBesvart':
      return { ...a, besvart: a.besvart ?? e.data.gjelderFra, funn: e.data.funn, tiltak: e.data.tiltak, dialog: dialog('funn_og_tiltak', `${e.data.funn}\n\nTiltak: ${e.data.tiltak}`) };
    case 'AvvikLukket':
      return { ...a, lukket: e.data.gjelderFra, dialog: e.data.merknad ? dialog('merknad', e.data.merknad) : a.dialog };
    case 'AvvikLoeftetTilFagraad':
      return { ...a, loeftet: { begrunnelse: e.data.begrunnelse, gjelderFra: e.data.gjelderFra }, dialog: dialog('loeftet', e.data.begrunnelse) };
    case 'ForbedringssakKnyttet':
      return { ...a, forbedringssaker: [...a.forbedringssaker, { sakId: e.data.sakId, tittel: e.data.tittel, knyttet: e.data.gjelderFra }] };
    case 'ForbedringRapportert':
      return {
        ...a,
        lukket: a.lukket ?? e.data.gjelderFra,
        forbedringssaker: a.forbedringssaker.map((f) => (f.sakId === e.data.sakId ? { ...f, rapport: e.data.rapport, rapportert: e.data.gjelderFra } : f)),
        dialog: dialog('forbedring', e.data.rapport),
      };
    default:
      return assertNever(e, 'avvikshendelse');
  }
}

function evolveAvvik(state: AvvikState, event: AvvikEvent): AvvikState {
  if (event.type === 'AvvikMeldt') {
    const d = event.data;
    return {
      avvikId: d.avvikId,
      melder: d.melder,
      motpart: d.motpart,
      tildeltEnhet: d.motpart,
      fagraad: d.fagraad,
      tjenesteavtale: d.tjenesteavtale,
      hvaSkjedde: d.hvaSkjedde,
      hendelsesdato: d.hendelsesdato,
      konsekvens: d.konsekvens,
      kategori: d.kategori,
      status: 'meldt',
      meldt: d.gjelderFra,
      svarfrist: d.svarfrist,
      dialog: [],
      forbedringssaker: [],
    };
  }
  if (state === null) return state;
  return { ...anvend(state, event), status: avviksstatusEtter(state.status, event.type) };
}

/** The avvik aggregate's decider: stream `avvik-<avvikId>`. */
export const avvikDecider: Decider<AvvikCommand, AvvikState, AvvikEvent> = {
  category: 'avvik',
  initialState: null,
  decide: decideAvvik,
  evolve: evolveAvvik,
  /** The avvik's parties and fagråd, the bodies the command names, and the actor's own body. */
  referencedOrganIds(command: AvvikCommand, state: AvvikState, aktoer?: Aktoer): string[] {
    const ids = new Set<string>(state ? avvikLesere(state) : []);
    if (aktoer) ids.add(aktoer.organId);
    if (erStegType(command?.type)) {
      const raw = (command.data ?? {}) as RawData;
      if (typeof raw['fagraad'] === 'string') ids.add(raw['fagraad']);
      try {
        const { avvikId: _a, ...uten } = raw;
        for (const id of organIderFra(def(command.type).felter as FeltSett, validerFelter(def(command.type).felter, state !== null ? uten : raw))) ids.add(id);
      } catch {
        // An invalid command names no bodies; decide says why it is invalid.
      }
    }
    return [...ids];
  },
};
