/**
 * The organisation as data: the bodies (organer) of a helsefellesskap, their level, mandate and
 * members over time. One aggregate per body, stream `organ-<organId>`, decider {@link organDecider}.
 */
import { type Aktoer, assertNever, type DecisionContext, type Decider, type DomainCommand, type DomainEvent, erDrift } from '../shared/decider.js';
import { datoDel, erIsoDato, erTidspunkt, gjelderFraBrudd, gjelderFraEllerNaa, type IsoDato, planlagtDatoBrudd, sammenlignDato, type Tidspunkt } from '../shared/dato.js';
import { ActorNotAllowedError, ConflictError, InvalidCommandError, NotFoundError, StepRefusedError } from '../shared/errors.js';
import { kreverTekst } from '../shared/validering.js';
import {
  type Historisk,
  type Medlemsperiode,
  NIVAAER,
  type Nivaa,
  type Oppnevning,
  type Organ,
  type OrganState,
  ORGANTYPER,
  type Organtype,
  type Rolle,
  ROLLER,
  ROLLERETTIGHETER,
  STANDARD_NIVAA,
} from './organ-modell.js';

// The data model lives in organ-modell.ts (so shared/decider.ts can name `Organ` without a cycle); re-exported here.
export { type Historisk, type Medlemsperiode, NIVAAER, type Nivaa, type Oppnevning, type Organ, type OrganState, ORGANTYPER, type Organtype, type Rolle, ROLLER, ROLLERETTIGHETER, STANDARD_NIVAA };

/** Rank of a level: politisk 3 > administrativt 2 > faglig 1. Delegation goes only downward. */
export function nivaaRang(nivaa: Nivaa): number {
  switch (nivaa) {
    case 'politisk':
      return 3;
    case 'administrativt':
      return 2;
    case 'faglig':
      return 1;
    default:
      return assertNever(nivaa, 'nivaa');
  }
}

/** True when the role carries decision rights, so an appointment to it must name who appointed it. */
export function kreverOppnevning(rolle: Rolle): boolean {
  return ROLLERETTIGHETER[rolle].stemmerett;
}

// ---------- commands ----------

export type OpprettOrgan = DomainCommand<
  'OpprettOrgan',
  {
    organId: string;
    navn: string;
    organtype: Organtype;
    /** Defaults to {@link STANDARD_NIVAA} of the type. */
    nivaa?: Nivaa;
    oppnevntAv?: string;
    mandat: string;
    tjenesteavtale?: string;
    gjelderFra?: Tidspunkt;
  }
>;
export type OmdoepOrgan = DomainCommand<'OmdoepOrgan', { organId: string; navn: string; gjelderFra?: Tidspunkt }>;
export type EndreMandat = DomainCommand<'EndreMandat', { organId: string; mandat: string; gjelderFra?: Tidspunkt }>;
export type LeggNedOrgan = DomainCommand<'LeggNedOrgan', { organId: string; begrunnelse?: string; gjelderFra?: Tidspunkt }>;
export type OppnevnMedlem = DomainCommand<
  'OppnevnMedlem',
  {
    organId: string;
    periodeId: string;
    personId: string;
    navn: string;
    rolle: Rolle;
    representerer?: string;
    fra: IsoDato;
    til?: IsoDato;
    /** Who appointed the member; required for roles with decision rights (the operator's set-up is recorded as `{ drift: true }`). */
    oppnevntAv?: Oppnevning;
    gjelderFra?: Tidspunkt;
  }
>;
export type AvsluttMedlemsperiode = DomainCommand<'AvsluttMedlemsperiode', { organId: string; periodeId: string; til: IsoDato; gjelderFra?: Tidspunkt }>;

export type OrganCommand = OpprettOrgan | OmdoepOrgan | EndreMandat | LeggNedOrgan | OppnevnMedlem | AvsluttMedlemsperiode;

// ---------- events ----------

export type OrganOpprettet = DomainEvent<
  'OrganOpprettet',
  { organId: string; navn: string; organtype: Organtype; nivaa: Nivaa; oppnevntAv?: string; mandat: string; tjenesteavtale?: string; gjelderFra: Tidspunkt }
