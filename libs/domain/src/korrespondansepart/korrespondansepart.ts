/**
 * The register of outside parties as facts: a party is registered, renamed and ended, each with the
 * date it took effect, so a hearing of 2017 lists the municipalities by the names they had then
 * (Leksvik until 2018, Namdalseid until 2020, …). One aggregate per party, stream
 * `korrespondansepart-<partId>`, decider {@link korrespondansepartDecider}. Who may change the
 * register: the sekretariat (its leder, nestleder or sekretær, member on the date) and the operator.
 */
import { type Aktoer, assertNever, type DecisionContext, type Decider, type DomainCommand, type DomainEvent, erDrift } from '../shared/decider.js';
import { datoDel, erTidspunkt, gjelderFraBrudd, gjelderFraEllerNaa, sammenlignDato, type Tidspunkt } from '../shared/dato.js';
import { ActorNotAllowedError, ConflictError, InvalidCommandError, NotFoundError, StepRefusedError } from '../shared/errors.js';
import { ORGAN_ID_MOENSTER } from '../shared/felter.js';
import { kreverTekst } from '../shared/validering.js';
import { medlemskapsBrudd, utenUndefined } from '../organisasjon/organ.js';
import { type Korrespondansepart, type KorrespondansepartState, PARTTYPER, type Parttype } from './part-modell.js';

export { type Korrespondansepart, type KorrespondansepartState, PARTTYPEBESKRIVELSE, PARTTYPER, type Parttype } from './part-modell.js';

/** A party's id: like a body's (lower-case letters, digits, `.`, `_`, `-`; at most 100), e.g. `steinkjer-kommune`, `hod`. */
export const PART_ID_MOENSTER = ORGAN_ID_MOENSTER;

// ---------- commands and events ----------

export type RegistrerKorrespondansepart = DomainCommand<
  'RegistrerKorrespondansepart',
  { partId: string; navn: string; parttype: Parttype; organisasjonsnummer?: string; gjelderFra?: Tidspunkt }
>;
export type OmdoepKorrespondansepart = DomainCommand<'OmdoepKorrespondansepart', { partId: string; navn: string; gjelderFra?: Tidspunkt }>;
export type AvsluttKorrespondansepart = DomainCommand<'AvsluttKorrespondansepart', { partId: string; begrunnelse?: string; erstattetAv?: string; gjelderFra?: Tidspunkt }>;
export type KorrespondansepartCommand = RegistrerKorrespondansepart | OmdoepKorrespondansepart | AvsluttKorrespondansepart;

interface Hvem {
  readonly utfoertAv: Aktoer;
  readonly gjelderFra: Tidspunkt;
}
export type KorrespondansepartRegistrert = DomainEvent<'KorrespondansepartRegistrert', { partId: string; navn: string; parttype: Parttype; organisasjonsnummer?: string } & Hvem>;
export type KorrespondansepartOmdoept = DomainEvent<'KorrespondansepartOmdoept', { partId: string; navn: string; tidligereNavn: string } & Hvem>;
export type KorrespondansepartAvsluttet = DomainEvent<'KorrespondansepartAvsluttet', { partId: string; begrunnelse?: string; erstattetAv?: string } & Hvem>;
export type KorrespondansepartEvent = KorrespondansepartRegistrert | KorrespondansepartOmdoept | KorrespondansepartAvsluttet;

export const KORRESPONDANSEPART_STEG = ['RegistrerKorrespondansepart', 'OmdoepKorrespondansepart', 'AvsluttKorrespondansepart'] as const satisfies readonly KorrespondansepartCommand['type'][];
export const KORRESPONDANSEPART_HENDELSESTYPER = ['KorrespondansepartRegistrert', 'KorrespondansepartOmdoept', 'KorrespondansepartAvsluttet'] as const satisfies readonly KorrespondansepartEvent['type'][];

/** Who may change the register of parties: the sekretariat's leder, nestleder or sekretær (member on the date), or the operator. */
export const PART_AKTOERREGEL = { roller: ['leder', 'nestleder', 'sekretaer'] as readonly string[], organtype: 'sekretariat' } as const;

// ---------- queries ----------

