/**
 * The demo's meetings (issue #15 item 9): the PSU meeting of 15 February 2019 exactly as the notice in
 * seed 004 gives it — Sykehuset Levanger, Store møterom Arken, 09.00–11.30 («0900-11.30 inkl. lunsj»),
 * saker 1/19–3/19 and orienteringssaker 1/19–4/19 in their own series, sak 3/19 a drøftingssak without
 * a proposal presented by ASU's leader Peter Ardon, and «Eventuelt» as a free item (the notice's
 * «Sak 4/19 Ev.»: our numbering does not number «Eventuelt»). The items are the demo's saker
 * (demo-data.ts); the known numbers are given, so they are the notice's whatever else is numbered.
 *
 * The notice is an innkalling, not minutes: the meeting is planned, its saksliste set up and the
 * innkalling sent, then marked held. Its decisions are the ones demo-data.ts records on the saker
 * (the proposals of the notice), with Trøndelag fylkeskommune joining as observer by sak 2/19 — so no
 * decision is recorded twice. ANTAKELSE: the notice is undated; planned 15 January, sent 1 February.
 *
 * Also the joint PSU/ASU meetings of 23 November 2017 (seed 002, PSU sak 3/17 = ASU sak 16/2017) and
 * 30 March 2022 (seed 001), each with its one known item, the same way (planned, innkalling sent, held).
 *
 * Every step has a stable key; its command id is `demo:<key>`, so loading twice records nothing new.
 */
import type { Aktoer, MoeteStegType, Moetesaksnummer } from '@saksgang/domain';
import { deterministicEventId } from '../command-path/deterministic-id.js';
import { DEMO_ORGAN, demoSakId } from './demo-data.js';

export interface DemoMoetesteg {
  readonly art: 'moete';
  readonly noekkel: string;
  readonly historie: string;
  readonly moeteId: string;
  readonly aktoer: Aktoer;
  readonly steg: MoeteStegType;
  readonly data: Readonly<Record<string, unknown>>;
}

/** The stable UUID of a demo meeting. */
export function demoMoeteId(noekkel: string): string {
  return deterministicEventId(`demo:moete:${noekkel}`, 0);
}

const PSU_SEKRETAER: Aktoer = { personId: 'ks-sekretaer', organId: DEMO_ORGAN.psu, rolle: 'sekretaer' };
const PSU_2019 = '2019-02-15';

export const DEMO_MOETER = {
  felles2017_11_23: demoMoeteId('psu-asu-2017-11-23'),
  psu2019_02_15: demoMoeteId('psu-2019-02-15'),
  felles2022_03_30: demoMoeteId('psu-asu-2022-03-30'),
} as const;

/** The papers give neither place nor time of the joint meetings (ANTAKELSE: a day meeting, «ett dagsmøte sammen med ASU», seed 004). */
const STED_IKKE_OPPGITT = 'Møtested ikke oppgitt i sakspapirene';

const steg: DemoMoetesteg[] = [];

function moete(noekkel: string, moeteId: string, historie: string, aktoer: Aktoer, stegtype: MoeteStegType, data: Record<string, unknown>): void {
  steg.push({ art: 'moete', noekkel: `moete:${noekkel}`, historie, moeteId, aktoer, steg: stegtype, data });
}

