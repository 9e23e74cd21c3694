/**
 * The fields of a command, declared as data: each step of a workflow says which fields its command
 * has, of which kind, with which limits, and where each value comes from. From the one declaration
 * come the domain's validation (`validerFelter`, every invalid field named at once), the request
 * schema of the HTTP operation (`jsonSchemaFor`), the bodies a command names (`organIderFra`), the
 * planned dates checked against the planning horizon (`planlagteDatoer`) and the fields a refusal
 * is about (`organFelt`, `fristFelt`) — so a limit is stated once.
 */
import { erIsoDato, erTidspunkt, type IsoDato, type Tidspunkt } from './dato.js';
import { InvalidCommandError } from './errors.js';
import { FLERLINJET_FRA, kontrolltegnFeil, kreverTekst, type RawData } from './validering.js';

/** A body's id (organ id): lower-case letters, digits, `.`, `_`, `-`; at most 100 characters. */
export const ORGAN_ID_MOENSTER = /^[a-z0-9][a-z0-9._-]{0,99}$/;
/** The id of a thing inside a sak (oppdrag, agenda item, follow-up, exemption): letters, digits, `. _ : @ + -`; at most 200. */
export const UNDER_ID_MOENSTER = /^[\p{L}\p{N}][\p{L}\p{N}._:@+-]{0,199}$/u;
/** The longest free text (a mandate, a decision text, a report). */
export const LANG_TEKST = 20_000;

/**
 * Where a field's value comes from.
 * - `body`: the request body (the default);
 * - `sti`: the address of the step (a path parameter, e.g. the oppdrag being accepted);
 * - `ny`: created by the step — the service gives a new id (derived from the Idempotency-Key when
 *   one is sent, so a retry reuses it) and the answer returns it;
 * - `tildeles`: assigned by the service from other input (agenda numbers, given in order without gaps).
 */
export type Kilde = 'body' | 'sti' | 'ny' | 'tildeles';

interface FeltFelles {
  /** How a person names the field in a refusal, e.g. «Fristen». Default: the field's name. */
  readonly hva?: string;
  /** What the field is, for the OpenAPI document and the forms. */
  readonly beskrivelse?: string;
  readonly eksempel?: unknown;
  readonly valgfri?: boolean;
  readonly kilde?: Kilde;
  /**
   * What a form offers instead of asking for ids: `part` — the value (an `id`) or the values (a
   * `tekstliste`) are registered outside parties, offered by name (GET /parter); `dokument` — a
   * document of the sak, offered by title (GET /saker/{sakId}/dokumenter).
   */
  readonly velges?: 'part' | 'dokument';
}

export type Felt =
  | (FeltFelles & { readonly art: 'tekst'; readonly maks: number; readonly min?: number })
  | (FeltFelles & { readonly art: 'dato'; /** A planned date (a frist, a meeting date): within the planning horizon. */ readonly planlagt?: boolean; /** A frist: must be after the date the step takes effect. */ readonly frist?: boolean })
  | (FeltFelles & { readonly art: 'tidspunkt' })
  | (FeltFelles & { readonly art: 'organ' })
  | (FeltFelles & { readonly art: 'organliste'; readonly maks: number; /** The bodies must be among those of another field (a form offers only those). */ readonly delAv?: string })
  | (FeltFelles & { readonly art: 'ettAv'; readonly verdier: readonly string[]; readonly standard?: string; /** Each value in words, as forms and tables show it (e.g. «Psykisk helse og rus»). */ readonly verdinavn?: Readonly<Record<string, string>> })
  | (FeltFelles & { readonly art: 'heltall'; readonly min: number; readonly maks: number; readonly standard?: number })
  | (FeltFelles & { readonly art: 'id' })
  | (FeltFelles & { readonly art: 'verdi' })
  | (FeltFelles & { readonly art: 'tekstliste'; readonly maks: number; readonly elementMaks: number })
  /** Persons who sign, each acting for a body in a role (`{ personId, organId, rolle }`), e.g. a letter's signatories. */
  | (FeltFelles & { readonly art: 'signatarliste'; readonly maks: number; /** The roles that may sign (a form offers the persons holding them). */ readonly roller?: readonly string[] })
  | (FeltFelles & {
      readonly art: 'moetesaksnumre';
      /** The request gives the bodies (this field of the request); the numbers are assigned. */
      readonly inn: string;
      readonly maks: number;
    })
  | (FeltFelles & {
      /**
       * Numbers handed out from numbering series (a body's meeting number, its agenda numbers per
       * series and year): each element names the body, the series, the year, the number and, for an
       * agenda item, the item (`punktId`). Usually assigned (`kilde: 'tildeles'`).
       */
      readonly art: 'nummerliste';
      readonly maks: number;
    });

