/**
 * The steps of a sak that reach outside parties (korrespondansepart, issue #16 item 2), declared as
 * every step is (vokabular.ts) and spread into SAK_ARBEIDSFLYT: a hearing or input round sent to a
 * list of registered parties with a frist (seed 002: the draft action plan 2018–2021 to the
 * municipalities, HNT and the partners), each party's answer recorded against it with a reference to
 * its document, and an outgoing letter to a party with its signatories (seed 001: the input to the
 * national plan to Helse- og omsorgsdepartementet, signed by the leaders of PSU and ASU).
 *
 * Hearings recorded before parties were registered carry only free-text `hoeringsinstanser`; they
 * still fold and show, but answers are recorded only for hearings sent to registered parties.
 */
import { LANG_TEKST } from '../shared/felter.js';
import { datoDel, sammenlignDato } from '../shared/dato.js';
import { partAktivPaaDato, partnavnPaaDato, type Korrespondansepart } from '../korrespondansepart/korrespondansepart.js';
import { medlemmerPaaDato, medlemskapsBrudd, navnPaaDato, rollenavn, type Rolle } from '../organisasjon/organ.js';
import { HENDELSE_FOR_STEG, type Sak, type SakKommandoer, type SakStegType } from './typer.js';
import { dokumentISaken } from './dokumentvakt.js';
import { AAPNE_FASER, aktoer, fristEtterGjelderFra, LEDELSE, navn } from './vakter.js';
import type { StegDefinisjon, Vakt, VaktInput } from './vokabular.js';

// ---------- guards on parties ----------

function part<K extends SakStegType>(i: VaktInput<K>, partId: string): Korrespondansepart | undefined {
  return i.context.parter?.(partId) ?? undefined;
}

/** The parties the command names must be registered. */
export function partFinnes<K extends SakStegType>(hent: (data: SakKommandoer[K]) => readonly string[]): Vakt<K> {
  return {
    kode: 'part_ikke_funnet',
    grunn: 'Den eksterne parten kommandoen viser til, må være registrert (GET /parter).',
    art: 'not_found',
    brudd: (i) => {
      const ukjente = hent(i.data).filter((id) => !part(i, id));
      return ukjente.length > 0 ? `Den eksterne parten ${ukjente.join(', ')} er ikke registrert. Sekretariatet registrerer parter (POST /parter).` : false;
    },
  };
}

/** The parties must exist on the date the step takes effect (registered, not yet ended or merged away). */
export function partAktiv<K extends SakStegType>(hent: (data: SakKommandoer[K]) => readonly string[]): Vakt<K> {
  return {
    kode: 'part_ikke_aktiv',
    grunn: 'Den eksterne parten må finnes på datoen steget gjelder fra (registrert og ikke avsluttet).',
    art: 'refused',
    brudd: (i) => {
      const inaktive = hent(i.data)
        .map((id) => part(i, id))
        .filter((p): p is Korrespondansepart => p !== undefined && !partAktivPaaDato(p, i.gjelderFra));
      if (inaktive.length === 0) return false;
      return `${inaktive
        .map((p) => `«${partnavnPaaDato(p, i.gjelderFra)}» (${p.avsluttet !== undefined && sammenlignDato(p.avsluttet, i.gjelderFra) <= 0 ? `avsluttet ${datoDel(p.avsluttet)}${p.erstattetAv ? `, erstattet av ${p.erstattetAv}` : ''}` : `registrert fra ${datoDel(p.registrert)}`})`)
        .join(', ')} fantes ikke som part ${datoDel(i.gjelderFra)}.`;
    },
  };
}

/** A party's name on the date of the step (its id if unknown). */
function partnavn<K extends SakStegType>(i: VaktInput<K>, partId: string): string {
  const p = part(i, partId);
  return p ? partnavnPaaDato(p, i.gjelderFra) : partId;
}

// ---------- the hearings of a sak, from its stream ----------

