/**
 * The demo's samhandlingsavvik (issue 19 item 5): between the eight municipalities of seed 003 —
 * Skaun, Orkland, Heim, Hitra, Frøya, Rennebu, Rindal and Surnadal («Innspill til nasjonal helse- og
 * samhandlingsplan», Skaun 30.09.22) — and their hospital trust, St. Olavs hospital HF, on the themes
 * the seed names:
 *
 * - «spesialisthelsetjenesten definerer at pasienten må ha korttidsopphold på institusjon før de har
 *   undersøkt hjemforhold og tjenester fra hjemmetjenesten»;
 * - «Pasienter skrives ofte raskt ut, for oppfølging i kommunen» (psykisk helse og rus);
 * - «ulike pasientgrupper og hvilket sykehus som skal følge opp» (Surnadal, at the county border).
 *
 * No personal data: patients are described by age group and situation only; the people acting are
 * functions (avvikskontakt, kvalitetsrådgiver), not named persons. The fagråd for kvalitet og
 * pasientsikkerhet (demo-data.ts) opens a forbedringssak from the three discharge avvik.
 *
 * ANTAKELSE: the parties are recorded as bodies from 1 January 2020 (Orkland and Heim were formed
 * then); the dates of the avvik (October 2022 – February 2023) are invented, after the seed's date.
 * Every step has a stable key (command id `demo:<key>`), so loading twice records nothing new.
 */
import type { Aktoer, AvvikStegType, OrganCommand } from '@saksgang/domain';
import { deterministicEventId } from '../command-path/deterministic-id.js';
import { DEMO_ORGAN } from './demo-data.js';

export type DemoAvvikssteg =
  | { readonly art: 'organ'; readonly noekkel: string; readonly historie: string; readonly aktoer: Aktoer; readonly command: OrganCommand }
  | { readonly art: 'avvik'; readonly noekkel: string; readonly historie: string; readonly avvikId: string; readonly aktoer: Aktoer; readonly steg: AvvikStegType; readonly data: Readonly<Record<string, unknown>> }
  | { readonly art: 'forbedringssak'; readonly noekkel: string; readonly historie: string; readonly avvikIder: readonly string[]; readonly aktoer: Aktoer; readonly tittel: string; readonly beskrivelse: string };

/** The stable UUID of a demo avvik. */
export function demoAvvikId(noekkel: string): string {
  return deterministicEventId(`demo:avvik:${noekkel}`, 0);
}

const LASTER: Aktoer = { personId: 'saksgang-demo', organId: DEMO_ORGAN.sekretariat, rolle: 'sekretaer' };
const FRA = '2020-01-01';

export const DEMO_AVVIKSPART = {
  skaun: 'skaun-kommune',
  orkland: 'orkland-kommune',
  heim: 'heim-kommune',
  hitra: 'hitra-kommune',
  froya: 'froya-kommune',
  rennebu: 'rennebu-kommune',
  rindal: 'rindal-kommune',
  surnadal: 'surnadal-kommune',
  stolav: 'st-olavs-hf',
} as const;

const KOMMUNER: readonly [keyof typeof DEMO_AVVIKSPART, string][] = [
  ['skaun', 'Skaun kommune'],
  ['orkland', 'Orkland kommune'],
  ['heim', 'Heim kommune'],
  ['hitra', 'Hitra kommune'],
  ['froya', 'Frøya kommune'],
  ['rennebu', 'Rennebu kommune'],
  ['rindal', 'Rindal kommune'],
  ['surnadal', 'Surnadal kommune'],
];

const steg: DemoAvvikssteg[] = [];

function organ(noekkel: string, command: OrganCommand): void {
  steg.push({ art: 'organ', noekkel: `avvik:organ:${noekkel}`, historie: 'avvik-parter', aktoer: LASTER, command });
}

/** The person acting for a party: its avvikskontakt (a function, not a named person). */
function kontakt(organId: string): Aktoer {
  return { personId: `avvikskontakt-${organId}`, organId, rolle: 'medlem' };
}