/** One element of a {@link Felt} of kind `signatarliste`: a person signing for a body in a role. */
export interface Signatar {
  readonly personId: string;
  readonly organId: string;
  readonly rolle: string;
}

/** One number of a {@link Felt} of kind `nummerliste`. */
export interface TildeltNummer {
  readonly organId: string;
  readonly serie: string;
  readonly aar: number;
  readonly nummer: number;
  readonly punktId?: string;
}

/** The fields of a command, one per key of its data (every key declared: a missing one fails the build). */
export type Felter<D> = { readonly [P in keyof D]-?: Felt };

/** Any command's fields (for the functions that only read the declaration). */
export type FeltSett = { readonly [felt: string]: Felt };

/** One invalid field and why. */
export interface Feltfeil {
  readonly field: string;
  readonly reason: string;
  readonly code: string;
}

/** The effective time every step may be given (`gjelderFra`; default now). */
export const GJELDER_FRA: Felt = {
  art: 'tidspunkt',
  valgfri: true,
  beskrivelse: 'Når steget fikk virkning: en dato, eventuelt med klokkeslett; tomt betyr nå. Et vedtak føres med møtedatoen.',
  eksempel: '2019-02-15',
};

function feil(field: string, code: string, reason: string): Feltfeil {
  return { field, code, reason };
}

