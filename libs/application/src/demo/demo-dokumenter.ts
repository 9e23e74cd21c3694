/**
 * The demo's documents (#16 item 5), each uploaded through the document service as a user would,
 * before the step that names it:
 * - the årsmelding of PSU sak 1/19 (seed 004: «Årsmeldingen ligger ved som vedlegg.»), a vedlegg to the
 *   sak, uploaded by PSU's secretary on the meeting date. The årsmelding itself is not among the source
 *   papers: the demo document is a short text that says so and quotes the notice;
 * - the hearing draft of the action plan (seed 002: «Utkastet ble behandlet i felles møte for PSU og
 *   ASU 23.11.2017, og sendt ut på høring»), the hoveddokument of the handlingsplan sak, uploaded by
 *   ASU's secretary the day it was sent and named by the hearing (SendPaaHoering dokumentId): verbatim
 *   excerpts from the adopted plan, saying so first (the draft itself is not among the papers; the
 *   adopted plan's sentence about the hearing and the February 2018 decision is left out, as the
 *   November 2017 draft could not have said it);
 * - the letter to the ministry (seed 001, 31 March 2022), a PDF of the letter's own words (its opening,
 *   the six questions it answers, two excerpts, its closing with both leaders' names; «[…]» marks
 *   what is left out), the hoveddokument of the sak,
 *   uploaded by the sekretariat and named by the letter (SendBrev dokumentId).
 * Nothing is invented: every sentence is the papers' own or says what the document stands in for.
 */
import type { Aktoer } from '@saksgang/domain';
import PDFDocument from 'pdfkit';
import { DEMO_ORGAN, demoDokumentId, demoSakId } from './demo-data.js';

export interface DemoDokument {
  readonly noekkel: string;
  readonly historie: string;
  readonly dokumentId: string;
  readonly aktoer: Aktoer;
  readonly data: Readonly<Record<string, unknown>>;
  readonly filnavn: string;
  /** The text of the document (for a PDF: its paragraphs, an empty line between them). */
  readonly innhold: string;
  /** Uploaded as a PDF made of `innhold` (title and date fixed, so the bytes are the same every time). */
  readonly pdf?: { readonly tittel: string; readonly laget: string };
  /** The demo step (its key) that names the document: it is uploaded just before that step. */
  readonly foer?: string;
}

const PSU_SEKRETAER: Aktoer = { personId: 'ks-sekretaer', organId: DEMO_ORGAN.psu, rolle: 'sekretaer' };
const ASU_SEKRETAER: Aktoer = { personId: 'olav-bremnes', organId: DEMO_ORGAN.asu, rolle: 'sekretaer' };
const SEKRETARIATET: Aktoer = { personId: 'samhandlingsleder-kommunene', organId: DEMO_ORGAN.sekretariat, rolle: 'sekretaer' };

