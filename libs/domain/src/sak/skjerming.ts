/**
 * Exemption from public access (offentleglova): the sekretariat marks fields of an event of a sak as
 * exempt (skjermet), with the legal basis (skjermingshjemmel, e.g. «offl. § 13 jf. fvl. § 13 første
 * ledd nr. 1») and, when the title is exempt, a public title (offentlig tittel). Recorded in the sak's
 * own stream as events like any other (`SkjermingMarkert`, `SkjermingOpphevet`), by a decider of its
 * own so the 22 workflow steps and their read models stay as they are.
 *
 * The event data follows the archive export's convention (libs/audit skjerming.ts): `data.skjerming`
 * = `{ felt, skjermingshjemmel, tilgangsrestriksjon?, hendelsesnummer }`, so a public export leaves
 * the fields out without knowing this module.
 */
import { type Aktoer, type DecisionContext, type Decider, type DomainCommand, type DomainEvent } from '../shared/decider.js';
import { gjelderFraEllerNaa, type Tidspunkt } from '../shared/dato.js';
import { ActorNotAllowedError, ConflictError, InvalidCommandError, NotFoundError, StepRefusedError } from '../shared/errors.js';
import { kreverHeltall, kreverTekst, type RawData, valgfriTekst, valgfrittTidspunkt } from '../shared/validering.js';
import { medlemskapsBrudd, type Rolle, utenUndefined } from '../organisasjon/organ.js';
import type { AktoerRegel } from './arbeidsflyt.js';
import type { Sak, SakState } from './typer.js';

/** The exemption as recorded (the export convention). */
export interface Skjermingsmerke {
  /** The event (its number in the sak's stream, from 0) whose fields are exempt. */
  readonly hendelsesnummer: number;
  /** Fields of that event's `data`. */
  readonly felt: readonly string[];
  readonly skjermingshjemmel: string;
  /** Noark 5 code, e.g. "13". */
  readonly tilgangsrestriksjon?: string;
}

/** An exemption in force on a sak. */
export interface Skjerming extends Skjermingsmerke {
  readonly skjermingId: string;
  readonly offentligTittel?: string;
  readonly gjelderFra: Tidspunkt;
}

export interface SkjermingKommandoer {
  MarkerSkjerming: {
    skjermingId: string;
    /** Default 0: the registration (title and description). */
    hendelsesnummer?: number;
    felt: string[];
    skjermingshjemmel: string;
    tilgangsrestriksjon?: string;
    /** Required when `tittel` is exempt: the title the public sees instead. */
    offentligTittel?: string;
    gjelderFra?: Tidspunkt;
  };
  OpphevSkjerming: { skjermingId: string; begrunnelse: string; gjelderFra?: Tidspunkt };
}
export type SkjermingStegType = keyof SkjermingKommandoer;

interface Felles {
  readonly sakId: string;
  readonly gjelderFra: Tidspunkt;
  readonly utfoertAv: Aktoer;
}
export type SkjermingMarkert = DomainEvent<'SkjermingMarkert', Felles & { skjermingId: string; skjerming: Skjermingsmerke; offentligTittel?: string }>;
export type SkjermingOpphevet = DomainEvent<'SkjermingOpphevet', Felles & { skjermingId: string; begrunnelse: string }>;
export type SkjermingEvent = SkjermingMarkert | SkjermingOpphevet;
export type SkjermingCommand = { [K in SkjermingStegType]: DomainCommand<K, SkjermingKommandoer[K]> }[SkjermingStegType];

export const SKJERMINGSHENDELSER = ['SkjermingMarkert', 'SkjermingOpphevet'] as const;

export function erSkjermingshendelse(e: { readonly type: string }): e is SkjermingEvent {
  return (SKJERMINGSHENDELSER as readonly string[]).includes(e.type);
}

/** Identity fields that are never exempt: the public must be able to tell which sak and step it is. */
const ALDRI_SKJERMET: readonly string[] = ['sakId', 'gjelderFra', 'utfoertAv', 'skjerming', 'offentligTittel', 'skjermingId'];