function verdiFor(f: Felt, navn: string, raw: RawData): { verdi?: unknown; feil?: Feltfeil } {
  const v = raw[navn];
  const hva = f.hva ?? navn;
  const mangler = v === undefined || v === null || (v === '' && f.art !== 'verdi');
  if (mangler) {
    if (f.art === 'ettAv' && f.standard !== undefined) return { verdi: f.standard };
    if (f.art === 'heltall' && f.standard !== undefined) return { verdi: f.standard };
    if (f.valgfri) return {};
    if (f.art === 'verdi' && v === null) return { verdi: null };
    return { feil: feil(navn, 'felt_mangler', `${hva} må fylles ut.`) };
  }
  switch (f.art) {
    case 'tekst':
      try {
        return { verdi: kreverTekst(raw, navn, f.maks, hva, f.min ?? 1) };
      } catch (e) {
        if (e instanceof InvalidCommandError) return { feil: feil(navn, e.code, e.message) };
        throw e;
      }
    case 'dato':
      return erIsoDato(v) ? { verdi: v } : { feil: feil(navn, 'ugyldig_dato', `${hva} må være en dato på formen ÅÅÅÅ-MM-DD.`) };
    case 'tidspunkt':
      return erTidspunkt(v) ? { verdi: v } : { feil: feil(navn, 'ugyldig_gjelder_fra', `${hva} må være en ISO-dato eller et ISO-tidspunkt.`) };
    case 'organ':
      return typeof v === 'string' && ORGAN_ID_MOENSTER.test(v)
        ? { verdi: v }
        : { feil: feil(navn, 'ugyldig_organ_id', `${hva} må være en organ-id: små bokstaver, sifre, punktum, understrek eller bindestrek (høyst 100 tegn).`) };
    case 'id':
      return typeof v === 'string' && UNDER_ID_MOENSTER.test(v)
        ? { verdi: v }
        : { feil: feil(navn, 'ugyldig_id', `${hva} må være bokstaver, sifre og . _ : @ + - (høyst 200 tegn).`) };
    case 'ettAv':
      return typeof v === 'string' && f.verdier.includes(v) ? { verdi: v } : { feil: feil(navn, 'ugyldig_verdi', `${hva} må være en av ${f.verdier.join(', ')}.`) };
    case 'heltall':
      return typeof v === 'number' && Number.isInteger(v) && v >= f.min && v <= f.maks
        ? { verdi: v }
        : { feil: feil(navn, 'ugyldig_tall', `${hva} må være et heltall fra ${f.min} til ${f.maks}.`) };
    case 'verdi': {
      if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') return { feil: feil(navn, 'ugyldig_verdi', `${hva} må være tekst, tall, sann/usann eller null.`) };
      if (typeof v !== 'string') return { verdi: v };
      if (v.length > LANG_TEKST) return { feil: feil(navn, 'felt_for_langt', `${hva} kan være høyst ${LANG_TEKST} tegn.`) };
      // A corrected value may be any text of the sak, long free text included.
      const kontrolltegn = kontrolltegnFeil(v, navn, hva, true);
      return kontrolltegn ? { feil: feil(navn, kontrolltegn.code, kontrolltegn.message) } : { verdi: v };
    }
    case 'organliste':
    case 'tekstliste': {
      const element = f.art === 'organliste' ? (x: unknown) => typeof x === 'string' && ORGAN_ID_MOENSTER.test(x) : (x: unknown) => typeof x === 'string' && x.length > 0 && x.length <= f.elementMaks;
      if (!Array.isArray(v) || v.length === 0 || v.length > f.maks || !v.every(element)) {
        const hvaSlags = f.art === 'organliste' ? 'organ-id-er' : `tekster (hver høyst ${f.elementMaks} tegn)`;
        return { feil: feil(navn, 'ugyldig_verdi', `${hva} må være en liste med 1 til ${f.maks} ${hvaSlags}.`) };
      }
      if (new Set(v).size !== v.length) return { feil: feil(navn, 'ugyldig_verdi', `${hva} kan ikke ha det samme to ganger.`) };
      if (f.art === 'tekstliste') {
        for (const x of v as string[]) {
          const kontrolltegn = kontrolltegnFeil(x, navn, hva, f.elementMaks >= FLERLINJET_FRA);
          if (kontrolltegn) return { feil: feil(navn, kontrolltegn.code, kontrolltegn.message) };
        }
      }
      return { verdi: [...v] };
    }
    case 'signatarliste': {
      if (!Array.isArray(v) || v.length === 0 || v.length > f.maks) return { feil: feil(navn, 'ugyldig_verdi', `${hva} må være en liste med 1 til ${f.maks} personer som signerer.`) };
      const ut: Signatar[] = [];
      for (const x of v) {
        const r = (x ?? {}) as Record<string, unknown>;
        const { personId, organId, rolle } = r;
        const ok =
          typeof personId === 'string' && UNDER_ID_MOENSTER.test(personId) && typeof organId === 'string' && ORGAN_ID_MOENSTER.test(organId) && typeof rolle === 'string' && /^[a-z]{1,50}$/.test(rolle) && Object.keys(r).length === 3;
        if (!ok) return { feil: feil(navn, 'ugyldig_verdi', `${hva}: hver som signerer, må ha personId, organId (organet personen signerer for) og rolle — og ikke noe annet.`) };
        ut.push({ personId: personId as string, organId: organId as string, rolle: rolle as string });
      }
      if (new Set(ut.map((x) => x.personId)).size !== ut.length) return { feil: feil(navn, 'ugyldig_verdi', `${hva} kan ikke ha den samme personen to ganger.`) };
      return { verdi: ut };
    }
    case 'moetesaksnumre': {
      if (!Array.isArray(v) || v.length === 0 || v.length > f.maks) return { feil: feil(navn, 'felt_mangler', `${hva} må være en liste med 1 til ${f.maks} organer og deres møtesaksnummer.`) };
      const ut: { organId: string; moetesaksaar: number; moetesakssekvensnummer: number }[] = [];
      for (const x of v) {
        const r = (x ?? {}) as Record<string, unknown>;
        const { organId, moetesaksaar: aar, moetesakssekvensnummer: nr } = r;
        if (typeof organId !== 'string' || !ORGAN_ID_MOENSTER.test(organId) || !Number.isInteger(aar) || (aar as number) < 1900 || (aar as number) > 9999 || !Number.isInteger(nr) || (nr as number) < 1) {
          return { feil: feil(navn, 'ugyldig_verdi', `${hva}: hvert element må ha organId, moetesaksaar og moetesakssekvensnummer.`) };
        }
        ut.push({ organId, moetesaksaar: aar as number, moetesakssekvensnummer: nr as number });
      }
      if (new Set(ut.map((o) => o.organId)).size !== ut.length) return { feil: feil(navn, 'organ_gjentatt', 'Hvert organ kan stå bare én gang på et sakslistepunkt.') };
      return { verdi: ut };
    }
    case 'nummerliste': {
      if (!Array.isArray(v) || v.length > f.maks) return { feil: feil(navn, 'ugyldig_verdi', `${hva} må være en liste med høyst ${f.maks} numre.`) };
      const ut: TildeltNummer[] = [];
      for (const x of v) {
        const r = (x ?? {}) as Record<string, unknown>;
        const { organId, serie, aar, nummer, punktId } = r;
        const ok =
          typeof organId === 'string' &&
          ORGAN_ID_MOENSTER.test(organId) &&
          typeof serie === 'string' &&
          UNDER_ID_MOENSTER.test(serie) &&
          Number.isInteger(aar) &&
          (aar as number) >= 1900 &&
          (aar as number) <= 9999 &&
          Number.isInteger(nummer) &&
          (nummer as number) >= 1 &&
          (punktId === undefined || (typeof punktId === 'string' && UNDER_ID_MOENSTER.test(punktId)));
        if (!ok) return { feil: feil(navn, 'ugyldig_verdi', `${hva}: hvert element må ha organId, serie, aar og nummer (og punktId for et sakslistepunkt).`) };
        ut.push({ organId: organId as string, serie: serie as string, aar: aar as number, nummer: nummer as number, ...(punktId !== undefined ? { punktId: punktId as string } : {}) });
      }
      return { verdi: ut };
    }
  }
}