{
  const m = DEMO_MOETER.psu2019_02_15;
  const h = 'psu-2019-02-15';
  /** The notice's number of an item in its series (saker and orienteringssaker are numbered apart). */
  const nr = (n: number): { kjenteNumre: Moetesaksnummer[] } => ({ kjenteNumre: [{ organId: DEMO_ORGAN.psu, moetesaksaar: 2019, moetesakssekvensnummer: n }] });
  moete(`${h}:planlegg`, m, h, PSU_SEKRETAER, 'PlanleggMoete', {
    moeteId: m,
    organIder: [DEMO_ORGAN.psu],
    moetedato: PSU_2019,
    starttid: '09:00',
    sluttid: '11:30',
    moetested: 'Sykehuset Levanger, Store møterom Arken',
    egenOrienteringsserie: [DEMO_ORGAN.psu],
    gjelderFra: '2019-01-15',
  });
  const punkt = (noekkel: string, data: Record<string, unknown>) =>
    moete(`${h}:saksliste:${noekkel}`, m, h, PSU_SEKRETAER, 'LeggTilSakslistepunkt', { punktId: `demo-${h}-${noekkel}`, gjelderFra: '2019-01-25', ...data });
  punkt('sak-1', {
    sakId: demoSakId('psu-1-19'),
    tittel: 'Årsmelding 2018',
    forslagTilVedtak: 'Politisk samarbeidsutvalg (PSU) i nordlige Trøndelag godkjenner årsmeldingen for arbeidet i utvalget, for 2018.',
    saksframlegg: 'Årsmeldingen ligger ved som vedlegg.',
    ...nr(1),
  });
  punkt('sak-2', {
    sakId: demoSakId('psu-2-19'),
    tittel: 'Trøndelag fylkeskommune – helsepolitikk i Trøndelag',
    forslagTilVedtak:
      'Politisk samarbeidsutvalg tar fylkesordførerens innlegg om fylkeskommunens rolle ift helsepolitikk i Trøndelag, til orientering. Trøndelag fylkeskommune tiltrer PSU som observatør, med møte- og talerett, fra dags dato.',
    saksframlegg: 'Saken blir lagt fram i møtet. Trøndelag fylkeskommune v/fylkesordfører Tore O. Sandvik holder et innlegg for PSU.',
    ...nr(2),
  });
  punkt('sak-3', {
    sakId: demoSakId('psu-3-19'),
    tittel: 'Hvordan er dagens samarbeidsstruktur mellom kommunene og helseforetaket. Er vi rigget for framtidens helseutfordringer?',
    moetesakstype: 'droefting',
    leggesFramAv: 'Leder av ASU – administrativt samarbeidsutvalg, Peter Ardon,',
    saksframlegg:
      'Innledning:\nSamhandlingsreformen, innført fra 2012, formålet med reformen: «Målet med samhandlingsreformen er bedre folkehelse og bedre helse- og omsorgstjenester på en bærekraftig måte.»\n\n' +
      'Med utgangspunkt i ovenstående bes PSU å ta følgende opp til diskusjon:\n– Hvordan får vi vitalisert samhandlinga mellom helseforetaket og kommunene?\n– Hvordan får en vitalisert samhandlinga mellom kommunene, slik at den ene hånda vet hva den andre hånda gjør? Kanskje den samme utfordringa i helseforetaket?\n– PSU kunne ha vært et fora der en kunne ha bedrevet helsepolitikk innenfor samhandlingsområdet, er det ønskelig og hvordan skal en rigge seg for å oppnå dette?\n– Samhandlinga mellom fagråd og nettverk og ASU/PSU?',
    ...nr(3),
  });
  punkt('eventuelt', { tittel: 'Eventuelt', moetesakstype: 'eventuelt' });
  const orientering: readonly [string, string, string, string][] = [
    [
      'psu-o1-19',
      'Regionalt arbeid med samhandlingsavtaler',
      'Politisk samarbeidsutvalg i nordlige Trøndelag, tar saken til orientering.',
      'Det er et regionalt samarbeid mellom sekretariatene for ASU (KS og helseforetakene) for å se på mulighetene for å tilpasse samarbeidsavtalene regionalt. Planen er å ha ferdig utkast til forhandlingsutvalgene i løpet av mars / april 2019.',
    ],
    [
      'psu-o2-19',
      'Samhandlingskonferanse 2020',
      'Politisk samarbeidsutvalg i nordlige Trøndelag, tar saken til orientering.',
      'I det regionale samarbeidet mellom sekretariatene til ASU, foreslås det en 2 dagers konferanse 11.-12.mars 2020.',
    ],
    [
      'psu-o3-19',
      'Dialogmøte mellom Nord Universitet, kommunene og KS',
      'Politisk samarbeidsutvalg i Nord-Trøndelag tar saken til orientering.',
      'Etter et ønske fra kommunene i nordlige Trøndelag, fikk KS i stand et dialogmøte med Nord Universitet der hovedtemaet var praksis og praksisplasser for sykepleierstudenter.',
    ],
    [
      'psu-o4-19',
      'Oppfølging etter felles møte mellom PSU og ASU 23/10-18. Rekruttere og beholde sykepleiere og leger i regionen.',
      'Politisk samarbeidsutvalg i nordlige Trøndelag tar saken til orientering.',
      'En har dessverre ikke arbeidet noe særlig i lag med dette, etter verkstedet vi hadde i slutten av oktober i fjor. Men dette er område vi må bruke tid på.',
    ],
  ];
  orientering.forEach(([sak, tittel, forslagTilVedtak, saksframlegg], i) =>
    punkt(`orientering-${i + 1}`, { sakId: demoSakId(sak), tittel, moetesakstype: 'orientering', forslagTilVedtak, saksframlegg, ...nr(i + 1) }),
  );
  moete(`${h}:innkalling`, m, h, PSU_SEKRETAER, 'SendInnkalling', { gjelderFra: '2019-02-01' });
  moete(`${h}:gjennomfoert`, m, h, PSU_SEKRETAER, 'MarkerGjennomfoert', { gjelderFra: PSU_2019 });
}

