/**
 * The demo helsefellesskap: Helsefellesskapet i nordre Trøndelag, as the papers in the shared seeds
 * describe it. First the organisation (the structure in the PSU notice of 15 February 2019, seed 004;
 * the arbeidsutvalg, the sekretariat and the working group for children and young people, seed 001),
 * then real cases with the dates the papers give:
 *
 * - «Handlingsplan for samhandling 2018–2021» (seed 002): PSU sak 3/17 → ASU sak 16/2017 → the joint
 *   PSU/ASU meeting of 23 November 2017 → hearing → adopted in ASU on 13 February 2018 → follow-up.
 * - The PSU meeting of 15 February 2019 (seed 004): saker 1/19–4/19 and the four orienteringssaker;
 *   Trøndelag fylkeskommune joins PSU as an observer by sak 2/19.
 * - «Innspill til Nasjonal helse- og sykehusplan 2024–27» (seed 001), adopted in a joint PSU and ASU
 *   meeting on 30 March 2022 and sent on 31 March 2022.
 *
 * Where a paper gives no date for a step, the date of the meeting it belongs to is used, and the few
 * assumptions are marked `ANTAKELSE` below. The 2019 notice is a notice (innkalling), not minutes:
 * decisions are recorded as the «forslag til vedtak» it proposes, and the two saker without a proposal
 * (3/19, 4/19) stay on the agenda without a decision.
 *
 * Every step has a stable key; its command id is `demo:<key>`, so loading twice records nothing new.
 */
import { type Aktoer, type KorrespondansepartCommand, kreverOppnevning, type Oppnevning, type OrganCommand, type Parttype, type Rolle, type SakCommand } from '@saksgang/domain';
import { deterministicEventId } from '../command-path/deterministic-id.js';

export type DemoSteg =
  | { readonly art: 'organ'; readonly noekkel: string; readonly historie: string; readonly aktoer: Aktoer; readonly command: OrganCommand }
  /** An outside party (korrespondansepart) registered, renamed or ended. */
  | { readonly art: 'part'; readonly noekkel: string; readonly historie: string; readonly aktoer: Aktoer; readonly command: KorrespondansepartCommand }
  | { readonly art: 'sak'; readonly noekkel: string; readonly historie: string; readonly sakId: string; readonly aktoer: Aktoer; readonly command: SakCommand }
  | {
      readonly art: 'saksliste';
      readonly noekkel: string;
      readonly historie: string;
      readonly sakId: string;
      readonly aktoer: Aktoer;
      readonly organIder: readonly string[];
      readonly moetedato: string;
      readonly moetested?: string;
      readonly sakslistepunktId: string;
    };

/** The stable UUID of a demo sak. */
export function demoSakId(noekkel: string): string {
  return deterministicEventId(`demo:sak:${noekkel}`, 0);
}

/** A demo document's id (demo-dokumenter.ts uploads it; a step here may name it, as a user names the file they uploaded). */
export function demoDokumentId(noekkel: string): string {
  return deterministicEventId(`demo:dokument:${noekkel}`, 0);
}

// ---------- the bodies ----------

export const DEMO_ORGAN = {
  psu: 'psu-hnt',
  asu: 'asu-hnt',
  arbeidsutvalg: 'au-hnt',
  sekretariat: 'sekretariat-hnt',
  fagraadKoordinerendeEnheter: 'fagraad-koordinerende-enheter',
  fagraadUtdanning: 'fagraad-utdanning',
  fagraadFoedsel: 'fagraad-svangerskap-fodsel-barsel',
  fagraadDigital: 'fagraad-digital-samhandling',
  fagraadForebygging: 'fagraad-forebygging',
  fagraadKvalitet: 'fagraad-kvalitet',
  personalnettverket: 'fagnettverk-personal',
  arbeidsgruppeBarnUnge: 'ag-barn-unge',
} as const;

const O = DEMO_ORGAN;

/** «Avtalene ble inngått første gang fra 2012» (seed 004): the bodies of the samarbeidsavtale date from then. */
const AVTALE_2012 = '2012-01-01';

/** The loader itself, recording the organisation as the papers describe it. */
const LASTER: Aktoer = { personId: 'saksgang-demo', organId: O.sekretariat, rolle: 'sekretaer' };

const PSU_SEKRETAER: Aktoer = { personId: 'ks-sekretaer', organId: O.psu, rolle: 'sekretaer' };
const ASU_SEKRETAER: Aktoer = { personId: 'olav-bremnes', organId: O.asu, rolle: 'sekretaer' };
const ASU_LEDER_2019: Aktoer = { personId: 'peter-ardon', organId: O.asu, rolle: 'leder' };
const ASU_LEDER_2022: Aktoer = { personId: 'bjorn-staale-aalberg', organId: O.asu, rolle: 'leder' };
const AU_MEDLEM: Aktoer = { personId: 'olav-bremnes', organId: O.arbeidsutvalg, rolle: 'medlem' };
const SEKRETARIATET: Aktoer = { personId: 'samhandlingsleder-kommunene', organId: O.sekretariat, rolle: 'sekretaer' };

const steg: DemoSteg[] = [];
let historie = 'organisasjon';

function organ(noekkel: string, command: OrganCommand): void {
  steg.push({ art: 'organ', noekkel: `organ:${noekkel}`, historie, aktoer: LASTER, command });
}

