/**
 * THE sak workflow, declared once as data: for each step its Norwegian name, its address, its fields
 * (kinds, limits, sources), the phases it may be taken in and where it leads, who may take it (roles
 * and the acting body's type, level or relation to the sak), and the guards with a plain reason.
 * `sakDecider` enforces it, `tillatteSteg` reads it, `workflowDiagram` draws it,
 * `arbeidsflytDokumentasjon` writes it out, and the HTTP layer makes one operation per step from it
 * (its route, its request schema, its validation) — all from this one declaration.
 *
 * The vocabulary is in vokabular.ts, the guard builders in vakter.ts, the state functions in
 * tilstand.ts, the descriptions in beskrivelser.ts.
 */
import { aarAv, erIsoDato, sammenlignDato } from '../shared/dato.js';
import { InvalidCommandError } from '../shared/errors.js';
import { LANG_TEKST } from '../shared/felter.js';
import { nivaaRang } from '../organisasjon/organ.js';
import { partnavnPaaDato } from '../korrespondansepart/korrespondansepart.js';
import { HOERING_STEG, partAktiv, partFinnes } from './hoering-steg.js';
import { kanSkjermes } from './skjerming.js';
import { aapneOppdrag, erKorrigerbar, finnOppdrag, finnOppfoelging, gjeldendeVerdi, IKKE_KORRIGERBARE_FELT, sisteVedtakspunkt } from './tilstand.js';
import { HENDELSE_FOR_STEG, type SakFase, SAKSFASER, SAKSTYPER, type SakStegType, VEDTAKSUTFALL } from './typer.js';
import {
  AAPNE_FASER,
  aktoer,
  FERDIG_BEHANDLEDE,
  fristEtterGjelderFra,
  LEDELSE,
  navn,
  noenOppdrag,
  OPPDRAG_I_STI,
  oppdragFinnes,
  oppdragStatus,
  oppfoelgingFinnesOgErAapen,
  organAktivt,
  organFinnes,
  SEKRETARIATET,
  utsettelseBedt,
} from './vakter.js';
import type { Arbeidsflyt, StegDefinisjon } from './vokabular.js';

/** The phases after a decision, in which the body that decided may delegate carrying it out. */
const ETTER_VEDTAK: readonly SakFase[] = ['vedtak_fattet', 'til_oppfoelging', 'oppfoelging_fullfoert'];
/** The phases in which a delegated oppdrag is worked on: during the investigation, and after the decision it carries out. */
const OPPDRAG_FASER: readonly SakFase[] = ['under_utredning', ...ETTER_VEDTAK];

// ---------- THE DECLARATION ----------