>;
export type OrganOmdoept = DomainEvent<'OrganOmdoept', { organId: string; navn: string; tidligereNavn: string; gjelderFra: Tidspunkt }>;
export type OrganMandatEndret = DomainEvent<'OrganMandatEndret', { organId: string; mandat: string; gjelderFra: Tidspunkt }>;
export type OrganNedlagt = DomainEvent<'OrganNedlagt', { organId: string; begrunnelse?: string; gjelderFra: Tidspunkt }>;
export type MedlemOppnevnt = DomainEvent<
  'MedlemOppnevnt',
  {
    organId: string;
    periodeId: string;
    personId: string;
    navn: string;
    rolle: Rolle;
    representerer?: string;
    fra: IsoDato;
    til?: IsoDato;
    /** Absent on events recorded before appointments had to name who appointed them. */
    oppnevntAv?: Oppnevning;
    gjelderFra: Tidspunkt;
  }
>;
export type MedlemsperiodeAvsluttet = DomainEvent<'MedlemsperiodeAvsluttet', { organId: string; periodeId: string; personId: string; til: IsoDato; gjelderFra: Tidspunkt }>;

export type OrganEvent = OrganOpprettet | OrganOmdoept | OrganMandatEndret | OrganNedlagt | MedlemOppnevnt | MedlemsperiodeAvsluttet;

export const ORGAN_STEG = ['OpprettOrgan', 'OmdoepOrgan', 'EndreMandat', 'LeggNedOrgan', 'OppnevnMedlem', 'AvsluttMedlemsperiode'] as const satisfies readonly OrganCommand['type'][];

// ---------- validation helpers ----------

/** Drops keys whose value is undefined, so event data stays plain JSON. */
export function utenUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** A required text, checked by the shared validation (blank, too long, control characters: NUL and the rest of C0). */
function tekst(v: unknown, field: string, maks: number, hva: string): string {
  return kreverTekst({ [field]: v }, field, maks, hva);
}

function valgfriTekst(v: unknown, field: string, maks: number, hva: string): string | undefined {
  return v === undefined ? undefined : tekst(v, field, maks, hva);
}

function dato(v: unknown, field: string): IsoDato {
  if (!erIsoDato(v)) throw new InvalidCommandError('ugyldig_dato', `${field} må være en dato på formen ÅÅÅÅ-MM-DD (fikk ${JSON.stringify(v)}).`, { field });
  return v;
}

function tidspunkt(v: unknown, context: DecisionContext): Tidspunkt {
  if (v !== undefined && !erTidspunkt(v)) {
    throw new InvalidCommandError('ugyldig_gjelder_fra', `gjelderFra må være en ISO-dato eller et ISO-tidspunkt (fikk ${JSON.stringify(v)}).`, { field: 'gjelderFra' });
  }
  const t = gjelderFraEllerNaa(v, context.now);
  const brudd = gjelderFraBrudd(t, context.now, context.grenser);
  if (brudd) throw new InvalidCommandError(brudd.kode, brudd.melding, { field: 'gjelderFra' });
  return t;
}

/** A planned date (a member period's first or last day): a real date within the planning horizon. */
function planlagtDato(v: unknown, field: string, hva: string, context: DecisionContext): IsoDato {
  const x = dato(v, field);
  const brudd = planlagtDatoBrudd(x, context.now, context.grenser, hva);
  if (brudd) throw new InvalidCommandError(brudd.kode, brudd.melding, { field });
  return x;
}

/** Nothing about a body may take effect before it was established. */
function ikkeFoerOpprettet(organ: Organ, t: Tidspunkt, field: string, hva: string): void {
  if (sammenlignDato(t, organ.opprettet) < 0) {
    throw new InvalidCommandError('foer_organet_ble_opprettet', `${hva} (${datoDel(t)}) er før «${organ.navn}» ble opprettet (${datoDel(organ.opprettet)}).`, { field });
  }
}

