/**
 * THE meeting workflow, declared once as data, like the sak workflow (sak/arbeidsflyt.ts): for each
 * step its Norwegian name, its address, its fields, the statuses it may be taken in and where it
 * leads, who may take it and the guards with a plain reason. `moeteDecider` enforces it,
 * `tillatteMoetesteg` reads it, and the HTTP layer can make one operation per step from it.
 */
import { sammenlignDato } from '../shared/dato.js';
import { InvalidCommandError } from '../shared/errors.js';
import { LANG_TEKST } from '../shared/felter.js';
import { erAktivPaaDato, medlemmerPaaDato, type Rolle } from '../organisasjon/organ.js';
import { aarAv } from '../shared/dato.js';
import { aktivePunkter, finnPunkt, harStemmerett, kravTilVedtaksfoerhet, numreBrudd, plassPaaSakslisten, ROLLEPRIORITET, vedtaksfoerhet } from './regler.js';
import { GODKJENNINGSMAATER, MOETEHENDELSE_FOR_STEG, MOETESAKSTYPER, MOETEVEDTAKSUTFALL, type MoeteKommandoer, type MoeteStegType, type PunktData, STEMMEMAATER } from './typer.js';
import type { MoeteAktoerRegel, MoeteArbeidsflyt, MoeteStegDefinisjon, MoeteVakt, MoeteVaktInput } from './vokabular.js';

const LEDELSE: readonly Rolle[] = ['leder', 'nestleder', 'sekretaer'];

/** The sekretariat, or the leder, nestleder or sekretær of a body holding the meeting. */
export const MOETEANSVARLIGE: MoeteAktoerRegel = { roller: LEDELSE, organ: [{ organtype: 'sekretariat' }, { relasjon: 'moeteorgan' }], kreverMedlemskapPaaDato: true };
/** The protokoll is approved by the leader (or deputy) of a body holding the meeting, or recorded by the sekretariat. */
export const PROTOKOLLGODKJENNERE: MoeteAktoerRegel = { roller: ['leder', 'nestleder', 'sekretaer'], organ: [{ organtype: 'sekretariat' }, { relasjon: 'moeteorgan' }], kreverMedlemskapPaaDato: true };

const KLOKKESLETT = /^([01]\d|2[0-3])[:.][0-5]\d$/;

function navn(i: { organ: MoeteVaktInput<MoeteStegType>['organ'] }, organId: string): string {
  const o = i.organ(organId);
  return o ? `«${o.navn}»` : organId;
}

function sjekkKlokkeslett(felt: string, v: string | undefined): void {
  if (v !== undefined && !KLOKKESLETT.test(v)) throw new InvalidCommandError('ugyldig_klokkeslett', `${felt} må være et klokkeslett på formen TT:MM, f.eks. 09:00.`, { field: felt });
}

function sjekkPunkt(d: PunktData): void {
  if (d.moetesakstype === 'eventuelt' && d.sakId !== undefined) {
    throw new InvalidCommandError('eventuelt_med_sak', '«Eventuelt» er et fritt punkt og viser ikke til en sak; la sakId være ute.', { field: 'sakId' });
  }
  if (d.moetesakstype !== 'eventuelt' && d.sakId === undefined) {
    throw new InvalidCommandError('sak_mangler', 'Et sakslistepunkt viser til en sak (sakId); bare «Eventuelt» står uten sak.', { field: 'sakId' });
  }
}

const PUNKTFELTER = {
  punktId: { art: 'id', kilde: 'ny', beskrivelse: 'Sakslistepunktets id (gis av tjenesten).' },
  sakId: { art: 'id', valgfri: true, hva: 'Saken', beskrivelse: 'Saken punktet gjelder; ikke for «Eventuelt».' },
  tittel: { art: 'tekst', maks: 300, hva: 'Tittelen', eksempel: 'Årsmelding 2018' },
  moetesakstype: { art: 'ettAv', verdier: MOETESAKSTYPER, standard: 'politisk', hva: 'Møtesakstypen', beskrivelse: 'politisk (beslutningssak), orientering, droefting, referat eller eventuelt.' },
  forslagTilVedtak: { art: 'tekst', maks: LANG_TEKST, valgfri: true, hva: 'Forslaget til vedtak', beskrivelse: 'Utelatt: «Saken blir lagt fram uten forslag til vedtak».' },
  saksframlegg: { art: 'tekst', maks: LANG_TEKST, valgfri: true, hva: 'Saksframlegget' },
  leggesFramAv: { art: 'tekst', maks: 300, valgfri: true, hva: 'Hvem som legger fram saken', eksempel: 'Leder av ASU, Peter Ardon' },
  kjenteNumre: { art: 'moetesaksnumre', inn: 'kjenteNumre', maks: 10, valgfri: true, hva: 'De kjente møtesaksnumrene', beskrivelse: 'Når historikk føres: de virkelige numrene (f.eks. PSU 3/17, ASU 16/2017); sjekkes mot dobbeltbruk.' },
} as const;

