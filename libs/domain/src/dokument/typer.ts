/**
 * Commands, events and state of a document (dokument; stream `dokument-<dokumentId>`), in Noark 5's
 * terms: a dokumentbeskrivelse (title, tilknytningsrolle hoveddokument/vedlegg, what it is attached to,
 * exemption) with its dokumentobjekter (one per version: format, size, SHA-256 checksum, file name).
 * The bytes are kept by the storage port (`lagringsId`); the checksum in the event is what the hash
 * chain covers, so `verify` can tell a changed stored byte. A new version is a new fact.
 */
import type { Aktoer, DomainCommand, DomainEvent } from '../shared/decider.js';
import type { Tidspunkt } from '../shared/dato.js';

/** Noark 5 tilknyttetRegistreringSom: the main document or an attachment. */
export const TILKNYTNINGSROLLER = ['hoveddokument', 'vedlegg'] as const;
export type Tilknytningsrolle = (typeof TILKNYTNINGSROLLER)[number];

/** The formats a document may have (checked by content, never by name). */
export const DOKUMENTFORMATER = ['pdf', 'docx', 'odt', 'xlsx', 'png', 'jpeg', 'txt'] as const;
export type Dokumentformat = (typeof DOKUMENTFORMATER)[number];

/** The format as a person reads it (Noark 5 «format»). */
export const DOKUMENTFORMATNAVN: Readonly<Record<Dokumentformat, string>> = {
  pdf: 'PDF',
  docx: 'Word-dokument (DOCX)',
  odt: 'OpenDocument-tekst (ODT)',
  xlsx: 'Excel-regneark (XLSX)',
  png: 'PNG-bilde',
  jpeg: 'JPEG-bilde',
  txt: 'Ren tekst (UTF-8)',
};

export { sakIdFor, TILKNYTNINGSFELTER, TILKNYTNINGSTYPER, type Tilknytning, type Tilknytningstype } from './tilknytning.js';
import type { Tilknytning, Tilknytningstype } from './tilknytning.js';

/** Noark 5 dokumentobjekt: one version of the bytes. */
export interface Dokumentobjekt {
  readonly versjonsnummer: number;
  readonly format: Dokumentformat;
  /** E.g. «PDF/A-1b» when the content says so. */
  readonly formatDetaljer?: string;
  readonly mimeType: string;
  readonly filnavn: string;
  /** Bytes. */
  readonly filstoerrelse: number;
  readonly sjekksumAlgoritme: 'SHA-256';
  /** Lower-case hex. */
  readonly sjekksum: string;
  /** Where the storage port keeps the bytes. */
  readonly lagringsId: string;
}

/** The content of an upload as the service found it (everything of a dokumentobjekt but its number). */
export type Innhold = Omit<Dokumentobjekt, 'versjonsnummer' | 'sjekksumAlgoritme'>;

interface InnholdFelter {
  format: Dokumentformat;
  formatDetaljer?: string;
  mimeType: string;
  filnavn: string;
  filstoerrelse: number;
  sjekksum: string;
  lagringsId: string;
}

/** The data of each command. `gjelderFra` defaults to now. */
export interface DokumentKommandoer {
  RegistrerDokument: InnholdFelter & {
    dokumentId: string;
    tittel: string;
    tilknytningsrolle: Tilknytningsrolle;
    tilknytningstype: Tilknytningstype;
    sakId?: string;
    oppdragId?: string;
    hoeringId?: string;
    partId?: string;
    moeteId?: string;
    punktId?: string;
    /** Exempt from public access, with the legal basis (e.g. «offl. § 13 jf. fvl. § 13 første ledd nr. 1»). */
    skjermingshjemmel?: string;
    /** The bodies tied to what the document is attached to (assigned by the service from the sak or meeting). */
    tilknyttedeOrganer: string[];
    gjelderFra?: Tidspunkt;
  };
  LeggTilDokumentversjon: InnholdFelter & { tilknyttedeOrganer: string[]; merknad?: string; gjelderFra?: Tidspunkt };
  SkjermDokument: { skjermingshjemmel: string; tilknyttedeOrganer: string[]; gjelderFra?: Tidspunkt };
  OpphevDokumentskjerming: { begrunnelse: string; tilknyttedeOrganer: string[]; gjelderFra?: Tidspunkt };
}

