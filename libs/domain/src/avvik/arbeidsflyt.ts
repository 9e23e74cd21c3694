/**
 * THE avvik workflow, declared once as data, like the sak workflow (sak/arbeidsflyt.ts) and the
 * meeting workflow (moete/arbeidsflyt.ts): for each step its Norwegian name, its address, its fields,
 * the statuses it may be taken in and where it leads, who may take it and the guards with a plain
 * reason. `avvikDecider` enforces it, `tillatteAvvikssteg` reads it, and the HTTP layer makes one
 * operation per step from it (apps/api/src/avvik).
 *
 * Seed 003 (the eight municipalities): «Utvikling av et standardisert digitalt verktøy, for melding,
 * oppfølging og samhandling om kvalitetsforbedring på tvers av tjenestenivåer og langs tjenestenivåer.»
 * Seed 002, table 6: «Forbedringsarbeid ut fra samhandlingsavvik mellom kommunene og HNT — ASU, Fagråd 12».
 */
import { datoDel, sammenlignDato } from '../shared/dato.js';
import { LANG_TEKST } from '../shared/felter.js';
import type { Organ, Rolle } from '../organisasjon/organ-modell.js';
import { AVVIKSHENDELSE_FOR_STEG, AVVIKSKATEGORIER, AVVIKSKATEGORINAVN, type AvvikStegType, STANDARD_SVARFRIST_DAGER } from './typer.js';
import type { AvvikAktoerRegel, AvvikArbeidsflyt, AvvikStegDefinisjon, AvvikVakt, AvvikVaktInput } from './vokabular.js';

/** Who in a party's body acts on an avvik: its leader, deputy, a member (an employee of the unit) or its secretary; never an observer or a vara. */
const I_ENHETEN: readonly Rolle[] = ['leder', 'nestleder', 'medlem', 'sekretaer'];

/** The parties: a municipality or the hospital trust (or a unit of one). */
const PARTSTYPER = ['kommune', 'helseforetak'] as const;

export const AVVIKSMELDER: AvvikAktoerRegel = { roller: I_ENHETEN, organ: [{ organtype: 'kommune' }, { organtype: 'helseforetak' }], kreverMedlemskapPaaDato: true };
export const MELDEREN: AvvikAktoerRegel = { roller: I_ENHETEN, organ: [{ relasjon: 'melder' }], kreverMedlemskapPaaDato: true };
export const MOTTAKEREN: AvvikAktoerRegel = { roller: I_ENHETEN, organ: [{ relasjon: 'mottaker' }], kreverMedlemskapPaaDato: true };
export const PARTENE: AvvikAktoerRegel = { roller: I_ENHETEN, organ: [{ relasjon: 'melder' }, { relasjon: 'mottaker' }], kreverMedlemskapPaaDato: true };
/** Improvement work: the avvik's fagråd, or ASU (seed 002: «ASU, Fagråd 12»). */
export const FORBEDRINGSANSVARLIGE: AvvikAktoerRegel = { roller: ['leder', 'nestleder', 'sekretaer'], organ: [{ relasjon: 'fagraad' }, { organtype: 'asu' }], kreverMedlemskapPaaDato: true };