/** A hearing as the sak's stream records it, with the answers so far. */
export interface Hoering {
  readonly hoeringId: string;
  readonly organId: string;
  readonly hoeringsfrist: string;
  readonly sendt: string;
  /** Party ids; absent for a hearing sent to free-text recipients (before parties were registered). */
  readonly mottakere?: readonly string[];
  readonly hoeringsinstanser: readonly string[];
  /** The parties that have answered. */
  readonly svar: readonly string[];
}

/** The hearings of a sak, in order, with who has answered (read from the stream the state keeps). */
export function hoeringer(sak: Sak): Hoering[] {
  const ut = new Map<string, { -readonly [P in keyof Hoering]: Hoering[P] }>();
  for (const h of sak.hendelser) {
    const d = h.data;
    if (h.type === 'SendtPaaHoering') {
      ut.set(String(d['hoeringId']), {
        hoeringId: String(d['hoeringId']),
        organId: String(d['organId']),
        hoeringsfrist: String(d['hoeringsfrist']),
        sendt: String(d['gjelderFra']),
        ...(Array.isArray(d['mottakere']) ? { mottakere: d['mottakere'] as string[] } : {}),
        hoeringsinstanser: Array.isArray(d['hoeringsinstanser']) ? (d['hoeringsinstanser'] as string[]) : [],
        svar: [],
      });
    } else if (h.type === 'HoeringssvarRegistrert') {
      const x = ut.get(String(d['hoeringId']));
      if (x) x.svar = [...x.svar, String(d['partId'])];
    }
  }
  return [...ut.values()];
}

function finnHoering(sak: Sak, hoeringId: string): Hoering | undefined {
  return hoeringer(sak).find((h) => h.hoeringId === hoeringId);
}

const DOKUMENT: { art: 'id'; velges: 'dokument'; valgfri: true; hva: string; beskrivelse: string; eksempel: string } = {
  art: 'id',
  velges: 'dokument',
  valgfri: true,
  hva: 'Dokumentet',
  beskrivelse: 'Et dokument som er lastet opp i saken (under Dokumenter).',
  eksempel: 'dok-2017-hoeringsutkast',
};

/** Roles that sign a letter for a body. */
const SIGNERENDE_ROLLER: readonly Rolle[] = ['leder', 'nestleder', 'sekretaer'];

// ---------- the steps ----------

const SendPaaHoering: StegDefinisjon<'SendPaaHoering'> = {
  steg: 'SendPaaHoering',
  hendelse: HENDELSE_FOR_STEG.SendPaaHoering,
  tittel: 'Send på høring',
  hendelsesnavn: 'Sendt på høring',
  beskrivelse: 'Send et utkast på høring (eller be om innspill) til registrerte eksterne parter — kommunene, HNT, samarbeidspartnere — med høringsfrist; saken behandles videre etter høringen.',
  rute: ':sakId/hoeringer',
  fra: ['tildelt', 'under_utredning', 'innstilling_avgitt', 'utsatt'],
  overganger: [{ til: 'uendret' }],
  aktoer: aktoer(LEDELSE, [{ relasjon: 'ansvarlig' }, { relasjon: 'vedtaksorgan' }, { organtype: 'sekretariat' }]),
  forutsetninger: [],
  vakter: [
    {
      kode: 'hoering_finnes_allerede',
      grunn: 'Hver høring har sin egen id.',
      art: 'conflict',
      brudd: (i) => (finnHoering(i.sak, i.data.hoeringId) ? `Saken har allerede høringen ${i.data.hoeringId}.` : false),
    },
    partFinnes((d) => d.mottakere),
    partAktiv((d) => d.mottakere),
    fristEtterGjelderFra('Høringsfristen', (d) => d.hoeringsfrist),
    ...dokumentISaken<'SendPaaHoering'>((d) => d.dokumentId),
  ],
  felter: {
    hoeringId: { art: 'id', kilde: 'ny', beskrivelse: 'Høringens id (gis av tjenesten).' },
    hoeringsutkast: { art: 'tekst', maks: 300, hva: 'Høringsutkastet', eksempel: 'Utkast til handlingsplan for samhandling 2018–2021' },
    mottakere: {
      art: 'tekstliste',
      maks: 200,
      elementMaks: 100,
      velges: 'part',
      hva: 'Høringsinstansene',
      beskrivelse: 'De registrerte eksterne partene høringen sendes til.',
      eksempel: ['steinkjer-kommune', 'verdal-kommune', 'helse-nord-trondelag'],
    },
    hoeringsfrist: { art: 'dato', hva: 'Høringsfristen', planlagt: true, frist: true, eksempel: '2018-01-15' },
    dokumentId: { ...DOKUMENT, hva: 'Høringsdokumentet' },
    merknad: { art: 'tekst', maks: LANG_TEKST, hva: 'Merknaden', valgfri: true },
  },
  parter: (d) => d.mottakere ?? [],
  dokumenter: (d) => (d.dokumentId ? [d.dokumentId] : []),
  lag: (i) => ({
    hoeringId: i.data.hoeringId,
    organId: i.context.aktoer.organId,
    hoeringsutkast: i.data.hoeringsutkast,
    hoeringsinstanser: i.data.mottakere.map((id) => partnavn(i, id)),
    mottakere: [...i.data.mottakere],
    hoeringsfrist: i.data.hoeringsfrist,
    dokumentId: i.data.dokumentId,
    merknad: i.data.merknad,
  }),
};