export const DEMO_DOKUMENTER: readonly DemoDokument[] = [
  {
    noekkel: 'dokument:psu-1-19:aarsmelding',
    historie: 'psu-1-19',
    dokumentId: demoDokumentId('psu-1-19:aarsmelding'),
    aktoer: PSU_SEKRETAER,
    data: { tittel: 'Årsmelding 2018 for Politisk samarbeidsutvalg (PSU) i nordlige Trøndelag', tilknytningstype: 'sak', sakId: demoSakId('psu-1-19'), tilknytningsrolle: 'vedlegg', gjelderFra: '2019-02-15' },
    filnavn: 'Årsmelding 2018 PSU.txt',
    innhold: [
      'Årsmelding 2018 – Politisk samarbeidsutvalg (PSU) i nordlige Trøndelag',
      '',
      'Vedlegg til sak 1/19 i PSUs møte 15. februar 2019.',
      '',
      'Fra innkallingen: «Årsmeldingen ligger ved som vedlegg.»',
      'Forslag til vedtak: «Politisk samarbeidsutvalg (PSU) i nordlige Trøndelag godkjenner årsmeldingen for arbeidet i utvalget, for 2018.»',
      '',
      '(Demodokument: selve årsmeldingen er ikke blant kildedokumentene; denne teksten står i stedet for den.)',
      '',
    ].join('\n'),
  },
  {
    noekkel: 'dokument:handlingsplan-2018-2021:hoeringsutkast',
    historie: 'handlingsplan-2018-2021',
    dokumentId: demoDokumentId('handlingsplan-2018-2021:hoeringsutkast'),
    aktoer: ASU_SEKRETAER,
    data: {
      tittel: 'Høringsutkast: Handlingsplan for samhandling mellom kommunene i Nordre del av Trøndelag og Helse Nord-Trøndelag HF 2018–2021',
      tilknytningstype: 'sak',
      sakId: demoSakId('handlingsplan-2018-2021'),
      tilknytningsrolle: 'hoveddokument',
      gjelderFra: '2017-11-24',
    },
    filnavn: 'Høringsutkast handlingsplan for samhandling 2018-2021.txt',
    foer: 'sak:handlingsplan-2018-2021:hoering',
    innhold: [
      '(Demodokument: selve høringsutkastet fra november 2017 er ikke blant kildedokumentene. Teksten under står i stedet for det: utdrag, ordrett, fra den vedtatte handlingsplanen 2018–2021. Høringsfristen er demoens antakelse.)',
      '',
      'Helhetlige helsetjenester – felles ansvar',
      '',
      'Handlingsplan for samhandling mellom kommunene i Nordre del av Trøndelag og Helse Nord-Trøndelag HF 2018 - 2021',
      'Utkast til høring',
      '',
      '1 Innledning',
      'Arbeidet med handlingsplanen startet med strategisamling 24. mars 2017 for politisk- og administrativt samarbeidsutvalg (PSU/ASU), hvor det kom en rekke forslag til strategiske områder og tiltak som bør prioriteres i samhandlingen mellom kommunene og HNT. I oktober 2017 har man etterspurt innspill fra kommuner, HNT og andre samarbeidspartnere. Innspillene ble tatt inn i handlingsplan, og systematisert i ulike tema.',
      '',
      '2 Formål',
      'For å utvikle pasientens helsetjeneste i Nordre del av Trøndelag, er formålet med handlingsplanen å iverksette forpliktelsene i de inngåtte samhandlingsavtalene, støtte opp under helhetlige pasientforløp «fra hjem til hjem» og bidra til å realisere nasjonale mål.',
      '',
      '4 Gjennomføring og forankring av handlingsplanen',
      'PSU vedtok i sak 3/17 forslag til arbeidsprosess og framdriftsplan for en handlingsplan og oversendte saken til ASU for videre oppfølging. ASU behandlet saken i sak 16/2017.',
      '',
      '5 Handlingsplan og innsatsområder (tabell 1: hovedmål og innsatsområder)',
      'Vi videreutvikler pasientenes helsetjeneste: 1. Brukermedvirkning 2. Utvikling av helhetlige pasientforløp 3. Kommunal øhjelps døgntilbud (KØHD) 4. Helsefremmende og forebyggende strategier med fokus på læring og mestring',
      'Vi er gode lagspillere: 5. Videreutvikle samhandlingsarenaer mellom kommunene og Helse Nord-Trøndelag 6. Fastlegerollen og legesamarbeid',
      'Vi rekrutterer, utvikler og beholder høyt kompetent personell: 7. Samarbeid om rekruttering, utdanning og kompetanseheving',
      'Vi tar i bruk kunnskap og teknologi for en bedre helse: 8. Digital samhandling og bruk av ny teknologi 9. Forsknings- og fagutvikling',
      '',
      'Høringsfrist: 15. januar 2018.',
      '',
    ].join('\n'),
  },
  {
    noekkel: 'dokument:innspill-nhsp-2024-27:brev',
    historie: 'innspill-nhsp-2024-27',
    dokumentId: demoDokumentId('innspill-nhsp-2024-27:brev'),
    aktoer: SEKRETARIATET,
    data: {
      tittel: 'Brev til Helse- og omsorgsdepartementet: Innspill til Nasjonal helse- og sykehusplan 2024–27 fra helsefellesskapet i nordre Trøndelag',
      tilknytningstype: 'sak',
      sakId: demoSakId('innspill-nhsp-2024-27'),
      tilknytningsrolle: 'hoveddokument',
      gjelderFra: '2022-03-31',
    },
    filnavn: 'Innspill til Nasjonal helse- og sykehusplan 2024-27.pdf',
    foer: 'sak:innspill-nhsp-2024-27:brev',
    pdf: { tittel: 'Innspill til Nasjonal helse- og sykehusplan 2024–27 fra helsefellesskapet i nordre Trøndelag', laget: '2022-03-31T10:00:00Z' },
    innhold: [
      'Steinkjer, 31. mars 2022',
      'Til Helse- og Omsorgsdepartementet\nv/ Statsråd Ingvild Kjerkol',
      '# Innspill til Nasjonal helse- og sykehusplan 2024–27 fra helsefellesskapet i nordre Trøndelag',
      '## 1. Innledning',
      'Helsefellesskapet i nordre Trøndelag takker for muligheten til å komme med innspill til neste Nasjonale helse- og sykehusplan (2024-27) (NHSP) fra Helse- og Omsorgsdepartementet (HOD). […]',
      'Helsefellesskapet støtter derfor forslaget om at neste plan blir en nasjonal helse- og samhandlingsplan.',
      '## 2. Innspill',
      'I. Hvilke erfaringer har dere høstet så langt, bl.a. knyttet til samarbeid mellom kommunene, mellom kommunene og helseforetak, etablering av sekretariatsfunksjoner, gode og likeverdige beslutningsprosesser, samt etablering av felles prosjekter?',
      '[…] Arbeidsutvalget består av lederne for politisk- og administrativt samarbeidsutvalg (PSU og ASU) i tillegg til sekretariatet. Arbeidsutvalget er hensiktsmessig for å kunne ha en helhetlig tilnærming i saksgangen, samt vurdere sakenes art og innhold slik at disse blir tildelt til riktig nivå. […]',
      'II. Hva opplever helsefellesskapet som mest krevende for å nå målene om mer sammenhengende, bærekraftige tjenester for pasienter med sammensatte behov? Hva gjør dere konkret for å adressere disse utfordringene? […]',
      'III. Har dere gode eksempler på tjenester som er utviklet/er i ferd med å utvikles i fellesskap for de fire prioriterte pasientgruppene? Hvordan kan innsikt fra disse eksemplene overføres til andre helsefellesskap og/eller forsterkes gjennom neste nasjonale helse- og sykehusplan?',
      '[…] Arbeidsgruppen skal beskrive hvordan helsefellesskapet kan utvikle barn og unges helsetjeneste, samt utarbeide konkrete forslag til tiltak, for å skape en sammenhengende helsetjeneste for barn og unge. […]',
      'IV. Hvordan kan nasjonale myndigheter (departement, direktorater) støtte helsefellesskapene i arbeidet med å nå sine mål? Hvilke justeringer i nasjonale virkemidler (faglige råd, regulering, styringsinformasjon og finansieringsordninger) vil bidra til å realisere målene? Hvilken støtte fra Helsedirektoratet og andre etater har vært spesielt nyttig så langt? Hvilken støtte savner dere? […]',
      'V. Hvordan kan regionale aktører (KS, regionale helseforetak, Statsforvalteren) støtte helsefellesskapene i arbeidet med å nå sine mål? Hvilken støtte har vært spesielt nyttig så langt? Hvilken støtte savner dere? […]',
      'VI. Er det noe annet dere vil spille inn til Nasjonal helse- og sykehusplan 2024 – 2027? […]',
      '## 3. Avsluttende merknader',
      'Helsefellesskapet i nordre Trøndelag stiller seg positive til å bidra i prosessen videre med utarbeidelsen av NHSP 2024-27 dersom det er ønskelig.',
      'Dette innspillet er vedtatt av felles både Politisk- og Administrativt Samarbeidsutvalg den 30. mars 2022.',
      'Med hilsen',
      'Hege Nordheim-Viken, Leder i Politisk Samarbeidsutvalg\nBjørn Ståle Aalberg, Leder i Administrativt Samarbeidsutvalg',
      'Dokumentet er elektronisk godkjent og har derfor ingen signaturer',
      '(Demodokument: brevets åpning, spørsmålene det svarer på, to utdrag og avslutningen, ordrett; […] markerer det som er utelatt. Hele innspillet er i kildedokumentet.)',
    ].join('\n\n'),
  },
];

