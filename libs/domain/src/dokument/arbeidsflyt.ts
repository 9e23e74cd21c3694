/**
 * THE document workflow, declared once as data beside the sak and meeting workflows: for each step
 * its Norwegian name, its fields (shared/felter.ts), the statuses it may be taken in, who may take it
 * (shared/aktoerregel.ts, with the relation «tilknyttet»: a body tied to what the document is
 * attached to) and its guards with a plain reason. `dokumentDecider` enforces it.
 */
import type { AktoerRegelFor, OrganKravFor } from '../shared/aktoerregel.js';
import type { DecisionContext } from '../shared/decider.js';
import type { Tidspunkt } from '../shared/dato.js';
import { InvalidCommandError } from '../shared/errors.js';
import { type Felter, LANG_TEKST } from '../shared/felter.js';
import type { Organ } from '../organisasjon/organ-modell.js';
import {
  DOKUMENTFORMATER,
  DOKUMENTFORMATNAVN,
  DOKUMENTHENDELSE_FOR_STEG,
  type Dokument,
  type DokumentHendelseFor,
  type DokumentHendelser,
  type DokumentKommandoer,
  type Dokumentobjekt,
  type Dokumentstatus,
  type DokumentStegType,
  gjeldendeVersjon,
  TILKNYTNINGSFELTER,
  TILKNYTNINGSROLLER,
  type Tilknytning,
  TILKNYTNINGSTYPER,
} from './typer.js';

/** How the acting body may be related to a document: tied to what it is attached to (the sak's bodies, the oppdrag's, the meeting's). */
export type DokumentRelasjon = 'tilknyttet';
export type DokumentOrganKrav = OrganKravFor<DokumentRelasjon>;
export type DokumentAktoerRegel = AktoerRegelFor<DokumentRelasjon>;

export interface DokumentVaktInput<K extends DokumentStegType> {
  readonly dokument: K extends 'RegistrerDokument' ? null : Dokument;
  readonly data: DokumentKommandoer[K];
  readonly context: DecisionContext;
  readonly gjelderFra: Tidspunkt;
  readonly organ: (organId: string) => Organ | undefined;
}

export interface DokumentVakt<K extends DokumentStegType> {
  readonly kode: string;
  readonly grunn: string;
  readonly art: 'refused' | 'not_found' | 'conflict' | 'invalid';
  readonly brudd: (input: DokumentVaktInput<K>) => string | false;
}

export interface DokumentStegDefinisjon<K extends DokumentStegType> {
  readonly steg: K;
  readonly hendelse: DokumentHendelseFor<K>;
  readonly tittel: string;
  readonly beskrivelse: string;
  readonly fra: readonly Dokumentstatus[];
  readonly til: Dokumentstatus | 'uendret';
  readonly aktoer: DokumentAktoerRegel;
  readonly vakter: readonly DokumentVakt<K>[];
  readonly felter: Felter<Omit<DokumentKommandoer[K], 'gjelderFra'>>;
  readonly sjekk?: (data: DokumentKommandoer[K]) => void;
  readonly lag: (input: DokumentVaktInput<K>) => DokumentHendelser[DokumentHendelseFor<K>];
}

export type DokumentArbeidsflyt = { readonly [K in DokumentStegType]: DokumentStegDefinisjon<K> };

/** A member (not an observer or a deputy) of a body tied to what the document is attached to, or of the sekretariat. */
export const DOKUMENTANSVARLIGE: DokumentAktoerRegel = {
  roller: ['leder', 'nestleder', 'medlem', 'sekretaer'],
  organ: [{ organtype: 'sekretariat' }, { relasjon: 'tilknyttet' }],
  kreverMedlemskapPaaDato: true,
};

const SHA256_HEX = /^[0-9a-f]{64}$/;