const RegistrerHoeringssvar: StegDefinisjon<'RegistrerHoeringssvar'> = {
  steg: 'RegistrerHoeringssvar',
  hendelse: HENDELSE_FOR_STEG.RegistrerHoeringssvar,
  tittel: 'Registrer høringssvar',
  hendelsesnavn: 'Høringssvar registrert',
  beskrivelse: 'Registrer svaret fra én høringsinstans, med høringssvaret som dokument; organet som sendte høringen ser hvem som har svart, og hvem som ikke har.',
  rute: ':sakId/hoeringer/:hoeringId/svar',
  fra: AAPNE_FASER,
  overganger: [{ til: 'uendret' }],
  aktoer: aktoer(LEDELSE, [{ relasjon: 'involvert' }, { organtype: 'sekretariat' }]),
  forutsetninger: [
    { kode: 'ingen_hoering', grunn: 'Saken er ikke sendt på høring.', brudd: (sak) => (sak.hendelser.some((h) => h.type === 'SendtPaaHoering') ? false : 'Saken er ikke sendt på høring; det er ingen høringssvar å registrere.') },
  ],
  vakter: [
    {
      kode: 'hoering_ikke_funnet',
      grunn: 'Høringen må finnes i saken.',
      art: 'not_found',
      brudd: (i) => (finnHoering(i.sak, i.data.hoeringId) ? false : `Saken har ingen høring ${i.data.hoeringId}.`),
    },
    {
      kode: 'hoeringssvar_finnes_allerede',
      grunn: 'Hver høringsinstans har ett svar per høring; et nytt dokument er en ny versjon av dokumentet.',
      art: 'conflict',
      brudd: (i) => (finnHoering(i.sak, i.data.hoeringId)?.svar.includes(i.data.partId) ? `Svaret fra ${partnavn(i, i.data.partId)} på høringen er allerede registrert.` : false),
    },
    {
      kode: 'ikke_hoeringens_avsender',
      grunn: 'Svaret registreres av organet som sendte høringen, eller av sekretariatet.',
      art: 'refused',
      brudd: (i) => {
        const h = finnHoering(i.sak, i.data.hoeringId)!;
        const o = i.organ(i.context.aktoer.organId);
        return h.organId === i.context.aktoer.organId || o?.organtype === 'sekretariat'
          ? false
          : `Svaret registreres av ${navn(i, h.organId)}, som sendte høringen, eller av sekretariatet — ikke av ${navn(i, i.context.aktoer.organId)}.`;
      },
    },
    {
      kode: 'hoering_uten_parter',
      grunn: 'Svar registreres på høringer sendt til registrerte parter; en høring ført med høringsinstanser som fritekst har ingen parter å registrere svar mot.',
      art: 'refused',
      brudd: (i) => {
        const h = finnHoering(i.sak, i.data.hoeringId)!;
        return h.mottakere ? false : `Høringen ble ført med høringsinstanser som fritekst (${h.hoeringsinstanser.join(', ')}), før parter ble registrert; svar kan ikke registreres mot en part der.`;
      },
    },
    {
      kode: 'ikke_hoeringsinstans',
      grunn: 'Svaret må komme fra en part høringen ble sendt til.',
      art: 'refused',
      brudd: (i) => {
        const h = finnHoering(i.sak, i.data.hoeringId)!;
        return !h.mottakere || h.mottakere.includes(i.data.partId) ? false : `${partnavn(i, i.data.partId)} er ikke blant høringsinstansene (${h.hoeringsinstanser.join(', ')}).`;
      },
    },
    {
      kode: 'svar_foer_hoeringen',
      grunn: 'Et høringssvar kan ikke gjelde fra før høringen ble sendt.',
      art: 'refused',
      brudd: (i) => {
        const h = finnHoering(i.sak, i.data.hoeringId)!;
        return sammenlignDato(i.gjelderFra, h.sendt) < 0 ? `Svaret (${datoDel(i.gjelderFra)}) kan ikke komme før høringen ble sendt (${datoDel(h.sendt)}).` : false;
      },
    },
    ...dokumentISaken<'RegistrerHoeringssvar'>(
      (d) => d.dokumentId,
      (d) => ({ hoeringId: d.hoeringId, partId: d.partId }),
    ),
  ],
  felter: {
    hoeringId: { art: 'id', kilde: 'sti' },
    partId: { art: 'id', velges: 'part', hva: 'Høringsinstansen', beskrivelse: 'Parten som svarte.', eksempel: 'steinkjer-kommune' },
    sammendrag: { art: 'tekst', maks: LANG_TEKST, hva: 'Sammendraget', valgfri: true, eksempel: 'Støtter utkastet; ber om at fastlegene tas med i legesamarbeidet.' },
    dokumentId: { ...DOKUMENT, hva: 'Høringssvaret', eksempel: 'dok-2018-steinkjer-hoeringssvar' },
  },
  parter: (d) => (d.partId ? [d.partId] : []),
  dokumenter: (d) => (d.dokumentId ? [d.dokumentId] : []),
  lag: (i) => {
    const h = finnHoering(i.sak, i.data.hoeringId)!;
    return {
      hoeringId: i.data.hoeringId,
      partId: i.data.partId,
      partnavn: partnavn(i, i.data.partId),
      sammendrag: i.data.sammendrag,
      dokumentId: i.data.dokumentId,
      etterFrist: sammenlignDato(i.gjelderFra, h.hoeringsfrist) > 0,
    };
  },
};