function opprett(organId: string, navn: string, organtype: string, mandat: string, ekstra: { tjenesteavtale?: string; oppnevntAv?: string; gjelderFra?: string } = {}): void {
  organ(`${organId}:opprett`, {
    type: 'OpprettOrgan',
    data: { organId, navn, organtype: organtype as never, mandat, gjelderFra: ekstra.gjelderFra ?? AVTALE_2012, ...(ekstra.tjenesteavtale ? { tjenesteavtale: ekstra.tjenesteavtale } : {}), ...(ekstra.oppnevntAv ? { oppnevntAv: ekstra.oppnevntAv } : {}) },
  });
}

/**
 * Who appointed the members with a vote (the papers name the appointing bodies, not the decisions;
 * ANTAKELSE: the decision is dated the first day of the period). PSU's members are appointed by KS
 * fylkesmøte and the hospital trust's board (seed 004), ASU's by the parties; ASU appoints its
 * arbeidsutvalg and the working group.
 */
function oppnevntAv(organId: string, fra: string): Oppnevning {
  if (organId === O.psu) return { eksterntOrgan: 'KS fylkesmøte og styret i Helse Nord-Trøndelag HF', vedtak: 'Oppnevning av medlemmer til PSU', dato: fra };
  if (organId === O.asu) return { eksterntOrgan: 'Kommunene og Helse Nord-Trøndelag HF', vedtak: 'Oppnevning av medlemmer til ASU', dato: fra };
  return { organId: O.asu, vedtak: 'ASU: oppnevning av medlemmer', dato: fra };
}

function medlem(organId: string, personId: string, navn: string, rolle: Rolle, fra: string, ekstra: { representerer?: string; til?: string; noekkel?: string } = {}): void {
  const noekkel = `${organId}:medlem:${ekstra.noekkel ?? `${personId}:${rolle}`}`;
  organ(noekkel, {
    type: 'OppnevnMedlem',
    data: {
      organId,
      periodeId: `demo-${personId}-${rolle}-${fra}`,
      personId,
      navn,
      rolle,
      fra,
      gjelderFra: fra,
      ...(ekstra.representerer ? { representerer: ekstra.representerer } : {}),
      ...(ekstra.til ? { til: ekstra.til } : {}),
      ...(kreverOppnevning(rolle) ? { oppnevntAv: oppnevntAv(organId, fra) } : {}),
    },
  });
}

// PSU and ASU (seed 004: «Er vi rigget for framtidens helseutfordringer?»)
opprett(
  O.psu,
  'Politisk samarbeidsutvalg (PSU) i nordlige Trøndelag',
  'psu',
  'Politisk samarbeidsarena mellom helseforetaket og kommunesektoren. «Fra Helse Nord-Trøndelag er 4 (av 5) styremedlemmer fra Helse Nord-Trøndelag, medlemmer av utvalget. … KS fylkesmøte har oppnevnt 4 ordførere som faste medlemmer av utvalget. … En har avholdt ca 4 møter i året, der ett er et dagsmøte sammen med ASU.»',
);
opprett(
  O.asu,
  'Administrativt samarbeidsutvalg (ASU)',
  'asu',
  '«ASU: 7 representanter fra kommunene og 6 fra helseforetaket. … 6 møter i året, ett dagsmøte sammen med PSU.» ASU «har et overordnet ansvar for å prioriterte samhandlingsområdene, tiltakene og konkretisering av arbeids- og oppgavedeling mellom partene» (handlingsplanen 2018–2021).',
);
opprett(
  O.arbeidsutvalg,
  'Arbeidsutvalget',
  'arbeidsutvalg',
  '«Arbeidsutvalget til ASU har hatt ansvar for gjennomføring og koordinering av arbeidet med handlingsplanen.» (handlingsplanen 2018–2021)',
  { oppnevntAv: O.asu, gjelderFra: '2017-03-24' },
);
// ANTAKELSE: the kommunal samhandlingskoordinator «fra 4. mars 2019» made the joint sekretariat possible (seed 004).
opprett(
  O.sekretariat,
  'Sekretariatet for helsefellesskapet',
  'sekretariat',
  '«Ett felles sekretariat har vært nødvendig for å kunne forberede og følge opp saker i Helsefellesskapet på en god måte. Sekretariatet sikrer at det er en sammenheng mellom saker som tas opp på de ulike nivåene i Helsefellesskapet (politisk, administrativt og faglig).»',
  { gjelderFra: '2019-03-04' },
);

// The six fagråd with their tjenesteavtaler (seed 004).
opprett(O.fagraadKoordinerendeEnheter, 'Fagråd for koordinerende enheter', 'fagraad', 'Fagråd 1 av 6: koordinerende enheter (tjenesteavtale 2).', { tjenesteavtale: 'tjenesteavtale 2' });
opprett(O.fagraadUtdanning, 'Samarbeidsorganet mellom kommunene, HNT og Nord Universitet', 'fagraad', 'Fagråd 2 av 6: samarbeid om utdanning, praksis og forskning (tjenesteavtale 6 og 7).', { tjenesteavtale: 'tjenesteavtale 6 og 7' });
opprett(O.fagraadFoedsel, 'Samarbeid om svangerskaps-, fødsels- og barseltilbud', 'fagraad', 'Fagråd 3 av 6: svangerskaps-, fødsels- og barseltilbud (tjenesteavtale 8).', { tjenesteavtale: 'tjenesteavtale 8' });
opprett(O.fagraadDigital, 'Fagråd digital samhandling Nord-Trøndelag', 'fagraad', 'Fagråd 4 av 6: digital samhandling. «Samarbeide om planlegging og implementering av Helseplattformen» (handlingsplanen).', { tjenesteavtale: 'tjenesteavtale (nummer ikke oppgitt i innkallingen)' });
opprett(O.fagraadForebygging, 'Fagråd for samarbeid om forebygging', 'fagraad', 'Fagråd 5 av 6: forebygging (tjenesteavtale 10).', { tjenesteavtale: 'tjenesteavtale 10' });
opprett(O.fagraadKvalitet, 'Fagråd for kvalitet og pasientsikkerhet', 'fagraad', 'Fagråd 6 av 6: kvalitet og pasientsikkerhet (tjenesteavtale 12).', { tjenesteavtale: 'tjenesteavtale 12' });
// The papers name no fagråd member; a secretary (a role, not a named person) lets a demo user receive,
// accept and deliver an oppdrag as a fagråd does (the handlingsplan story with an oppdrag to a fagråd).
medlem(O.fagraadKoordinerendeEnheter, 'fagraad-ke-sekretaer', 'Sekretær for Fagråd for koordinerende enheter', 'sekretaer', '2017-01-01');