/** Who may mark or lift an exemption: the sekretariat (its leder, nestleder or sekretær). */
export const SKJERMING_AKTOERREGEL: AktoerRegel = {
  roller: ['leder', 'nestleder', 'sekretaer'] satisfies Rolle[],
  organ: [{ organtype: 'sekretariat' }],
  kreverMedlemskapPaaDato: true,
};

/** The declaration of the two steps (who, what), in the same shape as the workflow's. */
export const SKJERMING_STEG: Readonly<Record<SkjermingStegType, { readonly hendelse: SkjermingEvent['type']; readonly beskrivelse: string; readonly aktoer: AktoerRegel }>> = {
  MarkerSkjerming: {
    hendelse: 'SkjermingMarkert',
    beskrivelse: 'Sekretariatet unntar felt i en hendelse i saken fra offentlighet, med skjermingshjemmel (og offentlig tittel når tittelen skjermes).',
    aktoer: SKJERMING_AKTOERREGEL,
  },
  OpphevSkjerming: { hendelse: 'SkjermingOpphevet', beskrivelse: 'Sekretariatet opphever en skjerming, med begrunnelse.', aktoer: SKJERMING_AKTOERREGEL },
};

function aktoerBrudd(context: DecisionContext, gjelderFra: Tidspunkt): { kode: string; melding: string } | undefined {
  const a = context.aktoer;
  const regel = SKJERMING_AKTOERREGEL;
  if (!(regel.roller as readonly string[]).includes(a.rolle)) {
    return { kode: 'rolle_ikke_tillatt', melding: `Rollen «${a.rolle}» kan ikke skjerme opplysninger. Det kan bare sekretariatets ${regel.roller.join(', ')}.` };
  }
  const o = context.organer(a.organId);
  if (!o || o.organtype !== 'sekretariat') {
    return { kode: 'organ_ikke_tillatt', melding: `${o ? `«${o.navn}» (${o.organtype})` : `Organet ${a.organId}`} kan ikke skjerme opplysninger. Det kan bare sekretariatet.` };
  }
  if (context.kontrollerMedlemskap && regel.kreverMedlemskapPaaDato) return medlemskapsBrudd(a, o, gjelderFra);
  return undefined;
}