export type DokumentStegType = keyof DokumentKommandoer;

export const DOKUMENTHENDELSE_FOR_STEG = {
  RegistrerDokument: 'DokumentRegistrert',
  LeggTilDokumentversjon: 'DokumentversjonLagtTil',
  SkjermDokument: 'DokumentSkjermet',
  OpphevDokumentskjerming: 'DokumentskjermingOpphevet',
} as const satisfies Record<DokumentStegType, string>;
export type DokumentHendelseFor<K extends DokumentStegType> = (typeof DOKUMENTHENDELSE_FOR_STEG)[K];

/** Every event type of a document (for read models and the audit tools). */
export const DOKUMENTHENDELSER: readonly string[] = Object.values(DOKUMENTHENDELSE_FOR_STEG);

/** The data of each event (besides dokumentId, gjelderFra, utfoertAv). */
export interface DokumentHendelser {
  DokumentRegistrert: { tittel: string; tilknytningsrolle: Tilknytningsrolle; tilknytning: Tilknytning; skjermingshjemmel?: string; dokumentobjekt: Dokumentobjekt };
  DokumentversjonLagtTil: { dokumentobjekt: Dokumentobjekt; merknad?: string };
  DokumentSkjermet: { skjermingshjemmel: string };
  DokumentskjermingOpphevet: { begrunnelse: string };
}
export type DokumentHendelsestype = keyof DokumentHendelser;

interface Felles {
  readonly dokumentId: string;
  readonly gjelderFra: Tidspunkt;
  readonly utfoertAv: Aktoer;
}

export type DokumentCommand = { [K in DokumentStegType]: DomainCommand<K, DokumentKommandoer[K]> }[DokumentStegType];
export type DokumentEvent = { [T in DokumentHendelsestype]: DomainEvent<T, DokumentHendelser[T] & Felles> }[DokumentHendelsestype];

export const DOKUMENTSTATUSER = ['registrert'] as const;
export type Dokumentstatus = (typeof DOKUMENTSTATUSER)[number];

/** Noark 5 dokumentbeskrivelse with its versions. */
export interface Dokument {
  readonly dokumentId: string;
  readonly tittel: string;
  readonly tilknytningsrolle: Tilknytningsrolle;
  readonly tilknytning: Tilknytning;
  readonly status: Dokumentstatus;
  /** Exempt from public access while set. */
  readonly skjermingshjemmel?: string;
  readonly registrert: Tidspunkt;
  readonly registrertAv: Aktoer;
  /** Every version, oldest first; the last is the current one. */
  readonly versjoner: readonly (Dokumentobjekt & { readonly gjelderFra: Tidspunkt; readonly utfoertAv: Aktoer })[];
}

export type DokumentState = Dokument | null;

/** The current version. */
export function gjeldendeVersjon(d: Dokument): Dokument['versjoner'][number] {
  return d.versjoner[d.versjoner.length - 1]!;
}

/** The dokumentobjekter an event records (for verify and the archive: each checksum to re-hash). */
export function dokumentobjekterI(event: { readonly type: string; readonly data: unknown }): Dokumentobjekt[] {
  if (event.type !== 'DokumentRegistrert' && event.type !== 'DokumentversjonLagtTil') return [];
  const o = (event.data as { dokumentobjekt?: Dokumentobjekt } | null)?.dokumentobjekt;
  return o && typeof o.lagringsId === 'string' && typeof o.sjekksum === 'string' ? [o] : [];
}