// The nine fagnettverk (seed 004).
const FAGNETTVERK: readonly [string, string][] = [
  ['fagnettverk-legeforum', 'Namdal legeforum og Innherred medisinske forum'],
  ['fagnettverk-kreftomsorg', 'Fagnettverk for ressursgrupper i kreftomsorg og lindrende behandling'],
  [O.personalnettverket, 'Personalnettverket'],
  ['fagnettverk-kognitiv-miljoterapi', 'Nettverk for kognitiv miljøterapi'],
  ['fagnettverk-migrasjonshelse', 'Migrasjonshelse'],
  ['fagnettverk-demens', 'Fagforum for demens og alderspsykiatri'],
  ['fagnettverk-treningskontakt', 'Treningskontaktordningen'],
  ['fagnettverk-kols-levanger', 'KOLS fagnettverk – sykehuset Levanger og samarbeidende kommuner'],
  ['fagnettverk-kols-namsos', 'KOLS fagnettverk – sykehuset Namsos og samarbeidende kommuner'],
];
FAGNETTVERK.forEach(([organId, navn], i) => opprett(organId, navn, 'fagnettverk', `Fagnettverk ${i + 1} av 9 (innkalling til PSU 15. februar 2019).`));

// The working group for children and young people (seed 001). ANTAKELSE: the papers give no date; it existed by 31 March 2022.
opprett(
  O.arbeidsgruppeBarnUnge,
  'Arbeidsgruppen for samarbeid om barn og unge',
  'arbeidsgruppe',
  '«Arbeidsgruppen skal beskrive hvordan helsefellesskapet kan utvikle barn og unges helsetjeneste, samt utarbeide konkrete forslag til tiltak, for å skape en sammenhengende helsetjeneste for barn og unge.»',
  { oppnevntAv: O.asu, gjelderFra: '2021-06-01' },
);
medlem(O.arbeidsgruppeBarnUnge, 'statsforvalteren', 'Statsforvalteren i Trøndelag', 'medlem', '2021-06-01', { representerer: 'Statsforvalteren' });

// Members with roles, where the papers name them. A period ends the day before a successor is attested (ANTAKELSE).
medlem(O.psu, 'robert-svarva', 'Robert Svarva', 'leder', '2016-01-01', { representerer: 'Kommunene (valgt i KS fylkesmøte for 4 år)', til: '2022-03-29' });
medlem(O.psu, 'ks-sekretaer', 'KS (sekretær for PSU)', 'sekretaer', '2016-01-01', { representerer: 'KS' });
medlem(O.psu, 'hege-nordheim-viken', 'Hege Nordheim-Viken', 'leder', '2022-03-30');
medlem(O.asu, 'peter-ardon', 'Peter Ardon (rådmann)', 'leder', '2017-01-01', { representerer: 'Kommunene', til: '2022-03-29' });
medlem(O.asu, 'olav-bremnes', 'Olav Bremnes (samhandlingssjef)', 'sekretaer', '2017-01-01', { representerer: 'Helse Nord-Trøndelag HF' });
medlem(O.asu, 'olav-bremnes', 'Olav Bremnes (samhandlingssjef)', 'nestleder', '2017-01-01', { representerer: 'Helse Nord-Trøndelag HF' });
medlem(O.asu, 'bjorn-staale-aalberg', 'Bjørn Ståle Aalberg', 'leder', '2022-03-30');
// «Arbeidsutvalget har bestått av: Fra kommunene /KS: Peter Ardon, leder i ASU, Runar Asp, Marit Moe og Sunniva Rognerud. Fra Helse Nord-Trøndelag: Tone Skrove Haugan og Olav Bremnes»
for (const [personId, navn, representerer] of [
  ['peter-ardon', 'Peter Ardon', 'Kommunene / KS'],
  ['runar-asp', 'Runar Asp', 'Kommunene / KS'],
  ['marit-moe', 'Marit Moe', 'Kommunene / KS'],
  ['sunniva-rognerud', 'Sunniva Rognerud', 'Kommunene / KS'],
  ['tone-skrove-haugan', 'Tone Skrove Haugan', 'Helse Nord-Trøndelag HF'],
  ['olav-bremnes', 'Olav Bremnes', 'Helse Nord-Trøndelag HF'],
] as const) {
  medlem(O.arbeidsutvalg, personId, navn, 'medlem', '2017-03-24', { representerer });
}
// «Sekretariatet utgjør ca. to årsverk, ett fra kommunen og ett fra helseforetaket» (seed 001).
medlem(O.sekretariat, 'samhandlingsleder-kommunene', 'Samhandlingsleder for kommunene', 'sekretaer', '2019-03-04', { representerer: 'Kommunene' });
medlem(O.sekretariat, 'samhandlingsseksjonen-hnt', 'Samhandlingsseksjonen i helseforetaket', 'sekretaer', '2019-03-04', { representerer: 'Helse Nord-Trøndelag HF' });
// Seed 001 (31 March 2022) describes the arbeidsutvalg's task then: triage.
organ(`${O.arbeidsutvalg}:mandat-2022`, {
  type: 'EndreMandat',
  data: {
    organId: O.arbeidsutvalg,
    mandat: '«Arbeidsutvalget består av lederne for politisk- og administrativt samarbeidsutvalg (PSU og ASU) i tillegg til sekretariatet. Arbeidsutvalget er hensiktsmessig for å kunne ha en helhetlig tilnærming i saksgangen, samt vurdere sakenes art og innhold slik at disse blir tildelt til riktig nivå.»',
    gjelderFra: '2022-03-31',
  },
});
medlem(O.arbeidsutvalg, 'hege-nordheim-viken', 'Hege Nordheim-Viken', 'medlem', '2022-03-31', { representerer: 'Leder i PSU' });
medlem(O.arbeidsutvalg, 'bjorn-staale-aalberg', 'Bjørn Ståle Aalberg', 'medlem', '2022-03-31', { representerer: 'Leder i ASU' });