function part(organId: string, navn: string, organtype: 'kommune' | 'helseforetak', mandat: string, kontaktnavn: string): void {
  organ(`${organId}:opprett`, { type: 'OpprettOrgan', data: { organId, navn, organtype, mandat, gjelderFra: FRA } });
  organ(`${organId}:kontakt`, {
    type: 'OppnevnMedlem',
    data: {
      organId,
      periodeId: `demo-avvikskontakt-${organId}`,
      personId: `avvikskontakt-${organId}`,
      navn: kontaktnavn,
      rolle: 'medlem',
      representerer: navn,
      fra: FRA,
      gjelderFra: FRA,
      oppnevntAv: { eksterntOrgan: navn, vedtak: 'Utpekt som kontakt for samhandlingsavvik', dato: FRA },
    },
  });
}

for (const [k, navn] of KOMMUNER) {
  part(DEMO_AVVIKSPART[k], `${navn}, helse og omsorg`, 'kommune', `Kommunens helse- og omsorgstjenester som part i samhandlingen med helseforetaket (tjenesteavtalene).`, `Avvikskontakt i ${navn}`);
}
part(DEMO_AVVIKSPART.stolav, 'St. Olavs hospital HF', 'helseforetak', 'Helseforetaket som part i samhandlingen med kommunene (tjenesteavtalene).', 'Kvalitetsrådgiver for samhandling, St. Olavs hospital');
// The fagråd has no named member in the papers; its leader as a function lets the demo open a forbedringssak.
organ('fagraad-kvalitet:leder', {
  type: 'OppnevnMedlem',
  data: {
    organId: DEMO_ORGAN.fagraadKvalitet,
    periodeId: 'demo-fagraad-kvalitet-leder',
    personId: 'leder-fagraad-kvalitet',
    navn: 'Leder av Fagråd for kvalitet og pasientsikkerhet',
    rolle: 'leder',
    fra: FRA,
    gjelderFra: FRA,
    oppnevntAv: { organId: DEMO_ORGAN.asu, vedtak: 'ASU: oppnevning av medlemmer', dato: FRA },
  },
});
const FAGRAAD_LEDER: Aktoer = { personId: 'leder-fagraad-kvalitet', organId: DEMO_ORGAN.fagraadKvalitet, rolle: 'leder' };

/** Each demo report names its fagråd (the loader takes the steps straight through the command path, without the organisation's read model). */
function avvik(noekkel: string, melder: string, hendelser: [AvvikStegType, 'melder' | 'mottaker', Record<string, unknown>][]): string {
  const avvikId = demoAvvikId(noekkel);
  const meld = hendelser[0]![2];
  const motpart = String(meld['motpart']);
  hendelser.forEach(([s, hvem, data], i) => {
    steg.push({ art: 'avvik', noekkel: `avvik:${noekkel}:${i}:${s}`, historie: `avvik-${noekkel}`, avvikId, aktoer: kontakt(hvem === 'melder' ? melder : motpart), steg: s, data: s === 'MeldAvvik' ? { avvikId, fagraad: DEMO_ORGAN.fagraadKvalitet, ...data } : data });
  });
  return avvikId;
}

const TA5 = 'Tjenesteavtale 5 – utskrivningsklare pasienter';
const TA2 = 'Tjenesteavtale 2 – koordinerte tjenester (psykisk helse og rus)';
const TA11 = 'Tjenesteavtale 11 – akuttmedisinsk beredskap';
const TA1 = 'Tjenesteavtale 1 – ansvars- og oppgavefordeling';
const TA3 = 'Tjenesteavtale 3 – innleggelse i sykehus';