/** Reads `oppnevntAv` of an appointment (shape only; the rules are in the decider). */
function oppnevning(v: unknown): Oppnevning | undefined {
  if (v === undefined || v === null) return undefined;
  const feil = () =>
    new InvalidCommandError(
      'ugyldig_oppnevning',
      'oppnevntAv må være enten { organId, vedtak, dato } (vedtaket i organet som oppnevnte), { eksterntOrgan, vedtak, dato } (et organ utenfor helsefellesskapet) eller { drift: true } (driftens oppsett).',
      { field: 'oppnevntAv' },
    );
  if (typeof v !== 'object' || Array.isArray(v)) throw feil();
  const o = v as Record<string, unknown>;
  const varianter = ['organId', 'eksterntOrgan', 'drift'].filter((k) => o[k] !== undefined);
  if (varianter.length !== 1) throw feil();
  if (o['drift'] !== undefined) {
    if (o['drift'] !== true || Object.keys(o).length !== 1) throw feil();
    return { drift: true };
  }
  const vedtak = tekst(o['vedtak'], 'oppnevntAv.vedtak', 300, 'Vedtaket om oppnevningen (f.eks. «PSU-sak 2/19»)');
  const dag = dato(o['dato'], 'oppnevntAv.dato');
  if (o['organId'] !== undefined) {
    return utenUndefined({
      organId: tekst(o['organId'], 'oppnevntAv.organId', 200, 'Organet som oppnevnte'),
      vedtak,
      dato: dag,
      sakId: valgfriTekst(o['sakId'], 'oppnevntAv.sakId', 200, 'Saken vedtaket ble fattet i'),
    });
  }
  return { eksterntOrgan: tekst(o['eksterntOrgan'], 'oppnevntAv.eksterntOrgan', 300, 'Organet som oppnevnte'), vedtak, dato: dag };
}

/** «sekretær», «varamedlem» — a role as a person reads it (its description up to the explanation); an unknown role as it is. */
export function rollenavn(rolle: Rolle | string): string {
  return (ROLLERETTIGHETER as Readonly<Record<string, { readonly beskrivelse: string }>>)[rolle]?.beskrivelse.split(' (')[0] ?? rolle;
}

function ettAv<T extends string>(v: unknown, lovlige: readonly T[], field: string): T {
  if (typeof v !== 'string' || !(lovlige as readonly string[]).includes(v)) {
    throw new InvalidCommandError('ugyldig_verdi', `${field} må være en av ${lovlige.join(', ')} (fikk ${JSON.stringify(v)}).`, { field });
  }
  return v as T;
}

// ---------- queries ----------

function iPeriode(p: Medlemsperiode, dato: Tidspunkt): boolean {
  return sammenlignDato(p.fra, dato) <= 0 && (p.til === undefined || sammenlignDato(dato, p.til) <= 0);
}

/** True if the body existed (established and not yet dissolved) on the date. Dissolved on day D: not active on D. */
export function erAktivPaaDato(organ: Pick<Organ, 'opprettet' | 'nedlagt'>, dato: Tidspunkt): boolean {
  return sammenlignDato(organ.opprettet, dato) <= 0 && (organ.nedlagt === undefined || sammenlignDato(dato, organ.nedlagt) < 0);
}

/** The member periods that cover the date (fra ≤ date ≤ til). */
export function medlemmerPaaDato(organ: Organ, dato: Tidspunkt): Medlemsperiode[] {
  return organ.medlemsperioder.filter((p) => iPeriode(p, dato));
}

/** The roles a person held in the body on the date (may be several, e.g. sekretær and nestleder). */
export function rollerForPersonPaaDato(organ: Organ, personId: string, dato: Tidspunkt): Rolle[] {
  return medlemmerPaaDato(organ, dato)
    .filter((p) => p.personId === personId)
    .map((p) => p.rolle);
}

function verdiPaaDato<T>(historikk: readonly Historisk<T>[], dato: Tidspunkt): T | undefined {
  let svar: T | undefined;
  for (const h of historikk) if (sammenlignDato(h.fra, dato) <= 0) svar = h.verdi;
  return svar;
}

/** The name the body had on the date; undefined before it was established. */
export function navnPaaDato(organ: Organ, dato: Tidspunkt): string | undefined {
  return verdiPaaDato(organ.navnehistorikk, dato);
}

/** The mandate the body had on the date; undefined before it was established. */
export function mandatPaaDato(organ: Organ, dato: Tidspunkt): string | undefined {
  return verdiPaaDato(organ.mandathistorikk, dato);
}

/** One seat: who sat in which body, in which role, on a date. */
export interface Verv {
  readonly organId: string;
  readonly organnavn: string;
  readonly personId: string;
  readonly navn: string;
  readonly rolle: Rolle;
  readonly representerer?: string;
}