// ---------- the outside parties ----------
// The municipalities of the nordre Trøndelag helsefellesskap in 2017, with the mergers the action plan
// lists (seed 002: «Leksvik kommune slås sammen med Rissa fra 01.01.2018», «Namsos, Namdalseid og Fosnes
// slås sammen fra 01.01.2020», «Verran og Steinkjer slås sammen i 2020»); the hospital trust, the
// ministry, the county governor (renamed as it was), KS and the users' council.
historie = 'parter';

function part(noekkel: string, command: KorrespondansepartCommand): void {
  steg.push({ art: 'part', noekkel: `part:${noekkel}`, historie, aktoer: LASTER, command });
}
function registrerPart(partId: string, navn: string, parttype: Parttype, gjelderFra = AVTALE_2012): void {
  part(`${partId}:registrer`, { type: 'RegistrerKorrespondansepart', data: { partId, navn, parttype, gjelderFra } });
}

/** The parties of the demo, by key. */
export const DEMO_PART = {
  steinkjer: 'steinkjer-kommune',
  verdal: 'verdal-kommune',
  levanger: 'levanger-kommune',
  stjoerdal: 'stjordal-kommune',
  namsos: 'namsos-kommune',
  inderoey: 'inderoy-kommune',
  leksvik: 'leksvik-kommune',
  namdalseid: 'namdalseid-kommune',
  verran: 'verran-kommune',
  indreFosen: 'indre-fosen-kommune',
  hnt: 'helse-nord-trondelag',
  hod: 'helse-og-omsorgsdepartementet',
  statsforvalteren: 'statsforvalteren-trondelag',
  ks: 'ks-trondelag',
  brukerutvalget: 'brukerutvalget-hnt',
} as const;
const P = DEMO_PART;
for (const [id, navn] of [
  [P.steinkjer, 'Steinkjer kommune'],
  [P.verdal, 'Verdal kommune'],
  [P.levanger, 'Levanger kommune'],
  [P.stjoerdal, 'Stjørdal kommune'],
  [P.namsos, 'Namsos kommune'],
  [P.inderoey, 'Inderøy kommune'],
  [P.leksvik, 'Leksvik kommune'],
  [P.namdalseid, 'Namdalseid kommune'],
  [P.verran, 'Verran kommune'],
] as const) {
  registrerPart(id, navn, 'kommune');
}
registrerPart(P.indreFosen, 'Indre Fosen kommune', 'kommune', '2018-01-01');
part(`${P.leksvik}:avslutt`, { type: 'AvsluttKorrespondansepart', data: { partId: P.leksvik, begrunnelse: '«Leksvik kommune slås sammen med Rissa fra 01.01.2018.»', erstattetAv: P.indreFosen, gjelderFra: '2018-01-01' } });
part(`${P.namdalseid}:avslutt`, { type: 'AvsluttKorrespondansepart', data: { partId: P.namdalseid, begrunnelse: '«Namsos, Namdalseid og Fosnes slås sammen fra 01.01.2020»', erstattetAv: P.namsos, gjelderFra: '2020-01-01' } });
part(`${P.verran}:avslutt`, { type: 'AvsluttKorrespondansepart', data: { partId: P.verran, begrunnelse: '«Verran og Steinkjer slås sammen i 2020»', erstattetAv: P.steinkjer, gjelderFra: '2020-01-01' } });
registrerPart(P.hnt, 'Helse Nord-Trøndelag HF', 'helseforetak');
registrerPart(P.hod, 'Helse- og omsorgsdepartementet', 'departement');
registrerPart(P.statsforvalteren, 'Fylkesmannen i Nord-Trøndelag', 'statsforvalter');
part(`${P.statsforvalteren}:navn-2018`, { type: 'OmdoepKorrespondansepart', data: { partId: P.statsforvalteren, navn: 'Fylkesmannen i Trøndelag', gjelderFra: '2018-01-01' } });
part(`${P.statsforvalteren}:navn-2021`, { type: 'OmdoepKorrespondansepart', data: { partId: P.statsforvalteren, navn: 'Statsforvalteren i Trøndelag', gjelderFra: '2021-01-01' } });
registrerPart(P.ks, 'KS Trøndelag', 'interesseorganisasjon');
registrerPart(P.brukerutvalget, 'Brukerutvalget i Helse Nord-Trøndelag', 'brukerorganisasjon');