// ---------- discharge before home conditions and home services are examined ----------
const utskrivning1 = avvik('orkland-utskrivning-korttid', DEMO_AVVIKSPART.orkland, [
  ['MeldAvvik', 'melder', {
    motpart: DEMO_AVVIKSPART.stolav, tjenesteavtale: TA5, kategori: 'utskrivning', hendelsesdato: '2022-10-03', gjelderFra: '2022-10-05',
    hvaSkjedde: 'Pasient i 80-årene ble meldt utskrivningsklar med krav om korttidsopphold på institusjon. Hjemmetjenesten var ikke kontaktet, og hjemmeforholdene var ikke undersøkt.',
    konsekvens: 'Pasienten lå fem døgn på korttidsplass før hjemmetjenesten fikk vurdert behovet; pasienten reiste så hjem med hjemmesykepleie to ganger daglig.',
  }],
  ['RegistrerAvvik', 'mottaker', { saksbehandler: 'Kvalitetsrådgiver, Klinikk for medisin', gjelderFra: '2022-10-07' }],
  ['SvarPaaAvvik', 'mottaker', {
    funn: 'Behovet for korttidsopphold ble meldt ut fra sykehusets vurdering alene, uten dialog med hjemmetjenesten.', tiltak: 'Sengeposten kontakter hjemmetjenesten før behov for korttidsplass meldes; tatt opp i avdelingens internundervisning.', gjelderFra: '2022-10-20',
  }],
  ['LukkAvvik', 'melder', { merknad: 'Godtatt. Vi følger med på om endringen holder.', gjelderFra: '2022-10-24' }],
]);
const utskrivning2 = avvik('skaun-utskrivning-korttid', DEMO_AVVIKSPART.skaun, [
  ['MeldAvvik', 'melder', {
    motpart: DEMO_AVVIKSPART.stolav, tjenesteavtale: TA5, kategori: 'utskrivning', hendelsesdato: '2022-11-14', gjelderFra: '2022-11-15',
    hvaSkjedde: 'Sykehuset definerte at pasienten måtte ha korttidsopphold før kommunen hadde undersøkt hjemforhold og tjenester fra hjemmetjenesten.',
    konsekvens: 'Kommunen måtte frigjøre en korttidsplass på kort varsel; en annen pasient ventet lenger på plass.',
  }],
  ['RegistrerAvvik', 'mottaker', { gjelderFra: '2022-11-16' }],
  ['SvarPaaAvvik', 'mottaker', {
    funn: 'Samme mønster som tidligere meldt: vurderingen av hjemmeforhold overlates ikke til kommunen før utskrivning.', tiltak: 'Saken tas inn i arbeidet med felles utskrivningsrutine.', gjelderFra: '2022-12-19',
  }],
]);
const utskrivning3 = avvik('heim-utskrivning-korttid', DEMO_AVVIKSPART.heim, [
  ['MeldAvvik', 'melder', {
    motpart: DEMO_AVVIKSPART.stolav, tjenesteavtale: TA5, kategori: 'utskrivning', hendelsesdato: '2023-01-09', gjelderFra: '2023-01-10',
    hvaSkjedde: 'Melding om utskrivningsklar pasient kom med krav om institusjonsplass; kommunen fikk ikke anledning til å vurdere hjemmetjenester først.',
    konsekvens: 'Unødig institusjonsopphold og flere overflyttinger for en skrøpelig eldre pasient.',
  }],
  ['LoeftTilFagraad', 'melder', { begrunnelse: 'Tredje avvik på samme tema i løpet av et kvartal; gjelder flere kommuner og trenger en felles forbedring.', gjelderFra: '2023-01-12' }],
]);