const INNHOLDSFELTER = {
  format: { art: 'ettAv', verdier: DOKUMENTFORMATER, kilde: 'tildeles', hva: 'Formatet', beskrivelse: 'Funnet av tjenesten ut fra innholdet, aldri ut fra filnavnet.' },
  formatDetaljer: { art: 'tekst', maks: 100, valgfri: true, kilde: 'tildeles', hva: 'Formatdetaljene' },
  mimeType: { art: 'tekst', maks: 200, kilde: 'tildeles', hva: 'Medietypen' },
  filnavn: { art: 'tekst', maks: 255, kilde: 'tildeles', hva: 'Filnavnet' },
  filstoerrelse: { art: 'heltall', min: 1, maks: Number.MAX_SAFE_INTEGER, kilde: 'tildeles', hva: 'Filstørrelsen' },
  sjekksum: { art: 'tekst', maks: 64, min: 64, kilde: 'tildeles', hva: 'Sjekksummen (SHA-256)' },
  lagringsId: { art: 'id', kilde: 'tildeles', hva: 'Lagrings-id-en' },
} as const;

const TILKNYTTEDE_ORGANER = {
  art: 'organliste',
  maks: 200,
  kilde: 'tildeles',
  hva: 'Organene som er knyttet til det dokumentet hører til',
} as const;

function sjekkInnhold(d: { sjekksum: string; filnavn: string }): void {
  if (!SHA256_HEX.test(d.sjekksum)) throw new InvalidCommandError('ugyldig_sjekksum', 'Sjekksummen må være en SHA-256 med 64 heksadesimale tegn (små bokstaver).', { field: 'sjekksum' });
  if (/[/\\]/.test(d.filnavn)) throw new InvalidCommandError('ugyldig_filnavn', 'Filnavnet kan ikke ha skråstrek eller omvendt skråstrek.', { field: 'filnavn' });
}

function objekt(data: DokumentKommandoer['LeggTilDokumentversjon'] | DokumentKommandoer['RegistrerDokument'], versjonsnummer: number): Dokumentobjekt {
  return {
    versjonsnummer,
    format: data.format,
    ...(data.formatDetaljer !== undefined ? { formatDetaljer: data.formatDetaljer } : {}),
    mimeType: data.mimeType,
    filnavn: data.filnavn,
    filstoerrelse: data.filstoerrelse,
    sjekksumAlgoritme: 'SHA-256',
    sjekksum: data.sjekksum,
    lagringsId: data.lagringsId,
  };
}

/** The typed reference from the flat fields of the request (checked by {@link sjekkTilknytning}). */
export function tilknytningFra(d: DokumentKommandoer['RegistrerDokument']): Tilknytning {
  switch (d.tilknytningstype) {
    case 'sak':
      return { type: 'sak', sakId: d.sakId! };
    case 'leveranse':
      return { type: 'leveranse', sakId: d.sakId!, oppdragId: d.oppdragId! };
    case 'hoeringssvar':
      return { type: 'hoeringssvar', sakId: d.sakId!, hoeringId: d.hoeringId!, partId: d.partId! };
    case 'moetepunkt':
      return { type: 'moetepunkt', moeteId: d.moeteId!, punktId: d.punktId! };
  }
}

const TILKNYTNINGSNAVN = { sak: 'en sak', leveranse: 'en leveranse på et oppdrag', hoeringssvar: 'et høringssvar', moetepunkt: 'et sakslistepunkt i et møte' } as const;