/** A date `dager` days after a date or date-time. */
export function leggTilDager(t: string, dager: number): string {
  const d = new Date(`${datoDel(t)}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + dager);
  return d.toISOString().slice(0, 10);
}

function navn(i: { organ: (id: string) => Organ | undefined }, organId: string): string {
  const o = i.organ(organId);
  return o ? `«${o.navn}»` : organId;
}

const erPart = (o: Organ | undefined): boolean => o !== undefined && (PARTSTYPER as readonly string[]).includes(o.organtype);

function partFinnes<K extends AvvikStegType>(kode: string, hent: (i: AvvikVaktInput<K>) => string | undefined, hva: string): AvvikVakt<K>[] {
  return [
    {
      kode: `${kode}_ikke_funnet`,
      grunn: `${hva} må finnes i organisasjonen.`,
      art: 'not_found',
      brudd: (i) => {
        const id = hent(i);
        return id !== undefined && !i.organ(id) ? `Organet ${id} finnes ikke.` : false;
      },
    },
    {
      kode: `${kode}_ikke_part`,
      grunn: `${hva} er en kommune eller helseforetaket (eller en enhet i en av dem).`,
      art: 'refused',
      brudd: (i) => {
        const id = hent(i);
        const o = id !== undefined ? i.organ(id) : undefined;
        return o && !erPart(o) ? `${navn(i, o.organId)} er ${o.organtype}, ikke en kommune eller helseforetaket; et avvik meldes mellom partene i samhandlingen.` : false;
      },
    },
  ];
}

const fagraadFinnes: AvvikVakt<'MeldAvvik'>[] = [
  {
    kode: 'fagraad_ikke_funnet',
    grunn: 'Fagrådet som følger opp avvik, må finnes.',
    art: 'not_found',
    brudd: (i) => {
      const id = i.data.fagraad;
      if (id === undefined) return 'Ingen fagråd er oppgitt; oppgi fagrådet for kvalitet og pasientsikkerhet (fagraad).';
      return i.organ(id) ? false : `Fagrådet ${id} finnes ikke; oppgi fagrådet for kvalitet og pasientsikkerhet (fagraad).`;
    },
  },
  {
    kode: 'ikke_et_fagraad',
    grunn: 'Avvik følges opp av et fagråd.',
    art: 'refused',
    brudd: (i) => {
      const o = i.data.fagraad !== undefined ? i.organ(i.data.fagraad) : undefined;
      return o && o.organtype !== 'fagraad' ? `${navn(i, o.organId)} er ikke et fagråd.` : false;
    },
  },
];

const TEKST_OM_PASIENTEN = 'Beskriv hendelsen uten å identifisere pasienten: ingen navn, fødselsnummer eller D-nummer.';

// ---------- THE DECLARATION ----------

export const AVVIK_ARBEIDSFLYT: AvvikArbeidsflyt = {
  MeldAvvik: {
    steg: 'MeldAvvik',
    hendelse: AVVIKSHENDELSE_FOR_STEG.MeldAvvik,
    tittel: 'Meld avvik',
    beskrivelse:
      'En enhet i en kommune eller i helseforetaket melder et samhandlingsavvik til den andre parten: tjenesteavtalen det gjelder, hva som skjedde og når, konsekvensen og en kategori. Avviket er skjermet: bare partene, fagrådet og revisor kan lese det.',
    rute: '',
    fra: [],
    til: 'meldt',
    aktoer: AVVIKSMELDER,
    vakter: [
      ...partFinnes<'MeldAvvik'>('motpart', (i) => i.data.motpart, 'Motparten'),
      ...fagraadFinnes,
      {
        kode: 'motpart_er_melder',
        grunn: 'Et samhandlingsavvik meldes til den andre parten, ikke til seg selv.',
        art: 'refused',
        brudd: (i) => (i.data.motpart === i.context.aktoer.organId ? `${navn(i, i.data.motpart)} kan ikke melde et avvik til seg selv; velg den andre parten i samhandlingen som motpart.` : false),
      },
      {
        kode: 'hendelse_etter_meldingen',
        grunn: 'Hendelsen har skjedd før den meldes.',
        art: 'refused',
        brudd: (i) => (sammenlignDato(i.data.hendelsesdato, i.gjelderFra) > 0 ? `Hendelsesdatoen (${i.data.hendelsesdato}) er etter datoen avviket meldes (${datoDel(i.gjelderFra)}).` : false),
      },
    ],
    felter: {
      avvikId: { art: 'id', kilde: 'ny', beskrivelse: 'Avvikets id (gis av tjenesten).' },
      motpart: { art: 'organ', hva: 'Motparten', beskrivelse: 'Parten avviket meldes til: helseforetaket (eller en enhet der) eller en kommune.', eksempel: 'st-olavs-hf' },
      tjenesteavtale: { art: 'tekst', maks: 200, hva: 'Tjenesteavtalen', eksempel: 'Tjenesteavtale 5 – utskrivningsklare pasienter' },
      hvaSkjedde: { art: 'tekst', maks: LANG_TEKST, hva: 'Hva som skjedde', beskrivelse: TEKST_OM_PASIENTEN, eksempel: 'Pasient i 80-årene ble skrevet ut til hjemmet en fredag kveld uten epikrise og uten at hjemmetjenesten var varslet.' },
      hendelsesdato: { art: 'dato', hva: 'Når det skjedde', eksempel: '2024-03-08' },
      konsekvens: { art: 'tekst', maks: LANG_TEKST, hva: 'Konsekvensen', beskrivelse: TEKST_OM_PASIENTEN, eksempel: 'Pasienten fikk ikke medisinene sine før mandag.' },
      kategori: { art: 'ettAv', verdier: AVVIKSKATEGORIER, verdinavn: AVVIKSKATEGORINAVN, hva: 'Kategorien', eksempel: 'utskrivning' },
      fagraad: { art: 'organ', valgfri: true, hva: 'Fagrådet', beskrivelse: 'Fagrådet som følger opp avvik; utelatt: fagrådet organisasjonen har for kvalitet og pasientsikkerhet på datoen (et fagråd med det i navnet eller mandatet).' },
      svarfristDager: { art: 'heltall', min: 1, maks: 180, standard: STANDARD_SVARFRIST_DAGER, hva: 'Svarfristen i dager', beskrivelse: 'Dager motparten har til å svare, regnet fra meldingen; standard tre uker.' },
    },
    lag: ({ data, context, gjelderFra }) => ({
      melder: context.aktoer.organId,
      motpart: data.motpart,
      fagraad: data.fagraad!,
      tjenesteavtale: data.tjenesteavtale,
      hvaSkjedde: data.hvaSkjedde,
      hendelsesdato: data.hendelsesdato,
      konsekvens: data.konsekvens,
      kategori: data.kategori,
      svarfrist: leggTilDager(gjelderFra, data.svarfristDager),
    }),
  },

  RegistrerAvvik: {
    steg: 'RegistrerAvvik',
    hendelse: AVVIKSHENDELSE_FOR_STEG.RegistrerAvvik,
    tittel: 'Registrer og tildel avvik',
    beskrivelse: 'Parten som mottok avviket, registrerer det og tildeler det en enhet hos seg (og eventuelt en saksbehandler); svarfristen kan settes her.',
    rute: ':avvikId/registrering',
    fra: ['meldt'],
    til: 'under_behandling',
    aktoer: MOTTAKEREN,
    vakter: [
      ...partFinnes<'RegistrerAvvik'>('enhet', (i) => i.data.tildeltEnhet, 'Enheten avviket tildeles'),
      {
        kode: 'enhet_hos_melder',
        grunn: 'Avviket tildeles en enhet hos mottakeren, ikke hos den som meldte.',
        art: 'refused',
        brudd: (i) => (i.data.tildeltEnhet !== undefined && i.data.tildeltEnhet === i.avvik.melder ? `${navn(i, i.data.tildeltEnhet)} meldte avviket og kan ikke behandle det som mottaker.` : false),
      },
      {
        kode: 'frist_ikke_etter_gjelder_fra',
        grunn: 'Svarfristen må være etter datoen avviket registreres.',
        art: 'refused',
        brudd: (i) => (i.data.svarfrist !== undefined && sammenlignDato(i.data.svarfrist, i.gjelderFra) <= 0 ? `Svarfristen (${i.data.svarfrist}) må være etter ${datoDel(i.gjelderFra)}.` : false),
      },
    ],
    felter: {
      tildeltEnhet: { art: 'organ', valgfri: true, hva: 'Enheten avviket tildeles', beskrivelse: 'En enhet hos mottakeren; utelatt: mottakeren selv.' },
      saksbehandler: { art: 'tekst', maks: 200, valgfri: true, hva: 'Saksbehandleren', beskrivelse: 'Navn eller funksjon hos mottakeren, f.eks. «Kvalitetsrådgiver, Klinikk for akutt- og mottaksmedisin».' },
      svarfrist: { art: 'dato', valgfri: true, planlagt: true, frist: true, hva: 'Svarfristen', beskrivelse: 'Utelatt: fristen fra meldingen (standard tre uker).' },
      merknad: { art: 'tekst', maks: LANG_TEKST, valgfri: true, hva: 'Merknaden' },
    },
    lag: ({ data, avvik }) => ({ tildeltEnhet: data.tildeltEnhet ?? avvik.motpart, saksbehandler: data.saksbehandler, svarfrist: data.svarfrist ?? avvik.svarfrist, merknad: data.merknad }),
  },

  BeOmMerInformasjon: {
    steg: 'BeOmMerInformasjon',
    hendelse: AVVIKSHENDELSE_FOR_STEG.BeOmMerInformasjon,
    tittel: 'Be om mer informasjon',
    beskrivelse: 'Mottakeren ber den som meldte om mer informasjon; avviket venter på melderen til svaret kommer.',
    rute: ':avvikId/spoersmaal',
    fra: ['under_behandling'],
    til: 'venter_paa_melder',
    aktoer: MOTTAKEREN,
    vakter: [],
    felter: { spoersmaal: { art: 'tekst', maks: LANG_TEKST, hva: 'Spørsmålet', beskrivelse: TEKST_OM_PASIENTEN } },
    lag: ({ data }) => ({ spoersmaal: data.spoersmaal }),
  },

  GiMerInformasjon: {
    steg: 'GiMerInformasjon',
    hendelse: AVVIKSHENDELSE_FOR_STEG.GiMerInformasjon,
    tittel: 'Gi mer informasjon',
    beskrivelse: 'Den som meldte svarer på mottakerens spørsmål; avviket er tilbake hos mottakeren.',
    rute: ':avvikId/tilleggsinformasjon',
    fra: ['venter_paa_melder'],
    til: 'under_behandling',
    aktoer: MELDEREN,
    vakter: [],
    felter: { svar: { art: 'tekst', maks: LANG_TEKST, hva: 'Svaret', beskrivelse: TEKST_OM_PASIENTEN } },
    lag: ({ data }) => ({ svar: data.svar }),
  },

  SvarPaaAvvik: {
    steg: 'SvarPaaAvvik',
    hendelse: AVVIKSHENDELSE_FOR_STEG.SvarPaaAvvik,
    tittel: 'Svar på avvik',
    beskrivelse: 'Mottakeren svarer med hva den fant (funn) og hva den gjør (tiltak).',
    rute: ':avvikId/svar',
    fra: ['under_behandling'],
    til: 'besvart',
    aktoer: MOTTAKEREN,
    vakter: [],
    felter: {
      funn: { art: 'tekst', maks: LANG_TEKST, hva: 'Funnene', beskrivelse: TEKST_OM_PASIENTEN },
      tiltak: { art: 'tekst', maks: LANG_TEKST, hva: 'Tiltakene' },
    },
    lag: ({ data }) => ({ funn: data.funn, tiltak: data.tiltak }),
  },

  LukkAvvik: {
    steg: 'LukkAvvik',
    hendelse: AVVIKSHENDELSE_FOR_STEG.LukkAvvik,
    tittel: 'Godta svaret og lukk',
    beskrivelse: 'Den som meldte godtar svaret, og avviket lukkes.',
    rute: ':avvikId/lukking',
    fra: ['besvart'],
    til: 'lukket',
    aktoer: MELDEREN,
    vakter: [],
    felter: { merknad: { art: 'tekst', maks: LANG_TEKST, valgfri: true, hva: 'Merknaden' } },
    lag: ({ data }) => ({ merknad: data.merknad }),
  },

  LoeftTilFagraad: {
    steg: 'LoeftTilFagraad',
    hendelse: AVVIKSHENDELSE_FOR_STEG.LoeftTilFagraad,
    tittel: 'Løft til fagrådet',
    beskrivelse: 'En av partene løfter avviket til fagrådet for kvalitet og pasientsikkerhet, f.eks. når svaret ikke godtas eller partene ikke blir enige om ansvaret.',
    rute: ':avvikId/loefting',
    fra: ['meldt', 'under_behandling', 'venter_paa_melder', 'besvart'],
    til: 'loeftet',
    aktoer: PARTENE,
    vakter: [],
    felter: { begrunnelse: { art: 'tekst', maks: LANG_TEKST, hva: 'Begrunnelsen', beskrivelse: TEKST_OM_PASIENTEN } },
    lag: ({ data, avvik }) => ({ fagraad: avvik.fagraad, begrunnelse: data.begrunnelse }),
  },

  KnyttTilForbedringssak: {
    steg: 'KnyttTilForbedringssak',
    hendelse: AVVIKSHENDELSE_FOR_STEG.KnyttTilForbedringssak,
    tittel: 'Knytt til forbedringssak',
    beskrivelse: 'Fagrådet eller ASU knytter avviket til en forbedringssak (en sak i saksgangen), som følger det opp på tvers av avvik.',
    rute: ':avvikId/forbedringssaker',
    fra: ['meldt', 'under_behandling', 'venter_paa_melder', 'besvart', 'loeftet', 'lukket'],
    til: 'uendret',
    aktoer: FORBEDRINGSANSVARLIGE,
    vakter: [
      {
        kode: 'allerede_knyttet',
        grunn: 'Et avvik knyttes én gang til samme forbedringssak.',
        art: 'conflict',
        brudd: (i) => (i.avvik.forbedringssaker.some((f) => f.sakId === i.data.sakId) ? `Avviket er allerede knyttet til forbedringssaken «${i.avvik.forbedringssaker.find((f) => f.sakId === i.data.sakId)!.tittel}».` : false),
      },
    ],
    felter: {
      sakId: { art: 'id', hva: 'Forbedringssaken', beskrivelse: 'Saken (i saksgangen) som følger opp avviket.' },
      tittel: { art: 'tekst', maks: 300, hva: 'Sakens tittel', eksempel: 'Forbedringssak: utskrivning før hjemmeforhold er undersøkt' },
    },
    lag: ({ data }) => ({ sakId: data.sakId, tittel: data.tittel }),
  },

  RapporterForbedring: {
    steg: 'RapporterForbedring',
    hendelse: AVVIKSHENDELSE_FOR_STEG.RapporterForbedring,
    tittel: 'Rapporter forbedring',
    beskrivelse: 'Fagrådet eller ASU melder tilbake til avviket hva forbedringssaken førte til; avviket lukkes med det som utfall.',
    rute: ':avvikId/forbedringssaker/:sakId/rapport',
    fra: ['meldt', 'under_behandling', 'venter_paa_melder', 'besvart', 'loeftet', 'lukket'],
    til: 'lukket',
    aktoer: FORBEDRINGSANSVARLIGE,
    forutsetning: { kode: 'ingen_aapen_forbedringssak', grunn: 'Avviket er knyttet til en forbedringssak som ikke har rapportert ennå.', holder: (a) => a.forbedringssaker.some((f) => f.rapportert === undefined) },
    vakter: [
      {
        kode: 'forbedringssak_ikke_knyttet',
        grunn: 'Forbedringen rapporteres fra en forbedringssak avviket er knyttet til.',
        art: 'not_found',
        brudd: (i) => (i.avvik.forbedringssaker.some((f) => f.sakId === i.data.sakId) ? false : `Avviket er ikke knyttet til saken ${i.data.sakId}; knytt det til forbedringssaken først.`),
      },
      {
        kode: 'allerede_rapportert',
        grunn: 'Hver forbedringssak rapporterer én gang til avviket.',
        art: 'conflict',
        brudd: (i) => {
          const f = i.avvik.forbedringssaker.find((x) => x.sakId === i.data.sakId);
          return f?.rapportert ? `Forbedringssaken «${f.tittel}» rapporterte til avviket ${datoDel(f.rapportert)}.` : false;
        },
      },
    ],
    felter: { sakId: { art: 'id', kilde: 'sti' }, rapport: { art: 'tekst', maks: LANG_TEKST, hva: 'Rapporten' } },
    lag: ({ data }) => ({ sakId: data.sakId, rapport: data.rapport }),
  },
};

export const AVVIK_STEG: readonly AvvikStegType[] = Object.keys(AVVIK_ARBEIDSFLYT) as AvvikStegType[];

export function avvikStegDefinisjon<K extends AvvikStegType>(steg: K): AvvikStegDefinisjon<K> {
  return AVVIK_ARBEIDSFLYT[steg] as AvvikStegDefinisjon<K>;
}