// ---------- the cases ----------

function sak(sakNoekkel: string, noekkel: string, aktoer: Aktoer, command: SakCommand): void {
  steg.push({ art: 'sak', noekkel: `sak:${sakNoekkel}:${noekkel}`, historie, sakId: demoSakId(sakNoekkel), aktoer, command });
}

function saksliste(sakNoekkel: string, aktoer: Aktoer, organIder: readonly string[], moetedato: string, moetested?: string): string {
  const sakslistepunktId = `demo-${sakNoekkel}-${moetedato}`;
  steg.push({
    art: 'saksliste',
    noekkel: `sak:${sakNoekkel}:saksliste:${moetedato}`,
    historie,
    sakId: demoSakId(sakNoekkel),
    aktoer,
    organIder,
    moetedato,
    ...(moetested ? { moetested } : {}),
    sakslistepunktId,
  });
  return sakslistepunktId;
}

// ===== Handlingsplan for samhandling 2018–2021 (seed 002) =====
historie = 'handlingsplan-2018-2021';
{
  const s = 'handlingsplan-2018-2021';
  sak(s, 'registrer', PSU_SEKRETAER, {
    type: 'RegistrerSak',
    data: {
      sakId: demoSakId(s),
      tittel: 'Handlingsplan for samhandling mellom kommunene i Nordre del av Trøndelag og Helse Nord-Trøndelag HF 2018–2021',
      beskrivelse:
        '«Arbeidet med handlingsplanen startet med strategisamling 24. mars 2017 for politisk- og administrativt samarbeidsutvalg (PSU/ASU), hvor det kom en rekke forslag til strategiske områder og tiltak som bør prioriteres i samhandlingen mellom kommunene og HNT.»',
      innmeldtAv: O.psu,
      sakstype: 'beslutningssak',
      saksnummer: '3/17',
      gjelderFra: '2017-03-24',
    },
  });
  // «PSU vedtok i sak 3/17 forslag til arbeidsprosess og framdriftsplan for en handlingsplan og oversendte
  // saken til ASU for videre oppfølging» (seed 002): one decision that is also the order to ASU. PSU's own
  // sak, prepared by PSU's secretary for the strategy gathering of 24 March 2017.
  sak(s, 'tildel', AU_MEDLEM, { type: 'TildelNivaa', data: { organId: O.psu, begrunnelse: 'PSUs egen sak til strategisamlingen 24. mars 2017.', gjelderFra: '2017-03-24' } });
  sak(s, 'innstilling-psu', PSU_SEKRETAER, {
    type: 'AvgiInnstilling',
    data: { forslagTilVedtak: 'PSU vedtar forslag til arbeidsprosess og framdriftsplan for en handlingsplan for samhandling, og oversender saken til ASU for videre oppfølging.', gjelderFra: '2017-03-24' },
  });
  const strategisamling = saksliste(s, PSU_SEKRETAER, [O.psu], '2017-03-24');
  sak(s, 'vedtak-psu-3-17', PSU_SEKRETAER, {
    type: 'FattVedtak',
    data: {
      sakslistepunktId: strategisamling,
      vedtaksutfall: 'vedtatt',
      vedtakstekst: '«PSU vedtok i sak 3/17 forslag til arbeidsprosess og framdriftsplan for en handlingsplan og oversendte saken til ASU for videre oppfølging.»',
      bestillesFra: O.asu,
      mandat: 'Utarbeide handlingsplan for samhandling mellom kommunene og HNT etter forslaget til arbeidsprosess og framdriftsplan (PSU-sak 3/17).',
      // ANTAKELSE: the papers give no deadline; the plan was adopted in ASU on 13 February 2018.
      frist: '2018-02-13',
    },
  });
  // ANTAKELSE: ASU's meeting of 18 April 2017 (the samarbeidsavtale was «godkjent i ASU 18.04.17», seed 002).
  sak(s, 'motta', ASU_SEKRETAER, { type: 'MottaBestilling', data: { saksnummer: '16/2017', gjelderFra: '2017-04-18' } });
  sak(s, 'innstilling-utkast', ASU_SEKRETAER, {
    type: 'AvgiInnstilling',
    data: {
      forslagTilVedtak:
        'Utkast til handlingsplan legges fram for felles møte i PSU og ASU. «I oktober 2017 har man etterspurt innspill fra kommuner, HNT og andre samarbeidspartnere. Innspillene ble tatt inn i handlingsplan, og systematisert i ulike tema.»',
      gjelderFra: '2017-11-23',
    },
  });
  const felles = saksliste(s, ASU_SEKRETAER, [O.psu, O.asu], '2017-11-23');
  sak(s, 'vedtak-felles-moete', ASU_SEKRETAER, {
    type: 'FattVedtak',
    data: { sakslistepunktId: felles, vedtaksutfall: 'sendt_tilbake', vedtakstekst: '«Utkastet ble behandlet i felles møte for PSU og ASU 23.11.2017, og sendt ut på høring før vedtak i ASU 13. februar 2018.»' },
  });
  // «… sendt ut på høring før vedtak i ASU 13. februar 2018» (seed 002). ANTAKELSE: sent the day after the
  // joint meeting with a frist of 15 January 2018, to the municipalities, HNT, KS and the users' council;
  // four answers are recorded (one late), the others are missing.
  const hoeringId = 'demo-hoering-handlingsplan-2017';
  sak(s, 'hoering', ASU_SEKRETAER, {
    type: 'SendPaaHoering',
    data: {
      hoeringId,
      hoeringsutkast: 'Utkast til handlingsplan for samhandling mellom kommunene i Nordre del av Trøndelag og Helse Nord-Trøndelag HF 2018–2021',
      mottakere: [P.steinkjer, P.verdal, P.levanger, P.stjoerdal, P.namsos, P.inderoey, P.leksvik, P.namdalseid, P.verran, P.hnt, P.ks, P.brukerutvalget],
      hoeringsfrist: '2018-01-15',
      // The draft uploaded first (demo-dokumenter.ts), then sent with the hearing.
      dokumentId: demoDokumentId('handlingsplan-2018-2021:hoeringsutkast'),
      merknad: '«Utkastet ble behandlet i felles møte for PSU og ASU 23.11.2017, og sendt ut på høring før vedtak i ASU 13. februar 2018.»',
      gjelderFra: '2017-11-24',
    },
  });
  for (const [partId, dato, sammendrag] of [
    [P.steinkjer, '2018-01-10', 'Støtter utkastet; ber om at legesamarbeidet («Opprette legeråd mellom kommunene og HNT») prioriteres.'],
    [P.levanger, '2018-01-15', 'Støtter utkastet.'],
    [P.hnt, '2018-01-15', 'Helse Nord-Trøndelag HF slutter seg til utkastet og vil innarbeide handlingsplanen i strategisk utviklingsplan.'],
    [P.verdal, '2018-01-22', 'Ber om at samarbeidet med kommunale øhjelps døgntilbud evalueres.'],
  ] as const) {
    sak(s, `hoeringssvar:${partId}`, ASU_SEKRETAER, { type: 'RegistrerHoeringssvar', data: { hoeringId, partId, sammendrag, gjelderFra: dato } });
  }
  sak(s, 'innstilling-etter-hoering', ASU_SEKRETAER, {
    type: 'AvgiInnstilling',
    data: {
      forslagTilVedtak: 'ASU vedtar «Handlingsplan for samhandling mellom kommunene i Nordre del av Trøndelag og Helse Nord-Trøndelag HF 2018 - 2021» etter høringen.',
      gjelderFra: '2018-02-13',
    },
  });
  const asu = saksliste(s, ASU_SEKRETAER, [O.asu], '2018-02-13');
  sak(s, 'vedtak-asu', ASU_SEKRETAER, {
    type: 'FattVedtak',
    data: {
      sakslistepunktId: asu,
      vedtaksutfall: 'vedtatt',
      vedtakstekst: 'Handlingsplanen vedtas. «Handlingsplanen vil bli innarbeidet i den strategisk utviklingsplan for Helse Nord-Trøndelag, og rulleres årlig i ASU.»',
    },
  });
  sak(s, 'oppfoelging-pasientforloep', ASU_SEKRETAER, {
    type: 'SendTilOppfoelging',
    data: {
      oppfoelgingId: 'demo-handlingsplan-tiltak-2-1',
      tilOrganId: O.fagraadKoordinerendeEnheter,
      beskrivelse: 'Tabell 3, tiltak 1: «Beskrive helhetlige pasientforløp fra hjem til hjem». Ansvarlig: ASU, Fagråd 2, 3-5. Når: 2018 2019 2020.',
      frist: '2020-12-31',
      gjelderFra: '2018-02-13',
    },
  });
  sak(s, 'oppfoelging-laeringsportal', ASU_SEKRETAER, {
    type: 'SendTilOppfoelging',
    data: {
      oppfoelgingId: 'demo-handlingsplan-tiltak-7-6',
      tilOrganId: O.personalnettverket,
      beskrivelse: 'Tabell 8, tiltak 6: «Utvikle felles læringsportal som ansatte i helseforetak og kommune har tilgang til». Ansvarlig: Personalnettverket. Når: 2019.',
      frist: '2019-12-31',
      gjelderFra: '2018-02-13',
    },
  });
}