/** "Who sat where on a date", across bodies. Bodies not active on the date are left out. */
export function hvemSattHvorPaaDato(organer: readonly Organ[], dato: Tidspunkt, personId?: string): Verv[] {
  const svar: Verv[] = [];
  for (const organ of organer) {
    if (!erAktivPaaDato(organ, dato)) continue;
    const organnavn = navnPaaDato(organ, dato) ?? organ.navn;
    for (const p of medlemmerPaaDato(organ, dato)) {
      if (personId !== undefined && p.personId !== personId) continue;
      svar.push(utenUndefined({ organId: organ.organId, organnavn, personId: p.personId, navn: p.navn, rolle: p.rolle, representerer: p.representerer }));
    }
  }
  return svar;
}

/**
 * Why the person may not act for the body in the role on the date (the membership rule), or
 * undefined if they held that role then. `dato` is the date the step takes effect.
 */
export function medlemskapsBrudd(aktoer: Aktoer, organ: Organ | null | undefined, dato: Tidspunkt): { kode: string; melding: string } | undefined {
  const dag = dato.slice(0, 10);
  if (!organ) return { kode: 'organ_ikke_funnet', melding: `Organet ${aktoer.organId} som ${aktoer.personId} handler for, finnes ikke.` };
  if (rollerForPersonPaaDato(organ, aktoer.personId, dato).includes(aktoer.rolle as Rolle)) return undefined;
  const perioder = organ.medlemsperioder.filter((p) => p.personId === aktoer.personId && p.rolle === aktoer.rolle);
  if (perioder.length === 0) {
    return { kode: 'ikke_medlem', melding: `${aktoer.personId} er ikke ${aktoer.rolle} i «${organ.navn}» og kan ikke handle for organet i den rollen.` };
  }
  const tekst = perioder.map((p) => `${p.fra}–${p.til ?? ''}`).join(', ');
  return {
    kode: 'ikke_medlem_paa_dato',
    melding: `${aktoer.personId} var ikke ${aktoer.rolle} i «${organ.navn}» ${dag}, datoen steget gjelder fra (medlemsperiode: ${tekst}).`,
  };
}

/**
 * Who may change the organisation data: the sekretariat's leder, nestleder or sekretær for every body
 * (setting up and correcting), and — within its mandate — a body's own leder, nestleder or sekretær
 * for its own members and observers and for the bodies it appointed itself (ASU's leader appoints
 * ASU's working group and its members). Enforced for verified actors (`context.kontrollerMedlemskap`).
 */
export const ORGAN_AKTOERREGEL = {
  roller: ['leder', 'nestleder', 'sekretaer'] as readonly Rolle[],
  organtype: 'sekretariat' as Organtype,
  kreverMedlemskapPaaDato: true,
} as const;

/** The body a step changes the organisation of, and whether the acting body may change it (its own, or one it appointed). */
function egenOrganisasjon(aktoerOrgan: Organ, command: OrganCommand, state: OrganState): { tillatt: boolean; grunn?: string } {
  const id = aktoerOrgan.organId;
  const d = command.data as Record<string, unknown>;
  if (command.type === 'OpprettOrgan') {
    if (d['oppnevntAv'] !== id) return { tillatt: false, grunn: `«${aktoerOrgan.navn}» kan bare opprette organer det selv oppnevner (oppnevntAv: ${id}).` };
    const organtype = d['organtype'];
    const nivaa = (typeof d['nivaa'] === 'string' ? d['nivaa'] : (ORGANTYPER as readonly unknown[]).includes(organtype) ? STANDARD_NIVAA[organtype as Organtype] : undefined) as Nivaa | undefined;
    if (organtype === 'psu' || organtype === 'asu' || organtype === 'sekretariat') return { tillatt: false, grunn: `Et samarbeidsutvalg eller sekretariatet opprettes av sekretariatet, ikke av «${aktoerOrgan.navn}».` };
    if (nivaa !== undefined && (NIVAAER as readonly string[]).includes(nivaa) && nivaaRang(nivaa) > nivaaRang(aktoerOrgan.nivaa)) {
      return { tillatt: false, grunn: `«${aktoerOrgan.navn}» (${aktoerOrgan.nivaa} nivå) kan ikke opprette et organ på et høyere nivå (${nivaa}).` };
    }
    return { tillatt: true };
  }
  if (state === null) return { tillatt: false };
  if (state.organId === id) {
    // A body records its own members and observers; renaming, changing the mandate of or dissolving itself is for the one that appointed it.
    if (command.type === 'OppnevnMedlem' || command.type === 'AvsluttMedlemsperiode') return { tillatt: true };
    return { tillatt: false, grunn: `«${aktoerOrgan.navn}» kan føre sine egne medlemmer, men navn, mandat og nedleggelse endres av organet som oppnevnte det, eller sekretariatet.` };
  }
  if (state.oppnevntAv === id) return { tillatt: true };
  return { tillatt: false };
}