/** Each kind of attachment names exactly its own fields: a sak its sakId, a meeting item its moeteId and punktId, … */
export function sjekkTilknytning(d: Pick<DokumentKommandoer['RegistrerDokument'], 'tilknytningstype' | 'sakId' | 'oppdragId' | 'hoeringId' | 'partId' | 'moeteId' | 'punktId'>): void {
  const trengs = TILKNYTNINGSFELTER[d.tilknytningstype];
  for (const felt of trengs) {
    if (d[felt] === undefined) throw new InvalidCommandError('felt_mangler', `Et dokument til ${TILKNYTNINGSNAVN[d.tilknytningstype]} må oppgi ${trengs.join(' og ')}; ${felt} mangler.`, { field: felt });
  }
  for (const felt of ['sakId', 'oppdragId', 'hoeringId', 'partId', 'moeteId', 'punktId'] as const) {
    if (d[felt] !== undefined && !trengs.includes(felt)) {
      throw new InvalidCommandError('felt_ikke_for_tilknytningen', `${felt} hører ikke til et dokument til ${TILKNYTNINGSNAVN[d.tilknytningstype]} (oppgi bare ${trengs.join(' og ')}).`, { field: felt });
    }
  }
}

// ---------- THE DECLARATION ----------

export const DOKUMENT_ARBEIDSFLYT: DokumentArbeidsflyt = {
  RegistrerDokument: {
    steg: 'RegistrerDokument',
    hendelse: DOKUMENTHENDELSE_FOR_STEG.RegistrerDokument,
    tittel: 'Last opp dokument',
    beskrivelse: `Knytt et dokument (hoveddokument eller vedlegg) til en sak, en leveranse på et oppdrag, et høringssvar eller et sakslistepunkt. Formatet kontrolleres ut fra innholdet: ${DOKUMENTFORMATER.map((f) => DOKUMENTFORMATNAVN[f]).join(', ')}. Sjekksummen (SHA-256) føres i hendelsen.`,
    fra: [],
    til: 'registrert',
    aktoer: DOKUMENTANSVARLIGE,
    vakter: [],
    felter: {
      dokumentId: { art: 'id', kilde: 'ny', beskrivelse: 'Dokumentets id (gis av tjenesten).' },
      tittel: { art: 'tekst', maks: 300, hva: 'Tittelen', eksempel: 'Årsmelding 2018 for Helsefellesskapet' },
      tilknytningsrolle: { art: 'ettAv', verdier: TILKNYTNINGSROLLER, standard: 'vedlegg', hva: 'Tilknytningsrollen', beskrivelse: 'Hoveddokumentet er selve saksdokumentet (for eksempel saksframlegget); et vedlegg følger med det.' },
      tilknytningstype: { art: 'ettAv', verdier: TILKNYTNINGSTYPER, hva: 'Hva dokumentet hører til', beskrivelse: 'sak (sakId), leveranse (sakId, oppdragId), hoeringssvar (sakId, hoeringId, partId) eller moetepunkt (moeteId, punktId).' },
      sakId: { art: 'id', valgfri: true, hva: 'Saken' },
      oppdragId: { art: 'id', valgfri: true, hva: 'Oppdraget' },
      hoeringId: { art: 'id', valgfri: true, hva: 'Høringen' },
      partId: { art: 'id', valgfri: true, hva: 'Parten som svarte' },
      moeteId: { art: 'id', valgfri: true, hva: 'Møtet' },
      punktId: { art: 'id', valgfri: true, hva: 'Sakslistepunktet' },
      skjermingshjemmel: { art: 'tekst', maks: 300, valgfri: true, hva: 'Skjermingshjemmelen', beskrivelse: 'Oppgitt: dokumentet er unntatt offentlighet (skjermet) med denne hjemmelen.', eksempel: 'offl. § 13 jf. fvl. § 13 første ledd nr. 1' },
      tilknyttedeOrganer: TILKNYTTEDE_ORGANER,
      ...INNHOLDSFELTER,
    },
    sjekk: (d) => {
      sjekkTilknytning(d);
      sjekkInnhold(d);
    },
    lag: ({ data }) => ({
      tittel: data.tittel,
      tilknytningsrolle: data.tilknytningsrolle,
      tilknytning: tilknytningFra(data),
      ...(data.skjermingshjemmel !== undefined ? { skjermingshjemmel: data.skjermingshjemmel } : {}),
      dokumentobjekt: objekt(data, 1),
    }),
  },

  LeggTilDokumentversjon: {
    steg: 'LeggTilDokumentversjon',
    hendelse: DOKUMENTHENDELSE_FOR_STEG.LeggTilDokumentversjon,
    tittel: 'Last opp ny versjon',
    beskrivelse: 'Last opp en ny versjon av dokumentet; de tidligere versjonene blir stående.',
    fra: ['registrert'],
    til: 'uendret',
    aktoer: DOKUMENTANSVARLIGE,
    vakter: [
      {
        kode: 'versjon_uendret',
        grunn: 'En ny versjon har et annet innhold enn den gjeldende.',
        art: 'refused',
        brudd: (i) => {
          const g = gjeldendeVersjon(i.dokument);
          return g.sjekksum === i.data.sjekksum ? `Filen er lik versjon ${g.versjonsnummer} («${g.filnavn}»); en ny versjon må ha et annet innhold.` : false;
        },
      },
    ],
    felter: { tilknyttedeOrganer: TILKNYTTEDE_ORGANER, merknad: { art: 'tekst', maks: 1000, valgfri: true, hva: 'Merknaden', eksempel: 'Rettet tall i tabell 2' }, ...INNHOLDSFELTER },
    sjekk: sjekkInnhold,
    lag: ({ data, dokument }) => ({ dokumentobjekt: objekt(data, dokument.versjoner.length + 1), ...(data.merknad !== undefined ? { merknad: data.merknad } : {}) }),
  },

  SkjermDokument: {
    steg: 'SkjermDokument',
    hendelse: DOKUMENTHENDELSE_FOR_STEG.SkjermDokument,
    tittel: 'Skjerm dokument',
    beskrivelse: 'Unnta dokumentet fra offentlighet, med hjemmel; det vises da ikke for allmennheten (innsyn, offentlige lister, arkivets offentlige versjon).',
    fra: ['registrert'],
    til: 'uendret',
    aktoer: DOKUMENTANSVARLIGE,
    vakter: [
      {
        kode: 'allerede_skjermet',
        grunn: 'Et dokument skjermes én gang; opphev skjermingen først for å endre hjemmelen.',
        art: 'conflict',
        brudd: (i) => (i.dokument.skjermingshjemmel !== undefined ? `Dokumentet er allerede skjermet (${i.dokument.skjermingshjemmel}).` : false),
      },
    ],
    felter: { tilknyttedeOrganer: TILKNYTTEDE_ORGANER, skjermingshjemmel: { art: 'tekst', maks: 300, hva: 'Skjermingshjemmelen', eksempel: 'offl. § 13 jf. fvl. § 13 første ledd nr. 1' } },
    lag: ({ data }) => ({ skjermingshjemmel: data.skjermingshjemmel }),
  },

  OpphevDokumentskjerming: {
    steg: 'OpphevDokumentskjerming',
    hendelse: DOKUMENTHENDELSE_FOR_STEG.OpphevDokumentskjerming,
    tittel: 'Opphev skjerming av dokument',
    beskrivelse: 'Gjør dokumentet offentlig igjen, med begrunnelse.',
    fra: ['registrert'],
    til: 'uendret',
    aktoer: DOKUMENTANSVARLIGE,
    vakter: [
      {
        kode: 'ikke_skjermet',
        grunn: 'Bare et skjermet dokument kan få skjermingen opphevet.',
        art: 'refused',
        brudd: (i) => (i.dokument.skjermingshjemmel === undefined ? 'Dokumentet er ikke skjermet.' : false),
      },
    ],
    felter: { tilknyttedeOrganer: TILKNYTTEDE_ORGANER, begrunnelse: { art: 'tekst', maks: LANG_TEKST, hva: 'Begrunnelsen' } },
    lag: ({ data }) => ({ begrunnelse: data.begrunnelse }),
  },
};

export const DOKUMENT_STEG: readonly DokumentStegType[] = Object.keys(DOKUMENT_ARBEIDSFLYT) as DokumentStegType[];