// ===== PSU meeting 15 February 2019 (seed 004) =====
historie = 'psu-2019-02-15';
const PSU_MOETE = '2019-02-15';
const MOETESTED_2019 = 'Sykehuset Levanger, Store møterom Arken';
{
  const beslutningssak = (s: string, tittel: string, beskrivelse: string, forslag: string) => {
    sak(s, 'registrer', PSU_SEKRETAER, { type: 'RegistrerSak', data: { sakId: demoSakId(s), tittel, beskrivelse, innmeldtAv: O.psu, sakstype: 'beslutningssak', gjelderFra: PSU_MOETE } });
    // PSU's own sak, prepared by PSU's secretary for PSU's agenda (no detour through ASU).
    sak(s, 'tildel', AU_MEDLEM, { type: 'TildelNivaa', data: { organId: O.psu, begrunnelse: 'PSUs egen sak; forberedes av PSUs sekretær til møtet 15. februar 2019.', gjelderFra: PSU_MOETE } });
    sak(s, 'innstilling', PSU_SEKRETAER, { type: 'AvgiInnstilling', data: { forslagTilVedtak: forslag, gjelderFra: PSU_MOETE } });
    const punkt = saksliste(s, PSU_SEKRETAER, [O.psu], PSU_MOETE, MOETESTED_2019);
    sak(s, 'vedtak', PSU_SEKRETAER, { type: 'FattVedtak', data: { sakslistepunktId: punkt, vedtaksutfall: 'vedtatt', vedtakstekst: forslag } });
  };

  beslutningssak(
    'psu-1-19',
    'Sak 1/19 Årsmelding 2018',
    '«Årsmeldingen ligger ved som vedlegg.»',
    '«Politisk samarbeidsutvalg (PSU) i nordlige Trøndelag godkjenner årsmeldingen for arbeidet i utvalget, for 2018.»',
  );
  beslutningssak(
    'psu-2-19',
    'Sak 2/19 Trøndelag fylkeskommune – helsepolitikk i Trøndelag',
    '«Saken blir lagt fram i møtet. Trøndelag fylkeskommune v/fylkesordfører Tore O. Sandvik holder et innlegg for PSU.»',
    '«Politisk samarbeidsutvalg tar fylkesordførerens innlegg om fylkeskommunens rolle ift helsepolitikk i Trøndelag, til orientering. Trøndelag fylkeskommune tiltrer PSU som observatør, med møte- og talerett, fra dags dato.»',
  );
  // The decision in sak 2/19 changes the organisation: the county joins PSU as an observer «fra dags dato».
  steg.push({
    art: 'organ',
    noekkel: `organ:${O.psu}:medlem:tore-sandvik:observatoer`,
    historie,
    aktoer: PSU_SEKRETAER,
    command: {
      type: 'OppnevnMedlem',
      data: {
        organId: O.psu,
        periodeId: 'demo-tore-sandvik-observatoer-2019-02-15',
        personId: 'tore-sandvik',
        navn: 'Tore O. Sandvik (fylkesordfører)',
        rolle: 'observatoer',
        representerer: 'Trøndelag fylkeskommune',
        fra: PSU_MOETE,
        oppnevntAv: { organId: O.psu, vedtak: 'PSU-sak 2/19', dato: PSU_MOETE },
        gjelderFra: PSU_MOETE,
      },
    },
  });

  sak('psu-3-19', 'registrer', ASU_LEDER_2019, {
    type: 'RegistrerSak',
    data: {
      sakId: demoSakId('psu-3-19'),
      tittel: 'Sak 3/19 Hvordan er dagens samarbeidsstruktur mellom kommunene og helseforetaket. Er vi rigget for framtidens helseutfordringer?',
      beskrivelse:
        '«Saken blir lagt fram uten forslag til vedtak.» «Leder av ASU – administrativt samarbeidsutvalg, Peter Ardon, legger fram saken i møte.» «Som et grunnlag for en overordnet diskusjon kan man stille seg spørsmål ved hvor vidt PSU i sterkere grad kan innta en rolle som «bestiller» av saker som bør utredes/følges opp av ASU, samtidig som at man også kan hevde at ASU i sterkere grad kan sette relevante saker på dagsorden i PSU.»',
      innmeldtAv: O.asu,
      sakstype: 'droeftingssak',
      gjelderFra: PSU_MOETE,
    },
  });
  saksliste('psu-3-19', PSU_SEKRETAER, [O.psu], PSU_MOETE, MOETESTED_2019);

  sak('psu-4-19', 'registrer', PSU_SEKRETAER, {
    type: 'RegistrerSak',
    data: { sakId: demoSakId('psu-4-19'), tittel: 'Sak 4/19 Ev.', beskrivelse: 'Eventuelt.', innmeldtAv: O.psu, sakstype: 'droeftingssak', gjelderFra: PSU_MOETE },
  });
  saksliste('psu-4-19', PSU_SEKRETAER, [O.psu], PSU_MOETE, MOETESTED_2019);

  // Orienteringssaker. The notice numbers them in their own series (1/19–4/19); the agenda numbering
  // here has one series per body and year, so they get the next numbers and keep the paper's in the title.
  const orientering = (s: string, innmeldtAv: string, registrertAv: Aktoer, tittel: string, beskrivelse: string, forslag: string) => {
    sak(s, 'registrer', registrertAv, { type: 'RegistrerSak', data: { sakId: demoSakId(s), tittel, beskrivelse, innmeldtAv, sakstype: 'orienteringssak', gjelderFra: PSU_MOETE } });
    const punkt = saksliste(s, PSU_SEKRETAER, [O.psu], PSU_MOETE, MOETESTED_2019);
    sak(s, 'vedtak', PSU_SEKRETAER, { type: 'FattVedtak', data: { sakslistepunktId: punkt, vedtaksutfall: 'tatt_til_orientering', vedtakstekst: forslag } });
    return punkt;
  };
  orientering(
    'psu-o1-19',
    O.asu,
    ASU_SEKRETAER,
    'Orienteringssak 1/19 Regionalt arbeid med samhandlingsavtaler',
    '«Det er et regionalt samarbeid mellom sekretariatene for ASU (KS og helseforetakene) for å se på mulighetene for å tilpasse samarbeidsavtalene regionalt. … Planen er å ha ferdig utkast til forhandlingsutvalgene i løpet av mars / april 2019.»',
    '«Politisk samarbeidsutvalg i nordlige Trøndelag, tar saken til orientering.»',
  );
  orientering(
    'psu-o2-19',
    O.asu,
    ASU_SEKRETAER,
    'Orienteringssak 2/19 Samhandlingskonferanse 2020',
    '«I det regionale samarbeidet mellom sekretariatene til ASU, foreslås det en 2 dagers konferanse 11.-12.mars 2020.»',
    '«Politisk samarbeidsutvalg i nordlige Trøndelag, tar saken til orientering.»',
  );
  orientering(
    'psu-o3-19',
    O.psu,
    PSU_SEKRETAER,
    'Orienteringssak 3/19 Dialogmøte mellom Nord Universitet, kommunene og KS',
    '«Etter et ønske fra kommunene i nordlige Trøndelag, fikk KS i stand et dialogmøte med Nord Universitet der hovedtemaet var praksis og praksisplasser for sykepleierstudenter.»',
    '«Politisk samarbeidsutvalg i Nord-Trøndelag tar saken til orientering.»',
  );
  orientering(
    'psu-o4-19',
    O.psu,
    PSU_SEKRETAER,
    'Orienteringssak 4/19 Oppfølging etter felles møte mellom PSU og ASU 23/10-18. Rekruttere og beholde sykepleiere og leger i regionen.',
    '«En har dessverre ikke arbeidet noe særlig i lag med dette, etter verkstedet vi hadde i slutten av oktober i fjor. Men dette er område vi må bruke tid på.»',
    '«Politisk samarbeidsutvalg i nordlige Trøndelag tar saken til orientering.»',
  );
  sak('psu-o4-19', 'oppfoelging', PSU_SEKRETAER, {
    type: 'SendTilOppfoelging',
    data: {
      oppfoelgingId: 'demo-psu-o4-19-personalnettverket',
      tilOrganId: O.personalnettverket,
      beskrivelse: '«Samhandlingssjefen i Helse Nord-Trøndelag og KS v/daglig leder har et ansvar for å klargjøre et oppdrag til personalnettverket.»',
      // ANTAKELSE: the notice gives no deadline.
      frist: '2019-12-31',
      gjelderFra: PSU_MOETE,
    },
  });
}