function decide(command: SkjermingCommand, state: SakState, context: DecisionContext): SkjermingEvent[] {
  const type: unknown = (command as { type?: unknown } | undefined)?.type;
  if (type !== 'MarkerSkjerming' && type !== 'OpphevSkjerming') {
    throw new InvalidCommandError('ukjent_steg', `Ukjent skjermingssteg ${JSON.stringify(type)}. Kjente: MarkerSkjerming, OpphevSkjerming.`);
  }
  if (state === null) throw new NotFoundError('sak_ikke_funnet', 'Saken finnes ikke; den må registreres først.');
  const raw = (command.data ?? {}) as RawData;
  const gjelderFra = valgfrittTidspunkt(raw, 'gjelderFra') ?? gjelderFraEllerNaa(undefined, context.now);
  const skjermingId = kreverTekst(raw, 'skjermingId', 200);
  const brudd = aktoerBrudd(context, gjelderFra);
  if (brudd) throw new ActorNotAllowedError(brudd.kode, brudd.melding, { allowedSteps: [] });
  const utfoertAv = { personId: context.aktoer.personId, organId: context.aktoer.organId, rolle: context.aktoer.rolle };
  const aktive = state.skjerminger ?? [];

  if (type === 'OpphevSkjerming') {
    if (!aktive.some((s) => s.skjermingId === skjermingId)) {
      throw new NotFoundError('skjerming_ikke_funnet', `Saken har ingen gjeldende skjerming ${skjermingId}.`);
    }
    const begrunnelse = kreverTekst(raw, 'begrunnelse', 20000, 'Begrunnelsen');
    return [{ type: 'SkjermingOpphevet', data: { sakId: state.sakId, skjermingId, begrunnelse, gjelderFra, utfoertAv } }];
  }

  if (aktive.some((s) => s.skjermingId === skjermingId)) throw new ConflictError('skjerming_finnes_allerede', `Saken har allerede skjermingen ${skjermingId}.`);
  const hendelsesnummer = raw['hendelsesnummer'] === undefined ? 0 : kreverHeltall(raw, 'hendelsesnummer', 0, Number.MAX_SAFE_INTEGER);
  const hendelse = state.hendelser[hendelsesnummer];
  if (!hendelse) throw new NotFoundError('hendelse_ikke_funnet', `Saken har ingen hendelse nr. ${hendelsesnummer}.`);
  const felt = raw['felt'];
  if (!Array.isArray(felt) || felt.length === 0 || felt.some((f) => typeof f !== 'string' || f.length === 0 || f.length > 100)) {
    throw new InvalidCommandError('ugyldig_verdi', 'felt må være en ikke-tom liste med feltnavn.', { field: 'felt' });
  }
  const feltnavn = [...new Set(felt as string[])];
  const ukjente = feltnavn.filter((f) => !(f in hendelse.data));
  if (ukjente.length > 0) throw new InvalidCommandError('felt_finnes_ikke', `Hendelsen ${hendelse.type} (nr. ${hendelsesnummer}) har ikke feltet ${ukjente.join(', ')}.`, { field: 'felt' });
  const aldri = feltnavn.filter((f) => ALDRI_SKJERMET.includes(f) || f.endsWith('Id') || f.endsWith('Ider'));
  if (aldri.length > 0) {
    throw new StepRefusedError('felt_kan_ikke_skjermes', `Feltet ${aldri.join(', ')} identifiserer saken eller steget og kan ikke skjermes.`);
  }
  const skjermingshjemmel = kreverTekst(raw, 'skjermingshjemmel', 500, 'Skjermingshjemmelen');
  const offentligTittel = valgfriTekst(raw, 'offentligTittel', 300, 'Den offentlige tittelen');
  if (feltnavn.includes('tittel') && offentligTittel === undefined) {
    throw new InvalidCommandError('offentlig_tittel_mangler', 'Når tittelen skjermes, må saken få en offentlig tittel (offentligTittel).', { field: 'offentligTittel' });
  }
  const tilgangsrestriksjon = valgfriTekst(raw, 'tilgangsrestriksjon', 20, 'Tilgangsrestriksjonen');
  const skjerming: Skjermingsmerke = utenUndefined({ felt: feltnavn, skjermingshjemmel, tilgangsrestriksjon, hendelsesnummer });
  return [{ type: 'SkjermingMarkert', data: utenUndefined({ sakId: state.sakId, skjermingId, skjerming, offentligTittel, gjelderFra, utfoertAv }) }];
}

/** Applies a skjerming event to the sak (called from the sak decider's evolve). */
export function anvendSkjerming(sak: Sak, event: SkjermingEvent): Sak {
  const hendelser = [...sak.hendelser, { type: event.type, data: event.data as unknown as Readonly<Record<string, unknown>> }];
  switch (event.type) {
    case 'SkjermingMarkert': {
      const d = event.data;
      const ny: Skjerming = utenUndefined({ skjermingId: d.skjermingId, ...d.skjerming, offentligTittel: d.offentligTittel, gjelderFra: d.gjelderFra });
      return { ...sak, hendelser, skjerminger: [...(sak.skjerminger ?? []), ny] };
    }
    case 'SkjermingOpphevet':
      return { ...sak, hendelser, skjerminger: (sak.skjerminger ?? []).filter((s) => s.skjermingId !== event.data.skjermingId) };
  }
}

/** The public title: the latest exemption's offentligTittel while the title is exempt, else the title. */
export function offentligTittel(sak: Sak): string {
  const tittelSkjermet = (sak.skjerminger ?? []).filter((s) => s.felt.includes('tittel'));
  return tittelSkjermet.length > 0 ? (tittelSkjermet.at(-1)!.offentligTittel ?? '[skjermet]') : sak.tittel;
}

/**
 * Decider of the two skjerming steps on the sak's stream (`sak-<sakId>`). Its state is the sak
 * (folded by the sak decider's evolve, which applies skjerming events too).
 */
export function lagSkjermingDecider(sakEvolve: (s: SakState, e: never) => SakState): Decider<SkjermingCommand, SakState, SkjermingEvent> {
  return {
    category: 'sak',
    initialState: null,
    decide,
    evolve: (s, e) => sakEvolve(s, e as never),
    referencedOrganIds: (_c, _s, aktoer) => (aktoer ? [aktoer.organId] : []),
  };
}