/**
 * Checks a command's data against its fields: every field is validated (all errors at once, each
 * named), unknown fields are refused, optional fields left out stay out. Throws an
 * {@link InvalidCommandError} naming the first field and carrying every error.
 */
export function validerFelter<D>(felter: Felter<D> | FeltSett, raw: RawData): D {
  const egne = felter as FeltSett;
  const alle: Record<string, Felt> = { ...egne, gjelderFra: egne['gjelderFra'] ?? GJELDER_FRA };
  const ut: Record<string, unknown> = {};
  const feilene: Feltfeil[] = [];
  for (const [navn, f] of Object.entries(alle)) {
    const r = verdiFor(f, navn, raw);
    if (r.feil) feilene.push(r.feil);
    else if (r.verdi !== undefined) ut[navn] = r.verdi;
  }
  for (const navn of Object.keys(raw)) {
    if (!Object.prototype.hasOwnProperty.call(alle, navn)) feilene.push(feil(kort(navn), 'ukjent_felt', `ukjent felt «${kort(navn)}» er ikke tillatt`));
  }
  if (feilene.length > 0) {
    const [forste] = feilene;
    throw new InvalidCommandError(forste!.code, feilene.length === 1 ? forste!.reason : `${forste!.reason} (og ${feilene.length - 1} feil til; se «errors»).`, {
      field: forste!.field,
      errors: feilene.map(({ field, reason }) => ({ field, reason })),
    });
  }
  return ut as D;
}