/** True if the party existed on the date (registered, not yet ended; ended on day D: not on D). */
export function partAktivPaaDato(part: Korrespondansepart, dato: Tidspunkt): boolean {
  return sammenlignDato(part.registrert, dato) <= 0 && (part.avsluttet === undefined || sammenlignDato(dato, part.avsluttet) < 0);
}

/** The party's name on the date; before it was registered, the first name it was registered with. */
export function partnavnPaaDato(part: Korrespondansepart, dato: Tidspunkt): string {
  let svar = part.navnehistorikk[0]?.verdi ?? part.navn;
  for (const h of part.navnehistorikk) if (sammenlignDato(h.fra, dato) <= 0) svar = h.verdi;
  return svar;
}

// ---------- decider ----------

function tekst(d: Record<string, unknown>, field: string, maks: number, hva: string): string {
  return kreverTekst(d, field, maks, hva);
}

function partId(v: unknown, field = 'partId'): string {
  if (typeof v !== 'string' || !PART_ID_MOENSTER.test(v)) {
    throw new InvalidCommandError('ugyldig_part_id', `${field} må være en part-id: små bokstaver, sifre, punktum, understrek eller bindestrek (høyst 100 tegn).`, { field });
  }
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

function aktoerBrudd(context: DecisionContext, gjelderFra: Tidspunkt): { kode: string; melding: string } | undefined {
  const a = context.aktoer;
  if (erDrift(a)) return undefined;
  if (!PART_AKTOERREGEL.roller.includes(a.rolle)) {
    return { kode: 'rolle_ikke_tillatt', melding: `Rollen «${a.rolle}» kan ikke endre registeret over eksterne parter. Det kan sekretariatets leder, nestleder eller sekretær, og driften.` };
  }
  const o = context.organer(a.organId);
  if (o && o.organtype !== PART_AKTOERREGEL.organtype) {
    return { kode: 'organ_ikke_tillatt', melding: `«${o.navn}» kan ikke endre registeret over eksterne parter. Det kan sekretariatet (og driften).` };
  }
  return context.kontrollerMedlemskap ? medlemskapsBrudd(a, o, gjelderFra) : undefined;
}

function tillatte(state: KorrespondansepartState): string[] {
  if (state === null) return ['RegistrerKorrespondansepart'];
  if (state.avsluttet !== undefined) return [];
  return ['OmdoepKorrespondansepart', 'AvsluttKorrespondansepart'];
}

function decide(command: KorrespondansepartCommand, state: KorrespondansepartState, context: DecisionContext): KorrespondansepartEvent[] {
  if (!(KORRESPONDANSEPART_STEG as readonly string[]).includes(command?.type)) {
    throw new InvalidCommandError('ukjent_steg', `Ukjent steg for en ekstern part: ${JSON.stringify(command?.type)}.`, { allowedSteps: tillatte(state) });
  }
  const d = (command.data ?? {}) as Record<string, unknown>;
  const id = partId(d['partId']);
  if (state !== null && id !== state.partId) throw new InvalidCommandError('feil_part', `Kommandoen gjelder parten ${id}, men strømmen er parten ${state.partId}.`, { field: 'partId' });
  const gjelderFra = tidspunkt(d['gjelderFra'], context);
  const ukjente = Object.keys(d).filter((k) => !['partId', 'navn', 'parttype', 'organisasjonsnummer', 'begrunnelse', 'erstattetAv', 'gjelderFra'].includes(k));
  if (ukjente.length > 0) throw new InvalidCommandError('ukjent_felt', `ukjent felt «${ukjente[0]}» er ikke tillatt`, { field: ukjente[0]! });
  const brudd = aktoerBrudd(context, gjelderFra);
  if (brudd) throw new ActorNotAllowedError(brudd.kode, brudd.melding, { allowedSteps: [] });
  const hvem: Hvem = { utfoertAv: { personId: context.aktoer.personId, organId: context.aktoer.organId, rolle: context.aktoer.rolle }, gjelderFra };
  const finnes = (): Korrespondansepart => {
    if (state === null) throw new NotFoundError('part_ikke_funnet', `Parten ${id} finnes ikke (er ikke registrert).`, { allowedSteps: ['RegistrerKorrespondansepart'] });
    if (state.avsluttet !== undefined) {
      throw new StepRefusedError('part_avsluttet', `«${state.navn}» ble avsluttet som part ${datoDel(state.avsluttet)}; den kan ikke endres mer.`, { allowedSteps: [] });
    }
    if (sammenlignDato(gjelderFra, state.registrert) < 0) {
      throw new InvalidCommandError('foer_parten_ble_registrert', `Datoen endringen gjelder fra (${datoDel(gjelderFra)}) er før «${state.navn}» ble registrert (${datoDel(state.registrert)}).`, { field: 'gjelderFra' });
    }
    return state;
  };
  switch (command.type) {
    case 'RegistrerKorrespondansepart': {
      if (state !== null) throw new ConflictError('part_finnes_allerede', `Parten ${id} («${state.navn}») er allerede registrert.`, { allowedSteps: tillatte(state) });
      const parttype = d['parttype'];
      if (typeof parttype !== 'string' || !(PARTTYPER as readonly string[]).includes(parttype)) {
        throw new InvalidCommandError('ugyldig_verdi', `parttype må være en av ${PARTTYPER.join(', ')} (fikk ${JSON.stringify(parttype)}).`, { field: 'parttype' });
      }
      const orgnr = d['organisasjonsnummer'];
      if (orgnr !== undefined && (typeof orgnr !== 'string' || !/^\d{9}$/.test(orgnr))) {
        throw new InvalidCommandError('ugyldig_organisasjonsnummer', 'Organisasjonsnummeret må være ni sifre (Enhetsregisteret).', { field: 'organisasjonsnummer' });
      }
      return [{ type: 'KorrespondansepartRegistrert', data: utenUndefined({ partId: id, navn: tekst(d, 'navn', 300, 'Navnet'), parttype: parttype as Parttype, organisasjonsnummer: orgnr as string | undefined, ...hvem }) }];
    }
    case 'OmdoepKorrespondansepart': {
      const part = finnes();
      const navn = tekst(d, 'navn', 300, 'Navnet');
      if (navn === part.navn) return [];
      return [{ type: 'KorrespondansepartOmdoept', data: { partId: id, navn, tidligereNavn: part.navn, ...hvem } }];
    }
    case 'AvsluttKorrespondansepart': {
      finnes();
      const erstattetAv = d['erstattetAv'] === undefined ? undefined : partId(d['erstattetAv'], 'erstattetAv');
      if (erstattetAv === id) throw new InvalidCommandError('erstattet_av_seg_selv', 'En part kan ikke erstattes av seg selv.', { field: 'erstattetAv' });
      const begrunnelse = d['begrunnelse'] === undefined ? undefined : tekst(d, 'begrunnelse', 20_000, 'Begrunnelsen');
      return [{ type: 'KorrespondansepartAvsluttet', data: utenUndefined({ partId: id, begrunnelse, erstattetAv, ...hvem }) }];
    }
    default:
      return assertNever(command, 'korrespondansepart command');
  }
}

function evolve(state: KorrespondansepartState, event: KorrespondansepartEvent): KorrespondansepartState {
  switch (event.type) {
    case 'KorrespondansepartRegistrert': {
      const d = event.data;
      return utenUndefined({ partId: d.partId, navn: d.navn, parttype: d.parttype, organisasjonsnummer: d.organisasjonsnummer, registrert: d.gjelderFra, navnehistorikk: [{ verdi: d.navn, fra: d.gjelderFra }] });
    }
    case 'KorrespondansepartOmdoept':
      if (!state) return state;
      return { ...state, navn: event.data.navn, navnehistorikk: [...state.navnehistorikk, { verdi: event.data.navn, fra: event.data.gjelderFra }] };
    case 'KorrespondansepartAvsluttet':
      if (!state) return state;
      return utenUndefined({ ...state, avsluttet: event.data.gjelderFra, erstattetAv: event.data.erstattetAv });
    default:
      return assertNever(event, 'korrespondansepart event');
  }
}

/** The register of outside parties: stream `korrespondansepart-<partId>`. */
export const korrespondansepartDecider: Decider<KorrespondansepartCommand, KorrespondansepartState, KorrespondansepartEvent> & { tillatteSteg(state: KorrespondansepartState): string[] } = {
  category: 'korrespondansepart',
  initialState: null,
  decide,
  evolve,
  referencedOrganIds: (_c, _s, aktoer) => (aktoer ? [aktoer.organId] : []),
  tillatteSteg: tillatte,
};