function organAktoerBrudd(context: DecisionContext, gjelderFra: Tidspunkt, command: OrganCommand, state: OrganState): { kode: string; melding: string } | undefined {
  const a = context.aktoer;
  if (!(ORGAN_AKTOERREGEL.roller as readonly string[]).includes(a.rolle)) {
    return { kode: 'rolle_ikke_tillatt', melding: `Rollen «${rollenavn(a.rolle)}» kan ikke endre organisasjonsdataene. Det kan organets leder, nestleder eller sekretær, og sekretariatet.` };
  }
  const o = context.organer(a.organId);
  if (o && o.organtype !== ORGAN_AKTOERREGEL.organtype) {
    const egen = egenOrganisasjon(o, command, state);
    if (!egen.tillatt) {
      return {
        kode: 'organ_ikke_tillatt',
        melding: `${egen.grunn ?? `«${o.navn}» (${o.organtype}) kan ikke endre organisasjonsdataene til et annet organ.`} Et organ fører sine egne medlemmer og organene det selv har oppnevnt; resten gjør sekretariatet.`,
      };
    }
  }
  // History: a person who holds the role today may record what took effect earlier, as long as the body they act for existed then.
  const paaDato = medlemskapsBrudd(a, o, gjelderFra);
  if (paaDato === undefined || !o) return paaDato;
  const naa = context.now.toISOString();
  if (sammenlignDato(gjelderFra, naa) < 0 && medlemskapsBrudd(a, o, naa) === undefined) {
    if (erAktivPaaDato(o, gjelderFra)) return undefined;
    return {
      kode: 'organ_ikke_aktivt_da',
      melding: `«${o.navn}» fantes ikke ${datoDel(gjelderFra)} og kan ikke føre organisasjonsdata fra den datoen. Historikk føres av et organ som fantes da (f.eks. organets egen sekretær).`,
    };
  }
  return paaDato;
}

// ---------- decider ----------

/**
 * Who appointed a member, as recorded: the given appointment checked, or `{ drift: true }` when the
 * operator sets up a role with decision rights without naming one. A verified member (the
 * secretariat) must name the decision for a role with decision rights; trusted loaders and the
 * development headers are taken as given, like their membership.
 */
function oppnevntAvFor(gitt: Oppnevning | undefined, rolle: Rolle, organ: Organ, gjelderFra: Tidspunkt, context: DecisionContext): Oppnevning | undefined {
  const drift = erDrift(context.aktoer);
  if (gitt === undefined) {
    if (!kreverOppnevning(rolle)) return undefined;
    if (drift) return { drift: true };
    if (context.kontrollerMedlemskap) {
      throw new InvalidCommandError(
        'oppnevnt_av_mangler',
        `En ${rollenavn(rolle)} har stemmerett; oppnevningen må si hvem som oppnevnte (oppnevntAv: organet, vedtaket og datoen).`,
        { field: 'oppnevntAv' },
      );
    }
    return undefined;
  }
  if ('drift' in gitt) {
    if (!drift) {
      throw new ActorNotAllowedError('oppnevning_drift_ikke_tillatt', 'Bare driften kan registrere en oppnevning som driftens oppsett; andre må vise til vedtaket som oppnevnte.', {
        allowedSteps: [],
      });
    }
    return gitt;
  }
  const tidlig = gjelderFraBrudd(gitt.dato, context.now, context.grenser, 'Datoen for vedtaket om oppnevningen');
  if (tidlig) throw new InvalidCommandError(tidlig.kode, tidlig.melding, { field: 'oppnevntAv.dato' });
  if (sammenlignDato(gjelderFra, gitt.dato) < 0) {
    throw new InvalidCommandError(
      'oppnevning_foer_vedtaket',
      `Oppnevningen kan ikke gjelde fra ${datoDel(gjelderFra)}, før vedtaket om den (${gitt.dato}).`,
      { field: 'gjelderFra' },
    );
  }
  if ('organId' in gitt) {
    const oppnevner = gitt.organId === organ.organId ? organ : (context.organer(gitt.organId) ?? undefined);
    if (!oppnevner) throw new NotFoundError('organ_ikke_funnet', `Organet som oppnevnte (${gitt.organId}), finnes ikke.`);
    if (!erAktivPaaDato(oppnevner, gitt.dato)) {
      throw new InvalidCommandError('oppnevner_ikke_aktiv', `«${oppnevner.navn}» var ikke et aktivt organ ${gitt.dato} og kunne ikke oppnevne da.`, { field: 'oppnevntAv.dato' });
    }
  }
  return gitt;
}