function kort(navn: string): string {
  return navn.length <= 80 ? navn : `${navn.slice(0, 79)}…`;
}

/** The bodies a command names (its `organ` and `organliste` fields, and the bodies of assigned agenda numbers). */
export function organIderFra(felter: FeltSett, data: unknown): string[] {
  const d = data as Record<string, unknown>;
  const ut: string[] = [];
  for (const [navn, f] of Object.entries(felter)) {
    const v = d[navn];
    if (f.art === 'organ' && typeof v === 'string') ut.push(v);
    if (f.art === 'organliste' && Array.isArray(v)) ut.push(...v.filter((x): x is string => typeof x === 'string'));
    if ((f.art === 'moetesaksnumre' || f.art === 'nummerliste' || f.art === 'signatarliste') && Array.isArray(v)) ut.push(...v.map((x: { organId: string }) => x.organId));
  }
  return [...new Set(ut)];
}

/** The planned dates of a command (dates declared `planlagt`), for the planning horizon. */
export function planlagteDatoer(felter: FeltSett): { felt: string; hva: string }[] {
  return Object.entries(felter)
    .filter(([, f]) => f.art === 'dato' && f.planlagt)
    .map(([felt, f]) => ({ felt, hva: f.hva ?? felt }));
}

/** The field of the request that names bodies (an unknown body is bad input there). */
export function organFelt(felter: FeltSett): string | undefined {
  const e = Object.entries(felter).find(([, f]) => (f.art === 'organ' || f.art === 'organliste' || f.art === 'moetesaksnumre') && (f.kilde ?? 'body') !== 'sti');
  if (!e) return undefined;
  return e[1].art === 'moetesaksnumre' ? e[1].inn : e[0];
}

/** The field of the request holding the step's frist (a frist not after the effective date is bad input there). */
export function fristFelt(felter: FeltSett): string | undefined {
  return Object.entries(felter).find(([, f]) => f.art === 'dato' && f.frist)?.[0];
}

/** Fields by source, e.g. the path parameters (`sti`) or the ids a step creates (`ny`). */
export function felterMedKilde(felter: FeltSett, kilde: Kilde): string[] {
  return Object.entries(felter)
    .filter(([, f]) => (f.kilde ?? 'body') === kilde)
    .map(([navn]) => navn);
}

/**
 * The fields a request gives (in its body): the `body` fields, with an assigned list of agenda numbers
 * given as the bodies it names (`inn`). Validate a request with `validerFelter(forespoerselsfelter(f), body)`.
 */
export function forespoerselsfelter(felter: FeltSett): Record<string, Felt> {
  const ut: Record<string, Felt> = {};
  for (const [navn, f] of Object.entries(felter)) {
    const kilde = f.kilde ?? 'body';
    if (kilde === 'tildeles' && f.art === 'moetesaksnumre') ut[f.inn] = { art: 'organliste', maks: f.maks, hva: f.hva ?? f.inn, ...(f.beskrivelse ? { beskrivelse: f.beskrivelse } : {}), ...(f.eksempel !== undefined ? { eksempel: f.eksempel } : {}) };
    else if (kilde === 'body') ut[navn] = f;
  }
  return ut;
}

/** A JSON Schema (OpenAPI 3) object. */
export type JsonSchema = Readonly<Record<string, unknown>>;