// The joint PSU/ASU meeting of 23 November 2017 (seed 002): the draft action plan, PSU sak 3/17 and
// ASU sak 16/2017 — the real numbers, given as known numbers (the first slice could only give 1/17).
{
  const m = DEMO_MOETER.felles2017_11_23;
  const h = 'psu-asu-2017-11-23';
  moete(`${h}:planlegg`, m, h, PSU_SEKRETAER, 'PlanleggMoete', { moeteId: m, organIder: [DEMO_ORGAN.psu, DEMO_ORGAN.asu], moetedato: '2017-11-23', starttid: '09:00', sluttid: '15:00', moetested: STED_IKKE_OPPGITT, gjelderFra: '2017-10-23' });
  moete(`${h}:saksliste:handlingsplan`, m, h, PSU_SEKRETAER, 'LeggTilSakslistepunkt', {
    punktId: `demo-${h}-handlingsplan`,
    sakId: demoSakId('handlingsplan-2018-2021'),
    tittel: 'Handlingsplan for samhandling mellom kommunene i Nordre del av Trøndelag og Helse Nord-Trøndelag HF 2018–2021',
    forslagTilVedtak:
      'Utkast til handlingsplan legges fram for felles møte i PSU og ASU. «I oktober 2017 har man etterspurt innspill fra kommuner, HNT og andre samarbeidspartnere. Innspillene ble tatt inn i handlingsplan, og systematisert i ulike tema.»',
    saksframlegg: '«PSU vedtok i sak 3/17 forslag til arbeidsprosess og framdriftsplan for en handlingsplan og oversendte saken til ASU for videre oppfølging. ASU behandlet saken i sak 16/2017.»',
    kjenteNumre: [
      { organId: DEMO_ORGAN.psu, moetesaksaar: 2017, moetesakssekvensnummer: 3 },
      { organId: DEMO_ORGAN.asu, moetesaksaar: 2017, moetesakssekvensnummer: 16 },
    ],
    gjelderFra: '2017-11-01',
  });
  moete(`${h}:innkalling`, m, h, PSU_SEKRETAER, 'SendInnkalling', { gjelderFra: '2017-11-09' });
  moete(`${h}:gjennomfoert`, m, h, PSU_SEKRETAER, 'MarkerGjennomfoert', { gjelderFra: '2017-11-23' });
}

// The joint PSU/ASU meeting of 30 March 2022 (seed 001): the input «vedtatt av felles både Politisk- og
// Administrativt Samarbeidsutvalg den 30. mars 2022». The papers give no agenda numbers: the numbering gives them.
{
  const m = DEMO_MOETER.felles2022_03_30;
  const h = 'psu-asu-2022-03-30';
  moete(`${h}:planlegg`, m, h, PSU_SEKRETAER, 'PlanleggMoete', { moeteId: m, organIder: [DEMO_ORGAN.psu, DEMO_ORGAN.asu], moetedato: '2022-03-30', starttid: '09:00', sluttid: '15:00', moetested: STED_IKKE_OPPGITT, gjelderFra: '2022-03-01' });
  moete(`${h}:saksliste:innspill`, m, h, PSU_SEKRETAER, 'LeggTilSakslistepunkt', {
    punktId: `demo-${h}-innspill`,
    sakId: demoSakId('innspill-nhsp-2024-27'),
    tittel: 'Innspill til Nasjonal helse- og sykehusplan 2024–27 fra helsefellesskapet i nordre Trøndelag',
    forslagTilVedtak: 'Innspillet til Nasjonal helse- og sykehusplan 2024–27 vedtas og sendes Helse- og omsorgsdepartementet.',
    gjelderFra: '2022-03-10',
  });
  moete(`${h}:innkalling`, m, h, PSU_SEKRETAER, 'SendInnkalling', { gjelderFra: '2022-03-16' });
  moete(`${h}:gjennomfoert`, m, h, PSU_SEKRETAER, 'MarkerGjennomfoert', { gjelderFra: '2022-03-30' });
}

/** The demo's meeting steps, in order, after {@link DEMO_STEG} (the organisation and the saker they refer to). */
export const DEMO_MOETESTEG: readonly DemoMoetesteg[] = steg;