function punktVakter<K extends 'LeggTilSakslistepunkt' | 'LeggTilTilleggssak'>(): MoeteVakt<K>[] {
  return [
    {
      kode: 'punkt_finnes_allerede',
      grunn: 'Hvert sakslistepunkt har sin egen id.',
      art: 'conflict',
      brudd: (i) => (finnPunkt(i.moete, i.data.punktId) ? `Møtet har allerede sakslistepunktet ${i.data.punktId}.` : false),
    },
    {
      kode: 'sak_allerede_paa_sakslisten',
      grunn: 'En sak står bare én gang på et møtes saksliste.',
      art: 'conflict',
      brudd: (i) => {
        const p = i.data.sakId !== undefined ? aktivePunkter(i.moete).find((x) => x.sakId === i.data.sakId) : undefined;
        return p ? `Saken ${i.data.sakId} står allerede på sakslisten som «${p.tittel}».` : false;
      },
    },
    {
      kode: 'kjent_nummer_feil_organ_eller_aar',
      grunn: 'Kjente numre gjelder organene som holder møtet, i møteåret.',
      art: 'refused',
      brudd: (i) => {
        const aar = aarAv(i.moete.moetedato);
        const feil = (i.data.kjenteNumre ?? []).find((k) => !i.moete.organIder.includes(k.organId) || k.moetesaksaar !== aar);
        if (!feil) return false;
        return !i.moete.organIder.includes(feil.organId)
          ? `${navn(i, feil.organId)} holder ikke dette møtet; bare ${i.moete.organIder.map((o) => navn(i, o)).join(' og ')} gir numre her.`
          : `Nummeret ${feil.moetesakssekvensnummer}/${feil.moetesaksaar} er ikke fra møteåret ${aar}.`;
      },
    },
  ];
}

function punktData(d: PunktData): PunktData {
  return {
    punktId: d.punktId,
    sakId: d.sakId,
    tittel: d.tittel,
    moetesakstype: d.moetesakstype,
    forslagTilVedtak: d.forslagTilVedtak,
    saksframlegg: d.saksframlegg,
    leggesFramAv: d.leggesFramAv,
    kjenteNumre: d.kjenteNumre,
  };
}

const punktFinnes = <K extends 'TrekkSakslistepunkt' | 'FlyttSakslistepunkt' | 'MeldInhabilitet' | 'FattMoetevedtak'>(): MoeteVakt<K> => ({
  kode: 'punkt_ikke_funnet',
  grunn: 'Sakslistepunktet må finnes på møtets saksliste.',
  art: 'not_found',
  brudd: (i) => (finnPunkt(i.moete, i.data.punktId) ? false : `Møtet har ikke noe sakslistepunkt ${i.data.punktId}.`),
});

const punktIkkeTrukket = <K extends 'TrekkSakslistepunkt' | 'FlyttSakslistepunkt' | 'MeldInhabilitet' | 'FattMoetevedtak'>(): MoeteVakt<K> => ({
  kode: 'punkt_trukket',
  grunn: 'Et trukket sakslistepunkt behandles ikke.',
  art: 'refused',
  brudd: (i) => {
    const p = finnPunkt(i.moete, i.data.punktId);
    return p?.trukket ? `Sakslistepunktet «${p.tittel}» ble trukket (${p.trukket.begrunnelse}).` : false;
  },
});

const ikkeFoerMoetet = <K extends MoeteStegType>(hva: string): MoeteVakt<K> => ({
  kode: 'foer_moetet',
  grunn: `${hva} kan ikke gjelde fra før møtedatoen.`,
  art: 'refused',
  brudd: (i) => {
    const m = i.moete;
    return m && sammenlignDato(i.gjelderFra, m.moetedato) < 0 ? `${hva} kan ikke gjelde fra ${i.gjelderFra.slice(0, 10)}, før møtet ${m.moetedato}.` : false;
  },
});

const organIMoetet = <K extends 'RegistrerOppmoete' | 'MeldForfall'>(): MoeteVakt<K> => ({
  kode: 'organ_ikke_i_moetet',
  grunn: 'Deltakerne kommer fra organene som holder møtet.',
  art: 'refused',
  brudd: (i) => (i.moete.organIder.includes(i.data.organId) ? false : `${navn(i, i.data.organId)} holder ikke dette møtet (${i.moete.organIder.map((o) => navn(i, o)).join(', ')}).`),
});

const medlemPaaMoetedato = <K extends 'RegistrerOppmoete' | 'MeldForfall'>(): MoeteVakt<K> => ({
  kode: 'ikke_medlem_paa_moetedato',
  grunn: 'Deltakerne er medlemmene (med vara, observatører og sekretær) organet hadde på møtedatoen.',
  art: 'refused',
  brudd: (i) => {
    const o = i.organ(i.data.organId);
    if (!o) return false;
    return medlemmerPaaDato(o, i.moete.moetedato).some((p) => p.personId === i.data.personId)
      ? false
      : `${i.data.personId} var ikke medlem, vara, observatør eller sekretær i ${navn(i, o.organId)} ${i.moete.moetedato}.`;
  },
});

/** The period a person attends in: a voting role first (see {@link ROLLEPRIORITET}). */
function periodePaaMoetedato(i: MoeteVaktInput<'RegistrerOppmoete' | 'MeldForfall'>) {
  const o = i.organ(i.data.organId);
  const perioder = o ? medlemmerPaaDato(o, i.moete!.moetedato).filter((p) => p.personId === i.data.personId) : [];
  return [...perioder].sort((a, b) => ROLLEPRIORITET.indexOf(a.rolle) - ROLLEPRIORITET.indexOf(b.rolle))[0];
}