function skjemaFor(f: Felt): Record<string, unknown> {
  const doc = { ...(f.beskrivelse ? { description: f.beskrivelse } : {}), ...(f.eksempel !== undefined ? { example: f.eksempel } : {}) };
  switch (f.art) {
    case 'tekst':
      return { type: 'string', maxLength: f.maks, minLength: f.valgfri ? 0 : (f.min ?? 1), ...doc };
    case 'dato':
      return { type: 'string', format: 'date', ...doc };
    case 'tidspunkt':
      return { type: 'string', description: f.beskrivelse ?? 'ISO 8601-dato eller -tidspunkt', ...(f.eksempel !== undefined ? { example: f.eksempel } : {}) };
    case 'organ':
      return { type: 'string', pattern: ORGAN_ID_MOENSTER.source, maxLength: 100, ...doc };
    case 'id':
      return { type: 'string', pattern: UNDER_ID_MOENSTER.source, maxLength: 200, ...doc };
    case 'ettAv':
      return {
        type: 'string',
        enum: [...f.verdier],
        ...(f.standard !== undefined ? { default: f.standard } : {}),
        ...doc,
        ...(f.verdinavn ? { description: `${f.beskrivelse ? `${f.beskrivelse} ` : ''}Verdiene: ${f.verdier.map((v) => `${v} (${f.verdinavn![v] ?? v})`).join(', ')}.` } : {}),
      };
    case 'heltall':
      return { type: 'integer', minimum: f.min, maximum: f.maks, ...(f.standard !== undefined ? { default: f.standard } : {}), ...doc };
    case 'verdi':
      return { oneOf: [{ type: 'string', maxLength: LANG_TEKST }, { type: 'number' }, { type: 'boolean' }], nullable: true, ...doc };
    case 'organliste':
      return { type: 'array', items: { type: 'string', pattern: ORGAN_ID_MOENSTER.source, maxLength: 100 }, minItems: 1, maxItems: f.maks, uniqueItems: true, ...doc };
    case 'tekstliste':
      return { type: 'array', items: { type: 'string', minLength: 1, maxLength: f.elementMaks }, minItems: 1, maxItems: f.maks, uniqueItems: true, ...doc };
    case 'signatarliste':
      return {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            personId: { type: 'string', pattern: UNDER_ID_MOENSTER.source, maxLength: 200 },
            organId: { type: 'string', pattern: ORGAN_ID_MOENSTER.source, maxLength: 100 },
            rolle: { type: 'string', pattern: '^[a-z]{1,50}$' },
          },
          required: ['personId', 'organId', 'rolle'],
          additionalProperties: false,
        },
        minItems: 1,
        maxItems: f.maks,
        ...doc,
      };
    case 'moetesaksnumre':
      return {
        type: 'array',
        items: { type: 'object', properties: { organId: { type: 'string' }, moetesaksaar: { type: 'integer' }, moetesakssekvensnummer: { type: 'integer' } }, required: ['organId', 'moetesaksaar', 'moetesakssekvensnummer'] },
        minItems: 1,
        maxItems: f.maks,
        ...doc,
      };
    case 'nummerliste':
      return {
        type: 'array',
        items: {
          type: 'object',
          properties: { organId: { type: 'string' }, serie: { type: 'string' }, aar: { type: 'integer' }, nummer: { type: 'integer', minimum: 1 }, punktId: { type: 'string' } },
          required: ['organId', 'serie', 'aar', 'nummer'],
        },
        maxItems: f.maks,
        ...doc,
      };
  }
}

/** The request body's schema: the fields the body gives, plus `gjelderFra`; no others allowed. */
export function jsonSchemaFor(felter: FeltSett): JsonSchema {
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  const inn = forespoerselsfelter(felter);
  const alle: Record<string, Felt> = { ...inn, gjelderFra: inn['gjelderFra'] ?? GJELDER_FRA };
  for (const [navn, f] of Object.entries(alle)) {
    properties[navn] = skjemaFor(f);
    const harStandard = (f.art === 'ettAv' || f.art === 'heltall') && f.standard !== undefined;
    if (!f.valgfri && !harStandard) required.push(navn);
  }
  return { type: 'object', properties, ...(required.length > 0 ? { required } : {}), additionalProperties: false };
}

export type { IsoDato, Tidspunkt };