function finnes(state: OrganState, organId: string): Organ {
  if (state === null) throw new NotFoundError('organ_ikke_funnet', `Organet ${organId} finnes ikke (er ikke opprettet).`, { allowedSteps: ['OpprettOrgan'] });
  return state;
}

function ikkeNedlagt(organ: Organ, steg: string): void {
  if (organ.nedlagt !== undefined) {
    throw new StepRefusedError('organ_nedlagt', `Organet «${organ.navn}» ble lagt ned ${organ.nedlagt}; ${steg} er ikke mulig. Bare medlemsperioder kan avsluttes.`, {
      allowedSteps: ['AvsluttMedlemsperiode'],
    });
  }
}

function tillatteOrgansteg(state: OrganState): string[] {
  if (state === null) return ['OpprettOrgan'];
  if (state.nedlagt !== undefined) return ['AvsluttMedlemsperiode'];
  return ['OmdoepOrgan', 'EndreMandat', 'LeggNedOrgan', 'OppnevnMedlem', 'AvsluttMedlemsperiode'];
}

function decideOrgan(command: OrganCommand, state: OrganState, context: DecisionContext): OrganEvent[] {
  if (!(ORGAN_STEG as readonly string[]).includes(command.type)) {
    throw new InvalidCommandError('ukjent_steg', `Ukjent steg for et organ: ${JSON.stringify(command.type)}. Kjente steg: ${ORGAN_STEG.join(', ')}.`, {
      allowedSteps: tillatteOrgansteg(state),
    });
  }
  const d = (command.data ?? {}) as Record<string, unknown>;
  const organId = tekst(d['organId'], 'organId', 200, 'organId');
  if (state !== null && organId !== state.organId) {
    throw new InvalidCommandError('feil_organ', `Kommandoen gjelder organ ${organId}, men strømmen er organet ${state.organId}.`, { field: 'organId' });
  }
  const gjelderFra = tidspunkt(d['gjelderFra'], context);
  if (state !== null) ikkeFoerOpprettet(state, gjelderFra, 'gjelderFra', 'Datoen endringen gjelder fra');
  if (context.kontrollerMedlemskap) {
    const brudd = organAktoerBrudd(context, gjelderFra, command, state);
    if (brudd) throw new ActorNotAllowedError(brudd.kode, brudd.melding, { allowedSteps: [] });
  }
  switch (command.type) {
    case 'OpprettOrgan': {
      if (state !== null) throw new ConflictError('organ_finnes_allerede', `Organet ${organId} («${state.navn}») finnes allerede.`, { allowedSteps: tillatteOrgansteg(state) });
      const organtype = ettAv(d['organtype'], ORGANTYPER, 'organtype');
      const nivaa = d['nivaa'] === undefined ? STANDARD_NIVAA[organtype] : ettAv(d['nivaa'], NIVAAER, 'nivaa');
      const oppnevntAv = valgfriTekst(d['oppnevntAv'], 'oppnevntAv', 200, 'oppnevntAv');
      if (oppnevntAv !== undefined) {
        if (oppnevntAv === organId) throw new InvalidCommandError('oppnevnt_av_seg_selv', 'Et organ kan ikke være oppnevnt av seg selv.', { field: 'oppnevntAv' });
        const oppnevner = context.organer(oppnevntAv);
        if (!oppnevner) throw new NotFoundError('organ_ikke_funnet', `Organet som oppnevner (${oppnevntAv}) finnes ikke.`);
        if (!erAktivPaaDato(oppnevner, gjelderFra)) {
          throw new StepRefusedError('oppnevner_ikke_aktiv', `«${oppnevner.navn}» var ikke et aktivt organ ${gjelderFra} og kan ikke oppnevne nye organer da.`);
        }
      }
      return [
        {
          type: 'OrganOpprettet',
          data: utenUndefined({
            organId,
            navn: tekst(d['navn'], 'navn', 300, 'Navnet'),
            organtype,
            nivaa,
            oppnevntAv,
            mandat: tekst(d['mandat'], 'mandat', 20000, 'Mandatet'),
            tjenesteavtale: valgfriTekst(d['tjenesteavtale'], 'tjenesteavtale', 300, 'Tjenesteavtalen'),
            gjelderFra,
          }),
        },
      ];
    }
    case 'OmdoepOrgan': {
      const organ = finnes(state, organId);
      ikkeNedlagt(organ, 'å gi det nytt navn');
      const navn = tekst(d['navn'], 'navn', 300, 'Navnet');
      if (navn === organ.navn) return [];
      return [{ type: 'OrganOmdoept', data: { organId, navn, tidligereNavn: organ.navn, gjelderFra } }];
    }
    case 'EndreMandat': {
      const organ = finnes(state, organId);
      ikkeNedlagt(organ, 'å endre mandatet');
      const mandat = tekst(d['mandat'], 'mandat', 20000, 'Mandatet');
      if (mandat === organ.mandat) return [];
      return [{ type: 'OrganMandatEndret', data: { organId, mandat, gjelderFra } }];
    }
    case 'LeggNedOrgan': {
      const organ = finnes(state, organId);
      ikkeNedlagt(organ, 'å legge det ned igjen');
      return [{ type: 'OrganNedlagt', data: utenUndefined({ organId, begrunnelse: valgfriTekst(d['begrunnelse'], 'begrunnelse', 20000, 'Begrunnelsen'), gjelderFra }) }];
    }
    case 'OppnevnMedlem': {
      const organ = finnes(state, organId);
      ikkeNedlagt(organ, 'å oppnevne medlemmer');
      const periodeId = tekst(d['periodeId'], 'periodeId', 200, 'periodeId');
      if (organ.medlemsperioder.some((p) => p.periodeId === periodeId)) {
        throw new ConflictError('medlemsperiode_finnes_allerede', `Medlemsperioden ${periodeId} finnes allerede i «${organ.navn}».`);
      }
      const personId = tekst(d['personId'], 'personId', 200, 'personId');
      const navn = tekst(d['navn'], 'navn', 300, 'Navnet');
      const rolle = ettAv(d['rolle'], ROLLER, 'rolle');
      // Nobody grants themselves a role: not a member, not the secretariat, not the operator.
      if (personId === context.aktoer.personId) {
        throw new ActorNotAllowedError(
          'egen_oppnevning',
          `${navn} kan ikke oppnevne seg selv som ${rollenavn(rolle)} i «${organ.navn}». En oppnevning registreres av en annen enn den som oppnevnes, etter vedtak i organet som oppnevner.`,
          { allowedSteps: [] },
        );
      }
      const fra = planlagtDato(d['fra'], 'fra', 'Periodens første dag', context);
      const til = d['til'] === undefined ? undefined : planlagtDato(d['til'], 'til', 'Periodens siste dag', context);
      if (til !== undefined && til < fra) throw new InvalidCommandError('periode_slutter_foer_start', `Perioden kan ikke slutte (${til}) før den begynner (${fra}).`, { field: 'til' });
      if (sammenlignDato(fra, organ.opprettet) < 0) {
        throw new InvalidCommandError('periode_foer_opprettelse', `Perioden kan ikke begynne (${fra}) før organet ble opprettet (${datoDel(organ.opprettet)}).`, { field: 'fra' });
      }
      const oppnevntAv = oppnevntAvFor(oppnevning(d['oppnevntAv']), rolle, organ, gjelderFra, context);
      return [
        {
          type: 'MedlemOppnevnt',
          data: utenUndefined({
            organId,
            periodeId,
            personId,
            navn,
            rolle,
            representerer: valgfriTekst(d['representerer'], 'representerer', 300, 'Hvem medlemmet representerer'),
            fra,
            til,
            oppnevntAv,
            gjelderFra,
          }),
        },
      ];
    }
    case 'AvsluttMedlemsperiode': {
      const organ = finnes(state, organId);
      const periodeId = tekst(d['periodeId'], 'periodeId', 200, 'periodeId');
      const periode = organ.medlemsperioder.find((p) => p.periodeId === periodeId);
      if (!periode) throw new NotFoundError('medlemsperiode_ikke_funnet', `Medlemsperioden ${periodeId} finnes ikke i «${organ.navn}».`);
      if (periode.avsluttet) throw new StepRefusedError('medlemsperiode_allerede_avsluttet', `Perioden til ${periode.navn} som ${periode.rolle} er allerede avsluttet (${periode.til}).`);
      const til = planlagtDato(d['til'], 'til', 'Periodens siste dag', context);
      // Ending one's own period is a resignation, allowed; lengthening it would grant oneself a role.
      if (periode.personId === context.aktoer.personId && periode.til !== undefined && til > periode.til) {
        throw new ActorNotAllowedError(
          'egen_periode_forlenget',
          `${periode.navn} kan ikke forlenge sin egen periode som ${rollenavn(periode.rolle)} i «${organ.navn}» (fra ${periode.til} til ${til}). En ny periode oppnevnes av en annen.`,
          { allowedSteps: [] },
        );
      }
      if (til < periode.fra) throw new InvalidCommandError('periode_slutter_foer_start', `Perioden kan ikke slutte (${til}) før den begynte (${periode.fra}).`, { field: 'til' });
      return [{ type: 'MedlemsperiodeAvsluttet', data: { organId, periodeId, personId: periode.personId, til, gjelderFra } }];
    }
    default:
      return assertNever(command, 'organ command');
  }
}