// ===== Innspill til Nasjonal helse- og sykehusplan 2024–27 (seed 001) =====
historie = 'innspill-nhsp-2024-27';
{
  const s = 'innspill-nhsp-2024-27';
  const MOETE = '2022-03-30';
  sak(s, 'registrer', SEKRETARIATET, {
    type: 'RegistrerSak',
    data: {
      sakId: demoSakId(s),
      tittel: 'Innspill til Nasjonal helse- og sykehusplan 2024–27 fra helsefellesskapet i nordre Trøndelag',
      beskrivelse:
        '«Helsefellesskapet i nordre Trøndelag takker for muligheten til å komme med innspill til neste Nasjonale helse- og sykehusplan (2024-27) (NHSP) fra Helse- og Omsorgsdepartementet (HOD).»',
      innmeldtAv: O.sekretariat,
      innmeldtFra: P.hod,
      sakstype: 'beslutningssak',
      gjelderFra: MOETE,
    },
  });
  sak(s, 'tildel', SEKRETARIATET, {
    type: 'TildelNivaa',
    data: { organId: O.asu, begrunnelse: '«… vurdere sakenes art og innhold slik at disse blir tildelt til riktig nivå.»', gjelderFra: MOETE },
  });
  sak(s, 'innstilling', ASU_LEDER_2022, {
    type: 'AvgiInnstilling',
    data: { forslagTilVedtak: 'Innspillet til Nasjonal helse- og sykehusplan 2024–27 vedtas og sendes Helse- og omsorgsdepartementet.', gjelderFra: MOETE },
  });
  const punkt = saksliste(s, SEKRETARIATET, [O.psu, O.asu], MOETE);
  sak(s, 'vedtak', ASU_LEDER_2022, {
    type: 'FattVedtak',
    data: { sakslistepunktId: punkt, vedtaksutfall: 'vedtatt', vedtakstekst: '«Dette innspillet er vedtatt av felles både Politisk- og Administrativt Samarbeidsutvalg den 30. mars 2022.»' },
  });
  // «Steinkjer, 31. mars 2022. Til Helse- og Omsorgsdepartementet v/ Statsråd Ingvild Kjerkol … Med hilsen Hege
  // Nordheim-Viken, Leder i Politisk Samarbeidsutvalg, Bjørn Ståle Aalberg, Leder i Administrativt Samarbeidsutvalg»
  sak(s, 'brev', SEKRETARIATET, {
    type: 'SendBrev',
    data: {
      brevId: 'demo-brev-innspill-nhsp',
      mottaker: P.hod,
      tittel: 'Innspill til Nasjonal helse- og sykehusplan 2024–27 fra helsefellesskapet i nordre Trøndelag',
      dokumentId: demoDokumentId('innspill-nhsp-2024-27:brev'),
      signatarer: [
        { personId: 'hege-nordheim-viken', organId: O.psu, rolle: 'leder' },
        { personId: 'bjorn-staale-aalberg', organId: O.asu, rolle: 'leder' },
      ],
      merknad: '«Til Helse- og Omsorgsdepartementet v/ Statsråd Ingvild Kjerkol». «Dokumentet er elektronisk godkjent og har derfor ingen signaturer»',
      gjelderFra: '2022-03-31',
    },
  });
  sak(s, 'avslutt', SEKRETARIATET, { type: 'AvsluttSak', data: { avskrivningsmaate: 'Sendt', begrunnelse: 'Innspillet er sendt departementet.', gjelderFra: '2022-03-31' } });
}

/** Every step of the demo, in order: the organisation first, then the cases. */
export const DEMO_STEG: readonly DemoSteg[] = steg;

/** The demo saker, by key (for reading them back). */
export const DEMO_SAKER = {
  handlingsplan: demoSakId('handlingsplan-2018-2021'),
  psu1_19: demoSakId('psu-1-19'),
  psu2_19: demoSakId('psu-2-19'),
  psu3_19: demoSakId('psu-3-19'),
  psu4_19: demoSakId('psu-4-19'),
  psuO1_19: demoSakId('psu-o1-19'),
  psuO2_19: demoSakId('psu-o2-19'),
  psuO3_19: demoSakId('psu-o3-19'),
  psuO4_19: demoSakId('psu-o4-19'),
  innspillNhsp: demoSakId('innspill-nhsp-2024-27'),
} as const;