// ---------- psychiatric patients discharged quickly ----------
avvik('hitra-psykisk-helse-rask-utskrivning', DEMO_AVVIKSPART.hitra, [
  ['MeldAvvik', 'melder', {
    motpart: DEMO_AVVIKSPART.stolav, tjenesteavtale: TA2, kategori: 'psykisk_helse_og_rus', hendelsesdato: '2022-10-21', gjelderFra: '2022-10-24',
    hvaSkjedde: 'Pasient i 30-årene ble skrevet ut fra akuttpsykiatrisk avdeling en fredag ettermiddag uten at kommunens psykiske helsetjeneste var varslet.',
    konsekvens: 'Ingen oppfølging fra kommunen før mandag; legevakten ble kontaktet i helgen.',
  }],
  ['RegistrerAvvik', 'mottaker', { saksbehandler: 'Kvalitetsrådgiver, Klinikk for psykisk helsevern', gjelderFra: '2022-10-25' }],
  ['BeOmMerInformasjon', 'mottaker', { spoersmaal: 'Var det avtalt en ansvarsgruppe eller en individuell plan før innleggelsen?', gjelderFra: '2022-10-27' }],
  ['GiMerInformasjon', 'melder', { svar: 'Nei, det var ikke etablert ansvarsgruppe. Kommunen hadde bedt om samarbeidsmøte før utskrivning.', gjelderFra: '2022-10-31' }],
  ['SvarPaaAvvik', 'mottaker', { funn: 'Ønsket om samarbeidsmøte ble ikke fulgt opp før utskrivning.', tiltak: 'Utskrivning fra akuttpsykiatri skjer ikke før kommunen er varslet, og ikke på fredag ettermiddag uten avtale.', gjelderFra: '2022-11-10' }],
  ['LukkAvvik', 'melder', { gjelderFra: '2022-11-14' }],
]);
avvik('froya-psykisk-helse-epikrise', DEMO_AVVIKSPART.froya, [
  ['MeldAvvik', 'melder', {
    motpart: DEMO_AVVIKSPART.stolav, tjenesteavtale: TA2, kategori: 'psykisk_helse_og_rus', hendelsesdato: '2023-02-03', gjelderFra: '2023-02-06',
    hvaSkjedde: 'Pasient med rusavhengighet ble skrevet ut etter kort opphold uten epikrise og uten plan for videre behandling.',
    konsekvens: 'Kommunen kunne ikke gi den oppfølgingen pasienten trengte; ny innleggelse etter ni dager.',
  }],
  ['RegistrerAvvik', 'mottaker', { gjelderFra: '2023-02-08' }],
]);

// ---------- which hospital follows up, across the county border ----------
avvik('surnadal-hvilket-sykehus', DEMO_AVVIKSPART.surnadal, [
  ['MeldAvvik', 'melder', {
    motpart: DEMO_AVVIKSPART.stolav, tjenesteavtale: TA1, kategori: 'ansvarsavklaring', hendelsesdato: '2022-12-01', gjelderFra: '2022-12-02',
    hvaSkjedde: 'Pasient fra Surnadal (Møre og Romsdal) ble henvist til St. Olav, men henvisningen ble sendt videre til helseforetaket i eget fylke. Ingen av sykehusene tok ansvar for oppfølgingen.',
    konsekvens: 'Behandlingen ble forsinket i tre uker mens ansvaret var uavklart.',
  }],
  ['RegistrerAvvik', 'mottaker', { saksbehandler: 'Pasientkoordinator, St. Olavs hospital', gjelderFra: '2022-12-05' }],
  ['BeOmMerInformasjon', 'mottaker', { spoersmaal: 'Hvilken fastlege henviste, og til hvilken poliklinikk? Vi trenger det for å følge henvisningen i systemet (ikke pasientens navn).', gjelderFra: '2022-12-07' }],
]);
avvik('rindal-akutt-grense', DEMO_AVVIKSPART.rindal, [
  ['MeldAvvik', 'melder', {
    motpart: DEMO_AVVIKSPART.stolav, tjenesteavtale: TA11, kategori: 'akuttberedskap', hendelsesdato: '2023-01-16', gjelderFra: '2023-01-17',
    hvaSkjedde: 'Ved en akutt hendelse var det uklart om ambulansen skulle kjøre til St. Olav eller til sykehuset i eget fylke med ferge.',
    konsekvens: 'Lengre tid til behandling; legevakten brukte tid på å avklare mottak.',
  }],
  ['RegistrerAvvik', 'mottaker', { gjelderFra: '2023-01-18' }],
  ['LoeftTilFagraad', 'melder', { begrunnelse: '«Grenseproblematikk» gjelder flere kommuner og to helseforetak; det trengs en avklaring på tvers.', gjelderFra: '2023-02-20' }],
]);