/**
 * The bytes a demo document is uploaded with: its text in UTF-8, or a PDF made of it (A4, pdfkit's
 * Helvetica; «# » and «## » start headings). The same bytes every time (fixed dates, fixed id), so a
 * second load is the same request.
 */
export function demoDokumentInnhold(d: DemoDokument): Promise<Buffer> {
  if (!d.pdf) return Promise.resolve(Buffer.from(d.innhold, 'utf8'));
  const laget = new Date(d.pdf.laget);
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 57, lang: 'nb-NO', info: { Title: d.pdf!.tittel, Author: 'Helsefellesskapet i nordre Trøndelag', CreationDate: laget, ModDate: laget } });
    const biter: Buffer[] = [];
    doc.on('data', (b: Buffer) => biter.push(b));
    doc.on('end', () => resolve(Buffer.concat(biter)));
    doc.on('error', reject);
    for (const avsnitt of d.innhold.split('\n\n')) {
      if (avsnitt.startsWith('## ')) doc.moveDown(0.5).font('Helvetica-Bold').fontSize(12).text(avsnitt.slice(3), { paragraphGap: 4 });
      else if (avsnitt.startsWith('# ')) doc.moveDown(0.5).font('Helvetica-Bold').fontSize(14).text(avsnitt.slice(2), { paragraphGap: 6 });
      else doc.font('Helvetica').fontSize(11).text(avsnitt, { paragraphGap: 8 });
    }
    doc.end();
  });
}