function evolveOrgan(state: OrganState, event: OrganEvent): OrganState {
  switch (event.type) {
    case 'OrganOpprettet': {
      const d = event.data;
      return utenUndefined({
        organId: d.organId,
        organtype: d.organtype,
        nivaa: d.nivaa,
        oppnevntAv: d.oppnevntAv,
        navn: d.navn,
        mandat: d.mandat,
        tjenesteavtale: d.tjenesteavtale,
        opprettet: d.gjelderFra,
        navnehistorikk: [{ verdi: d.navn, fra: d.gjelderFra }],
        mandathistorikk: [{ verdi: d.mandat, fra: d.gjelderFra }],
        medlemsperioder: [],
      });
    }
    case 'OrganOmdoept':
      if (!state) return state;
      return { ...state, navn: event.data.navn, navnehistorikk: [...state.navnehistorikk, { verdi: event.data.navn, fra: event.data.gjelderFra }] };
    case 'OrganMandatEndret':
      if (!state) return state;
      return { ...state, mandat: event.data.mandat, mandathistorikk: [...state.mandathistorikk, { verdi: event.data.mandat, fra: event.data.gjelderFra }] };
    case 'OrganNedlagt':
      if (!state) return state;
      return { ...state, nedlagt: event.data.gjelderFra };
    case 'MedlemOppnevnt': {
      if (!state) return state;
      const d = event.data;
      const periode: Medlemsperiode = utenUndefined({
        periodeId: d.periodeId,
        personId: d.personId,
        navn: d.navn,
        rolle: d.rolle,
        representerer: d.representerer,
        fra: d.fra,
        til: d.til,
        oppnevntAv: d.oppnevntAv,
        avsluttet: false,
      });
      return { ...state, medlemsperioder: [...state.medlemsperioder, periode] };
    }
    case 'MedlemsperiodeAvsluttet':
      if (!state) return state;
      return {
        ...state,
        medlemsperioder: state.medlemsperioder.map((p) => (p.periodeId === event.data.periodeId ? { ...p, til: event.data.til, avsluttet: true } : p)),
      };
    default:
      return assertNever(event, 'organ event');
  }
}

/** The organisation aggregate: stream `organ-<organId>`. */
export const organDecider: Decider<OrganCommand, OrganState, OrganEvent> & { tillatteSteg(state: OrganState): string[] } = {
  category: 'organ',
  initialState: null,
  decide: decideOrgan,
  evolve: evolveOrgan,
  referencedOrganIds(command: OrganCommand, _state: OrganState, aktoer?: Aktoer): string[] {
    const ids: string[] = [];
    if (command.type === 'OpprettOrgan' && typeof command.data.oppnevntAv === 'string') ids.push(command.data.oppnevntAv);
    const oppnevner = command.type === 'OppnevnMedlem' ? (command.data.oppnevntAv as { organId?: unknown } | undefined)?.organId : undefined;
    if (typeof oppnevner === 'string') ids.push(oppnevner);
    if (aktoer) ids.push(aktoer.organId);
    return ids;
  },
  tillatteSteg: tillatteOrgansteg,
};