const STEMMEFELT = ['stemmerFor', 'stemmerMot', 'stemmerBlank'] as const;
function stemmerI(d: MoeteKommandoer['FattMoetevedtak']): string[] {
  return STEMMEFELT.flatMap((f) => d[f] ?? []);
}

// ---------- THE DECLARATION ----------

export const MOETE_ARBEIDSFLYT: MoeteArbeidsflyt = {
  PlanleggMoete: {
    steg: 'PlanleggMoete',
    hendelse: MOETEHENDELSE_FOR_STEG.PlanleggMoete,
    tittel: 'Planlegg møte',
    beskrivelse: 'Planlegg et møte i ett organ, eller et fellesmøte (f.eks. PSU og ASU), med dato, tid og møtested.',
    rute: '',
    fra: [],
    til: 'planlagt',
    aktoer: MOETEANSVARLIGE,
    vakter: [
      {
        kode: 'organ_ikke_funnet',
        grunn: 'Organene som holder møtet, må finnes.',
        art: 'not_found',
        brudd: (i) => {
          const ukjent = i.data.organIder.filter((id) => !i.organ(id));
          return ukjent.length > 0 ? `Organet ${ukjent.join(', ')} finnes ikke.` : false;
        },
      },
      {
        kode: 'organ_ikke_aktivt',
        grunn: 'Organene må være aktive på møtedatoen.',
        art: 'refused',
        brudd: (i) => {
          const inaktive = i.data.organIder.filter((id) => !erAktivPaaDato(i.organ(id)!, i.data.moetedato));
          return inaktive.length > 0 ? `${inaktive.map((id) => navn(i, id)).join(', ')} var ikke et aktivt organ ${i.data.moetedato}.` : false;
        },
      },
      {
        kode: 'egen_serie_for_annet_organ',
        grunn: 'En egen serie for orienteringssaker gjelder et organ som holder møtet.',
        art: 'invalid',
        brudd: (i) => {
          const feil = (i.data.egenOrienteringsserie ?? []).filter((id) => !i.data.organIder.includes(id));
          return feil.length > 0 ? `${feil.join(', ')} holder ikke møtet og kan ikke ha en egen serie i det.` : false;
        },
      },
    ],
    felter: {
      moeteId: { art: 'id', kilde: 'ny', beskrivelse: 'Møtets id (gis av tjenesten).' },
      organIder: { art: 'organliste', maks: 5, hva: 'Organene som holder møtet', beskrivelse: 'Ett organ, eller flere for et fellesmøte.', eksempel: ['psu-hnt'] },
      moetedato: { art: 'dato', planlagt: true, hva: 'Møtedatoen', eksempel: '2019-02-15' },
      starttid: { art: 'tekst', maks: 5, hva: 'Starttiden', eksempel: '09:00' },
      sluttid: { art: 'tekst', maks: 5, valgfri: true, hva: 'Sluttiden', eksempel: '11:30' },
      moetested: { art: 'tekst', maks: 300, hva: 'Møtestedet', eksempel: 'Sykehuset Levanger, Store møterom Arken' },
      egenOrienteringsserie: { art: 'organliste', maks: 5, valgfri: true, delAv: 'organIder', hva: 'Organene med egen serie for orienteringssaker', eksempel: ['psu-hnt'] },
    },
    sjekk: (d) => {
      sjekkKlokkeslett('starttid', d.starttid);
      sjekkKlokkeslett('sluttid', d.sluttid);
      if (d.sluttid !== undefined && d.sluttid.replace('.', ':') <= d.starttid.replace('.', ':')) {
        throw new InvalidCommandError('sluttid_foer_starttid', `Sluttiden (${d.sluttid}) må være etter starttiden (${d.starttid}).`, { field: 'sluttid' });
      }
    },
    lag: ({ data }) => ({
      organIder: data.organIder,
      moetedato: data.moetedato,
      starttid: data.starttid,
      sluttid: data.sluttid,
      moetested: data.moetested,
      egenOrienteringsserie: data.egenOrienteringsserie ?? [],
    }),
  },

  LeggTilSakslistepunkt: {
    steg: 'LeggTilSakslistepunkt',
    hendelse: MOETEHENDELSE_FOR_STEG.LeggTilSakslistepunkt,
    tittel: 'Sett opp sakslistepunkt',
    beskrivelse: 'Sett en sak (eller «Eventuelt») på møtets saksliste, med møtesakstype, forslag til vedtak (eller uten), saksframlegg og hvem som legger den fram.',
    rute: ':moeteId/saksliste',
    fra: ['planlagt'],
    til: 'uendret',
    aktoer: MOETEANSVARLIGE,
    vakter: punktVakter<'LeggTilSakslistepunkt'>(),
    felter: PUNKTFELTER,
    sjekk: sjekkPunkt,
    lag: ({ data, moete }) => ({ ...punktData(data), rekkefoelge: moete.punkter.length + 1 }),
  },

  SendInnkalling: {
    steg: 'SendInnkalling',
    hendelse: MOETEHENDELSE_FOR_STEG.SendInnkalling,
    tittel: 'Send innkalling',
    beskrivelse: 'Send innkallingen med sakslisten; møtet og hvert punkt får sine numre per organ, år og serie, uten hull.',
    rute: ':moeteId/innkalling',
    fra: ['planlagt'],
    til: 'innkalling_sendt',
    aktoer: MOETEANSVARLIGE,
    vakter: [
      {
        kode: 'tom_saksliste',
        grunn: 'En innkalling har minst ett sakslistepunkt.',
        art: 'refused',
        brudd: (i) => (aktivePunkter(i.moete).length > 0 ? false : 'Sakslisten er tom; sett opp minst ett punkt før innkallingen sendes.'),
      },
      {
        kode: 'numre_stemmer_ikke',
        grunn: 'Numrene er møtets og punktenes numre fra organenes nummerering.',
        art: 'invalid',
        brudd: (i) => numreBrudd(i.moete, aktivePunkter(i.moete), i.data.numre, true),
      },
    ],
    felter: { numre: { art: 'nummerliste', maks: 1000, kilde: 'tildeles', hva: 'Numrene' } },
    lag: ({ data }) => ({ numre: data.numre }),
  },

  LeggTilTilleggssak: {
    steg: 'LeggTilTilleggssak',
    hendelse: MOETEHENDELSE_FOR_STEG.LeggTilTilleggssak,
    tittel: 'Sett opp tilleggssak',
    beskrivelse: 'Sett en sak på sakslisten etter at innkallingen er sendt (tilleggssak); den får neste nummer.',
    rute: ':moeteId/tilleggssaker',
    fra: ['innkalling_sendt'],
    til: 'uendret',
    aktoer: MOETEANSVARLIGE,
    vakter: [
      ...punktVakter<'LeggTilTilleggssak'>(),
      {
        kode: 'numre_stemmer_ikke',
        grunn: 'Numrene er punktets numre fra organenes nummerering.',
        art: 'invalid',
        brudd: (i) => numreBrudd(i.moete, [i.data], i.data.numre, false),
      },
    ],
    felter: { ...PUNKTFELTER, numre: { art: 'nummerliste', maks: 10, kilde: 'tildeles', hva: 'Numrene' } },
    sjekk: sjekkPunkt,
    lag: ({ data, moete }) => ({ ...punktData(data), rekkefoelge: moete.punkter.length + 1, numre: data.numre }),
  },

  TrekkSakslistepunkt: {
    steg: 'TrekkSakslistepunkt',
    hendelse: MOETEHENDELSE_FOR_STEG.TrekkSakslistepunkt,
    tittel: 'Trekk sakslistepunkt',
    beskrivelse: 'Trekk et punkt fra sakslisten, med begrunnelse; et nummer det har fått, blir stående (ingen gjenbruk).',
    rute: ':moeteId/saksliste/:punktId/trekking',
    fra: ['planlagt', 'innkalling_sendt'],
    til: 'uendret',
    aktoer: MOETEANSVARLIGE,
    vakter: [
      punktFinnes<'TrekkSakslistepunkt'>(),
      punktIkkeTrukket<'TrekkSakslistepunkt'>(),
      {
        kode: 'punkt_har_vedtak',
        grunn: 'Et punkt med vedtak kan ikke trekkes.',
        art: 'refused',
        brudd: (i) => (finnPunkt(i.moete, i.data.punktId)?.vedtak ? `Sakslistepunktet ${i.data.punktId} har allerede et vedtak.` : false),
      },
    ],
    felter: { punktId: { art: 'id', kilde: 'sti' }, begrunnelse: { art: 'tekst', maks: LANG_TEKST, hva: 'Begrunnelsen' } },
    lag: ({ data }) => ({ punktId: data.punktId, begrunnelse: data.begrunnelse }),
  },

  FlyttSakslistepunkt: {
    steg: 'FlyttSakslistepunkt',
    hendelse: MOETEHENDELSE_FOR_STEG.FlyttSakslistepunkt,
    tittel: 'Flytt sakslistepunkt',
    beskrivelse: 'Flytt et punkt til en annen plass i sakslisten (1 er først); numrene det har fått, blir stående.',
    rute: ':moeteId/saksliste/:punktId/plass',
    fra: ['planlagt', 'innkalling_sendt'],
    til: 'uendret',
    aktoer: MOETEANSVARLIGE,
    vakter: [
      punktFinnes<'FlyttSakslistepunkt'>(),
      punktIkkeTrukket<'FlyttSakslistepunkt'>(),
      {
        kode: 'plass_utenfor_sakslisten',
        grunn: 'Plassen må være en av plassene i sakslisten.',
        art: 'invalid',
        brudd: (i) => {
          const antall = i.moete.punkter.filter((p) => p.trukket === undefined).length;
          return i.data.plass > antall ? `Sakslisten har ${antall} punkter; plass ${i.data.plass} finnes ikke.` : false;
        },
      },
      {
        kode: 'allerede_paa_plassen',
        grunn: 'Punktet står allerede på den plassen.',
        art: 'refused',
        brudd: (i) => (plassPaaSakslisten(i.moete.punkter, i.data.punktId) === i.data.plass ? `Punktet står allerede som nummer ${i.data.plass} i sakslisten.` : false),
      },
    ],
    felter: { punktId: { art: 'id', kilde: 'sti' }, plass: { art: 'heltall', min: 1, maks: 1000, hva: 'Plassen i sakslisten', eksempel: 1 } },
    lag: ({ data, moete }) => ({ punktId: data.punktId, plass: data.plass, tidligerePlass: plassPaaSakslisten(moete.punkter, data.punktId)! }),
  },

  FlyttMoete: {
    steg: 'FlyttMoete',
    hendelse: MOETEHENDELSE_FOR_STEG.FlyttMoete,
    tittel: 'Flytt møte',
    beskrivelse: 'Flytt møtet til en annen dato, tid eller et annet sted, med begrunnelse.',
    rute: ':moeteId/flytting',
    fra: ['planlagt', 'innkalling_sendt'],
    til: 'uendret',
    aktoer: MOETEANSVARLIGE,
    vakter: [
      {
        kode: 'flytting_over_aarsskifte',
        grunn: 'Et møte med numre kan ikke flyttes til et annet år (numrene gjelder møteåret).',
        art: 'refused',
        brudd: (i) =>
          i.moete.status !== 'planlagt' && aarAv(i.data.moetedato) !== aarAv(i.moete.moetedato)
            ? `Møtet har numre for ${aarAv(i.moete.moetedato)}; det kan ikke flyttes til ${aarAv(i.data.moetedato)}. Avlys det og planlegg et nytt.`
            : false,
      },
      {
        kode: 'ingen_endring',
        grunn: 'En flytting endrer dato, tid eller sted.',
        art: 'invalid',
        brudd: (i) => {
          const m = i.moete;
          const d = i.data;
          return d.moetedato === m.moetedato && (d.starttid ?? m.starttid) === m.starttid && (d.sluttid ?? m.sluttid) === m.sluttid && (d.moetested ?? m.moetested) === m.moetested
            ? 'Dato, tid og sted er de samme som før; det er ingenting å flytte.'
            : false;
        },
      },
    ],
    felter: {
      moetedato: { art: 'dato', planlagt: true, hva: 'Den nye møtedatoen' },
      starttid: { art: 'tekst', maks: 5, valgfri: true, hva: 'Den nye starttiden' },
      sluttid: { art: 'tekst', maks: 5, valgfri: true, hva: 'Den nye sluttiden' },
      moetested: { art: 'tekst', maks: 300, valgfri: true, hva: 'Det nye møtestedet' },
      begrunnelse: { art: 'tekst', maks: LANG_TEKST, hva: 'Begrunnelsen' },
    },
    sjekk: (d) => {
      sjekkKlokkeslett('starttid', d.starttid);
      sjekkKlokkeslett('sluttid', d.sluttid);
    },
    lag: ({ data, moete }) => ({
      fraDato: moete.moetedato,
      moetedato: data.moetedato,
      starttid: data.starttid ?? moete.starttid,
      sluttid: data.sluttid ?? moete.sluttid,
      moetested: data.moetested ?? moete.moetested,
      begrunnelse: data.begrunnelse,
    }),
  },

  AvlysMoete: {
    steg: 'AvlysMoete',
    hendelse: MOETEHENDELSE_FOR_STEG.AvlysMoete,
    tittel: 'Avlys møte',
    beskrivelse: 'Avlys møtet, med begrunnelse; numre det har fått, blir stående.',
    rute: ':moeteId/avlysning',
    fra: ['planlagt', 'innkalling_sendt'],
    til: 'avlyst',
    aktoer: MOETEANSVARLIGE,
    vakter: [],
    felter: { begrunnelse: { art: 'tekst', maks: LANG_TEKST, hva: 'Begrunnelsen' } },
    lag: ({ data }) => ({ begrunnelse: data.begrunnelse }),
  },

  RegistrerOppmoete: {
    steg: 'RegistrerOppmoete',
    hendelse: MOETEHENDELSE_FOR_STEG.RegistrerOppmoete,
    tittel: 'Registrer oppmøte',
    beskrivelse: 'Registrer at et medlem, en vara (for et medlem med forfall), en observatør eller sekretæren møtte; rollen er den organet ga personen på møtedatoen.',
    rute: ':moeteId/oppmoete',
    fra: ['innkalling_sendt', 'gjennomfoert'],
    til: 'uendret',
    aktoer: MOETEANSVARLIGE,
    vakter: [
      {
        kode: 'allerede_registrert',
        grunn: 'Hver deltaker registreres én gang per organ.',
        art: 'conflict',
        brudd: (i) => (i.moete.deltakere.some((d) => d.personId === i.data.personId && d.organId === i.data.organId) ? `${i.data.personId} er allerede registrert som til stede.` : false),
      },
      organIMoetet<'RegistrerOppmoete'>(),
      medlemPaaMoetedato<'RegistrerOppmoete'>(),
      ikkeFoerMoetet<'RegistrerOppmoete'>('Oppmøtet'),
      {
        kode: 'har_meldt_forfall',
        grunn: 'Den som har meldt forfall, er ikke til stede.',
        art: 'refused',
        brudd: (i) => (i.moete.forfall.some((f) => f.personId === i.data.personId && f.organId === i.data.organId) ? `${i.data.personId} har meldt forfall til møtet.` : false),
      },
      {
        kode: 'moeter_for_uten_vara',
        grunn: 'Bare en vara møter for et medlem.',
        art: 'refused',
        brudd: (i) => {
          if (i.data.moeterForPersonId === undefined) return false;
          const p = periodePaaMoetedato(i);
          return p && p.rolle !== 'vara' ? `${p.navn} er ${p.rolle}, ikke vara, og møter ikke for et annet medlem.` : false;
        },
      },
      {
        kode: 'vara_uten_forfall',
        grunn: 'En vara møter for et stemmeberettiget medlem som har meldt forfall, og bare én vara per medlem.',
        art: 'refused',
        brudd: (i) => {
          const for_ = i.data.moeterForPersonId;
          if (for_ === undefined) return false;
          if (!i.moete.forfall.some((f) => f.personId === for_ && f.organId === i.data.organId)) return `${for_} har ikke meldt forfall; en vara møter bare for et medlem med forfall.`;
          const annen = i.moete.deltakere.find((d) => d.moeterForPersonId === for_ && d.organId === i.data.organId);
          return annen ? `${annen.navn} møter allerede for ${for_}.` : false;
        },
      },
    ],
    felter: {
      personId: { art: 'id', hva: 'Personen', eksempel: 'robert-svarva' },
      organId: { art: 'organ', hva: 'Organet personen møter for', eksempel: 'psu-hnt' },
      moeterForPersonId: { art: 'id', valgfri: true, hva: 'Medlemmet varaen møter for' },
    },
    standardGjelderFra: (m) => m.moetedato,
    lag: (i) => {
      const p = periodePaaMoetedato(i)!;
      return { personId: p.personId, navn: p.navn, organId: i.data.organId, rolle: p.rolle, stemmerett: harStemmerett(p.rolle, i.data.moeterForPersonId), moeterForPersonId: i.data.moeterForPersonId };
    },
  },

  MeldForfall: {
    steg: 'MeldForfall',
    hendelse: MOETEHENDELSE_FOR_STEG.MeldForfall,
    tittel: 'Meld forfall',
    beskrivelse: 'Registrer at et medlem har meldt forfall; en vara kan da møte for det.',
    rute: ':moeteId/forfall',
    fra: ['planlagt', 'innkalling_sendt', 'gjennomfoert'],
    til: 'uendret',
    aktoer: MOETEANSVARLIGE,
    vakter: [
      {
        kode: 'forfall_allerede_meldt',
        grunn: 'Forfall meldes én gang.',
        art: 'conflict',
        brudd: (i) => (i.moete.forfall.some((f) => f.personId === i.data.personId && f.organId === i.data.organId) ? `${i.data.personId} har allerede meldt forfall.` : false),
      },
      organIMoetet<'MeldForfall'>(),
      medlemPaaMoetedato<'MeldForfall'>(),
      {
        kode: 'allerede_til_stede',
        grunn: 'Den som er registrert til stede, har ikke forfall.',
        art: 'refused',
        brudd: (i) => (i.moete.deltakere.some((d) => d.personId === i.data.personId && d.organId === i.data.organId) ? `${i.data.personId} er registrert til stede.` : false),
      },
    ],
    felter: {
      personId: { art: 'id', hva: 'Personen' },
      organId: { art: 'organ', hva: 'Organet' },
      merknad: { art: 'tekst', maks: 1000, valgfri: true, hva: 'Merknaden' },
    },
    lag: (i) => {
      const p = periodePaaMoetedato(i)!;
      return { personId: p.personId, navn: p.navn, organId: i.data.organId, rolle: p.rolle, merknad: i.data.merknad };
    },
  },

  MeldInhabilitet: {
    steg: 'MeldInhabilitet',
    hendelse: MOETEHENDELSE_FOR_STEG.MeldInhabilitet,
    tittel: 'Meld inhabilitet',
    beskrivelse: 'Registrer at en deltaker er inhabil i ett sakslistepunkt og går ut under behandlingen av det.',
    rute: ':moeteId/saksliste/:punktId/inhabilitet',
    fra: ['innkalling_sendt', 'gjennomfoert'],
    til: 'uendret',
    aktoer: MOETEANSVARLIGE,
    vakter: [
      punktFinnes<'MeldInhabilitet'>(),
      {
        kode: 'allerede_inhabil',
        grunn: 'Inhabilitet meldes én gang per punkt.',
        art: 'conflict',
        brudd: (i) => (finnPunkt(i.moete, i.data.punktId)!.inhabile.includes(i.data.personId) ? `${i.data.personId} er allerede registrert som inhabil i punktet.` : false),
      },
      punktIkkeTrukket<'MeldInhabilitet'>(),
      ikkeFoerMoetet<'MeldInhabilitet'>('Inhabiliteten'),
      {
        kode: 'ikke_til_stede',
        grunn: 'Bare en deltaker som er til stede, kan gå ut som inhabil.',
        art: 'refused',
        brudd: (i) => (i.moete.deltakere.some((d) => d.personId === i.data.personId) ? false : `${i.data.personId} er ikke registrert til stede på møtet.`),
      },
      {
        kode: 'punkt_har_vedtak',
        grunn: 'Inhabilitet meldes før vedtaket.',
        art: 'refused',
        brudd: (i) => (finnPunkt(i.moete, i.data.punktId)!.vedtak ? `Sakslistepunktet ${i.data.punktId} har allerede et vedtak.` : false),
      },
    ],
    felter: { punktId: { art: 'id', kilde: 'sti' }, personId: { art: 'id', hva: 'Personen' }, begrunnelse: { art: 'tekst', maks: LANG_TEKST, valgfri: true, hva: 'Begrunnelsen' } },
    standardGjelderFra: (m) => m.moetedato,
    lag: ({ data }) => ({ punktId: data.punktId, personId: data.personId, begrunnelse: data.begrunnelse }),
  },

  MarkerGjennomfoert: {
    steg: 'MarkerGjennomfoert',
    hendelse: MOETEHENDELSE_FOR_STEG.MarkerGjennomfoert,
    tittel: 'Marker møtet gjennomført',
    beskrivelse: 'Møtet er holdt; oppmøte og vedtak kan føres til protokollen er godkjent.',
    rute: ':moeteId/gjennomfoering',
    fra: ['innkalling_sendt'],
    til: 'gjennomfoert',
    aktoer: MOETEANSVARLIGE,
    vakter: [ikkeFoerMoetet<'MarkerGjennomfoert'>('Gjennomføringen')],
    felter: {},
    standardGjelderFra: (m) => m.moetedato,
    lag: () => ({}),
  },

  FattMoetevedtak: {
    steg: 'FattMoetevedtak',
    hendelse: MOETEHENDELSE_FOR_STEG.FattMoetevedtak,
    tittel: 'Før vedtak',
    beskrivelse: 'Før vedtaket i et sakslistepunkt: vedtakstekst og utfall, og eventuelt stemmene (for, mot, blankt) eller «enstemmig». Krever at hvert organ er vedtaksført i punktet.',
    rute: ':moeteId/saksliste/:punktId/vedtak',
    fra: ['innkalling_sendt', 'gjennomfoert'],
    til: 'uendret',
    aktoer: MOETEANSVARLIGE,
    vakter: [
      punktFinnes<'FattMoetevedtak'>(),
      punktIkkeTrukket<'FattMoetevedtak'>(),
      {
        kode: 'vedtak_allerede_fattet',
        grunn: 'Det føres ett vedtak per sakslistepunkt.',
        art: 'refused',
        brudd: (i) => {
          const p = finnPunkt(i.moete, i.data.punktId)!;
          return p.vedtak ? `Sakslistepunktet «${p.tittel}» har allerede et vedtak (${p.vedtak.vedtaksutfall}).` : false;
        },
      },
      ikkeFoerMoetet<'FattMoetevedtak'>('Vedtaket'),
      {
        kode: 'ikke_vedtaksfoer',
        grunn: 'Et organ er vedtaksført i et punkt når minst halvparten av de stemmeberettigede medlemmene er til stede og ikke inhabile; observatører og sekretæren teller ikke.',
        art: 'refused',
        brudd: (i) => {
          const p = finnPunkt(i.moete, i.data.punktId)!;
          for (const organId of i.moete.organIder) {
            const o = i.organ(organId);
            if (!o) continue;
            const v = vedtaksfoerhet(i.moete, p, o);
            if (!v.vedtaksfoer) {
              return v.stemmeberettigedeMedlemmer === 0
                ? `${navn(i, organId)} hadde ingen stemmeberettigede medlemmer ${i.moete.moetedato}; det kan ikke fatte vedtak.`
                : `${navn(i, organId)} er ikke vedtaksført i «${p.tittel}»: ${v.tilStede} av ${v.stemmeberettigedeMedlemmer} stemmeberettigede medlemmer er til stede og ikke inhabile; minst ${kravTilVedtaksfoerhet(v.stemmeberettigedeMedlemmer)} trengs. Registrer oppmøte (eller vara) først.`;
            }
          }
          return false;
        },
      },
      {
        kode: 'observatoer_kan_ikke_stemme',
        grunn: 'En observatør har møte- og talerett, ikke stemmerett.',
        art: 'refused',
        brudd: (i) => {
          const obs = stemmerI(i.data).map((id) => i.moete.deltakere.find((d) => d.personId === id)).find((d) => d && d.rolle === 'observatoer');
          return obs ? `${obs.navn} er observatør (møte- og talerett, ikke stemmerett) og kan ikke føres med stemme.` : false;
        },
      },
      {
        kode: 'ikke_stemmeberettiget',
        grunn: 'Bare stemmeberettigede deltakere som er til stede og ikke inhabile, kan stemme.',
        art: 'refused',
        brudd: (i) => {
          const p = finnPunkt(i.moete, i.data.punktId)!;
          for (const id of stemmerI(i.data)) {
            const d = i.moete.deltakere.find((x) => x.personId === id && x.stemmerett);
            if (!d) return `${id} er ikke en stemmeberettiget deltaker til stede på møtet.`;
            if (p.inhabile.includes(id)) return `${d.navn} er inhabil i «${p.tittel}» og stemmer ikke.`;
          }
          return false;
        },
      },
    ],
    felter: {
      punktId: { art: 'id', kilde: 'sti' },
      vedtaksutfall: { art: 'ettAv', verdier: MOETEVEDTAKSUTFALL, hva: 'Utfallet' },
      vedtakstekst: { art: 'tekst', maks: LANG_TEKST, hva: 'Vedtaksteksten' },
      stemmemaate: { art: 'ettAv', verdier: STEMMEMAATER, standard: 'ikke_oppgitt', hva: 'Stemmemåten' },
      stemmerFor: { art: 'tekstliste', maks: 100, elementMaks: 200, valgfri: true, hva: 'De som stemte for' },
      stemmerMot: { art: 'tekstliste', maks: 100, elementMaks: 200, valgfri: true, hva: 'De som stemte mot' },
      stemmerBlank: { art: 'tekstliste', maks: 100, elementMaks: 200, valgfri: true, hva: 'De som stemte blankt' },
      bestillesFra: { art: 'organ', valgfri: true, hva: 'Organet vedtaket bestiller en utredning fra', beskrivelse: 'Når vedtaket selv bestiller en utredning (med mandat og frist); saken får bestillingen med vedtaket.', eksempel: 'asu-hnt' },
      mandat: { art: 'tekst', maks: LANG_TEKST, valgfri: true, hva: 'Mandatet for utredningen vedtaket bestiller' },
      frist: { art: 'dato', valgfri: true, planlagt: true, frist: true, hva: 'Fristen for utredningen vedtaket bestiller', eksempel: '2018-02-13' },
    },
    sjekk: (d) => {
      const stemmer = stemmerI(d);
      if (d.stemmemaate !== 'votering' && stemmer.length > 0) {
        throw new InvalidCommandError('stemmer_uten_votering', 'Stemmer føres bare med stemmemåten «votering».', { field: 'stemmemaate' });
      }
      if (d.stemmemaate === 'votering' && stemmer.length === 0) {
        throw new InvalidCommandError('votering_uten_stemmer', 'En votering har minst én stemme (stemmerFor, stemmerMot eller stemmerBlank).', { field: 'stemmerFor' });
      }
      if (new Set(stemmer).size !== stemmer.length) throw new InvalidCommandError('stemte_flere_ganger', 'Hver deltaker stemmer én gang.', { field: 'stemmerFor' });
      const bestilling = [d.bestillesFra, d.mandat, d.frist];
      if (bestilling.some((x) => x !== undefined) && bestilling.some((x) => x === undefined)) {
        const mangler = d.bestillesFra === undefined ? 'bestillesFra' : d.mandat === undefined ? 'mandat' : 'frist';
        throw new InvalidCommandError('bestilling_i_vedtak_ugyldig', 'Et vedtak som bestiller en utredning, trenger organet det bestilles fra, mandat og frist.', { field: mangler });
      }
    },
    standardGjelderFra: (m) => m.moetedato,
    lag: ({ data, moete, organ }) => {
      const p = finnPunkt(moete, data.punktId)!;
      return {
        punktId: p.punktId,
        sakId: p.sakId,
        organIder: [...moete.organIder],
        vedtaksutfall: data.vedtaksutfall,
        vedtakstekst: data.vedtakstekst,
        stemmemaate: data.stemmemaate,
        stemmer: data.stemmemaate === 'votering' ? { for: data.stemmerFor ?? [], mot: data.stemmerMot ?? [], blank: data.stemmerBlank ?? [] } : undefined,
        bestilling: data.bestillesFra !== undefined && data.mandat !== undefined && data.frist !== undefined ? { tilOrganId: data.bestillesFra, mandat: data.mandat, frist: data.frist } : undefined,
        vedtaksfoerhet: moete.organIder.map((id) => organ(id)).filter((o) => o !== undefined).map((o) => vedtaksfoerhet(moete, p, o)),
      };
    },
  },

  GodkjennProtokoll: {
    steg: 'GodkjennProtokoll',
    hendelse: MOETEHENDELSE_FOR_STEG.GodkjennProtokoll,
    tittel: 'Godkjenn protokoll',
    beskrivelse: 'Protokollen godkjennes i et senere møte (som eget punkt) eller ved lederens (ledernes) signatur; godkjent protokoll endres ikke.',
    rute: ':moeteId/protokoll/godkjenning',
    fra: ['gjennomfoert'],
    til: 'protokoll_godkjent',
    aktoer: PROTOKOLLGODKJENNERE,
    vakter: [
      ikkeFoerMoetet<'GodkjennProtokoll'>('Godkjenningen'),
      {
        kode: 'godkjenning_mangler_grunnlag',
        grunn: 'Godkjent i møte viser til møtet; ved signatur står hvem som signerte.',
        art: 'invalid',
        brudd: (i) =>
          i.data.godkjenningsmaate === 'i_moete' && i.data.godkjentIMoeteId === undefined
            ? 'Oppgi møtet protokollen ble godkjent i (godkjentIMoeteId).'
            : i.data.godkjenningsmaate === 'signatur' && (i.data.signertAv ?? []).length === 0
              ? 'Oppgi hvem som signerte protokollen (signertAv).'
              : i.data.godkjentIMoeteId === i.moete.moeteId
                ? 'En protokoll godkjennes i et senere møte, ikke i møtet selv.'
                : false,
      },
    ],
    felter: {
      godkjenningsmaate: { art: 'ettAv', verdier: GODKJENNINGSMAATER, hva: 'Godkjenningsmåten' },
      godkjentIMoeteId: { art: 'id', valgfri: true, hva: 'Møtet protokollen ble godkjent i' },
      signertAv: { art: 'tekstliste', maks: 10, elementMaks: 200, valgfri: true, hva: 'De som signerte', eksempel: ['Robert Svarva'] },
    },
    lag: ({ data }) => ({ godkjenningsmaate: data.godkjenningsmaate, godkjentIMoeteId: data.godkjentIMoeteId, signertAv: data.signertAv }),
  },
};

export const MOETE_STEG: readonly MoeteStegType[] = Object.keys(MOETE_ARBEIDSFLYT) as MoeteStegType[];

export function moeteStegDefinisjon<K extends MoeteStegType>(steg: K): MoeteStegDefinisjon<K> {
  return MOETE_ARBEIDSFLYT[steg] as MoeteStegDefinisjon<K>;
}