// ---------- information and medication at transfers ----------
avvik('rennebu-legemiddelliste', DEMO_AVVIKSPART.rennebu, [
  ['MeldAvvik', 'melder', {
    motpart: DEMO_AVVIKSPART.stolav, tjenesteavtale: TA5, kategori: 'legemidler', hendelsesdato: '2022-11-02', gjelderFra: '2022-11-03',
    hvaSkjedde: 'Legemiddellisten i epikrisen stemte ikke med det pasienten fikk med seg hjem; to legemidler var seponert uten at det sto i epikrisen.',
    konsekvens: 'Hjemmesykepleien ga et seponert legemiddel i to døgn før feilen ble oppdaget.',
  }],
  ['RegistrerAvvik', 'mottaker', { gjelderFra: '2022-11-04' }],
  ['SvarPaaAvvik', 'mottaker', { funn: 'Epikrisen ble skrevet før siste legemiddelgjennomgang.', tiltak: 'Legemiddelsamstemming gjøres rett før utskrivning og kontrolleres av sykepleier.', gjelderFra: '2022-11-18' }],
  ['LukkAvvik', 'melder', { gjelderFra: '2022-11-21' }],
]);
avvik('stolav-melding-orkland', DEMO_AVVIKSPART.stolav, [
  ['MeldAvvik', 'melder', {
    motpart: DEMO_AVVIKSPART.orkland, tjenesteavtale: TA3, kategori: 'informasjonsoverfoering', hendelsesdato: '2022-12-12', gjelderFra: '2022-12-13',
    hvaSkjedde: 'Melding om innlagt pasient ble ikke besvart av kommunen samme dag, og sykehuset fikk ikke opplysninger om hvilke tjenester pasienten hadde før innleggelsen.',
    konsekvens: 'Planleggingen av utskrivningen startet et døgn senere enn nødvendig.',
  }],
  ['RegistrerAvvik', 'mottaker', { saksbehandler: 'Tildelingskontoret, Orkland kommune', gjelderFra: '2022-12-14' }],
  ['SvarPaaAvvik', 'mottaker', { funn: 'Meldingen kom i en periode med sykefravær på tildelingskontoret.', tiltak: 'Fast stedfortreder for meldingene om innlagte pasienter.', gjelderFra: '2022-12-21' }],
  ['LukkAvvik', 'melder', { gjelderFra: '2023-01-03' }],
]);

// The fagråd opens a forbedringssak from the three discharge avvik (seed 002, table 6: «Forbedringsarbeid ut fra samhandlingsavvik mellom kommunene og HNT — ASU, Fagråd 12»).
steg.push({
  art: 'forbedringssak',
  noekkel: 'avvik:forbedringssak-utskrivning',
  historie: 'avvik-forbedringssak-utskrivning',
  avvikIder: [utskrivning1, utskrivning2, utskrivning3],
  aktoer: FAGRAAD_LEDER,
  tittel: 'Forbedringssak: utskrivning før hjemmeforhold og hjemmetjenester er vurdert',
  beskrivelse:
    'Fagråd for kvalitet og pasientsikkerhet har fått tre samhandlingsavvik på samme tema fra Orkland, Skaun og Heim: sykehuset definerer at pasienten må ha korttidsopphold før kommunen har undersøkt hjemforhold og tjenester fra hjemmetjenesten (innspill fra kommunene, 30.09.22). Fagrådet foreslår en felles utskrivningsrutine.',
});

export const DEMO_AVVIKSSTEG: readonly DemoAvvikssteg[] = steg;