const SendBrev: StegDefinisjon<'SendBrev'> = {
  steg: 'SendBrev',
  hendelse: HENDELSE_FOR_STEG.SendBrev,
  tittel: 'Send brev',
  hendelsesnavn: 'Brev sendt',
  beskrivelse: 'Send et brev til en ekstern part (f.eks. et innspill til departementet), med dokumentet og dem som signerer for organene sine; saken går videre som før.',
  rute: ':sakId/brev',
  fra: AAPNE_FASER,
  overganger: [{ til: 'uendret' }],
  aktoer: aktoer(LEDELSE, [{ relasjon: 'involvert' }, { organtype: 'sekretariat' }]),
  forutsetninger: [],
  vakter: [
    {
      kode: 'brev_finnes_allerede',
      grunn: 'Hvert brev har sin egen id.',
      art: 'conflict',
      brudd: (i) => (i.sak.hendelser.some((h) => h.type === 'BrevSendt' && h.data['brevId'] === i.data.brevId) ? `Saken har allerede brevet ${i.data.brevId}.` : false),
    },
    partFinnes((d) => [d.mottaker]),
    {
      kode: 'organ_ikke_funnet',
      grunn: 'Organet den som signerer, signerer for, må finnes.',
      art: 'not_found',
      brudd: (i) => {
        const ukjente = i.data.signatarer.map((s) => s.organId).filter((id) => !i.organ(id));
        return ukjente.length > 0 ? `Organet ${[...new Set(ukjente)].join(', ')} finnes ikke.` : false;
      },
    },
    partAktiv((d) => [d.mottaker]),
    {
      kode: 'signatar_rolle_ikke_tillatt',
      grunn: `Et brev signeres for et organ av dets ${SIGNERENDE_ROLLER.map(rollenavn).join(', ')}.`,
      art: 'refused',
      brudd: (i) => {
        const feil = i.data.signatarer.filter((s) => !(SIGNERENDE_ROLLER as readonly string[]).includes(s.rolle));
        return feil.length > 0 ? `${feil.map((s) => `${s.personId} (${rollenavn(s.rolle)})`).join(', ')} kan ikke signere for organet; det gjør dets ${SIGNERENDE_ROLLER.map(rollenavn).join(', ')}.` : false;
      },
    },
    {
      kode: 'signatar_ikke_medlem',
      grunn: 'Den som signerer, må ha hatt rollen i organet på datoen brevet gjelder fra.',
      art: 'refused',
      brudd: (i) => {
        for (const s of i.data.signatarer) {
          const brudd = medlemskapsBrudd(s, i.organ(s.organId), i.gjelderFra);
          if (brudd) return `${brudd.melding.replace(/kan ikke handle for organet i den rollen\./, 'og kan ikke signere for organet i den rollen.')}`;
        }
        return false;
      },
    },
    ...dokumentISaken<'SendBrev'>((d) => d.dokumentId),
  ],
  felter: {
    brevId: { art: 'id', kilde: 'ny', beskrivelse: 'Brevets id (gis av tjenesten).' },
    mottaker: { art: 'id', velges: 'part', hva: 'Mottakeren', beskrivelse: 'Den registrerte eksterne parten brevet sendes til.', eksempel: 'helse-og-omsorgsdepartementet' },
    tittel: { art: 'tekst', maks: 300, hva: 'Tittelen', eksempel: 'Innspill til Nasjonal helse- og sykehusplan 2024–27 fra helsefellesskapet i nordre Trøndelag' },
    dokumentId: { ...DOKUMENT, hva: 'Brevet', eksempel: 'dok-2022-innspill-nhsp' },
    signatarer: {
      art: 'signatarliste',
      maks: 10,
      roller: SIGNERENDE_ROLLER,
      hva: 'De som signerer',
      beskrivelse: 'Personene som signerer, hver for sitt organ og i sin rolle (leder, nestleder eller sekretær) på datoen brevet gjelder fra.',
      eksempel: [
        { personId: 'hege-nordheim-viken', organId: 'psu-hnt', rolle: 'leder' },
        { personId: 'bjorn-stale-aalberg', organId: 'asu-hnt', rolle: 'leder' },
      ],
    },
    merknad: { art: 'tekst', maks: LANG_TEKST, hva: 'Merknaden', valgfri: true, eksempel: 'Vedtatt i felles møte i PSU og ASU 30. mars 2022.' },
  },
  parter: (d) => (d.mottaker ? [d.mottaker] : []),
  dokumenter: (d) => (d.dokumentId ? [d.dokumentId] : []),
  lag: (i) => ({
    brevId: i.data.brevId,
    organId: i.context.aktoer.organId,
    mottaker: i.data.mottaker,
    mottakernavn: partnavn(i, i.data.mottaker),
    tittel: i.data.tittel,
    dokumentId: i.data.dokumentId,
    signatarer: i.data.signatarer.map((s) => {
      const o = i.organ(s.organId);
      const periode = o ? medlemmerPaaDato(o, i.gjelderFra).find((p) => p.personId === s.personId && p.rolle === s.rolle) : undefined;
      return { personId: s.personId, navn: periode?.navn ?? s.personId, organId: s.organId, organnavn: (o && navnPaaDato(o, i.gjelderFra)) ?? o?.navn ?? s.organId, rolle: s.rolle };
    }),
    merknad: i.data.merknad,
  }),
};

/** The steps with outside parties, in the order of a journey; spread into SAK_ARBEIDSFLYT. */
export const HOERING_STEG = { SendPaaHoering, RegistrerHoeringssvar, SendBrev } as const;