/** The sak workflow. Keys are in the order of a typical journey. */
export const SAK_ARBEIDSFLYT: Arbeidsflyt = {
  RegistrerSak: {
    steg: 'RegistrerSak',
    hendelse: HENDELSE_FOR_STEG.RegistrerSak,
    tittel: 'Registrer sak',
    hendelsesnavn: 'Sak registrert',
    beskrivelse: 'Registrer en ny sak (sekretariatet, et organ, en kommune eller HF melder den inn).',
    rute: '',
    fra: [],
    overganger: [{ til: 'registrert' }],
    aktoer: aktoer(LEDELSE, [{ relasjon: 'innmelder' }, { organtype: 'sekretariat' }]),
    forutsetninger: [],
    vakter: [organFinnes((d) => [d.innmeldtAv]), organAktivt((d) => [d.innmeldtAv]), partFinnes((d) => (d.innmeldtFra ? [d.innmeldtFra] : [])), partAktiv((d) => (d.innmeldtFra ? [d.innmeldtFra] : []))],
    felter: {
      sakId: { art: 'id', kilde: 'ny', beskrivelse: 'Sakens id (gis av tjenesten).' },
      tittel: { art: 'tekst', maks: 300, hva: 'Tittelen', eksempel: 'Handlingsplan for helsefellesskapet' },
      beskrivelse: { art: 'tekst', maks: LANG_TEKST, hva: 'Beskrivelsen', valgfri: true },
      innmeldtAv: { art: 'organ', hva: 'Organet som melder inn saken', eksempel: 'psu-hnt' },
      sakstype: { art: 'ettAv', verdier: SAKSTYPER, standard: 'beslutningssak', hva: 'Sakstypen', beskrivelse: 'En beslutningssak trenger en innstilling før den settes på sakslisten.' },
      saksnummer: { art: 'tekst', maks: 50, hva: 'Saksnummeret', valgfri: true, eksempel: '3/17' },
      innmeldtFra: { art: 'id', velges: 'part', valgfri: true, hva: 'Den eksterne parten saken kommer fra', beskrivelse: 'En registrert ekstern part saken kommer fra, f.eks. departementet med en nasjonal høring; saken registreres likevel av organet som melder den inn.', eksempel: 'helse-og-omsorgsdepartementet' },
    },
    parter: (d) => (d.innmeldtFra ? [d.innmeldtFra] : []),
    lag: ({ data, context, gjelderFra }) => {
      const fra = data.innmeldtFra !== undefined ? context.parter?.(data.innmeldtFra) : undefined;
      return { tittel: data.tittel, beskrivelse: data.beskrivelse ?? '', innmeldtAv: data.innmeldtAv, sakstype: data.sakstype, saksnummer: data.saksnummer, innmeldtFra: data.innmeldtFra, innmeldtFraNavn: fra ? partnavnPaaDato(fra, gjelderFra) : undefined };
    },
  },

  TildelNivaa: {
    steg: 'TildelNivaa',
    hendelse: HENDELSE_FOR_STEG.TildelNivaa,
    tittel: 'Tildel nivå',
    hendelsesnavn: 'Tildelt nivå',
    beskrivelse: 'Arbeidsutvalget fordeler saken «slik at den blir tildelt riktig nivå» (et organ).',
    rute: ':sakId/nivaa',
    fra: ['registrert', 'tildelt'],
    overganger: [{ til: 'tildelt' }],
    aktoer: aktoer(['leder', 'nestleder', 'medlem', 'sekretaer'], [{ organtype: 'arbeidsutvalg' }, { organtype: 'sekretariat' }]),
    forutsetninger: [],
    vakter: [
      organFinnes((d) => [d.organId]),
      organAktivt((d) => [d.organId]),
      {
        kode: 'allerede_tildelt',
        grunn: 'Saken er allerede tildelt dette organet.',
        art: 'refused',
        brudd: (i) => (i.sak.ansvarligOrganId === i.data.organId ? `Saken er allerede tildelt ${navn(i, i.data.organId)}.` : false),
      },
    ],
    felter: { organId: { art: 'organ', hva: 'Organet saken tildeles', eksempel: 'asu-hnt' }, begrunnelse: { art: 'tekst', maks: LANG_TEKST, hva: 'Begrunnelsen', valgfri: true } },
    lag: ({ data, organ }) => ({ organId: data.organId, nivaa: organ(data.organId)?.nivaa ?? 'ukjent', begrunnelse: data.begrunnelse }),
  },

  BestillUtredning: {
    steg: 'BestillUtredning',
    hendelse: HENDELSE_FOR_STEG.BestillUtredning,
    tittel: 'Bestill utredning',
    hendelsesnavn: 'Utredning bestilt',
    beskrivelse: 'PSU (politisk nivå) bestiller en utredning fra ASU (administrativt nivå), med mandat og frist.',
    rute: ':sakId/bestillinger',
    fra: ['registrert', 'tildelt'],
    overganger: [{ til: 'bestilt' }],
    aktoer: aktoer(LEDELSE, [{ nivaa: 'politisk' }]),
    forutsetninger: [],
    vakter: [
      organFinnes((d) => [d.tilOrganId]),
      organAktivt((d) => [d.tilOrganId]),
      {
        kode: 'mottaker_ikke_administrativt',
        grunn: 'En utredning bestilles fra et organ på administrativt nivå (ASU).',
        art: 'refused',
        brudd: (i) => {
          const o = i.organ(i.data.tilOrganId);
          return o && o.nivaa !== 'administrativt'
            ? `En utredning bestilles fra et organ på administrativt nivå (ASU); ${navn(i, o.organId)} er på ${o.nivaa} nivå.`
            : false;
        },
      },
      fristEtterGjelderFra('Fristen', (d) => d.frist),
    ],
    felter: {
      tilOrganId: { art: 'organ', hva: 'Organet utredningen bestilles fra', eksempel: 'asu-hnt' },
      mandat: { art: 'tekst', maks: LANG_TEKST, hva: 'Mandatet' },
      frist: { art: 'dato', hva: 'Fristen', planlagt: true, frist: true, eksempel: '2018-02-13' },
    },
    lag: ({ data, context }) => ({ bestiltAv: context.aktoer.organId, tilOrganId: data.tilOrganId, mandat: data.mandat, frist: data.frist }),
  },

  MottaBestilling: {
    steg: 'MottaBestilling',
    hendelse: HENDELSE_FOR_STEG.MottaBestilling,
    tittel: 'Motta bestilling',
    hendelsesnavn: 'Bestilling mottatt',
    beskrivelse: 'ASU tar imot bestillingen og kan gi saken sitt eget saksnummer (f.eks. «16/2017»).',
    rute: ':sakId/bestillinger/mottak',
    fra: ['bestilt'],
    overganger: [{ til: 'under_utredning' }],
    aktoer: aktoer(LEDELSE, [{ relasjon: 'bestillingsmottaker' }]),
    forutsetninger: [],
    vakter: [],
    felter: { saksnummer: { art: 'tekst', maks: 50, hva: 'Saksnummeret', valgfri: true, eksempel: '16/2017' } },
    lag: ({ sak, data }) => ({ organId: sak.bestillinger.at(-1)!.tilOrganId, saksnummer: data.saksnummer }),
  },

  DelegerOppdrag: {
    steg: 'DelegerOppdrag',
    hendelse: HENDELSE_FOR_STEG.DelegerOppdrag,
    tittel: 'Deleger oppdrag',
    hendelsesnavn: 'Oppdrag delegert',
    beskrivelse:
      'ASU delegerer et oppdrag (mandat, frist) til et fagråd, fagnettverk, en arbeidsgruppe eller arbeidsutvalget (et koordinerende oppdrag); flere kan gå parallelt. Etter et vedtak kan organet som fattet det, delegere gjennomføringen, med de ansvarlige personene.',
    rute: ':sakId/oppdrag',
    fra: ['tildelt', 'under_utredning', 'vedtak_fattet', 'til_oppfoelging', 'oppfoelging_fullfoert'],
    overganger: [
      { til: 'uendret', vilkaar: 'etter et vedtak (gjennomføringen)', naar: (_g, d) => d['etterVedtak'] === true },
      { til: 'under_utredning', vilkaar: 'under utredningen' },
    ],
    aktoer: aktoer(LEDELSE, [{ relasjon: 'ansvarlig', nivaa: 'administrativt' }, { relasjon: 'vedtaksorgan' }]),
    forutsetninger: [],
    vakter: [
      {
        kode: 'oppdrag_finnes_allerede',
        grunn: 'Hvert oppdrag har sin egen id.',
        art: 'conflict',
        brudd: (i) => (finnOppdrag(i.sak, i.data.oppdragId) ? `Saken har allerede et oppdrag ${i.data.oppdragId}.` : false),
      },
      organFinnes((d) => [d.tilOrganId]),
      organAktivt((d) => [d.tilOrganId]),
      {
        kode: 'delegering_ikke_nedover',
        grunn:
          'Et oppdrag kan bare delegeres nedover: mottakeren må være på et lavere nivå enn organet som delegerer; arbeidsutvalget, som koordinerer arbeidet, kan få et koordinerende oppdrag fra et organ på sitt eget nivå.',
        art: 'refused',
        brudd: (i) => {
          const fra = i.organ(i.context.aktoer.organId);
          const til = i.organ(i.data.tilOrganId);
          if (!fra || !til) return false;
          if (nivaaRang(til.nivaa) < nivaaRang(fra.nivaa)) return false;
          if (til.organtype === 'arbeidsutvalg' && til.organId !== fra.organId && nivaaRang(til.nivaa) === nivaaRang(fra.nivaa)) return false;
          return `Et oppdrag kan bare delegeres nedover: ${navn(i, til.organId)} er på ${til.nivaa} nivå, ikke under ${navn(i, fra.organId)} (${fra.nivaa}).`;
        },
      },
      {
        kode: 'ikke_vedtaksorgan',
        grunn: 'Etter et vedtak delegeres gjennomføringen av organet som fattet vedtaket.',
        art: 'refused',
        brudd: (i) => {
          if (!ETTER_VEDTAK.includes(i.sak.fase)) return false;
          const vedtaksorganer = sisteVedtakspunkt(i.sak)?.vedtak?.organIder ?? [];
          return vedtaksorganer.includes(i.context.aktoer.organId)
            ? false
            : `Saken er avgjort; gjennomføringen delegeres av organet som fattet vedtaket (${vedtaksorganer.map((id) => navn(i, id)).join(', ')}).`;
        },
      },
      fristEtterGjelderFra('Fristen', (d) => d.frist),
    ],
    felter: {
      oppdragId: { art: 'id', kilde: 'ny', beskrivelse: 'Oppdragets id (gis av tjenesten).' },
      tilOrganId: { art: 'organ', hva: 'Organet som får oppdraget', eksempel: 'fagraad-2' },
      mandat: { art: 'tekst', maks: LANG_TEKST, hva: 'Mandatet' },
      frist: { art: 'dato', hva: 'Fristen', planlagt: true, frist: true, eksempel: '2017-10-01' },
      ansvarlige: {
        art: 'tekstliste',
        maks: 20,
        elementMaks: 300,
        valgfri: true,
        hva: 'De ansvarlige',
        beskrivelse: 'Personene som har ansvaret, slik vedtaket navngir dem (f.eks. «samhandlingssjef HNT», «daglig leder KS»).',
        eksempel: ['Samhandlingssjef HNT', 'Daglig leder KS'],
      },
    },
    lag: ({ data, context, sak }) => ({
      oppdragId: data.oppdragId,
      fraOrganId: context.aktoer.organId,
      tilOrganId: data.tilOrganId,
      mandat: data.mandat,
      frist: data.frist,
      ansvarlige: data.ansvarlige,
      etterVedtak: ETTER_VEDTAK.includes(sak.fase) ? true : undefined,
    }),
  },

  AksepterOppdrag: {
    steg: 'AksepterOppdrag',
    hendelse: HENDELSE_FOR_STEG.AksepterOppdrag,
    tittel: 'Aksepter oppdrag',
    hendelsesnavn: 'Oppdrag akseptert',
    beskrivelse: 'Organet som har fått oppdraget, aksepterer det.',
    rute: ':sakId/oppdrag/:oppdragId/aksept',
    fra: OPPDRAG_FASER,
    overganger: [{ til: 'uendret' }],
    aktoer: aktoer(LEDELSE, [{ relasjon: 'oppdragsmottaker' }]),
    forutsetninger: [noenOppdrag('ingen_oppdrag_aa_akseptere', 'Det finnes ikke noe delegert oppdrag som venter på aksept.', (o) => o.status === 'delegert')],
    vakter: [oppdragFinnes(), oppdragStatus('oppdrag_ikke_delegert', 'Bare et nylig delegert oppdrag kan aksepteres.', ['delegert'])],
    felter: { oppdragId: OPPDRAG_I_STI },
    lag: ({ data, sak }) => ({ oppdragId: data.oppdragId, organId: finnOppdrag(sak, data.oppdragId)!.tilOrganId }),
  },

  BeOmUtsattFrist: {
    steg: 'BeOmUtsattFrist',
    hendelse: HENDELSE_FOR_STEG.BeOmUtsattFrist,
    tittel: 'Be om utsatt frist',
    hendelsesnavn: 'Bedt om utsatt frist',
    beskrivelse: 'Mottakeren av et oppdrag ber om en senere frist.',
    rute: ':sakId/oppdrag/:oppdragId/utsettelse',
    fra: OPPDRAG_FASER,
    overganger: [{ til: 'uendret' }],
    aktoer: aktoer(LEDELSE, [{ relasjon: 'oppdragsmottaker' }]),
    forutsetninger: [
      noenOppdrag('ingen_oppdrag_under_arbeid', 'Det finnes ikke noe oppdrag under arbeid som kan få utsatt frist.', (o) => ['delegert', 'akseptert', 'returnert'].includes(o.status) && !o.utsettelse),
    ],
    vakter: [
      oppdragFinnes(),
      oppdragStatus('oppdrag_ikke_under_arbeid', 'Bare et oppdrag under arbeid kan få utsatt frist.', ['delegert', 'akseptert', 'returnert']),
      {
        kode: 'utsettelse_allerede_bedt',
        grunn: 'Det kan bare være én ubesvart anmodning om utsatt frist om gangen.',
        art: 'refused',
        brudd: (i) => {
          const o = finnOppdrag(i.sak, i.data.oppdragId);
          return o?.utsettelse ? `Det er allerede bedt om utsatt frist til ${o.utsettelse.nyFrist}; den må innvilges eller avslås først.` : false;
        },
      },
      {
        kode: 'ny_frist_ikke_senere',
        grunn: 'Den nye fristen må være senere enn den gjeldende.',
        art: 'refused',
        brudd: (i) => {
          const o = finnOppdrag(i.sak, i.data.oppdragId);
          return o && i.data.nyFrist <= o.frist ? `Den nye fristen (${i.data.nyFrist}) må være senere enn den gjeldende (${o.frist}).` : false;
        },
      },
    ],
    felter: {
      oppdragId: OPPDRAG_I_STI,
      nyFrist: { art: 'dato', hva: 'Den nye fristen', planlagt: true, eksempel: '2017-12-01' },
      begrunnelse: { art: 'tekst', maks: LANG_TEKST, hva: 'Begrunnelsen' },
    },
    lag: ({ data, sak }) => ({ oppdragId: data.oppdragId, organId: finnOppdrag(sak, data.oppdragId)!.tilOrganId, nyFrist: data.nyFrist, begrunnelse: data.begrunnelse }),
  },

  InnvilgUtsattFrist: {
    steg: 'InnvilgUtsattFrist',
    hendelse: HENDELSE_FOR_STEG.InnvilgUtsattFrist,
    tittel: 'Innvilg utsatt frist',
    hendelsesnavn: 'Utsatt frist innvilget',
    beskrivelse: 'Organet som delegerte oppdraget, innvilger den utsatte fristen.',
    rute: ':sakId/oppdrag/:oppdragId/utsettelse/innvilgelse',
    fra: OPPDRAG_FASER,
    overganger: [{ til: 'uendret' }],
    aktoer: aktoer(LEDELSE, [{ relasjon: 'oppdragsgiver' }]),
    forutsetninger: [noenOppdrag('ingen_utsettelse_bedt', 'Ingen har bedt om utsatt frist.', (o) => o.utsettelse !== undefined)],
    vakter: [
      oppdragFinnes(),
      utsettelseBedt(),
    ],
    felter: { oppdragId: OPPDRAG_I_STI },
    lag: ({ data, sak }) => {
      const o = finnOppdrag(sak, data.oppdragId)!;
      return { oppdragId: data.oppdragId, nyFrist: o.utsettelse!.nyFrist, tidligereFrist: o.frist };
    },
  },

  AvslaaUtsattFrist: {
    steg: 'AvslaaUtsattFrist',
    hendelse: HENDELSE_FOR_STEG.AvslaaUtsattFrist,
    tittel: 'Avslå utsatt frist',
    hendelsesnavn: 'Utsatt frist avslått',
    beskrivelse: 'Organet som delegerte oppdraget, avslår den utsatte fristen; den gamle fristen gjelder.',
    rute: ':sakId/oppdrag/:oppdragId/utsettelse/avslag',
    fra: OPPDRAG_FASER,
    overganger: [{ til: 'uendret' }],
    aktoer: aktoer(LEDELSE, [{ relasjon: 'oppdragsgiver' }]),
    forutsetninger: [noenOppdrag('ingen_utsettelse_bedt', 'Ingen har bedt om utsatt frist.', (o) => o.utsettelse !== undefined)],
    vakter: [
      oppdragFinnes(),
      utsettelseBedt(),
    ],
    felter: { oppdragId: OPPDRAG_I_STI, begrunnelse: { art: 'tekst', maks: LANG_TEKST, hva: 'Begrunnelsen' } },
    lag: ({ data }) => ({ oppdragId: data.oppdragId, begrunnelse: data.begrunnelse }),
  },

  LeverOppdrag: {
    steg: 'LeverOppdrag',
    hendelse: HENDELSE_FOR_STEG.LeverOppdrag,
    tittel: 'Lever oppdrag',
    hendelsesnavn: 'Oppdrag levert',
    beskrivelse: 'Mottakeren leverer oppdraget tilbake til organet som delegerte det.',
    rute: ':sakId/oppdrag/:oppdragId/leveranser',
    fra: OPPDRAG_FASER,
    overganger: [{ til: 'uendret' }],
    aktoer: aktoer(LEDELSE, [{ relasjon: 'oppdragsmottaker' }]),
    forutsetninger: [noenOppdrag('ingen_oppdrag_aa_levere', 'Det finnes ikke noe akseptert oppdrag som kan leveres.', (o) => o.status === 'akseptert' || o.status === 'returnert')],
    vakter: [
      oppdragFinnes(),
      oppdragStatus('oppdrag_ikke_akseptert', 'Oppdraget må aksepteres før det kan leveres.', ['akseptert', 'returnert', 'levert', 'godtatt', 'trukket']),
      oppdragStatus('oppdrag_ikke_under_arbeid', 'Bare et oppdrag under arbeid kan leveres.', ['akseptert', 'returnert']),
    ],
    felter: { oppdragId: OPPDRAG_I_STI, leveranse: { art: 'tekst', maks: LANG_TEKST, hva: 'Leveransen' } },
    lag: ({ data, sak }) => ({ oppdragId: data.oppdragId, organId: finnOppdrag(sak, data.oppdragId)!.tilOrganId, leveranse: data.leveranse }),
  },

  GodtaLeveranse: {
    steg: 'GodtaLeveranse',
    hendelse: HENDELSE_FOR_STEG.GodtaLeveranse,
    tittel: 'Godta leveranse',
    hendelsesnavn: 'Leveranse godtatt',
    beskrivelse: 'ASU godtar leveransen; oppdraget er ferdig.',
    rute: ':sakId/oppdrag/:oppdragId/leveranser/godtakelse',
    fra: OPPDRAG_FASER,
    overganger: [{ til: 'uendret' }],
    aktoer: aktoer(LEDELSE, [{ relasjon: 'oppdragsgiver' }]),
    forutsetninger: [noenOppdrag('ingen_leveranse', 'Ingen leveranse venter på vurdering.', (o) => o.status === 'levert')],
    vakter: [oppdragFinnes(), oppdragStatus('oppdrag_ikke_levert', 'Oppdraget må være levert.', ['levert'])],
    felter: { oppdragId: OPPDRAG_I_STI, merknad: { art: 'tekst', maks: LANG_TEKST, hva: 'Merknaden', valgfri: true } },
    lag: ({ data }) => ({ oppdragId: data.oppdragId, merknad: data.merknad }),
  },

  ReturnerLeveranse: {
    steg: 'ReturnerLeveranse',
    hendelse: HENDELSE_FOR_STEG.ReturnerLeveranse,
    tittel: 'Returner leveranse',
    hendelsesnavn: 'Leveranse returnert',
    beskrivelse: 'ASU sender leveransen tilbake for mer arbeid (eventuelt med ny frist).',
    rute: ':sakId/oppdrag/:oppdragId/leveranser/retur',
    fra: OPPDRAG_FASER,
    overganger: [{ til: 'uendret' }],
    aktoer: aktoer(LEDELSE, [{ relasjon: 'oppdragsgiver' }]),
    forutsetninger: [noenOppdrag('ingen_leveranse', 'Ingen leveranse venter på vurdering.', (o) => o.status === 'levert')],
    vakter: [oppdragFinnes(), oppdragStatus('oppdrag_ikke_levert', 'Oppdraget må være levert.', ['levert']), fristEtterGjelderFra('Den nye fristen', (d) => d.nyFrist)],
    felter: {
      oppdragId: OPPDRAG_I_STI,
      begrunnelse: { art: 'tekst', maks: LANG_TEKST, hva: 'Begrunnelsen' },
      nyFrist: { art: 'dato', hva: 'Den nye fristen', planlagt: true, frist: true, valgfri: true },
    },
    lag: ({ data }) => ({ oppdragId: data.oppdragId, begrunnelse: data.begrunnelse, nyFrist: data.nyFrist }),
  },

  AvgiInnstilling: {
    steg: 'AvgiInnstilling',
    hendelse: HENDELSE_FOR_STEG.AvgiInnstilling,
    tittel: 'Avgi innstilling',
    hendelsesnavn: 'Innstilling avgitt',
    beskrivelse:
      'Organet saken er tildelt (ASU), gir sin innstilling: forslag til vedtak. I et politisk organ (PSU) forbereder organets egen sekretær forslaget til vedtak for organets saksliste.',
    rute: ':sakId/innstilling',
    fra: ['tildelt', 'under_utredning'],
    overganger: [{ til: 'innstilling_avgitt' }],
    aktoer: aktoer(LEDELSE, [
      { relasjon: 'ansvarlig', nivaa: 'administrativt' },
      { relasjon: 'ansvarlig', nivaa: 'faglig' },
      { relasjon: 'ansvarlig', nivaa: 'politisk' },
    ]),
    forutsetninger: [
      {
        kode: 'aapne_oppdrag',
        grunn: 'Alle oppdrag må være levert og godtatt før innstillingen avgis.',
        brudd: (sak) => {
          const aapne = aapneOppdrag(sak);
          return aapne.length > 0
            ? `Alle oppdrag må være levert og godtatt før innstillingen avgis; åpne: ${aapne.map((o) => `${o.oppdragId} (${o.tilOrganId}, ${o.status})`).join(', ')}.`
            : false;
        },
      },
    ],
    vakter: [
      {
        kode: 'innstilling_fra_sekretaer',
        grunn: 'I et politisk organ forberedes forslaget til vedtak av organets sekretær.',
        art: 'refused',
        brudd: (i) =>
          i.organ(i.context.aktoer.organId)?.nivaa === 'politisk' && i.context.aktoer.rolle !== 'sekretaer'
            ? `I ${navn(i, i.context.aktoer.organId)} forbereder organets sekretær forslaget til vedtak; lederen legger det fram i møtet.`
            : false,
      },
    ],
    felter: { forslagTilVedtak: { art: 'tekst', maks: LANG_TEKST, hva: 'Forslaget til vedtak' } },
    lag: ({ data, context }) => ({ organId: context.aktoer.organId, forslagTilVedtak: data.forslagTilVedtak }),
  },

  SettPaaSaksliste: {
    steg: 'SettPaaSaksliste',
    hendelse: HENDELSE_FOR_STEG.SettPaaSaksliste,
    tittel: 'Sett på saksliste',
    hendelsesnavn: 'Satt på saksliste',
    beskrivelse:
      'Sett saken på sakslisten til et møte, med møtesaksnummeret organet har tildelt for året (f.eks. 3/19); et felles møte (PSU og ASU) er ett punkt med flere organer.',
    rute: ':sakId/saksliste',
    fra: ['registrert', 'tildelt', 'innstilling_avgitt', 'utsatt'],
    overganger: [{ til: 'paa_saksliste' }],
    aktoer: aktoer(LEDELSE, [{ relasjon: 'sakslisteorgan' }, { organtype: 'sekretariat' }]),
    forutsetninger: [],
    vakter: [
      {
        kode: 'sakslistepunkt_finnes_allerede',
        grunn: 'Hvert sakslistepunkt har sin egen id.',
        art: 'conflict',
        brudd: (i) =>
          i.sak.sakslistepunkter.some((p) => p.sakslistepunktId === i.data.sakslistepunktId) ? `Saken har allerede sakslistepunktet ${i.data.sakslistepunktId}.` : false,
      },
      organFinnes((d) => d.organer.map((o) => o.organId)),
      organAktivt(
        (d) => d.organer.map((o) => o.organId),
        (i) => i.data.moetedato,
      ),
      {
        kode: 'moetesaksaar_stemmer_ikke',
        grunn: 'Møtesaksåret må være året for møtedatoen.',
        art: 'refused',
        brudd: (i) => {
          const feil = i.data.organer.filter((o) => o.moetesaksaar !== aarAv(i.data.moetedato));
          return feil.length > 0 ? `Møtesaksåret (${feil[0]!.moetesaksaar}) må være året for møtedatoen (${i.data.moetedato}).` : false;
        },
      },
      {
        kode: 'innstilling_mangler',
        grunn: 'En beslutningssak må ha en innstilling (forslag til vedtak) før den settes på sakslisten; orienterings- og drøftingssaker trenger det ikke.',
        art: 'refused',
        brudd: (i) =>
          i.sak.sakstype === 'beslutningssak' && i.sak.innstillinger.length === 0
            ? 'En beslutningssak må ha en innstilling (forslag til vedtak) før den settes på sakslisten. Avgi innstilling først, eller registrer saken som orienterings- eller drøftingssak.'
            : false,
      },
    ],
    felter: {
      sakslistepunktId: { art: 'id', kilde: 'ny', beskrivelse: 'Sakslistepunktets id (gis av tjenesten).' },
      moetedato: { art: 'dato', hva: 'Møtedatoen', planlagt: true, eksempel: '2019-02-15' },
      moetested: { art: 'tekst', maks: 300, hva: 'Møtestedet', valgfri: true, eksempel: 'Stjørdal' },
      organer: {
        art: 'moetesaksnumre',
        kilde: 'tildeles',
        inn: 'organIder',
        maks: 10,
        hva: 'Organene',
        beskrivelse: 'Organene som har saken på sakslisten (flere for et felles møte); hvert får sitt neste møtesaksnummer for året.',
        eksempel: ['psu-hnt'],
      },
      moeteId: { art: 'id', kilde: 'tildeles', valgfri: true, hva: 'Møtet', beskrivelse: 'Møtet punktet står på (gis av tjenesten når møtets vedtak føres på saken).' },
    },
    lag: ({ data }) => ({ sakslistepunktId: data.sakslistepunktId, moetedato: data.moetedato, moetested: data.moetested, organer: data.organer, moeteId: data.moeteId }),
  },

  FattVedtak: {
    steg: 'FattVedtak',
    hendelse: HENDELSE_FOR_STEG.FattVedtak,
    tittel: 'Fatt vedtak',
    hendelsesnavn: 'Vedtak fattet',
    beskrivelse:
      'Før vedtaket fra møtet (sekretæren fører det fra protokollen): vedtatt, tatt til orientering, drøftet, utsatt, sendt tilbake eller avvist. Gjelder fra møtedatoen. Et vedtak i et politisk organ kan selv bestille en utredning (PSU-sak 3/17: «ASU bes utarbeide …»): ett vedtak, som også er bestillingen.',
    rute: ':sakId/sakslistepunkter/:sakslistepunktId/vedtak',
    fra: ['paa_saksliste'],
    overganger: [
      { til: 'bestilt', vilkaar: 'vedtatt med bestilling av utredning', naar: (_s, d) => d['bestilling'] !== undefined },
      { til: 'vedtak_fattet', vilkaar: 'vedtatt / tatt til orientering / drøftet', naar: (_s, d) => (FERDIG_BEHANDLEDE as readonly unknown[]).includes(d['vedtaksutfall']) },
      { til: 'utsatt', vilkaar: 'utsatt', naar: (_s, d) => d['vedtaksutfall'] === 'utsatt' },
      { til: 'under_utredning', vilkaar: 'sendt tilbake', naar: (_s, d) => d['vedtaksutfall'] === 'sendt_tilbake' },
      { til: 'avvist', vilkaar: 'avvist', naar: (_s, d) => d['vedtaksutfall'] === 'avvist' },
    ],
    aktoer: aktoer(LEDELSE, [{ relasjon: 'sakslisteorgan' }, { organtype: 'sekretariat' }]),
    forutsetninger: [],
    vakter: [
      {
        kode: 'sakslistepunkt_ikke_funnet',
        grunn: 'Sakslistepunktet må finnes.',
        art: 'not_found',
        brudd: (i) =>
          i.sak.sakslistepunkter.some((p) => p.sakslistepunktId === i.data.sakslistepunktId) ? false : `Saken har ikke noe sakslistepunkt ${i.data.sakslistepunktId}.`,
      },
      {
        kode: 'vedtak_allerede_fattet',
        grunn: 'Det fattes ett vedtak per sakslistepunkt.',
        art: 'refused',
        brudd: (i) => {
          const p = i.sak.sakslistepunkter.find((x) => x.sakslistepunktId === i.data.sakslistepunktId);
          return p?.vedtak
            ? `Sakslistepunktet ${p.sakslistepunktId} (${p.moetedato}) har allerede et vedtak (${p.vedtak.vedtaksutfall}). Rett en feil med KorrigerOpplysning.`
            : p?.trukket
              ? `Sakslistepunktet ${p.sakslistepunktId} ble trukket.`
              : false;
        },
      },
      {
        kode: 'organ_ikke_paa_sakslistepunkt',
        grunn: 'Bare organene som har saken på sakslisten, kan fatte vedtaket.',
        art: 'refused',
        brudd: (i) => {
          const p = i.sak.sakslistepunkter.find((x) => x.sakslistepunktId === i.data.sakslistepunktId);
          const ids = p?.organer.map((o) => o.organId) ?? [];
          const feil = (i.data.organIder ?? []).filter((id) => !ids.includes(id));
          return feil.length > 0 ? `${feil.join(', ')} har ikke saken på sakslistepunktet ${i.data.sakslistepunktId}.` : false;
        },
      },
      {
        kode: 'vedtak_foeres_i_moetet',
        grunn: 'Et punkt på et registrert møtes saksliste får vedtaket sitt fra møtet (Før vedtak på møtet); saken får det derfra.',
        art: 'refused',
        brudd: (i) => {
          const p = i.sak.sakslistepunkter.find((x) => x.sakslistepunktId === i.data.sakslistepunktId);
          if (p?.moeteId === undefined || p.moeteId === i.data.moeteId) return false;
          return `Sakslistepunktet står på sakslisten til et registrert møte (${p.moetedato}); før vedtaket i møtet (POST /moeter/${p.moeteId}/saksliste/${p.sakslistepunktId}/vedtak), så får saken det derfra.`;
        },
      },
      organFinnes((d) => (d.bestillesFra ? [d.bestillesFra] : [])),
      organAktivt((d) => (d.bestillesFra ? [d.bestillesFra] : [])),
      {
        kode: 'bestilling_i_vedtak_ugyldig',
        grunn: 'Et vedtak som bestiller en utredning, er vedtatt i et politisk organ, bestiller fra et organ på administrativt nivå og har mandat og frist.',
        art: 'invalid',
        brudd: (i) => {
          const d = i.data;
          if (d.bestillesFra === undefined) return d.mandat !== undefined || d.frist !== undefined ? 'Mandat og frist hører til en bestilling: oppgi også organet utredningen bestilles fra (bestillesFra).' : false;
          if (d.vedtaksutfall !== 'vedtatt') return 'Bare et vedtatt vedtak kan bestille en utredning.';
          if (d.mandat === undefined || d.frist === undefined) return 'En bestilling i vedtaket trenger både mandat og frist.';
          const til = i.organ(d.bestillesFra);
          if (til && til.nivaa !== 'administrativt') return `En utredning bestilles fra et organ på administrativt nivå (ASU); ${navn(i, til.organId)} er på ${til.nivaa} nivå.`;
          const p = i.sak.sakslistepunkter.find((x) => x.sakslistepunktId === d.sakslistepunktId);
          const vedtaksorganer = d.organIder ?? p?.organer.map((o) => o.organId) ?? [];
          return vedtaksorganer.some((id) => i.organ(id)?.nivaa === 'politisk') ? false : 'Bare et politisk organ (PSU) bestiller en utredning i vedtaket.';
        },
      },
      {
        kode: 'vedtak_foer_moetet',
        grunn: 'Et vedtak kan ikke gjelde fra før møtedatoen.',
        art: 'refused',
        brudd: (i) => {
          const p = i.sak.sakslistepunkter.find((x) => x.sakslistepunktId === i.data.sakslistepunktId);
          return p && sammenlignDato(i.gjelderFra, p.moetedato) < 0 ? `Vedtaket kan ikke gjelde fra ${i.gjelderFra.slice(0, 10)}, før møtet ${p.moetedato}.` : false;
        },
      },
    ],
    felter: {
      sakslistepunktId: { art: 'id', kilde: 'sti' },
      vedtaksutfall: { art: 'ettAv', verdier: VEDTAKSUTFALL, hva: 'Vedtaksutfallet' },
      vedtakstekst: { art: 'tekst', maks: LANG_TEKST, hva: 'Vedtaksteksten' },
      organIder: { art: 'organliste', maks: 10, valgfri: true, hva: 'Organene som fattet vedtaket', beskrivelse: 'Standard: alle organene på sakslistepunktet.' },
      moeteId: { art: 'id', kilde: 'tildeles', valgfri: true, hva: 'Møtet', beskrivelse: 'Møtet vedtaket ble fattet i (gis av tjenesten fra møtets vedtak).' },
      moetereferanse: { art: 'tekst', maks: 500, kilde: 'tildeles', valgfri: true, hva: 'Møtereferansen', beskrivelse: 'Grunnlaget slik det leses, f.eks. «PSU-møte 15.02.2019, sak 2/19».' },
      bestillesFra: { art: 'organ', valgfri: true, hva: 'Organet vedtaket bestiller en utredning fra', beskrivelse: 'Når vedtaket selv bestiller en utredning (med mandat og frist).', eksempel: 'asu-hnt' },
      mandat: { art: 'tekst', maks: LANG_TEKST, valgfri: true, hva: 'Mandatet for utredningen vedtaket bestiller' },
      frist: { art: 'dato', valgfri: true, planlagt: true, frist: true, hva: 'Fristen for utredningen vedtaket bestiller', eksempel: '2018-02-13' },
    },
    standardGjelderFra: (sak, data) => sak.sakslistepunkter.find((p) => p.sakslistepunktId === data.sakslistepunktId)?.moetedato,
    lag: ({ data, sak, organ, context }) => {
      const p = sak.sakslistepunkter.find((x) => x.sakslistepunktId === data.sakslistepunktId)!;
      return {
        sakslistepunktId: data.sakslistepunktId,
        organIder: data.organIder ?? p.organer.map((o) => o.organId),
        vedtaksutfall: data.vedtaksutfall,
        vedtakstekst: data.vedtakstekst,
        moetedato: p.moetedato,
        moeteId: data.moeteId,
        moetereferanse: data.moetereferanse,
        bestilling:
          data.bestillesFra !== undefined && data.mandat !== undefined && data.frist !== undefined
            ? { bestiltAv: (data.organIder ?? p.organer.map((o) => o.organId)).find((id) => organ(id)?.nivaa === 'politisk') ?? context.aktoer.organId, tilOrganId: data.bestillesFra, mandat: data.mandat, frist: data.frist }
            : undefined,
      };
    },
  },

  SendTilOppfoelging: {
    steg: 'SendTilOppfoelging',
    hendelse: HENDELSE_FOR_STEG.SendTilOppfoelging,
    tittel: 'Send til oppfølging',
    hendelsesnavn: 'Sendt til oppfølging',
    beskrivelse: 'Send vedtaket videre til et organ for oppfølging, med frist.',
    rute: ':sakId/oppfoelginger',
    fra: ['vedtak_fattet', 'til_oppfoelging', 'oppfoelging_fullfoert'],
    overganger: [{ til: 'til_oppfoelging' }],
    aktoer: aktoer(LEDELSE, [{ relasjon: 'vedtaksorgan' }]),
    forutsetninger: [],
    vakter: [
      {
        kode: 'oppfoelging_finnes_allerede',
        grunn: 'Hver oppfølging har sin egen id.',
        art: 'conflict',
        brudd: (i) => (finnOppfoelging(i.sak, i.data.oppfoelgingId) ? `Saken har allerede en oppfølging ${i.data.oppfoelgingId}.` : false),
      },
      organFinnes((d) => [d.tilOrganId]),
      organAktivt((d) => [d.tilOrganId]),
      fristEtterGjelderFra('Fristen', (d) => d.frist),
    ],
    felter: {
      oppfoelgingId: { art: 'id', kilde: 'ny', beskrivelse: 'Oppfølgingens id (gis av tjenesten).' },
      tilOrganId: { art: 'organ', hva: 'Organet som skal følge opp', eksempel: 'fagraad-kvalitet' },
      beskrivelse: { art: 'tekst', maks: LANG_TEKST, hva: 'Beskrivelsen' },
      frist: { art: 'dato', hva: 'Fristen', planlagt: true, frist: true, eksempel: '2018-06-30' },
    },
    lag: ({ data, sak }) => ({
      oppfoelgingId: data.oppfoelgingId,
      fraOrganIder: [...(sisteVedtakspunkt(sak)?.vedtak?.organIder ?? [])],
      tilOrganId: data.tilOrganId,
      beskrivelse: data.beskrivelse,
      frist: data.frist,
    }),
  },

  RapporterOppfoelging: {
    steg: 'RapporterOppfoelging',
    hendelse: HENDELSE_FOR_STEG.RapporterOppfoelging,
    tittel: 'Rapporter oppfølging',
    hendelsesnavn: 'Oppfølging rapportert',
    beskrivelse: 'Organet som følger opp, rapporterer status.',
    rute: ':sakId/oppfoelginger/:oppfoelgingId/rapporter',
    fra: ['til_oppfoelging'],
    overganger: [{ til: 'uendret' }],
    aktoer: aktoer(['leder', 'nestleder', 'medlem', 'sekretaer'], [{ relasjon: 'oppfoelgingsmottaker' }]),
    forutsetninger: [],
    vakter: oppfoelgingFinnesOgErAapen<'RapporterOppfoelging'>(),
    felter: { oppfoelgingId: { art: 'id', kilde: 'sti' }, rapport: { art: 'tekst', maks: LANG_TEKST, hva: 'Rapporten' } },
    lag: ({ data }) => ({ oppfoelgingId: data.oppfoelgingId, rapport: data.rapport }),
  },

  MeldOppfoelgingFullfoert: {
    steg: 'MeldOppfoelgingFullfoert',
    hendelse: HENDELSE_FOR_STEG.MeldOppfoelgingFullfoert,
    tittel: 'Meld oppfølging fullført',
    hendelsesnavn: 'Oppfølging fullført',
    beskrivelse: 'Organet som følger opp, melder oppfølgingen fullført.',
    rute: ':sakId/oppfoelginger/:oppfoelgingId/fullfoering',
    fra: ['til_oppfoelging'],
    overganger: [
      { til: 'uendret', vilkaar: 'andre oppfølginger er fortsatt åpne', naar: (g) => g.aapneOppfoelginger > 0 },
      { til: 'oppfoelging_fullfoert', vilkaar: 'den siste åpne oppfølgingen' },
    ],
    aktoer: aktoer(LEDELSE, [{ relasjon: 'oppfoelgingsmottaker' }]),
    forutsetninger: [],
    vakter: oppfoelgingFinnesOgErAapen<'MeldOppfoelgingFullfoert'>(),
    felter: { oppfoelgingId: { art: 'id', kilde: 'sti' }, merknad: { art: 'tekst', maks: LANG_TEKST, hva: 'Merknaden', valgfri: true } },
    lag: ({ data }) => ({ oppfoelgingId: data.oppfoelgingId, merknad: data.merknad }),
  },

  AvsluttSak: {
    steg: 'AvsluttSak',
    hendelse: HENDELSE_FOR_STEG.AvsluttSak,
    tittel: 'Avslutt sak',
    hendelsesnavn: 'Sak avsluttet',
    beskrivelse: 'Avslutt saken (med avskrivningsmåte, f.eks. «Tatt til orientering»).',
    rute: ':sakId/avslutning',
    fra: ['vedtak_fattet', 'oppfoelging_fullfoert', 'avvist'],
    overganger: [{ til: 'avsluttet' }],
    aktoer: aktoer(LEDELSE, [{ relasjon: 'involvert' }, { organtype: 'sekretariat' }]),
    forutsetninger: [
      {
        kode: 'aapne_oppdrag',
        grunn: 'Oppdrag som gjennomfører vedtaket, må være levert og godtatt (eller saken trukket) før saken avsluttes.',
        brudd: (sak) => {
          const aapne = aapneOppdrag(sak);
          return aapne.length > 0 ? `Oppdrag som gjennomfører vedtaket, er fortsatt åpne: ${aapne.map((o) => `${o.oppdragId} (${o.tilOrganId}, ${o.status})`).join(', ')}.` : false;
        },
      },
    ],
    vakter: [],
    felter: {
      avskrivningsmaate: { art: 'tekst', maks: 300, hva: 'Avskrivningsmåten', valgfri: true, eksempel: 'Tatt til orientering' },
      begrunnelse: { art: 'tekst', maks: LANG_TEKST, hva: 'Begrunnelsen', valgfri: true },
    },
    lag: ({ data }) => ({ avskrivningsmaate: data.avskrivningsmaate, begrunnelse: data.begrunnelse }),
  },

  TrekkSak: {
    steg: 'TrekkSak',
    hendelse: HENDELSE_FOR_STEG.TrekkSak,
    tittel: 'Trekk sak',
    hendelsesnavn: 'Sak trukket',
    beskrivelse: 'Trekk saken før den er avgjort; åpne oppdrag og sakslistepunkter trekkes med den.',
    rute: ':sakId/trekking',
    fra: ['registrert', 'tildelt', 'bestilt', 'under_utredning', 'innstilling_avgitt', 'paa_saksliste', 'utsatt'],
    overganger: [{ til: 'trukket' }],
    aktoer: aktoer(LEDELSE, [{ relasjon: 'innmelder' }, { organtype: 'arbeidsutvalg' }, { organtype: 'sekretariat' }]),
    forutsetninger: [],
    vakter: [],
    felter: { begrunnelse: { art: 'tekst', maks: LANG_TEKST, hva: 'Begrunnelsen' } },
    lag: ({ data }) => ({ begrunnelse: data.begrunnelse }),
  },

  GjenaapneSak: {
    steg: 'GjenaapneSak',
    hendelse: HENDELSE_FOR_STEG.GjenaapneSak,
    tittel: 'Gjenåpne sak',
    hendelsesnavn: 'Sak gjenåpnet',
    beskrivelse: 'Gjenåpne en avsluttet eller trukket sak, med begrunnelse; den fordeles på nytt.',
    rute: ':sakId/gjenaapning',
    fra: ['avsluttet', 'trukket'],
    overganger: [{ til: 'registrert' }],
    aktoer: aktoer(LEDELSE, [{ relasjon: 'involvert' }, { organtype: 'arbeidsutvalg' }, { organtype: 'sekretariat' }]),
    forutsetninger: [],
    vakter: [],
    felter: { begrunnelse: { art: 'tekst', maks: LANG_TEKST, hva: 'Begrunnelsen' } },
    lag: ({ data, sak }) => ({ begrunnelse: data.begrunnelse, tidligereFase: sak.fase }),
  },

  KorrigerOpplysning: {
    steg: 'KorrigerOpplysning',
    hendelse: HENDELSE_FOR_STEG.KorrigerOpplysning,
    tittel: 'Korriger opplysning',
    hendelsesnavn: 'Opplysning korrigert',
    beskrivelse: 'Rett en opplysning i en tidligere hendelse. Rettelsen legges til som en ny hendelse; historikken skrives aldri om.',
    rute: ':sakId/korrigeringer',
    fra: AAPNE_FASER,
    overganger: [{ til: 'uendret' }],
    aktoer: aktoer(LEDELSE, [{ relasjon: 'involvert' }, { organtype: 'sekretariat' }]),
    forutsetninger: [],
    vakter: [
      {
        kode: 'hendelse_ikke_funnet',
        grunn: 'Hendelsen som rettes, må finnes i saken med den oppgitte typen.',
        art: 'not_found',
        brudd: (i) => {
          const h = i.sak.hendelser[i.data.hendelsesnummer];
          return h && h.type === i.data.hendelsestype
            ? false
            : `Saken har ingen hendelse nr. ${i.data.hendelsesnummer} av typen ${i.data.hendelsestype}${h ? ` (nr. ${i.data.hendelsesnummer} er ${h.type})` : ''}.`;
        },
      },
      {
        kode: 'felt_ikke_korrigerbart',
        grunn: `Id-er, organer, sakstype, vedtaksutfall og hvem som utførte steget kan ikke rettes (${IKKE_KORRIGERBARE_FELT.join(', ')}); et annet utfall krever et nytt steg.`,
        art: 'refused',
        brudd: (i) => {
          const h = i.sak.hendelser[i.data.hendelsesnummer]!;
          const felt = i.data.felt;
          if (IKKE_KORRIGERBARE_FELT.includes(felt) || felt.endsWith('Id')) return `Feltet ${felt} kan ikke rettes.`;
          if (!(felt in h.data)) return `Hendelsen ${h.type} har ikke noe felt ${felt}.`;
          return erKorrigerbar(h.data[felt]) ? false : `Feltet ${felt} er ikke en enkeltverdi og kan ikke rettes.`;
        },
      },
      {
        kode: 'ugyldig_dato',
        grunn: 'En dato (en frist, en møtedato) kan bare rettes til en gyldig dato på formen ÅÅÅÅ-MM-DD.',
        art: 'invalid',
        brudd: (i) => {
          const naa = gjeldendeVerdi(i.sak, i.data.hendelsesnummer, i.data.felt);
          return erIsoDato(naa) && !erIsoDato(i.data.nyVerdi)
            ? `${i.data.felt} er en dato; ${JSON.stringify(i.data.nyVerdi)} er ikke en dato på formen ÅÅÅÅ-MM-DD.`
            : false;
        },
      },
      {
        kode: 'gammel_verdi_stemmer_ikke',
        grunn: 'Den gamle verdien må være den som gjelder nå (etter tidligere rettelser).',
        art: 'refused',
        brudd: (i) => {
          const naa = gjeldendeVerdi(i.sak, i.data.hendelsesnummer, i.data.felt);
          return JSON.stringify(naa) === JSON.stringify(i.data.gammelVerdi)
            ? false
            : `Gammel verdi ${JSON.stringify(i.data.gammelVerdi)} stemmer ikke; ${i.data.felt} er nå ${JSON.stringify(naa)}.`;
        },
      },
    ],
    felter: {
      hendelsesnummer: { art: 'heltall', min: 0, maks: Number.MAX_SAFE_INTEGER, hva: 'Hendelsesnummeret' },
      hendelsestype: { art: 'tekst', maks: 100, hva: 'Hendelsestypen' },
      felt: { art: 'tekst', maks: 100, hva: 'Feltet' },
      gammelVerdi: { art: 'verdi', hva: 'Den gamle verdien' },
      nyVerdi: { art: 'verdi', hva: 'Den nye verdien' },
      begrunnelse: { art: 'tekst', maks: LANG_TEKST, hva: 'Begrunnelsen' },
    },
    sjekk: (d) => {
      if (JSON.stringify(d.gammelVerdi) === JSON.stringify(d.nyVerdi)) {
        throw new InvalidCommandError('ingen_endring', 'Ny verdi er lik den gamle; det er ingenting å rette.', { field: 'nyVerdi' });
      }
    },
    lag: ({ data }) => ({ ...data }),
  },

  ...HOERING_STEG,

  MarkerSkjerming: {
    steg: 'MarkerSkjerming',
    hendelse: HENDELSE_FOR_STEG.MarkerSkjerming,
    tittel: 'Skjerm opplysninger',
    hendelsesnavn: 'Skjerming markert',
    beskrivelse: 'Sekretariatet unntar felt i en hendelse i saken fra offentlighet, med skjermingshjemmel (og offentlig tittel når tittelen skjermes).',
    rute: ':sakId/skjerminger',
    fra: SAKSFASER,
    overganger: [{ til: 'uendret' }],
    aktoer: SEKRETARIATET,
    forutsetninger: [],
    vakter: [
      {
        kode: 'skjerming_finnes_allerede',
        grunn: 'Hver skjerming har sin egen id.',
        art: 'conflict',
        brudd: (i) => ((i.sak.skjerminger ?? []).some((s) => s.skjermingId === i.data.skjermingId) ? `Saken har allerede skjermingen ${i.data.skjermingId}.` : false),
      },
      {
        kode: 'hendelse_ikke_funnet',
        grunn: 'Hendelsen som skjermes, må finnes i saken.',
        art: 'not_found',
        brudd: (i) => (i.sak.hendelser[i.data.hendelsesnummer] ? false : `Saken har ingen hendelse nr. ${i.data.hendelsesnummer}.`),
      },
      {
        kode: 'felt_finnes_ikke',
        grunn: 'Feltene som skjermes, må finnes i hendelsen.',
        art: 'invalid',
        brudd: (i) => {
          const h = i.sak.hendelser[i.data.hendelsesnummer]!;
          const ukjente = i.data.felt.filter((f) => !(f in h.data));
          return ukjente.length > 0 ? `Hendelsen ${h.type} (nr. ${i.data.hendelsesnummer}) har ikke feltet ${ukjente.join(', ')}.` : false;
        },
      },
      {
        kode: 'felt_kan_ikke_skjermes',
        grunn: 'Felt som identifiserer saken eller steget (id-er, organer, hvem og når), kan ikke skjermes.',
        art: 'refused',
        brudd: (i) => {
          const aldri = i.data.felt.filter((f) => !kanSkjermes(f));
          return aldri.length > 0 ? `Feltet ${aldri.join(', ')} identifiserer saken eller steget og kan ikke skjermes.` : false;
        },
      },
    ],
    felter: {
      skjermingId: { art: 'id', kilde: 'ny', beskrivelse: 'Skjermingens id (gis av tjenesten).' },
      hendelsesnummer: { art: 'heltall', min: 0, maks: Number.MAX_SAFE_INTEGER, standard: 0, hva: 'Hendelsesnummeret', beskrivelse: 'Hendelsen (nummer i saken, fra 0) med feltene som skjermes; standard 0, registreringen.' },
      felt: { art: 'tekstliste', maks: 50, elementMaks: 100, hva: 'Feltene', eksempel: ['tittel', 'beskrivelse'] },
      skjermingshjemmel: { art: 'tekst', maks: 500, hva: 'Skjermingshjemmelen', eksempel: 'offl. § 13 jf. fvl. § 13 første ledd nr. 1' },
      tilgangsrestriksjon: { art: 'tekst', maks: 20, hva: 'Tilgangsrestriksjonen', valgfri: true, eksempel: '13' },
      offentligTittel: { art: 'tekst', maks: 300, hva: 'Den offentlige tittelen', valgfri: true, beskrivelse: 'Påkrevd når tittelen skjermes.' },
    },
    sjekk: (d) => {
      if (d.felt.includes('tittel') && d.offentligTittel === undefined) {
        throw new InvalidCommandError('offentlig_tittel_mangler', 'Når tittelen skjermes, må saken få en offentlig tittel (offentligTittel).', { field: 'offentligTittel' });
      }
    },
    lag: ({ data }) => ({
      skjermingId: data.skjermingId,
      skjerming: {
        felt: [...new Set(data.felt)],
        skjermingshjemmel: data.skjermingshjemmel,
        ...(data.tilgangsrestriksjon !== undefined ? { tilgangsrestriksjon: data.tilgangsrestriksjon } : {}),
        hendelsesnummer: data.hendelsesnummer,
      },
      offentligTittel: data.offentligTittel,
    }),
  },

  OpphevSkjerming: {
    steg: 'OpphevSkjerming',
    hendelse: HENDELSE_FOR_STEG.OpphevSkjerming,
    tittel: 'Opphev skjerming',
    hendelsesnavn: 'Skjerming opphevet',
    beskrivelse: 'Sekretariatet opphever en skjerming, med begrunnelse.',
    rute: ':sakId/skjerminger/:skjermingId/oppheving',
    fra: SAKSFASER,
    overganger: [{ til: 'uendret' }],
    aktoer: SEKRETARIATET,
    forutsetninger: [
      { kode: 'ingen_skjerming', grunn: 'Saken har ingen gjeldende skjerming å oppheve.', brudd: (sak) => ((sak.skjerminger ?? []).length > 0 ? false : 'Saken har ingen gjeldende skjerming å oppheve.') },
    ],
    vakter: [
      {
        kode: 'skjerming_ikke_funnet',
        grunn: 'Skjermingen må gjelde i saken.',
        art: 'not_found',
        brudd: (i) => ((i.sak.skjerminger ?? []).some((s) => s.skjermingId === i.data.skjermingId) ? false : `Saken har ingen gjeldende skjerming ${i.data.skjermingId}.`),
      },
    ],
    felter: { skjermingId: { art: 'id', kilde: 'sti' }, begrunnelse: { art: 'tekst', maks: LANG_TEKST, hva: 'Begrunnelsen' } },
    lag: ({ data }) => ({ skjermingId: data.skjermingId, begrunnelse: data.begrunnelse }),
  },
};

/** The steps in declaration order. */
export const SAK_STEG: readonly SakStegType[] = Object.keys(SAK_ARBEIDSFLYT) as SakStegType[];

/** The declaration of one step (typed by the step's name). */
export function stegDefinisjon<K extends SakStegType>(steg: K): StegDefinisjon<K> {
  return SAK_ARBEIDSFLYT[steg] as StegDefinisjon<K>;
}
const TITTEL_FOR_HENDELSE: ReadonlyMap<string, string> = new Map(SAK_STEG.map((s) => [SAK_ARBEIDSFLYT[s].hendelse, SAK_ARBEIDSFLYT[s].tittel]));

const NAVN_FOR_HENDELSE: ReadonlyMap<string, string> = new Map(SAK_STEG.map((s) => [SAK_ARBEIDSFLYT[s].hendelse, SAK_ARBEIDSFLYT[s].hendelsesnavn]));

/** A fact as a person reads it in a report («Utredning bestilt» for UtredningBestilt); undefined for a type that is no step. */
export function hendelsesnavnFor(hendelsestype: string): string | undefined {
  return NAVN_FOR_HENDELSE.get(hendelsestype);
}

/** The step a fact records, as a person names it («Bestill utredning» for UtredningBestilt); undefined for a type that is no step. */
export function stegtittelForHendelse(hendelsestype: string): string | undefined {
  return TITTEL_FOR_HENDELSE.get(hendelsestype);
}
